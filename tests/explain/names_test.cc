// iameval: offline AWS IAM policy evaluation.
//
// The names of decisions and finding kinds are part of the output contract.

#include "gtest/gtest.h"
#include "iameval/decision.h"

namespace iameval {
namespace {

TEST(NamesTest, DecisionAndFindingNames) {
  EXPECT_STREQ(DecisionName(Decision::kAllow), "allow");
  EXPECT_STREQ(DecisionName(Decision::kExplicitDeny), "explicit_deny");
  EXPECT_STREQ(DecisionName(Decision::kImplicitDeny), "implicit_deny");
  EXPECT_STREQ(FindingKindName(Finding::Kind::kDeniedBy), "denied_by");
  EXPECT_STREQ(FindingKindName(Finding::Kind::kAllowedBy), "allowed_by");
  EXPECT_STREQ(FindingKindName(Finding::Kind::kMissingAllow), "missing_allow");
  EXPECT_STREQ(FindingKindName(Finding::Kind::kNearMiss), "near_miss");
  EXPECT_STREQ(FindingKindName(Finding::Kind::kNote), "note");
  EXPECT_STREQ(FindingKindName(Finding::Kind::kInvalidRequest),
               "invalid_request");
}

}  // namespace
}  // namespace iameval
