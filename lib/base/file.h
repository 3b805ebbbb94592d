// iameval: offline AWS IAM policy evaluation.
//
// Reading an input file (a world, a test file, a policy) the one way every
// reader does: only regular files, opened without blocking, and no bigger
// than a cap, so that /dev/zero, a FIFO or a directory named by mistake
// gives a clear error instead of eating memory or hanging
// (docs/errors.md#input-files). Standard input (`iameval lint -`) is read
// under the same cap.

#ifndef IAMEVAL_LIB_BASE_FILE_H_
#define IAMEVAL_LIB_BASE_FILE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace iameval {

// The largest input file read by default: 64 MiB. Evaluation needs about
// 15 to 25 times a world's size in memory.
inline constexpr uint64_t kDefaultMaxInputBytes = uint64_t{64} << 20;

// The environment variable that overrides the cap (a number of bytes).
inline constexpr absl::string_view kMaxInputBytesEnv = "IAMEVAL_MAX_INPUT_BYTES";

// The cap in force: kMaxInputBytesEnv when set, else kDefaultMaxInputBytes.
// InvalidArgument when the variable is set to something other than a
// positive whole number.
absl::StatusOr<uint64_t> MaxInputBytes();

// Reads the whole of the regular file `path`. Errors name the file:
// NotFound (no such file), PermissionDenied, InvalidArgument for anything
// that is not a regular file ("found a directory; expected a regular
// file"), for a file over MaxInputBytes(), and for a read error.
absl::StatusOr<std::string> ReadInputFile(const std::string& path);
// As ReadInputFile, under the cap `max_bytes` instead of MaxInputBytes(),
// for a reader that does not build a tree of the whole file.
absl::StatusOr<std::string> ReadInputFile(const std::string& path,
                                          uint64_t max_bytes);

// How standard input is named in messages ("<stdin>:3:7: ...").
inline constexpr absl::string_view kStdinName = "<stdin>";

// Reads the open descriptor `fd` to its end, under the same cap as
// ReadInputFile, naming it `name` in errors. Unlike ReadInputFile it accepts
// pipes, FIFOs and terminals (it blocks until the writer closes its end);
// a directory is InvalidArgument. Does not close `fd`.
absl::StatusOr<std::string> ReadInputDescriptor(int fd,
                                                const std::string& name);

// ReadInputDescriptor of standard input, named kStdinName.
absl::StatusOr<std::string> ReadStdin();

}  // namespace iameval

#endif  // IAMEVAL_LIB_BASE_FILE_H_
