// iameval: offline AWS IAM policy evaluation.
//
// The explanation builders of the decision rule (authorize.cc): which
// statements decided, which layer lacked an Allow, and the near misses with
// the condition that failed. Called only when an explanation is asked for,
// except ExplainDenies (the deciding Deny statements are always reported).
// They never change a decision.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "eval/authorize_internal.h"
#include "explain/hints.h"
#include "explain/layers.h"

namespace iameval {
namespace authorize_internal {

namespace {

ConditionDetail Detail(const CompiledCondition& c, ConditionTrace t,
                       const KeyResolver& keys) {
  ConditionDetail d;
  d.op = std::move(t.op);
  d.key = std::move(t.key);
  d.policy_values = std::move(t.policy_values);
  d.request_values = std::move(t.request_values);
  d.key_present = t.key_present;
  d.reason = std::move(t.reason);
  d.note = keys.Provenance(c.key());
  return d;
}

// Why a statement's condition block cannot be evaluated, one clause per
// value: "NotIpAddress aws:SourceIp has the policy value "10.0.0.0/33",
// which is not a valid IP address". "" when it can be.
std::string UnevaluableConditions(const CompiledStatement& s) {
  if (!s.unevaluable_conditions) return "";
  std::vector<std::string> parts;
  for (const CompiledCondition* condition : s.conditions) {
    const CompiledCondition& c = *condition;
    for (const std::string& v : c.unparseable_values()) {
      parts.push_back(absl::StrCat(c.op_text(), " ", c.key_text(),
                                   " has the policy value \"", v,
                                   "\", which is not a valid ",
                                   c.value_noun()));
    }
  }
  return absl::StrJoin(parts, "; ");
}

// The first NotResource entry of `s` whose policy variable does not resolve
// for this request, with the variable: "arn:...:${aws:PrincipalTag/x}
// (${aws:PrincipalTag/x} has no single value)". "" when there is none.
std::string UnresolvedNotResource(const CompiledStatement& s,
                                  const AuthzRequest& r) {
  if (!s.has_resource || !s.not_resource) return "";
  for (const PatternTemplate* t : s.resources) {
    std::vector<PatternPart> parts;
    std::string variable;
    if (!t->Resolve(*r.keys, &parts, &variable)) {
      return absl::StrCat(t->text(), " (", variable, " has no single value)");
    }
  }
  return "";
}

// The sentence a Deny finding gets when it applies because part of it
// cannot be evaluated. "" otherwise.
std::string DenyAppliesBecause(const CompiledStatement& s,
                               const AuthzRequest& r) {
  std::string notes;
  if (std::string u = UnresolvedNotResource(s, r); !u.empty()) {
    absl::StrAppend(&notes, "; its NotResource entry ", u,
                    " cannot be evaluated, and a Deny applies when it cannot "
                    "tell what it excludes");
  }
  if (std::string u = UnevaluableConditions(s); !u.empty()) {
    absl::StrAppend(&notes, "; its condition ", u,
                    ": a Deny whose conditions cannot be evaluated applies "
                    "whatever they say");
  }
  return notes;
}

Finding StatementFinding(Finding::Kind kind, const CompiledPolicySet& set,
                         uint32_t id, std::string message) {
  Finding f;
  f.kind = kind;
  f.layer = set.label();
  f.statement = RefOf(set.statements()[id]);
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
    if (std::string u = UnresolvedNotResource(s, r); !u.empty()) {
      f.message = absl::StrCat(
          "allows ", r.action, ", but its NotResource entry ", u,
          " cannot be evaluated, so it cannot tell what it excludes: an "
          "Allow then never applies");
      out->push_back(std::move(f));
      continue;
    }
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
      if (!s.not_resource) {
        f.hint = explain::SecretSuffixHint(patterns, r.resource);
      }
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
    if (std::string u = UnevaluableConditions(s); !u.empty()) {
      for (const CompiledCondition* condition : s.conditions) {
        const CompiledCondition& c = *condition;
        if (c.unparseable_values().empty()) continue;
        ConditionDetail d = Detail(c, c.Explain(*r.keys), *r.keys);
        d.reason = absl::StrCat("policy value \"", c.unparseable_values()[0],
                                "\" is not a valid ", c.value_noun(),
                                ": the condition cannot be evaluated");
        f.conditions.push_back(std::move(d));
      }
      f.message = absl::StrCat("allows ", r.action, " on ", r.resource,
                               ", but its condition ", u,
                               ": an Allow whose conditions cannot be "
                               "evaluated never applies");
      out->push_back(std::move(f));
      continue;
    }
    for (const CompiledCondition* condition : s.conditions) {
      const CompiledCondition& c = *condition;
      ConditionTrace t = c.Explain(*r.keys);
      if (t.result) continue;
      f.conditions.push_back(Detail(c, std::move(t), *r.keys));
    }
    if (f.conditions.empty()) continue;  // it applied after all
    for (const ConditionDetail& d : f.conditions) {
      if (f.hint.empty()) f.hint = explain::ConditionHint(d);
    }
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

void ExplainDenies(const Scans& scans, const AuthzRequest& r, bool explain,
                   std::vector<Finding>* out) {
  auto collect = [&](const LayerScan& s) {
    for (uint32_t d : s.denies) {
      const CompiledStatement& st = s.set->statements()[d];
      Finding f = StatementFinding(
          Finding::Kind::kDeniedBy, *s.set, d,
          absl::StrCat("denies ", r.action, " on ", r.resource,
                       DenyAppliesBecause(st, r)));
      // The values that made each condition of the Deny hold, as near
      // misses show the values that made an Allow's fail; a key the
      // caller's context set that is absent (or derived anew) on this call
      // says so in its note.
      if (explain && !st.unevaluable_conditions) {
        for (const CompiledCondition* condition : st.conditions) {
          const CompiledCondition& c = *condition;
          f.conditions.push_back(Detail(c, c.Explain(*r.keys), *r.keys));
        }
      }
      out->push_back(std::move(f));
    }
  };
  for (const LayerScan& s : scans.rcp) collect(s);
  for (const LayerScan& s : scans.scp) collect(s);
  for (const LayerScan* s : {&scans.resource, &scans.identity,
                             &scans.boundary, &scans.session}) {
    if (s->set != nullptr) collect(*s);
  }
}

void ExplainScpLevel(const CompiledPolicySet& level, const AuthzRequest& r,
                     std::vector<Finding>* out) {
  MissingAllow(level.label(),
               absl::StrCat("no statement of ", level.label(), " allows ",
                            r.action, ": every SCP level must allow"),
               out);
  AddNearMisses(level, r, out);
}

void ExplainAllow(const Layers& layers, const Scans& scans, const Grant& g,
                  const AuthzRequest& r, std::vector<Finding>* out) {
  // Credit the resource-policy Allows of the classes the path used, and the
  // identity, boundary and session-policy Allows where the path needed them.
  Classes credited = 0;
  bool identity_side = false;
  switch (g.path) {
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
    case Path::kBothSides:
      credited = kAllClasses;
      identity_side = true;
      break;
    case Path::kNone:
      break;
  }
  auto credit = [&](const LayerScan& s, Classes classes) {
    if (s.set == nullptr) return;
    for (const auto& [sid, c] : s.allows) {
      if ((c & classes) == 0) continue;
      out->push_back(StatementFinding(
          Finding::Kind::kAllowedBy, *s.set, sid,
          absl::StrCat("allows ", r.action, " on ", r.resource)));
    }
  };
  credit(scans.resource, credited);
  if (identity_side) credit(scans.identity, kAllClasses);
  if (identity_side || g.path == Path::kEntity) {
    credit(scans.boundary, kAllClasses);
    credit(scans.session, kAllClasses);
  }
  if (r.principal->type == PrincipalFacts::Type::kRoot && identity_side) {
    Finding f;
    f.kind = Finding::Kind::kNote;
    f.message = "the account root user needs no identity policy in its "
                "own account";
    out->push_back(std::move(f));
  }
}

namespace {

// Why the resource policy granted nothing.
std::string NoResourceGrant(const Layers& layers, const Grant& g,
                            const AuthzRequest& r, const std::string& label) {
  const PrincipalFacts& p = *r.principal;
  if (layers.resource_policy == nullptr) {
    return absl::StrCat(r.resource, " has no resource-based policy, and ",
                        g.same_account ? "this kind of resource needs one"
                                       : "cross-account access needs one");
  }
  std::string why = absl::StrCat("no statement of ", label, " allows ",
                                 r.action, " for ", p.arn);
  if (layers.mode == ResourcePolicyMode::kTrust) {
    absl::StrAppend(&why, ": a role's trust policy must always allow the "
                          "caller");
  } else if (layers.mode == ResourcePolicyMode::kKey) {
    absl::StrAppend(&why, ": the key policy must allow the caller, or "
                          "delegate to its account");
  }
  return why;
}

// True when some statement of `set` names the caller in its Principal (its
// session, role or user ARN, its account, or "*"), whatever its action,
// resource and conditions.
bool NamesCaller(const CompiledPolicySet& set, const PrincipalFacts& p) {
  for (const CompiledStatement& s : set.statements()) {
    if (s.allow && PrincipalClasses(s, p) != 0) return true;
  }
  return false;
}

}  // namespace

void ExplainMissingGrant(const Layers& layers, const Scans& scans,
                         const Grant& g, const AuthzRequest& r,
                         std::vector<Finding>* out) {
  const PrincipalFacts& p = *r.principal;
  const size_t before = out->size();
  const bool rp_any = scans.resource.classes != 0;
  const bool rp_account = Has(scans.resource.classes, Match::kAccount);
  const std::string rp_label =
      layers.resource_policy != nullptr ? layers.resource_policy->label()
      : layers.mode == ResourcePolicyMode::kKey
          ? absl::StrCat(explain::kKeyLayer, r.resource)
          : std::string(explain::kResourceLayer);
  if (g.needed_rp && !rp_any) {
    MissingAllow(rp_label, NoResourceGrant(layers, g, r, rp_label), out);
    if (layers.mode == ResourcePolicyMode::kKey &&
        layers.resource_policy != nullptr &&
        !NamesCaller(*layers.resource_policy, p)) {
      out->back().hint = explain::KeyPolicyHint(
          r.resource,
          p.type == PrincipalFacts::Type::kAssumedRole ? p.role_arn : p.arn,
          p.account);
    }
    if (layers.resource_policy != nullptr) {
      AddNearMisses(*layers.resource_policy, r, out);
    }
  }
  // Only where an identity Allow is part of a fix: not for a trust or key
  // policy that names no one of the caller's (an identity Allow alone never
  // passes those in the caller's account).
  if (g.needed_identity && !g.identity_allows) {
    std::string label = layers.identity != nullptr
                            ? layers.identity->label()
                            : absl::StrCat(explain::kIdentityLayer, p.arn);
    std::string why = absl::StrCat("no identity policy of ", p.arn,
                                   " allows ", r.action, " on ", r.resource);
    if (!g.same_account && !g.service_like) {
      absl::StrAppend(&why, " (cross-account access needs an Allow on both "
                            "sides)");
    } else if (layers.identity_required) {
      absl::StrAppend(&why, " (", r.action, " in role chaining needs an Allow "
                            "in the caller's permissions policy as well as in ",
                      rp_label, ")");
    } else if (rp_account) {
      absl::StrAppend(&why, " (", rp_label, " names only the account ",
                      p.account, ", which delegates to its identity policies)");
    }
    MissingAllow(label, std::move(why), out);
    if (layers.identity != nullptr) AddNearMisses(*layers.identity, r, out);
  }
  if (!g.boundary_allows) {
    MissingAllow(layers.boundary->label(),
                 absl::StrCat("the permissions boundary does not allow ",
                              r.action, " on ", r.resource),
                 out);
    AddNearMisses(*layers.boundary, r, out);
  }
  if (!g.session_allows) {
    MissingAllow(layers.session->label(),
                 absl::StrCat("the session policy does not allow ", r.action,
                              " on ", r.resource),
                 out);
    AddNearMisses(*layers.session, r, out);
  }
  if (out->size() == before) {
    MissingAllow("", absl::StrCat("nothing allows ", r.action, " on ",
                                  r.resource, " for ", p.arn),
                 out);
  }
}

}  // namespace authorize_internal
}  // namespace iameval
