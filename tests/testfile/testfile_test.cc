// iameval: offline AWS IAM policy evaluation.
//
// Test-file parsing (FORMAT.md §2) and the result/explanation renderers.
// Parsing is tested without the engine; tests/scenario runs whole files.

#include "testfile/testfile.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/source.h"
#include "explain/render.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "json/reader.h"

namespace iameval {
namespace testfile {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

constexpr char kWorld[] = R"({
  "roles": [{"arn": "arn:aws:iam::111122223333:role/ata-edge-task"},
            {"arn": "arn:aws:iam::444455556666:role/edge-secrets-reader"}],
  "users": [{"arn": "arn:aws:iam::111122223333:user/alice"}]
})";

absl::StatusOr<std::vector<TestCase>> Parse(const std::string& tests_json) {
  absl::StatusOr<World> world = World::Parse(kWorld, "world.json", "");
  EXPECT_TRUE(world.ok()) << world.status();
  Source source("t.test.json",
                absl::StrCat("{\"world\": \"world.json\", \"tests\": ",
                             tests_json, "}"));
  absl::StatusOr<json::Node> root = json::Parse(source);
  EXPECT_TRUE(root.ok()) << root.status();
  return ParseTests(*root, source, "", *world);
}

std::string ErrorOf(const std::string& tests_json) {
  absl::StatusOr<std::vector<TestCase>> t = Parse(tests_json);
  EXPECT_FALSE(t.ok()) << tests_json;
  return t.ok() ? "" : std::string(t.status().message());
}

constexpr char kRole[] = "arn:aws:iam::111122223333:role/ata-edge-task";
constexpr char kTarget[] = "arn:aws:iam::444455556666:role/edge-secrets-reader";

TEST(ParseTestsTest, SingleRequestWithContextValues) {
  absl::StatusOr<std::vector<TestCase>> tests = Parse(absl::StrCat(
      R"([{"name": "n", "principal": ")", kRole,
      R"(", "action": "sts:AssumeRole", "resource": ")", kTarget,
      R"(", "context": {"aws:SourceIp": "10.0.4.7", "aws:MultiFactorAuthAge": 30,
          "aws:SecureTransport": true, "aws:TagKeys": ["a", 1, false]},
       "external_id": "7f3c", "session_tags": {"team": "blue", "Team": "red"},
       "transitive_tag_keys": ["team"], "duration_seconds": 600,
       "session_name": "s1", "source_identity": "alice",
       "session_policy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow",
          "Action": "s3:GetObject", "Resource": "*"}},
       "expect": "implicit_deny"}])"));
  ASSERT_TRUE(tests.ok()) << tests.status();
  ASSERT_EQ(tests->size(), 1u);
  const TestCase& t = (*tests)[0];
  EXPECT_EQ(t.name, "n");
  EXPECT_EQ(t.expect, Expect::kImplicitDeny);
  EXPECT_FALSE(t.chain);
  EXPECT_EQ(t.pointer, "/tests/0");
  ASSERT_EQ(t.steps.size(), 1u);
  const Step& s = t.steps[0];
  EXPECT_EQ(s.principal, kRole);
  EXPECT_EQ(s.resource, kTarget);
  EXPECT_THAT(s.context.Find("aws:sourceip")->values, ElementsAre("10.0.4.7"));
  EXPECT_THAT(s.context.Find("aws:MultiFactorAuthAge")->values,
              ElementsAre("30"));
  EXPECT_THAT(s.context.Find("aws:SecureTransport")->values,
              ElementsAre("true"));
  const ContextValue* keys = s.context.Find("aws:TagKeys");
  EXPECT_TRUE(keys->multivalued);
  EXPECT_THAT(keys->values, ElementsAre("a", "1", "false"));
  EXPECT_EQ(*s.external_id, "7f3c");
  // Case-colliding session tags are the engine's (an STS failure), not a
  // parse error.
  EXPECT_THAT(s.session_tags, ElementsAre(Pair("team", "blue"),
                                          Pair("Team", "red")));
  EXPECT_THAT(s.transitive_tag_keys, ElementsAre("team"));
  EXPECT_EQ(*s.duration_seconds, 600);
  EXPECT_EQ(*s.session_name, "s1");
  EXPECT_EQ(*s.source_identity, "alice");
  ASSERT_TRUE(s.session_policy.has_value());
  EXPECT_EQ(s.session_policy->kind(), PolicyKind::kSession);
  EXPECT_EQ(s.session_policy->name(), "tests[0] session policy");
}

// session_tags in the shape of AssumeRole's Tags parameter (and the other
// shapes the world reads, fields::ReadTags); keys colliding in case stay
// the engine's to refuse in every shape.
TEST(ParseTestsTest, SessionTagShapes) {
  const std::string head = absl::StrCat(
      R"([{"name": "n", "principal": ")", kRole,
      R"(", "action": "sts:AssumeRole", "resource": ")", kTarget,
      R"(", "expect": "deny", "session_tags": )");
  absl::StatusOr<std::vector<TestCase>> tests = Parse(absl::StrCat(
      head, R"([{"Key": "team", "Value": "blue"}, {"Key": "Team", "Value": "red"}]}])"));
  ASSERT_TRUE(tests.ok()) << tests.status();
  EXPECT_THAT((*tests)[0].steps[0].session_tags,
              ElementsAre(Pair("team", "blue"), Pair("Team", "red")));
  tests = Parse(absl::StrCat(head, R"([{"TagKey": "a", "TagValue": "b"}]}])"));
  ASSERT_TRUE(tests.ok()) << tests.status();
  EXPECT_THAT((*tests)[0].steps[0].session_tags, ElementsAre(Pair("a", "b")));
  EXPECT_THAT(ErrorOf(absl::StrCat(head, R"([{"Key": "a", "Value": 1}]}])")),
              HasSubstr("/tests/0/session_tags/0/Value: found the number 1; "
                        "expected a string tag value"));
}

TEST(ParseTestsTest, ChainStepsMayOmitThePrincipalAfterTheFirst) {
  absl::StatusOr<std::vector<TestCase>> tests = Parse(absl::StrCat(
      R"([{"name": "c", "expect": "deny", "steps": [
        {"principal": ")", kRole, R"(", "action": "sts:AssumeRole",
         "resource": ")", kTarget, R"("},
        {"action": "secretsmanager:ListSecrets", "resource": "*"}]}])"));
  ASSERT_TRUE(tests.ok()) << tests.status();
  const TestCase& t = (*tests)[0];
  EXPECT_TRUE(t.chain);
  EXPECT_EQ(t.expect, Expect::kDeny);
  ASSERT_EQ(t.steps.size(), 2u);
  EXPECT_EQ(t.steps[1].principal, "");
  EXPECT_EQ(t.steps[1].resource, "*");

  EXPECT_EQ(ErrorOf(R"([{"name": "c", "expect": "deny", "steps": [
        {"action": "s3:GetObject", "resource": "*"}]}])"),
            "t.test.json:2:9: /tests/0/steps/0: found test \"c\" without "
            "\"principal\"; expected \"principal\": the ARN of a role, user or "
            "assumed-role session of the world, an account root "
            "arn:aws:iam::<account>:root, or a service principal such as "
            "ecs-tasks.amazonaws.com");
}

TEST(ParseTestsTest, PrincipalsMustExistInTheWorld) {
  EXPECT_EQ(ErrorOf(R"([{"name": "ghost", "principal": "arn:aws:iam::111122223333:role/ghost",
      "action": "s3:GetObject", "resource": "*", "expect": "allow"}])"),
            "t.test.json:1:66: /tests/0/principal: test \"ghost\": found "
            "\"arn:aws:iam::111122223333:role/ghost\"; expected a role "
            "defined in the world's \"roles\"");
  EXPECT_THAT(ErrorOf(R"([{"name": "s", "principal": "arn:aws:sts::111122223333:assumed-role/ghost/s1",
      "action": "s3:GetObject", "resource": "*", "expect": "allow"}])"),
              HasSubstr("expected a session of a role defined in the world's "
                        "\"roles\""));
  EXPECT_THAT(ErrorOf(R"([{"name": "u", "principal": "arn:aws:iam::111122223333:user/bob",
      "action": "s3:GetObject", "resource": "*", "expect": "allow"}])"),
              HasSubstr("expected a user defined in the world's \"users\""));
  EXPECT_THAT(ErrorOf(R"([{"name": "g", "principal": "arn:aws:iam::111122223333:group/admins",
      "action": "s3:GetObject", "resource": "*", "expect": "allow"}])"),
              HasSubstr("/tests/0/principal: test \"g\": found "
                        "\"arn:aws:iam::111122223333:group/admins\"; expected "
                        "the ARN of a role, user or assumed-role session"));
  // Sessions of world roles, account roots and service principals are fine.
  for (const char* p : {"arn:aws:sts::111122223333:assumed-role/ata-edge-task/x",
                        "arn:aws:iam::999999999999:root",
                        "ecs-tasks.amazonaws.com", "EC2.amazonaws.com",
                        "alexa-appkit.amazon.com"}) {
    absl::StatusOr<std::vector<TestCase>> t = Parse(absl::StrCat(
        R"([{"name": "ok", "principal": ")", p,
        R"(", "action": "s3:GetObject", "resource": "*", "expect": "allow"}])"));
    EXPECT_TRUE(t.ok()) << p << ": " << t.status();
  }
}

TEST(ParseTestsTest, ServicePrincipalsFollowTheOneRule) {
  EXPECT_THAT(ErrorOf(R"([{"name": "s", "principal": "ecs-tasks.example.com",
      "action": "sts:AssumeRole", "resource": "*", "expect": "allow"}])"),
              HasSubstr("/tests/0/principal: test \"s\": found "
                        "\"ecs-tasks.example.com\"; expected the ARN of a "
                        "role"));
}

TEST(ParseTestsTest, RejectsUnknownFieldsAndBadValues) {
  EXPECT_EQ(ErrorOf(R"([{"name": "x", "expect": "allow", "princpal": "a"}])"),
            "t.test.json:1:68: /tests/0/princpal: found unknown key "
            "\"princpal\"; expected one of name, expect, steps, principal, "
            "action, resource, context, session_name, session_tags, "
            "transitive_tag_keys, external_id, source_identity, "
            "duration_seconds, session_policy");
  EXPECT_EQ(ErrorOf(R"([{"name": "x", "expect": "Allow"}])"),
            "t.test.json:1:59: /tests/0/expect: found the string \"Allow\"; "
            "expected \"allow\", \"deny\", \"explicit_deny\" or "
            "\"implicit_deny\", or an object {\"decision\": ..., \"layer\": "
            "..., \"denied_by\": ..., \"allowed_by\": ...}");
  EXPECT_EQ(ErrorOf(R"([{"expect": "allow"}])"),
            "t.test.json:1:35: /tests/0: found a test without \"name\"; "
            "expected \"name\": a descriptive string");
  std::string base = absl::StrCat(R"("principal": ")", kRole, R"(", "expect": "allow", )");
  EXPECT_THAT(ErrorOf(absl::StrCat(R"([{"name": "x", )", base,
                                   R"("action": "s3:GetObject", "resource": "*", "external_id": "e"}])")),
              HasSubstr("/tests/0/external_id: found \"external_id\" on a "
                        "s3:GetObject step; expected STS parameters only on "
                        "sts:AssumeRole steps"));
  EXPECT_THAT(ErrorOf(absl::StrCat(R"([{"name": "x", )", base,
                                   R"("action": "s3GetObject", "resource": "*"}])")),
              HasSubstr("/tests/0/action: found the string \"s3GetObject\"; "
                        "expected an action service:Operation"));
  EXPECT_THAT(ErrorOf(absl::StrCat(R"([{"name": "x", )", base,
                                   R"("action": "s3:GetObject", "resource": "bucket"}])")),
              HasSubstr("/tests/0/resource: found \"bucket\"; expected an ARN"));
  EXPECT_THAT(ErrorOf(absl::StrCat(R"([{"name": "x", )", base,
                                   R"("action": "s3:GetObject", "resource": "*", "context": {"aws:SourceIp": null}}])")),
              HasSubstr("/tests/0/context/aws:SourceIp: found null; expected "
                        "a string, number or boolean"));
  EXPECT_THAT(ErrorOf(absl::StrCat(R"([{"name": "x", )", base,
                                   R"("action": "s3:GetObject", "resource": "*", "context": {"aws:SourceIp": "10.0.0.1", "AWS:sourceip": "10.0.0.2"}}])")),
              HasSubstr("expected each context key once (keys are "
                        "case-insensitive)"));
  // A value AWS would never send for a key of known type is an input error,
  // not a deny (docs/semantics.md#odd-values).
  EXPECT_THAT(ErrorOf(absl::StrCat(R"([{"name": "x", )", base,
                                   R"("action": "s3:GetObject", "resource": "*", "context": {"aws:SourceIp": "10.0.0.0/33"}}])")),
              HasSubstr("/tests/0/context/aws:SourceIp: found the string "
                        "\"10.0.0.0/33\"; expected an IPv4 or IPv6 address "
                        "such as \"203.0.113.7\" (no range) (aws:SourceIp is "
                        "an IP address key; AWS sends no other value)"));
  EXPECT_THAT(ErrorOf(absl::StrCat(R"([{"name": "x", )", base,
                                   R"("action": "s3:GetObject", "resource": "*", "context": {"aws:MultiFactorAuthAge": ["30", "1e3"]}}])")),
              HasSubstr("/tests/0/context/aws:MultiFactorAuthAge/1: found the "
                        "string \"1e3\"; expected a number"));
  EXPECT_THAT(ErrorOf(absl::StrCat(R"([{"name": "x", )", base,
                                   R"("action": "s3:GetObject", "resource": "*", "context": {"aws:CurrentTime": "2026-13-01"}}])")),
              HasSubstr("expected an ISO 8601 date"));
  EXPECT_THAT(ErrorOf(absl::StrCat(R"([{"name": "x", )", base,
                                   R"("action": "s3:GetObject", "resource": "*", "context": {"aws:SecureTransport": "yes"}}])")),
              HasSubstr("expected \"true\" or \"false\""));
  EXPECT_THAT(ErrorOf(absl::StrCat(R"([{"name": "x", )", base,
                                   R"("action": "s3:GetObject", "resource": "*", "context": {"aws:SourceArn": "bucket"}}])")),
              HasSubstr("expected an ARN"));
  EXPECT_THAT(ErrorOf(absl::StrCat(R"([{"name": "x", )", base,
                                   R"("action": "sts:AssumeRole", "resource": "*", "duration_seconds": "900"}])")),
              HasSubstr("/tests/0/duration_seconds: found the string \"900\"; "
                        "expected a whole number of seconds"));
  EXPECT_THAT(ErrorOf(absl::StrCat(R"([{"name": "x", "expect": "allow", "action": "s3:GetObject", "steps": []}])")),
              HasSubstr("/tests/0/action: found request field \"action\" "
                        "beside \"steps\""));
  EXPECT_THAT(ErrorOf(R"([{"name": "x", "expect": "allow", "steps": []}])"),
              HasSubstr("/tests/0/steps: found an array; expected a non-empty "
                        "array of steps"));
}

TEST(ParseTestsTest, TestNamesAreUnique) {
  std::string t = absl::StrCat(R"({"name": "same", "principal": ")", kRole,
                               R"(", "action": "s3:GetObject", "resource": "*", "expect": "allow"})");
  EXPECT_THAT(ErrorOf(absl::StrCat("[", t, ",\n", t, "]")),
              HasSubstr("t.test.json:2:10: /tests/1/name: found a second test "
                        "named \"same\"; expected test names that are unique "
                        "within a file"));
}

TEST(RunnerTest, InlineWorldAndMissingWorldFile) {
  Runner runner;
  absl::StatusOr<std::vector<TestResult>> results = runner.RunText(
      R"({"world": {"users": [{"arn": "arn:aws:iam::111122223333:user/u",
           "policies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
             "Action": "sqs:SendMessage", "Resource": "*"}}]}]},
          "tests": [
            {"name": "allowed", "principal": "arn:aws:iam::111122223333:user/u",
             "action": "sqs:SendMessage",
             "resource": "arn:aws:sqs:eu-west-1:111122223333:q", "expect": "allow"},
            {"name": "wrong expectation", "principal": "arn:aws:iam::111122223333:user/u",
             "action": "sqs:DeleteQueue",
             "resource": "arn:aws:sqs:eu-west-1:111122223333:q", "expect": "allow"}]})",
      "inline.test.json");
  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_EQ(results->size(), 2u);
  EXPECT_EQ((*results)[0].file, "inline.test.json");
  EXPECT_TRUE((*results)[0].pass);
  EXPECT_EQ((*results)[0].decision, Decision::kAllow);
  EXPECT_FALSE((*results)[1].pass);
  EXPECT_EQ((*results)[1].decision, Decision::kImplicitDeny);
  EXPECT_FALSE((*results)[1].result.calls.empty());

  absl::StatusOr<std::vector<TestResult>> missing = runner.RunText(
      "{\"world\": \"nowhere.json\", \"tests\": []}", "/nonexistent/m.test.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "/nonexistent/m.test.json:1:11: /world: found the string "
            "\"nowhere.json\" (/nonexistent/nowhere.json: cannot read: No such "
            "file or directory); expected the path of a world file, relative "
            "to the test file");
}

TEST(ExpectTest, Satisfies) {
  EXPECT_TRUE(Satisfies(Decision::kAllow, Expect::kAllow));
  EXPECT_FALSE(Satisfies(Decision::kImplicitDeny, Expect::kAllow));
  EXPECT_TRUE(Satisfies(Decision::kImplicitDeny, Expect::kDeny));
  EXPECT_TRUE(Satisfies(Decision::kExplicitDeny, Expect::kDeny));
  EXPECT_FALSE(Satisfies(Decision::kAllow, Expect::kDeny));
  EXPECT_TRUE(Satisfies(Decision::kExplicitDeny, Expect::kExplicitDeny));
  EXPECT_FALSE(Satisfies(Decision::kImplicitDeny, Expect::kExplicitDeny));
  EXPECT_TRUE(Satisfies(Decision::kImplicitDeny, Expect::kImplicitDeny));
  EXPECT_FALSE(Satisfies(Decision::kExplicitDeny, Expect::kImplicitDeny));
}

EvaluationResult SampleResult() {
  EvaluationResult r;
  r.decision = Decision::kImplicitDeny;
  r.deciding_call = 0;
  CallResult call;
  call.step = 0;
  call.principal = "arn:aws:sts::111122223333:assumed-role/ata-edge-task/t1";
  call.action = "sts:AssumeRole";
  call.resource = kTarget;
  call.decision = Decision::kImplicitDeny;
  Finding f;
  f.kind = Finding::Kind::kNearMiss;
  f.layer = "identity policies";
  f.message = "the tag gate did not match";
  StatementRef s;
  s.policy = "edge-task-source-policy";
  s.file = "world.json";
  s.statement_index = 0;
  s.sid = "AssumeTaggedCustomerRoles";
  s.line = 7;
  f.statement = s;
  ConditionDetail d;
  d.op = "StringEquals";
  d.key = "aws:ResourceTag/ataccama:edge:customer-provided";
  d.policy_values = {"true"};
  d.reason = "key absent";
  f.conditions.push_back(d);
  call.explanation.push_back(f);
  Finding note;
  note.kind = Finding::Kind::kMissingAllow;
  note.message = "no \"quoted\" allow";
  note.hint = "add an \"allow\"";
  call.explanation.push_back(note);
  r.calls.push_back(call);
  return r;
}

TEST(RenderTest, Text) {
  EXPECT_EQ(
      explain::RenderText(SampleResult(), "> "),
      "> step 0: sts:AssumeRole "
      "arn:aws:iam::444455556666:role/edge-secrets-reader by "
      "arn:aws:sts::111122223333:assumed-role/ata-edge-task/t1: implicit_deny "
      "(decisive)\n"
      ">   near_miss [identity policies]: the tag gate did not match\n"
      ">     at \"edge-task-source-policy\" statement 0 (Sid "
      "\"AssumeTaggedCustomerRoles\") Allow, world.json:7\n"
      ">     condition StringEquals "
      "aws:ResourceTag/ataccama:edge:customer-provided: key absent (policy "
      "[\"true\"]; request absent)\n"
      ">   missing_allow: no \"quoted\" allow\n"
      ">     fix: add an \"allow\"\n");
}

TEST(RenderTest, Json) {
  EXPECT_EQ(
      explain::RenderJson(SampleResult()),
      "[{\"step\":0,\"principal\":\"arn:aws:sts::111122223333:assumed-role/"
      "ata-edge-task/t1\",\"action\":\"sts:AssumeRole\",\"resource\":\"arn:aws:"
      "iam::444455556666:role/edge-secrets-reader\",\"call_decision\":"
      "\"implicit_deny\",\"deciding\":true,\"kind\":\"near_miss\",\"layer\":"
      "\"identity policies\",\"message\":\"the tag gate did not match\","
      "\"policy\":\"edge-task-source-policy\",\"file\":\"world.json\","
      "\"statement\":0,\"sid\":\"AssumeTaggedCustomerRoles\",\"line\":7,"
      "\"effect\":\"Allow\",\"conditions\":[{\"operator\":\"StringEquals\","
      "\"key\":\"aws:ResourceTag/ataccama:edge:customer-provided\","
      "\"policy_values\":[\"true\"],\"request_values\":[],\"key_present\":"
      "false,\"reason\":\"key absent\",\"note\":null}],\"hint\":null},"
      "{\"step\":0,\"principal\":\"arn:aws:sts::111122223333:assumed-role/"
      "ata-edge-task/t1\",\"action\":\"sts:AssumeRole\",\"resource\":\"arn:aws:"
      "iam::444455556666:role/edge-secrets-reader\",\"call_decision\":"
      "\"implicit_deny\",\"deciding\":true,\"kind\":\"missing_allow\","
      "\"layer\":\"\",\"message\":\"no \\\"quoted\\\" allow\",\"policy\":null,"
      "\"file\":null,\"statement\":null,\"sid\":null,\"line\":null,"
      "\"effect\":null,\"conditions\":[],"
      "\"hint\":\"add an \\\"allow\\\"\"}]");
}

std::vector<TestResult> SampleResults() {
  TestResult pass;
  pass.file = "a.test.json";
  pass.name = "passes";
  pass.expect = Expect::kAllow;
  pass.decision = Decision::kAllow;
  pass.pass = true;
  TestResult fail;
  fail.file = "a.test.json";
  fail.name = "fails <&>";
  fail.expect = Expect::kAllow;
  fail.decision = Decision::kImplicitDeny;
  fail.result = SampleResult();
  return {pass, fail};
}

// The sample results, then a file that could not be run.
Report SampleReportWithError() {
  Report report = ReportOf(SampleResults());
  report.files.push_back(FileReport{
      "b.test.json",
      absl::InvalidArgumentError(
          "b.test.json:1:1: found \"<\"; expected a JSON value"),
      {}});
  return report;
}

TEST(ReportTest, TextWithAndWithoutColour) {
  std::ostringstream plain;
  WriteText(ReportOf(SampleResults()), plain);
  EXPECT_THAT(plain.str(),
              ::testing::StartsWith("PASS passes\nFAIL fails <&> (expected "
                                    "allow, got implicit_deny)\n    step 0: "));
  EXPECT_THAT(plain.str(), ::testing::EndsWith("\n1 passed, 1 failed\n"));
  std::ostringstream color;
  ReportOptions options;
  options.color = true;
  WriteText(ReportOf(SampleResults()), color, options);
  EXPECT_THAT(color.str(), ::testing::StartsWith("\x1b[32mPASS\x1b[0m passes\n"
                                                 "\x1b[31mFAIL\x1b[0m fails"));
}

TEST(ReportTest, TextShowsAFileThatCouldNotRunAmongTheResults) {
  std::ostringstream out;
  WriteText(SampleReportWithError(), out);
  EXPECT_THAT(out.str(),
              ::testing::StartsWith("== a.test.json\nPASS passes\nFAIL fails"));
  EXPECT_THAT(out.str(),
              ::testing::EndsWith("\nERROR b.test.json:1:1: found \"<\"; "
                                  "expected a JSON value\n"
                                  "1 passed, 1 failed, 1 error\n"));
}

TEST(ReportTest, TextFailuresOnly) {
  std::ostringstream out;
  ReportOptions options;
  options.failures_only = true;
  WriteText(ReportOf(SampleResults()), out, options);
  EXPECT_THAT(out.str(), ::testing::StartsWith("FAIL fails <&>"));
  EXPECT_THAT(out.str(), ::testing::EndsWith("\n1 passed, 1 failed\n"));
}

TEST(ReportTest, Json) {
  std::ostringstream out;
  WriteJson(ReportOf(SampleResults()), out);
  EXPECT_THAT(out.str(),
              ::testing::StartsWith(
                  "{\"passed\":1,\"failed\":1,\"tests\":[{\"file\":\"a.test."
                  "json\",\"name\":\"passes\",\"expect\":\"allow\","
                  "\"decision\":\"allow\",\"pass\":true,\"explanation\":[]},"
                  "{\"file\":\"a.test.json\",\"name\":\"fails <&>\",\"expect\":"
                  "\"allow\",\"decision\":\"implicit_deny\",\"pass\":false,"
                  "\"explanation\":[{\"step\":0,"));
  EXPECT_THAT(out.str(), ::testing::EndsWith("]}]}\n"));
}

TEST(ReportTest, JsonListsFilesThatCouldNotRun) {
  std::ostringstream out;
  WriteJson(SampleReportWithError(), out);
  EXPECT_THAT(out.str(),
              ::testing::StartsWith(
                  "{\"passed\":1,\"failed\":1,\"errors\":[{\"file\":\"b.test."
                  "json\",\"message\":\"b.test.json:1:1: found \\\"<\\\"; "
                  "expected a JSON value\"}],\"tests\":[{\"file\":\"a.test."
                  "json\",\"name\":\"passes\""));
}

TEST(ReportTest, JsonFailuresOnly) {
  std::ostringstream out;
  ReportOptions options;
  options.failures_only = true;
  WriteJson(ReportOf(SampleResults()), out, options);
  EXPECT_THAT(out.str(),
              ::testing::StartsWith(
                  "{\"passed\":1,\"failed\":1,\"tests\":[{\"file\":\"a.test."
                  "json\",\"name\":\"fails <&>\","));
  EXPECT_THAT(out.str(), ::testing::Not(HasSubstr("\"passes\"")));
}

TEST(ReportTest, Junit) {
  std::vector<TestResult> results = SampleResults();
  results[0].seconds = 0.0012;
  results[1].seconds = 1.5;
  std::ostringstream out;
  ReportOptions options;
  options.timestamp = "2026-01-31T09:00:00Z";
  WriteJunit(ReportOf(results), out, options);
  EXPECT_EQ(out.str().substr(0, out.str().find("step 0: ")),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"iameval\" tests=\"2\" failures=\"1\" "
            "errors=\"0\" time=\"1.501\">\n"
            "  <testsuite name=\"a.test.json\" tests=\"2\" failures=\"1\" "
            "errors=\"0\" skipped=\"0\" time=\"1.501\" "
            "timestamp=\"2026-01-31T09:00:00Z\" file=\"a.test.json\">\n"
            "    <testcase name=\"passes\" classname=\"a_test\" "
            "time=\"0.001\"/>\n"
            "    <testcase name=\"fails &lt;&amp;&gt;\" classname=\"a_test\" "
            "time=\"1.500\">\n"
            "      <failure message=\"expected allow, got implicit_deny\" "
            "type=\"implicit_deny\">");
}

TEST(ReportTest, JunitTimestampDefaultsToNow) {
  std::ostringstream out;
  WriteJunit(ReportOf(SampleResults()), out);
  EXPECT_THAT(out.str(),
              ::testing::ContainsRegex(
                  "timestamp=\"20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:"
                  "[0-5][0-9]:[0-6][0-9]Z\""));
}

TEST(ReportTest, JunitClassNameHasNoDots) {
  Report report;
  TestResult r;
  r.file = "fixtures/scenarios/tag-gate/cross.account.test.json";
  r.name = "t";
  r.pass = true;
  report = ReportOf({r});
  std::ostringstream out;
  WriteJunit(report, out);
  EXPECT_THAT(out.str(), HasSubstr("classname=\"cross_account_test\""));
}

TEST(ReportTest, JunitFileThatCouldNotRunIsAnErrorTestcase) {
  std::ostringstream out;
  ReportOptions options;
  options.timestamp = "2026-01-31T09:00:00Z";
  WriteJunit(SampleReportWithError(), out, options);
  EXPECT_THAT(out.str(), HasSubstr("<testsuites name=\"iameval\" tests=\"3\" "
                                   "failures=\"1\" errors=\"1\" "));
  EXPECT_THAT(out.str(),
              HasSubstr("  <testsuite name=\"b.test.json\" tests=\"1\" "
                        "failures=\"0\" errors=\"1\" skipped=\"0\" "
                        "time=\"0.000\" timestamp=\"2026-01-31T09:00:00Z\" "
                        "file=\"b.test.json\">\n"
                        "    <testcase name=\"b.test.json\" "
                        "classname=\"b_test\" time=\"0.000\">\n"
                        "      <error message=\"b.test.json:1:1: found "
                        "&quot;&lt;&quot;; expected a JSON value\" "
                        "type=\"INVALID_ARGUMENT\">b.test.json:1:1: found "
                        "&quot;&lt;&quot;; expected a JSON value</error>\n"
                        "    </testcase>\n  </testsuite>\n</testsuites>\n"));
}


// --- pinned reasons, unlisted ARNs -----------------------------------------

// A world with a Deny and an Allow statement, for the pinned-reason tests.
constexpr char kReasonWorld[] = R"({"users": [
  {"arn": "arn:aws:iam::111122223333:user/u",
   "policies": [{"name": "p", "document": {"Version": "2012-10-17",
     "Statement": [
       {"Sid": "Send", "Effect": "Allow", "Action": "sqs:*", "Resource": "*"},
       {"Sid": "NoDelete", "Effect": "Deny", "Action": "sqs:DeleteQueue",
        "Resource": "*"}]}}]}]})";

absl::StatusOr<std::vector<TestResult>> RunReasons(const std::string& tests) {
  Runner runner;
  return runner.RunText(
      absl::StrCat(R"({"world": )", kReasonWorld, R"(, "tests": )", tests,
                   "}"),
      "r.test.json");
}

std::string Request(const std::string& action, const std::string& expect) {
  return absl::StrCat(
      R"({"name": "t", "principal": "arn:aws:iam::111122223333:user/u", )",
      R"("action": ")", action,
      R"(", "resource": "arn:aws:sqs:eu-west-1:111122223333:q", "expect": )",
      expect, "}");
}

TEST(PinnedReasonTest, PassesOnlyWhenDecisionAndReasonHold) {
  struct Case {
    std::string action, expect;
    bool pass;
    std::string mismatch;
  };
  const std::vector<Case> cases = {
      {"sqs:DeleteQueue",
       R"({"decision": "explicit_deny", "denied_by": "p#NoDelete"})", true, ""},
      {"sqs:DeleteQueue", R"({"decision": "deny", "denied_by": "p#1"})", true,
       ""},
      {"sqs:DeleteQueue",
       R"({"decision": "explicit_deny", "layer": "identity_policies"})", true,
       ""},
      {"sqs:DeleteQueue", R"({"decision": "explicit_deny", "layer": "scp"})",
       false, "expected layer scp, got identity_policies"},
      {"sqs:SendMessage", R"({"decision": "allow", "allowed_by": "p#Send"})",
       true, ""},
      {"sqs:SendMessage", R"({"decision": "allow", "allowed_by": "p#0"})", true,
       ""},
      // The decision differs: the usual failure, no mismatch.
      {"sqs:SendMessage",
       R"({"decision": "explicit_deny", "denied_by": "p#NoDelete"})", false,
       ""},
  };
  for (const Case& c : cases) {
    absl::StatusOr<std::vector<TestResult>> r =
        RunReasons(absl::StrCat("[", Request(c.action, c.expect), "]"));
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ((*r)[0].pass, c.pass) << c.expect;
    EXPECT_EQ((*r)[0].mismatch, c.mismatch) << c.expect;
  }
}

TEST(PinnedReasonTest, ReasonMismatchNamesWhatDecided) {
  EvaluationResult r;
  r.decision = Decision::kImplicitDeny;
  r.deciding_call = 0;
  CallResult call;
  call.decision = Decision::kImplicitDeny;
  Finding f;
  f.kind = Finding::Kind::kMissingAllow;
  f.layer = "key policy of arn:aws:kms:eu-west-1:111122223333:key/k";
  call.explanation.push_back(f);
  r.calls.push_back(call);
  ExpectReason reason;
  reason.layer = "key_policy";
  EXPECT_EQ(ReasonMismatch(reason, r), "");
  reason.layer = "trust_policy";
  EXPECT_EQ(ReasonMismatch(reason, r),
            "expected layer trust_policy, got key_policy");
  reason.layer.clear();
  reason.denied_by = "p#NoDelete";
  EXPECT_EQ(ReasonMismatch(reason, r), "expected denied_by p#NoDelete, got none");
  TestResult t;
  t.decision = Decision::kImplicitDeny;
  t.mismatch = "expected layer trust_policy, got key_policy";
  EXPECT_EQ(FailureSummary(t),
            "implicit_deny as expected, but expected layer trust_policy, got "
            "key_policy");
}

TEST(PinnedReasonTest, BadReasonsAreInputErrors) {
  struct Case {
    std::string action, expect, error;
  };
  const std::vector<Case> cases = {
      {"sqs:DeleteQueue", R"({"decision": "deny", "layer": "key policy"})",
       "r.test.json:7:228: /tests/0/expect/layer: found the string \"key "
       "policy\"; expected a layer kind: identity_policies, "
       "permissions_boundary, session_policy, trust_policy, key_policy, "
       "resource_policy, scp, rcp or request"},
      {"sqs:DeleteQueue", R"({"decision": "allow", "layer": "scp"})",
       "/tests/0/expect/layer: found \"layer\" with decision \"allow\"; "
       "expected \"layer\" only with a deny decision"},
      {"sqs:DeleteQueue", R"({"decision": "implicit_deny", "denied_by": "p#1"})",
       "/tests/0/expect/denied_by: found \"denied_by\" with decision "
       "\"implicit_deny\"; expected \"denied_by\" only with \"explicit_deny\" "
       "or \"deny\""},
      {"sqs:DeleteQueue", R"({"decision": "deny", "denied_by": "p#Send"})",
       "found the string \"p#Send\"; expected a statement whose Effect is "
       "Deny (\"p#Send\" is an Allow)"},
      {"sqs:DeleteQueue", R"({"decision": "deny", "denied_by": "q#0"})",
       "expected the name of a policy of the world (as explanations quote "
       "it) before '#'; no policy is named \"q\""},
      {"sqs:DeleteQueue", R"({"decision": "deny", "denied_by": "p#7"})",
       "expected a Sid or 0-based statement index of \"p\" after '#' (it has "
       "2 statement(s))"},
      {"sqs:DeleteQueue", R"({"decision": "deny", "denied_by": "p"})",
       "expected \"<policy name>#<Sid or 0-based statement index>\""},
      {"sqs:DeleteQueue", R"({"layer": "scp"})",
       "found an \"expect\" object without \"decision\""},
      {"sqs:DeleteQueue", R"({"decision": "deny", "why": "x"})",
       "/tests/0/expect/why: found unknown key \"why\""},
  };
  for (const Case& c : cases) {
    absl::StatusOr<std::vector<TestResult>> r =
        RunReasons(absl::StrCat("[", Request(c.action, c.expect), "]"));
    ASSERT_FALSE(r.ok()) << c.expect;
    EXPECT_THAT(r.status().message(), HasSubstr(c.error)) << c.expect;
  }
}

constexpr char kRefWorld[] = R"({
  "accounts": {"999988887777": {}},
  "roles": [{"arn": "arn:aws:iam::111122223333:role/edge-secrets-reader"}],
  "users": [{"arn": "arn:aws:iam::111122223333:user/alice"}],
  "keys": [{"arn": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}],
  "secrets": [{"arn": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:edge/db-password-AbCdEf"}]
})";

TEST(ReferenceCheckerTest, WarnsOnUnlistedEntitiesOfKnownAccounts) {
  absl::StatusOr<World> world = World::Parse(kRefWorld, "w.json", "");
  ASSERT_TRUE(world.ok()) << world.status();
  ReferenceChecker checker(*world);
  // Listed, other accounts, kinds the world does not list, "*": fine.
  for (const char* ok : {
           "arn:aws:iam::111122223333:role/edge-secrets-reader",
           "arn:aws:secretsmanager:eu-west-1:111122223333:secret:edge/db-password-AbCdEf",
           "arn:aws:secretsmanager:eu-west-1:444455556666:secret:other-AbCdEf",
           "arn:aws:iam::444455556666:role/edge-secrets-reader",
           "arn:aws:s3:::exports/a.csv",
           "arn:aws:sqs:eu-west-1:111122223333:q",
           "arn:aws:kms:eu-west-1:111122223333:alias/edge",
           "arn:aws:kms:eu-west-1:111122223333:key/aws-secretsmanager",
           "*"}) {
    EXPECT_EQ(checker.Check(ok), "") << ok;
  }
  // A secret named without its suffix: the nearest is suggested.
  EXPECT_EQ(
      checker.Check(
          "arn:aws:secretsmanager:eu-west-1:111122223333:secret:edge/db-password"),
      "found \"arn:aws:secretsmanager:eu-west-1:111122223333:secret:edge/"
      "db-password\", a secret of an account of the world that the world "
      "does not list (an unlisted secret has no resource policy and no tags, "
      "and is decrypted with the AWS managed key aws/secretsmanager); "
      "expected a secret of the world's \"secrets\" (did you mean "
      "\"arn:aws:secretsmanager:eu-west-1:111122223333:secret:edge/"
      "db-password-AbCdEf\"?)");
  EXPECT_THAT(checker.Check("arn:aws:iam::111122223333:role/edge-secret-reader"),
              HasSubstr("expected a role of the world's \"roles\" (did you "
                        "mean \"arn:aws:iam::111122223333:role/"
                        "edge-secrets-reader\"?)"));
  EXPECT_THAT(checker.Check("arn:aws:iam::111122223333:user/alicia"),
              HasSubstr("(did you mean \"arn:aws:iam::111122223333:user/alice\"?)"));
  EXPECT_THAT(
      checker.Check("arn:aws:kms:eu-west-1:111122223333:key/"
                    "1234abcd-12ab-34cd-56ef-1234567890ac"),
      HasSubstr("expected a KMS key of the world's \"keys\" (did you mean"));
  // Far from everything: a warning without a suggestion. An account known
  // only from "accounts" counts.
  std::string far = checker.Check(
      "arn:aws:secretsmanager:eu-west-1:999988887777:secret:payroll-Zz9Yy8");
  EXPECT_THAT(far, HasSubstr("a secret of an account of the world"));
  EXPECT_THAT(far, ::testing::Not(HasSubstr("did you mean")));
}

TEST(ReferenceCheckerTest, RunnerLocatesTheWarningAndAddsItToTheResult) {
  Runner runner;
  absl::StatusOr<std::vector<TestResult>> r = runner.RunText(
      absl::StrCat(R"({"world": )", kRefWorld, R"(, "tests": [
        {"name": "typo", "principal": "arn:aws:iam::111122223333:user/alice",
         "action": "secretsmanager:GetSecretValue",
         "resource": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:edge/db-pasword-AbCdEf",
         "expect": "implicit_deny"}]})"),
      "t.test.json");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(runner.request_warnings().size(), 1u);
  EXPECT_THAT(WarningLine(runner.request_warnings()[0]),
              ::testing::StartsWith(
                  "t.test.json:10:22: warning: [Request.UnlistedArn] "
                  "/tests/0/resource: found \"arn:aws:secretsmanager:"));
  ASSERT_EQ((*r)[0].result.warnings.size(), 1u);
  EXPECT_THAT((*r)[0].result.warnings[0],
              ::testing::StartsWith(
                  "[Request.UnlistedArn] /tests/0/resource: found"));
}

}  // namespace
}  // namespace testfile
}  // namespace iameval
