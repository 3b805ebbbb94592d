// iameval: offline AWS IAM policy evaluation.
//
// libFuzzer target for the policy parser and linter (tests/fuzz/README.md).
// Input: the first byte picks a PolicyKind, the rest is the policy JSON
// (at most 64 KB). Invariants:
//  - no crash, no sanitizer report;
//  - neither Parse nor Lint ever reports absl::StatusCode::kInternal;
//  - Parse succeeds iff Lint reports no fatal Diagnostic (one validator
//    shared by both, include/iameval/diagnostic.h);
//  - when Parse succeeds, DebugString() parses again as the same kind.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "iameval/diagnostic.h"
#include "iameval/policy.h"

namespace {

constexpr size_t kMaxInput = 64 * 1024;

constexpr iameval::PolicyKind kKinds[] = {
    iameval::PolicyKind::kIdentity, iameval::PolicyKind::kTrust,
    iameval::PolicyKind::kResource, iameval::PolicyKind::kKey,
    iameval::PolicyKind::kScp,      iameval::PolicyKind::kRcp,
    iameval::PolicyKind::kPermissionsBoundary,
    iameval::PolicyKind::kSession,
};

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "policy_fuzzer invariant violated: %s\n%s\n", what,
               detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > kMaxInput) return -1;
  const iameval::PolicyKind kind = kKinds[data[0] % 8];
  const absl::string_view text(reinterpret_cast<const char*>(data + 1),
                               size - 1);
  iameval::ParseOptions options;
  options.file = "fuzz.json";

  absl::StatusOr<iameval::Policy> policy =
      iameval::Policy::Parse(text, kind, options);
  if (!policy.ok() && policy.status().code() == absl::StatusCode::kInternal) {
    Fail("Parse returned kInternal", policy.status().ToString());
  }

  const std::vector<iameval::Diagnostic> findings =
      iameval::Lint(text, kind, options);
  const iameval::Diagnostic* fatal = nullptr;
  for (const iameval::Diagnostic& d : findings) {
    if (d.fatal) {
      fatal = &d;
      break;
    }
  }
  if (policy.ok() && fatal != nullptr) {
    Fail("Parse succeeded but Lint reports a fatal finding",
         fatal->code + ": " + fatal->message);
  }
  if (!policy.ok() && fatal == nullptr) {
    Fail("Parse failed but Lint reports no fatal finding",
         policy.status().ToString());
  }
  if (!policy.ok()) return 0;

  const std::string debug = policy->DebugString();
  absl::StatusOr<iameval::Policy> again =
      iameval::Policy::Parse(debug, kind, options);
  if (!again.ok()) {
    Fail("DebugString() does not parse", again.status().ToString() + "\n" + debug);
  }
  return 0;
}
