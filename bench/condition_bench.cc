// iameval: offline AWS IAM policy evaluation.
//
// Condition matcher benchmarks (docs/benchmarks.md#conditions). Every
// operator family through CompiledCondition::Evaluate, plus naive baselines
// beside the compiled matchers (compile per call, regex-built globs,
// lowercasing per call) so the numbers show what pre-compilation buys.
//
// The resolver is a flat array of (lowercased name, values) with a linear
// scan over 1-3 entries, so the numbers are dominated by the matcher.
//
// Build and run (Release):
//   cmake -S . -B build-cond -G Ninja -DIAMEVAL_BUILD_BENCHMARKS=ON \
//     -DCMAKE_BUILD_TYPE=Release && ninja -C build-cond condition_bench
//   build-cond/condition_bench

#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "benchmark/benchmark.h"
#include "aws/limits.h"
#include "condition/case.h"
#include "condition/condition.h"
#include "condition/glob.h"
#include "condition/value.h"
#include "re2/re2.h"

namespace iameval {
namespace {

class FlatResolver : public KeyResolver {
 public:
  FlatResolver& Set(const std::string& key, std::vector<std::string> values,
                    bool multivalued = false) {
    entries_.push_back({CompileKey(key).name, std::move(values), multivalued});
    return *this;
  }
  KeyValues Lookup(const CompiledKey& key) const override {
    for (const Entry& e : entries_) {
      if (e.name == key.name) {
        KeyValues kv;
        kv.present = true;
        kv.data = e.values.data();
        kv.size = e.values.size();
        kv.multivalued = e.multivalued;
        return kv;
      }
    }
    return KeyValues();
  }

 private:
  struct Entry {
    std::string name;
    std::vector<std::string> values;
    bool multivalued;
  };
  std::vector<Entry> entries_;
};

// 40-byte request values.
const char kRoleArn[] = "arn:aws:iam::111122223333:role/ata-edge1";  // 40
const char kLikePattern[] = "arn:aws:iam::*:role/ata-*";
const char kQuestionPattern[] = "arn:aws:iam::????????????:role/ata-edge?";

CompiledCondition Compile(const std::string& op, const std::string& key,
                          std::vector<std::string> values) {
  ConditionClause clause;
  clause.op = op;
  clause.key = key;
  clause.values = std::move(values);
  return std::move(CompiledCondition::Compile(clause, true)).value();
}

// Runs one compiled condition against one resolver.
void RunCondition(benchmark::State& state, const CompiledCondition& c,
                  const FlatResolver& r, bool expected) {
  if (c.Evaluate(r) != expected) {
    state.SkipWithError("unexpected result");
    return;
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(c.Evaluate(r));
  }
  state.SetItemsProcessed(state.iterations());
}

// --- String ------------------------------------------------------------------

void BM_StringEquals(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:PrincipalArn", {kRoleArn});
  RunCondition(state, Compile("StringEquals", "aws:PrincipalArn", {kRoleArn}), r, true);
}
BENCHMARK(BM_StringEquals);

void BM_StringEquals_Baseline_CompileEachCall(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:PrincipalArn", {kRoleArn});
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        Compile("StringEquals", "aws:PrincipalArn", {kRoleArn}).Evaluate(r));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StringEquals_Baseline_CompileEachCall);

void BM_StringLike(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:PrincipalArn", {kRoleArn});
  RunCondition(state, Compile("StringLike", "aws:PrincipalArn", {kLikePattern}), r, true);
}
BENCHMARK(BM_StringLike);

void BM_StringLike_Prefix(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:PrincipalArn", {kRoleArn});
  RunCondition(state,
               Compile("StringLike", "aws:PrincipalArn",
                       {"arn:aws:iam::111122223333:role/ata-*"}),
               r, true);
}
BENCHMARK(BM_StringLike_Prefix);

void BM_StringLike_QuestionMarks(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:PrincipalArn", {kRoleArn});
  RunCondition(state, Compile("StringLike", "aws:PrincipalArn", {kQuestionPattern}), r,
               true);
}
BENCHMARK(BM_StringLike_QuestionMarks);

// The worst case of the glob matcher (O(pattern x input)): a pattern that
// backtracks at every input position ("*" + "a" x P + "?b") against the
// longest request value iameval accepts, all "a" (aws::kMaxRequestValueBytes
// = 4,096 bytes). The work is (input - P) x P, largest at P = 2,048; a
// pattern longer than the input is rejected by its length at once.
void BM_Glob_WorstCase(benchmark::State& state) {
  const Pattern p = Pattern::Compile(
      "*" + std::string(static_cast<size_t>(state.range(0)), 'a') + "?b");
  const std::string input(aws::kMaxRequestValueBytes, 'a');
  for (auto _ : state) benchmark::DoNotOptimize(p.Match(input));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Glob_WorstCase)->Arg(64)->Arg(1024)->Arg(2048)->Arg(3072)->Arg(10240)
    ->Unit(benchmark::kMicrosecond);

// Matchers alone, without the condition around them.
void BM_Glob_PatternMatch(benchmark::State& state) {
  const Pattern p = Pattern::Compile(kLikePattern);
  const std::string input = kRoleArn;
  for (auto _ : state) benchmark::DoNotOptimize(p.Match(input));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Glob_PatternMatch);

void BM_Glob_GlobMatchUncompiled(benchmark::State& state) {
  const std::string input = kRoleArn;
  for (auto _ : state) benchmark::DoNotOptimize(GlobMatch(kLikePattern, input));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Glob_GlobMatchUncompiled);

std::string GlobToRegex(absl::string_view glob) {
  std::string out;
  for (char c : glob) {
    if (c == '*') {
      out += ".*";
    } else if (c == '?') {
      out += ".";
    } else {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) out += '\\';
      out += c;
    }
  }
  return out;
}

void BM_Glob_Baseline_Re2Precompiled(benchmark::State& state) {
  const RE2 re(GlobToRegex(kLikePattern));
  const std::string input = kRoleArn;
  for (auto _ : state) {
    benchmark::DoNotOptimize(RE2::FullMatch(re2::StringPiece(input.data(), input.size()), re));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Glob_Baseline_Re2Precompiled);

void BM_Glob_Baseline_Re2BuiltEachCall(benchmark::State& state) {
  const std::string input = kRoleArn;
  for (auto _ : state) {
    const RE2 re(GlobToRegex(kLikePattern));
    benchmark::DoNotOptimize(RE2::FullMatch(re2::StringPiece(input.data(), input.size()), re));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Glob_Baseline_Re2BuiltEachCall);

void BM_Glob_Baseline_StdRegexPrecompiled(benchmark::State& state) {
  const std::regex re(GlobToRegex(kLikePattern));
  const std::string input = kRoleArn;
  for (auto _ : state) benchmark::DoNotOptimize(std::regex_match(input, re));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Glob_Baseline_StdRegexPrecompiled);

void BM_StringEqualsIgnoreCase(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:PrincipalArn", {"ARN:AWS:IAM::111122223333:ROLE/ATA-EDGE1"});
  RunCondition(state, Compile("StringEqualsIgnoreCase", "aws:PrincipalArn", {kRoleArn}),
               r, true);
}
BENCHMARK(BM_StringEqualsIgnoreCase);

void BM_StringEqualsIgnoreCase_Baseline_LowercaseEachCall(benchmark::State& state) {
  const std::string policy = kRoleArn;
  const std::string request = "ARN:AWS:IAM::111122223333:ROLE/ATA-EDGE1";
  for (auto _ : state) {
    benchmark::DoNotOptimize(SimpleLowercase(request) == SimpleLowercase(policy));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StringEqualsIgnoreCase_Baseline_LowercaseEachCall);

void BM_StringEquals_Variable(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:ResourceTag/team", {"platform-engineering"});
  r.Set("aws:PrincipalTag/team", {"platform-engineering"});
  RunCondition(state,
               Compile("StringEquals", "aws:ResourceTag/team", {"${aws:PrincipalTag/team}"}),
               r, true);
}
BENCHMARK(BM_StringEquals_Variable);

void BM_StringLike_Variable(benchmark::State& state) {
  FlatResolver r;
  r.Set("s3:prefix", {"home/platform-engineering/reports/2026/"});
  r.Set("aws:PrincipalTag/team", {"platform-engineering"});
  RunCondition(state, Compile("StringLike", "s3:prefix", {"home/${aws:PrincipalTag/team}/*"}),
               r, true);
}
BENCHMARK(BM_StringLike_Variable);

// --- Numeric, Date, Bool, Binary -----------------------------------------------

void BM_NumericLessThan(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:MultiFactorAuthAge", {"1800"});
  RunCondition(state, Compile("NumericLessThan", "aws:MultiFactorAuthAge", {"3600"}), r, true);
}
BENCHMARK(BM_NumericLessThan);

void BM_NumericLessThan_Baseline_CompileEachCall(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:MultiFactorAuthAge", {"1800"});
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        Compile("NumericLessThan", "aws:MultiFactorAuthAge", {"3600"}).Evaluate(r));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NumericLessThan_Baseline_CompileEachCall);

void BM_DateLessThan(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:CurrentTime", {"2026-11-22T10:15:30Z"});
  RunCondition(state, Compile("DateLessThan", "aws:CurrentTime", {"2026-12-01T00:00:00Z"}),
               r, true);
}
BENCHMARK(BM_DateLessThan);

void BM_DateLessThan_EpochRequest(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:EpochTime", {"1795774530"});
  RunCondition(state, Compile("DateLessThan", "aws:EpochTime", {"2026-12-01T00:00:00Z"}), r,
               true);
}
BENCHMARK(BM_DateLessThan_EpochRequest);

void BM_Bool(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:SecureTransport", {"true"});
  RunCondition(state, Compile("Bool", "aws:SecureTransport", {"true"}), r, true);
}
BENCHMARK(BM_Bool);

void BM_BinaryEquals(benchmark::State& state) {
  FlatResolver r;
  r.Set("k:blob", {"YXJuOmF3czppYW06OjExMTEyMjIyMzMzMzpyb2xlL2F0YS1lZGdlMQ=="});
  RunCondition(state,
               Compile("BinaryEquals", "k:blob",
                       {"YXJuOmF3czppYW06OjExMTEyMjIyMzMzMzpyb2xlL2F0YS1lZGdlMQ=="}),
               r, true);
}
BENCHMARK(BM_BinaryEquals);

// --- IP ----------------------------------------------------------------------

void BM_IpAddress_V4(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:SourceIp", {"203.0.113.57"});
  RunCondition(state, Compile("IpAddress", "aws:SourceIp", {"203.0.113.0/24"}), r, true);
}
BENCHMARK(BM_IpAddress_V4);

void BM_IpAddress_V4_Baseline_CompileEachCall(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:SourceIp", {"203.0.113.57"});
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        Compile("IpAddress", "aws:SourceIp", {"203.0.113.0/24"}).Evaluate(r));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_IpAddress_V4_Baseline_CompileEachCall);

void BM_IpAddress_V6(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:SourceIp", {"2001:db8:1234:5678:9abc:def0:1234:5678"});
  RunCondition(state, Compile("IpAddress", "aws:SourceIp", {"2001:DB8:1234:5678::/64"}), r,
               true);
}
BENCHMARK(BM_IpAddress_V6);

void BM_NotIpAddress_V4_FiveRanges(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:SourceIp", {"203.0.113.57"});
  RunCondition(state,
               Compile("NotIpAddress", "aws:SourceIp",
                       {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "198.51.100.0/24",
                        "203.0.113.0/24"}),
               r, false);
}
BENCHMARK(BM_NotIpAddress_V4_FiveRanges);

// --- ARN, Null, set operators ---------------------------------------------------

void BM_ArnLike(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:PrincipalArn", {kRoleArn});
  RunCondition(state, Compile("ArnLike", "aws:PrincipalArn", {kLikePattern}), r, true);
}
BENCHMARK(BM_ArnLike);

void BM_Null(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:PrincipalArn", {kRoleArn});
  RunCondition(state, Compile("Null", "aws:TokenIssueTime", {"true"}), r, true);
}
BENCHMARK(BM_Null);

void BM_ForAnyValue_FiveElementSet(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:TagKeys", {"cost-center", "environment", "owner", "project", "team"}, true);
  RunCondition(state,
               Compile("ForAnyValue:StringEquals", "aws:TagKeys",
                       {"application", "data-class", "compliance", "backup", "team"}),
               r, true);
}
BENCHMARK(BM_ForAnyValue_FiveElementSet);

void BM_ForAllValues_FiveElementSet(benchmark::State& state) {
  FlatResolver r;
  r.Set("aws:TagKeys", {"cost-center", "environment", "owner", "project", "team"}, true);
  RunCondition(state,
               Compile("ForAllValues:StringLike", "aws:TagKeys",
                       {"cost-*", "env*", "owner", "project", "team"}),
               r, true);
}
BENCHMARK(BM_ForAllValues_FiveElementSet);

}  // namespace
}  // namespace iameval

BENCHMARK_MAIN();
