// iameval: offline AWS IAM policy evaluation.
//
// The differential check: one generated case (bench/corpus.h) decided by
// the compiled, indexed decision rule (eval/authorize.h, with and without
// an explanation) and by the naive reference evaluator
// (testing/reference_evaluator.h). Both must agree on the decision and on
// the deciding statements, compared as sets of (policy, statement): for
// explicit_deny every applicable Deny (kDeniedBy), for allow the Allows the
// grant counted (kAllowedBy, explain mode).
//
// Shared by tests/differential/differential_test.cc (cases from seeds) and
// tests/fuzz/differential_fuzzer.cc (cases from the fuzzer's bytes), so
// both drive the same generator and the same comparison.

#ifndef IAMEVAL_TESTS_TESTING_DIFFERENTIAL_H_
#define IAMEVAL_TESTS_TESTING_DIFFERENTIAL_H_

#include <string>

#include "corpus.h"
#include "iameval/decision.h"

namespace iameval {
namespace testing {

struct DifferentialOutcome {
  bool ok = true;  // engine and reference agree
  Decision decision = Decision::kImplicitDeny;  // the reference's
  // When !ok: "mismatch for seed N" (or "for the case"), one line per
  // disagreement, then corpus::DumpCase of the case.
  std::string message;
};

// Decides `c` both ways and compares. A policy of the case that does not
// compile is a mismatch too (the generator only writes valid policies).
DifferentialOutcome CompareWithReference(const corpus::RandomCase& c);

}  // namespace testing
}  // namespace iameval

#endif  // IAMEVAL_TESTS_TESTING_DIFFERENTIAL_H_
