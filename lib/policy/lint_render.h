// iameval: offline AWS IAM policy evaluation.
//
// Renders lint findings for `iameval lint` (docs/errors.md#lint-output): text
// lines, one JSON object, or SARIF 2.1.0. In the library rather than the CLI
// so that the golden tests compare exactly what the tool prints.

#ifndef IAMEVAL_LIB_POLICY_LINT_RENDER_H_
#define IAMEVAL_LIB_POLICY_LINT_RENDER_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "iameval/diagnostic.h"

namespace iameval {
namespace policy {

// The findings of one linted file, in source order.
struct LintedFile {
  std::string file;  // as given on the command line
  std::vector<Diagnostic> diagnostics;
  // The file's text, for SARIF columns in UTF-16 code units; when empty the
  // byte column is used as is (the same for ASCII lines).
  std::string text;
  // Not empty: the file could not be read (the message); no diagnostics.
  // Text output leaves it to stderr; JSON lists it under "errors", SARIF
  // as a tool execution notification of a failed invocation.
  std::string error;
};

// One line per finding:
//   file:line:col: error|warning: [CODE] /pointer: found ...; expected ...
// then the summary line "N errors, M warnings in K files". With `color`,
// "error" is red and "warning" yellow (ANSI).
std::string RenderLintText(const std::vector<LintedFile>& files,
                           bool color = false);

// {"files": [...], "findings": [{"file","line","column","pointer",
// "severity","code","message"}, ...]} followed by a newline; files that
// could not be read are left out of "files" and listed in
// "errors": [{"file","message"}] (only when there are some).
std::string RenderLintJson(const std::vector<LintedFile>& files);

// "N errors, M warnings in K files" (no newline), the last line of the
// text output and the console line of `lint --output`.
std::string LintSummaryLine(const std::vector<LintedFile>& files);

// A SARIF 2.1.0 log (docs/errors.md#sarif) with one run: rules[] holds the
// codes that occur, with links into docs/errors.md (base/project.h);
// columns are UTF-16 code units; each result has a partial fingerprint of
// its code, file and JSON pointer, so it survives edits that move lines. A
// file that could not be read makes the invocation unsuccessful, with a
// notification naming it.
std::string RenderLintSarif(const std::vector<LintedFile>& files);

}  // namespace policy
}  // namespace iameval

#endif  // IAMEVAL_LIB_POLICY_LINT_RENDER_H_
