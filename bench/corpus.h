// iameval: offline AWS IAM policy evaluation.
//
// Deterministic generators of policies and requests, shared by
// bench/evaluate_bench.cc, tests/differential/differential_test.cc,
// tests/eval/concurrency_test.cc and tests/fuzz/differential_fuzzer.cc.
// Everything is a pure function of the Rng's source: a seed (a local
// splitmix64 stream; no <random> distributions, whose output is
// implementation-defined), so a seed printed by a failing test reproduces
// the case on any machine; or a byte string (a fuzzer's input), so that the
// fuzzer steers every choice the generator makes.

#ifndef IAMEVAL_BENCH_CORPUS_H_
#define IAMEVAL_BENCH_CORPUS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "eval/authorize.h"
#include "iameval/policy.h"

namespace iameval {
namespace corpus {

// The generators' only source of choices. Two sources, one interface:
//  - a seed: a splitmix64 stream (tiny, fast, and the same everywhere);
//  - bytes (FromBytes): each choice Below(n) reads the next one, two or
//    four bytes (n <= 256, <= 65536, larger), little-endian, modulo n; once
//    the bytes run out every choice reads zeros, as FuzzedDataProvider does.
//    Each input byte thus decides one choice, which is what lets a
//    coverage-guided fuzzer steer the generator.
// Not thread-safe; cheap to create.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  // Borrows `data`, which must outlive the Rng.
  static Rng FromBytes(const uint8_t* data, size_t size) {
    Rng rng(0);
    rng.bytes_ = data;
    rng.end_ = data + size;
    rng.from_bytes_ = true;
    return rng;
  }
  // The next value of the seed stream (not used in byte mode).
  uint64_t Next();
  // In [0, n); n > 0. Uniform in seed mode.
  uint32_t Below(uint32_t n) {
    if (from_bytes_) return BytesBelow(n);
    return static_cast<uint32_t>(Next() % n);
  }
  // True with probability percent / 100 (seed mode).
  bool Percent(uint32_t percent) { return Below(100) < percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(static_cast<uint32_t>(v.size()))];
  }

 private:
  uint32_t BytesBelow(uint32_t n);

  uint64_t state_;
  bool from_bytes_ = false;
  const uint8_t* bytes_ = nullptr;  // byte mode: the unread input
  const uint8_t* end_ = nullptr;
};

// The two accounts of every generated case.
inline constexpr char kAccountA[] = "111122223333";
inline constexpr char kAccountE[] = "444455556666";

// One context key of a generated request.
struct ContextEntry {
  std::string key;  // as the request writes it (random case)
  std::vector<std::string> values;
  bool multivalued = false;
};

// One random authorisation call: policies per layer plus the request.
// Policy names are unique within a case, and Statement::index is each
// statement's position, so (policy name, index) identifies a statement.
struct RandomCase {
  uint64_t seed = 0;  // 0 when generated from bytes
  bool scps_apply = false;
  std::vector<std::vector<Policy>> scp_levels;
  bool rcps_apply = false;
  std::vector<std::vector<Policy>> rcp_levels;
  ResourcePolicyMode mode = ResourcePolicyMode::kGeneric;
  bool identity_required = false;  // Layers::identity_required
  std::optional<std::vector<Policy>> resource_policy;
  std::optional<std::vector<Policy>> identity;
  std::optional<std::vector<Policy>> boundary;
  std::optional<std::vector<Policy>> session;
  PrincipalFacts principal;
  std::string action;  // random case
  std::string resource;
  std::string resource_account;
  std::vector<ContextEntry> context;
};

// The case for `seed`: identity 0-4 policies, optional boundary and session
// policy, optional resource policy (generic / trust / key), 0-3 SCP levels,
// 0-2 RCP levels; statements over a small action / resource / principal
// vocabulary with wildcards and case variations; conditions from the
// operator subset the reference evaluator implements.
RandomCase GenerateCase(uint64_t seed);
// The same generator, drawing every choice from `rng` (e.g.
// Rng::FromBytes); GenerateCase(seed) is GenerateCase(Rng(seed)) with
// `seed` recorded.
RandomCase GenerateCase(Rng& rng);

// A readable multi-line dump of `c` (policies as JSON-like text, the
// principal, the request and its context), for failure messages.
std::string DumpCase(const RandomCase& c);

// One statement as compact JSON-like text.
std::string StatementText(const Statement& s);

// --- benchmark corpora -----------------------------------------------------

// The action every large set grants (a few statements) and one nobody does.
inline constexpr char kHitAction[] = "secretsmanager:GetSecretValue";
inline constexpr char kMissAction[] = "dynamodb:DeleteTable";
// The resource and principal of the benchmark requests.
inline constexpr char kHitResource[] =
    "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/db-AbCdEf";
inline constexpr char kBenchRoleArn[] =
    "arn:aws:iam::111122223333:role/app/reader";
inline constexpr char kBenchSessionArn[] =
    "arn:aws:sts::111122223333:assumed-role/reader/bench";

// Identity policies (10 statements per policy) with `statements` statements
// in total. At most 10 of them mention kHitAction (exactly one of those
// allows kHitResource for a caller tagged team=blue; the others name other
// secrets or require other tags); the rest spread over 400 services and
// their actions (exact names, `Get*`-style prefixes, mixed case), with
// realistic resources and a condition on about a third of them. Nothing
// mentions kMissAction, and no statement has a service wildcard, so the
// index can skip everything but the hit bucket. With
// `same_service_wildcard_percent` > 0, that share of the other statements
// instead grants the hit action's own service with wildcards that cannot
// match it (secretsmanager:List*, Describe*, Put*, Update*): the case an
// index by service alone would scan on every request.
std::vector<Policy> LargeIdentitySet(int statements, uint64_t seed,
                                     int same_service_wildcard_percent = 0);

}  // namespace corpus
}  // namespace iameval

#endif  // IAMEVAL_BENCH_CORPUS_H_
