// iameval: offline AWS IAM policy evaluation.

#include "cli_util.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace iameval {
namespace cli {

std::string ParsedArgs::Get(const std::string& name,
                            const std::string& fallback) const {
  auto it = values.find(name);
  return it == values.end() || it->second.empty() ? fallback
                                                  : it->second.back();
}

std::vector<std::string> ParsedArgs::GetAll(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                                     const std::vector<OptionSpec>& specs) {
  ParsedArgs out;
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (options_done || a.size() < 2 || a[0] != '-') {
      out.positional.push_back(a);
      continue;
    }
    if (a == "--") {
      options_done = true;
      continue;
    }
    if (a == "--help" || a == "-h") {
      out.help = true;
      continue;
    }
    std::string name = a;
    std::string value;
    bool inline_value = false;
    size_t eq = a.find('=');
    if (absl::StartsWith(a, "--") && eq != std::string::npos) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
      inline_value = true;
    }
    const OptionSpec* spec = nullptr;
    for (const OptionSpec& s : specs) {
      if (s.name == name) spec = &s;
    }
    if (spec == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown option \"", name, "\""));
    }
    if (spec->takes_value) {
      if (!inline_value) {
        if (i + 1 >= args.size()) {
          return absl::InvalidArgumentError(
              absl::StrCat("option ", name, " needs a value"));
        }
        value = args[++i];
      }
    } else if (inline_value) {
      return absl::InvalidArgumentError(
          absl::StrCat("option ", name, " takes no value"));
    }
    std::vector<std::string>& slot = out.values[name];
    if (!slot.empty() && !spec->repeatable) {
      return absl::InvalidArgumentError(
          absl::StrCat("option ", name, " given more than once"));
    }
    slot.push_back(value);
  }
  return out;
}

absl::StatusOr<OutputFormat> ParseFormat(absl::string_view value,
                                         bool allow_sarif) {
  if (value == "text") return OutputFormat::kText;
  if (value == "json") return OutputFormat::kJson;
  if (allow_sarif && value == "sarif") return OutputFormat::kSarif;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown --format \"", value, "\"; expected text",
      allow_sarif ? ", json or sarif" : " or json"));
}

absl::StatusOr<ColorMode> ParseColor(absl::string_view value) {
  if (value == "auto") return ColorMode::kAuto;
  if (value == "always") return ColorMode::kAlways;
  if (value == "never") return ColorMode::kNever;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown --color \"", value, "\"; expected auto, always or never"));
}

bool UseColor(ColorMode mode, const std::ostream& out) {
  if (mode != ColorMode::kAuto) return mode == ColorMode::kAlways;
  const char* no_color = std::getenv("NO_COLOR");
  return &out == &std::cout && isatty(STDOUT_FILENO) == 1 &&
         (no_color == nullptr || no_color[0] == '\0');
}

absl::Status WriteOutputFile(const std::string& path,
                             absl::string_view report,
                             absl::string_view option) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        option, ": cannot write ", path, ": ", std::strerror(errno)));
  }
  bool ok = std::fwrite(report.data(), 1, report.size(), f) == report.size();
  int saved = errno;
  if (std::fclose(f) != 0 && ok) {
    ok = false;
    saved = errno;
  }
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        option, ": cannot write ", path, ": ", std::strerror(saved)));
  }
  return absl::OkStatus();
}

}  // namespace cli
}  // namespace iameval
