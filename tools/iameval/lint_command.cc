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
    "\n"
    "Validates IAM policy documents and prints every error and warning with\n"
    "file:line:column and JSON pointer (codes: docs/errors.md).\n"
    "\n"
    "POLICY is a file, - (standard input, named <stdin>), a directory (every\n"
    "*.json file below it, sorted) or a quoted pattern iameval expands itself\n"
    "('policies/**/*.json': ** is any number of directories). A pattern that\n"
    "matches nothing is bad usage.\n"
    "\n"
    "  --kind KIND      identity, trust, resource, key, scp, rcp, boundary or\n"
    "                   session (default: guessed from each document)\n"
    "  --format FORMAT  text (default), json or sarif (SARIF 2.1.0)\n"
    "\n"
    "Text output goes to stdout, one finding per line, then a summary line.\n"
    "Exit status: 0 no findings; 1 only findings that AWS accepts (warnings\n"
    "and non-fatal errors); 2 bad input (unreadable file, invalid JSON, a\n"
    "policy AWS would reject) or bad usage.\n";

int RunLint(const std::vector<std::string>& args, std::ostream& out,
            std::ostream& err) {
  absl::StatusOr<ParsedArgs> parsed =
      ParseArgs(args, {{"--kind"}, {"--format"}});
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
      err << text.status().message() << "\n";
      bad_input = true;
      continue;
    }
    ParseOptions options;
    options.file = path;
    PolicyKind k = kind.has_value() ? *kind : GuessPolicyKind(*text);
    policy::LintedFile file;
    file.file = path;
    file.diagnostics = Lint(*text, k, options);
    for (const Diagnostic& d : file.diagnostics) {
      if (IsFatal(d)) {
        bad_input = true;
      } else {
        findings = true;
      }
    }
    files.push_back(std::move(file));
  }
  switch (*format) {
    case OutputFormat::kText:
      out << policy::RenderLintText(files);
      break;
    case OutputFormat::kJson:
      out << policy::RenderLintJson(files);
      break;
    case OutputFormat::kSarif:
      out << policy::RenderLintSarif(files);
      break;
  }
  if (bad_input) return kExitBadInput;
  return findings ? kExitFindings : kExitOk;
}

}  // namespace cli
}  // namespace iameval
