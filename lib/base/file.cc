// iameval: offline AWS IAM policy evaluation.

#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace iameval {
namespace {

absl::Status OpenError(const std::string& path, int err) {
  std::string message = absl::StrCat(path, ": cannot read: ", std::strerror(err));
  if (err == ENOENT) return absl::NotFoundError(message);
  if (err == EACCES) return absl::PermissionDeniedError(message);
  return absl::InvalidArgumentError(message);
}

const char* FileKind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

absl::Status TooBig(const std::string& path, uint64_t max) {
  return absl::InvalidArgumentError(absl::StrCat(
      path, ": found a file larger than ", max, " bytes; expected at most ",
      max, " bytes (set ", kMaxInputBytesEnv, " to read larger inputs)"));
}

// Closes the descriptor on every return path.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

absl::StatusOr<uint64_t> MaxInputBytes() {
  const char* env = std::getenv(std::string(kMaxInputBytesEnv).c_str());
  if (env == nullptr) return kDefaultMaxInputBytes;
  uint64_t max = 0;
  if (!absl::SimpleAtoi(env, &max) || max == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(kMaxInputBytesEnv, ": found \"", env,
                     "\"; expected a positive number of bytes"));
  }
  return max;
}

absl::StatusOr<std::string> ReadInputFile(const std::string& path) {
  absl::StatusOr<uint64_t> max = MaxInputBytes();
  if (!max.ok()) return max.status();
  // O_NONBLOCK: opening a FIFO must not wait for a writer.
  Fd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) return OpenError(path, errno);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return OpenError(path, errno);
  if (!S_ISREG(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": found ", FileKind(st.st_mode), "; expected a regular file"));
  }
  if (static_cast<uint64_t>(st.st_size) > *max) return TooBig(path, *max);
  std::string text;
  text.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  while (true) {
    ssize_t n = ::read(fd.get(), buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": read error: ", std::strerror(errno)));
    }
    if (n == 0) break;
    // The file may grow while it is read (or report size 0, as in /proc).
    if (text.size() + static_cast<uint64_t>(n) > *max) return TooBig(path, *max);
    text.append(buf, static_cast<size_t>(n));
  }
  return text;
}

}  // namespace iameval
