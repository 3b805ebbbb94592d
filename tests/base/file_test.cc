// iameval: offline AWS IAM policy evaluation.

#include "base/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace iameval {
namespace {

using ::testing::HasSubstr;

std::string TempDir() {
  const char* dir = std::getenv("TEST_TMPDIR");
  std::string base = dir != nullptr ? dir : "/tmp";
  std::string path = base + "/iameval_file_test_" + std::to_string(getpid());
  mkdir(path.c_str(), 0700);
  return path;
}

// Restores the cap's environment variable when a test ends.
class FileTest : public ::testing::Test {
 protected:
  void TearDown() override { unsetenv("IAMEVAL_MAX_INPUT_BYTES"); }
};

TEST_F(FileTest, ReadsARegularFile) {
  const std::string path = TempDir() + "/a.json";
  std::ofstream(path) << "{\"a\": 1}";
  absl::StatusOr<std::string> text = ReadInputFile(path);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "{\"a\": 1}");
}

TEST_F(FileTest, MissingFileIsNotFound) {
  absl::StatusOr<std::string> text = ReadInputFile("/nonexistent/x.json");
  EXPECT_EQ(text.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(text.status().message(),
            "/nonexistent/x.json: cannot read: No such file or directory");
}

// /dev/zero used to be read until memory ran out, a FIFO blocked forever,
// and a directory was reported as an empty document.
TEST_F(FileTest, RejectsWhatIsNotARegularFile) {
  const std::string fifo = TempDir() + "/fifo";
  unlink(fifo.c_str());
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const struct {
    std::string path;
    const char* kind;
  } cases[] = {{"/dev/zero", "a character device"},
               {fifo, "a FIFO"},
               {TempDir(), "a directory"}};
  for (const auto& c : cases) {
    absl::StatusOr<std::string> text = ReadInputFile(c.path);
    ASSERT_FALSE(text.ok()) << c.path;
    EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(text.status().message(),
              c.path + ": found " + c.kind + "; expected a regular file");
  }
  unlink(fifo.c_str());
}

// The explicit cap replaces the environment's (the managed policy package
// of `import aws --managed-policies` is read this way).
TEST_F(FileTest, ExplicitCapReplacesTheEnvironments) {
  const std::string path = TempDir() + "/capped.json";
  std::ofstream(path) << std::string(100, ' ');
  setenv("IAMEVAL_MAX_INPUT_BYTES", "50", 1);
  absl::StatusOr<std::string> text = ReadInputFile(path, 100);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(text->size(), 100u);
  text = ReadInputFile(path, 99);
  ASSERT_FALSE(text.ok());
  EXPECT_THAT(text.status().message(), HasSubstr("larger than 99 bytes"));
}

TEST_F(FileTest, CapsTheSize) {
  const std::string path = TempDir() + "/big.json";
  std::ofstream(path) << std::string(100, ' ');
  setenv("IAMEVAL_MAX_INPUT_BYTES", "99", 1);
  absl::StatusOr<std::string> text = ReadInputFile(path);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message(),
            path + ": found a file larger than 99 bytes; expected at most 99 "
                   "bytes (set IAMEVAL_MAX_INPUT_BYTES to read larger inputs)");
  setenv("IAMEVAL_MAX_INPUT_BYTES", "100", 1);
  EXPECT_TRUE(ReadInputFile(path).ok());
  for (const char* bad : {"0", "-1", "lots", "64MB"}) {
    setenv("IAMEVAL_MAX_INPUT_BYTES", bad, 1);
    absl::StatusOr<std::string> t = ReadInputFile(path);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_THAT(t.status().message(),
                HasSubstr("IAMEVAL_MAX_INPUT_BYTES: found"))
        << bad;
  }
  unsetenv("IAMEVAL_MAX_INPUT_BYTES");
  EXPECT_EQ(*MaxInputBytes(), kDefaultMaxInputBytes);
}

// Standard input (`iameval lint -`) is a pipe more often than a file: it is
// read to its end, under the same cap, and named as given.
TEST_F(FileTest, ReadsAPipeUnderTheCap) {
  auto through_pipe = [](const std::string& data) {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    EXPECT_EQ(write(fds[1], data.data(), data.size()),
              static_cast<ssize_t>(data.size()));
    close(fds[1]);
    absl::StatusOr<std::string> text = ReadInputDescriptor(fds[0], "<stdin>");
    close(fds[0]);
    return text;
  };
  absl::StatusOr<std::string> text = through_pipe("{\"a\": 1}");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, "{\"a\": 1}");
  setenv("IAMEVAL_MAX_INPUT_BYTES", "99", 1);
  text = through_pipe(std::string(100, ' '));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(text.status().message(),
            "<stdin>: found a file larger than 99 bytes; expected at most 99 "
            "bytes (set IAMEVAL_MAX_INPUT_BYTES to read larger inputs)");
  EXPECT_TRUE(through_pipe(std::string(99, ' ')).ok());
}

TEST_F(FileTest, DescriptorOfAFileOrADirectory) {
  const std::string path = TempDir() + "/fd.json";
  std::ofstream(path) << std::string(100, ' ');
  setenv("IAMEVAL_MAX_INPUT_BYTES", "99", 1);
  int fd = open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  absl::StatusOr<std::string> text = ReadInputDescriptor(fd, "<stdin>");
  close(fd);
  ASSERT_FALSE(text.ok());
  EXPECT_THAT(text.status().message(), HasSubstr("larger than 99 bytes"));
  fd = open(TempDir().c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  text = ReadInputDescriptor(fd, "<stdin>");
  close(fd);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message(),
            "<stdin>: found a directory; expected a file or a pipe");
}

}  // namespace
}  // namespace iameval
