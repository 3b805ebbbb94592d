// iameval: offline AWS IAM policy evaluation.
//
// Policy::Parse and ParsePolicyNode: the AST they build, the grammar of
// each policy kind (SEMANTICS.md §1), and error messages with locations.

#include <string>
#include <vector>

#include "base/source.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iameval/policy.h"
#include "json/reader.h"
#include "policy/parse.h"
#include "policy/validate.h"

namespace iameval {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

absl::StatusOr<Policy> P(const std::string& text,
                         PolicyKind kind = PolicyKind::kIdentity) {
  ParseOptions options;
  options.file = "dir/p.json";
  return Policy::Parse(text, kind, options);
}

std::string Err(const std::string& text,
                PolicyKind kind = PolicyKind::kIdentity) {
  absl::StatusOr<Policy> p = P(text, kind);
  EXPECT_FALSE(p.ok()) << text;
  return p.ok() ? "" : std::string(p.status().message());
}

// A one-statement policy: `body` is the statement's members.
std::string Doc(const std::string& body,
                const std::string& version = "\"2012-10-17\"") {
  return "{\"Version\": " + version + ", \"Statement\": {" + body + "}}";
}

constexpr char kAllowAll[] =
    "\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"";

TEST(ParseTest, BuildsTheAst) {
  const std::string text = R"({
  "Version": "2012-10-17",
  "Id": "doc-1",
  "Statement": [
    {"Sid": "A1", "Effect": "Allow", "Action": ["s3:GetObject", "s3:List*"],
     "Resource": "arn:aws:s3:::b/*",
     "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": 3600},
                   "Bool": {"aws:SecureTransport": true},
                   "StringEquals": {"aws:PrincipalTag/team": ["a", "b"]}}},
    {"Effect": "Deny", "NotAction": "iam:*", "NotResource": ["arn:aws:iam::111122223333:role/x"]}
  ]
})";
  absl::StatusOr<Policy> p = P(text);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->version(), PolicyVersion::k2012_10_17);
  EXPECT_TRUE(p->variables_enabled());
  EXPECT_EQ(p->id(), "doc-1");
  EXPECT_EQ(p->name(), "p.json");
  EXPECT_EQ(p->file(), "dir/p.json");
  ASSERT_EQ(p->statements().size(), 2u);
  const Statement& s0 = p->statements()[0];
  EXPECT_EQ(s0.sid, "A1");
  EXPECT_EQ(s0.effect, Effect::kAllow);
  EXPECT_FALSE(s0.not_action);
  EXPECT_THAT(s0.actions, ElementsAre("s3:GetObject", "s3:List*"));
  EXPECT_TRUE(s0.has_resource);
  EXPECT_THAT(s0.resources, ElementsAre("arn:aws:s3:::b/*"));
  EXPECT_EQ(s0.principal_mode, PrincipalMode::kNone);
  EXPECT_EQ(s0.index, 0);
  EXPECT_EQ(s0.line, 5);
  EXPECT_EQ(text[s0.offset], '{');
  ASSERT_EQ(s0.conditions.size(), 3u);
  EXPECT_EQ(s0.conditions[0].op, "NumericLessThan");
  EXPECT_EQ(s0.conditions[0].key, "aws:MultiFactorAuthAge");
  EXPECT_THAT(s0.conditions[0].values, ElementsAre("3600"));
  EXPECT_FALSE(s0.conditions[0].values_is_array);
  EXPECT_EQ(text.substr(s0.conditions[0].offset, 24), "\"aws:MultiFactorAuthAge\"");
  EXPECT_THAT(s0.conditions[1].values, ElementsAre("true"));
  EXPECT_THAT(s0.conditions[2].values, ElementsAre("a", "b"));
  EXPECT_TRUE(s0.conditions[2].values_is_array);
  const Statement& s1 = p->statements()[1];
  EXPECT_EQ(s1.effect, Effect::kDeny);
  EXPECT_TRUE(s1.not_action);
  EXPECT_TRUE(s1.not_resource);
  EXPECT_EQ(s1.index, 1);
  EXPECT_EQ(s1.line, 10);
  EXPECT_FALSE(s1.sid.has_value());
}

TEST(ParseTest, StatementObjectVersionsAndNames) {
  absl::StatusOr<Policy> p =
      Policy::Parse("{\"Statement\": {" + std::string(kAllowAll) + "}}",
                    PolicyKind::kIdentity);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->version(), PolicyVersion::kNone);
  EXPECT_FALSE(p->variables_enabled());
  EXPECT_EQ(p->name(), "<policy>");
  ASSERT_EQ(p->statements().size(), 1u);

  ParseOptions named;
  named.file = "x/y.json";
  named.name = "ReadOnly";
  p = Policy::Parse(Doc(kAllowAll, "\"2008-10-17\""), PolicyKind::kIdentity,
                    named);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->version(), PolicyVersion::k2008_10_17);
  EXPECT_EQ(p->name(), "ReadOnly");
  EXPECT_EQ(p->kind(), PolicyKind::kIdentity);
}

TEST(ParseTest, ErrorsAreLocatedWithPointer) {
  EXPECT_EQ(Err(Doc("\"Effect\": \"allow\", \"Action\": \"s3:GetObject\", "
                    "\"Resource\": \"*\"")),
            "dir/p.json:1:51: /Statement/Effect: found the string \"allow\"; "
            "expected \"Allow\" or \"Deny\" (case-sensitive)");
  absl::StatusOr<Policy> p = P(Doc("\"Effect\": \"Allow\""));
  ASSERT_FALSE(p.ok());
  std::optional<SourceLocation> loc = LocationOf(p.status());
  ASSERT_TRUE(loc.has_value());
  EXPECT_EQ(loc->pointer, "/Statement");
  EXPECT_EQ(loc->line, 1);
  EXPECT_EQ(loc->column, 40);
}

TEST(ParseTest, WrongJsonTypesDescribeWhatWasFound) {
  EXPECT_THAT(Err(Doc("\"Effect\": \"Allow\", \"Action\": 3, \"Resource\": \"*\"")),
              HasSubstr("/Statement/Action: found the number 3; expected a "
                        "string or an array of strings"));
  EXPECT_THAT(
      Err(Doc("\"Effect\": \"Allow\", \"Action\": \"s3:x\", \"Resource\": [null]")),
      HasSubstr("/Statement/Resource/0: found null; expected a string"));
  EXPECT_THAT(Err(Doc("\"Sid\": 1, " + std::string(kAllowAll))),
              HasSubstr("/Statement/Sid: found the number 1; expected a string"));
  EXPECT_THAT(Err("{\"Version\": \"2012-10-17\", \"Statement\": [[]]}"),
              HasSubstr("/Statement/0: found an array; expected a statement object"));
  EXPECT_THAT(Err(Doc(std::string(kAllowAll) +
                      ", \"Condition\": {\"StringEquals\": [\"x\"]}")),
              HasSubstr("/Statement/Condition/StringEquals: found an array; "
                        "expected an object mapping condition keys to values"));
  EXPECT_THAT(Err(Doc(std::string(kAllowAll) +
                      ", \"Condition\": {\"StringEquals\": {\"aws:x\": [[\"a\"]]}}")),
              HasSubstr("/Statement/Condition/StringEquals/aws:x/0: found an array"));
}

TEST(ParseTest, DocumentShape) {
  EXPECT_THAT(Err("\"x\""), HasSubstr("(document): found the string \"x\"; "
                                      "expected a policy document"));
  EXPECT_THAT(Err("{\"Version\": \"2012-10-17\"}"),
              HasSubstr("found no Statement element"));
  EXPECT_THAT(Err("{\"Version\": \"2012-10-17\", \"Statement\": [], \"Foo\": 1}"),
              HasSubstr("/Foo: found the element \"Foo\"; expected one of "
                        "Version, Id, Statement"));
  EXPECT_THAT(Err(Doc(kAllowAll, "\"2012-10-18\"")),
              HasSubstr("/Version: found the string \"2012-10-18\"; expected "
                        "\"2012-10-17\" or \"2008-10-17\""));
  EXPECT_THAT(Err(Doc(kAllowAll, "null")), HasSubstr("/Version: found null"));
  // An empty Statement array is accepted (lint warns).
  EXPECT_TRUE(P("{\"Version\": \"2012-10-17\", \"Statement\": []}").ok());
  // JSON errors come from the reader, located.
  EXPECT_THAT(Err("{\"Statement\": {\"Effect\": \"Allow\", \"Effect\": \"Deny\"}}"),
              HasSubstr("duplicate key \"Effect\""));
}

TEST(ParseTest, StatementElements) {
  EXPECT_THAT(Err(Doc("\"Action\": \"s3:x\", \"Resource\": \"*\"")),
              HasSubstr("found a statement without Effect"));
  EXPECT_THAT(Err(Doc("\"Effect\": \"Deny\", \"Resource\": \"*\"")),
              HasSubstr("found a statement without Action or NotAction"));
  EXPECT_THAT(Err(Doc("\"Effect\": \"Deny\", \"Action\": \"s3:x\"")),
              HasSubstr("found a statement without Resource or NotResource"));
  EXPECT_THAT(Err(Doc("\"NotAction\": \"s3:y\", " + std::string(kAllowAll))),
              HasSubstr("/Statement/Action: found both Action and NotAction"));
  EXPECT_THAT(Err(Doc(std::string(kAllowAll) + ", \"NotResource\": \"*\"")),
              HasSubstr("/Statement/NotResource: found both Resource and NotResource"));
  EXPECT_THAT(Err(Doc(std::string(kAllowAll) + ", \"Actions\": \"s3:x\"")),
              HasSubstr("/Statement/Actions: found the element \"Actions\""));
  EXPECT_THAT(Err(Doc("\"Effect\": \"DENY\", \"Action\": \"s3:x\", \"Resource\": \"*\"")),
              HasSubstr("found the string \"DENY\""));
}

TEST(ParseTest, ActionForms) {
  for (const char* ok : {"*", "s3:*", "s3:Get*", "SecretsManager:getsecretVALUE",
                         "ec2:*Instances", "s3:Get?bject", "*:*"}) {
    EXPECT_TRUE(P(Doc("\"Effect\": \"Allow\", \"Action\": \"" + std::string(ok) +
                      "\", \"Resource\": \"*\""))
                    .ok())
        << ok;
  }
  // Whitespace is the only thing wrong with "s3 :GetObject": accepted
  // (AcceptsActionsWithWhitespace). With whitespace removed these are
  // still not actions.
  for (const char* bad : {"s3:", ":GetObject", "s3GetObject", "s3:Get:Object",
                          "s3:${aws:username}", "", " ", "s3 GetObject",
                          "s3: :Get", " s3: ", "s3:Get Object$"}) {
    EXPECT_THAT(Err(Doc("\"Effect\": \"Allow\", \"Action\": \"" +
                        std::string(bad) + "\", \"Resource\": \"*\"")),
                HasSubstr("/Statement/Action: found the action"))
        << bad;
  }
}

TEST(ParseTest, ResourceForms) {
  for (const char* ok : {"*", "arn:aws:s3:::b", "arn:aws:s3:::b/${aws:username}/*",
                         "arn:*"}) {
    EXPECT_TRUE(P(Doc("\"Effect\": \"Allow\", \"Action\": \"s3:x\", \"Resource\": \"" +
                      std::string(ok) + "\""))
                    .ok())
        << ok;
  }
  for (const char* bad : {" arn:aws:s3:::b", "ARN:aws:s3:::b", "s3:::b", "**", ""}) {
    EXPECT_THAT(Err(Doc("\"Effect\": \"Allow\", \"Action\": \"s3:x\", \"Resource\": \"" +
                        std::string(bad) + "\"")),
                HasSubstr("expected \"*\" or an ARN starting with \"arn:\""))
        << bad;
  }
}

struct KindCase {
  PolicyKind kind;
  std::string statement;  // members of one statement
  std::string error;      // "" = must parse; else a substring of the error
};

TEST(ParseTest, PerKindGrammar) {
  const std::string trust_ok =
      "\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111122223333\"}, "
      "\"Action\": \"sts:AssumeRole\"";
  const std::string rp_ok =
      "\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111122223333\"}, "
      "\"Action\": \"s3:GetObject\", \"Resource\": \"*\"";
  const std::string principal = ", \"Principal\": \"*\"";
  const std::vector<KindCase> cases = {
      {PolicyKind::kIdentity, kAllowAll, ""},
      {PolicyKind::kIdentity, kAllowAll + principal, "in an identity policy"},
      {PolicyKind::kPermissionsBoundary, kAllowAll + principal, "in a boundary policy"},
      {PolicyKind::kSession, kAllowAll + principal, "in a session policy"},
      {PolicyKind::kScp, kAllowAll + principal, "in a service control policy"},
      {PolicyKind::kIdentity,
       std::string(kAllowAll) + ", \"NotPrincipal\": {\"AWS\": \"111122223333\"}",
       "found the element \"NotPrincipal\" in an identity policy"},
      {PolicyKind::kTrust, trust_ok, ""},
      {PolicyKind::kTrust, trust_ok + ", \"Resource\": \"*\"",
       "found the element \"Resource\" in a role trust policy"},
      {PolicyKind::kTrust, trust_ok + ", \"NotResource\": \"*\"",
       "found the element \"NotResource\" in a role trust policy"},
      {PolicyKind::kTrust,
       "\"Effect\": \"Deny\", \"NotPrincipal\": {\"AWS\": \"111122223333\"}, "
       "\"Action\": \"sts:AssumeRole\"",
       "\"NotPrincipal\" in a role trust policy"},
      {PolicyKind::kTrust, "\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\"",
       "without Principal in a role trust policy"},
      {PolicyKind::kResource, rp_ok, ""},
      {PolicyKind::kResource,
       "\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"",
       "without Principal in a resource policy"},
      {PolicyKind::kResource,
       "\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"s3:GetObject\"",
       "without Resource or NotResource"},
      {PolicyKind::kResource,
       "\"Effect\": \"Deny\", \"NotPrincipal\": {\"AWS\": \"111122223333\"}, "
       "\"Action\": \"s3:GetObject\", \"Resource\": \"*\"",
       ""},
      {PolicyKind::kResource,
       "\"Effect\": \"Allow\", \"NotPrincipal\": {\"AWS\": \"111122223333\"}, "
       "\"Action\": \"s3:GetObject\", \"Resource\": \"*\"",
       "NotPrincipal in a statement with \"Effect\": \"Allow\""},
      {PolicyKind::kKey,
       "\"Sid\": \"Enable IAM User Permissions\", " + rp_ok, ""},
      {PolicyKind::kKey,
       "\"Effect\": \"Allow\", \"NotPrincipal\": {\"AWS\": \"111122223333\"}, "
       "\"Action\": \"kms:*\", \"Resource\": \"*\"",
       "NotPrincipal in a statement with \"Effect\": \"Allow\""},
      {PolicyKind::kIdentity, "\"Sid\": \"Allow read\", " + std::string(kAllowAll),
       "expected a Sid of letters and digits only"},
      {PolicyKind::kScp, "\"Sid\": \"a-b\", " + std::string(kAllowAll),
       "expected a Sid of letters and digits only"},
      {PolicyKind::kTrust, "\"Sid\": \"Allow edge\", " + trust_ok, ""},
      {PolicyKind::kResource, "\"Sid\": \"Allow edge\", " + rp_ok, ""},
      {PolicyKind::kScp,
       "\"Effect\": \"Allow\", \"NotAction\": \"s3:*\", \"Resource\": "
       "\"arn:aws:s3:::b\", \"Condition\": {\"Bool\": {\"aws:SecureTransport\": "
       "\"true\"}}",
       ""},
      {PolicyKind::kRcp,
       "\"Sid\": \"RCPFullAWSAccess\", \"Effect\": \"Allow\", \"Principal\": "
       "\"*\", \"Action\": \"*\", \"Resource\": \"*\"",
       ""},
      {PolicyKind::kRcp,
       "\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": [\"*\"], "
       "\"Resource\": [\"*\"]",
       ""},
      {PolicyKind::kRcp,
       "\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\", "
       "\"Resource\": \"*\", \"Condition\": {\"Bool\": {\"aws:SecureTransport\": "
       "\"true\"}}",
       "in a resource control policy; expected \"Deny\""},
      {PolicyKind::kRcp,
       "\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"s3:*\", "
       "\"Resource\": \"*\"",
       ""},
      {PolicyKind::kRcp,
       "\"Effect\": \"Deny\", \"Principal\": {\"AWS\": \"*\"}, \"Action\": "
       "\"s3:*\", \"Resource\": \"*\"",
       "found an object; expected \"*\""},
      {PolicyKind::kRcp,
       "\"Effect\": \"Deny\", \"Principal\": \"*\", \"NotAction\": \"s3:*\", "
       "\"Resource\": \"*\"",
       "\"NotAction\" in a resource control policy"},
      {PolicyKind::kRcp,
       "\"Effect\": \"Deny\", \"NotPrincipal\": \"*\", \"Action\": \"s3:*\", "
       "\"Resource\": \"*\"",
       "\"NotPrincipal\" in a resource control policy"},
  };
  for (const KindCase& c : cases) {
    SCOPED_TRACE(std::string(PolicyKindName(c.kind)) + ": " + c.statement);
    absl::StatusOr<Policy> p = P(Doc(c.statement), c.kind);
    if (c.error.empty()) {
      EXPECT_TRUE(p.ok()) << p.status();
    } else {
      ASSERT_FALSE(p.ok());
      EXPECT_THAT(std::string(p.status().message()), HasSubstr(c.error));
    }
  }
}

TEST(ParseTest, DuplicateSids) {
  const std::string two =
      "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"A\", " +
      std::string(kAllowAll) + "}, {\"Sid\": \"A\", " + kAllowAll + "}]}";
  EXPECT_TRUE(P(two, PolicyKind::kIdentity).ok());  // IAM: a warning only
  EXPECT_THAT(Err(two, PolicyKind::kScp),
              HasSubstr("/Statement/1/Sid: found the Sid \"A\", already used "
                        "by /Statement/0"));
}

TEST(ParseTest, PrincipalValues) {
  const std::vector<std::string> ok = {
      "\"*\"",
      "{\"AWS\": \"*\"}",
      "{\"AWS\": \"111122223333\"}",
      "{\"AWS\": \"arn:aws:iam::111122223333:root\"}",
      "{\"AWS\": \"arn:aws:iam::111122223333:role/path/to/app\"}",
      "{\"AWS\": \"arn:aws:iam::111122223333:user/alice\"}",
      "{\"AWS\": \"arn:aws:sts::111122223333:assumed-role/app/s1\"}",
      "{\"AWS\": \"arn:aws:sts::111122223333:federated-user/bob\"}",
      "{\"AWS\": \"arn:aws-cn:iam::111122223333:root\"}",
      "{\"AWS\": \"AROAEXAMPLEID1234567\"}",
      "{\"AWS\": [\"111122223333\", \"444455556666\"], \"Service\": "
      "\"ecs-tasks.amazonaws.com\"}",
      "{\"Federated\": \"arn:aws:iam::111122223333:saml-provider/Okta\"}",
      "{\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/"
      "token.actions.githubusercontent.com\"}",
      "{\"Federated\": \"cognito-identity.amazonaws.com\"}",
      "{\"CanonicalUser\": \"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be\"}",
  };
  for (const std::string& p : ok) {
    EXPECT_TRUE(P(Doc("\"Effect\": \"Allow\", \"Principal\": " + p +
                      ", \"Action\": \"s3:GetObject\", \"Resource\": \"*\""),
                  PolicyKind::kResource)
                    .ok())
        << p;
  }
  struct Bad {
    std::string principal;
    std::string error;
  };
  const std::vector<Bad> bad = {
      {"\"arn:aws:iam::111122223333:root\"", "found the string"},
      {"{}", "found an empty object"},
      {"[]", "found an array; expected \"*\" or an object"},
      {"{\"aws\": \"*\"}", "found the principal key \"aws\""},
      {"{\"AWS\": \"arn:aws:iam::*:role/x\"}", "found the wildcard principal"},
      {"{\"AWS\": \"arn:aws:iam::111122223333:role/ata-edge-*\"}",
       "found the wildcard principal"},
      {"{\"AWS\": \"arn:aws:sts::111122223333:assumed-role/r/*\"}",
       "found the wildcard principal"},
      {"{\"AWS\": \"arn:aws:iam::111122223333:group/admins\"}",
       "found the IAM group ARN"},
      {"{\"AWS\": \"1111222233\"}", "found the principal \"1111222233\""},
      {"{\"AWS\": \"arn:aws:iam::1234:root\"}", "found the principal"},
      {"{\"AWS\": \"arn:aws:s3:::bucket\"}", "found the principal"},
      {"{\"AWS\": \"arn:aws:iam::111122223333:policy/p\"}", "found the principal"},
      {"{\"AWS\": \"arn:aws:sts::111122223333:assumed-role/r\"}",
       "found the principal"},
      {"{\"AWS\": 111122223333}", "found the number 111122223333"},
      {"{\"Service\": \"ecs tasks\"}", "found the service principal"},
      {"{\"Service\": \"*\"}", "found the wildcard principal"},
      {"{\"Federated\": \"arn:aws:iam::111122223333:role/x\"}",
       "found the federated principal"},
  };
  for (const Bad& b : bad) {
    EXPECT_THAT(Err(Doc("\"Effect\": \"Allow\", \"Principal\": " + b.principal +
                        ", \"Action\": \"s3:GetObject\", \"Resource\": \"*\""),
                    PolicyKind::kResource),
                HasSubstr(b.error))
        << b.principal;
  }
  absl::StatusOr<Policy> p =
      P(Doc("\"Effect\": \"Allow\", \"Principal\": {\"AWS\": [\"111122223333\", "
            "\"*\"], \"Service\": \"s.amazonaws.com\"}, \"Action\": \"s3:x\", "
            "\"Resource\": \"*\""),
        PolicyKind::kResource);
  ASSERT_TRUE(p.ok());
  const Statement& st = p->statements()[0];
  EXPECT_EQ(st.principal_mode, PrincipalMode::kPrincipal);
  EXPECT_FALSE(st.principal.wildcard);
  EXPECT_THAT(st.principal.aws, ElementsAre("111122223333", "*"));
  EXPECT_THAT(st.principal.service, ElementsAre("s.amazonaws.com"));
}

TEST(ParseTest, ConditionOperators) {
  const std::vector<std::string> bases = {
      "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
      "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
      "NumericEquals", "NumericNotEquals", "NumericLessThan",
      "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
      "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals",
      "DateGreaterThan", "DateGreaterThanEquals", "Bool", "BinaryEquals",
      "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals",
      "ArnNotLike", "Null"};
  for (const std::string& base : bases) {
    for (std::string prefix : {"", "ForAllValues:", "ForAnyValue:"}) {
      for (std::string suffix : {"", "IfExists"}) {
        std::string op = prefix + base + suffix;
        std::string doc = Doc(std::string(kAllowAll) + ", \"Condition\": {\"" +
                              op + "\": {\"aws:x\": \"1\"}}");
        absl::StatusOr<Policy> p = P(doc);
        if (base == "Null" && !suffix.empty()) {
          ASSERT_FALSE(p.ok()) << op;
          EXPECT_THAT(std::string(p.status().message()),
                      HasSubstr("expected Null without IfExists"));
        } else {
          EXPECT_TRUE(p.ok()) << op << ": " << p.status();
        }
      }
    }
  }
  for (std::string bad :
       {"StringEqualz", "StringEqual", "stringequals", "STRINGEQUALS",
        "ForAllValues:", "ForAnyValue:ForAllValues:StringEquals",
        "ForSomeValues:StringEquals", "StringEqualsIfExistsIfExists",
        "IfExistsStringEquals", "forallvalues:StringEquals", "BinaryNotEquals",
        "IpAddressIfExist", ""}) {
    std::string doc = Doc(std::string(kAllowAll) + ", \"Condition\": {\"" + bad +
                          "\": {\"aws:x\": \"1\"}}");
    EXPECT_THAT(Err(doc), HasSubstr("found the condition operator")) << bad;
  }
}

TEST(ParseTest, ConditionKeysAndValues) {
  auto cond = [](const std::string& c) {
    return Doc(std::string(kAllowAll) + ", \"Condition\": " + c);
  };
  for (std::string key :
       {"aws:x", "AWS:CurrentTime", "kms:EncryptionContext:aws:s3:arn",
        "token.actions.githubusercontent.com:sub", "aws:PrincipalTag/a b"}) {
    EXPECT_TRUE(P(cond("{\"StringEquals\": {\"" + key + "\": \"v\"}}")).ok())
        << key;
  }
  // A key without any colon ("ExternalId") is accepted
  // (AcceptsConditionKeysWithoutPrefix).
  for (std::string key : {":x", "aws:", "sts::ExternalId", "a b:c", "",
                          "External Id", " ExternalId"}) {
    EXPECT_THAT(Err(cond("{\"StringEquals\": {\"" + key + "\": \"v\"}}")),
                HasSubstr("found the condition key"))
        << key;
  }
  EXPECT_THAT(
      Err(cond("{\"StringEquals\": {\"aws:PrincipalTag/Team\": \"a\", "
               "\"AWS:principaltag/team\": \"b\"}}")),
      HasSubstr("which differs only in case from \"aws:PrincipalTag/Team\""));
  // The same key under two operators is fine.
  EXPECT_TRUE(P(cond("{\"StringEquals\": {\"aws:x\": \"a\"}, "
                     "\"StringLike\": {\"AWS:X\": \"b*\"}}"))
                  .ok());
  EXPECT_THAT(Err(cond("{\"StringEquals\": {\"aws:x\": null}}")),
              HasSubstr("found null; expected a string, number or boolean"));
  EXPECT_THAT(Err(cond("[]")), HasSubstr("/Statement/Condition: found an array"));
  // Empty condition and operator objects are accepted (always true).
  EXPECT_TRUE(P(cond("{}")).ok());
  EXPECT_TRUE(P(cond("{\"StringEquals\": {}}")).ok());
  // Values that do not parse for their operator are accepted by Parse (they
  // are lint errors and never match).
  EXPECT_TRUE(P(cond("{\"NumericLessThan\": {\"aws:x\": \"ten\"}}")).ok());
  absl::StatusOr<Policy> p =
      P(cond("{\"NumericEquals\": {\"aws:x\": [1.50, -2, false]}}"));
  ASSERT_TRUE(p.ok());
  EXPECT_THAT(p->statements()[0].conditions[0].values,
              ElementsAre("1.50", "-2", "false"));
}

TEST(ParseTest, ParsePolicyNodeUsesEnclosingFileLocations) {
  const std::string world =
      "{\"roles\": [\n  {\"arn\": \"arn:aws:iam::111122223333:role/r\",\n"
      "   \"trust_policy\": {\"Version\": \"2012-10-17\", \"Statement\": [\n"
      "     {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": "
      "\"arn:aws:iam::111122223333:role/ata-*\"}, \"Action\": "
      "\"sts:AssumeRole\"}]}}]}";
  Source source("world.json", world);
  absl::StatusOr<json::Node> root = json::Parse(source);
  ASSERT_TRUE(root.ok());
  const json::Node& doc = root->Find("roles")->items[0].Find("trust_policy")[0];
  absl::StatusOr<Policy> p = ParsePolicyNode(
      doc, source, PolicyKind::kTrust, "/roles/0/trust_policy", "");
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(std::string(p.status().message()),
              StartsWith("world.json:4:47: /roles/0/trust_policy/Statement/0/"
                         "Principal/AWS: found the wildcard principal"));

  const std::string ok_world =
      "{\"p\": {\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", "
      "\"Action\": \"s3:x\", \"Resource\": \"*\"}}}";
  Source ok_source("dir/w.json", ok_world);
  root = json::Parse(ok_source);
  ASSERT_TRUE(root.ok());
  p = ParsePolicyNode(*root->Find("p"), ok_source, PolicyKind::kIdentity, "/p",
                      "inline-p");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->name(), "inline-p");
  EXPECT_EQ(p->file(), "dir/w.json");
  p = ParsePolicyNode(*root->Find("p"), ok_source, PolicyKind::kIdentity, "/p",
                      "");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->name(), "w.json");
}

TEST(ParseTest, PointerPrefixOption) {
  ParseOptions options;
  options.file = "w.json";
  options.pointer_prefix = "/users/0/policies/1";
  absl::StatusOr<Policy> p =
      Policy::Parse(Doc("\"Effect\": \"Allow\""), PolicyKind::kIdentity, options);
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(std::string(p.status().message()),
              HasSubstr(": /users/0/policies/1/Statement: found a statement"));
}

TEST(ParseTest, PointerPrefixAppliesToJsonErrors) {
  ParseOptions options;
  options.file = "w.json";
  options.pointer_prefix = "/roles/2/trust_policy";
  absl::StatusOr<Policy> p = Policy::Parse(
      "{\"Statement\": {\"Effect\": 1, \"Effect\": 2}}",
      PolicyKind::kTrust, options);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "w.json:1:29: /roles/2/trust_policy/Statement/Effect: found "
            "duplicate key \"Effect\"; expected each key at most once in an "
            "object");
  std::optional<SourceLocation> loc = LocationOf(p.status());
  ASSERT_TRUE(loc.has_value());
  EXPECT_EQ(loc->pointer, "/roles/2/trust_policy/Statement/Effect");
  std::vector<Diagnostic> d =
      Lint("[1, ]", PolicyKind::kIdentity, options);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].location.pointer, "/roles/2/trust_policy/1");
  EXPECT_THAT(d[0].message, StartsWith("found invalid JSON"));
}

TEST(ParseTest, DebugStringRoundTrips) {
  const std::string text = R"({"Version": "2012-10-17", "Id": "x",
    "Statement": [{"Sid": "S", "Effect": "Allow",
      "Principal": {"AWS": ["111122223333"], "Service": "s.amazonaws.com"},
      "NotAction": "s3:*", "Resource": ["*"],
      "Condition": {"StringEquals": {"aws:a": "1", "aws:b": ["2", "3"]},
                    "Bool": {"aws:SecureTransport": true}}},
     {"Effect": "Deny", "Principal": "*", "Action": "*", "NotResource": "arn:aws:s3:::b"}]})";
  absl::StatusOr<Policy> p = P(text, PolicyKind::kResource);
  ASSERT_TRUE(p.ok()) << p.status();
  std::string once = p->DebugString();
  EXPECT_EQ(once,
            "{\"Version\":\"2012-10-17\",\"Id\":\"x\",\"Statement\":[{\"Sid\":"
            "\"S\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"111122223333\"],"
            "\"Service\":[\"s.amazonaws.com\"]},\"NotAction\":[\"s3:*\"],"
            "\"Resource\":[\"*\"],\"Condition\":{\"StringEquals\":{\"aws:a\":\"1\","
            "\"aws:b\":[\"2\",\"3\"]},\"Bool\":{\"aws:SecureTransport\":\"true\"}}},"
            "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":[\"*\"],"
            "\"NotResource\":[\"arn:aws:s3:::b\"]}]}");
  absl::StatusOr<Policy> again = P(once, PolicyKind::kResource);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->DebugString(), once);
}

// Found by tests/fuzz/policy_fuzzer: an empty principal array is accepted
// (IAM.EmptyArray is a warning) but DebugString wrote "Principal": {}, which
// does not parse.
TEST(ParseTest, DebugStringRoundTripsEmptyPrincipalArray) {
  const std::string text = R"({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": []},
    "Action": "sts:AssumeRole"}]})";
  absl::StatusOr<Policy> p = P(text, PolicyKind::kTrust);
  ASSERT_TRUE(p.ok()) << p.status();
  std::string once = p->DebugString();
  EXPECT_THAT(once, HasSubstr("\"Principal\":{\"AWS\":[]}"));
  absl::StatusOr<Policy> again = P(once, PolicyKind::kTrust);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->DebugString(), once);
}

TEST(ParseTest, GuessPolicyKind) {
  EXPECT_EQ(GuessPolicyKind(Doc(kAllowAll)), PolicyKind::kIdentity);
  EXPECT_EQ(GuessPolicyKind(Doc("\"Effect\": \"Allow\", \"Principal\": "
                                "{\"Service\": \"ec2.amazonaws.com\"}, "
                                "\"Action\": \"sts:AssumeRole\"")),
            PolicyKind::kTrust);
  EXPECT_EQ(GuessPolicyKind(Doc("\"Effect\": \"Allow\", \"Principal\": \"*\", "
                                "\"Action\": [\"sts:TagSession\", "
                                "\"STS:AssumeRoleWithWebIdentity\"]")),
            PolicyKind::kTrust);
  EXPECT_EQ(GuessPolicyKind(Doc("\"Effect\": \"Allow\", \"Principal\": \"*\", "
                                "\"Action\": \"sts:AssumeRole\", \"Resource\": "
                                "\"*\"")),
            PolicyKind::kResource);
  EXPECT_EQ(GuessPolicyKind(Doc("\"Effect\": \"Allow\", \"Principal\": \"*\", "
                                "\"Action\": \"kms:Decrypt\", \"Resource\": \"*\"")),
            PolicyKind::kResource);
  EXPECT_EQ(GuessPolicyKind("not json"), PolicyKind::kIdentity);
}

TEST(ParseTest, KindNames) {
  for (PolicyKind k :
       {PolicyKind::kIdentity, PolicyKind::kTrust, PolicyKind::kResource,
        PolicyKind::kKey, PolicyKind::kScp, PolicyKind::kRcp,
        PolicyKind::kPermissionsBoundary, PolicyKind::kSession}) {
    EXPECT_EQ(ParsePolicyKind(PolicyKindName(k)), k);
  }
  EXPECT_STREQ(PolicyKindName(PolicyKind::kPermissionsBoundary), "boundary");
  EXPECT_FALSE(ParsePolicyKind("Identity").has_value());
  EXPECT_FALSE(ParsePolicyKind("").has_value());
}

TEST(ValueTypesTest, Numbers) {
  for (const char* ok : {"0", "10", "-3", "+7", "10.5", "0.001"}) {
    EXPECT_TRUE(policy::IsNumericValue(ok)) << ok;
  }
  for (const char* bad : {"", "-", "1.", ".5", "1e3", "0x10", "NaN", " 1", "1,0"}) {
    EXPECT_FALSE(policy::IsNumericValue(bad)) << bad;
  }
}

TEST(ValueTypesTest, Dates) {
  for (const char* ok :
       {"2026", "2026-11", "2026-11-22", "2026-11-22T12:00Z",
        "2026-11-22T12:00:00Z", "2026-11-22T12:00:00.123Z",
        "2026-11-22T12:00:00+01:00", "2026-11-22T12:00:00", "2024-02-29",
        "1796083200", "0"}) {
    EXPECT_TRUE(policy::IsDateValue(ok)) << ok;
  }
  for (const char* bad :
       {"", "2026-13-01", "2026-02-30", "2025-02-29", "2026-11-22T24:00Z",
        "2026-11-22 12:00Z", "-1796083200", "1796083200.5", "yesterday",
        "2026-11-22T12:00:00X", "2026-11-22T12:00:00+1:00", "26-11-22"}) {
    EXPECT_FALSE(policy::IsDateValue(bad)) << bad;
  }
}

TEST(ValueTypesTest, BoolIpBase64) {
  for (const char* ok : {"true", "false", "TRUE", "False"}) {
    EXPECT_TRUE(policy::IsBoolValue(ok));
  }
  for (const char* bad : {"", "yes", "1", "t"}) EXPECT_FALSE(policy::IsBoolValue(bad));
  for (const char* ok : {"203.0.113.0/24", "10.0.4.7", "0.0.0.0/0",
                         "2001:DB8:1234:5678::/64", "::1", "2001:db8::/32",
                         "10.0.4.7/32", "::ffff:10.0.0.1"}) {
    EXPECT_TRUE(policy::IsIpValue(ok)) << ok;
  }
  for (const char* bad : {"", "10.0.0.300", "10.0.0", "10.0.0.0/33",
                          "2001:db8::/129", "2001:db8:::1", "host.example",
                          "10.0.0.0/", "10.0.0.0/-1", "1.2.3.4.5"}) {
    EXPECT_FALSE(policy::IsIpValue(bad)) << bad;
  }
  for (const char* ok : {"QmluYXJ5", "QQ==", "QUI=", "+/+/"}) {
    EXPECT_TRUE(policy::IsBase64Value(ok)) << ok;
  }
  for (const char* bad : {"", "QQ", "Q===", "QQ=A", "a b=", "QQ==QQ=="}) {
    EXPECT_FALSE(policy::IsBase64Value(bad)) << bad;
  }
}

TEST(ValueTypesTest, EditDistance) {
  EXPECT_EQ(policy::BoundedEditDistance("aws:PrincipleArn", "aws:PrincipalArn", 2), 2);
  EXPECT_EQ(policy::BoundedEditDistance("AWS:SOURCEIP", "aws:SourceIp", 2), 0);
  EXPECT_EQ(policy::BoundedEditDistance("abc", "xyz", 2), 3);
  EXPECT_EQ(policy::BoundedEditDistance("a", "abcdef", 2), 3);
}

// AWS has stored policies with whitespace inside an action (AWS managed
// policy versions: "lambda:ListFunctions ", "ec2: DescribeAccountAttributes",
// "amplifybackend: *"). Parse accepts them (lint warns
// IAM.WhitespaceInAction) and decodes each entry the way that grants less
// (docs/semantics.md#action-whitespace): as written (it matches no action)
// in an Allow's Action and a Deny's NotAction, without the whitespace in a
// Deny's Action and an Allow's NotAction.
TEST(ParseTest, AcceptsActionsWithWhitespace) {
  struct Case {
    const char* statement;  // members of the one statement
    const char* decoded;    // the statement's one action in the AST
  } cases[] = {
      {R"("Effect": "Allow", "Action": "lambda:ListFunctions ")",
       "lambda:ListFunctions "},
      {R"("Effect": "Deny", "Action": "lambda:ListFunctions ")",
       "lambda:ListFunctions"},
      {R"("Effect": "Allow", "NotAction": "ec2: DescribeAccountAttributes")",
       "ec2:DescribeAccountAttributes"},
      {R"("Effect": "Deny", "NotAction": "ec2: DescribeAccountAttributes")",
       "ec2: DescribeAccountAttributes"},
      {R"("Effect": "Deny", "Action": ["amplifybackend: *"])",
       "amplifybackend:*"},
      {R"("Effect": "Allow", "Action": ["amplifybackend: *"])",
       "amplifybackend: *"},
      // Effect after the action: the reading still follows it.
      {R"("Action": "\ts3:Get Object\n", "Effect": "Deny")", "s3:GetObject"},
      {R"("Action": " * ", "Effect": "Deny")", "*"},
      {R"("Action": " * ", "Effect": "Allow")", " * "},
  };
  for (const Case& c : cases) {
    const std::string text =
        Doc(std::string(c.statement) + R"(, "Resource": "*")");
    absl::StatusOr<Policy> p = P(text);
    ASSERT_TRUE(p.ok()) << c.statement << ": " << p.status();
    ASSERT_EQ(p->statements().size(), 1u);
    EXPECT_THAT(p->statements()[0].actions, ElementsAre(c.decoded))
        << c.statement;
    // A lint warning, not an error Parse keeps with the policy.
    EXPECT_TRUE(p->errors().empty()) << c.statement;
    // The importers' check agrees with Parse.
    Source source("p.json", text);
    absl::StatusOr<json::Node> root = json::Parse(source);
    ASSERT_TRUE(root.ok());
    EXPECT_TRUE(CheckPolicyNode(*root, source, PolicyKind::kIdentity, "").ok())
        << c.statement;
  }
  // Only the entry with whitespace is read differently.
  absl::StatusOr<Policy> p = P(Doc(
      R"("Effect": "Deny", "Action": ["s3:GetObject", "s3:Put Object"], )"
      R"("Resource": "*")"));
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_THAT(p->statements()[0].actions,
              ElementsAre("s3:GetObject", "s3:PutObject"));
  // The decoded form round-trips.
  absl::StatusOr<Policy> again = P(p->DebugString());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_THAT(again->statements()[0].actions,
              ElementsAre("s3:GetObject", "s3:PutObject"));
}

// AWS has stored a condition key without a prefix (an AWS managed policy
// version has "PassedToService"). Parse accepts a key without any colon
// (lint warns IAM.ConditionKeyWithoutPrefix) and keeps the clause; no
// request has such a key (docs/semantics.md#key-without-prefix).
TEST(ParseTest, AcceptsConditionKeysWithoutPrefix) {
  for (const char* key : {"PassedToService", "ExternalId", "x", "a/b"}) {
    absl::StatusOr<Policy> p = P(Doc(
        std::string(kAllowAll) + R"(, "Condition": {"StringEquals": {")" +
        key + R"(": "ec2.amazonaws.com"}})"));
    ASSERT_TRUE(p.ok()) << key << ": " << p.status();
    ASSERT_EQ(p->statements()[0].conditions.size(), 1u);
    EXPECT_EQ(p->statements()[0].conditions[0].key, key);
    EXPECT_TRUE(p->errors().empty()) << key;  // a lint warning only
  }
}

}  // namespace
// Parse keeps the errors AWS accepts (not the warnings) with the policy,
// located, for `iameval test` and `check` to report.
TEST(ParseTest, KeepsNonFatalErrors) {
  ParseOptions options;
  options.file = "p.json";
  absl::StatusOr<Policy> p = Policy::Parse(
      R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
          "Action": "s3:GetObject", "Resource": "*",
          "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "1e3"},
                        "StringEquals": {"aws:userid": "AIDA*"}}}]})",
      PolicyKind::kIdentity, options);
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_EQ(p->errors().size(), 1u);
  EXPECT_EQ(p->errors()[0].code, "IAM.InvalidConditionValue");
  EXPECT_EQ(p->errors()[0].location.file, "p.json");
  EXPECT_EQ(p->errors()[0].location.line, 3);
  EXPECT_FALSE(p->errors()[0].fatal);
}

}  // namespace iameval
