// iameval: offline AWS IAM policy evaluation.
//
// libFuzzer target for test files (tests/fuzz/README.md): the input is a
// test file (FORMAT.md §2) whose "world" is usually an inline world object,
// at most 64 KB, run by testfile::Runner::RunText as
// "/nonexistent/fuzz.test.json", so relative paths (a world, policy or
// session policy file) name nothing. Inputs with a JSON string that starts
// with `/` are skipped: an absolute path would read this machine's files
// (/dev/zero, /dev/stdin). The file is run twice, with explanations for
// every test (RunOptions::explain_all, as JSON and JUnit output use) and
// without (as text output uses). Invariants:
//  - no crash, no sanitizer report, no absl::StatusCode::kInternal;
//  - both runs fail with the same status, or both produce the same results:
//    names, expectations, decisions, pass/fail, deciding call and each
//    call's decision;
//  - the text report is the same for both runs (a failing test is
//    explained again when explanations were off);
//  - every report format can be written (text with and without colour,
//    JSON, JUnit); the JSON report of each run parses (RapidJSON, UTF-8
//    validated) with "passed"/"failed" as Summarize counts them and one
//    entry per test whose name, decision and pass match; the JUnit report
//    has one <testcase> per test.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/source.h"
#include "iameval/decision.h"
#include "json/reader.h"
#include "rapidjson/document.h"
#include "rapidjson/error/en.h"
#include "testfile/testfile.h"

namespace {

constexpr size_t kMaxInput = 64 * 1024;
constexpr char kPath[] = "/nonexistent/fuzz.test.json";

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "testfile_fuzzer invariant violated: %s\n%s\n", what,
               detail.c_str());
  std::abort();
}

// True if any string value (not a key) of the tree starts with '/'.
bool HasAbsolutePath(const iameval::json::Node& root) {
  std::vector<const iameval::json::Node*> stack = {&root};
  while (!stack.empty()) {
    const iameval::json::Node* n = stack.back();
    stack.pop_back();
    if (n->is_string() && !n->text.empty() && n->text[0] == '/') return true;
    for (const iameval::json::Node& item : n->items) stack.push_back(&item);
    for (const iameval::json::Member& m : n->members) {
      stack.push_back(&m.value);
    }
  }
  return false;
}

std::string Outcome(const iameval::testfile::TestResult& r) {
  std::string out = absl::StrCat(
      r.name, ": expect ", iameval::testfile::ExpectName(r.expect), ", ",
      iameval::DecisionName(r.decision), r.pass ? " pass" : " FAIL",
      ", deciding call ", r.result.deciding_call, ", calls");
  for (const iameval::CallResult& c : r.result.calls) {
    absl::StrAppend(&out, " ", c.action, "=",
                    iameval::DecisionName(c.decision));
  }
  return out;
}

std::string Outcomes(
    const absl::StatusOr<std::vector<iameval::testfile::TestResult>>& run) {
  if (!run.ok()) return run.status().ToString();
  std::string out;
  for (const iameval::testfile::TestResult& r : *run) {
    absl::StrAppend(&out, Outcome(r), "\n");
  }
  return out;
}

std::string Text(const std::vector<iameval::testfile::TestResult>& results,
                 bool color) {
  std::ostringstream out;
  iameval::testfile::ReportOptions options;
  options.color = color;
  iameval::testfile::WriteText(iameval::testfile::ReportOf(results), out,
                               options);
  return out.str();
}

void CheckJson(const std::vector<iameval::testfile::TestResult>& results,
               const char* which) {
  std::ostringstream out;
  iameval::testfile::WriteJson(iameval::testfile::ReportOf(results), out);
  const std::string json = out.str();
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(json.c_str(), json.size());
  if (doc.HasParseError()) {
    Fail("the JSON report does not parse",
         absl::StrCat(which, ": ",
                      rapidjson::GetParseError_En(doc.GetParseError()), " at ",
                      doc.GetErrorOffset(), "\n", json));
  }
  const iameval::testfile::Summary summary =
      iameval::testfile::Summarize(iameval::testfile::ReportOf(results));
  if (!doc.IsObject() || !doc.HasMember("passed") || !doc["passed"].IsInt() ||
      doc["passed"].GetInt() != summary.passed || !doc.HasMember("failed") ||
      !doc["failed"].IsInt() || doc["failed"].GetInt() != summary.failed ||
      !doc.HasMember("tests") || !doc["tests"].IsArray() ||
      doc["tests"].Size() != results.size()) {
    Fail("the JSON report's counts differ from the results",
         absl::StrCat(which, "\n", json));
  }
  const rapidjson::Value& tests = doc["tests"];
  for (rapidjson::SizeType i = 0; i < tests.Size(); ++i) {
    const rapidjson::Value& t = tests[i];
    const iameval::testfile::TestResult& r = results[i];
    const bool same =
        t.IsObject() && t.HasMember("name") && t["name"].IsString() &&
        absl::string_view(t["name"].GetString(), t["name"].GetStringLength()) ==
            r.name &&
        t.HasMember("decision") && t["decision"].IsString() &&
        absl::string_view(t["decision"].GetString()) ==
            iameval::DecisionName(r.decision) &&
        t.HasMember("pass") && t["pass"].IsBool() &&
        t["pass"].GetBool() == r.pass && t.HasMember("explanation");
    if (!same) {
      Fail("a test of the JSON report differs from its result",
           absl::StrCat(which, ", test ", i, ": ", Outcome(r), "\n", json));
    }
  }
}

void CheckJunit(const std::vector<iameval::testfile::TestResult>& results,
                const char* which) {
  std::ostringstream out;
  iameval::testfile::WriteJunit(iameval::testfile::ReportOf(results), out);
  const std::string xml = out.str();
  size_t testcases = 0;
  for (size_t at = xml.find("<testcase "); at != std::string::npos;
       at = xml.find("<testcase ", at + 1)) {
    ++testcases;
  }
  if (testcases != results.size()) {
    Fail("the JUnit report has not one <testcase> per test",
         absl::StrCat(which, "\n", xml));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInput) return -1;
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  {
    const iameval::Source source(kPath, std::string(text));
    absl::StatusOr<iameval::json::Node> root = iameval::json::Parse(source);
    if (root.ok() && HasAbsolutePath(*root)) return -1;
  }

  iameval::testfile::RunOptions explained;
  explained.explain_all = true;
  iameval::testfile::RunOptions quiet;
  quiet.explain_all = false;
  iameval::testfile::Runner with(explained);
  iameval::testfile::Runner without(quiet);
  const absl::StatusOr<std::vector<iameval::testfile::TestResult>> on =
      with.RunText(text, kPath);
  const absl::StatusOr<std::vector<iameval::testfile::TestResult>> off =
      without.RunText(text, kPath);

  if (!on.ok() && on.status().code() == absl::StatusCode::kInternal) {
    Fail("RunText returned kInternal", on.status().ToString());
  }
  const std::string on_outcomes = Outcomes(on);
  const std::string off_outcomes = Outcomes(off);
  if (on.ok() != off.ok() || on_outcomes != off_outcomes) {
    Fail("explanations on and off give different outcomes",
         absl::StrCat("explain_all=true:\n", on_outcomes,
                      "\nexplain_all=false:\n", off_outcomes));
  }
  if (!on.ok()) return 0;

  const std::string on_text = Text(*on, /*color=*/false);
  const std::string off_text = Text(*off, /*color=*/false);
  if (on_text != off_text) {
    Fail("the text report differs with explanations on and off",
         absl::StrCat("explain_all=true:\n", on_text,
                      "\nexplain_all=false:\n", off_text));
  }
  Text(*on, /*color=*/true);
  CheckJson(*on, "explain_all=true");
  CheckJson(*off, "explain_all=false");
  CheckJunit(*on, "explain_all=true");
  CheckJunit(*off, "explain_all=false");
  return 0;
}
