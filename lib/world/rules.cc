// iameval: offline AWS IAM policy evaluation.

#include "world/rules.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "arn/arn.h"
#include "aws/kms.h"
#include "aws/secretsmanager.h"
#include "base/source.h"

namespace iameval {
namespace world_rules {

bool ValidEntityArn(absl::string_view text, aws::PrincipalArnKind kind,
                    aws::PrincipalArnView* out) {
  return aws::ParsePrincipalArn(text, out).ok() && out->kind == kind &&
         aws::IsIamName(out->name);
}

std::optional<EntityNames::Problem> EntityNames::Add(
    const aws::PrincipalArnView& arn, absl::string_view text) {
  const char* noun = arn.kind == aws::PrincipalArnKind::kRole   ? "role"
                     : arn.kind == aws::PrincipalArnKind::kUser ? "user"
                                                                : "group";
  std::string key = absl::StrCat(noun, ":", arn.account, ":",
                                 absl::AsciiStrToLower(arn.name));
  auto [it, inserted] = first_.try_emplace(std::move(key), text);
  if (inserted) return std::nullopt;
  return Problem{
      absl::StrCat("a second ", noun, " named ", Quote(arn.name, 80),
                   " in account ", arn.account, " (the first is ",
                   Quote(it->second, 200), ")"),
      absl::StrCat("IAM ", noun,
                   " names unique per account, whatever the path and "
                   "ignoring case")};
}

std::string NowProblem(absl::Time now) {
  static const absl::Time kEnd =
      absl::FromCivil(absl::CivilSecond(10000, 1, 1, 0, 0, 0), absl::UTCTimeZone());
  return now >= absl::UnixEpoch() && now < kEnd ? "" : kNowExpected;
}

std::string AccountIdProblem(absl::string_view id) {
  return IsAccountId(id) ? "" : "a 12-digit account id";
}

std::string OrgIdProblem(absl::string_view org_id) {
  bool ok = absl::StartsWith(org_id, "o-") && org_id.size() >= 12 &&
            org_id.size() <= 34;
  for (char c : org_id.substr(ok ? 2 : org_id.size())) {
    ok = ok && (absl::ascii_islower(static_cast<unsigned char>(c)) ||
                absl::ascii_isdigit(static_cast<unsigned char>(c)));
  }
  return ok ? "" : "an organization id o-<10 to 32 lowercase letters or digits>";
}

std::string OrgPathProblem(absl::string_view org_id, absl::string_view path) {
  if (org_id.empty()) return "no org_paths without an org_id";
  if (absl::StartsWith(path, absl::StrCat(org_id, "/")) &&
      absl::EndsWith(path, "/")) {
    return "";
  }
  return absl::StrCat("a path ", org_id,
                      "/r-.../ou-.../ that starts with the org_id and ends "
                      "with /");
}

std::string ScpLevelProblem(size_t policies) {
  return policies > 0 ? ""
                      : "at least one SCP per level (FullAWSAccess must be "
                        "listed explicitly)";
}

std::string UniqueIdProblem(absl::string_view prefix, absl::string_view id) {
  bool ok = absl::StartsWith(id, prefix) && id.size() > prefix.size() &&
            id.size() <= 128;
  for (char c : id) {
    ok = ok && (absl::ascii_isupper(static_cast<unsigned char>(c)) ||
                absl::ascii_isdigit(static_cast<unsigned char>(c)));
  }
  return ok ? "" : absl::StrCat("a unique id ", prefix,
                                "<uppercase letters and digits>");
}

std::string MaxSessionDurationProblem(int64_t seconds) {
  return seconds >= 3600 && seconds <= 43200
             ? ""
             : "an integer number of seconds from 3600 to 43200";
}

std::optional<TagProblem> TagsProblem(const Tags& tags) {
  for (size_t i = 0; i < tags.size(); ++i) {
    const std::string& key = tags[i].first;
    if (key.empty()) {
      return TagProblem{i, "an empty tag key",
                        "a tag key of 1 to 128 characters"};
    }
    const std::string lower = absl::AsciiStrToLower(key);
    for (size_t j = 0; j < i; ++j) {
      if (absl::AsciiStrToLower(tags[j].first) == lower) {
        return TagProblem{
            i, absl::StrCat("tag key ", Quote(key), " after ",
                            Quote(tags[j].first)),
            "tag keys that are unique regardless of case"};
      }
    }
  }
  return std::nullopt;
}

std::string AliasProblem(absl::string_view alias, bool aws_managed) {
  const bool shape = absl::StartsWith(alias, "alias/") && alias.size() > 6;
  const bool reserved = absl::StartsWith(alias, aws::kms::kReservedAliasPrefix);
  if (shape && (aws_managed || !reserved)) return "";
  return "an alias name alias/<name> (alias/aws/ is reserved for AWS managed "
         "keys)";
}

std::string KeyIdProblem(absl::string_view key_resource) {
  if (key_resource != absl::StrCat("key/", aws::kms::kSecretsManagerKeyId)) {
    return "";
  }
  return "a key id other than aws-secretsmanager, which names the implicit "
         "AWS managed key";
}

std::string SecretNameProblem(absl::string_view secret_resource) {
  absl::string_view name = secret_resource;
  absl::ConsumePrefix(&name, "secret:");
  if (aws::secretsmanager::SecretNameHasSuffix(name)) return "";
  return absl::StrCat(
      "a secret ARN whose name ends in the 6 random characters Secrets "
      "Manager appends (such as \"secret:", name,
      "-AbCdEf\"; every secret's ARN has them)");
}

std::string SecretKeyRegionProblem(absl::string_view secret_region,
                                   absl::string_view key_region) {
  if (secret_region == key_region) return "";
  return absl::StrCat("a KMS key in the secret's region ", secret_region);
}

std::string ResourceArnAccountProblem(absl::string_view arn_account) {
  if (arn_account != aws::kAwsOwnedAccount) return "";
  return "the ARN of a resource in an account (not an AWS managed resource)";
}

std::string ResourceAccountProblem(absl::string_view arn_account,
                                   absl::string_view account) {
  if (!IsAccountId(account)) return "a 12-digit account id";
  if (!arn_account.empty() && arn_account != account) {
    return absl::StrCat("the ARN's account ", arn_account,
                        " (or no \"account\")");
  }
  return "";
}

std::string PolicyKindProblem(const Policy& policy, PolicyKind want) {
  if (policy.kind() == want) return "";
  return absl::StrCat("a policy of kind ", PolicyKindName(want));
}

}  // namespace world_rules
}  // namespace iameval
