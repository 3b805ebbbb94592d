// iameval: offline AWS IAM policy evaluation.
//
// `iameval <command> [args]`: dispatches to the subcommands of commands.h.
// Everything else (option parsing, rendering, exit statuses) lives in the
// commands and cli_util.

#include <cerrno>
#include <cstring>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "cli_util.h"
#include "commands.h"

#ifndef IAMEVAL_VERSION
#define IAMEVAL_VERSION "0.1.0"
#endif

namespace {

constexpr char kUsage[] =
    "usage: iameval <command> [options] [files]\n"
    "\n"
    "Offline AWS IAM policy evaluation.\n"
    "\n"
    "commands:\n"
    "  test FILE...        run test files; one line per test, then a summary\n"
    "  check WORLD --principal ARN --action A --resource ARN [--context k=v]\n"
    "                      evaluate one request: decision and explanation\n"
    "  lint POLICY...      validate policies: errors and warnings with\n"
    "                      line:column\n"
    "  import aws DIR | terraform PLAN.json [-o WORLD]\n"
    "                      build a world file from AWS CLI outputs or a\n"
    "                      Terraform plan\n"
    "\n"
    "FILE, POLICY and WORLD may be - (standard input); test and lint also\n"
    "take directories and quoted patterns ('policies/**/*.json').\n"
    "test, check and lint take --format text|json (test also junit, lint\n"
    "also sarif), --output FILE and --color auto|always|never; every\n"
    "command takes --help.\n"
    "Exit status: 0 passed/allowed/clean, 1 failed/denied/findings, 2 bad\n"
    "input or usage.\n"
    "\n"
    "  iameval --version   print the version\n";

#ifndef IAMEVAL_HAVE_EVAL_COMMANDS
int NotBuilt(const std::string& command) {
  std::cerr << "iameval " << command
            << ": not built (this iameval was built without the evaluation "
               "engine)\n";
  return iameval::cli::kExitBadInput;
}
#endif

int Dispatch(std::vector<std::string> args) {
  if (args.empty()) {
    std::cerr << kUsage;
    return iameval::cli::kExitBadInput;
  }
  const std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "--help" || command == "-h" || command == "help") {
    if (command == "help" && !rest.empty()) {
      // `iameval help lint` == `iameval lint --help`.
      std::string sub = rest[0];
      rest = {"--help"};
      if (sub == "lint") return iameval::cli::RunLint(rest, std::cout, std::cerr);
      if (sub == "import") {
        return iameval::cli::RunImport(rest, std::cout, std::cerr);
      }
#ifdef IAMEVAL_HAVE_EVAL_COMMANDS
      if (sub == "test") return iameval::cli::RunTest(rest, std::cout, std::cerr);
      if (sub == "check") {
        return iameval::cli::RunCheck(rest, std::cout, std::cerr);
      }
#endif
    }
    std::cout << kUsage;
    return iameval::cli::kExitOk;
  }
  if (command == "--version") {
    std::cout << "iameval " << IAMEVAL_VERSION << "\n";
    return iameval::cli::kExitOk;
  }
  if (command == "lint") return iameval::cli::RunLint(rest, std::cout, std::cerr);
  if (command == "import") {
    return iameval::cli::RunImport(rest, std::cout, std::cerr);
  }
  if (command == "test") {
#ifdef IAMEVAL_HAVE_EVAL_COMMANDS
    return iameval::cli::RunTest(rest, std::cout, std::cerr);
#else
    return NotBuilt(command);
#endif
  }
  if (command == "check") {
#ifdef IAMEVAL_HAVE_EVAL_COMMANDS
    return iameval::cli::RunCheck(rest, std::cout, std::cerr);
#else
    return NotBuilt(command);
#endif
  }
  std::cerr << "iameval: unknown command \"" << command << "\"\n\n" << kUsage;
  return iameval::cli::kExitBadInput;
}

}  // namespace

// Runs the command; then, whatever it returned, an output that could not be
// written (a full disk, /dev/full, a closed pipe) or memory that ran out is
// bad input's status, 2, with a message: never a report cut short and exit 0.
int main(int argc, char** argv) {
  int status;
  try {
    status = Dispatch(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::bad_alloc&) {
    std::cerr << "iameval: out of memory (inputs need about 15 to 25 times "
                 "their size in memory)\n";
    return iameval::cli::kExitBadInput;
  }
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "iameval: cannot write the output: " << std::strerror(errno)
              << "\n";
    return iameval::cli::kExitBadInput;
  }
  return status;
}
