// iameval: offline AWS IAM policy evaluation.
//
// The condition matcher: one compiled clause (operator + key + typed policy
// values) evaluated against a request. This is the hot path of evaluation
// (docs/design.md#conditions, bench/condition_bench.cc):
//  - the operator is decoded once into an enum (family, negation, IfExists,
//    set prefix);
//  - policy values are pre-parsed by type (numbers, instants, CIDRs, bools,
//    base64 bytes, ARN segments) and string patterns pre-classified
//    (exact < prefix < suffix < glob); policy variables are pre-split into
//    literal and variable parts;
//  - Evaluate allocates nothing unless a policy variable must be substituted.
//
// Semantics: docs/semantics.md#conditions and docs/semantics-conditions.md.

#ifndef IAMEVAL_LIB_CONDITION_CONDITION_H_
#define IAMEVAL_LIB_CONDITION_CONDITION_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "condition/key.h"
#include "iameval/policy.h"

namespace iameval {

// Why a clause evaluated the way it did, for explanations. Built only on the
// slow path (Explain), never while deciding.
struct ConditionTrace {
  bool result = false;
  std::string op;                           // as written
  std::string key;                          // as written
  std::vector<std::string> policy_values;   // as written (variables resolved
                                            // where possible, "<unresolved ${k}>")
  std::vector<std::string> request_values;  // empty when the key is absent
  bool key_present = false;
  // One human sentence: "key absent", "value differs",
  // "variable ${aws:PrincipalTag/team} unresolved", "multivalued key needs
  // ForAnyValue/ForAllValues", "IfExists: key absent", ...
  std::string reason;
};

class CompiledConditionImpl;

class CompiledCondition {
 public:
  // Compiles `clause`. `variables_enabled` is Policy::variables_enabled().
  // Returns InvalidArgument only for an unknown operator. A value that does
  // not parse for the operator's type makes the clause one that cannot be
  // evaluated (unparseable_values()); Evaluate never matches such a value,
  // and the statement's Effect decides (docs/semantics.md#unevaluable).
  static absl::StatusOr<CompiledCondition> Compile(const ConditionClause& clause,
                                                   bool variables_enabled);

  CompiledCondition(CompiledCondition&&) noexcept;
  CompiledCondition& operator=(CompiledCondition&&) noexcept;
  ~CompiledCondition();

  // True iff the clause holds for the request. Thread-safe (const).
  bool Evaluate(const KeyResolver& request) const;

  // Same decision as Evaluate, with the reason. Slow path.
  ConditionTrace Explain(const KeyResolver& request) const;

  // The condition key (lowercased, classified).
  const CompiledKey& key() const;

  // The policy values, as written, that do not parse for the operator's
  // type; empty when the clause can be evaluated. A statement with such a
  // clause does not apply if it is an Allow and applies (whatever its
  // conditions) if it is a Deny: docs/semantics.md#unevaluable.
  const std::vector<std::string>& unparseable_values() const;
  // What a value of the operator's type is ("IP address", "number", ...).
  const char* value_noun() const;
  // The operator and key as written.
  const std::string& op_text() const;
  const std::string& key_text() const;

 private:
  explicit CompiledCondition(std::unique_ptr<CompiledConditionImpl> impl);
  std::unique_ptr<CompiledConditionImpl> impl_;
};

}  // namespace iameval

#endif  // IAMEVAL_LIB_CONDITION_CONDITION_H_
