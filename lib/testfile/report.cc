// iameval: offline AWS IAM policy evaluation.
//
// Test results as text, JSON (FORMAT.md §4) and JUnit XML.

#include <algorithm>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "explain/render.h"
#include "testfile/testfile.h"

namespace iameval {
namespace testfile {

namespace {

constexpr char kGreen[] = "\x1b[32m";
constexpr char kRed[] = "\x1b[31m";
constexpr char kReset[] = "\x1b[0m";

std::string XmlEscape(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters, even escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' &&
            c != '\r') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string FailureSummary(const TestResult& r) {
  return absl::StrCat("expected ", ExpectName(r.expect), ", got ",
                      DecisionName(r.decision));
}

}  // namespace

std::string PolicyErrorLine(const Diagnostic& d) {
  return absl::StrCat(d.location.file, ":", d.location.line, ":",
                      d.location.column, ": warning: [", d.code, "] ",
                      d.location.pointer.empty() ? "(document)"
                                                 : d.location.pointer,
                      ": ", d.message, " (a policy error in the world)");
}

Summary Summarize(const std::vector<TestResult>& results) {
  Summary s;
  for (const TestResult& r : results) (r.pass ? s.passed : s.failed)++;
  return s;
}

void WriteText(const std::vector<TestResult>& results, std::ostream& out,
               bool color) {
  // Name the file of each test once results come from several files.
  const bool several_files =
      !results.empty() && std::any_of(results.begin(), results.end(),
                                       [&](const TestResult& r) {
                                         return r.file != results[0].file;
                                       });
  const std::string* file = nullptr;
  for (const TestResult& r : results) {
    if (several_files && (file == nullptr || *file != r.file)) {
      file = &r.file;
      out << "== " << r.file << "\n";
    }
    if (r.pass) {
      out << (color ? kGreen : "") << "PASS" << (color ? kReset : "") << " "
          << r.name << "\n";
      for (const std::string& w : r.result.warnings) {
        out << "    warning: " << w << "\n";
      }
      continue;
    }
    out << (color ? kRed : "") << "FAIL" << (color ? kReset : "") << " "
        << r.name << " (" << FailureSummary(r) << ")\n";
    out << explain::RenderText(r.result, "    ");
  }
  Summary s = Summarize(results);
  out << s.passed << " passed, " << s.failed << " failed\n";
}

void WriteJson(const std::vector<TestResult>& results, std::ostream& out,
               const PolicyErrors& errors) {
  Summary s = Summarize(results);
  out << "{\"passed\":" << s.passed << ",\"failed\":" << s.failed;
  // Only when there are some, so that the object of a clean run keeps the
  // three keys of the contract.
  std::set<std::string> seen;
  for (const auto& [test_file, list] : errors) {
    for (const Diagnostic& d : list) {
      std::string line = PolicyErrorLine(d);
      if (!seen.insert(line).second) continue;
      out << (seen.size() == 1 ? ",\"policy_errors\":[" : ",");
      out << "{\"file\":" << explain::JsonString(d.location.file)
          << ",\"line\":" << d.location.line
          << ",\"column\":" << d.location.column
          << ",\"pointer\":" << explain::JsonString(d.location.pointer)
          << ",\"code\":" << explain::JsonString(d.code)
          << ",\"message\":" << explain::JsonString(d.message) << "}";
    }
  }
  if (!seen.empty()) out << "]";
  out << ",\"tests\":[";
  for (size_t i = 0; i < results.size(); ++i) {
    const TestResult& r = results[i];
    if (i > 0) out << ',';
    out << "{\"file\":" << explain::JsonString(r.file)
        << ",\"name\":" << explain::JsonString(r.name)
        << ",\"expect\":" << explain::JsonString(ExpectName(r.expect))
        << ",\"decision\":" << explain::JsonString(DecisionName(r.decision))
        << ",\"pass\":" << (r.pass ? "true" : "false");
    out << explain::RenderWarningsMember(r.result);
    out << ",\"explanation\":" << explain::RenderJson(r.result) << "}";
  }
  out << "]}\n";
}

void WriteJunit(const std::vector<TestResult>& results, std::ostream& out,
                const PolicyErrors& errors) {
  // One suite per file, in order of first appearance.
  std::vector<std::string> files;
  std::map<std::string, std::vector<const TestResult*>> by_file;
  for (const TestResult& r : results) {
    auto& list = by_file[r.file];
    if (list.empty()) files.push_back(r.file);
    list.push_back(&r);
  }
  Summary total = Summarize(results);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"iameval\" tests=\"" << results.size()
      << "\" failures=\"" << total.failed << "\">\n";
  for (const std::string& file : files) {
    const auto& list = by_file[file];
    int failures = 0;
    for (const TestResult* r : list) failures += r->pass ? 0 : 1;
    out << "  <testsuite name=\"" << XmlEscape(file) << "\" tests=\""
        << list.size() << "\" failures=\"" << failures << "\">\n";
    for (const TestResult* r : list) {
      out << "    <testcase classname=\"" << XmlEscape(file) << "\" name=\""
          << XmlEscape(r->name) << "\"";
      if (r->pass && r->result.warnings.empty()) {
        out << "/>\n";
        continue;
      }
      if (r->pass) {
        out << ">\n      <system-out>"
            << XmlEscape(explain::RenderText(r->result)) << "</system-out>\n"
            << "    </testcase>\n";
        continue;
      }
      out << ">\n      <failure message=\"" << XmlEscape(FailureSummary(*r))
          << "\" type=\"" << DecisionName(r->decision) << "\">"
          << XmlEscape(explain::RenderText(r->result)) << "</failure>\n"
          << "    </testcase>\n";
    }
    if (auto e = errors.find(file); e != errors.end()) {
      std::string text;
      for (const Diagnostic& d : e->second) {
        absl::StrAppend(&text, PolicyErrorLine(d), "\n");
      }
      out << "    <system-err>" << XmlEscape(text) << "</system-err>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace testfile
}  // namespace iameval
