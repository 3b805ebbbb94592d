// iameval: offline AWS IAM policy evaluation.
//
// `iameval check WORLD --principal ARN --action A --resource ARN
//  [--context k=v ...] [--format text|json] [--output FILE]`: one request,
// its decision and explanation.

#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "arn/arn.h"
#include "aws/actions.h"
#include "cli_util.h"
#include "commands.h"
#include "condition/value.h"
#include "explain/render.h"
#include "iameval/engine.h"
#include "iameval/world.h"
#include "inputs.h"
#include "testfile/testfile.h"

namespace iameval {
namespace cli {

namespace {

constexpr char kCheckUsage[] =
    "usage: iameval check WORLD --principal ARN --action A --resource ARN\n"
    "                     [--context KEY=VALUE ...] [--format text|json]\n"
    "                     [--output FILE] [--color auto|always|never]\n"
    "                     [--strict]\n"
    "\n"
    "Evaluates one request against the world file WORLD and prints the\n"
    "decision (allow, explicit_deny or implicit_deny) and its explanation.\n"
    "WORLD - reads the world from standard input (named <stdin>; its policy\n"
    "paths are then relative to the current directory).\n"
    "sts:AssumeRole and secretsmanager:GetSecretValue include the calls AWS\n"
    "makes for them (sts:TagSession, the implied kms:Decrypt).\n"
    "\n"
    "  --principal ARN    role, user, assumed-role session or account root\n"
    "                     ARN, or a service principal (ecs-tasks.amazonaws.com)\n"
    "  --action A         service:Operation, e.g. secretsmanager:GetSecretValue\n"
    "  --resource ARN     the resource ARN, or * for actions without one\n"
    "  --context K=V      a request context value; repeat a key to give it\n"
    "                     several values (a multivalued key)\n"
    "  --format FORMAT    text (default) or json\n"
    "  --output FILE      write the report to FILE; stdout gets only the\n"
    "                     line \"decision: DECISION\"\n"
    "  --color WHEN       text: colour the decision; auto (default: when\n"
    "                     stdout is a terminal and NO_COLOR is unset or\n"
    "                     empty), always or never\n"
    "  --strict           refuse a world whose policies hold errors AWS\n"
    "                     accepts, and a --resource naming a role, user,\n"
    "                     secret or KMS key the world does not list in an\n"
    "                     account it knows (both always printed on stderr\n"
    "                     as warnings)\n"
    "\n"
    "Exit status: 0 allowed; 1 denied; 2 bad input or usage.\n";

int Usage(std::ostream& err, const std::string& message) {
  err << "iameval check: " << message << "\n" << kCheckUsage;
  return kExitBadInput;
}

}  // namespace

int RunCheck(const std::vector<std::string>& args, std::ostream& out,
             std::ostream& err) {
  absl::StatusOr<ParsedArgs> parsed =
      ParseArgs(args, {{"--principal"},
                       {"--action"},
                       {"--resource"},
                       {"--context", true, true},
                       {"--format"},
                       {"--output"},
                       {"--color"},
                       {"--strict", false}});
  if (!parsed.ok()) return Usage(err, std::string(parsed.status().message()));
  if (parsed->help) {
    out << kCheckUsage;
    return kExitOk;
  }
  absl::StatusOr<OutputFormat> format =
      ParseFormat(parsed->Get("--format", "text"), /*allow_sarif=*/false);
  if (!format.ok()) {
    err << "iameval check: " << format.status().message() << "\n";
    return kExitBadInput;
  }
  absl::StatusOr<ColorMode> color = ParseColor(parsed->Get("--color", "auto"));
  if (!color.ok()) {
    err << "iameval check: " << color.status().message() << "\n";
    return kExitBadInput;
  }
  if (parsed->positional.size() != 1) {
    return Usage(err, parsed->positional.empty()
                          ? "no world file given"
                          : "exactly one world file expected");
  }
  for (const char* required : {"--principal", "--action", "--resource"}) {
    if (!parsed->Has(required)) {
      return Usage(err, absl::StrCat("missing ", required));
    }
  }

  Step step;
  step.principal = parsed->Get("--principal", "");
  step.action = parsed->Get("--action", "");
  step.resource = parsed->Get("--resource", "");
  if (absl::Status s = aws::CheckRequestAction(step.action); !s.ok()) {
    err << "iameval check: --action: " << s.message() << "\n";
    return kExitBadInput;
  }
  if (step.resource != "*") {
    absl::StatusOr<Arn> arn = ParseArn(step.resource);
    if (!arn.ok()) {
      err << "iameval check: --resource: " << arn.status().message() << "\n";
      return kExitBadInput;
    }
  }
  // --context k=v: a key given several times (in any case) is multivalued.
  std::vector<std::string> order;
  std::map<std::string, std::pair<std::string, std::vector<std::string>>>
      context;
  for (const std::string& kv : parsed->GetAll("--context")) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0 ||
        kv.find(':') == std::string::npos || kv.find(':') > eq) {
      err << "iameval check: --context: found \"" << kv
          << "\"; expected KEY=VALUE with a condition key such as "
             "aws:SourceIp=203.0.113.5\n";
      return kExitBadInput;
    }
    std::string key = kv.substr(0, eq);
    if (std::string want = RequestValueProblem(absl::AsciiStrToLower(key),
                                               kv.substr(eq + 1));
        !want.empty()) {
      err << "iameval check: --context: found \"" << kv << "\"; expected "
          << want << "\n";
      return kExitBadInput;
    }
    std::string lower = absl::AsciiStrToLower(key);
    auto [it, inserted] = context.try_emplace(lower, key,
                                              std::vector<std::string>());
    if (inserted) order.push_back(lower);
    it->second.second.push_back(kv.substr(eq + 1));
  }
  for (const std::string& lower : order) {
    auto& [key, values] = context[lower];
    if (values.size() == 1) {
      step.context.Set(key, values[0]);
    } else {
      step.context.SetList(key, values);
    }
  }

  absl::StatusOr<World> world = LoadWorldInput(parsed->positional[0]);
  if (!world.ok()) {
    err << world.status().message() << "\n";
    return kExitBadInput;
  }
  const std::vector<Diagnostic> policy_errors = world->PolicyErrors();
  for (const Diagnostic& d : policy_errors) {
    err << testfile::PolicyErrorLine(d) << "\n";
  }
  if (!policy_errors.empty() && parsed->Has("--strict")) {
    err << "iameval check: --strict: " << policy_errors.size()
        << " policy error(s) in the world\n";
    return kExitBadInput;
  }
  absl::Status principal_ok =
      testfile::PrincipalChecker(*world).Check(step.principal);
  if (!principal_ok.ok()) {
    err << "iameval check: --principal: " << principal_ok.message() << "\n";
    return kExitBadInput;
  }
  // A resource the world does not list, in an account it knows: most
  // likely a typo, which would be evaluated as an entity without policies.
  const std::string unlisted =
      testfile::ReferenceChecker(*world).Check(step.resource);
  if (!unlisted.empty()) {
    err << "iameval check: --resource: warning: ["
        << testfile::kUnlistedArnCode << "] " << unlisted << "\n";
    if (parsed->Has("--strict")) {
      err << "iameval check: --strict: the request names an ARN the world "
             "does not list\n";
      return kExitBadInput;
    }
  }
  absl::StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Create(*std::move(world));
  if (!engine.ok()) {
    err << engine.status().message() << "\n";
    return kExitBadInput;
  }
  absl::StatusOr<EvaluationResult> result = (*engine)->Evaluate(step);
  if (!result.ok()) {
    err << "iameval check: " << result.status().message() << "\n";
    return kExitBadInput;
  }
  if (!unlisted.empty()) {
    result->warnings.push_back(absl::StrCat(
        "[", testfile::kUnlistedArnCode, "] --resource: ", unlisted));
  }
  const bool to_file = parsed->Has("--output");
  const char* decision = DecisionName(result->decision);
  std::ostringstream report;
  if (*format == OutputFormat::kJson) {
    report << "{\"principal\":" << explain::JsonString(step.principal)
           << ",\"action\":" << explain::JsonString(step.action)
           << ",\"resource\":" << explain::JsonString(step.resource)
           << ",\"decision\":" << explain::JsonString(decision);
    report << explain::RenderWarningsMember(*result);
    report << ",\"explanation\":" << explain::RenderJson(*result) << "}\n";
  } else {
    const bool colored = !to_file && UseColor(*color, out);
    const char* on = !colored ? ""
                     : result->decision == Decision::kAllow ? "\x1b[32m"
                                                            : "\x1b[31m";
    report << "decision: " << on << decision << (colored ? "\x1b[0m" : "")
           << "\n"
           << explain::RenderText(*result, "  ");
  }
  if (to_file) {
    if (absl::Status s = WriteOutputFile(parsed->Get("--output", ""),
                                         report.str());
        !s.ok()) {
      err << "iameval check: " << s.message() << "\n";
      return kExitBadInput;
    }
    out << "decision: " << decision << "\n";
  } else {
    out << report.str();
  }
  out.flush();
  return result->decision == Decision::kAllow ? kExitOk : kExitFindings;
}

}  // namespace cli
}  // namespace iameval
