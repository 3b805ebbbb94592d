// iameval: offline AWS IAM policy evaluation.
//
// `iameval test FILE... [--format text|json|junit] [--run REGEX]`: runs test
// files through lib/testfile (the same runner tests/scenario uses) and
// reports. Which files and tests: inputs.h.

#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <iostream>
#include <set>
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
    "usage: iameval test FILE... [--format text|json|junit] [--run REGEX]\n"
    "                    [--allow-empty] [--strict]\n"
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
    "  --run REGEX      run only the tests whose name contains a match of\n"
    "                   the RE2 regular expression (^...$ for whole names);\n"
    "                   the others are left out of every report; no\n"
    "                   selected test is bad usage unless --allow-empty\n"
    "  --allow-empty    accept a file whose \"tests\" array is empty, and a\n"
    "                   --run that selects nothing (by default input errors:\n"
    "                   the run would pass untested)\n"
    "  --strict         refuse worlds whose policies hold errors AWS accepts\n"
    "                   (a condition value that does not parse, ...): they\n"
    "                   are always printed on stderr as warnings; with\n"
    "                   --strict they are bad input (exit status 2)\n"
    "\n"
    "Text output is coloured when stdout is a terminal and NO_COLOR is unset.\n"
    "Exit status: 0 all tests passed; 1 a test failed; 2 bad input (a file\n"
    "that cannot be read or parsed, with file:line:col) or bad usage.\n";

enum class TestFormat { kText, kJson, kJunit };

}  // namespace

int RunTest(const std::vector<std::string>& args, std::ostream& out,
            std::ostream& err) {
  absl::StatusOr<ParsedArgs> parsed =
      ParseArgs(args, {{"--format"},
                       {"--run"},
                       {"--allow-empty", false},
                       {"--strict", false}});
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
  testfile::RunOptions options;
  options.explain_all = format != TestFormat::kText;
  options.allow_empty = parsed->Has("--allow-empty");
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
  std::vector<testfile::TestResult> results;
  bool bad_input = false;
  for (const std::string& path : *inputs) {
    absl::StatusOr<std::vector<testfile::TestResult>> r =
        RunTestInput(runner, path);
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
  if (results.empty() && parsed->Has("--run") && !options.allow_empty) {
    err << "iameval test: --run \"" << parsed->Get("--run", "")
        << "\": found no test whose name matches; expected at least one "
           "(--allow-empty accepts a run without tests)\n";
    return kExitBadInput;
  }
  // Policy errors of the worlds, each once: a test may pass or fail because
  // of them, so they are never silent.
  std::set<std::string> printed;
  for (const auto& [file, list] : runner.policy_errors()) {
    for (const Diagnostic& d : list) {
      std::string line = testfile::PolicyErrorLine(d);
      if (printed.insert(line).second) err << line << "\n";
    }
  }
  if (!printed.empty() && parsed->Has("--strict")) {
    err << "iameval test: --strict: " << printed.size()
        << " policy error(s) in the world(s)\n";
    return kExitBadInput;
  }

  switch (format) {
    case TestFormat::kText: {
      bool color = &out == &std::cout && isatty(STDOUT_FILENO) == 1 &&
                   std::getenv("NO_COLOR") == nullptr;
      testfile::WriteText(results, out, color);
      break;
    }
    case TestFormat::kJson:
      testfile::WriteJson(results, out, runner.policy_errors());
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
