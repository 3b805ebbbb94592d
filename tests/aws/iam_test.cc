// iameval: offline AWS IAM policy evaluation.

#include "aws/iam.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace iameval {
namespace aws {
namespace {

TEST(IamTest, ManagedPolicyArns) {
  const struct {
    const char* text;
    const char* account;
    const char* path_name;
    const char* name;
    bool aws_managed;
  } cases[] = {
      {"arn:aws:iam::aws:policy/ReadOnlyAccess", "aws", "ReadOnlyAccess",
       "ReadOnlyAccess", true},
      {"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "aws",
       "service-role/AWSLambdaBasicExecutionRole", "AWSLambdaBasicExecutionRole",
       true},
      {"arn:aws:iam::111122223333:policy/edge/team-a/read-secrets",
       "111122223333", "edge/team-a/read-secrets", "read-secrets", false},
      {"arn:aws-cn:iam::111122223333:policy/p+=,.@-_", "111122223333",
       "p+=,.@-_", "p+=,.@-_", false},
  };
  for (const auto& c : cases) {
    iam::ManagedPolicyArnView v;
    ASSERT_TRUE(iam::ParseManagedPolicyArn(c.text, &v).ok()) << c.text;
    EXPECT_EQ(v.account, c.account) << c.text;
    EXPECT_EQ(v.path_name, c.path_name) << c.text;
    EXPECT_EQ(v.name, c.name) << c.text;
    EXPECT_EQ(v.aws_managed, c.aws_managed) << c.text;
  }
  for (const char* bad : {
           "arn:aws:iam::111122223333:role/r",          // not a policy
           "arn:aws:iam::aws:policy/",                  // no name
           "arn:aws:iam::aws:policy/path/",             // no name
           "arn:aws:iam::aws:policy//x",                // empty segment
           "arn:aws:iam::aws:policy/a//x",              // empty segment
           "arn:aws:iam::1111:policy/x",                // short account
           "arn:aws:iam::aws:policy/has space",         // name character
           "arn:aws:iam:eu-west-1:aws:policy/x",        // IAM is global
           "arn:aws:s3::aws:policy/x",                  // not IAM
           "ReadOnlyAccess",
       }) {
    iam::ManagedPolicyArnView v;
    absl::Status s = iam::ParseManagedPolicyArn(bad, &v);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_THAT(std::string(s.message()),
                ::testing::EndsWith(iam::kManagedPolicyArnShape));
  }
}

}  // namespace
}  // namespace aws
}  // namespace iameval
