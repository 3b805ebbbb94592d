// iameval: offline AWS IAM policy evaluation.
//
// ReferenceEvaluator: a deliberately naive implementation of the decision
// rule (SEMANTICS §2-§4) over the *uncompiled* policy AST, for differential
// tests (tests/differential) and as the baseline in bench/evaluate_bench.cc.
//
// It is written from the spec, not from lib/eval: no index, no precompiled
// patterns, no interning. Every statement of every layer is scanned for every
// request; actions are matched by a recursive glob on lowercased copies,
// resources by the same glob case-sensitively over the whole ARN, and the
// condition operators the generators use (String{Equals,NotEquals,Like,
// NotLike,EqualsIgnoreCase}, Bool, Null, NumericLessThan, IpAddress, ArnLike,
// with IfExists and ForAnyValue/ForAllValues) are evaluated from §3 by hand.
// Anything outside that subset (other operators, policy variables) makes
// the clause false, so the generators must stay inside it.
//
// Slow on purpose. Not thread-hostile: Evaluate is a pure function.

#ifndef IAMEVAL_TESTS_TESTING_REFERENCE_EVALUATOR_H_
#define IAMEVAL_TESTS_TESTING_REFERENCE_EVALUATOR_H_

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "eval/authorize.h"
#include "iameval/decision.h"
#include "iameval/policy.h"

namespace iameval {
namespace testing {

// One key of a request context, as a test writes it (key in any case).
struct RefContextEntry {
  std::string key;
  std::vector<std::string> values;
  bool multivalued = false;  // given as a list (may be empty)
};

// A set of policies forming one layer (identity policies, one SCP level,
// ...). The policies are borrowed.
using RefLayer = std::vector<const Policy*>;

// The layers of one authorisation call (mirrors the facts that
// eval/authorize.h's Layers carries, but over uncompiled policies). A null
// optional means "this layer does not exist" (no boundary, no resource
// policy, ...). RCPFullAWSAccess is implied at every RCP level (§4.7).
struct RefLayers {
  bool scps_apply = false;
  std::vector<RefLayer> scp_levels;
  bool rcps_apply = false;
  std::vector<RefLayer> rcp_levels;
  ResourcePolicyMode mode = ResourcePolicyMode::kGeneric;
  // The caller's identity policy must allow too, even in-account (§5.4:
  // sts:SetSourceIdentity in role chaining).
  bool identity_required = false;
  std::optional<RefLayer> resource_policy;
  std::optional<RefLayer> identity;
  std::optional<RefLayer> boundary;
  std::optional<RefLayer> session;
};

struct RefRequest {
  PrincipalFacts principal;
  std::string action;  // any case
  std::string resource;
  std::string resource_account;
  std::vector<RefContextEntry> context;
};

// (policy name, 0-based statement position).
using RefStatementId = std::pair<std::string, int>;

struct RefResult {
  Decision decision = Decision::kImplicitDeny;
  // explicit_deny: every applicable Deny statement, in every layer.
  std::set<RefStatementId> denied_by;
  // allow: the applicable Allow statements of the layers the grant counted
  // (see reference_evaluator.cc, "Reported allows").
  std::set<RefStatementId> allowed_by;
};

RefResult ReferenceEvaluate(const RefLayers& layers, const RefRequest& request);

// Exposed for tests of the reference itself.
bool RefGlob(const std::string& pattern, const std::string& text);
bool RefConditionHolds(const ConditionClause& clause,
                       const std::vector<RefContextEntry>& context);
// False when a policy value of the clause does not parse for its operator.
bool RefClauseEvaluable(const ConditionClause& clause);

}  // namespace testing
}  // namespace iameval

#endif  // IAMEVAL_TESTS_TESTING_REFERENCE_EVALUATOR_H_
