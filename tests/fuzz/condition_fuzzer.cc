// iameval: offline AWS IAM policy evaluation.
//
// libFuzzer target for the condition matcher (tests/fuzz/README.md). The
// input bytes choose an operator (the 27 documented ones, each optionally
// with IfExists and ForAnyValue:/ForAllValues:), a condition key, the
// policy values and the request's values for that key (absent, single or
// multivalued), plus a few keys that policy variables may refer to.
// Input is capped at 64 KB. Invariants:
//  - no crash, no sanitizer report;
//  - Compile fails only with InvalidArgument and only for NullIfExists
//    (the only generated name that is not an operator);
//  - Evaluate(r) == Explain(r).result, and Evaluate is deterministic.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "condition/condition.h"
#include "iameval/policy.h"
#include "testing/fake_resolver.h"

namespace {

constexpr size_t kMaxInput = 64 * 1024;
constexpr size_t kMaxValues = 6;
constexpr size_t kMaxValueLength = 64;

// docs/semantics.md#conditions: the 27 operators.
constexpr const char* kOperators[] = {
    "StringEquals",          "StringNotEquals",
    "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
    "StringLike",            "StringNotLike",
    "NumericEquals",         "NumericNotEquals",
    "NumericLessThan",       "NumericLessThanEquals",
    "NumericGreaterThan",    "NumericGreaterThanEquals",
    "DateEquals",            "DateNotEquals",
    "DateLessThan",          "DateLessThanEquals",
    "DateGreaterThan",       "DateGreaterThanEquals",
    "Bool",                  "BinaryEquals",
    "IpAddress",             "NotIpAddress",
    "ArnEquals",             "ArnLike",
    "ArnNotEquals",          "ArnNotLike",
    "Null",
};
constexpr size_t kOperatorCount = sizeof(kOperators) / sizeof(kOperators[0]);
static_assert(kOperatorCount == 27, "docs/semantics.md lists 27 operators");

// Keys of every KeyKind, so that variables and tag keys are exercised.
constexpr const char* kKeys[] = {
    "aws:PrincipalTag/team", "aws:ResourceTag/env", "aws:RequestTag/Env",
    "aws:TagKeys",           "aws:SourceIp",        "aws:CurrentTime",
    "aws:MultiFactorAuthPresent", "aws:PrincipalArn", "aws:username",
    "sts:ExternalId",        "kms:EncryptionContext:SecretVersionId",
    "s3:prefix",
};
constexpr size_t kKeyCount = sizeof(kKeys) / sizeof(kKeys[0]);

// Keys that ${...} in policy values may name; given values when present.
constexpr const char* kVariableKeys[] = {
    "aws:PrincipalTag/team", "aws:username", "aws:userid",
    "aws:PrincipalAccount",
};

[[noreturn]] void Fail(const char* what, const std::string& op,
                       const std::string& detail) {
  std::fprintf(stderr, "condition_fuzzer invariant violated: %s (op %s)\n%s\n",
               what, op.c_str(), detail.c_str());
  std::abort();
}

std::vector<std::string> ConsumeValues(FuzzedDataProvider& in) {
  std::vector<std::string> out;
  const size_t n = in.ConsumeIntegralInRange<size_t>(0, kMaxValues);
  for (size_t i = 0; i < n && in.remaining_bytes() > 0; ++i) {
    out.push_back(in.ConsumeRandomLengthString(kMaxValueLength));
  }
  return out;
}

// Absent, single-valued or multivalued, chosen by the input.
void ConsumeRequestKey(FuzzedDataProvider& in, const std::string& key,
                       iameval::testing::FakeResolver& r) {
  switch (in.ConsumeIntegralInRange<int>(0, 2)) {
    case 0:
      break;
    case 1:
      r.Set(key, in.ConsumeRandomLengthString(kMaxValueLength));
      break;
    default:
      r.SetMulti(key, ConsumeValues(in));
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInput) return -1;
  FuzzedDataProvider in(data, size);

  const char* base = kOperators[in.ConsumeIntegralInRange<size_t>(
      0, kOperatorCount - 1)];
  const uint8_t modifiers = in.ConsumeIntegral<uint8_t>();
  std::string op;
  switch (modifiers % 3) {
    case 1:
      op = "ForAnyValue:";
      break;
    case 2:
      op = "ForAllValues:";
      break;
    default:
      break;
  }
  op += base;
  const bool if_exists = (modifiers & 0x4) != 0;
  if (if_exists) op += "IfExists";
  const bool variables_enabled = (modifiers & 0x8) != 0;

  iameval::ConditionClause clause;
  clause.op = op;
  clause.key = in.ConsumeBool()
                   ? std::string(kKeys[in.ConsumeIntegralInRange<size_t>(
                         0, kKeyCount - 1)])
                   : in.ConsumeRandomLengthString(kMaxValueLength);
  clause.values = ConsumeValues(in);
  clause.values_is_array = clause.values.size() != 1 || in.ConsumeBool();

  iameval::testing::FakeResolver request;
  for (const char* key : kVariableKeys) ConsumeRequestKey(in, key, request);
  // The clause's own key last, so that it wins over a variable key.
  ConsumeRequestKey(in, clause.key, request);

  absl::StatusOr<iameval::CompiledCondition> compiled =
      iameval::CompiledCondition::Compile(clause, variables_enabled);
  const bool null_if_exists = if_exists && std::string(base) == "Null";
  if (!compiled.ok()) {
    if (compiled.status().code() != absl::StatusCode::kInvalidArgument ||
        !null_if_exists) {
      Fail("Compile failed", op, compiled.status().ToString());
    }
    return 0;
  }
  if (null_if_exists) Fail("Compile accepted NullIfExists", op, "");

  const bool result = compiled->Evaluate(request);
  if (compiled->Evaluate(request) != result) {
    Fail("Evaluate is not deterministic", op, clause.key);
  }
  const iameval::ConditionTrace trace = compiled->Explain(request);
  if (trace.result != result) {
    Fail("Evaluate(r) != Explain(r).result", op,
         "key " + clause.key + ", Evaluate " + (result ? "true" : "false") +
             ", reason: " + trace.reason);
  }
  return 0;
}
