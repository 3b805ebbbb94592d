// iameval: offline AWS IAM policy evaluation.
//
// The benchmark workload (bench/workload.h; docs/benchmarks.md,
// "Workload"): a world of N identity statements (1 to 100,000) plus trust,
// secret and key policies and SCPs, and 1,000 requests (45%
// GetSecretValue with the implied kms:Decrypt, 35% kms:Decrypt, 20%
// sts:AssumeRole) with 12-14 context keys each.
//
//   BM_Workload_Evaluate/N            Engine::Evaluate, explanations off, one
//                                     request per iteration, round-robin
//                                     over the 1,000 requests
//   BM_Workload_Evaluate_Wildcard1pct/N   the same with 1% of the filler
//                                     statements same-service wildcards
//   BM_Workload_Load/N                World::Parse + Engine::Create of the
//                                     world text (bytes/s of world JSON)
//   BM_Workload_Memory/N              growth of RSS and of the live heap
//                                     while parsing + compiling, per
//                                     statement, and the heap split into
//                                     the World and what Engine::Create
//                                     adds (run it in its own process:
//                                     --benchmark_filter=Memory)
//
// Latency percentiles: after each Evaluate benchmark's timed loop, a
// separate pass times every request on its own with std::chrono::
// steady_clock (20 rounds over the 1,000 requests: 20,000 samples) and
// reports p50_ns / p99_ns (and clock_ns, the median cost of an empty
// timing, which the samples include). The benchmark's own time is the
// mean over the round-robin loop.
//
// Setup (generation, compilation, the expected decisions) is outside the
// timed loops. Every timed evaluation is checked against the decision the
// engine gave once at setup.
//
//   build/workload_bench --benchmark_filter=Evaluate
//       --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "benchmark/benchmark.h"
#include "iameval/engine.h"
#include "workload.h"

namespace iameval {
namespace {

void Check(bool ok, const std::string& what) {
  if (!ok) {
    std::fprintf(stderr, "workload_bench: setup check failed: %s\n", what.c_str());
    std::abort();
  }
}

const EvaluateOptions kDecisionOnly = [] {
  EvaluateOptions o;
  o.explain = false;
  return o;
}();

struct Fixture {
  workload::Workload w;
  std::unique_ptr<Engine> engine;
  std::vector<Request> requests;
  std::vector<Decision> expected;
  workload::CandidateStats candidates;
  int allow = 0, explicit_deny = 0, implicit_deny = 0;
};

const Fixture& Get(int statements, double wildcard_fraction) {
  // Recursive: the wildcard variant checks itself against the plain world.
  static std::recursive_mutex mu;
  static auto* fixtures =
      new std::map<std::pair<int, double>, std::unique_ptr<Fixture>>();
  std::lock_guard<std::recursive_mutex> lock(mu);
  std::unique_ptr<Fixture>& f = (*fixtures)[{statements, wildcard_fraction}];
  if (f != nullptr) return *f;
  f = std::make_unique<Fixture>();
  workload::Options options;
  options.statements = statements;
  options.wildcard_fraction = wildcard_fraction;
  f->w = workload::Generate(options);
  absl::StatusOr<std::unique_ptr<Engine>> engine = workload::Compile(f->w);
  Check(engine.ok(), std::string(engine.status().message()));
  f->engine = *std::move(engine);
  for (const workload::WorkloadRequest& r : f->w.requests) {
    f->requests.push_back(workload::ToRequest(r));
  }
  absl::StatusOr<std::vector<Decision>> decided =
      workload::Decide(*f->engine, f->requests);
  Check(decided.ok(), std::string(decided.status().message()));
  f->expected = *std::move(decided);
  for (Decision d : f->expected) {
    if (d == Decision::kAllow) ++f->allow;
    if (d == Decision::kExplicitDeny) ++f->explicit_deny;
    if (d == Decision::kImplicitDeny) ++f->implicit_deny;
  }
  absl::StatusOr<workload::CandidateStats> candidates =
      workload::CountCandidates(f->w, f->engine->world());
  Check(candidates.ok(), std::string(candidates.status().message()));
  f->candidates = *candidates;
  if (wildcard_fraction > 0) {
    // The wildcards match no request: the decisions are those of the
    // world without them.
    const Fixture& plain = Get(statements, 0);
    Check(plain.expected == f->expected,
          "the wildcard statements changed a decision");
  }
  return *f;
}

double Percentile(std::vector<double>* v, double p) {
  const size_t i = std::min(v->size() - 1, static_cast<size_t>(p * v->size()));
  std::nth_element(v->begin(), v->begin() + i, v->end());
  return (*v)[i];
}

void RunEvaluate(benchmark::State& state, double wildcard_fraction) {
  const Fixture& f = Get(static_cast<int>(state.range(0)), wildcard_fraction);
  const size_t n = f.requests.size();
  size_t i = 0;
  for (auto _ : state) {
    absl::StatusOr<EvaluationResult> result =
        f.engine->Evaluate(f.requests[i], kDecisionOnly);
    if (!result.ok() || result->decision != f.expected[i]) {
      state.SkipWithError("wrong decision");
      break;
    }
    benchmark::DoNotOptimize(result);
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(state.iterations());

  // Per-request latency, outside the timed loop.
  using Clock = std::chrono::steady_clock;
  constexpr int kRounds = 20;
  std::vector<double> samples;
  samples.reserve(kRounds * n);
  for (int round = 0; round < kRounds; ++round) {
    for (size_t j = 0; j < n; ++j) {
      const Clock::time_point start = Clock::now();
      absl::StatusOr<EvaluationResult> result =
          f.engine->Evaluate(f.requests[j], kDecisionOnly);
      const Clock::time_point end = Clock::now();
      benchmark::DoNotOptimize(result);
      samples.push_back(
          std::chrono::duration<double, std::nano>(end - start).count());
    }
  }
  std::vector<double> empty;
  empty.reserve(10000);
  for (int j = 0; j < 10000; ++j) {
    const Clock::time_point start = Clock::now();
    const Clock::time_point end = Clock::now();
    empty.push_back(std::chrono::duration<double, std::nano>(end - start).count());
  }
  state.counters["p50_ns"] = Percentile(&samples, 0.50);
  state.counters["p99_ns"] = Percentile(&samples, 0.99);
  state.counters["clock_ns"] = Percentile(&empty, 0.50);
  state.counters["candidates"] = f.candidates.mean;
  state.counters["allow_pct"] = 100.0 * f.allow / n;
  state.counters["explicit_pct"] = 100.0 * f.explicit_deny / n;
  state.counters["implicit_pct"] = 100.0 * f.implicit_deny / n;
}

void BM_Workload_Evaluate(benchmark::State& s) { RunEvaluate(s, 0); }
void BM_Workload_Evaluate_Wildcard1pct(benchmark::State& s) {
  RunEvaluate(s, 0.01);
}

void Sizes(benchmark::internal::Benchmark* b) {
  for (int n : {1, 100, 1000, 10000, 100000}) b->Arg(n);
}
BENCHMARK(BM_Workload_Evaluate)->Apply(Sizes);
BENCHMARK(BM_Workload_Evaluate_Wildcard1pct)->Arg(10000)->Arg(100000);

// The world text of `statements` statements, generated once.
const std::string& WorldText(int statements) {
  static std::mutex mu;
  static auto* texts = new std::map<int, std::string>();
  std::lock_guard<std::mutex> lock(mu);
  std::string& text = (*texts)[statements];
  if (text.empty()) {
    workload::Options options;
    options.statements = statements;
    options.requests = 1;
    text = workload::Generate(options).world_json;
  }
  return text;
}

// World::Parse + Engine::Create of `text`: what the Load and Memory
// benchmarks measure. Null (and the benchmark skipped) on an error.
// `after_parse`, when given, runs between World::Parse and Engine::Create.
std::unique_ptr<Engine> LoadEngine(
    const std::string& text, benchmark::State& state,
    const std::function<void()>& after_parse = nullptr) {
  absl::StatusOr<World> world = World::Parse(text, "world.json", ".");
  if (!world.ok()) {
    state.SkipWithError("world does not load");
    return nullptr;
  }
  if (after_parse) after_parse();
  absl::StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Create(*std::move(world));
  if (!engine.ok()) {
    state.SkipWithError("world does not compile");
    return nullptr;
  }
  return *std::move(engine);
}

void BM_Workload_Load(benchmark::State& state) {
  const std::string& text = WorldText(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    std::unique_ptr<Engine> engine = LoadEngine(text, state);
    if (engine == nullptr) break;
    benchmark::DoNotOptimize(engine);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
  state.counters["world_bytes"] = static_cast<double>(text.size());
}
BENCHMARK(BM_Workload_Load)->Apply(Sizes)->Unit(benchmark::kMillisecond);

// Resident set size in bytes (/proc/self/statm, second field, in pages).
double RssBytes() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

double HeapBytes() { return static_cast<double>(mallinfo2().uordblks); }

void BM_Workload_Memory(benchmark::State& state) {
  const int statements = static_cast<int>(state.range(0));
  const std::string& text = WorldText(statements);
  for (auto _ : state) {
    malloc_trim(0);
    const double rss0 = RssBytes(), heap0 = HeapBytes();
    double parsed_heap = 0;
    std::unique_ptr<Engine> engine =
        LoadEngine(text, state, [&] { parsed_heap = HeapBytes(); });
    if (engine == nullptr) break;
    const double rss1 = RssBytes(), heap1 = HeapBytes();
    state.counters["rss_per_statement"] = (rss1 - rss0) / statements;
    state.counters["heap_per_statement"] = (heap1 - heap0) / statements;
    // Of which the World (the policies' syntax trees, which the engine
    // keeps for explanations) ...
    state.counters["world_heap_per_statement"] =
        (parsed_heap - heap0) / statements;
    // ... and what Engine::Create adds (compiled sets, index, lookups).
    state.counters["engine_heap_per_statement"] =
        (heap1 - parsed_heap) / statements;
    state.counters["rss_mb"] = (rss1 - rss0) / 1e6;
    state.counters["world_bytes_per_statement"] =
        static_cast<double>(text.size()) / statements;
    state.PauseTiming();
    engine.reset();  // destruction is not part of the measurement
    state.ResumeTiming();
  }
}
BENCHMARK(BM_Workload_Memory)
    ->Arg(100)->Arg(100000)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace iameval

BENCHMARK_MAIN();
