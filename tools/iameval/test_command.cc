// iameval: offline AWS IAM policy evaluation.
//
// `iameval test FILE... [--format text|json|junit] [--output FILE] ...`: runs
// test files through lib/testfile (the same runner tests/scenario uses) and
// reports. Which files and tests: inputs.h.

#include <functional>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_util.h"
#include "commands.h"
#include "inputs.h"
#include "testfile/testfile.h"

namespace iameval {
namespace cli {

namespace {

constexpr char kTestUsage[] =
    "usage: iameval test FILE... [--format text|json|junit] [--output FILE]\n"
    "                    [--run REGEX] [--failures-only]\n"
    "                    [--color auto|always|never] [--allow-empty]\n"
    "                    [--strict] [--coverage] [--coverage-file FILE]\n"
    "                    [--world WORLD]\n"
    "\n"
    "Runs test files (docs/format.md, docs/index.md): each test is one\n"
    "request or a chain of steps evaluated against the file's world, and\n"
    "passes when the decision matches its \"expect\".\n"
    "\n"
    "FILE is a test file, - (standard input, named <stdin>; its world path\n"
    "is then relative to the current directory), a directory (every\n"
    "*.test.json file below it, sorted) or a quoted pattern iameval expands\n"
    "itself ('fixtures/**/*.test.json': ** is any number of directories).\n"
    "A pattern or directory without a test file is bad usage.\n"
    "\n"
    "  --format FORMAT  text (default): PASS/FAIL per test (under a line\n"
    "                   \"== FILE\" per file when there are several), the\n"
    "                   explanation of each failure, then \"N passed, N\n"
    "                   failed\"; json: one JSON object; junit: JUnit XML\n"
    "                   (Jenkins, GitLab; docs/index.md, \"Reports for CI\")\n"
    "  --world WORLD    run every file against the world file WORLD\n"
    "                   instead of its own \"world\" (which may then be\n"
    "                   absent): the same tests against an imported world\n"
    "  --run REGEX      run only the tests whose name contains a match of\n"
    "                   the RE2 regular expression (^...$ for whole names);\n"
    "                   the others are left out of every report; no\n"
    "                   selected test is bad usage unless --allow-empty\n"
    "  --output FILE    write the report to FILE; stdout gets only the\n"
    "                   summary line \"N passed, N failed\"\n"
    "  --failures-only  text and json: leave passing tests out (the counts\n"
    "                   still include them)\n"
    "  --color WHEN     text: auto (default: when stdout is a terminal and\n"
    "                   NO_COLOR is unset or empty), always or never\n"
    "  --allow-empty    accept a file whose \"tests\" array is empty, and a\n"
    "                   --run that selects nothing (by default input errors:\n"
    "                   the run would pass untested)\n"
    "  --strict         refuse worlds whose policies hold errors AWS accepts\n"
    "                   (a condition value that does not parse, ...) and\n"
    "                   requests naming a role, user, secret or KMS key the\n"
    "                   world does not list in an account it knows\n"
    "                   ([Request.UnlistedArn], with \"did you mean\"): both\n"
    "                   are always printed on stderr as warnings; with\n"
    "                   --strict they are bad input (exit status 2)\n"
    "  --coverage       list the world policy statements that decided nothing\n"
    "                   in any test (no allowed_by / denied_by finding names\n"
    "                   them): text after the summary line, json a\n"
    "                   \"coverage\" member (docs/index.md#coverage)\n"
    "  --coverage-file FILE  write statement coverage as an LCOV tracefile\n"
    "                   (SF: policy file, DA: statement line and hits)\n"
    "\n"
    "A file that cannot be run (unreadable, not a test file, a bad world)\n"
    "is reported with its error (file:line:col) in its place, on stderr and\n"
    "in the report; the other files still run.\n"
    "Exit status: 0 all tests passed; 1 a test failed; 2 a file could not\n"
    "be run, or bad usage.\n";

enum class TestFormat { kText, kJson, kJunit };

}  // namespace

int RunTest(const std::vector<std::string>& args, std::ostream& out,
            std::ostream& err) {
  absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, {{"--format"},
                                                       {"--output"},
                                                       {"--run"},
                                                       {"--failures-only", false},
                                                       {"--color"},
                                                       {"--allow-empty", false},
                                                       {"--strict", false},
                                                       {"--coverage", false},
                                                       {"--coverage-file"},
                                                       {"--world"}});
  if (!parsed.ok()) {
    err << "iameval test: " << parsed.status().message() << "\n" << kTestUsage;
    return kExitBadInput;
  }
  if (parsed->help) {
    out << kTestUsage;
    return kExitOk;
  }
  std::string format_name = parsed->Get("--format", "text");
  TestFormat format;
  if (format_name == "text") {
    format = TestFormat::kText;
  } else if (format_name == "json") {
    format = TestFormat::kJson;
  } else if (format_name == "junit") {
    format = TestFormat::kJunit;
  } else {
    err << "iameval test: unknown --format \"" << format_name
        << "\"; expected text, json or junit\n";
    return kExitBadInput;
  }
  absl::StatusOr<ColorMode> color = ParseColor(parsed->Get("--color", "auto"));
  if (!color.ok()) {
    err << "iameval test: " << color.status().message() << "\n";
    return kExitBadInput;
  }
  if (parsed->Has("--failures-only") && format == TestFormat::kJunit) {
    err << "iameval test: --failures-only applies to text and json; a "
           "JUnit report lists every test\n";
    return kExitBadInput;
  }
  if (parsed->positional.empty()) {
    err << "iameval test: no test files given\n" << kTestUsage;
    return kExitBadInput;
  }

  // Text output explains only failures, so the engine can skip building
  // explanations for the (usually many) passing tests. Coverage counts the
  // statements explanations credit, so it needs them.
  const bool coverage =
      parsed->Has("--coverage") || parsed->Has("--coverage-file");
  testfile::RunOptions options;
  options.explain_all = format != TestFormat::kText || coverage;
  options.allow_empty = parsed->Has("--allow-empty");
  options.world_override = parsed->Get("--world", "");
  if (parsed->Has("--world") && options.world_override.empty()) {
    err << "iameval test: --world: expected the path of a world file\n";
    return kExitBadInput;
  }
  if (parsed->Has("--run")) {
    absl::StatusOr<std::function<bool(absl::string_view)>> select =
        TestNameSelector(parsed->Get("--run", ""));
    if (!select.ok()) {
      err << "iameval test: " << select.status().message() << "\n";
      return kExitBadInput;
    }
    options.select = *std::move(select);
  }
  absl::StatusOr<std::vector<std::string>> inputs =
      ExpandInputs(parsed->positional, ".test.json");
  if (!inputs.ok()) {
    err << "iameval test: " << inputs.status().message() << "\n";
    return kExitBadInput;
  }
  testfile::Runner runner(options);
  // A file that cannot be run is reported in its place and the others
  // still run, so that one bad file does not hide every other result; the
  // exit status still says bad input. The error also goes to stderr, so
  // that it is seen whatever happens to the report.
  const bool to_file = parsed->Has("--output");
  testfile::Report report;
  for (const std::string& path : *inputs) {
    absl::StatusOr<std::vector<testfile::TestResult>> r =
        RunTestInput(runner, path);
    testfile::FileReport file{InputName(path), absl::OkStatus(), {}};
    if (r.ok()) {
      file.results = *std::move(r);
    } else {
      err << r.status().message() << "\n";
      file.error = r.status();
    }
    report.files.push_back(std::move(file));
  }
  report.policy_errors = runner.policy_errors();
  if (parsed->Has("--run") && !options.allow_empty) {
    bool any = false;
    for (const testfile::FileReport& f : report.files) {
      any = any || !f.results.empty() || !f.error.ok();
    }
    if (!any) {
      err << "iameval test: --run \"" << parsed->Get("--run", "")
          << "\": found no test whose name matches; expected at least one "
             "(--allow-empty accepts a run without tests)\n";
      return kExitBadInput;
    }
  }
  // Policy errors of the worlds, each once: a test may pass or fail because
  // of them, so they are never silent.
  std::set<std::string> printed;
  for (const auto& [file, list] : report.policy_errors) {
    for (const Diagnostic& d : list) {
      std::string line = testfile::PolicyErrorLine(d);
      if (printed.insert(line).second) err << line << "\n";
    }
  }
  // Requests naming an ARN the world does not list (a typo, most likely).
  for (const Diagnostic& d : runner.request_warnings()) {
    err << testfile::WarningLine(d) << "\n";
  }
  if (parsed->Has("--strict") &&
      (!printed.empty() || !runner.request_warnings().empty())) {
    err << "iameval test: --strict: ";
    if (!printed.empty()) {
      err << printed.size() << " policy error(s) in the world(s)";
    }
    if (!runner.request_warnings().empty()) {
      err << (printed.empty() ? "" : ", ") << runner.request_warnings().size()
          << " request(s) naming an ARN the world does not list";
    }
    err << "\n";
    return kExitBadInput;
  }

  std::optional<testfile::Coverage> cov;
  if (coverage) {
    std::vector<testfile::TestResult> all;
    for (const testfile::FileReport& f : report.files) {
      all.insert(all.end(), f.results.begin(), f.results.end());
    }
    cov = testfile::ComputeCoverage(runner.worlds(), all);
  }
  if (parsed->Has("--coverage-file")) {
    std::ostringstream lcov;
    testfile::WriteLcov(*cov, lcov);
    if (absl::Status s =
            WriteOutputFile(parsed->Get("--coverage-file", ""), lcov.str(),
                            "--coverage-file");
        !s.ok()) {
      err << "iameval test: " << s.message() << "\n";
      return kExitBadInput;
    }
  }

  testfile::ReportOptions report_options;
  report_options.failures_only = parsed->Has("--failures-only");
  report_options.color =
      format == TestFormat::kText && !to_file && UseColor(*color, out);
  if (parsed->Has("--coverage")) report_options.coverage = &*cov;
  std::ostringstream buffer;
  std::ostream& sink = to_file ? buffer : out;
  switch (format) {
    case TestFormat::kText:
      testfile::WriteText(report, sink, report_options);
      break;
    case TestFormat::kJson:
      testfile::WriteJson(report, sink, report_options);
      break;
    case TestFormat::kJunit:
      testfile::WriteJunit(report, sink, report_options);
      break;
  }
  const testfile::Summary summary = testfile::Summarize(report);
  if (to_file) {
    if (absl::Status s = WriteOutputFile(parsed->Get("--output", ""),
                                         buffer.str());
        !s.ok()) {
      err << "iameval test: " << s.message() << "\n";
      return kExitBadInput;
    }
    out << testfile::SummaryLine(summary) << "\n";
  }
  out.flush();
  if (summary.errors > 0) return kExitBadInput;
  return summary.failed == 0 ? kExitOk : kExitFindings;
}

}  // namespace cli
}  // namespace iameval
