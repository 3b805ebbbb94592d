// iameval: offline AWS IAM policy evaluation.
//
// Evaluation of one condition clause (docs/semantics-conditions.md, the
// decision procedure). The decision procedure, in order:
//  1. Null: tests presence only; set prefixes are constant (CHOICE).
//  2. A key with no values (absent, or present with an empty array) is
//     "absent" everywhere (R = ∅).
//  3. IfExists + absent key → true, set operators included.
//  4. No set operator: absent → negated ? true : false;
//     multivalued value → false (positive, negated and IfExists alike);
//     else Single(value).
//  5. Set operators: ForAnyValue = ∃r Single(r), false on ∅;
//     ForAllValues = ∀r Single(r), true on ∅; an empty policy list makes
//     ForAnyValue false and ForAllValues true only on ∅.
// Single(r) = OR over policy values of Match(r, p); negated operators return
// its complement (NOR). Match is false when the request value or the
// policy value does not parse for the operator's type, or when the policy
// value holds an unresolved variable, so negated operators
// count all of those as "not equal".

#include "condition/condition.h"

#include <array>
#include <cassert>
#include <cstdint>
#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "condition/case.h"
#include "condition/glob.h"
#include "condition/operator.h"
#include "condition/value.h"

namespace iameval {
namespace {

// One policy value, pre-parsed for the operator's family. Only the fields of
// that family are used.
struct PolicyValue {
  std::string text;  // as written
  bool ok = false;   // parsed for the family (strings: always)
  PatternTemplate pattern;  // kString; kArn: the resource part
  std::string folded;       // StringEqualsIgnoreCase without variables
  Decimal number;
  int64_t millis = 0;
  IpRange range;
  bool boolean = false;
  std::string bytes;     // BinaryEquals: decoded
  // kArn: partition..account, plain globs. Behind a pointer, so that the
  // values of every other family do not carry five empty patterns.
  std::unique_ptr<std::array<Pattern, 5>> arn_parts;
};

// A request value parsed for the family (the explanation path; the hot path
// parses into locals of the one type it needs).
struct RequestValue {
  absl::string_view text;
  DecimalView number;
  int64_t millis = 0;
  IpAddress ip;
  bool boolean = false;
  absl::string_view arn[6];
};

const char* FamilyNoun(OperatorFamily f) {
  switch (f) {
    case OperatorFamily::kString:
      return "string";
    case OperatorFamily::kNumeric:
      return "number";
    case OperatorFamily::kDate:
      return "date";
    case OperatorFamily::kBool:
    case OperatorFamily::kNull:
      return "boolean";
    case OperatorFamily::kBinary:
      return "base64 value";
    case OperatorFamily::kIpAddress:
      return "IP address";
    case OperatorFamily::kArn:
      return "ARN";
  }
  return "value";
}

// Outcome details of matching one request value against one policy value,
// for explanations.
struct MatchNote {
  bool unresolved = false;
  std::string unresolved_variable;
};

}  // namespace

class CompiledConditionImpl {
 public:
  std::string op_text;
  std::string key_text;
  Operator op;
  CompiledKey key;
  std::vector<PolicyValue> values;
  std::vector<std::string> unparseable;  // values with !ok, as written

  void CompileValue(absl::string_view text, bool variables_enabled,
                    PolicyValue* v) const;
  bool ParseRequest(absl::string_view text, RequestValue* out) const;
  bool MatchValue(const PolicyValue& v, const RequestValue& r,
                  const KeyResolver& resolver, MatchNote* note) const;
  // OR over the policy values for one request value (before negation).
  bool AnyValueMatches(absl::string_view r, const KeyResolver& resolver) const;
  bool Single(absl::string_view r, const KeyResolver& resolver) const {
    const bool any = AnyValueMatches(r, resolver);
    return op.negated ? !any : any;
  }
  // Single(r) with a sentence saying why.
  bool SingleExplained(absl::string_view r, const KeyResolver& resolver,
                       std::string* why) const;
  bool Evaluate(const KeyResolver& resolver) const;

  // Explain's pieces. The *Explained functions return the decision that
  // Evaluate makes in the same case, with the reason in *why.

  // The policy values as shown, with resolvable variables substituted.
  std::vector<std::string> DisplayValues(const KeyResolver& resolver) const;
  // The whole decision; `shown` is DisplayValues().
  bool Explained(const KeyValues& kv, const KeyResolver& resolver,
                 const std::vector<std::string>& shown, std::string* why) const;
  // Null and its set forms; `shown` is DisplayValues().
  bool NullExplained(bool absent, const std::vector<std::string>& shown,
                     std::string* why) const;
  // ForAnyValue/ForAllValues over the request values of a present key.
  bool SetExplained(const KeyValues& kv, const KeyResolver& resolver,
                    std::string* why) const;
};

void CompiledConditionImpl::CompileValue(absl::string_view text,
                                         bool variables_enabled,
                                         PolicyValue* v) const {
  v->text = std::string(text);
  switch (op.family) {
    case OperatorFamily::kString: {
      // Variables only with String* / Arn*; `*` and `?` are wildcards
      // only for StringLike.
      const PatternTemplate::Mode mode = op.base == BaseOperator::kStringLike
                                             ? PatternTemplate::Mode::kGlob
                                             : PatternTemplate::Mode::kLiteral;
      v->pattern = PatternTemplate::Compile(text, variables_enabled, mode);
      if (op.base == BaseOperator::kStringEqualsIgnoreCase &&
          !v->pattern.has_variables()) {
        v->folded = SimpleLowercase(v->pattern.pattern().needle());
      }
      v->ok = true;
      break;
    }
    case OperatorFamily::kNumeric:
      v->ok = Decimal::Parse(text, &v->number);
      break;
    case OperatorFamily::kDate:
      v->ok = ParseDate(text, &v->millis);
      break;
    case OperatorFamily::kBool:
    case OperatorFamily::kNull:
      v->ok = ParseBool(text, &v->boolean);
      break;
    case OperatorFamily::kBinary:
      v->ok = ParseBase64PolicyValue(text, &v->bytes);
      break;
    case OperatorFamily::kIpAddress:
      v->ok = ParseIpRange(text, &v->range);
      break;
    case OperatorFamily::kArn: {
      // Split at the first five colons, each part a separate glob.
      // Variables only in the resource part (a choice: earlier `${...}`
      // is literal text). Not an ARN: the clause cannot be evaluated.
      absl::string_view parts[6];
      v->ok = SplitArnValue(text, parts);
      if (v->ok) {
        v->arn_parts = std::make_unique<std::array<Pattern, 5>>();
        for (int k = 0; k < 5; ++k) {
          (*v->arn_parts)[k] = Pattern::Compile(parts[k]);
        }
        v->pattern = PatternTemplate::Compile(parts[5], variables_enabled,
                                              PatternTemplate::Mode::kGlob);
      }
      break;
    }
  }
}

bool CompiledConditionImpl::ParseRequest(absl::string_view text,
                                         RequestValue* out) const {
  out->text = text;
  switch (op.family) {
    case OperatorFamily::kString:
      return true;
    case OperatorFamily::kNumeric:
      return ParseDecimal(text, &out->number);
    case OperatorFamily::kDate:
      return ParseDate(text, &out->millis);
    case OperatorFamily::kBool:
    case OperatorFamily::kNull:
      return ParseBool(text, &out->boolean);
    case OperatorFamily::kBinary:
      return true;  // compared while decoding (Base64Equals)
    case OperatorFamily::kIpAddress:
      return ParseIpAddress(text, &out->ip);
    case OperatorFamily::kArn:
      // Not an ARN: fewer than six parts or not starting "arn:".
      return SplitArnValue(text, out->arn);
  }
  return false;
}

namespace {

// The comparisons, shared by the hot path (AnyValueMatches) and the
// explanation path (MatchValue) so that both decide alike.

bool NumericHolds(BaseOperator base, int cmp) {
  switch (base) {
    case BaseOperator::kNumericEquals:
      return cmp == 0;
    case BaseOperator::kNumericLessThan:
      return cmp < 0;
    case BaseOperator::kNumericLessThanEquals:
      return cmp <= 0;
    case BaseOperator::kNumericGreaterThan:
      return cmp > 0;
    case BaseOperator::kNumericGreaterThanEquals:
      return cmp >= 0;
    default:
      return false;
  }
}

bool DateHolds(BaseOperator base, int64_t request, int64_t policy) {
  switch (base) {
    case BaseOperator::kDateEquals:
      return request == policy;
    case BaseOperator::kDateLessThan:
      return request < policy;
    case BaseOperator::kDateLessThanEquals:
      return request <= policy;
    case BaseOperator::kDateGreaterThan:
      return request > policy;
    case BaseOperator::kDateGreaterThanEquals:
      return request >= policy;
    default:
      return false;
  }
}

// StringEquals / StringLike (the template's mode decides), and the resource
// part of Arn*. With `note`, records an unresolved variable.
bool MatchTemplate(const PatternTemplate& t, absl::string_view input,
                   const KeyResolver& resolver, MatchNote* note) {
  if (!t.has_variables()) return t.pattern().Match(input);
  if (note == nullptr) return t.Match(resolver, input, nullptr);
  std::vector<PatternPart> parts;
  if (!t.Resolve(resolver, &parts, &note->unresolved_variable)) {
    note->unresolved = true;
    return false;
  }
  return Pattern::FromParts(parts).Match(input);
}

bool MatchIgnoreCase(const PolicyValue& v, absl::string_view input,
                     const KeyResolver& resolver, MatchNote* note) {
  if (!v.pattern.has_variables()) return EqualsIgnoreCase(input, v.folded);
  // Reused per thread so that substitution does not allocate once warm.
  thread_local std::string text;
  if (!v.pattern.ResolveText(
          resolver, &text, note != nullptr ? &note->unresolved_variable : nullptr)) {
    if (note != nullptr) note->unresolved = true;
    return false;
  }
  return EqualsIgnoreCase(input, text);
}

bool MatchArn(const PolicyValue& v, const absl::string_view (&arn)[6],
              const KeyResolver& resolver, MatchNote* note) {
  if (!v.ok) return false;
  for (int k = 0; k < 5; ++k) {
    if (!(*v.arn_parts)[k].Match(arn[k])) return false;
  }
  return MatchTemplate(v.pattern, arn[5], resolver, note);
}

}  // namespace

bool CompiledConditionImpl::MatchValue(const PolicyValue& v,
                                       const RequestValue& r,
                                       const KeyResolver& resolver,
                                       MatchNote* note) const {
  if (!v.ok) return false;
  switch (op.family) {
    case OperatorFamily::kString:
      if (op.base == BaseOperator::kStringEqualsIgnoreCase) {
        return MatchIgnoreCase(v, r.text, resolver, note);
      }
      return MatchTemplate(v.pattern, r.text, resolver, note);
    case OperatorFamily::kNumeric:
      return NumericHolds(op.base, CompareDecimal(r.number, v.number.view()));
    case OperatorFamily::kDate:
      return DateHolds(op.base, r.millis, v.millis);
    case OperatorFamily::kBool:
      return r.boolean == v.boolean;
    case OperatorFamily::kBinary:
      return Base64Equals(r.text, v.bytes);
    case OperatorFamily::kIpAddress:
      return v.range.Contains(r.ip);
    case OperatorFamily::kArn:
      return MatchArn(v, r.arn, resolver, note);
    case OperatorFamily::kNull:
      return false;  // handled in Evaluate
  }
  return false;
}

// The hot path: one switch per request value, then a tight loop over the
// pre-parsed policy values. An unparseable request value matches nothing
// (positive false, negated true: a choice).
bool CompiledConditionImpl::AnyValueMatches(absl::string_view text,
                                            const KeyResolver& resolver) const {
  switch (op.family) {
    case OperatorFamily::kString:
      if (op.base == BaseOperator::kStringEqualsIgnoreCase) {
        for (const PolicyValue& v : values) {
          if (MatchIgnoreCase(v, text, resolver, nullptr)) return true;
        }
        return false;
      }
      for (const PolicyValue& v : values) {
        if (MatchTemplate(v.pattern, text, resolver, nullptr)) return true;
      }
      return false;
    case OperatorFamily::kNumeric: {
      DecimalView d;
      if (!ParseDecimal(text, &d)) return false;
      for (const PolicyValue& v : values) {
        if (v.ok && NumericHolds(op.base, CompareDecimal(d, v.number.view()))) {
          return true;
        }
      }
      return false;
    }
    case OperatorFamily::kDate: {
      int64_t millis;
      if (!ParseDate(text, &millis)) return false;
      for (const PolicyValue& v : values) {
        if (v.ok && DateHolds(op.base, millis, v.millis)) return true;
      }
      return false;
    }
    case OperatorFamily::kBool: {
      bool b;
      if (!ParseBool(text, &b)) return false;
      for (const PolicyValue& v : values) {
        if (v.ok && v.boolean == b) return true;
      }
      return false;
    }
    case OperatorFamily::kBinary:
      for (const PolicyValue& v : values) {
        if (v.ok && Base64Equals(text, v.bytes)) return true;
      }
      return false;
    case OperatorFamily::kIpAddress: {
      IpAddress ip;
      if (!ParseIpAddress(text, &ip)) return false;
      for (const PolicyValue& v : values) {
        if (v.ok && v.range.Contains(ip)) return true;
      }
      return false;
    }
    case OperatorFamily::kArn: {
      absl::string_view arn[6];
      if (!SplitArnValue(text, arn)) return false;
      for (const PolicyValue& v : values) {
        if (MatchArn(v, arn, resolver, nullptr)) return true;
      }
      return false;
    }
    case OperatorFamily::kNull:
      return false;  // handled in Evaluate
  }
  return false;
}

bool CompiledConditionImpl::Evaluate(const KeyResolver& resolver) const {
  const KeyValues kv = key.never_present ? KeyValues() : resolver.Lookup(key);
  // An empty array counts as absent.
  const bool absent = !kv.present || kv.size == 0;
  if (op.family == OperatorFamily::kNull) {
    // A choice: ForAllValues:Null is always true, ForAnyValue:Null always
    // false; otherwise "true" asks for absence and "false" for presence.
    if (op.set == SetOperator::kForAllValues) return true;
    if (op.set == SetOperator::kForAnyValue) return false;
    for (const PolicyValue& v : values) {
      if (v.ok && v.boolean == absent) return true;
    }
    return false;
  }
  if (absent && op.if_exists) return true;  // IfExists
  if (op.set == SetOperator::kNone) {
    if (absent) return op.negated;  // the missing-key table
    // A choice: a plain operator on a multivalued value is false.
    if (kv.multivalued || kv.size != 1) return false;
    return Single(kv.data[0], resolver);
  }
  if (values.empty()) {  // P = []
    return op.set == SetOperator::kForAllValues && absent;
  }
  if (op.set == SetOperator::kForAnyValue) {
    for (const std::string& r : kv) {
      if (Single(r, resolver)) return true;
    }
    return false;  // including R = ∅
  }
  for (const std::string& r : kv) {
    if (!Single(r, resolver)) return false;
  }
  return true;  // including R = ∅ (vacuous truth)
}

bool CompiledConditionImpl::SingleExplained(absl::string_view text,
                                            const KeyResolver& resolver,
                                            std::string* why) const {
  RequestValue r;
  const bool parsed = ParseRequest(text, &r);
  std::vector<std::string> unresolved;
  std::vector<std::string> bad_policy;
  std::string matched;
  bool any = false;
  if (parsed) {
    for (const PolicyValue& v : values) {
      if (!v.ok) {
        bad_policy.push_back(v.text);
        continue;
      }
      MatchNote note;
      if (MatchValue(v, r, resolver, &note)) {
        any = true;
        matched = v.text;
        break;
      }
      if (note.unresolved) unresolved.push_back(note.unresolved_variable);
    }
  }
  const bool result = op.negated ? !any : any;
  std::string detail;
  if (!parsed) {
    detail = absl::StrCat("request value \"", text, "\" is not a valid ",
                          FamilyNoun(op.family));
  } else if (any) {
    detail = absl::StrCat("request value \"", text, "\" matches policy value \"",
                          matched, "\"");
  } else if (values.empty()) {
    detail = "the policy value list is empty";
  } else {
    detail = absl::StrCat("request value \"", text,
                          "\" matches no policy value (value differs)");
  }
  for (const std::string& u : unresolved) {
    absl::StrAppend(&detail, "; variable ", u,
                    " unresolved (a null value never matches)");
  }
  for (const std::string& b : bad_policy) {
    absl::StrAppend(&detail, "; policy value \"", b, "\" is not a valid ",
                    FamilyNoun(op.family), " and never matches");
  }
  if (op.negated) {
    absl::StrAppend(&detail, any ? "; negated operator is false"
                                 : "; negated operator is true");
  }
  *why = std::move(detail);
  return result;
}

// --- CompiledCondition --------------------------------------------------------

absl::StatusOr<CompiledCondition> CompiledCondition::Compile(
    const ConditionClause& clause, bool variables_enabled) {
  absl::StatusOr<Operator> op = ParseOperator(clause.op);
  if (!op.ok()) return op.status();
  auto impl = std::make_unique<CompiledConditionImpl>();
  impl->op_text = clause.op;
  impl->key_text = clause.key;
  impl->op = *op;
  impl->key = CompileKey(clause.key);
  // Variables are allowed only in String* and Arn* values;
  // elsewhere `${...}` is literal text (and then does not parse as a
  // number, date, ... so it never matches).
  const bool allow_variables =
      variables_enabled && (op->family == OperatorFamily::kString ||
                            op->family == OperatorFamily::kArn);
  impl->values.resize(clause.values.size());
  for (size_t i = 0; i < clause.values.size(); ++i) {
    impl->CompileValue(clause.values[i], allow_variables, &impl->values[i]);
    if (!impl->values[i].ok) impl->unparseable.push_back(clause.values[i]);
  }
  return CompiledCondition(std::move(impl));
}

CompiledCondition::CompiledCondition(std::unique_ptr<CompiledConditionImpl> impl)
    : impl_(std::move(impl)) {}
CompiledCondition::CompiledCondition(CompiledCondition&&) noexcept = default;
CompiledCondition& CompiledCondition::operator=(CompiledCondition&&) noexcept =
    default;
CompiledCondition::~CompiledCondition() = default;

bool CompiledCondition::Evaluate(const KeyResolver& request) const {
  return impl_->Evaluate(request);
}

const CompiledKey& CompiledCondition::key() const { return impl_->key; }

const std::vector<std::string>& CompiledCondition::unparseable_values() const {
  return impl_->unparseable;
}

const char* CompiledCondition::value_noun() const {
  return FamilyNoun(impl_->op.family);
}

const std::string& CompiledCondition::op_text() const { return impl_->op_text; }

const std::string& CompiledCondition::key_text() const {
  return impl_->key_text;
}

ConditionTrace CompiledCondition::Explain(const KeyResolver& request) const {
  const CompiledConditionImpl& c = *impl_;
  ConditionTrace t;
  t.result = c.Evaluate(request);
  t.op = c.op_text;
  t.key = c.key_text;
  t.policy_values = c.DisplayValues(request);
  const KeyValues kv =
      c.key.never_present ? KeyValues() : request.Lookup(c.key);
  t.key_present = kv.present && kv.size != 0;
  for (const std::string& r : kv) t.request_values.push_back(r);
  const bool result = c.Explained(kv, request, t.policy_values, &t.reason);
  // Both paths share MatchValue, so they agree; guard it in debug builds.
  assert(result == t.result);
  (void)result;
  return t;
}

std::vector<std::string> CompiledConditionImpl::DisplayValues(
    const KeyResolver& resolver) const {
  std::vector<std::string> shown;
  for (const PolicyValue& v : values) {
    if (op.family == OperatorFamily::kString) {
      shown.push_back(v.pattern.Display(resolver));
    } else if (op.family == OperatorFamily::kArn && v.ok) {
      const size_t resource_start = v.text.size() - v.pattern.text().size();
      shown.push_back(absl::StrCat(v.text.substr(0, resource_start),
                                   v.pattern.Display(resolver)));
    } else {
      shown.push_back(v.text);
    }
  }
  return shown;
}

bool CompiledConditionImpl::Explained(const KeyValues& kv,
                                      const KeyResolver& resolver,
                                      const std::vector<std::string>& shown,
                                      std::string* why) const {
  const bool absent = !kv.present || kv.size == 0;
  if (op.family == OperatorFamily::kNull) {
    return NullExplained(absent, shown, why);
  }
  const std::string key = absl::StrCat("key ", key_text);
  if (absent && op.if_exists) {
    *why = absl::StrCat("IfExists: ", key, " absent, condition is true");
    return true;
  }
  if (op.set == SetOperator::kNone) {
    if (absent) {
      *why = absl::StrCat(key, " absent; ",
                          op.negated ? "a negated operator is true"
                                     : "a positive operator is false");
      return op.negated;
    }
    if (kv.multivalued || kv.size != 1) {
      *why = absl::StrCat(
          key, " is multivalued in this request: multivalued key needs "
          "ForAnyValue/ForAllValues (a plain operator is false)");
      return false;
    }
    return SingleExplained(kv.data[0], resolver, why);
  }
  if (values.empty()) {
    *why = absl::StrCat(
        "empty policy value list: ",
        op.set == SetOperator::kForAllValues
            ? "ForAllValues is true only when the key has no values"
            : "ForAnyValue is false");
    return op.set == SetOperator::kForAllValues && absent;
  }
  if (absent) {
    const bool result = op.set == SetOperator::kForAllValues;
    *why = absl::StrCat(key, " absent (no request values): ",
                        result ? "ForAllValues is vacuously true"
                               : "ForAnyValue is false");
    return result;
  }
  return SetExplained(kv, resolver, why);
}

bool CompiledConditionImpl::NullExplained(bool absent,
                                          const std::vector<std::string>& shown,
                                          std::string* why) const {
  if (op.set == SetOperator::kForAllValues) {
    *why = "ForAllValues:Null is always true";
    return true;
  }
  if (op.set == SetOperator::kForAnyValue) {
    *why = "ForAnyValue:Null is always false";
    return false;
  }
  bool result = false;
  for (const PolicyValue& v : values) {
    if (v.ok && v.boolean == absent) result = true;
  }
  *why = absl::StrCat("key ", key_text, absent ? " is absent" : " is present",
                      "; Null expects ",
                      values.empty() ? "[]" : absl::StrJoin(shown, ", "));
  for (const PolicyValue& v : values) {
    if (!v.ok) {
      absl::StrAppend(why, "; policy value \"", v.text,
                      "\" is not true/false and never matches");
    }
  }
  return result;
}

bool CompiledConditionImpl::SetExplained(const KeyValues& kv,
                                         const KeyResolver& resolver,
                                         std::string* why) const {
  const bool any_set = op.set == SetOperator::kForAnyValue;
  for (const std::string& r : kv) {
    std::string single_why;
    const bool s = SingleExplained(r, resolver, &single_why);
    if (any_set && s) {
      *why = absl::StrCat("ForAnyValue: ", single_why);
      return true;
    }
    if (!any_set && !s) {
      *why = absl::StrCat("ForAllValues: ", single_why);
      return false;
    }
  }
  *why = any_set ? "ForAnyValue: no request value satisfies the operator"
                 : "ForAllValues: every request value satisfies the operator";
  return !any_set;
}

}  // namespace iameval
