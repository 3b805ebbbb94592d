// iameval: offline AWS IAM policy evaluation.
//
// Stress test of the thread-safety contract of include/iameval/engine.h
// ("Evaluate and EvaluateChain may be called concurrently from any number of
// threads"): a world of 4,000 identity statements (bench/corpus.h's
// LargeIdentitySet, 250 per role), SCPs, secrets in three regions under
// their lazily created AWS managed keys, a customer key and a secret policy
// with a Deny. 3,000 deterministic requests are decided once on one thread
// by one engine, then by 8 threads sharing a second engine compiled from a
// copy of the same world (so the lazy managed keys are created under
// contention), each thread deciding every request, starting at a different
// offset. Every result must equal the one-thread result: the decision, the
// deciding call and each call's decision and deciding statements. Half the
// requests ask for an explanation.
//
// Label `threads`: .ci/run runs it under ThreadSanitizer.

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "corpus.h"
#include "gtest/gtest.h"
#include "iameval/engine.h"

namespace iameval {
namespace {

constexpr int kRoles = 16;
constexpr int kStatementsPerRole = 250;  // 4,000 statements in all
constexpr int kRequests = 3000;
constexpr int kThreads = 8;
constexpr char kAccount[] = "111122223333";
const char* const kRegions[] = {"eu-west-1", "us-east-1", "ap-south-1"};

std::string RoleArn(int i) {
  return absl::StrCat("arn:aws:iam::", kAccount, ":role/app/r", i);
}
std::string SessionArn(int i) {
  return absl::StrCat("arn:aws:sts::", kAccount, ":assumed-role/r", i, "/s",
                      i);
}
std::string SecretArn(const char* region, const char* name) {
  return absl::StrCat("arn:aws:secretsmanager:", region, ":", kAccount,
                      ":secret:", name, "-AbCdEf");
}
constexpr char kCustomerKey[] =
    "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

Policy ParseOrDie(absl::string_view json, PolicyKind kind,
                  const std::string& name) {
  ParseOptions options;
  options.name = name;
  absl::StatusOr<Policy> p = Policy::Parse(json, kind, options);
  EXPECT_TRUE(p.ok()) << name << ": " << p.status();
  return p.ok() ? *std::move(p) : Policy();
}

World BuildWorld() {
  World w;
  w.now = absl::FromUnixSeconds(1795867200);  // 2026-11-22T12:00:00Z
  Account a;
  a.id = kAccount;
  a.org_id = "o-exampleorgid";
  // Two SCP levels: full access at the root; at the account, full access
  // and a Deny of a few services the identity policies grant.
  a.scps = std::vector<std::vector<Policy>>{
      {ParseOrDie(R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                      "Action": "*", "Resource": "*"}]})",
                  PolicyKind::kScp, "root-full-access")},
      {ParseOrDie(R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                      "Action": "*", "Resource": "*"}]})",
                  PolicyKind::kScp, "account-full-access"),
       ParseOrDie(R"({"Version": "2012-10-17", "Statement": [{"Sid": "NoSvc7",
                      "Effect": "Deny", "Action": ["svc7:*", "svc3?:*", "svc42:Describe*"],
                      "Resource": "*"}]})",
                  PolicyKind::kScp, "deny-some-services")}};
  w.accounts[kAccount] = std::move(a);

  const Policy trust = ParseOrDie(
      R"({"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
           "Action": "sts:AssumeRole"},
          {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
           "Action": ["sts:AssumeRole", "sts:TagSession"],
           "Condition": {"StringEquals": {"aws:PrincipalTag/team": "blue"}}}]})",
      PolicyKind::kTrust, "trust");
  const Policy readers = ParseOrDie(
      R"({"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
           "Resource": "arn:aws:secretsmanager:*:111122223333:secret:app/*"},
          {"Effect": "Allow", "Action": ["sts:AssumeRole", "kms:Decrypt"],
           "Resource": ["arn:aws:iam::111122223333:role/app/*", "*"]}]})",
      PolicyKind::kIdentity, "readers");
  for (int i = 0; i < kRoles; ++i) {
    Role r;
    r.arn = RoleArn(i);
    r.account = kAccount;
    r.name = absl::StrCat("r", i);
    r.trust_policy = trust;
    for (const Policy& p :
         corpus::LargeIdentitySet(kStatementsPerRole, /*seed=*/1000 + i)) {
      r.policies.emplace_back(p.kind(), p.version(),
                              absl::StrCat("r", i, "-", p.name()),
                              p.statements());
    }
    if (i % 3 != 2) r.policies.push_back(readers);
    r.tags = {{"team", i % 2 == 0 ? "blue" : "red"}};
    w.roles.push_back(std::move(r));
  }

  // One secret per region under the AWS managed key (created lazily, per
  // region), one under the customer key, one with a Deny for role r3.
  const char* names[] = {"app/db", "app/api"};
  for (const char* region : kRegions) {
    for (const char* name : names) {
      Secret s;
      s.arn = SecretArn(region, name);
      s.account = kAccount;
      s.region = region;
      w.secrets.push_back(std::move(s));
    }
  }
  Secret with_key;
  with_key.arn = SecretArn("eu-west-1", "app/keyed");
  with_key.account = kAccount;
  with_key.region = "eu-west-1";
  with_key.kms_key = kCustomerKey;
  w.secrets.push_back(std::move(with_key));
  Secret denied;
  denied.arn = SecretArn("us-east-1", "app/guarded");
  denied.account = kAccount;
  denied.region = "us-east-1";
  denied.policy = ParseOrDie(
      R"({"Version": "2012-10-17", "Statement": [{"Sid": "NotR3",
          "Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app/r3"},
          "Action": "secretsmanager:*", "Resource": "*"}]})",
      PolicyKind::kResource, "guarded-secret-policy");
  w.secrets.push_back(std::move(denied));

  Key key;
  key.arn = kCustomerKey;
  key.account = kAccount;
  key.region = "eu-west-1";
  key.policy = ParseOrDie(
      R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
          "Action": "kms:*", "Resource": "*"}]})",
      PolicyKind::kKey, "customer-key-policy");
  w.keys.push_back(std::move(key));
  return w;
}

// A text a glob matches: wildcards replaced by plain characters.
std::string Instantiate(const std::string& pattern) {
  return absl::StrReplaceAll(pattern, {{"*", "All"}, {"?", "x"}});
}

// Deterministic requests: a third built from the roles' own statements
// (mostly allowed, sometimes denied by an SCP or a failed condition), the
// rest secret reads in every region, role assumptions and actions nobody
// grants.
std::vector<Request> BuildRequests(const World& w) {
  corpus::Rng rng(0x5EED);
  std::vector<Request> out;
  out.reserve(kRequests);
  const char* names[] = {"app/db", "app/api", "app/keyed", "app/guarded",
                         "other/x"};
  for (int i = 0; i < kRequests; ++i) {
    const int role = static_cast<int>(rng.Below(kRoles));
    Request r;
    r.principal = rng.Percent(80) ? SessionArn(role) : RoleArn(role);
    if (rng.Percent(40)) {
      r.context.Set("aws:SourceIp",
                    rng.Percent(50) ? "10.1.2.3" : "203.0.113.5");
    }
    switch (rng.Below(6)) {
      case 0:
      case 1: {
        const Role& ro = w.roles[role];
        const Policy& p = ro.policies[rng.Below(
            static_cast<uint32_t>(ro.policies.size()))];
        const Statement& s = p.statements()[rng.Below(
            static_cast<uint32_t>(p.statements().size()))];
        r.action = Instantiate(s.actions[rng.Below(
            static_cast<uint32_t>(s.actions.size()))]);
        r.resource = Instantiate(s.resources.front());
        // A role to assume must be one of the world's (its trust policy).
        if (absl::EqualsIgnoreCase(r.action, "sts:AssumeRole")) {
          r.resource = RoleArn(static_cast<int>(rng.Below(kRoles)));
        }
        break;
      }
      case 2:
      case 3: {
        // Two statements: argument evaluation order is unspecified, and
        // the requests must be the same with every compiler.
        const char* region = kRegions[rng.Below(3)];
        r.action = corpus::kHitAction;
        r.resource = SecretArn(region, names[rng.Below(5)]);
        break;
      }
      case 4:
        r.action = "sts:AssumeRole";
        r.resource = RoleArn(static_cast<int>(rng.Below(kRoles)));
        break;
      default:
        r.action = corpus::kMissAction;
        r.resource = absl::StrCat("arn:aws:dynamodb:eu-west-1:", kAccount,
                                  ":table/t", rng.Below(10));
        break;
    }
    out.push_back(std::move(r));
  }
  return out;
}

EvaluateOptions OptionsFor(int i) {
  EvaluateOptions o;
  o.explain = i % 2 == 0;
  return o;
}

// What must not depend on the thread: the decision, the deciding call, and
// per call the decision and every finding that names a statement.
std::string Summary(const absl::StatusOr<EvaluationResult>& r) {
  if (!r.ok()) return absl::StrCat("error: ", r.status().ToString());
  std::string out = absl::StrCat(DecisionName(r->decision), " deciding_call ",
                                 r->deciding_call, "\n");
  for (const CallResult& c : r->calls) {
    absl::StrAppend(&out, "  ", c.principal, " ", c.action, " ", c.resource,
                    ": ", DecisionName(c.decision), "\n");
    for (const Finding& f : c.explanation) {
      if (!f.statement.has_value()) continue;
      absl::StrAppend(&out, "    ", FindingKindName(f.kind), " ",
                      f.statement->policy, "#", f.statement->statement_index,
                      "\n");
    }
  }
  return out;
}

TEST(ConcurrencyTest, EightThreadsAgreeWithOneThread) {
  const World world = BuildWorld();
  const std::vector<Request> requests = BuildRequests(world);
  size_t statements = 0;
  for (const Role& r : world.roles) {
    for (const Policy& p : r.policies) statements += p.statements().size();
  }
  ASSERT_GE(statements, 4000u);

  // The one-thread reference, on its own engine.
  std::vector<std::string> expected(requests.size());
  int allow = 0, explicit_deny = 0, implicit_deny = 0;
  {
    absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(world);
    ASSERT_TRUE(engine.ok()) << engine.status();
    for (size_t i = 0; i < requests.size(); ++i) {
      absl::StatusOr<EvaluationResult> r =
          (*engine)->Evaluate(requests[i], OptionsFor(static_cast<int>(i)));
      ASSERT_TRUE(r.ok()) << "request " << i << ": " << r.status();
      expected[i] = Summary(r);
      switch (r->decision) {
        case Decision::kAllow: ++allow; break;
        case Decision::kExplicitDeny: ++explicit_deny; break;
        case Decision::kImplicitDeny: ++implicit_deny; break;
      }
    }
  }
  // Every outcome is well represented, or agreement proves little.
  EXPECT_GT(allow, kRequests / 20);
  EXPECT_GT(explicit_deny, kRequests / 50);
  EXPECT_GT(implicit_deny, kRequests / 20);

  absl::StatusOr<std::unique_ptr<Engine>> shared = Engine::Create(world);
  ASSERT_TRUE(shared.ok()) << shared.status();
  const Engine& engine = **shared;
  std::vector<std::vector<std::string>> got(kThreads);
  std::atomic<int> waiting{kThreads};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::string>& mine = got[t];
      mine.resize(requests.size());
      // Start together, so that the first (lazy) uses overlap.
      waiting.fetch_sub(1);
      while (waiting.load() > 0) std::this_thread::yield();
      const size_t n = requests.size();
      const size_t start = n * t / kThreads;
      for (size_t k = 0; k < n; ++k) {
        const size_t i = (start + k) % n;
        mine[i] = Summary(
            engine.Evaluate(requests[i], OptionsFor(static_cast<int>(i))));
      }
    });
  }
  for (std::thread& t : threads) t.join();

  int mismatches = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (size_t i = 0; i < requests.size(); ++i) {
      if (got[t][i] == expected[i]) continue;
      if (++mismatches <= 5) {
        ADD_FAILURE() << "thread " << t << ", request " << i << " ("
                      << requests[i].principal << " " << requests[i].action
                      << " " << requests[i].resource << ")\none thread:\n"
                      << expected[i] << "thread " << t << ":\n"
                      << got[t][i];
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
  std::printf("%zu statements, %d requests x %d threads: allow %d, "
              "explicit_deny %d, implicit_deny %d\n",
              statements, kRequests, kThreads, allow, explicit_deny,
              implicit_deny);
}

}  // namespace
}  // namespace iameval
