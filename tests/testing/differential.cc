// iameval: offline AWS IAM policy evaluation.

#include "testing/differential.h"

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compile/policy_set.h"
#include "eval/authorize.h"
#include "testing/fake_resolver.h"
#include "testing/reference_evaluator.h"

namespace iameval {
namespace testing {

namespace {

using corpus::RandomCase;

// The engine's side of one case: compiled layers that outlive the call.
struct EngineCase {
  std::vector<std::unique_ptr<CompiledPolicySet>> owned;
  Layers layers;
  FakeResolver keys;
  std::string errors;  // policies that did not compile
};

const CompiledPolicySet* CompileInto(EngineCase* ec,
                                     const std::vector<Policy>& policies,
                                     const std::string& label) {
  absl::StatusOr<CompiledPolicySet> set =
      CompiledPolicySet::Compile(policies, label);
  if (!set.ok()) {
    absl::StrAppend(&ec->errors, "  ", label, " does not compile: ",
                    set.status().ToString(), "\n");
    return nullptr;
  }
  ec->owned.push_back(std::make_unique<CompiledPolicySet>(std::move(*set)));
  return ec->owned.back().get();
}

void BuildEngineCase(const RandomCase& c, EngineCase* ec) {
  Layers& l = ec->layers;
  l.scps_apply = c.scps_apply;
  for (size_t i = 0; i < c.scp_levels.size(); ++i) {
    l.scp_levels.push_back(
        CompileInto(ec, c.scp_levels[i], absl::StrCat("SCP level ", i)));
  }
  l.rcps_apply = c.rcps_apply;
  for (size_t i = 0; i < c.rcp_levels.size(); ++i) {
    l.rcp_levels.push_back(
        CompileInto(ec, c.rcp_levels[i], absl::StrCat("RCP level ", i)));
  }
  l.mode = c.mode;
  l.identity_required = c.identity_required;
  if (c.resource_policy) {
    l.resource_policy = CompileInto(ec, *c.resource_policy, "resource policy");
  }
  if (c.identity) l.identity = CompileInto(ec, *c.identity, "identity");
  if (c.boundary) l.boundary = CompileInto(ec, *c.boundary, "boundary");
  if (c.session) l.session = CompileInto(ec, *c.session, "session policy");
  for (const corpus::ContextEntry& e : c.context) {
    if (e.multivalued) {
      ec->keys.SetMulti(e.key, e.values);
    } else {
      ec->keys.Set(e.key, e.values.front());
    }
  }
}

RefLayer RefLayerOf(const std::vector<Policy>& policies) {
  RefLayer out;
  for (const Policy& p : policies) out.push_back(&p);
  return out;
}

RefLayers BuildRefLayers(const RandomCase& c) {
  RefLayers l;
  l.scps_apply = c.scps_apply;
  for (const auto& level : c.scp_levels) {
    l.scp_levels.push_back(RefLayerOf(level));
  }
  l.rcps_apply = c.rcps_apply;
  for (const auto& level : c.rcp_levels) {
    l.rcp_levels.push_back(RefLayerOf(level));
  }
  l.mode = c.mode;
  l.identity_required = c.identity_required;
  if (c.resource_policy) l.resource_policy = RefLayerOf(*c.resource_policy);
  if (c.identity) l.identity = RefLayerOf(*c.identity);
  if (c.boundary) l.boundary = RefLayerOf(*c.boundary);
  if (c.session) l.session = RefLayerOf(*c.session);
  return l;
}

RefRequest BuildRefRequest(const RandomCase& c) {
  RefRequest r;
  r.principal = c.principal;
  r.action = c.action;
  r.resource = c.resource;
  r.resource_account = c.resource_account;
  for (const corpus::ContextEntry& e : c.context) {
    r.context.push_back({e.key, e.values, e.multivalued});
  }
  return r;
}

std::set<RefStatementId> Statements(const CallResult& r, Finding::Kind kind) {
  std::set<RefStatementId> out;
  for (const Finding& f : r.explanation) {
    if (f.kind == kind && f.statement.has_value()) {
      out.emplace(f.statement->policy, f.statement->statement_index);
    }
  }
  return out;
}

std::string SetText(const std::set<RefStatementId>& s) {
  std::vector<std::string> parts;
  for (const auto& [policy, index] : s) {
    parts.push_back(absl::StrCat(policy, "#", index));
  }
  return absl::StrCat("{", absl::StrJoin(parts, ", "), "}");
}

std::string Title(const RandomCase& c) {
  return c.seed != 0 ? absl::StrCat("mismatch for seed ", c.seed)
                     : std::string("mismatch for the case");
}

}  // namespace

DifferentialOutcome CompareWithReference(const RandomCase& c) {
  DifferentialOutcome out;
  RefResult ref = ReferenceEvaluate(BuildRefLayers(c), BuildRefRequest(c));
  out.decision = ref.decision;

  EngineCase ec;
  BuildEngineCase(c, &ec);
  if (!ec.errors.empty()) {
    out.ok = false;
    out.message = absl::StrCat(Title(c), "\n", ec.errors, corpus::DumpCase(c));
    return out;
  }
  AuthzRequest req;
  req.principal = &c.principal;
  req.action = c.action;
  req.action_lower = absl::AsciiStrToLower(c.action);
  req.resource = c.resource;
  req.resource_account = c.resource_account;
  req.keys = &ec.keys;
  CallResult explained = Authorize(ec.layers, req, /*explain=*/true);
  CallResult fast = Authorize(ec.layers, req, /*explain=*/false);

  std::set<RefStatementId> denied =
      Statements(explained, Finding::Kind::kDeniedBy);
  std::set<RefStatementId> allowed =
      Statements(explained, Finding::Kind::kAllowedBy);
  std::set<RefStatementId> fast_denied =
      Statements(fast, Finding::Kind::kDeniedBy);

  std::string problems;
  if (explained.decision != ref.decision) {
    absl::StrAppend(&problems, "  decision: engine ",
                    DecisionName(explained.decision), ", reference ",
                    DecisionName(ref.decision), "\n");
  }
  if (fast.decision != explained.decision) {
    absl::StrAppend(&problems, "  engine explain=false decided ",
                    DecisionName(fast.decision), ", explain=true ",
                    DecisionName(explained.decision), "\n");
  }
  if (denied != ref.denied_by) {
    absl::StrAppend(&problems, "  denied_by: engine ", SetText(denied),
                    ", reference ", SetText(ref.denied_by), "\n");
  }
  if (fast_denied != denied) {
    absl::StrAppend(&problems, "  denied_by with explain=false: ",
                    SetText(fast_denied), "\n");
  }
  if (allowed != ref.allowed_by) {
    absl::StrAppend(&problems, "  allowed_by: engine ", SetText(allowed),
                    ", reference ", SetText(ref.allowed_by), "\n");
  }
  if (!problems.empty()) {
    out.ok = false;
    out.message = absl::StrCat(Title(c), "\n", problems, corpus::DumpCase(c));
  }
  return out;
}

}  // namespace testing
}  // namespace iameval
