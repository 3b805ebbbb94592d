// iameval: offline AWS IAM policy evaluation.
//
// `iameval test FILE... [--format text|json|junit]`: runs test files through
// lib/testfile (the same runner tests/scenario uses) and reports.

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli_util.h"
#include "commands.h"
#include "testfile/testfile.h"

namespace iameval {
namespace cli {

namespace {

constexpr char kTestUsage[] =
    "usage: iameval test FILE... [--format text|json|junit] [--allow-empty]\n"
    "                    [--strict] [--coverage] [--coverage-file FILE]\n"
    "\n"
    "Runs test files (docs/index.md, FORMAT.md section 2): each test is one\n"
    "request or a chain of steps evaluated against the file's world, and\n"
    "passes when the decision matches its \"expect\".\n"
    "\n"
    "  --format FORMAT  text (default): PASS/FAIL per test, the explanation\n"
    "                   of each failure, then \"N passed, N failed\";\n"
    "                   json: one JSON object; junit: JUnit XML\n"
    "  --allow-empty    accept a file whose \"tests\" array is empty (by\n"
    "                   default an input error: it would pass untested)\n"
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
    "Text output is coloured when stdout is a terminal and NO_COLOR is unset.\n"
    "Exit status: 0 all tests passed; 1 a test failed; 2 bad input (a file\n"
    "that cannot be read or parsed, with file:line:col) or bad usage.\n";

enum class TestFormat { kText, kJson, kJunit };

}  // namespace

int RunTest(const std::vector<std::string>& args, std::ostream& out,
            std::ostream& err) {
  absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, {{"--format"}, {"--allow-empty", false}, {"--strict", false}, {"--coverage", false}, {"--coverage-file"}});
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
  if (parsed->positional.empty()) {
    err << "iameval test: no test files given\n" << kTestUsage;
    return kExitBadInput;
  }

  // Text output explains only failures, so the engine can skip building
  // explanations for the (usually many) passing tests.
  // Coverage counts the statements explanations credit, so it needs them.
  const bool coverage =
      parsed->Has("--coverage") || parsed->Has("--coverage-file");
  testfile::RunOptions options;
  options.explain_all = format != TestFormat::kText || coverage;
  options.allow_empty = parsed->Has("--allow-empty");
  testfile::Runner runner(options);
  std::vector<testfile::TestResult> results;
  bool bad_input = false;
  for (const std::string& path : parsed->positional) {
    absl::StatusOr<std::vector<testfile::TestResult>> r = runner.RunFile(path);
    if (!r.ok()) {
      err << r.status().message() << "\n";
      bad_input = true;
      continue;
    }
    for (testfile::TestResult& t : *r) results.push_back(std::move(t));
  }
  // Bad input makes the whole run meaningless: report nothing but the
  // errors, so a CI job cannot mistake a partial report for a full one.
  if (bad_input) return kExitBadInput;
  // Policy errors of the worlds, each once: a test may pass or fail because
  // of them, so they are never silent.
  std::set<std::string> printed;
  for (const auto& [file, list] : runner.policy_errors()) {
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
  if (coverage) cov = testfile::ComputeCoverage(runner.worlds(), results);
  if (parsed->Has("--coverage-file")) {
    const std::string path = parsed->Get("--coverage-file", "");
    std::ofstream lcov(path);
    if (lcov) testfile::WriteLcov(*cov, lcov);
    if (!lcov || !lcov.flush()) {
      err << "iameval test: --coverage-file: cannot write " << path << "\n";
      return kExitBadInput;
    }
  }
  switch (format) {
    case TestFormat::kText: {
      bool color = &out == &std::cout && isatty(STDOUT_FILENO) == 1 &&
                   std::getenv("NO_COLOR") == nullptr;
      testfile::WriteText(results, out, color);
      if (parsed->Has("--coverage")) testfile::WriteCoverageText(*cov, out);
      break;
    }
    case TestFormat::kJson:
      testfile::WriteJson(results, out, runner.policy_errors(),
                          parsed->Has("--coverage") ? &*cov : nullptr);
      break;
    case TestFormat::kJunit:
      testfile::WriteJunit(results, out, runner.policy_errors());
      break;
  }
  out.flush();
  return testfile::Summarize(results).failed == 0 ? kExitOk : kExitFindings;
}

}  // namespace cli
}  // namespace iameval
