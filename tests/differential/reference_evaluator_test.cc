// iameval: offline AWS IAM policy evaluation.
//
// Tests of the naive reference evaluator itself, straight from SEMANTICS.md:
// if the reference were wrong, the differential test would only prove that
// the engine is wrong in the same way.

#include "testing/reference_evaluator.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace iameval {
namespace testing {
namespace {

using Ctx = std::vector<RefContextEntry>;

ConditionClause Clause(std::string op, std::string key,
                       std::vector<std::string> values) {
  ConditionClause c;
  c.op = std::move(op);
  c.key = std::move(key);
  c.values = std::move(values);
  return c;
}

TEST(RefGlobTest, WildcardsSpanColonsAndSlashes) {
  EXPECT_TRUE(RefGlob("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b:c"));
  EXPECT_TRUE(RefGlob("arn:aws:*:123456789012:*", "arn:aws:iam::123456789012:role/x"));
  EXPECT_TRUE(RefGlob("db-??????", "db-AbCdEf"));        // §9 case 56
  EXPECT_FALSE(RefGlob("db-??????", "db-old-AbCdEf"));   // §9 case 56
  EXPECT_FALSE(RefGlob("db-password", "db-password-AbCdEf"));  // case 55
  EXPECT_FALSE(RefGlob("PROD/*", "prod/db"));            // case 58
  EXPECT_TRUE(RefGlob("*", ""));
  EXPECT_FALSE(RefGlob("?", ""));
  EXPECT_TRUE(RefGlob("?", "\xC3\xA9"));  // one code point, two bytes
  EXPECT_TRUE(RefGlob("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(RefGlob("a*b*c", "aXbYbZ"));
}

TEST(RefConditionTest, MissingKeys) {  // §3.2
  Ctx none;
  EXPECT_FALSE(RefConditionHolds(Clause("StringEquals", "k:x", {"a"}), none));
  EXPECT_TRUE(RefConditionHolds(Clause("StringNotEquals", "k:x", {"a"}), none));
  EXPECT_TRUE(RefConditionHolds(Clause("StringNotLike", "k:x", {"a*"}), none));
  EXPECT_TRUE(RefConditionHolds(Clause("StringEqualsIfExists", "k:x", {"a"}), none));
  EXPECT_TRUE(RefConditionHolds(Clause("Null", "k:x", {"true"}), none));
  EXPECT_FALSE(RefConditionHolds(Clause("Null", "k:x", {"false"}), none));
  EXPECT_FALSE(RefConditionHolds(Clause("IpAddress", "aws:SourceIp", {"10.0.0.0/8"}), none));
}

TEST(RefConditionTest, NegatedOperatorsAreNor) {  // §3.1, §9 case 65
  Ctx ctx = {{"aws:PrincipalTag/env", {"a"}, false}};
  EXPECT_FALSE(RefConditionHolds(
      Clause("StringNotEquals", "aws:PrincipalTag/env", {"a", "b"}), ctx));
  EXPECT_TRUE(RefConditionHolds(
      Clause("StringNotEquals", "aws:PrincipalTag/env", {"c", "b"}), ctx));
}

TEST(RefConditionTest, KeyNamesAreCaseInsensitive) {  // §1.4, case 4
  Ctx ctx = {{"AWS:principaltag/TEAM", {"blue"}, false}};
  EXPECT_TRUE(RefConditionHolds(
      Clause("StringEquals", "aws:PrincipalTag/team", {"blue"}), ctx));
  EXPECT_FALSE(RefConditionHolds(
      Clause("StringEquals", "aws:PrincipalTag/team", {"Blue"}), ctx));
  EXPECT_TRUE(RefConditionHolds(
      Clause("StringEqualsIgnoreCase", "aws:PrincipalTag/team", {"BLUE"}), ctx));
}

TEST(RefConditionTest, MultivaluedKeys) {  // §3.6, §3.7, cases 62, 63, 73
  Ctx paths = {{"aws:PrincipalOrgPaths", {"o-x/r-y/ou-z/"}, true}};
  EXPECT_FALSE(RefConditionHolds(
      Clause("StringLike", "aws:PrincipalOrgPaths", {"o-x/r-y/ou-z/*"}), paths));
  EXPECT_FALSE(RefConditionHolds(
      Clause("StringNotLike", "aws:PrincipalOrgPaths", {"zzz"}), paths));
  EXPECT_TRUE(RefConditionHolds(
      Clause("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", {"o-x/r-y/ou-z/*"}),
      paths));
  Ctx none;
  EXPECT_TRUE(RefConditionHolds(
      Clause("ForAllValues:StringEquals", "aws:TagKeys", {"team"}), none));
  EXPECT_FALSE(RefConditionHolds(
      Clause("ForAnyValue:StringEquals", "aws:TagKeys", {"team"}), none));
  Ctx tags = {{"aws:TagKeys", {"team", "env"}, true}};
  EXPECT_FALSE(RefConditionHolds(
      Clause("ForAllValues:StringEquals", "aws:TagKeys", {"team"}), tags));  // 25
  EXPECT_TRUE(RefConditionHolds(
      Clause("ForAllValues:StringNotEquals", "aws:TagKeys", {"cost"}), tags));
  EXPECT_TRUE(RefConditionHolds(
      Clause("ForAnyValue:StringNotEquals", "aws:TagKeys", {"team"}), tags));
  Ctx empty = {{"aws:TagKeys", {}, true}};
  EXPECT_TRUE(RefConditionHolds(Clause("Null", "aws:TagKeys", {"true"}), empty));
}

TEST(RefConditionTest, TypedOperators) {
  Ctx ctx = {{"aws:SourceIp", {"203.0.113.5"}, false},
             {"aws:MultiFactorAuthPresent", {"TRUE"}, false},
             {"aws:MultiFactorAuthAge", {"59.5"}, false},
             {"aws:SourceArn",
              {"arn:aws:s:us-east-2:999999999999:store/abc:111122223333:f/d"},
              false},
             {"v6", {"2001:DB8:0:0::ff"}, false}};
  EXPECT_TRUE(RefConditionHolds(Clause("IpAddress", "aws:SourceIp", {"203.0.113.0/24"}), ctx));
  EXPECT_TRUE(RefConditionHolds(Clause("IpAddress", "aws:SourceIp", {"203.0.113.77/24"}), ctx));
  EXPECT_FALSE(RefConditionHolds(Clause("IpAddress", "aws:SourceIp", {"2001:db8::/32"}), ctx));  // 72
  EXPECT_TRUE(RefConditionHolds(Clause("IpAddress", "v6", {"2001:db8::/32"}), ctx));
  EXPECT_FALSE(RefConditionHolds(Clause("IpAddress", "v6", {"10.0.0.0/8"}), ctx));
  EXPECT_TRUE(RefConditionHolds(Clause("Bool", "aws:MultiFactorAuthPresent", {"true"}), ctx));
  EXPECT_FALSE(RefConditionHolds(Clause("Bool", "aws:MultiFactorAuthPresent", {"maybe"}), ctx));
  EXPECT_TRUE(RefConditionHolds(Clause("NumericLessThan", "aws:MultiFactorAuthAge", {"60"}), ctx));
  EXPECT_FALSE(RefConditionHolds(Clause("NumericLessThan", "aws:MultiFactorAuthAge", {"59.5"}), ctx));
  EXPECT_FALSE(RefConditionHolds(Clause("NumericLessThan", "aws:MultiFactorAuthAge", {"x"}), ctx));
  // §9 case 61: StringLike crosses colons, ArnLike does not.
  EXPECT_TRUE(RefConditionHolds(
      Clause("StringLike", "aws:SourceArn", {"arn:aws:s:*:111122223333:f/*"}), ctx));
  EXPECT_FALSE(RefConditionHolds(
      Clause("ArnLike", "aws:SourceArn", {"arn:aws:s:*:111122223333:f/*"}), ctx));
  EXPECT_TRUE(RefConditionHolds(
      Clause("ArnLike", "aws:SourceArn", {"arn:aws:s:*:*:store/*"}), ctx));
}

// One IpAddress comparison: policy value `policy`, aws:SourceIp `request`.
struct IpRow {
  const char* policy;
  const char* request;
  bool match;
};

bool IpMatches(const IpRow& c) {
  Ctx ctx = {{"aws:SourceIp", {c.request}, false}};
  return RefConditionHolds(Clause("IpAddress", "aws:SourceIp", {c.policy}), ctx);
}

// docs/semantics-conditions.md, "Value types", IP: "IPv4 octets with leading
// zeros rejected", in policy values and request values alike. Such text is
// ambiguous (010 is 8 to inet_aton, 10 to others), so it is no address at
// all rather than either reading: it never matches.
TEST(RefConditionTest, Ipv4OctetsWithLeadingZerosAreRejected) {
  const IpRow kCases[] = {
      {"10.0.0.0/8", "010.1.2.3", false},   // not read as decimal 10
      {"8.0.0.0/8", "010.1.2.3", false},    // nor as octal 8
      {"10.1.2.3", "10.01.2.3", false},
      {"10.1.2.3", "10.1.2.003", false},
      {"010.0.0.0/8", "10.1.2.3", false},   // policy side too
      {"10.0.0.0/8", "10.0.0.1", true},     // a lone 0 is an octet
      {"0.0.0.0/0", "0.0.0.0", true},
  };
  for (const IpRow& c : kCases) {
    EXPECT_EQ(IpMatches(c), c.match) << c.policy << " vs " << c.request;
  }
}

// The prefix length follows the octets: `/08` is rejected like the octet
// `08`, and a policy value with it never matches; a lone `/0` is fine. The
// docs name only octets; the engine (ParseIpRange) rejects both, and
// tests/condition/value_test.cc pins `1.2.3.4/08`.
TEST(RefConditionTest, CidrPrefixesWithLeadingZerosAreRejected) {
  const IpRow kCases[] = {
      {"10.0.0.0/08", "10.1.2.3", false},
      {"10.0.0.0/008", "10.1.2.3", false},
      {"0.0.0.0/00", "10.1.2.3", false},
      {"2001:db8::/032", "2001:db8::1", false},
      {"::/00", "2001:db8::1", false},
      {"10.0.0.0/8", "10.1.2.3", true},
      {"0.0.0.0/0", "10.1.2.3", true},
      {"::/0", "2001:db8::1", true},
  };
  for (const IpRow& c : kCases) {
    EXPECT_EQ(IpMatches(c), c.match) << c.policy << " vs " << c.request;
  }
}

// "v4 never matches v6 (no IPv4-mapped equivalence)": `::ffff:10.1.2.3` is
// an IPv6 address (RFC 4291 2.2, the last 32 bits written as a dotted quad),
// equal to `::ffff:a01:203`, inside IPv6 ranges such as ::ffff:0:0/96, and
// never inside an IPv4 range; nor is 10.1.2.3 inside an IPv6 range.
TEST(RefConditionTest, Ipv4MappedIpv6IsIpv6) {
  const IpRow kCases[] = {
      {"::ffff:10.0.0.0/104", "::ffff:10.1.2.3", true},
      {"::ffff:0:0/96", "::ffff:10.1.2.3", true},
      {"::/0", "::ffff:10.1.2.3", true},
      {"::ffff:a01:203", "::ffff:10.1.2.3", true},   // one address, two
      {"::ffff:10.1.2.3", "::ffff:a01:203", true},   // spellings
      {"::ffff:10.1.2.3", "::FFFF:10.1.2.3", true},
      {"::ffff:10.1.2.3", "::ffff:10.1.2.4", false},
      {"::/0", "1:2:3:4:5:6:1.2.3.4", true},
      {"::/0", "::1.2.3.4", true},
      // No equivalence with IPv4, either way.
      {"10.0.0.0/8", "::ffff:10.1.2.3", false},
      {"0.0.0.0/0", "::ffff:10.1.2.3", false},
      {"::ffff:10.0.0.0/104", "10.1.2.3", false},
      {"::ffff:0:0/96", "10.1.2.3", false},
      // Malformed: leading zeros in the dotted quad, too many groups, a `::`
      // standing for no group, a short or misplaced dotted quad.
      {"::ffff:0:0/96", "::ffff:010.1.2.3", false},
      {"::ffff:010.0.0.0/104", "::ffff:10.1.2.3", false},
      {"::/0", "1:2:3:4:5:6:7:1.2.3.4", false},
      {"::/0", "1:2:3:4:5:6::1.2.3.4", false},
      {"::/0", "::ffff:1.2.3", false},
      {"::/0", "::1.2.3.4:ffff", false},
  };
  for (const IpRow& c : kCases) {
    EXPECT_EQ(IpMatches(c), c.match) << c.policy << " vs " << c.request;
  }
}

// One StringEqualsIgnoreCase comparison of a policy and a request value.
struct IgnoreCaseRow {
  const char* policy;
  const char* request;
  bool match;
};

// docs/semantics-conditions.md, "Strings and case": equal after the simple
// lowercase mapping, one code point to one code point, no context, for
// ASCII, Latin-1 Supplement, Latin Extended-A (İ -> i, ı unchanged), basic
// Greek (Σ -> σ; final ς not unified), Cyrillic U+0400-U+052F and Armenian;
// other scripts compare exactly; ß is never ss; invalid UTF-8 bytes compare
// as themselves. Escapes, because several of these look alike.
TEST(RefConditionTest, IgnoreCaseIsSimpleLowercase) {
  const IgnoreCaseRow kCases[] = {
      {"\xC3\x84", "\xC3\xA4", true},               // Ä ä (Latin-1)
      {"\xC3\x84RGER", "\xC3\xA4rger", true},       // ÄRGER ärger
      {"TEAM-BLUE-\xC3\x84", "team-blue-\xC3\xA4", true},
      {"\xC3\x98", "\xC3\xB8", true},               // Ø ø
      {"\xC3\x97", "\xC3\xB7", false},              // × ÷ are no pair
      {"\xC5\xB8", "\xC3\xBF", true},               // Ÿ ÿ (Ext-A to Latin-1)
      {"\xC4\x80", "\xC4\x81", true},               // Ā ā
      {"\xC5\x81", "\xC5\x82", true},               // Ł ł (odd upper half)
      {"\xC5\xBD", "\xC5\xBE", true},               // Ž ž
      {"\xC4\xB0", "i", true},                       // İ -> i (simple)
      {"\xC4\xB0", "I", true},
      {"\xC4\xB0", "i\xCC\x87", false},             // İ, not the full i̇
      {"I\xCC\x87", "i\xCC\x87", true},             // İ decomposed, i̇
      {"\xC4\xB1", "i", false},                      // ı stays dotless
      {"\xC4\xB1", "I", false},
      {"\xC5\xBF", "s", false},                      // ſ has no lower case
      {"\xC3\x9F", "ss", false},                     // ß never ss
      {"\xC3\x9F", "SS", false},
      {"\xCE\xA3", "\xCF\x83", true},               // Σ σ
      {"\xCE\xA3", "\xCF\x82", false},              // Σ ς: final sigma
      {"\xCF\x83", "\xCF\x82", false},              // σ ς: not unified
      {"\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x8A\xCE\x91",
       "\xCF\x83\xCE\xBF\xCF\x86\xCE\xAF\xCE\xB1", true},  // ΣΟΦΊΑ σοφία
      {"\xCE\x86", "\xCE\xAC", true},               // Ά ά
      {"\xCE\x8F", "\xCF\x8E", true},               // Ώ ώ
      {"\xD0\x81", "\xD1\x91", true},               // Ё ё
      {"\xD0\x96", "\xD0\xB6", true},               // Ж ж
      {"\xD1\xA0", "\xD1\xA1", true},               // Ѡ ѡ
      {"\xD3\x80", "\xD3\x8F", true},               // Ӏ ӏ
      {"\xD3\x81", "\xD3\x82", true},               // Ӂ ӂ
      {"\xD4\xAE", "\xD4\xAF", true},               // Ԯ ԯ (U+052E)
      {"\xD4\xB1", "\xD5\xA1", true},               // Ա ա (Armenian)
      // Other scripts compare exactly, even where Unicode has a mapping.
      {"\xC7\x85", "\xC7\x86", false},              // ǅ ǆ (Latin Ext-B)
      {"\xC7\x84", "\xC7\x86", false},              // Ǆ ǆ
      {"\xE2\x84\xAA", "k", false},                  // Kelvin sign, k
      {"\xE2\x84\xAA", "K", false},
      {"\xE1\xBA\x9E", "\xC3\x9F", false},          // ẞ ß
      {"\xE1\xB8\x80", "\xE1\xB8\x81", false},      // Ḁ ḁ
      {"\xEF\xBC\xA1", "\xEF\xBD\x81", false},      // fullwidth Ａ ａ
      {"\xC3\x89", "E\xCC\x81", false},             // É, E + U+0301
      // Invalid UTF-8: each byte is itself, never a code point, so a lone
      // 0xC4 is not Ä, and an overlong form is not the letter it spells
      // (lib/condition/case.cc decodes overlong forms; the differential
      // pools therefore leave them out).
      {"\xC3", "\xC3", true},
      {"\xC4", "\xC3\xA4", false},
      {"\xC3\x84\xFF", "\xC3\xA4\xFF", true},      // letters around it fold
      {"\xE0\x81\x81", "a", false},                  // overlong A
      {"\xE0\x81\x81", "A", false},
      {"\xE0\x83\x84", "\xC3\xA4", false},          // overlong Ä
      {"\xF0\x8D\xA0\x80", "\xED\xA0\x80", false},  // U+D800 spelt twice
  };
  for (const IgnoreCaseRow& c : kCases) {
    Ctx ctx = {{"sts:ExternalId", {c.request}, false}};
    EXPECT_EQ(RefConditionHolds(
                  Clause("StringEqualsIgnoreCase", "sts:ExternalId", {c.policy}),
                  ctx),
              c.match)
        << c.policy << " vs " << c.request;
  }
}

}  // namespace
}  // namespace testing
}  // namespace iameval
