// iameval: offline AWS IAM policy evaluation.
//
// The decision rule of docs/semantics.md#decision, one function per step.

#include "eval/authorize.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace iameval {

namespace {

// How a statement's Principal element matched the caller
// (docs/semantics.md#principal-classes). Ordered weakest to strongest for
// Allow classification; kNone means no match.
enum class Match : uint8_t {
  kNone,
  kAccount,  // the caller's account (a delegation: needs an identity Allow)
  kEntity,   // the caller's role ARN: limited by boundary and session policy
  kService,  // the calling AWS service principal
  kDirect,   // "*", the exact session / user / federated-user ARN
};

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

// The set of classes (bits of Match) in which the statement's Principal /
// NotPrincipal element matches the caller; 0 when it does not. A statement
// can name the caller several ways (its role and its account). Identity-type
// statements (no Principal element) match their owner directly.
using Classes = uint8_t;

constexpr Classes Bit(Match m) {
  return static_cast<Classes>(1u << static_cast<unsigned>(m));
}
constexpr bool Has(Classes c, Match m) { return (c & Bit(m)) != 0; }

Classes PrincipalClasses(const CompiledStatement& s, const PrincipalFacts& p) {
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
// one (trust policies) apply to the resource they are attached to. An entry
// whose policy variable does not resolve matches nothing; in NotResource it
// excludes nothing.
bool ResourceMatches(const CompiledStatement& s, const AuthzRequest& r) {
  if (!s.has_resource) return true;
  bool any = false;
  for (const PatternTemplate& t : s.resources) {
    bool unresolved = false;
    if (t.Match(*r.keys, r.resource, &unresolved)) {
      any = true;
      break;
    }
  }
  return s.not_resource ? !any : any;
}

bool ConditionsHold(const CompiledStatement& s, const KeyResolver& keys) {
  for (const CompiledCondition& c : s.conditions) {
    if (!c.Evaluate(keys)) return false;
  }
  return true;
}

// Result of scanning one layer for one request.
struct LayerScan {
  std::vector<uint32_t> denies;
  std::vector<std::pair<uint32_t, Classes>> allows;  // statement, classes
  Classes classes = 0;  // union over `allows`
  bool any_allow() const { return !allows.empty(); }
};

LayerScan Scan(const CompiledPolicySet& set, const AuthzRequest& r) {
  LayerScan out;
  CandidateList candidates;
  set.Candidates(r.action_lower, &candidates);
  const auto& statements = set.statements();
  for (uint32_t id : candidates) {
    const CompiledStatement& s = statements[id];
    if (!ActionMatches(s, r.action_lower)) continue;
    if (!ResourceMatches(s, r)) continue;
    Classes c = PrincipalClasses(s, *r.principal);
    if (c == 0) continue;
    if (!ConditionsHold(s, *r.keys)) continue;
    if (s.allow) {
      out.allows.emplace_back(id, c);
      out.classes |= c;
    } else {
      out.denies.push_back(id);
    }
  }
  return out;
}

Finding StatementFinding(Finding::Kind kind, const CompiledPolicySet& set,
                         uint32_t id, std::string message) {
  Finding f;
  f.kind = kind;
  f.layer = set.label();
  f.statement = set.statements()[id].ref;
  f.message = std::move(message);
  return f;
}

// Near misses of one layer: Allow statements whose action matched but that
// failed on resource, principal or conditions. Slow path, explain only.
void AddNearMisses(const CompiledPolicySet& set, const AuthzRequest& r,
                   std::vector<Finding>* out) {
  CandidateList candidates;
  set.Candidates(r.action_lower, &candidates);
  for (uint32_t id : candidates) {
    const CompiledStatement& s = set.statements()[id];
    if (!s.allow || !ActionMatches(s, r.action_lower)) continue;
    Finding f = StatementFinding(Finding::Kind::kNearMiss, set, id, "");
    if (!ResourceMatches(s, r)) {
      std::vector<std::string> patterns;
      if (s.source != nullptr) patterns = s.source->resources;
      f.message = absl::StrCat(
          "allows ", r.action, ", but its ",
          s.not_resource ? "NotResource" : "Resource", " [",
          absl::StrJoin(patterns, ", "), "] does not ",
          s.not_resource ? "exclude" : "match", " ", r.resource,
          " (resources are case-sensitive; a policy variable that does not "
          "resolve matches nothing)");
      out->push_back(std::move(f));
      continue;
    }
    if (PrincipalClasses(s, *r.principal) == 0) {
      f.message = absl::StrCat("allows ", r.action,
                               ", but its Principal does not name ",
                               r.principal->arn);
      out->push_back(std::move(f));
      continue;
    }
    for (const CompiledCondition& c : s.conditions) {
      ConditionTrace t = c.Explain(*r.keys);
      if (t.result) continue;
      ConditionDetail d;
      d.op = std::move(t.op);
      d.key = std::move(t.key);
      d.policy_values = std::move(t.policy_values);
      d.request_values = std::move(t.request_values);
      d.key_present = t.key_present;
      d.reason = std::move(t.reason);
      f.conditions.push_back(std::move(d));
    }
    if (f.conditions.empty()) continue;  // it applied after all
    std::vector<std::string> failed;
    for (const ConditionDetail& d : f.conditions) {
      failed.push_back(absl::StrCat(d.op, " ", d.key));
    }
    f.message = absl::StrCat("allows ", r.action, " on ", r.resource,
                             ", but its condition ",
                             absl::StrJoin(failed, " and "), " does not hold");
    out->push_back(std::move(f));
  }
}

void MissingAllow(const std::string& layer, std::string message,
                  std::vector<Finding>* out) {
  Finding f;
  f.kind = Finding::Kind::kMissingAllow;
  f.layer = layer;
  f.message = std::move(message);
  out->push_back(std::move(f));
}

}  // namespace

CallResult Authorize(const Layers& layers, const AuthzRequest& r,
                     bool explain) {
  CallResult result;
  result.principal = r.principal->arn;
  result.action = std::string(r.action);
  result.resource = std::string(r.resource);
  result.decision = Decision::kImplicitDeny;
  std::vector<Finding>& ex = result.explanation;
  const PrincipalFacts& p = *r.principal;
  using Type = PrincipalFacts::Type;

  // Step 0: scan every layer once.
  struct Scanned {
    const CompiledPolicySet* set;
    LayerScan scan;
  };
  std::vector<Scanned> scp, rcp;
  if (layers.scps_apply) {
    for (const CompiledPolicySet* s : layers.scp_levels) {
      scp.push_back({s, Scan(*s, r)});
    }
  }
  if (layers.rcps_apply) {
    for (const CompiledPolicySet* s : layers.rcp_levels) {
      rcp.push_back({s, Scan(*s, r)});
    }
  }
  auto scan_opt = [&](const CompiledPolicySet* s) {
    return s == nullptr ? LayerScan() : Scan(*s, r);
  };
  LayerScan rp = scan_opt(layers.resource_policy);
  LayerScan id = scan_opt(layers.identity);
  LayerScan pb = scan_opt(layers.boundary);
  LayerScan sp = scan_opt(layers.session);

  // Step 1: explicit deny anywhere (docs/semantics.md#explicit-deny).
  auto collect_denies = [&](const CompiledPolicySet* set, const LayerScan& s) {
    for (uint32_t d : s.denies) {
      ex.push_back(StatementFinding(
          Finding::Kind::kDeniedBy, *set, d,
          absl::StrCat("denies ", r.action, " on ", r.resource)));
    }
  };
  for (const Scanned& s : rcp) collect_denies(s.set, s.scan);
  for (const Scanned& s : scp) collect_denies(s.set, s.scan);
  if (layers.resource_policy) collect_denies(layers.resource_policy, rp);
  if (layers.identity) collect_denies(layers.identity, id);
  if (layers.boundary) collect_denies(layers.boundary, pb);
  if (layers.session) collect_denies(layers.session, sp);
  if (!ex.empty()) {
    result.decision = Decision::kExplicitDeny;
    return result;
  }

  // Step 2: RCPs. RCPFullAWSAccess is implied at every level, so a level
  // always has an Allow and only Denies (step 1) can stop the request.

  // Step 3: SCPs: every level needs an applicable Allow.
  bool scp_ok = true;
  for (size_t i = 0; i < scp.size(); ++i) {
    if (scp[i].scan.any_allow()) continue;
    scp_ok = false;
    if (explain) {
      MissingAllow(scp[i].set->label(),
                   absl::StrCat("no statement of ", scp[i].set->label(),
                                " allows ", r.action,
                                ": every SCP level must allow"),
                   &ex);
      AddNearMisses(*scp[i].set, r, &ex);
    }
  }
  if (!scp_ok) return result;

  // Step 4: the grant.
  const bool is_root = p.type == Type::kRoot;
  const bool identity_allows = is_root || id.any_allow();
  const bool boundary_allows = layers.boundary == nullptr || pb.any_allow();
  const bool session_allows = layers.session == nullptr || sp.any_allow();
  const bool limits_allow = boundary_allows && session_allows;
  const bool rp_direct = Has(rp.classes, Match::kDirect);
  const bool rp_entity = Has(rp.classes, Match::kEntity);
  const bool rp_account = Has(rp.classes, Match::kAccount);
  const bool rp_service = Has(rp.classes, Match::kService);
  const bool rp_any = rp.classes != 0;
  const bool same_account =
      !p.account.empty() && p.account == r.resource_account;
  const bool service_like = p.type == Type::kService || p.type == Type::kAnonymous;

  // The grant path that succeeds, first match wins; kNone: no grant. The
  // path decides which Allows the explanation credits.
  enum class Path {
    kNone,
    kService,      // service / anonymous caller: resource policy alone
    kDirect,       // in-account grant naming the caller: nothing else limits
    kEntity,       // in-account grant to the caller's role: b ∧ s limit it
    kIdentity,     // in-account identity Allow (generic resources)
    kDelegation,   // in-account trust/key policy delegating to the account
    kCrossAccount, // both sides
  };
  Path path = Path::kNone;
  // Which pieces the grant needed, for the explanation of a deny.
  bool needed_identity = false, needed_rp = false;
  if (service_like) {
    // Services and anonymous callers have no identity: only the resource
    // policy can grant (docs/semantics.md#service-principals).
    if (rp_direct || rp_service) path = Path::kService;
    needed_rp = true;
  } else if (same_account) {
    const bool generic = layers.mode == ResourcePolicyMode::kGeneric;
    if (rp_direct) {
      path = Path::kDirect;
    } else if (rp_entity && limits_allow) {
      path = Path::kEntity;
    } else if (generic && identity_allows && limits_allow) {
      path = Path::kIdentity;
    } else if (!generic && rp_account && identity_allows && limits_allow) {
      // Trust and key policies in-account must allow themselves, directly,
      // via the role (limited), or by delegating to the account together
      // with an identity Allow (docs/semantics.md#trust, #key).
      path = Path::kDelegation;
    }
    needed_rp = !generic;
    needed_identity = generic ? !rp_entity : rp_account;
  } else {
    // Cross-account: both sides (docs/semantics.md#cross-account).
    if (rp_any && identity_allows && limits_allow) path = Path::kCrossAccount;
    needed_rp = true;
    needed_identity = true;
  }

  if (path != Path::kNone) {
    result.decision = Decision::kAllow;
    if (!explain) return result;
    // Credit the resource-policy Allows of the classes the path used, and
    // the identity, boundary and session-policy Allows where the path needed
    // them.
    Classes credited = 0;
    bool identity_side = false;
    switch (path) {
      case Path::kService:
        credited = Bit(Match::kDirect) | Bit(Match::kService);
        break;
      case Path::kDirect:
        credited = Bit(Match::kDirect);
        break;
      case Path::kEntity:
        credited = Bit(Match::kEntity);
        break;
      case Path::kIdentity:
        identity_side = true;
        break;
      case Path::kDelegation:
        credited = Bit(Match::kAccount);
        identity_side = true;
        break;
      case Path::kCrossAccount:
        credited = static_cast<Classes>(~0u);
        identity_side = true;
        break;
      case Path::kNone:
        break;
    }
    auto credit = [&](const CompiledPolicySet* set, const LayerScan& s,
                      Classes classes) {
      if (set == nullptr) return;
      for (const auto& [sid, c] : s.allows) {
        if ((c & classes) == 0) continue;
        ex.push_back(StatementFinding(
            Finding::Kind::kAllowedBy, *set, sid,
            absl::StrCat("allows ", r.action, " on ", r.resource)));
      }
    };
    const Classes all = static_cast<Classes>(~0u);
    credit(layers.resource_policy, rp, credited);
    if (identity_side) credit(layers.identity, id, all);
    if (identity_side || path == Path::kEntity) {
      credit(layers.boundary, pb, all);
      credit(layers.session, sp, all);
    }
    if (is_root && identity_side) {
      Finding f;
      f.kind = Finding::Kind::kNote;
      f.message = "the account root user needs no identity policy in its "
                  "own account";
      ex.push_back(std::move(f));
    }
    return result;
  }
  if (!explain) return result;

  // Implicit deny: name every layer that lacked a needed Allow.
  const std::string rp_label = layers.resource_policy != nullptr
                                   ? layers.resource_policy->label()
                                   : "resource policy";
  if (needed_rp && !rp_any) {
    std::string why;
    if (layers.resource_policy == nullptr) {
      why = absl::StrCat(r.resource, " has no resource-based policy, and ",
                         same_account ? "this kind of resource needs one"
                                      : "cross-account access needs one");
    } else if (layers.mode == ResourcePolicyMode::kTrust) {
      why = absl::StrCat("no statement of ", rp_label, " allows ", r.action,
                         " for ", p.arn, ": a role's trust policy must always "
                         "allow the caller");
    } else if (layers.mode == ResourcePolicyMode::kKey) {
      why = absl::StrCat("no statement of ", rp_label, " allows ", r.action,
                         " for ", p.arn, ": the key policy must allow the "
                         "caller, or delegate to its account");
    } else {
      why = absl::StrCat("no statement of ", rp_label, " allows ", r.action,
                         " for ", p.arn);
    }
    MissingAllow(rp_label, std::move(why), &ex);
    if (layers.resource_policy != nullptr) {
      AddNearMisses(*layers.resource_policy, r, &ex);
    }
  }
  if ((needed_identity || (!rp_any && !service_like)) && !identity_allows) {
    std::string label = layers.identity != nullptr
                            ? layers.identity->label()
                            : absl::StrCat("identity policies of ", p.arn);
    std::string why = absl::StrCat("no identity policy of ", p.arn,
                                   " allows ", r.action, " on ", r.resource);
    if (!same_account && !service_like) {
      absl::StrAppend(&why, " (cross-account access needs an Allow on both "
                            "sides)");
    } else if (rp_account) {
      absl::StrAppend(&why, " (", rp_label, " names only the account ",
                      p.account, ", which delegates to its identity policies)");
    }
    MissingAllow(label, std::move(why), &ex);
    if (layers.identity != nullptr) AddNearMisses(*layers.identity, r, &ex);
  }
  if (!boundary_allows) {
    MissingAllow(layers.boundary->label(),
                 absl::StrCat("the permissions boundary does not allow ",
                              r.action, " on ", r.resource),
                 &ex);
    AddNearMisses(*layers.boundary, r, &ex);
  }
  if (!session_allows) {
    MissingAllow(layers.session->label(),
                 absl::StrCat("the session policy does not allow ", r.action,
                              " on ", r.resource),
                 &ex);
    AddNearMisses(*layers.session, r, &ex);
  }
  if (ex.empty()) {
    MissingAllow("", absl::StrCat("nothing allows ", r.action, " on ",
                                  r.resource, " for ", p.arn),
                 &ex);
  }
  return result;
}

}  // namespace iameval
