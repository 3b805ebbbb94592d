// iameval: offline AWS IAM policy evaluation.
//
// Statement coverage of test runs (testfile.h, docs/index.md#coverage).

#include <map>
#include <ostream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/source.h"
#include "explain/render.h"
#include "testfile/testfile.h"
#include "world/policies.h"

namespace iameval {
namespace testfile {

namespace {

using Key = std::tuple<std::string, int, int>;  // file, line, index

std::string Describe(const StatementCoverage& s) {
  std::string out = absl::StrCat(s.file, ":", s.line, ": ",
                                 Quote(s.policy, 200), " statement ",
                                 s.statement_index);
  if (s.sid.has_value()) absl::StrAppend(&out, " (Sid ", Quote(*s.sid, 200), ")");
  absl::StrAppend(&out, s.allow ? " Allow" : " Deny");
  return out;
}

}  // namespace

int Coverage::decided() const {
  int n = 0;
  for (const StatementCoverage& s : statements) n += s.hits > 0 ? 1 : 0;
  return n;
}

Coverage ComputeCoverage(const std::vector<const World*>& worlds,
                         const std::vector<TestResult>& results) {
  Coverage out;
  std::map<Key, size_t> index;
  for (const World* world : worlds) {
    for (const Policy* p : WorldPolicies(*world)) {
      // Policies without a file (built in code, the default key policy)
      // cannot be edited, so there is nothing to cover.
      if (p->file().empty()) continue;
      for (const Statement& st : p->statements()) {
        Key key(p->file(), st.line, st.index);
        if (!index.emplace(key, out.statements.size()).second) continue;
        StatementCoverage c;
        c.file = p->file();
        c.line = st.line;
        c.policy = p->name();
        c.statement_index = st.index;
        c.sid = st.sid;
        c.allow = st.effect == Effect::kAllow;
        out.statements.push_back(std::move(c));
      }
    }
  }
  for (const TestResult& r : results) {
    for (const CallResult& call : r.result.calls) {
      for (const Finding& f : call.explanation) {
        if ((f.kind != Finding::Kind::kAllowedBy &&
             f.kind != Finding::Kind::kDeniedBy) ||
            !f.statement.has_value()) {
          continue;
        }
        const StatementRef& s = *f.statement;
        auto it = index.find(Key(s.file, s.line, s.statement_index));
        if (it != index.end()) out.statements[it->second].hits++;
      }
    }
  }
  return out;
}

void WriteCoverageText(const Coverage& coverage, std::ostream& out) {
  const int decided = coverage.decided();
  out << "coverage: " << decided << " of " << coverage.statements.size()
      << " statements decided in some test";
  if (decided == static_cast<int>(coverage.statements.size())) {
    out << "\n";
    return;
  }
  out << "; never decided:\n";
  for (const StatementCoverage& s : coverage.statements) {
    if (s.hits == 0) out << "  " << Describe(s) << "\n";
  }
}

void WriteLcov(const Coverage& coverage, std::ostream& out) {
  // By file, in order of first appearance; lines ascending, statements on
  // one line summed.
  std::vector<std::string> files;
  std::map<std::string, std::map<int, int>> lines;
  for (const StatementCoverage& s : coverage.statements) {
    auto [it, inserted] = lines.try_emplace(s.file);
    if (inserted) files.push_back(s.file);
    it->second[s.line] += s.hits;
  }
  out << "TN:iameval\n";
  for (const std::string& file : files) {
    out << "SF:" << file << "\n";
    int hit = 0;
    for (const auto& [line, hits] : lines[file]) {
      out << "DA:" << line << "," << hits << "\n";
      hit += hits > 0 ? 1 : 0;
    }
    out << "LF:" << lines[file].size() << "\nLH:" << hit
        << "\nend_of_record\n";
  }
}

std::string CoverageJsonMember(const Coverage& coverage) {
  std::string out = absl::StrCat(",\"coverage\":{\"statements\":",
                                 coverage.statements.size(),
                                 ",\"decided\":", coverage.decided(),
                                 ",\"undecided\":[");
  bool first = true;
  for (const StatementCoverage& s : coverage.statements) {
    if (s.hits > 0) continue;
    absl::StrAppend(
        &out, first ? "" : ",", "{\"file\":", explain::JsonString(s.file),
        ",\"line\":", s.line, ",\"policy\":", explain::JsonString(s.policy),
        ",\"statement\":", s.statement_index, ",\"sid\":",
        s.sid.has_value() ? explain::JsonString(*s.sid) : std::string("null"),
        ",\"effect\":", s.allow ? "\"Allow\"" : "\"Deny\"", "}");
    first = false;
  }
  out += "]}";
  return out;
}

}  // namespace testfile
}  // namespace iameval
