// iameval: offline AWS IAM policy evaluation.
//
// Typed condition values (docs/semantics-conditions.md#value-types): exact
// decimals, instants, IP ranges, booleans, base64 bytes and ARN segments.
// Policy values are parsed once at compile time; request values are parsed per
// evaluation by the same functions, which never allocate (except Base64Decode,
// used at compile time).
// Every parser returns false for text that is not a value of its type: the
// caller then treats the comparison as false
// (docs/semantics-conditions.md#value-types).

#ifndef IAMEVAL_LIB_CONDITION_VALUE_H_
#define IAMEVAL_LIB_CONDITION_VALUE_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "aws/condition_keys.h"

namespace iameval {

// --- Numbers ----------------------------------------------------------------

// A decimal number as views into its text: `integer` without leading zeros,
// `fraction` without trailing zeros; zero is never negative. Exact for any
// length, so "10" == "10.0" == "+010.00"; nothing is ever rounded.
struct DecimalView {
  bool negative = false;
  absl::string_view integer;
  absl::string_view fraction;
};

// Parses `[+-]?digits[.digits]` (a choice: no exponent, no
// hex, no NaN, no leading or trailing dot, no spaces). The views point into
// `text`.
bool ParseDecimal(absl::string_view text, DecimalView* out);

// <0, 0, >0 as a is less than, equal to or greater than b.
int CompareDecimal(const DecimalView& a, const DecimalView& b);

// A parsed decimal that owns its digits (a policy value).
class Decimal {
 public:
  // False when `text` is not a decimal.
  static bool Parse(absl::string_view text, Decimal* out);
  DecimalView view() const { return {negative_, integer_, fraction_}; }

 private:
  bool negative_ = false;
  std::string integer_;
  std::string fraction_;
};

// --- Dates ------------------------------------------------------------------

// Parses a date into milliseconds since 1970-01-01T00:00:00Z: the W3C
// profile of ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD,
// YYYY-MM-DDThh:mm, ...:ss, ...:ss.s+, each with an optional zone `Z` or
// `±hh:mm`; no zone means UTC; partial dates mean the start of the period;
// fractions beyond milliseconds are truncated), or epoch seconds as an
// all-digit string. A four-digit string is a year, not an epoch
// ("2026" = 2026-01-01T00:00:00Z). Rejected: a leading '-', fractional
// epochs, out-of-range fields (month 13, Feb 30, hour 24, second 60).
bool ParseDate(absl::string_view text, int64_t* millis);

// --- IP addresses -------------------------------------------------------------

struct IpAddress {
  bool v6 = false;
  uint64_t hi = 0;  // IPv6 bits 127..64; 0 for IPv4
  uint64_t lo = 0;  // IPv6 bits 63..0; IPv4: the address in the low 32 bits
};

// An address range with the host bits cleared.
struct IpRange {
  IpAddress network;
  int prefix = 0;  // 0..32 (IPv4) or 0..128 (IPv6)

  // True iff `a` is of the same family and inside the range (no IPv4-mapped
  // equivalence, a choice).
  bool Contains(const IpAddress& a) const;
};

// Parses a dotted-quad IPv4 address (no leading zeros) or an IPv6 address
// (hex digits either case, `::` compression, an optional dotted-quad tail; no
// zone id).
bool ParseIpAddress(absl::string_view text, IpAddress* out);

// Parses an address with an optional `/prefix`; a bare address is /32 or
// /128; host bits are masked (`10.0.4.7/24` = `10.0.4.0/24`).
bool ParseIpRange(absl::string_view text, IpRange* out);

// --- Bool -------------------------------------------------------------------

// "true" / "false", case-insensitively (a choice).
bool ParseBool(absl::string_view text, bool* out);

// --- Binary -----------------------------------------------------------------

// Decodes standard base64 (RFC 4648 alphabet, `=` padding optional but, if
// present, complete). False on any other character.
bool Base64Decode(absl::string_view text, std::string* out);

// A BinaryEquals *policy* value: non-empty, complete `=` padding (a length
// that is a multiple of 4), then decoded into `out`. Stricter than
// Base64Decode, which request values get: `iameval lint` reports policy
// values this rejects, and the matcher never matches them, so lint and
// evaluation agree.
bool ParseBase64PolicyValue(absl::string_view text, std::string* out);

// True iff `b64` is valid base64 whose decoded bytes equal `bytes`. Decodes
// on the fly without allocating.
bool Base64Equals(absl::string_view b64, absl::string_view bytes);

// --- ARNs -------------------------------------------------------------------

// Splits `text` into six parts at the first five ':' (the sixth keeps any
// further colons). False when there are fewer than five.
bool SplitArn(absl::string_view text, absl::string_view parts[6]);

// An ARN as the Arn* operators read it, policy value and request value
// alike: SplitArn succeeds and the first part is "arn". A policy value that
// is not one cannot be evaluated (docs/semantics.md#unevaluable).
inline bool SplitArnValue(absl::string_view text, absl::string_view parts[6]) {
  return SplitArn(text, parts) && parts[0] == "arn";
}

// --- Request values -------------------------------------------------------

// Checks one request value of the condition key `lower` (lowercased) against
// the key's type in the condition key table (aws/condition_keys.h): an IP
// address, a date, a number, a boolean or an ARN. Returns "" when `value`
// parses for that type, or when the key is a string key or one iameval does
// not know; otherwise what was expected. Any value longer than
// aws::kMaxRequestValueBytes is refused (aws/limits.h). AWS never sends a value
// of the wrong type, so a request that holds one is an input error
// (docs/semantics.md#odd-values), not a deny.
std::string RequestValueProblem(absl::string_view lower, absl::string_view value);
// The same for a key already looked up: `info` is its row, or nullptr for a
// key iameval does not know.
std::string RequestValueProblem(const aws::ConditionKeyInfo* info,
                                absl::string_view value);

}  // namespace iameval

#endif  // IAMEVAL_LIB_CONDITION_VALUE_H_
