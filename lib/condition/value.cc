// iameval: offline AWS IAM policy evaluation.

#include "condition/value.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "aws/condition_keys.h"
#include "aws/limits.h"

namespace iameval {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// Parses exactly `n` digits at s[*i].
bool Digits(absl::string_view s, size_t* i, size_t n, int* out) {
  if (*i + n > s.size()) return false;
  int v = 0;
  for (size_t k = 0; k < n; ++k) {
    const char c = s[*i + k];
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  *i += n;
  *out = v;
  return true;
}

bool Expect(absl::string_view s, size_t* i, char c) {
  if (*i >= s.size() || s[*i] != c) return false;
  ++*i;
  return true;
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && IsLeapYear(y)) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool ParseIpv4(absl::string_view s, uint32_t* out) {
  uint32_t addr = 0;
  size_t i = 0;
  for (int octet = 0; octet < 4; ++octet) {
    if (octet > 0 && !Expect(s, &i, '.')) return false;
    size_t start = i;
    int v = 0;
    while (i < s.size() && IsDigit(s[i]) && i - start < 3) {
      v = v * 10 + (s[i] - '0');
      ++i;
    }
    const size_t len = i - start;
    if (len == 0 || v > 255) return false;
    if (len > 1 && s[start] == '0') return false;  // no octal-looking octets
    addr = (addr << 8) | static_cast<uint32_t>(v);
  }
  if (i != s.size()) return false;
  *out = addr;
  return true;
}

bool ParseIpv6(absl::string_view s, uint64_t* hi, uint64_t* lo) {
  uint16_t groups[8] = {0};
  int count = 0;         // groups written
  int gap = -1;          // index in groups where `::` was
  size_t i = 0;
  if (absl::StartsWith(s, "::")) {
    gap = 0;
    i = 2;
    if (s.size() == 2) {
      *hi = *lo = 0;
      return true;
    }
  } else if (!s.empty() && s[0] == ':') {
    return false;
  }
  while (i < s.size()) {
    if (count >= 8) return false;
    // A dotted IPv4 tail takes the last two groups.
    const size_t next_colon = s.find(':', i);
    const absl::string_view field =
        s.substr(i, next_colon == absl::string_view::npos ? absl::string_view::npos
                                                          : next_colon - i);
    if (next_colon == absl::string_view::npos &&
        field.find('.') != absl::string_view::npos) {
      uint32_t v4;
      if (count > 6 || !ParseIpv4(field, &v4)) return false;
      groups[count++] = static_cast<uint16_t>(v4 >> 16);
      groups[count++] = static_cast<uint16_t>(v4 & 0xFFFF);
      i = s.size();
      break;
    }
    if (field.empty() || field.size() > 4) return false;
    int v = 0;
    for (char c : field) {
      const int h = HexValue(c);
      if (h < 0) return false;
      v = v * 16 + h;
    }
    groups[count++] = static_cast<uint16_t>(v);
    i += field.size();
    if (i == s.size()) break;
    // s[i] == ':'
    ++i;
    if (i < s.size() && s[i] == ':') {
      if (gap >= 0) return false;  // a second `::`
      gap = count;
      ++i;
    } else if (i == s.size()) {
      return false;  // trailing single ':'
    }
  }
  if (gap < 0 && count != 8) return false;
  if (gap >= 0 && count >= 8) return false;  // `::` must stand for >= 1 group
  uint16_t full[8] = {0};
  if (gap < 0) {
    for (int k = 0; k < 8; ++k) full[k] = groups[k];
  } else {
    const int tail = count - gap;
    for (int k = 0; k < gap; ++k) full[k] = groups[k];
    for (int k = 0; k < tail; ++k) full[8 - tail + k] = groups[gap + k];
  }
  uint64_t h = 0;
  uint64_t l = 0;
  for (int k = 0; k < 4; ++k) h = (h << 16) | full[k];
  for (int k = 4; k < 8; ++k) l = (l << 16) | full[k];
  *hi = h;
  *lo = l;
  return true;
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Streams the decoded bytes of `b64` into `sink(byte)`; `sink` returns false
// to stop early. Returns false for invalid base64 or when stopped.
template <typename Sink>
bool Base64Stream(absl::string_view b64, Sink sink) {
  // Strip complete padding: "=" or "==" only when the length is a multiple
  // of four.
  size_t n = b64.size();
  if (n % 4 == 0 && n > 0 && b64[n - 1] == '=') {
    --n;
    if (b64[n - 1] == '=') --n;
  }
  if (n % 4 == 1) return false;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; ++i) {
    const int v = Base64Value(b64[i]);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (!sink(static_cast<char>((acc >> bits) & 0xFF))) return false;
    }
  }
  return true;
}

}  // namespace

// --- Numbers ----------------------------------------------------------------

bool ParseDecimal(absl::string_view text, DecimalView* out) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    negative = text[i] == '-';
    ++i;
  }
  const size_t int_start = i;
  while (i < text.size() && IsDigit(text[i])) ++i;
  absl::string_view integer = text.substr(int_start, i - int_start);
  if (integer.empty()) return false;
  absl::string_view fraction;
  if (i < text.size()) {
    if (text[i] != '.') return false;
    ++i;
    fraction = text.substr(i);
    if (!AllDigits(fraction)) return false;
  }
  while (!integer.empty() && integer.front() == '0') integer.remove_prefix(1);
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  out->negative = negative && !(integer.empty() && fraction.empty());
  out->integer = integer;
  out->fraction = fraction;
  return true;
}

int CompareDecimal(const DecimalView& a, const DecimalView& b) {
  if (a.negative != b.negative) return a.negative ? -1 : 1;
  // Compare magnitudes: longer integer part (no leading zeros) is larger;
  // then digit by digit; then fractions (no trailing zeros), for which
  // plain lexicographic order is numeric order.
  int mag;
  if (a.integer.size() != b.integer.size()) {
    mag = a.integer.size() < b.integer.size() ? -1 : 1;
  } else {
    mag = a.integer.compare(b.integer);
    if (mag == 0) mag = a.fraction.compare(b.fraction);
    mag = mag < 0 ? -1 : (mag > 0 ? 1 : 0);
  }
  return a.negative ? -mag : mag;
}

bool Decimal::Parse(absl::string_view text, Decimal* out) {
  DecimalView v;
  if (!ParseDecimal(text, &v)) return false;
  out->negative_ = v.negative;
  out->integer_ = std::string(v.integer);
  out->fraction_ = std::string(v.fraction);
  return true;
}

// --- Dates ------------------------------------------------------------------

bool ParseDate(absl::string_view s, int64_t* millis) {
  if (AllDigits(s) && s.size() != 4) {
    // Epoch seconds. 15 digits keep the millisecond value inside int64.
    if (s.size() > 15) return false;
    int64_t v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    *millis = v * 1000;
    return true;
  }
  size_t i = 0;
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int64_t ms = 0;
  int64_t offset_minutes = 0;
  if (!Digits(s, &i, 4, &year)) return false;
  if (i < s.size()) {
    if (!Expect(s, &i, '-') || !Digits(s, &i, 2, &month)) return false;
    if (month < 1 || month > 12) return false;
    if (i < s.size()) {
      if (!Expect(s, &i, '-') || !Digits(s, &i, 2, &day)) return false;
      if (day < 1 || day > DaysInMonth(year, month)) return false;
      if (i < s.size()) {
        if (s[i] != 'T' && s[i] != 't') return false;
        ++i;
        if (!Digits(s, &i, 2, &hour) || !Expect(s, &i, ':') ||
            !Digits(s, &i, 2, &minute)) {
          return false;
        }
        if (hour > 23 || minute > 59) return false;
        if (i < s.size() && s[i] == ':') {
          ++i;
          if (!Digits(s, &i, 2, &second) || second > 59) return false;
          if (i < s.size() && s[i] == '.') {
            ++i;
            const size_t start = i;
            int64_t scale = 100;
            while (i < s.size() && IsDigit(s[i])) {
              ms += (s[i] - '0') * scale;  // digits past the third: truncated
              scale /= 10;
              ++i;
            }
            if (i == start) return false;
          }
        }
        // Zone designator; none means UTC (docs/semantics-conditions.md, value types).
        if (i < s.size()) {
          if (s[i] == 'Z' || s[i] == 'z') {
            ++i;
          } else if (s[i] == '+' || s[i] == '-') {
            const int sign = s[i] == '-' ? -1 : 1;
            ++i;
            int oh = 0, om = 0;
            if (!Digits(s, &i, 2, &oh) || !Expect(s, &i, ':') ||
                !Digits(s, &i, 2, &om) || oh > 23 || om > 59) {
              return false;
            }
            offset_minutes = sign * (oh * 60 + om);
          } else {
            return false;
          }
        }
      }
    }
  }
  if (i != s.size()) return false;
  const int64_t days =
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second -
                          offset_minutes * 60;
  *millis = seconds * 1000 + ms;
  return true;
}

// --- IP addresses -------------------------------------------------------------

bool ParseIpAddress(absl::string_view text, IpAddress* out) {
  // IPv4 first, without searching for ':' (every request's aws:SourceIp
  // goes through here): ParseIpv4 rejects any ':' at once, and only then
  // can the text be IPv6.
  uint32_t v4;
  if (ParseIpv4(text, &v4)) {
    out->v6 = false;
    out->hi = 0;
    out->lo = v4;
    return true;
  }
  if (text.find(':') == absl::string_view::npos) return false;
  IpAddress a;
  a.v6 = true;
  if (!ParseIpv6(text, &a.hi, &a.lo)) return false;
  *out = a;
  return true;
}

bool ParseIpRange(absl::string_view text, IpRange* out) {
  const size_t slash = text.find('/');
  IpAddress a;
  if (!ParseIpAddress(text.substr(0, slash), &a)) return false;
  const int max_prefix = a.v6 ? 128 : 32;
  int prefix = max_prefix;
  if (slash != absl::string_view::npos) {
    const absl::string_view p = text.substr(slash + 1);
    if (!AllDigits(p) || p.size() > 3 || (p.size() > 1 && p[0] == '0')) {
      return false;
    }
    prefix = 0;
    for (char c : p) prefix = prefix * 10 + (c - '0');
    if (prefix > max_prefix) return false;
  }
  // Clear the host bits (docs/semantics-conditions.md, value types).
  IpRange r;
  r.prefix = prefix;
  r.network = a;
  if (a.v6) {
    if (prefix == 0) {
      r.network.hi = r.network.lo = 0;
    } else if (prefix <= 64) {
      r.network.hi &= ~uint64_t{0} << (64 - prefix);
      r.network.lo = 0;
    } else if (prefix < 128) {
      r.network.lo &= ~uint64_t{0} << (128 - prefix);
    }
  } else {
    r.network.lo &= prefix == 0 ? 0 : (0xFFFFFFFFull << (32 - prefix)) & 0xFFFFFFFFull;
  }
  *out = r;
  return true;
}

bool IpRange::Contains(const IpAddress& a) const {
  if (a.v6 != network.v6) return false;
  if (!a.v6) {
    const uint64_t mask =
        prefix == 0 ? 0 : (0xFFFFFFFFull << (32 - prefix)) & 0xFFFFFFFFull;
    return (a.lo & mask) == network.lo;
  }
  if (prefix == 0) return true;
  if (prefix <= 64) {
    return (a.hi & (~uint64_t{0} << (64 - prefix))) == network.hi;
  }
  if (a.hi != network.hi) return false;
  if (prefix == 128) return a.lo == network.lo;
  return (a.lo & (~uint64_t{0} << (128 - prefix))) == network.lo;
}

// --- Bool -------------------------------------------------------------------

bool ParseBool(absl::string_view text, bool* out) {
  if (absl::EqualsIgnoreCase(text, "true")) {
    *out = true;
    return true;
  }
  if (absl::EqualsIgnoreCase(text, "false")) {
    *out = false;
    return true;
  }
  return false;
}

// --- Binary -----------------------------------------------------------------

bool Base64Decode(absl::string_view text, std::string* out) {
  std::string bytes;
  if (!Base64Stream(text, [&](char c) {
        bytes.push_back(c);
        return true;
      })) {
    return false;
  }
  *out = std::move(bytes);
  return true;
}

bool ParseBase64PolicyValue(absl::string_view text, std::string* out) {
  if (text.empty() || text.size() % 4 != 0) return false;
  return Base64Decode(text, out);
}

bool Base64Equals(absl::string_view b64, absl::string_view bytes) {
  size_t pos = 0;
  const bool ok = Base64Stream(b64, [&](char c) {
    if (pos >= bytes.size() || bytes[pos] != c) return false;
    ++pos;
    return true;
  });
  return ok && pos == bytes.size();
}

// --- ARNs -------------------------------------------------------------------

bool SplitArn(absl::string_view text, absl::string_view parts[6]) {
  size_t start = 0;
  for (int k = 0; k < 5; ++k) {
    const size_t colon = text.find(':', start);
    if (colon == absl::string_view::npos) return false;
    parts[k] = text.substr(start, colon - start);
    start = colon + 1;
  }
  parts[5] = text.substr(start);
  return true;
}

std::string RequestValueProblem(absl::string_view lower,
                                absl::string_view value) {
  return RequestValueProblem(aws::FindConditionKey(lower), value);
}

std::string RequestValueProblem(const aws::ConditionKeyInfo* info,
                                absl::string_view value) {
  if (value.size() > aws::kMaxRequestValueBytes) {
    return std::string(aws::kValueTooLong);
  }
  if (info == nullptr) return "";
  const char* expected = nullptr;
  const char* noun = nullptr;
  switch (info->type) {
    case aws::KeyType::kString:
      return "";
    case aws::KeyType::kArn: {
      noun = "an ARN";
      absl::string_view parts[6];
      if (SplitArnValue(value, parts)) return "";
      expected = "an ARN arn:partition:service:region:account:resource";
      break;
    }
    case aws::KeyType::kDate: {
      noun = "a date";
      int64_t millis;
      if (ParseDate(value, &millis)) return "";
      expected =
          "an ISO 8601 date such as \"2026-12-01T00:00:00Z\" or epoch seconds";
      break;
    }
    case aws::KeyType::kNumeric: {
      noun = "a numeric";
      DecimalView d;
      if (ParseDecimal(value, &d)) return "";
      expected = "a number such as \"10\" or \"-2.5\"";
      break;
    }
    case aws::KeyType::kBool: {
      noun = "a boolean";
      bool b;
      if (ParseBool(value, &b)) return "";
      expected = "\"true\" or \"false\"";
      break;
    }
    case aws::KeyType::kIpAddress: {
      noun = "an IP address";
      IpAddress ip;
      if (ParseIpAddress(value, &ip)) return "";
      expected = "an IPv4 or IPv6 address such as \"203.0.113.7\" (no range)";
      break;
    }
  }
  return absl::StrCat(expected, " (", info->name, info->family() ? "*" : "",
                      " is ", noun, " key; AWS sends no other value)");
}

}  // namespace iameval
