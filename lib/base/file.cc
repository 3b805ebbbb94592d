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

// Reads `fd` to its end; more than `max` bytes is TooBig (a pipe or a file
// that grows has no size to check in advance).
absl::StatusOr<std::string> ReadAll(int fd, const std::string& name,
                                    uint64_t max, uint64_t size_hint) {
  std::string text;
  text.reserve(static_cast<size_t>(size_hint));
  char buf[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": read error: ", std::strerror(errno)));
    }
    if (n == 0) break;
    if (text.size() + static_cast<uint64_t>(n) > max) return TooBig(name, max);
    text.append(buf, static_cast<size_t>(n));
  }
  return text;
}

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
  return ReadInputFile(path, *max);
}

absl::StatusOr<std::string> ReadInputFile(const std::string& path,
                                          uint64_t max_bytes) {
  const uint64_t* max = &max_bytes;
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
  return ReadAll(fd.get(), path, *max, static_cast<uint64_t>(st.st_size));
}

absl::StatusOr<std::string> ReadInputDescriptor(int fd,
                                                const std::string& name) {
  absl::StatusOr<uint64_t> max = MaxInputBytes();
  if (!max.ok()) return max.status();
  struct stat st;
  if (::fstat(fd, &st) != 0) return OpenError(name, errno);
  if (S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": found a directory; expected a file or a pipe"));
  }
  uint64_t size_hint = 0;
  if (S_ISREG(st.st_mode)) {
    // `iameval lint - < big.json`: refuse before reading.
    uint64_t size = static_cast<uint64_t>(st.st_size);
    off_t at = ::lseek(fd, 0, SEEK_CUR);
    uint64_t done = at > 0 ? static_cast<uint64_t>(at) : 0;
    uint64_t left = done < size ? size - done : 0;
    if (left > *max) return TooBig(name, *max);
    size_hint = left;
  }
  return ReadAll(fd, name, *max, size_hint);
}

absl::StatusOr<std::string> ReadStdin() {
  return ReadInputDescriptor(STDIN_FILENO, std::string(kStdinName));
}

}  // namespace iameval
