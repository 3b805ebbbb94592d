// iameval: offline AWS IAM policy evaluation.
//
// The rules a World must satisfy, each in one place (docs/index.md, "The
// world file"). The loader (world/loader.h) applies them to a world file and
// locates each error at its JSON node; ValidateWorld (world/validate.h)
// applies the same functions to a World built in code, which Engine::Create
// checks before compiling, so a world that the loader would reject is
// rejected either way.
//
// Every rule returns what was expected when the value breaks it, and an
// empty string when the value is fine. The caller says what was found.

#ifndef IAMEVAL_LIB_WORLD_RULES_H_
#define IAMEVAL_LIB_WORLD_RULES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "aws/principals.h"
#include "iameval/policy.h"
#include "iameval/request.h"

namespace iameval {
namespace world_rules {

inline constexpr char kRoleArnShape[] =
    "an IAM role ARN arn:aws:iam::<account>:role/<path><name>";
inline constexpr char kUserArnShape[] =
    "an IAM user ARN arn:aws:iam::<account>:user/<path><name>";
inline constexpr char kGroupArnShape[] =
    "an IAM group ARN arn:aws:iam::<account>:group/<name>";
inline constexpr char kResourceArnShape[] =
    "an ARN arn:partition:service:region:account:resource";

// A role, user or group ARN (`kind`) whose name is a valid IAM name; `*out`
// gets views into `text`.
bool ValidEntityArn(absl::string_view text, aws::PrincipalArnKind kind,
                    aws::PrincipalArnView* out);

// IAM user, group and role names are unique within an account, whatever
// their path, and are not distinguished by case (IAM API Reference,
// CreateRole/CreateUser/CreateGroup). A session ARN names its role by name
// only (assumed-role/<name>/<session>), so two roles of one name would make
// the caller ambiguous.
class EntityNames {
 public:
  // Records the entity `arn` (a role, user or group ARN that ValidEntityArn
  // accepted). Returns the problem when an earlier entity of the same kind
  // and account has the same name ignoring case: found/expected text naming
  // the earlier ARN. Empty when the name is new.
  struct Problem {
    std::string found;
    std::string expected;
  };
  std::optional<Problem> Add(const aws::PrincipalArnView& arn,
                             absl::string_view text);

 private:
  absl::flat_hash_map<std::string, std::string> first_;  // key -> ARN
};

// The world's `now` (aws:CurrentTime, aws:EpochTime): a finite time from
// 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, so that it can be written as
// the ISO 8601 and epoch values the date operators read. (absl::ParseTime
// also accepts "infinite-future" and years beyond 9999; as aws:CurrentTime
// they would make every Date condition false, and a time-based Deny never
// apply.)
std::string NowProblem(absl::Time now);
inline constexpr char kNowExpected[] =
    "an RFC 3339 time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, "
    "such as \"2026-11-22T12:00:00Z\"";

// An account id key of "accounts": 12 digits.
std::string AccountIdProblem(absl::string_view id);

// An organization id: o- and 10 to 32 lowercase letters or digits.
std::string OrgIdProblem(absl::string_view org_id);

// An org path: <org_id>/r-.../ou-.../, so it needs an org id.
std::string OrgPathProblem(absl::string_view org_id, absl::string_view path);

// An SCP level: at least one policy (FullAWSAccess is listed explicitly).
// RCP levels may be empty: RCPFullAWSAccess is implied.
std::string ScpLevelProblem(size_t policies);

// A role_id (prefix AROA) or user_id (prefix AIDA): the prefix, then
// uppercase letters and digits, at most 128 characters.
std::string UniqueIdProblem(absl::string_view prefix, absl::string_view id);

// A role's max_session_duration: 3600 to 43200 seconds.
std::string MaxSessionDurationProblem(int64_t seconds);

// The first tag that breaks the tag rules: an empty key, or a key equal to
// an earlier one ignoring case. nullopt when the tags are fine.
struct TagProblem {
  size_t index;
  std::string found;
  std::string expected;
};
std::optional<TagProblem> TagsProblem(const Tags& tags);

// A KMS key alias: alias/<name>; alias/aws/ names are reserved for AWS
// managed keys.
std::string AliasProblem(absl::string_view alias, bool aws_managed);

// The id of a key the world defines: not aws-secretsmanager, which names the
// AWS managed key iameval creates for secrets without a kms_key.
std::string KeyIdProblem(absl::string_view key_resource);

// The name of a secret the world defines (the resource part of its ARN,
// "secret:<name>"): ends in the hyphen and 6 random characters that Secrets
// Manager appends, as every real secret ARN does (a world secret without
// them would hide a policy's IAM.SecretArnWithoutSuffix mistake).
std::string SecretNameProblem(absl::string_view secret_resource);

// The key of a secret (a key ARN): in the secret's region.
std::string SecretKeyRegionProblem(absl::string_view secret_region,
                                   absl::string_view key_region);

// The account of a listed resource: from its ARN, or given beside it when
// the ARN has none (S3); an AWS-owned ARN (account "aws") is not a resource
// of an account.
std::string ResourceArnAccountProblem(absl::string_view arn_account);
std::string ResourceAccountProblem(absl::string_view arn_account,
                                   absl::string_view account);

// The policy kind each slot of a world holds.
std::string PolicyKindProblem(const Policy& policy, PolicyKind want);

}  // namespace world_rules
}  // namespace iameval

#endif  // IAMEVAL_LIB_WORLD_RULES_H_
