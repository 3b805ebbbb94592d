// iameval: offline AWS IAM policy evaluation.
//
// `iameval lint`: validates policy files and reports every finding
// (docs/errors.md). RunLint itself is declared in commands.h with the other
// subcommands; this header holds what is specific to lint.

#ifndef IAMEVAL_TOOLS_IAMEVAL_LINT_COMMAND_H_
#define IAMEVAL_TOOLS_IAMEVAL_LINT_COMMAND_H_

#include "commands.h"

namespace iameval {
namespace cli {

// The text of `iameval lint --help`.
extern const char kLintUsage[];

}  // namespace cli
}  // namespace iameval

#endif  // IAMEVAL_TOOLS_IAMEVAL_LINT_COMMAND_H_
