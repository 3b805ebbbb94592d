// iameval: offline AWS IAM policy evaluation.

#include "explain/hints.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "arn/arn.h"
#include "aws/secretsmanager.h"
#include "base/source.h"

namespace iameval {
namespace explain {

std::string ManagedKeyCrossAccountHint(absl::string_view caller_account,
                                       absl::string_view secret_arn,
                                       absl::string_view key_account) {
  if (caller_account.empty() || caller_account == key_account) return "";
  return absl::StrCat(
      secret_arn, " is encrypted with the AWS managed key aws/secretsmanager "
      "of account ", key_account, ", whose key policy admits callers of ",
      key_account, " only and cannot be changed: re-encrypt the secret with "
      "a customer managed key whose key policy grants kms:Decrypt to account ",
      caller_account, " (or its role), or assume a role in account ",
      key_account, " and read the secret as that role");
}

std::string SecretSuffixHint(const std::vector<std::string>& patterns,
                             absl::string_view resource) {
  absl::string_view without;
  if (!aws::secretsmanager::StripSecretSuffix(resource, &without)) return "";
  for (const std::string& p : patterns) {
    if (p == without) {
      return absl::StrCat(
          "the Resource ", Quote(p, 200), " names the secret without the "
          "\"-\" and 6 random characters Secrets Manager appends to every "
          "secret's ARN (", resource, "), so it never matches: write ",
          Quote(absl::StrCat(p, "-??????"), 200), " or the full ARN");
    }
  }
  return "";
}

std::string ConditionHint(const ConditionDetail& condition) {
  if (absl::EqualsIgnoreCase(condition.key,
                             aws::secretsmanager::kVersionStageKey) &&
      !condition.key_present) {
    return absl::StrCat(
        "the request names no version stage, and Secrets Manager sends ",
        condition.key, " only when the caller passes VersionStage (a "
        "GetSecretValue without it reads AWSCURRENT but sends no stage): "
        "pass --version-stage AWSCURRENT in the call (in a test, \"context\": "
        "{\"", condition.key, "\": \"AWSCURRENT\"}), or write the condition "
        "with ", condition.op, "IfExists if calls without a stage should pass");
  }
  return "";
}

std::string KeyPolicyHint(absl::string_view key_arn,
                          absl::string_view principal,
                          absl::string_view account) {
  if (account.empty()) return "";
  return absl::StrCat(
      "no statement of the key policy of ", key_arn, " names ", principal,
      " or its account ", account, ", and a customer managed key is usable "
      "only by the principals its key policy names (an IAM policy alone "
      "never grants it): add a statement to the key policy that allows the "
      "action to ", Quote(principal, 200), ", or to \"arn:aws:iam::", account,
      ":root\" to delegate to the account's IAM policies");
}

}  // namespace explain
}  // namespace iameval
