// iameval: offline AWS IAM policy evaluation.
//
// Deterministic generators of policies and requests, shared by
// bench/evaluate_bench.cc and tests/differential/differential_test.cc.
// Everything is a pure function of the seed (a local splitmix64 stream;
// no <random> distributions, whose output is implementation-defined), so a
// seed printed by a failing test reproduces the case on any machine.

#ifndef IAMEVAL_BENCH_CORPUS_H_
#define IAMEVAL_BENCH_CORPUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "eval/authorize.h"
#include "iameval/policy.h"

namespace iameval {
namespace corpus {

// splitmix64: tiny, fast, and the same everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform in [0, n); n > 0.
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(Next() % n); }
  // True with probability percent / 100.
  bool Percent(uint32_t percent) { return Below(100) < percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(static_cast<uint32_t>(v.size()))];
  }

 private:
  uint64_t state_;
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
  uint64_t seed = 0;
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
// index can skip everything but the hit bucket.
std::vector<Policy> LargeIdentitySet(int statements, uint64_t seed);

}  // namespace corpus
}  // namespace iameval

#endif  // IAMEVAL_BENCH_CORPUS_H_
