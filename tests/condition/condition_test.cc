// iameval: offline AWS IAM policy evaluation.
//
// CompiledCondition beyond the operator table: explanations, key
// compilation, and the no-allocation promise of the hot path.

#include "condition/condition.h"

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "condition/case.h"
#include "condition/key.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_resolver.h"

// Counts heap allocations while g_count_allocations is set, to check that
// Evaluate allocates nothing (condition.h). Replacing the global operator new
// affects the whole test binary; it only counts.
#if defined(__GNUC__) && !defined(__clang__)
// malloc/free back the replaced operators on purpose.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace {
std::atomic<bool> g_count_allocations{false};
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  if (g_count_allocations.load(std::memory_order_relaxed)) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
  }
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace iameval {
namespace {

using ::iameval::testing::FakeResolver;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

CompiledCondition MustCompile(const std::string& op, const std::string& key,
                              std::vector<std::string> values,
                              bool variables = true) {
  ConditionClause clause;
  clause.op = op;
  clause.key = key;
  clause.values = std::move(values);
  absl::StatusOr<CompiledCondition> c = CompiledCondition::Compile(clause, variables);
  EXPECT_TRUE(c.ok()) << c.status();
  return std::move(c).value();
}

long AllocationsDuring(const CompiledCondition& c, const KeyResolver& r,
                       bool* result) {
  g_allocations = 0;
  g_count_allocations = true;
  *result = c.Evaluate(r);
  g_count_allocations = false;
  return g_allocations.load();
}

TEST(CompileKeyTest, LowercasesAndClassifies) {
  CompiledKey k = CompileKey("aws:PrincipalTag/Team");
  EXPECT_EQ(k.name, "aws:principaltag/team");
  EXPECT_EQ(k.kind, KeyKind::kPrincipalTag);
  EXPECT_EQ(k.suffix, "team");
  k = CompileKey("AWS:ResourceTag/Ataccama:Edge");
  EXPECT_EQ(k.kind, KeyKind::kResourceTag);
  EXPECT_EQ(k.suffix, "ataccama:edge");
  k = CompileKey("secretsmanager:ResourceTag/env");
  EXPECT_EQ(k.kind, KeyKind::kResourceTag);
  EXPECT_EQ(k.suffix, "env");
  k = CompileKey("aws:RequestTag/Project");
  EXPECT_EQ(k.kind, KeyKind::kRequestTag);
  EXPECT_EQ(k.suffix, "project");
  // ASCII folding only, as the request side folds (key.cc).
  k = CompileKey("aws:PrincipalTag/\xc3\x89quipe-X");
  EXPECT_EQ(k.suffix, "\xc3\x89quipe-x");
  k = CompileKey("aws:SourceIp");
  EXPECT_EQ(k.kind, KeyKind::kGeneric);
  EXPECT_TRUE(k.suffix.empty());
  EXPECT_FALSE(k.known_multivalued);
  for (const char* m :
       {"aws:TagKeys", "aws:PrincipalOrgPaths", "aws:ResourceOrgPaths",
        "aws:CalledVia", "aws:PrincipalServiceNamesList", "aws:SourceOrgPaths",
        "aws:VpceOrgPaths", "kms:EncryptionContextKeys", "kms:ResourceAliases",
        "sts:TransitiveTagKeys", "secretsmanager:AddReplicaRegions"}) {
    EXPECT_TRUE(CompileKey(m).known_multivalued) << m;
  }
  EXPECT_FALSE(CompileKey("aws:TagKeysX").known_multivalued);
  EXPECT_FALSE(CompileKey("aws:RequestTag/x").known_multivalued);
  EXPECT_EQ(CompileKey("x:resourcetag").kind, KeyKind::kGeneric);
}

TEST(CaseTest, SimpleLowercase) {
  EXPECT_EQ(SimpleLowercase("AbC-\xc3\x80\xc3\x97\xc4\xb0\xce\xa3\xd0\x81"),
            "abc-\xc3\xa0\xc3\x97i\xcf\x83\xd1\x91");
  EXPECT_EQ(SimpleLowercase("\xff\xfe"), "\xff\xfe");  // invalid bytes kept
  EXPECT_TRUE(EqualsIgnoreCase("\xc5\xb8", "\xc3\xbf"));    // Ÿ ÿ
  EXPECT_FALSE(EqualsIgnoreCase("\xc4\xb1", "I"));          // ı is not i
  EXPECT_FALSE(EqualsIgnoreCase("\xff", "\xfe"));
  EXPECT_TRUE(EqualsIgnoreCase("", ""));
  // Ill-formed UTF-8 compares as bytes: an overlong "A" (E0 81 81) or "Ä"
  // (E0 83 84), a surrogate (ED A0 80), a four-byte overlong (F0 8D A0 80)
  // are not the letters they spell.
  EXPECT_FALSE(EqualsIgnoreCase("\xe0\x81\x81", "a"));
  EXPECT_FALSE(EqualsIgnoreCase("a", "\xe0\x81\x81"));
  EXPECT_FALSE(EqualsIgnoreCase("\xe0\x81\x81", "A"));
  EXPECT_FALSE(EqualsIgnoreCase("\xe0\x83\x84", "\xc3\xa4"));
  EXPECT_FALSE(EqualsIgnoreCase("\xf0\x8d\xa0\x80", "\xed\xa0\x80"));
  EXPECT_TRUE(EqualsIgnoreCase("\xe0\x81\x81", "\xe0\x81\x81"));
  EXPECT_EQ(Utf8CharLength("\xe0\x81\x81", 0), 1u);
  EXPECT_EQ(Utf8CharLength("\xed\xa0\x80", 0), 1u);
  EXPECT_EQ(Utf8CharLength("\xf4\x90\x80\x80", 0), 1u);
  EXPECT_EQ(Utf8CharLength("\xe0\xa0\x80", 0), 3u);   // U+0800
  EXPECT_EQ(Utf8CharLength("\xf4\x8f\xbf\xbf", 0), 4u);  // U+10FFFF
}

TEST(CaseTest, EqualsIgnoreCaseAgreesWithLowercaseForAllAsciiPairs) {
  // Positions in the first 8-byte block, the second one and the tail, so
  // both the SWAR loop and the byte loop are covered.
  for (size_t pos : {0u, 7u, 8u, 15u, 16u}) {
    for (int c1 = 0; c1 < 128; ++c1) {
      for (int c2 = 0; c2 < 128; ++c2) {
        std::string a(17, 'q');
        std::string b(17, 'Q');
        a[pos] = static_cast<char>(c1);
        b[pos] = static_cast<char>(c2);
        ASSERT_EQ(EqualsIgnoreCase(a, b), SimpleLowercase(a) == SimpleLowercase(b))
            << pos << " " << c1 << " " << c2;
      }
    }
  }
  EXPECT_TRUE(EqualsIgnoreCase("ARN:AWS:IAM::111122223333:ROLE/\xc3\x89" "DGE",
                               "arn:aws:iam::111122223333:role/\xc3\xa9" "dge"));
  EXPECT_FALSE(EqualsIgnoreCase("abcdefgh", "abcdefghi"));
}

TEST(ConditionTest, KeyAccessor) {
  CompiledCondition c = MustCompile("StringEquals", "aws:PrincipalTag/Team", {"a"});
  EXPECT_EQ(c.key().name, "aws:principaltag/team");
  EXPECT_EQ(c.key().kind, KeyKind::kPrincipalTag);
}

TEST(ConditionTest, MovesKeepTheCompiledState) {
  CompiledCondition a = MustCompile("StringLike", "k:k", {"a*"});
  CompiledCondition b = std::move(a);
  FakeResolver r;
  r.Set("k:k", "abc");
  EXPECT_TRUE(b.Evaluate(r));
  CompiledCondition c = MustCompile("StringLike", "k:k", {"z*"});
  c = std::move(b);
  EXPECT_TRUE(c.Evaluate(r));
}

TEST(ExplainTest, KeyAbsent) {
  FakeResolver r;
  ConditionTrace t = MustCompile("StringEquals", "sts:ExternalId", {"7f3c"}).Explain(r);
  EXPECT_FALSE(t.result);
  EXPECT_FALSE(t.key_present);
  EXPECT_EQ(t.op, "StringEquals");
  EXPECT_EQ(t.key, "sts:ExternalId");
  EXPECT_THAT(t.policy_values, ElementsAre("7f3c"));
  EXPECT_TRUE(t.request_values.empty());
  EXPECT_EQ(t.reason, "key sts:ExternalId absent; a positive operator is false");
  t = MustCompile("StringNotEquals", "sts:ExternalId", {"7f3c"}).Explain(r);
  EXPECT_TRUE(t.result);
  EXPECT_EQ(t.reason, "key sts:ExternalId absent; a negated operator is true");
  t = MustCompile("StringEqualsIfExists", "sts:ExternalId", {"7f3c"}).Explain(r);
  EXPECT_TRUE(t.result);
  EXPECT_EQ(t.reason, "IfExists: key sts:ExternalId absent, condition is true");
}

// A key without a prefix (AWS stores "PassedToService") is never in a
// request, whatever a resolver holds under that name
// (docs/semantics.md#key-without-prefix).
TEST(ConditionTest, KeyWithoutPrefixIsAlwaysAbsent) {
  FakeResolver r;
  r.Set("PassedToService", "ec2.amazonaws.com");
  EXPECT_TRUE(CompileKey("PassedToService").never_present);
  EXPECT_FALSE(CompileKey("iam:PassedToService").never_present);
  struct Case {
    const char* op;
    std::vector<std::string> values;
    bool result;
  } cases[] = {
      {"StringEquals", {"ec2.amazonaws.com"}, false},
      {"StringLike", {"*"}, false},
      {"StringNotEquals", {"ec2.amazonaws.com"}, true},
      {"StringEqualsIfExists", {"nothing"}, true},
      {"Null", {"true"}, true},
      {"Null", {"false"}, false},
      {"ForAnyValue:StringEquals", {"ec2.amazonaws.com"}, false},
      {"ForAllValues:StringEquals", {"nothing"}, true},
  };
  for (const Case& c : cases) {
    CompiledCondition cond = MustCompile(c.op, "PassedToService", c.values);
    EXPECT_EQ(cond.Evaluate(r), c.result) << c.op;
    ConditionTrace t = cond.Explain(r);
    EXPECT_EQ(t.result, c.result) << c.op;
    EXPECT_FALSE(t.key_present) << c.op;
  }
  EXPECT_EQ(r.lookups(), 0);
}

TEST(ExplainTest, ValueDiffersAndMatches) {
  FakeResolver r;
  r.Set("sts:ExternalId", "7F3C");
  ConditionTrace t = MustCompile("StringEquals", "sts:ExternalId", {"7f3c"}).Explain(r);
  EXPECT_FALSE(t.result);
  EXPECT_TRUE(t.key_present);
  EXPECT_THAT(t.request_values, ElementsAre("7F3C"));
  EXPECT_EQ(t.reason, "request value \"7F3C\" matches no policy value (value differs)");
  t = MustCompile("StringNotEquals", "sts:ExternalId", {"a", "7F3C"}).Explain(r);
  EXPECT_FALSE(t.result);
  EXPECT_EQ(t.reason,
            "request value \"7F3C\" matches policy value \"7F3C\"; negated "
            "operator is false");
}

TEST(ExplainTest, UnresolvedVariable) {
  FakeResolver r;
  r.Set("aws:ResourceTag/team", "red");
  ConditionTrace t =
      MustCompile("StringNotEquals", "aws:ResourceTag/team", {"${aws:PrincipalTag/team}"})
          .Explain(r);
  EXPECT_TRUE(t.result);  // §9 30
  EXPECT_THAT(t.policy_values, ElementsAre("<unresolved ${aws:PrincipalTag/team}>"));
  EXPECT_THAT(t.reason, HasSubstr("variable ${aws:PrincipalTag/team} unresolved"));
  EXPECT_THAT(t.reason, HasSubstr("negated operator is true"));
  r.Set("aws:PrincipalTag/team", "red");
  t = MustCompile("StringEquals", "aws:ResourceTag/team", {"${aws:PrincipalTag/team}"})
          .Explain(r);
  EXPECT_TRUE(t.result);
  EXPECT_THAT(t.policy_values, ElementsAre("red"));
}

TEST(ExplainTest, MultivaluedNeedsSetOperator) {
  FakeResolver r;
  r.SetMulti("aws:PrincipalOrgPaths", {"o-x/r-y/ou-z/"});
  ConditionTrace t =
      MustCompile("StringLike", "aws:PrincipalOrgPaths", {"o-x/*"}).Explain(r);
  EXPECT_FALSE(t.result);
  EXPECT_THAT(t.reason, HasSubstr("multivalued key needs ForAnyValue/ForAllValues"));
  t = MustCompile("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", {"o-x/*"}).Explain(r);
  EXPECT_TRUE(t.result);
  EXPECT_THAT(t.reason, HasSubstr("ForAnyValue: request value \"o-x/r-y/ou-z/\" matches"));
}

TEST(ExplainTest, SetOperatorsNullAndBadValues) {
  FakeResolver r;
  ConditionTrace t = MustCompile("ForAllValues:StringEquals", "aws:TagKeys", {"team"}).Explain(r);
  EXPECT_TRUE(t.result);
  EXPECT_THAT(t.reason, HasSubstr("vacuously true"));
  r.SetMulti("aws:TagKeys", {"team", "env"});
  t = MustCompile("ForAllValues:StringEquals", "aws:TagKeys", {"team"}).Explain(r);
  EXPECT_FALSE(t.result);
  EXPECT_THAT(t.reason, HasSubstr("ForAllValues: request value \"env\""));
  t = MustCompile("Null", "aws:TokenIssueTime", {"true"}).Explain(r);
  EXPECT_TRUE(t.result);
  EXPECT_THAT(t.reason, HasSubstr("is absent"));
  t = MustCompile("ForAnyValue:Null", "aws:TokenIssueTime", {"true"}).Explain(r);
  EXPECT_FALSE(t.result);
  EXPECT_EQ(t.reason, "ForAnyValue:Null is always false");
  r.Set("aws:SourceIp", "vpce-1");
  t = MustCompile("NotIpAddress", "aws:SourceIp", {"10.0.0.0/8"}).Explain(r);
  EXPECT_TRUE(t.result);
  EXPECT_THAT(t.reason, HasSubstr("\"vpce-1\" is not a valid IP address"));
  r.Set("aws:SourceIp", "10.1.1.1");
  t = MustCompile("IpAddress", "aws:SourceIp", {"10.0.0.0/33", "10.0.0.0/8"}).Explain(r);
  EXPECT_TRUE(t.result);
  t = MustCompile("IpAddress", "aws:SourceIp", {"10.0.0.0/33"}).Explain(r);
  EXPECT_FALSE(t.result);
  EXPECT_THAT(t.reason, HasSubstr("policy value \"10.0.0.0/33\" is not a valid IP address"));
}

TEST(NoAllocationTest, HotPathAllocatesNothing) {
  FakeResolver r;
  r.Set("aws:PrincipalTag/team", "red");
  r.Set("aws:SourceIp", "2001:db8::5");
  r.Set("aws:CurrentTime", "2026-11-22T10:00:00Z");
  r.Set("aws:EpochTime", "1796083200");
  r.Set("aws:SecureTransport", "true");
  r.Set("aws:SourceArn", "arn:aws:iam::111122223333:role/ata-edge-task");
  r.Set("k:bin", "aGVsbG8=");
  r.SetMulti("aws:TagKeys", {"a", "b", "team"});
  struct Probe {
    const char* op;
    const char* key;
    std::vector<std::string> values;
    bool expected;
  };
  const Probe probes[] = {
      {"StringEquals", "aws:PrincipalTag/team", {"blue", "red"}, true},
      {"StringNotEqualsIgnoreCase", "aws:PrincipalTag/team", {"RED"}, false},
      {"StringLike", "aws:PrincipalTag/team", {"r?d*", "x"}, true},
      {"NumericGreaterThan", "aws:EpochTime", {"1796083199.5"}, true},
      {"DateLessThan", "aws:CurrentTime", {"1796083200"}, true},
      {"Bool", "aws:SecureTransport", {"true"}, true},
      {"BinaryEquals", "k:bin", {"aGVsbG8="}, true},
      {"IpAddress", "aws:SourceIp", {"2001:db8::/32"}, true},
      {"ArnLike", "aws:SourceArn", {"arn:aws:iam::*:role/ata-*"}, true},
      {"Null", "aws:TokenIssueTime", {"true"}, true},
      {"ForAnyValue:StringEquals", "aws:TagKeys", {"x", "y", "team"}, true},
      {"ForAllValues:StringLike", "aws:TagKeys", {"?", "t*"}, true},
  };
  for (const Probe& p : probes) {
    CompiledCondition c = MustCompile(p.op, p.key, p.values);
    bool result = false;
    EXPECT_EQ(AllocationsDuring(c, r, &result), 0) << p.op;
    EXPECT_EQ(result, p.expected) << p.op;
  }
  // Substituting a variable uses per-thread buffers: no allocation once
  // warm (the first call may grow them).
  r.Set("s3:prefix", "home/red/x");
  for (const Probe& p : std::vector<Probe>{
           {"StringLike", "s3:prefix", {"home/${aws:PrincipalTag/team}/*"}, true},
           {"StringEquals", "aws:PrincipalTag/team", {"${aws:PrincipalTag/team}"}, true},
           {"StringEqualsIgnoreCase", "aws:PrincipalTag/team", {"${aws:PrincipalTag/team}"},
            true},
           {"ArnLike", "aws:SourceArn",
            {"arn:aws:iam::*:role/ata-edge-${aws:PrincipalTag/none, 'task'}"}, true}}) {
    CompiledCondition c = MustCompile(p.op, p.key, p.values);
    bool result = false;
    AllocationsDuring(c, r, &result);  // warm-up
    EXPECT_EQ(AllocationsDuring(c, r, &result), 0) << p.op;
    EXPECT_EQ(result, p.expected) << p.op;
  }
}

TEST(NoAllocationTest, TheCounterCounts) {
  g_allocations = 0;
  g_count_allocations = true;
  std::string* s = new std::string(100, 'x');
  g_count_allocations = false;
  delete s;
  EXPECT_GE(g_allocations.load(), 1);
}

}  // namespace
}  // namespace iameval
