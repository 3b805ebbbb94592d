// iameval: offline AWS IAM policy evaluation.
//
// The action index against the simple path: for random statement sets and
// actions, the candidates must be exactly the statements whose action element
// can match... or more (the index may over-approximate), never fewer, in
// statement order and without duplicates.

#include "compile/policy_set.h"

#include <algorithm>
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

// CompileBorrowed keeps no copy: its statements point into the caller's
// policies. Compile's copies survive moves of the set (the engine moves sets
// into place; ASan checks the reads).
TEST(PolicySetTest, BorrowedPoliciesAreNotCopied) {
  std::vector<Policy> policies;
  policies.emplace_back(PolicyKind::kIdentity, PolicyVersion::k2012_10_17, "p",
                        std::vector<Statement>{
                            MakeStatement({"kms:Decrypt"}, false),
                            MakeStatement({"kms:List*"}, false)});
  absl::StatusOr<CompiledPolicySet> borrowed =
      CompiledPolicySet::CompileBorrowed({&policies[0]}, "borrowed");
  ASSERT_TRUE(borrowed.ok()) << borrowed.status();
  ASSERT_EQ(borrowed->policies().size(), 1u);
  EXPECT_EQ(borrowed->policies()[0], &policies[0]);
  ASSERT_EQ(borrowed->statements().size(), 2u);
  EXPECT_EQ(borrowed->statements()[1].source, &policies[0].statements()[1]);

  absl::StatusOr<CompiledPolicySet> owned =
      CompiledPolicySet::Compile(policies, "owned");
  ASSERT_TRUE(owned.ok()) << owned.status();
  CompiledPolicySet moved = *std::move(owned);
  CompiledPolicySet again = std::move(moved);
  EXPECT_NE(again.policies()[0], &policies[0]);
  EXPECT_EQ(again.statements()[1].source, &again.policies()[0]->statements()[1]);
  EXPECT_EQ(again.statements()[1].source->actions,
            std::vector<std::string>{"kms:List*"});
  EXPECT_THAT(CandidatesOf(again, "kms:listkeys"), testing::ElementsAre(1));
}

// Same-service wildcards are indexed by their literal prefix, so a request
// meets only those that can match it: the candidates of kms:Decrypt do not
// grow with the number of kms:List* statements.
TEST(PolicySetTest, SameServiceWildcardsByPrefix) {
  std::vector<Statement> statements;
  for (int i = 0; i < 1000; ++i) {
    statements.push_back(MakeStatement({"kms:List*"}, false));
  }
  statements.push_back(MakeStatement({"kms:Decrypt"}, false));   // 1000
  statements.push_back(MakeStatement({"kms:De*"}, false));       // 1001
  statements.push_back(MakeStatement({"kms:*"}, false));         // 1002
  statements.push_back(MakeStatement({"kms:Decrypt?"}, false));  // 1003
  statements.push_back(MakeStatement({"kms:?ecrypt"}, false));   // 1004
  CompiledPolicySet set = Compile(std::move(statements));
  // kms:Decrypt? is a candidate (its prefix is "decrypt") that the action
  // match then rejects.
  EXPECT_THAT(CandidatesOf(set, "kms:decrypt"),
              testing::ElementsAre(1000, 1001, 1002, 1003, 1004));
  EXPECT_EQ(CandidatesOf(set, "kms:listkeys").size(), 1002u);  // + kms:*, ?ecrypt
  EXPECT_THAT(CandidatesOf(set, "kms:encrypt"), testing::ElementsAre(1002, 1004));
}

TEST(PolicySetTest, StatementsInSeveralBucketsAreMarked) {
  CompiledPolicySet set = Compile({
      MakeStatement({"kms:Decrypt"}, false),
      MakeStatement({"kms:Decrypt", "kms:*"}, false),
      MakeStatement({"kms:Decrypt", "KMS:decrypt"}, false),
      MakeStatement({"kms:L*", "kms:List*"}, false),
      MakeStatement({"*", "s3:*"}, true),
  });
  EXPECT_FALSE(set.statements()[0].in_several_buckets);
  EXPECT_TRUE(set.statements()[1].in_several_buckets);
  EXPECT_FALSE(set.statements()[2].in_several_buckets);
  EXPECT_TRUE(set.statements()[3].in_several_buckets);
  EXPECT_FALSE(set.statements()[4].in_several_buckets);
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
      if (rng() % 3 == 0) statements.back().effect = Effect::kDeny;
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
        // The buckets hold exactly the candidates, each under its Effect;
        // the exact bucket's statements match without a re-match, and a
        // statement met twice is marked.
        ActionBuckets buckets;
        set.FindBuckets(action, &buckets);
        std::vector<uint32_t> seen;
        auto visit = [&](const StatementBucket& b, bool exact) {
          for (bool allow : {false, true}) {
            for (uint32_t id : allow ? b.allow : b.deny) {
              const CompiledStatement& st = set.statements()[id];
              ASSERT_EQ(st.allow, allow) << "round " << round;
              if (exact) {
                ASSERT_TRUE(ActionMatches(st, action));
              }
              if (std::find(seen.begin(), seen.end(), id) != seen.end()) {
                ASSERT_TRUE(st.in_several_buckets)
                    << "round " << round << " statement " << id;
              }
              seen.push_back(id);
            }
          }
        };
        if (buckets.exact != nullptr) visit(*buckets.exact, true);
        for (const StatementBucket* b : buckets.others) visit(*b, false);
        std::sort(seen.begin(), seen.end());
        seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
        ASSERT_EQ(seen, got) << "round " << round << " " << action;
      }
    }
  }
}

}  // namespace
}  // namespace iameval

namespace iameval {
namespace {

// Sets compiled into one PatternPool share each distinct Action and
// Resource text; the same text under Version 2008-10-17 (no policy
// variables) is another template. Sharing changes no match.
TEST(PatternPoolTest, SetsShareEachDistinctPattern) {
  auto pool = std::make_shared<PatternPool>();
  auto statement = [](std::vector<std::string> actions,
                      std::vector<std::string> resources) {
    Statement s = MakeStatement(std::move(actions), false);
    s.resources = std::move(resources);
    return s;
  };
  const std::string home = "arn:aws:s3:::bucket/${aws:username}/*";
  Policy a(PolicyKind::kIdentity, PolicyVersion::k2012_10_17, "a",
           {statement({"kms:Decrypt", "KMS:decrypt"}, {home, "*"})});
  Policy b(PolicyKind::kIdentity, PolicyVersion::k2012_10_17, "b",
           {statement({"kms:DECRYPT"}, {"*", home})});
  Policy old(PolicyKind::kIdentity, PolicyVersion::k2008_10_17, "old",
             {statement({"kms:Decrypt"}, {home})});
  absl::StatusOr<CompiledPolicySet> sa =
      CompiledPolicySet::CompileBorrowed({&a}, "a", pool);
  absl::StatusOr<CompiledPolicySet> sb =
      CompiledPolicySet::CompileBorrowed({&b, &old}, "b", pool);
  ASSERT_TRUE(sa.ok() && sb.ok());
  const CompiledStatement& s0 = sa->statements()[0];
  const CompiledStatement& s1 = sb->statements()[0];
  const CompiledStatement& s2 = sb->statements()[1];
  EXPECT_EQ(s0.actions[0], s0.actions[1]);  // actions are lowercased first
  EXPECT_EQ(s0.actions[0], s1.actions[0]);
  EXPECT_EQ(s0.actions[0], s2.actions[0]);
  EXPECT_EQ(s0.resources[0], s1.resources[1]);
  EXPECT_EQ(s0.resources[1], s1.resources[0]);
  EXPECT_NE(s0.resources[0], s2.resources[0]);
  EXPECT_TRUE(s0.resources[0]->has_variables());
  EXPECT_FALSE(s2.resources[0]->has_variables());
  // kms:decrypt; home and "*" with variables; home without.
  EXPECT_EQ(pool->size(), 4u);

  // Against sets with pools of their own: the same matches.
  absl::StatusOr<CompiledPolicySet> own =
      CompiledPolicySet::CompileBorrowed({&b, &old}, "own");
  ASSERT_TRUE(own.ok());
  ASSERT_EQ(own->statements().size(), sb->statements().size());
  for (size_t i = 0; i < own->statements().size(); ++i) {
    const CompiledStatement& x = own->statements()[i];
    const CompiledStatement& y = sb->statements()[i];
    EXPECT_NE(x.resources[0], y.resources[0]);
    for (absl::string_view action : {"kms:decrypt", "kms:encrypt"}) {
      EXPECT_EQ(ActionMatches(x, action), ActionMatches(y, action));
    }
    for (size_t j = 0; j < x.resources.size(); ++j) {
      EXPECT_EQ(x.resources[j]->text(), y.resources[j]->text());
      EXPECT_EQ(x.resources[j]->has_variables(),
                y.resources[j]->has_variables());
    }
  }
}

}  // namespace
}  // namespace iameval

namespace iameval {
namespace {

// A clause as Parse builds it: operator, key, values.
using Clause = ConditionClause;

// Identical clauses share one compiled condition; any difference in
// operator, key, values (including how they split) or variables does not.
TEST(PatternPoolTest, ConditionsAreSharedOnlyWhenIdentical) {
  PatternPool pool;
  auto get = [&](const ConditionClause& c, bool vars) {
    absl::StatusOr<const CompiledCondition*> r = pool.Condition(c, vars);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : nullptr;
  };
  const CompiledCondition* a =
      get(Clause{"StringEquals", "aws:PrincipalTag/team", {"red"}}, true);
  EXPECT_EQ(a, get(Clause{"StringEquals", "aws:PrincipalTag/team", {"red"}},
                   true));
  EXPECT_NE(a, get(Clause{"StringEquals", "aws:PrincipalTag/team", {"red"}},
                   false));
  EXPECT_NE(a, get(Clause{"StringLike", "aws:PrincipalTag/team", {"red"}},
                   true));
  EXPECT_NE(a, get(Clause{"StringEquals", "aws:PrincipalTag/Team", {"red"}},
                   true));
  EXPECT_NE(a, get(Clause{"StringEquals", "aws:PrincipalTag/team",
                          {"red", "blue"}},
                   true));
  // "ab" + "c" and "a" + "bc" are different value lists.
  EXPECT_NE(get(Clause{"StringEquals", "k:x", {"ab", "c"}}, true),
            get(Clause{"StringEquals", "k:x", {"a", "bc"}}, true));
  // A clause that does not compile is an error every time, never cached.
  const ConditionClause bad = Clause{"StringEqualz", "aws:SourceIp", {"x"}};
  EXPECT_FALSE(pool.Condition(bad, true).ok());
  EXPECT_FALSE(pool.Condition(bad, true).ok());
  EXPECT_EQ(pool.size(), 7u);
}

}  // namespace
}  // namespace iameval
