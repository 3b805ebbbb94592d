// iameval: offline AWS IAM policy evaluation.

#include "compile/policy_set.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "arn/arn.h"
#include "aws/principals.h"
#include "base/status_macros.h"

namespace iameval {

namespace {

bool HasWildcard(absl::string_view s) {
  return s.find_first_of("*?") != absl::string_view::npos;
}

PrincipalEntry AwsEntry(const std::string& value) {
  PrincipalEntry e;
  if (value == "*") {
    e.kind = PrincipalEntry::Kind::kAnyone;
    return e;
  }
  if (IsAccountId(value)) {
    e.kind = PrincipalEntry::Kind::kAccount;
    e.value = value;
    return e;
  }
  aws::PrincipalArnView p;
  if (aws::ParsePrincipalArn(value, &p).ok() &&
      p.kind == aws::PrincipalArnKind::kRoot) {
    e.kind = PrincipalEntry::Kind::kAccount;
    e.value = std::string(p.account);
    return e;
  }
  // Role, user, session and federated-user ARNs are compared as written
  // (docs/semantics.md#principals). Anything else never matches.
  e.kind = PrincipalEntry::Kind::kArn;
  e.value = value;
  return e;
}

std::vector<PrincipalEntry> CompilePrincipals(const PrincipalBlock& b) {
  std::vector<PrincipalEntry> out;
  if (b.wildcard) {
    out.push_back(PrincipalEntry{PrincipalEntry::Kind::kAnyone, ""});
  }
  for (const std::string& v : b.aws) out.push_back(AwsEntry(v));
  for (const std::string& v : b.service) {
    out.push_back(PrincipalEntry{PrincipalEntry::Kind::kService,
                                 absl::AsciiStrToLower(v)});
  }
  for (const std::string& v : b.federated) {
    out.push_back(PrincipalEntry{PrincipalEntry::Kind::kFederated, v});
  }
  for (const std::string& v : b.canonical_user) {
    out.push_back(PrincipalEntry{PrincipalEntry::Kind::kCanonicalUser, v});
  }
  return out;
}

void AddTo(std::vector<uint32_t>* bucket, uint32_t id) {
  if (bucket->empty() || bucket->back() != id) bucket->push_back(id);
}

}  // namespace

absl::StatusOr<CompiledPolicySet> CompiledPolicySet::Compile(
    std::vector<Policy> policies, std::string label) {
  CompiledPolicySet set;
  set.label_ = std::move(label);
  set.policies_ = std::move(policies);
  for (const Policy& policy : set.policies_) {
    const bool vars = policy.variables_enabled();
    for (const Statement& st : policy.statements()) {
      CompiledStatement cs;
      cs.allow = st.effect == Effect::kAllow;
      cs.not_action = st.not_action;
      for (const std::string& a : st.actions) {
        cs.actions.push_back(Pattern::Compile(absl::AsciiStrToLower(a)));
      }
      cs.has_resource = st.has_resource;
      cs.not_resource = st.not_resource;
      for (const std::string& r : st.resources) {
        cs.resources.push_back(PatternTemplate::CompileResource(r, vars));
      }
      cs.principal_mode = st.principal_mode;
      if (st.principal_mode != PrincipalMode::kNone) {
        cs.principals = CompilePrincipals(st.principal);
      }
      for (const ConditionClause& clause : st.conditions) {
        IAMEVAL_ASSIGN_OR_RETURN(CompiledCondition c,
                                 CompiledCondition::Compile(clause, vars));
        cs.unevaluable_conditions |= !c.unparseable_values().empty();
        cs.conditions.push_back(std::move(c));
      }
      cs.ref.policy = policy.name();
      cs.ref.file = policy.file();
      cs.ref.statement_index = st.index;
      cs.ref.sid = st.sid;
      cs.ref.line = st.line;
      cs.ref.allow = cs.allow;
      cs.source = &st;
      set.statements_.push_back(std::move(cs));
    }
  }
  for (uint32_t id = 0; id < set.statements_.size(); ++id) {
    set.Index(id, set.statements_[id]);
  }
  return set;
}

void CompiledPolicySet::Index(uint32_t id, const CompiledStatement& s) {
  if (s.not_action) {
    AddTo(&general_, id);
    return;
  }
  for (const std::string& a : s.source->actions) {
    std::string lower = absl::AsciiStrToLower(a);
    size_t colon = lower.find(':');
    absl::string_view service =
        colon == std::string::npos ? absl::string_view(lower)
                                   : absl::string_view(lower).substr(0, colon);
    if (colon == std::string::npos || HasWildcard(service)) {
      AddTo(&general_, id);
    } else if (HasWildcard(lower)) {
      AddTo(&by_service_[service], id);
    } else {
      AddTo(&exact_[lower], id);
    }
  }
}

void CompiledPolicySet::Candidates(absl::string_view action_lower,
                                   CandidateList* out) const {
  const std::vector<uint32_t>* lists[3];
  size_t n = 0;
  auto e = exact_.find(action_lower);
  if (e != exact_.end()) lists[n++] = &e->second;
  size_t colon = action_lower.find(':');
  if (colon != absl::string_view::npos) {
    auto s = by_service_.find(action_lower.substr(0, colon));
    if (s != by_service_.end()) lists[n++] = &s->second;
  }
  if (!general_.empty()) lists[n++] = &general_;
  if (n == 1) {
    out->insert(out->end(), lists[0]->begin(), lists[0]->end());
    return;
  }
  // k-way merge of at most three sorted lists, dropping duplicates.
  size_t pos[3] = {0, 0, 0};
  while (true) {
    uint32_t best = UINT32_MAX;
    for (size_t i = 0; i < n; ++i) {
      if (pos[i] < lists[i]->size()) best = std::min(best, (*lists[i])[pos[i]]);
    }
    if (best == UINT32_MAX) break;
    out->push_back(best);
    for (size_t i = 0; i < n; ++i) {
      if (pos[i] < lists[i]->size() && (*lists[i])[pos[i]] == best) ++pos[i];
    }
  }
}

bool ActionMatches(const CompiledStatement& s, absl::string_view action_lower) {
  bool any = false;
  for (const Pattern& p : s.actions) {
    if (p.Match(action_lower)) {
      any = true;
      break;
    }
  }
  return s.not_action ? !any : any;
}

}  // namespace iameval
