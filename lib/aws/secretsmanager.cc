// iameval: offline AWS IAM policy evaluation.
//
// Source: the Secrets Manager User Guide, "Secret encryption and
// decryption" (the encryption context of a secret's data key, the
// kms:ViaService of its calls).

#include "aws/secretsmanager.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "aws/kms.h"
#include "base/source.h"

namespace iameval {
namespace aws {
namespace secretsmanager {

absl::Status CheckSecretArn(absl::string_view text, ArnView* out) {
  if (CheckArn(text, out).ok() && out->service == "secretsmanager" &&
      !out->region.empty() && IsAccountId(out->account) &&
      absl::StartsWith(out->resource, "secret:") &&
      out->resource.size() > 7) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "found ", Quote(text, 200), "; expected ", kSecretArnShape));
}

bool SecretNameHasSuffix(absl::string_view name) {
  constexpr size_t kSuffix = 6;
  if (name.size() < kSuffix + 2 || name[name.size() - kSuffix - 1] != '-') {
    return false;
  }
  for (char c : name.substr(name.size() - kSuffix)) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool StripSecretSuffix(absl::string_view secret_arn,
                       absl::string_view* without) {
  ArnView arn;
  if (!CheckSecretArn(secret_arn, &arn).ok()) return false;
  absl::string_view name = arn.resource;
  if (!absl::ConsumePrefix(&name, "secret:") || !SecretNameHasSuffix(name)) {
    return false;
  }
  *without = secret_arn.substr(0, secret_arn.size() - 7);
  return true;
}

ImpliedDecrypt ImpliedDecryptOf(absl::string_view secret_arn,
                                absl::string_view region,
                                absl::string_view version_id) {
  ImpliedDecrypt d;
  d.via_service = kms::ViaService("secretsmanager", region);
  d.encryption_context = {
      {"secretarn", std::string(secret_arn)},
      {"secretversionid", std::string(version_id.empty() ? kPlaceholderVersionId
                                                         : version_id)}};
  d.encryption_context_keys = {"SecretARN", "SecretVersionId"};
  return d;
}

}  // namespace secretsmanager
}  // namespace aws
}  // namespace iameval
