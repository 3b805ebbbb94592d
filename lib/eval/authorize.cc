// iameval: offline AWS IAM policy evaluation.
//
// The decision rule of docs/semantics.md#decision. Decision first, in the
// order of that section: scan every layer once, explicit deny, RCP and SCP
// levels, the grant; the explanation builders (authorize_explain.cc) run
// beside it only when asked and never change the decision.

#include "eval/authorize.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "aws/principals.h"
#include "eval/authorize_internal.h"

namespace iameval {
namespace authorize_internal {

namespace {

Match MatchEntry(const PrincipalEntry& e, const PrincipalFacts& p) {
  using Kind = PrincipalEntry::Kind;
  using Type = PrincipalFacts::Type;
  switch (e.kind) {
    case Kind::kAnyone:
      return Match::kDirect;
    case Kind::kAccount:
      if (p.type == Type::kService || p.type == Type::kAnonymous) {
        return Match::kNone;
      }
      return e.value == p.account ? Match::kAccount : Match::kNone;
    case Kind::kArn:
      if (p.type == Type::kService || p.type == Type::kAnonymous) {
        return Match::kNone;
      }
      if (e.value == p.arn) return Match::kDirect;
      if (p.type == Type::kAssumedRole && e.value == p.role_arn) {
        return Match::kEntity;
      }
      return Match::kNone;
    case Kind::kService:
      return p.type == Type::kService && e.value == p.service ? Match::kService
                                                              : Match::kNone;
    case Kind::kFederated:
    case Kind::kCanonicalUser:
      // Web identity / SAML / S3 canonical users never make the calls that
      // iameval simulates (docs/semantics.md#principals).
      return Match::kNone;
  }
  return Match::kNone;
}

// True when a NotPrincipal list exempts the caller from a Deny: the list must
// name the caller and every parent AWS may check (its account, and for a
// session its role), and the caller must have no permissions boundary
// (docs/semantics.md#notprincipal; fail closed).
bool NotPrincipalExempts(const std::vector<PrincipalEntry>& entries,
                         const PrincipalFacts& p) {
  using Type = PrincipalFacts::Type;
  if (p.has_boundary) return false;
  bool self = false, account = false, role = false;
  for (const PrincipalEntry& e : entries) {
    Match m = MatchEntry(e, p);
    if (e.kind == PrincipalEntry::Kind::kAnyone) return true;
    if (m == Match::kAccount) account = true;
    if (m == Match::kEntity) role = true;
    if (m == Match::kDirect || m == Match::kService) self = true;
  }
  switch (p.type) {
    case Type::kRoot:
      return account;
    case Type::kAssumedRole:
      return self && role && account;
    case Type::kUser:
    case Type::kFederatedUser:
      return self && account;
    case Type::kService:
      return self;
    case Type::kAnonymous:
      return false;
  }
  return false;
}


// The element matches, inlined into Scan (the hot path); the explanation
// builders call the out-of-line wrappers below.
inline Classes PrincipalClassesImpl(const CompiledStatement& s,
                                    const PrincipalFacts& p) {
  switch (s.principal_mode) {
    case PrincipalMode::kNone:
      return Bit(Match::kDirect);
    case PrincipalMode::kPrincipal: {
      Classes c = 0;
      for (const PrincipalEntry& e : s.principals) {
        Match m = MatchEntry(e, p);
        if (m != Match::kNone) c |= Bit(m);
      }
      return c;
    }
    case PrincipalMode::kNotPrincipal:
      if (!s.allow) {
        return NotPrincipalExempts(s.principals, p) ? 0 : Bit(Match::kDirect);
      }
      // Allow + NotPrincipal (Parse rejects it; API-built policies only):
      // everyone not listed, like "*".
      for (const PrincipalEntry& e : s.principals) {
        if (MatchEntry(e, p) != Match::kNone) return 0;
      }
      return Bit(Match::kDirect);
  }
  return 0;
}

// Resource element match (docs/semantics.md#resources). Statements without
// one (trust policies) apply to the resource they are attached to. A
// Resource entry whose policy variable does not resolve matches nothing
// (AWS: "will not match any resource"). A NotResource entry that does not
// resolve cannot say what it excludes, so the statement's Effect decides
// (docs/semantics.md#unevaluable): an Allow does not apply, a Deny does.
inline bool ResourceMatchesImpl(const CompiledStatement& s,
                                const AuthzRequest& r) {
  if (!s.has_resource) return true;
  if (!s.not_resource) {
    for (const PatternTemplate* t : s.resources) {
      if (t->Match(*r.keys, r.resource, nullptr)) return true;
    }
    return false;
  }
  bool excluded = false;
  for (const PatternTemplate* t : s.resources) {
    bool unresolved = false;
    if (t->Match(*r.keys, r.resource, &unresolved)) excluded = true;
    if (unresolved) return !s.allow;
  }
  return !excluded;
}

// The condition block (docs/semantics.md#conditions); one that cannot be
// evaluated holds for a Deny and not for an Allow (#unevaluable).
bool ConditionsHold(const CompiledStatement& s, const KeyResolver& keys) {
  if (s.unevaluable_conditions) return !s.allow;
  for (const CompiledCondition* c : s.conditions) {
    if (!c->Evaluate(keys)) return false;
  }
  return true;
}

// Whether statement `s` applies to the request: action (unless the index
// already matched it), resource, principal (its classes in `*c`),
// conditions, in that order (docs/semantics.md#decision).
template <bool kCheckAction>
inline bool Applies(const CompiledStatement& s, const AuthzRequest& r,
                    Classes* c) {
  if (kCheckAction && !ActionMatches(s, r.action_lower)) return false;
  if (!ResourceMatchesImpl(s, r)) return false;
  *c = PrincipalClassesImpl(s, *r.principal);
  if (*c == 0) return false;
  return ConditionsHold(s, *r.keys);
}

// The explaining scan: every candidate of the layer in statement order,
// through the simple path (merged candidate list, full action match).
LayerScan Scan(const CompiledPolicySet* set, const AuthzRequest& r) {
  LayerScan out;
  if (set == nullptr) return out;
  out.set = set;
  CandidateList candidates;
  set->Candidates(r.action_lower, &candidates);
  const auto& statements = set->statements();
  for (uint32_t id : candidates) {
    const CompiledStatement& s = statements[id];
    Classes c;
    if (!Applies<true>(s, r, &c)) continue;
    if (s.allow) {
      out.allows.emplace_back(id, c);
      out.classes |= c;
    } else {
      out.denies.push_back(id);
    }
  }
  return out;
}

inline Scans ScanLayers(const Layers& layers, const AuthzRequest& r) {
  Scans s;
  if (layers.scps_apply) {
    for (const CompiledPolicySet* level : layers.scp_levels) {
      s.scp.push_back(Scan(level, r));
    }
  }
  if (layers.rcps_apply) {
    for (const CompiledPolicySet* level : layers.rcp_levels) {
      s.rcp.push_back(Scan(level, r));
    }
  }
  // Absent layers stay empty: no call for them.
  if (layers.resource_policy != nullptr) {
    s.resource = Scan(layers.resource_policy, r);
  }
  if (layers.identity != nullptr) s.identity = Scan(layers.identity, r);
  if (layers.boundary != nullptr) s.boundary = Scan(layers.boundary, r);
  if (layers.session != nullptr) s.session = Scan(layers.session, r);
  return s;
}

// The decision-only scan (the hot path): the same statements as Scan, read
// straight from the index buckets without a merged list, and exact-bucket
// statements without re-matching the action. Denies are scanned in full
// (they are reported); Allows stop as soon as the layer's answer cannot
// change: at the first applicable one, or for a resource policy at the
// first naming the caller directly (the strongest class, which every grant
// path accepts). A layer whose Allows do not matter (an RCP level:
// RCPFullAWSAccess is implied) skips them.
enum class AllowScan { kNone, kFirst, kUntilDirect };

template <bool kCheckAction>
void ScanDenies(const std::vector<CompiledStatement>& statements,
                const std::vector<uint32_t>& ids, const AuthzRequest& r,
                LayerScan* out) {
  for (uint32_t id : ids) {
    const CompiledStatement& s = statements[id];
    Classes c;
    if (!Applies<kCheckAction>(s, r, &c)) continue;
    if (s.in_several_buckets &&
        std::find(out->denies.begin(), out->denies.end(), id) !=
            out->denies.end()) {
      continue;
    }
    out->denies.push_back(id);
  }
}

// Returns true when the scan may stop.
template <bool kCheckAction>
bool ScanAllows(const std::vector<CompiledStatement>& statements,
                const std::vector<uint32_t>& ids, const AuthzRequest& r,
                AllowScan mode, LayerScan* out) {
  for (uint32_t id : ids) {
    const CompiledStatement& s = statements[id];
    Classes c;
    if (!Applies<kCheckAction>(s, r, &c)) continue;
    out->allows.emplace_back(id, c);
    out->classes |= c;
    if (mode == AllowScan::kFirst || Has(out->classes, Match::kDirect)) {
      return true;
    }
  }
  return false;
}

LayerScan QuickScan(const CompiledPolicySet* set, const AuthzRequest& r,
                    AllowScan allows) {
  LayerScan out;
  if (set == nullptr) return out;
  out.set = set;
  ActionBuckets buckets;
  set->FindBuckets(r.action_lower, &buckets);
  const auto& statements = set->statements();
  if (buckets.exact != nullptr) {
    ScanDenies<false>(statements, buckets.exact->deny, r, &out);
  }
  for (const StatementBucket* b : buckets.others) {
    ScanDenies<true>(statements, b->deny, r, &out);
  }
  // Reported in statement order, as the explaining scan reports them.
  if (out.denies.size() > 1) std::sort(out.denies.begin(), out.denies.end());
  if (allows == AllowScan::kNone || !out.denies.empty()) return out;
  if (buckets.exact != nullptr &&
      ScanAllows<false>(statements, buckets.exact->allow, r, allows, &out)) {
    return out;
  }
  for (const StatementBucket* b : buckets.others) {
    if (ScanAllows<true>(statements, b->allow, r, allows, &out)) break;
  }
  return out;
}

inline Scans QuickScanLayers(const Layers& layers, const AuthzRequest& r) {
  Scans s;
  if (layers.scps_apply) {
    for (const CompiledPolicySet* level : layers.scp_levels) {
      s.scp.push_back(QuickScan(level, r, AllowScan::kFirst));
    }
  }
  if (layers.rcps_apply) {
    for (const CompiledPolicySet* level : layers.rcp_levels) {
      s.rcp.push_back(QuickScan(level, r, AllowScan::kNone));
    }
  }
  if (layers.resource_policy != nullptr) {
    s.resource = QuickScan(layers.resource_policy, r, AllowScan::kUntilDirect);
  }
  if (layers.identity != nullptr) {
    s.identity = QuickScan(layers.identity, r, AllowScan::kFirst);
  }
  if (layers.boundary != nullptr) {
    s.boundary = QuickScan(layers.boundary, r, AllowScan::kFirst);
  }
  if (layers.session != nullptr) {
    s.session = QuickScan(layers.session, r, AllowScan::kFirst);
  }
  return s;
}

inline bool AnyDeny(const Scans& s) {
  for (const LayerScan& l : s.rcp) {
    if (!l.denies.empty()) return true;
  }
  for (const LayerScan& l : s.scp) {
    if (!l.denies.empty()) return true;
  }
  return !s.resource.denies.empty() || !s.identity.denies.empty() ||
         !s.boundary.denies.empty() || !s.session.denies.empty();
}

// The grant step (docs/semantics.md#decision, step 4).
inline Grant DecideGrant(const Layers& layers, const Scans& scans,
                  const AuthzRequest& r) {
  using Type = PrincipalFacts::Type;
  const PrincipalFacts& p = *r.principal;
  const Classes rp = scans.resource.classes;
  Grant g;
  g.identity_allows = p.type == Type::kRoot || scans.identity.any_allow();
  g.boundary_allows = layers.boundary == nullptr || scans.boundary.any_allow();
  g.session_allows = layers.session == nullptr || scans.session.any_allow();
  // An AWS-owned resource (account "aws", as arn:aws:iam::aws:policy/...) is
  // in no customer account, so it is never "another account": the caller's
  // policies decide (docs/semantics.md#aws-owned).
  g.same_account = !p.account.empty() &&
                   (p.account == r.resource_account ||
                    r.resource_account == aws::kAwsOwnedAccount);
  g.service_like = p.type == Type::kService || p.type == Type::kAnonymous;
  const bool limits_allow = g.boundary_allows && g.session_allows;
  if (g.service_like) {
    // Services and anonymous callers have no identity: only the resource
    // policy can grant (docs/semantics.md#service-principals).
    if (Has(rp, Match::kDirect) || Has(rp, Match::kService)) {
      g.path = Path::kService;
    }
    g.needed_rp = true;
  } else if (g.same_account && !layers.identity_required) {
    const bool generic = layers.mode == ResourcePolicyMode::kGeneric;
    if (Has(rp, Match::kDirect)) {
      g.path = Path::kDirect;
    } else if (Has(rp, Match::kEntity) && limits_allow) {
      g.path = Path::kEntity;
    } else if (generic && g.identity_allows && limits_allow) {
      g.path = Path::kIdentity;
    } else if (!generic && Has(rp, Match::kAccount) && g.identity_allows &&
               limits_allow) {
      // Trust and key policies in-account must allow themselves, directly,
      // via the role (limited), or by delegating to the account together
      // with an identity Allow (docs/semantics.md#trust, #key).
      g.path = Path::kDelegation;
    }
    g.needed_rp = !generic;
    g.needed_identity = generic ? !Has(rp, Match::kEntity)
                                : Has(rp, Match::kAccount);
  } else {
    // Cross-account, or a call that needs the caller's policy in any case:
    // both sides (docs/semantics.md#cross-account).
    if (rp != 0 && g.identity_allows && limits_allow) {
      g.path = Path::kBothSides;
    }
    g.needed_rp = true;
    g.needed_identity = true;
  }
  return g;
}

}  // namespace

Classes PrincipalClasses(const CompiledStatement& s, const PrincipalFacts& p) {
  return PrincipalClassesImpl(s, p);
}

bool ResourceMatches(const CompiledStatement& s, const AuthzRequest& r) {
  return ResourceMatchesImpl(s, r);
}

}  // namespace authorize_internal

namespace ai = authorize_internal;

CallResult Authorize(const Layers& layers, const AuthzRequest& r,
                     bool explain) {
  CallResult result;
  result.principal = r.principal->arn;
  result.action = std::string(r.action);
  result.resource = std::string(r.resource);
  result.decision = Decision::kImplicitDeny;
  std::vector<Finding>* ex = &result.explanation;
  const ai::Scans scans =
      explain ? ai::ScanLayers(layers, r) : ai::QuickScanLayers(layers, r);

  // Step 1: an applicable Deny in any layer (docs/semantics.md#explicit-deny).
  // The deciding statements are reported whether or not `explain` is set.
  if (ai::AnyDeny(scans)) {
    result.decision = Decision::kExplicitDeny;
    ai::ExplainDenies(scans, r, explain, ex);
    return result;
  }
  // Step 2: RCPs. RCPFullAWSAccess is implied at every level, so a level
  // always has an Allow and only Denies (step 1) can stop the request.
  // Step 3: SCPs: every level needs an applicable Allow.
  bool scp_ok = true;
  for (const ai::LayerScan& level : scans.scp) {
    if (level.any_allow()) continue;
    scp_ok = false;
    if (explain) ai::ExplainScpLevel(*level.set, r, ex);
  }
  if (!scp_ok) return result;
  // Step 4: the grant.
  const ai::Grant grant = ai::DecideGrant(layers, scans, r);
  if (grant.path != ai::Path::kNone) {
    result.decision = Decision::kAllow;
    if (explain) ai::ExplainAllow(layers, scans, grant, r, ex);
    return result;
  }
  if (explain) ai::ExplainMissingGrant(layers, scans, grant, r, ex);
  return result;
}

}  // namespace iameval
