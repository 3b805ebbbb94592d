// iameval: offline AWS IAM policy evaluation.
//
// Differential test: the compiled, indexed decision rule (eval/authorize.h)
// against the naive reference evaluator (testing/reference_evaluator.h) on
// 100,000 random cases from bench/corpus.h. Both must agree on the decision
// and on the deciding statements, compared as sets of (policy, statement):
// for explicit_deny every applicable Deny (kDeniedBy), for allow the Allows
// the grant counted (kAllowedBy, explain mode). The comparison lives in
// testing/differential.h, shared with tests/fuzz/differential_fuzzer.cc.
//
// The cases are sharded by seed range into TEST_P instances so ctest runs
// them in parallel. On a mismatch the test prints the seed and the case; to
// replay one seed: IAMEVAL_DIFF_SEED=<seed> ./iameval_differential_test
// --gtest_filter='*Replay*'.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "corpus.h"
#include "gtest/gtest.h"
#include "testing/differential.h"

namespace iameval {
namespace {

constexpr int kShards = 10;
constexpr int kCasesPerShard = 10000;
constexpr uint64_t kSeedBase = 0x1A4E7A1ULL;  // fixed: the corpus is stable

// Runs one seed through both evaluators (testing/differential.h).
testing::DifferentialOutcome RunCase(uint64_t seed) {
  return testing::CompareWithReference(corpus::GenerateCase(seed));
}

class DifferentialTest : public ::testing::TestWithParam<int> {};

TEST_P(DifferentialTest, EngineAgreesWithReference) {
  const int shard = GetParam();
  const uint64_t first = kSeedBase + static_cast<uint64_t>(shard) * kCasesPerShard;
  std::map<Decision, int> decisions;
  int failures = 0;
  for (int i = 0; i < kCasesPerShard; ++i) {
    testing::DifferentialOutcome o = RunCase(first + i);
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
  testing::DifferentialOutcome o = RunCase(seed);
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

// Byte mode (the fuzzer's): a pure function of the bytes, different bytes
// give different cases (here the first choice: a resource policy when
// byte % 100 < 60), and running out of bytes is fine (zeros).
TEST(DifferentialCorpus, FromBytes) {
  const uint8_t a[] = {7, 200, 13, 99, 0, 255, 42, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  const uint8_t b[] = {99, 200, 13, 99, 0, 255, 42, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  auto dump = [](const uint8_t* data, size_t size) {
    corpus::Rng rng = corpus::Rng::FromBytes(data, size);
    return corpus::DumpCase(corpus::GenerateCase(rng));
  };
  EXPECT_EQ(dump(a, sizeof(a)), dump(a, sizeof(a)));
  EXPECT_NE(dump(a, sizeof(a)), dump(b, sizeof(b)));
  EXPECT_EQ(dump(nullptr, 0), dump(nullptr, 0));
  using Bytes = std::pair<const uint8_t*, size_t>;
  for (const auto& [data, size] :
       {Bytes{a, sizeof(a)}, Bytes{b, sizeof(b)}, Bytes{nullptr, 0}}) {
    corpus::Rng rng = corpus::Rng::FromBytes(data, size);
    testing::DifferentialOutcome o =
        testing::CompareWithReference(corpus::GenerateCase(rng));
    EXPECT_TRUE(o.ok) << o.message;
  }
}

// Two-byte and four-byte choices read little-endian, modulo n.
TEST(DifferentialCorpus, BytesBelow) {
  const uint8_t data[] = {5, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12};
  corpus::Rng rng = corpus::Rng::FromBytes(data, sizeof(data));
  EXPECT_EQ(rng.Below(3), 2u);                       // one byte: 5 % 3
  EXPECT_EQ(rng.Below(0x10000), 0x1234u);            // two bytes
  EXPECT_EQ(rng.Below(0x80000000u), 0x12345678u);    // four bytes
  EXPECT_EQ(rng.Below(10), 0u);                      // exhausted: zeros
}

}  // namespace
}  // namespace iameval
