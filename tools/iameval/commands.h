// iameval: offline AWS IAM policy evaluation.
//
// The subcommands of `iameval`. Each takes the words after the command name
// and writes its report to `out` and problems to `err`; the return value is
// the process exit status (cli_util.h: 0 / 1 / 2). main.cc only dispatches.
//
// RunLint lives in lint_command.cc. RunTest (test_command.cc) and RunCheck
// (check_command.cc) belong to the evaluation engine; main.cc calls them only
// when the build defines IAMEVAL_HAVE_EVAL_COMMANDS.

#ifndef IAMEVAL_TOOLS_IAMEVAL_COMMANDS_H_
#define IAMEVAL_TOOLS_IAMEVAL_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

namespace iameval {
namespace cli {

// `iameval lint POLICY... [--kind K] [--format text|json|sarif]
// [--output FILE] [--color WHEN]`.
int RunLint(const std::vector<std::string>& args, std::ostream& out,
            std::ostream& err);

// `iameval test FILE... [--format text|json|junit] [--output FILE]
// [--failures-only] [--color WHEN] [--run REGEX]` (docs/format.md, docs/index.md).
int RunTest(const std::vector<std::string>& args, std::ostream& out,
            std::ostream& err);

// `iameval check WORLD --principal ARN --action A --resource ARN
// [--context k=v ...] [--format text|json] [--output FILE] [--color WHEN]`
// (docs/index.md).
int RunCheck(const std::vector<std::string>& args, std::ostream& out,
             std::ostream& err);

// `iameval import aws DIR | terraform PLAN.json [-o WORLD] [--report FILE]
// ...` (import_command.cc, docs/import.md).
int RunImport(const std::vector<std::string>& args, std::ostream& out,
              std::ostream& err);

}  // namespace cli
}  // namespace iameval

#endif  // IAMEVAL_TOOLS_IAMEVAL_COMMANDS_H_
