// iameval: offline AWS IAM policy evaluation.
//
// Writes the benchmark workload (bench/workload.h) as files, for
// `iameval test` (bench/run_workload_test.sh):
//
//   OUT/world.json           the world
//   OUT/requests.test.json   the requests, repeated --repeat times, each
//                            expecting the decision this build's engine gave
//   OUT/one.test.json        the first request alone (the fixed cost)
//
// The expectations are the engine's own decisions (computed once, here), so
// running the test file checks that `iameval test` (the test-file reader,
// the CLI) reaches the same decisions as the in-memory requests, and later
// builds reach the same decisions as this one: a determinism and regression
// check, not an independent oracle.
//
// usage: workload_gen --out DIR [--statements N] [--wildcard FRACTION]
//                     [--seed S] [--requests R] [--repeat K]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "iameval/engine.h"
#include "workload.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: workload_gen --out DIR [--statements N] "
               "[--wildcard FRACTION] [--seed S] [--requests R] [--repeat K]\n");
  return 2;
}

bool Write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    std::fprintf(stderr, "workload_gen: cannot write %s\n", path.c_str());
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  iameval::workload::Options options;
  std::string out_dir;
  int repeat = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return Usage();
    const char* value = argv[++i];
    if (arg == "--out") {
      out_dir = value;
    } else if (arg == "--statements") {
      options.statements = std::atoi(value);
    } else if (arg == "--wildcard") {
      options.wildcard_fraction = std::atof(value);
    } else if (arg == "--seed") {
      options.seed = std::strtoull(value, nullptr, 10);
    } else if (arg == "--requests") {
      options.requests = std::atoi(value);
    } else if (arg == "--repeat") {
      repeat = std::atoi(value);
    } else {
      return Usage();
    }
  }
  if (out_dir.empty() || options.statements < 1 || options.requests < 1 ||
      repeat < 1 || options.wildcard_fraction < 0 ||
      options.wildcard_fraction > 1) {
    return Usage();
  }

  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  const iameval::workload::Workload w = iameval::workload::Generate(options);
  const double gen_s =
      std::chrono::duration<double>(Clock::now() - start).count();

  absl::StatusOr<std::unique_ptr<iameval::Engine>> engine =
      iameval::workload::Compile(w);
  if (!engine.ok()) {
    std::fprintf(stderr, "workload_gen: the world does not load: %s\n",
                 std::string(engine.status().message()).c_str());
    return 1;
  }
  std::vector<iameval::Request> requests;
  for (const auto& r : w.requests) requests.push_back(iameval::workload::ToRequest(r));
  absl::StatusOr<std::vector<iameval::Decision>> expected =
      iameval::workload::Decide(**engine, requests);
  if (!expected.ok()) {
    std::fprintf(stderr, "workload_gen: a request is invalid: %s\n",
                 std::string(expected.status().message()).c_str());
    return 1;
  }
  absl::StatusOr<iameval::workload::CandidateStats> candidates =
      iameval::workload::CountCandidates(w, (*engine)->world());
  if (!candidates.ok()) {
    std::fprintf(stderr, "workload_gen: %s\n",
                 std::string(candidates.status().message()).c_str());
    return 1;
  }

  const std::filesystem::path dir(out_dir);
  std::filesystem::create_directories(dir);
  const std::string tests =
      iameval::workload::TestFileJson(w, *expected, "world.json", -1, repeat);
  if (!Write(dir / "world.json", w.world_json) ||
      !Write(dir / "requests.test.json", tests) ||
      !Write(dir / "one.test.json",
             iameval::workload::TestFileJson(w, *expected, "world.json", 1, 1))) {
    return 1;
  }

  int counts[3] = {0, 0, 0};
  for (iameval::Decision d : *expected) ++counts[static_cast<int>(d)];
  std::printf(
      "statements %d (%d same-service wildcards), roles %d, secrets %d, keys %d\n"
      "world.json %zu bytes; requests.test.json %zu bytes, %zu tests\n"
      "generated in %.3f s\n"
      "decisions: allow %d, explicit_deny %d, implicit_deny %d\n"
      "index candidates per request: mean %.1f (GetSecretValue %.1f, "
      "kms:Decrypt %.1f, sts:AssumeRole %.1f), max %d\n",
      w.identity_statements, w.wildcard_statements, w.roles, w.secrets, w.keys,
      w.world_json.size(), tests.size(), w.requests.size() * repeat, gen_s,
      counts[static_cast<int>(iameval::Decision::kAllow)],
      counts[static_cast<int>(iameval::Decision::kExplicitDeny)],
      counts[static_cast<int>(iameval::Decision::kImplicitDeny)],
      candidates->mean, candidates->mean_get_secret, candidates->mean_decrypt,
      candidates->mean_assume_role, candidates->max);
  return 0;
}
