// iameval: offline AWS IAM policy evaluation.
//
// Hints: the fix for the traps that the Secrets Manager and KMS guides warn
// about, attached to the finding that shows the trap (Finding::hint, shown
// as "fix:" in text and "hint" in JSON). The rules live here and nowhere
// else; lib/eval calls them where it builds explanations, with the facts
// each rule needs. Each returns "" when its trap is not the one at hand.

#ifndef IAMEVAL_LIB_EXPLAIN_HINTS_H_
#define IAMEVAL_LIB_EXPLAIN_HINTS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "iameval/decision.h"

namespace iameval {
namespace explain {

// (a) GetSecretValue across accounts on a secret encrypted with the AWS
// managed key aws/secretsmanager, whose key policy admits callers of its
// own account only and cannot be edited.
std::string ManagedKeyCrossAccountHint(absl::string_view caller_account,
                                       absl::string_view secret_arn,
                                       absl::string_view key_account);

// (b) An Allow whose Resource `patterns` name the secret `resource` without
// the "-" and six characters Secrets Manager appends to every secret's ARN:
// such a pattern never matches the secret.
std::string SecretSuffixHint(const std::vector<std::string>& patterns,
                             absl::string_view resource);

// (c) A failed condition with a fix that does not depend on the policy:
// secretsmanager:VersionStage when the request sends no stage.
std::string ConditionHint(const ConditionDetail& condition);

// (d) A KMS key policy without any statement that names the caller (its
// role or user ARN, its account, or "*"): an identity policy alone never
// grants a customer managed key. `principal` is the caller's role ARN for
// a session, else its ARN.
std::string KeyPolicyHint(absl::string_view key_arn,
                          absl::string_view principal,
                          absl::string_view account);

}  // namespace explain
}  // namespace iameval

#endif  // IAMEVAL_LIB_EXPLAIN_HINTS_H_
