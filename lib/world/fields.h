// iameval: offline AWS IAM policy evaluation.
//
// Small helpers for reading typed fields out of a json::Node with located
// errors. Shared by the world loader and the test-file parser, which both
// reject unknown keys (typo protection) and wrong types with the one error
// shape of base/source.h:
//
//   world.json:12:9: /roles/0/arn: found the number 3; expected a string
//
// Every helper takes the JSON pointer of the node it looks at, so messages
// always name the exact field.

#ifndef IAMEVAL_LIB_WORLD_FIELDS_H_
#define IAMEVAL_LIB_WORLD_FIELDS_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/source.h"
#include "iameval/request.h"
#include "json/reader.h"

namespace iameval {
namespace fields {

// Fails unless `node` is an object. `what` describes the expected value
// ("a role object").
absl::Status ExpectObject(const json::Node& node, const Source& source,
                          absl::string_view pointer, absl::string_view what);

// Fails on the first member of `node` (an object) whose key is not in
// `allowed`, naming the allowed keys.
absl::Status CheckKeys(const json::Node& node, const Source& source,
                       absl::string_view pointer,
                       std::initializer_list<absl::string_view> allowed);

// A string value; `what` is the expectation ("a role ARN").
absl::StatusOr<std::string> String(const json::Node& node,
                                   const Source& source,
                                   absl::string_view pointer,
                                   absl::string_view what = "a string");

// A JSON integer (no fraction, no exponent) within [min, max].
absl::StatusOr<int64_t> Integer(const json::Node& node, const Source& source,
                                absl::string_view pointer, int64_t min,
                                int64_t max, absl::string_view what);

absl::StatusOr<bool> Bool(const json::Node& node, const Source& source,
                          absl::string_view pointer);

// An array of strings.
absl::StatusOr<std::vector<std::string>> StringList(
    const json::Node& node, const Source& source, absl::string_view pointer,
    absl::string_view what = "a string");

// How ReadTags checks tag keys.
enum class TagKeys {
  // The rules of IAM, Secrets Manager and KMS (world_rules::TagsProblem):
  // non-empty, and unique regardless of case. The tags of a world.
  kUniqueIgnoringCase,
  // As given: STS refuses AssumeRole session tags whose keys collide in case
  // by denying the call (a decision, not bad input).
  kAsGiven,
};

// Tags in any of the shapes AWS prints them in (docs/format.md, "The world
// file"):
//   {"k": "v", ...}                           an object of string values
//   [{"Key": "k", "Value": "v"}, ...]         IAM, STS, Secrets Manager
//   [{"TagKey": "k", "TagValue": "v"}, ...]   KMS
// An array element has exactly the two members of one shape. Errors are
// located at the offending element or member ("/roles/0/tags/1/Value: found
// the number 3; expected a string tag value"); with kUniqueIgnoringCase a key
// that breaks the key rules is located at its key (the member name of the
// object form, the Key/TagKey member of an element). Exact duplicate object
// keys are already rejected by the JSON reader.
absl::StatusOr<Tags> ReadTags(const json::Node& node, const Source& source,
                              absl::string_view pointer,
                              TagKeys keys = TagKeys::kUniqueIgnoringCase);

// Text of a JSON scalar used as a context value: strings as they are,
// numbers as written, booleans as "true"/"false" (docs/index.md, "Reference: test file").
absl::StatusOr<std::string> ScalarText(const json::Node& node,
                                       const Source& source,
                                       absl::string_view pointer);
// The same, for hot readers: `pointer` is called only to report an error.
absl::StatusOr<std::string> ScalarText(
    const json::Node& node, const Source& source,
    absl::FunctionRef<std::string()> pointer);

}  // namespace fields
}  // namespace iameval

#endif  // IAMEVAL_LIB_WORLD_FIELDS_H_
