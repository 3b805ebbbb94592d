// iameval: offline AWS IAM policy evaluation.
//
// The benchmark workload (docs/benchmarks.md, "Workload"): a deterministic,
// seeded generator of a realistic world, as world-file JSON text, and of
// the requests made against it. Used by bench/workload_bench.cc (decision
// time, load throughput, memory) and bench/workload_gen.cc (files for
// `iameval test`, the whole-process measurement).
//
// The world: three accounts (two in one organization with two SCP levels,
// one outside it), 40 roles (workload roles, deploy roles, cross-account
// secret readers, rotation roles, CI roles) with tags, trust policies
// (service, same-account and cross-account with sts:ExternalId,
// aws:PrincipalArn and sts:TagSession conditions), 40 secrets (32 with
// resource policies under 10 customer managed KMS keys whose key policies
// grant both sides of cross-account reads, 8 under the AWS managed key),
// conditions of every operator family and policy variables. The `statements` identity statements are dealt to the
// roles round-robin: each role's first statements are its "core" (the
// statements that decide the requests, most important first, so a small
// world keeps the main grants), the rest are filler over ~40 other services
// with exact actions, so that the index keeps the statements a request
// visits (its candidates) roughly constant as the world grows. With
// `wildcard_fraction` > 0, that fraction of the filler becomes same-service
// wildcards in the requested services (`kms:List*`,
// `secretsmanager:Describe*`, `sts:GetCaller*`, ...), which never match a
// request but land in the buckets requests visit. Wildcard choices come from
// their own random stream, so the world is otherwise the same and every
// decision is unchanged.
//
// The requests: 45% secretsmanager:GetSecretValue (with the kms:Decrypt the
// engine derives), 35% kms:Decrypt, 20% sts:AssumeRole, by role sessions,
// each with 12-14 context keys, all of them keys the engine does not
// derive (network path, time, transport, user agent, call parameters):
// keys it derives (aws:PrincipalTag/*, aws:userid, aws:RequestedRegion,
// ...) come from the world, as AWS would send them; setting them in the
// context would make the engine evaluate the request twice
// (docs/semantics.md#overrides).
//
// Generation is a pure function of the options (corpus::Rng streams), and
// takes well under a second for 100,000 statements.

#ifndef IAMEVAL_BENCH_WORKLOAD_H_
#define IAMEVAL_BENCH_WORKLOAD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "iameval/decision.h"
#include "iameval/engine.h"
#include "iameval/request.h"
#include "iameval/world.h"

namespace iameval {
namespace workload {

struct Options {
  int statements = 1000;         // identity statements in the world, >= 1
  double wildcard_fraction = 0;  // of the filler, in [0, 1]
  uint64_t seed = 20261201;
  int requests = 1000;
};

// One context key as the test file writes it.
struct ContextItem {
  enum class Kind { kString, kBool, kNumber, kList };
  std::string key;
  Kind kind = Kind::kString;
  std::vector<std::string> values;  // one value unless kList
};

// One request, in a form both Engine::Evaluate and a test file can take.
struct WorkloadRequest {
  std::string principal;
  std::string action;
  std::string resource;
  std::vector<ContextItem> context;
  // sts:AssumeRole parameters.
  std::optional<std::string> session_name;
  std::vector<std::pair<std::string, std::string>> session_tags;
  std::optional<std::string> external_id;
  std::optional<int64_t> duration_seconds;
};

struct Workload {
  Options options;
  std::string world_json;
  int identity_statements = 0;  // == options.statements
  int wildcard_statements = 0;  // filler turned into same-service wildcards
  int roles = 0;
  int secrets = 0;
  int keys = 0;
  std::vector<WorkloadRequest> requests;
};

// Generates the workload. Aborts on options out of range (a benchmark
// helper, not library code).
Workload Generate(const Options& options);

// The request as the engine takes it.
Request ToRequest(const WorkloadRequest& r);

// Parses the world text and compiles it.
absl::StatusOr<std::unique_ptr<Engine>> Compile(const Workload& w);

// Evaluates every request once (explanations off).
absl::StatusOr<std::vector<Decision>> Decide(const Engine& engine,
                                             const std::vector<Request>& rs);

// A test file (docs/format.md#test-file) naming `world_path`, with the
// first `count` requests (all when count < 0) repeated `repeat` times (test
// names r<i> and r<i>.<k>), each expecting `expected[i]`.
std::string TestFileJson(const Workload& w,
                         const std::vector<Decision>& expected,
                         const std::string& world_path, int count,
                         int repeat);

// The index candidates of the requests: for each call a request makes (the
// request itself; the implied kms:Decrypt of GetSecretValue; sts:TagSession
// when session tags are passed), the statements CompiledPolicySet::Candidates
// returns from the caller's identity policies, the resource's policy (secret
// policy, key policy, trust policy; not the engine-made policy of an AWS
// managed key) and each SCP level of the caller's account. A count of what
// the index hands the matcher, computed beside the engine, not by it.
struct CandidateStats {
  double mean = 0;               // per request
  double mean_get_secret = 0;    // per GetSecretValue request
  double mean_decrypt = 0;       // per kms:Decrypt request
  double mean_assume_role = 0;   // per sts:AssumeRole request
  int max = 0;
};
absl::StatusOr<CandidateStats> CountCandidates(const Workload& w,
                                               const World& world);

}  // namespace workload
}  // namespace iameval

#endif  // IAMEVAL_BENCH_WORKLOAD_H_
