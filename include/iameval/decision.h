// iameval: offline AWS IAM policy evaluation.
//
// Decisions and their explanations. A deny is a decision, never an error.
// Explanations list facts in input order (policy order, then statement
// order), so rendered output is stable.

#ifndef IAMEVAL_INCLUDE_IAMEVAL_DECISION_H_
#define IAMEVAL_INCLUDE_IAMEVAL_DECISION_H_

#include <optional>
#include <string>
#include <vector>

namespace iameval {

// Do not renumber or rename: the strings are part of the report formats
// (docs/format.md).
enum class Decision {
  kAllow,         // "allow"
  kExplicitDeny,  // "explicit_deny"
  kImplicitDeny,  // "implicit_deny"
};

const char* DecisionName(Decision decision);

// A statement of a policy, as explanations quote it.
struct StatementRef {
  std::string policy;         // the policy's name (docs/format.md#policy-names)
  std::string file;           // file it was read from ("" if inline/unknown)
  int statement_index = 0;    // 0-based position in Statement
  std::optional<std::string> sid;
  int line = 0;               // 1-based source line, 0 if unknown
  bool allow = true;          // the statement's Effect
};

// One condition clause that did not hold, with the values compared.
struct ConditionDetail {
  std::string op;
  std::string key;
  std::vector<std::string> policy_values;
  std::vector<std::string> request_values;
  bool key_present = false;
  std::string reason;  // "key absent", "value differs", ...
  // Why the request's value differs from the caller's context, when it
  // does: on the kms:Decrypt that Secrets Manager makes, a key the context
  // set may be absent or derived anew. "" otherwise.
  std::string note;
};

// One fact of an explanation.
struct Finding {
  enum class Kind {
    kDeniedBy,        // an applicable Deny statement (explicit deny)
    kAllowedBy,       // an applicable Allow that a required layer counted
    kMissingAllow,    // a required layer had no applicable Allow
    kNearMiss,        // matched action, resource (and principal) but a
                      // condition failed: the closest thing to an Allow
    kNote,            // context worth knowing (derived keys, choices made)
    kInvalidRequest,  // the call fails before policy (STS validation)
  };
  Kind kind = Kind::kNote;
  std::string layer;  // e.g. "identity policies of arn:aws:iam::1:role/r"
  std::optional<StatementRef> statement;
  std::vector<ConditionDetail> conditions;  // kNearMiss / kDeniedBy
  std::string message;                      // one human sentence
  // The fix, when the finding shows a known trap (the AWS managed key
  // across accounts, a secret ARN without its suffix, a version-stage
  // condition with no stage sent, a key policy that names no one of the
  // caller's): one sentence, "" otherwise. Only with an explanation.
  std::string hint;
};

const char* FindingKindName(Finding::Kind kind);

// One authorisation call: a step, or a call implied by it (sts:TagSession,
// sts:SetSourceIdentity, the kms:Decrypt behind GetSecretValue).
struct CallResult {
  int step = 0;  // index of the step in its chain
  std::string principal;
  std::string action;
  std::string resource;
  Decision decision = Decision::kImplicitDeny;
  std::vector<Finding> explanation;
};

struct EvaluationResult {
  Decision decision = Decision::kImplicitDeny;
  // The call that decided a deny (index into `calls`), or -1 on allow.
  int deciding_call = -1;
  std::vector<CallResult> calls;  // in evaluation order
  // Facts about the request that make the decision untrustworthy as a
  // statement about AWS: the decision rests on the request context
  // overriding a key the engine derives (docs/semantics.md#overrides).
  std::vector<std::string> warnings;
};

}  // namespace iameval

#endif  // IAMEVAL_INCLUDE_IAMEVAL_DECISION_H_
