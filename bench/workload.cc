// iameval: offline AWS IAM policy evaluation.

#include "workload.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "compile/policy_set.h"
#include "corpus.h"

namespace iameval {
namespace workload {
namespace {

using Strings = std::vector<std::string>;

// The accounts: two in the organization (workloads, data), one outside it
// (a CI vendor).
constexpr char kA[] = "111122223333";  // workloads
constexpr char kB[] = "444455556666";  // data: the shared secrets
constexpr char kC[] = "777788889999";  // CI, outside the organization
constexpr char kOrg[] = "o-a1b2c3d4e5";
constexpr char kRegion[] = "eu-west-1";
constexpr char kLegacyRegion[] = "us-west-2";  // outside the SCP's regions
constexpr char kNow[] = "2026-11-22T12:00:00Z";
constexpr int64_t kNowEpoch = 1795867200;

const Strings& Teams() {
  static const Strings* v = new Strings{"data", "web", "ml", "ops"};
  return *v;
}
const Strings& Envs() {
  static const Strings* v = new Strings{"prod", "dev"};
  return *v;
}

void Die(const char* what) {
  std::fprintf(stderr, "workload: %s\n", what);
  std::abort();
}

// --- JSON text helpers (every generated string is plain ASCII without
// quotes or backslashes, so nothing needs escaping) ------------------------

std::string Q(absl::string_view s) { return absl::StrCat("\"", s, "\""); }

std::string Arr(const Strings& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ",";
    absl::StrAppend(&out, "\"", v[i], "\"");
  }
  out += "]";
  return out;
}

// A value: one string, or an array when there are several.
std::string Val(const Strings& v) { return v.size() == 1 ? Q(v[0]) : Arr(v); }

// One condition: operator, key, values.
struct Clause {
  std::string op;
  std::string entry;  // "key": value
};
Clause C(absl::string_view op, absl::string_view key, const Strings& v) {
  return {std::string(op), absl::StrCat(Q(key), ":", Val(v))};
}

// A Condition element; clauses of one operator share its block.
std::string Cond(const std::vector<Clause>& clauses) {
  std::vector<std::pair<std::string, Strings>> blocks;
  for (const Clause& c : clauses) {
    auto it = std::find_if(blocks.begin(), blocks.end(),
                           [&](const auto& b) { return b.first == c.op; });
    if (it == blocks.end()) {
      blocks.push_back({c.op, {c.entry}});
    } else {
      it->second.push_back(c.entry);
    }
  }
  std::string out = "{";
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (i > 0) out += ",";
    absl::StrAppend(&out, Q(blocks[i].first), ":{",
                    absl::StrJoin(blocks[i].second, ","), "}");
  }
  out += "}";
  return out;
}

struct Stmt {
  Stmt() = default;
  Stmt(std::string sid, bool allow, std::string principal, Strings actions,
       Strings resources, bool not_resource = false,
       std::string condition = "")
      : sid(std::move(sid)),
        allow(allow),
        principal(std::move(principal)),
        actions(std::move(actions)),
        resources(std::move(resources)),
        not_resource(not_resource),
        condition(std::move(condition)) {}

  std::string sid;
  bool allow = true;
  std::string principal;  // JSON value; "" for identity policies
  Strings actions;
  Strings resources;
  bool not_resource = false;
  std::string condition;  // JSON object; "" for none
  bool not_action = false;
};

std::string Text(const Stmt& s) {
  std::string out = "{";
  if (!s.sid.empty()) absl::StrAppend(&out, "\"Sid\":", Q(s.sid), ",");
  absl::StrAppend(&out, "\"Effect\":", s.allow ? "\"Allow\"" : "\"Deny\"");
  if (!s.principal.empty()) {
    absl::StrAppend(&out, ",\"Principal\":", s.principal);
  }
  absl::StrAppend(&out, s.not_action ? ",\"NotAction\":" : ",\"Action\":",
                  Val(s.actions));
  absl::StrAppend(&out, s.not_resource ? ",\"NotResource\":" : ",\"Resource\":",
                  Val(s.resources));
  if (!s.condition.empty()) absl::StrAppend(&out, ",\"Condition\":", s.condition);
  out += "}";
  return out;
}

std::string Doc(const std::vector<Stmt>& statements) {
  std::string out = "{\"Version\":\"2012-10-17\",\"Statement\":[";
  for (size_t i = 0; i < statements.size(); ++i) {
    if (i > 0) out += ",\n";
    out += Text(statements[i]);
  }
  out += "]}";
  return out;
}

std::string Aws(const Strings& v) { return absl::StrCat("{\"AWS\":", Val(v), "}"); }
std::string Root(absl::string_view account) {
  return absl::StrCat("arn:aws:iam::", account, ":root");
}

const Strings& CorpCidrs() {
  static const Strings* v = new Strings{"10.0.0.0/8", "172.16.0.0/12"};
  return *v;
}
const Strings& Vpces() {
  static const Strings* v = new Strings{
      "vpce-0a1b2c3d4e5f60001", "vpce-0a1b2c3d4e5f60002",
      "vpce-0a1b2c3d4e5f60003"};
  return *v;
}

// --- the entities ----------------------------------------------------------

enum class Kind { kApp, kDeploy, kReader, kRotation, kCi };

struct RoleInfo {
  Kind kind;
  std::string account;
  std::string path;  // "/" or "/workload/"
  std::string name;
  std::string team;
  std::string env;
  std::string tier;
  std::string arn() const {
    return absl::StrCat("arn:aws:iam::", account, ":role", path, name);
  }
};

struct KeyInfo {
  std::string account;
  std::string region;
  std::string id;
  std::string alias;  // "alias/..."
  std::string team;   // "" for the shared and legacy keys
  std::string arn() const {
    return absl::StrCat("arn:aws:kms:", region, ":", account, ":key/", id);
  }
};

struct SecretInfo {
  std::string account;
  std::string region;
  std::string name;  // with the -XXXXXX suffix
  std::string team;
  std::string env;
  int key = -1;  // index into keys; -1: the AWS managed key
  bool has_policy = true;
  std::string arn() const {
    return absl::StrCat("arn:aws:secretsmanager:", region, ":", account,
                        ":secret:", name);
  }
};

struct Entities {
  std::vector<RoleInfo> roles;
  std::vector<KeyInfo> keys;
  std::vector<SecretInfo> secrets;
};

std::string Suffix(corpus::Rng& rng) {
  static const char kChars[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string s(6, 'a');
  for (char& c : s) c = kChars[rng.Below(sizeof(kChars) - 1)];
  return s;
}

std::string Hex(corpus::Rng& rng, int n) {
  static const char kHex[] = "0123456789abcdef";
  std::string s(n, '0');
  for (char& c : s) c = kHex[rng.Below(16)];
  return s;
}

std::string KeyId(corpus::Rng& rng) {
  return absl::StrCat(Hex(rng, 8), "-", Hex(rng, 4), "-", Hex(rng, 4), "-",
                      Hex(rng, 4), "-", Hex(rng, 12));
}

Entities MakeEntities(corpus::Rng& rng) {
  Entities e;
  for (const std::string& t : Teams()) {
    for (const std::string& env : Envs()) {
      for (int i = 0; i < 3; ++i) {
        e.roles.push_back({Kind::kApp, kA, "/workload/",
                           absl::StrCat("app-", t, "-", env, "-", i), t, env,
                           i == 0 ? "gold" : "silver"});
      }
    }
  }
  for (const std::string& t : Teams()) {
    e.roles.push_back({Kind::kDeploy, kA, "/", absl::StrCat("deploy-", t), t,
                       "prod", "gold"});
    e.roles.push_back({Kind::kReader, kB, "/",
                       absl::StrCat("secrets-reader-", t), t, "prod", "gold"});
    e.roles.push_back({Kind::kRotation, kB, "/service-role/",
                       absl::StrCat("rotation-", t), t, "prod", "silver"});
    e.roles.push_back({Kind::kCi, kC, "/", absl::StrCat("ci-", t), t, "dev",
                       "silver"});
  }
  // Keys: one per team in the workload and data accounts, a shared key and
  // a legacy key (in a region the SCP denies) in the data account.
  for (const char* account : {kA, kB}) {
    for (const std::string& t : Teams()) {
      e.keys.push_back({account, kRegion, KeyId(rng),
                        absl::StrCat("alias/", t, "-secrets"), t});
    }
  }
  const int shared_key = static_cast<int>(e.keys.size());
  e.keys.push_back({kB, kRegion, KeyId(rng), "alias/shared-secrets", ""});
  const int legacy_key = static_cast<int>(e.keys.size());
  e.keys.push_back({kB, kLegacyRegion, KeyId(rng), "alias/legacy-secrets", ""});
  for (size_t ti = 0; ti < Teams().size(); ++ti) {
    const std::string& t = Teams()[ti];
    for (const std::string& env : Envs()) {
      // Workload account: app config under the AWS managed key (no
      // policy), the database password under the team's key.
      e.secrets.push_back({kA, kRegion,
                           absl::StrCat(t, "/", env, "/app-config-", Suffix(rng)),
                           t, env, -1, false});
      e.secrets.push_back({kA, kRegion,
                           absl::StrCat(t, "/", env, "/db-", Suffix(rng)), t,
                           env, static_cast<int>(ti), true});
      // Data account, read cross-account.
      const int bkey = static_cast<int>(Teams().size() + ti);
      e.secrets.push_back({kB, kRegion,
                           absl::StrCat(t, "/", env, "/db-", Suffix(rng)), t,
                           env, bkey, true});
      e.secrets.push_back({kB, kRegion,
                           absl::StrCat(t, "/", env, "/api-key-", Suffix(rng)),
                           t, env, bkey, true});
    }
    e.secrets.push_back({kB, kRegion,
                         absl::StrCat("shared/", t, "-license-", Suffix(rng)),
                         t, "prod", shared_key, true});
    e.secrets.push_back({kB, kLegacyRegion,
                         absl::StrCat("legacy/", t, "/db-", Suffix(rng)), t,
                         "prod", legacy_key, true});
  }
  return e;
}

// --- identity statements ---------------------------------------------------

// The core statements of `r`, most important first: they decide the
// requests. Every condition operator family appears, and the policy
// variable ${aws:PrincipalTag/...} in resources and values.
std::vector<Stmt> CoreStatements(const RoleInfo& r) {
  const std::string& a = r.account;
  const std::string& t = r.team;
  const std::string sm = "secretsmanager:GetSecretValue";
  const std::string dec = "kms:Decrypt";
  const std::string ar = "sts:AssumeRole";
  std::vector<Stmt> v;
  v.push_back({"ReadTeamSecrets", true, "", {sm, "secretsmanager:DescribeSecret"},
               {absl::StrCat("arn:aws:secretsmanager:*:", a,
                             ":secret:${aws:PrincipalTag/team}/*")},
               false,
               Cond({C("StringEquals", "secretsmanager:ResourceTag/env",
                       {"${aws:PrincipalTag/env}"})})});
  v.push_back({"DecryptViaSecretsManager", true, "", {dec},
               {absl::StrCat("arn:aws:kms:*:", a, ":key/*")}, false,
               Cond({C("StringLike", "kms:ViaService",
                       {"secretsmanager.*.amazonaws.com"})})});
  v.push_back({"AssumeDataReader", true, "", {ar},
               {absl::StrCat("arn:aws:iam::", kB,
                             ":role/secrets-reader-${aws:PrincipalTag/team}")}});
  v.push_back({"ReadDataSecrets", true, "", {sm},
               {absl::StrCat("arn:aws:secretsmanager:", kRegion, ":", kB,
                             ":secret:", t, "/*")},
               false,
               Cond({C("ForAnyValue:StringLike", "aws:PrincipalOrgPaths",
                       {absl::StrCat(kOrg, "/r-ab12/*")})})});
  v.push_back({"DecryptDataKeys", true, "", {dec},
               {absl::StrCat("arn:aws:kms:", kRegion, ":", kB, ":key/*")}, false,
               Cond({C("ForAnyValue:StringEquals", "kms:ResourceAliases",
                       {absl::StrCat("alias/", t, "-secrets"),
                        "alias/shared-secrets"})})});
  v.push_back({"DenyProdSecretsOutsideProd", false, "", {sm},
               {"arn:aws:secretsmanager:*:*:secret:*/prod/*"}, false,
               Cond({C("StringNotEquals", "aws:PrincipalTag/env", {"prod"})})});
  v.push_back({"DecryptTeamKeysFromCorp", true, "", {dec},
               {absl::StrCat("arn:aws:kms:", kRegion, ":*:key/*")}, false,
               Cond({C("StringEquals", "aws:ResourceTag/team",
                       {"${aws:PrincipalTag/team}"}),
                     C("IpAddress", "aws:SourceIp", CorpCidrs()),
                     C("DateLessThan", "aws:CurrentTime",
                       {"2027-06-30T00:00:00Z"})})});
  v.push_back({"AssumeTeamDeploy", true, "", {ar, "sts:TagSession"},
               {absl::StrCat("arn:aws:iam::", a, ":role/deploy-*")}, false,
               Cond({C("StringEquals", "aws:ResourceTag/team",
                       {"${aws:PrincipalTag/team}"})})});
  v.push_back({"DenyInsecureTransport", false, "", {dec, sm}, {"*"}, false,
               Cond({C("Bool", "aws:SecureTransport", {"false"})})});
  v.push_back({"TagReaderSessions", true, "", {"sts:TagSession"},
               {absl::StrCat("arn:aws:iam::", kB, ":role/secrets-reader-*")},
               false,
               Cond({C("ForAllValues:StringEquals", "aws:TagKeys",
                       {"team", "env", "job"}),
                     C("StringEquals", "aws:RequestTag/team",
                       {"${aws:PrincipalTag/team}"})})});
  v.push_back({"ReadSharedSecrets", true, "", {sm},
               {"arn:aws:secretsmanager:*:*:secret:shared/*"}, false,
               Cond({C("ArnLike", "secretsmanager:SecretId",
                       {absl::StrCat("arn:aws:secretsmanager:", kRegion,
                                     ":*:secret:shared/${aws:PrincipalTag/team}-*")}),
                     C("NumericLessThan", "aws:EpochTime", {"1830297600"})})});
  v.push_back({"DenyPrivilegedRoles", false, "", {ar},
               {"arn:aws:iam::*:role/admin-*", "arn:aws:iam::*:role/break-glass*"}});
  v.push_back({"DecryptForGoldTier", true, "", {dec},
               {absl::StrCat("arn:aws:kms:*:", a, ":key/*")}, false,
               Cond({C("StringEqualsIgnoreCase", "aws:PrincipalTag/tier", {"GOLD"}),
                     C("StringEqualsIfExists", "aws:RequestedRegion",
                       {kRegion, "eu-central-1"})})});
  v.push_back({"DenyPreviousVersionsOutsideGold", false, "", {sm}, {"*"}, false,
               Cond({C("StringEquals", "secretsmanager:VersionStage",
                       {"AWSPREVIOUS"}),
                     C("StringNotEquals", "aws:PrincipalTag/tier", {"gold"})})});
  v.push_back({"ReadThroughEndpoints", true, "", {sm},
               {absl::StrCat("arn:aws:secretsmanager:", kRegion, ":", a,
                             ":secret:", t, "/*")},
               false,
               Cond({C("Null", "aws:SourceVpce", {"false"}),
                     C("StringEquals", "aws:SourceVpce", Vpces())})});
  v.push_back({"AssumeReaderFromTasks", true, "", {ar},
               {absl::StrCat("arn:aws:iam::", kB, ":role/secrets-reader-", t)},
               false,
               Cond({C("StringLike", "aws:userid", {"AROA*:task-*"})})});
  v.push_back({"DenyDecryptOutsidePerimeter", false, "", {dec},
               {"arn:aws:kms:*:*:key/*"}, false,
               Cond({C("NotIpAddress", "aws:SourceIp",
                       {"10.0.0.0/8", "172.16.0.0/12", "198.51.100.0/24"}),
                     C("Null", "aws:SourceVpce", {"true"}),
                     C("BoolIfExists", "aws:ViaAWSService", {"false"})})});
  v.push_back({"ReadDataSecretsInBusinessYear", true, "", {sm},
               {absl::StrCat("arn:aws:secretsmanager:*:", kB, ":secret:", t, "/*")},
               false,
               Cond({C("DateGreaterThan", "aws:CurrentTime",
                       {"2026-01-01T00:00:00Z"})})});
  v.push_back({"DecryptLegacyViaSecretsManager", true, "", {dec},
               {absl::StrCat("arn:aws:kms:", kLegacyRegion, ":", kB, ":key/*")},
               false,
               Cond({C("StringEquals", "kms:ViaService",
                       {absl::StrCat("secretsmanager.", kLegacyRegion,
                                     ".amazonaws.com")})})});
  v.push_back({"ReadLegacySecrets", true, "", {sm},
               {absl::StrCat("arn:aws:secretsmanager:", kLegacyRegion, ":", kB,
                             ":secret:legacy/", t, "/*")}});
  v.push_back({"AssumeAnyReaderWhenGold", true, "", {ar},
               {absl::StrCat("arn:aws:iam::", kB, ":role/secrets-reader-*")},
               false,
               Cond({C("StringEquals", "aws:PrincipalTag/tier", {"gold"})})});
  v.push_back({"DenySecretsOutsideOrgAccounts", false, "", {sm},
               {absl::StrCat("arn:aws:secretsmanager:*:", kA, ":secret:*"),
                absl::StrCat("arn:aws:secretsmanager:*:", kB, ":secret:*")},
               true});
  v.push_back({"DecryptOwnSecretsContext", true, "", {dec}, {"*"}, false,
               Cond({C("StringEquals", "kms:CallerAccount", {a}),
                     C("StringLike", "kms:EncryptionContext:SecretARN",
                       {absl::StrCat("arn:aws:secretsmanager:*:", a,
                                     ":secret:${aws:PrincipalTag/team}/*")})})});
  v.push_back({"ReadByResourceTag", true, "", {sm}, {"*"}, false,
               Cond({C("StringEquals", "aws:ResourceAccount", {a}),
                     C("StringEquals", "secretsmanager:ResourceTag/team",
                       {"${aws:PrincipalTag/team}"}),
                     C("NumericGreaterThanEquals", "aws:EpochTime",
                       {"1767225600"})})});
  v.push_back({"DecryptDirectWithAlgorithm", true, "", {dec},
               {absl::StrCat("arn:aws:kms:*:", a, ":key/*")}, false,
               Cond({C("StringEquals", "kms:EncryptionAlgorithm",
                       {"SYMMETRIC_DEFAULT"}),
                     C("StringLike", "aws:PrincipalTag/team", {t})})});
  v.push_back({"DenyDecryptOfOtherTeamsAliases", false, "", {dec}, {"*"}, false,
               Cond({C("ForAnyValue:StringLike", "kms:ResourceAliases",
                       {"alias/break-glass-*"})})});
  v.push_back({"EnvelopeDecryptForTeam", true, "",
               {dec, "kms:GenerateDataKey"},
               {absl::StrCat("arn:aws:kms:", kRegion, ":", kB, ":key/*")}, false,
               Cond({C("StringEquals", "kms:EncryptionContext:team",
                       {"${aws:PrincipalTag/team}"})})});
  v.push_back({"DecryptBackupKeys", true, "", {dec},
               {absl::StrCat("arn:aws:kms:eu-central-1:", a, ":key/*")}});
  v.push_back({"DecryptForRotation", true, "", {dec, "kms:Encrypt"},
               {absl::StrCat("arn:aws:kms:*:", a, ":key/*")}, false,
               Cond({C("ArnLike", "aws:PrincipalArn",
                       {absl::StrCat("arn:aws:iam::", a,
                                     ":role/service-role/rotation-*")})})});
  v.push_back({"AssumeAnalyticsRoles", true, "", {ar},
               {absl::StrCat("arn:aws:iam::", a, ":role/analytics-*")}, false,
               Cond({C("StringEquals", "aws:PrincipalTag/team", {"data"})})});
  v.push_back({"AssumeAuditor", true, "", {ar},
               {absl::StrCat("arn:aws:iam::", kC, ":role/auditor")}, false,
               Cond({C("StringEquals", "aws:PrincipalTag/tier", {"gold"})})});
  v.push_back({"AssumeDeployFromEndpoints", true, "", {ar},
               {absl::StrCat("arn:aws:iam::", a, ":role/deploy-", t)}, false,
               Cond({C("StringEquals", "aws:SourceVpce", Vpces())})});
  v.push_back({"DenyAssumeAtNight", false, "", {ar}, {"*"}, false,
               Cond({C("DateGreaterThan", "aws:CurrentTime",
                       {"2026-11-22T23:00:00Z"})})});
  return v;
}

struct ServiceOps {
  const char* service;
  const char* resource;  // ARN tail after region:account:, "" = "*"
  std::vector<const char*> ops;
};

// The filler's services: exact actions, none of them requested.
const std::vector<ServiceOps>& Services() {
  static const auto* v = new std::vector<ServiceOps>{
      {"s3", "", {"GetObject", "PutObject", "ListBucket", "DeleteObject", "GetObjectTagging", "PutObjectAcl"}},
      {"dynamodb", "table/", {"GetItem", "PutItem", "Query", "Scan", "UpdateItem", "BatchGetItem"}},
      {"sqs", "", {"SendMessage", "ReceiveMessage", "DeleteMessage", "GetQueueAttributes", "ChangeMessageVisibility"}},
      {"sns", "", {"Publish", "Subscribe", "GetTopicAttributes", "ListSubscriptionsByTopic"}},
      {"lambda", "function:", {"InvokeFunction", "GetFunction", "UpdateFunctionCode", "ListVersionsByFunction"}},
      {"ec2", "instance/", {"DescribeInstances", "StartInstances", "StopInstances", "CreateTags", "DescribeVolumes", "AttachVolume"}},
      {"ecs", "service/", {"DescribeServices", "UpdateService", "RunTask", "StopTask", "DescribeTasks"}},
      {"ecr", "repository/", {"BatchGetImage", "GetDownloadUrlForLayer", "PutImage", "InitiateLayerUpload"}},
      {"logs", "log-group:", {"CreateLogStream", "PutLogEvents", "GetLogEvents", "FilterLogEvents"}},
      {"cloudwatch", "alarm:", {"PutMetricData", "GetMetricData", "PutMetricAlarm", "DescribeAlarms"}},
      {"events", "rule/", {"PutEvents", "PutRule", "PutTargets", "DescribeRule"}},
      {"states", "stateMachine:", {"StartExecution", "DescribeExecution", "StopExecution", "GetExecutionHistory"}},
      {"glue", "table/", {"GetTable", "GetPartitions", "CreatePartition", "GetDatabase"}},
      {"athena", "workgroup/", {"StartQueryExecution", "GetQueryResults", "GetQueryExecution"}},
      {"kinesis", "stream/", {"PutRecord", "PutRecords", "GetRecords", "GetShardIterator"}},
      {"firehose", "deliverystream/", {"PutRecord", "PutRecordBatch", "DescribeDeliveryStream"}},
      {"rds", "db:", {"DescribeDBInstances", "CreateDBSnapshot", "ModifyDBInstance"}},
      {"rds-db", "dbuser:", {"connect"}},
      {"elasticache", "cluster:", {"DescribeCacheClusters", "ModifyCacheCluster"}},
      {"es", "domain/", {"ESHttpGet", "ESHttpPost", "ESHttpPut"}},
      {"ssm", "parameter/", {"GetParameter", "GetParameters", "GetParametersByPath", "PutParameter"}},
      {"apigateway", "", {"GET", "POST", "PUT", "PATCH"}},
      {"execute-api", "", {"Invoke", "ManageConnections"}},
      {"cloudformation", "stack/", {"DescribeStacks", "CreateStack", "UpdateStack", "DeleteStack"}},
      {"route53", "", {"ChangeResourceRecordSets", "ListResourceRecordSets"}},
      {"acm", "certificate/", {"DescribeCertificate", "GetCertificate"}},
      {"elasticloadbalancing", "loadbalancer/", {"RegisterTargets", "DeregisterTargets", "DescribeTargetHealth"}},
      {"autoscaling", "autoScalingGroup:", {"SetDesiredCapacity", "UpdateAutoScalingGroup"}},
      {"codebuild", "project/", {"StartBuild", "BatchGetBuilds"}},
      {"codepipeline", "", {"StartPipelineExecution", "GetPipelineState"}},
      {"codecommit", "", {"GitPull", "GitPush", "GetBranch"}},
      {"xray", "", {"PutTraceSegments", "PutTelemetryRecords"}},
      {"batch", "job-queue/", {"SubmitJob", "DescribeJobs", "TerminateJob"}},
      {"sagemaker", "endpoint/", {"InvokeEndpoint", "DescribeEndpoint", "CreateTrainingJob"}},
      {"redshift-data", "", {"ExecuteStatement", "GetStatementResult"}},
      {"elasticmapreduce", "cluster/", {"DescribeCluster", "AddJobFlowSteps"}},
      {"cognito-idp", "userpool/", {"AdminGetUser", "ListUsers"}},
      {"appconfig", "application/", {"GetConfiguration", "StartConfigurationSession"}},
      {"eks", "cluster/", {"DescribeCluster", "AccessKubernetesApi"}},
      {"iam", "", {"GetRole", "PassRole", "ListRoleTags"}},
  };
  return *v;
}

// Flips the case of a few letters (actions are case-insensitive).
std::string MixCase(corpus::Rng& rng, std::string s) {
  for (char& c : s) {
    if (rng.Below(4) != 0) continue;
    c = absl::ascii_isupper(static_cast<unsigned char>(c))
            ? absl::ascii_tolower(static_cast<unsigned char>(c))
            : absl::ascii_toupper(static_cast<unsigned char>(c));
  }
  return s;
}

Stmt Filler(corpus::Rng& rng, const RoleInfo& r, int index) {
  const ServiceOps& svc =
      Services()[rng.Below(static_cast<uint32_t>(Services().size()))];
  Stmt s;
  s.allow = rng.Below(10) != 0;
  const uint32_t n_actions = 1 + rng.Below(3);
  for (uint32_t i = 0; i < n_actions; ++i) {
    std::string action = absl::StrCat(
        svc.service, ":",
        svc.ops[rng.Below(static_cast<uint32_t>(svc.ops.size()))]);
    if (rng.Below(8) == 0) action = MixCase(rng, std::move(action));
    if (std::find(s.actions.begin(), s.actions.end(), action) ==
        s.actions.end()) {
      s.actions.push_back(std::move(action));
    }
  }
  const bool global = absl::string_view(svc.service) == "s3" ||
                      absl::string_view(svc.service) == "iam" ||
                      absl::string_view(svc.service) == "route53";
  if (rng.Below(5) == 0) {
    s.resources = {"*"};
  } else if (absl::string_view(svc.service) == "s3") {
    s.resources = {absl::StrCat("arn:aws:s3:::", r.team, "-", r.env, "-",
                                rng.Below(50), "/*")};
  } else if (global) {
    s.resources = {absl::StrCat("arn:aws:", svc.service, "::", r.account, ":",
                                svc.service == std::string("iam") ? "role/" : "",
                                r.team, "-*")};
  } else {
    s.resources = {absl::StrCat("arn:aws:", svc.service, ":", kRegion, ":",
                                r.account, ":", svc.resource, r.team, "-",
                                rng.Below(100), "*")};
  }
  if (index % 10 == 0) s.sid = absl::StrCat("S", index);
  switch (rng.Below(12)) {
    case 0:
      s.condition = Cond({C("StringEquals", "aws:PrincipalTag/team",
                            {"${aws:PrincipalTag/team}"})});
      break;
    case 1:
      s.condition = Cond({C("IpAddress", "aws:SourceIp", CorpCidrs())});
      break;
    case 2:
      s.condition = Cond({C("StringLike", "aws:ResourceTag/env",
                            {absl::StrCat(r.env, "*")})});
      break;
    case 3:
      s.condition = Cond({C("DateLessThan", "aws:CurrentTime",
                            {"2027-01-01T00:00:00Z"})});
      break;
    case 4:
      s.condition = Cond({C("Bool", "aws:SecureTransport", {"true"})});
      break;
    default:
      break;
  }
  return s;
}

// A same-service wildcard in a requested service that matches none of the
// requested actions (GetSecretValue, Decrypt, AssumeRole, TagSession).
Stmt Wildcard(corpus::Rng& rng, const RoleInfo& r) {
  static const std::vector<std::pair<const char*, const char*>> kPatterns = {
      {"kms:List*", "*"},
      {"kms:Describe*", "key"},
      {"kms:GetKey*", "key"},
      {"secretsmanager:Describe*", "secret"},
      {"secretsmanager:List*", "*"},
      {"sts:GetCaller*", "*"},
  };
  const auto& p = kPatterns[rng.Below(static_cast<uint32_t>(kPatterns.size()))];
  Stmt s;
  s.actions = {p.first};
  const absl::string_view kind = p.second;
  if (kind == "key") {
    s.resources = {absl::StrCat("arn:aws:kms:", kRegion, ":", r.account, ":key/*")};
  } else if (kind == "secret") {
    s.resources = {absl::StrCat("arn:aws:secretsmanager:", kRegion, ":",
                                r.account, ":secret:", r.team, "/*")};
  } else {
    s.resources = {"*"};
  }
  return s;
}

// --- resource policies -----------------------------------------------------

std::string TrustPolicy(const RoleInfo& r) {
  std::vector<Stmt> v;
  switch (r.kind) {
    case Kind::kApp:
      v.push_back({"EcsTasks", true, "{\"Service\":\"ecs-tasks.amazonaws.com\"}",
                   {"sts:AssumeRole"}, {}, false,
                   Cond({C("StringEquals", "aws:SourceAccount", {kA}),
                         C("ArnLike", "aws:SourceArn",
                           {absl::StrCat("arn:aws:ecs:", kRegion, ":", kA, ":*")})})});
      break;
    case Kind::kDeploy:
      v.push_back({"TeamWorkloads", true, Aws({Root(kA)}),
                   {"sts:AssumeRole", "sts:TagSession"}, {}, false,
                   Cond({C("ArnLike", "aws:PrincipalArn",
                           {absl::StrCat("arn:aws:iam::", kA, ":role/workload/app-",
                                         r.team, "-*")})})});
      v.push_back({"OnlyProd", false, Aws({"*"}), {"sts:AssumeRole"}, {}, false,
                   Cond({C("StringNotEquals", "aws:PrincipalTag/env", {"prod"})})});
      break;
    case Kind::kReader:
      v.push_back({"CrossAccountReaders", true, Aws({Root(kA), Root(kC)}),
                   {"sts:AssumeRole"}, {}, false,
                   Cond({C("StringEquals", "sts:ExternalId",
                           {absl::StrCat("ext-", r.team, "-7f3c")}),
                         C("ArnLike", "aws:PrincipalArn",
                           {absl::StrCat("arn:aws:iam::", kA,
                                         ":role/workload/app-", r.team, "-*"),
                            absl::StrCat("arn:aws:iam::", kC, ":role/ci-",
                                         r.team)})})});
      v.push_back({"SessionTags", true, Aws({Root(kA), Root(kC)}),
                   {"sts:TagSession"}, {}, false,
                   Cond({C("StringEquals", "aws:RequestTag/team", {r.team}),
                         C("ForAllValues:StringEquals", "aws:TagKeys",
                           {"team", "env", "job"})})});
      v.push_back({"FromKnownNetworks", false, Aws({"*"}), {"sts:AssumeRole"},
                   {}, false,
                   Cond({C("NotIpAddress", "aws:SourceIp",
                           {"10.0.0.0/8", "172.16.0.0/12", "198.51.100.0/24"})})});
      break;
    case Kind::kRotation:
      v.push_back({"Lambda", true, "{\"Service\":\"lambda.amazonaws.com\"}",
                   {"sts:AssumeRole"}, {}});
      break;
    case Kind::kCi:
      v.push_back({"GitHubActions", true,
                   absl::StrCat("{\"Federated\":\"arn:aws:iam::", kC,
                                ":oidc-provider/token.actions.githubusercontent.com\"}"),
                   {"sts:AssumeRoleWithWebIdentity"}, {}, false,
                   Cond({C("StringEquals",
                           "token.actions.githubusercontent.com:aud",
                           {"sts.amazonaws.com"})})});
      break;
  }
  // Trust policies have no Resource: drop the element.
  std::string out = "{\"Version\":\"2012-10-17\",\"Statement\":[";
  for (size_t i = 0; i < v.size(); ++i) {
    const Stmt& s = v[i];
    if (i > 0) out += ",\n";
    absl::StrAppend(&out, "{\"Sid\":", Q(s.sid), ",\"Effect\":",
                    s.allow ? "\"Allow\"" : "\"Deny\"", ",\"Principal\":",
                    s.principal, ",\"Action\":", Val(s.actions));
    if (!s.condition.empty()) absl::StrAppend(&out, ",\"Condition\":", s.condition);
    out += "}";
  }
  out += "]}";
  return out;
}

std::string SecretPolicy(const SecretInfo& s) {
  const std::string sm = "secretsmanager:GetSecretValue";
  std::vector<Stmt> v;
  if (s.account == kB) {
    v.push_back({"WorkloadRoles", true, Aws({Root(kA)}), {sm}, {"*"}, false,
                 Cond({C("ArnLike", "aws:PrincipalArn",
                         {absl::StrCat("arn:aws:iam::", kA, ":role/workload/app-",
                                       s.team, "-*")}),
                       C("StringEquals", "aws:PrincipalOrgID", {kOrg})})});
    v.push_back({"Reader", true,
                 Aws({absl::StrCat("arn:aws:iam::", kB, ":role/secrets-reader-",
                                   s.team)}),
                 {sm, "secretsmanager:DescribeSecret"}, {"*"}});
    v.push_back({"CiDescribe", true, Aws({Root(kC)}),
                 {"secretsmanager:DescribeSecret"}, {"*"}});
  } else {
    v.push_back({"Deploy", true,
                 Aws({absl::StrCat("arn:aws:iam::", kA, ":role/deploy-", s.team)}),
                 {sm, "secretsmanager:PutSecretValue"}, {"*"}});
  }
  v.push_back({"DenyOutsidePerimeter", false, "\"*\"", {sm}, {"*"}, false,
               Cond({C("NotIpAddress", "aws:SourceIp", CorpCidrs()),
                     C("Null", "aws:SourceVpce", {"true"})})});
  v.push_back({"DenyPreviousToDev", false, "\"*\"", {sm}, {"*"}, false,
               Cond({C("StringEquals", "secretsmanager:VersionStage",
                       {"AWSPREVIOUS"}),
                     C("StringLike", "aws:PrincipalTag/env", {"dev*"})})});
  return Doc(v);
}

std::string KeyPolicy(const KeyInfo& k) {
  const std::string team_pattern = k.team.empty() ? "*" : k.team;
  std::vector<Stmt> v;
  v.push_back({"EnableIamPolicies", true, Aws({Root(k.account)}), {"kms:*"}, {"*"}});
  v.push_back({"KeyAdministrators", true,
               Aws({absl::StrCat("arn:aws:iam::", k.account,
                                 k.account == kA ? ":role/deploy-"
                                                 : ":role/service-role/rotation-",
                                 k.team.empty() ? "data" : k.team)}),
               {"kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*",
                "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*",
                "kms:Get*", "kms:Delete*", "kms:TagResource",
                "kms:UntagResource", "kms:ScheduleKeyDeletion",
                "kms:CancelKeyDeletion"},
               {"*"}});
  v.push_back({"ViaSecretsManager", true, Aws({Root(kA), Root(kB)}),
               {"kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*"}, {"*"},
               false,
               Cond({C("StringEquals", "kms:ViaService",
                       {absl::StrCat("secretsmanager.", k.region,
                                     ".amazonaws.com")}),
                     C("StringEquals", "kms:CallerAccount", {kA, kB})})});
  v.push_back({"DirectDecryptForTeam", true, Aws({Root(kA), Root(kB)}),
               {"kms:Decrypt"}, {"*"}, false,
               Cond({C("ArnLike", "aws:PrincipalArn",
                       {absl::StrCat("arn:aws:iam::", kA, ":role/workload/app-",
                                     team_pattern, "-*"),
                        absl::StrCat("arn:aws:iam::", kB,
                                     ":role/secrets-reader-", team_pattern)}),
                     C("DateGreaterThan", "aws:CurrentTime",
                       {"2026-01-01T00:00:00Z"})})});
  v.push_back({"DenyOutsideOrg", false, Aws({"*"}), {"kms:Decrypt"}, {"*"}, false,
               Cond({C("StringNotEquals", "aws:PrincipalOrgID", {kOrg}),
                     C("BoolIfExists", "aws:PrincipalIsAWSService", {"false"})})});
  v.push_back({"DenyInsecure", false, Aws({"*"}), {"kms:*"}, {"*"}, false,
               Cond({C("Bool", "aws:SecureTransport", {"false"})})});
  return Doc(v);
}

std::string ScpLevels() {
  const std::string full =
      "{\"name\":\"FullAWSAccess\",\"document\":{\"Version\":\"2012-10-17\","
      "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}}";
  Stmt regions;
  regions.sid = "DenyOutsideRegions";
  regions.allow = false;
  regions.not_action = true;
  regions.actions = {"iam:*", "sts:*", "organizations:*", "route53:*",
                     "cloudfront:*", "support:*"};
  regions.resources = {"*"};
  regions.condition = Cond({C("StringNotEquals", "aws:RequestedRegion",
                              {kRegion, "eu-central-1", "us-east-1"})});
  return absl::StrCat("[[", full, "],[", full,
                      ",{\"name\":\"DenyOutsideRegions\",\"document\":",
                      Doc({regions}), "}]]");
}

std::string TagsJson(const std::vector<std::pair<std::string, std::string>>& tags) {
  std::string out = "{";
  for (size_t i = 0; i < tags.size(); ++i) {
    if (i > 0) out += ",";
    absl::StrAppend(&out, Q(tags[i].first), ":", Q(tags[i].second));
  }
  out += "}";
  return out;
}

// --- requests --------------------------------------------------------------

std::string SessionArn(const RoleInfo& r, const std::string& session) {
  return absl::StrCat("arn:aws:sts::", r.account, ":assumed-role/", r.name, "/",
                      session);
}

std::string SessionName(corpus::Rng& rng, const RoleInfo& r) {
  switch (r.kind) {
    case Kind::kApp:
      return absl::StrCat("task-", Hex(rng, 8));
    case Kind::kCi:
      return absl::StrCat("gha-", 100000 + rng.Below(900000));
    default:
      return absl::StrCat("job-", rng.Below(10000));
  }
}

void Add(WorkloadRequest* r, const char* key, std::string value,
         ContextItem::Kind kind = ContextItem::Kind::kString) {
  r->context.push_back({key, kind, {std::move(value)}});
}

std::string TwoDigits(uint32_t n) {
  return absl::StrCat(n < 10 ? "0" : "", n);
}

// The 12-14 context keys of a request: none the engine derives.
void AddContext(corpus::Rng& rng, const RoleInfo& caller, WorkloadRequest* r) {
  const bool via_endpoint = rng.Below(100) < 80;
  std::string ip;
  if (via_endpoint) {
    ip = absl::StrCat("10.", rng.Below(4), ".", rng.Below(256), ".",
                      1 + rng.Below(254));
  } else if (rng.Below(2) == 0) {
    ip = absl::StrCat("198.51.100.", 1 + rng.Below(254));  // CI egress
  } else {
    ip = absl::StrCat("192.0.2.", 1 + rng.Below(254));  // elsewhere
  }
  Add(r, "aws:SourceIp", ip);
  // Within the day of the world's `now`; a few late-evening calls.
  const uint32_t hour = rng.Below(100) < 95 ? 8 + rng.Below(14) : 23;
  const uint32_t minute = rng.Below(60), second = rng.Below(60);
  Add(r, "aws:CurrentTime",
      absl::StrCat("2026-11-22T", TwoDigits(hour), ":", TwoDigits(minute), ":",
                   TwoDigits(second), "Z"));
  Add(r, "aws:EpochTime",
      absl::StrCat(kNowEpoch - 12 * 3600 + hour * 3600 + minute * 60 + second),
      ContextItem::Kind::kNumber);
  Add(r, "aws:SecureTransport", rng.Below(100) < 2 ? "false" : "true",
      ContextItem::Kind::kBool);
  static const char* kAgents[] = {
      "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5",
      "Boto3/1.34.144 md/Botocore#1.34.144 Python/3.12.4 Linux/6.1",
      "aws-cli/2.17.20 Python/3.11.9 Linux/6.1 exe/x86_64",
      "aws-sdk-java/2.26.25 Linux/6.1 OpenJDK_64-Bit_Server_VM/21.0.4"};
  Add(r, "aws:UserAgent", kAgents[rng.Below(4)]);
  Add(r, "aws:Ec2InstanceSourceVpc",
      absl::StrCat("vpc-0", caller.account.substr(0, 8), "a1b2c3d4"));
  Add(r, "aws:Ec2InstanceSourcePrivateIPv4",
      absl::StrCat("10.", rng.Below(4), ".", rng.Below(256), ".",
                   1 + rng.Below(254)));
  if (via_endpoint) {
    Add(r, "aws:SourceVpc",
        absl::StrCat("vpc-0", caller.account.substr(0, 8), "a1b2c3d4"));
    // Mostly a known endpoint, sometimes one no policy lists.
    Add(r, "aws:SourceVpce",
        rng.Below(10) == 0 ? "vpce-0ffffffffffff0009" : Vpces()[rng.Below(3)]);
    Add(r, "aws:VpcSourceIp", ip);
    Add(r, "aws:VpceAccount", caller.account);
    Add(r, "aws:VpceOrgID", kOrg);
  } else {
    r->context.push_back({"aws:CalledVia", ContextItem::Kind::kList,
                          {"cloudformation.amazonaws.com"}});
    Add(r, "aws:CalledViaFirst", "cloudformation.amazonaws.com");
    Add(r, "aws:CalledViaLast", "cloudformation.amazonaws.com");
    Add(r, "aws:SourceAccount", caller.account);
    Add(r, "aws:SourceOrgID", kOrg);
  }
}

int PickCaller(corpus::Rng& rng, const Entities& e) {
  // 70% workload roles, 10% CI, the rest spread over the others.
  const uint32_t p = rng.Below(100);
  std::vector<int> pool;
  for (size_t i = 0; i < e.roles.size(); ++i) {
    const Kind k = e.roles[i].kind;
    const bool want = p < 70   ? k == Kind::kApp
                      : p < 80 ? k == Kind::kCi
                      : p < 90 ? k == Kind::kReader
                      : p < 95 ? k == Kind::kDeploy
                               : k == Kind::kRotation;
    if (want) pool.push_back(static_cast<int>(i));
  }
  return pool[rng.Below(static_cast<uint32_t>(pool.size()))];
}

WorkloadRequest MakeRequest(corpus::Rng& rng, const Entities& e) {
  WorkloadRequest r;
  const uint32_t type = rng.Below(100);
  const RoleInfo& caller = e.roles[PickCaller(rng, e)];
  r.principal = SessionArn(caller, SessionName(rng, caller));
  const bool natural = rng.Below(100) < 65;
  if (type < 45) {
    r.action = "secretsmanager:GetSecretValue";
    // A natural read is of the caller's team, mostly of its environment.
    const bool any_env = rng.Below(5) == 0;
    std::vector<int> pool;
    for (size_t i = 0; i < e.secrets.size(); ++i) {
      const SecretInfo& s = e.secrets[i];
      if (!natural || (s.team == caller.team && (any_env || s.env == caller.env) &&
                       (s.account == caller.account || caller.kind == Kind::kApp))) {
        pool.push_back(static_cast<int>(i));
      }
    }
    if (pool.empty()) {  // a CI role has no secrets of its own account
      for (size_t i = 0; i < e.secrets.size(); ++i) {
        if (e.secrets[i].team == caller.team) pool.push_back(static_cast<int>(i));
      }
    }
    r.resource = e.secrets[pool[rng.Below(static_cast<uint32_t>(pool.size()))]].arn();
  } else if (type < 80) {
    r.action = "kms:Decrypt";
    std::vector<int> pool;
    for (size_t i = 0; i < e.keys.size(); ++i) {
      const KeyInfo& k = e.keys[i];
      if (!natural || k.team == caller.team) pool.push_back(static_cast<int>(i));
    }
    r.resource = e.keys[pool[rng.Below(static_cast<uint32_t>(pool.size()))]].arn();
  } else {
    r.action = "sts:AssumeRole";
    // Most calls go to the caller's team's cross-account reader (with the
    // external id and often session tags) or same-account deploy role.
    const RoleInfo* target = nullptr;
    const uint32_t p = rng.Below(100);
    for (const RoleInfo& t : e.roles) {
      const bool reader = t.kind == Kind::kReader && t.team == caller.team;
      const bool deploy = t.kind == Kind::kDeploy && t.team == caller.team;
      if ((natural && p < 70 && reader) || (natural && p >= 70 && deploy)) {
        target = &t;
      }
    }
    if (target == nullptr) {
      target = &e.roles[rng.Below(static_cast<uint32_t>(e.roles.size()))];
    }
    r.resource = target->arn();
    r.session_name = absl::StrCat("job-", rng.Below(100000));
    if (target->kind == Kind::kReader) {
      r.external_id = rng.Below(10) == 0
                          ? "ext-wrong"
                          : absl::StrCat("ext-", target->team, "-7f3c");
      if (rng.Below(2) == 0) {
        r.session_tags = {{"team", caller.team}, {"env", caller.env},
                          {"job", "nightly"}};
        if (rng.Below(10) == 0) r.session_tags.push_back({"owner", "alice"});
      }
    }
  }
  AddContext(rng, caller, &r);
  // Call parameters that make 12-14 keys.
  if (r.action == "secretsmanager:GetSecretValue") {
    Add(&r, "secretsmanager:VersionStage",
        rng.Below(10) == 0 ? "AWSPREVIOUS" : "AWSCURRENT");
    if (rng.Below(2) == 0) {
      Add(&r, "secretsmanager:VersionId",
          absl::StrCat(Hex(rng, 8), "-", Hex(rng, 4), "-", Hex(rng, 4), "-",
                       Hex(rng, 4), "-", Hex(rng, 12)));
    }
  } else if (r.action == "kms:Decrypt") {
    if (rng.Below(2) == 0) {
      for (const KeyInfo& k : e.keys) {
        if (k.arn() == r.resource) Add(&r, "kms:RequestAlias", k.alias);
      }
    }
  } else if (rng.Below(2) == 0) {
    r.duration_seconds = rng.Below(20) == 0 ? 43200 : 3600;
    Add(&r, "sts:DurationSeconds", absl::StrCat(*r.duration_seconds),
        ContextItem::Kind::kNumber);
  }
  return r;
}

// --- helpers for CountCandidates -------------------------------------------

std::string Lower(absl::string_view s) { return absl::AsciiStrToLower(s); }

}  // namespace

Workload Generate(const Options& options) {
  if (options.statements < 1 || options.requests < 1 ||
      options.wildcard_fraction < 0 || options.wildcard_fraction > 1) {
    Die("options out of range");
  }
  Workload w;
  w.options = options;
  corpus::Rng rng(options.seed);
  corpus::Rng wildcard_rng(options.seed ^ 0x5757575757575757ULL);
  const Entities e = MakeEntities(rng);
  w.roles = static_cast<int>(e.roles.size());
  w.secrets = static_cast<int>(e.secrets.size());
  w.keys = static_cast<int>(e.keys.size());

  // Deal the identity statements to the roles round-robin.
  const int n_roles = w.roles;
  std::vector<std::vector<std::string>> statements(n_roles);
  std::vector<std::vector<Stmt>> cores(n_roles);
  for (int i = 0; i < n_roles; ++i) cores[i] = CoreStatements(e.roles[i]);
  const uint32_t wildcard_per_million =
      static_cast<uint32_t>(options.wildcard_fraction * 1e6 + 0.5);
  for (int i = 0; i < options.statements; ++i) {
    const int ri = i % n_roles;
    const size_t slot = static_cast<size_t>(i / n_roles);
    const RoleInfo& role = e.roles[ri];
    if (slot < cores[ri].size()) {
      statements[ri].push_back(Text(cores[ri][slot]));
      continue;
    }
    Stmt s = Filler(rng, role, i);
    // Its own stream, drawn for every filler statement: the main stream
    // (and so the world) is the same whatever the fraction.
    if (wildcard_rng.Below(1000000) < wildcard_per_million) {
      s = Wildcard(wildcard_rng, role);
      ++w.wildcard_statements;
    }
    statements[ri].push_back(Text(s));
  }
  w.identity_statements = options.statements;

  std::string& out = w.world_json;
  out.reserve(static_cast<size_t>(options.statements) * 260 + 200000);
  absl::StrAppend(&out, "{\n\"now\": ", Q(kNow), ",\n\"accounts\": {\n");
  for (const char* account : {kA, kB}) {
    absl::StrAppend(&out, Q(account), ": {\"org_id\": ", Q(kOrg),
                    ", \"org_paths\": [",
                    Q(absl::StrCat(kOrg, "/r-ab12/ou-ab12-",
                                   account == kA ? "11111111" : "22222222", "/")),
                    "],\n\"scps\": ", ScpLevels(), "},\n");
  }
  absl::StrAppend(&out, Q(kC), ": {}\n},\n\"roles\": [\n");
  for (int ri = 0; ri < n_roles; ++ri) {
    const RoleInfo& r = e.roles[ri];
    // Shuffle the role's statements (core among the filler), then cut
    // them into policies of 20.
    std::vector<std::string>& st = statements[ri];
    for (size_t i = st.size(); i > 1; --i) {
      std::swap(st[i - 1], st[rng.Below(static_cast<uint32_t>(i))]);
    }
    if (ri > 0) out += ",\n";
    absl::StrAppend(&out, "{\"arn\": ", Q(r.arn()), ",\n\"tags\": ",
                    TagsJson({{"team", r.team},
                              {"env", r.env},
                              {"tier", r.tier},
                              {"cost-center", absl::StrCat("cc-", 4000 + ri)},
                              {"owner", absl::StrCat(r.team, "-leads")}}),
                    ",\n\"trust_policy\": ", TrustPolicy(r),
                    ",\n\"policies\": [");
    constexpr size_t kPerPolicy = 20;
    for (size_t p = 0; p * kPerPolicy < st.size(); ++p) {
      if (p > 0) out += ",";
      absl::StrAppend(&out, "\n{\"name\": ", Q(absl::StrCat(r.name, "-p", p)),
                      ", \"document\": {\"Version\": \"2012-10-17\", "
                      "\"Statement\": [\n");
      for (size_t i = p * kPerPolicy;
           i < std::min(st.size(), (p + 1) * kPerPolicy); ++i) {
        if (i > p * kPerPolicy) out += ",\n";
        out += st[i];
      }
      out += "]}}";
    }
    out += "]}";
  }
  out += "\n],\n\"secrets\": [\n";
  for (size_t i = 0; i < e.secrets.size(); ++i) {
    const SecretInfo& s = e.secrets[i];
    if (i > 0) out += ",\n";
    absl::StrAppend(&out, "{\"arn\": ", Q(s.arn()), ", \"tags\": ",
                    TagsJson({{"team", s.team},
                              {"env", s.env},
                              {"data-classification",
                               s.env == "prod" ? "confidential" : "internal"}}));
    if (s.key >= 0) absl::StrAppend(&out, ", \"kms_key\": ", Q(e.keys[s.key].arn()));
    if (s.has_policy) absl::StrAppend(&out, ",\n\"policy\": ", SecretPolicy(s));
    out += "}";
  }
  out += "\n],\n\"keys\": [\n";
  for (size_t i = 0; i < e.keys.size(); ++i) {
    const KeyInfo& k = e.keys[i];
    if (i > 0) out += ",\n";
    absl::StrAppend(&out, "{\"arn\": ", Q(k.arn()), ", \"aliases\": [",
                    Q(k.alias), "], \"tags\": ",
                    TagsJson({{"team", k.team.empty() ? "shared" : k.team},
                              {"purpose", "secrets"}}),
                    ",\n\"policy\": ", KeyPolicy(k), "}");
  }
  out += "\n]\n}\n";

  corpus::Rng request_rng(options.seed * 31 + 7);
  w.requests.reserve(options.requests);
  for (int i = 0; i < options.requests; ++i) {
    w.requests.push_back(MakeRequest(request_rng, e));
  }
  return w;
}

Request ToRequest(const WorkloadRequest& r) {
  Request out;
  out.principal = r.principal;
  out.action = r.action;
  out.resource = r.resource;
  for (const ContextItem& c : r.context) {
    if (c.kind == ContextItem::Kind::kList) {
      out.context.SetList(c.key, c.values);
    } else {
      out.context.Set(c.key, c.values.front());
    }
  }
  out.session_name = r.session_name;
  out.session_tags = r.session_tags;
  out.external_id = r.external_id;
  out.duration_seconds = r.duration_seconds;
  return out;
}

absl::StatusOr<std::unique_ptr<Engine>> Compile(const Workload& w) {
  absl::StatusOr<World> world = World::Parse(w.world_json, "world.json", ".");
  if (!world.ok()) return world.status();
  return Engine::Create(*std::move(world));
}

absl::StatusOr<std::vector<Decision>> Decide(const Engine& engine,
                                             const std::vector<Request>& rs) {
  EvaluateOptions options;
  options.explain = false;
  std::vector<Decision> out;
  out.reserve(rs.size());
  for (const Request& r : rs) {
    absl::StatusOr<EvaluationResult> result = engine.Evaluate(r, options);
    if (!result.ok()) return result.status();
    out.push_back(result->decision);
  }
  return out;
}

std::string TestFileJson(const Workload& w, const std::vector<Decision>& expected,
                         const std::string& world_path, int count, int repeat) {
  const size_t n = count < 0 ? w.requests.size()
                             : std::min(w.requests.size(), static_cast<size_t>(count));
  std::string out;
  out.reserve(n * static_cast<size_t>(repeat) * 900);
  absl::StrAppend(&out, "{\"world\": ", Q(world_path), ",\n\"tests\": [\n");
  bool first = true;
  for (int k = 0; k < repeat; ++k) {
    for (size_t i = 0; i < n; ++i) {
      const WorkloadRequest& r = w.requests[i];
      if (!first) out += ",\n";
      first = false;
      absl::StrAppend(&out, "{\"name\": ",
                      Q(k == 0 ? absl::StrCat("r", i) : absl::StrCat("r", i, ".", k)),
                      ", \"principal\": ", Q(r.principal), ", \"action\": ",
                      Q(r.action), ", \"resource\": ", Q(r.resource));
      if (r.session_name) absl::StrAppend(&out, ", \"session_name\": ", Q(*r.session_name));
      if (r.external_id) absl::StrAppend(&out, ", \"external_id\": ", Q(*r.external_id));
      if (r.duration_seconds) {
        absl::StrAppend(&out, ", \"duration_seconds\": ", *r.duration_seconds);
      }
      if (!r.session_tags.empty()) {
        absl::StrAppend(&out, ", \"session_tags\": ", TagsJson(r.session_tags));
      }
      out += ",\n \"context\": {";
      for (size_t c = 0; c < r.context.size(); ++c) {
        const ContextItem& item = r.context[c];
        if (c > 0) out += ", ";
        absl::StrAppend(&out, Q(item.key), ": ");
        switch (item.kind) {
          case ContextItem::Kind::kString:
            out += Q(item.values.front());
            break;
          case ContextItem::Kind::kBool:
          case ContextItem::Kind::kNumber:
            out += item.values.front();
            break;
          case ContextItem::Kind::kList:
            out += Arr(item.values);
            break;
        }
      }
      absl::StrAppend(&out, "}, \"expect\": ", Q(DecisionName(expected[i])), "}");
    }
  }
  out += "\n]}\n";
  return out;
}

absl::StatusOr<CandidateStats> CountCandidates(const Workload& w,
                                               const World& world) {
  // Compile each layer once.
  std::map<std::string, CompiledPolicySet> identity, trust, secret, key, scp;
  std::map<std::string, std::vector<std::string>> scp_levels;  // account -> ids
  auto compile = [](std::vector<Policy> ps, CompiledPolicySet* out) -> absl::Status {
    absl::StatusOr<CompiledPolicySet> set = CompiledPolicySet::Compile(std::move(ps), "n");
    if (!set.ok()) return set.status();
    *out = *std::move(set);
    return absl::OkStatus();
  };
  std::map<std::string, std::string> role_by_name;  // "account/name" -> arn
  for (const Role& r : world.roles) {
    role_by_name[absl::StrCat(r.account, "/", r.name)] = r.arn;
    if (absl::Status s = compile(r.policies, &identity[r.arn]); !s.ok()) return s;
    if (absl::Status s = compile({r.trust_policy}, &trust[r.arn]); !s.ok()) return s;
  }
  for (const Secret& s : world.secrets) {
    if (!s.policy) continue;
    if (absl::Status st = compile({*s.policy}, &secret[s.arn]); !st.ok()) return st;
  }
  for (const Key& k : world.keys) {
    if (absl::Status st = compile({k.policy}, &key[k.arn]); !st.ok()) return st;
  }
  for (const auto& [id, account] : world.accounts) {
    if (!account.scps) continue;
    for (size_t l = 0; l < account.scps->size(); ++l) {
      const std::string name = absl::StrCat(id, "/", l);
      if (absl::Status st = compile((*account.scps)[l], &scp[name]); !st.ok()) return st;
      scp_levels[id].push_back(name);
    }
  }
  auto count = [](const std::map<std::string, CompiledPolicySet>& sets,
                  const std::string& name, const std::string& action) {
    auto it = sets.find(name);
    if (it == sets.end()) return 0;
    CandidateList list;
    it->second.Candidates(Lower(action), &list);
    return static_cast<int>(list.size());
  };
  CandidateStats stats;
  double sum[3] = {0, 0, 0};
  int n[3] = {0, 0, 0};
  for (const WorkloadRequest& r : w.requests) {
    // arn:aws:sts::<account>:assumed-role/<name>/<session>
    const std::string account = r.principal.substr(13, 12);
    const size_t name_start = r.principal.find("assumed-role/") + 13;
    const std::string name = r.principal.substr(
        name_start, r.principal.find('/', name_start) - name_start);
    const std::string& caller = role_by_name[absl::StrCat(account, "/", name)];
    std::vector<std::pair<std::string, std::string>> calls;  // action, layer
    int total = 0;
    auto call = [&](const std::string& action,
                    const std::map<std::string, CompiledPolicySet>& resource_sets,
                    const std::string& resource) {
      total += count(identity, caller, action);
      total += count(resource_sets, resource, action);
      for (const std::string& level : scp_levels[account]) {
        total += count(scp, level, action);
      }
    };
    int type = 0;
    if (r.action == "secretsmanager:GetSecretValue") {
      call(r.action, secret, r.resource);
      std::string key_arn;
      for (const Secret& s : world.secrets) {
        if (s.arn == r.resource) key_arn = s.kms_key;
      }
      call("kms:Decrypt", key, key_arn);
    } else if (r.action == "kms:Decrypt") {
      type = 1;
      call(r.action, key, r.resource);
    } else {
      type = 2;
      call(r.action, trust, r.resource);
      if (!r.session_tags.empty()) call("sts:TagSession", trust, r.resource);
    }
    sum[type] += total;
    ++n[type];
    stats.max = std::max(stats.max, total);
  }
  const int all = n[0] + n[1] + n[2];
  stats.mean = (sum[0] + sum[1] + sum[2]) / std::max(all, 1);
  stats.mean_get_secret = sum[0] / std::max(n[0], 1);
  stats.mean_decrypt = sum[1] / std::max(n[1], 1);
  stats.mean_assume_role = sum[2] / std::max(n[2], 1);
  return stats;
}

}  // namespace workload
}  // namespace iameval
