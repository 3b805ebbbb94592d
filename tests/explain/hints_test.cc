// iameval: offline AWS IAM policy evaluation.
//
// Layer kinds (explain/layers.h) and the fixes for known traps
// (explain/hints.h). The scenario fixtures under pinned-reasons/ check that
// the engine attaches them where the traps occur.

#include "explain/hints.h"

#include "explain/layers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace iameval {
namespace explain {
namespace {

using ::testing::HasSubstr;

TEST(LayersTest, EveryLabelTheEngineBuildsHasAKind) {
  const struct {
    const char* label;
    const char* kind;
  } cases[] = {
      {"identity policies of arn:aws:iam::1:role/r", "identity_policies"},
      {"permissions boundary of arn:aws:iam::1:role/r", "permissions_boundary"},
      {"session policy of arn:aws:sts::1:assumed-role/r/s", "session_policy"},
      {"trust policy of arn:aws:iam::1:role/r", "trust_policy"},
      {"key policy of arn:aws:kms:eu-west-1:1:key/k", "key_policy"},
      {"resource policy of arn:aws:sqs:eu-west-1:1:q", "resource_policy"},
      {"resource policy", "resource_policy"},
      {"SCP level 0 of account 111122223333 (FullAWSAccess)", "scp"},
      {"RCP level 1 of account 111122223333 (r)", "rcp"},
      {"sts:AssumeRole request", "request"},
      {"kms request", "request"},
      {"", ""},
      {"something else", ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(LayerKindOf(c.label), c.kind) << c.label;
    if (*c.kind != '\0') {
      EXPECT_TRUE(IsLayerKind(c.kind)) << c.kind;
    }
  }
  EXPECT_FALSE(IsLayerKind("key policy"));
  EXPECT_FALSE(IsLayerKind(""));
}

TEST(HintsTest, ManagedKeyOnlyAcrossAccounts) {
  EXPECT_EQ(ManagedKeyCrossAccountHint("111122223333", "arn:s", "111122223333"),
            "");
  EXPECT_THAT(ManagedKeyCrossAccountHint("111122223333", "arn:s",
                                         "444455556666"),
              HasSubstr("re-encrypt the secret with a customer managed key "
                        "whose key policy grants kms:Decrypt to account "
                        "111122223333 (or its role), or assume a role in "
                        "account 444455556666"));
}

TEST(HintsTest, SecretSuffixOnlyForTheExactStem) {
  const char* secret =
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-password-AbCdEf";
  EXPECT_THAT(SecretSuffixHint({"arn:aws:secretsmanager:eu-west-1:"
                                "111122223333:secret:db-password"},
                               secret),
              HasSubstr("write \"arn:aws:secretsmanager:eu-west-1:"
                        "111122223333:secret:db-password-??????\""));
  EXPECT_EQ(SecretSuffixHint({"arn:aws:secretsmanager:eu-west-1:"
                              "111122223333:secret:other"},
                             secret),
            "");
  EXPECT_EQ(SecretSuffixHint({"arn:aws:secretsmanager:eu-west-1:"
                              "111122223333:secret:db"},
                             "arn:aws:secretsmanager:eu-west-1:111122223333:"
                             "secret:db"),
            "");
  EXPECT_EQ(SecretSuffixHint({"arn:aws:sqs:eu-west-1:111122223333:q"},
                             "arn:aws:sqs:eu-west-1:111122223333:q-AbCdEf"),
            "");
}

TEST(HintsTest, VersionStageOnlyWhenNoStageWasSent) {
  ConditionDetail d;
  d.op = "ForAnyValue:StringEquals";
  d.key = "secretsmanager:VersionStage";
  d.key_present = false;
  EXPECT_THAT(ConditionHint(d), HasSubstr("the request names no version "
                                          "stage"));
  EXPECT_THAT(ConditionHint(d),
              HasSubstr("ForAnyValue:StringEqualsIfExists"));
  d.key_present = true;
  EXPECT_EQ(ConditionHint(d), "");
  d.key_present = false;
  d.key = "aws:SourceIp";
  EXPECT_EQ(ConditionHint(d), "");
}

TEST(HintsTest, KeyPolicyNamesTheRoleAndTheAccountRoot) {
  EXPECT_THAT(KeyPolicyHint("arn:aws:kms:eu-west-1:444455556666:key/k",
                            "arn:aws:iam::444455556666:role/reader",
                            "444455556666"),
              HasSubstr("allows the action to \"arn:aws:iam::444455556666:"
                        "role/reader\", or to \"arn:aws:iam::444455556666:"
                        "root\""));
  EXPECT_EQ(KeyPolicyHint("k", "ecs-tasks.amazonaws.com", ""), "");
}

}  // namespace
}  // namespace explain
}  // namespace iameval
