// iameval: offline AWS IAM policy evaluation.
//
// The benchmark workload generator (bench/workload.h): deterministic, the
// size it is asked for, requests of the promised shape, and wildcards that
// change no decision.

#include "workload.h"

#include <map>
#include <string>

#include "aws/condition_keys.h"
#include "absl/strings/ascii.h"
#include "gtest/gtest.h"

namespace iameval {
namespace workload {
namespace {

Workload Make(int statements, double wildcard = 0, uint64_t seed = 20261201) {
  Options o;
  o.statements = statements;
  o.wildcard_fraction = wildcard;
  o.seed = seed;
  return Generate(o);
}

TEST(WorkloadTest, SameSeedSameWorkload) {
  const Workload a = Make(3000), b = Make(3000);
  EXPECT_EQ(a.world_json, b.world_json);
  const std::vector<Decision> none(a.requests.size(), Decision::kAllow);
  EXPECT_EQ(TestFileJson(a, none, "w.json", -1, 1),
            TestFileJson(b, none, "w.json", -1, 1));
  EXPECT_NE(a.world_json, Make(3000, 0, 7).world_json);
}

TEST(WorkloadTest, WorldHoldsExactlyTheIdentityStatementsAskedFor) {
  for (int n : {1, 39, 41, 1000, 5003}) {
    const Workload w = Make(n);
    absl::StatusOr<World> world = World::Parse(w.world_json, "world.json", ".");
    ASSERT_TRUE(world.ok()) << world.status();
    size_t statements = 0;
    for (const Role& r : world->roles) {
      for (const Policy& p : r.policies) statements += p.statements().size();
    }
    EXPECT_EQ(statements, static_cast<size_t>(n));
    EXPECT_EQ(world->roles.size(), static_cast<size_t>(w.roles));
    EXPECT_TRUE(world->PolicyErrors().empty());
  }
}

TEST(WorkloadTest, RequestsHaveTheMixAndContextPromised) {
  const Workload w = Make(100);
  ASSERT_EQ(w.requests.size(), 1000u);
  std::map<std::string, int> actions;
  for (const WorkloadRequest& r : w.requests) {
    ++actions[r.action];
    EXPECT_GE(r.context.size(), 12u) << r.principal << " " << r.action;
    EXPECT_LE(r.context.size(), 14u) << r.principal << " " << r.action;
    for (const ContextItem& c : r.context) {
      // A derived key in the context would make the engine evaluate the
      // request twice (docs/semantics.md#overrides).
      const aws::ConditionKeyInfo* info =
          aws::FindConditionKey(absl::AsciiStrToLower(c.key));
      EXPECT_FALSE(info != nullptr && aws::IsDerivedFact(*info)) << c.key;
    }
  }
  EXPECT_NEAR(actions["secretsmanager:GetSecretValue"], 450, 50);
  EXPECT_NEAR(actions["kms:Decrypt"], 350, 50);
  EXPECT_NEAR(actions["sts:AssumeRole"], 200, 40);
}

// The same-service wildcards match no request: they change no decision, and
// the index by action prefix keeps them out of every request's candidates
// (an index by service alone made each a candidate of its service's
// requests).
TEST(WorkloadTest, WildcardsChangeNoDecisionAndAddNoCandidates) {
  const Workload plain = Make(8000), wild = Make(8000, 0.05);
  EXPECT_NEAR(wild.wildcard_statements, 0.05 * (8000 - 40 * 33), 100);
  EXPECT_EQ(plain.wildcard_statements, 0);
  std::vector<Decision> decisions[2];
  CandidateStats candidates[2];
  const Workload* ws[2] = {&plain, &wild};
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<std::unique_ptr<Engine>> engine = Compile(*ws[i]);
    ASSERT_TRUE(engine.ok()) << engine.status();
    std::vector<Request> requests;
    for (const WorkloadRequest& r : ws[i]->requests) requests.push_back(ToRequest(r));
    absl::StatusOr<std::vector<Decision>> d = Decide(**engine, requests);
    ASSERT_TRUE(d.ok()) << d.status();
    decisions[i] = *d;
    absl::StatusOr<CandidateStats> c = CountCandidates(*ws[i], (*engine)->world());
    ASSERT_TRUE(c.ok()) << c.status();
    candidates[i] = *c;
  }
  EXPECT_EQ(decisions[0], decisions[1]);
  EXPECT_DOUBLE_EQ(candidates[1].mean, candidates[0].mean);
  // Every outcome occurs.
  std::map<Decision, int> mix;
  for (Decision d : decisions[0]) ++mix[d];
  EXPECT_EQ(mix.size(), 3u);
}

}  // namespace
}  // namespace workload
}  // namespace iameval
