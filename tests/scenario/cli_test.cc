// iameval: offline AWS IAM policy evaluation.
//
// Runs the built `iameval` binary (IAMEVAL_CLI_PATH) and checks the CLI
// contract (docs/index.md): exit statuses 0/1/2, the text summary line, the
// exact shape of `iameval test --format json`, and the report options.

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/source.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "json/reader.h"
#include "testing/run_command.h"

namespace iameval {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

std::string Dir() {
  static const std::string dir = [] {
    std::string d = absl::StrCat("/tmp/iameval_cli_test_", getpid());
    std::string cmd = absl::StrCat("mkdir -p ", d);
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    return d;
  }();
  return dir;
}

void Write(const std::string& name, const std::string& text) {
  std::ofstream(Dir() + "/" + name) << text;
}

void MakeDir(const std::string& name) {
  std::string cmd = absl::StrCat("mkdir -p '", Dir(), "/", name, "'");
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

using CliRun = testing::CommandResult;

// Runs `iameval <args>` in Dir() with NO_COLOR set; stdout is a pipe.
CliRun Iameval(const std::string& args) {
  return testing::RunCommand(Dir(), IAMEVAL_CLI_PATH, args, "NO_COLOR=1");
}

// As Iameval, with `input` on standard input (a pipe).
CliRun IamevalWithStdin(const std::string& args, const std::string& input,
                        const std::string& env = "") {
  return testing::RunCommandWithStdin(Dir(), IAMEVAL_CLI_PATH, args, input,
                                      "NO_COLOR=1 " + env);
}

constexpr char kWorld[] = R"({
  "users": [
    {"arn": "arn:aws:iam::111122223333:user/reader",
     "policies": [{"name": "read-exports", "document": {"Version": "2012-10-17",
       "Statement": [{"Sid": "ReadExports", "Effect": "Allow",
                      "Action": "s3:GetObject",
                      "Resource": "arn:aws:s3:::exports/*"}]}}]},
    {"arn": "arn:aws:iam::111122223333:user/nobody"}
  ],
  "resources": [
    {"arn": "arn:aws:s3:::exports/a.csv", "account": "111122223333"}
  ]
})";

constexpr char kTests[] = R"json({
  "world": "world.json",
  "tests": [
    {"name": "reader reads an export",
     "principal": "arn:aws:iam::111122223333:user/reader",
     "action": "s3:GetObject", "resource": "arn:aws:s3:::exports/a.csv",
     "expect": "allow"},
    {"name": "nobody reads an export (wrong expectation)",
     "principal": "arn:aws:iam::111122223333:user/nobody",
     "action": "s3:GetObject", "resource": "arn:aws:s3:::exports/a.csv",
     "expect": "allow"}
  ]
})json";

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Write("world.json", kWorld);
    Write("mixed.test.json", kTests);
    std::string passing = kTests;
    passing.replace(passing.rfind("\"allow\""), 7, "\"implicit_deny\"");
    Write("passing.test.json", passing);
  }
};

TEST_F(CliTest, Version) {
  CliRun r = Iameval("--version");
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, StartsWith("iameval "));
}

TEST_F(CliTest, Help) {
  CliRun r = Iameval("--help");
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, HasSubstr("usage: iameval"));
  EXPECT_THAT(r.out, HasSubstr("may be - (standard input)"));
  r = Iameval("test --help");
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, StartsWith("usage: iameval test FILE..."));
  EXPECT_THAT(r.out, HasSubstr("--run REGEX"));
  EXPECT_THAT(r.out, HasSubstr("'fixtures/**/*.test.json'"));
  // Help cites the user docs, not the specification.
  EXPECT_THAT(r.out, HasSubstr("docs/format.md"));
  EXPECT_EQ(r.out.find("FORMAT.md"), std::string::npos);
  r = Iameval("check --help");
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, StartsWith("usage: iameval check WORLD"));
  EXPECT_THAT(r.out, HasSubstr("WORLD - reads the world from standard input"));
}

TEST_F(CliTest, AllPassingExitsZero) {
  CliRun r = Iameval("test passing.test.json");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out,
            "PASS reader reads an export\n"
            "PASS nobody reads an export (wrong expectation)\n"
            "2 passed, 0 failed\n");
}

TEST_F(CliTest, FailingTestExitsOneAndExplains) {
  CliRun r = Iameval("test mixed.test.json");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_THAT(r.out, StartsWith("PASS reader reads an export\n"
                                "FAIL nobody reads an export (wrong "
                                "expectation) (expected allow, got "
                                "implicit_deny)\n    step 0: s3:GetObject"));
  EXPECT_THAT(r.out, ::testing::EndsWith("\n1 passed, 1 failed\n"));
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos);  // not a terminal
}

TEST_F(CliTest, JsonShapeIsExactlyTheContract) {
  // Options may stand before or after the files.
  for (const char* args : {"test --format json mixed.test.json",
                           "test mixed.test.json --format=json"}) {
    CliRun r = Iameval(args);
    EXPECT_EQ(r.status, 1) << r.err;
    Source src("out.json", r.out);
    absl::StatusOr<json::Node> root = json::Parse(src);
    ASSERT_TRUE(root.ok()) << root.status() << "\n" << r.out;
    std::vector<std::string> keys;
    for (const json::Member& m : root->members) keys.push_back(m.key);
    EXPECT_THAT(keys, ElementsAre("passed", "failed", "tests"));
    EXPECT_EQ(root->Find("passed")->text, "1");
    EXPECT_EQ(root->Find("failed")->text, "1");
    const json::Node* tests = root->Find("tests");
    ASSERT_EQ(tests->items.size(), 2u);
    for (const json::Node& t : tests->items) {
      std::vector<std::string> tkeys;
      for (const json::Member& m : t.members) tkeys.push_back(m.key);
      EXPECT_THAT(tkeys, ElementsAre("file", "name", "expect", "decision",
                                     "pass", "explanation"));
      EXPECT_EQ(t.Find("file")->text, "mixed.test.json");
      EXPECT_TRUE(t.Find("explanation")->is_array());
    }
    const json::Node& failed = tests->items[1];
    EXPECT_EQ(failed.Find("name")->text,
              "nobody reads an export (wrong expectation)");
    EXPECT_EQ(failed.Find("expect")->text, "allow");
    EXPECT_EQ(failed.Find("decision")->text, "implicit_deny");
    EXPECT_EQ(failed.Find("pass")->type, json::Type::kBool);
    EXPECT_FALSE(failed.Find("pass")->boolean);
    EXPECT_TRUE(tests->items[0].Find("pass")->boolean);
    EXPECT_EQ(tests->items[0].Find("decision")->text, "allow");
    // Explanation entries carry the documented keys.
    for (const json::Node& t : tests->items) {
      for (const json::Node& e : t.Find("explanation")->items) {
        for (const char* k :
             {"step", "principal", "action", "resource", "kind", "layer",
              "message", "policy", "statement", "sid", "line", "conditions"}) {
          EXPECT_NE(e.Find(k), nullptr) << k;
        }
      }
    }
  }
}

TEST_F(CliTest, JunitReport) {
  CliRun r = Iameval("test mixed.test.json --format junit");
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.out, StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                "<testsuites name=\"iameval\" tests=\"2\" "
                                "failures=\"1\" errors=\"0\" time=\""));
  EXPECT_THAT(r.out, HasSubstr("<testsuite name=\"mixed.test.json\" "
                               "tests=\"2\" failures=\"1\" errors=\"0\" "
                               "skipped=\"0\" time=\""));
  EXPECT_THAT(r.out, HasSubstr("file=\"mixed.test.json\">\n    <testcase "
                               "name=\"reader reads an export\" "
                               "classname=\"mixed_test\" time=\""));
  EXPECT_THAT(r.out, HasSubstr("<failure message=\"expected allow, got "
                               "implicit_deny\""));
}

TEST_F(CliTest, BadInputExitsTwoWithLocation) {
  CliRun r = Iameval("test missing.test.json");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("missing.test.json: cannot read: No such file"));
  EXPECT_EQ(r.out,
            "ERROR missing.test.json: cannot read: No such file or "
            "directory\n0 passed, 0 failed, 1 error\n");

  Write("bad.test.json",
        "{\"world\": \"world.json\",\n \"tests\": [{\"name\": \"x\", "
        "\"expect\": \"allow\", \"principal\": "
        "\"arn:aws:iam::111122223333:user/ghost\", \"action\": \"s3:GetObject\", "
        "\"resource\": \"*\"}]}");
  r = Iameval("test bad.test.json");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, StartsWith("bad.test.json:2:"));
  EXPECT_THAT(r.err, HasSubstr("/tests/0/principal: test \"x\": found "
                               "\"arn:aws:iam::111122223333:user/ghost\"; "
                               "expected a user defined in the world's "
                               "\"users\""));

  Write("typo.test.json",
        "{\"world\": \"world.json\", \"tests\": [{\"name\": \"x\", "
        "\"expcet\": \"allow\"}]}");
  r = Iameval("test typo.test.json");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("/tests/0/expcet: found unknown key "
                               "\"expcet\""));

  r = Iameval("test --format yaml passing.test.json");
  EXPECT_EQ(r.status, 2);
  r = Iameval("test");
  EXPECT_EQ(r.status, 2);
}

// One bad file does not stop the others: each format reports it in its
// place with the results of the other files, and the exit status is 2.
TEST_F(CliTest, ABadFileIsReportedAndTheOthersStillRun) {
  Write("broken.test.json", "{\"world\": \"world.json\", \"tests\": [\n");
  const std::string files =
      "passing.test.json broken.test.json mixed.test.json nothere.test.json";
  CliRun r = Iameval("test " + files);
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.out, StartsWith("== passing.test.json\n"
                                "PASS reader reads an export\n"
                                "PASS nobody reads an export (wrong "
                                "expectation)\n"
                                "ERROR broken.test.json:2:1: "));
  EXPECT_THAT(r.out, HasSubstr("\nFAIL nobody reads an export (wrong "
                               "expectation) (expected allow, got "
                               "implicit_deny)\n"));
  EXPECT_THAT(r.out, ::testing::EndsWith(
                         "\nERROR nothere.test.json: cannot read: No such "
                         "file or directory\n3 passed, 1 failed, 2 errors\n"));
  EXPECT_THAT(r.err, StartsWith("broken.test.json:2:1: "));
  EXPECT_THAT(r.err, HasSubstr("\nnothere.test.json: cannot read: "));

  r = Iameval("test --format json " + files);
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, StartsWith("broken.test.json:2:1: "));
  EXPECT_THAT(r.err, HasSubstr("\nnothere.test.json: cannot read: "));
  Source src("out.json", r.out);
  absl::StatusOr<json::Node> root = json::Parse(src);
  ASSERT_TRUE(root.ok()) << root.status() << "\n" << r.out;
  std::vector<std::string> keys;
  for (const json::Member& m : root->members) keys.push_back(m.key);
  EXPECT_THAT(keys, ElementsAre("passed", "failed", "errors", "tests"));
  const json::Node* errors = root->Find("errors");
  ASSERT_EQ(errors->items.size(), 2u);
  EXPECT_EQ(errors->items[0].Find("file")->text, "broken.test.json");
  EXPECT_THAT(errors->items[0].Find("message")->text,
              StartsWith("broken.test.json:2:1: "));
  EXPECT_EQ(errors->items[1].Find("file")->text, "nothere.test.json");
  EXPECT_EQ(root->Find("tests")->items.size(), 4u);

  r = Iameval("test --format junit " + files);
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.out, HasSubstr("<testsuites name=\"iameval\" tests=\"6\" "
                               "failures=\"1\" errors=\"2\" "));
  EXPECT_THAT(r.out, HasSubstr("<testsuite name=\"broken.test.json\" "
                               "tests=\"1\" failures=\"0\" errors=\"1\" "));
  EXPECT_THAT(r.out, HasSubstr("<testcase name=\"nothere.test.json\" "
                               "classname=\"nothere_test\" time=\"0.000\">\n"
                               "      <error message=\"nothere.test.json: "
                               "cannot read: No such file or directory\" "
                               "type=\"NOT_FOUND\">"));
  EXPECT_THAT(r.out, HasSubstr("<testsuite name=\"mixed.test.json\" "));
}

TEST_F(CliTest, OutputWritesTheReportAndPrintsTheSummary) {
  std::remove((Dir() + "/report.xml").c_str());
  CliRun r = Iameval("test mixed.test.json --format junit --output report.xml");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(r.out, "1 passed, 1 failed\n");
  std::ifstream in(Dir() + "/report.xml");
  std::string report((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
  EXPECT_THAT(report, StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                 "<testsuites name=\"iameval\" tests=\"2\""));

  r = Iameval("test passing.test.json missing.test.json --output=report.txt");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "2 passed, 0 failed, 1 error\n");

  r = Iameval("test passing.test.json --output no-such-dir/report.xml");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "iameval test: --output: cannot write no-such-dir/report.xml: No "
            "such file or directory\n");

  r = Iameval(
      "check world.json --principal arn:aws:iam::111122223333:user/reader "
      "--action s3:GetObject --resource arn:aws:s3:::exports/a.csv "
      "--format json --output check.json");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "decision: allow\n");
  std::ifstream check(Dir() + "/check.json");
  std::string json((std::istreambuf_iterator<char>(check)),
                   std::istreambuf_iterator<char>());
  EXPECT_THAT(json, StartsWith("{\"principal\":\"arn:aws:iam::111122223333:"
                               "user/reader\""));
}

TEST_F(CliTest, FailuresOnly) {
  CliRun r = Iameval("test mixed.test.json --format json --failures-only");
  EXPECT_EQ(r.status, 1) << r.err;
  Source src("out.json", r.out);
  absl::StatusOr<json::Node> root = json::Parse(src);
  ASSERT_TRUE(root.ok()) << root.status() << "\n" << r.out;
  EXPECT_EQ(root->Find("passed")->text, "1");
  ASSERT_EQ(root->Find("tests")->items.size(), 1u);
  EXPECT_EQ(root->Find("tests")->items[0].Find("name")->text,
            "nobody reads an export (wrong expectation)");

  r = Iameval("test mixed.test.json --failures-only");
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.out, StartsWith("FAIL nobody reads an export"));

  r = Iameval("test mixed.test.json --format junit --failures-only");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("--failures-only applies to text and json"));
}

TEST_F(CliTest, ColorOption) {
  // NO_COLOR=1 is set: an explicit --color=always still colours.
  CliRun r = Iameval("test mixed.test.json --color=always");
  EXPECT_THAT(r.out, StartsWith("\x1b[32mPASS\x1b[0m reader reads"));
  r = Iameval("test mixed.test.json --color never");
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos);
  r = Iameval("test mixed.test.json --color=sometimes");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown --color \"sometimes\"; expected auto, "
                               "always or never"));
  r = Iameval(
      "check world.json --principal arn:aws:iam::111122223333:user/nobody "
      "--action s3:GetObject --resource arn:aws:s3:::exports/a.csv "
      "--color=always");
  EXPECT_THAT(r.out, StartsWith("decision: \x1b[31mimplicit_deny\x1b[0m\n"));
  // --output: the file never gets colours.
  r = Iameval("test mixed.test.json --color=always --output plain.txt");
  std::ifstream in(Dir() + "/plain.txt");
  std::string report((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
  EXPECT_THAT(report, StartsWith("PASS reader reads"));
}

// Auto colour on a terminal (script(1) gives the command one): on unless
// NO_COLOR is set to a non-empty value (https://no-color.org).
TEST_F(CliTest, ColorAutoFollowsNoColor) {
  if (access("/usr/bin/script", X_OK) != 0) GTEST_SKIP() << "no script(1)";
  auto on_tty = [](const std::string& env) {
    return testing::RunCommand(
        Dir(), "/usr/bin/script",
        "-qec \"env " + env + " '" + std::string(IAMEVAL_CLI_PATH) +
            "' test passing.test.json\" /dev/null");
  };
  EXPECT_THAT(on_tty("-u NO_COLOR").out, HasSubstr("\x1b[32mPASS"));
  EXPECT_THAT(on_tty("NO_COLOR=").out, HasSubstr("\x1b[32mPASS"));
  CliRun r = on_tty("NO_COLOR=1");
  EXPECT_THAT(r.out, HasSubstr("PASS reader"));
  EXPECT_EQ(r.out.find("\x1b[32m"), std::string::npos);
}

TEST_F(CliTest, HelpCitesTheUserDocs) {
  for (const char* command : {"test", "check"}) {
    CliRun r = Iameval(std::string(command) + " --help");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out.find("FORMAT.md"), std::string::npos) << command;
    EXPECT_THAT(r.out, HasSubstr("--output FILE")) << command;
    EXPECT_THAT(r.out, HasSubstr("--color")) << command;
  }
  EXPECT_THAT(Iameval("test --help").out, HasSubstr("docs/format.md"));
  EXPECT_THAT(Iameval("test --help").out, HasSubstr("--failures-only"));
}

TEST_F(CliTest, CheckExitStatuses) {
  CliRun r = Iameval(
      "check world.json --principal arn:aws:iam::111122223333:user/reader "
      "--action s3:GetObject --resource arn:aws:s3:::exports/a.csv");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("decision: allow\n"));

  r = Iameval(
      "check --format json --principal arn:aws:iam::111122223333:user/nobody "
      "--action s3:GetObject --resource arn:aws:s3:::exports/a.csv "
      "world.json --context aws:SourceIp=203.0.113.5");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_THAT(r.out, StartsWith("{\"principal\":\"arn:aws:iam::111122223333:"
                                "user/nobody\",\"action\":\"s3:GetObject\","
                                "\"resource\":\"arn:aws:s3:::exports/a.csv\","
                                "\"decision\":\"implicit_deny\","
                                "\"explanation\":["));

  r = Iameval(
      "check world.json --principal arn:aws:iam::111122223333:user/ghost "
      "--action s3:GetObject --resource arn:aws:s3:::exports/a.csv");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("--principal: found"));

  r = Iameval("check world.json --action s3:GetObject");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("missing --principal"));

  r = Iameval(
      "check world.json --principal arn:aws:iam::111122223333:user/reader "
      "--action s3:GetObject --resource arn:aws:s3:::exports/a.csv "
      "--context novalue");
  EXPECT_EQ(r.status, 2);
}

// A wildcard or a space is not an action: evaluated literally, a request for
// "sqs:Purge*" would match no Deny on sqs:PurgeQueue but an sqs:* Allow.
// `check` follows the one request-action rule of test files and the library.
TEST_F(CliTest, CheckRejectsActionsThatAreNotActions) {
  for (const char* action : {"'s3:Get*'", "'s3:GetObject '", "'s3:Get?bject'",
                             "'s3:GetObject:x'", "s3:"}) {
    CliRun r = Iameval(absl::StrCat(
        "check world.json --principal arn:aws:iam::111122223333:user/reader "
        "--action ", action, " --resource arn:aws:s3:::exports/a.csv"));
    EXPECT_EQ(r.status, 2) << action << ": " << r.out;
    EXPECT_THAT(r.err, HasSubstr("--action: found")) << action;
    EXPECT_THAT(r.err, HasSubstr("no wildcards or spaces")) << action;
  }
}

// Hostile and mistaken inputs end with a message and status 2, never a
// hang, a crash or a silent pass.
TEST_F(CliTest, HostileInputsExitTwo) {
  CliRun r = Iameval("test /dev/zero");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "/dev/zero: found a character device; expected a regular "
                   "file\n");
  r = Iameval("check /dev/zero --principal arn:aws:iam::111122223333:user/reader "
              "--action s3:GetObject --resource arn:aws:s3:::exports/a.csv");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("found a character device"));
  // A directory is walked for policies (*.json); one without any is bad
  // usage, not a clean lint of nothing.
  MakeDir("no-policies");
  r = Iameval("lint no-policies");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "iameval lint: no-policies: found a directory without "
                   "*.json files; expected at least one\n");
  // A full disk is an error, not a clean exit with a cut report.
  r = Iameval("test passing.test.json > /dev/full");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("iameval: cannot write the output"));
  // A file without tests passes nothing.
  Write("empty.test.json", "{\"world\": \"world.json\", \"tests\": []}");
  r = Iameval("test empty.test.json");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "empty.test.json:1:34: /tests: found an empty \"tests\" "
                   "array; expected at least one test (iameval test "
                   "--allow-empty accepts a file without tests)\n");
  r = Iameval("test empty.test.json --allow-empty");
  EXPECT_EQ(r.status, 0) << r.err;
  // A byte order mark is named.
  Write("bom.test.json", "\xEF\xBB\xBF{}");
  r = Iameval("test bom.test.json");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("bom.test.json:1:1: (document): found a UTF-8 "
                               "byte order mark"));
}

// A world policy AWS accepts but that is wrong in part (a condition value
// that does not parse) is never silent: a located warning on stderr, in the
// JSON and JUnit reports, and bad input with --strict.
TEST_F(CliTest, WorldPolicyErrorsAreReported) {
  Write("bad-world.json", R"({"users": [{"arn": "arn:aws:iam::111122223333:user/reader",
  "policies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
     "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}}]}}]}]})");
  Write("bad.test.json", R"({"world": "bad-world.json", "tests": [
    {"name": "denied", "principal": "arn:aws:iam::111122223333:user/reader",
     "action": "s3:GetObject", "resource": "arn:aws:s3:::exports/a.csv",
     "expect": "implicit_deny"}]})");
  const std::string warning =
      "bad-world.json:4:50: warning: [IAM.InvalidConditionValue] "
      "/users/0/policies/0/document/Statement/0/Condition/IpAddress/"
      "aws:SourceIp: found the string \"10.0.0.0/33\" for \"IpAddress\"; "
      "expected an IPv4 or IPv6 address or CIDR range such as "
      "\"203.0.113.0/24\" (as written this Allow never applies) (a policy "
      "error in the world)\n";
  CliRun r = Iameval("test bad.test.json");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, warning);
  r = Iameval("test bad.test.json --strict");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, warning + "iameval test: --strict: 1 policy error(s) in "
                             "the world(s)\n");
  EXPECT_EQ(r.out, "");
  r = Iameval("test bad.test.json --format json");
  EXPECT_THAT(r.out, HasSubstr("\"policy_errors\":[{\"file\":\"bad-world.json\","
                               "\"line\":4,\"column\":50,"));
  r = Iameval("test bad.test.json --format junit");
  EXPECT_THAT(r.out, HasSubstr("<system-err>bad-world.json:4:50: warning: "
                               "[IAM.InvalidConditionValue]"));
  r = Iameval("check bad-world.json --principal "
              "arn:aws:iam::111122223333:user/reader --action s3:GetObject "
              "--resource arn:aws:s3:::exports/a.csv");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, warning);
  r = Iameval("check bad-world.json --strict --principal "
              "arn:aws:iam::111122223333:user/reader --action s3:GetObject "
              "--resource arn:aws:s3:::exports/a.csv");
  EXPECT_EQ(r.status, 2);
  // A clean world prints nothing and keeps the JSON contract's three keys.
  r = Iameval("test passing.test.json --strict");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "");
}

// An encryption context given to a direct kms:Decrypt is the call's own
// parameter, not an override of what the engine derives (it derives one only
// for the kms:Decrypt Secrets Manager makes): no warning.
TEST_F(CliTest, DirectDecryptEncryptionContextIsNoOverride) {
  Write("kms-world.json", R"({"roles": [
    {"arn": "arn:aws:iam::111122223333:role/app",
     "policies": [{"name": "p", "document": {"Version": "2012-10-17",
       "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt",
                      "Resource": "*"}]}}]}],
    "keys": [{"arn": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      "policy": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
         "Action": "kms:*", "Resource": "*"},
        {"Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt",
         "Resource": "*", "Condition": {"StringNotEquals":
           {"kms:EncryptionContext:team": "data"}}}]}}]})");
  const std::string call =
      "check kms-world.json --principal "
      "arn:aws:sts::111122223333:assumed-role/app/s --action kms:Decrypt "
      "--resource arn:aws:kms:eu-west-1:111122223333:key/"
      "1234abcd-12ab-34cd-56ef-1234567890ab";
  CliRun r = Iameval(call + " --context kms:EncryptionContext:team=data");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("decision: allow"));
  EXPECT_THAT(r.out, Not(HasSubstr("overriding")));
  r = Iameval(call);
  EXPECT_THAT(r.out, HasSubstr("decision: explicit_deny"));
}

// A test may override a key the engine derives (what-if), but a decision
// that rests on the override is flagged in every output: here a role claims
// another role's ARN and so passes a trust policy that admits only that one.
TEST_F(CliTest, DecisionsThatRestOnOverriddenDerivedKeysAreFlagged) {
  Write("trust-world.json", R"({"roles": [
    {"arn": "arn:aws:iam::111122223333:role/caller",
     "policies": [{"name": "p", "document": {"Version": "2012-10-17",
       "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                      "Resource": "*"}]}}]},
    {"arn": "arn:aws:iam::111122223333:role/target",
     "trust_policy": {"Version": "2012-10-17", "Statement": [{
       "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
       "Action": "sts:AssumeRole",
       "Condition": {"StringEquals": {"aws:PrincipalArn":
         "arn:aws:iam::111122223333:role/admin"}}}]}}]})");
  Write("override.test.json", R"({"world": "trust-world.json", "tests": [
    {"name": "claims another role", "expect": "allow",
     "principal": "arn:aws:sts::111122223333:assumed-role/caller/s",
     "action": "sts:AssumeRole",
     "resource": "arn:aws:iam::111122223333:role/target",
     "context": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin"}},
    {"name": "harmless override", "expect": "implicit_deny",
     "principal": "arn:aws:sts::111122223333:assumed-role/caller/s",
     "action": "sts:AssumeRole",
     "resource": "arn:aws:iam::111122223333:role/target",
     "context": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/other"}}]})");
  const std::string warning =
      "warning: the decision rests on the request context overriding "
      "aws:PrincipalArn, which iameval derives from the world and the call "
      "and AWS would never send with another value; without the override "
      "the decision is implicit_deny";
  CliRun r = Iameval("test override.test.json");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "PASS claims another role\n    " + warning +
                       "\nPASS harmless override\n2 passed, 0 failed\n");
  r = Iameval("test override.test.json --format json");
  EXPECT_THAT(r.out, HasSubstr("\"pass\":true,\"warnings\":[\"the decision "
                               "rests on the request context overriding "
                               "aws:PrincipalArn"));
  r = Iameval("test override.test.json --format junit");
  EXPECT_THAT(r.out, HasSubstr("<system-out>" + warning));
  r = Iameval(
      "check trust-world.json --principal "
      "arn:aws:sts::111122223333:assumed-role/caller/s --action sts:AssumeRole "
      "--resource arn:aws:iam::111122223333:role/target --context "
      "aws:PrincipalArn=arn:aws:iam::111122223333:role/admin");
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, HasSubstr("decision: allow\n  " + warning));
}

// A --context value AWS would never send for a key of known type is an
// input error (docs/semantics.md#odd-values); keys of unknown type take any
// text.
TEST_F(CliTest, CheckRejectsContextValuesOfTheWrongType) {
  for (const char* kv : {"aws:SourceIp=not-an-ip", "aws:SourceIp=10.0.0.0/8",
                         "aws:MultiFactorAuthAge=1e3",
                         "aws:SecureTransport=yes",
                         "aws:CurrentTime=2026-13-01"}) {
    CliRun r = Iameval(absl::StrCat(
        "check world.json --principal arn:aws:iam::111122223333:user/reader "
        "--action s3:GetObject --resource arn:aws:s3:::exports/a.csv "
        "--context ", kv));
    EXPECT_EQ(r.status, 2) << kv << ": " << r.out;
    EXPECT_THAT(r.err, HasSubstr(absl::StrCat("--context: found \"", kv,
                                              "\"; expected ")))
        << kv;
    EXPECT_THAT(r.err, HasSubstr("AWS sends no other value")) << kv;
  }
  CliRun r = Iameval(
      "check world.json --principal arn:aws:iam::111122223333:user/reader "
      "--action s3:GetObject --resource arn:aws:s3:::exports/a.csv "
      "--context s3:prefix=anything --context aws:SourceIp=203.0.113.7");
  EXPECT_NE(r.status, 2) << r.err;
}


// A request naming a secret the world does not list, in an account it
// knows, is a warning naming the nearest secret; --strict refuses it.
TEST_F(CliTest, UnlistedArnsWarnAndStrictRefusesThem) {
  Write("secret-world.json", R"({"users": [
    {"arn": "arn:aws:iam::111122223333:user/reader",
     "policies": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
       "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}]}],
    "secrets": [{"arn": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-password-AbCdEf",
      "kms_key": "arn:aws:kms:eu-west-1:111122223333:key/k1"}],
    "keys": [{"arn": "arn:aws:kms:eu-west-1:111122223333:key/k1",
      "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:role/admin"},
        "Action": "kms:*", "Resource": "*"}]}}]})");
  // The typo passes today: the unlisted secret gets the AWS managed key,
  // so the CMK's key policy (which would deny) is never consulted.
  Write("typo.test.json", R"({"world": "secret-world.json", "tests": [
    {"name": "typo", "expect": "allow",
     "principal": "arn:aws:iam::111122223333:user/reader",
     "action": "secretsmanager:GetSecretValue",
     "resource": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-pasword-AbCdEf"}]})");
  const std::string warning =
      "typo.test.json:5:18: warning: [Request.UnlistedArn] /tests/0/resource: "
      "found \"arn:aws:secretsmanager:eu-west-1:111122223333:secret:"
      "db-pasword-AbCdEf\", a secret of an account of the world that the "
      "world does not list (an unlisted secret has no resource policy and no "
      "tags, and is decrypted with the AWS managed key aws/secretsmanager); "
      "expected a secret of the world's \"secrets\" (did you mean "
      "\"arn:aws:secretsmanager:eu-west-1:111122223333:secret:"
      "db-password-AbCdEf\"?)\n";
  CliRun r = Iameval("test typo.test.json");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, warning);
  EXPECT_THAT(r.out, HasSubstr("PASS typo\n    warning: [Request.UnlistedArn] "
                               "/tests/0/resource: found"));
  r = Iameval("test typo.test.json --format json");
  EXPECT_THAT(r.out, HasSubstr("\"warnings\":[\"[Request.UnlistedArn] "));
  r = Iameval("test typo.test.json --strict");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr(warning + "iameval test: --strict: 1 "
                                         "request(s) naming an ARN the world "
                                         "does not list\n"));
  const std::string check =
      "check secret-world.json --principal "
      "arn:aws:iam::111122223333:user/reader --action "
      "secretsmanager:GetSecretValue --resource "
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-password";
  r = Iameval(check);
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.err, HasSubstr("iameval check: --resource: warning: "
                               "[Request.UnlistedArn] found"));
  EXPECT_THAT(r.err, HasSubstr("(did you mean \"arn:aws:secretsmanager:"
                               "eu-west-1:111122223333:secret:"
                               "db-password-AbCdEf\"?)"));
  EXPECT_THAT(r.out, HasSubstr("decision: allow\n  warning: "
                               "[Request.UnlistedArn] --resource: found"));
  r = Iameval(check + " --strict");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  // The listed secret: no warning, and the CMK denies.
  r = Iameval(
      "check secret-world.json --strict --principal "
      "arn:aws:iam::111122223333:user/reader --action "
      "secretsmanager:GetSecretValue --resource "
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-password-AbCdEf");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "");
}

// The traps the Secrets Manager guides warn about name their fix, in text
// ("fix:") and JSON ("hint"); a test may pin the layer that denied.
TEST_F(CliTest, DenialsNameTheFixForKnownTraps) {
  const std::string dir = std::string(IAMEVAL_FIXTURES_DIR) +
                          "/scenarios/pinned-reasons/pinned-reasons.test.json";
  CliRun r = Iameval("test --format json " + dir);
  EXPECT_EQ(r.status, 0) << r.err;
  for (const char* fix : {
           "re-encrypt the secret with a customer managed key whose key "
           "policy grants kms:Decrypt to account 111122223333 (or its role), "
           "or assume a role in account 444455556666",
           "names the secret without the \\\"-\\\" and 6 random characters "
           "Secrets Manager appends",
           "the request names no version stage",
           "no statement of the key policy of arn:aws:kms:eu-west-1:"
           "444455556666:key/0b5e7c1a-0000-4000-8000-00000000abcd names "
           "arn:aws:iam::444455556666:role/reader or its account "
           "444455556666"}) {
    EXPECT_THAT(r.out, HasSubstr(fix));
  }
  EXPECT_THAT(r.out, HasSubstr("\"expect_layer\":\"key_policy\""));
  // An explicit deny shows the values that made its condition hold.
  EXPECT_THAT(r.out,
              HasSubstr("\"kind\":\"denied_by\",\"layer\":\"identity policies "
                        "of arn:aws:iam::111122223333:role/app\""));
  EXPECT_THAT(r.out, HasSubstr("{\"operator\":\"NotIpAddress\",\"key\":"
                               "\"aws:SourceIp\",\"policy_values\":"
                               "[\"10.0.0.0/8\"],\"request_values\":"
                               "[\"203.0.113.5\"],\"key_present\":true"));
  r = Iameval(
      "check " + std::string(IAMEVAL_FIXTURES_DIR) +
      "/scenarios/pinned-reasons/world.json --principal "
      "arn:aws:iam::111122223333:role/app --action "
      "secretsmanager:GetSecretValue --resource "
      "arn:aws:secretsmanager:eu-west-1:444455556666:secret:db-password-AbCdEf "
      "--context secretsmanager:VersionStage=AWSCURRENT "
      "--context aws:SourceIp=10.0.0.1");
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.out, HasSubstr("\n      fix: arn:aws:secretsmanager:eu-west-1:"
                               "444455556666:secret:db-password-AbCdEf is "
                               "encrypted with the AWS managed key "
                               "aws/secretsmanager of account 444455556666"));
}


// --coverage lists the statements that decided nothing in any test, in
// text, JSON and as an LCOV tracefile.
TEST_F(CliTest, CoverageListsStatementsThatDecidedNothing) {
  Write("cov-world.json", R"({"users": [
    {"arn": "arn:aws:iam::111122223333:user/u",
     "policies": [{"name": "p", "document": {"Version": "2012-10-17",
       "Statement": [
         {"Sid": "Send", "Effect": "Allow", "Action": "sqs:SendMessage",
          "Resource": "*"},
         {"Sid": "Purge", "Effect": "Allow", "Action": "sqs:PurgeQueue",
          "Resource": "*"},
         {"Sid": "NoDelete", "Effect": "Deny", "Action": "sqs:DeleteQueue",
          "Resource": "*"}]}}]}]})");
  Write("cov.test.json", R"({"world": "cov-world.json", "tests": [
    {"name": "send", "expect": "allow",
     "principal": "arn:aws:iam::111122223333:user/u",
     "action": "sqs:SendMessage", "resource": "arn:aws:sqs:eu-west-1:111122223333:q"},
    {"name": "send again", "expect": "allow",
     "principal": "arn:aws:iam::111122223333:user/u",
     "action": "sqs:SendMessage", "resource": "arn:aws:sqs:eu-west-1:111122223333:q"},
    {"name": "delete", "expect": "explicit_deny",
     "principal": "arn:aws:iam::111122223333:user/u",
     "action": "sqs:DeleteQueue", "resource": "arn:aws:sqs:eu-west-1:111122223333:q"}]})");
  CliRun r = Iameval("test cov.test.json --coverage --coverage-file cov.info");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::EndsWith(
                         "3 passed, 0 failed\n"
                         "coverage: 2 of 3 statements decided in some test; "
                         "never decided:\n"
                         "  cov-world.json:7: \"p\" statement 1 (Sid "
                         "\"Purge\") Allow\n"));
  std::ifstream in(Dir() + "/cov.info");
  std::string lcov((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  EXPECT_EQ(lcov,
            "TN:iameval\nSF:cov-world.json\nDA:5,2\nDA:7,0\nDA:9,1\nLF:3\n"
            "LH:2\nend_of_record\n");
  r = Iameval("test cov.test.json --coverage --format json");
  EXPECT_THAT(r.out, ::testing::EndsWith(
                         "],\"coverage\":{\"statements\":3,\"decided\":2,"
                         "\"undecided\":[{\"file\":\"cov-world.json\",\"line\":"
                         "7,\"policy\":\"p\",\"statement\":1,\"sid\":"
                         "\"Purge\",\"effect\":\"Allow\"}]}}\n"));
  // Without --coverage nothing changes.
  r = Iameval("test cov.test.json");
  EXPECT_THAT(r.out, ::testing::EndsWith("3 passed, 0 failed\n"));
  r = Iameval("test cov.test.json --coverage-file /nonexistent/dir/cov.info");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "iameval test: --coverage-file: cannot write "
                   "/nonexistent/dir/cov.info: No such file or directory\n");
}

// `iameval test -` reads the test file from standard input, names it
// <stdin>, resolves its world path against the current directory, and
// reads it under the same size cap as a file.
TEST_F(CliTest, TestReadsStandardInput) {
  std::string passing = kTests;
  passing.replace(passing.rfind("\"allow\""), 7, "\"implicit_deny\"");
  CliRun r = IamevalWithStdin("test -", passing);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "PASS reader reads an export\n"
            "PASS nobody reads an export (wrong expectation)\n"
            "2 passed, 0 failed\n");
  r = IamevalWithStdin("test - --format json", passing);
  EXPECT_THAT(r.out, HasSubstr("{\"file\":\"<stdin>\",\"name\":\"reader"));
  // Relative to the current directory: a world in a subdirectory is
  // named with it.
  MakeDir("sub");
  Write("sub/world.json", kWorld);
  std::string in_sub = passing;
  in_sub.replace(in_sub.find("\"world.json\""), 12, "\"sub/world.json\"");
  r = IamevalWithStdin("test -", in_sub);
  EXPECT_EQ(r.status, 0) << r.err;
  r = IamevalWithStdin("test -", "{\"world\": \"missing.json\", \"tests\": []}");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("); expected the path of a world file, "
                               "relative to the current directory (the test "
                               "file is <stdin>)\n"));
  r = IamevalWithStdin("test -", "{\"world\": \"world.json\", \"tests\": 3}");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, StartsWith("<stdin>:1:"));
  r = IamevalWithStdin("test -", passing, "IAMEVAL_MAX_INPUT_BYTES=100");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "<stdin>: found a file larger than 100 bytes; expected at "
                   "most 100 bytes (set IAMEVAL_MAX_INPUT_BYTES to read "
                   "larger inputs)\n");
  EXPECT_EQ(r.out, "ERROR <stdin>: found a file larger than 100 bytes; "
                   "expected at most 100 bytes (set IAMEVAL_MAX_INPUT_BYTES "
                   "to read larger inputs)\n0 passed, 0 failed, 1 error\n");
  // With files, in the order given; stdin only once.
  r = IamevalWithStdin("test passing.test.json -", passing);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("== passing.test.json\n"));
  EXPECT_THAT(r.out, HasSubstr("== <stdin>\n"));
  r = IamevalWithStdin("test - -", passing);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "iameval test: -: found standard input named twice; "
                   "expected it once\n");
}

// `iameval check -` reads the world from standard input; its policy paths
// are relative to the current directory.
TEST_F(CliTest, CheckReadsTheWorldFromStandardInput) {
  const std::string args =
      "check - --principal arn:aws:iam::111122223333:user/reader --action "
      "s3:GetObject --resource arn:aws:s3:::exports/a.csv";
  CliRun r = IamevalWithStdin(args, kWorld);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("decision: allow\n"));
  MakeDir("policies");
  Write("policies/read.json",
        R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::exports/*"}]})");
  r = IamevalWithStdin(args, R"({"users": [
      {"arn": "arn:aws:iam::111122223333:user/reader",
       "policies": ["policies/read.json"]}],
    "resources": [{"arn": "arn:aws:s3:::exports/a.csv",
                   "account": "111122223333"}]})");
  EXPECT_EQ(r.status, 0) << r.err;
  r = IamevalWithStdin(args, R"({"users": [
      {"arn": "arn:aws:iam::111122223333:user/reader",
       "policies": ["policies/missing.json"]}]})");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "<stdin>:3:21: /users/0/policies/0: found the string "
            "\"policies/missing.json\" (policies/missing.json: cannot read: "
            "No such file or directory); expected the path of a policy file, "
            "relative to the current directory (the world is <stdin>)\n");
  r = IamevalWithStdin(args, "[]");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, StartsWith("<stdin>:1:1: "));
  r = IamevalWithStdin(args, kWorld, "IAMEVAL_MAX_INPUT_BYTES=10");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, StartsWith("<stdin>: found a file larger than 10 bytes"));
}

// Directories are walked for *.test.json (sorted, hidden entries skipped)
// and quoted patterns are expanded by iameval, ** included; with several
// files the text report names each file.
TEST_F(CliTest, TestWalksDirectoriesAndExpandsPatterns) {
  std::string passing = kTests;
  passing.replace(passing.rfind("\"allow\""), 7, "\"implicit_deny\"");
  std::string nested = passing;
  nested.replace(nested.find("\"world.json\""), 12, "\"../../world.json\"");
  std::string top = passing;
  top.replace(top.find("\"world.json\""), 12, "\"../world.json\"");
  MakeDir("suite/b/c");
  MakeDir("suite/.hidden");
  MakeDir("suite/empty");
  Write("suite/z.test.json", top);
  Write("suite/a.test.json", top);
  Write("suite/b/c/deep.test.json",
        std::string(passing).replace(passing.find("\"world.json\""), 12,
                                     "\"../../../world.json\""));
  Write("suite/b/mid.test.json", nested.replace(nested.find("../../"), 6,
                                                "../../"));
  Write("suite/.hidden/h.test.json", "not even JSON");
  Write("suite/notes.json", "not a test file");
  Write("suite/b/mid.test.json", std::string(passing).replace(
                                     passing.find("\"world.json\""), 12,
                                     "\"../../world.json\""));
  const char kHeaders[] =
      "== suite/a.test.json\n"
      "== suite/b/c/deep.test.json\n"
      "== suite/b/mid.test.json\n"
      "== suite/z.test.json\n";
  auto headers = [](const std::string& out) {
    std::string h;
    size_t at = 0;
    while ((at = out.find("== ", at)) != std::string::npos) {
      size_t end = out.find('\n', at);
      h += out.substr(at, end + 1 - at);
      at = end;
    }
    return h;
  };
  for (const char* args : {"test suite", "test suite/",
                           "test 'suite/**/*.test.json'",
                           "test 'suite/**'"}) {
    CliRun r = Iameval(args);
    EXPECT_EQ(r.status, 0) << args << ": " << r.err;
    EXPECT_EQ(headers(r.out), kHeaders) << args;
    EXPECT_THAT(r.out, StartsWith("== suite/a.test.json\n"
                                  "PASS reader reads an export\n"))
        << args;
    EXPECT_THAT(r.out, ::testing::EndsWith("\n8 passed, 0 failed\n")) << args;
  }
  CliRun r = Iameval("test 'suite/*.test.json'");
  EXPECT_EQ(headers(r.out), "== suite/a.test.json\n== suite/z.test.json\n");
  r = Iameval("test 'suite/b/*/d??p.test.json' 'suite/[a-b].test.json'");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(headers(r.out),
            "== suite/b/c/deep.test.json\n== suite/a.test.json\n");
  // A file named twice (a directory and a pattern) runs once.
  r = Iameval("test suite/a.test.json suite 'suite/*.test.json'");
  EXPECT_THAT(r.out, ::testing::EndsWith("\n8 passed, 0 failed\n"));
  // However it is spelt.
  r = Iameval("test suite/a.test.json ./suite/a.test.json suite/b/../a.test.json");
  EXPECT_EQ(r.out, Iameval("test suite/a.test.json").out);
  // Nothing to run is bad usage, naming the argument.
  r = Iameval("test 'suite/**/*.tests.json'");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "iameval test: suite/**/*.tests.json: found no file "
                   "matching the pattern; expected at least one\n");
  EXPECT_EQ(r.out, "");
  r = Iameval("test 'suite/a.test.json/*.test.json'");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "iameval test: suite/a.test.json/*.test.json: found no "
                   "file matching the pattern; expected at least one\n");
  r = Iameval("test suite/empty");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "iameval test: suite/empty: found a directory without "
                   "*.test.json files; expected at least one\n");
  // A hidden directory named explicitly is read.
  r = Iameval("test suite/.hidden");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, StartsWith("suite/.hidden/h.test.json:1:"));
}

// --run REGEX selects tests by name (a partial match, RE2 syntax); the
// others are neither evaluated nor reported.
TEST_F(CliTest, RunSelectsTestsByName) {
  CliRun r = Iameval("test mixed.test.json --run reader");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "PASS reader reads an export\n1 passed, 0 failed\n");
  r = Iameval("test --run '^nobody.*expectation\\)$' mixed.test.json");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_THAT(r.out, StartsWith("FAIL nobody reads an export"));
  EXPECT_THAT(r.out, ::testing::EndsWith("\n0 passed, 1 failed\n"));
  r = Iameval("test mixed.test.json --run=export --format json");
  EXPECT_THAT(r.out, StartsWith("{\"passed\":1,\"failed\":1,"));
  r = Iameval("test mixed.test.json --run READER --format junit");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "iameval test: --run \"READER\": found no test whose name "
                   "matches; expected at least one (--allow-empty accepts a "
                   "run without tests)\n");
  r = Iameval("test mixed.test.json --run READER --allow-empty");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "0 passed, 0 failed\n");
  r = Iameval("test mixed.test.json --run '(reader'");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, StartsWith("iameval test: --run: found \"(reader\" ("));
  EXPECT_THAT(r.err, HasSubstr("); expected an RE2 regular expression\n"));
  // Every test is still checked: a bad test outside the selection is bad
  // input.
  Write("bad-principal.test.json",
        std::string(kTests).replace(
            std::string(kTests).find("user/nobody"), 11, "user/ghost"));
  r = Iameval("test bad-principal.test.json --run reader");
  EXPECT_EQ(r.status, 2);
}

}  // namespace
}  // namespace iameval
