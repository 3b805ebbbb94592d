// iameval: offline AWS IAM policy evaluation.

#include "aws/iam.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "arn/arn.h"
#include "base/source.h"

namespace iameval {
namespace aws {
namespace iam {

namespace {

// A policy name: 1-128 characters of [A-Za-z0-9_+=,.@-] (IAM API
// Reference, CreatePolicy PolicyName).
bool IsPolicyName(absl::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) &&
        !absl::StrContains("_+=,.@-", c)) {
      return false;
    }
  }
  return true;
}

// The path part of an ARN, between "policy/" and the name: "" or
// "segment/..." of printable ASCII (CreatePolicy Path, without its leading
// "/"), at most 511 characters.
bool IsPolicyPath(absl::string_view path) {
  if (path.size() > 511) return false;
  if (!path.empty() && path.front() == '/') return false;  // "policy//x"
  for (size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c < 0x21 || c > 0x7e) return false;
    if (c == '/' && i > 0 && path[i - 1] == '/') return false;
  }
  return true;
}

}  // namespace

absl::Status ParseManagedPolicyArn(absl::string_view text,
                                   ManagedPolicyArnView* out) {
  ArnView arn;
  bool ok = CheckArn(text, &arn).ok() && arn.service == "iam" &&
            arn.region.empty() &&
            (arn.account == "aws" || IsAccountId(arn.account)) &&
            absl::StartsWith(arn.resource, "policy/");
  if (ok) {
    *out = ManagedPolicyArnView();
    out->partition = arn.partition;
    out->account = arn.account;
    out->aws_managed = arn.account == "aws";
    out->path_name = arn.resource.substr(7);
    const size_t slash = out->path_name.rfind('/');
    const absl::string_view path =
        slash == absl::string_view::npos ? absl::string_view()
                                         : out->path_name.substr(0, slash + 1);
    out->name = out->path_name.substr(path.size());
    ok = IsPolicyPath(path) && IsPolicyName(out->name);
  }
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "found ", Quote(text, 200), "; expected ", kManagedPolicyArnShape));
}

}  // namespace iam
}  // namespace aws
}  // namespace iameval
