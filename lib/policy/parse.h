// iameval: offline AWS IAM policy evaluation.
//
// Entry points of the policy stage beyond include/iameval/policy.h: parsing a
// policy that is embedded in a larger JSON file (a world), linting a node,
// and the fatal/non-fatal split of lint findings that the CLI's exit status
// needs. Policy::Parse, Lint and GuessPolicyKind are implemented in parse.cc
// on top of lib/policy/validate.h.

#ifndef IAMEVAL_LIB_POLICY_PARSE_H_
#define IAMEVAL_LIB_POLICY_PARSE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/source.h"
#include "iameval/diagnostic.h"
#include "iameval/policy.h"
#include "json/reader.h"
#include "policy/validate.h"

namespace iameval {

// Builds Policy objects from validated data (Policy's fields are private;
// policy.h names this class as a friend).
class PolicyParser {
 public:
  // Moves `data` into a new Policy. `source` supplies the file name and the
  // line numbers of the statements.
  static Policy Build(policy::PolicyData data, PolicyKind kind,
                      std::string name, const Source& source);
  // Records the policy's non-fatal errors (Policy::errors()).
  static void SetErrors(Policy* policy, std::vector<Diagnostic> errors) {
    policy->errors_ = std::move(errors);
  }
};

// Parses the policy document `node`, which lives in `source` at JSON pointer
// `pointer` ("" for a whole file), as a policy of kind `kind`. Error
// locations and pointers refer to the enclosing file, e.g.
// "world.json:14:9: /roles/0/trust_policy/Statement/0/Effect: found ...".
// `name` is what explanations quote; empty: the basename of source.name().
// Fails with the first fatal finding (walk order: elements in document
// order, then what a statement or the document lacks).
absl::StatusOr<Policy> ParsePolicyNode(const json::Node& node,
                                       const Source& source, PolicyKind kind,
                                       absl::string_view pointer,
                                       std::string name);

// Checks `node` exactly as ParsePolicyNode does and returns the same first
// error, without building the Policy: for readers that only vouch for a
// document another stage parses again (the importers).
absl::Status CheckPolicyNode(const json::Node& node, const Source& source,
                             PolicyKind kind, absl::string_view pointer);

// Lints `node` the way Lint() lints a file: every finding, sorted by
// position. Pointers are prefixed with `pointer`.
std::vector<Diagnostic> LintPolicyNode(const json::Node& node,
                                       const Source& source, PolicyKind kind,
                                       absl::string_view pointer);

// True when `d` is an error that makes AWS reject the document (Parse fails
// on it; `iameval lint` exits 2). Warnings and the "accepted but certainly
// wrong" errors (docs/errors.md) are not fatal.
bool IsFatal(const Diagnostic& d);

// The last path component of `path` ("dir/a.json" -> "a.json").
std::string BaseName(absl::string_view path);

}  // namespace iameval

#endif  // IAMEVAL_LIB_POLICY_PARSE_H_
