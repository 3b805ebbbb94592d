// iameval: offline AWS IAM policy evaluation.

#include "condition/case.h"

#include <cstring>

namespace iameval {
namespace {

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Decodes the character at s[*i] and advances *i. Invalid or truncated
// sequences decode as the single byte value | 0x80000000 so that they never
// equal a real code point and compare as raw bytes.
uint32_t Decode(absl::string_view s, size_t* i) {
  const unsigned char c = static_cast<unsigned char>(s[*i]);
  const size_t len = Utf8CharLength(s, *i);
  if (len == 1) {
    ++*i;
    return c < 0x80 ? c : (0x80000000u | c);
  }
  uint32_t cp = c & (0xFF >> (len + 1));
  for (size_t k = 1; k < len; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3F);
  }
  *i += len;
  return cp;
}

void Encode(uint32_t cp, std::string* out) {
  if (cp & 0x80000000u) {
    out->push_back(static_cast<char>(cp & 0xFF));
  } else if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Branch-free: the hot loop of StringEqualsIgnoreCase.
char AsciiLower(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return static_cast<char>(u + ((static_cast<unsigned char>(u - 'A') < 26) << 5));
}

}  // namespace

size_t Utf8CharLength(absl::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
  } else {
    return 1;  // continuation byte or invalid lead byte
  }
  if (i + len > s.size()) return 1;
  for (size_t k = 1; k < len; ++k) {
    if (!IsContinuation(static_cast<unsigned char>(s[i + k]))) return 1;
  }
  // Well-formed sequences only (Unicode Table 3-7): no overlong forms
  // (E0 80..9F, F0 80..8F), no surrogates (ED A0..BF), nothing above
  // U+10FFFF (F4 90..BF). Anything else is bytes that compare as themselves.
  const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
  if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) ||
      (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) {
    return 1;
  }
  return len;
}

uint32_t SimpleLowercase(uint32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 0x20 : c;
  if (c < 0xC0) return c;
  // Latin-1 Supplement: À..Þ except × (U+00D7).
  if (c <= 0xDE) return c == 0xD7 ? c : c + 0x20;
  if (c < 0x100) return c;
  // Latin Extended-A: mostly upper/lower pairs.
  if (c <= 0x17F) {
    if (c == 0x130) return 0x69;  // İ -> i (simple mapping)
    if (c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return c;
    if (c == 0x178) return 0xFF;  // Ÿ -> ÿ
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) {
      return (c & 1) ? c + 1 : c;  // odd code points are upper case here
    }
    return (c & 1) ? c : c + 1;  // even code points are upper case
  }
  if (c < 0x370) return c;
  // Greek.
  if (c <= 0x3FF) {
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 37;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 63;
    if ((c >= 0x391 && c <= 0x3A1) || (c >= 0x3A3 && c <= 0x3AB)) {
      return c + 0x20;
    }
    return c;
  }
  // Cyrillic.
  if (c <= 0x52F) {
    if (c <= 0x40F) return c + 0x50;
    if (c <= 0x42F) return c + 0x20;
    if (c < 0x460) return c;
    if (c <= 0x481 || (c >= 0x48A && c <= 0x4BF) || (c >= 0x4D0)) {
      return (c & 1) ? c : c + 1;
    }
    if (c == 0x4C0) return 0x4CF;
    if (c >= 0x4C1 && c <= 0x4CE) return (c & 1) ? c + 1 : c;
    return c;
  }
  // Armenian.
  if (c >= 0x531 && c <= 0x556) return c + 0x30;
  return c;
}

std::string SimpleLowercase(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.push_back(AsciiLower(text[i]));
      ++i;
      continue;
    }
    Encode(SimpleLowercase(Decode(text, &i)), &out);
  }
  return out;
}

bool EqualsIgnoreCase(absl::string_view a, absl::string_view b) {
  if (a == b) return true;  // the common case, one memcmp
  // ASCII prefix: a tight loop while both sides are ASCII at the same offset.
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  size_t i = 0;
  // Eight bytes at a time while both are ASCII (SWAR lowercase: for a byte
  // c < 0x80, c + 0x3F has bit 7 set iff c >= 'A', c + 0x25 iff c > 'Z';
  // no carry crosses a byte).
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  for (; i + 8 <= n; i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if ((x | y) & kHigh) break;
    const uint64_t ux = ((x + 0x3F3F3F3F3F3F3F3Full) & ~(x + 0x2525252525252525ull)) & kHigh;
    const uint64_t uy = ((y + 0x3F3F3F3F3F3F3F3Full) & ~(y + 0x2525252525252525ull)) & kHigh;
    if ((x | (ux >> 2)) != (y | (uy >> 2))) return false;
  }
  for (; i < n; ++i) {
    const unsigned char ca = static_cast<unsigned char>(a[i]);
    const unsigned char cb = static_cast<unsigned char>(b[i]);
    if ((ca | cb) >= 0x80) break;
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  if (i == n) return a.size() == b.size();
  size_t j = i;
  while (i < a.size() && j < b.size()) {
    const unsigned char ca = static_cast<unsigned char>(a[i]);
    const unsigned char cb = static_cast<unsigned char>(b[j]);
    if ((ca | cb) < 0x80) {  // ASCII fast path
      if (AsciiLower(a[i]) != AsciiLower(b[j])) return false;
      ++i;
      ++j;
      continue;
    }
    const uint32_t x = Decode(a, &i);
    const uint32_t y = Decode(b, &j);
    if (x != y && SimpleLowercase(x) != SimpleLowercase(y)) return false;
  }
  return i == a.size() && j == b.size();
}

}  // namespace iameval
