// iameval: offline AWS IAM policy evaluation.
//
// Lint: every finding code fires where it should and stays quiet where the
// policy is fine (a warning must be right), findings are located and sorted,
// the fatal/non-fatal split, and the text/JSON/SARIF renderers.

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/project.h"
#include "base/source.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iameval/policy.h"
#include "json/reader.h"
#include "policy/lint_render.h"
#include "policy/parse.h"
#include "policy/validate.h"

namespace iameval {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

std::vector<std::string> Codes(const std::string& text,
                               PolicyKind kind = PolicyKind::kIdentity) {
  std::vector<std::string> out;
  for (const Diagnostic& d : Lint(text, kind)) out.push_back(d.code);
  return out;
}

std::string Doc(const std::string& statements,
                const std::string& version = "\"Version\": \"2012-10-17\", ") {
  return "{" + version + "\"Statement\": [" + statements + "]}";
}

std::string Allow(const std::string& action, const std::string& resource,
                  const std::string& extra = "") {
  return "{\"Effect\": \"Allow\", \"Action\": " + action +
         ", \"Resource\": " + resource + extra + "}";
}

std::string WithCondition(const std::string& op, const std::string& key,
                          const std::string& value,
                          const std::string& effect = "Allow") {
  return Doc("{\"Effect\": \"" + effect +
             "\", \"Action\": \"s3:*\", \"Resource\": \"*\", "
             "\"Condition\": {\"" + op + "\": {\"" + key + "\": " + value +
             "}}}");
}

TEST(LintTest, CleanPolicyHasNoFindings) {
  EXPECT_THAT(Lint(Doc(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::b/*\"")),
                   PolicyKind::kIdentity),
              IsEmpty());
}

TEST(LintTest, InvalidJsonIsOneLocatedError) {
  ParseOptions options;
  options.file = "bad.json";
  std::vector<Diagnostic> d = Lint("{\"Version\": }", PolicyKind::kIdentity, options);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, "IAM.InvalidJson");
  EXPECT_EQ(d[0].severity, Severity::kError);
  EXPECT_TRUE(IsFatal(d[0]));
  EXPECT_EQ(d[0].location.file, "bad.json");
  EXPECT_EQ(d[0].location.line, 1);
  EXPECT_EQ(d[0].location.column, 13);
  EXPECT_EQ(d[0].message, "found invalid JSON (Invalid value); expected valid JSON");
}

TEST(LintTest, CollectsEveryFindingInSourceOrder) {
  const std::string text =
      "{\"Statement\": [\n"
      "  {\"Effect\": \"allow\", \"Action\": \"s3\", \"Resource\": \"*\"},\n"
      "  {\"Effect\": \"Allow\", \"Actions\": \"s3:x\", \"Resource\": \"x\"}]}";
  std::vector<Diagnostic> d = Lint(text, PolicyKind::kIdentity);
  std::vector<std::string> codes;
  std::vector<int> lines;
  for (const Diagnostic& x : d) {
    codes.push_back(x.code);
    lines.push_back(x.location.line);
  }
  EXPECT_THAT(codes, ElementsAre("IAM.MissingVersion", "IAM.InvalidEffect",
                                 "IAM.InvalidAction", "IAM.MissingAction",
                                 "IAM.UnknownElement", "IAM.InvalidResource"));
  EXPECT_TRUE(std::is_sorted(lines.begin(), lines.end()));
  EXPECT_EQ(d[1].location.pointer, "/Statement/0/Effect");
  EXPECT_EQ(d[1].location.line, 2);
  EXPECT_EQ(d[1].location.column, 14);
  EXPECT_FALSE(IsFatal(d[0]));
  EXPECT_TRUE(IsFatal(d[1]));
}

TEST(LintTest, VersionAndVariables) {
  const std::string var_resource =
      Allow("\"s3:GetObject\"", "\"arn:aws:s3:::b/${aws:username}/*\"");
  EXPECT_THAT(Codes(Doc(var_resource, "")),
              ElementsAre("IAM.MissingVersion", "IAM.VariableInOldVersion"));
  EXPECT_THAT(Codes(Doc(var_resource, "\"Version\": \"2008-10-17\", ")),
              ElementsAre("IAM.VariableInOldVersion"));
  EXPECT_THAT(Codes(Doc(var_resource)), IsEmpty());
  // Only String*/Arn* values are variables; literal in other operators.
  EXPECT_THAT(Codes(WithCondition("StringLike", "s3:prefix", "\"${aws:username}/*\"")),
              IsEmpty());
  // Arn* values take variables in the resource part only: a whole-value
  // variable is literal text, not an ARN, so the condition cannot be
  // evaluated (lint says so, as the matcher decides).
  EXPECT_THAT(Codes(WithCondition("ArnLike", "aws:SourceArn",
                                  "\"arn:aws:iam::*:role/${aws:username}\"")),
              IsEmpty());
  EXPECT_THAT(Codes(WithCondition("ArnLike", "aws:SourceArn", "\"${aws:PrincipalArn}\"")),
              ElementsAre("IAM.InvalidConditionValue"));
  EXPECT_THAT(Codes(WithCondition("StringLike", "s3:prefix", "\"a${*}b${?}${$}\"")),
              IsEmpty());
  EXPECT_THAT(Codes(WithCondition("Bool", "aws:SecureTransport", "\"${aws:username}\"")),
              ElementsAre("IAM.VariableNotAllowed"));
  EXPECT_THAT(Codes(WithCondition("IpAddress", "aws:SourceIp", "\"${aws:username}\"")),
              ElementsAre("IAM.VariableNotAllowed"));
  EXPECT_THAT(Codes(WithCondition("StringEquals", "ec2:InstanceType", "\"${}\"")),
              ElementsAre("IAM.InvalidVariable"));
  EXPECT_THAT(Codes(WithCondition("StringEquals", "ec2:InstanceType", "\"${aws:x\"")),
              ElementsAre("IAM.InvalidVariable"));
  EXPECT_THAT(Codes(WithCondition("StringEquals", "ec2:InstanceType", "\"${username}\"")),
              ElementsAre("IAM.InvalidVariable"));
  EXPECT_THAT(Codes(WithCondition("StringEquals", "ec2:InstanceType", "\"${aws:a b}\"")),
              ElementsAre("IAM.InvalidVariable"));
  EXPECT_THAT(Codes(WithCondition("StringEquals", "ec2:InstanceType", "\"${aws:a, b}\"")),
              ElementsAre("IAM.InvalidVariable"));
  EXPECT_THAT(Codes(WithCondition("StringEquals", "ec2:InstanceType", "\"${aws:a ,  'b c'}\"")),
              IsEmpty());
  EXPECT_THAT(Codes(WithCondition("StringEquals", "ec2:InstanceType", "\"${aws:a, ''}\"")),
              IsEmpty());
  EXPECT_THAT(
      Codes(Doc(Allow("\"s3:GetObject\"",
                      "\"arn:aws:s3:${aws:RequestedRegion}:111122223333:x/*\""))),
      ElementsAre("IAM.VariableNotAllowed"));
  EXPECT_THAT(Codes(WithCondition("StringEquals",
                                  "s3:ExistingObjectTag/${aws:username}", "\"x\"")),
              ElementsAre("IAM.VariableNotAllowed"));
  EXPECT_THAT(
      Codes(Doc("{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": "
                "\"arn:aws:iam::111122223333:user/${aws:username}\"}, "
                "\"Action\": \"s3:GetObject\", \"Resource\": \"*\"}"),
            PolicyKind::kResource),
      ElementsAre("IAM.VariableNotAllowed"));
  // Under 2008-10-17 the same principal is plain text: no finding.
  EXPECT_THAT(
      Codes(Doc("{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": "
                "\"arn:aws:iam::111122223333:user/${aws:username}\"}, "
                "\"Action\": \"s3:GetObject\", \"Resource\": \"*\"}",
                "\"Version\": \"2008-10-17\", "),
            PolicyKind::kResource),
      IsEmpty());
}

TEST(LintTest, ConditionValueTypes) {
  struct Case {
    std::string op, key, value;
    bool ok;
  };
  const std::vector<Case> cases = {
      {"NumericLessThan", "aws:MultiFactorAuthAge", "\"3600\"", true},
      {"NumericLessThan", "aws:MultiFactorAuthAge", "3600", true},
      {"NumericLessThan", "aws:MultiFactorAuthAge", "\"1e3\"", false},
      {"NumericLessThan", "aws:MultiFactorAuthAge", "1e3", false},
      {"DateLessThan", "aws:CurrentTime", "\"2026-12-01T00:00:00Z\"", true},
      {"DateLessThan", "aws:CurrentTime", "1796083200", true},
      {"DateLessThan", "aws:CurrentTime", "\"tomorrow\"", false},
      {"Bool", "aws:SecureTransport", "true", true},
      {"Bool", "aws:SecureTransport", "\"TRUE\"", true},
      {"Bool", "aws:SecureTransport", "\"1\"", false},
      {"Null", "aws:TokenIssueTime", "\"True\"", true},
      {"Null", "aws:TokenIssueTime", "\"absent\"", false},
      {"IpAddress", "aws:SourceIp", "[\"203.0.113.0/24\", \"2001:db8::/32\"]", true},
      {"NotIpAddress", "aws:SourceIp", "\"203.0.113.0/33\"", false},
      {"BinaryEquals", "ec2:InstanceType", "\"QmluYXJ5VmFsdWU=\"", true},
      {"BinaryEquals", "ec2:InstanceType", "\"not base64!\"", false},
      {"ArnLike", "aws:SourceArn", "\"arn:aws:sqs:*:111122223333:q-*\"", true},
      {"ArnEquals", "aws:SourceArn", "\"arn:aws:s3:::b\"", true},
      {"ArnLike", "aws:SourceArn", "\"sqs:queue\"", false},
      {"ArnNotLike", "aws:SourceArn", "\"*\"", false},
      {"StringEquals", "ec2:InstanceType", "[\"anything\", 12, false]", true},
  };
  for (const Case& c : cases) {
    std::vector<std::string> codes =
        Codes(WithCondition(c.op, c.key, c.value, "Deny"));
    if (c.ok) {
      EXPECT_THAT(codes, IsEmpty()) << c.op << " " << c.value;
    } else {
      EXPECT_THAT(codes, ElementsAre("IAM.InvalidConditionValue"))
          << c.op << " " << c.value;
    }
  }
  std::vector<Diagnostic> d =
      Lint(WithCondition("IpAddress", "aws:SourceIp", "[\"10.0.0.1\", \"x\"]"),
           PolicyKind::kIdentity);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].location.pointer,
            "/Statement/0/Condition/IpAddress/aws:SourceIp/1");
  EXPECT_FALSE(IsFatal(d[0]));
}

TEST(LintTest, MultivaluedKeysNeedASetOperator) {
  for (const std::string key :
       {"aws:TagKeys", "aws:PrincipalOrgPaths", "aws:ResourceOrgPaths",
        "aws:CalledVia", "aws:PrincipalServiceNamesList", "aws:SourceOrgPaths",
        "aws:VpceOrgPaths", "kms:EncryptionContextKeys", "kms:ResourceAliases",
        "sts:TransitiveTagKeys", "secretsmanager:AddReplicaRegions",
        "AWS:TAGKEYS"}) {
    EXPECT_THAT(Codes(WithCondition("StringLike", key, "\"x*\"", "Deny")),
                ElementsAre("IAM.MissingQualifier"))
        << key;
    EXPECT_THAT(Codes(WithCondition("ForAnyValue:StringLike", key, "\"x*\"")),
                IsEmpty())
        << key;
    EXPECT_THAT(Codes(WithCondition("Null", key, "\"false\"")), IsEmpty()) << key;
  }
}

TEST(LintTest, SetOperatorWarnings) {
  EXPECT_THAT(Codes(WithCondition("ForAllValues:StringEquals",
                                  "aws:PrincipalTag/team", "\"data\"")),
              ElementsAre("IAM.ForAllValuesSingleValuedKey"));
  EXPECT_THAT(Codes(WithCondition("ForAllValues:StringEquals", "sts:ExternalId",
                                  "\"x\"")),
              ElementsAre("IAM.ForAllValuesSingleValuedKey"));
  // Right uses, Deny, and keys whose arity lint does not know: quiet.
  EXPECT_THAT(Codes(WithCondition("ForAllValues:StringEquals", "aws:TagKeys",
                                  "\"team\"")),
              IsEmpty());
  EXPECT_THAT(Codes(WithCondition("ForAllValues:StringEquals",
                                  "aws:PrincipalTag/team", "\"data\"", "Deny")),
              IsEmpty());
  EXPECT_THAT(Codes(WithCondition("ForAllValues:StringEquals", "s3:prefix", "\"v\"")),
              IsEmpty());
  EXPECT_THAT(Codes(WithCondition("ForAnyValue:StringEquals",
                                  "aws:PrincipalTag/team", "\"data\"")),
              IsEmpty());
  EXPECT_THAT(Codes(WithCondition("ForAllValues:Null", "aws:TagKeys", "\"true\"")),
              ElementsAre("IAM.SetOperatorOnNull"));
  EXPECT_THAT(Codes(WithCondition("ForAnyValue:Null", "aws:TagKeys", "\"true\"")),
              ElementsAre("IAM.SetOperatorOnNull"));
}

TEST(LintTest, ExternalIdIfExistsAndWildcards) {
  EXPECT_THAT(Codes(WithCondition("StringEqualsIfExists", "sts:ExternalId", "\"x\"")),
              ElementsAre("IAM.ExternalIdIfExists"));
  EXPECT_THAT(Codes(WithCondition("StringLikeIfExists", "STS:externalid", "\"x\"")),
              ElementsAre("IAM.ExternalIdIfExists"));
  EXPECT_THAT(Codes(WithCondition("StringEquals", "sts:ExternalId", "\"x\"")),
              IsEmpty());
  EXPECT_THAT(Codes(WithCondition("StringNotEqualsIfExists", "sts:ExternalId",
                                  "\"x\"", "Deny")),
              IsEmpty());
  EXPECT_THAT(Codes(WithCondition("StringEquals", "aws:PrincipalArn",
                                  "\"arn:aws:iam::111122223333:role/ata-*\"")),
              ElementsAre("IAM.WildcardWithoutLike"));
  EXPECT_THAT(Codes(WithCondition("StringLike", "aws:PrincipalArn",
                                  "\"arn:aws:iam::111122223333:role/ata-*\"")),
              IsEmpty());
}

TEST(LintTest, ConditionKeyTypos) {
  std::vector<Diagnostic> d =
      Lint(WithCondition("StringLike", "aws:PrincipleArn", "\"arn:aws:iam::*\""),
           PolicyKind::kIdentity);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, "IAM.MistypedConditionKey");
  EXPECT_EQ(d[0].severity, Severity::kWarning);
  EXPECT_THAT(d[0].message, HasSubstr("did you mean \"aws:PrincipalArn\"?"));
  d = Lint(WithCondition("StringEquals", "aws:PrincpalTag/Team", "\"x\""),
           PolicyKind::kIdentity);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_THAT(d[0].message, HasSubstr("did you mean \"aws:PrincipalTag/Team\"?"));
  EXPECT_THAT(Codes(WithCondition("StringEquals", "aws:SomethingElse", "\"x\"")),
              ElementsAre("IAM.UnknownGlobalConditionKey"));
  for (const std::string key :
       {"aws:principalarn", "AWS:SourceIP", "aws:PrincipalTag/any/thing",
        "aws:RequestTag/x", "aws:ResourceTag/ataccama:edge:customer-provided",
        "aws:SourceVpce", "aws:SourceVpc", "aws:PrincipalOrgID", "aws:userid",
        "sts:ExternalId", "sts:SourceIdentity", "kms:ViaService",
        "secretsmanager:VersionStage", "s3:prefix"}) {
    EXPECT_THAT(Codes(WithCondition("StringEquals", key, "\"x\"", "Deny")),
                IsEmpty())
        << key;
  }
}

// What AWS stored though the grammar says otherwise (AWS managed policy
// versions): each is a warning that names what was found, what is
// expected, and how iameval reads it.
TEST(LintTest, WhatAwsAcceptedIsAWarning) {
  struct Case {
    std::string doc;
    const char* code;
    const char* pointer;
    std::vector<std::string> message;  // substrings of the message
  };
  const std::string kStar = R"(, "Resource": "*")";
  const Case cases[] = {
      {Doc(R"({"Effect": "Allow", "Action": "lambda:ListFunctions ")" + kStar +
           "}"),
       "IAM.WhitespaceInAction", "/Statement/0/Action",
       {"found the action \"lambda:ListFunctions \" with whitespace in it",
        "expected \"lambda:ListFunctions\" (AWS stores the policy",
        "in this Allow's Action iameval reads it as written, matching no "
        "action"}},
      {Doc(R"({"Effect": "Deny", "Action": ["s3:GetObject", "lambda:List Functions"])" +
           kStar + "}"),
       "IAM.WhitespaceInAction", "/Statement/0/Action/1",
       {"found the action \"lambda:List Functions\"",
        "in this Deny's Action iameval reads it as \"lambda:ListFunctions\""}},
      {Doc(R"({"Effect": "Allow", "NotAction": "iam:* ")" + kStar + "}"),
       "IAM.WhitespaceInAction", "/Statement/0/NotAction",
       {"in this Allow's NotAction iameval reads it as \"iam:*\""}},
      {Doc(R"({"Effect": "Deny", "NotAction": " s3:GetObject")" + kStar + "}"),
       "IAM.WhitespaceInAction", "/Statement/0/NotAction",
       {"matching no action (the reading that grants less), so this Deny "
        "applies to every action"}},
      {Doc(R"({"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", )"
           R"("Condition": {"StringEquals": {"PassedToService": "ec2"}}})"),
       "IAM.ConditionKeyWithoutPrefix",
       "/Statement/0/Condition/StringEquals/PassedToService",
       {"found the condition key \"PassedToService\" without a prefix",
        "expected prefix:name, such as \"iam:PassedToService\"",
        "\"StringEquals\" is always false"}},
      {WithCondition("StringNotEquals", "Team", "\"red\"", "Deny"),
       "IAM.ConditionKeyWithoutPrefix",
       "/Statement/0/Condition/StringNotEquals/Team",
       {"expected prefix:name, such as \"aws:PrincipalArn\"",
        "\"StringNotEquals\" is always true"}},
      {WithCondition("StringEqualsIfExists", "Team", "\"red\""),
       "IAM.ConditionKeyWithoutPrefix", "", {"always true (IfExists)"}},
      {WithCondition("Null", "Team", "\"true\""),
       "IAM.ConditionKeyWithoutPrefix", "",
       {"true for the value \"true\" and false for \"false\""}},
      {WithCondition("ForAllValues:StringEquals", "Team", "[\"red\"]"),
       "IAM.ConditionKeyWithoutPrefix", "", {"is always true"}},
      {WithCondition("ForAnyValue:StringEquals", "Team", "[\"red\"]"),
       "IAM.ConditionKeyWithoutPrefix", "", {"is always false"}},
  };
  for (const Case& c : cases) {
    std::vector<Diagnostic> d = Lint(c.doc, PolicyKind::kIdentity);
    ASSERT_EQ(d.size(), 1u) << c.doc;
    EXPECT_EQ(d[0].code, c.code) << c.doc;
    EXPECT_EQ(d[0].severity, Severity::kWarning);
    EXPECT_FALSE(IsFatal(d[0])) << c.doc;
    if (*c.pointer != '\0') {
      EXPECT_EQ(d[0].location.pointer, c.pointer);
    }
    for (const std::string& m : c.message) {
      EXPECT_THAT(d[0].message, HasSubstr(m)) << c.doc;
    }
  }
  // The catalog checks see the action without its whitespace: a misspelt
  // one is still reported.
  EXPECT_THAT(Codes(Doc(R"({"Effect": "Allow", "Action": "lambda:ListFunction ")"
                        R"(, "Resource": "*"})")),
              ElementsAre("IAM.UnknownAction", "IAM.WhitespaceInAction"));
  // Still fatal: not an action or a key with the whitespace removed.
  for (const std::string& doc :
       {Doc(R"({"Effect": "Allow", "Action": "s3 GetObject", "Resource": "*"})"),
        WithCondition("StringEquals", "a b:c", "\"x\"")}) {
    std::vector<Diagnostic> d = Lint(doc, PolicyKind::kIdentity);
    ASSERT_EQ(d.size(), 1u) << doc;
    EXPECT_TRUE(IsFatal(d[0])) << doc;
  }
}

TEST(LintTest, SecretReadsOnEveryResource) {
  for (const std::string action :
       {"\"secretsmanager:GetSecretValue\"", "\"secretsmanager:*\"", "\"*\"",
        "[\"secretsmanager:Get*\"]", "\"SecretsManager:getsecretvalue\""}) {
    EXPECT_THAT(Codes(Doc(Allow(action, "\"*\""))),
                ElementsAre("IAM.SecretReadOnAllResources"))
        << action;
  }
  EXPECT_THAT(Codes(Doc(Allow("\"secretsmanager:DescribeSecret\"", "\"*\""))),
              IsEmpty());
  EXPECT_THAT(Codes(Doc(Allow("\"secretsmanager:GetSecretValue\"",
                              "\"arn:aws:secretsmanager:eu-west-1:111122223333:"
                              "secret:db-AbCdEf\""))),
              IsEmpty());
  EXPECT_THAT(Codes(Doc(Allow("\"secretsmanager:GetSecretValue\"", "\"*\"",
                              ", \"Condition\": {\"StringEquals\": "
                              "{\"aws:ResourceTag/team\": \"data\"}}"))),
              IsEmpty());
  // A secret policy's "*" is the secret itself.
  EXPECT_THAT(Codes(Doc("{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": "
                        "\"arn:aws:iam::111122223333:role/app\"}, \"Action\": "
                        "\"secretsmanager:GetSecretValue\", \"Resource\": \"*\"}"),
                    PolicyKind::kResource),
              IsEmpty());
}

TEST(LintTest, ActionsWithoutResourceLevelPermissions) {
  const std::string arn =
      "[\"arn:aws:secretsmanager:eu-west-1:111122223333:secret:x-*\"]";
  for (const std::string action :
       {"secretsmanager:ListSecrets", "secretsmanager:GetRandomPassword",
        "kms:ListKeys", "kms:ListAliases", "sts:GetCallerIdentity"}) {
    std::vector<Diagnostic> d = Lint(
        Doc(Allow("[\"secretsmanager:GetSecretValue\", \"" + action + "\"]", arn)),
        PolicyKind::kIdentity);
    ASSERT_EQ(d.size(), 1u) << action;
    EXPECT_EQ(d[0].code, "IAM.NoResourceLevelPermissions");
    EXPECT_EQ(d[0].location.pointer, "/Statement/0/Action/1");
    EXPECT_THAT(Codes(Doc(Allow("\"" + action + "\"", "\"*\""))), IsEmpty());
  }
  EXPECT_THAT(Codes(Doc(Allow("\"secretsmanager:ListSecrets\"", "[\"*\", \"arn:aws:x:::y\"]"))),
              IsEmpty());
  EXPECT_THAT(Codes(Doc("{\"Effect\": \"Deny\", \"Action\": \"kms:ListKeys\", "
                        "\"Resource\": \"arn:aws:kms:::x\"}")),
              IsEmpty());
}

TEST(LintTest, TrustPolicyWarnings) {
  auto trust = [](const std::string& principal, const std::string& extra) {
    return Doc("{\"Effect\": \"Allow\", \"Principal\": " + principal +
               ", \"Action\": \"sts:AssumeRole\"" + extra + "}");
  };
  EXPECT_THAT(Codes(trust("{\"AWS\": \"arn:aws:iam::111122223333:root\"}", ""),
                    PolicyKind::kTrust),
              ElementsAre("IAM.TrustAccountWithoutCondition"));
  EXPECT_THAT(Codes(trust("{\"AWS\": [\"111122223333\"]}", ""), PolicyKind::kTrust),
              ElementsAre("IAM.TrustAccountWithoutCondition"));
  EXPECT_THAT(Codes(trust("\"*\"", ""), PolicyKind::kTrust),
              ElementsAre("IAM.TrustWildcardPrincipal"));
  EXPECT_THAT(Codes(trust("{\"AWS\": \"arn:aws:iam::111122223333:role/app\"}", ""),
                    PolicyKind::kTrust),
              IsEmpty());
  EXPECT_THAT(Codes(trust("{\"Service\": \"ecs-tasks.amazonaws.com\"}", ""),
                    PolicyKind::kTrust),
              IsEmpty());
  EXPECT_THAT(Codes(trust("{\"AWS\": \"111122223333\"}",
                          ", \"Condition\": {\"StringEquals\": "
                          "{\"sts:ExternalId\": \"7f3c\"}}"),
                    PolicyKind::kTrust),
              IsEmpty());
  EXPECT_THAT(Codes(Doc("{\"Sid\": \"with space\", \"Effect\": \"Allow\", "
                        "\"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, "
                        "\"Action\": \"sts:AssumeRole\"}"),
                    PolicyKind::kTrust),
              ElementsAre("IAM.InvalidSid"));
}

TEST(LintTest, PublicResourcePolicies) {
  auto rp = [](const std::string& effect, const std::string& principal,
               const std::string& extra) {
    return Doc("{\"Effect\": \"" + effect + "\", \"Principal\": " + principal +
               ", \"Action\": \"kms:Decrypt\", \"Resource\": \"*\"" + extra + "}");
  };
  for (PolicyKind k : {PolicyKind::kResource, PolicyKind::kKey}) {
    EXPECT_THAT(Codes(rp("Allow", "\"*\"", ""), k),
                ElementsAre("IAM.PublicPrincipalWithoutCondition"));
    EXPECT_THAT(Codes(rp("Allow", "{\"AWS\": [\"111122223333\", \"*\"]}", ""), k),
                ElementsAre("IAM.PublicPrincipalWithoutCondition"));
    EXPECT_THAT(Codes(rp("Deny", "\"*\"", ""), k), IsEmpty());
    EXPECT_THAT(Codes(rp("Allow", "\"*\"",
                         ", \"Condition\": {\"StringEquals\": "
                         "{\"aws:PrincipalOrgID\": \"o-a1b2c3d4e5\"}}"),
                      k),
                IsEmpty());
  }
}

TEST(LintTest, DocumentAndStatementWarnings) {
  EXPECT_THAT(Codes("{\"Version\": \"2012-10-17\", \"Statement\": []}"),
              ElementsAre("IAM.EmptyArray"));
  EXPECT_THAT(Codes(Doc(Allow("[]", "\"*\""))), ElementsAre("IAM.EmptyArray"));
  EXPECT_THAT(Codes(Doc(Allow("\"s3:GetObject\"", "[]"))), ElementsAre("IAM.EmptyArray"));
  EXPECT_THAT(Codes(WithCondition("StringEquals", "ec2:InstanceType", "[]")),
              ElementsAre("IAM.EmptyArray"));
  const std::string with_id = "{\"Version\": \"2012-10-17\", \"Id\": \"x\", "
                              "\"Statement\": [" +
                              Allow("\"s3:GetObject\"", "\"*\"") + "]}";
  EXPECT_THAT(Codes(with_id, PolicyKind::kIdentity),
              ElementsAre("IAM.IdInIdentityPolicy"));
  EXPECT_THAT(Codes(with_id, PolicyKind::kSession),
              ElementsAre("IAM.IdInIdentityPolicy"));
  EXPECT_THAT(Codes(with_id, PolicyKind::kScp), IsEmpty());
  const std::string dup = Doc("{\"Sid\": \"A\", \"Effect\": \"Allow\", \"Action\": "
                              "\"s3:GetObject\", \"Resource\": \"*\"}, {\"Sid\": \"A\", "
                              "\"Effect\": \"Deny\", \"Action\": \"s3:PutObject\", "
                              "\"Resource\": \"*\"}");
  std::vector<Diagnostic> d = Lint(dup, PolicyKind::kIdentity);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, "IAM.DuplicateSid");
  EXPECT_EQ(d[0].severity, Severity::kWarning);
  d = Lint(dup, PolicyKind::kScp);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].severity, Severity::kError);
  EXPECT_TRUE(IsFatal(d[0]));
  EXPECT_THAT(Codes(Doc(Allow("\"s3:ListBucket\"", "\"arn:aws:s3:::b\"")), PolicyKind::kScp),
              ElementsAre("IAM.ScpLegacyGrammar"));
  EXPECT_THAT(Codes(Doc(Allow("\"s3:GetObject\"", "\"*\"")), PolicyKind::kScp), IsEmpty());
  EXPECT_THAT(Codes(Doc("{\"Effect\": \"Deny\", \"NotAction\": \"s3:ListBucket\", "
                        "\"Resource\": \"arn:aws:s3:::b\"}"),
                    PolicyKind::kScp),
              IsEmpty());
}

// The action catalog (aws/action_catalog.h): the first finding with `code`.
Diagnostic FirstWith(const std::string& text, const std::string& code,
                     PolicyKind kind = PolicyKind::kIdentity) {
  for (const Diagnostic& d : Lint(text, kind)) {
    if (d.code == code) return d;
  }
  return Diagnostic{};
}

TEST(LintTest, UnknownActionsAndServices) {
  Diagnostic d = FirstWith(
      Doc(Allow("[\"kms:Decrypt\", \"secretsmanager:GetSecretValues\"]",
                "\"*\"")),
      "IAM.UnknownAction");
  EXPECT_EQ(d.location.pointer, "/Statement/0/Action/1");
  EXPECT_EQ(d.severity, Severity::kWarning);
  EXPECT_EQ(d.message,
            "found the action \"secretsmanager:GetSecretValues\"; expected an "
            "action that secretsmanager defines (did you mean "
            "\"secretsmanager:GetSecretValue\"?); as written it matches no "
            "action");
  d = FirstWith(Doc(Allow("\"secretmanager:GetSecretValue\"", "\"*\"")),
                "IAM.UnknownService");
  EXPECT_EQ(d.location.pointer, "/Statement/0/Action");
  EXPECT_THAT(d.message,
              HasSubstr("(did you mean \"secretsmanager:GetSecretValue\"?)"));
  // NotAction entries are checked too; any case is an action's own.
  EXPECT_THAT(Codes(Doc("{\"Effect\": \"Deny\", \"NotAction\": "
                        "\"iam:ListRolez\", \"Resource\": \"*\"}")),
              ElementsAre("IAM.UnknownAction"));
  // What AWS managed policies use is known, even where the reference is
  // silent (a retired service, an undocumented action); a key the
  // documented service does not define is still unknown.
  EXPECT_THAT(Codes(Doc("{\"Effect\": \"Deny\", \"Action\": [\"deepracer:Get*\", "
                        "\"deepracer:GetTrack\", \"budgets:DescribeBudgets\"], "
                        "\"Resource\": \"*\", \"Condition\": {\"StringEquals\": "
                        "{\"budgets:x\": \"y\"}}}")),
              ElementsAre("IAM.UnknownConditionKey"));
  EXPECT_THAT(Codes(Doc("{\"Effect\": \"Deny\", \"Action\": [\"KMS:decrypt\", "
                        "\"*\", \"*:Describe*\", \"s3:Get*\", "
                        "\"vpc-lattice:CreateService\"], \"Resource\": \"*\"}")),
              IsEmpty());
}

// Lint runs in the policy fuzzer: its work stays bounded for any input.
TEST(LintTest, CatalogChecksAreBounded) {
  std::string actions = "[";
  for (int i = 0; i < 70; ++i) {
    actions += (i == 0 ? "" : ", ") + std::string("\"kms:Decrypts") +
               std::to_string(i) + "\"";
  }
  actions += "]";
  std::vector<Diagnostic> d = Lint(Doc(Allow(actions, "\"*\"")),
                                   PolicyKind::kIdentity);
  ASSERT_EQ(d.size(), 70u);
  EXPECT_THAT(d[63].message, HasSubstr("did you mean"));
  EXPECT_THAT(d[64].message, Not(HasSubstr("did you mean")));
  // 65 x 65 action/resource pairs: more than the check compares.
  std::string decrypts = "[", aliases = "[";
  for (int i = 0; i < 65; ++i) {
    decrypts += (i == 0 ? "" : ", ") + std::string("\"kms:Decrypt\"");
    aliases += (i == 0 ? "" : ", ") +
               std::string("\"arn:aws:kms:eu-west-1:111122223333:alias/a") +
               std::to_string(i) + "\"";
  }
  decrypts += "]";
  aliases += "]";
  EXPECT_THAT(Codes(Doc(Allow(decrypts, aliases))),
              Not(Contains("IAM.ResourceTypeMismatch")));
  EXPECT_THAT(Codes(Doc(Allow("\"kms:Decrypt\"", aliases))),
              Contains("IAM.ResourceTypeMismatch"));
}

TEST(LintTest, WildcardsThatMatchNoAction) {
  Diagnostic d = FirstWith(Doc(Allow("\"kms:Decrypts*\"", "\"*\"")),
                           "IAM.WildcardMatchesNoAction");
  EXPECT_EQ(d.message,
            "found the pattern \"kms:Decrypts*\", which matches no kms action; "
            "expected a pattern that matches at least one action of kms (as "
            "written it matches nothing)");
  EXPECT_THAT(Codes(Doc(Allow("[\"kms:Decrypt*\", \"kms:*\", \"kms:?ncrypt\"]",
                              "\"*\""))),
              IsEmpty());
}

TEST(LintTest, ResourceTypesThatMatchNoResource) {
  const std::string alias =
      "\"arn:aws:kms:eu-west-1:111122223333:alias/app\"";
  const std::string key =
      "\"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-"
      "1234567890ab\"";
  Diagnostic d = FirstWith(Doc(Allow("[\"kms:Decrypt\"]", alias)),
                           "IAM.ResourceTypeMismatch");
  EXPECT_EQ(d.location.pointer, "/Statement/0/Action/0");
  EXPECT_EQ(d.message,
            "found the action \"kms:Decrypt\" with the resource "
            "\"arn:aws:kms:eu-west-1:111122223333:alias/app\"; expected a "
            "Resource of a type that kms:Decrypt acts on: key "
            "(arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}) (as "
            "written this statement never applies to kms:Decrypt)");
  // A Deny that names the wrong type never applies either.
  EXPECT_THAT(Codes(Doc("{\"Effect\": \"Deny\", \"Action\": \"s3:GetObject\", "
                        "\"Resource\": \"arn:aws:s3:::bucket\"}")),
              ElementsAre("IAM.ResourceTypeMismatch"));
  EXPECT_THAT(Codes(Doc(Allow("\"kms:Decrypt\"",
                              "\"arn:aws:kms:eu-west-1:111122223333:alias/*\""))),
              ElementsAre("IAM.ResourceTypeMismatch"));
  EXPECT_THAT(
      Codes(Doc(Allow("[\"s3:GetObject\", \"s3:ListBucket\"]", "\"arn:aws:s3:::b\""))),
      ElementsAre("IAM.ResourceTypeMismatch"));
  // Quiet: a matching type among the resources, a wildcard action, "*",
  // NotResource, an ARN without all its colons, an action that takes both.
  for (const std::string& quiet : {
           Allow("\"kms:Decrypt\"", "[" + alias + ", " + key + "]"),
           Allow("\"kms:Decrypt\"", key),
           Allow("\"kms:Decrypt\"", "\"arn:aws:kms:*:111122223333:*\""),
           Allow("\"kms:Decrypt\"", "\"arn:aws:kms:*\""),
           // A * spans colons: the alias could be inside a key id.
           Allow("\"kms:Decrypt\"", "\"arn:aws:kms:*:*:alias/*\""),
           // ... and AWS's own policies rely on it.
           Allow("\"secretsmanager:GetSecretValue\"",
                 "\"arn:aws:secretsmanager:*:*:sqlworkbench!*\""),
           Allow("[\"kms:Decrypt*\"]", alias),
           Allow("[\"kms:Decrypt\"]", "[" + alias + ", \"*\"]"),
           Allow("\"kms:CreateAlias\"", alias),
           Allow("\"s3:GetObject\"", "\"arn:aws:s3:::bucket/${aws:username}\""),
           Allow("\"s3:ListBucket\"", "\"arn:aws:s3:::bucket\""),
           "{\"Effect\": \"Allow\", \"Action\": \"kms:Decrypt\", "
           "\"NotResource\": " + alias + "}",
       }) {
    EXPECT_THAT(Codes(Doc(quiet)), Not(Contains("IAM.ResourceTypeMismatch")))
        << quiet;
  }
}

TEST(LintTest, ConditionKeysNoActionSupports) {
  auto with = [](const std::string& actions, const std::string& key) {
    return Doc("{\"Effect\": \"Allow\", \"Action\": " + actions +
               ", \"Resource\": \"*\", \"Condition\": {\"StringEquals\": {\"" +
               key + "\": \"x\"}}}");
  };
  Diagnostic d = FirstWith(with("\"kms:Decrypt\"", "kms:GranteePrincipal"),
                           "IAM.UnsupportedConditionKey");
  EXPECT_EQ(d.location.pointer,
            "/Statement/0/Condition/StringEquals/kms:GranteePrincipal");
  EXPECT_THAT(d.message,
              HasSubstr("found the condition key \"kms:GranteePrincipal\" with "
                        "the action \"kms:Decrypt\", none of which supports "
                        "it"));
  d = FirstWith(with("\"kms:Decrypt\"", "kms:ViaServices"),
                "IAM.UnknownConditionKey");
  EXPECT_THAT(d.message, HasSubstr("(did you mean \"kms:ViaService\"?)"));
  EXPECT_THAT(Codes(with("\"secretsmanager:GetSecretValue\"",
                         "secretsmanager:Name")),
              ElementsAre("IAM.UnsupportedConditionKey"));
  // Quiet: supported keys, templates, global keys, keys of other services
  // and of providers, service-wide keys, and actions the catalog cannot
  // judge.
  for (const auto& [actions, key] : std::vector<std::pair<std::string, std::string>>{
           {"\"kms:Decrypt\"", "kms:ViaService"},
           {"\"kms:Decrypt\"", "kms:EncryptionContext:SecretARN"},
           {"\"kms:Decrypt\"", "aws:ResourceTag/team"},
           {"\"kms:Decrypt\"", "aws:PrincipalOrgID"},
           {"[\"kms:Decrypt\", \"kms:CreateGrant\"]", "kms:GranteePrincipal"},
           {"\"kms:*\"", "kms:GranteePrincipal"},
           {"\"*\"", "kms:GranteePrincipal"},
           {"\"kms:NoSuchAction\"", "kms:GranteePrincipal"},
           {"\"secretsmanager:GetSecretValue\"", "secretsmanager:ResourceTag/team"},
           {"\"secretsmanager:GetSecretValue\"", "SecretsManager:VersionStage"},
           {"\"secretsmanager:GetSecretValue\"", "kms:ViaService"},
           {"\"s3:GetObject\"", "ec2:SourceInstanceARN"},
           {"\"s3:GetObject\"", "iam:ResourceTag/team"},
           {"\"sts:AssumeRoleWithWebIdentity\"", "token.actions.githubusercontent.com:sub"},
       }) {
    std::vector<std::string> codes = Codes(with(actions, key));
    EXPECT_THAT(codes, Not(Contains("IAM.UnsupportedConditionKey")))
        << actions << " " << key;
    EXPECT_THAT(codes, Not(Contains("IAM.UnknownConditionKey")))
        << actions << " " << key;
  }
  EXPECT_THAT(Codes(Doc("{\"Effect\": \"Allow\", \"NotAction\": \"kms:Decrypt\", "
                        "\"Resource\": \"*\", \"Condition\": {\"StringEquals\": "
                        "{\"kms:GranteePrincipal\": \"x\"}}}")),
              IsEmpty());
}

// A misspelt key is unknown whatever the statement's actions: a Deny on "*"
// (or with NotAction) whose key never exists guards nothing.
TEST(LintTest, UnknownConditionKeysWhateverTheActions) {
  for (const std::string& actions :
       {std::string("\"Action\": \"*\""), std::string("\"NotAction\": \"s3:*\""),
        std::string("\"Action\": \"kms:NoSuch*\""),
        std::string("\"Action\": \"*:Decrypt\"")}) {
    Diagnostic d = FirstWith(
        Doc("{\"Effect\": \"Deny\", " + actions +
            ", \"Resource\": \"*\", \"Condition\": {\"StringNotEquals\": "
            "{\"kms:ViaServices\": \"x\"}}}"),
        "IAM.UnknownConditionKey");
    EXPECT_THAT(d.message, HasSubstr("(did you mean \"kms:ViaService\"?)"))
        << actions;
  }
}

TEST(LintTest, SecretArnsWithoutTheirSuffix) {
  const std::string bare =
      "\"arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db\"";
  Diagnostic d =
      FirstWith(Doc(Allow("\"secretsmanager:GetSecretValue\"", "[" + bare + "]")),
                "IAM.SecretArnWithoutSuffix");
  EXPECT_EQ(d.location.pointer, "/Statement/0/Resource/0");
  EXPECT_THAT(d.message,
              HasSubstr("expected the full ARN (arn:aws:secretsmanager:eu-west-1:"
                        "111122223333:secret:prod/db-AbCdEf) or "
                        "arn:aws:secretsmanager:eu-west-1:111122223333:secret:"
                        "prod/db-??????"));
  for (const std::string quiet :
       {"\"arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbCdEf\"",
        "\"arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-??????\"",
        "\"arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db*\"",
        "\"arn:aws:secretsmanager:eu-west-1:111122223333:secret:${aws:username}\""}) {
    EXPECT_THAT(Codes(Doc(Allow("\"secretsmanager:GetSecretValue\"", quiet))),
                IsEmpty())
        << quiet;
  }
  // Resource policies name their own secret with "*".
  EXPECT_THAT(Codes(Doc("{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": "
                        "\"arn:aws:iam::111122223333:root\"}, \"Action\": "
                        "\"secretsmanager:GetSecretValue\", \"Resource\": " +
                        bare + "}"),
                    PolicyKind::kResource),
              Not(Contains("IAM.SecretArnWithoutSuffix")));
}

TEST(LintTest, EveryCodeIsDocumented) {
  std::ifstream in(std::string(IAMEVAL_SOURCE_DIR) + "/docs/errors.md");
  ASSERT_TRUE(in.good()) << "docs/errors.md missing";
  std::stringstream s;
  s << in.rdbuf();
  std::string doc = s.str();
  // The Warnings table: from its heading to the next section.
  const size_t warnings = doc.find("### Warnings");
  const size_t warnings_end = doc.find("\n## ", warnings);
  ASSERT_NE(warnings, std::string::npos);
  for (const policy::CodeInfo& c : policy::AllCodes()) {
    EXPECT_THAT(doc, HasSubstr(std::string("`") + c.code + "`")) << c.code;
    EXPECT_EQ(policy::FindCode(c.code), &c);
    // SARIF helpUri links docs/errors.md#<code>: the anchor must exist.
    const std::string anchor = std::string("<a id=\"") + c.code + "\"></a>";
    const size_t at = doc.find(anchor);
    ASSERT_NE(at, std::string::npos) << c.code << ": no " << anchor;
    EXPECT_EQ(c.severity == Severity::kWarning,
              at > warnings && at < warnings_end)
        << c.code << ": its severity differs from its table in docs/errors.md";
  }
  EXPECT_EQ(policy::FindCode("IAM.NoSuchCode"), nullptr);
}

std::vector<policy::LintedFile> SampleFiles() {
  ParseOptions options;
  options.file = "a \"quoted\".json";
  std::vector<policy::LintedFile> files;
  const std::string text = Doc(Allow("\"s3\"", "\"*\""), "");
  files.push_back(
      {options.file, Lint(text, PolicyKind::kIdentity, options), text, ""});
  files.push_back({"clean.json", {}, "{}", ""});
  return files;
}

TEST(LintRenderTest, Text) {
  std::string text = policy::RenderLintText(SampleFiles());
  EXPECT_EQ(text,
            "a \"quoted\".json:1:1: warning: [IAM.MissingVersion] (document): "
            "found no Version element; expected \"Version\": \"2012-10-17\" "
            "(without it, policy variables are literal text)\n"
            "a \"quoted\".json:1:46: error: [IAM.InvalidAction] "
            "/Statement/0/Action: found the action \"s3\"; expected \"*\" or "
            "service:action such as \"s3:GetObject\" (letters, digits, - and "
            "the wildcards * ?; no policy variables)\n"
            "1 error, 1 warning in 2 files\n");
  EXPECT_EQ(policy::RenderLintText({}), "0 errors, 0 warnings in 0 files\n");
}

TEST(LintRenderTest, JsonParsesWithTheDocumentedFields) {
  std::string out = policy::RenderLintJson(SampleFiles());
  Source source("out.json", out);
  absl::StatusOr<json::Node> root = json::Parse(source);
  ASSERT_TRUE(root.ok()) << root.status() << "\n" << out;
  const json::Node* files = root->Find("files");
  ASSERT_NE(files, nullptr);
  ASSERT_EQ(files->items.size(), 2u);
  EXPECT_EQ(files->items[0].text, "a \"quoted\".json");
  const json::Node* findings = root->Find("findings");
  ASSERT_NE(findings, nullptr);
  ASSERT_EQ(findings->items.size(), 2u);
  const json::Node& f = findings->items[1];
  EXPECT_EQ(f.Find("file")->text, "a \"quoted\".json");
  EXPECT_EQ(f.Find("line")->text, "1");
  EXPECT_EQ(f.Find("column")->text, "46");
  EXPECT_EQ(f.Find("pointer")->text, "/Statement/0/Action");
  EXPECT_EQ(f.Find("severity")->text, "error");
  EXPECT_EQ(f.Find("code")->text, "IAM.InvalidAction");
  EXPECT_THAT(f.Find("message")->text, HasSubstr("found the action \"s3\""));
  Source empty("e.json", policy::RenderLintJson({}));
  EXPECT_TRUE(json::Parse(empty).ok());
}

TEST(LintRenderTest, SarifShape) {
  std::string out = policy::RenderLintSarif(SampleFiles());
  Source source("out.sarif", out);
  absl::StatusOr<json::Node> root = json::Parse(source);
  ASSERT_TRUE(root.ok()) << root.status() << "\n" << out;
  EXPECT_EQ(root->Find("version")->text, "2.1.0");
  EXPECT_EQ(root->Find("$schema")->text,
            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/"
            "schemas/sarif-schema-2.1.0.json");
  const json::Node& run = root->Find("runs")->items.at(0);
  const json::Node* driver = run.Find("tool")->Find("driver");
  EXPECT_EQ(driver->Find("name")->text, "iameval");
  EXPECT_EQ(driver->Find("informationUri")->text, kProjectUrl);
  const json::Node* rules = driver->Find("rules");
  ASSERT_EQ(rules->items.size(), 2u);
  const json::Node& missing_version = rules->items[0];
  EXPECT_EQ(missing_version.Find("id")->text, "IAM.MissingVersion");
  EXPECT_EQ(missing_version.Find("helpUri")->text,
            "https://github.com/iameval/iameval/blob/main/docs/errors.md"
            "#IAM.MissingVersion");
  EXPECT_THAT(missing_version.Find("fullDescription")->Find("text")->text,
              HasSubstr("A warning: AWS accepts the policy"));
  EXPECT_THAT(missing_version.Find("help")->Find("text")->text,
              HasSubstr("docs/errors.md#IAM.MissingVersion"));
  EXPECT_EQ(
      missing_version.Find("defaultConfiguration")->Find("level")->text,
      "warning");
  EXPECT_EQ(rules->items[1].Find("defaultConfiguration")->Find("level")->text,
            "error");
  EXPECT_THAT(rules->items[1].Find("fullDescription")->Find("text")->text,
              HasSubstr("AWS rejects a policy"));
  EXPECT_EQ(run.Find("columnKind")->text, "utf16CodeUnits");
  ASSERT_NE(run.Find("invocations"), nullptr);
  const json::Node& invocation = run.Find("invocations")->items.at(0);
  EXPECT_TRUE(invocation.Find("executionSuccessful")->boolean);
  EXPECT_EQ(invocation.Find("toolExecutionNotifications"), nullptr);
  const json::Node* results = run.Find("results");
  ASSERT_EQ(results->items.size(), 2u);
  const json::Node& r = results->items[1];
  EXPECT_EQ(r.Find("ruleId")->text, "IAM.InvalidAction");
  EXPECT_EQ(r.Find("ruleIndex")->text, "1");
  EXPECT_EQ(r.Find("level")->text, "error");
  EXPECT_THAT(r.Find("message")->Find("text")->text,
              HasSubstr("/Statement/0/Action: found"));
  const json::Node* phys = r.Find("locations")->items.at(0).Find("physicalLocation");
  // A URI reference: the space and the quotes percent-encoded.
  EXPECT_EQ(phys->Find("artifactLocation")->Find("uri")->text,
            "a%20%22quoted%22.json");
  EXPECT_EQ(phys->Find("region")->Find("startLine")->text, "1");
  EXPECT_EQ(phys->Find("region")->Find("startColumn")->text, "46");
  EXPECT_THAT(
      r.Find("partialFingerprints")->Find("iamevalFinding/v1")->text,
      ::testing::MatchesRegex("[0-9a-f]{16}"));
  Source empty("e.sarif", policy::RenderLintSarif({}));
  EXPECT_TRUE(json::Parse(empty).ok());
}

// The fingerprint of the finding at `index` of a SARIF log.
std::string Fingerprint(const std::string& sarif, size_t index) {
  Source source("out.sarif", sarif);
  absl::StatusOr<json::Node> root = json::Parse(source);
  if (!root.ok()) return "not JSON";
  return root->Find("runs")
      ->items.at(0)
      .Find("results")
      ->items.at(index)
      .Find("partialFingerprints")
      ->Find("iamevalFinding/v1")
      ->text;
}

TEST(LintRenderTest, SarifFingerprintsSurviveMovedLines) {
  ParseOptions options;
  options.file = "p.json";
  const std::string text = Doc(Allow("\"s3\"", "\"*\""), "");
  const std::string moved = "\n\n\n" + text;
  const std::string other = Doc(Allow("\"s3:x\"", "\"*\"") + ", " +
                                    Allow("\"s3\"", "\"*\""),
                                "");
  auto sarif = [&](const std::string& t) {
    return policy::RenderLintSarif(
        {{"p.json", Lint(t, PolicyKind::kIdentity, options), t, ""}});
  };
  // [0] IAM.MissingVersion, [1] IAM.InvalidAction at /Statement/0/Action.
  EXPECT_EQ(Fingerprint(sarif(text), 1), Fingerprint(sarif(moved), 1));
  EXPECT_NE(Fingerprint(sarif(text), 0), Fingerprint(sarif(text), 1));
  // The same finding in another statement is another finding.
  EXPECT_NE(Fingerprint(sarif(text), 1), Fingerprint(sarif(other), 1));
  EXPECT_NE(
      Fingerprint(sarif(text), 1),
      Fingerprint(policy::RenderLintSarif({{"q.json",
                                            Lint(text, PolicyKind::kIdentity,
                                                 options),
                                            text, ""}}),
                  1));
}

TEST(LintRenderTest, SarifColumnsCountUtf16CodeUnits) {
  // "Č" is 2 bytes and 1 UTF-16 unit; "😀" 4 bytes and 2 units.
  const std::string text =
      "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": "
      "\"\xC4\x8C\xF0\x9F\x98\x80\", \"Effect\": \"allow\", \"Action\": "
      "\"s3:GetObject\", \"Resource\": \"*\"}]}";
  ParseOptions options;
  options.file = "u.json";
  std::vector<Diagnostic> d = Lint(text, PolicyKind::kIdentity, options);
  ASSERT_FALSE(d.empty());
  const Diagnostic* effect = nullptr;
  for (const Diagnostic& x : d) {
    if (x.code == "IAM.InvalidEffect") effect = &x;
  }
  ASSERT_NE(effect, nullptr);
  const int byte_column = effect->location.column;
  std::string out =
      policy::RenderLintSarif({{"u.json", d, text, ""}});
  Source source("out.sarif", out);
  absl::StatusOr<json::Node> root = json::Parse(source);
  ASSERT_TRUE(root.ok()) << root.status();
  for (const json::Node& r :
       root->Find("runs")->items.at(0).Find("results")->items) {
    if (r.Find("ruleId")->text != "IAM.InvalidEffect") continue;
    EXPECT_EQ(r.Find("locations")
                  ->items.at(0)
                  .Find("physicalLocation")
                  ->Find("region")
                  ->Find("startColumn")
                  ->text,
              std::to_string(byte_column - 3));
  }
}

TEST(LintRenderTest, SarifUnreadableFileFailsTheInvocation) {
  std::vector<policy::LintedFile> files = SampleFiles();
  policy::LintedFile unread;
  unread.file = "missing.json";
  unread.error = "missing.json: cannot read: No such file or directory";
  files.push_back(unread);
  std::string out = policy::RenderLintSarif(files);
  Source source("out.sarif", out);
  absl::StatusOr<json::Node> root = json::Parse(source);
  ASSERT_TRUE(root.ok()) << root.status() << "\n" << out;
  const json::Node& run = root->Find("runs")->items.at(0);
  ASSERT_NE(run.Find("invocations"), nullptr);
  const json::Node& invocation = run.Find("invocations")->items.at(0);
  ASSERT_NE(invocation.Find("executionSuccessful"), nullptr);
  ASSERT_EQ(invocation.Find("executionSuccessful")->type, json::Type::kBool);
  EXPECT_FALSE(invocation.Find("executionSuccessful")->boolean);
  const json::Node& n =
      invocation.Find("toolExecutionNotifications")->items.at(0);
  EXPECT_EQ(n.Find("level")->text, "error");
  EXPECT_EQ(n.Find("message")->Find("text")->text, unread.error);
  EXPECT_EQ(n.Find("locations")
                ->items.at(0)
                .Find("physicalLocation")
                ->Find("artifactLocation")
                ->Find("uri")
                ->text,
            "missing.json");
  EXPECT_EQ(run.Find("results")->items.size(), 2u);
  // Text: the file is not counted as linted; JSON: listed under "errors".
  EXPECT_THAT(policy::RenderLintText(files),
              ::testing::EndsWith("1 error, 1 warning in 2 files\n"));
  EXPECT_THAT(policy::RenderLintJson(files),
              HasSubstr("\"errors\": [{\"file\": \"missing.json\", "
                        "\"message\": \"missing.json: cannot read: No such "
                        "file or directory\"}]"));
}

TEST(LintRenderTest, TextColour) {
  EXPECT_THAT(policy::RenderLintText(SampleFiles(), /*color=*/true),
              ::testing::StartsWith(
                  "a \"quoted\".json:1:1: \x1b[33mwarning\x1b[0m: "
                  "[IAM.MissingVersion]"));
  EXPECT_THAT(policy::RenderLintText(SampleFiles(), /*color=*/true),
              HasSubstr(":1:46: \x1b[31merror\x1b[0m: [IAM.InvalidAction]"));
}

}  // namespace
}  // namespace iameval
