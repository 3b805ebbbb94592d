// iameval: offline AWS IAM policy evaluation.
//
// The key policies iameval builds in code (aws/kms.h) against the JSON the
// AWS documentation gives for them, parsed by the ordinary parser.

#include "aws/kms.h"

#include <string>

#include "arn/arn.h"
#include "aws/secretsmanager.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iameval/policy.h"

namespace iameval {
namespace aws {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

// The documented policies without their "Id" (a code-built Policy has none;
// the evaluation never reads it).
constexpr char kManagedJson[] = R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "Allow access through AWS Secrets Manager for all principals in the account that are authorized to use AWS Secrets Manager",
   "Effect": "Allow", "Principal": {"AWS": "*"},
   "Action": ["kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
   "Resource": "*",
   "Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com",
                                  "kms:CallerAccount": "444455556666"}}},
  {"Sid": "Allow direct access to key metadata to the account", "Effect": "Allow",
   "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
   "Action": ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"], "Resource": "*"}]})";

constexpr char kDefaultJson[] = R"({"Version": "2012-10-17", "Statement": [
  {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
   "Principal": {"AWS": "arn:aws-cn:iam::444455556666:root"}, "Action": "kms:*",
   "Resource": "*"}]})";

TEST(KmsTest, SecretsManagerKeyPolicyIsTheDocumentedOne) {
  absl::StatusOr<Policy> parsed = Policy::Parse(kManagedJson, PolicyKind::kKey);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  Policy built = kms::SecretsManagerKeyPolicy("aws", "eu-west-1", "444455556666");
  EXPECT_EQ(built.DebugString(), parsed->DebugString());
  EXPECT_EQ(built.name(), "aws/secretsmanager key policy");
  EXPECT_EQ(built.kind(), PolicyKind::kKey);
}

TEST(KmsTest, DefaultKeyPolicyIsTheDocumentedOne) {
  absl::StatusOr<Policy> parsed = Policy::Parse(kDefaultJson, PolicyKind::kKey);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  Policy built = kms::DefaultKeyPolicy("aws-cn", "444455556666", "k");
  EXPECT_EQ(built.DebugString(), parsed->DebugString());
  EXPECT_EQ(built.name(), "k");
}

TEST(KmsTest, KeyArns) {
  ArnView v;
  EXPECT_TRUE(kms::CheckKeyArn("arn:aws:kms:eu-west-1:444455556666:key/1234", &v)
                  .ok());
  EXPECT_EQ(v.region, "eu-west-1");
  for (const char* bad : {"arn:aws:kms:eu-west-1:444455556666:alias/x",
                          "arn:aws:kms::444455556666:key/1",
                          "arn:aws:kms:eu-west-1:444455556666:key/",
                          "arn:aws:s3:eu-west-1:444455556666:key/1"}) {
    EXPECT_FALSE(kms::CheckKeyArn(bad, &v).ok()) << bad;
  }
  EXPECT_EQ(kms::SecretsManagerKeyArn("aws", "eu-west-1", "444455556666"),
            "arn:aws:kms:eu-west-1:444455556666:key/aws-secretsmanager");
  EXPECT_EQ(kms::ViaService("secretsmanager", "eu-west-1"),
            "secretsmanager.eu-west-1.amazonaws.com");
}

TEST(KmsTest, KeyIdForms) {
  const struct {
    const char* text;
    kms::KeyIdForm form;
    const char* key_id;
    const char* alias;
    const char* account;
  } cases[] = {
      {"arn:aws:kms:eu-west-1:444455556666:key/1234abcd", kms::KeyIdForm::kKeyArn,
       "1234abcd", "", "444455556666"},
      {"arn:aws:kms:eu-west-1:444455556666:alias/edge", kms::KeyIdForm::kAliasArn,
       "", "alias/edge", "444455556666"},
      {"1234abcd-12ab-34cd-56ef-1234567890ab", kms::KeyIdForm::kKeyId,
       "1234abcd-12ab-34cd-56ef-1234567890ab", "", ""},
      {"alias/aws/secretsmanager", kms::KeyIdForm::kAliasName, "",
       "alias/aws/secretsmanager", ""},
  };
  for (const auto& c : cases) {
    kms::KeyIdView v;
    ASSERT_TRUE(kms::ParseKeyId(c.text, &v).ok()) << c.text;
    EXPECT_EQ(v.form, c.form) << c.text;
    EXPECT_EQ(v.key_id, c.key_id) << c.text;
    EXPECT_EQ(v.alias, c.alias) << c.text;
    EXPECT_EQ(v.arn.account, c.account) << c.text;
  }
  for (const char* bad :
       {"", "alias/", "arn:aws:kms:eu-west-1:444455556666:alias/",
        "arn:aws:kms:eu-west-1:444455556666:key/",
        "arn:aws:kms::444455556666:key/1", "arn:aws:s3:::b",
        "arn:aws:kms:eu-west-1:444455556666:grant/1", "key/1234", "a:b"}) {
    kms::KeyIdView v;
    absl::Status s = kms::ParseKeyId(bad, &v);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_THAT(std::string(s.message()),
                ::testing::EndsWith(std::string(kms::kKeyIdShape)));
  }
}

TEST(SecretsManagerTest, SecretArnsAndTheImpliedDecrypt) {
  ArnView v;
  const char* arn =
      "arn:aws:secretsmanager:eu-west-1:444455556666:secret:db-AbCdEf";
  EXPECT_TRUE(secretsmanager::CheckSecretArn(arn, &v).ok());
  EXPECT_FALSE(secretsmanager::CheckSecretArn(
                   "arn:aws:secretsmanager:eu-west-1:444455556666:secret:", &v)
                   .ok());
  secretsmanager::ImpliedDecrypt d =
      secretsmanager::ImpliedDecryptOf(arn, "eu-west-1", "");
  EXPECT_EQ(d.via_service, "secretsmanager.eu-west-1.amazonaws.com");
  EXPECT_THAT(d.encryption_context,
              ElementsAre(Pair("secretarn", arn),
                          Pair("secretversionid",
                               "00000000-0000-0000-0000-000000000000")));
  EXPECT_THAT(d.encryption_context_keys,
              ElementsAre("SecretARN", "SecretVersionId"));
}

}  // namespace
}  // namespace aws
}  // namespace iameval
