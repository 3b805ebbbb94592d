// iameval: offline AWS IAM policy evaluation.
//
// Runs the built `iameval` binary the way a user does, for the CLI tests:
// in a given directory, stdout through a pipe (so it is not a terminal),
// stderr captured separately, standard input from a pipe when given.

#ifndef IAMEVAL_TESTS_TESTING_RUN_COMMAND_H_
#define IAMEVAL_TESTS_TESTING_RUN_COMMAND_H_

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "gtest/gtest.h"

namespace iameval {
namespace testing {

struct CommandResult {
  int status = -1;  // exit status; -1 when the command did not exit normally
  std::string out;
  std::string err;
};

// Runs `input | env binary args` in `dir` through /bin/sh, where `input`
// ("" = none) is a shell command whose output becomes the binary's
// standard input through a pipe. `env` is a prefix such as "NO_COLOR=1"
// (may be empty). The stderr file is per process, because ctest runs the
// cases of one test binary in parallel.
inline CommandResult RunPipeline(const std::string& dir,
                                 const std::string& input,
                                 const std::string& binary,
                                 const std::string& args,
                                 const std::string& env) {
  auto quote = [](const std::string& s) { return "'" + s + "'"; };
  const std::string err_path = ::testing::TempDir() + "/iameval_cli." +
                               std::to_string(getpid()) + ".err";
  const std::string cmd = "cd " + quote(dir) + " && " +
                          (input.empty() ? "" : input + " | ") + env + " " +
                          quote(binary) + " " + args + " 2>" + quote(err_path);
  CommandResult r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) r.out.append(buf, n);
  int raw = pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream in(err_path);
  r.err.assign(std::istreambuf_iterator<char>(in),
               std::istreambuf_iterator<char>());
  std::remove(err_path.c_str());
  return r;
}

// Runs `env binary args` in `dir` through /bin/sh (RunPipeline without an
// input).
inline CommandResult RunCommand(const std::string& dir,
                                const std::string& binary,
                                const std::string& args,
                                const std::string& env = "") {
  return RunPipeline(dir, "", binary, args, env);
}

// Runs `env binary args` in `dir` with `stdin_text` on its standard input,
// through a pipe (not a regular file), as `cat file | iameval lint -` does.
inline CommandResult RunCommandWithStdin(const std::string& dir,
                                         const std::string& binary,
                                         const std::string& args,
                                         const std::string& stdin_text,
                                         const std::string& env = "") {
  const std::string in_path = ::testing::TempDir() + "/iameval_cli." +
                              std::to_string(getpid()) + ".in";
  { std::ofstream(in_path, std::ios::binary) << stdin_text; }
  CommandResult r =
      RunPipeline(dir, "cat '" + in_path + "'", binary, args, env);
  std::remove(in_path.c_str());
  return r;
}

}  // namespace testing
}  // namespace iameval

#endif  // IAMEVAL_TESTS_TESTING_RUN_COMMAND_H_
