// iameval: offline AWS IAM policy evaluation.
//
// Drives the built `iameval` binary (IAMEVAL_CLI) through `lint` and the
// global options: exit statuses 0/1/2, stdout/stderr split, options before
// or after files, and JSON/SARIF output that parses.

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "base/source.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "json/reader.h"
#include "testing/run_command.h"

namespace iameval {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using Result = testing::CommandResult;

// Runs `iameval <args>` in fixtures/policies/<subdir>.
Result Iameval(const std::string& args, const std::string& subdir = "") {
  return testing::RunCommand(
      std::string(IAMEVAL_FIXTURES_DIR) + "/policies/" + subdir, IAMEVAL_CLI,
      args);
}

absl::StatusOr<json::Node> ParseJson(const std::string& text) {
  Source source("stdout", text);
  return json::Parse(source);
}

TEST(CliTest, VersionAndHelp) {
  Result r = Iameval("--version");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "iameval 0.1.0\n");
  r = Iameval("--help");
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, StartsWith("usage: iameval <command>"));
  r = Iameval("lint --help");
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, StartsWith("usage: iameval lint POLICY..."));
  r = Iameval("help lint");
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, StartsWith("usage: iameval lint POLICY..."));
}

TEST(CliTest, UsageErrorsExitTwo) {
  struct Case {
    const char* args;
    const char* stderr_has;
  };
  const Case kCases[] = {
      {"", "usage: iameval"},
      {"frobnicate", "iameval: unknown command \"frobnicate\""},
      {"lint", "no policy files given"},
      {"lint valid/boundary-s3-only.boundary.json --kind admin",
       "unknown --kind \"admin\""},
      {"lint valid/boundary-s3-only.boundary.json --format xml",
       "unknown --format \"xml\""},
      {"lint --verbose valid/boundary-s3-only.boundary.json",
       "unknown option \"--verbose\""},
      {"lint valid/boundary-s3-only.boundary.json --kind",
       "option --kind needs a value"},
  };
  for (const Case& c : kCases) {
    Result r = Iameval(c.args);
    EXPECT_EQ(r.status, 2) << c.args;
    EXPECT_THAT(r.err, HasSubstr(c.stderr_has)) << c.args;
    EXPECT_EQ(r.out, "") << c.args;
  }
  // The message comes first, before the usage text.
  EXPECT_THAT(Iameval("frobnicate").err,
              StartsWith("iameval: unknown command \"frobnicate\""));
}

TEST(CliTest, LintExitStatuses) {
  Result r = Iameval("lint --kind boundary valid/boundary-s3-only.boundary.json");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "0 errors, 0 warnings in 1 file\n");
  EXPECT_EQ(r.err, "");

  // Warnings only.
  r = Iameval("lint valid/edge-trust-same-account.trust.json --kind trust");
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.out, HasSubstr("valid/edge-trust-same-account.trust.json:6:20: "
                               "warning: [IAM.TrustAccountWithoutCondition]"));
  EXPECT_THAT(r.out, EndsWith("0 errors, 1 warning in 1 file\n"));

  // Non-fatal errors: AWS accepts the policy, so 1, not 2.
  r = Iameval("lint --kind identity valid/lint-condition-values.identity.json");
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.out, HasSubstr("error: [IAM.InvalidConditionValue]"));

  // A fatal finding (the Security Blog's leading space).
  r = Iameval("lint --kind identity invalid/blog-permissions-leading-space.identity.json");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.out, HasSubstr(":7:19: error: [IAM.InvalidResource] "
                               "/Statement/0/Resource: found the resource \" arn:"));

  r = Iameval("lint invalid/not-json.identity.json");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.out, HasSubstr("error: [IAM.InvalidJson]"));

  r = Iameval("lint no-such-file.json valid/boundary-s3-only.boundary.json");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "no-such-file.json: cannot read: No such file or directory\n");
  EXPECT_EQ(r.out, "0 errors, 0 warnings in 1 file\n");

}

// `iameval lint -` reads one policy from standard input (a pipe), names it
// <stdin>, and caps its size as it caps a file's.
TEST(CliTest, LintReadsStandardInput) {
  const std::string dir = std::string(IAMEVAL_FIXTURES_DIR) + "/policies";
  const std::string boundary =
      R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Action": "s3:*", "Resource": "*"}]})";
  Result r =
      testing::RunCommandWithStdin(dir, IAMEVAL_CLI, "lint -", boundary);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "0 errors, 0 warnings in 1 file\n");
  r = testing::RunCommandWithStdin(dir, IAMEVAL_CLI,
                                   "lint --format json -", boundary);
  absl::StatusOr<json::Node> root = ParseJson(r.out);
  ASSERT_TRUE(root.ok()) << root.status() << "\n" << r.out;
  ASSERT_EQ(root->Find("files")->items.size(), 1u);
  EXPECT_EQ(root->Find("files")->items[0].text, "<stdin>");
  r = testing::RunCommandWithStdin(
      dir, IAMEVAL_CLI, "lint -",
      "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\",\n"
      " \"Action\": [\"s3:GetObject\", true], \"Resource\": \"*\"}]}");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.out + r.err,
              HasSubstr("<stdin>:2:29: error: [IAM.InvalidType] "
                        "/Statement/0/Action/1: found true; expected a "
                        "string"));
  r = testing::RunCommandWithStdin(dir, IAMEVAL_CLI, "lint -", boundary,
                                   "IAMEVAL_MAX_INPUT_BYTES=10");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, StartsWith("<stdin>: found a file larger than 10 bytes; "
                                "expected at most 10 bytes"));
  // With files; standard input once only.
  r = testing::RunCommandWithStdin(
      dir, IAMEVAL_CLI, "lint valid/boundary-s3-only.boundary.json -",
      boundary);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "0 errors, 0 warnings in 2 files\n");
  r = testing::RunCommandWithStdin(dir, IAMEVAL_CLI, "lint - -", boundary);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "iameval lint: -: found standard input named twice; "
                   "expected it once\n");
}

// A directory is linted as every *.json file below it, sorted; a quoted
// pattern is expanded by iameval (** for any number of directories); a
// pattern or directory that yields nothing is bad usage.
TEST(CliTest, LintWalksDirectoriesAndExpandsPatterns) {
  // The fixtures' file names, sorted as `ls` in the C locale sorts them.
  std::string listed =
      testing::RunCommand(std::string(IAMEVAL_FIXTURES_DIR) + "/policies",
                          "ls", "valid/*.json", "LC_ALL=C")
          .out;
  std::vector<std::string> expected =
      absl::StrSplit(listed, '\n', absl::SkipEmpty());
  ASSERT_GT(expected.size(), 10u);
  for (const char* args :
       {"lint valid --format json", "lint valid/ --format json",
        "lint 'valid/*.json' --format json",
        "lint '**/valid/*.json' --format json"}) {
    Result r = Iameval(args);
    EXPECT_EQ(r.status, 1) << args << ": " << r.err;
    absl::StatusOr<json::Node> root = ParseJson(r.out);
    ASSERT_TRUE(root.ok()) << args << ": " << root.status();
    std::vector<std::string> files;
    for (const json::Node& f : root->Find("files")->items) {
      files.push_back(f.text);
    }
    EXPECT_EQ(files, expected) << args;
  }
  // Run in valid/: no directory prefix.
  Result r = Iameval("lint . --format json", "valid");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_THAT(r.out, StartsWith("{\"files\": [\"" +
                                expected[0].substr(6) + "\""));
  // Both trees, invalid included: status 2.
  r = Iameval("lint '**/*.identity.json'");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.out, HasSubstr("invalid/action-array-bool.identity.json:"));
  r = Iameval("lint 'valid/*.yaml'");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "iameval lint: valid/*.yaml: found no file matching the "
                   "pattern; expected at least one\n");
  EXPECT_EQ(r.out, "");
}

TEST(CliTest, TextOutputMatchesTheGolden) {
  // In fixtures/policies/valid the file names match the golden's.
  Result r = Iameval(
      "lint ataccama-read-secrets.identity.json --kind identity", "valid");
  EXPECT_EQ(r.status, 1);
  std::ifstream in(std::string(IAMEVAL_FIXTURES_DIR) +
                   "/policies/valid/ataccama-read-secrets.lint.expected");
  std::stringstream golden;
  golden << in.rdbuf();
  EXPECT_EQ(r.out, golden.str());
}

TEST(CliTest, GuessesTheKindWithoutKindOption) {
  Result guessed = Iameval("lint valid/edge-trust-same-account.trust.json");
  Result explicit_kind =
      Iameval("lint valid/edge-trust-same-account.trust.json --kind trust");
  EXPECT_EQ(guessed.status, 1);
  EXPECT_EQ(guessed.out, explicit_kind.out);
  // Read as an identity policy the same file is invalid (Principal).
  Result identity =
      Iameval("lint --kind identity valid/edge-trust-same-account.trust.json");
  EXPECT_EQ(identity.status, 2);
  EXPECT_THAT(identity.out, HasSubstr("[IAM.ForbiddenElement]"));
}

TEST(CliTest, JsonOutputParses) {
  Result r = Iameval(
      "lint valid/lint-mistyped-key.trust.json --format json "
      "valid/boundary-s3-only.boundary.json --kind trust");
  // boundary-s3-only read as a trust policy: Resource is forbidden.
  EXPECT_EQ(r.status, 2);
  absl::StatusOr<json::Node> root = ParseJson(r.out);
  ASSERT_TRUE(root.ok()) << root.status() << "\n" << r.out;
  const json::Node* files = root->Find("files");
  ASSERT_NE(files, nullptr);
  ASSERT_EQ(files->items.size(), 2u);
  EXPECT_EQ(files->items[1].text, "valid/boundary-s3-only.boundary.json");
  const json::Node* findings = root->Find("findings");
  ASSERT_NE(findings, nullptr);
  ASSERT_GE(findings->items.size(), 3u);
  const json::Node& first = findings->items[0];
  for (const char* field :
       {"file", "line", "column", "pointer", "severity", "code", "message"}) {
    EXPECT_NE(first.Find(field), nullptr) << field;
  }
  EXPECT_EQ(first.Find("code")->text, "IAM.MistypedConditionKey");
  EXPECT_EQ(first.Find("severity")->text, "warning");
  EXPECT_EQ(first.Find("line")->type, json::Type::kNumber);
  bool forbidden = false;
  for (const json::Node& f : findings->items) {
    forbidden |= f.Find("code")->text == "IAM.ForbiddenElement" &&
                 f.Find("file")->text == "valid/boundary-s3-only.boundary.json";
  }
  EXPECT_TRUE(forbidden);
}

TEST(CliTest, SarifOutputParses) {
  Result r = Iameval("lint --format=sarif valid/alation-read-secrets.identity.json");
  EXPECT_EQ(r.status, 1);
  absl::StatusOr<json::Node> root = ParseJson(r.out);
  ASSERT_TRUE(root.ok()) << root.status() << "\n" << r.out;
  EXPECT_EQ(root->Find("version")->text, "2.1.0");
  ASSERT_NE(root->Find("$schema"), nullptr);
  const json::Node& run = root->Find("runs")->items.at(0);
  EXPECT_EQ(run.Find("tool")->Find("driver")->Find("name")->text, "iameval");
  const json::Node& result = run.Find("results")->items.at(0);
  EXPECT_EQ(result.Find("ruleId")->text, "IAM.SecretReadOnAllResources");
  EXPECT_EQ(result.Find("level")->text, "warning");
  const json::Node* region = result.Find("locations")
                                 ->items.at(0)
                                 .Find("physicalLocation")
                                 ->Find("region");
  EXPECT_EQ(region->Find("startLine")->text, "8");
  EXPECT_EQ(region->Find("startColumn")->text, "19");
}

TEST(CliTest, SarifUnreadableFileFailsTheInvocation) {
  Result r = Iameval(
      "lint --format sarif valid/alation-read-secrets.identity.json "
      "valid/no-such-file.json");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("valid/no-such-file.json: cannot read: "));
  absl::StatusOr<json::Node> root = ParseJson(r.out);
  ASSERT_TRUE(root.ok()) << root.status() << "\n" << r.out;
  const json::Node& run = root->Find("runs")->items.at(0);
  ASSERT_NE(run.Find("invocations"), nullptr) << r.out;
  const json::Node& invocation = run.Find("invocations")->items.at(0);
  ASSERT_NE(invocation.Find("executionSuccessful"), nullptr);
  EXPECT_FALSE(invocation.Find("executionSuccessful")->boolean);
  ASSERT_NE(invocation.Find("toolExecutionNotifications"), nullptr);
  EXPECT_THAT(invocation.Find("toolExecutionNotifications")
                  ->items.at(0)
                  .Find("message")
                  ->Find("text")
                  ->text,
              StartsWith("valid/no-such-file.json: cannot read: "));
  // The readable file's findings are still there.
  EXPECT_EQ(run.Find("results")->items.at(0).Find("ruleId")->text,
            "IAM.SecretReadOnAllResources");
}

TEST(CliTest, LintOutputAndColor) {
  const std::string path = ::testing::TempDir() + "/iameval_lint." +
                           std::to_string(getpid()) + ".sarif";
  Result r = Iameval("lint --format sarif --output " + path +
                     " valid/alation-read-secrets.identity.json");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(r.out, "0 errors, 1 warning in 1 file\n");
  std::ifstream in(path);
  std::stringstream report;
  report << in.rdbuf();
  std::remove(path.c_str());
  absl::StatusOr<json::Node> root = ParseJson(report.str());
  ASSERT_TRUE(root.ok()) << root.status() << "\n" << report.str();
  EXPECT_EQ(root->Find("version")->text, "2.1.0");

  r = Iameval("lint --output /nonexistent-dir/x.sarif "
              "valid/alation-read-secrets.identity.json");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, StartsWith("iameval lint: --output: cannot write "
                                "/nonexistent-dir/x.sarif: "));

  r = Iameval("lint --color=always valid/alation-read-secrets.identity.json");
  EXPECT_THAT(r.out, HasSubstr(": \x1b[33mwarning\x1b[0m: "));
  r = Iameval("lint valid/alation-read-secrets.identity.json");
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos);  // not a terminal
  EXPECT_THAT(Iameval("lint --help").out, HasSubstr("--output FILE"));
}

TEST(CliTest, EveryFixtureGetsItsExitStatus) {
  // Valid fixtures: 0 or 1; invalid ones: 2 (with the kind from the name).
  for (const char* dir : {"valid", "invalid"}) {
    std::string names =
        testing::RunCommand(
            std::string(IAMEVAL_FIXTURES_DIR) + "/policies/" + dir, "ls",
            "*.json")
            .out;
    std::istringstream lines(names);
    std::string name;
    int count = 0;
    while (std::getline(lines, name)) {
      std::string base = name.substr(0, name.size() - 5);
      std::string kind = base.substr(base.rfind('.') + 1);
      Result r = Iameval("lint --kind " + kind + " " + std::string(dir) + "/" + name);
      if (std::string(dir) == "valid") {
        EXPECT_TRUE(r.status == 0 || r.status == 1) << name << ": " << r.out;
      } else {
        EXPECT_EQ(r.status, 2) << name << ": " << r.out;
      }
      ++count;
    }
    EXPECT_GT(count, 10) << dir;
  }
}

}  // namespace
}  // namespace iameval
