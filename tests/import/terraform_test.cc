// iameval: offline AWS IAM policy evaluation.
//
// ImportTerraform on small inputs written here: what a plan's unknown
// values become, which input is an error, and where the error points. The
// fixtures (fixtures/import/terraform/, tests/import/terraform_fixtures.py)
// cover the full shapes end to end.

#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iameval/import.h"

namespace iameval {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string WriteTemp(const std::string& name, const std::string& text) {
  std::string path = absl::StrCat(::testing::TempDir(), "/tf_", name, ".json");
  std::ofstream(path) << text;
  return path;
}

constexpr char kTrust[] =
    R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",)"
    R"(\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},)"
    R"(\"Action\":\"sts:AssumeRole\"}]})";

// A plan creating one role named `name`, with `extra` resource changes and
// `config` configuration resources after it.
std::string Plan(const std::string& extra = "", const std::string& config = "",
                 const std::string& region = "eu-west-1") {
  return absl::StrCat(
      R"({"format_version":"1.2","terraform_version":"1.5.7",
  "resource_changes":[
   {"address":"aws_iam_role.app","mode":"managed","type":"aws_iam_role",
    "name":"app","change":{"actions":["create"],"before":null,
    "after":{"name":"app","path":"/","assume_role_policy":")",
      kTrust, R"(","max_session_duration":3600,"tags":null,"tags_all":{}},
    "after_unknown":{"arn":true,"id":true,"unique_id":true}}})",
      extra, R"(],
  "configuration":{"provider_config":{"aws":{"name":"aws",
    "expressions":{"region":{"constant_value":")",
      region, R"("}}}},
   "root_module":{"resources":[
    {"address":"aws_iam_role.app","mode":"managed","type":"aws_iam_role",
     "name":"app","expressions":{"name":{"constant_value":"app"},
     "assume_role_policy":{}}})",
      config, "]}}}");
}

TEST(ImportTerraformTest, RoleArnBuiltFromAccount) {
  ImportOptions options;
  options.account = "111122223333";
  absl::StatusOr<ImportResult> r =
      ImportTerraform(WriteTemp("role", Plan()), options);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->world_json,
              HasSubstr("\"arn\": \"arn:aws:iam::111122223333:role/app\""));
  std::string report = RenderImportReport(r->notes);
  EXPECT_THAT(report, HasSubstr("aws_iam_role.app arn: known after apply; "
                                "built as arn:aws:iam::111122223333:role/app"));
}

TEST(ImportTerraformTest, WithoutAccountTheRoleStaysUnknownAndIsSkipped) {
  absl::StatusOr<ImportResult> r = ImportTerraform(WriteTemp("noacct", Plan()));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->world_json, Not(HasSubstr("role/app")));
  EXPECT_THAT(RenderImportReport(r->notes),
              HasSubstr("not built (give --account); the role skipped"));
}

// The region of a key ARN: --region over the provider's region constant.
TEST(ImportTerraformTest, KeyArnUsesRegionOptionOverProvider) {
  const std::string key = R"(,
   {"address":"aws_kms_key.k","mode":"managed","type":"aws_kms_key",
    "name":"k","change":{"actions":["create"],"before":null,
    "after":{"policy":null,"tags":null,"tags_all":{}},
    "after_unknown":{"arn":true,"id":true,"key_id":true}}})";
  ImportOptions options;
  options.account = "111122223333";
  absl::StatusOr<ImportResult> from_provider =
      ImportTerraform(WriteTemp("key1", Plan(key, "", "eu-central-1")), options);
  ASSERT_TRUE(from_provider.ok()) << from_provider.status();
  EXPECT_THAT(from_provider->world_json,
              HasSubstr("arn:aws:kms:eu-central-1:111122223333:key/tf-"));
  options.region = "us-east-2";
  absl::StatusOr<ImportResult> from_option =
      ImportTerraform(WriteTemp("key2", Plan(key, "", "eu-central-1")), options);
  ASSERT_TRUE(from_option.ok()) << from_option.status();
  EXPECT_THAT(from_option->world_json,
              HasSubstr("arn:aws:kms:us-east-2:111122223333:key/tf-"));
}

TEST(ImportTerraformTest, DestroyedResourceIsNotInTheWorld) {
  const std::string gone = R"(,
   {"address":"aws_iam_role.old","mode":"managed","type":"aws_iam_role",
    "name":"old","change":{"actions":["delete"],
    "before":{"name":"old","arn":"arn:aws:iam::111122223333:role/old"},
    "after":null,"after_unknown":{}}})";
  absl::StatusOr<ImportResult> r = ImportTerraform(WriteTemp("gone", Plan(gone)));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->world_json, Not(HasSubstr("role/old")));
  EXPECT_THAT(RenderImportReport(r->notes),
              HasSubstr("/resource_changes/1: aws_iam_role.old: destroyed by "
                        "this plan"));
}

TEST(ImportTerraformTest, UnknownPolicyTextIsAnErrorNamingItsReferences) {
  const std::string policy = R"(,
   {"address":"aws_iam_role_policy.p","mode":"managed",
    "type":"aws_iam_role_policy","name":"p","change":{"actions":["create"],
    "before":null,"after":{"name":"p","role":"app"},
    "after_unknown":{"id":true,"policy":true}}})";
  const std::string config = R"(,
    {"address":"aws_iam_role_policy.p","mode":"managed",
     "type":"aws_iam_role_policy","name":"p","expressions":{
     "role":{"references":["aws_iam_role.app.name","aws_iam_role.app"]},
     "policy":{"references":["aws_sqs_queue.q.arn","aws_sqs_queue.q"]}}})";
  absl::StatusOr<ImportResult> r =
      ImportTerraform(WriteTemp("unknownpolicy", Plan(policy, config)));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(),
              HasSubstr("/resource_changes/1/change/after_unknown/policy: "
                        "found aws_iam_role_policy.p policy: a policy known "
                        "only after apply (it references aws_sqs_queue.q.arn)"));
}

// An optional policy attribute that the configuration does not set is the
// provider's echo of other resources, not a policy of its own.
TEST(ImportTerraformTest, UnknownComputedPolicyNotInConfigurationIsNoError) {
  const std::string secret = R"(,
   {"address":"aws_secretsmanager_secret.s","mode":"managed",
    "type":"aws_secretsmanager_secret","name":"s","change":{
    "actions":["create"],"before":null,"after":{"name":"s","tags":null,
    "tags_all":{}},"after_unknown":{"arn":true,"id":true,"policy":true}}})";
  const std::string config = R"(,
    {"address":"aws_secretsmanager_secret.s","mode":"managed",
     "type":"aws_secretsmanager_secret","name":"s","expressions":{
     "name":{"constant_value":"s"}}})";
  ImportOptions options;
  options.account = "111122223333";
  absl::StatusOr<ImportResult> r =
      ImportTerraform(WriteTemp("echo", Plan(secret, config)), options);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->world_json,
              HasSubstr("arn:aws:secretsmanager:eu-west-1:111122223333:"
                        "secret:s-"));
}

// A role with `after` members `after`, `after_unknown` members `unknown`
// and configuration expressions `expressions`.
std::string RolePlan(const std::string& after, const std::string& unknown,
                     const std::string& expressions) {
  return absl::StrCat(
      R"({"format_version":"1.2","resource_changes":[
   {"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role",
    "name":"r","change":{"actions":["create"],"before":null,
    "after":{"name":"r","path":"/","assume_role_policy":")",
      kTrust, "\"", after, R"(},
    "after_unknown":{"arn":true)", unknown, R"(}}}],
  "configuration":{"root_module":{"resources":[
    {"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role",
     "name":"r","expressions":{"name":{"constant_value":"r"})",
      expressions, "}}]}}}");
}

TEST(ImportTerraformTest, ConfiguredInlinePolicyKnownAfterApplyIsAnError) {
  absl::StatusOr<ImportResult> r = ImportTerraform(WriteTemp(
      "inline",
      RolePlan("", R"(,"inline_policy":true)",
               R"(,"inline_policy":[{"name":{"constant_value":"p"},)"
               R"("policy":{"references":["aws_s3_bucket.b.arn"]}}])")));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(),
              HasSubstr("/resource_changes/0/change/after_unknown/"
                        "inline_policy: found aws_iam_role.r inline_policy: "
                        "a policy known only after apply"));
}

// Computed from the aws_iam_role_policy resources when not configured.
TEST(ImportTerraformTest, UnconfiguredInlinePolicyKnownAfterApplyIsNoError) {
  ImportOptions options;
  options.account = "111122223333";
  absl::StatusOr<ImportResult> r = ImportTerraform(
      WriteTemp("inline2", RolePlan("", R"(,"inline_policy":true)", "")),
      options);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->world_json, HasSubstr("role/r"));
}

// Leaving a boundary out could turn a deny into an allow.
TEST(ImportTerraformTest, PrincipalWithUnresolvedBoundaryIsSkipped) {
  ImportOptions options;
  options.account = "111122223333";
  absl::StatusOr<ImportResult> r = ImportTerraform(
      WriteTemp("boundary",
                RolePlan("", R"(,"permissions_boundary":true)",
                         R"(,"permissions_boundary":{"references":)"
                         R"(["var.boundary_arn"]})")),
      options);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->world_json, Not(HasSubstr("role/r")));
  EXPECT_THAT(RenderImportReport(r->notes),
              HasSubstr("aws_iam_role.r permissions_boundary: known after "
                        "apply (references var.boundary_arn) and cannot be "
                        "built; the role skipped"));
}

// managed_policy_arns is exclusive: a role imported without the policies it
// names would lack them.
TEST(ImportTerraformTest, UnresolvedManagedPolicyArnsSkipTheRole) {
  ImportOptions options;
  options.account = "111122223333";
  absl::StatusOr<ImportResult> r = ImportTerraform(
      WriteTemp("exclusive",
                RolePlan("", R"(,"managed_policy_arns":true)",
                         R"(,"managed_policy_arns":{"references":)"
                         R"(["var.policies"]})")),
      options);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->world_json, Not(HasSubstr("role/r")));
  EXPECT_THAT(RenderImportReport(r->notes),
              HasSubstr("aws_iam_role.r managed_policy_arns: known after "
                        "apply (references var.policies) and cannot be "
                        "resolved; the role skipped"));
}

// State records a secret encrypted with the AWS managed key as "".
TEST(ImportTerraformTest, StateSecretWithEmptyKmsKeyIdUsesTheManagedKey) {
  absl::StatusOr<ImportResult> r = ImportTerraform(WriteTemp("statesecret", R"(
{"format_version":"1.0","terraform_version":"1.5.7","values":{"root_module":{
 "resources":[{"address":"aws_secretsmanager_secret.s","mode":"managed",
  "type":"aws_secretsmanager_secret","name":"s","values":{
  "arn":"arn:aws:secretsmanager:eu-west-1:111122223333:secret:s-AbCdEf",
  "name":"s","kms_key_id":"","policy":"","tags":{},"tags_all":{}}}]}}})"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(r->world_json, HasSubstr("secret:s-AbCdEf"));
  EXPECT_THAT(r->world_json, Not(HasSubstr("kms_key")));
}

// A list with one element known only after apply is not known.
TEST(ImportTerraformTest, MembershipWithAnUnknownUserIsSkipped) {
  const std::string group = R"(,
   {"address":"aws_iam_group.g","mode":"managed","type":"aws_iam_group",
    "name":"g","change":{"actions":["create"],"before":null,
    "after":{"name":"g","path":"/"},"after_unknown":{"arn":true}}},
   {"address":"aws_iam_group_membership.m","mode":"managed",
    "type":"aws_iam_group_membership","name":"m","change":{
    "actions":["create"],"before":null,"after":{"name":"m","group":"g",
    "users":["alice",null]},"after_unknown":{"id":true,"users":[false,true]}}})";
  ImportOptions options;
  options.account = "111122223333";
  absl::StatusOr<ImportResult> r =
      ImportTerraform(WriteTemp("membership", Plan(group)), options);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(RenderImportReport(r->notes),
              HasSubstr("/resource_changes/2/change/after_unknown/users: "
                        "aws_iam_group_membership.m users: known after apply; "
                        "the membership is skipped"));
}

TEST(ImportTerraformTest, MajorFormatVersionTwoIsRejected) {
  absl::StatusOr<ImportResult> r = ImportTerraform(
      WriteTemp("v2", R"({"format_version":"2.0","resource_changes":[]})"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(),
              HasSubstr(":1:19: /format_version: found format_version "
                        "\"2.0\"; expected format_version 1.x"));
}

TEST(ImportTerraformTest, ErroredPlanIsRejected) {
  absl::StatusOr<ImportResult> r = ImportTerraform(WriteTemp(
      "errored",
      R"({"format_version":"1.2","errored":true,"resource_changes":[]})"));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("/errored: found a plan that errored"));
}

TEST(ImportTerraformTest, MissingFileIsAnError) {
  absl::StatusOr<ImportResult> r =
      ImportTerraform(::testing::TempDir() + "/no-such-plan.json");
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace iameval
