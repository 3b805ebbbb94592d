// iameval: offline AWS IAM policy evaluation.

#include "eval/compiled_world.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "arn/arn.h"
#include "aws/kms.h"
#include "aws/principals.h"
#include "base/source.h"
#include "base/status_macros.h"
#include "explain/layers.h"

namespace iameval {

namespace {

ResourceEntry Entry(ResourceEntry::Kind kind, const std::string& arn,
                    const std::string& account, const std::string& region,
                    const Tags& tags) {
  ResourceEntry e;
  e.kind = kind;
  e.arn = arn;
  e.account = account;
  e.region = region;
  e.tags = aws::MakeTagMap(tags);
  return e;
}

const Policy* OrNull(const std::optional<Policy>& p) {
  return p.has_value() ? &*p : nullptr;
}

std::vector<const Policy*> Views(const std::vector<Policy>& policies) {
  std::vector<const Policy*> out;
  out.reserve(policies.size());
  for (const Policy& p : policies) out.push_back(&p);
  return out;
}

// Compiles SCP or RCP levels; `what` is "SCP" or "RCP".
absl::Status CompileLevels(
    const std::optional<std::vector<std::vector<Policy>>>& levels,
    const char* what, const std::string& account_id,
    const std::shared_ptr<PatternPool>& patterns,
    std::vector<std::unique_ptr<CompiledPolicySet>>* out) {
  if (!levels.has_value()) return absl::OkStatus();
  for (size_t level = 0; level < levels->size(); ++level) {
    std::vector<std::string> names;
    for (const Policy& p : (*levels)[level]) names.push_back(p.name());
    IAMEVAL_ASSIGN_OR_RETURN(
        auto set,
        CompileBorrowedSet(Views((*levels)[level]),
                   absl::StrCat(what, " level ", level, " of account ",
                                account_id, " (", absl::StrJoin(names, ", "),
                                ")"),
                   patterns));
    out->push_back(std::move(set));
  }
  return absl::OkStatus();
}

// The ARN of the aws/secretsmanager key of the secret's account and region.
std::string ManagedKeyArnOf(const Secret& s) {
  ArnView arn;
  if (!CheckArn(s.arn, &arn).ok()) return "";
  return aws::kms::SecretsManagerKeyArn(arn.partition, s.region, s.account);
}

}  // namespace

absl::StatusOr<std::unique_ptr<CompiledPolicySet>> CompileSet(
    std::vector<Policy> policies, std::string label) {
  IAMEVAL_ASSIGN_OR_RETURN(
      CompiledPolicySet set,
      CompiledPolicySet::Compile(std::move(policies), std::move(label)));
  return std::make_unique<CompiledPolicySet>(std::move(set));
}

absl::StatusOr<std::unique_ptr<CompiledPolicySet>> CompileBorrowedSet(
    std::vector<const Policy*> policies, std::string label,
    std::shared_ptr<PatternPool> patterns) {
  IAMEVAL_ASSIGN_OR_RETURN(
      CompiledPolicySet set,
      CompiledPolicySet::CompileBorrowed(std::move(policies), std::move(label),
                                         std::move(patterns)));
  return std::make_unique<CompiledPolicySet>(std::move(set));
}

std::string IsoTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

absl::StatusOr<std::unique_ptr<const CompiledWorld>> CompiledWorld::Create(
    World world) {
  std::unique_ptr<CompiledWorld> w(new CompiledWorld(std::move(world)));
  if (w->world_.now.has_value()) {
    w->now_iso_ = IsoTime(*w->world_.now);
    w->now_epoch_ = absl::StrCat(absl::ToUnixSeconds(*w->world_.now));
  }
  IAMEVAL_RETURN_IF_ERROR(w->CompileRoles());
  IAMEVAL_RETURN_IF_ERROR(w->CompileUsers());
  IAMEVAL_RETURN_IF_ERROR(w->CompileAccounts());
  IAMEVAL_RETURN_IF_ERROR(w->CompileResources());
  return std::unique_ptr<const CompiledWorld>(std::move(w));
}

absl::Status CompiledWorld::CompileRoles() {
  roles_.reserve(world_.roles.size());
  for (size_t i = 0; i < world_.roles.size(); ++i) {
    const Role& r = world_.roles[i];
    aws::PrincipalArnView pa;
    if (!aws::ParsePrincipalArn(r.arn, &pa).ok() ||
        pa.kind != aws::PrincipalArnKind::kRole) {
      return absl::InvalidArgumentError(
          absl::StrCat("role ", Quote(r.arn), " is not a role ARN"));
    }
    RoleEntry e;
    e.role = &r;
    e.role_id = r.role_id.empty() ? aws::PlaceholderUniqueId("AROA", r.arn)
                                  : r.role_id;
    IAMEVAL_ASSIGN_OR_RETURN(
        e.identity,
        CompileBorrowedSet(Views(r.policies),
                           absl::StrCat(explain::kIdentityLayer, r.arn),
                           patterns_));
    if (r.permissions_boundary.has_value()) {
      IAMEVAL_ASSIGN_OR_RETURN(
          e.boundary,
          CompileBorrowedSet({&*r.permissions_boundary},
                             absl::StrCat(explain::kBoundaryLayer, r.arn),
                             patterns_));
    }
    IAMEVAL_ASSIGN_OR_RETURN(
        e.trust,
        CompileBorrowedSet({&r.trust_policy},
                           absl::StrCat(explain::kTrustLayer, r.arn),
                           patterns_));
    e.tags = aws::MakeTagMap(r.tags);
    e.as_resource.kind = ResourceEntry::Kind::kGeneric;
    e.as_resource.arn = r.arn;
    e.as_resource.account = r.account;
    e.as_resource.tags = e.tags;
    e.service_linked = aws::IsServiceLinkedRoleArn(r.arn);
    e.as_resource.service_linked = e.service_linked;
    e.session_prefix = aws::SessionArn(pa, "");
    role_by_arn_[r.arn] = i;
    role_by_session_prefix_[e.session_prefix] = i;
    roles_.push_back(std::move(e));
  }
  return absl::OkStatus();
}

absl::Status CompiledWorld::CompileUsers() {
  absl::flat_hash_map<std::string, const Group*> groups;
  for (const Group& g : world_.groups) groups[g.arn] = &g;
  users_.reserve(world_.users.size());
  for (size_t i = 0; i < world_.users.size(); ++i) {
    const User& u = world_.users[i];
    UserEntry e;
    e.user = &u;
    e.user_id = u.user_id.empty() ? aws::PlaceholderUniqueId("AIDA", u.arn)
                                  : u.user_id;
    std::vector<const Policy*> all = Views(u.policies);
    for (const std::string& g : u.groups) {
      auto it = groups.find(g);
      if (it == groups.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat("user ", u.arn, " names group ", g,
                         ", which the world does not define"));
      }
      for (const Policy& p : it->second->policies) all.push_back(&p);
    }
    IAMEVAL_ASSIGN_OR_RETURN(
        e.identity,
        CompileBorrowedSet(std::move(all),
                           absl::StrCat(explain::kIdentityLayer, u.arn),
                           patterns_));
    if (u.permissions_boundary.has_value()) {
      IAMEVAL_ASSIGN_OR_RETURN(
          e.boundary,
          CompileBorrowedSet({&*u.permissions_boundary},
                             absl::StrCat(explain::kBoundaryLayer, u.arn),
                             patterns_));
    }
    e.tags = aws::MakeTagMap(u.tags);
    user_by_arn_[u.arn] = i;
    users_.push_back(std::move(e));
  }
  return absl::OkStatus();
}

absl::Status CompiledWorld::CompileAccounts() {
  accounts_.reserve(world_.accounts.size());
  for (const auto& [id, account] : world_.accounts) {
    AccountEntry e;
    e.account = &account;
    IAMEVAL_RETURN_IF_ERROR(
        CompileLevels(account.scps, explain::kScpLayer, id, patterns_,
                      &e.scp_levels));
    IAMEVAL_RETURN_IF_ERROR(
        CompileLevels(account.rcps, explain::kRcpLayer, id, patterns_,
                      &e.rcp_levels));
    account_by_id_[id] = accounts_.size();
    accounts_.push_back(std::move(e));
  }
  return absl::OkStatus();
}

absl::Status CompiledWorld::AddResource(ResourceEntry entry,
                                        const Policy* policy,
                                        const std::string& label) {
  if (policy != nullptr) {
    IAMEVAL_ASSIGN_OR_RETURN(entry.policy,
                             CompileBorrowedSet({policy}, label, patterns_));
  }
  resource_by_arn_[entry.arn] = resources_.size();
  resources_.push_back(std::move(entry));
  return absl::OkStatus();
}

namespace {

Key SecretsManagerKey(absl::string_view partition, absl::string_view region,
                      absl::string_view account) {
  Key key;
  key.arn = aws::kms::SecretsManagerKeyArn(partition, region, account);
  key.account = std::string(account);
  key.region = std::string(region);
  key.aliases = {std::string(aws::kms::kSecretsManagerKeyAlias)};
  key.aws_managed = true;
  key.policy = aws::kms::SecretsManagerKeyPolicy(partition, region, account);
  return key;
}

}  // namespace

absl::StatusOr<const ResourceEntry*> CompiledWorld::ManagedKeyFor(
    absl::string_view partition, absl::string_view region,
    absl::string_view account) const {
  const std::string arn =
      aws::kms::SecretsManagerKeyArn(partition, region, account);
  if (const ResourceEntry* e = FindResource(arn)) return e;
  absl::MutexLock lock(&mu_);
  std::unique_ptr<LazyKey>& slot = lazy_keys_[arn];
  if (slot == nullptr) {
    auto lazy = std::make_unique<LazyKey>();
    lazy->key = SecretsManagerKey(partition, region, account);
    lazy->entry =
        Entry(ResourceEntry::Kind::kKey, lazy->key.arn, lazy->key.account,
              lazy->key.region, lazy->key.tags);
    lazy->entry.key = &lazy->key;
    absl::StatusOr<std::unique_ptr<CompiledPolicySet>> policy =
        CompileSet({lazy->key.policy}, absl::StrCat(explain::kKeyLayer, arn));
    if (!policy.ok()) {
      lazy_keys_.erase(arn);
      return policy.status();
    }
    lazy->entry.policy = *std::move(policy);
    slot = std::move(lazy);
  }
  return &slot->entry;
}

absl::Status CompiledWorld::AddManagedKeys() {
  for (const Secret& s : world_.secrets) {
    if (!s.kms_key.empty() || FindResource(ManagedKeyArnOf(s)) != nullptr) {
      continue;
    }
    ArnView arn;
    if (!CheckArn(s.arn, &arn).ok()) continue;  // ValidateWorld rejects it
    managed_keys_.push_back(
        SecretsManagerKey(arn.partition, s.region, s.account));
    const Key& k = managed_keys_.back();
    ResourceEntry e =
        Entry(ResourceEntry::Kind::kKey, k.arn, k.account, k.region, k.tags);
    e.key = &k;
    IAMEVAL_RETURN_IF_ERROR(AddResource(
        std::move(e), &k.policy, absl::StrCat(explain::kKeyLayer, k.arn)));
  }
  return absl::OkStatus();
}

absl::Status CompiledWorld::CompileResources() {
  // Room for one managed key per secret: entries are never moved once
  // their address is taken below.
  resources_.reserve(2 * world_.secrets.size() + world_.keys.size() +
                     world_.resources.size());
  for (const Secret& s : world_.secrets) {
    ResourceEntry e = Entry(ResourceEntry::Kind::kSecret, s.arn, s.account,
                            s.region, s.tags);
    e.secret = &s;
    IAMEVAL_RETURN_IF_ERROR(AddResource(
        std::move(e), OrNull(s.policy),
        absl::StrCat(explain::kResourceLayer, " of ", s.arn)));
  }
  for (const Key& k : world_.keys) {
    ResourceEntry e =
        Entry(ResourceEntry::Kind::kKey, k.arn, k.account, k.region, k.tags);
    e.key = &k;
    IAMEVAL_RETURN_IF_ERROR(AddResource(
        std::move(e), &k.policy, absl::StrCat(explain::kKeyLayer, k.arn)));
  }
  for (const Resource& r : world_.resources) {
    ArnView arn;
    const bool ok = CheckArn(r.arn, &arn).ok();
    ResourceEntry e =
        Entry(ResourceEntry::Kind::kGeneric, r.arn, r.account,
              ok ? std::string(arn.region) : std::string(), r.tags);
    IAMEVAL_RETURN_IF_ERROR(AddResource(
        std::move(e), OrNull(r.policy),
        absl::StrCat(explain::kResourceLayer, " of ", r.arn)));
  }
  IAMEVAL_RETURN_IF_ERROR(AddManagedKeys());
  for (ResourceEntry& e : resources_) {
    if (e.kind != ResourceEntry::Kind::kSecret) continue;
    const std::string key_arn = e.secret->kms_key.empty()
                                    ? ManagedKeyArnOf(*e.secret)
                                    : e.secret->kms_key;
    e.secret_key = FindResource(key_arn);
    if (e.secret_key == nullptr ||
        e.secret_key->kind != ResourceEntry::Kind::kKey) {
      return absl::InvalidArgumentError(absl::StrCat(
          "secret ", e.arn, " names key ", key_arn,
          ", which the world does not define"));
    }
  }
  return absl::OkStatus();
}

const RoleEntry* CompiledWorld::FindRole(absl::string_view arn) const {
  auto it = role_by_arn_.find(arn);
  return it == role_by_arn_.end() ? nullptr : &roles_[it->second];
}

const RoleEntry* CompiledWorld::FindRoleOfSession(
    absl::string_view session_arn) const {
  const size_t slash = session_arn.rfind('/');
  if (slash == absl::string_view::npos || slash + 1 == session_arn.size()) {
    return nullptr;
  }
  auto it = role_by_session_prefix_.find(session_arn.substr(0, slash + 1));
  return it == role_by_session_prefix_.end() ? nullptr : &roles_[it->second];
}

const UserEntry* CompiledWorld::FindUser(absl::string_view arn) const {
  auto it = user_by_arn_.find(arn);
  return it == user_by_arn_.end() ? nullptr : &users_[it->second];
}

const AccountEntry* CompiledWorld::FindAccount(absl::string_view id) const {
  auto it = account_by_id_.find(id);
  return it == account_by_id_.end() ? nullptr : &accounts_[it->second];
}

const ResourceEntry* CompiledWorld::FindResource(absl::string_view arn) const {
  auto it = resource_by_arn_.find(arn);
  return it == resource_by_arn_.end() ? nullptr : &resources_[it->second];
}

}  // namespace iameval
