// iameval: offline AWS IAM policy evaluation.

#include "condition/glob.h"

#include <cstdint>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_resolver.h"

namespace iameval {
namespace {

using ::iameval::testing::FakeResolver;

struct GlobCase {
  const char* pattern;
  const char* input;
  bool match;
};

// Cases checked against GlobMatch, Pattern::Compile and (without variables)
// PatternTemplate, so every matcher kind agrees with the reference.
constexpr GlobCase kGlobCases[] = {
    {"", "", true},
    {"", "a", false},
    {"*", "", true},
    {"*", "anything:at/all", true},
    {"**", "x", true},
    {"abc", "abc", true},
    {"abc", "abcd", false},
    {"abc", "ABC", false},  // case-sensitive
    {"abc*", "abc", true},
    {"abc*", "abcdef", true},
    {"abc*", "ab", false},
    {"*abc", "xxabc", true},
    {"*abc", "abcx", false},
    {"*abc*", "xabcx", true},
    {"*abc*", "xabx", false},
    {"a*c", "ac", true},
    {"a*c", "abbbc", true},
    {"a*c", "abbbcd", false},
    {"a*b*c", "aXbYc", true},
    {"a*b*c", "acb", false},
    {"a*ab", "aab", true},   // head and tail must not overlap
    {"ab*ba", "aba", false},
    {"a?c", "abc", true},
    {"a?c", "ac", false},
    {"a?c", "abbc", false},
    {"???", "abc", true},
    {"???", "ab", false},
    {"a?", "a\xc3\xa9", true},           // ? is one code point (é)
    {"a??", "a\xc3\xa9", false},
    {"?", "\xf0\x9f\x98\x80", true},     // a 4-byte code point
    {"*?", "\xc3\xa9", true},
    {"*??", "\xc3\xa9", false},
    {"*???", "\xc3\xa9\xc3\xa9", false},
    {"*??", "\xc3\xa9\xc3\xa9", true},
    {"arn:aws:s3:::b/*", "arn:aws:s3:::b/k/x", true},
    {"arn:aws:iam::*:role/ata-*", "arn:aws:iam::111122223333:role/ata-x", true},
    {"arn:aws:iam::*:role/ata-*", "arn:aws:iam::111122223333:role/x/ata-x", false},
    {"arn:aws:s:*:111122223333:f/*",
     "arn:aws:s:us-east-2:999999999999:store/abc:111122223333:f/d", true},  // §9 61
    {"db-password-??????", "db-password-AbCdEf", true},       // §9 56
    {"db-password-??????", "db-password-old-AbCdEf", false},
    {"db-password*", "db-password2-XyZ123", true},            // §9 57
    {"*a*b?c*", "xxaYYbZcQ", true},
    {"*a*b?c*", "xxaYYbcQ", false},
    {"*x*", "", false},
};

TEST(GlobTest, ReferenceCases) {
  FakeResolver none;
  for (const GlobCase& c : kGlobCases) {
    EXPECT_EQ(GlobMatch(c.pattern, c.input), c.match)
        << c.pattern << " vs " << c.input;
    EXPECT_EQ(Pattern::Compile(c.pattern).Match(c.input), c.match)
        << c.pattern << " vs " << c.input;
    const PatternTemplate t = PatternTemplate::Compile(c.pattern, true);
    EXPECT_FALSE(t.has_variables());
    EXPECT_EQ(t.Match(none, c.input, nullptr), c.match)
        << c.pattern << " vs " << c.input;
  }
}

// Reference: the textbook recursive definition over code points
// (exponential, fine for tiny inputs).
std::vector<std::string> CodePoints(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    size_t len = (static_cast<unsigned char>(s[i]) >= 0xC0) ? 2 : 1;
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

bool Reference(const std::vector<std::string>& p, size_t i,
               const std::vector<std::string>& s, size_t j) {
  if (i == p.size()) return j == s.size();
  if (p[i] == "*") {
    for (size_t k = j; k <= s.size(); ++k) {
      if (Reference(p, i + 1, s, k)) return true;
    }
    return false;
  }
  if (j == s.size()) return false;
  if (p[i] == "?" || p[i] == s[j]) return Reference(p, i + 1, s, j + 1);
  return false;
}

TEST(GlobTest, AgreesWithTheReferenceOnRandomInputs) {
  const std::vector<std::string> pattern_alphabet = {"a", "b", "*", "?", "\xc3\xa9"};
  const std::vector<std::string> input_alphabet = {"a", "b", "\xc3\xa9"};
  uint64_t seed = 0x9E3779B97F4A7C15ull;
  auto next = [&seed](size_t n) {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return static_cast<size_t>(seed % n);
  };
  for (int round = 0; round < 20000; ++round) {
    std::string pattern;
    std::string input;
    const size_t plen = next(7);
    const size_t slen = next(9);
    for (size_t k = 0; k < plen; ++k) pattern += pattern_alphabet[next(pattern_alphabet.size())];
    for (size_t k = 0; k < slen; ++k) input += input_alphabet[next(input_alphabet.size())];
    const bool want = Reference(CodePoints(pattern), 0, CodePoints(input), 0);
    ASSERT_EQ(GlobMatch(pattern, input), want) << pattern << " vs " << input;
    ASSERT_EQ(Pattern::Compile(pattern).Match(input), want) << pattern << " vs " << input;
    // Through a template with a variable: the substituted text is literal,
    // so substituting "a" behaves like a literal "a".
    FakeResolver r;
    r.Set("k:v", "a");
    const PatternTemplate t = PatternTemplate::Compile(pattern + "${k:v}", true);
    ASSERT_EQ(t.Match(r, input + "a", nullptr),
              Reference(CodePoints(pattern + "a"), 0, CodePoints(input + "a"), 0))
        << pattern << " vs " << input;
  }
}

TEST(GlobTest, PicksTheCheapestMatcher) {
  EXPECT_EQ(Pattern::Compile("*").kind(), Pattern::Kind::kAny);
  EXPECT_EQ(Pattern::Compile("***").kind(), Pattern::Kind::kAny);
  EXPECT_EQ(Pattern::Compile("abc").kind(), Pattern::Kind::kExact);
  EXPECT_EQ(Pattern::Compile("abc*").kind(), Pattern::Kind::kPrefix);
  EXPECT_EQ(Pattern::Compile("abc**").kind(), Pattern::Kind::kPrefix);
  EXPECT_EQ(Pattern::Compile("*abc").kind(), Pattern::Kind::kSuffix);
  EXPECT_EQ(Pattern::Compile("*abc*").kind(), Pattern::Kind::kContains);
  EXPECT_EQ(Pattern::Compile("a*c").kind(), Pattern::Kind::kGlob);
  EXPECT_EQ(Pattern::Compile("a?c").kind(), Pattern::Kind::kGlob);
  EXPECT_EQ(Pattern::Compile("abc*").needle(), "abc");
  EXPECT_EQ(Pattern::Literal("a*b").kind(), Pattern::Kind::kExact);
  EXPECT_TRUE(Pattern().Match(""));
  EXPECT_FALSE(Pattern().Match("x"));
}

TEST(GlobTest, LiteralPartsAreNeverWildcards) {
  const Pattern p = Pattern::FromParts(
      std::vector<PatternPart>{{"team-", false}, {"*?", true}, {"-*", false}});
  EXPECT_TRUE(p.Match("team-*?-x"));
  EXPECT_FALSE(p.Match("team-ab-x"));
  EXPECT_FALSE(p.Match("team-*X-x"));
  EXPECT_TRUE(Pattern::Literal("a*").Match("a*"));
  EXPECT_FALSE(Pattern::Literal("a*").Match("ab"));
  // A literal `*` next to a wildcard one.
  const Pattern q =
      Pattern::FromParts(std::vector<PatternPart>{{"*", true}, {"*", false}});
  EXPECT_EQ(q.kind(), Pattern::Kind::kPrefix);
  EXPECT_TRUE(q.Match("*abc"));
  EXPECT_FALSE(q.Match("abc"));
  const Pattern r = Pattern::FromParts(
      std::vector<PatternPart>{{"?", false}, {"?", true}, {"*", false}});
  EXPECT_TRUE(r.Match("x?yyy"));
  EXPECT_FALSE(r.Match("xxyyy"));
}

TEST(GlobTest, AdversarialInputsStayPolynomial) {
  // A backtracking matcher without the single-backtrack-point rule needs
  // exponential time here; ours finishes in O(|p| * |s|).
  const std::string as(100 * 1024, 'a');
  EXPECT_FALSE(GlobMatch("*a*a*a*a*a*a*b", as));
  EXPECT_FALSE(Pattern::Compile("*a*a*a*a*a*a*b").Match(as));
  EXPECT_FALSE(Pattern::Compile("*a?a*a?a*a*?b").Match(as));
  EXPECT_TRUE(Pattern::Compile("*a*a*a*a*a*a*").Match(as));
  EXPECT_TRUE(GlobMatch("*a?a*a?a*a*?a", as));
  std::string ab = as + "b";
  EXPECT_TRUE(GlobMatch("*a*a*a*a*a*a*b", ab));
  EXPECT_TRUE(Pattern::Compile("*a*a*a*a*a*a*b").Match(ab));
  EXPECT_TRUE(Pattern::Compile("*a?a*a?a*a*?b").Match(ab));
}

TEST(PatternTemplateTest, SubstitutesVariablesLiterally) {
  FakeResolver r;
  r.Set("aws:username", "al*ce");
  r.Set("aws:PrincipalTag/team", "red");
  const PatternTemplate t =
      PatternTemplate::Compile("home/${aws:username}/*", true);
  EXPECT_TRUE(t.has_variables());
  bool unresolved = true;
  EXPECT_TRUE(t.Match(r, "home/al*ce/x", &unresolved));
  EXPECT_FALSE(unresolved);
  // The substituted `*` is literal (§3.10): "alice" does not match "al*ce".
  EXPECT_FALSE(t.Match(r, "home/alice/x", &unresolved));
  EXPECT_FALSE(unresolved);
  // Key names in variables are case-insensitive.
  const PatternTemplate u =
      PatternTemplate::Compile("${AWS:PRINCIPALTAG/Team}-*", true);
  EXPECT_TRUE(u.Match(r, "red-1", nullptr));
  EXPECT_FALSE(u.Match(r, "blue-1", nullptr));
}

// Pattern::Compile cuts star-only globs into segments directly; FromParts
// goes through the byte-and-token form. Both must make the same matcher.
TEST(PatternTest, CompileAgreesWithFromParts) {
  for (const GlobCase& c : kGlobCases) {
    SCOPED_TRACE(c.pattern);
    const Pattern direct = Pattern::Compile(c.pattern);
    const PatternPart part{c.pattern, false};
    const Pattern general = Pattern::FromParts({&part, 1});
    EXPECT_EQ(direct.kind(), general.kind());
    EXPECT_EQ(direct.Match(c.input), general.Match(c.input)) << c.input;
    EXPECT_EQ(direct.Match(c.input), c.match) << c.input;
  }
}

// The compact form (a template that is one run of text keeps no pieces)
// against the general one: the parts Resolve gives, rebuilt into a Pattern
// with FromParts, match what the template's own pattern matches, and the
// text forms agree, for texts with and without escapes, variables and
// malformed `${`, in both modes, with variables on and off.
TEST(PatternTemplateTest, CompactFormAgreesWithItsParts) {
  FakeResolver r;
  r.Set("aws:username", "al*ce");
  const std::vector<std::string> texts = {
      "", "abc", "a*b?c", "*", "${*}", "a${*}b", "${?}${$}", "x${a b}y",
      "${", "a${b", "${}", "$${*}", "${aws:username}", "u/${aws:username}/*",
      "arn:aws:s3:::b/${aws:username}/*", "${ab, 'x'}", "a${b, x}c"};
  const std::vector<std::string> inputs = {
      "", "abc", "aXbYc", "a*b?c", "*", "a*b", "?$", "x${a b}y", "${", "a${b",
      "${}", "$*", "al*ce", "u/al*ce/k", "arn:aws:s3:::b/al*ce/k", "x",
      "a${b, x}c", "a*b", "${*}"};
  for (const std::string& text : texts) {
    for (PatternTemplate::Mode mode :
         {PatternTemplate::Mode::kGlob, PatternTemplate::Mode::kLiteral}) {
      for (bool variables : {true, false}) {
        SCOPED_TRACE(text + (mode == PatternTemplate::Mode::kGlob
                                 ? " glob"
                                 : " literal") +
                     (variables ? " variables" : ""));
        const PatternTemplate t = PatternTemplate::Compile(text, variables,
                                                           mode);
        EXPECT_EQ(t.text(), text);
        std::vector<PatternPart> parts;
        ASSERT_TRUE(t.Resolve(r, &parts));
        std::string joined;
        for (const PatternPart& p : parts) joined += p.text;
        std::string resolved;
        ASSERT_TRUE(t.ResolveText(r, &resolved));
        EXPECT_EQ(resolved, joined);
        EXPECT_EQ(t.Display(r), joined);
        if (mode == PatternTemplate::Mode::kLiteral) {
          for (const PatternPart& p : parts) EXPECT_TRUE(p.literal);
        }
        const Pattern general = Pattern::FromParts(parts);
        for (const std::string& in : inputs) {
          EXPECT_EQ(t.Match(r, in, nullptr), general.Match(in)) << in;
          if (!t.has_variables()) {
            EXPECT_EQ(t.pattern().Match(in), general.Match(in)) << in;
          }
        }
      }
    }
  }
}

TEST(PatternTemplateTest, EscapesAreLiteral) {
  FakeResolver r;
  const PatternTemplate t = PatternTemplate::Compile("a${*}b${?}c${$}", true);
  EXPECT_FALSE(t.has_variables());
  EXPECT_TRUE(t.Match(r, "a*b?c$", nullptr));
  EXPECT_FALSE(t.Match(r, "axbyc$", nullptr));
  EXPECT_EQ(t.pattern().kind(), Pattern::Kind::kExact);
}

TEST(PatternTemplateTest, UnresolvedVariable) {
  FakeResolver r;
  const PatternTemplate t = PatternTemplate::Compile("${aws:username}", true);
  bool unresolved = false;
  EXPECT_FALSE(t.Match(r, "", &unresolved));
  EXPECT_TRUE(unresolved);
  std::string which;
  std::vector<PatternPart> parts;
  EXPECT_FALSE(t.Resolve(r, &parts, &which));
  EXPECT_EQ(which, "${aws:username}");
  EXPECT_EQ(t.Display(r), "<unresolved ${aws:username}>");
  // Present empty string resolves to "" (§3.10 CHOICE).
  r.Set("aws:username", "");
  EXPECT_TRUE(t.Match(r, "", &unresolved));
  EXPECT_FALSE(unresolved);
  // A multivalued value is never a variable value, whatever its size.
  r.SetMulti("aws:username", {"alice"});
  EXPECT_FALSE(t.Match(r, "alice", &unresolved));
  EXPECT_TRUE(unresolved);
  // Known multivalued keys never resolve, even given as a single string.
  r.Set("aws:TagKeys", "team");
  EXPECT_FALSE(PatternTemplate::Compile("${aws:TagKeys}", true)
                   .Match(r, "team", &unresolved));
  EXPECT_TRUE(unresolved);
}

TEST(PatternTemplateTest, Defaults) {
  FakeResolver r;
  const PatternTemplate t =
      PatternTemplate::Compile("${aws:PrincipalTag/team, 'shared'}-*", true);
  EXPECT_TRUE(t.Match(r, "shared-AbCdEf", nullptr));  // §9 74
  r.Set("aws:PrincipalTag/team", "red");
  EXPECT_TRUE(t.Match(r, "red-AbCdEf", nullptr));
  EXPECT_FALSE(t.Match(r, "shared-AbCdEf", nullptr));
  // Whitespace around the comma is tolerated; an empty default is allowed.
  const PatternTemplate e = PatternTemplate::Compile("x${k:v,'' }y", true);
  EXPECT_FALSE(e.has_variables());  // trailing space after the quote: literal
  const PatternTemplate f = PatternTemplate::Compile("x${k:v ,  ''}y", true);
  EXPECT_TRUE(f.has_variables());
  EXPECT_TRUE(f.Match(FakeResolver(), "xy", nullptr));
  // A wildcard in a default is literal, like any substituted text.
  const PatternTemplate g = PatternTemplate::Compile("${k:v, '*'}", true);
  EXPECT_TRUE(g.Match(FakeResolver(), "*", nullptr));
  EXPECT_FALSE(g.Match(FakeResolver(), "x", nullptr));
}

TEST(PatternTemplateTest, MalformedVariablesAndOldVersionsAreLiteralText) {
  FakeResolver r;
  r.Set("aws:username", "alice");
  for (const char* text : {"${aws:username", "${}", "${aws: username}",
                           "${ aws:username}", "${k, default}"}) {
    const PatternTemplate t = PatternTemplate::Compile(text, true);
    EXPECT_FALSE(t.has_variables()) << text;
    EXPECT_TRUE(t.Match(r, text, nullptr)) << text;
  }
  // Version 2008-10-17 / none: `${...}` is text (§3.10, §9 66-67).
  const PatternTemplate old = PatternTemplate::Compile("${aws:username}-*", false);
  EXPECT_FALSE(old.has_variables());
  EXPECT_FALSE(old.Match(r, "alice-AbCdEf", nullptr));
  EXPECT_TRUE(old.Match(r, "${aws:username}-AbCdEf", nullptr));
  EXPECT_TRUE(PatternTemplate::Compile("${aws:username}-*", true)
                  .Match(r, "alice-AbCdEf", nullptr));  // §9 68
}

TEST(PatternTemplateTest, LiteralModeAndResolveText) {
  FakeResolver r;
  r.Set("aws:username", "bob");
  const PatternTemplate t = PatternTemplate::Compile(
      "a*${aws:username}?", true, PatternTemplate::Mode::kLiteral);
  EXPECT_TRUE(t.Match(r, "a*bob?", nullptr));
  EXPECT_FALSE(t.Match(r, "axbobx", nullptr));
  std::string text;
  EXPECT_TRUE(t.ResolveText(r, &text));
  EXPECT_EQ(text, "a*bob?");
  const PatternTemplate plain =
      PatternTemplate::Compile("a*b", true, PatternTemplate::Mode::kLiteral);
  EXPECT_EQ(plain.pattern().kind(), Pattern::Kind::kExact);
}

TEST(PatternTemplateTest, ResourceVariablesOnlyAfterTheFifthColon) {
  FakeResolver r;
  r.Set("aws:username", "alice");
  r.Set("aws:PrincipalAccount", "111122223333");
  const PatternTemplate t = PatternTemplate::CompileResource(
      "arn:aws:secretsmanager:*:*:secret:${aws:username}-*", true);
  EXPECT_TRUE(t.has_variables());
  EXPECT_TRUE(t.Match(r, "arn:aws:secretsmanager:eu:1:secret:alice-AbCdEf", nullptr));
  // Before the fifth colon the text stays literal, so the entry fails closed.
  const PatternTemplate acct = PatternTemplate::CompileResource(
      "arn:aws:s3:::${aws:PrincipalAccount}", true);
  EXPECT_TRUE(acct.has_variables());  // resource part of an S3 ARN
  const PatternTemplate early = PatternTemplate::CompileResource(
      "arn:aws:iam::${aws:PrincipalAccount}:role/x", true);
  EXPECT_FALSE(early.has_variables());
  EXPECT_FALSE(early.Match(r, "arn:aws:iam::111122223333:role/x", nullptr));
  EXPECT_FALSE(PatternTemplate::CompileResource("${aws:username}", true)
                   .has_variables());
}

}  // namespace
}  // namespace iameval
