// iameval: offline AWS IAM policy evaluation.

#include "cli_util.h"

#include <cerrno>
#include <cstring>
#include <cstdio>

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

}  // namespace cli
}  // namespace iameval
