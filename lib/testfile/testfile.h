// iameval: offline AWS IAM policy evaluation.
//
// Test files (docs/format.md): parsing, running, and reporting. The CLI
// (`iameval test`) and tests/scenario use this module and nothing else, so
// a fixture passes in the scenario suite exactly when it passes on the
// command line.
//
//   testfile::Runner runner;
//   absl::StatusOr<std::vector<testfile::TestResult>> results =
//       runner.RunFile("fixtures/scenarios/tag-gate/cross-account.test.json");
//
// Input problems (bad JSON, unknown fields, a principal the world does not
// define, a policy that does not parse) are errors with located messages;
// a test whose decision differs from `expect` is a result with pass = false.

#ifndef IAMEVAL_LIB_TESTFILE_TESTFILE_H_
#define IAMEVAL_LIB_TESTFILE_TESTFILE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/source.h"
#include "iameval/decision.h"
#include "iameval/engine.h"
#include "iameval/request.h"
#include "iameval/world.h"
#include "json/reader.h"

namespace iameval {
namespace testfile {

// "allow", "deny" (either kind), "explicit_deny" or "implicit_deny".
enum class Expect { kAllow, kDeny, kExplicitDeny, kImplicitDeny };

const char* ExpectName(Expect expect);
bool Satisfies(Decision decision, Expect expect);

// One entry of "tests".
struct TestCase {
  std::string name;
  Expect expect = Expect::kAllow;
  std::vector<Step> steps;  // one for a single request
  bool chain = false;       // written with "steps"
  std::string pointer;      // "/tests/3"
  int line = 0;             // of the test object
  uint32_t offset = 0;      // byte offset of the test object
};

// Checks request principals against a world (docs/format.md): a role, user
// or session of a role that the world defines, an account root, or a
// service principal name. Errors are InvalidArgument "found ...; expected
// ..." without a location, for callers to locate.
class PrincipalChecker {
 public:
  explicit PrincipalChecker(const World& world);
  absl::Status Check(absl::string_view principal) const;

 private:
  absl::flat_hash_set<std::string> roles_;
  absl::flat_hash_set<std::string> role_names_;  // "<account>/<name>"
  absl::flat_hash_set<std::string> users_;
};

// Parses the "tests" array of the test file `root` (from `source`).
// Principals are checked against `world`; session policy paths resolve
// against `base_dir`.
absl::StatusOr<std::vector<TestCase>> ParseTests(const json::Node& root,
                                                 const Source& source,
                                                 const std::string& base_dir,
                                                 const World& world);

struct TestResult {
  std::string file;  // the test file, as given to the runner
  std::string name;
  Expect expect = Expect::kAllow;
  Decision decision = Decision::kImplicitDeny;
  bool pass = false;
  EvaluationResult result;
};

// The non-fatal errors of the policies of each test file's world
// (World::PolicyErrors()), keyed by test file. Reported with the results,
// before any evaluation; `iameval test --strict` refuses them.
using PolicyErrors = std::map<std::string, std::vector<Diagnostic>>;

// "world.json:12:40: warning: [IAM.InvalidConditionValue] /roles/0/...:
// found ...; expected ..." (no newline).
std::string PolicyErrorLine(const Diagnostic& d);

struct RunOptions {
  // Build explanations for every test (JSON/JUnit output). When false tests
  // are evaluated without explanations, and a failing test is evaluated
  // again with one, so its explanation is still available.
  bool explain_all = true;
  // Accept a test file whose "tests" array is empty. When false (the
  // default) such a file is an input error: it passes without testing
  // anything.
  bool allow_empty = false;
  // When set, only the tests whose name it accepts are evaluated and
  // returned (`iameval test --run REGEX`); the others are left out of the
  // results and the reports. Every test is still parsed and checked.
  std::function<bool(absl::string_view name)> select;
};

// Runs test files. Worlds named by path are loaded and compiled once per
// Runner, so many test files sharing a world.json cost one compile.
// Not thread-safe.
class Runner {
 public:
  explicit Runner(RunOptions options = {}) : options_(options) {}

  // Loads the test file at `path` and runs every test in it.
  absl::StatusOr<std::vector<TestResult>> RunFile(const std::string& path);

  // As RunFile, from text; `path` names it in errors and results and is the
  // base for relative paths.
  absl::StatusOr<std::vector<TestResult>> RunText(absl::string_view text,
                                                  const std::string& path);

  // The policy errors of the worlds of the files run so far.
  const PolicyErrors& policy_errors() const { return policy_errors_; }

  // Loads the test file without running it (used to enumerate tests).
  absl::StatusOr<std::vector<TestCase>> ListFile(const std::string& path);

 private:
  absl::StatusOr<std::shared_ptr<const Engine>> EngineFor(
      const json::Node& root, const Source& source,
      const std::string& base_dir);

  RunOptions options_;
  std::map<std::string, std::shared_ptr<const Engine>> cache_;  // by path
  PolicyErrors policy_errors_;
};

struct Summary {
  int passed = 0;
  int failed = 0;
};
Summary Summarize(const std::vector<TestResult>& results);

// `PASS name` / `FAIL name (expected allow, got implicit_deny)` per test,
// the explanation of each failing test indented below it, and the closing
// line `N passed, N failed`. When the results come from several files, a
// line `== file` opens the tests of each file. ANSI colours when `color`.
void WriteText(const std::vector<TestResult>& results, std::ostream& out,
               bool color);

// One JSON object (FORMAT.md §4) and a newline:
// {"passed":N,"failed":N,"tests":[{"file","name","expect","decision","pass",
//  "explanation":[...]}]}
// `errors` (by test file) become "policy_errors":[{"file","line","column",
// "pointer","code","message"}], each once.
void WriteJson(const std::vector<TestResult>& results, std::ostream& out,
               const PolicyErrors& errors = {});

// JUnit XML: one <testsuite> per test file, one <testcase> per test, a
// <failure> with the explanation text for each failing test.
// `errors` of a test file's world become the <system-err> of its suite.
void WriteJunit(const std::vector<TestResult>& results, std::ostream& out,
                const PolicyErrors& errors = {});

}  // namespace testfile
}  // namespace iameval

#endif  // IAMEVAL_LIB_TESTFILE_TESTFILE_H_
