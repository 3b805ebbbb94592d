// iameval: offline AWS IAM policy evaluation.
//
// libFuzzer target for the matching primitives (tests/fuzz/README.md):
// the globs of lib/condition/glob.h and the case folding of
// lib/condition/case.h. FuzzedDataProvider: a flags byte, a pattern p, an
// input s (each at most 256 bytes), a variable value v and two split
// points of p. Input is capped at 4 KB. Invariants, each a claim of the
// headers:
//  - GlobMatch(p, s) == Pattern::Compile(p).Match(s)
//    == Pattern::FromParts({p}) and of p split in two at any point
//    == PatternTemplate::Compile(p, variables off).Match(s) (no variables,
//       so it matches with Pattern), and with variables on when p has no `$`;
//  - on valid UTF-8 pattern and input, GlobMatch == the code-point glob of
//    the reference evaluator (testing::RefGlob): glob.h's UTF-8 note;
//  - p matches its own instantiation (each `*` replaced by v, each `?` by
//    "x");
//  - PatternTemplate in literal mode without variables matches s iff
//    p == s, and Pattern::Literal(s) matches s;
//  - a template L${aws:username}R (L, R: pieces of p without `$`) with
//    aws:username = v matches s iff Pattern::FromParts({L, v literal, R})
//    does, and iff the parts that Resolve returns do;
//  - EqualsIgnoreCase is symmetric, reflexive, ignores ASCII case, and
//    EqualsIgnoreCase(p, s) == (SimpleLowercase(p) == SimpleLowercase(s)).

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "condition/case.h"
#include "condition/glob.h"
#include "testing/fake_resolver.h"
#include "testing/reference_evaluator.h"

namespace {

constexpr size_t kMaxInput = 4 * 1024;
constexpr size_t kMaxString = 256;
constexpr size_t kMaxValue = 64;

// Bytes as C escapes where they are not printable ASCII.
std::string Escaped(absl::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    }
  }
  return out + "\"";
}

[[noreturn]] void Fail(const char* what, absl::string_view p,
                       absl::string_view s, const std::string& detail = "") {
  std::fprintf(stderr,
               "match_fuzzer invariant violated: %s\n  p = %s\n  s = %s\n%s",
               what, Escaped(p).c_str(), Escaped(s).c_str(), detail.c_str());
  std::abort();
}

// Strict UTF-8 (RFC 3629: shortest form, no surrogates, <= U+10FFFF).
bool IsValidUtf8(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t min;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, min = 0x80, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, min = 0x800, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, min = 0x10000, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string ToggleAsciiCase(absl::string_view s, uint8_t mask) {
  std::string out(s);
  for (size_t i = 0; i < out.size(); ++i) {
    if (((mask >> (i % 8)) & 1) == 0) continue;
    char& c = out[i];
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    } else if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

void CheckGlob(const std::string& p, const std::string& s) {
  const bool want = iameval::GlobMatch(p, s);
  auto expect = [&](bool got, const char* what) {
    if (got != want) {
      Fail(what, p, s,
           absl::StrCat("  GlobMatch says ", want ? "match" : "no match",
                        "\n"));
    }
  };
  expect(iameval::Pattern::Compile(p).Match(s),
         "Pattern::Compile(p) != GlobMatch");
  const iameval::PatternPart whole[] = {{p, false}};
  expect(iameval::Pattern::FromParts(whole).Match(s),
         "Pattern::FromParts({p}) != GlobMatch");

  const iameval::testing::FakeResolver none;
  for (const bool variables : {false, true}) {
    if (variables && p.find('$') != std::string::npos) continue;
    const iameval::PatternTemplate t =
        iameval::PatternTemplate::Compile(p, variables);
    if (t.has_variables()) Fail("a template without `$` has variables", p, s);
    bool unresolved = true;
    expect(t.Match(none, s, &unresolved),
           variables ? "PatternTemplate (variables on, no `$`) != GlobMatch"
                     : "PatternTemplate (variables off) != GlobMatch");
    if (unresolved) Fail("a template without variables is unresolved", p, s);
    expect(t.pattern().Match(s), "PatternTemplate::pattern() != GlobMatch");
  }
  if (IsValidUtf8(p) && IsValidUtf8(s)) {
    expect(iameval::testing::RefGlob(p, s),
           "GlobMatch != code-point glob (testing::RefGlob) on valid UTF-8");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInput) return -1;
  FuzzedDataProvider in(data, size);
  const uint8_t flags = in.ConsumeIntegral<uint8_t>();
  const std::string p = in.ConsumeRandomLengthString(kMaxString);
  std::string s = in.ConsumeRandomLengthString(kMaxString);
  const std::string v = in.ConsumeRandomLengthString(kMaxValue);
  const size_t cut1 = in.ConsumeIntegralInRange<size_t>(0, p.size());
  const size_t cut2 = in.ConsumeIntegralInRange<size_t>(cut1, p.size());

  // p matches its instantiation; with flag 1 that is also the input.
  std::string instance;
  for (char c : p) {
    if (c == '*') {
      instance += v;
    } else if (c == '?') {
      instance += 'x';
    } else {
      instance += c;
    }
  }
  if (!iameval::GlobMatch(p, instance)) {
    Fail("a pattern does not match its instantiation", p, instance,
         absl::StrCat("  v = ", Escaped(v), "\n"));
  }
  if (flags & 1) s = instance;

  CheckGlob(p, s);
  // Split anywhere, the two glob parts match as the whole does.
  {
    const iameval::PatternPart halves[] = {{p.substr(0, cut1), false},
                                           {p.substr(cut1), false}};
    if (iameval::Pattern::FromParts(halves).Match(s) !=
        iameval::GlobMatch(p, s)) {
      Fail("Pattern::FromParts(p split in two) != GlobMatch", p, s,
           absl::StrCat("  split at ", cut1, "\n"));
    }
  }

  // Literal matching.
  const iameval::testing::FakeResolver none;
  if (!iameval::Pattern::Literal(s).Match(s)) {
    Fail("Pattern::Literal(s) does not match s", s, s);
  }
  {
    const iameval::PatternTemplate literal = iameval::PatternTemplate::Compile(
        p, /*variables_enabled=*/false,
        iameval::PatternTemplate::Mode::kLiteral);
    if (literal.Match(none, s, nullptr) != (p == s)) {
      Fail("literal PatternTemplate(p) matches s iff p == s", p, s);
    }
  }

  // A template with one variable: L ${aws:username} R, the middle of p
  // replaced by the variable, whose value v is literal text.
  const std::string left = p.substr(0, cut1);
  const std::string right = p.substr(cut2);
  if (left.find('$') == std::string::npos &&
      right.find('$') == std::string::npos) {
    const std::string text = absl::StrCat(left, "${aws:username}", right);
    const iameval::PatternTemplate t =
        iameval::PatternTemplate::Compile(text, /*variables_enabled=*/true);
    if (!t.has_variables()) Fail("${aws:username} is not a variable", text, s);
    iameval::testing::FakeResolver r;
    r.Set("aws:username", v);
    const iameval::PatternPart parts[] = {
        {left, false}, {v, true}, {right, false}};
    const bool want = iameval::Pattern::FromParts(parts).Match(s);
    bool unresolved = true;
    if (t.Match(r, s, &unresolved) != want || unresolved) {
      Fail("template L${aws:username}R != Pattern::FromParts({L, v, R})", text,
           s, absl::StrCat("  v = ", Escaped(v), "\n"));
    }
    std::vector<iameval::PatternPart> resolved;
    if (!t.Resolve(r, &resolved)) Fail("Resolve failed", text, s);
    if (iameval::Pattern::FromParts(resolved).Match(s) != want) {
      Fail("Pattern::FromParts(Resolve()) != Match", text, s);
    }
    // Without a value the variable is unresolved and nothing matches.
    if (t.Match(none, s, &unresolved) || !unresolved) {
      Fail("an unresolved variable matched", text, s);
    }
  }

  // Case-insensitive equality.
  const bool eq = iameval::EqualsIgnoreCase(p, s);
  if (iameval::EqualsIgnoreCase(s, p) != eq) {
    Fail("EqualsIgnoreCase is not symmetric", p, s);
  }
  if ((iameval::SimpleLowercase(p) == iameval::SimpleLowercase(s)) != eq) {
    Fail("EqualsIgnoreCase(p, s) != (SimpleLowercase(p) == SimpleLowercase(s))",
         p, s);
  }
  if (!iameval::EqualsIgnoreCase(p, p)) Fail("EqualsIgnoreCase(p, p)", p, p);
  const std::string toggled = ToggleAsciiCase(p, flags);
  if (!iameval::EqualsIgnoreCase(p, toggled) ||
      !iameval::EqualsIgnoreCase(toggled, p)) {
    Fail("EqualsIgnoreCase ignores ASCII case", p, toggled);
  }
  return 0;
}
