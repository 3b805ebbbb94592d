// iameval: offline AWS IAM policy evaluation.

#include "policy/lint_render.h"

#include <algorithm>
#include <cstdint>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/project.h"
#include "base/source.h"
#include "policy/validate.h"

namespace iameval {
namespace policy {

namespace {

std::string Plural(size_t n, const char* word) {
  return absl::StrCat(n, " ", word, n == 1 ? "" : "s");
}

}  // namespace

std::string LintSummaryLine(const std::vector<LintedFile>& files) {
  size_t errors = 0, warnings = 0, read = 0;
  for (const LintedFile& f : files) {
    if (!f.error.empty()) continue;
    ++read;
    for (const Diagnostic& d : f.diagnostics) {
      (d.severity == Severity::kError ? errors : warnings)++;
    }
  }
  return absl::StrCat(Plural(errors, "error"), ", ",
                      Plural(warnings, "warning"), " in ",
                      Plural(read, "file"));
}

std::string RenderLintText(const std::vector<LintedFile>& files,
                           bool color) {
  std::string out;
  for (const LintedFile& f : files) {
    for (const Diagnostic& d : f.diagnostics) {
      const SourceLocation& l = d.location;
      const char* on = !color ? ""
                       : d.severity == Severity::kError ? "\x1b[31m"
                                                        : "\x1b[33m";
      absl::StrAppend(&out, f.file, ":", l.line, ":", l.column, ": ", on,
                      SeverityName(d.severity), color ? "\x1b[0m" : "",
                      ": [", d.code, "] ",
                      l.pointer.empty() ? "(document)" : l.pointer, ": ",
                      d.message, "\n");
    }
  }
  absl::StrAppend(&out, LintSummaryLine(files), "\n");
  return out;
}

std::string RenderLintJson(const std::vector<LintedFile>& files) {
  std::string out = "{\"files\": [";
  bool first = true;
  for (const LintedFile& f : files) {
    if (!f.error.empty()) continue;
    if (!first) out += ", ";
    first = false;
    out += JsonQuote(f.file);
  }
  out += "], ";
  first = true;
  for (const LintedFile& f : files) {
    if (f.error.empty()) continue;
    absl::StrAppend(&out, first ? "\"errors\": [" : ", ",
                    "{\"file\": ", JsonQuote(f.file),
                    ", \"message\": ", JsonQuote(f.error), "}");
    first = false;
  }
  if (!first) out += "], ";
  out += "\"findings\": [";
  first = true;
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

namespace {

// The SARIF column of a finding: SARIF counts UTF-16 code units by default
// (columnKind utf16CodeUnits); our columns count bytes.
int Utf16Column(const LintedFile& f, const SourceLocation& l) {
  int column = l.column > 0 ? l.column : 1;
  if (f.text.empty() || l.line < 1) return column;
  size_t start = 0;
  for (int line = 1; line < l.line; ++line) {
    start = f.text.find('\n', start);
    if (start == std::string::npos) return column;
    ++start;
  }
  size_t end = std::min(f.text.size(), start + static_cast<size_t>(column - 1));
  int units = 0;
  for (size_t i = start; i < end; ++i) {
    unsigned char c = static_cast<unsigned char>(f.text[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    units += c >= 0xF0 ? 2 : 1;        // four-byte sequences: a pair
  }
  return units + 1;
}

// A relative or absolute path as a URI reference: bytes outside RFC 3986's
// unreserved set and "/" are percent-encoded.
std::string PathUri(absl::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : path) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' ||
        c == '~' || c == '/') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

// FNV-1a, 64 bits: a hash that is the same on every platform and run, for
// fingerprints that CI systems compare across runs.
uint64_t Fnv1a(absl::string_view s) {
  uint64_t h = 14695981039346656037ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

std::string FullDescription(const CodeInfo& info) {
  if (info.fatal_when_error) {
    return absl::StrCat(info.summary, ". AWS rejects a policy with this ",
                        "error.");
  }
  if (info.severity == Severity::kError) {
    return absl::StrCat(info.summary, ". AWS accepts the policy, but this "
                        "part of it does not work as written.");
  }
  return absl::StrCat(info.summary, ". A warning: AWS accepts the policy, "
                      "but it deserves a second look.");
}

}  // namespace

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
  std::string out = absl::StrCat(
      "{\n  \"$schema\": \"https://docs.oasis-open.org/sarif/sarif/v2.1.0/"
      "errata01/os/schemas/sarif-schema-2.1.0.json\",\n"
      "  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"tool\": {\"driver\": "
      "{\"name\": \"iameval\", \"version\": \"0.1.0\", "
      "\"semanticVersion\": \"0.1.0\", \"informationUri\": ",
      JsonQuote(kProjectUrl), ", \"rules\": [");
  for (size_t i = 0; i < rules.size(); ++i) {
    const CodeInfo* info = FindCode(rules[i]);
    const std::string url = absl::StrCat(kErrorsDocUrl, "#", rules[i]);
    const std::string summary = info != nullptr ? info->summary : rules[i];
    const std::string full =
        info != nullptr ? FullDescription(*info) : rules[i];
    const char* level = info != nullptr && info->severity == Severity::kWarning
                            ? "warning"
                            : "error";
    absl::StrAppend(
        &out, i > 0 ? "," : "", "\n      {\"id\": ", JsonQuote(rules[i]),
        ", \"shortDescription\": {\"text\": ", JsonQuote(summary),
        "}, \"fullDescription\": {\"text\": ", JsonQuote(full),
        "}, \"helpUri\": ", JsonQuote(url), ", \"help\": {\"text\": ",
        JsonQuote(absl::StrCat(full, " See ", url)),
        ", \"markdown\": ",
        JsonQuote(absl::StrCat(full, " See [", rules[i], "](", url, ").")),
        "}, \"defaultConfiguration\": {\"level\": \"", level, "\"}}");
  }
  out += rules.empty() ? "]}},\n" : "\n    ]}},\n";
  // The invocation fails when a file could not be read: a clean empty
  // result would say the file was linted and found clean.
  bool read_all = true;
  std::string notifications;
  for (const LintedFile& f : files) {
    if (f.error.empty()) continue;
    absl::StrAppend(
        &notifications, read_all ? "" : ",",
        "\n        {\"level\": \"error\", \"message\": {\"text\": ",
        JsonQuote(f.error),
        "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": "
        "{\"uri\": ",
        JsonQuote(PathUri(f.file)), "}}}]}");
    read_all = false;
  }
  absl::StrAppend(&out, "    \"invocations\": [{\"executionSuccessful\": ",
                  read_all ? "true" : "false");
  if (!read_all) {
    absl::StrAppend(&out, ", \"toolExecutionNotifications\": [",
                    notifications, "\n      ]");
  }
  out += "}],\n    \"columnKind\": \"utf16CodeUnits\",\n";
  out += "    \"results\": [";
  bool first = true;
  for (const LintedFile& f : files) {
    for (const Diagnostic& d : f.diagnostics) {
      const SourceLocation& l = d.location;
      std::string text = absl::StrCat(
          l.pointer.empty() ? "(document)" : l.pointer, ": ", d.message);
      const std::string fingerprint = absl::StrFormat(
          "%016x", Fnv1a(absl::StrCat(d.code, std::string(1, '\0'), f.file,
                                      std::string(1, '\0'), l.pointer)));
      absl::StrAppend(
          &out, first ? "" : ",", "\n      {\"ruleId\": ", JsonQuote(d.code),
          ", \"ruleIndex\": ", rule_index[d.code], ", \"level\": \"",
          SeverityName(d.severity), "\", \"message\": {\"text\": ",
          JsonQuote(text),
          "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": "
          "{\"uri\": ",
          JsonQuote(PathUri(f.file)), "}, \"region\": {\"startLine\": ",
          l.line > 0 ? l.line : 1, ", \"startColumn\": ", Utf16Column(f, l),
          "}}}], \"partialFingerprints\": {\"iamevalFinding/v1\": \"",
          fingerprint, "\"}}");
      first = false;
    }
  }
  out += first ? "]\n  }]\n}\n" : "\n    ]\n  }]\n}\n";
  return out;
}

}  // namespace policy
}  // namespace iameval
