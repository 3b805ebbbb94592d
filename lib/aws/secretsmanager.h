// iameval: offline AWS IAM policy evaluation.
//
// AWS Secrets Manager facts (docs/semantics.md#implied-decrypt): secret
// ARNs, and the kms:Decrypt that Secrets Manager makes with the caller's
// identity (a forward access request) when GetSecretValue returns a value.

#ifndef IAMEVAL_LIB_AWS_SECRETSMANAGER_H_
#define IAMEVAL_LIB_AWS_SECRETSMANAGER_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "arn/arn.h"

namespace iameval {
namespace aws {
namespace secretsmanager {

inline constexpr absl::string_view kGetSecretValue =
    "secretsmanager:GetSecretValue";

// Checks a secret ARN arn:<partition>:secretsmanager:<region>:<account>:
// secret:<name> and fills `out` (views into `text`). InvalidArgument
// "found ...; expected <kSecretArnShape>" otherwise.
inline constexpr absl::string_view kSecretArnShape =
    "a secret ARN arn:aws:secretsmanager:<region>:<account>:secret:"
    "<name>-<6 characters>";
absl::Status CheckSecretArn(absl::string_view text, ArnView* out);

// True when `name`, the part of a secret ARN after "secret:", ends in the
// hyphen and six random characters that Secrets Manager appends to every
// secret name ("prod/db-AbCdEf"). A secret's ARN always has them, so a
// policy Resource naming a secret without them (and without a wildcard in
// their place) matches no secret.
bool SecretNameHasSuffix(absl::string_view name);

// When `secret_arn` is a secret ARN whose name ends in the suffix
// (SecretNameHasSuffix), sets `*without` to it
// without them and returns true.
bool StripSecretSuffix(absl::string_view secret_arn, absl::string_view* without);

// The condition key of the version stage a GetSecretValue request names;
// present only when the request names one.
inline constexpr absl::string_view kVersionStageKey =
    "secretsmanager:VersionStage";

// kms:EncryptionContext:SecretVersionId when the world gives no version id:
// a policy that pins a specific version id then fails, which is honest.
inline constexpr absl::string_view kPlaceholderVersionId =
    "00000000-0000-0000-0000-000000000000";

// The request context Secrets Manager gives the kms:Decrypt it makes for
// GetSecretValue on the secret `secret_arn` in `region`.
struct ImpliedDecrypt {
  std::string via_service;  // kms:ViaService
  // kms:EncryptionContext:<key>, by lowercased key.
  std::vector<std::pair<std::string, std::string>> encryption_context;
  std::vector<std::string> encryption_context_keys;  // as Secrets Manager
                                                     // spells them
};
ImpliedDecrypt ImpliedDecryptOf(absl::string_view secret_arn,
                                absl::string_view region,
                                absl::string_view version_id);

}  // namespace secretsmanager
}  // namespace aws
}  // namespace iameval

#endif  // IAMEVAL_LIB_AWS_SECRETSMANAGER_H_
