// iameval: offline AWS IAM policy evaluation.
//
// The world loader (docs/format.md#world-file), split from World::Load so
// that the test file parser can load an inline world (a "world" object inside a
// test file) and session policies with the same rules and the same error
// locations.
//
// POLICY references: wherever a file says POLICY it may write
//   - a policy document object (parsed in place; errors located in the file
//     that contains it),
//   - a string: the path of a policy file, relative to the directory of the
//     file that names it (errors inside it are located in THAT file),
//   - {"name": "...", "document": DOC-OR-PATH}.
// The name explanations quote is, in that order: the given "name", the path
// as written, or a name built from the owner and the slot, e.g.
// "role/ata-edge-task policy[1]" (see docs/index.md, "Policy names").
//
// In the policies of roles, users and groups and as a permissions boundary,
// a string starting with "arn:" is not a path but a reference to an entry
// of the world's "managed_policies" (named by its given "name", else by the
// ARN's part after "policy/").

#ifndef IAMEVAL_LIB_WORLD_LOADER_H_
#define IAMEVAL_LIB_WORLD_LOADER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/source.h"
#include "iameval/policy.h"
#include "iameval/world.h"
#include "json/reader.h"

namespace iameval {
namespace world_loader {

// The directory part of `path` ("" for a bare file name), and `path` resolved
// against `base_dir` (absolute paths are kept).
std::string DirName(const std::string& path);
std::string JoinPath(const std::string& base_dir, const std::string& path);

// Loads the POLICY at `node` (see above). `default_name` is used when the
// reference gives no name and is not a path.
absl::StatusOr<Policy> LoadPolicy(const json::Node& node, const Source& source,
                                  const std::string& base_dir,
                                  absl::string_view pointer, PolicyKind kind,
                                  const std::string& default_name);

// Parses the JSON string `node` as a URL-encoded policy document of `kind`,
// as the IAM API returns them (GetRole's AssumeRolePolicyDocument): decoded
// with UrlDecode (base/url.h), then parsed. Errors are located at `node` and
// say the text was URL-decoded; an error inside the decoded document adds
// its line:column and pointer in the decoded text ("w.json:4:7:
// /roles/0/trust_policy/AssumeRolePolicyDocument: in the URL-decoded policy
// document at 1:42: /Statement/0/Effect: found ...; expected ...").
absl::StatusOr<Policy> ParseUrlEncodedPolicy(const json::Node& node,
                                             const Source& source,
                                             absl::string_view pointer,
                                             PolicyKind kind,
                                             const std::string& name);

// Loads a role's trust policy: a POLICY, or the {"AssumeRolePolicyDocument":
// DOC} wrapper that `aws iam get-role` prints (only member of its object;
// DOC a policy document object or a URL-encoded document string, see
// ParseUrlEncodedPolicy). Errors inside DOC carry the wrapper's pointer.
absl::StatusOr<Policy> LoadTrustPolicy(const json::Node& node,
                                       const Source& source,
                                       const std::string& base_dir,
                                       absl::string_view pointer,
                                       const std::string& default_name);

// Builds a World from the JSON object `root` of `source`, located at
// `pointer` in it ("" for a world file, "/world" for an inline world).
// Policy paths resolve against `base_dir`.
absl::StatusOr<World> ParseWorldNode(const json::Node& root,
                                     const Source& source,
                                     const std::string& base_dir,
                                     absl::string_view pointer);

}  // namespace world_loader
}  // namespace iameval

#endif  // IAMEVAL_LIB_WORLD_LOADER_H_
