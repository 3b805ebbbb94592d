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
};

// One line per finding:
//   file:line:col: error|warning: [CODE] /pointer: found ...; expected ...
// then the summary line "N errors, M warnings in K files".
std::string RenderLintText(const std::vector<LintedFile>& files);

// {"files": [...], "findings": [{"file","line","column","pointer",
// "severity","code","message"}, ...]} followed by a newline.
std::string RenderLintJson(const std::vector<LintedFile>& files);

// A SARIF 2.1.0 log with one run; rules[] holds the codes that occur.
std::string RenderLintSarif(const std::vector<LintedFile>& files);

}  // namespace policy
}  // namespace iameval

#endif  // IAMEVAL_LIB_POLICY_LINT_RENDER_H_
