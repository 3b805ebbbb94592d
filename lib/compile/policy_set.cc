// iameval: offline AWS IAM policy evaluation.

#include "compile/policy_set.h"

#include <algorithm>
#include <utility>

#include "absl/hash/hash.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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

// Adds `id` to the half of `bucket` for its Effect; returns whether it was
// not there yet (ids arrive in ascending order).
bool AddTo(StatementBucket* bucket, uint32_t id, bool allow) {
  std::vector<uint32_t>* ids = allow ? &bucket->allow : &bucket->deny;
  if (!ids->empty() && ids->back() == id) return false;
  ids->push_back(id);
  return true;
}

}  // namespace

absl::StatusOr<CompiledPolicySet> CompiledPolicySet::Compile(
    std::vector<Policy> policies, std::string label) {
  std::vector<const Policy*> views;
  views.reserve(policies.size());
  for (const Policy& p : policies) views.push_back(&p);
  IAMEVAL_ASSIGN_OR_RETURN(
      CompiledPolicySet set,
      CompileBorrowed(std::move(views), std::move(label)));
  set.owned_ = std::move(policies);  // the buffer, and so `views`, stays
  return set;
}

size_t PatternPool::ByText::operator()(absl::string_view text) const {
  return absl::Hash<absl::string_view>()(text);
}

const Pattern* PatternPool::Action(const std::string& lower) {
  auto it = actions_.find(lower);
  if (it == actions_.end()) {
    it = actions_.emplace(lower, Pattern::Compile(lower)).first;
  }
  return &it->second;
}

const PatternTemplate* PatternPool::Resource(absl::string_view text,
                                             bool variables_enabled) {
  TemplateSet& set = resources_[variables_enabled ? 1 : 0];
  auto it = set.find(text);
  if (it == set.end()) {
    it = set.insert(std::make_unique<PatternTemplate>(
                        PatternTemplate::CompileResource(text,
                                                         variables_enabled)))
             .first;
  }
  return it->get();
}

absl::StatusOr<const CompiledCondition*> PatternPool::Condition(
    const ConditionClause& clause, bool variables_enabled) {
  std::string key = variables_enabled ? "v" : "-";
  auto part = [&key](absl::string_view text) {
    absl::StrAppend(&key, text.size(), ":", text);
  };
  part(clause.op);
  part(clause.key);
  for (const std::string& v : clause.values) part(v);
  std::unique_ptr<CompiledCondition>& slot = conditions_[key];
  if (slot == nullptr) {
    absl::StatusOr<CompiledCondition> c =
        CompiledCondition::Compile(clause, variables_enabled);
    if (!c.ok()) {
      conditions_.erase(key);
      return c.status();
    }
    slot = std::make_unique<CompiledCondition>(*std::move(c));
  }
  return slot.get();
}

absl::StatusOr<CompiledPolicySet> CompiledPolicySet::CompileBorrowed(
    std::vector<const Policy*> policies, std::string label,
    std::shared_ptr<PatternPool> patterns) {
  CompiledPolicySet set;
  set.label_ = std::move(label);
  set.policies_ = std::move(policies);
  set.patterns_ = patterns != nullptr ? std::move(patterns)
                                      : std::make_shared<PatternPool>();
  PatternPool& pool = *set.patterns_;
  for (const Policy* p : set.policies_) {
    const Policy& policy = *p;
    const bool vars = policy.variables_enabled();
    for (const Statement& st : policy.statements()) {
      CompiledStatement cs;
      cs.allow = st.effect == Effect::kAllow;
      cs.not_action = st.not_action;
      for (const std::string& a : st.actions) {
        cs.actions.push_back(pool.Action(absl::AsciiStrToLower(a)));
      }
      cs.has_resource = st.has_resource;
      cs.not_resource = st.not_resource;
      for (const std::string& r : st.resources) {
        cs.resources.push_back(pool.Resource(r, vars));
      }
      cs.principal_mode = st.principal_mode;
      if (st.principal_mode != PrincipalMode::kNone) {
        cs.principals = CompilePrincipals(st.principal);
      }
      for (const ConditionClause& clause : st.conditions) {
        IAMEVAL_ASSIGN_OR_RETURN(const CompiledCondition* c,
                                 pool.Condition(clause, vars));
        cs.unevaluable_conditions |= !c->unparseable_values().empty();
        cs.conditions.push_back(c);
      }
      cs.source = &st;
      cs.policy = &policy;
      set.statements_.push_back(std::move(cs));
    }
  }
  for (uint32_t id = 0; id < set.statements_.size(); ++id) {
    CompiledStatement& cs = set.statements_[id];
    cs.in_several_buckets = set.Index(id, cs) > 1;
  }
  return set;
}

int CompiledPolicySet::Index(uint32_t id, const CompiledStatement& s) {
  if (s.not_action) {
    AddTo(&general_, id, s.allow);
    return 1;
  }
  int buckets = 0;
  for (const std::string& a : s.source->actions) {
    std::string lower = absl::AsciiStrToLower(a);
    size_t colon = lower.find(':');
    absl::string_view service =
        colon == std::string::npos ? absl::string_view(lower)
                                   : absl::string_view(lower).substr(0, colon);
    bool added;
    if (colon == std::string::npos || HasWildcard(service)) {
      added = AddTo(&general_, id, s.allow);
    } else if (HasWildcard(lower)) {
      absl::string_view op = absl::string_view(lower).substr(colon + 1);
      absl::string_view prefix = op.substr(0, op.find_first_of("*?"));
      ServiceWildcards& w = by_service_[service];
      auto at = std::lower_bound(w.prefix_lengths.begin(),
                                 w.prefix_lengths.end(), prefix.size());
      if (at == w.prefix_lengths.end() || *at != prefix.size()) {
        w.prefix_lengths.insert(at, static_cast<uint32_t>(prefix.size()));
      }
      added = AddTo(&w.by_prefix[prefix], id, s.allow);
    } else {
      added = AddTo(&exact_[lower], id, s.allow);
    }
    buckets += added ? 1 : 0;
  }
  return buckets;
}

void CompiledPolicySet::FindBuckets(absl::string_view action_lower,
                                    ActionBuckets* out) const {
  out->exact = nullptr;
  out->others.clear();
  auto e = exact_.find(action_lower);
  if (e != exact_.end()) out->exact = &e->second;
  size_t colon = action_lower.find(':');
  if (colon != absl::string_view::npos) {
    auto s = by_service_.find(action_lower.substr(0, colon));
    if (s != by_service_.end()) {
      absl::string_view op = action_lower.substr(colon + 1);
      for (uint32_t len : s->second.prefix_lengths) {
        if (len > op.size()) break;
        auto b = s->second.by_prefix.find(op.substr(0, len));
        if (b != s->second.by_prefix.end()) out->others.push_back(&b->second);
      }
    }
  }
  if (!general_.deny.empty() || !general_.allow.empty()) {
    out->others.push_back(&general_);
  }
}

void CompiledPolicySet::Candidates(absl::string_view action_lower,
                                   CandidateList* out) const {
  ActionBuckets buckets;
  FindBuckets(action_lower, &buckets);
  const size_t start = out->size();
  auto add = [out](const StatementBucket* b) {
    out->insert(out->end(), b->deny.begin(), b->deny.end());
    out->insert(out->end(), b->allow.begin(), b->allow.end());
  };
  if (buckets.exact != nullptr) add(buckets.exact);
  for (const StatementBucket* b : buckets.others) add(b);
  std::sort(out->begin() + start, out->end());
  out->erase(std::unique(out->begin() + start, out->end()), out->end());
}

StatementRef RefOf(const CompiledStatement& s) {
  StatementRef ref;
  ref.policy = s.policy->name();
  ref.file = s.policy->file();
  ref.statement_index = s.source->index;
  ref.sid = s.source->sid;
  ref.line = s.source->line;
  ref.allow = s.allow;
  return ref;
}

bool ActionMatches(const CompiledStatement& s, absl::string_view action_lower) {
  bool any = false;
  for (const Pattern* p : s.actions) {
    if (p->Match(action_lower)) {
      any = true;
      break;
    }
  }
  return s.not_action ? !any : any;
}

}  // namespace iameval
