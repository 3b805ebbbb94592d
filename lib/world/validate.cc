// iameval: offline AWS IAM policy evaluation.

#include "world/validate.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "arn/arn.h"
#include "aws/kms.h"
#include "aws/principals.h"
#include "aws/secretsmanager.h"
#include "base/source.h"
#include "json/reader.h"
#include "world/rules.h"

namespace iameval {

namespace {

using json::PointerAppend;

// Walks one World, section by section, stopping at the first problem.
class WorldValidator {
 public:
  explicit WorldValidator(const World& world) : world_(world) {}

  absl::Status Run();

 private:
  // The error for `pointer`; `found` is already phrased ("the string ...").
  absl::Status Bad(absl::string_view pointer, absl::string_view found,
                   absl::string_view expected) const {
    return absl::InvalidArgumentError(
        absl::StrCat(world_.file.empty() ? "world" : world_.file, ": ",
                     pointer, ": found ", found, "; expected ", expected));
  }
  static std::string Text(absl::string_view s) {
    return absl::StrCat("the string ", Quote(s, 200));
  }

  absl::Status Now();
  absl::Status Accounts();
  absl::Status Levels(const std::vector<std::vector<Policy>>& levels,
                      PolicyKind kind, const std::string& pointer);
  absl::Status Roles();
  absl::Status Users();
  absl::Status Groups();
  absl::Status Keys();
  absl::Status Secrets();
  absl::Status Resources();

  // Shared field checks.
  absl::Status Entity(const std::string& arn, aws::PrincipalArnKind kind,
                      const char* shape, const std::string& account,
                      const std::string& name, const std::string& pointer);
  absl::Status Tags(const iameval::Tags& tags, const std::string& pointer);
  absl::Status Kind(const Policy& policy, PolicyKind want,
                    const std::string& pointer);
  absl::Status Kinds(const std::vector<Policy>& policies, PolicyKind want,
                     const std::string& pointer);
  absl::Status Once(const std::string& arn, const std::string& pointer);
  // Once, plus the rule that IAM names are unique per account.
  absl::Status OnceEntity(const aws::PrincipalArnView& v,
                          const std::string& arn, const std::string& pointer);
  absl::Status Field(const std::string& value, absl::string_view want,
                     const std::string& pointer);

  const World& world_;
  absl::flat_hash_set<std::string> arns_;  // every ARN defined so far
  world_rules::EntityNames names_;
};

absl::Status WorldValidator::Run() {
  for (absl::Status (WorldValidator::*section)() :
       {&WorldValidator::Now, &WorldValidator::Accounts,
        &WorldValidator::Groups,
        &WorldValidator::Roles, &WorldValidator::Users, &WorldValidator::Keys,
        &WorldValidator::Secrets, &WorldValidator::Resources}) {
    if (absl::Status s = (this->*section)(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status WorldValidator::Once(const std::string& arn,
                                  const std::string& pointer) {
  if (arns_.insert(arn).second) return absl::OkStatus();
  return Bad(pointer, absl::StrCat("a second definition of ", Quote(arn, 200)),
             "each ARN defined once");
}

absl::Status WorldValidator::OnceEntity(const aws::PrincipalArnView& v,
                                        const std::string& arn,
                                        const std::string& pointer) {
  if (absl::Status s = Once(arn, pointer); !s.ok()) return s;
  std::optional<world_rules::EntityNames::Problem> e = names_.Add(v, arn);
  if (!e.has_value()) return absl::OkStatus();
  return Bad(pointer, e->found, e->expected);
}

absl::Status WorldValidator::Field(const std::string& value,
                                   absl::string_view want,
                                   const std::string& pointer) {
  if (value == want) return absl::OkStatus();
  return Bad(pointer, Text(value), absl::StrCat(Quote(want), " (from the ARN)"));
}

absl::Status WorldValidator::Entity(const std::string& arn,
                                    aws::PrincipalArnKind kind,
                                    const char* shape,
                                    const std::string& account,
                                    const std::string& name,
                                    const std::string& pointer) {
  aws::PrincipalArnView v;
  const std::string ap = PointerAppend(pointer, "arn");
  if (!world_rules::ValidEntityArn(arn, kind, &v)) {
    return Bad(ap, Text(arn), shape);
  }
  if (absl::Status s = OnceEntity(v, arn, ap); !s.ok()) return s;
  if (absl::Status s = Field(account, v.account, PointerAppend(pointer,
                                                               "account"));
      !s.ok()) {
    return s;
  }
  return Field(name, v.name, PointerAppend(pointer, "name"));
}

absl::Status WorldValidator::Tags(const iameval::Tags& tags,
                                  const std::string& pointer) {
  std::optional<world_rules::TagProblem> bad = world_rules::TagsProblem(tags);
  if (!bad.has_value()) return absl::OkStatus();
  return Bad(PointerAppend(pointer, tags[bad->index].first), bad->found,
             bad->expected);
}

absl::Status WorldValidator::Kind(const Policy& policy, PolicyKind want,
                                  const std::string& pointer) {
  // A policy without statements allows and denies nothing, whatever its
  // kind (a default-constructed Policy is one).
  if (policy.statements().empty()) return absl::OkStatus();
  std::string e = world_rules::PolicyKindProblem(policy, want);
  if (e.empty()) return absl::OkStatus();
  return Bad(pointer,
             absl::StrCat("the ", PolicyKindName(policy.kind()), " policy ",
                          Quote(policy.name(), 200)),
             e);
}

absl::Status WorldValidator::Kinds(const std::vector<Policy>& policies,
                                   PolicyKind want,
                                   const std::string& pointer) {
  for (size_t i = 0; i < policies.size(); ++i) {
    if (absl::Status s = Kind(policies[i], want, PointerAppend(pointer, i));
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status WorldValidator::Levels(
    const std::vector<std::vector<Policy>>& levels, PolicyKind kind,
    const std::string& pointer) {
  if (levels.empty()) {
    return Bad(pointer, "an empty list",
               "a non-empty list of levels (arrays of policies) or of "
               "policies");
  }
  for (size_t l = 0; l < levels.size(); ++l) {
    const std::string lp = PointerAppend(pointer, l);
    if (kind == PolicyKind::kScp) {
      std::string e = world_rules::ScpLevelProblem(levels[l].size());
      if (!e.empty()) return Bad(lp, "an empty level", e);
    }
    if (absl::Status s = Kinds(levels[l], kind, lp); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status WorldValidator::Now() {
  if (!world_.now.has_value()) return absl::OkStatus();
  std::string e = world_rules::NowProblem(*world_.now);
  if (e.empty()) return absl::OkStatus();
  return Bad("/now", absl::StrCat("the time ", absl::FormatTime(*world_.now)),
             e);
}

absl::Status WorldValidator::Accounts() {
  for (const auto& [id, account] : world_.accounts) {
    const std::string p = PointerAppend("/accounts", id);
    if (std::string e = world_rules::AccountIdProblem(id); !e.empty()) {
      return Bad(p, Quote(id), e);
    }
    if (!account.id.empty()) {
      if (absl::Status s = Field(account.id, id, PointerAppend(p, "id"));
          !s.ok()) {
        return s;
      }
    }
    if (!account.org_id.empty()) {
      std::string e = world_rules::OrgIdProblem(account.org_id);
      if (!e.empty()) return Bad(PointerAppend(p, "org_id"),
                                 Text(account.org_id), e);
    }
    for (size_t i = 0; i < account.org_paths.size(); ++i) {
      std::string e =
          world_rules::OrgPathProblem(account.org_id, account.org_paths[i]);
      if (!e.empty()) {
        return Bad(PointerAppend(PointerAppend(p, "org_paths"), i),
                   Text(account.org_paths[i]), e);
      }
    }
    if (account.scps.has_value()) {
      absl::Status s =
          Levels(*account.scps, PolicyKind::kScp, PointerAppend(p, "scps"));
      if (!s.ok()) return s;
    }
    if (account.rcps.has_value()) {
      absl::Status s =
          Levels(*account.rcps, PolicyKind::kRcp, PointerAppend(p, "rcps"));
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::Status WorldValidator::Groups() {
  for (size_t i = 0; i < world_.groups.size(); ++i) {
    const Group& g = world_.groups[i];
    const std::string p = PointerAppend("/groups", i);
    aws::PrincipalArnView v;
    if (!world_rules::ValidEntityArn(g.arn, aws::PrincipalArnKind::kGroup,
                                     &v)) {
      return Bad(PointerAppend(p, "arn"), Text(g.arn),
                 world_rules::kGroupArnShape);
    }
    if (absl::Status s = OnceEntity(v, g.arn, PointerAppend(p, "arn"));
        !s.ok()) {
      return s;
    }
    absl::Status s =
        Kinds(g.policies, PolicyKind::kIdentity, PointerAppend(p, "policies"));
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status WorldValidator::Roles() {
  for (size_t i = 0; i < world_.roles.size(); ++i) {
    const Role& r = world_.roles[i];
    const std::string p = PointerAppend("/roles", i);
    absl::Status s = Entity(r.arn, aws::PrincipalArnKind::kRole,
                            world_rules::kRoleArnShape, r.account, r.name, p);
    if (!s.ok()) return s;
    if (!r.role_id.empty()) {
      std::string e = world_rules::UniqueIdProblem("AROA", r.role_id);
      if (!e.empty()) return Bad(PointerAppend(p, "role_id"), Text(r.role_id), e);
    }
    std::string e = world_rules::MaxSessionDurationProblem(r.max_session_duration);
    if (!e.empty()) {
      return Bad(PointerAppend(p, "max_session_duration"),
                 absl::StrCat("the number ", r.max_session_duration), e);
    }
    if (!(s = Kind(r.trust_policy, PolicyKind::kTrust,
                   PointerAppend(p, "trust_policy")))
             .ok() ||
        !(s = Kinds(r.policies, PolicyKind::kIdentity,
                    PointerAppend(p, "policies")))
             .ok() ||
        !(s = Tags(r.tags, PointerAppend(p, "tags"))).ok()) {
      return s;
    }
    if (r.permissions_boundary.has_value()) {
      s = Kind(*r.permissions_boundary, PolicyKind::kPermissionsBoundary,
               PointerAppend(p, "permissions_boundary"));
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::Status WorldValidator::Users() {
  absl::flat_hash_map<std::string, std::string> group_account;
  for (const Group& g : world_.groups) {
    aws::PrincipalArnView v;
    if (aws::ParsePrincipalArn(g.arn, &v).ok()) {
      group_account[g.arn] = std::string(v.account);
    }
  }
  for (size_t i = 0; i < world_.users.size(); ++i) {
    const User& u = world_.users[i];
    const std::string p = PointerAppend("/users", i);
    absl::Status s = Entity(u.arn, aws::PrincipalArnKind::kUser,
                            world_rules::kUserArnShape, u.account, u.name, p);
    if (!s.ok()) return s;
    if (!u.user_id.empty()) {
      std::string e = world_rules::UniqueIdProblem("AIDA", u.user_id);
      if (!e.empty()) return Bad(PointerAppend(p, "user_id"), Text(u.user_id), e);
    }
    for (size_t g = 0; g < u.groups.size(); ++g) {
      const std::string gp = PointerAppend(PointerAppend(p, "groups"), g);
      auto it = group_account.find(u.groups[g]);
      if (it == group_account.end()) {
        return Bad(gp, Text(u.groups[g]),
                   "the ARN of a group defined in \"groups\"");
      }
      if (it->second != u.account) {
        return Bad(gp, Text(u.groups[g]), "a group of the user's own account");
      }
    }
    if (!(s = Kinds(u.policies, PolicyKind::kIdentity,
                    PointerAppend(p, "policies")))
             .ok() ||
        !(s = Tags(u.tags, PointerAppend(p, "tags"))).ok()) {
      return s;
    }
    if (u.permissions_boundary.has_value()) {
      s = Kind(*u.permissions_boundary, PolicyKind::kPermissionsBoundary,
               PointerAppend(p, "permissions_boundary"));
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::Status WorldValidator::Keys() {
  for (size_t i = 0; i < world_.keys.size(); ++i) {
    const Key& k = world_.keys[i];
    const std::string p = PointerAppend("/keys", i);
    const std::string ap = PointerAppend(p, "arn");
    ArnView arn;
    if (!aws::kms::CheckKeyArn(k.arn, &arn).ok()) {
      return Bad(ap, Text(k.arn), aws::kms::kKeyArnShape);
    }
    if (!k.aws_managed) {
      std::string e = world_rules::KeyIdProblem(arn.resource);
      if (!e.empty()) return Bad(ap, Text(k.arn), e);
    }
    absl::Status s;
    if (!(s = Once(k.arn, ap)).ok() ||
        !(s = Field(k.account, arn.account, PointerAppend(p, "account")))
             .ok() ||
        !(s = Field(k.region, arn.region, PointerAppend(p, "region"))).ok() ||
        !(s = Kind(k.policy, PolicyKind::kKey, PointerAppend(p, "policy")))
             .ok() ||
        !(s = Tags(k.tags, PointerAppend(p, "tags"))).ok()) {
      return s;
    }
    for (size_t a = 0; a < k.aliases.size(); ++a) {
      std::string e = world_rules::AliasProblem(k.aliases[a], k.aws_managed);
      if (!e.empty()) {
        return Bad(PointerAppend(PointerAppend(p, "aliases"), a),
                   Text(k.aliases[a]), e);
      }
    }
  }
  return absl::OkStatus();
}

absl::Status WorldValidator::Secrets() {
  absl::flat_hash_set<std::string> keys;
  for (const Key& k : world_.keys) keys.insert(k.arn);
  for (size_t i = 0; i < world_.secrets.size(); ++i) {
    const Secret& sec = world_.secrets[i];
    const std::string p = PointerAppend("/secrets", i);
    const std::string ap = PointerAppend(p, "arn");
    ArnView arn;
    if (!aws::secretsmanager::CheckSecretArn(sec.arn, &arn).ok()) {
      return Bad(ap, Text(sec.arn), aws::secretsmanager::kSecretArnShape);
    }
    if (std::string e = world_rules::SecretNameProblem(arn.resource);
        !e.empty()) {
      return Bad(ap, Text(sec.arn), e);
    }
    absl::Status s;
    if (!(s = Once(sec.arn, ap)).ok() ||
        !(s = Field(sec.account, arn.account, PointerAppend(p, "account")))
             .ok() ||
        !(s = Field(sec.region, arn.region, PointerAppend(p, "region"))).ok() ||
        !(s = Tags(sec.tags, PointerAppend(p, "tags"))).ok()) {
      return s;
    }
    if (sec.policy.has_value()) {
      s = Kind(*sec.policy, PolicyKind::kResource, PointerAppend(p, "policy"));
      if (!s.ok()) return s;
    }
    if (sec.kms_key.empty()) continue;  // the AWS managed key
    const std::string kp = PointerAppend(p, "kms_key");
    ArnView key;
    if (!aws::kms::CheckKeyArn(sec.kms_key, &key).ok()) {
      return Bad(kp, Text(sec.kms_key), aws::kms::kKeyArnShape);
    }
    std::string e = world_rules::SecretKeyRegionProblem(arn.region, key.region);
    if (!e.empty()) return Bad(kp, Text(sec.kms_key), e);
    if (!keys.contains(sec.kms_key)) {
      return Bad(kp, Text(sec.kms_key),
                 "the ARN of a key defined in \"keys\"");
    }
  }
  return absl::OkStatus();
}

absl::Status WorldValidator::Resources() {
  for (size_t i = 0; i < world_.resources.size(); ++i) {
    const Resource& r = world_.resources[i];
    const std::string p = PointerAppend("/resources", i);
    const std::string ap = PointerAppend(p, "arn");
    ArnView arn;
    if (absl::Status s = CheckArn(r.arn, &arn); !s.ok()) {
      return Bad(ap, Text(r.arn), world_rules::kResourceArnShape);
    }
    std::string e = world_rules::ResourceArnAccountProblem(arn.account);
    if (!e.empty()) return Bad(ap, Text(r.arn), e);
    if (absl::Status s = Once(r.arn, ap); !s.ok()) return s;
    if (r.account != arn.account) {
      e = world_rules::ResourceAccountProblem(arn.account, r.account);
      if (!e.empty()) return Bad(PointerAppend(p, "account"), Text(r.account), e);
    }
    if (r.policy.has_value()) {
      absl::Status s =
          Kind(*r.policy, PolicyKind::kResource, PointerAppend(p, "policy"));
      if (!s.ok()) return s;
    }
    if (absl::Status s = Tags(r.tags, PointerAppend(p, "tags")); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateWorld(const World& world) {
  return WorldValidator(world).Run();
}

}  // namespace iameval
