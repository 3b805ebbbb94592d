// iameval: offline AWS IAM policy evaluation.
//
// The Engine: compiles a World into per-entity policy sets once, and turns
// each request (or chain step) into one or more authorisation calls for
// Authorize (lib/eval/authorize.h): the AssumeRole family, GetSecretValue and
// the kms:Decrypt it implies, and plain calls. Semantics:
// docs/semantics.md#chains.

#include "iameval/engine.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "arn/arn.h"
#include "aws/actions.h"
#include "aws/kms.h"
#include "aws/principals.h"
#include "aws/secretsmanager.h"
#include "aws/sts.h"
#include "aws/tags.h"
#include "base/source.h"
#include "base/status_macros.h"
#include "compile/policy_set.h"
#include "condition/value.h"
#include "eval/authorize.h"
#include "eval/request_keys.h"

namespace iameval {

namespace {

absl::StatusOr<std::unique_ptr<CompiledPolicySet>> CompileSet(
    std::vector<Policy> policies, std::string label) {
  IAMEVAL_ASSIGN_OR_RETURN(
      CompiledPolicySet set,
      CompiledPolicySet::Compile(std::move(policies), std::move(label)));
  return std::make_unique<CompiledPolicySet>(std::move(set));
}

// RFC 3339 text of `t` in UTC with seconds precision.
std::string IsoTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

Decision Worst(Decision a, Decision b) {
  auto rank = [](Decision d) {
    return d == Decision::kExplicitDeny ? 2 : d == Decision::kImplicitDeny ? 1
                                                                           : 0;
  };
  return rank(a) >= rank(b) ? a : b;
}

}  // namespace

// Compiled per-entity state. Pointers into these are stable: every entity
// lives in a vector that is never resized after Create.

struct UserEntry {
  const User* user;
  std::unique_ptr<CompiledPolicySet> identity;
  std::unique_ptr<CompiledPolicySet> boundary;
  TagMap tags;
};

struct AccountEntry {
  const Account* account;
  std::vector<std::unique_ptr<CompiledPolicySet>> scp_levels;
  std::vector<std::unique_ptr<CompiledPolicySet>> rcp_levels;
};

struct ResourceEntry {
  enum class Kind { kSecret, kKey, kGeneric };
  Kind kind;
  std::string arn;
  std::string account;
  std::string region;
  std::unique_ptr<CompiledPolicySet> policy;
  TagMap tags;
  const Secret* secret = nullptr;
  const Key* key = nullptr;
};

// A role as a resource (of sts:AssumeRole) and as a principal.
struct RoleEntry {
  const Role* role;
  std::unique_ptr<CompiledPolicySet> identity;
  std::unique_ptr<CompiledPolicySet> boundary;
  std::unique_ptr<CompiledPolicySet> trust;
  TagMap tags;
  ResourceEntry as_resource;  // kGeneric, with the role's tags
  std::string session_prefix;  // "arn:aws:sts::A:assumed-role/<name>/"
};

// The caller of one step: an entity plus, for sessions, what the session
// carries (docs/semantics.md#sessions).
struct Caller {
  PrincipalFacts facts;
  const RoleEntry* role = nullptr;
  const UserEntry* user = nullptr;
  std::string session_name;
  TagMap session_tags;  // transitive + this session's tags, lowercased keys
  TagMap transitive;    // the subset that carries to the next hop
  std::string source_identity;
  std::shared_ptr<CompiledPolicySet> session_policy;
};

class EngineImpl {
 public:
  World world;
  EngineOptions options;
  std::vector<RoleEntry> roles;
  std::vector<UserEntry> users;
  std::vector<AccountEntry> accounts;
  std::vector<ResourceEntry> resources;
  absl::flat_hash_map<std::string, size_t> role_by_arn;
  // "account/role-name" -> role (assumed-role ARNs carry no path).
  absl::flat_hash_map<std::string, size_t> role_by_name;
  absl::flat_hash_map<std::string, size_t> user_by_arn;
  absl::flat_hash_map<std::string, size_t> account_by_id;
  absl::flat_hash_map<std::string, size_t> resource_by_arn;
  // aws:CurrentTime / aws:EpochTime when the world fixes `now`: formatted
  // once here instead of on every call.
  std::string now_iso;
  std::string now_epoch;

  absl::Status Build();
  absl::StatusOr<Caller> ResolveCaller(const std::string& principal) const;
  const RoleEntry* FindRoleByName(absl::string_view account,
                                  absl::string_view name) const;
  absl::Status RunStep(const Step& step, int index, Caller* caller,
                       EvaluationResult* out) const;

 private:
  const AccountEntry* FindAccount(const std::string& id) const {
    auto it = account_by_id.find(id);
    return it == account_by_id.end() ? nullptr : &accounts[it->second];
  }
  const ResourceEntry* FindResource(const std::string& arn) const {
    auto it = resource_by_arn.find(arn);
    return it == resource_by_arn.end() ? nullptr : &resources[it->second];
  }

  void FillPrincipalFacts(const Caller& c, CallFacts* f) const;
  void FillResourceFacts(const std::string& resource_arn,
                         const std::string& resource_account,
                         const ResourceEntry* entry, CallFacts* f) const;
  void FillTime(CallFacts* f) const;
  Layers MakeLayers(const Caller& c, const std::string& resource_account,
                    const ResourceEntry* entry, ResourcePolicyMode mode,
                    const CompiledPolicySet* resource_policy) const;
  CallResult Call(const Caller& c, int step, const std::string& action,
                  const std::string& resource,
                  const std::string& resource_account,
                  const ResourceEntry* entry, ResourcePolicyMode mode,
                  const CompiledPolicySet* resource_policy,
                  const Context* context, const CallFacts& facts) const;
  absl::Status AssumeRole(const Step& step, int index, Caller* caller,
                          EvaluationResult* out) const;
};

absl::Status EngineImpl::Build() {
  if (world.now.has_value()) {
    now_iso = IsoTime(*world.now);
    now_epoch = absl::StrCat(absl::ToUnixSeconds(*world.now));
  }
  roles.reserve(world.roles.size());
  for (size_t i = 0; i < world.roles.size(); ++i) {
    const Role& r = world.roles[i];
    RoleEntry e;
    e.role = &r;
    IAMEVAL_ASSIGN_OR_RETURN(
        e.identity, CompileSet(r.policies, absl::StrCat("identity policies of ",
                                                        r.arn)));
    if (r.permissions_boundary.has_value()) {
      IAMEVAL_ASSIGN_OR_RETURN(
          e.boundary, CompileSet({*r.permissions_boundary},
                                 absl::StrCat("permissions boundary of ", r.arn)));
    }
    IAMEVAL_ASSIGN_OR_RETURN(
        e.trust,
        CompileSet({r.trust_policy}, absl::StrCat("trust policy of ", r.arn)));
    e.tags = aws::MakeTagMap(r.tags);
    e.as_resource.kind = ResourceEntry::Kind::kGeneric;
    e.as_resource.arn = r.arn;
    e.as_resource.account = r.account;
    e.as_resource.tags = e.tags;
    role_by_arn[r.arn] = i;
    aws::PrincipalArnView pa;
    if (!aws::ParsePrincipalArn(r.arn, &pa).ok() ||
        pa.kind != aws::PrincipalArnKind::kRole) {
      return absl::InvalidArgumentError(
          absl::StrCat("role ", Quote(r.arn), " is not a role ARN"));
    }
    e.session_prefix = aws::SessionArn(pa, "");
    role_by_name[absl::StrCat(pa.account, "/", pa.name)] = i;
    roles.push_back(std::move(e));
  }
  absl::flat_hash_map<std::string, const Group*> groups;
  for (const Group& g : world.groups) groups[g.arn] = &g;
  users.reserve(world.users.size());
  for (size_t i = 0; i < world.users.size(); ++i) {
    const User& u = world.users[i];
    UserEntry e;
    e.user = &u;
    std::vector<Policy> all = u.policies;
    for (const std::string& g : u.groups) {
      auto it = groups.find(g);
      if (it == groups.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat("user ", u.arn, " names group ", g,
                         ", which the world does not define"));
      }
      all.insert(all.end(), it->second->policies.begin(),
                 it->second->policies.end());
    }
    IAMEVAL_ASSIGN_OR_RETURN(
        e.identity,
        CompileSet(std::move(all), absl::StrCat("identity policies of ", u.arn)));
    if (u.permissions_boundary.has_value()) {
      IAMEVAL_ASSIGN_OR_RETURN(
          e.boundary, CompileSet({*u.permissions_boundary},
                                 absl::StrCat("permissions boundary of ", u.arn)));
    }
    e.tags = aws::MakeTagMap(u.tags);
    user_by_arn[u.arn] = i;
    users.push_back(std::move(e));
  }
  for (const auto& [id, account] : world.accounts) {
    AccountEntry e;
    e.account = &account;
    // `id` is a structured binding: C++17 lambdas cannot capture one
    // implicitly (Clang rejects it), so bind it by an init-capture.
    auto levels = [&, &id = id](
                      const std::optional<std::vector<std::vector<Policy>>>& in,
                      const char* what,
                      std::vector<std::unique_ptr<CompiledPolicySet>>* out)
        -> absl::Status {
      if (!in.has_value()) return absl::OkStatus();
      for (size_t level = 0; level < in->size(); ++level) {
        std::vector<std::string> names;
        for (const Policy& p : (*in)[level]) names.push_back(p.name());
        IAMEVAL_ASSIGN_OR_RETURN(
            auto set,
            CompileSet((*in)[level],
                       absl::StrCat(what, " level ", level, " of account ", id,
                                    " (", absl::StrJoin(names, ", "), ")")));
        out->push_back(std::move(set));
      }
      return absl::OkStatus();
    };
    IAMEVAL_RETURN_IF_ERROR(levels(account.scps, "SCP", &e.scp_levels));
    IAMEVAL_RETURN_IF_ERROR(levels(account.rcps, "RCP", &e.rcp_levels));
    account_by_id[id] = accounts.size();
    accounts.push_back(std::move(e));
  }
  auto add_resource = [&](ResourceEntry e,
                          const std::optional<Policy>& policy,
                          const std::string& label) -> absl::Status {
    if (policy.has_value()) {
      IAMEVAL_ASSIGN_OR_RETURN(e.policy, CompileSet({*policy}, label));
    }
    resource_by_arn[e.arn] = resources.size();
    resources.push_back(std::move(e));
    return absl::OkStatus();
  };
  resources.reserve(world.secrets.size() + world.keys.size() +
                    world.resources.size());
  auto entry = [](ResourceEntry::Kind kind, const std::string& arn,
                  const std::string& account, const std::string& region,
                  const Tags& tags) {
    ResourceEntry e;
    e.kind = kind;
    e.arn = arn;
    e.account = account;
    e.region = region;
    e.tags = aws::MakeTagMap(tags);
    return e;
  };
  for (const Secret& s : world.secrets) {
    ResourceEntry e = entry(ResourceEntry::Kind::kSecret, s.arn, s.account,
                            s.region, s.tags);
    e.secret = &s;
    IAMEVAL_RETURN_IF_ERROR(add_resource(
        std::move(e), s.policy, absl::StrCat("resource policy of ", s.arn)));
  }
  for (const Key& k : world.keys) {
    ResourceEntry e = entry(ResourceEntry::Kind::kKey, k.arn, k.account,
                            k.region, k.tags);
    e.key = &k;
    IAMEVAL_RETURN_IF_ERROR(add_resource(
        std::move(e), k.policy, absl::StrCat("key policy of ", k.arn)));
  }
  for (const Resource& r : world.resources) {
    absl::StatusOr<Arn> arn = ParseArn(r.arn);
    ResourceEntry e = entry(ResourceEntry::Kind::kGeneric, r.arn, r.account,
                            arn.ok() ? arn->region : "", r.tags);
    IAMEVAL_RETURN_IF_ERROR(add_resource(
        std::move(e), r.policy, absl::StrCat("resource policy of ", r.arn)));
  }
  return absl::OkStatus();
}

const RoleEntry* EngineImpl::FindRoleByName(absl::string_view account,
                                            absl::string_view name) const {
  // "account/name", composed on the stack: session ARNs carry no path, so
  // a session's role is found by account and name.
  char key[128];
  if (account.size() + 1 + name.size() > sizeof(key)) return nullptr;
  std::memcpy(key, account.data(), account.size());
  key[account.size()] = '/';
  std::memcpy(key + account.size() + 1, name.data(), name.size());
  auto it = role_by_name.find(
      absl::string_view(key, account.size() + 1 + name.size()));
  return it == role_by_name.end() ? nullptr : &roles[it->second];
}

absl::StatusOr<Caller> EngineImpl::ResolveCaller(
    const std::string& principal) const {
  using Type = PrincipalFacts::Type;
  using aws::PrincipalArnKind;
  Caller c;
  if (!absl::StartsWith(principal, "arn:")) {
    // A service principal name such as ecs-tasks.amazonaws.com.
    if (!aws::IsServicePrincipalName(principal)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "principal ", Quote(principal),
          " is neither an ARN nor a service principal name "
          "(like ecs-tasks.amazonaws.com)"));
    }
    c.facts.type = Type::kService;
    c.facts.arn = principal;
    c.facts.service = absl::AsciiStrToLower(principal);
    return c;
  }
  aws::PrincipalArnView pa;
  IAMEVAL_RETURN_IF_ERROR(aws::ParsePrincipalArn(principal, &pa));
  c.facts.account = std::string(pa.account);
  switch (pa.kind) {
    case PrincipalArnKind::kRoot:
      c.facts.type = Type::kRoot;
      c.facts.arn = principal;
      return c;
    case PrincipalArnKind::kRole:
    case PrincipalArnKind::kAssumedRole: {
      const RoleEntry* role = nullptr;
      if (pa.kind == PrincipalArnKind::kRole) {
        auto it = role_by_arn.find(principal);
        if (it != role_by_arn.end()) role = &roles[it->second];
        c.session_name = "session";
      } else {
        role = FindRoleByName(pa.account, pa.name);
        c.session_name = std::string(pa.session);
      }
      if (role == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat(
            "principal ", principal, " names a role the world does not define"));
      }
      c.role = role;
      c.facts.type = Type::kAssumedRole;
      c.facts.role_arn = role->role->arn;
      c.facts.arn = pa.kind == PrincipalArnKind::kAssumedRole
                        ? principal
                        : role->session_prefix + c.session_name;
      c.facts.has_boundary = role->boundary != nullptr;
      return c;
    }
    case PrincipalArnKind::kUser: {
      auto it = user_by_arn.find(principal);
      if (it == user_by_arn.end()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "principal ", principal, " names a user the world does not define"));
      }
      c.user = &users[it->second];
      c.facts.type = Type::kUser;
      c.facts.arn = principal;
      c.facts.has_boundary = c.user->boundary != nullptr;
      return c;
    }
    case PrincipalArnKind::kFederatedUser:
      c.facts.type = Type::kFederatedUser;
      c.facts.arn = principal;
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

void EngineImpl::FillTime(CallFacts* f) const {
  if (world.now.has_value()) {
    f->current_time = &now_iso;
    f->epoch_time = &now_epoch;
    return;
  }
  absl::Time now = absl::Now();
  f->clock_time = IsoTime(now);
  f->clock_epoch = absl::StrCat(absl::ToUnixSeconds(now));
  f->current_time = &f->clock_time;
  f->epoch_time = &f->clock_epoch;
}

void EngineImpl::FillPrincipalFacts(const Caller& c, CallFacts* f) const {
  using Type = PrincipalFacts::Type;
  const PrincipalFacts& p = c.facts;
  f->principal_account = p.account;
  if (const AccountEntry* a = FindAccount(p.account)) {
    f->principal_org_id = a->account->org_id;
    f->principal_org_paths = &a->account->org_paths;
  }
  switch (p.type) {
    case Type::kUser:
      f->principal_arn = &p.arn;
      f->principal_type = "User";
      f->userid = c.user->user->user_id;
      f->username = c.user->user->name;
      f->principal_tags = &c.user->tags;
      break;
    case Type::kAssumedRole:
      // aws:PrincipalArn of a session is its role's ARN, with path
      // (docs/semantics.md#principal-arn).
      f->principal_arn = &p.role_arn;
      f->principal_type = "AssumedRole";
      f->userid = absl::StrCat(c.role->role->role_id, ":", c.session_name);
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
    f->token_issue_time = f->current_time;  // issued at `now` (S§5.6)
  }
}

void EngineImpl::FillResourceFacts(const std::string& resource_arn,
                                   const std::string& resource_account,
                                   const ResourceEntry* entry,
                                   CallFacts* f) const {
  f->resource_account = resource_account;
  if (const AccountEntry* a = FindAccount(resource_account)) {
    f->resource_org_id = a->account->org_id;
    f->resource_org_paths = &a->account->org_paths;
  }
  absl::string_view parts[6];
  if (SplitArn(resource_arn, parts) && parts[0] == "arn") {
    f->requested_region = std::string(
        parts[2] == "iam" ? absl::string_view("us-east-1") : parts[3]);
  }
  if (entry != nullptr) {
    f->resource_tags = &entry->tags;
    if (entry->kind == ResourceEntry::Kind::kSecret) {
      f->secret_id = entry->arn;
    }
    if (entry->kind == ResourceEntry::Kind::kKey) {
      f->resource_aliases = &entry->key->aliases;
    }
  }
}

Layers EngineImpl::MakeLayers(const Caller& c,
                              const std::string& resource_account,
                              const ResourceEntry* entry,
                              ResourcePolicyMode mode,
                              const CompiledPolicySet* resource_policy) const {
  using Type = PrincipalFacts::Type;
  Layers l;
  l.mode = mode;
  l.resource_policy = resource_policy;
  if (c.role != nullptr) {
    l.identity = c.role->identity.get();
    l.boundary = c.role->boundary.get();
    l.session = c.session_policy.get();
  } else if (c.user != nullptr) {
    l.identity = c.user->identity.get();
    l.boundary = c.user->boundary.get();
  }
  const bool service_linked =
      c.role != nullptr && aws::IsServiceLinkedRoleArn(c.role->role->arn);
  // SCPs: the principal's account, unless management, service-linked role
  // or service principal (docs/semantics.md#scps).
  if (c.facts.type != Type::kService && c.facts.type != Type::kAnonymous &&
      !service_linked) {
    const AccountEntry* a = FindAccount(c.facts.account);
    if (a != nullptr && a->account->scps.has_value() &&
        !a->account->management) {
      l.scps_apply = true;
      for (const auto& s : a->scp_levels) l.scp_levels.push_back(s.get());
    }
  }
  // RCPs: the resource's account, unless management, an AWS managed key, or
  // a service-linked caller (docs/semantics.md#rcps).
  const bool managed_key = entry != nullptr &&
                           entry->kind == ResourceEntry::Kind::kKey &&
                           entry->key->aws_managed;
  if (!managed_key && !service_linked) {
    const AccountEntry* a = FindAccount(resource_account);
    if (a != nullptr && a->account->rcps.has_value() &&
        !a->account->management) {
      l.rcps_apply = true;
      for (const auto& s : a->rcp_levels) l.rcp_levels.push_back(s.get());
    }
  }
  return l;
}

CallResult EngineImpl::Call(const Caller& c, int step,
                            const std::string& action,
                            const std::string& resource,
                            const std::string& resource_account,
                            const ResourceEntry* entry,
                            ResourcePolicyMode mode,
                            const CompiledPolicySet* resource_policy,
                            const Context* context,
                            const CallFacts& facts) const {
  Layers layers = MakeLayers(c, resource_account, entry, mode, resource_policy);
  RequestKeys keys(context, &facts);
  AuthzRequest r;
  r.principal = &c.facts;
  r.action = action;
  r.action_lower = absl::AsciiStrToLower(action);
  r.resource = resource;
  r.resource_account = resource_account;
  r.keys = &keys;
  CallResult result = Authorize(layers, r, options.explain);
  result.step = step;
  return result;
}

absl::Status EngineImpl::AssumeRole(const Step& step, int index,
                                    Caller* caller,
                                    EvaluationResult* out) const {
  using Type = PrincipalFacts::Type;
  auto it = role_by_arn.find(step.resource);
  if (it == role_by_arn.end()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "sts:AssumeRole resource ", step.resource,
        " is not a role of the world (its trust policy is needed)"));
  }
  const RoleEntry& target = roles[it->second];
  const Role& role = *target.role;

  // STS validation (docs/semantics.md#assumerole-validation): the call fails
  // before or regardless of policy.
  aws::sts::Caller sts_caller;
  sts_caller.root = caller->facts.type == Type::kRoot;
  sts_caller.role_session = caller->facts.type == Type::kAssumedRole;
  sts_caller.transitive = &caller->transitive;
  sts_caller.source_identity = caller->source_identity;
  std::string invalid =
      aws::sts::ValidateAssumeRole(step, sts_caller, role.max_session_duration);
  if (!invalid.empty()) {
    CallResult failed;
    failed.step = index;
    failed.principal = caller->facts.arn;
    failed.action = step.action;
    failed.resource = step.resource;
    failed.decision = Decision::kImplicitDeny;
    Finding f;
    f.kind = Finding::Kind::kInvalidRequest;
    f.layer = "sts:AssumeRole request";
    f.message = std::move(invalid);
    failed.explanation.push_back(std::move(f));
    out->calls.push_back(std::move(failed));
    out->decision = Decision::kImplicitDeny;
    out->deciding_call = static_cast<int>(out->calls.size()) - 1;
    return absl::OkStatus();
  }
  const std::string session_name =
      step.session_name.value_or(std::string(aws::sts::kDefaultSessionName));
  const std::string source_identity =
      aws::sts::SourceIdentity(step, sts_caller);

  // The request context of every authorisation in this call
  // (docs/semantics.md#assumerole-context).
  CallFacts facts;
  FillTime(&facts);
  FillPrincipalFacts(*caller, &facts);
  TagMap overlay;  // incoming transitive tags override the role's tags
  for (const auto& [k, v] : caller->transitive) overlay[k] = v;
  const ResourceEntry& role_resource = target.as_resource;
  FillResourceFacts(role.arn, role.account, &role_resource, &facts);
  facts.resource_tag_overlay = &overlay;
  facts.role_session_name = session_name;
  if (step.external_id.has_value()) facts.external_id = *step.external_id;
  if (!source_identity.empty()) facts.sts_source_identity = source_identity;
  if (step.duration_seconds.has_value()) {
    facts.duration_seconds = absl::StrCat(*step.duration_seconds);
  }
  TagMap request_tags = aws::MakeTagMap(step.session_tags);
  for (const auto& [k, v] : step.session_tags) facts.tag_keys.push_back(k);
  facts.request_tags = &request_tags;
  facts.has_tag_keys = !step.session_tags.empty();
  facts.transitive_tag_keys = step.transitive_tag_keys;
  facts.has_transitive_tag_keys = !step.transitive_tag_keys.empty();

  // The step's decision is the worst of its authorisations.
  Decision decision = Decision::kAllow;
  int deciding = -1;
  for (const std::string& action :
       aws::sts::AuthorizationsOf(step, source_identity)) {
    CallResult r = Call(*caller, index, action, role.arn, role.account,
                        &role_resource, ResourcePolicyMode::kTrust,
                        target.trust.get(), &step.context, facts);
    Decision before = decision;
    decision = Worst(decision, r.decision);
    out->calls.push_back(std::move(r));
    if (decision != before || (deciding < 0 && decision != Decision::kAllow)) {
      deciding = static_cast<int>(out->calls.size()) - 1;
    }
  }
  out->decision = decision;
  out->deciding_call = decision == Decision::kAllow ? -1 : deciding;
  if (decision != Decision::kAllow) return absl::OkStatus();

  // The new session (docs/semantics.md#sessions).
  Caller next;
  next.role = &target;
  next.session_name = session_name;
  next.facts.type = Type::kAssumedRole;
  next.facts.account = role.account;
  next.facts.role_arn = role.arn;
  next.facts.arn = target.session_prefix + session_name;
  next.facts.has_boundary = target.boundary != nullptr;
  aws::sts::SessionTags tags =
      aws::sts::NewSessionTags(step, caller->transitive);
  next.session_tags = std::move(tags.session_tags);
  next.transitive = std::move(tags.transitive);
  next.source_identity = source_identity;
  if (step.session_policy.has_value()) {
    IAMEVAL_ASSIGN_OR_RETURN(
        auto set, CompileSet({*step.session_policy},
                             absl::StrCat("session policy of ", next.facts.arn)));
    next.session_policy = std::move(set);
  }
  *caller = std::move(next);
  return absl::OkStatus();
}

absl::Status EngineImpl::RunStep(const Step& step, int index, Caller* caller,
                                 EvaluationResult* out) const {
  if (absl::Status s = aws::CheckRequestAction(step.action); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("step ", index, ": action: ", s.message()));
  }
  if (step.resource.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("step ", index, ": resource is empty"));
  }
  if (!step.principal.empty()) {
    IAMEVAL_ASSIGN_OR_RETURN(*caller, ResolveCaller(step.principal));
  } else if (index == 0) {
    return absl::InvalidArgumentError("the first step needs a principal");
  }
  // Actions are case-insensitive; compared in place (Call lowercases the
  // action once for matching).
  const absl::string_view action = step.action;

  if (absl::EqualsIgnoreCase(action, aws::sts::kAssumeRole)) {
    return AssumeRole(step, index, caller, out);
  }

  std::string resource_account;
  const ResourceEntry* entry = FindResource(step.resource);
  if (entry != nullptr) {
    resource_account = entry->account;
  } else if (step.resource != "*") {
    ArnView arn;
    absl::Status valid = CheckArn(step.resource, &arn);
    if (!valid.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("step ", index, ": resource: ", valid.message()));
    }
    resource_account = std::string(arn.account);
  } else {
    // Actions without resource-level permissions: the caller's account
    // (docs/semantics.md#no-resource).
    resource_account = caller->facts.account;
  }

  // Trust policies govern the other sts:AssumeRole* style actions on a role.
  ResourcePolicyMode mode = ResourcePolicyMode::kGeneric;
  const CompiledPolicySet* resource_policy =
      entry != nullptr ? entry->policy.get() : nullptr;
  const RoleEntry* role_target = nullptr;
  if (absl::StartsWithIgnoreCase(action, "sts:")) {
    auto it = role_by_arn.find(step.resource);
    if (it != role_by_arn.end()) {
      role_target = &roles[it->second];
      mode = ResourcePolicyMode::kTrust;
      resource_policy = role_target->trust.get();
      resource_account = role_target->role->account;
    }
  }
  if (entry != nullptr && entry->kind == ResourceEntry::Kind::kKey) {
    mode = ResourcePolicyMode::kKey;
  }

  CallFacts facts;
  FillTime(&facts);
  FillPrincipalFacts(*caller, &facts);
  FillResourceFacts(step.resource, resource_account, entry, &facts);
  if (role_target != nullptr) facts.resource_tags = &role_target->tags;
  CallResult first = Call(*caller, index, step.action, step.resource,
                          resource_account, entry, mode, resource_policy,
                          &step.context, facts);
  if (resource_account.empty() && options.explain) {
    Finding f;
    f.kind = Finding::Kind::kNote;
    f.message = absl::StrCat(
        "the account that owns ", step.resource,
        " is unknown (its ARN has none): it is treated as another account; "
        "list it under \"resources\" with an \"account\"");
    first.explanation.push_back(std::move(f));
  }
  out->decision = first.decision;
  out->calls.push_back(std::move(first));
  out->deciding_call = out->decision == Decision::kAllow
                           ? -1
                           : static_cast<int>(out->calls.size()) - 1;
  if (out->decision != Decision::kAllow) return absl::OkStatus();

  // GetSecretValue on a world secret: Secrets Manager decrypts with the
  // secret's key on the caller's behalf (docs/semantics.md#implied-decrypt).
  if (absl::EqualsIgnoreCase(action, aws::secretsmanager::kGetSecretValue) &&
      entry != nullptr &&
      entry->kind == ResourceEntry::Kind::kSecret) {
    const Secret& secret = *entry->secret;
    const ResourceEntry* key = FindResource(secret.kms_key);
    if (key == nullptr || key->kind != ResourceEntry::Kind::kKey) {
      return absl::InternalError(absl::StrCat(
          "secret ", secret.arn, " names key ", secret.kms_key,
          ", which the engine did not compile"));
    }
    const aws::secretsmanager::ImpliedDecrypt implied =
        aws::secretsmanager::ImpliedDecryptOf(secret.arn, secret.region,
                                              secret.version_id);
    CallFacts kf;
    FillTime(&kf);
    FillPrincipalFacts(*caller, &kf);
    FillResourceFacts(key->arn, key->account, key, &kf);
    kf.via_aws_service = "true";
    kf.kms_via_service = implied.via_service;
    kf.kms_caller_account = caller->facts.account;
    kf.kms_encryption_context = implied.encryption_context;
    kf.kms_ec_keys = implied.encryption_context_keys;
    kf.kms_encryption_algorithm = std::string(aws::kms::kSymmetricDefault);
    kf.drop_network_keys = true;
    CallResult decrypt = Call(*caller, index, std::string(aws::kms::kDecrypt),
                              key->arn,
                              key->account, key, ResourcePolicyMode::kKey,
                              key->policy.get(), &step.context, kf);
    Finding note;
    note.kind = Finding::Kind::kNote;
    note.message = absl::StrCat(
        "implied by secretsmanager:GetSecretValue: Secrets Manager calls "
        "kms:Decrypt on ",
        key->arn, key->key->aws_managed ? " (the AWS managed key aws/secretsmanager)"
                                        : "",
        " with the caller's identity, kms:ViaService=", kf.kms_via_service);
    decrypt.explanation.insert(decrypt.explanation.begin(), std::move(note));
    if (decrypt.decision != Decision::kAllow &&
        !key->key->aws_managed && options.explain) {
      Finding grants;
      grants.kind = Finding::Kind::kNote;
      grants.message = "KMS grants are not modelled";
      decrypt.explanation.push_back(std::move(grants));
    }
    out->decision = decrypt.decision;
    out->calls.push_back(std::move(decrypt));
    out->deciding_call = out->decision == Decision::kAllow
                             ? -1
                             : static_cast<int>(out->calls.size()) - 1;
  }
  return absl::OkStatus();
}

Engine::Engine(std::unique_ptr<EngineImpl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

absl::StatusOr<std::unique_ptr<Engine>> Engine::Create(
    World world, const EngineOptions& options) {
  auto impl = std::make_unique<EngineImpl>();
  impl->world = std::move(world);
  impl->options = options;
  IAMEVAL_RETURN_IF_ERROR(impl->Build());
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

const World& Engine::world() const { return impl_->world; }

absl::StatusOr<EvaluationResult> Engine::Evaluate(const Request& request) const {
  return EvaluateChain(absl::MakeConstSpan(&request, 1));
}

absl::StatusOr<EvaluationResult> Engine::EvaluateChain(
    absl::Span<const Step> steps) const {
  EvaluationResult out;
  if (steps.empty()) {
    return absl::InvalidArgumentError("a chain needs at least one step");
  }
  Caller caller;
  for (size_t i = 0; i < steps.size(); ++i) {
    EvaluationResult step_result;
    IAMEVAL_RETURN_IF_ERROR(impl_->RunStep(steps[i], static_cast<int>(i),
                                           &caller, &step_result));
    int base = static_cast<int>(out.calls.size());
    for (CallResult& c : step_result.calls) out.calls.push_back(std::move(c));
    out.decision = step_result.decision;
    if (out.decision != Decision::kAllow) {
      out.deciding_call = base + step_result.deciding_call;
      return out;
    }
  }
  out.deciding_call = -1;
  return out;
}

}  // namespace iameval
