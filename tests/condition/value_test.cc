// iameval: offline AWS IAM policy evaluation.

#include "condition/value.h"

#include <cstdint>
#include <string>

#include "gtest/gtest.h"

namespace iameval {
namespace {

int Cmp(const char* a, const char* b) {
  DecimalView x, y;
  EXPECT_TRUE(ParseDecimal(a, &x)) << a;
  EXPECT_TRUE(ParseDecimal(b, &y)) << b;
  return CompareDecimal(x, y);
}

TEST(DecimalTest, ComparesExactly) {
  EXPECT_EQ(Cmp("10", "10.0"), 0);
  EXPECT_EQ(Cmp("+010.00", "10"), 0);
  EXPECT_EQ(Cmp("-0", "0.000"), 0);
  EXPECT_LT(Cmp("9", "10"), 0);
  EXPECT_GT(Cmp("10.5", "10.49999999999999999999"), 0);
  EXPECT_LT(Cmp("-3", "-2.5"), 0);
  EXPECT_GT(Cmp("-0.1", "-0.11"), 0);
  EXPECT_LT(Cmp("0.5", "0.51"), 0);
  // Beyond double precision: 2^53 + 1.
  EXPECT_GT(Cmp("9007199254740993", "9007199254740992"), 0);
  EXPECT_LT(Cmp("0.1", "0.10000000000000000000000000001"), 0);
}

TEST(DecimalTest, RejectsOtherSyntax) {
  DecimalView v;
  for (const char* bad : {"", "+", "-", "1e3", "0x10", "NaN", "1.", ".5",
                          " 1", "1 ", "1,0", "--1", "1.2.3", "inf"}) {
    EXPECT_FALSE(ParseDecimal(bad, &v)) << bad;
  }
  Decimal d;
  EXPECT_TRUE(Decimal::Parse("-12.340", &d));
  EXPECT_TRUE(d.view().negative);
  EXPECT_EQ(d.view().integer, "12");
  EXPECT_EQ(d.view().fraction, "34");
}

int64_t Date(const char* text) {
  int64_t ms = -1;
  EXPECT_TRUE(ParseDate(text, &ms)) << text;
  return ms;
}

TEST(DateTest, ParsesTheW3cProfileAndEpochs) {
  EXPECT_EQ(Date("1970"), 0);
  EXPECT_EQ(Date("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(Date("2026"), Date("2026-01-01T00:00:00Z"));
  EXPECT_EQ(Date("2026-03"), Date("2026-03-01T00:00Z"));
  EXPECT_EQ(Date("2026-12-01"), 1796083200000);  // §9 71
  EXPECT_EQ(Date("1796083200"), 1796083200000);  // epoch seconds
  EXPECT_EQ(Date("2020-02-29T12:34:56Z"), 1582979696000);
  EXPECT_EQ(Date("2020-02-29T12:34:56.789Z"), 1582979696789);
  EXPECT_EQ(Date("2020-02-29T12:34:56.7891234Z"), 1582979696789);  // truncated
  EXPECT_EQ(Date("2020-02-29T12:34:56.7Z"), 1582979696700);
  EXPECT_EQ(Date("2020-02-29T14:34:56+02:00"), Date("2020-02-29T12:34:56Z"));
  EXPECT_EQ(Date("2020-02-29T10:04:56-02:30"), Date("2020-02-29T12:34:56Z"));
  EXPECT_EQ(Date("2020-02-29T12:34"), Date("2020-02-29T12:34:00Z"));  // UTC
  EXPECT_EQ(Date("0"), 0);
  // All digits, not four of them: epoch seconds, not a compact ISO date.
  EXPECT_EQ(Date("26"), 26000);
  EXPECT_EQ(Date("20260101"), 20260101000);
  EXPECT_EQ(Date("1600-03-01"), -11670912000000);  // before 1970
}

TEST(DateTest, RejectsOtherSyntax) {
  int64_t ms;
  for (const char* bad :
       {"", "-1", "1.5", "2026-1", "2026-13", "2026-02-30", "2025-02-29",
        "2026-01-01T", "2026-01-01T24:00", "2026-01-01T12", "2026-01-01T12:60",
        "2026-01-01T12:00:60", "2026-01-01T12:00:00.", "2026-01-01T12:00+0100",
        "2026-01-01T12:00+24:00", "2026-01-01Z", "2026-01-01 12:00",
        "9999999999999999", "2026-01-01T12:00:00ZZ", "+2026"}) {
    EXPECT_FALSE(ParseDate(bad, &ms)) << bad;
  }
}

bool InRange(const char* range, const char* addr) {
  IpRange r;
  IpAddress a;
  EXPECT_TRUE(ParseIpRange(range, &r)) << range;
  EXPECT_TRUE(ParseIpAddress(addr, &a)) << addr;
  return r.Contains(a);
}

TEST(IpTest, MatchesRanges) {
  EXPECT_TRUE(InRange("203.0.113.0/24", "203.0.113.5"));
  EXPECT_FALSE(InRange("203.0.113.0/24", "203.0.114.5"));
  EXPECT_TRUE(InRange("10.0.4.7/24", "10.0.4.200"));  // host bits masked
  EXPECT_TRUE(InRange("10.0.4.7", "10.0.4.7"));       // bare address = /32
  EXPECT_FALSE(InRange("10.0.4.7", "10.0.4.8"));
  EXPECT_TRUE(InRange("0.0.0.0/0", "255.255.255.255"));
  EXPECT_TRUE(InRange("2001:DB8:1234:5678::/64", "2001:db8:1234:5678:ffff::1"));
  EXPECT_FALSE(InRange("2001:db8:1234:5678::/64", "2001:db8:1234:5679::1"));
  EXPECT_TRUE(InRange("2001:db8::/32", "2001:0db8:ffff::"));
  EXPECT_TRUE(InRange("::/0", "::1"));
  EXPECT_TRUE(InRange("::1", "0:0:0:0:0:0:0:1"));  // bare address = /128
  EXPECT_FALSE(InRange("::1", "::2"));
  EXPECT_TRUE(InRange("2001:db8::1:2:3:4:5/127", "2001:db8:0:1:2:3:4:4"));
  EXPECT_FALSE(InRange("2001:db8::1:2:3:4:5/127", "2001:db8:0:1:2:3:4:6"));
  EXPECT_TRUE(InRange("::ffff:10.0.0.0/120", "::ffff:10.0.0.9"));
  // IPv4 never matches IPv6 and vice versa (§3.5 CHOICE, §9 72).
  EXPECT_FALSE(InRange("2001:db8::/32", "203.0.113.5"));
  EXPECT_FALSE(InRange("0.0.0.0/0", "::ffff:1.2.3.4"));
  EXPECT_FALSE(InRange("::/0", "1.2.3.4"));
}

TEST(IpTest, RejectsOtherSyntax) {
  IpRange r;
  for (const char* bad :
       {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4/33",
        "1.2.3.4/", "1.2.3.4/-1", "1.2.3.4/08", "::1/129", "1:2:3:4:5:6:7:8:9",
        ":1::", "1::2::3", "12345::", "g::", "1:2:3:4:5:6:7::8", "fe80::1%eth0",
        "1.2.3.4 ", "::ffff:1.2.3"}) {
    EXPECT_FALSE(ParseIpRange(bad, &r)) << bad;
  }
  IpAddress a;
  EXPECT_TRUE(ParseIpAddress("1:2:3:4:5:6:7::", &a));
  EXPECT_TRUE(ParseIpAddress("::", &a));
  EXPECT_FALSE(ParseIpAddress("1.2.3.4/32", &a));  // request: an address
}

TEST(BoolTest, CaseInsensitive) {
  bool b = false;
  EXPECT_TRUE(ParseBool("TRUE", &b));
  EXPECT_TRUE(b);
  EXPECT_TRUE(ParseBool("False", &b));
  EXPECT_FALSE(b);
  EXPECT_FALSE(ParseBool("yes", &b));
  EXPECT_FALSE(ParseBool("1", &b));
  EXPECT_FALSE(ParseBool(" true", &b));
}

TEST(Base64Test, DecodesAndCompares) {
  std::string out;
  EXPECT_TRUE(Base64Decode("aGVsbG8=", &out));
  EXPECT_EQ(out, "hello");
  EXPECT_TRUE(Base64Decode("aGVsbG8", &out));  // padding optional
  EXPECT_EQ(out, "hello");
  EXPECT_TRUE(Base64Decode("", &out));
  EXPECT_EQ(out, "");
  EXPECT_TRUE(Base64Decode("AP8=", &out));
  EXPECT_EQ(out, std::string("\x00\xff", 2));
  for (const char* bad : {"a", "aGVsbG8==", "aGV=sbG8", "aGVs bG8=", "a-_=",
                          "====", "aGVsbG8=="}) {
    EXPECT_FALSE(Base64Decode(bad, &out)) << bad;
  }
  EXPECT_TRUE(Base64Equals("aGVsbG8=", "hello"));
  EXPECT_TRUE(Base64Equals("aGVsbG8", "hello"));
  EXPECT_FALSE(Base64Equals("aGVsbG8=", "hell"));
  EXPECT_FALSE(Base64Equals("aGVsbA==", "hello"));
  EXPECT_FALSE(Base64Equals("hello", "hello"));
}

TEST(ArnTest, SplitsAtTheFirstFiveColons) {
  absl::string_view p[6];
  ASSERT_TRUE(SplitArn("arn:aws:s3:::bucket/a:b:c", p));
  EXPECT_EQ(p[0], "arn");
  EXPECT_EQ(p[2], "s3");
  EXPECT_EQ(p[3], "");
  EXPECT_EQ(p[5], "bucket/a:b:c");
  EXPECT_FALSE(SplitArn("arn:aws:s3::bucket", p));
  EXPECT_TRUE(SplitArn(":::::", p));
}

}  // namespace
}  // namespace iameval
