// iameval: offline AWS IAM policy evaluation.

#include "aws/sts.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace iameval {
namespace aws {
namespace sts {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

Step Assume() {
  Step s;
  s.action = "sts:AssumeRole";
  s.resource = "arn:aws:iam::444455556666:role/r";
  return s;
}

TEST(StsTest, AcceptsAPlainCall) {
  EXPECT_EQ(ValidateAssumeRole(Assume(), Caller(), 3600), "");
}

TEST(StsTest, RootCannotAssume) {
  Caller root;
  root.root = true;
  EXPECT_THAT(ValidateAssumeRole(Assume(), root, 3600), HasSubstr("root"));
}

TEST(StsTest, ParameterCharacterSets) {
  Step s = Assume();
  s.session_name = "a";
  EXPECT_THAT(ValidateAssumeRole(s, Caller(), 3600),
              HasSubstr("RoleSessionName"));
  s.session_name = "job session";
  EXPECT_THAT(ValidateAssumeRole(s, Caller(), 3600),
              HasSubstr("RoleSessionName"));
  s.session_name = "ataccama-job_1+=,.@";
  EXPECT_EQ(ValidateAssumeRole(s, Caller(), 3600), "");
  s.external_id = "7f3c/x:y";
  EXPECT_EQ(ValidateAssumeRole(s, Caller(), 3600), "");
  s.external_id = "7f 3c";
  EXPECT_THAT(ValidateAssumeRole(s, Caller(), 3600), HasSubstr("ExternalId"));
}

TEST(StsTest, Durations) {
  Step s = Assume();
  Caller user;
  Caller session;
  session.role_session = true;
  s.duration_seconds = 899;
  EXPECT_THAT(ValidateAssumeRole(s, user, 3600), HasSubstr("minimum"));
  s.duration_seconds = 900;
  EXPECT_EQ(ValidateAssumeRole(s, user, 3600), "");
  s.duration_seconds = 7200;
  EXPECT_THAT(ValidateAssumeRole(s, user, 3600),
              HasSubstr("MaxSessionDuration"));
  EXPECT_EQ(ValidateAssumeRole(s, user, 43200), "");
  EXPECT_THAT(ValidateAssumeRole(s, session, 43200),
              HasSubstr("role chaining"));
}

TEST(StsTest, SessionTags) {
  Step s = Assume();
  for (int i = 0; i < 51; ++i) {
    s.session_tags.emplace_back("k" + std::to_string(i), "v");
  }
  EXPECT_THAT(ValidateAssumeRole(s, Caller(), 3600), HasSubstr("50"));
  s.session_tags = {{"Team", "a"}, {"team", "b"}};
  EXPECT_THAT(ValidateAssumeRole(s, Caller(), 3600), HasSubstr("twice"));
  s.session_tags = {{std::string(129, 'k'), "v"}};
  EXPECT_THAT(ValidateAssumeRole(s, Caller(), 3600), HasSubstr("1-128"));
  s.session_tags = {{"team", "a"}};
  s.transitive_tag_keys = {"project"};
  EXPECT_THAT(ValidateAssumeRole(s, Caller(), 3600),
              HasSubstr("not one of the session tags"));
  TagMap inherited = {{"team", "blue"}};
  Caller chained;
  chained.role_session = true;
  chained.transitive = &inherited;
  s.transitive_tag_keys.clear();
  s.session_tags = {{"TEAM", "red"}};
  EXPECT_THAT(ValidateAssumeRole(s, chained, 3600),
              HasSubstr("repeats a transitive tag"));
}

TEST(StsTest, SourceIdentityIsSetOnceAlongAChain) {
  Step s = Assume();
  s.source_identity = "aws:alice";
  EXPECT_THAT(ValidateAssumeRole(s, Caller(), 3600), HasSubstr("aws:"));
  Caller chained;
  chained.role_session = true;
  chained.source_identity = "alice";
  s.source_identity = "bob";
  EXPECT_THAT(ValidateAssumeRole(s, chained, 3600), HasSubstr("differs"));
  s.source_identity = "alice";
  EXPECT_EQ(ValidateAssumeRole(s, chained, 3600), "");
  s.source_identity.reset();
  EXPECT_EQ(SourceIdentity(s, chained), "alice");
}

TEST(StsTest, AuthorizationsOfOneCall) {
  Step s = Assume();
  EXPECT_THAT(AuthorizationsOf(s, ""), ElementsAre("sts:AssumeRole"));
  s.session_tags = {{"team", "a"}};
  EXPECT_THAT(AuthorizationsOf(s, "alice"),
              ElementsAre("sts:AssumeRole", "sts:TagSession",
                          "sts:SetSourceIdentity"));
}

TEST(StsTest, NewSessionTagsOverlayAndCarry) {
  Step s = Assume();
  s.session_tags = {{"Env", "prod"}, {"Project", "x"}};
  s.transitive_tag_keys = {"project"};
  TagMap inherited = {{"team", "blue"}};
  SessionTags t = NewSessionTags(s, inherited);
  EXPECT_THAT(t.session_tags,
              UnorderedElementsAre(Pair("team", "blue"), Pair("env", "prod"),
                                   Pair("project", "x")));
  EXPECT_THAT(t.transitive, UnorderedElementsAre(Pair("team", "blue"),
                                                 Pair("project", "x")));
  EXPECT_THAT(NewSessionTags(Assume(), TagMap()).session_tags, IsEmpty());
}

}  // namespace
}  // namespace sts
}  // namespace aws
}  // namespace iameval
