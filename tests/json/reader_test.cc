// iameval: offline AWS IAM policy evaluation.

#include "json/reader.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace iameval {
namespace json {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<Node> ParseText(const std::string& text, int max_depth = 64) {
  Source source("t.json", text);
  ReadOptions options;
  options.max_depth = max_depth;
  return Parse(source, options);
}

std::string ErrorOf(const std::string& text, int max_depth = 64) {
  absl::StatusOr<Node> n = ParseText(text, max_depth);
  EXPECT_FALSE(n.ok()) << text;
  return n.ok() ? "" : std::string(n.status().message());
}

TEST(ReaderTest, BuildsTreeWithOffsets) {
  absl::StatusOr<Node> n =
      ParseText("{\"a\": [1, \"x\", true, null],\n \"b\": {\"c\": 2.50}}");
  ASSERT_TRUE(n.ok()) << n.status();
  ASSERT_TRUE(n->is_object());
  ASSERT_EQ(n->members.size(), 2u);
  const Node* a = n->Find("a");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->items.size(), 4u);
  EXPECT_EQ(a->offset, 6u);
  EXPECT_EQ(a->items[0].type, Type::kNumber);
  EXPECT_EQ(a->items[0].text, "1");
  EXPECT_EQ(a->items[0].offset, 7u);
  EXPECT_EQ(a->items[1].text, "x");
  EXPECT_EQ(a->items[1].offset, 10u);
  EXPECT_TRUE(a->items[2].boolean);
  EXPECT_EQ(a->items[3].type, Type::kNull);
  EXPECT_EQ(n->members[1].key_offset, 29u);
  EXPECT_EQ(n->Find("b")->Find("c")->text, "2.50");
}

// A BOM is named, not reported as "invalid JSON" at 1:1.
TEST(ReaderTest, NamesAByteOrderMark) {
  EXPECT_EQ(ErrorOf("\xEF\xBB\xBF{}"),
            "t.json:1:1: (document): found a UTF-8 byte order mark (EF BB BF); "
            "expected JSON text without one (save the file as UTF-8 without "
            "BOM)");
}

TEST(ReaderTest, DecodesEscapes) {
  absl::StatusOr<Node> n = ParseText(R"(["a\"b\u00e9\/"])");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->items[0].text, "a\"b\xc3\xa9/");
}

TEST(ReaderTest, RejectsDuplicateKeysWithPointer) {
  EXPECT_EQ(ErrorOf("{\"S\": {\"Effect\": 1,\n \"Effect\": 2}}"),
            "t.json:2:2: /S/Effect: found duplicate key \"Effect\"; expected "
            "each key at most once in an object");
}

TEST(ReaderTest, RejectsDuplicateKeysInLargeObjects) {
  std::string text = "{";
  for (int i = 0; i < 40; ++i) text += "\"k" + std::to_string(i) + "\": 1, ";
  text += "\"k7\": 2}";
  EXPECT_THAT(ErrorOf(text), HasSubstr("duplicate key \"k7\""));
}

// Containers nested in every order: each gets exactly its own children
// (the builder keeps children of open containers in shared scratch vectors,
// docs/design.md, "Design: the pipeline as built"), keys of an inner object never count as duplicates of an
// outer one, and pointers index arrays by the children seen so far.
TEST(ReaderTest, NestedContainersKeepTheirOwnChildren) {
  absl::StatusOr<Node> n = ParseText(
      R"({"a": [[1, 2], {"a": [3, {"a": 4}], "b": []}, 5], "b": {"c": {}},
          "c": [{"x": 1}, {"x": 2}]})");
  ASSERT_TRUE(n.ok()) << n.status();
  ASSERT_EQ(n->members.size(), 3u);
  const Node* a = n->Find("a");
  ASSERT_EQ(a->items.size(), 3u);
  ASSERT_EQ(a->items[0].items.size(), 2u);
  EXPECT_EQ(a->items[0].items[1].text, "2");
  const Node& inner = a->items[1];
  ASSERT_EQ(inner.members.size(), 2u);
  ASSERT_EQ(inner.Find("a")->items.size(), 2u);
  EXPECT_EQ(inner.Find("a")->items[1].Find("a")->text, "4");
  EXPECT_TRUE(inner.Find("b")->items.empty());
  EXPECT_EQ(a->items[2].text, "5");
  ASSERT_EQ(n->Find("b")->members.size(), 1u);
  EXPECT_TRUE(n->Find("b")->Find("c")->members.empty());
  ASSERT_EQ(n->Find("c")->items.size(), 2u);
  EXPECT_EQ(n->Find("c")->items[1].Find("x")->text, "2");

  EXPECT_THAT(ErrorOf(R"({"a": [[1, 2], {"b": [3, {"x": 1, "x": 2}]}]})"),
              HasSubstr("/a/1/b/1/x: found duplicate key"));
  EXPECT_THAT(ErrorOf(R"({"a": {"a": 1}, "b": 2, "a": 3})"),
              HasSubstr("/a: found duplicate key"));
}

TEST(ReaderTest, EscapesPointerTokens) {
  EXPECT_THAT(ErrorOf("{\"a/b~c\": {\"x\": 1, \"x\": 1}}"),
              HasSubstr("/a~1b~0c/x"));
}

TEST(ReaderTest, RejectsSyntaxErrorsAtTheByte) {
  EXPECT_EQ(ErrorOf("{\"a\": [1, 2,]}"),
            "t.json:1:13: /a/2: found invalid JSON (Invalid value); expected "
            "valid JSON");
  EXPECT_THAT(ErrorOf(""), HasSubstr("found an empty document"));
  EXPECT_THAT(ErrorOf("{} {}"), HasSubstr("1:4"));
  EXPECT_THAT(ErrorOf("{\"a\": NaN}"), HasSubstr("invalid JSON"));
  EXPECT_THAT(ErrorOf("// c\n{}"), HasSubstr("invalid JSON"));
}

TEST(ReaderTest, RejectsInvalidUtf8) {
  EXPECT_THAT(ErrorOf("[\"a\xff\"]"), HasSubstr("found invalid UTF-8"));
  EXPECT_THAT(ErrorOf("[\"\xc3\"]"), HasSubstr("found invalid UTF-8"));
}

TEST(ReaderTest, RejectsEmbeddedNul) {
  std::string text("{}\0{}", 5);
  EXPECT_THAT(ErrorOf(text), HasSubstr("NUL"));
}

TEST(ReaderTest, CapsNestingWithoutRecursion) {
  EXPECT_TRUE(ParseText("[[[[1]]]]", 4).ok());
  EXPECT_THAT(ErrorOf("[[[[[1]]]]]", 4),
              HasSubstr("found nesting deeper than 4 levels"));
  // Far deeper than any C++ stack would survive if parsing recursed.
  std::string deep(1000000, '[');
  EXPECT_THAT(ErrorOf(deep), HasSubstr("nesting deeper than 64"));
}

TEST(ReaderTest, KeepsNumbersAsWritten) {
  absl::StatusOr<Node> n = ParseText("[10, -3.5e2, 12345678901234567890123]");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->items[1].text, "-3.5e2");
  EXPECT_EQ(n->items[2].text, "12345678901234567890123");
}

TEST(SourceTest, LocationPayloadRoundTrips) {
  Source source("w.json", "{\n  \"x\": 1\n}");
  absl::Status s = source.Error(4, "/x", "1", "a string");
  EXPECT_EQ(s.message(), "w.json:2:3: /x: found 1; expected a string");
  std::optional<SourceLocation> loc = LocationOf(s);
  ASSERT_TRUE(loc.has_value());
  EXPECT_EQ(loc->file, "w.json");
  EXPECT_EQ(loc->line, 2);
  EXPECT_EQ(loc->column, 3);
  EXPECT_EQ(loc->pointer, "/x");
  EXPECT_FALSE(LocationOf(absl::NotFoundError("x")).has_value());
}

}  // namespace
}  // namespace json
}  // namespace iameval
