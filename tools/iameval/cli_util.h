// iameval: offline AWS IAM policy evaluation.
//
// Helpers shared by the `iameval` subcommands (lint, test, check): option
// parsing where options may stand before or after file arguments, the
// --format values and the exit-status contract. The file arguments (`-`,
// directories, patterns) are expanded and read by inputs.h.

#ifndef IAMEVAL_TOOLS_IAMEVAL_CLI_UTIL_H_
#define IAMEVAL_TOOLS_IAMEVAL_CLI_UTIL_H_

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace iameval {
namespace cli {

// Exit statuses of every command (docs/index.md, docs/errors.md).
inline constexpr int kExitOk = 0;        // clean / all passed / allowed
inline constexpr int kExitFindings = 1;  // findings / a test failed / denied
inline constexpr int kExitBadInput = 2;  // bad input or usage

// One accepted option. `name` includes the dashes ("--kind").
struct OptionSpec {
  std::string name;
  bool takes_value = true;   // "--kind trust" or "--kind=trust"
  bool repeatable = false;   // "--context a=1 --context b=2"
};

// The result of ParseArgs. Options are keyed by name with dashes.
struct ParsedArgs {
  std::vector<std::string> positional;  // in order
  std::map<std::string, std::vector<std::string>> values;
  bool help = false;  // --help or -h was given

  bool Has(const std::string& name) const { return values.count(name) > 0; }
  // The last value of `name`, or `fallback` when absent.
  std::string Get(const std::string& name, const std::string& fallback) const;
  // Every value of a repeatable option, in order (empty when absent).
  std::vector<std::string> GetAll(const std::string& name) const;
};

// Parses `args` (the words after the command name). Options and positional
// arguments may be interleaved; "--" ends option parsing. Returns
// InvalidArgument with a one-line message for an unknown option, a missing
// value, or a non-repeatable option given twice.
absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                                     const std::vector<OptionSpec>& specs);

enum class OutputFormat { kText, kJson, kSarif };

// Parses a --format value: "text", "json", and "sarif" when `allow_sarif`.
absl::StatusOr<OutputFormat> ParseFormat(absl::string_view value,
                                         bool allow_sarif);

// --color=auto|always|never. Auto colours when the report goes to a
// terminal and NO_COLOR is unset or empty (https://no-color.org); always
// wins over NO_COLOR.
enum class ColorMode { kAuto, kAlways, kNever };

// Parses a --color value; InvalidArgument for anything else.
absl::StatusOr<ColorMode> ParseColor(absl::string_view value);

// Whether to colour a report that goes to `out`: for kAuto, only when `out`
// is std::cout, stdout is a terminal and NO_COLOR is unset or empty.
bool UseColor(ColorMode mode, const std::ostream& out);

// Writes `report` to the file `path` (the option `option`'s argument),
// replacing it. Errors name the option, the file and the reason.
absl::Status WriteOutputFile(const std::string& path,
                             absl::string_view report,
                             absl::string_view option = "--output");

}  // namespace cli
}  // namespace iameval

#endif  // IAMEVAL_TOOLS_IAMEVAL_CLI_UTIL_H_
