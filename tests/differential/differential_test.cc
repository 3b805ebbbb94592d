// iameval: offline AWS IAM policy evaluation.
//
// Differential test: the compiled, indexed decision rule (eval/authorize.h)
// against the naive reference evaluator (testing/reference_evaluator.h) on
// 100,000 random cases from bench/corpus.h. Both must agree on the decision
// and on the deciding statements, compared as sets of (policy, statement):
// for explicit_deny every applicable Deny (kDeniedBy), for allow the Allows
// the grant counted (kAllowedBy, explain mode).
//
// The cases are sharded by seed range into TEST_P instances so ctest runs
// them in parallel. On a mismatch the test prints the seed and the case; to
// replay one seed: IAMEVAL_DIFF_SEED=<seed> ./iameval_differential_test
// --gtest_filter='*Replay*'.

#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compile/policy_set.h"
#include "corpus.h"
#include "eval/authorize.h"
#include "gtest/gtest.h"
#include "testing/fake_resolver.h"
#include "testing/reference_evaluator.h"

namespace iameval {
namespace {

using corpus::RandomCase;
using testing::RefStatementId;

constexpr int kShards = 10;
constexpr int kCasesPerShard = 10000;
constexpr uint64_t kSeedBase = 0x1A4E7A1ULL;  // fixed: the corpus is stable

// The engine's side of one case: compiled layers that outlive the call.
struct EngineCase {
  std::vector<std::unique_ptr<CompiledPolicySet>> owned;
  Layers layers;
  testing::FakeResolver keys;
};

const CompiledPolicySet* CompileInto(EngineCase* ec,
                                     const std::vector<Policy>& policies,
                                     const std::string& label) {
  absl::StatusOr<CompiledPolicySet> set =
      CompiledPolicySet::Compile(policies, label);
  EXPECT_TRUE(set.ok()) << set.status();
  if (!set.ok()) return nullptr;
  ec->owned.push_back(std::make_unique<CompiledPolicySet>(std::move(*set)));
  return ec->owned.back().get();
}

void BuildEngineCase(const RandomCase& c, EngineCase* ec) {
  Layers& l = ec->layers;
  l.scps_apply = c.scps_apply;
  for (size_t i = 0; i < c.scp_levels.size(); ++i) {
    l.scp_levels.push_back(
        CompileInto(ec, c.scp_levels[i], absl::StrCat("SCP level ", i)));
  }
  l.rcps_apply = c.rcps_apply;
  for (size_t i = 0; i < c.rcp_levels.size(); ++i) {
    l.rcp_levels.push_back(
        CompileInto(ec, c.rcp_levels[i], absl::StrCat("RCP level ", i)));
  }
  l.mode = c.mode;
  l.identity_required = c.identity_required;
  if (c.resource_policy) {
    l.resource_policy = CompileInto(ec, *c.resource_policy, "resource policy");
  }
  if (c.identity) l.identity = CompileInto(ec, *c.identity, "identity");
  if (c.boundary) l.boundary = CompileInto(ec, *c.boundary, "boundary");
  if (c.session) l.session = CompileInto(ec, *c.session, "session policy");
  for (const corpus::ContextEntry& e : c.context) {
    if (e.multivalued) {
      ec->keys.SetMulti(e.key, e.values);
    } else {
      ec->keys.Set(e.key, e.values.front());
    }
  }
}

testing::RefLayer RefLayerOf(const std::vector<Policy>& policies) {
  testing::RefLayer out;
  for (const Policy& p : policies) out.push_back(&p);
  return out;
}

testing::RefLayers BuildRefLayers(const RandomCase& c) {
  testing::RefLayers l;
  l.scps_apply = c.scps_apply;
  for (const auto& level : c.scp_levels) l.scp_levels.push_back(RefLayerOf(level));
  l.rcps_apply = c.rcps_apply;
  for (const auto& level : c.rcp_levels) l.rcp_levels.push_back(RefLayerOf(level));
  l.mode = c.mode;
  l.identity_required = c.identity_required;
  if (c.resource_policy) l.resource_policy = RefLayerOf(*c.resource_policy);
  if (c.identity) l.identity = RefLayerOf(*c.identity);
  if (c.boundary) l.boundary = RefLayerOf(*c.boundary);
  if (c.session) l.session = RefLayerOf(*c.session);
  return l;
}

testing::RefRequest BuildRefRequest(const RandomCase& c) {
  testing::RefRequest r;
  r.principal = c.principal;
  r.action = c.action;
  r.resource = c.resource;
  r.resource_account = c.resource_account;
  for (const corpus::ContextEntry& e : c.context) {
    r.context.push_back({e.key, e.values, e.multivalued});
  }
  return r;
}

std::set<RefStatementId> Statements(const CallResult& r, Finding::Kind kind) {
  std::set<RefStatementId> out;
  for (const Finding& f : r.explanation) {
    if (f.kind == kind && f.statement.has_value()) {
      out.emplace(f.statement->policy, f.statement->statement_index);
    }
  }
  return out;
}

std::string SetText(const std::set<RefStatementId>& s) {
  std::vector<std::string> parts;
  for (const auto& [policy, index] : s) {
    parts.push_back(absl::StrCat(policy, "#", index));
  }
  return absl::StrCat("{", absl::StrJoin(parts, ", "), "}");
}

struct Outcome {
  bool ok = true;
  Decision decision = Decision::kImplicitDeny;
  std::string message;
};

// Runs one seed through both evaluators.
Outcome RunCase(uint64_t seed) {
  Outcome out;
  RandomCase c = corpus::GenerateCase(seed);

  EngineCase ec;
  BuildEngineCase(c, &ec);
  AuthzRequest req;
  req.principal = &c.principal;
  req.action = c.action;
  req.action_lower = absl::AsciiStrToLower(c.action);
  req.resource = c.resource;
  req.resource_account = c.resource_account;
  req.keys = &ec.keys;
  CallResult explained = Authorize(ec.layers, req, /*explain=*/true);
  CallResult fast = Authorize(ec.layers, req, /*explain=*/false);

  testing::RefLayers ref_layers = BuildRefLayers(c);
  testing::RefResult ref =
      testing::ReferenceEvaluate(ref_layers, BuildRefRequest(c));

  std::set<RefStatementId> denied = Statements(explained, Finding::Kind::kDeniedBy);
  std::set<RefStatementId> allowed =
      Statements(explained, Finding::Kind::kAllowedBy);
  std::set<RefStatementId> fast_denied = Statements(fast, Finding::Kind::kDeniedBy);
  out.decision = ref.decision;

  std::string problems;
  if (explained.decision != ref.decision) {
    absl::StrAppend(&problems, "  decision: engine ",
                    DecisionName(explained.decision), ", reference ",
                    DecisionName(ref.decision), "\n");
  }
  if (fast.decision != explained.decision) {
    absl::StrAppend(&problems, "  engine explain=false decided ",
                    DecisionName(fast.decision), ", explain=true ",
                    DecisionName(explained.decision), "\n");
  }
  if (denied != ref.denied_by) {
    absl::StrAppend(&problems, "  denied_by: engine ", SetText(denied),
                    ", reference ", SetText(ref.denied_by), "\n");
  }
  if (fast_denied != denied) {
    absl::StrAppend(&problems, "  denied_by with explain=false: ",
                    SetText(fast_denied), "\n");
  }
  if (allowed != ref.allowed_by) {
    absl::StrAppend(&problems, "  allowed_by: engine ", SetText(allowed),
                    ", reference ", SetText(ref.allowed_by), "\n");
  }
  if (!problems.empty()) {
    out.ok = false;
    out.message = absl::StrCat("mismatch for seed ", seed, "\n", problems,
                               corpus::DumpCase(c));
  }
  return out;
}

class DifferentialTest : public ::testing::TestWithParam<int> {};

TEST_P(DifferentialTest, EngineAgreesWithReference) {
  const int shard = GetParam();
  const uint64_t first = kSeedBase + static_cast<uint64_t>(shard) * kCasesPerShard;
  std::map<Decision, int> decisions;
  int failures = 0;
  for (int i = 0; i < kCasesPerShard; ++i) {
    Outcome o = RunCase(first + i);
    ++decisions[o.decision];
    if (!o.ok) {
      ADD_FAILURE() << o.message;
      if (++failures >= 5) {
        ADD_FAILURE() << "stopping shard " << shard << " after 5 mismatches";
        break;
      }
    }
  }
  // The corpus must exercise every outcome, or the comparison proves little.
  EXPECT_GT(decisions[Decision::kAllow], kCasesPerShard / 20);
  EXPECT_GT(decisions[Decision::kExplicitDeny], kCasesPerShard / 20);
  EXPECT_GT(decisions[Decision::kImplicitDeny], kCasesPerShard / 20);
  std::printf("shard %d: %d cases from seed %llu: allow %d, explicit_deny %d, "
              "implicit_deny %d\n",
              shard, kCasesPerShard, static_cast<unsigned long long>(first),
              decisions[Decision::kAllow], decisions[Decision::kExplicitDeny],
              decisions[Decision::kImplicitDeny]);
}

INSTANTIATE_TEST_SUITE_P(Seeds, DifferentialTest, ::testing::Range(0, kShards),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return absl::StrCat("Shard", info.param);
                         });

// Replays one seed (IAMEVAL_DIFF_SEED) and prints its case either way.
TEST(DifferentialReplay, Replay) {
  const char* env = std::getenv("IAMEVAL_DIFF_SEED");
  if (env == nullptr) GTEST_SKIP() << "set IAMEVAL_DIFF_SEED to replay a seed";
  uint64_t seed = std::strtoull(env, nullptr, 0);
  Outcome o = RunCase(seed);
  std::printf("%s\n", corpus::DumpCase(corpus::GenerateCase(seed)).c_str());
  EXPECT_TRUE(o.ok) << o.message;
}

// The generator is a pure function of the seed.
TEST(DifferentialCorpus, Deterministic) {
  for (uint64_t seed : {uint64_t{1}, uint64_t{42}, kSeedBase}) {
    EXPECT_EQ(corpus::DumpCase(corpus::GenerateCase(seed)),
              corpus::DumpCase(corpus::GenerateCase(seed)));
  }
  EXPECT_NE(corpus::DumpCase(corpus::GenerateCase(1)),
            corpus::DumpCase(corpus::GenerateCase(2)));
}

}  // namespace
}  // namespace iameval
