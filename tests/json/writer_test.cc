// iameval: offline AWS IAM policy evaluation.

#include "json/writer.h"

#include <string>

#include "base/source.h"
#include "gtest/gtest.h"
#include "json/reader.h"

namespace iameval {
namespace json {
namespace {

// Parses `text`, writes the tree, and parses the output again: the two trees
// must write the same text (a fixpoint).
std::string RoundTrip(const std::string& text) {
  Source a("a.json", text);
  absl::StatusOr<Node> first = Parse(a);
  EXPECT_TRUE(first.ok()) << first.status();
  std::string once = Write(*first);
  Source b("b.json", once);
  absl::StatusOr<Node> second = Parse(b);
  EXPECT_TRUE(second.ok()) << second.status() << "\n" << once;
  EXPECT_EQ(Write(*second), once);
  return once;
}

TEST(JsonWriter, BuildsAndIndents) {
  Node root = Object();
  Set(&root, "arn", String("arn:aws:iam::111122223333:role/app"));
  Set(&root, "max_session_duration", Number("3600"));
  Set(&root, "management", Bool(true));
  Node* tags = Set(&root, "tags", Object());
  Set(tags, "team", String("data"));
  Node* list = Set(&root, "aliases", Array());
  Append(list, String("alias/a"));
  Append(list, String("alias/b"));
  Set(&root, "empty", Array());
  Set(&root, "nothing", Object());
  EXPECT_EQ(Write(root),
            "{\n"
            "  \"arn\": \"arn:aws:iam::111122223333:role/app\",\n"
            "  \"max_session_duration\": 3600,\n"
            "  \"management\": true,\n"
            "  \"tags\": {\n"
            "    \"team\": \"data\"\n"
            "  },\n"
            "  \"aliases\": [\"alias/a\", \"alias/b\"],\n"
            "  \"empty\": [],\n"
            "  \"nothing\": {}\n"
            "}\n");
}

TEST(JsonWriter, LongScalarArraysBreak) {
  Node root = Object();
  Node* list = Set(&root, "Action", Array());
  for (int i = 0; i < 5; ++i) {
    Append(list, String("secretsmanager:GetSecretValue"));
  }
  EXPECT_EQ(Write(root),
            "{\n  \"Action\": [\n"
            "    \"secretsmanager:GetSecretValue\",\n"
            "    \"secretsmanager:GetSecretValue\",\n"
            "    \"secretsmanager:GetSecretValue\",\n"
            "    \"secretsmanager:GetSecretValue\",\n"
            "    \"secretsmanager:GetSecretValue\"\n  ]\n}\n");
}

TEST(JsonWriter, EscapesAndKeepsLiterals) {
  EXPECT_EQ(RoundTrip(R"({"a":"q\"b\\s\n\u0001é","n":-1.5e3,"z":null,"f":false})"),
            "{\n  \"a\": \"q\\\"b\\\\s\\n\\u0001é\",\n  \"n\": -1.5e3,\n"
            "  \"z\": null,\n  \"f\": false\n}\n");
}

TEST(JsonWriter, NestedRoundTrip) {
  RoundTrip(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
            R"("Principal":{"AWS":["arn:aws:iam::111122223333:root"]},)"
            R"("Action":"sts:AssumeRole","Condition":{"StringEquals":)"
            R"({"sts:ExternalId":"x"}}},[[]],[{}]]})");
}

TEST(JsonWriter, CloneIsDeep) {
  Source s("c.json", R"({"a":[1,{"b":"c"}]})");
  absl::StatusOr<Node> n = Parse(s);
  ASSERT_TRUE(n.ok());
  Node copy = Clone(*n);
  n->members[0].value.items[1].members[0].value.text = "changed";
  EXPECT_EQ(Write(copy), "{\n  \"a\": [\n    1,\n    {\n      \"b\": \"c\"\n    }\n  ]\n}\n");
}

// Every offset WriteLocated records is the one json::Parse finds in the
// text it wrote.
void ExpectSameOffsets(const Node& a, const Node& b, const std::string& where) {
  EXPECT_EQ(a.offset, b.offset) << where;
  ASSERT_EQ(a.items.size(), b.items.size()) << where;
  ASSERT_EQ(a.members.size(), b.members.size()) << where;
  for (size_t i = 0; i < a.items.size(); ++i) {
    ExpectSameOffsets(a.items[i], b.items[i], PointerAppend(where, i));
  }
  for (size_t i = 0; i < a.members.size(); ++i) {
    EXPECT_EQ(a.members[i].key_offset, b.members[i].key_offset) << where;
    ExpectSameOffsets(a.members[i].value, b.members[i].value,
                      PointerAppend(where, a.members[i].key));
  }
}

TEST(JsonWriter, WriteLocatedRecordsTheOffsetsParseFinds) {
  Source s("in.json",
           R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
           R"("Action":["s3:GetObject","s3:PutObject"],"Resource":"*",)"
           R"("Condition":{"StringEquals":{"aws:PrincipalTag/team":["a","b"]}}},)"
           R"({"Effect":"Deny","NotAction":["iam:*","organizations:*","account:*",)"
           R"("sts:*","kms:*","secretsmanager:*"],"Resource":[]}],"n":[1,true,null]})");
  absl::StatusOr<Node> in = Parse(s);
  ASSERT_TRUE(in.ok()) << in.status();
  Node tree = Clone(*in);
  std::string text = WriteLocated(&tree);
  EXPECT_EQ(text, Write(*in));
  Source out("out.json", text);
  absl::StatusOr<Node> reparsed = Parse(out);
  ASSERT_TRUE(reparsed.ok()) << reparsed.status();
  ExpectSameOffsets(tree, *reparsed, "");
}

}  // namespace
}  // namespace json
}  // namespace iameval
