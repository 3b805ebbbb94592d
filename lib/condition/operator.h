// iameval: offline AWS IAM policy evaluation.
//
// Condition operator names decoded into a small struct once, at compile time
// (docs/semantics-conditions.md). Names are matched exactly as documented,
// case-sensitively.

#ifndef IAMEVAL_LIB_CONDITION_OPERATOR_H_
#define IAMEVAL_LIB_CONDITION_OPERATOR_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace iameval {

// The type of the values an operator compares (docs/semantics-conditions.md, value types).
enum class OperatorFamily : unsigned char {
  kString,
  kNumeric,
  kDate,
  kBool,
  kBinary,
  kIpAddress,
  kArn,
  kNull,
};

// The positive base comparison. Negated operators (StringNotEquals,
// NotIpAddress, ArnNotLike, ...) are the positive one with `negated` set,
// evaluated as NOR over the policy values (docs/semantics-conditions.md).
enum class BaseOperator : unsigned char {
  kStringEquals,
  kStringEqualsIgnoreCase,
  kStringLike,
  kNumericEquals,
  kNumericLessThan,
  kNumericLessThanEquals,
  kNumericGreaterThan,
  kNumericGreaterThanEquals,
  kDateEquals,
  kDateLessThan,
  kDateLessThanEquals,
  kDateGreaterThan,
  kDateGreaterThanEquals,
  kBool,
  kBinaryEquals,
  kIpAddress,
  kArnEquals,  // same matching as kArnLike (docs/semantics-conditions.md, value types)
  kArnLike,
  kNull,
};

enum class SetOperator : unsigned char { kNone, kForAllValues, kForAnyValue };

struct Operator {
  BaseOperator base = BaseOperator::kStringEquals;
  OperatorFamily family = OperatorFamily::kString;
  bool negated = false;
  bool if_exists = false;
  SetOperator set = SetOperator::kNone;
};

// Decodes an operator name as written in a policy, e.g.
// "ForAnyValue:StringNotLikeIfExists". InvalidArgument for an unknown name,
// a wrong case, an unknown or doubled set prefix, a prefix alone, or
// "NullIfExists" (docs/semantics-conditions.md).
absl::StatusOr<Operator> ParseOperator(absl::string_view name);

// The canonical name of `op` (round-trips through ParseOperator).
std::string OperatorName(const Operator& op);

}  // namespace iameval

#endif  // IAMEVAL_LIB_CONDITION_OPERATOR_H_
