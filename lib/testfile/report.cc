// iameval: offline AWS IAM policy evaluation.
//
// Test results as text, JSON (docs/index.md, "Reports for CI") and JUnit
// XML.

#include <algorithm>
#include <ctime>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
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

}  // namespace

std::string FailureSummary(const TestResult& r) {
  if (!r.mismatch.empty()) {
    return absl::StrCat(DecisionName(r.decision), " as expected, but ",
                        r.mismatch);
  }
  return absl::StrCat("expected ", ExpectName(r.expect), ", got ",
                      DecisionName(r.decision));
}

namespace {

// The error of a file that could not be run, led by the file's name (most
// messages already start with "file:line:col").
std::string ErrorText(const FileReport& f) {
  absl::string_view message = f.error.message();
  if (absl::StartsWith(message, f.file)) return std::string(message);
  return absl::StrCat(f.file, ": ", message);
}

// A JUnit classname without dots: tools read "a.b.c" as package "a.b",
// class "c", which would split "edge.test.json" into packages.
std::string ClassName(absl::string_view file) {
  size_t slash = file.rfind('/');
  absl::string_view name =
      slash == absl::string_view::npos ? file : file.substr(slash + 1);
  absl::ConsumeSuffix(&name, ".json");
  if (name.empty()) name = "iameval";
  return absl::StrReplaceAll(name, {{".", "_"}});
}

double Seconds(const FileReport& f) {
  double total = 0;
  for (const TestResult& r : f.results) total += r.seconds;
  return total;
}

// Seconds with three decimals, as the schema's SUREFIRE_TIME allows.
std::string Time(double seconds) {
  return absl::StrFormat("%.3f", seconds < 0 ? 0.0 : seconds);
}

std::string NowTimestamp() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

}  // namespace

std::string WarningLine(const Diagnostic& d) {
  return absl::StrCat(d.location.file, ":", d.location.line, ":",
                      d.location.column, ": warning: [", d.code, "] ",
                      d.location.pointer, ": ", d.message);
}

std::string PolicyErrorLine(const Diagnostic& d) {
  return absl::StrCat(d.location.file, ":", d.location.line, ":",
                      d.location.column, ": warning: [", d.code, "] ",
                      d.location.pointer.empty() ? "(document)"
                                                 : d.location.pointer,
                      ": ", d.message, " (a policy error in the world)");
}

Report ReportOf(std::vector<TestResult> results, PolicyErrors errors) {
  Report report;
  report.policy_errors = std::move(errors);
  for (TestResult& r : results) {
    if (report.files.empty() || report.files.back().file != r.file) {
      report.files.push_back(FileReport{r.file, absl::OkStatus(), {}});
    }
    report.files.back().results.push_back(std::move(r));
  }
  return report;
}

Summary Summarize(const Report& report) {
  Summary s;
  for (const FileReport& f : report.files) {
    if (!f.error.ok()) ++s.errors;
    for (const TestResult& r : f.results) (r.pass ? s.passed : s.failed)++;
  }
  return s;
}

std::string SummaryLine(const Summary& s) {
  std::string line = absl::StrCat(s.passed, " passed, ", s.failed, " failed");
  if (s.errors > 0) {
    absl::StrAppend(&line, ", ", s.errors, s.errors == 1 ? " error" : " errors");
  }
  return line;
}

void WriteText(const Report& report, std::ostream& out,
               const ReportOptions& options) {
  const bool color = options.color;
  // With several files, a line `== file` opens the tests of each.
  const bool several_files = report.files.size() > 1;
  for (const FileReport& f : report.files) {
    if (!f.error.ok()) {
      out << (color ? kRed : "") << "ERROR" << (color ? kReset : "") << " "
          << ErrorText(f) << "\n";
      continue;
    }
    const bool shown = std::any_of(
        f.results.begin(), f.results.end(),
        [&](const TestResult& r) { return !options.failures_only || !r.pass; });
    if (several_files && shown) out << "== " << f.file << "\n";
    for (const TestResult& r : f.results) {
      if (r.pass) {
        if (options.failures_only) continue;
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
  }
  out << SummaryLine(Summarize(report)) << "\n";
  if (options.coverage != nullptr) WriteCoverageText(*options.coverage, out);
}

void WriteJson(const Report& report, std::ostream& out,
               const ReportOptions& options) {
  Summary s = Summarize(report);
  out << "{\"passed\":" << s.passed << ",\"failed\":" << s.failed;
  // Only when there are some, so that the object of a clean run keeps the
  // three keys of the contract.
  std::set<std::string> seen;
  for (const auto& [test_file, list] : report.policy_errors) {
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
  if (s.errors > 0) {
    out << ",\"errors\":[";
    bool first = true;
    for (const FileReport& f : report.files) {
      if (f.error.ok()) continue;
      out << (first ? "" : ",") << "{\"file\":" << explain::JsonString(f.file)
          << ",\"message\":" << explain::JsonString(f.error.message()) << "}";
      first = false;
    }
    out << "]";
  }
  out << ",\"tests\":[";
  bool first = true;
  for (const FileReport& f : report.files) {
    for (const TestResult& r : f.results) {
      if (options.failures_only && r.pass) continue;
      if (!first) out << ',';
      first = false;
      out << "{\"file\":" << explain::JsonString(r.file)
          << ",\"name\":" << explain::JsonString(r.name)
          << ",\"expect\":" << explain::JsonString(ExpectName(r.expect));
      // The pinned reason, only when there is one.
      for (const auto& [key, value] :
           {std::pair<const char*, const std::string*>{"expect_layer",
                                                       &r.reason.layer},
            {"expect_denied_by", &r.reason.denied_by},
            {"expect_allowed_by", &r.reason.allowed_by},
            {"mismatch", &r.mismatch}}) {
        if (!value->empty()) {
          out << ",\"" << key << "\":" << explain::JsonString(*value);
        }
      }
      out << ",\"decision\":" << explain::JsonString(DecisionName(r.decision))
          << ",\"pass\":" << (r.pass ? "true" : "false");
      out << explain::RenderWarningsMember(r.result);
      out << ",\"explanation\":" << explain::RenderJson(r.result) << "}";
    }
  }
  out << "]";
  if (options.coverage != nullptr) {
    out << CoverageJsonMember(*options.coverage);
  }
  out << "}\n";
}

void WriteJunit(const Report& report, std::ostream& out,
                const ReportOptions& options) {
  const std::string timestamp =
      options.timestamp.empty() ? NowTimestamp() : options.timestamp;
  Summary total = Summarize(report);
  double total_seconds = 0;
  for (const FileReport& f : report.files) total_seconds += Seconds(f);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"iameval\" tests=\""
      << total.passed + total.failed + total.errors << "\" failures=\""
      << total.failed << "\" errors=\"" << total.errors << "\" time=\""
      << Time(total_seconds) << "\">\n";
  for (const FileReport& f : report.files) {
    const std::string file = XmlEscape(f.file);
    const std::string classname = XmlEscape(ClassName(f.file));
    int failures = 0;
    for (const TestResult& r : f.results) failures += r.pass ? 0 : 1;
    const bool error = !f.error.ok();
    out << "  <testsuite name=\"" << file << "\" tests=\""
        << (error ? 1 : f.results.size()) << "\" failures=\"" << failures
        << "\" errors=\"" << (error ? 1 : 0) << "\" skipped=\"0\" time=\""
        << Time(Seconds(f)) << "\" timestamp=\"" << timestamp
        << "\" file=\"" << file << "\">\n";
    if (error) {
      const std::string text = XmlEscape(ErrorText(f));
      out << "    <testcase name=\"" << file << "\" classname=\"" << classname
          << "\" time=\"0.000\">\n      <error message=\"" << text
          << "\" type=\""
          << XmlEscape(absl::StatusCodeToString(f.error.code())) << "\">"
          << text << "</error>\n    </testcase>\n";
    }
    for (const TestResult& r : f.results) {
      out << "    <testcase name=\"" << XmlEscape(r.name) << "\" classname=\""
          << classname << "\" time=\"" << Time(r.seconds) << "\"";
      if (r.pass && r.result.warnings.empty()) {
        out << "/>\n";
        continue;
      }
      if (r.pass) {
        out << ">\n      <system-out>"
            << XmlEscape(explain::RenderText(r.result)) << "</system-out>\n"
            << "    </testcase>\n";
        continue;
      }
      out << ">\n      <failure message=\"" << XmlEscape(FailureSummary(r))
          << "\" type=\"" << DecisionName(r.decision) << "\">"
          << XmlEscape(explain::RenderText(r.result)) << "</failure>\n"
          << "    </testcase>\n";
    }
    if (auto e = report.policy_errors.find(f.file);
        e != report.policy_errors.end()) {
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
