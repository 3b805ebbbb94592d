// iameval: offline AWS IAM policy evaluation.

#include "aws/actions.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/source.h"

namespace iameval {
namespace aws {

namespace {

// Service prefixes are lowercase letters, digits and '-'; operation names
// letters and digits, and in one case '-' (Service Authorization Reference:
// vpc-lattice:AssociateViaAWSService-EventsAndStates). Actions compare
// ignoring case, so any case is accepted; '_' and '.' are tolerated.
// A table, because every request's action is checked.
struct ActionChars {
  bool plain[256] = {};     // a request action's characters
  bool wildcard[256] = {};  // ... and a pattern's: plus * and ?
  constexpr ActionChars() {
    for (int c = 0; c < 256; ++c) {
      plain[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
      wildcard[c] = plain[c] || c == '*' || c == '?';
    }
  }
};
constexpr ActionChars kActionChars;

// True when `s` is service:name with one colon and both parts non-empty,
// every other character marked in `ok`.
bool HasActionShape(absl::string_view s, const bool (&ok)[256]) {
  size_t colon = absl::string_view::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ':') {
      if (colon != absl::string_view::npos) return false;
      colon = i;
    } else if (!ok[c]) {
      return false;
    }
  }
  return colon != absl::string_view::npos && colon > 0 &&
         colon + 1 < s.size();
}

// Actions that take no resource ARN; only Resource "*" grants
// them (the Service Authorization Reference lists no resource type).
constexpr absl::string_view kNoResourceActions[] = {
    "secretsmanager:ListSecrets", "secretsmanager:GetRandomPassword",
    "kms:ListKeys",               "kms:ListAliases",
    "kms:CreateKey",              "sts:GetCallerIdentity",
};

}  // namespace

absl::Status CheckRequestAction(absl::string_view action) {
  if (HasActionShape(action, kActionChars.plain)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "found ", Quote(action, 200), "; expected ", kRequestActionShape));
}

absl::string_view ActionPatternProblem(absl::string_view pattern) {
  if (pattern == "*") return "";
  if (HasActionShape(pattern, kActionChars.wildcard)) return "";
  const size_t colon = pattern.find(':');
  if (colon != absl::string_view::npos &&
      pattern.find(':', colon + 1) != absl::string_view::npos) {
    return "\"*\" or service:action with exactly one colon";
  }
  return "\"*\" or service:action such as \"s3:GetObject\" (letters, digits, "
         "- and the wildcards * ?; no policy variables)";
}

std::string ActionWithoutWhitespace(absl::string_view pattern) {
  std::string out;
  bool any = false;
  for (char c : pattern) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      any = true;
    } else {
      out.push_back(c);
    }
  }
  if (!any) return "";
  if (out != "*" && !HasActionShape(out, kActionChars.wildcard)) return "";
  return out;
}

absl::string_view NoResourceAction(absl::string_view action) {
  for (absl::string_view a : kNoResourceActions) {
    if (absl::EqualsIgnoreCase(action, a)) return a;
  }
  return "";
}

}  // namespace aws
}  // namespace iameval
