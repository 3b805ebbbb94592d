// iameval: offline AWS IAM policy evaluation.
//
// Principals as AWS defines them (docs/semantics.md#principals): the shape
// of IAM and STS principal ARNs, service principal names, service-linked
// roles, IAM names and unique ids, and the `aws` pseudo-account. Every part
// of iameval that asks "is this a principal, and what kind?" asks here: the
// policy validator, the world loader, the test-file reader, `iameval check`
// and the engine.

#ifndef IAMEVAL_LIB_AWS_PRINCIPALS_H_
#define IAMEVAL_LIB_AWS_PRINCIPALS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace iameval {
namespace aws {

// What an IAM/STS principal ARN names.
enum class PrincipalArnKind {
  kRoot,           // arn:aws:iam::A:root
  kRole,           // arn:aws:iam::A:role/path/name
  kUser,           // arn:aws:iam::A:user/path/name
  kGroup,          // arn:aws:iam::A:group/path/name (not a principal)
  kAssumedRole,    // arn:aws:sts::A:assumed-role/role-name/session-name
  kFederatedUser,  // arn:aws:sts::A:federated-user/name
  kOther,          // another IAM resource (policy/, oidc-provider/, ...)
};

// A parsed principal ARN: views into the text it was parsed from.
struct PrincipalArnView {
  PrincipalArnKind kind = PrincipalArnKind::kOther;
  absl::string_view partition;
  absl::string_view account;
  absl::string_view path;     // "/" or "/a/b/" for roles, users, groups
  absl::string_view name;     // role / user / group / federated name; the
                              // role name of an assumed-role ARN
  absl::string_view session;  // assumed-role session name
};

// Classifies an IAM or STS ARN into `*out` (views into `text`). Allocates
// nothing on success. Returns InvalidArgument "found <text>; expected
// <what>" (no location; callers add it) for a malformed ARN or one that is
// neither iam nor sts.
absl::Status ParsePrincipalArn(absl::string_view text, PrincipalArnView* out);

// The ARN of a session of the role `role_arn` (a valid role ARN):
// arn:<partition>:sts::<account>:assumed-role/<name>/<session>. Session
// ARNs carry no path.
std::string SessionArn(const PrincipalArnView& role, absl::string_view session);

// True for an AWS service principal name such as ecs-tasks.amazonaws.com:
// DNS labels of letters, digits and '-', ending in .amazonaws.com,
// .amazonaws.com.cn or .amazon.com (alexa-appkit.amazon.com). Compared
// ignoring case (docs/semantics.md#principals). The one rule for request
// principals (test files, `iameval check`, the engine) and for `Service`
// entries in policies.
bool IsServicePrincipalName(absl::string_view name);

// True for the ARN of a service-linked role (path /aws-service-role/).
// SCPs and RCPs do not apply to them (docs/semantics.md#scps, #rcps).
bool IsServiceLinkedRoleArn(absl::string_view role_arn);

// Role and user names: 1-64 characters of [A-Za-z0-9_+=,.@-] (IAM quotas).
bool IsIamName(absl::string_view name);

// An IAM unique id such as AROA... (role) or AIDA... (user): the prefix and
// uppercase letters and digits, 16-128 characters.
bool IsUniqueId(absl::string_view id);

// The deterministic placeholder unique id for a role ("AROA") or user
// ("AIDA") the world gives none for: the prefix and 17 characters of
// [A-Z2-7] derived from a hash of the ARN. Tests must not depend on the
// value (docs/semantics.md#sessions).
std::string PlaceholderUniqueId(absl::string_view prefix,
                                absl::string_view arn);

// The account field of AWS-owned resources such as AWS managed policies
// (arn:aws:iam::aws:policy/...). Such a resource is in no customer account,
// so a request for it is not cross-account (docs/semantics.md#aws-owned).
inline constexpr absl::string_view kAwsOwnedAccount = "aws";

}  // namespace aws
}  // namespace iameval

#endif  // IAMEVAL_LIB_AWS_PRINCIPALS_H_
