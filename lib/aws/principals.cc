// iameval: offline AWS IAM policy evaluation.

#include "aws/principals.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "arn/arn.h"
#include "base/source.h"

namespace iameval {
namespace aws {

namespace {

absl::Status Bad(absl::string_view text, absl::string_view expected) {
  return absl::InvalidArgumentError(
      absl::StrCat("found ", Quote(text), "; expected ", expected));
}

bool IsLabelChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-';
}

}  // namespace

absl::Status ParsePrincipalArn(absl::string_view text, PrincipalArnView* out) {
  ArnView arn;
  if (absl::Status s = CheckArn(text, &arn); !s.ok()) return s;
  *out = PrincipalArnView();
  out->partition = arn.partition;
  out->account = arn.account;
  if (!IsAccountId(arn.account)) {
    return Bad(text, "an IAM or STS ARN with a 12-digit account");
  }
  if (!arn.region.empty()) {
    return Bad(text, "an IAM or STS ARN with an empty region");
  }
  absl::string_view res = arn.resource;
  if (arn.service == "iam") {
    if (res == "root") {
      out->kind = PrincipalArnKind::kRoot;
      return absl::OkStatus();
    }
    const size_t slash = res.find('/');
    absl::string_view type = res.substr(0, slash);
    if (slash == absl::string_view::npos ||
        (type != "role" && type != "user" && type != "group")) {
      out->kind = PrincipalArnKind::kOther;
      return absl::OkStatus();
    }
    const size_t last = res.rfind('/');
    out->path = res.substr(slash, last - slash + 1);
    out->name = res.substr(last + 1);
    if (out->name.empty()) {
      return Bad(text, absl::StrCat("an ARN that ends in a ", type, " name"));
    }
    out->kind = type == "role"   ? PrincipalArnKind::kRole
                : type == "user" ? PrincipalArnKind::kUser
                                 : PrincipalArnKind::kGroup;
    return absl::OkStatus();
  }
  if (arn.service == "sts") {
    constexpr absl::string_view kAssumed = "assumed-role/";
    constexpr absl::string_view kFederated = "federated-user/";
    if (absl::StartsWith(res, kAssumed)) {
      absl::string_view rest = res.substr(kAssumed.size());
      const size_t slash = rest.find('/');
      if (slash != absl::string_view::npos && slash > 0 &&
          slash + 1 < rest.size() &&
          rest.find('/', slash + 1) == absl::string_view::npos) {
        out->kind = PrincipalArnKind::kAssumedRole;
        out->name = rest.substr(0, slash);
        out->session = rest.substr(slash + 1);
        return absl::OkStatus();
      }
    } else if (absl::StartsWith(res, kFederated)) {
      absl::string_view name = res.substr(kFederated.size());
      if (!name.empty() && name.find('/') == absl::string_view::npos) {
        out->kind = PrincipalArnKind::kFederatedUser;
        out->name = name;
        return absl::OkStatus();
      }
    }
    return Bad(text,
               "arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION or "
               "arn:aws:sts::ACCOUNT:federated-user/NAME");
  }
  return Bad(text, "an IAM or STS ARN (arn:aws:iam::... or arn:aws:sts::...)");
}

std::string SessionArn(const PrincipalArnView& role,
                       absl::string_view session) {
  return absl::StrCat("arn:", role.partition, ":sts::", role.account,
                      ":assumed-role/", role.name, "/", session);
}

bool IsServicePrincipalName(absl::string_view name) {
  absl::string_view host = name;
  bool suffix = false;
  for (absl::string_view s : {".amazonaws.com", ".amazonaws.com.cn",
                              ".amazon.com"}) {
    if (absl::EndsWithIgnoreCase(host, s) && host.size() > s.size()) {
      host.remove_suffix(s.size());
      suffix = true;
      break;
    }
  }
  if (!suffix) return false;
  // What is left is one or more DNS labels.
  bool label_start = true;
  for (char c : host) {
    if (c == '.') {
      if (label_start) return false;
      label_start = true;
      continue;
    }
    if (!IsLabelChar(c)) return false;
    label_start = false;
  }
  return !label_start;
}

bool IsServiceLinkedRoleArn(absl::string_view role_arn) {
  // Cheap rejection first: this runs on every call, mostly for ARNs that are
  // no role at all (and parsing those builds an error message).
  if (!absl::StrContains(role_arn, ":role/aws-service-role/")) return false;
  PrincipalArnView v;
  return ParsePrincipalArn(role_arn, &v).ok() &&
         v.kind == PrincipalArnKind::kRole &&
         absl::StartsWith(v.path, "/aws-service-role/");
}

bool IsIamName(absl::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) &&
        !absl::StrContains("_+=,.@-", c)) {
      return false;
    }
  }
  return true;
}

bool IsUniqueId(absl::string_view id) {
  if (id.size() < 16 || id.size() > 128) return false;
  if (!absl::StartsWith(id, "AROA") && !absl::StartsWith(id, "AIDA")) {
    return false;
  }
  for (char c : id) {
    if (!(absl::ascii_isupper(static_cast<unsigned char>(c)) ||
          absl::ascii_isdigit(static_cast<unsigned char>(c)))) {
      return false;
    }
  }
  return true;
}

std::string PlaceholderUniqueId(absl::string_view prefix,
                                absl::string_view arn) {
  // FNV-1a over the ARN, then a splitmix64 stream for the characters: stable
  // across platforms and releases (unlike std::hash).
  uint64_t h = 1469598103934665603ull;
  for (char c : arn) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out(prefix);
  for (int i = 0; i < 17; ++i) {
    h += 0x9e3779b97f4a7c15ull;
    uint64_t z = h;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    out += kAlphabet[z & 31];
  }
  return out;
}

}  // namespace aws
}  // namespace iameval
