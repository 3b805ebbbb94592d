// iameval: offline AWS IAM policy evaluation.
//
// Table-driven operator tests (SEMANTICS §3): every operator x IfExists x
// set prefix x request state (absent, single hit/miss, multivalued, empty
// array) from a generated matrix, plus hand-written rows for value types,
// policy variables, odd values and the pure-condition edge cases of
// SEMANTICS §9.

#include "condition/operator.h"

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "condition/condition.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_resolver.h"

namespace iameval {
namespace {

using ::iameval::testing::FakeResolver;

// --- ParseOperator ------------------------------------------------------------

TEST(ParseOperatorTest, DecodesNamesPrefixesAndSuffixes) {
  absl::StatusOr<Operator> op = ParseOperator("ForAnyValue:StringNotLikeIfExists");
  ASSERT_TRUE(op.ok()) << op.status();
  EXPECT_EQ(op->base, BaseOperator::kStringLike);
  EXPECT_EQ(op->family, OperatorFamily::kString);
  EXPECT_TRUE(op->negated);
  EXPECT_TRUE(op->if_exists);
  EXPECT_EQ(op->set, SetOperator::kForAnyValue);

  op = ParseOperator("NotIpAddress");
  ASSERT_TRUE(op.ok());
  EXPECT_EQ(op->base, BaseOperator::kIpAddress);
  EXPECT_TRUE(op->negated);
  EXPECT_FALSE(op->if_exists);
  EXPECT_EQ(op->set, SetOperator::kNone);

  op = ParseOperator("ForAllValues:Null");
  ASSERT_TRUE(op.ok());
  EXPECT_EQ(op->family, OperatorFamily::kNull);
  EXPECT_EQ(op->set, SetOperator::kForAllValues);

  op = ParseOperator("DateGreaterThanEqualsIfExists");
  ASSERT_TRUE(op.ok());
  EXPECT_EQ(op->base, BaseOperator::kDateGreaterThanEquals);
  EXPECT_TRUE(op->if_exists);
}

TEST(ParseOperatorTest, EveryDocumentedNameRoundTrips) {
  const char* names[] = {
      "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
      "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
      "NumericEquals", "NumericNotEquals", "NumericLessThan",
      "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
      "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals",
      "DateGreaterThan", "DateGreaterThanEquals", "Bool", "BinaryEquals",
      "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals",
      "ArnNotLike", "Null"};
  for (const char* name : names) {
    for (const char* prefix : {"", "ForAllValues:", "ForAnyValue:"}) {
      for (const char* suffix : {"", "IfExists"}) {
        const std::string full = absl::StrCat(prefix, name, suffix);
        absl::StatusOr<Operator> op = ParseOperator(full);
        if (std::string(name) == "Null" && std::string(suffix) == "IfExists") {
          EXPECT_FALSE(op.ok()) << full;
          continue;
        }
        ASSERT_TRUE(op.ok()) << full;
        EXPECT_EQ(OperatorName(*op), full);
      }
    }
  }
}

TEST(ParseOperatorTest, RejectsUnknownNames) {
  for (const char* bad :
       {"StringEqualz", "StringEqual", "stringequals", "STRINGEQUALS",
        "NullIfExists", "ForAnyValue:NullIfExists", "ForAllValues:",
        "ForAnyValue:ForAllValues:StringEquals", "ForSomeValues:StringEquals",
        "forallvalues:StringEquals", "StringEqualsifexists", "IfExists", "",
        "StringEqualsIfExistsIfExists", "BinaryNotEquals", "NotNull",
        " StringEquals", "ForAnyValue: StringEquals"}) {
    absl::StatusOr<Operator> op = ParseOperator(bad);
    EXPECT_FALSE(op.ok()) << bad;
    if (!op.ok()) {
      EXPECT_EQ(op.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
}

TEST(ParseOperatorTest, CompileReportsUnknownOperators) {
  ConditionClause clause;
  clause.op = "StringEqualz";
  clause.key = "aws:username";
  clause.values = {"x"};
  absl::StatusOr<CompiledCondition> c = CompiledCondition::Compile(clause, true);
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()), ::testing::HasSubstr("StringEqualz"));
}

// --- The table ------------------------------------------------------------------

// One context key: single-valued, or multivalued (a JSON array).
struct Ctx {
  std::string key;
  std::vector<std::string> values;
  bool multi = false;
};
Ctx S(std::string key, std::string value) { return {std::move(key), {std::move(value)}, false}; }
Ctx M(std::string key, std::vector<std::string> values) {
  return {std::move(key), std::move(values), true};
}

struct Row {
  std::string name;  // [A-Za-z0-9_]
  std::string op;
  std::string key;
  std::vector<std::string> values;
  std::vector<Ctx> ctx;
  bool expected = false;
  bool variables = true;  // Version 2012-10-17
};

std::vector<Row> HandRows() {
  const std::string k = "aws:PrincipalTag/x";
  const std::string rt = "aws:ResourceTag/team";
  const std::string pt = "aws:PrincipalTag/team";
  const std::string tk = "aws:TagKeys";
  const std::string arn_g = "arn:aws:s:*:111122223333:f/*";
  const std::string arn_v =
      "arn:aws:s:us-east-2:999999999999:store/abc:111122223333:f/d";
  const std::string t_arn = "arn:aws:iam::111122223333:role/ata-edge-task";
  return {
      // Strings, case rules (§3.5, §3.8).
      {"Sec9_03_StringEqualsIsCaseSensitive", "StringEquals", k, {"true"}, {S(k, "True")}, false},
      {"Sec9_04_KeyNamesAreCaseInsensitive", "StringEquals",
       "aws:ResourceTag/ataccama:edge:customer-provided", {"true"},
       {S("AWS:ResourceTag/Ataccama:Edge:Customer-Provided", "true")}, true},
      {"Sec9_05_IgnoreCaseUpper", "StringEqualsIgnoreCase", k, {"true"}, {S(k, "TRUE")}, true},
      {"Sec9_35_TagKeyLookupIsCaseInsensitive", "StringEquals", "aws:PrincipalTag/TEAM",
       {"blue"}, {S("aws:principaltag/team", "blue")}, true},
      {"IgnoreCaseLatin1", "StringEqualsIgnoreCase", k, {"\xc3\x89QUIPE"}, {S(k, "\xc3\xa9quipe")}, true},
      {"IgnoreCaseLatinExtA", "StringEqualsIgnoreCase", k, {"\xc5\x81\xc3\x93" "D\xc5\xb9"},
       {S(k, "\xc5\x82\xc3\xb3\x64\xc5\xba")}, true},
      {"IgnoreCaseSharpSIsNotSS", "StringEqualsIgnoreCase", k, {"\xc3\x9f"}, {S(k, "SS")}, false},
      {"IgnoreCaseGreek", "StringEqualsIgnoreCase", k, {"\xce\xa3\xce\x9f\xce\xa6\xce\x99\xce\x91"},
       {S(k, "\xcf\x83\xce\xbf\xcf\x86\xce\xb9\xce\xb1")}, true},
      {"IgnoreCaseCyrillic", "StringEqualsIgnoreCase", k, {"\xd0\x9f\xd0\xa0\xd0\x98"},
       {S(k, "\xd0\xbf\xd1\x80\xd0\xb8")}, true},
      {"IgnoreCaseDifferentLength", "StringEqualsIgnoreCase", k, {"abc"}, {S(k, "ABCD")}, false},
      {"IgnoreCaseStarIsLiteral", "StringEqualsIgnoreCase", k, {"a*"}, {S(k, "ab")}, false},
      {"IgnoreCaseStarLiteralMatches", "StringEqualsIgnoreCase", k, {"a*"}, {S(k, "A*")}, true},
      {"NotEqualsIgnoreCaseSameLetters", "StringNotEqualsIgnoreCase", k, {"Prod"}, {S(k, "PROD")}, false},
      {"StringEqualsStarIsLiteral", "StringEquals", k, {"a*"}, {S(k, "abc")}, false},
      {"StringEqualsStarLiteralMatches", "StringEquals", k, {"a*"}, {S(k, "a*")}, true},
      {"StringEqualsQuestionIsLiteral", "StringEquals", k, {"a?"}, {S(k, "ab")}, false},
      {"NoUnicodeNormalisation", "StringEquals", k, {"\xc3\xa9"}, {S(k, "e\xcc\x81")}, false},
      {"EmptyRequestValueIsAValue", "StringEquals", k, {""}, {S(k, "")}, true},
      {"EmptyPolicyValueNeedsEmpty", "StringEquals", k, {""}, {S(k, "x")}, false},
      {"SpacesAreVerbatim", "StringEquals", k, {" a"}, {S(k, "a")}, false},
      {"Sec9_65_NegatedIsNor", "StringNotEquals", "aws:PrincipalTag/env", {"a", "b"},
       {S("aws:PrincipalTag/env", "a")}, false},
      {"NegatedNorNoneEqual", "StringNotEquals", k, {"a", "b"}, {S(k, "c")}, true},
      {"PositiveIsOr", "StringEquals", k, {"a", "b"}, {S(k, "b")}, true},
      {"NotLikeNorOverPatterns", "StringNotLike", k, {"a*", "*z"}, {S(k, "xyz")}, false},
      {"Sec9_61_StringLikeCrossesColons", "StringLike", "aws:SourceArn", {arn_g},
       {S("aws:SourceArn", arn_v)}, true},
      {"Sec9_61_ArnLikeIsPerSegment", "ArnLike", "aws:SourceArn", {arn_g},
       {S("aws:SourceArn", arn_v)}, false},
      {"LikeQuestionMarks", "StringLike", k, {"db-password-??????"}, {S(k, "db-password-AbCdEf")}, true},
      {"LikeQuestionMarksTooLong", "StringLike", k, {"db-password-??????"},
       {S(k, "db-password-old-AbCdEf")}, false},
      {"LikeIsCaseSensitive", "StringLike", k, {"PROD/*"}, {S(k, "prod/db")}, false},
      // Empty policy value lists (§3.6, §3.9).
      {"EmptyListPositiveFalse", "StringLike", k, {}, {S(k, "x")}, false},
      {"EmptyListNegatedTrue", "StringNotLike", k, {}, {S(k, "x")}, true},
      {"EmptyListNullFalse", "Null", k, {}, {}, false},
      {"EmptyListForAnyValueNegatedFalse", "ForAnyValue:StringNotEquals", k, {}, {M(k, {"x"})}, false},
      {"EmptyListForAllValuesNonEmptyR", "ForAllValues:StringNotEquals", k, {}, {M(k, {"x"})}, false},
      {"EmptyListForAllValuesEmptyR", "ForAllValues:StringEquals", k, {}, {}, true},
      {"EmptyListForAllValuesEmptyArray", "ForAllValues:StringEquals", k, {}, {M(k, {})}, true},
      // Policy variables (§3.10).
      {"Sec9_27_VariableResolved", "StringEquals", rt, {"${aws:PrincipalTag/team}"},
       {S(rt, "blue"), S(pt, "blue")}, true},
      {"Sec9_28_VariableDiffers", "StringEquals", rt, {"${aws:PrincipalTag/team}"},
       {S(rt, "red"), S(pt, "blue")}, false},
      {"Sec9_29_VariableUnresolved", "StringEquals", rt, {"${aws:PrincipalTag/team}"},
       {S(rt, "blue")}, false},
      {"Sec9_30_UnresolvedNegatedMatches", "StringNotEquals", rt, {"${aws:PrincipalTag/team}"},
       {S(rt, "red")}, true},
      {"Sec9_31_NegatedKeyAbsent", "StringNotEquals", rt, {"${aws:PrincipalTag/team}"},
       {S(pt, "red")}, true},
      {"UnresolvedOtherValuesCount", "StringEquals", rt, {"${aws:PrincipalTag/team}", "red"},
       {S(rt, "red")}, true},
      {"UnresolvedNegatedOtherValueEqual", "StringNotEquals", rt,
       {"${aws:PrincipalTag/team}", "red"}, {S(rt, "red")}, false},
      {"Sec9_74_DefaultUsedInPattern", "StringLike", "aws:SourceArn",
       {"arn:aws:secretsmanager:eu-west-1:444455556666:secret:${aws:PrincipalTag/team, 'shared'}-*"},
       {S("aws:SourceArn", "arn:aws:secretsmanager:eu-west-1:444455556666:secret:shared-AbCdEf")},
       true},
      {"Sec9_74_DefaultUsedInArnLike", "ArnLike", "aws:SourceArn",
       {"arn:aws:secretsmanager:eu-west-1:444455556666:secret:${aws:PrincipalTag/team, 'shared'}-*"},
       {S("aws:SourceArn", "arn:aws:secretsmanager:eu-west-1:444455556666:secret:shared-AbCdEf")},
       true},
      {"VariableDefaultUsed", "StringEquals", rt, {"${aws:PrincipalTag/team, 'shared'}"},
       {S(rt, "shared")}, true},
      {"VariableDefaultNotUsedWhenPresent", "StringEquals", rt,
       {"${aws:PrincipalTag/team, 'shared'}"}, {S(rt, "shared"), S(pt, "red")}, false},
      {"VariablesLiteralUnder2008", "StringEquals", k, {"${aws:username}"},
       {S(k, "${aws:username}"), S("aws:username", "alice")}, true, false},
      {"VariablesNotSubstitutedUnder2008", "StringEquals", k, {"${aws:username}"},
       {S(k, "alice"), S("aws:username", "alice")}, false, false},
      {"SubstitutedStarIsLiteral", "StringLike", k, {"${aws:PrincipalTag/p}"},
       {S(k, "abc"), S("aws:PrincipalTag/p", "a*")}, false},
      {"SubstitutedStarMatchesItself", "StringLike", k, {"${aws:PrincipalTag/p}"},
       {S(k, "a*"), S("aws:PrincipalTag/p", "a*")}, true},
      {"SubstitutedQuestionIsLiteral", "StringLike", k, {"x-${aws:PrincipalTag/p}"},
       {S(k, "x-a"), S("aws:PrincipalTag/p", "?")}, false},
      {"EscapeStarIsLiteral", "StringLike", k, {"${*}"}, {S(k, "x")}, false},
      {"EscapeStarMatchesStar", "StringLike", k, {"${*}"}, {S(k, "*")}, true},
      {"EscapeDollar", "StringEquals", k, {"a${$}b"}, {S(k, "a$b")}, true},
      {"LikeWithVariableAndGlob", "StringLike", k, {"home/${aws:username}/*"},
       {S(k, "home/bob/x/y"), S("aws:username", "bob")}, true},
      {"LikeWithVariableOtherUser", "StringLike", k, {"home/${aws:username}/*"},
       {S(k, "home/alice/x"), S("aws:username", "bob")}, false},
      {"Sec9_84_UnresolvedLikeNeverMatches", "StringLike", "sts:RoleSessionName",
       {"${aws:username}"}, {S("sts:RoleSessionName", "t1")}, false},
      {"UnresolvedNotLikeMatches", "StringNotLike", "sts:RoleSessionName",
       {"${aws:username}"}, {S("sts:RoleSessionName", "t1")}, true},
      {"MultivaluedVariableUnresolved", "StringEquals", k, {"${aws:TagKeys}"},
       {S(k, "a"), M(tk, {"a"})}, false},
      {"ArrayVariableUnresolved", "StringEquals", k, {"${aws:PrincipalTag/p}"},
       {S(k, "a"), M("aws:PrincipalTag/p", {"a"})}, false},
      {"EmptyStringVariableResolves", "StringEquals", rt, {"${aws:PrincipalTag/team}"},
       {S(rt, ""), S(pt, "")}, true},
      {"VariableIgnoreCase", "StringEqualsIgnoreCase", rt, {"${aws:PrincipalTag/team}"},
       {S(rt, "BLUE"), S(pt, "Blue")}, true},
      {"VariableIgnoreCaseUnresolvedNegated", "StringNotEqualsIgnoreCase", rt,
       {"${aws:PrincipalTag/team}"}, {S(rt, "BLUE")}, true},
      {"VariableInArnResource", "ArnLike", "aws:PrincipalArn",
       {"arn:aws:iam::111122223333:role/${aws:username}"},
       {S("aws:PrincipalArn", "arn:aws:iam::111122223333:role/bob"), S("aws:username", "bob")}, true},
      {"VariableInArnResourceUnresolvedNegated", "ArnNotLike", "aws:PrincipalArn",
       {"arn:aws:iam::111122223333:role/${aws:username}"},
       {S("aws:PrincipalArn", "arn:aws:iam::111122223333:role/bob")}, true},
      {"VariableBeforeFifthColonIsLiteral", "ArnEquals", "aws:PrincipalArn",
       {"arn:aws:iam::${aws:PrincipalAccount}:role/x"},
       {S("aws:PrincipalArn", "arn:aws:iam::111122223333:role/x"),
        S("aws:PrincipalAccount", "111122223333")}, false},
      {"VariableWithNumericIsLiteral", "NumericEquals", k, {"${aws:PrincipalTag/n}"},
       {S(k, "5"), S("aws:PrincipalTag/n", "5")}, false},
      {"VariableWithNumericNegated", "NumericNotEquals", k, {"${aws:PrincipalTag/n}"},
       {S(k, "5"), S("aws:PrincipalTag/n", "5")}, true},
      // Numbers (§3.5).
      {"NumericTenEqualsTenPointZero", "NumericEquals", k, {"10"}, {S(k, "10.0")}, true},
      {"NumericPlusSignAndZeros", "NumericEquals", k, {"+010.50"}, {S(k, "10.5")}, true},
      {"NumericBeyondDouble", "NumericLessThan", k, {"9007199254740993"},
       {S(k, "9007199254740992")}, true},
      {"NumericNegative", "NumericLessThan", k, {"-3"}, {S(k, "-3.5")}, true},
      {"NumericBadRequestPositive", "NumericEquals", k, {"10"}, {S(k, "ten")}, false},
      {"NumericBadRequestNegated", "NumericNotEquals", k, {"10"}, {S(k, "ten")}, true},
      {"NumericBadRequestLessThan", "NumericLessThan", k, {"10"}, {S(k, "1e0")}, false},
      {"NumericBadPolicyPositive", "NumericEquals", k, {"1e1"}, {S(k, "10")}, false},
      {"NumericBadPolicyNegated", "NumericNotEquals", k, {"1e1"}, {S(k, "10")}, true},
      {"NumericListIsOr", "NumericGreaterThanEquals", k, {"100", "5"}, {S(k, "7")}, true},
      {"NumericNotEqualsNor", "NumericNotEquals", k, {"1", "2.0"}, {S(k, "2")}, false},
      // Dates (§3.5).
      {"Sec9_71_EpochPolicyValue", "DateLessThan", "aws:CurrentTime", {"1796083200"},
       {S("aws:CurrentTime", "2026-11-22T00:00:00Z")}, true},
      {"Sec9_71_EpochPolicyValueAfter", "DateLessThan", "aws:CurrentTime", {"1796083200"},
       {S("aws:CurrentTime", "2026-12-01T00:00:01Z")}, false},
      {"DateEpochRequestValue", "DateGreaterThan", "aws:EpochTime", {"2026-01-01"},
       {S("aws:EpochTime", "1796083200")}, true},
      {"DateBadRequestNegated", "DateNotEquals", k, {"2026"}, {S(k, "yesterday")}, true},
      {"DateBadRequestPositive", "DateGreaterThan", k, {"2026"}, {S(k, "tomorrow")}, false},
      {"DateBadPolicyNegated", "DateNotEquals", k, {"2026-02-30"}, {S(k, "2026")}, true},
      {"DateZones", "DateEquals", k, {"2026-01-01T01:00:00+01:00"},
       {S(k, "2026-01-01T00:00:00Z")}, true},
      {"DateMillis", "DateLessThan", k, {"2026-01-01T00:00:00.500Z"},
       {S(k, "2026-01-01T00:00:00.499Z")}, true},
      {"DateNoZoneIsUtc", "DateEquals", k, {"2026-01-01T00:00"}, {S(k, "2026-01-01T00:00:00Z")}, true},
      {"DateYearIsStartOfYear", "DateEquals", k, {"2026"}, {S(k, "2026-01-01")}, true},
      // Bool (§3.5).
      {"Sec9_69_BoolMfaAbsent", "Bool", "aws:MultiFactorAuthPresent", {"false"}, {}, false},
      {"Sec9_69_BoolIfExistsMfaAbsent", "BoolIfExists", "aws:MultiFactorAuthPresent",
       {"false"}, {}, true},
      {"BoolBothValuesMeansPresent", "Bool", k, {"true", "false"}, {S(k, "false")}, true},
      {"BoolBadPolicyValue", "Bool", k, {"yes"}, {S(k, "true")}, false},
      {"BoolBadRequestValue", "Bool", k, {"true"}, {S(k, "1")}, false},
      {"BoolCaseInsensitive", "Bool", k, {"TRUE"}, {S(k, "true")}, true},
      {"BoolCaseInsensitiveRequest", "Bool", k, {"false"}, {S(k, "FALSE")}, true},
      // Null (§3.4).
      {"Sec9_70_NullTrueAbsent", "Null", "aws:TokenIssueTime", {"true"}, {}, true},
      {"Sec9_70_NullTruePresent", "Null", "aws:TokenIssueTime", {"true"},
       {S("aws:TokenIssueTime", "2026-01-01T00:00:00Z")}, false},
      {"NullFalsePresent", "Null", k, {"false"}, {S(k, "x")}, true},
      {"NullFalseAbsent", "Null", k, {"false"}, {}, false},
      {"NullValueCaseInsensitive", "Null", k, {"TRUE"}, {}, true},
      {"NullBadValue", "Null", k, {"yes"}, {}, false},
      {"NullEmptyArrayIsAbsent", "Null", k, {"true"}, {M(k, {})}, true},
      {"NullEmptyStringIsPresent", "Null", k, {"false"}, {S(k, "")}, true},
      {"NullMultivaluedIsPresent", "Null", k, {"false"}, {M(k, {"a", "b"})}, true},
      {"NullBothValues", "Null", k, {"true", "false"}, {S(k, "x")}, true},
      {"ForAllValuesNullAlwaysTrue", "ForAllValues:Null", k, {"false"}, {}, true},
      {"ForAnyValueNullAlwaysFalse", "ForAnyValue:Null", k, {"true"}, {}, false},
      {"NullIgnoresVariables", "Null", k, {"${aws:username}"}, {}, false},
      // Binary (§3.5).
      {"BinaryComparesDecodedBytes", "BinaryEquals", k, {"aGVsbG8="}, {S(k, "aGVsbG9=")}, true},
      {"BinaryPaddingOptional", "BinaryEquals", k, {"aGVsbG8="}, {S(k, "aGVsbG8")}, true},
      {"BinaryDiffers", "BinaryEquals", k, {"aGVsbG8="}, {S(k, "d29ybGQ=")}, false},
      {"BinaryBadRequest", "BinaryEquals", k, {"aGVsbG8="}, {S(k, "hello!")}, false},
      {"BinaryBadPolicy", "BinaryEquals", k, {"hello!"}, {S(k, "hello!")}, false},
      // IP addresses (§3.5).
      {"Sec9_72_V6RangeV4Request", "IpAddress", "aws:SourceIp", {"2001:db8::/32"},
       {S("aws:SourceIp", "203.0.113.5")}, false},
      {"NotIpAddressAbsentIsTrue", "NotIpAddress", "aws:SourceIp", {"203.0.113.0/24"}, {}, true},
      {"NotIpAddressBadRequest", "NotIpAddress", "aws:SourceIp", {"203.0.113.0/24"},
       {S("aws:SourceIp", "vpce")}, true},
      {"IpListIsOr", "IpAddress", "aws:SourceIp", {"10.0.0.0/8", "203.0.113.0/24"},
       {S("aws:SourceIp", "203.0.113.9")}, true},
      {"NotIpAddressNor", "NotIpAddress", "aws:SourceIp", {"10.0.0.0/8", "203.0.113.0/24"},
       {S("aws:SourceIp", "203.0.113.9")}, false},
      {"IpV6HexCase", "IpAddress", "aws:SourceIp", {"2001:DB8:ABCD::/48"},
       {S("aws:SourceIp", "2001:db8:abcd:1::5")}, true},
      {"IpHostBitsMasked", "IpAddress", "aws:SourceIp", {"10.0.4.7/24"},
       {S("aws:SourceIp", "10.0.4.99")}, true},
      {"IpBadPolicyValueNegated", "NotIpAddress", "aws:SourceIp", {"10.0.0.0/33"},
       {S("aws:SourceIp", "10.0.0.1")}, true},
      // ARNs (§3.5).
      {"ArnNotAnArnPositive", "ArnLike", "aws:SourceArn", {"arn:aws:iam::*:role/*"},
       {S("aws:SourceArn", "not-an-arn")}, false},
      {"ArnNotAnArnNegated", "ArnNotLike", "aws:SourceArn", {"arn:aws:iam::*:role/*"},
       {S("aws:SourceArn", "not-an-arn")}, true},
      {"ArnMustStartWithArn", "ArnLike", "aws:SourceArn", {"*:aws:iam::1:role/a"},
       {S("aws:SourceArn", "xrn:aws:iam::1:role/a")}, false},
      {"ArnEqualsHasWildcardsToo", "ArnEquals", "aws:SourceArn", {"arn:aws:iam::*:role/r"},
       {S("aws:SourceArn", "arn:aws:iam::111122223333:role/r")}, true},
      {"ArnIsCaseSensitive", "ArnLike", "aws:SourceArn", {"arn:aws:iam::*:role/R"},
       {S("aws:SourceArn", "arn:aws:iam::111122223333:role/r")}, false},
      {"ArnPatternNotArnShaped", "ArnLike", "aws:SourceArn", {"*"},
       {S("aws:SourceArn", "arn:aws:iam::111122223333:role/r")}, false},
      {"ArnPatternNotArnShapedNegated", "ArnNotLike", "aws:SourceArn", {"*"},
       {S("aws:SourceArn", "arn:aws:iam::111122223333:role/r")}, true},
      {"ArnResourceKeepsColons", "ArnLike", "aws:SourceArn", {"arn:aws:s3:::b/*"},
       {S("aws:SourceArn", "arn:aws:s3:::b/a:b:c")}, true},
      {"ArnStarStaysInSegment", "ArnLike", "aws:SourceArn", {"arn:*:iam::1:role/x"},
       {S("aws:SourceArn", "arn:aws:extra:iam::1:role/x")}, false},
      {"ArnStarWithinSegment", "ArnLike", "aws:SourceArn", {"arn:*:iam::1:role/x"},
       {S("aws:SourceArn", "arn:aws:iam::1:role/x")}, true},
      {"StringLikeStarCrossesSegments", "StringLike", "aws:SourceArn", {"arn:*:iam::1:role/x"},
       {S("aws:SourceArn", "arn:aws:extra:iam::1:role/x")}, true},
      {"Sec9_13_PrincipalArnLike", "ArnLike", "aws:PrincipalArn",
       {"arn:aws:iam::111122223333:role/ata-edge-*"}, {S("aws:PrincipalArn", t_arn)}, true},
      {"Sec9_14_PrincipalArnWithPath", "ArnLike", "aws:PrincipalArn",
       {"arn:aws:iam::111122223333:role/ata-edge-*"},
       {S("aws:PrincipalArn", "arn:aws:iam::111122223333:role/edge/ata-edge-task")}, false},
      {"Sec9_15_SessionPatternNeverPrincipalArn", "ArnLike", "aws:PrincipalArn",
       {"arn:aws:sts::111122223333:assumed-role/ata-edge-*"}, {S("aws:PrincipalArn", t_arn)}, false},
      {"ArnQuestionMarkOneChar", "ArnLike", "aws:SourceArn", {"arn:aws:iam::11112222333?:role/r"},
       {S("aws:SourceArn", "arn:aws:iam::111122223333:role/r")}, true},
      // Missing keys and IfExists (§3.2, §3.3), §9 cases.
      {"Sec9_02_StringEqualsAbsentKey", "StringEquals", rt, {"true"}, {}, false},
      {"Sec9_20_ExternalIdAbsent", "StringEquals", "sts:ExternalId", {"7f3c"}, {}, false},
      {"Sec9_19_ExternalIdCase", "StringEquals", "sts:ExternalId", {"7f3c"},
       {S("sts:ExternalId", "7F3C")}, false},
      {"Sec9_21_IfExistsAbsent", "StringEqualsIfExists", "sts:ExternalId", {"7f3c"}, {}, true},
      {"IfExistsPresentDiffers", "StringEqualsIfExists", "sts:ExternalId", {"7f3c"},
       {S("sts:ExternalId", "x")}, false},
      {"Sec9_22_NegatedAbsentTrue", "StringNotEquals", "sts:ExternalId", {"7f3c"}, {}, true},
      {"Sec9_64_NegatedPrincipalTagAbsent", "StringNotEquals", "aws:PrincipalTag/env",
       {"prod"}, {}, true},
      {"NegatedIfExistsAbsentStillTrue", "StringNotEqualsIfExists", k, {"a"}, {}, true},
      {"NotLikeAbsentTrue", "StringNotLike", k, {"a*"}, {}, true},
      // Multivalued keys (§3.6, §3.7).
      {"Sec9_73_PlainOperatorOnOrgPaths", "StringLike", "aws:PrincipalOrgPaths",
       {"o-x/r-y/ou-z/*"}, {M("aws:PrincipalOrgPaths", {"o-x/r-y/ou-z/ou-q/"})}, false},
      {"Sec9_73_ForAnyValueOnOrgPaths", "ForAnyValue:StringLike", "aws:PrincipalOrgPaths",
       {"o-x/r-y/ou-z/*"}, {M("aws:PrincipalOrgPaths", {"o-x/r-y/ou-z/ou-q/"})}, true},
      {"MultivaluedNegatedPlainFalse", "StringNotLike", "aws:PrincipalOrgPaths", {"o-x/*"},
       {M("aws:PrincipalOrgPaths", {"o-y/r/"})}, false},
      {"MultivaluedIfExistsPlainFalse", "StringEqualsIfExists", k, {"a"}, {M(k, {"a"})}, false},
      {"Sec9_62_ForAllValuesNoTags", "ForAllValues:StringEquals", tk, {"team"}, {}, true},
      {"Sec9_63_ForAnyValueNoTags", "ForAnyValue:StringEquals", tk, {"team"}, {}, false},
      {"Sec9_25_ForAllValuesExtraTag", "ForAllValues:StringEquals", tk, {"team"},
       {M(tk, {"team", "env"})}, false},
      {"ForAllValuesSubset", "ForAllValues:StringEquals", tk, {"team", "env"},
       {M(tk, {"env", "team"})}, true},
      {"ForAllValuesNotEqualsNoneListed", "ForAllValues:StringNotEquals", tk, {"a", "b"},
       {M(tk, {"c", "d"})}, true},
      {"ForAllValuesNotEqualsOneListed", "ForAllValues:StringNotEquals", tk, {"a", "b"},
       {M(tk, {"c", "a"})}, false},
      {"ForAnyValueNotEqualsOneOther", "ForAnyValue:StringNotEquals", tk, {"a", "b"},
       {M(tk, {"a", "c"})}, true},
      {"ForAnyValueNotEqualsAllListed", "ForAnyValue:StringNotEquals", tk, {"a", "b"},
       {M(tk, {"a", "b"})}, false},
      {"ForAnyValueIfExistsAbsent", "ForAnyValue:StringEqualsIfExists", tk, {"a"}, {}, true},
      {"SetOperatorOnSingleValuedKey", "ForAnyValue:StringEquals", k, {"a"}, {S(k, "a")}, true},
      {"ForAllValuesOnSingleValuedMiss", "ForAllValues:StringEquals", k, {"a"}, {S(k, "b")}, false},
      {"ForAnyValueNumeric", "ForAnyValue:NumericGreaterThan", k, {"10"}, {M(k, {"1", "11"})}, true},
      {"ForAllValuesNumericBadValue", "ForAllValues:NumericGreaterThan", k, {"0"},
       {M(k, {"1", "x"})}, false},
      {"ForAllValuesNegatedBadValue", "ForAllValues:NumericNotEquals", k, {"0"},
       {M(k, {"1", "x"})}, true},
      {"ForAnyValueIgnoreCase", "ForAnyValue:StringEqualsIgnoreCase", tk, {"TEAM"},
       {M(tk, {"x", "Team"})}, true},
      {"ForAnyValueArnLike", "ForAnyValue:ArnLike", "aws:CalledVia",
       {"arn:aws:iam::*:role/*"}, {M("aws:CalledVia", {"x", t_arn})}, true},
      {"ForAnyValueVariable", "ForAnyValue:StringEquals", tk, {"${aws:PrincipalTag/team}"},
       {M(tk, {"x", "red"}), S(pt, "red")}, true},
  };
}

// The generated matrix. For each operator: policy values and two request
// values, one for which the positive base comparison holds (hit) and one for
// which it does not (miss).
struct OperatorSample {
  const char* op;
  std::vector<std::string> values;
  const char* hit;
  const char* miss;
};

std::vector<OperatorSample> Samples() {
  const char* role = "arn:aws:iam::111122223333:role/r";
  return {
      {"StringEquals", {"abc"}, "abc", "abd"},
      {"StringNotEquals", {"abc"}, "abc", "abd"},
      {"StringEqualsIgnoreCase", {"AbC"}, "aBc", "abd"},
      {"StringNotEqualsIgnoreCase", {"AbC"}, "aBc", "abd"},
      {"StringLike", {"a*c"}, "abbc", "abd"},
      {"StringNotLike", {"a*c"}, "abbc", "abd"},
      {"NumericEquals", {"10"}, "10.0", "11"},
      {"NumericNotEquals", {"10"}, "10.0", "11"},
      {"NumericLessThan", {"10"}, "9.5", "10"},
      {"NumericLessThanEquals", {"10"}, "10", "10.01"},
      {"NumericGreaterThan", {"10"}, "10.01", "10"},
      {"NumericGreaterThanEquals", {"10"}, "10", "-11"},
      {"DateEquals", {"2026-01-01T00:00:00Z"}, "1767225600", "2026-01-01T00:00:01Z"},
      {"DateNotEquals", {"2026-01-01T00:00:00Z"}, "1767225600", "2026-01-01T00:00:01Z"},
      {"DateLessThan", {"2026-01-01"}, "2025-12-31T23:59:59Z", "2026"},
      {"DateLessThanEquals", {"2026-01-01"}, "2026-01-01T00:00:00Z",
       "2026-01-01T00:00:00.001Z"},
      {"DateGreaterThan", {"2026-01-01"}, "2026-01-01T00:00:00.001Z", "2025"},
      {"DateGreaterThanEquals", {"2026-01-01"}, "2026", "2025-12-31T23:59:59.999Z"},
      {"Bool", {"true"}, "True", "false"},
      {"BinaryEquals", {"aGVsbG8="}, "aGVsbG8", "d29ybGQ="},
      {"IpAddress", {"203.0.113.0/24"}, "203.0.113.5", "203.0.114.5"},
      {"NotIpAddress", {"203.0.113.0/24"}, "203.0.113.5", "203.0.114.5"},
      {"ArnEquals", {role}, role, "arn:aws:iam::111122223333:role/s"},
      {"ArnNotEquals", {role}, role, "arn:aws:iam::111122223333:role/s"},
      {"ArnLike", {"arn:aws:iam::*:role/ata-*"}, "arn:aws:iam::111122223333:role/ata-x",
       "arn:aws:iam::111122223333:user/ata-x"},
      {"ArnNotLike", {"arn:aws:iam::*:role/ata-*"}, "arn:aws:iam::111122223333:role/ata-x",
       "arn:aws:iam::111122223333:user/ata-x"},
  };
}

enum class State { kAbsent, kEmptyArray, kHit, kMiss, kArrayHit, kArrayHitMiss, kArrayMissMiss, kArrayHitHit };

const char* StateName(State s) {
  switch (s) {
    case State::kAbsent: return "Absent";
    case State::kEmptyArray: return "EmptyArray";
    case State::kHit: return "Hit";
    case State::kMiss: return "Miss";
    case State::kArrayHit: return "ArrayHit";
    case State::kArrayHitMiss: return "ArrayHitMiss";
    case State::kArrayMissMiss: return "ArrayMissMiss";
    case State::kArrayHitHit: return "ArrayHitHit";
  }
  return "";
}

// The rules of SEMANTICS §3.2, §3.3, §3.6, §3.7 written out directly over
// "does the positive comparison hold" flags: the oracle for the matrix.
bool Expected(bool negated, bool if_exists, const std::string& set, State s) {
  std::vector<bool> hits;  // positive comparison per request value
  bool multi = true;
  switch (s) {
    case State::kAbsent: multi = false; break;
    case State::kEmptyArray: break;
    case State::kHit: hits = {true}; multi = false; break;
    case State::kMiss: hits = {false}; multi = false; break;
    case State::kArrayHit: hits = {true}; break;
    case State::kArrayHitMiss: hits = {true, false}; break;
    case State::kArrayMissMiss: hits = {false, false}; break;
    case State::kArrayHitHit: hits = {true, true}; break;
  }
  const bool absent = hits.empty();
  if (absent && if_exists) return true;
  if (set.empty()) {
    if (absent) return negated;
    if (multi) return false;
    return negated ? !hits[0] : hits[0];
  }
  if (set == "ForAnyValue:") {
    for (bool h : hits) {
      if (negated ? !h : h) return true;
    }
    return false;
  }
  for (bool h : hits) {
    if (!(negated ? !h : h)) return false;
  }
  return true;
}

std::vector<Row> MatrixRows() {
  std::vector<Row> rows;
  const std::string key = "test:Key";
  const State states[] = {State::kAbsent,       State::kEmptyArray,   State::kHit,
                          State::kMiss,         State::kArrayHit,     State::kArrayHitMiss,
                          State::kArrayMissMiss, State::kArrayHitHit};
  for (const OperatorSample& sample : Samples()) {
    const absl::StatusOr<Operator> base = ParseOperator(sample.op);
    const bool negated = base.ok() && base->negated;
    for (const std::string set : {"", "ForAnyValue:", "ForAllValues:"}) {
      for (const bool if_exists : {false, true}) {
        for (const State s : states) {
          Row row;
          row.op = absl::StrCat(set, sample.op, if_exists ? "IfExists" : "");
          row.name = absl::StrCat("M_", set.empty() ? "" : set.substr(0, set.size() - 1),
                                  sample.op, if_exists ? "IfExists" : "", "_", StateName(s));
          row.key = key;
          row.values = sample.values;
          switch (s) {
            case State::kAbsent: break;
            case State::kEmptyArray: row.ctx = {M(key, {})}; break;
            case State::kHit: row.ctx = {S(key, sample.hit)}; break;
            case State::kMiss: row.ctx = {S(key, sample.miss)}; break;
            case State::kArrayHit: row.ctx = {M(key, {sample.hit})}; break;
            case State::kArrayHitMiss: row.ctx = {M(key, {sample.hit, sample.miss})}; break;
            case State::kArrayMissMiss: row.ctx = {M(key, {sample.miss, sample.miss})}; break;
            case State::kArrayHitHit: row.ctx = {M(key, {sample.hit, sample.hit})}; break;
          }
          row.expected = Expected(negated, if_exists, set, s);
          rows.push_back(std::move(row));
        }
      }
    }
  }
  // Null under the same states: presence only (§3.4); set prefixes constant.
  const State null_states[] = {State::kAbsent, State::kEmptyArray, State::kHit,
                               State::kArrayHitMiss};
  for (const std::string set : {"", "ForAnyValue:", "ForAllValues:"}) {
    for (const char* v : {"true", "false"}) {
      for (const State s : null_states) {
        Row row;
        row.op = absl::StrCat(set, "Null");
        row.name = absl::StrCat("M_", set.empty() ? "" : set.substr(0, set.size() - 1),
                                "Null_", v, "_", StateName(s));
        row.key = key;
        row.values = {v};
        if (s == State::kEmptyArray) row.ctx = {M(key, {})};
        if (s == State::kHit) row.ctx = {S(key, "x")};
        if (s == State::kArrayHitMiss) row.ctx = {M(key, {"x", "y"})};
        const bool absent = s == State::kAbsent || s == State::kEmptyArray;
        if (set == "ForAllValues:") {
          row.expected = true;
        } else if (set == "ForAnyValue:") {
          row.expected = false;
        } else {
          row.expected = (std::string(v) == "true") == absent;
        }
        rows.push_back(std::move(row));
      }
    }
  }
  return rows;
}

std::vector<Row> AllRows() {
  std::vector<Row> rows = HandRows();
  std::vector<Row> matrix = MatrixRows();
  rows.insert(rows.end(), matrix.begin(), matrix.end());
  return rows;
}

class OperatorTableTest : public ::testing::TestWithParam<Row> {};

TEST_P(OperatorTableTest, Evaluates) {
  const Row& row = GetParam();
  ConditionClause clause;
  clause.op = row.op;
  clause.key = row.key;
  clause.values = row.values;
  clause.values_is_array = row.values.size() != 1;
  absl::StatusOr<CompiledCondition> c = CompiledCondition::Compile(clause, row.variables);
  ASSERT_TRUE(c.ok()) << c.status();
  FakeResolver r;
  for (const Ctx& ctx : row.ctx) {
    if (ctx.multi) {
      r.SetMulti(ctx.key, ctx.values);
    } else {
      r.Set(ctx.key, ctx.values[0]);
    }
  }
  const ConditionTrace trace = c->Explain(r);
  EXPECT_EQ(c->Evaluate(r), row.expected)
      << row.op << " " << row.key << " [" << absl::StrJoin(row.values, ", ")
      << "]: " << trace.reason;
  EXPECT_EQ(trace.result, row.expected) << trace.reason;
  EXPECT_FALSE(trace.reason.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Table, OperatorTableTest, ::testing::ValuesIn(AllRows()),
    [](const ::testing::TestParamInfo<Row>& info) { return info.param.name; });

TEST(OperatorTableSanity, NamesAreUniqueAndTheTableIsLarge) {
  const std::vector<Row> rows = AllRows();
  EXPECT_GE(rows.size(), 250u);
  std::set<std::string> names;
  for (const Row& row : rows) {
    EXPECT_TRUE(names.insert(row.name).second) << row.name;
    for (char ch : row.name) {
      EXPECT_TRUE(absl::ascii_isalnum(static_cast<unsigned char>(ch)) || ch == '_')
          << row.name;
    }
  }
}

}  // namespace
}  // namespace iameval
