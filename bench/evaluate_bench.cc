// iameval: offline AWS IAM policy evaluation.
//
// Authorize (compiled + indexed) on identity layers of 1 to 100,000
// statements, of which at most 10 mention the request's action; the rest are
// spread over 400 other services (bench/corpus.h, LargeIdentitySet). A hit
// is an allowed request; a miss asks for an action nobody grants. The naive
// reference evaluator (tests/testing/reference_evaluator.h) runs on the
// same 10,000-statement set, so the numbers show what the index buys.
//
// Setup (generation, compilation) is outside the timed loops and shared by
// all threads: the compiled set is immutable, as the engine's are.
//
//   build-diff/evaluate_bench --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true   (one command line)

#include <cstdio>
#include <cstdlib>
#include <map>
#include <utility>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "compile/policy_set.h"
#include "corpus.h"
#include "eval/authorize.h"
#include "iameval/engine.h"
#include "testing/fake_resolver.h"
#include "testing/reference_evaluator.h"

namespace iameval {
namespace {

struct Fixture {
  std::vector<Policy> policies;  // the uncompiled set (for the reference)
  CompiledPolicySet identity;
  Layers layers;
  PrincipalFacts principal;
  testing::FakeResolver keys;
  AuthzRequest hit, miss;
  testing::RefLayers ref_layers;
  testing::RefRequest ref_hit, ref_miss;
};

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "evaluate_bench: setup check failed: %s\n", what);
    std::abort();
  }
}

std::unique_ptr<Fixture> Build(int statements, int wildcard_percent) {
  auto f = std::make_unique<Fixture>();
  f->policies = corpus::LargeIdentitySet(statements, /*seed=*/statements,
                                         wildcard_percent);
  absl::StatusOr<CompiledPolicySet> set =
      CompiledPolicySet::Compile(f->policies, "identity policies (bench)");
  Check(set.ok(), "compile");
  f->identity = std::move(*set);
  f->layers.mode = ResourcePolicyMode::kGeneric;
  f->layers.identity = &f->identity;

  PrincipalFacts& p = f->principal;
  p.type = PrincipalFacts::Type::kAssumedRole;
  p.arn = corpus::kBenchSessionArn;
  p.role_arn = corpus::kBenchRoleArn;
  p.account = corpus::kAccountA;
  f->keys.Set("aws:PrincipalTag/team", "blue");
  f->keys.Set("aws:SourceIp", "203.0.113.5");
  f->keys.Set("aws:PrincipalArn", corpus::kBenchRoleArn);

  auto request = [&](const char* action, AuthzRequest* r) {
    r->principal = &f->principal;
    r->action = action;
    r->action_lower = absl::AsciiStrToLower(action);
    r->resource = corpus::kHitResource;
    r->resource_account = corpus::kAccountA;
    r->keys = &f->keys;
  };
  request(corpus::kHitAction, &f->hit);
  request(corpus::kMissAction, &f->miss);
  Check(Authorize(f->layers, f->hit, false).decision == Decision::kAllow,
        "the hit request is allowed");
  Check(Authorize(f->layers, f->miss, false).decision == Decision::kImplicitDeny,
        "the miss request is denied");

  testing::RefLayer layer;
  for (const Policy& pol : f->policies) layer.push_back(&pol);
  f->ref_layers.identity = layer;
  auto ref_request = [&](const char* action, testing::RefRequest* r) {
    r->principal = f->principal;
    r->action = action;
    r->resource = corpus::kHitResource;
    r->resource_account = corpus::kAccountA;
    r->context = {{"aws:PrincipalTag/team", {"blue"}, false},
                  {"aws:SourceIp", {"203.0.113.5"}, false},
                  {"aws:PrincipalArn", {corpus::kBenchRoleArn}, false}};
  };
  ref_request(corpus::kHitAction, &f->ref_hit);
  ref_request(corpus::kMissAction, &f->ref_miss);
  return f;
}

// One fixture per size, built once, on first use, under a lock (benchmarks
// with ->Threads(2) call in from two threads).
const Fixture& Get(int statements, int wildcard_percent = 0) {
  static std::mutex mu;
  static auto* fixtures =
      new std::map<std::pair<int, int>, std::unique_ptr<Fixture>>();
  std::lock_guard<std::mutex> lock(mu);
  std::unique_ptr<Fixture>& f = (*fixtures)[{statements, wildcard_percent}];
  if (f == nullptr) f = Build(statements, wildcard_percent);
  return *f;
}

void RunAuthorize(benchmark::State& state, bool hit, bool explain) {
  const Fixture& f = Get(static_cast<int>(state.range(0)));
  const AuthzRequest& r = hit ? f.hit : f.miss;
  const Decision want = hit ? Decision::kAllow : Decision::kImplicitDeny;
  for (auto _ : state) {
    CallResult result = Authorize(f.layers, r, explain);
    if (result.decision != want) state.SkipWithError("wrong decision");
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}

// The public API end to end: Engine::Evaluate resolves the caller, derives
// the request context lazily (aws:PrincipalTag/team comes from the role's
// tags), picks the layers and runs Authorize. Same identity sets as above,
// attached to a role of a World.
// Decisions only, as `iameval test` evaluates passing tests.
const EvaluateOptions kDecisionOnly = [] {
  EvaluateOptions o;
  o.explain = false;
  return o;
}();

struct EngineFixture {
  std::unique_ptr<Engine> engine;
  Request hit, miss;
};

const EngineFixture& GetEngine(int statements) {
  static std::mutex mu;
  static std::map<int, std::unique_ptr<EngineFixture>>* fixtures =
      new std::map<int, std::unique_ptr<EngineFixture>>();
  std::lock_guard<std::mutex> lock(mu);
  std::unique_ptr<EngineFixture>& f = (*fixtures)[statements];
  if (f != nullptr) return *f;
  f = std::make_unique<EngineFixture>();
  // The hit request reads a secret of the world (under its account's AWS
  // managed key), so it is two calls: GetSecretValue and the kms:Decrypt
  // Secrets Manager makes.
  absl::StatusOr<World> parsed = World::Parse(
      absl::StrCat(R"({"secrets": [{"arn": ")", corpus::kHitResource,
                   R"("}]})"),
      "bench world", ".");
  Check(parsed.ok(), "bench world");
  World world = *std::move(parsed);
  Role role;
  role.arn = corpus::kBenchRoleArn;
  role.account = corpus::kAccountA;
  role.name = "reader";
  role.role_id = "AROABENCHBENCHBENCHB";
  absl::StatusOr<Policy> trust = Policy::Parse(
      R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Principal": {"Service": "ecs-tasks.amazonaws.com"},
          "Action": "sts:AssumeRole"}]})",
      PolicyKind::kTrust);
  Check(trust.ok(), "trust policy");
  role.trust_policy = *std::move(trust);
  role.policies = corpus::LargeIdentitySet(statements, /*seed=*/statements);
  role.tags = {{"team", "blue"}};
  world.roles.push_back(std::move(role));
  world.now = absl::FromUnixSeconds(1795867200);  // 2026-11-22T12:00:00Z
  absl::StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Create(std::move(world));
  Check(engine.ok(), "engine");
  f->engine = *std::move(engine);
  for (Request* r : {&f->hit, &f->miss}) {
    r->principal = corpus::kBenchSessionArn;
    r->resource = corpus::kHitResource;
    r->context.Set("aws:SourceIp", "203.0.113.5");
  }
  f->hit.action = corpus::kHitAction;
  f->miss.action = corpus::kMissAction;
  Check(f->engine->Evaluate(f->hit, kDecisionOnly)->decision ==
            Decision::kAllow,
        "engine: the hit request is allowed");
  Check(f->engine->Evaluate(f->miss, kDecisionOnly)->decision ==
            Decision::kImplicitDeny,
        "engine: the miss request is denied");
  return *f;
}

void RunEngine(benchmark::State& state, bool hit) {
  const EngineFixture& f = GetEngine(static_cast<int>(state.range(0)));
  const Request& r = hit ? f.hit : f.miss;
  const Decision want = hit ? Decision::kAllow : Decision::kImplicitDeny;
  for (auto _ : state) {
    absl::StatusOr<EvaluationResult> result =
        f.engine->Evaluate(r, kDecisionOnly);
    if (!result.ok() || result->decision != want) {
      state.SkipWithError("wrong decision");
    }
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Engine_Evaluate_Hit(benchmark::State& s) { RunEngine(s, true); }
void BM_Engine_Evaluate_Miss(benchmark::State& s) { RunEngine(s, false); }
BENCHMARK(BM_Engine_Evaluate_Hit)
    ->Arg(1)->Arg(10000)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_Engine_Evaluate_Miss)
    ->Arg(1)->Arg(10000)->Threads(1)->Threads(2)->UseRealTime();

void BM_Authorize_Hit(benchmark::State& s) { RunAuthorize(s, true, false); }
void BM_Authorize_Hit_Explain(benchmark::State& s) { RunAuthorize(s, true, true); }
void BM_Authorize_Miss(benchmark::State& s) { RunAuthorize(s, false, false); }
void BM_Authorize_Miss_Explain(benchmark::State& s) { RunAuthorize(s, false, true); }

void Sizes(benchmark::internal::Benchmark* b) {
  for (int n : {1, 100, 1000, 10000, 100000}) b->Arg(n);
  b->Threads(1)->Threads(2)->UseRealTime();
}

BENCHMARK(BM_Authorize_Hit)->Apply(Sizes);
BENCHMARK(BM_Authorize_Hit_Explain)->Apply(Sizes);
BENCHMARK(BM_Authorize_Miss)->Apply(Sizes);
BENCHMARK(BM_Authorize_Miss_Explain)->Apply(Sizes);

// 1% of the statements are wildcards of the hit action's own service that
// cannot match it (corpus::LargeIdentitySet): the index by action prefix
// keeps them out of the hit's candidates, so the time stays flat in N.
void BM_Authorize_Hit_SameServiceWildcards(benchmark::State& state) {
  const Fixture& f = Get(static_cast<int>(state.range(0)), 1);
  for (auto _ : state) {
    CallResult result = Authorize(f.layers, f.hit, false);
    if (result.decision != Decision::kAllow) {
      state.SkipWithError("wrong decision");
    }
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Authorize_Hit_SameServiceWildcards)
    ->Arg(100)->Arg(1000)->Arg(10000)->Arg(100000);

void RunReference(benchmark::State& state, bool hit) {
  const Fixture& f = Get(static_cast<int>(state.range(0)));
  const testing::RefRequest& r = hit ? f.ref_hit : f.ref_miss;
  const Decision want = hit ? Decision::kAllow : Decision::kImplicitDeny;
  for (auto _ : state) {
    testing::RefResult result = testing::ReferenceEvaluate(f.ref_layers, r);
    if (result.decision != want) state.SkipWithError("wrong decision");
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Reference_Hit(benchmark::State& s) { RunReference(s, true); }
void BM_Reference_Miss(benchmark::State& s) { RunReference(s, false); }

BENCHMARK(BM_Reference_Hit)->Arg(10000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Reference_Miss)->Arg(10000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace iameval

BENCHMARK_MAIN();
