// iameval: offline AWS IAM policy evaluation.

#include "import/builder.h"

#include <string>
#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iameval/import.h"
#include "json/writer.h"

namespace iameval {
namespace import_internal {
namespace {

using ::testing::HasSubstr;

InputFile Input(const std::string& name, const std::string& text) {
  InputFile f;
  f.name = name;
  f.source = std::make_unique<Source>(name, text);
  absl::StatusOr<json::Node> root = json::Parse(*f.source);
  EXPECT_TRUE(root.ok()) << root.status();
  f.root = *std::move(root);
  return f;
}

json::Node Role(const std::string& arn) {
  json::Node role = json::Object();
  json::Set(&role, "arn", json::String(arn));
  return role;
}

TEST(BuilderTest, FinishLoadsTheWorldItWrites) {
  InputFile in = Input("in.json", "{}");
  Builder b;
  json::Set(b.Account("111122223333"), "org_id", json::String("o-a1b2c3d4e5"));
  b.Add("roles", Role("arn:aws:iam::111122223333:role/app"), "role",
        "arn:aws:iam::111122223333:role/app", At(in, in.root, "/x"));
  b.Skip(At(in, in.root, "/y"), "field Y", "not imported");
  absl::StatusOr<ImportResult> r = std::move(b).Finish("w (imported)");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->world.file, "w (imported)");
  ASSERT_EQ(r->world.roles.size(), 1u);
  EXPECT_EQ(r->world.accounts.at("111122223333").org_id, "o-a1b2c3d4e5");
  absl::StatusOr<World> again = World::Parse(r->world_json, "again.json", "");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->roles[0].arn, r->world.roles[0].arn);
  EXPECT_EQ(RenderImportReport(r->notes),
            "imported  role arn:aws:iam::111122223333:role/app  (in.json /x)\n"
            "skipped   in.json /y: field Y: not imported\n");
}

// A world rule the input breaks is located in the written world text, at
// the line and column where that text holds it.
TEST(BuilderTest, WorldRuleErrorsAreLocatedInTheWrittenText) {
  InputFile in = Input("in.json", "{}");
  Builder b;
  json::Node role = Role("arn:aws:iam::111122223333:role/app");
  json::Node* tags = json::Set(&role, "tags", json::Object());
  json::Set(tags, "Team", json::String("a"));
  json::Set(tags, "team", json::String("b"));
  b.Add("roles", std::move(role), "role", "arn:aws:iam::111122223333:role/app",
        At(in, in.root, ""));
  absl::StatusOr<ImportResult> r = std::move(b).Finish("w (imported)");
  ASSERT_FALSE(r.ok());
  // {\n  "roles": [\n    {\n      "arn": ...,\n      "tags": {\n
  //        "Team": "a",\n        "team": "b"   <- line 7, column 9
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("the imported world breaks a world rule: "
                        "w (imported):7:9: /roles/0/tags/team"));
}

TEST(BuilderTest, ManagedPoliciesOncePerArn) {
  InputFile in = Input("in.json", "{}");
  Builder b;
  const std::string arn = "arn:aws:iam::aws:policy/ReadOnlyAccess";
  EXPECT_FALSE(b.HasManagedPolicy(arn));
  json::Node doc = json::Object();
  json::Set(&doc, "Version", json::String("2012-10-17"));
  json::Set(&doc, "Statement", json::Array());
  EXPECT_TRUE(b.AddManagedPolicy(arn, json::Clone(doc), At(in, in.root, "")));
  EXPECT_TRUE(b.HasManagedPolicy(arn));
  EXPECT_FALSE(b.AddManagedPolicy(arn, std::move(doc), At(in, in.root, "")));
}

TEST(BuilderTest, PolicyDocumentForms) {
  InputFile in = Input(
      "in.json",
      R"({"obj": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",)"
      R"( "Action": "s3:GetObject", "Resource": "*"}]},)"
      R"( "text": "{\"Version\":\"2012-10-17\",\"Statement\":[]}",)"
      R"( "url": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D",)"
      R"( "bad": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%7D%5D%7D",)"
      R"( "broken": "%7B%2",)"
      R"( "num": 3})");
  auto doc = [&in](const char* key) {
    const json::Node* n = in.root.Find(key);
    return PolicyDocument(*n, At(in, *n, std::string("/") + key),
                          PolicyKind::kIdentity);
  };
  EXPECT_TRUE(doc("obj").ok());
  EXPECT_TRUE(doc("text").ok());
  absl::StatusOr<json::Node> url = doc("url");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(json::Write(*url),
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n");
  EXPECT_THAT(std::string(doc("bad").status().message()),
              HasSubstr("in.json /bad (URL-decoded string):1:"));
  EXPECT_THAT(std::string(doc("broken").status().message()),
              HasSubstr("in.json:1:"));
  EXPECT_THAT(std::string(doc("num").status().message()),
              HasSubstr("/num: found the number 3; expected a policy document"));
}

}  // namespace
}  // namespace import_internal
}  // namespace iameval
