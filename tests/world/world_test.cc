// iameval: offline AWS IAM policy evaluation.

#include "iameval/world.h"

#include <fstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iameval/decision.h"
#include "iameval/request.h"
#include "world/loader.h"

namespace iameval {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

constexpr char kTrust[] =
    R"({"Version":"2012-10-17","Statement":{"Effect":"Allow",)"
    R"("Principal":{"AWS":"arn:aws:iam::111122223333:root"},)"
    R"("Action":"sts:AssumeRole"}})";
constexpr char kIdentity[] =
    R"({"Version":"2012-10-17","Statement":{"Effect":"Allow",)"
    R"("Action":"s3:GetObject","Resource":"*"}})";

absl::StatusOr<World> ParseWorld(const std::string& text,
                                 const std::string& base_dir = "") {
  return World::Parse(text, "w.json", base_dir);
}

// The error message of parsing `text`, which must fail.
std::string ErrorOf(const std::string& text, const std::string& base_dir = "") {
  absl::StatusOr<World> w = ParseWorld(text, base_dir);
  EXPECT_FALSE(w.ok()) << text;
  return w.ok() ? "" : std::string(w.status().message());
}

std::string TempDir() {
  const char* dir = std::getenv("TEST_TMPDIR");
  std::string base = dir != nullptr ? dir : "/tmp";
  std::string path = absl::StrCat(base, "/iameval_world_test_", getpid());
  std::string cmd = absl::StrCat("mkdir -p ", path, "/policies");
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  return path;
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

TEST(WorldTest, LoadsRolesUsersGroupsAndAccounts) {
  std::string text = absl::StrCat(R"({
  "now": "2026-11-22T12:00:00Z",
  "accounts": {"111122223333": {"org_id": "o-a1b2c3d4e5", "management": false,
    "org_paths": ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"]}},
  "roles": [{"arn": "arn:aws:iam::111122223333:role/edge/ata-edge-task",
             "trust_policy": )", kTrust, R"(,
             "policies": [)", kIdentity, ",", kIdentity, R"(],
             "tags": {"team": "data"}, "max_session_duration": 7200}],
  "groups": [{"arn": "arn:aws:iam::111122223333:group/admins",
              "policies": [)", kIdentity, R"(]}],
  "users": [{"arn": "arn:aws:iam::111122223333:user/alice",
             "groups": ["arn:aws:iam::111122223333:group/admins"]}]
})");
  absl::StatusOr<World> w = ParseWorld(text);
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(w->file, "w.json");
  ASSERT_TRUE(w->now.has_value());
  EXPECT_EQ(absl::ToUnixSeconds(*w->now), 1795348800);
  const Account& a = w->accounts.at("111122223333");
  EXPECT_EQ(a.org_id, "o-a1b2c3d4e5");
  EXPECT_FALSE(a.scps.has_value());
  ASSERT_EQ(w->roles.size(), 1u);
  const Role& r = w->roles[0];
  EXPECT_EQ(r.account, "111122223333");
  EXPECT_EQ(r.name, "ata-edge-task");
  EXPECT_EQ(r.max_session_duration, 7200);
  // No role_id in the file: the engine derives a placeholder
  // (EngineTest.PlaceholderUniqueIdsInAwsUserid).
  EXPECT_EQ(r.role_id, "");
  EXPECT_EQ(r.trust_policy.kind(), PolicyKind::kTrust);
  EXPECT_EQ(r.trust_policy.name(), "role/edge/ata-edge-task trust policy");
  ASSERT_EQ(r.policies.size(), 2u);
  EXPECT_EQ(r.policies[1].name(), "role/edge/ata-edge-task policy[1]");
  EXPECT_EQ(r.policies[1].kind(), PolicyKind::kIdentity);
  EXPECT_THAT(r.tags, ElementsAre(Pair("team", "data")));
  ASSERT_EQ(w->users.size(), 1u);
  EXPECT_EQ(w->users[0].user_id, "");
  EXPECT_EQ(w->groups[0].policies[0].name(), "group/admins policy[0]");
}

TEST(WorldTest, RejectsUnknownTopLevelKey) {
  EXPECT_EQ(ErrorOf("{\"rolse\": []}"),
            "w.json:1:2: /rolse: found unknown key \"rolse\"; expected one of "
            "now, accounts, managed_policies, roles, users, groups, secrets, "
            "keys, resources");
}

TEST(WorldTest, RejectsUnknownRoleKey) {
  EXPECT_EQ(
      ErrorOf("{\"roles\": [{\"arn\": \"arn:aws:iam::111122223333:role/r\",\n"
              "  \"trust_polcy\": {}}]}"),
      "w.json:2:3: /roles/0/trust_polcy: found unknown key \"trust_polcy\"; "
      "expected one of arn, trust_policy, policies, permissions_boundary, "
      "tags, max_session_duration, role_id");
}

TEST(WorldTest, RoleArnMustBeARole) {
  EXPECT_EQ(
      ErrorOf("{\"roles\": [{\"arn\": \"arn:aws:iam::111122223333:user/r\"}]}"),
      "w.json:1:20: /roles/0/arn: found the string "
      "\"arn:aws:iam::111122223333:user/r\"; expected an IAM role ARN "
      "arn:aws:iam::<account>:role/<path><name>");
  EXPECT_EQ(ErrorOf("{\"roles\": [{\"arn\": \"arn:aws:iam::1111:role/r\"}]}"),
            "w.json:1:20: /roles/0/arn: found the string "
            "\"arn:aws:iam::1111:role/r\"; expected an IAM role ARN "
            "arn:aws:iam::<account>:role/<path><name>");
  EXPECT_EQ(ErrorOf("{\"roles\": [{}]}"),
            "w.json:1:12: /roles/0: found an object without \"arn\"; expected "
            "an \"arn\": an IAM role ARN "
            "arn:aws:iam::<account>:role/<path><name>");
}

TEST(WorldTest, RejectsDuplicateRole) {
  EXPECT_EQ(ErrorOf("{\"roles\": [{\"arn\": \"arn:aws:iam::111122223333:role/r\"},"
                    "\n{\"arn\": \"arn:aws:iam::111122223333:role/r\"}]}"),
            "w.json:2:9: /roles/1/arn: found a second definition of "
            "\"arn:aws:iam::111122223333:role/r\"; expected each ARN defined "
            "once");
}

// IAM names are unique per account whatever the path and case; a session
// ARN (assumed-role/<name>/<session>) names its role by name only, so the
// second definition would make the caller ambiguous.
TEST(WorldTest, RejectsSecondEntityOfTheSameName) {
  EXPECT_EQ(
      ErrorOf("{\"roles\": [{\"arn\": \"arn:aws:iam::111122223333:role/a/app\"},"
              "\n{\"arn\": \"arn:aws:iam::111122223333:role/b/app\"}]}"),
      "w.json:2:9: /roles/1/arn: found a second role named \"app\" in account "
      "111122223333 (the first is \"arn:aws:iam::111122223333:role/a/app\"); "
      "expected IAM role names unique per account, whatever the path and "
      "ignoring case");
  EXPECT_THAT(
      ErrorOf("{\"roles\": [{\"arn\": \"arn:aws:iam::111122223333:role/App\"},"
              "{\"arn\": \"arn:aws:iam::111122223333:role/app\"}]}"),
      HasSubstr("/roles/1/arn: found a second role named \"app\""));
  EXPECT_THAT(
      ErrorOf("{\"users\": [{\"arn\": \"arn:aws:iam::111122223333:user/x/Bob\"},"
              "{\"arn\": \"arn:aws:iam::111122223333:user/bob\"}]}"),
      HasSubstr("/users/1/arn: found a second user named \"bob\" in account "
                "111122223333 (the first is "
                "\"arn:aws:iam::111122223333:user/x/Bob\"); expected IAM user "
                "names unique per account"));
  EXPECT_THAT(
      ErrorOf("{\"groups\": [{\"arn\": \"arn:aws:iam::111122223333:group/Ops\"},"
              "{\"arn\": \"arn:aws:iam::111122223333:group/ops\"}]}"),
      HasSubstr("/groups/1/arn: found a second group named \"ops\""));
  // Other accounts, and a user and a role of one name, are fine.
  absl::StatusOr<World> ok = ParseWorld(
      "{\"roles\": [{\"arn\": \"arn:aws:iam::111122223333:role/app\"},"
      "{\"arn\": \"arn:aws:iam::444455556666:role/app\"}],"
      "\"users\": [{\"arn\": \"arn:aws:iam::111122223333:user/app\"}]}");
  EXPECT_TRUE(ok.ok()) << ok.status();
}

TEST(WorldTest, MaxSessionDurationRange) {
  EXPECT_EQ(ErrorOf("{\"roles\": [{\"arn\": \"arn:aws:iam::111122223333:role/r\","
                    " \"max_session_duration\": 600}]}"),
            "w.json:1:80: /roles/0/max_session_duration: found the number "
            "600; expected an integer number of seconds from 3600 to 43200");
  EXPECT_THAT(ErrorOf("{\"roles\": [{\"arn\": \"arn:aws:iam::111122223333:role/r\","
                      " \"max_session_duration\": 3600.5}]}"),
              HasSubstr("found the number 3600.5; expected an integer"));
}

TEST(WorldTest, NowMustBeRfc3339) {
  EXPECT_EQ(ErrorOf("{\"now\": \"2026-11-22 12:00\"}"),
            "w.json:1:9: /now: found the string \"2026-11-22 12:00\"; "
            "expected an RFC 3339 time from 1970-01-01T00:00:00Z to "
            "9999-12-31T23:59:59Z, such as \"2026-11-22T12:00:00Z\"");
  // absl::ParseTime reads these; the date operators could not, so every
  // Date condition on aws:CurrentTime would be false and a time-based Deny
  // would never apply.
  for (const char* now :
       {"infinite-future", "infinite-past", "10000-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z"}) {
    EXPECT_THAT(ErrorOf(absl::StrCat("{\"now\": \"", now, "\"}")),
                HasSubstr("/now: found the string"))
        << now;
  }
  for (const char* now : {"1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                          "2026-11-22T12:00:00+02:00"}) {
    absl::StatusOr<World> w =
        ParseWorld(absl::StrCat("{\"now\": \"", now, "\"}"));
    EXPECT_TRUE(w.ok()) << now << ": " << w.status();
  }
}

TEST(WorldTest, TagKeysDifferingOnlyInCase) {
  EXPECT_EQ(ErrorOf("{\"roles\": [{\"arn\": \"arn:aws:iam::111122223333:role/r\","
                    "\n \"tags\": {\"Team\": \"a\", \"team\": \"b\"}}]}"),
            "w.json:2:24: /roles/0/tags/team: found tag key \"team\" after "
            "\"Team\"; expected tag keys that are unique regardless of case");
  EXPECT_EQ(ErrorOf("{\"roles\": [{\"arn\": \"arn:aws:iam::111122223333:role/r\","
                    "\n \"tags\": {\"team\": true}}]}"),
            "w.json:2:19: /roles/0/tags/team: found true; expected a string "
            "tag value");
}

// Tags as the AWS CLI prints them: IAM, STS and Secrets Manager
// [{"Key", "Value"}], KMS [{"TagKey", "TagValue"}], beside the object form,
// on every entity that has tags.
TEST(WorldTest, TagShapes) {
  const std::string kSecret =
      "arn:aws:secretsmanager:eu-west-1:444455556666:secret:a-AbCdEf";
  const std::string kKey = "arn:aws:kms:eu-west-1:444455556666:key/k1";
  absl::StatusOr<World> w = ParseWorld(absl::StrCat(R"({
    "roles": [{"arn": "arn:aws:iam::111122223333:role/r",
               "tags": [{"Key": "team", "Value": "data"}, {"Value": "", "Key": "x"}]}],
    "users": [{"arn": "arn:aws:iam::111122223333:user/u",
               "tags": [{"TagKey": "team", "TagValue": "ops"}]}],
    "keys": [{"arn": ")", kKey, R"(", "tags": [{"TagKey": "k", "TagValue": "v"}]}],
    "secrets": [{"arn": ")", kSecret, R"(", "tags": [{"Key": "s", "Value": "1"}]}],
    "resources": [{"arn": "arn:aws:sqs:eu-west-1:111122223333:q",
                   "tags": [{"Key": "q", "Value": "2"}, {"TagKey": "p", "TagValue": "3"}]}]})"));
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_THAT(w->roles[0].tags, ElementsAre(Pair("team", "data"), Pair("x", "")));
  EXPECT_THAT(w->users[0].tags, ElementsAre(Pair("team", "ops")));
  EXPECT_THAT(w->keys[0].tags, ElementsAre(Pair("k", "v")));
  EXPECT_THAT(w->secrets[0].tags, ElementsAre(Pair("s", "1")));
  EXPECT_THAT(w->resources[0].tags, ElementsAre(Pair("q", "2"), Pair("p", "3")));
  EXPECT_TRUE(ParseWorld(R"({"roles": [{"arn": "arn:aws:iam::111122223333:role/r",
                                        "tags": []}]})").ok());
}

TEST(WorldTest, TagShapeErrorsAreLocatedAtTheElement) {
  const struct {
    const char* tags;
    const char* message;
  } cases[] = {
      {R"([{"Key": "a", "Value": "b"}, {"Key": "c", "Value": 3}])",
       "w.json:1:115: /roles/0/tags/1/Value: found the number 3; expected a "
       "string tag value"},
      {R"([{"Key": 1, "Value": "b"}])",
       "w.json:1:73: /roles/0/tags/0/Key: found the number 1; expected a "
       "string tag key"},
      {R"([{"Key": "a", "Value": "b"}, {"key": "c"}])",
       "w.json:1:94: /roles/0/tags/1/key: found unknown key \"key\"; expected "
       "Key and Value, or TagKey and TagValue"},
      {R"([{"Key": "a", "TagKey": "a", "Value": "b"}])",
       "w.json:1:78: /roles/0/tags/0/TagKey: found \"TagKey\" beside \"Key\"; "
       "expected Key and Value (the IAM shape)"},
      {R"([{"TagKey": "a", "Value": "b"}])",
       "w.json:1:81: /roles/0/tags/0/Value: found \"Value\" beside \"TagKey\"; "
       "expected TagKey and TagValue (the KMS shape)"},
      {R"([{"Key": "a"}])",
       "w.json:1:65: /roles/0/tags/0: found a tag without \"Value\"; expected "
       "Key and Value, both strings"},
      {R"([{}])",
       "w.json:1:65: /roles/0/tags/0: found a tag without \"Key\"; expected "
       "Key and Value, both strings"},
      {R"(["team"])",
       "w.json:1:65: /roles/0/tags/0: found the string \"team\"; expected a "
       "tag {\"Key\": ..., \"Value\": ...} or {\"TagKey\": ..., \"TagValue\": ...}"},
      {R"("team=data")",
       "w.json:1:64: /roles/0/tags: found the string \"team=data\"; expected "
       "an object of tag key -> string value, or an array of {\"Key\": ..., "
       "\"Value\": ...} or of {\"TagKey\": ..., \"TagValue\": ...}"},
      // The key rules apply to every shape, located at the key.
      {R"([{"Key": "Team", "Value": "a"}, {"TagKey": "team", "TagValue": "b"}])",
       "w.json:1:107: /roles/0/tags/1/TagKey: found tag key \"team\" after "
       "\"Team\"; expected tag keys that are unique regardless of case"},
      {R"([{"Key": "", "Value": "a"}])",
       "w.json:1:73: /roles/0/tags/0/Key: found an empty tag key; expected a "
       "tag key of 1 to 128 characters"},
      {R"({"": "a"})",
       "w.json:1:65: /roles/0/tags/: found an empty tag key; expected a tag "
       "key of 1 to 128 characters"},
  };
  for (const auto& c : cases) {
    const std::string text = absl::StrCat(
        R"({"roles": [{"arn": "arn:aws:iam::111122223333:role/r", "tags": )",
        c.tags, "}]}");
    EXPECT_EQ(ErrorOf(text), c.message) << c.tags;
  }
}

// A trust policy as `aws iam get-role` prints it, inside its
// AssumeRolePolicyDocument member, and as the IAM API returns it: a
// URL-encoded string there.
TEST(WorldTest, TrustPolicyWrapper) {
  const std::string kEncoded =
      "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22"
      "Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22"
      "ecs-tasks.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole"
      "%22%7D%5D%7D";
  absl::StatusOr<World> w = ParseWorld(absl::StrCat(
      R"({"roles": [{"arn": "arn:aws:iam::111122223333:role/a",
                     "trust_policy": {"AssumeRolePolicyDocument": )", kTrust, R"(}},
                    {"arn": "arn:aws:iam::111122223333:role/b",
                     "trust_policy": {"AssumeRolePolicyDocument": ")", kEncoded,
      R"("}}]})"));
  ASSERT_TRUE(w.ok()) << w.status();
  const Policy& a = w->roles[0].trust_policy;
  EXPECT_EQ(a.name(), "role/a trust policy");
  ASSERT_EQ(a.statements().size(), 1u);
  EXPECT_THAT(a.statements()[0].principal.aws,
              ElementsAre("arn:aws:iam::111122223333:root"));
  const Policy& b = w->roles[1].trust_policy;
  EXPECT_EQ(b.name(), "role/b trust policy");
  EXPECT_EQ(b.kind(), PolicyKind::kTrust);
  ASSERT_EQ(b.statements().size(), 1u);
  EXPECT_THAT(b.statements()[0].principal.service,
              ElementsAre("ecs-tasks.amazonaws.com"));
}

TEST(WorldTest, TrustPolicyWrapperErrors) {
  const struct {
    const char* trust;
    const char* message;
  } cases[] = {
      // Inside the wrapper: the pointer includes it.
      {R"({"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": {"Effect": "Maybe"}}})",
       "w.json:1:151: /roles/0/trust_policy/AssumeRolePolicyDocument/Statement/Effect: "
       "found the string \"Maybe\"; expected \"Allow\" or \"Deny\" (case-sensitive)"},
      {R"({"AssumeRolePolicyDocument": 7})",
       "w.json:1:101: /roles/0/trust_policy/AssumeRolePolicyDocument: found "
       "the number 7; expected a policy document object or a URL-encoded "
       "policy document string"},
      // URL-decoded: located at the string, with the place inside the
      // decoded text.
      {R"({"AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Maybe%22%7D%7D"})",
       "w.json:1:101: /roles/0/trust_policy/AssumeRolePolicyDocument: in the "
       "URL-decoded policy document at 1:47: /Statement/Effect: found the "
       "string \"Maybe\"; expected \"Allow\" or \"Deny\" (case-sensitive)"},
      {R"({"AssumeRolePolicyDocument": "%7B%22Version"})",
       "w.json:1:101: /roles/0/trust_policy/AssumeRolePolicyDocument: in the "
       "URL-decoded policy document at 1:10: /: found invalid JSON (Missing a "
       "closing quotation mark in string); expected valid JSON"},
      {R"({"AssumeRolePolicyDocument": "%7B%2"})",
       "w.json:1:101: /roles/0/trust_policy/AssumeRolePolicyDocument: cannot "
       "URL-decode the string: byte 3: found \"%2\"; expected '%' followed "
       "by two hex digits"},
  };
  for (const auto& c : cases) {
    const std::string text = absl::StrCat(
        R"({"roles": [{"arn": "arn:aws:iam::111122223333:role/r", "trust_policy": )",
        c.trust, "}]}");
    EXPECT_EQ(ErrorOf(text), c.message) << c.trust;
  }
  // Beside other members, AssumeRolePolicyDocument is no wrapper: the
  // object is a policy document, and the validator names the member.
  EXPECT_THAT(
      ErrorOf(absl::StrCat(
          R"({"roles": [{"arn": "arn:aws:iam::111122223333:role/r", "trust_policy": )",
          R"({"AssumeRolePolicyDocument": {}, "Version": "2012-10-17"}}]})")),
      HasSubstr("/roles/0/trust_policy/AssumeRolePolicyDocument: found"));
}

// managed_policies: one definition, referenced by ARN from roles, users,
// groups and boundaries, whatever the order of the sections in the file.
TEST(WorldTest, ManagedPolicies) {
  std::string dir = TempDir();
  WriteFile(dir + "/policies/lambda.json", kIdentity);
  absl::StatusOr<World> w = ParseWorld(absl::StrCat(R"({
    "roles": [{"arn": "arn:aws:iam::111122223333:role/r",
               "policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess",
                            "arn:aws:iam::111122223333:policy/edge/read-secrets",
                            )", kIdentity, R"(],
               "permissions_boundary": "arn:aws:iam::111122223333:policy/edge/read-secrets"}],
    "users": [{"arn": "arn:aws:iam::111122223333:user/u",
               "policies": ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
               "permissions_boundary": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
    "groups": [{"arn": "arn:aws:iam::111122223333:group/g",
                "policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}],
    "managed_policies": {
      "arn:aws:iam::aws:policy/ReadOnlyAccess": )", kIdentity, R"(,
      "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole": "policies/lambda.json",
      "arn:aws:iam::111122223333:policy/edge/read-secrets": {"name": "ReadSecrets", "document": )",
      kIdentity, R"(},
      "arn:aws:iam::111122223333:policy/unused": )", kIdentity, R"(}})"),
      dir);
  ASSERT_TRUE(w.ok()) << w.status();
  const Role& r = w->roles[0];
  ASSERT_EQ(r.policies.size(), 3u);
  EXPECT_EQ(r.policies[0].name(), "ReadOnlyAccess");
  EXPECT_EQ(r.policies[0].kind(), PolicyKind::kIdentity);
  EXPECT_EQ(r.policies[1].name(), "ReadSecrets");
  EXPECT_EQ(r.policies[2].name(), "role/r policy[2]");
  ASSERT_TRUE(r.permissions_boundary.has_value());
  EXPECT_EQ(r.permissions_boundary->name(), "ReadSecrets");
  EXPECT_EQ(r.permissions_boundary->kind(), PolicyKind::kPermissionsBoundary);
  const User& u = w->users[0];
  ASSERT_EQ(u.policies.size(), 1u);
  // A policy file: named by the ARN, not by the path.
  EXPECT_EQ(u.policies[0].name(), "service-role/AWSLambdaBasicExecutionRole");
  EXPECT_EQ(u.permissions_boundary->name(), "ReadOnlyAccess");
  EXPECT_EQ(u.permissions_boundary->kind(), PolicyKind::kPermissionsBoundary);
  ASSERT_EQ(w->groups[0].policies.size(), 1u);
  EXPECT_EQ(w->groups[0].policies[0].name(), "ReadOnlyAccess");
  EXPECT_EQ(w->groups[0].policies[0].statements().size(), 1u);
}

TEST(WorldTest, ManagedPolicyErrors) {
  constexpr char kDefs[] = R"("managed_policies": {
    "arn:aws:iam::aws:policy/ReadOnlyAccess": {"Version": "2012-10-17",
      "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}},
    "arn:aws:iam::444455556666:policy/theirs": {"Version": "2012-10-17",
      "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}})";
  const struct {
    const char* role_fields;
    absl::StatusCode code;
    const char* message;
  } cases[] = {
      {R"("policies": ["arn:aws:iam::aws:policy/ReadOnlyAcess"])",
       absl::StatusCode::kNotFound,
       "w.json:6:69: /roles/0/policies/0: found the string "
       "\"arn:aws:iam::aws:policy/ReadOnlyAcess\"; expected the ARN of a "
       "policy defined in \"managed_policies\" (did you mean "
       "\"arn:aws:iam::aws:policy/ReadOnlyAccess\"?)"},
      {R"("policies": ["arn:aws:iam::111122223333:policy/mine"])",
       absl::StatusCode::kNotFound,
       "w.json:6:69: /roles/0/policies/0: found the string "
       "\"arn:aws:iam::111122223333:policy/mine\"; expected the ARN of a "
       "policy defined in \"managed_policies\""},
      {R"("permissions_boundary": "arn:aws:iam::444455556666:policy/theirs")",
       absl::StatusCode::kInvalidArgument,
       "w.json:6:80: /roles/0/permissions_boundary: found the string "
       "\"arn:aws:iam::444455556666:policy/theirs\", a policy of account "
       "444455556666; expected an AWS managed policy or a policy of the "
       "principal's account 111122223333 (IAM cannot attach another "
       "account's policy)"},
      {R"("policies": ["arn:aws:iam::aws:role/x"])",
       absl::StatusCode::kInvalidArgument,
       "w.json:6:69: /roles/0/policies/0: found the string "
       "\"arn:aws:iam::aws:role/x\"; expected a managed policy ARN "
       "arn:aws:iam::aws:policy/<path><name> (AWS managed) or "
       "arn:aws:iam::<account>:policy/<path><name> (customer managed)"},
  };
  for (const auto& c : cases) {
    const std::string text = absl::StrCat(
        "{", kDefs, ",\n \"roles\": [{\"arn\": \"arn:aws:iam::111122223333:role/r\", ",
        c.role_fields, "}]}");
    absl::StatusOr<World> w = ParseWorld(text);
    ASSERT_FALSE(w.ok()) << c.role_fields;
    EXPECT_EQ(w.status().code(), c.code) << c.role_fields;
    EXPECT_EQ(w.status().message(), c.message);
  }
  // The definitions: ARN shape, and errors inside an unreferenced entry.
  EXPECT_EQ(ErrorOf(R"({"managed_policies": {"arn:aws:iam::aws:policy/": {}}})"),
            "w.json:1:23: /managed_policies/arn:aws:iam::aws:policy~1: found "
            "\"arn:aws:iam::aws:policy/\"; expected a managed policy ARN "
            "arn:aws:iam::aws:policy/<path><name> (AWS managed) or "
            "arn:aws:iam::<account>:policy/<path><name> (customer managed)");
  EXPECT_THAT(ErrorOf(R"({"managed_policies": {"arn:aws:iam::aws:policy/P":
                {"Version": "2012-10-17", "Statement": {"Effect": "Maybe"}}}})"),
              HasSubstr("/managed_policies/arn:aws:iam::aws:policy~1P/"
                        "Statement/Effect: found the string \"Maybe\""));
  EXPECT_EQ(ErrorOf(R"({"managed_policies": []})"),
            "w.json:1:22: /managed_policies: found an array; expected an "
            "object of managed policy ARN -> policy");
}

TEST(WorldTest, UserGroupsMustExist) {
  EXPECT_EQ(ErrorOf("{\"users\": [{\"arn\": \"arn:aws:iam::111122223333:user/u\","
                    "\n \"groups\": [\"arn:aws:iam::111122223333:group/g\"]}]}"),
            "w.json:2:13: /users/0/groups/0: found the string "
            "\"arn:aws:iam::111122223333:group/g\"; expected the ARN of a "
            "group defined in \"groups\"");
}

// A secret without kms_key uses the AWS managed key aws/secretsmanager of
// its account and region; the engine creates that key
// (EngineTest.ManagedKeysForSecretsWithoutKey), so the World lists none.
TEST(WorldTest, SecretWithoutKeyNamesNone) {
  absl::StatusOr<World> w = ParseWorld(R"({"secrets": [
    {"arn": "arn:aws:secretsmanager:eu-west-1:444455556666:secret:a-AbCdEf"}]})");
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_TRUE(w->keys.empty());
  EXPECT_EQ(w->secrets[0].kms_key, "");
}

TEST(WorldTest, SecretKeyMustBeListed) {
  absl::StatusOr<World> w = ParseWorld(
      "{\"secrets\": [{\"arn\": "
      "\"arn:aws:secretsmanager:eu-west-1:444455556666:secret:a-AbCdEf\",\n"
      " \"kms_key\": \"arn:aws:kms:eu-west-1:444455556666:key/k1\"}]}");
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(w.status().message(),
            "w.json:2:13: /secrets/0/kms_key: found the string "
            "\"arn:aws:kms:eu-west-1:444455556666:key/k1\"; expected the ARN "
            "of a key defined in \"keys\"");
}

TEST(WorldTest, SecretKeyMustBeInTheSecretsRegion) {
  EXPECT_THAT(
      ErrorOf("{\"keys\": [{\"arn\": \"arn:aws:kms:us-east-1:444455556666:key/k1\"}],"
              "\"secrets\": [{\"arn\": "
              "\"arn:aws:secretsmanager:eu-west-1:444455556666:secret:a-AbCdEf\","
              " \"kms_key\": \"arn:aws:kms:us-east-1:444455556666:key/k1\"}]}"),
      HasSubstr("/secrets/0/kms_key: found the string "
                "\"arn:aws:kms:us-east-1:444455556666:key/k1\"; expected a KMS "
                "key in the secret's region eu-west-1"));
}

// kms_key as Secrets Manager takes KmsKeyId: key ARN, key id, alias name,
// alias ARN; alias/aws/secretsmanager is the AWS managed key (no kms_key).
TEST(WorldTest, SecretKeyForms) {
  constexpr char kKeys[] = R"("keys": [
      {"arn": "arn:aws:kms:eu-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab",
       "aliases": ["alias/edge-secrets"]},
      {"arn": "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab",
       "aliases": ["alias/edge-secrets"]},
      {"arn": "arn:aws:kms:eu-west-1:111122223333:key/k2", "aliases": ["alias/edge-secrets"]}])";
  const std::string kKey =
      "arn:aws:kms:eu-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  const struct {
    const char* kms_key;
    std::string resolved;
  } cases[] = {
      {"arn:aws:kms:eu-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab", kKey},
      {"1234abcd-12ab-34cd-56ef-1234567890ab", kKey},
      {"alias/edge-secrets", kKey},
      {"arn:aws:kms:eu-west-1:444455556666:alias/edge-secrets", kKey},
      // Another account's key, by alias ARN.
      {"arn:aws:kms:eu-west-1:111122223333:alias/edge-secrets",
       "arn:aws:kms:eu-west-1:111122223333:key/k2"},
      {"alias/aws/secretsmanager", ""},
      {"arn:aws:kms:eu-west-1:444455556666:alias/aws/secretsmanager", ""},
  };
  for (const auto& c : cases) {
    absl::StatusOr<World> w = ParseWorld(absl::StrCat(
        "{", kKeys, R"(, "secrets": [{"arn": "arn:aws:secretsmanager:eu-west-1:444455556666:secret:a-AbCdEf", "kms_key": ")",
        c.kms_key, "\"}]}"));
    ASSERT_TRUE(w.ok()) << c.kms_key << ": " << w.status();
    EXPECT_EQ(w->secrets[0].kms_key, c.resolved) << c.kms_key;
  }
}

TEST(WorldTest, SecretKeyFormErrors) {
  const struct {
    const char* kms_key;
    absl::StatusCode code;
    const char* message;
  } cases[] = {
      {"alias/other", absl::StatusCode::kNotFound,
       "found the string \"alias/other\"; expected an alias of a key defined "
       "in \"keys\" (its \"aliases\") in account 444455556666, region "
       "eu-west-1"},
      {"k9", absl::StatusCode::kNotFound,
       "found the string \"k9\"; expected the id of a key defined in "
       "\"keys\" in account 444455556666, region eu-west-1"},
      // The key of this id is in another account: a bare id means the
      // secret's account.
      {"k2", absl::StatusCode::kNotFound,
       "found the string \"k2\"; expected the id of a key defined in "
       "\"keys\" in account 444455556666, region eu-west-1"},
      {"arn:aws:kms:eu-west-1:111122223333:alias/nope", absl::StatusCode::kNotFound,
       "found the string \"arn:aws:kms:eu-west-1:111122223333:alias/nope\"; "
       "expected an alias of a key defined in \"keys\" (its \"aliases\") in "
       "account 111122223333, region eu-west-1"},
      {"arn:aws:kms:us-east-1:111122223333:alias/edge", absl::StatusCode::kInvalidArgument,
       "found the string \"arn:aws:kms:us-east-1:111122223333:alias/edge\"; "
       "expected a KMS key in the secret's region eu-west-1"},
      {"arn:aws:kms:eu-west-1:111122223333:alias/aws/secretsmanager",
       absl::StatusCode::kInvalidArgument,
       "found the string \"arn:aws:kms:eu-west-1:111122223333:alias/aws/"
       "secretsmanager\"; expected alias/aws/secretsmanager of the secret's "
       "account 444455556666 (another account's AWS managed key cannot "
       "encrypt the secret)"},
      {"key/k2", absl::StatusCode::kInvalidArgument,
       "found the string \"key/k2\"; expected a KMS key ARN, alias ARN "
       "(arn:aws:kms:<region>:<account>:alias/<name>), key id or alias name "
       "(alias/<name>)"},
  };
  for (const auto& c : cases) {
    absl::StatusOr<World> w = ParseWorld(absl::StrCat(
        R"({"keys": [{"arn": "arn:aws:kms:eu-west-1:111122223333:key/k2", "aliases": ["alias/edge"]}],
  "secrets": [{"arn": "arn:aws:secretsmanager:eu-west-1:444455556666:secret:a-AbCdEf", "kms_key": ")",
        c.kms_key, "\"}]}"));
    ASSERT_FALSE(w.ok()) << c.kms_key;
    EXPECT_EQ(w.status().code(), c.code) << c.kms_key;
    EXPECT_EQ(w.status().message(),
              absl::StrCat("w.json:2:99: /secrets/0/kms_key: ", c.message));
  }
}

TEST(WorldTest, KeyWithoutPolicyGetsTheDefaultKeyPolicy) {
  absl::StatusOr<World> w = ParseWorld(
      R"({"keys": [{"arn": "arn:aws:kms:eu-west-1:444455556666:key/k1",
                    "aliases": ["alias/edge-secrets"], "tags": {"a": "b"}}]})");
  ASSERT_TRUE(w.ok()) << w.status();
  const Key& k = w->keys[0];
  EXPECT_FALSE(k.aws_managed);
  EXPECT_EQ(k.policy.name(), "key/k1 default key policy");
  ASSERT_EQ(k.policy.statements().size(), 1u);
  EXPECT_THAT(k.policy.statements()[0].principal.aws,
              ElementsAre("arn:aws:iam::444455556666:root"));
  EXPECT_THAT(k.aliases, ElementsAre("alias/edge-secrets"));
}

TEST(WorldTest, KeyArnAndAliasesAreValidated) {
  EXPECT_EQ(ErrorOf("{\"keys\": [{\"arn\": \"arn:aws:kms:eu-west-1:444455556666:alias/x\"}]}"),
            "w.json:1:19: /keys/0/arn: found the string "
            "\"arn:aws:kms:eu-west-1:444455556666:alias/x\"; expected a KMS "
            "key ARN arn:aws:kms:<region>:<account>:key/<key-id>");
  EXPECT_THAT(
      ErrorOf("{\"keys\": [{\"arn\": \"arn:aws:kms:eu-west-1:444455556666:key/k\","
              " \"aliases\": [\"edge\"]}]}"),
      HasSubstr("/keys/0/aliases/0: found the string \"edge\"; expected an "
                "alias name alias/<name>"));
}

TEST(WorldTest, ResourceAccount) {
  absl::StatusOr<World> w = ParseWorld(
      R"({"resources": [{"arn": "arn:aws:s3:::edge-exports", "account": "111122223333"},
                        {"arn": "arn:aws:sqs:eu-west-1:111122223333:jobs", "tags": {}}]})");
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(w->resources[0].account, "111122223333");
  EXPECT_EQ(w->resources[1].account, "111122223333");
  EXPECT_EQ(ErrorOf("{\"resources\": [{\"arn\": \"arn:aws:s3:::b\"}]}"),
            "w.json:1:24: /resources/0/arn: found an ARN without an account "
            "\"arn:aws:s3:::b\"; expected an \"account\" field next to it "
            "(the owner of the resource)");
  EXPECT_THAT(ErrorOf("{\"resources\": [{\"arn\": "
                      "\"arn:aws:sqs:eu-west-1:111122223333:q\", \"account\": "
                      "\"444455556666\"}]}"),
              HasSubstr("/resources/0/account: found the string "
                        "\"444455556666\"; expected the ARN's account "
                        "111122223333 (or no \"account\")"));
  EXPECT_THAT(ErrorOf("{\"resources\": [{\"arn\": \"arn:aws:sqs\"}]}"),
              HasSubstr("/resources/0/arn: found \"arn:aws:sqs\"; expected an "
                        "ARN arn:partition:service:region:account:resource"));
}

TEST(WorldTest, PolicyFilesAreRelativeToTheWorldAndNamedByPath) {
  std::string dir = TempDir();
  WriteFile(dir + "/policies/trust.json", kTrust);
  WriteFile(dir + "/policies/read.json", kIdentity);
  std::string world = R"({"roles": [{"arn": "arn:aws:iam::111122223333:role/r",
      "trust_policy": "policies/trust.json",
      "policies": [{"name": "ReadOnly", "document": "policies/read.json"},
                   {"name": "Inline", "document": )" +
                      std::string(kIdentity) + R"(}]}]})";
  WriteFile(dir + "/world.json", world);
  absl::StatusOr<World> w = World::Load(dir + "/world.json");
  ASSERT_TRUE(w.ok()) << w.status();
  const Role& r = w->roles[0];
  EXPECT_EQ(r.trust_policy.name(), "policies/trust.json");
  EXPECT_EQ(r.trust_policy.file(), dir + "/policies/trust.json");
  EXPECT_EQ(r.policies[0].name(), "ReadOnly");
  EXPECT_EQ(r.policies[1].name(), "Inline");
}

TEST(WorldTest, ErrorsInsideAPolicyFileAreLocatedInThatFile) {
  std::string dir = TempDir();
  WriteFile(dir + "/policies/bad.json",
            "{\"Version\": \"2012-10-17\",\n \"Statement\": {\"Effect\": "
            "\"allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}");
  WriteFile(dir + "/world.json",
            R"({"roles": [{"arn": "arn:aws:iam::111122223333:role/r",
                "policies": ["policies/bad.json"]}]})");
  absl::StatusOr<World> w = World::Load(dir + "/world.json");
  ASSERT_FALSE(w.ok());
  EXPECT_THAT(std::string(w.status().message()),
              ::testing::StartsWith(dir + "/policies/bad.json:2:"));
  EXPECT_THAT(std::string(w.status().message()),
              HasSubstr("/Statement/Effect"));
}

TEST(WorldTest, MissingPolicyFileIsLocatedAtTheReference) {
  absl::StatusOr<World> w = ParseWorld(
      "{\"roles\": [{\"arn\": \"arn:aws:iam::111122223333:role/r\",\n"
      " \"policies\": [\"nope.json\"]}]}",
      "/nonexistent-dir");
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(w.status().message(),
            "w.json:2:15: /roles/0/policies/0: found the string "
            "\"nope.json\" (/nonexistent-dir/nope.json: cannot read: No such "
            "file or directory); expected the path of a policy file, "
            "relative to w.json");
}

TEST(WorldTest, EmbeddedPolicyErrorsCarryTheWorldPointer) {
  std::string msg = ErrorOf(
      "{\"roles\": [{\"arn\": \"arn:aws:iam::111122223333:role/r\",\n"
      " \"trust_policy\": {\"Statement\": {\"Effect\": \"Allow\", "
      "\"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}, "
      "\"Action\": \"sts:AssumeRole\", \"Resource\": \"*\"}}}]}");
  EXPECT_THAT(msg, ::testing::StartsWith("w.json:2:"));
  EXPECT_THAT(msg, HasSubstr("/roles/0/trust_policy/Statement"));
}

TEST(WorldTest, PolicyReferenceShapes) {
  EXPECT_EQ(
      ErrorOf("{\"roles\": [{\"arn\": \"arn:aws:iam::111122223333:role/r\","
              " \"policies\": [42]}]}"),
      "w.json:1:69: /roles/0/policies/0: found the number 42; expected a "
      "policy object, the path of a policy file, or {\"name\": ..., "
      "\"document\": ...}");
  EXPECT_THAT(
      ErrorOf("{\"roles\": [{\"arn\": \"arn:aws:iam::111122223333:role/r\","
              " \"policies\": [{\"name\": \"x\", \"document\": {}, \"kind\": 1}]}]}"),
      HasSubstr("/roles/0/policies/0/kind: found unknown key \"kind\"; "
                "expected one of name, document"));
}

TEST(WorldTest, ScpLevels) {
  std::string scp = R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}})";
  absl::StatusOr<World> flat = ParseWorld(absl::StrCat(
      R"({"accounts": {"111122223333": {"org_id": "o-a1b2c3d4e5", "scps": [)",
      scp, ",", scp, "]}}}"));
  ASSERT_TRUE(flat.ok()) << flat.status();
  const auto& levels = *flat->accounts.at("111122223333").scps;
  ASSERT_EQ(levels.size(), 1u);
  EXPECT_EQ(levels[0].size(), 2u);
  EXPECT_EQ(levels[0][1].name(), "account 111122223333 scps[1]");
  EXPECT_EQ(levels[0][1].kind(), PolicyKind::kScp);

  absl::StatusOr<World> nested = ParseWorld(absl::StrCat(
      R"({"accounts": {"111122223333": {"org_id": "o-a1b2c3d4e5", "scps": [[)",
      scp, "],[", scp, "]], \"rcps\": [[]]}}}"));
  ASSERT_TRUE(nested.ok()) << nested.status();
  const Account& a = nested->accounts.at("111122223333");
  ASSERT_EQ(a.scps->size(), 2u);
  EXPECT_EQ((*a.scps)[1][0].name(), "account 111122223333 scps[1][0]");
  ASSERT_TRUE(a.rcps.has_value());
  EXPECT_EQ(a.rcps->size(), 1u);

  EXPECT_THAT(ErrorOf(absl::StrCat(
                  R"({"accounts": {"111122223333": {"scps": [[)", scp, "], ",
                  scp, "]}}}")),
              HasSubstr("/accounts/111122223333/scps/1: found an object; "
                        "expected a level (an array of policies)"));
  EXPECT_THAT(ErrorOf(R"({"accounts": {"111122223333": {"scps": [[]]}}})"),
              HasSubstr("/accounts/111122223333/scps/0: found an empty level; "
                        "expected at least one SCP per level"));
  EXPECT_THAT(ErrorOf(R"({"accounts": {"111122223333": {"scps": []}}})"),
              HasSubstr("/accounts/111122223333/scps: found an array; "
                        "expected a non-empty list"));
}

TEST(WorldTest, AccountFields) {
  EXPECT_EQ(ErrorOf("{\"accounts\": {\"1234\": {}}}"),
            "w.json:1:15: /accounts/1234: found \"1234\"; expected a 12-digit "
            "account id");
  EXPECT_THAT(ErrorOf("{\"accounts\": {\"111122223333\": {\"org_id\": \"org-1\"}}}"),
              HasSubstr("/accounts/111122223333/org_id: found the string "
                        "\"org-1\"; expected an organization id"));
  EXPECT_THAT(
      ErrorOf("{\"accounts\": {\"111122223333\": {\"org_id\": \"o-a1b2c3d4e5\", "
              "\"org_paths\": [\"o-zzzzzzzzzz/r-1/\"]}}}"),
      HasSubstr("/accounts/111122223333/org_paths/0: found the string "
                "\"o-zzzzzzzzzz/r-1/\"; expected a path o-a1b2c3d4e5/r-.../"));
  EXPECT_THAT(ErrorOf("{\"accounts\": {\"111122223333\": {\"managment\": true}}}"),
              HasSubstr("/accounts/111122223333/managment: found unknown key"));
}

TEST(WorldTest, MoreArnAndIdentityRules) {
  EXPECT_EQ(ErrorOf("{\"users\": [{\"arn\": \"arn:aws:iam::111122223333:user/u\"},"
                    "{\"arn\": \"arn:aws:iam::111122223333:user/u\"}]}"),
            "w.json:1:64: /users/1/arn: found a second definition of "
            "\"arn:aws:iam::111122223333:user/u\"; expected each ARN defined "
            "once");
  EXPECT_EQ(ErrorOf("{\"groups\": [{\"arn\": \"arn:aws:iam::111122223333:role/g\"}]}"),
            "w.json:1:21: /groups/0/arn: found the string "
            "\"arn:aws:iam::111122223333:role/g\"; expected an IAM group ARN "
            "arn:aws:iam::<account>:group/<name>");
  EXPECT_EQ(ErrorOf("{\"secrets\": [{\"arn\": \"arn:aws:secretsmanager::444455556666:secret:a\"}]}"),
            "w.json:1:22: /secrets/0/arn: found the string "
            "\"arn:aws:secretsmanager::444455556666:secret:a\"; expected a "
            "secret ARN arn:aws:secretsmanager:<region>:<account>:secret:"
            "<name>-<6 characters>");
  EXPECT_EQ(ErrorOf("{\"secrets\": [{\"arn\": \"arn:aws:secretsmanager:eu-west-1:"
                    "444455556666:secret:prod/db\"}]}"),
            "w.json:1:22: /secrets/0/arn: found the string "
            "\"arn:aws:secretsmanager:eu-west-1:444455556666:secret:prod/db\"; "
            "expected a secret ARN whose name ends in the 6 random characters "
            "Secrets Manager appends (such as \"secret:prod/db-AbCdEf\"; every "
            "secret's ARN has them)");
  EXPECT_THAT(ErrorOf("{\"secrets\": [{\"arn\": "
                      "\"arn:aws:secretsmanager:eu-west-1:444455556666:secret:a-AbCdEf\","
                      " \"kmsKey\": \"x\"}]}"),
              HasSubstr("/secrets/0/kmsKey: found unknown key \"kmsKey\"; "
                        "expected one of arn, policy, kms_key, tags, "
                        "version_id"));
  EXPECT_THAT(ErrorOf("{\"keys\": [{\"arn\": "
                      "\"arn:aws:kms:eu-west-1:444455556666:key/aws-secretsmanager\"}]}"),
              HasSubstr("expected a key id other than aws-secretsmanager"));
  EXPECT_THAT(ErrorOf("{\"roles\": [{\"arn\": \"arn:aws:iam::111122223333:role/r\","
                      " \"role_id\": \"AIDAXYZ\"}]}"),
              HasSubstr("/roles/0/role_id: found the string \"AIDAXYZ\"; "
                        "expected a unique id AROA<uppercase letters and "
                        "digits>"));
  EXPECT_THAT(ErrorOf("{\"resources\": [{\"arn\": \"arn:aws:sqs:eu-west-1:111122223333:q\"},"
                      " {\"arn\": \"arn:aws:sqs:eu-west-1:111122223333:q\"}]}"),
              HasSubstr("/resources/1/arn: found a second definition"));
  EXPECT_THAT(ErrorOf("{\"groups\": [{\"arn\": \"arn:aws:iam::444455556666:group/g\"}],"
                      " \"users\": [{\"arn\": \"arn:aws:iam::111122223333:user/u\","
                      " \"groups\": [\"arn:aws:iam::444455556666:group/g\"]}]}"),
              HasSubstr("/users/0/groups/0: found the string "
                        "\"arn:aws:iam::444455556666:group/g\"; expected a group "
                        "of the user's own account"));
  EXPECT_THAT(ErrorOf("{\"roles\": {}}"),
              HasSubstr("/roles: found an object; expected an array of role "
                        "objects"));
  absl::StatusOr<World> w = ParseWorld(
      "{\"roles\": [{\"arn\": \"arn:aws:iam::111122223333:role/r\","
      " \"role_id\": \"AROAEXAMPLE123\"}]}");
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(w->roles[0].role_id, "AROAEXAMPLE123");
  EXPECT_EQ(w->roles[0].trust_policy.statements().size(), 0u);
  EXPECT_EQ(w->roles[0].max_session_duration, 3600);
}

TEST(ContextTest, KeysAreCaseInsensitiveAndLastSetWins) {
  Context c;
  EXPECT_TRUE(c.empty());
  c.Set("aws:SourceIp", "10.0.0.1");
  c.SetList("aws:TagKeys", {"a", "b"});
  c.Set("AWS:sourceip", "10.0.0.2");
  ASSERT_EQ(c.entries().size(), 2u);
  EXPECT_EQ(c.entries()[0].key, "aws:SourceIp");
  EXPECT_EQ(c.entries()[0].lower, "aws:sourceip");
  const ContextValue* v = c.Find("aws:SOURCEIP");
  ASSERT_NE(v, nullptr);
  EXPECT_THAT(v->values, ElementsAre("10.0.0.2"));
  EXPECT_FALSE(v->multivalued);
  const ContextValue* tags = c.Find("aws:tagkeys");
  ASSERT_NE(tags, nullptr);
  EXPECT_TRUE(tags->multivalued);
  EXPECT_THAT(tags->values, ElementsAre("a", "b"));
  EXPECT_EQ(c.Find("aws:sourceipx"), nullptr);
  c.SetList("aws:TagKeys", {});
  EXPECT_TRUE(c.Find("aws:TagKeys")->values.empty());
  EXPECT_TRUE(c.Find("aws:TagKeys")->multivalued);
}

}  // namespace
}  // namespace iameval
