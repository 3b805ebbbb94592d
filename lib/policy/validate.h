// iameval: offline AWS IAM policy evaluation.
//
// The policy validator: one walk over a json::Node policy document that both
// decodes it into the AST of include/iameval/policy.h and checks it against
// the grammar of its kind (docs/semantics.md#grammar).
// Policy::Parse and Lint share it, so the two can never disagree on what is
// valid: Parse fails on the first *fatal* finding (something AWS rejects),
// Lint reports every finding.
//
// Three classes of finding (docs/errors.md lists every code):
//   fatal error      AWS rejects the document (MalformedPolicyDocument).
//   non-fatal error  AWS stores the policy but part of it is certainly wrong
//                    (an unparsable condition value that can never match, a
//                    plain operator on a multivalued key, ...). Parse accepts
//                    it; evaluation follows docs/semantics.md.
//   warning          Valid and evaluable, but very likely not what was meant.

#ifndef IAMEVAL_LIB_POLICY_VALIDATE_H_
#define IAMEVAL_LIB_POLICY_VALIDATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "iameval/diagnostic.h"
#include "iameval/policy.h"
#include "json/reader.h"

namespace iameval {
namespace policy {

// One validator finding. The message is always "found <found>; expected
// <expected>", so lint output and Parse errors read the same way.
struct Finding {
  const char* code = "";  // stable, e.g. "IAM.UnknownConditionOperator"
  Severity severity = Severity::kError;
  bool fatal = false;   // AWS rejects the document; Parse fails on it
  uint32_t offset = 0;  // byte offset in the source text
  std::string pointer;  // full JSON pointer (prefix included)
  std::string found;
  std::string expected;

  // "found <found>; expected <expected>".
  std::string Message() const;
};

// The decoded document, as far as it could be decoded. Meaningful only when
// no fatal finding was reported.
struct PolicyData {
  PolicyVersion version = PolicyVersion::kNone;
  std::optional<std::string> id;
  std::vector<Statement> statements;
};

struct ValidateOptions {
  PolicyKind kind = PolicyKind::kIdentity;
  // JSON pointer of the document inside its file ("" for a policy file).
  std::string pointer_prefix;
  // true: run every check (Lint). false: only the checks that can produce a
  // fatal finding (Parse), which keeps the valid-document path lean.
  bool lint = false;
  // With lint false: also run the checks that find non-fatal errors
  // (Policy::errors()), but none that only warn, so parsing stays lean.
  bool nonfatal_errors = false;
};

// Validates `root` and decodes it into `*out` (may be null). Appends findings
// to `*findings` in discovery order; callers sort by offset when they need
// source order. Never fails.
void Validate(const json::Node& root, const ValidateOptions& options,
              PolicyData* out, std::vector<Finding>* findings);

// A finding code and what docs/errors.md says about it. `fatal_when_error`:
// an error-severity finding with this code makes AWS reject the document
// (some codes are errors for one policy kind and warnings for another).
struct CodeInfo {
  const char* code;
  bool fatal_when_error;
  const char* summary;
  // The severity the code is reported with (for most policy kinds): the
  // "Warnings" table of docs/errors.md, or an error (SARIF
  // defaultConfiguration).
  Severity severity = Severity::kError;
};

// Every code the validator can emit, for docs, SARIF rule tables and tests.
const std::vector<CodeInfo>& AllCodes();

// Looks up `code` in AllCodes(); nullptr when unknown.
const CodeInfo* FindCode(absl::string_view code);

// Type checks for condition values (docs/semantics-conditions.md, value types), exposed for tests.
bool IsNumericValue(absl::string_view v);  // [+-]?digits[.digits]
bool IsDateValue(absl::string_view v);     // W3C ISO 8601 profile or epoch
bool IsBoolValue(absl::string_view v);     // true/false, any case
bool IsIpValue(absl::string_view v);       // IPv4/IPv6 address or CIDR
bool IsBase64Value(absl::string_view v);   // padded standard base64

// Case-insensitive Levenshtein distance, capped: returns `cap + 1` as soon
// as the distance is known to exceed `cap`.
int BoundedEditDistance(absl::string_view a, absl::string_view b, int cap);

}  // namespace policy
}  // namespace iameval

#endif  // IAMEVAL_LIB_POLICY_VALIDATE_H_
