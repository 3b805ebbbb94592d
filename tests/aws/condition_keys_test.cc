// iameval: offline AWS IAM policy evaluation.

#include "aws/condition_keys.h"

#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "gtest/gtest.h"

namespace iameval {
namespace aws {
namespace {

TEST(ConditionKeysTest, NamesAreUniqueIgnoringCase) {
  std::set<std::string> seen;
  for (const ConditionKeyInfo& k : AllConditionKeys()) {
    EXPECT_TRUE(seen.insert(absl::AsciiStrToLower(k.name)).second) << k.name;
  }
}

TEST(ConditionKeysTest, EveryRowFindsItselfInAnyCase) {
  for (const ConditionKeyInfo& k : AllConditionKeys()) {
    if (k.name == "<service>:ResourceTag/") continue;
    std::string lower = absl::AsciiStrToLower(k.name);
    if (k.family()) lower += "x";
    EXPECT_EQ(FindConditionKey(lower), &k) << k.name;
  }
}

TEST(ConditionKeysTest, FamiliesReturnTheirSuffix) {
  absl::string_view suffix;
  const ConditionKeyInfo* k =
      FindConditionKey("aws:principaltag/ataccama:edge:x", &suffix);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->derived, Derived::kPrincipalTag);
  EXPECT_EQ(suffix, "ataccama:edge:x");

  k = FindConditionKey("kms:encryptioncontext:a/b:c", &suffix);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->derived, Derived::kKmsEncryptionContext);
  EXPECT_EQ(suffix, "a/b:c");

  k = FindConditionKey("secretsmanager:resourcetag/team", &suffix);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->derived, Derived::kServiceResourceTag);
  EXPECT_EQ(suffix, "team");
  EXPECT_EQ(ResourceTagService("secretsmanager:resourcetag/team"),
            "secretsmanager");
  EXPECT_EQ(ResourceTagService("aws:resourcetag/team"), "");

  k = FindConditionKey("aws:resourcetag/team", &suffix);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->derived, Derived::kResourceTag);
}

TEST(ConditionKeysTest, UnknownKeys) {
  EXPECT_EQ(FindConditionKey("aws:tagkeysx"), nullptr);
  EXPECT_EQ(FindConditionKey("x:resourcetag"), nullptr);
  EXPECT_EQ(FindConditionKey("x:resourcetagx/a"), nullptr);
  EXPECT_EQ(FindConditionKey("token.actions.githubusercontent.com:sub"),
            nullptr);
  EXPECT_EQ(FindConditionKey("nocolon"), nullptr);
  EXPECT_EQ(FindConditionKey(""), nullptr);
}

TEST(ConditionKeysTest, MultivaluedKeys) {
  for (const char* name :
       {"aws:tagkeys", "aws:principalorgpaths", "aws:resourceorgpaths",
        "aws:calledvia", "aws:principalservicenameslist", "aws:sourceorgpaths",
        "aws:vpceorgpaths", "kms:encryptioncontextkeys", "kms:resourcealiases",
        "sts:transitivetagkeys", "secretsmanager:addreplicaregions"}) {
    const ConditionKeyInfo* k = FindConditionKey(name);
    ASSERT_NE(k, nullptr) << name;
    EXPECT_TRUE(k->multivalued) << name;
  }
  EXPECT_FALSE(FindConditionKey("aws:sourceip")->multivalued);
  EXPECT_FALSE(FindConditionKey("secretsmanager:versionstage")->multivalued);
}

// Which keys an explicit request context overrides (docs/semantics.md#overrides):
// facts of the world and the call, not time, network or a direct call's own
// parameters.
TEST(ConditionKeysTest, DerivedFacts) {
  const struct {
    const char* key;
    bool derived;
  } cases[] = {
      {"aws:principalarn", true},
      {"aws:principaltag/team", true},
      {"kms:viaservice", true},
      {"kms:calleraccount", true},
      {"sts:externalid", true},
      {"aws:sourceip", false},
      {"aws:currenttime", false},
      // Derived only on the kms:Decrypt Secrets Manager makes, where the
      // caller's context does not apply: on a direct call it is the call's
      // own parameter, so a context value overrides nothing.
      {"kms:encryptioncontext:team", false},
      {"kms:encryptioncontextkeys", false},
  };
  for (const auto& c : cases) {
    const ConditionKeyInfo* info = FindConditionKey(c.key);
    ASSERT_NE(info, nullptr) << c.key;
    EXPECT_EQ(IsDerivedFact(*info), c.derived) << c.key;
  }
}

}  // namespace
}  // namespace aws
}  // namespace iameval
