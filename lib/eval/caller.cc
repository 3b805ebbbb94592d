// iameval: offline AWS IAM policy evaluation.

#include "eval/caller.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "aws/principals.h"
#include "aws/sts.h"
#include "base/source.h"
#include "base/status_macros.h"

namespace iameval {

namespace {

// A session of `role` named `session_name`, whose ARN is `arn`.
Caller SessionOf(const RoleEntry& role, absl::string_view session_name,
                 std::string arn) {
  Caller c;
  c.role = &role;
  c.session_name = std::string(session_name);
  c.facts.type = PrincipalFacts::Type::kAssumedRole;
  c.facts.account = role.role->account;
  c.facts.role_arn = role.role->arn;
  c.facts.arn = std::move(arn);
  c.facts.has_boundary = role.boundary != nullptr;
  return c;
}

absl::StatusOr<Caller> ServiceCaller(const std::string& principal) {
  // A service principal name such as ecs-tasks.amazonaws.com.
  if (!aws::IsServicePrincipalName(principal)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "principal ", Quote(principal),
        " is neither an ARN nor a service principal name "
        "(like ecs-tasks.amazonaws.com)"));
  }
  Caller c;
  c.facts.type = PrincipalFacts::Type::kService;
  c.facts.arn = principal;
  c.facts.service = absl::AsciiStrToLower(principal);
  return c;
}

}  // namespace

absl::StatusOr<Caller> ResolveCaller(const CompiledWorld& world,
                                     const std::string& principal) {
  using Type = PrincipalFacts::Type;
  using aws::PrincipalArnKind;
  if (!absl::StartsWith(principal, "arn:")) return ServiceCaller(principal);
  // The common callers first, by exact lookups that need no parse: a role
  // of the world (a session of it named "session"), or a session of one.
  if (const RoleEntry* role = world.FindRole(principal)) {
    return SessionOf(*role, aws::sts::kDefaultSessionName,
                     absl::StrCat(role->session_prefix,
                                  aws::sts::kDefaultSessionName));
  }
  if (const RoleEntry* role = world.FindRoleOfSession(principal)) {
    return SessionOf(
        *role, absl::string_view(principal).substr(role->session_prefix.size()),
        principal);
  }
  aws::PrincipalArnView pa;
  IAMEVAL_RETURN_IF_ERROR(aws::ParsePrincipalArn(principal, &pa));
  Caller c;
  c.facts.account = std::string(pa.account);
  c.facts.arn = principal;
  switch (pa.kind) {
    case PrincipalArnKind::kRoot:
      c.facts.type = Type::kRoot;
      return c;
    case PrincipalArnKind::kRole:
    case PrincipalArnKind::kAssumedRole:
      return absl::InvalidArgumentError(absl::StrCat(
          "principal ", principal, " names a role the world does not define"));
    case PrincipalArnKind::kUser:
      c.user = world.FindUser(principal);
      if (c.user == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat(
            "principal ", principal, " names a user the world does not define"));
      }
      c.facts.type = Type::kUser;
      c.facts.has_boundary = c.user->boundary != nullptr;
      return c;
    case PrincipalArnKind::kFederatedUser:
      c.facts.type = Type::kFederatedUser;
      return c;
    case PrincipalArnKind::kGroup:
      return absl::InvalidArgumentError(absl::StrCat(
          "principal ", principal, " is a group; groups cannot make requests"));
    case PrincipalArnKind::kOther:
      break;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "principal ", principal,
      " is not a role, user, assumed-role session or account root ARN"));
}

void FillPrincipalFacts(const CompiledWorld& world, const Caller& c,
                        CallFacts* f) {
  using Type = PrincipalFacts::Type;
  const PrincipalFacts& p = c.facts;
  f->principal_account = p.account;
  if (const AccountEntry* a = world.FindAccount(p.account)) {
    f->principal_org_id = a->account->org_id;
    f->principal_org_paths = &a->account->org_paths;
  }
  switch (p.type) {
    case Type::kUser:
      f->principal_arn = &p.arn;
      f->principal_type = "User";
      f->userid = c.user->user_id;
      f->username = c.user->user->name;
      f->principal_tags = &c.user->tags;
      break;
    case Type::kAssumedRole:
      // aws:PrincipalArn of a session is its role's ARN, with path
      // (docs/semantics.md#principal-arn).
      f->principal_arn = &p.role_arn;
      f->principal_type = "AssumedRole";
      f->userid = absl::StrCat(c.role->role_id, ":", c.session_name);
      f->principal_tags = &c.role->tags;
      f->session_tags = &c.session_tags;
      f->source_identity = c.source_identity;
      f->mfa_present = "false";
      break;
    case Type::kFederatedUser:
      f->principal_arn = &p.arn;
      f->principal_type = "FederatedUser";
      f->mfa_present = "false";
      break;
    case Type::kRoot:
      f->principal_arn = &p.arn;
      f->principal_type = "Account";
      f->userid = p.account;
      break;
    case Type::kService:
      f->principal_is_service = "true";
      f->principal_service_name = p.service;
      break;
    case Type::kAnonymous:
      f->principal_type = "Anonymous";
      f->userid = "anonymous";
      break;
  }
  if (p.type == Type::kAssumedRole || p.type == Type::kFederatedUser) {
    f->token_issue_time = f->current_time;  // issued at `now`
  }
}

}  // namespace iameval
