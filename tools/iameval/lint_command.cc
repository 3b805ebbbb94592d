// iameval: offline AWS IAM policy evaluation.

#include "lint_command.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli_util.h"
#include "iameval/policy.h"
#include "inputs.h"
#include "policy/lint_render.h"
#include "policy/parse.h"

namespace iameval {
namespace cli {

const char kLintUsage[] =
    "usage: iameval lint POLICY... [--kind KIND] [--format text|json|sarif]\n"
    "                    [--output FILE] [--color auto|always|never]\n"
    "\n"
    "Validates IAM policy documents and prints every error and warning with\n"
    "file:line:column and JSON pointer (codes: docs/errors.md). Actions,\n"
    "their resource types and service condition keys are checked against a\n"
    "catalog of AWS's actions built in (docs/design.md#action-catalog).\n"
    "\n"
    "POLICY is a file, - (standard input, named <stdin>), a directory (every\n"
    "*.json file below it, sorted) or a quoted pattern iameval expands itself\n"
    "('policies/**/*.json': ** is any number of directories). A pattern that\n"
    "matches nothing is bad usage.\n"
    "\n"
    "  --kind KIND      identity, trust, resource, key, scp, rcp, boundary or\n"
    "                   session (default: guessed from each document)\n"
    "  --format FORMAT  text (default), json or sarif (SARIF 2.1.0, for\n"
    "                   GitHub code scanning; docs/index.md, \"Reports for\n"
    "                   CI\")\n"
    "  --output FILE    write the report to FILE; stdout gets only the\n"
    "                   summary line \"N errors, M warnings in K files\"\n"
    "  --color WHEN     text: colour the severities; auto (default: when\n"
    "                   stdout is a terminal and NO_COLOR is unset or\n"
    "                   empty), always or never\n"
    "\n"
    "Text output goes to stdout, one finding per line, then a summary line.\n"
    "Exit status: 0 no findings; 1 only findings that AWS accepts (warnings\n"
    "and non-fatal errors); 2 bad input (unreadable file, invalid JSON, a\n"
    "policy AWS would reject) or bad usage.\n";

int RunLint(const std::vector<std::string>& args, std::ostream& out,
            std::ostream& err) {
  absl::StatusOr<ParsedArgs> parsed =
      ParseArgs(args, {{"--kind"}, {"--format"}, {"--output"}, {"--color"}});
  if (!parsed.ok()) {
    err << "iameval lint: " << parsed.status().message() << "\n" << kLintUsage;
    return kExitBadInput;
  }
  if (parsed->help) {
    out << kLintUsage;
    return kExitOk;
  }
  absl::StatusOr<OutputFormat> format =
      ParseFormat(parsed->Get("--format", "text"), /*allow_sarif=*/true);
  if (!format.ok()) {
    err << "iameval lint: " << format.status().message() << "\n";
    return kExitBadInput;
  }
  absl::StatusOr<ColorMode> color = ParseColor(parsed->Get("--color", "auto"));
  if (!color.ok()) {
    err << "iameval lint: " << color.status().message() << "\n";
    return kExitBadInput;
  }
  std::optional<PolicyKind> kind;
  if (parsed->Has("--kind")) {
    std::string name = parsed->Get("--kind", "");
    kind = ParsePolicyKind(name);
    if (!kind.has_value()) {
      err << "iameval lint: unknown --kind \"" << name
          << "\"; expected identity, trust, resource, key, scp, rcp, "
             "boundary or session\n";
      return kExitBadInput;
    }
  }
  if (parsed->positional.empty()) {
    err << "iameval lint: no policy files given\n" << kLintUsage;
    return kExitBadInput;
  }

  absl::StatusOr<std::vector<std::string>> inputs =
      ExpandInputs(parsed->positional, ".json");
  if (!inputs.ok()) {
    err << "iameval lint: " << inputs.status().message() << "\n";
    return kExitBadInput;
  }

  bool bad_input = false;
  bool findings = false;
  std::vector<policy::LintedFile> files;
  for (const std::string& input : *inputs) {
    const std::string path = InputName(input);
    absl::StatusOr<std::string> text = ReadInput(input);
    if (!text.ok()) {
      // Reported in its place too: a SARIF log without it would say the
      // file was linted and found clean.
      err << text.status().message() << "\n";
      bad_input = true;
      policy::LintedFile unread;
      unread.file = path;
      unread.error = std::string(text.status().message());
      files.push_back(std::move(unread));
      continue;
    }
    ParseOptions options;
    options.file = path;
    PolicyKind k = kind.has_value() ? *kind : GuessPolicyKind(*text);
    policy::LintedFile file;
    file.file = path;
    file.diagnostics = Lint(*text, k, options);
    file.text = *std::move(text);
    for (const Diagnostic& d : file.diagnostics) {
      if (IsFatal(d)) {
        bad_input = true;
      } else {
        findings = true;
      }
    }
    files.push_back(std::move(file));
  }
  std::string report;
  switch (*format) {
    case OutputFormat::kText:
      report = policy::RenderLintText(
          files, !parsed->Has("--output") && UseColor(*color, out));
      break;
    case OutputFormat::kJson:
      report = policy::RenderLintJson(files);
      break;
    case OutputFormat::kSarif:
      report = policy::RenderLintSarif(files);
      break;
  }
  if (parsed->Has("--output")) {
    if (absl::Status s = WriteOutputFile(parsed->Get("--output", ""), report);
        !s.ok()) {
      err << "iameval lint: " << s.message() << "\n";
      return kExitBadInput;
    }
    out << policy::LintSummaryLine(files) << "\n";
  } else {
    out << report;
  }
  if (bad_input) return kExitBadInput;
  return findings ? kExitFindings : kExitOk;
}

}  // namespace cli
}  // namespace iameval
