// iameval: offline AWS IAM policy evaluation.

#include "eval/calls.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "arn/arn.h"
#include "aws/actions.h"
#include "aws/condition_keys.h"
#include "aws/kms.h"
#include "aws/limits.h"
#include "aws/principals.h"
#include "aws/secretsmanager.h"
#include "aws/sts.h"
#include "base/status_macros.h"
#include "base/source.h"
#include "condition/value.h"
#include "eval/authorize.h"
#include "eval/request_keys.h"
#include "explain/hints.h"
#include "explain/layers.h"

namespace iameval {

namespace {

using Type = PrincipalFacts::Type;

Decision Worst(Decision a, Decision b) {
  auto rank = [](Decision d) {
    return d == Decision::kExplicitDeny ? 2 : d == Decision::kImplicitDeny ? 1
                                                                           : 0;
  };
  return rank(a) >= rank(b) ? a : b;
}

// The resource side of one authorisation call.
// Views into the step, the caller or the world, which outlive the call.
struct Target {
  absl::string_view arn;      // the resource ARN, or "*"
  absl::string_view account;  // "" when unknown (an ARN without account)
  const ResourceEntry* entry = nullptr;  // null: not in the world
  ResourcePolicyMode mode = ResourcePolicyMode::kGeneric;
  const CompiledPolicySet* policy = nullptr;  // the resource-based policy
  bool identity_required = false;             // Layers::identity_required
};

Finding Note(std::string message) {
  Finding f;
  f.kind = Finding::Kind::kNote;
  f.message = std::move(message);
  return f;
}

// Runs one step; see RunStep in calls.h.
class StepRunner {
 public:
  StepRunner(const CompiledWorld& world, const EvaluateOptions& options,
             const Step& step, int index, EvaluationResult* out)
      : world_(world), options_(options), step_(step), index_(index),
        out_(out) {}

  absl::Status Run(Caller* caller, std::vector<std::string>* overrides);

 private:
  absl::Status AssumeRole(Caller* caller);
  CallFacts AssumeRoleFacts(const Caller& caller, const RoleEntry& role,
                            const std::string& session_name,
                            const std::string& source_identity,
                            const TagMap& request_tags) const;
  absl::Status BecomeSession(const RoleEntry& role,
                             const std::string& session_name,
                             const std::string& source_identity,
                             Caller* caller) const;
  absl::StatusOr<Target> ResolveTarget(const Caller& caller) const;
  // The kms:Decrypt behind GetSecretValue on `secret` (listed or not).
  absl::Status SecretRead(const Caller& caller, const Target& secret);
  // Authorises that kms:Decrypt on `key`; `assumed` is a note about what
  // was assumed of an unlisted secret ("" for a listed one).
  void ImpliedDecrypt(const Caller& caller, absl::string_view secret_arn,
                      absl::string_view region, absl::string_view version_id,
                      const ResourceEntry& key, std::string assumed);

  void FillTime(CallFacts* f) const;
  void FillResourceFacts(const Target& t, CallFacts* f) const;
  void FillServiceFacts(absl::string_view action, const Caller& caller,
                        CallFacts* f) const;
  Layers MakeLayers(const Caller& c, const Target& t) const;
  CallResult Call(const Caller& c, absl::string_view action, const Target& t,
                  const CallFacts& facts) const;
  // A call the service refuses before reading any policy (implicit_deny with
  // an invalid_request finding).
  CallResult InvalidRequest(const Caller& caller, absl::string_view layer,
                            std::string why) const;
  // Appends `r` and makes it the step's decision.
  void Decide(CallResult r);

  const CompiledWorld& world_;
  const EvaluateOptions& options_;
  const Step& step_;
  const int index_;
  EvaluationResult* out_;
  ResolvedContext context_;  // step_.context, resolved once by Run
};

void StepRunner::FillTime(CallFacts* f) const {
  if (world_.now_iso() != nullptr) {
    f->current_time = world_.now_iso();
    f->epoch_time = world_.now_epoch();
    return;
  }
  absl::Time now = absl::Now();
  f->clock_time = IsoTime(now);
  f->clock_epoch = absl::StrCat(absl::ToUnixSeconds(now));
  f->current_time = &f->clock_time;
  f->epoch_time = &f->clock_epoch;
}

// The keys a service puts on every request for `action`
// (docs/semantics.md#kms-keys).
void StepRunner::FillServiceFacts(absl::string_view action,
                                  const Caller& caller, CallFacts* f) const {
  if (aws::kms::CarriesCallerAccount(action)) {
    f->kms_caller_account = caller.facts.account;
  }
  if (aws::kms::CarriesEncryptionAlgorithm(action)) {
    f->kms_encryption_algorithm = std::string(aws::kms::kSymmetricDefault);
  }
}

void StepRunner::FillResourceFacts(const Target& t, CallFacts* f) const {
  f->resource_account = std::string(t.account);
  if (const AccountEntry* a = world_.FindAccount(t.account)) {
    f->resource_org_id = a->account->org_id;
    f->resource_org_paths = &a->account->org_paths;
  }
  absl::string_view parts[6];
  if (SplitArn(t.arn, parts) && parts[0] == "arn") {
    f->requested_region = std::string(
        parts[2] == "iam" ? absl::string_view("us-east-1") : parts[3]);
    f->resource_service = std::string(parts[2]);
  }
  if (t.entry != nullptr) {
    f->resource_tags = &t.entry->tags;
    if (t.entry->kind == ResourceEntry::Kind::kSecret) {
      f->secret_id = t.entry->arn;
    }
    if (t.entry->kind == ResourceEntry::Kind::kKey) {
      f->resource_aliases = &t.entry->key->aliases;
    }
  }
}

Layers StepRunner::MakeLayers(const Caller& c, const Target& t) const {
  Layers l;
  l.mode = t.mode;
  l.identity_required = t.identity_required;
  l.resource_policy = t.policy;
  if (c.role != nullptr) {
    l.identity = c.role->identity.get();
    l.boundary = c.role->boundary.get();
    l.session = c.session_policy.get();
  } else if (c.user != nullptr) {
    l.identity = c.user->identity.get();
    l.boundary = c.user->boundary.get();
  }
  const bool service_linked = c.role != nullptr && c.role->service_linked;
  // SCPs: the principal's account, unless management, service-linked role
  // or service principal (docs/semantics.md#scps).
  if (c.facts.type != Type::kService && c.facts.type != Type::kAnonymous &&
      !service_linked) {
    const AccountEntry* a = world_.FindAccount(c.facts.account);
    if (a != nullptr && a->account->scps.has_value() &&
        !a->account->management) {
      l.scps_apply = true;
      for (const auto& s : a->scp_levels) l.scp_levels.push_back(s.get());
    }
  }
  // RCPs: the resource's account, unless management, an AWS managed key, a
  // service-linked role as the resource or as the caller
  // (docs/semantics.md#rcps).
  const bool managed_key = t.entry != nullptr &&
                           t.entry->kind == ResourceEntry::Kind::kKey &&
                           t.entry->key->aws_managed;
  const bool service_linked_resource =
      t.entry != nullptr ? t.entry->service_linked
                         : aws::IsServiceLinkedRoleArn(t.arn);
  if (!managed_key && !service_linked && !service_linked_resource) {
    const AccountEntry* a = world_.FindAccount(t.account);
    if (a != nullptr && a->account->rcps.has_value() &&
        !a->account->management) {
      l.rcps_apply = true;
      for (const auto& s : a->rcp_levels) l.rcp_levels.push_back(s.get());
    }
  }
  return l;
}

CallResult StepRunner::Call(const Caller& c, absl::string_view action,
                            const Target& t, const CallFacts& facts) const {
  Layers layers = MakeLayers(c, t);
  RequestKeys keys(&context_, &facts);
  AuthzRequest r;
  r.principal = &c.facts;
  r.action = action;
  r.action_lower = absl::AsciiStrToLower(action);
  r.resource = t.arn;
  r.resource_account = t.account;
  r.keys = &keys;
  CallResult result = Authorize(layers, r, options_.explain);
  result.step = index_;
  return result;
}

CallResult StepRunner::InvalidRequest(const Caller& caller,
                                      absl::string_view layer,
                                      std::string why) const {
  CallResult failed;
  failed.step = index_;
  failed.principal = caller.facts.arn;
  failed.action = step_.action;
  failed.resource = step_.resource;
  failed.decision = Decision::kImplicitDeny;
  Finding f;
  f.kind = Finding::Kind::kInvalidRequest;
  f.layer = std::string(layer);
  f.message = std::move(why);
  failed.explanation.push_back(std::move(f));
  return failed;
}

void StepRunner::Decide(CallResult r) {
  out_->decision = r.decision;
  out_->calls.push_back(std::move(r));
  out_->deciding_call = out_->decision == Decision::kAllow
                            ? -1
                            : static_cast<int>(out_->calls.size()) - 1;
}

absl::Status StepRunner::Run(Caller* caller,
                             std::vector<std::string>* overrides) {
  if (absl::Status s = aws::CheckRequestAction(step_.action); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("step ", index_, ": action: ", s.message()));
  }
  if (step_.resource.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("step ", index_, ": resource is empty"));
  }
  for (const auto& [field, arn] :
       {std::pair<const char*, const std::string*>{"principal",
                                                   &step_.principal},
        {"resource", &step_.resource}}) {
    if (arn->size() > aws::kMaxArnBytes) {
      return absl::InvalidArgumentError(absl::StrCat(
          "step ", index_, ": ", field, ": found ", arn->size(),
          " bytes; expected ", aws::kArnTooLong));
    }
  }
  context_ = ResolveContext(step_.context);
  for (size_t i = 0; i < context_.size(); ++i) {
    const Context::Entry& e = step_.context.entries()[i];
    const aws::ConditionKeyInfo* info = context_[i].info;
    for (const std::string& v : e.value.values) {
      if (std::string want = RequestValueProblem(info, v); !want.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("step ", index_, ": context: ", e.key, ": found ",
                         Quote(v, 200), "; expected ", want));
      }
    }
    if (overrides != nullptr && info != nullptr && aws::IsDerivedFact(*info) &&
        std::find(overrides->begin(), overrides->end(), e.key) ==
            overrides->end()) {
      overrides->push_back(e.key);
    }
  }
  if (!step_.principal.empty()) {
    IAMEVAL_ASSIGN_OR_RETURN(*caller, ResolveCaller(world_, step_.principal));
  } else if (index_ == 0) {
    return absl::InvalidArgumentError("the first step needs a principal");
  }
  // Actions are case-insensitive (Call lowercases once for matching).
  const absl::string_view action = step_.action;
  if (absl::EqualsIgnoreCase(action, aws::sts::kAssumeRole)) {
    return AssumeRole(caller);
  }
  if (aws::sts::NeedsNoPermission(action)) {
    // Answered without any authorisation (docs/semantics.md#no-permission).
    CallResult r;
    r.step = index_;
    r.principal = caller->facts.arn;
    r.action = step_.action;
    r.resource = step_.resource;
    r.decision = Decision::kAllow;
    r.explanation.push_back(Note(absl::StrCat(
        step_.action, " needs no permission: AWS answers it even when a "
        "policy denies it (STS API Reference)")));
    Decide(std::move(r));
    return absl::OkStatus();
  }
  if (std::string why = aws::kms::ReservedAliasProblem(action, step_.resource);
      !why.empty()) {
    Decide(InvalidRequest(*caller, explain::kKmsRequestLayer, std::move(why)));
    return absl::OkStatus();
  }
  IAMEVAL_ASSIGN_OR_RETURN(Target target, ResolveTarget(*caller));
  CallFacts facts;
  FillTime(&facts);
  FillPrincipalFacts(world_, *caller, &facts);
  FillResourceFacts(target, &facts);
  FillServiceFacts(action, *caller, &facts);
  CallResult first = Call(*caller, step_.action, target, facts);
  if (target.account.empty() && options_.explain) {
    first.explanation.push_back(Note(absl::StrCat(
        "the account that owns ", step_.resource,
        " is unknown (its ARN has none): it is treated as another account; "
        "list it under \"resources\" with an \"account\"")));
  }
  Decide(std::move(first));
  if (out_->decision != Decision::kAllow) return absl::OkStatus();

  // GetSecretValue: Secrets Manager decrypts with the secret's key on the
  // caller's behalf (docs/semantics.md#implied-decrypt).
  if (absl::EqualsIgnoreCase(action, aws::secretsmanager::kGetSecretValue)) {
    return SecretRead(*caller, target);
  }
  return absl::OkStatus();
}

absl::StatusOr<Target> StepRunner::ResolveTarget(const Caller& caller) const {
  Target t;
  t.arn = step_.resource;
  t.entry = world_.FindResource(step_.resource);
  if (t.entry != nullptr) {
    t.account = t.entry->account;
    t.policy = t.entry->policy.get();
    if (t.entry->kind == ResourceEntry::Kind::kKey) {
      t.mode = ResourcePolicyMode::kKey;
    }
  } else if (step_.resource != "*") {
    ArnView arn;
    absl::Status valid = CheckArn(step_.resource, &arn);
    if (!valid.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("step ", index_, ": resource: ", valid.message()));
    }
    t.account = arn.account;
    // A KMS key always has a key policy, and only the key policy can grant
    // its use: a key the world does not list is a key whose policy names no
    // one, so an identity Allow alone grants nothing (fail closed,
    // docs/semantics.md#unlisted-key). The aws/secretsmanager key of an
    // account is the one the engine creates.
    ArnView key;
    if (aws::kms::CheckKeyArn(step_.resource, &key).ok()) {
      t.mode = ResourcePolicyMode::kKey;
      if (key.resource.substr(4) == aws::kms::kSecretsManagerKeyId) {
        IAMEVAL_ASSIGN_OR_RETURN(
            t.entry,
            world_.ManagedKeyFor(key.partition, key.region, key.account));
        t.policy = t.entry->policy.get();
      }
    }
  } else {
    // Actions without resource-level permissions: the caller's account
    // (docs/semantics.md#no-resource).
    t.account = caller.facts.account;
  }
  // Trust policies govern the other sts:AssumeRole* style actions on a role.
  if (absl::StartsWithIgnoreCase(step_.action, aws::sts::kServicePrefix)) {
    if (const RoleEntry* role = world_.FindRole(step_.resource)) {
      t.entry = &role->as_resource;
      t.mode = ResourcePolicyMode::kTrust;
      t.policy = role->trust.get();
      t.account = role->role->account;
    }
  }
  return t;
}

absl::Status StepRunner::SecretRead(const Caller& caller,
                                    const Target& secret) {
  if (secret.entry != nullptr &&
      secret.entry->kind == ResourceEntry::Kind::kSecret) {
    const Secret& s = *secret.entry->secret;
    ImpliedDecrypt(caller, s.arn, s.region, s.version_id,
                   *secret.entry->secret_key, "");
    return absl::OkStatus();
  }
  // A secret the world does not list: no resource policy, no tags, and the
  // AWS managed key of its account and region (docs/semantics.md#unlisted).
  // Anything that is not a secret ARN has no key to decrypt with.
  ArnView arn;
  if (!aws::secretsmanager::CheckSecretArn(secret.arn, &arn).ok()) {
    return absl::OkStatus();
  }
  const std::string region(arn.region);
  const std::string account(arn.account);
  std::string assumed = absl::StrCat(
      secret.arn, " is not listed in the world: assumed to have no resource "
      "policy, no tags and the AWS managed key aws/secretsmanager of account ",
      account, " in ", region, " (list it under \"secrets\" to say otherwise)");
  IAMEVAL_ASSIGN_OR_RETURN(
      const ResourceEntry* key,
      world_.ManagedKeyFor(arn.partition, region, account));
  ImpliedDecrypt(caller, secret.arn, region, "", *key, std::move(assumed));
  return absl::OkStatus();
}

void StepRunner::ImpliedDecrypt(const Caller& caller,
                                absl::string_view secret_arn,
                                absl::string_view region,
                                absl::string_view version_id,
                                const ResourceEntry& key, std::string assumed) {
  Target t;
  t.arn = key.arn;
  t.account = key.account;
  t.entry = &key;
  t.mode = ResourcePolicyMode::kKey;
  t.policy = key.policy.get();
  aws::secretsmanager::ImpliedDecrypt implied =
      aws::secretsmanager::ImpliedDecryptOf(secret_arn, region, version_id);
  CallFacts kf;
  FillTime(&kf);
  FillPrincipalFacts(world_, caller, &kf);
  FillResourceFacts(t, &kf);
  kf.via_aws_service = "true";
  FillServiceFacts(aws::kms::kDecrypt, caller, &kf);
  kf.kms_via_service = std::move(implied.via_service);
  kf.kms_encryption_context = std::move(implied.encryption_context);
  kf.kms_ec_keys = std::move(implied.encryption_context_keys);
  kf.forward_access = true;
  CallResult decrypt = Call(caller, aws::kms::kDecrypt, t, kf);
  std::vector<Finding> notes;
  notes.push_back(Note(absl::StrCat(
      "implied by secretsmanager:GetSecretValue: Secrets Manager calls "
      "kms:Decrypt on ",
      key.arn,
      key.key->aws_managed ? " (the AWS managed key aws/secretsmanager)" : "",
      " with the caller's identity, kms:ViaService=", kf.kms_via_service)));
  if (!assumed.empty()) notes.push_back(Note(std::move(assumed)));
  if (decrypt.decision != Decision::kAllow && key.key->aws_managed) {
    // The trap the Secrets Manager guide warns about: the managed key
    // across accounts. Its fix goes on the key policy's missing Allow.
    for (Finding& f : decrypt.explanation) {
      if (f.kind != Finding::Kind::kMissingAllow ||
          explain::LayerKindOf(f.layer) != "key_policy") {
        continue;
      }
      f.hint = explain::ManagedKeyCrossAccountHint(caller.facts.account,
                                                   secret_arn, key.account);
    }
  }
  decrypt.explanation.insert(decrypt.explanation.begin(),
                             std::make_move_iterator(notes.begin()),
                             std::make_move_iterator(notes.end()));
  if (decrypt.decision != Decision::kAllow && !key.key->aws_managed &&
      options_.explain) {
    decrypt.explanation.push_back(Note("KMS grants are not modelled"));
  }
  Decide(std::move(decrypt));
}

CallFacts StepRunner::AssumeRoleFacts(const Caller& caller,
                                      const RoleEntry& role,
                                      const std::string& session_name,
                                      const std::string& source_identity,
                                      const TagMap& request_tags) const {
  CallFacts facts;
  FillTime(&facts);
  FillPrincipalFacts(world_, caller, &facts);
  Target t;
  t.arn = role.role->arn;
  t.account = role.role->account;
  t.entry = &role.as_resource;
  // aws:ResourceTag/* is the target role's own tags: incoming transitive
  // tags change only the new session's aws:PrincipalTag/*
  // (docs/semantics.md#assumerole-context).
  FillResourceFacts(t, &facts);
  facts.role_session_name = session_name;
  if (step_.external_id.has_value()) facts.external_id = *step_.external_id;
  if (!source_identity.empty()) facts.sts_source_identity = source_identity;
  for (const auto& [k, v] : step_.session_tags) facts.tag_keys.push_back(k);
  facts.request_tags = &request_tags;
  facts.has_tag_keys = !step_.session_tags.empty();
  facts.transitive_tag_keys = step_.transitive_tag_keys;
  facts.has_transitive_tag_keys = !step_.transitive_tag_keys.empty();
  return facts;
}

absl::Status StepRunner::AssumeRole(Caller* caller) {
  const RoleEntry* role = world_.FindRole(step_.resource);
  if (role == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "sts:AssumeRole resource ", step_.resource,
        " is not a role of the world (its trust policy is needed)"));
  }
  // STS validation (docs/semantics.md#assumerole-validation): the call fails
  // before or regardless of policy.
  aws::sts::Caller sts_caller;
  sts_caller.root = caller->facts.type == Type::kRoot;
  sts_caller.role_session = caller->facts.type == Type::kAssumedRole;
  sts_caller.transitive = &caller->transitive;
  sts_caller.source_identity = caller->source_identity;
  std::string invalid = aws::sts::ValidateAssumeRole(
      step_, sts_caller, role->role->max_session_duration);
  if (!invalid.empty()) {
    Decide(InvalidRequest(*caller, explain::kStsRequestLayer,
                          std::move(invalid)));
    return absl::OkStatus();
  }
  const std::string session_name = step_.session_name.value_or(
      std::string(aws::sts::kDefaultSessionName));
  const std::string source_identity =
      aws::sts::SourceIdentity(step_, sts_caller);
  const TagMap request_tags = aws::MakeTagMap(step_.session_tags);
  const CallFacts facts = AssumeRoleFacts(*caller, *role, session_name,
                                          source_identity, request_tags);
  Target t;
  t.arn = role->role->arn;
  t.account = role->role->account;
  t.entry = &role->as_resource;
  t.mode = ResourcePolicyMode::kTrust;
  t.policy = role->trust.get();
  // The step's decision is the worst of its authorisations
  // (docs/semantics.md#assumerole-context).
  Decision decision = Decision::kAllow;
  int deciding = -1;
  for (const std::string& action :
       aws::sts::AuthorizationsOf(step_, source_identity)) {
    t.identity_required = aws::sts::NeedsCallerPolicy(action, sts_caller);
    CallResult r = Call(*caller, action, t, facts);
    Decision before = decision;
    decision = Worst(decision, r.decision);
    out_->calls.push_back(std::move(r));
    if (decision != before || (deciding < 0 && decision != Decision::kAllow)) {
      deciding = static_cast<int>(out_->calls.size()) - 1;
    }
  }
  out_->decision = decision;
  out_->deciding_call = decision == Decision::kAllow ? -1 : deciding;
  if (decision != Decision::kAllow) return absl::OkStatus();
  return BecomeSession(*role, session_name, source_identity, caller);
}

absl::Status StepRunner::BecomeSession(const RoleEntry& role,
                                       const std::string& session_name,
                                       const std::string& source_identity,
                                       Caller* caller) const {
  // The new session (docs/semantics.md#sessions).
  Caller next;
  next.role = &role;
  next.session_name = session_name;
  next.facts.type = Type::kAssumedRole;
  next.facts.account = role.role->account;
  next.facts.role_arn = role.role->arn;
  next.facts.arn = role.session_prefix + session_name;
  next.facts.has_boundary = role.boundary != nullptr;
  aws::sts::SessionTags tags =
      aws::sts::NewSessionTags(step_, caller->transitive);
  next.session_tags = std::move(tags.session_tags);
  next.transitive = std::move(tags.transitive);
  next.source_identity = source_identity;
  if (step_.session_policy.has_value()) {
    IAMEVAL_ASSIGN_OR_RETURN(
        auto set,
        CompileSet({*step_.session_policy},
                   absl::StrCat(explain::kSessionLayer, next.facts.arn)));
    next.session_policy = std::move(set);
  }
  *caller = std::move(next);
  return absl::OkStatus();
}

}  // namespace

absl::Status RunStep(const CompiledWorld& world, const EvaluateOptions& options,
                     const Step& step, int index, Caller* caller,
                     EvaluationResult* out,
                     std::vector<std::string>* overrides) {
  return StepRunner(world, options, step, index, out).Run(caller, overrides);
}

}  // namespace iameval
