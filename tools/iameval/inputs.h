// iameval: offline AWS IAM policy evaluation.
//
// What the commands read: the file arguments of `iameval lint|test|check`
// turned into a list of inputs, and the --run test selection.
//
//   "-"                  standard input, named "<stdin>" in messages; paths
//                        in it (a test file's world, a world's policy
//                        files) are relative to the current directory
//   a directory          walked recursively, hidden entries (".name")
//                        skipped, symbolic links to directories not
//                        followed; the files whose names end in the
//                        command's suffix (".test.json", ".json"), sorted
//   a pattern            *, ? and [...] within one path segment (fnmatch,
//                        a leading "." matched only explicitly), ** as a
//                        whole segment for any number of directories;
//                        expanded here, so a quoted pattern works in CI
//                        and on every shell; sorted
//   anything else        a path, read as it is (errors come when reading)
//
// A pattern that matches nothing, a directory without a matching file, and
// "-" given twice are usage errors (exit status 2), so a CI job cannot pass
// by testing nothing (docs/index.md#use-in-ci).

#ifndef IAMEVAL_TOOLS_IAMEVAL_INPUTS_H_
#define IAMEVAL_TOOLS_IAMEVAL_INPUTS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "iameval/world.h"
#include "testfile/testfile.h"

namespace iameval {
namespace cli {

// The argument that names standard input.
inline constexpr absl::string_view kStdinArgument = "-";

// Expands `args` as above; `suffix` selects the files of a directory walk.
// Each input appears once, at its first place. InvalidArgument with a
// one-line message naming the argument for a pattern without a match, a
// directory without a matching file, a directory that cannot be read, or
// "-" given twice.
absl::StatusOr<std::vector<std::string>> ExpandInputs(
    const std::vector<std::string>& args, absl::string_view suffix);

// True when `arg` contains a pattern character (*, ? or [).
bool IsPattern(absl::string_view arg);

// The name of an input in messages and reports: "<stdin>" for "-".
std::string InputName(const std::string& arg);

// Reads an input: standard input for "-", else the file (base/file.h, the
// same size cap for both).
absl::StatusOr<std::string> ReadInput(const std::string& arg);

// Runs the test file `arg` ("-": standard input, its world path relative
// to the current directory).
absl::StatusOr<std::vector<testfile::TestResult>> RunTestInput(
    testfile::Runner& runner, const std::string& arg);

// Loads the world file `arg` ("-": standard input, its policy paths
// relative to the current directory).
absl::StatusOr<World> LoadWorldInput(const std::string& arg);

// `iameval test --run REGEX`: accepts the test names that contain a match of
// the RE2 regular expression `pattern` (anchor it with ^...$ for a whole
// name). InvalidArgument naming the pattern when it does not compile.
absl::StatusOr<std::function<bool(absl::string_view)>> TestNameSelector(
    const std::string& pattern);

}  // namespace cli
}  // namespace iameval

#endif  // IAMEVAL_TOOLS_IAMEVAL_INPUTS_H_
