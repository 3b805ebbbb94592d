// iameval: offline AWS IAM policy evaluation.

#include "base/url.h"

#include <string>

#include "gtest/gtest.h"

namespace iameval {
namespace {

TEST(UrlDecodeTest, DecodesPercentEscapes) {
  const struct {
    const char* in;
    std::string out;
  } cases[] = {
      {"", ""},
      {"plain", "plain"},
      {"%7B%22Version%22%3A%222012-10-17%22%7D", "{\"Version\":\"2012-10-17\"}"},
      {"%7b%7D", "{}"},                     // either case
      {"a+b", "a+b"},                       // '+' is not a space
      {"a%20b%2Bc", "a b+c"},
      {"%25%32%30", "%20"},                 // decoded once only
      {"%00x", std::string("\0x", 2)},
      {"%C3%A9", "\xC3\xA9"},               // bytes, not characters
  };
  for (const auto& c : cases) {
    absl::StatusOr<std::string> got = UrlDecode(c.in);
    ASSERT_TRUE(got.ok()) << c.in << ": " << got.status();
    EXPECT_EQ(*got, c.out) << c.in;
  }
}

TEST(UrlDecodeTest, RejectsABrokenEscape) {
  const struct {
    const char* in;
    const char* message;
  } cases[] = {
      {"%", "byte 0: found \"%\"; expected '%' followed by two hex digits"},
      {"ab%4", "byte 2: found \"%4\"; expected '%' followed by two hex digits"},
      {"%zz1", "byte 0: found \"%zz\"; expected '%' followed by two hex digits"},
      {"%7B%G1", "byte 3: found \"%G1\"; expected '%' followed by two hex digits"},
  };
  for (const auto& c : cases) {
    absl::StatusOr<std::string> got = UrlDecode(c.in);
    ASSERT_FALSE(got.ok()) << c.in;
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(got.status().message(), c.message) << c.in;
  }
}

}  // namespace
}  // namespace iameval
