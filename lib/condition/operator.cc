// iameval: offline AWS IAM policy evaluation.

#include "condition/operator.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace iameval {
namespace {

struct Entry {
  absl::string_view name;
  BaseOperator base;
  OperatorFamily family;
  bool negated;
};

// The documented operators (docs/semantics-conditions.md#operator-names).
constexpr Entry kOperators[] = {
    {"StringEquals", BaseOperator::kStringEquals, OperatorFamily::kString, false},
    {"StringNotEquals", BaseOperator::kStringEquals, OperatorFamily::kString, true},
    {"StringEqualsIgnoreCase", BaseOperator::kStringEqualsIgnoreCase,
     OperatorFamily::kString, false},
    {"StringNotEqualsIgnoreCase", BaseOperator::kStringEqualsIgnoreCase,
     OperatorFamily::kString, true},
    {"StringLike", BaseOperator::kStringLike, OperatorFamily::kString, false},
    {"StringNotLike", BaseOperator::kStringLike, OperatorFamily::kString, true},
    {"NumericEquals", BaseOperator::kNumericEquals, OperatorFamily::kNumeric, false},
    {"NumericNotEquals", BaseOperator::kNumericEquals, OperatorFamily::kNumeric, true},
    {"NumericLessThan", BaseOperator::kNumericLessThan, OperatorFamily::kNumeric, false},
    {"NumericLessThanEquals", BaseOperator::kNumericLessThanEquals,
     OperatorFamily::kNumeric, false},
    {"NumericGreaterThan", BaseOperator::kNumericGreaterThan,
     OperatorFamily::kNumeric, false},
    {"NumericGreaterThanEquals", BaseOperator::kNumericGreaterThanEquals,
     OperatorFamily::kNumeric, false},
    {"DateEquals", BaseOperator::kDateEquals, OperatorFamily::kDate, false},
    {"DateNotEquals", BaseOperator::kDateEquals, OperatorFamily::kDate, true},
    {"DateLessThan", BaseOperator::kDateLessThan, OperatorFamily::kDate, false},
    {"DateLessThanEquals", BaseOperator::kDateLessThanEquals,
     OperatorFamily::kDate, false},
    {"DateGreaterThan", BaseOperator::kDateGreaterThan, OperatorFamily::kDate, false},
    {"DateGreaterThanEquals", BaseOperator::kDateGreaterThanEquals,
     OperatorFamily::kDate, false},
    {"Bool", BaseOperator::kBool, OperatorFamily::kBool, false},
    {"BinaryEquals", BaseOperator::kBinaryEquals, OperatorFamily::kBinary, false},
    {"IpAddress", BaseOperator::kIpAddress, OperatorFamily::kIpAddress, false},
    {"NotIpAddress", BaseOperator::kIpAddress, OperatorFamily::kIpAddress, true},
    {"ArnEquals", BaseOperator::kArnEquals, OperatorFamily::kArn, false},
    {"ArnLike", BaseOperator::kArnLike, OperatorFamily::kArn, false},
    {"ArnNotEquals", BaseOperator::kArnEquals, OperatorFamily::kArn, true},
    {"ArnNotLike", BaseOperator::kArnLike, OperatorFamily::kArn, true},
    {"Null", BaseOperator::kNull, OperatorFamily::kNull, false},
};

constexpr absl::string_view kForAllValues = "ForAllValues:";
constexpr absl::string_view kForAnyValue = "ForAnyValue:";
constexpr absl::string_view kIfExists = "IfExists";

}  // namespace

absl::StatusOr<Operator> ParseOperator(absl::string_view name) {
  Operator op;
  absl::string_view rest = name;
  if (absl::StartsWith(rest, kForAllValues)) {
    op.set = SetOperator::kForAllValues;
    rest.remove_prefix(kForAllValues.size());
  } else if (absl::StartsWith(rest, kForAnyValue)) {
    op.set = SetOperator::kForAnyValue;
    rest.remove_prefix(kForAnyValue.size());
  }
  if (absl::EndsWith(rest, kIfExists)) {
    op.if_exists = true;
    rest.remove_suffix(kIfExists.size());
  }
  for (const Entry& e : kOperators) {
    if (e.name != rest) continue;
    if (e.base == BaseOperator::kNull && op.if_exists) {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown condition operator \"", name,
          "\" (Null does not take IfExists)"));
    }
    op.base = e.base;
    op.family = e.family;
    op.negated = e.negated;
    return op;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown condition operator \"", name, "\""));
}

std::string OperatorName(const Operator& op) {
  std::string out;
  if (op.set == SetOperator::kForAllValues) absl::StrAppend(&out, kForAllValues);
  if (op.set == SetOperator::kForAnyValue) absl::StrAppend(&out, kForAnyValue);
  for (const Entry& e : kOperators) {
    if (e.base == op.base && e.negated == op.negated) {
      absl::StrAppend(&out, e.name);
      break;
    }
  }
  if (op.if_exists) absl::StrAppend(&out, kIfExists);
  return out;
}

}  // namespace iameval
