// iameval: offline AWS IAM policy evaluation.
//
// Parse + validate throughput (Policy::Parse: JSON reader, validator, AST)
// on the seed policies of fixtures/policies/valid and on generated policies
// at AWS's size limits: 6,144 characters (managed policy), 10,240 (inline
// role policy), 32 KB (KMS key policy), plus a 1 MB synthetic one. Lint is
// measured on the 32 KB key policy. BM_ParseManagedPolicyCorpus parses the
// current version of every AWS managed policy, when the corpus has been
// fetched (bench/fetch_managed_policies.sh). Corpora are built outside the
// timed loops and are deterministic. Results: docs/benchmarks.md
// ("## Parse").

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "iameval/policy.h"
#include "json/writer.h"
#include "testing/managed_policy_corpus.h"

namespace iameval {
namespace {

struct Doc {
  std::string text;
  PolicyKind kind;
};

// fixtures/policies/valid/<name>.<kind>.json
const std::vector<Doc>& Seeds() {
  static const std::vector<Doc>* seeds = [] {
    auto* out = new std::vector<Doc>;
    namespace fs = std::filesystem;
    for (const auto& e : fs::directory_iterator(
             fs::path(IAMEVAL_FIXTURES_DIR) / "policies" / "valid")) {
      std::string name = e.path().filename().string();
      if (name.size() < 6 || name.substr(name.size() - 5) != ".json") continue;
      std::string base = name.substr(0, name.size() - 5);
      std::optional<PolicyKind> kind =
          ParsePolicyKind(base.substr(base.rfind('.') + 1));
      if (!kind.has_value()) continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream s;
      s << in.rdbuf();
      out->push_back({s.str(), *kind});
    }
    return out;
  }();
  return *seeds;
}

// A policy of `kind` just under `limit` bytes: statements with several
// actions, ARNs and a two-operator condition each, as real policies have.
std::string Generate(PolicyKind kind, size_t limit) {
  const bool resource_side = kind == PolicyKind::kKey;
  std::string head = "{\"Version\": \"2012-10-17\", \"Statement\": [";
  std::string out = head;
  for (int i = 0;; ++i) {
    std::string st = absl::StrCat(
        i > 0 ? ",\n" : "\n", "{\"Sid\": \"S", i, "\", \"Effect\": \"",
        i % 5 == 4 ? "Deny" : "Allow", "\", ",
        resource_side
            ? absl::StrCat("\"Principal\": {\"AWS\": "
                           "\"arn:aws:iam::111122223333:role/app-",
                           i, "\"}, ")
            : "",
        "\"Action\": [\"secretsmanager:GetSecretValue\", "
        "\"secretsmanager:DescribeSecret\", \"kms:Decrypt\"], \"Resource\": ",
        resource_side
            ? std::string("\"*\"")
            : absl::StrCat("[\"arn:aws:secretsmanager:eu-west-1:444455556666:"
                           "secret:app-",
                           i, "-*\", \"arn:aws:kms:eu-west-1:444455556666:key/"
                              "1234abcd-12ab-34cd-56ef-1234567890ab\"]"),
        ", \"Condition\": {\"StringEquals\": {\"aws:ResourceTag/team\": "
        "\"team-",
        i, "\", \"aws:PrincipalTag/env\": [\"prod\", \"stage\"]}, "
           "\"IpAddress\": {\"aws:SourceIp\": [\"10.",
        i % 256, ".0.0/16\", \"203.0.113.0/24\"]}}}");
    if (out.size() + st.size() + 3 > limit) break;
    out += st;
  }
  out += "\n]}";
  return out;
}

void BM_ParseSeeds(benchmark::State& state) {
  const std::vector<Doc>& seeds = Seeds();
  size_t bytes = 0;
  for (const Doc& d : seeds) {
    if (!Policy::Parse(d.text, d.kind).ok()) {
      state.SkipWithError("a seed policy does not parse");
      return;
    }
    bytes += d.text.size();
  }
  for (auto _ : state) {
    for (const Doc& d : seeds) {
      absl::StatusOr<Policy> p = Policy::Parse(d.text, d.kind);
      benchmark::DoNotOptimize(p);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes) * state.iterations());
  state.SetItemsProcessed(static_cast<int64_t>(seeds.size()) *
                          state.iterations());
  state.counters["policies"] = static_cast<double>(seeds.size());
}
BENCHMARK(BM_ParseSeeds);

void BM_ParseGenerated(benchmark::State& state) {
  PolicyKind kind = static_cast<PolicyKind>(state.range(0));
  std::string text = Generate(kind, static_cast<size_t>(state.range(1)));
  absl::StatusOr<Policy> check = Policy::Parse(text, kind);
  if (!check.ok()) {
    state.SkipWithError(std::string(check.status().message()).c_str());
    return;
  }
  for (auto _ : state) {
    absl::StatusOr<Policy> p = Policy::Parse(text, kind);
    benchmark::DoNotOptimize(p);
  }
  state.SetBytesProcessed(static_cast<int64_t>(text.size()) *
                          state.iterations());
  state.SetItemsProcessed(state.iterations());
  state.counters["statements"] =
      static_cast<double>(check->statements().size());
}
BENCHMARK(BM_ParseGenerated)
    ->ArgNames({"kind", "bytes"})
    ->Args({static_cast<int>(PolicyKind::kIdentity), 6144})
    ->Args({static_cast<int>(PolicyKind::kIdentity), 10240})
    ->Args({static_cast<int>(PolicyKind::kKey), 32768})
    ->Args({static_cast<int>(PolicyKind::kIdentity), 1 << 20});

void BM_LintKeyPolicy(benchmark::State& state) {
  std::string text = Generate(PolicyKind::kKey, 32768);
  for (auto _ : state) {
    std::vector<Diagnostic> d = Lint(text, PolicyKind::kKey);
    benchmark::DoNotOptimize(d);
  }
  state.SetBytesProcessed(static_cast<int64_t>(text.size()) *
                          state.iterations());
}
BENCHMARK(BM_LintKeyPolicy);

// The current (default) version of every AWS managed policy, each written
// out by json::Write (two-space indentation, as AWS shows documents), or
// the reason there is none.
struct ManagedCorpus {
  std::vector<std::string> texts;
  std::string error;
};

const ManagedCorpus& CurrentManagedPolicies() {
  static const ManagedCorpus* corpus = [] {
    auto* out = new ManagedCorpus;
    const std::string file = testing::ManagedPoliciesFile();
    if (file.empty()) {
      out->error = absl::StrCat(
          "no AWS managed policy corpus at ", testing::ManagedPoliciesDir(),
          " (run bench/fetch_managed_policies.sh)");
      return out;
    }
    absl::StatusOr<testing::ManagedPolicyCorpus> all =
        testing::LoadManagedPolicyCorpus(file);
    if (!all.ok()) {
      out->error = std::string(all.status().message());
      return out;
    }
    for (const json::Member& policy : all->root.members) {
      const json::Node* latest = policy.value.Find("latestVersionId");
      const json::Node* versions = policy.value.Find("versions");
      if (latest == nullptr || versions == nullptr) continue;
      const json::Node* version = versions->Find(latest->text);
      const json::Node* doc =
          version == nullptr ? nullptr : version->Find("document");
      if (doc != nullptr) out->texts.push_back(json::Write(*doc));
    }
    return out;
  }();
  return *corpus;
}

void BM_ParseManagedPolicyCorpus(benchmark::State& state) {
  const ManagedCorpus& corpus = CurrentManagedPolicies();
  if (!corpus.error.empty()) {
    state.SkipWithError(corpus.error.c_str());
    return;
  }
  size_t bytes = 0;
  for (const std::string& text : corpus.texts) {
    absl::StatusOr<Policy> p = Policy::Parse(text, PolicyKind::kIdentity);
    if (!p.ok()) {
      state.SkipWithError(std::string(p.status().message()).c_str());
      return;
    }
    bytes += text.size();
  }
  for (auto _ : state) {
    for (const std::string& text : corpus.texts) {
      absl::StatusOr<Policy> p = Policy::Parse(text, PolicyKind::kIdentity);
      benchmark::DoNotOptimize(p);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes) * state.iterations());
  state.SetItemsProcessed(static_cast<int64_t>(corpus.texts.size()) *
                          state.iterations());
  state.counters["policies"] = static_cast<double>(corpus.texts.size());
  state.counters["corpus_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_ParseManagedPolicyCorpus)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace iameval

BENCHMARK_MAIN();
