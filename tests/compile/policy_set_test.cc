// iameval: offline AWS IAM policy evaluation.
//
// The action index against the simple path: for random statement sets and
// actions, the candidates must be exactly the statements whose action element
// can match... or more (the index may over-approximate), never fewer, in
// statement order and without duplicates.

#include "compile/policy_set.h"

#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace iameval {
namespace {

Statement MakeStatement(std::vector<std::string> actions, bool not_action) {
  Statement s;
  s.effect = Effect::kAllow;
  s.not_action = not_action;
  s.actions = std::move(actions);
  s.has_resource = true;
  s.resources = {"*"};
  return s;
}

CompiledPolicySet Compile(std::vector<Statement> statements) {
  for (size_t i = 0; i < statements.size(); ++i) {
    statements[i].index = static_cast<int>(i);
  }
  std::vector<Policy> policies;
  policies.emplace_back(PolicyKind::kIdentity, PolicyVersion::k2012_10_17,
                        "p", std::move(statements));
  absl::StatusOr<CompiledPolicySet> set =
      CompiledPolicySet::Compile(std::move(policies), "test layer");
  EXPECT_TRUE(set.ok()) << set.status();
  return *std::move(set);
}

std::vector<uint32_t> CandidatesOf(const CompiledPolicySet& set,
                                   absl::string_view action) {
  CandidateList c;
  set.Candidates(action, &c);
  return std::vector<uint32_t>(c.begin(), c.end());
}

TEST(PolicySetTest, BucketsExactServiceAndGeneral) {
  CompiledPolicySet set = Compile({
      MakeStatement({"sts:AssumeRole"}, false),            // 0 exact
      MakeStatement({"kms:Decrypt", "kms:Get*"}, false),   // 1 exact + service
      MakeStatement({"*"}, false),                         // 2 general
      MakeStatement({"s3:*"}, true),                       // 3 NotAction
      MakeStatement({"*:Decrypt"}, false),                 // 4 general
      MakeStatement({"secretsmanager:GetSecretValue"}, false),  // 5
  });
  EXPECT_THAT(CandidatesOf(set, "sts:assumerole"),
              testing::ElementsAre(0, 2, 3, 4));
  EXPECT_THAT(CandidatesOf(set, "kms:decrypt"),
              testing::ElementsAre(1, 2, 3, 4));
  EXPECT_THAT(CandidatesOf(set, "kms:getkeypolicy"),
              testing::ElementsAre(1, 2, 3, 4));
  EXPECT_THAT(CandidatesOf(set, "secretsmanager:getsecretvalue"),
              testing::ElementsAre(2, 3, 4, 5));
}

TEST(PolicySetTest, ActionsAreCaseInsensitive) {
  CompiledPolicySet set =
      Compile({MakeStatement({"SecretsManager:getsecretVALUE"}, false)});
  ASSERT_THAT(CandidatesOf(set, "secretsmanager:getsecretvalue"),
              testing::ElementsAre(0));
  EXPECT_TRUE(ActionMatches(set.statements()[0],
                            "secretsmanager:getsecretvalue"));
  EXPECT_FALSE(ActionMatches(set.statements()[0], "secretsmanager:getsecret"));
}

TEST(PolicySetTest, NotActionMatchesEverythingElse) {
  CompiledPolicySet set = Compile({MakeStatement({"kms:*", "s3:Get*"}, true)});
  const CompiledStatement& s = set.statements()[0];
  EXPECT_FALSE(ActionMatches(s, "kms:decrypt"));
  EXPECT_FALSE(ActionMatches(s, "s3:getobject"));
  EXPECT_TRUE(ActionMatches(s, "s3:putobject"));
  EXPECT_TRUE(ActionMatches(s, "sts:assumerole"));
}

// Random sets: the index never loses a statement that matches, and its
// output is sorted and duplicate-free.
TEST(PolicySetTest, IndexAgreesWithTheSimplePath) {
  const std::vector<std::string> services = {"kms", "sts", "s3",
                                             "secretsmanager", "iam"};
  const std::vector<std::string> ops = {"Decrypt", "GetObject", "AssumeRole",
                                        "TagSession", "GetSecretValue",
                                        "ListKeys", "PutObject"};
  std::mt19937 rng(20261124);
  auto pick = [&](const std::vector<std::string>& v) {
    return v[rng() % v.size()];
  };
  for (int round = 0; round < 300; ++round) {
    std::vector<Statement> statements;
    int n = 1 + static_cast<int>(rng() % 30);
    for (int i = 0; i < n; ++i) {
      std::vector<std::string> actions;
      int k = 1 + static_cast<int>(rng() % 3);
      for (int j = 0; j < k; ++j) {
        std::string op = pick(ops);
        switch (rng() % 7) {
          case 0: actions.push_back("*"); break;
          case 1: actions.push_back(pick(services) + ":*"); break;
          case 2: actions.push_back(pick(services) + ":" + op.substr(0, 3) + "*"); break;
          case 3: actions.push_back("*:" + op); break;
          case 4: actions.push_back(pick(services) + ":" + op.substr(0, 2) + "?" + op.substr(3)); break;
          default: actions.push_back(pick(services) + ":" + op); break;
        }
      }
      statements.push_back(MakeStatement(std::move(actions), rng() % 5 == 0));
    }
    CompiledPolicySet set = Compile(std::move(statements));
    for (const std::string& svc : services) {
      for (const std::string& op : ops) {
        std::string action = svc + ":" + op;
        for (char& c : action) c = static_cast<char>(std::tolower(c));
        std::vector<uint32_t> got = CandidatesOf(set, action);
        ASSERT_TRUE(std::is_sorted(got.begin(), got.end()));
        ASSERT_EQ(std::adjacent_find(got.begin(), got.end()), got.end());
        for (uint32_t id = 0; id < set.statements().size(); ++id) {
          if (ActionMatches(set.statements()[id], action)) {
            ASSERT_TRUE(std::binary_search(got.begin(), got.end(), id))
                << "round " << round << " statement " << id << " " << action;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace iameval
