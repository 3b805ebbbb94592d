// iameval: offline AWS IAM policy evaluation.

#include "aws/principals.h"

#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace iameval {
namespace aws {
namespace {

// `text` must outlive the result (the views point into it): literals here.
PrincipalArnView Parse(absl::string_view text) {
  PrincipalArnView v;
  absl::Status s = ParsePrincipalArn(text, &v);
  EXPECT_TRUE(s.ok()) << text << ": " << s;
  return v;
}

TEST(PrincipalArnTest, Kinds) {
  PrincipalArnView v = Parse("arn:aws:iam::111122223333:role/edge/ata-task");
  EXPECT_EQ(v.kind, PrincipalArnKind::kRole);
  EXPECT_EQ(v.partition, "aws");
  EXPECT_EQ(v.account, "111122223333");
  EXPECT_EQ(v.path, "/edge/");
  EXPECT_EQ(v.name, "ata-task");

  v = Parse("arn:aws:iam::111122223333:user/alice");
  EXPECT_EQ(v.kind, PrincipalArnKind::kUser);
  EXPECT_EQ(v.path, "/");
  EXPECT_EQ(v.name, "alice");

  EXPECT_EQ(Parse("arn:aws:iam::111122223333:group/admins").kind,
            PrincipalArnKind::kGroup);
  EXPECT_EQ(Parse("arn:aws:iam::111122223333:root").kind,
            PrincipalArnKind::kRoot);
  EXPECT_EQ(Parse("arn:aws:iam::111122223333:policy/p").kind,
            PrincipalArnKind::kOther);

  v = Parse("arn:aws-cn:sts::111122223333:assumed-role/reader/s1");
  EXPECT_EQ(v.kind, PrincipalArnKind::kAssumedRole);
  EXPECT_EQ(v.partition, "aws-cn");
  EXPECT_EQ(v.name, "reader");
  EXPECT_EQ(v.session, "s1");

  v = Parse("arn:aws:sts::111122223333:federated-user/bob");
  EXPECT_EQ(v.kind, PrincipalArnKind::kFederatedUser);
  EXPECT_EQ(v.name, "bob");
}

TEST(PrincipalArnTest, Rejects) {
  PrincipalArnView v;
  for (const char* bad :
       {"arn:aws:iam::1111:role/r", "arn:aws:iam:eu-west-1:111122223333:role/r",
        "arn:aws:iam::111122223333:role/", "arn:aws:sts::111122223333:assumed-role/r",
        "arn:aws:sts::111122223333:assumed-role/r/s/t",
        "arn:aws:sts::111122223333:assumed-role//s",
        "arn:aws:sts::111122223333:federated-user/",
        "arn:aws:s3:::bucket", "role/r", ""}) {
    absl::Status s = ParsePrincipalArn(bad, &v);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_TRUE(absl::StartsWith(s.message(), "found ")) << s;
  }
}

TEST(PrincipalArnTest, SessionArnHasNoPath) {
  PrincipalArnView v = Parse("arn:aws:iam::111122223333:role/edge/ata-task");
  EXPECT_EQ(SessionArn(v, "s1"),
            "arn:aws:sts::111122223333:assumed-role/ata-task/s1");
}

TEST(PrincipalsTest, ServicePrincipalNames) {
  for (const char* ok :
       {"ecs-tasks.amazonaws.com", "EC2.amazonaws.com", "ec2.amazonaws.com.cn",
        "delivery.logs.amazonaws.com", "alexa-appkit.amazon.com"}) {
    EXPECT_TRUE(IsServicePrincipalName(ok)) << ok;
  }
  for (const char* bad :
       {"", "amazonaws.com", ".amazonaws.com", "x..amazonaws.com",
        "*.amazonaws.com", "ecs_tasks.amazonaws.com", "example.com",
        "ecs-tasks", "ecs-tasks.amazonaws.com ", "arn:aws:iam::1:root"}) {
    EXPECT_FALSE(IsServicePrincipalName(bad)) << bad;
  }
}

TEST(PrincipalsTest, ServiceLinkedRoles) {
  EXPECT_TRUE(IsServiceLinkedRoleArn(
      "arn:aws:iam::111122223333:role/aws-service-role/"
      "elasticmapreduce.amazonaws.com/AWSServiceRoleForEMRCleanup"));
  EXPECT_FALSE(IsServiceLinkedRoleArn("arn:aws:iam::111122223333:role/app"));
  // Only IAM role ARNs: an S3 object key that contains the path is no role.
  EXPECT_FALSE(IsServiceLinkedRoleArn(
      "arn:aws:s3:::bucket/x:role/aws-service-role/y"));
  EXPECT_FALSE(IsServiceLinkedRoleArn(
      "arn:aws:iam::111122223333:user/aws-service-role/u"));
}

TEST(PrincipalsTest, NamesAndIds) {
  EXPECT_TRUE(IsIamName("ata-edge_task+=,.@"));
  EXPECT_FALSE(IsIamName(""));
  EXPECT_FALSE(IsIamName(std::string(65, 'a')));
  EXPECT_FALSE(IsIamName("a/b"));
  EXPECT_TRUE(IsUniqueId("AROAEXAMPLEID12345"));
  EXPECT_TRUE(IsUniqueId("AIDAEXAMPLEID12345"));
  EXPECT_FALSE(IsUniqueId("AROAshort"));
  EXPECT_FALSE(IsUniqueId("AKIAEXAMPLEID12345"));
}

TEST(PrincipalsTest, PlaceholderUniqueIdIsStable) {
  const std::string a =
      PlaceholderUniqueId("AROA", "arn:aws:iam::111122223333:role/a");
  EXPECT_EQ(a.size(), 21u);
  EXPECT_EQ(a.substr(0, 4), "AROA");
  EXPECT_EQ(a, PlaceholderUniqueId("AROA", "arn:aws:iam::111122223333:role/a"));
  EXPECT_NE(a, PlaceholderUniqueId("AROA", "arn:aws:iam::111122223333:role/b"));
  EXPECT_TRUE(IsUniqueId(a));
}

}  // namespace
}  // namespace aws
}  // namespace iameval
