// iameval: offline AWS IAM policy evaluation.
//
// Engine-level behaviour that scenario fixtures do not pin down: request
// errors, explanation contents, chains, and concurrent use of one engine.

#include "iameval/engine.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace iameval {
namespace {

using ::testing::HasSubstr;

constexpr char kEdge[] = "111122223333";
constexpr char kTask[] = "arn:aws:iam::111122223333:role/ata-edge-task";
constexpr char kReader[] = "arn:aws:iam::444455556666:role/edge-secrets-reader";
constexpr char kSecret[] =
    "arn:aws:secretsmanager:eu-west-1:444455556666:secret:db-password-AbCdEf";
constexpr char kKey[] =
    "arn:aws:kms:eu-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab";

// The cross-account edge-secrets setup of the Ataccama guide and the
// Security Blog (S§9 case X).
std::string WorldJson(bool reader_tagged, bool key_grants_role) {
  std::string tags = reader_tagged
      ? R"("tags": {"ataccama:edge:customer-provided": "true"},)"
      : "";
  std::string key_statement = key_grants_role
      ? R"(,{"Sid": "Allow use of the key", "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::444455556666:role/edge-secrets-reader"},
            "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*"})"
      : "";
  return std::string(R"({
    "now": "2026-11-22T12:00:00Z",
    "roles": [
      {"arn": "arn:aws:iam::111122223333:role/ata-edge-task",
       "trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
       "policies": [{"name": "edge-source-policy", "document": {"Version": "2012-10-17",
          "Statement": [{"Sid": "AssumeTaggedRoles", "Effect": "Allow",
            "Action": ["sts:AssumeRole", "sts:TagSession"], "Resource": "arn:aws:iam::*:role/*",
            "Condition": {"StringEquals": {"aws:ResourceTag/ataccama:edge:customer-provided": "true"}}}]}}]},
      {"arn": "arn:aws:iam::444455556666:role/edge-secrets-reader", )") +
         tags + R"(
       "trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
          "Action": ["sts:AssumeRole", "sts:TagSession"],
          "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/ata-edge-*"}}}]},
       "policies": [{"name": "reader-permissions", "document": {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
           "Resource": "arn:aws:secretsmanager:eu-west-1:444455556666:secret:db-password-??????"},
          {"Effect": "Allow", "Action": "kms:Decrypt",
           "Resource": "arn:aws:kms:eu-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"}]}}]}
    ],
    "secrets": [{"arn": "arn:aws:secretsmanager:eu-west-1:444455556666:secret:db-password-AbCdEf",
                 "kms_key": "arn:aws:kms:eu-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"}],
    "keys": [{"arn": "arn:aws:kms:eu-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab",
              "policy": {"name": "customer-key-policy", "document": {"Version": "2012-10-17", "Statement": [
                {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
                 "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "kms:*", "Resource": "*"})" +
         key_statement + R"(]}}}]
  })";
}

std::unique_ptr<Engine> MakeEngine(bool reader_tagged, bool key_grants_role) {
  absl::StatusOr<World> world =
      World::Parse(WorldJson(reader_tagged, key_grants_role), "world.json", ".");
  EXPECT_TRUE(world.ok()) << world.status();
  absl::StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Create(*std::move(world));
  EXPECT_TRUE(engine.ok()) << engine.status();
  return *std::move(engine);
}

std::vector<Step> ReadChain() {
  Step assume;
  assume.principal = kTask;
  assume.action = "sts:AssumeRole";
  assume.resource = kReader;
  assume.session_name = "ataccama-job-session-edge-1";
  assume.session_tags = {{"ataccama:edge:instance:name", "edge-1"}};
  Step read;
  read.action = "secretsmanager:GetSecretValue";
  read.resource = kSecret;
  return {assume, read};
}

TEST(EngineTest, TagGateNearMissNamesTheConditionAndValues) {
  std::unique_ptr<Engine> engine = MakeEngine(false, true);
  Request r;
  r.principal = kTask;
  r.action = "sts:AssumeRole";
  r.resource = kReader;
  absl::StatusOr<EvaluationResult> result = engine->Evaluate(r);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->decision, Decision::kImplicitDeny);
  ASSERT_EQ(result->deciding_call, 0);
  const CallResult& call = result->calls[0];
  bool saw_near_miss = false;
  for (const Finding& f : call.explanation) {
    if (f.kind != Finding::Kind::kNearMiss) continue;
    saw_near_miss = true;
    ASSERT_TRUE(f.statement.has_value());
    EXPECT_EQ(f.statement->policy, "edge-source-policy");
    EXPECT_EQ(f.statement->sid, "AssumeTaggedRoles");
    ASSERT_EQ(f.conditions.size(), 1u);
    EXPECT_EQ(f.conditions[0].op, "StringEquals");
    EXPECT_EQ(f.conditions[0].key,
              "aws:ResourceTag/ataccama:edge:customer-provided");
    EXPECT_FALSE(f.conditions[0].key_present);
    EXPECT_THAT(f.conditions[0].policy_values, testing::ElementsAre("true"));
  }
  EXPECT_TRUE(saw_near_miss);
}

// A key policy's near miss quotes the statement's own Resource list: the
// compiled key policy points into the world's key, never into a copy that
// is gone by evaluation time (a fuzzer found the dangling pointer).
TEST(EngineTest, KeyPolicyNearMissQuotesItsResource) {
  std::string json = WorldJson(true, true);
  const std::string grant =
      R"("Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*")";
  const size_t at = json.find(grant);
  ASSERT_NE(at, std::string::npos);
  json.replace(at, grant.size(),
               R"("Action": ["kms:Decrypt", "kms:DescribeKey"],
                  "Resource": "arn:aws:kms:eu-west-1:444455556666:key/other")");
  absl::StatusOr<World> world = World::Parse(json, "world.json", ".");
  ASSERT_TRUE(world.ok()) << world.status();
  absl::StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Create(*std::move(world));
  ASSERT_TRUE(engine.ok()) << engine.status();
  Request r;
  r.principal = kTask;
  r.action = "kms:Decrypt";
  r.resource = kKey;
  absl::StatusOr<EvaluationResult> result = (*engine)->Evaluate(r);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->decision, Decision::kImplicitDeny);
  std::vector<std::string> near_misses;
  for (const Finding& f : result->calls[0].explanation) {
    if (f.kind == Finding::Kind::kNearMiss) near_misses.push_back(f.message);
  }
  EXPECT_THAT(near_misses,
              testing::Contains(HasSubstr(
                  "its Resource [arn:aws:kms:eu-west-1:444455556666:key/"
                  "other] does not match")));
}

// Explanations are asked for per call (EvaluateOptions), on one engine.
TEST(EngineTest, ExplainIsAPerCallOption) {
  std::unique_ptr<Engine> engine = MakeEngine(false, true);
  Request r;
  r.principal = kTask;
  r.action = "sts:AssumeRole";
  r.resource = kReader;
  EvaluateOptions quiet;
  quiet.explain = false;
  absl::StatusOr<EvaluationResult> plain = engine->Evaluate(r, quiet);
  absl::StatusOr<EvaluationResult> explained = engine->Evaluate(r);
  ASSERT_TRUE(plain.ok() && explained.ok());
  EXPECT_EQ(plain->decision, explained->decision);
  EXPECT_EQ(plain->deciding_call, explained->deciding_call);
  auto near_misses = [](const EvaluationResult& e) {
    int n = 0;
    for (const CallResult& c : e.calls) {
      for (const Finding& f : c.explanation) {
        n += f.kind == Finding::Kind::kNearMiss;
      }
    }
    return n;
  };
  EXPECT_EQ(near_misses(*plain), 0);
  EXPECT_GT(near_misses(*explained), 0);
}

TEST(EngineTest, EnginesMove) {
  std::unique_ptr<Engine> engine = MakeEngine(true, true);
  Engine moved(std::move(*engine));
  absl::StatusOr<EvaluationResult> result = moved.EvaluateChain(ReadChain());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->decision, Decision::kAllow);
}

// The library applies the same request-value rule as test files and

// The engine of fixtures/scenarios/<name>/world.json.
absl::StatusOr<std::unique_ptr<Engine>> ScenarioEngine(const std::string& name) {
  absl::StatusOr<World> world = World::Load(
      std::string(IAMEVAL_FIXTURES_DIR) + "/scenarios/" + name + "/world.json");
  if (!world.ok()) return world.status();
  return Engine::Create(*std::move(world));
}

// `iameval check` (condition/value.h, RequestValueProblem).
TEST(EngineTest, RejectsContextValuesOfTheWrongType) {
  absl::StatusOr<std::unique_ptr<Engine>> engine = ScenarioEngine("unevaluable");
  ASSERT_TRUE(engine.ok()) << engine.status();
  Request r;
  r.principal = "arn:aws:iam::111122223333:user/ops";
  r.action = "dynamodb:GetItem";
  r.resource = "arn:aws:dynamodb:eu-west-1:111122223333:table/public";
  r.context.Set("aws:SourceIp", "10.0.0.300");
  absl::StatusOr<EvaluationResult> result = (*engine)->Evaluate(r);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(result.status().message(),
              HasSubstr("step 0: context: aws:SourceIp: found "
                        "\"10.0.0.300\"; expected an IPv4 or IPv6 address"));
  r.context = Context();
  r.context.Set("dynamodb:Attributes", "10.0.0.300");  // a key of no known type
  EXPECT_TRUE((*engine)->Evaluate(r).ok());
  // Sizes AWS never sends (aws/limits.h): they also bound the glob matcher.
  r.context.Set("dynamodb:Attributes", std::string(4097, 'a'));
  result = (*engine)->Evaluate(r);
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(),
              HasSubstr("expected a value of at most 4096 bytes"));
  r.context = Context();
  r.resource += std::string(2048, 'x');
  result = (*engine)->Evaluate(r);
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(),
              HasSubstr("step 0: resource: found 2100 bytes; expected at most "
                        "2048 bytes (AWS's limit on ARNs)"));
}

// A statement that cannot be evaluated (a condition value that does not
// parse, a NotResource entry that does not resolve) is decided by its
// Effect, and the explanation names the value (docs/semantics.md#unevaluable).
TEST(EngineTest, ExplainsStatementsThatCannotBeEvaluated) {
  absl::StatusOr<std::unique_ptr<Engine>> engine = ScenarioEngine("unevaluable");
  ASSERT_TRUE(engine.ok()) << engine.status();
  auto message = [&](const char* action, const char* resource,
                     Finding::Kind kind) -> std::string {
    Request r;
    r.principal = "arn:aws:iam::111122223333:user/ops";
    r.action = action;
    r.resource = resource;
    absl::StatusOr<EvaluationResult> result = (*engine)->Evaluate(r);
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return "";
    for (const Finding& f : result->calls[0].explanation) {
      if (f.kind == kind) return f.message;
    }
    return "";
  };
  EXPECT_THAT(
      message("secretsmanager:GetSecretValue",
              "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/db-AbCdEf",
              Finding::Kind::kNearMiss),
      HasSubstr("its condition NotIpAddress aws:SourceIp has the policy value "
                "\"10.0.0.0/33\", which is not a valid IP address: an Allow "
                "whose conditions cannot be evaluated never applies"));
  EXPECT_THAT(
      message("dynamodb:GetItem",
              "arn:aws:dynamodb:eu-west-1:111122223333:table/public",
              Finding::Kind::kNearMiss),
      HasSubstr("(${aws:PrincipalTag/team} has no single value) cannot be "
                "evaluated, so it cannot tell what it excludes: an Allow then "
                "never applies"));
  EXPECT_THAT(
      message("dynamodb:PutItem",
              "arn:aws:dynamodb:eu-west-1:111122223333:table/frozen",
              Finding::Kind::kDeniedBy),
      HasSubstr("\"2026-13-45T99:00:00Z\", which is not a valid date: a Deny "
                "whose conditions cannot be evaluated applies"));
  EXPECT_THAT(
      message("dynamodb:DeleteItem",
              "arn:aws:dynamodb:eu-west-1:111122223333:table/scratch-",
              Finding::Kind::kDeniedBy),
      HasSubstr("cannot be evaluated, and a Deny applies when it cannot tell "
                "what it excludes"));
}

// The implied kms:Decrypt is a forward access request: the caller's
// context carries only aws:SourceIp and the caller's keys into it; a key it
// drops or derives anew is named when a condition on it decides
// (docs/semantics.md#implied-decrypt).
TEST(EngineTest, ForwardAccessExplainsDroppedKeys) {
  absl::StatusOr<std::unique_ptr<Engine>> engine = ScenarioEngine("network");
  ASSERT_TRUE(engine.ok()) << engine.status();
  Request r;
  r.principal = "arn:aws:sts::111122223333:assumed-role/vpce-only/s1";
  r.action = "secretsmanager:GetSecretValue";
  r.resource =
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:office-db-AbCdEf";
  r.context.Set("aws:SourceVpce", "vpce-1a2b");
  absl::StatusOr<EvaluationResult> result = (*engine)->Evaluate(r);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->decision, Decision::kExplicitDeny);
  ASSERT_EQ(result->deciding_call, 1);
  const CallResult& decrypt = result->calls[1];
  EXPECT_EQ(decrypt.action, "kms:Decrypt");
  const Finding* denied = nullptr;
  for (const Finding& f : decrypt.explanation) {
    if (f.kind == Finding::Kind::kDeniedBy) denied = &f;
  }
  ASSERT_NE(denied, nullptr);
  ASSERT_EQ(denied->conditions.size(), 1u);
  EXPECT_EQ(denied->conditions[0].key, "aws:SourceVpce");
  EXPECT_FALSE(denied->conditions[0].key_present);
  EXPECT_THAT(denied->conditions[0].note, HasSubstr("does not carry it"));

  // aws:SourceIp travels with the forward access request (case 50).
  r.principal = "arn:aws:sts::111122223333:assumed-role/office-only/s1";
  r.context = Context();
  r.context.Set("aws:SourceIp", "198.51.100.7");
  result = (*engine)->Evaluate(r);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->decision, Decision::kExplicitDeny);
  EXPECT_EQ(result->deciding_call, 0);  // GetSecretValue itself
  r.context = Context();
  r.context.Set("aws:SourceIp", "203.0.113.5");
  result = (*engine)->Evaluate(r);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->decision, Decision::kAllow);
}

TEST(EngineTest, ChainReadsTheSecretThroughBothCalls) {
  std::unique_ptr<Engine> engine = MakeEngine(true, true);
  std::vector<Step> chain = ReadChain();
  absl::StatusOr<EvaluationResult> result = engine->EvaluateChain(chain);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->decision, Decision::kAllow);
  EXPECT_EQ(result->deciding_call, -1);
  std::vector<std::string> actions;
  for (const CallResult& c : result->calls) actions.push_back(c.action);
  EXPECT_THAT(actions, testing::ElementsAre("sts:AssumeRole", "sts:TagSession",
                                            "secretsmanager:GetSecretValue",
                                            "kms:Decrypt"));
  EXPECT_EQ(result->calls[2].principal,
            "arn:aws:sts::444455556666:assumed-role/edge-secrets-reader/"
            "ataccama-job-session-edge-1");
  EXPECT_EQ(result->calls[3].resource, kKey);
}

TEST(EngineTest, KeyPolicyRootDelegationSufficesInAccount) {
  std::unique_ptr<Engine> engine = MakeEngine(true, false);
  std::vector<Step> chain = ReadChain();
  absl::StatusOr<EvaluationResult> result = engine->EvaluateChain(chain);
  ASSERT_TRUE(result.ok()) << result.status();
  // Same account as the key (the session is in 4444...), root delegation in
  // the key policy plus the role's kms:Decrypt statement: allowed (S§7.1).
  EXPECT_EQ(result->decision, Decision::kAllow);

  // Cross-account: the edge role itself reads the secret. No secret policy.
  Request direct;
  direct.principal = kTask;
  direct.action = "secretsmanager:GetSecretValue";
  direct.resource = kSecret;
  result = engine->Evaluate(direct);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->decision, Decision::kImplicitDeny);
  EXPECT_EQ(result->calls.back().action, "secretsmanager:GetSecretValue");
}

TEST(EngineTest, RejectsMalformedRequests) {
  std::unique_ptr<Engine> engine = MakeEngine(true, true);
  Request r;
  r.principal = "arn:aws:iam::111122223333:role/nobody";
  r.action = "sts:AssumeRole";
  r.resource = kReader;
  absl::StatusOr<EvaluationResult> result = engine->Evaluate(r);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(result.status().message(), HasSubstr("does not define"));

  r.principal = "arn:aws:iam:111122223333:role/x";
  EXPECT_FALSE(engine->Evaluate(r).ok());
  r.principal = kTask;
  r.action = "";
  EXPECT_FALSE(engine->Evaluate(r).ok());
  // Wildcards and spaces make no action (the one request-action rule).
  for (const char* action : {"sts:Assume*", "sts:AssumeRole ", "sts", "*"}) {
    r.action = action;
    absl::StatusOr<EvaluationResult> bad = engine->Evaluate(r);
    EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument)
        << action;
    EXPECT_THAT(bad.status().message(), HasSubstr("no wildcards")) << action;
  }
  r.action = "sts:AssumeRole";
  r.resource = "arn:aws:iam::444455556666:role/not-in-world";
  EXPECT_THAT(engine->Evaluate(r).status().message(),
              HasSubstr("not a role of the world"));
  EXPECT_FALSE(engine->EvaluateChain({}).ok());
}

// One service-principal rule (aws/principals.h) for the library, test files
// and `iameval check`: a name that is not an AWS service principal is a
// request error, not a caller that nothing matches.
TEST(EngineTest, ServicePrincipalCallersFollowTheOneRule) {
  std::unique_ptr<Engine> engine = MakeEngine(true, true);
  Request r;
  r.action = "sts:AssumeRole";
  r.resource = kTask;
  r.principal = "ecs-tasks.example.com";
  absl::StatusOr<EvaluationResult> result = engine->Evaluate(r);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(result.status().message(), HasSubstr("service principal"));
  // Service principal names compare ignoring case, like DNS names.
  r.principal = "ECS-Tasks.amazonaws.com";
  result = engine->Evaluate(r);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->decision, Decision::kAllow);
}

// A World built in code meets the loader's rules (docs/design.md#engine):
// what the loader would reject, Engine::Create rejects, with the JSON
// pointer the world file would have.
TEST(EngineTest, CreateValidatesWorldsBuiltInCode) {
  absl::StatusOr<World> loaded = World::Parse(WorldJson(true, true), "", ".");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  struct Case {
    const char* name;
    void (*mutate)(World*);
    const char* message;
  };
  const Case cases[] = {
      {"bad role ARN",
       [](World* w) { w->roles[0].arn = "arn:aws:iam::111122223333:user/x"; },
       "world: /roles/0/arn: found the string "
       "\"arn:aws:iam::111122223333:user/x\"; expected an IAM role ARN"},
      {"account field disagrees with the ARN",
       [](World* w) { w->roles[1].account = "111122223333"; },
       "world: /roles/1/account: found the string \"111122223333\"; "
       "expected \"444455556666\" (from the ARN)"},
      {"duplicate role",
       [](World* w) { w->roles.push_back(w->roles[0]); },
       "world: /roles/2/arn: found a second definition of"},
      {"second role of one name in an account",
       [](World* w) {
         w->roles.push_back(w->roles[0]);
         w->roles.back().arn = absl::StrCat(w->roles[0].arn.substr(
             0, w->roles[0].arn.find(":role/") + 6), "other/",
             absl::AsciiStrToUpper(w->roles[0].name));
         w->roles.back().name = absl::AsciiStrToUpper(w->roles[0].name);
       },
       "world: /roles/2/arn: found a second role named"},
      {"secret names a key the world lacks",
       [](World* w) {
         w->secrets[0].kms_key =
             "arn:aws:kms:eu-west-1:444455556666:key/missing";
       },
       "world: /secrets/0/kms_key: found the string "
       "\"arn:aws:kms:eu-west-1:444455556666:key/missing\"; expected the "
       "ARN of a key defined in \"keys\""},
      {"secret ARN without its random suffix",
       [](World* w) {
         w->secrets[0].arn =
             "arn:aws:secretsmanager:eu-west-1:444455556666:secret:db";
       },
       "world: /secrets/0/arn: found the string "
       "\"arn:aws:secretsmanager:eu-west-1:444455556666:secret:db\"; "
       "expected a secret ARN whose name ends in the 6 random characters"},
      {"now the date operators cannot read",
       [](World* w) { w->now = absl::InfiniteFuture(); },
       "world: /now: found the time infinite-future; expected an RFC 3339 "
       "time from 1970-01-01T00:00:00Z"},
      {"duration out of range",
       [](World* w) { w->roles[0].max_session_duration = 60; },
       "world: /roles/0/max_session_duration: found the number 60"},
      {"tags equal ignoring case",
       [](World* w) { w->roles[0].tags = {{"team", "a"}, {"Team", "b"}}; },
       "world: /roles/0/tags/Team: found tag key \"Team\" after \"team\""},
      {"reserved alias",
       [](World* w) { w->keys[0].aliases = {"alias/aws/mine"}; },
       "world: /keys/0/aliases/0: found the string \"alias/aws/mine\""},
      {"trust policy of another kind",
       [](World* w) { w->roles[0].trust_policy = w->roles[0].policies[0]; },
       "world: /roles/0/trust_policy: found the identity policy "
       "\"edge-source-policy\"; expected a policy of kind trust"},
      {"SCP level without a policy",
       [](World* w) {
         w->accounts["111122223333"].scps =
             std::vector<std::vector<Policy>>{{}};
       },
       "world: /accounts/111122223333/scps/0: found an empty level"},
  };
  for (const Case& c : cases) {
    World w = *loaded;
    c.mutate(&w);
    absl::StatusOr<std::unique_ptr<Engine>> engine =
        Engine::Create(std::move(w));
    ASSERT_FALSE(engine.ok()) << c.name;
    EXPECT_EQ(engine.status().code(), absl::StatusCode::kInvalidArgument)
        << c.name;
    EXPECT_THAT(engine.status().message(), HasSubstr(c.message)) << c.name;
  }
  EXPECT_TRUE(Engine::Create(*loaded).ok());
}

// Roles and users without an id get a deterministic placeholder in
// aws:userid (docs/semantics.md#sessions).
TEST(EngineTest, PlaceholderUniqueIdsInAwsUserid) {
  absl::StatusOr<World> world = World::Parse(R"({
    "roles": [{"arn": "arn:aws:iam::111122223333:role/r",
               "policies": [{"Version": "2012-10-17", "Statement": [{
                 "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*",
                 "Condition": {"StringLike": {"aws:userid": "AROA*:s1"}}}]}]}]
  })", "", ".");
  ASSERT_TRUE(world.ok()) << world.status();
  EXPECT_EQ(world->roles[0].role_id, "");
  absl::StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Create(*std::move(world));
  ASSERT_TRUE(engine.ok()) << engine.status();
  Request r;
  r.principal = "arn:aws:sts::111122223333:assumed-role/r/s1";
  r.action = "sqs:SendMessage";
  r.resource = "arn:aws:sqs:eu-west-1:111122223333:q";
  absl::StatusOr<EvaluationResult> result = (*engine)->Evaluate(r);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->decision, Decision::kAllow);
}

// Secrets without kms_key share their account's and region's managed key,
// which the engine creates with the key policy AWS gives it
// (docs/semantics.md#managed-key); a secret the world does not list is read
// through that key too (docs/semantics.md#unlisted).
TEST(EngineTest, ManagedKeysForSecretsWithoutKey) {
  absl::StatusOr<World> world = World::Parse(R"({
    "roles": [{"arn": "arn:aws:iam::444455556666:role/reader",
               "policies": [{"Version": "2012-10-17", "Statement": [{
                 "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                 "Resource": "*"}]}]}],
    "secrets": [
      {"arn": "arn:aws:secretsmanager:eu-west-1:444455556666:secret:a-AbCdEf"},
      {"arn": "arn:aws:secretsmanager:eu-west-1:444455556666:secret:b-AbCdEf"},
      {"arn": "arn:aws:secretsmanager:us-east-1:444455556666:secret:c-AbCdEf"}]
  })", "", ".");
  ASSERT_TRUE(world.ok()) << world.status();
  absl::StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Create(*std::move(world));
  ASSERT_TRUE(engine.ok()) << engine.status();
  auto read = [&](const std::string& secret) {
    Request r;
    r.principal = "arn:aws:sts::444455556666:assumed-role/reader/s1";
    r.action = "secretsmanager:GetSecretValue";
    r.resource = secret;
    absl::StatusOr<EvaluationResult> result = (*engine)->Evaluate(r);
    EXPECT_TRUE(result.ok()) << result.status();
    return *std::move(result);
  };
  for (const char* secret :
       {"arn:aws:secretsmanager:eu-west-1:444455556666:secret:a-AbCdEf",
        "arn:aws:secretsmanager:eu-west-1:444455556666:secret:b-AbCdEf",
        "arn:aws:secretsmanager:eu-west-1:444455556666:secret:unlisted-AbCdEf"}) {
    EvaluationResult result = read(secret);
    EXPECT_EQ(result.decision, Decision::kAllow) << secret;
    ASSERT_EQ(result.calls.size(), 2u) << secret;
    EXPECT_EQ(result.calls[1].resource,
              "arn:aws:kms:eu-west-1:444455556666:key/aws-secretsmanager");
  }
  EvaluationResult c =
      read("arn:aws:secretsmanager:us-east-1:444455556666:secret:c-AbCdEf");
  ASSERT_EQ(c.calls.size(), 2u);
  EXPECT_EQ(c.calls[1].resource,
            "arn:aws:kms:us-east-1:444455556666:key/aws-secretsmanager");
  // An unlisted secret in a region no listed secret uses: a key for the call.
  EvaluationResult d = read(
      "arn:aws:secretsmanager:ap-south-1:444455556666:secret:d-AbCdEf");
  EXPECT_EQ(d.decision, Decision::kAllow);
  ASSERT_EQ(d.calls.size(), 2u);
  EXPECT_EQ(d.calls[1].resource,
            "arn:aws:kms:ap-south-1:444455556666:key/aws-secretsmanager");
  bool noted = false;
  for (const Finding& f : d.calls[1].explanation) {
    noted |= absl::StrContains(f.message, "is not listed in the world");
  }
  EXPECT_TRUE(noted);
}

// A same-account trust that names the caller's role for sts:AssumeRole only:
// passing session tags fails on sts:TagSession, and the explanation names
// the trust policy alone; an identity Allow would fix nothing there.
TEST(EngineTest, MissingTagSessionInTrustNamesOnlyTheTrustPolicy) {
  absl::StatusOr<World> world = World::Parse(R"({
    "roles": [
      {"arn": "arn:aws:iam::444455556666:role/caller"},
      {"arn": "arn:aws:iam::444455556666:role/target",
       "trust_policy": {"Version": "2012-10-17", "Statement": [{
         "Effect": "Allow", "Action": "sts:AssumeRole",
         "Principal": {"AWS": "arn:aws:iam::444455556666:role/caller"}}]}}]
  })", "", ".");
  ASSERT_TRUE(world.ok()) << world.status();
  absl::StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Create(*std::move(world));
  ASSERT_TRUE(engine.ok()) << engine.status();
  Request r;
  r.principal = "arn:aws:sts::444455556666:assumed-role/caller/s1";
  r.action = "sts:AssumeRole";
  r.resource = "arn:aws:iam::444455556666:role/target";
  r.session_tags = {{"team", "blue"}};
  absl::StatusOr<EvaluationResult> result = (*engine)->Evaluate(r);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->decision, Decision::kImplicitDeny);
  ASSERT_GE(result->deciding_call, 0);
  const CallResult& tag = result->calls[result->deciding_call];
  EXPECT_EQ(tag.action, "sts:TagSession");
  std::vector<std::string> missing;
  for (const Finding& f : tag.explanation) {
    if (f.kind == Finding::Kind::kMissingAllow) missing.push_back(f.layer);
  }
  EXPECT_THAT(missing, testing::ElementsAre(
                           "trust policy of arn:aws:iam::444455556666:role/target"));
}

// Managed keys of accounts and regions only unlisted secrets use are
// compiled on first use and cached: concurrent first uses agree.
TEST(EngineTest, LazyManagedKeysUnderConcurrency) {
  absl::StatusOr<World> world = World::Parse(R"({
    "roles": [{"arn": "arn:aws:iam::444455556666:role/reader",
               "policies": [{"Version": "2012-10-17", "Statement": [{
                 "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                 "Resource": "*"}]}]}]
  })", "", ".");
  ASSERT_TRUE(world.ok()) << world.status();
  absl::StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Create(*std::move(world));
  ASSERT_TRUE(engine.ok()) << engine.status();
  const char* regions[] = {"eu-west-1", "us-east-1", "ap-south-1",
                           "eu-central-1", "us-west-2"};
  std::vector<std::thread> threads;
  std::vector<int> allowed(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        Request r;
        r.principal = "arn:aws:sts::444455556666:assumed-role/reader/s1";
        r.action = "secretsmanager:GetSecretValue";
        r.resource = absl::StrCat("arn:aws:secretsmanager:", regions[i % 5],
                                  ":444455556666:secret:s", i, "-AbCdEf");
        absl::StatusOr<EvaluationResult> result = (*engine)->Evaluate(r);
        if (result.ok() && result->decision == Decision::kAllow &&
            result->calls.size() == 2) {
          ++allowed[t];
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_THAT(allowed, testing::Each(50));
}

TEST(EngineTest, RootCannotAssumeRoles) {
  std::unique_ptr<Engine> engine = MakeEngine(true, true);
  Request r;
  r.principal = absl::StrCat("arn:aws:iam::", kEdge, ":root");
  r.action = "sts:AssumeRole";
  r.resource = kReader;
  absl::StatusOr<EvaluationResult> result = engine->Evaluate(r);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->decision, Decision::kImplicitDeny);
  ASSERT_FALSE(result->calls[0].explanation.empty());
  EXPECT_EQ(result->calls[0].explanation[0].kind,
            Finding::Kind::kInvalidRequest);
}

TEST(EngineTest, DurationLimitsForChainedSessions) {
  std::unique_ptr<Engine> engine = MakeEngine(true, true);
  std::vector<Step> chain = ReadChain();
  chain.resize(1);
  chain[0].duration_seconds = 899;
  EXPECT_EQ(engine->EvaluateChain(chain)->decision, Decision::kImplicitDeny);
  chain[0].duration_seconds = 900;
  EXPECT_EQ(engine->EvaluateChain(chain)->decision, Decision::kAllow);
  // The caller is a role session (ECS task role): role chaining, 1 h cap.
  chain[0].duration_seconds = 3601;
  EXPECT_EQ(engine->EvaluateChain(chain)->decision, Decision::kImplicitDeny);
}

// The engine is immutable: two threads sharing it decide the same requests
// the same way as one thread (run under TSan/ASan in CI).
TEST(EngineTest, ConcurrentEvaluationAgrees) {
  std::unique_ptr<Engine> engine = MakeEngine(true, true);
  std::vector<Step> chain = ReadChain();
  Request deny;
  deny.principal = kTask;
  deny.action = "secretsmanager:GetSecretValue";
  deny.resource = kSecret;
  auto work = [&](int* mismatches) {
    for (int i = 0; i < 2000; ++i) {
      absl::StatusOr<EvaluationResult> a = engine->EvaluateChain(chain);
      absl::StatusOr<EvaluationResult> b = engine->Evaluate(deny);
      if (!a.ok() || a->decision != Decision::kAllow || !b.ok() ||
          b->decision != Decision::kImplicitDeny) {
        ++*mismatches;
      }
    }
  };
  int m1 = 0, m2 = 0;
  std::thread t1(work, &m1);
  std::thread t2(work, &m2);
  t1.join();
  t2.join();
  EXPECT_EQ(m1, 0);
  EXPECT_EQ(m2, 0);
}

}  // namespace
}  // namespace iameval
