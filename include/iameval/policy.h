// iameval: offline AWS IAM policy evaluation.
//
// Policy: one parsed and validated IAM policy document (identity, trust,
// resource, KMS key, SCP, RCP, permissions boundary or session policy).
//
//   absl::StatusOr<iameval::Policy> p = iameval::Policy::Parse(
//       json_text, iameval::PolicyKind::kIdentity, {.file = "reader.json"});
//   if (!p.ok()) { /* p.status().message(): "reader.json:3:5: /Statement/0: ..." */ }
//
// Parsing validates the document against the grammar of its kind
// (docs/semantics.md#grammar) and stops at the first error. `Lint` runs the
// same validator but collects every error and warning.
//
// A Policy is immutable after Parse and owns copies of everything it needs;
// it may be shared across threads.

#ifndef IAMEVAL_INCLUDE_IAMEVAL_POLICY_H_
#define IAMEVAL_INCLUDE_IAMEVAL_POLICY_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "iameval/diagnostic.h"

namespace iameval {

// The kinds of policy document. The names (PolicyKindName) are part of the
// CLI contract (`iameval lint --kind`): do not rename.
enum class PolicyKind {
  kIdentity,             // "identity": user/group/role inline or managed
  kTrust,                // "trust": a role's trust policy
  kResource,             // "resource": secret policy or generic resource policy
  kKey,                  // "key": KMS key policy
  kScp,                  // "scp": service control policy
  kRcp,                  // "rcp": resource control policy
  kPermissionsBoundary,  // "boundary"
  kSession,              // "session": AssumeRole session policy
};

// "identity", "trust", "resource", "key", "scp", "rcp", "boundary",
// "session"; ParsePolicyKind is the exact inverse (case-sensitive) and
// returns nullopt for any other name.
const char* PolicyKindName(PolicyKind kind);
std::optional<PolicyKind> ParsePolicyKind(absl::string_view name);

enum class PolicyVersion {
  kNone,        // no Version element: behaves as 2008-10-17
  k2008_10_17,  // policy variables are literal text
  k2012_10_17,  // policy variables are substituted
};

enum class Effect { kAllow, kDeny };

// The value of a Principal or NotPrincipal element. `"Principal": "*"` sets
// `wildcard`; the object form fills the per-kind lists (values as written;
// `{"AWS": "*"}` puts "*" in `aws`).
struct PrincipalBlock {
  bool wildcard = false;
  std::vector<std::string> aws;
  std::vector<std::string> service;
  std::vector<std::string> federated;
  std::vector<std::string> canonical_user;
};

// One `"operator": {"key": values}` pair of a Condition block.
struct ConditionClause {
  std::string op;                   // as written, e.g. "ForAnyValue:StringLike"
  std::string key;                  // as written, e.g. "aws:PrincipalTag/team"
  std::vector<std::string> values;  // JSON numbers and booleans as text
  bool values_is_array = false;     // the value was written as an array
  uint32_t offset = 0;              // byte offset of the key in the source
};

enum class PrincipalMode { kNone, kPrincipal, kNotPrincipal };

struct Statement {
  std::optional<std::string> sid;
  Effect effect = Effect::kAllow;
  bool not_action = false;  // true: `actions` came from NotAction
  std::vector<std::string> actions;
  bool has_resource = false;  // Resource or NotResource present
  bool not_resource = false;  // true: `resources` came from NotResource
  std::vector<std::string> resources;
  PrincipalMode principal_mode = PrincipalMode::kNone;
  PrincipalBlock principal;  // meaningful unless principal_mode == kNone
  std::vector<ConditionClause> conditions;  // in input order
  int index = 0;        // 0-based position in Statement
  int line = 0;         // 1-based source line of the statement object
  uint32_t offset = 0;  // byte offset of the statement object
};

// Where a policy came from; the name is what explanations quote.
struct ParseOptions {
  std::string file = "<policy>";  // file name for error locations
  std::string name;               // display name; empty: derived from `file`
  // JSON pointer of the document inside `file` when the policy is embedded in
  // a larger JSON file (a world); prefixed to every error pointer.
  std::string pointer_prefix;
};

// Copyable and movable: a Policy is a plain value.
class Policy {
 public:
  // Parses and validates `json` as a policy of kind `kind`. On failure returns
  // InvalidArgument "<file>:<line>:<col>: <pointer>: found ...; expected ..."
  // for the first problem. Copies `json`.
  static absl::StatusOr<Policy> Parse(absl::string_view json, PolicyKind kind,
                                      const ParseOptions& options = {});

  // The kind it was parsed as, its Version element, the name explanations
  // quote (ParseOptions::name, else the file's base name), the file it came
  // from, its Id element, and its statements in document order.
  PolicyKind kind() const { return kind_; }
  PolicyVersion version() const { return version_; }
  const std::string& name() const { return name_; }
  const std::string& file() const { return file_; }
  const std::optional<std::string>& id() const { return id_; }
  const std::vector<Statement>& statements() const { return statements_; }

  // The errors AWS accepts but that make part of the policy wrong: a
  // condition value that does not parse, a variable where none is
  // substituted (docs/errors.md, "Non-fatal errors"), located in the file
  // the policy came from. Parse fills them; they never change a decision
  // (the rules for such statements are in docs/semantics.md#unevaluable),
  // but `iameval test` and `check` report them, and `--strict` refuses them.
  const std::vector<Diagnostic>& errors() const { return errors_; }

  // True when `${...}` in this policy are policy variables (Version
  // 2012-10-17); otherwise they are literal text (docs/semantics.md#variables).
  bool variables_enabled() const {
    return version_ == PolicyVersion::k2012_10_17;
  }

  // The policy re-serialised as compact JSON (for debugging and golden tests).
  std::string DebugString() const;

  // Builds policies programmatically (tests, generated corpora). The result
  // is not validated; prefer Parse.
  Policy(PolicyKind kind, PolicyVersion version, std::string name,
         std::vector<Statement> statements)
      : kind_(kind),
        version_(version),
        name_(std::move(name)),
        statements_(std::move(statements)) {}
  // An identity policy with no statements: it allows nothing.
  Policy() = default;

 private:
  friend class PolicyParser;  // lib/policy/parse.cc fills the fields

  PolicyKind kind_ = PolicyKind::kIdentity;
  PolicyVersion version_ = PolicyVersion::kNone;
  std::string name_;
  std::string file_;
  std::optional<std::string> id_;
  std::vector<Statement> statements_;
  std::vector<Diagnostic> errors_;
};

// Validates `json` as a policy of kind `kind` and returns every finding
// (errors and warnings) in source order. Never fails: unreadable JSON is
// reported as a single error finding. Codes are listed in docs/errors.md.
std::vector<Diagnostic> Lint(absl::string_view json, PolicyKind kind,
                             const ParseOptions& options = {});

// Guesses the kind of an unlabelled policy document for `iameval lint`
// without --kind: a document with Principal in an sts:AssumeRole* statement
// and no Resource is a trust policy, one with Principal otherwise a resource
// policy, anything else an identity policy.
PolicyKind GuessPolicyKind(absl::string_view json);

}  // namespace iameval

#endif  // IAMEVAL_INCLUDE_IAMEVAL_POLICY_H_
