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
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
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

// Besides the decision, a test may pin *why* (docs/index.md, "Pin the
// reason"): the layer that denied, the Deny statement that decided, or a
// statement among those that allowed. Empty members pin nothing.
struct ExpectReason {
  std::string layer;       // a LayerKindName: "key_policy", "scp", ...
  std::string denied_by;   // "<policy name>#<Sid or 0-based index>"
  std::string allowed_by;  // "<policy name>#<Sid or 0-based index>"
  bool empty() const {
    return layer.empty() && denied_by.empty() && allowed_by.empty();
  }
};

// One entry of "tests".
struct TestCase {
  std::string name;
  Expect expect = Expect::kAllow;
  ExpectReason reason;
  std::vector<Step> steps;  // one for a single request
  bool chain = false;       // written with "steps"
  std::string pointer;      // "/tests/3"
  int line = 0;             // of the test object
  uint32_t offset = 0;      // byte offset of the test object
  // Requests that name an ARN of a kind the world lists (role, user,
  // secret, KMS key), in an account it knows, that it does not list
  // (ReferenceChecker), located at the field. `iameval test --strict`
  // refuses them.
  std::vector<Diagnostic> warnings;
};

// The code of ReferenceChecker's warnings (docs/errors.md).
inline constexpr char kUnlistedArnCode[] = "Request.UnlistedArn";

// Checks a request's resource ARN against the world: an ARN of a kind the
// world lists (role, user, secret, KMS key) in an account the world knows
// (in "accounts", or owning one of its entities) that the world does not
// list is probably a typo, and the request is then evaluated against an
// entity without policies or tags (an unlisted secret even gets the AWS
// managed key). Other ARNs (other accounts, S3 objects, aliases, "*") are
// not checked.
class ReferenceChecker {
 public:
  explicit ReferenceChecker(const World& world);
  // "" when `arn` is fine; otherwise a one-line message "found ...;
  // expected ... (did you mean "..."?)", naming the nearest ARN of the same
  // kind when one is close (edit distance).
  std::string Check(absl::string_view arn) const;

 private:
  absl::flat_hash_set<std::string> accounts_;
  std::vector<std::string> roles_, users_, secrets_, keys_;
  absl::flat_hash_set<std::string> listed_;
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
  ExpectReason reason;
  Decision decision = Decision::kImplicitDeny;
  bool pass = false;
  // Why a test whose decision matched still failed: the part of `reason`
  // that did not hold ("expected layer key_policy, got identity_policies").
  // "" when the decision itself differs, or the test passed.
  std::string mismatch;
  EvaluationResult result;
  double seconds = 0;  // wall time of its evaluation (JUnit "time")
};

// What a failing test's report line says after its name: "expected allow,
// got implicit_deny", or the mismatch of its pinned reason.
std::string FailureSummary(const TestResult& result);

// Checks `reason` against `result` and returns "" when it holds, else what
// differs. The layer and denied_by are those of the deciding call (the
// findings that decided the deny); allowed_by may be any allowed_by finding
// of any call.
std::string ReasonMismatch(const ExpectReason& reason,
                           const EvaluationResult& result);

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
  // When not empty, the path of a world file that every test file is run
  // against instead of its own "world", which is then not read and may be
  // absent (`iameval test --world`: the same tests against an imported
  // world).
  std::string world_override;
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

  // The request warnings (TestCase::warnings) of the files run so far, in
  // order. Each is also among the warnings of its test's result.
  const std::vector<Diagnostic>& request_warnings() const {
    return request_warnings_;
  }

  // The worlds of the files run so far, each once, in order of first use.
  // They live as long as the Runner.
  std::vector<const World*> worlds() const;

  // Loads the test file without running it (used to enumerate tests).
  absl::StatusOr<std::vector<TestCase>> ListFile(const std::string& path);

 private:
  absl::StatusOr<std::shared_ptr<const Engine>> EngineFor(
      const json::Node& root, const Source& source,
      const std::string& base_dir);

  RunOptions options_;
  std::map<std::string, std::shared_ptr<const Engine>> cache_;  // by path
  PolicyErrors policy_errors_;
  std::vector<Diagnostic> request_warnings_;
  std::vector<std::shared_ptr<const Engine>> engines_;  // worlds() order
};

// Statement coverage (`iameval test --coverage`, docs/index.md#coverage).
// A statement *decided* in a test when an allowed_by finding (an Allow the
// decision rule counted for an allowed call) or a denied_by finding (a Deny
// that applied) of any call of the test names it, implied calls included.
// An Allow that matched in a call that was denied for another reason did
// not decide anything. Needs explained results (RunOptions::explain_all).
struct StatementCoverage {
  std::string file;  // the policy's file (a world file for inline ones)
  int line = 0;      // 1-based line of the statement object
  std::string policy;
  int statement_index = 0;
  std::optional<std::string> sid;
  bool allow = true;
  int hits = 0;  // findings that name it, over all tests
};

struct Coverage {
  // Every statement of the worlds that has a source file, each once (a
  // policy file several entities name counts once), in world order.
  std::vector<StatementCoverage> statements;
  int decided() const;
};

Coverage ComputeCoverage(const std::vector<const World*>& worlds,
                         const std::vector<TestResult>& results);

// "coverage: N of M statements decided in some test" and one line per
// statement that decided nothing:
// "  world.json:23: "p" statement 1 (Sid "X") Deny".
void WriteCoverageText(const Coverage& coverage, std::ostream& out);

// `,"coverage":{...}` (the member WriteJson adds).
std::string CoverageJsonMember(const Coverage& coverage);

// An LCOV tracefile: per policy file SF:, DA:<line>,<hits> per statement,
// LF/LH and end_of_record.
void WriteLcov(const Coverage& coverage, std::ostream& out);

// "t.test.json:12:40: warning: [Request.UnlistedArn] /tests/0/resource:
// found ...; expected ..." (no newline).
std::string WarningLine(const Diagnostic& d);

// One test file of a run: its results, or why it could not be run (it
// cannot be read, is not a test file, its world does not load, ...). A bad
// file does not stop the others: the report shows its error in its place.
struct FileReport {
  std::string file;    // as given to the runner
  absl::Status error;  // not ok: the file was not run; `results` is empty
  std::vector<TestResult> results;
};

// What `iameval test` reports: every file in the order run, and the policy
// errors of their worlds (Runner::policy_errors()).
struct Report {
  std::vector<FileReport> files;
  PolicyErrors policy_errors;
};

// Bundles the results of one file that ran (tests, the fuzzer).
Report ReportOf(std::vector<TestResult> results, PolicyErrors errors = {});

struct ReportOptions {
  bool color = false;          // text: ANSI colours
  bool failures_only = false;  // text, JSON: leave passing tests out
  // JUnit: the start of the run, ISO 8601 ("2026-01-31T09:00:00Z"); empty
  // means now.
  std::string timestamp;
  // Text, JSON: statement coverage to add (iameval test --coverage).
  const Coverage* coverage = nullptr;
};

struct Summary {
  int passed = 0;
  int failed = 0;
  int errors = 0;  // files that could not be run
};
Summary Summarize(const Report& report);

// The console line of a run: "N passed, N failed", then ", N error(s)"
// when files could not be run (no newline).
std::string SummaryLine(const Summary& summary);

// `PASS name` / `FAIL name (expected allow, got implicit_deny)` per test,
// the explanation of each failing test indented below it, `ERROR file:
// message` for a file that could not be run, and the closing SummaryLine.
// With several files, a line `== file` opens the tests of each file.
void WriteText(const Report& report, std::ostream& out,
               const ReportOptions& options = {});

// One JSON object (docs/index.md, "Reports for CI") and a newline:
// {"passed":N,"failed":N,"tests":[{"file","name","expect","decision","pass",
//  "explanation":[...]}]}
// Policy errors become "policy_errors":[{"file","line","column","pointer",
// "code","message"}], each once; files that could not be run become
// "errors":[{"file","message"}]. Both only when there are some. With
// `options.coverage`, a "coverage" member after "tests":
// {"statements":M,"decided":N,"undecided":[{"file","line","policy",
//  "statement","sid","effect"}]}.
void WriteJson(const Report& report, std::ostream& out,
               const ReportOptions& options = {});

// JUnit XML as the Jenkins xUnit schema junit-10.xsd defines it: one
// <testsuite> per test file (with its "file"), one <testcase> per test
// (classname: the file's name without ".json", dots made "_"), a <failure>
// with the explanation text for each failing test, and for a file that
// could not be run one <testcase> with an <error>. Policy errors of a test
// file's world become the <system-err> of its suite.
void WriteJunit(const Report& report, std::ostream& out,
                const ReportOptions& options = {});

}  // namespace testfile
}  // namespace iameval

#endif  // IAMEVAL_LIB_TESTFILE_TESTFILE_H_
