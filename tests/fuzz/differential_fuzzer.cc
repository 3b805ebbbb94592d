// iameval: offline AWS IAM policy evaluation.
//
// libFuzzer target for the decision rule (tests/fuzz/README.md): the input
// bytes steer the differential generator of bench/corpus.h (every choice
// it makes reads the next input byte, corpus::Rng::FromBytes), and the case
// is decided by the compiled engine (eval/authorize.h) and by the naive
// reference evaluator, as tests/differential does for seeds
// (testing/differential.h). Input is capped at 4 KB: no case needs more
// choices. Invariants:
//  - no crash, no sanitizer report;
//  - the engine's decision equals the reference's, with and without an
//    explanation, and so do the deciding statements (kDeniedBy for
//    explicit_deny, kAllowedBy for allow).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "corpus.h"
#include "testing/differential.h"

namespace {

constexpr size_t kMaxInput = 4 * 1024;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInput) return -1;
  iameval::corpus::Rng rng = iameval::corpus::Rng::FromBytes(data, size);
  const iameval::corpus::RandomCase c = iameval::corpus::GenerateCase(rng);
  const iameval::testing::DifferentialOutcome outcome =
      iameval::testing::CompareWithReference(c);
  if (!outcome.ok) {
    std::fprintf(stderr,
                 "differential_fuzzer invariant violated: the engine and the "
                 "reference evaluator disagree\n%s\n",
                 outcome.message.c_str());
    std::abort();
  }
  return 0;
}
