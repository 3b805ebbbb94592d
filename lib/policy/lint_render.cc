// iameval: offline AWS IAM policy evaluation.

#include "policy/lint_render.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "base/source.h"
#include "policy/validate.h"

namespace iameval {
namespace policy {

namespace {

std::string Plural(size_t n, const char* word) {
  return absl::StrCat(n, " ", word, n == 1 ? "" : "s");
}

}  // namespace

std::string RenderLintText(const std::vector<LintedFile>& files) {
  std::string out;
  size_t errors = 0, warnings = 0;
  for (const LintedFile& f : files) {
    for (const Diagnostic& d : f.diagnostics) {
      (d.severity == Severity::kError ? errors : warnings)++;
      const SourceLocation& l = d.location;
      absl::StrAppend(&out, f.file, ":", l.line, ":", l.column, ": ",
                      SeverityName(d.severity), ": [", d.code, "] ",
                      l.pointer.empty() ? "(document)" : l.pointer, ": ",
                      d.message, "\n");
    }
  }
  absl::StrAppend(&out, Plural(errors, "error"), ", ",
                  Plural(warnings, "warning"), " in ",
                  Plural(files.size(), "file"), "\n");
  return out;
}

std::string RenderLintJson(const std::vector<LintedFile>& files) {
  std::string out = "{\"files\": [";
  for (size_t i = 0; i < files.size(); ++i) {
    if (i > 0) out += ", ";
    out += JsonQuote(files[i].file);
  }
  out += "], \"findings\": [";
  bool first = true;
  for (const LintedFile& f : files) {
    for (const Diagnostic& d : f.diagnostics) {
      if (!first) out += ",";
      first = false;
      const SourceLocation& l = d.location;
      absl::StrAppend(&out, "\n  {\"file\": ", JsonQuote(f.file),
                      ", \"line\": ", l.line, ", \"column\": ", l.column,
                      ", \"pointer\": ", JsonQuote(l.pointer),
                      ", \"severity\": \"", SeverityName(d.severity),
                      "\", \"code\": ", JsonQuote(d.code),
                      ", \"message\": ", JsonQuote(d.message), "}");
    }
  }
  out += first ? "]}\n" : "\n]}\n";
  return out;
}

std::string RenderLintSarif(const std::vector<LintedFile>& files) {
  // Rules: every code that occurs, in first-seen order.
  std::vector<std::string> rules;
  std::map<std::string, size_t> rule_index;
  for (const LintedFile& f : files) {
    for (const Diagnostic& d : f.diagnostics) {
      if (rule_index.emplace(d.code, rules.size()).second) {
        rules.push_back(d.code);
      }
    }
  }
  std::string out =
      "{\n  \"$schema\": "
      "\"https://json.schemastore.org/sarif-2.1.0.json\",\n"
      "  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"tool\": {\"driver\": "
      "{\"name\": \"iameval\", \"version\": \"0.1.0\", "
      "\"informationUri\": \"https://github.com/iameval/iameval\", "
      "\"rules\": [";
  for (size_t i = 0; i < rules.size(); ++i) {
    const CodeInfo* info = FindCode(rules[i]);
    absl::StrAppend(&out, i > 0 ? "," : "", "\n      {\"id\": ",
                    JsonQuote(rules[i]), ", \"shortDescription\": {\"text\": ",
                    JsonQuote(info != nullptr ? info->summary : rules[i]),
                    "}, \"helpUri\": ",
                    JsonQuote(absl::StrCat("docs/errors.md#", rules[i])), "}");
  }
  out += rules.empty() ? "]}},\n" : "\n    ]}},\n";
  out += "    \"results\": [";
  bool first = true;
  for (const LintedFile& f : files) {
    for (const Diagnostic& d : f.diagnostics) {
      const SourceLocation& l = d.location;
      std::string text = absl::StrCat(
          l.pointer.empty() ? "(document)" : l.pointer, ": ", d.message);
      absl::StrAppend(
          &out, first ? "" : ",", "\n      {\"ruleId\": ", JsonQuote(d.code),
          ", \"ruleIndex\": ", rule_index[d.code], ", \"level\": \"",
          SeverityName(d.severity), "\", \"message\": {\"text\": ",
          JsonQuote(text),
          "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": "
          "{\"uri\": ",
          JsonQuote(f.file), "}, \"region\": {\"startLine\": ",
          l.line > 0 ? l.line : 1, ", \"startColumn\": ",
          l.column > 0 ? l.column : 1, "}}}]}");
      first = false;
    }
  }
  out += first ? "]\n  }]\n}\n" : "\n    ]\n  }]\n}\n";
  return out;
}

}  // namespace policy
}  // namespace iameval
