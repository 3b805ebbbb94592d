// iameval: offline AWS IAM policy evaluation.

#include "corpus.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace iameval {
namespace corpus {

uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint32_t Rng::BytesBelow(uint32_t n) {
  const size_t width = n <= (1u << 8) ? 1 : n <= (1u << 16) ? 2 : 4;
  uint32_t value = 0;
  for (size_t i = 0; i < width && bytes_ < end_; ++i) {
    value |= static_cast<uint32_t>(*bytes_++) << (8 * i);
  }
  return value % n;
}

namespace {

using Strings = std::vector<std::string>;

// Flips the case of some letters (actions and condition keys are
// case-insensitive; resources and values are not, so only callers that want
// case noise use this).
std::string MutateCase(Rng& rng, const std::string& s, uint32_t percent) {
  if (!rng.Percent(percent)) return s;
  std::string out = s;
  for (char& c : out) {
    if (!rng.Percent(35)) continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    else if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// --- vocabulary ------------------------------------------------------------

const Strings& RequestActions() {
  static const Strings v = {
      "s3:GetObject",     "s3:PutObject",   "s3:ListBucket",
      "kms:Decrypt",      "kms:Encrypt",    "sts:AssumeRole",
      "secretsmanager:GetSecretValue",      "ec2:DescribeInstances",
      "iam:PassRole",     "dynamodb:GetItem"};
  return v;
}

const Strings& ActionPatterns() {
  static const Strings v = {
      "s3:*",        "s3:Get*",         "S3:get*",         "kms:*",
      "*",           "s3:?etObject",    "*:Decrypt",       "s*:Get*",
      "secretsmanager:*Secret*",        "sts:Assume*",     "ec2:Describe*",
      "iam:*",       "kms:De*",         "*Object",         "nothing:Here",
      "kms:Decrypt?"};
  return v;
}

std::string ActionPattern(Rng& rng) {
  if (rng.Percent(45)) return MutateCase(rng, rng.Pick(RequestActions()), 40);
  return rng.Pick(ActionPatterns());
}

Strings RequestResources(const std::string& ra) {
  return {"arn:aws:s3:::bucket-a/key1",
          "arn:aws:s3:::bucket-a/dir/key2",
          "arn:aws:s3:::bucket-b",
          absl::StrCat("arn:aws:kms:us-east-1:", ra, ":key/k1"),
          absl::StrCat("arn:aws:secretsmanager:us-east-1:", ra,
                       ":secret:db-AbCdEf"),
          absl::StrCat("arn:aws:secretsmanager:us-east-1:", ra,
                       ":secret:db-old-XyZ123"),
          absl::StrCat("arn:aws:iam::", ra, ":role/target"),
          absl::StrCat("arn:aws:ec2:us-east-1:", ra, ":instance/i-1"),
          "*",
          "arn:aws:s3:::bucket-a/red/x",
          "arn:aws:s3:::bucket-red/x",
          "arn:aws:s3:::bucket-a/r*d/x",
          "arn:aws:s3:::bucket-a/*",
          "arn:aws:s3:::bucket-a/key?"};
}

std::string ResourcePattern(Rng& rng) {
  static const Strings accounts = {kAccountA, kAccountE, "*"};
  const std::string& acc = rng.Pick(accounts);
  if (rng.Percent(12)) {
    // Policy variables (§3.10): substituted only under 2012-10-17 and only
    // after the fifth colon; the substituted text is literal.
    static const Strings with_variables = {
        "arn:aws:s3:::bucket-a/${aws:PrincipalTag/team}/*",
        "arn:aws:s3:::bucket-${aws:PrincipalTag/team, 'a'}/*",
        "arn:aws:s3:::bucket-a/${aws:username, 'key1'}",
        "arn:aws:s3:::bucket-a/${aws:TagKeys, 'key1'}",
        "arn:aws:s3:::bucket-a/${*}",
        "arn:aws:s3:::bucket-a/key${?}",
        "arn:aws:secretsmanager:us-east-1:${aws:PrincipalAccount}:secret:*",
        "arn:aws:s3:::bucket-a/${aws:PrincipalTag/TEAM}*"};
    return rng.Pick(with_variables);
  }
  switch (rng.Below(17)) {
    case 0: return "*";
    case 1: return "arn:aws:s3:::bucket-a/*";
    case 2: return "arn:aws:s3:::bucket-?/*";
    case 3: return "arn:aws:s3:::*";
    case 4: return "arn:aws:s3:::Bucket-A/*";
    case 5: return "arn:aws:s3:::bucket-a/key1";
    case 6: return absl::StrCat("arn:aws:kms:*:", acc, ":key/*");
    case 7: return absl::StrCat("arn:aws:kms:us-east-1:", acc, ":key/k1");
    case 8:
      return absl::StrCat("arn:aws:secretsmanager:us-east-1:", acc,
                          ":secret:db-??????");
    case 9:
      return absl::StrCat("arn:aws:secretsmanager:us-east-1:", acc,
                          ":secret:db*");
    case 10:
      return absl::StrCat("arn:aws:secretsmanager:us-east-1:", acc,
                          ":secret:db");
    case 11: return absl::StrCat("arn:aws:iam::", acc, ":role/*");
    case 12: return "arn:aws:iam::*:role/target";
    case 13: return absl::StrCat("arn:aws:*:", acc, ":*");
    case 14: return "arn:aws:ec2:*";
    case 15: return "arn:aws:*";
    default: return absl::StrCat("arn:aws:ec2:us-east-1:", acc, ":instance/*");
  }
}

// An "AWS" principal entry (no wildcard inside: §1.3).
std::string AwsPrincipal(Rng& rng) {
  const std::string x = rng.Percent(50) ? kAccountA : kAccountE;
  switch (rng.Below(14)) {
    case 0: return "*";
    case 1: return x;
    case 2: return absl::StrCat("arn:aws:iam::", x, ":root");
    case 3: return absl::StrCat("arn:aws:iam::", x, ":user/alice");
    case 4: return absl::StrCat("arn:aws:iam::", x, ":user/dev/bob");
    case 5: return absl::StrCat("arn:aws:iam::", x, ":user/Alice");
    case 6: return absl::StrCat("arn:aws:iam::", x, ":role/reader");
    case 7: return absl::StrCat("arn:aws:iam::", x, ":role/team/reader");
    case 8: return absl::StrCat("arn:aws:iam::", x, ":role/writer");
    case 9: return absl::StrCat("arn:aws:sts::", x, ":assumed-role/reader/s1");
    case 10: return absl::StrCat("arn:aws:sts::", x, ":assumed-role/reader/s2");
    case 11: return absl::StrCat("arn:aws:sts::", x, ":assumed-role/writer/s1");
    case 12: return absl::StrCat("arn:aws:sts::", x, ":federated-user/fed1");
    default: return x;
  }
}

PrincipalBlock RandomPrincipalBlock(Rng& rng) {
  PrincipalBlock b;
  if (rng.Percent(8)) {
    b.wildcard = true;
    return b;
  }
  int n = 1 + rng.Below(3);
  for (int i = 0; i < n; ++i) {
    uint32_t r = rng.Below(100);
    if (r < 78) {
      b.aws.push_back(AwsPrincipal(rng));
    } else if (r < 94) {
      static const Strings services = {"ec2.amazonaws.com", "EC2.amazonaws.com",
                                       "lambda.amazonaws.com"};
      b.service.push_back(rng.Pick(services));
    } else if (r < 97) {
      b.federated.push_back(absl::StrCat(
          "arn:aws:iam::", rng.Percent(50) ? kAccountA : kAccountE,
          ":saml-provider/corp"));
    } else {
      b.canonical_user.push_back("79a59df900b949e55d96a1e698fbaced");
    }
  }
  return b;
}

// --- conditions ------------------------------------------------------------

enum class Family { kString, kBool, kNull, kNumeric, kIp, kArn };

struct OpChoice {
  const char* name;
  Family family;
};

const std::vector<OpChoice>& Operators() {
  static const std::vector<OpChoice> v = {
      {"StringEquals", Family::kString},
      {"StringNotEquals", Family::kString},
      {"StringLike", Family::kString},
      {"StringNotLike", Family::kString},
      {"StringEqualsIgnoreCase", Family::kString},
      {"Bool", Family::kBool},
      {"Null", Family::kNull},
      {"NumericLessThan", Family::kNumeric},
      {"IpAddress", Family::kIp},
      {"ArnLike", Family::kArn},
  };
  return v;
}

const Strings& AllKeys() {
  static const Strings v = {
      "aws:PrincipalTag/team", "aws:TagKeys",       "aws:SourceIp",
      "aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge",
      "aws:PrincipalArn",      "aws:SourceArn",     "sts:ExternalId",
      "aws:PrincipalOrgPaths"};
  return v;
}

const Strings& NaturalKeys(Family f) {
  static const Strings string_keys = {"aws:PrincipalTag/team", "aws:TagKeys",
                                      "sts:ExternalId", "aws:PrincipalOrgPaths",
                                      "aws:PrincipalArn"};
  static const Strings bool_keys = {"aws:MultiFactorAuthPresent"};
  static const Strings numeric_keys = {"aws:MultiFactorAuthAge"};
  static const Strings ip_keys = {"aws:SourceIp"};
  static const Strings arn_keys = {"aws:PrincipalArn", "aws:SourceArn"};
  switch (f) {
    case Family::kString: return string_keys;
    case Family::kBool: return bool_keys;
    case Family::kNumeric: return numeric_keys;
    case Family::kIp: return ip_keys;
    case Family::kArn: return arn_keys;
    case Family::kNull: return AllKeys();
  }
  return AllKeys();
}

const Strings& ValuePool(Family f) {
  // The non-ASCII values test StringEqualsIgnoreCase's simple lowercase
  // (docs/semantics-conditions.md, "Strings and case") against the request
  // values of sts:ExternalId: Ä ä fold (Latin-1), Σ σ fold but ς stays
  // apart, İ folds to i and not to i̇, ǅ (Latin Extended-B), the Kelvin
  // sign and ẞ are outside the folded scripts and compare exactly. The last
  // has ten ASCII bytes before the Ä, for the engine's 8-bytes-at-a-time
  // ASCII loop.
  static const Strings strings = {
      "red", "blue", "RED", "r*", "*e*", "?ed", "b?ue", "team", "env", "7f3c",
      "", "o-x/r-y/*", "arn:aws:iam::111122223333:role/reader",
      "\xC3\x84",            // Ä
      "\xCE\xA3",            // Σ
      "\xCF\x82",            // ς (final sigma)
      "\xC4\xB0",            // İ
      "i\xCC\x87",           // i̇ (i, U+0307)
      "\xC7\x85",            // ǅ
      "\xE2\x84\xAA",        // Kelvin sign
      "\xE1\xBA\x9E",        // ẞ
      "TEAM-BLUE-\xC3\x84"};  // TEAM-BLUE-Ä
  static const Strings bools = {"true", "false", "True", "maybe"};
  static const Strings nulls = {"true", "false", "TRUE"};
  static const Strings numbers = {"60", "3600.5", "-1", "x", "30"};
  // Leading zeros (octet, prefix) make a value that never matches; the
  // dotted-quad IPv6 values match ::ffff:10.1.2.3, never 10.1.2.3, and
  // 0.0.0.0/0 never matches ::ffff:10.1.2.3 (no IPv4-mapped equivalence).
  static const Strings ips = {"10.0.0.0/8",    "203.0.113.0/24", "203.0.113.5",
                              "2001:db8::/32", "10.1.2.3/16",    "192.0.2.0/33",
                              "::/0",          "010.0.0.0/8",    "10.0.0.0/08",
                              "0.0.0.0/0",     "::ffff:10.0.0.0/104",
                              "::ffff:0:0/96", "::ffff:10.1.2.3"};
  static const Strings arns = {"arn:aws:iam::111122223333:role/*",
                               "arn:aws:iam::*:user/*",
                               "arn:aws:sts::*:assumed-role/*",
                               "arn:aws:iam::111122223333:*",
                               "arn:aws:s3:::bucket-?",
                               "arn:aws:s:*:111122223333:f/*",
                               "arn:aws:iam::444455556666:role/team/*",
                               "*"};
  switch (f) {
    case Family::kString: return strings;
    case Family::kBool: return bools;
    case Family::kNull: return nulls;
    case Family::kNumeric: return numbers;
    case Family::kIp: return ips;
    case Family::kArn: return arns;
  }
  return strings;
}

ConditionClause RandomClause(Rng& rng) {
  const OpChoice& op = rng.Pick(Operators());
  ConditionClause c;
  std::string name = op.name;
  if (op.family == Family::kNull) {
    if (rng.Percent(10)) {
      name = absl::StrCat(rng.Percent(50) ? "ForAnyValue:" : "ForAllValues:",
                          name);
    }
  } else {
    if (rng.Percent(25)) absl::StrAppend(&name, "IfExists");
    uint32_t set = rng.Below(100);
    if (set < 20) {
      name = absl::StrCat("ForAnyValue:", name);
    } else if (set < 40) {
      name = absl::StrCat("ForAllValues:", name);
    }
  }
  c.op = name;
  const std::string& key = rng.Percent(70) ? rng.Pick(NaturalKeys(op.family))
                                           : rng.Pick(AllKeys());
  c.key = MutateCase(rng, key, 30);
  int n = 1 + rng.Below(3);
  const Strings& pool = ValuePool(op.family);
  for (int i = 0; i < n; ++i) {
    // Now and then a value of another family: it must simply not match.
    c.values.push_back(rng.Percent(8) ? rng.Pick(ValuePool(Family::kString))
                                      : rng.Pick(pool));
  }
  c.values_is_array = n > 1 || rng.Percent(30);
  return c;
}

// --- statements and policies ----------------------------------------------

enum class Layer { kIdentity, kBoundary, kSession, kScp, kRcp, kGeneric,
                   kTrust, kKey };

Statement RandomStatement(Rng& rng, Layer layer, int index) {
  Statement s;
  s.index = index;
  if (rng.Percent(30)) s.sid = absl::StrCat("S", index);
  uint32_t allow_percent = 80;
  if (layer == Layer::kScp) allow_percent = 40;
  if (layer == Layer::kRcp) allow_percent = 10;
  if (layer == Layer::kGeneric || layer == Layer::kTrust ||
      layer == Layer::kKey) {
    allow_percent = 70;
  }
  s.effect = rng.Percent(allow_percent) ? Effect::kAllow : Effect::kDeny;

  // Action / NotAction (RCPs: no NotAction).
  s.not_action = layer != Layer::kRcp && rng.Percent(12);
  if (layer == Layer::kTrust && rng.Percent(60)) {
    s.actions.push_back(MutateCase(rng, "sts:AssumeRole", 30));
  } else if (layer == Layer::kKey && rng.Percent(50)) {
    s.actions.push_back(rng.Percent(50) ? "kms:Decrypt" : "kms:*");
  } else {
    int n = 1 + rng.Below(3);
    for (int i = 0; i < n; ++i) s.actions.push_back(ActionPattern(rng));
  }

  // Resource / NotResource (trust policies have none, §1.5).
  if (layer != Layer::kTrust) {
    s.has_resource = true;
    if (layer == Layer::kKey) {
      s.resources.push_back(rng.Percent(70) ? "*" : ResourcePattern(rng));
    } else {
      s.not_resource = rng.Percent(12);
      int n = 1 + rng.Below(2);
      for (int i = 0; i < n; ++i) s.resources.push_back(ResourcePattern(rng));
      // Identity-type policies often say "*"; it keeps the allow rate up.
      if (layer != Layer::kGeneric && !s.not_resource && rng.Percent(25)) {
        s.resources = {"*"};
      }
    }
  }

  // Principal / NotPrincipal in resource-based policies; RCPs: "*" (§1.5).
  if (layer == Layer::kRcp) {
    s.principal_mode = PrincipalMode::kPrincipal;
    s.principal.wildcard = true;
  } else if (layer == Layer::kGeneric || layer == Layer::kTrust ||
             layer == Layer::kKey) {
    bool not_principal = layer != Layer::kTrust &&
                         rng.Percent(layer == Layer::kGeneric ? 20 : 10);
    s.principal_mode =
        not_principal ? PrincipalMode::kNotPrincipal : PrincipalMode::kPrincipal;
    s.principal = RandomPrincipalBlock(rng);
  }

  if (rng.Percent(layer == Layer::kRcp ? 75 : 50)) {
    int n = 1 + rng.Below(2);
    for (int i = 0; i < n; ++i) s.conditions.push_back(RandomClause(rng));
  }
  return s;
}

PolicyKind KindOf(Layer layer) {
  switch (layer) {
    case Layer::kIdentity: return PolicyKind::kIdentity;
    case Layer::kBoundary: return PolicyKind::kPermissionsBoundary;
    case Layer::kSession: return PolicyKind::kSession;
    case Layer::kScp: return PolicyKind::kScp;
    case Layer::kRcp: return PolicyKind::kRcp;
    case Layer::kGeneric: return PolicyKind::kResource;
    case Layer::kTrust: return PolicyKind::kTrust;
    case Layer::kKey: return PolicyKind::kKey;
  }
  return PolicyKind::kIdentity;
}

PolicyVersion RandomVersion(Rng& rng) {
  uint32_t r = rng.Below(10);
  return r < 7 ? PolicyVersion::k2012_10_17
               : r < 9 ? PolicyVersion::k2008_10_17 : PolicyVersion::kNone;
}

Policy RandomPolicy(Rng& rng, Layer layer, const std::string& name) {
  std::vector<Statement> statements;
  int n = 1 + rng.Below(4);
  for (int i = 0; i < n; ++i) {
    statements.push_back(RandomStatement(rng, layer, i));
  }
  return Policy(KindOf(layer), RandomVersion(rng), name, std::move(statements));
}

Policy FullAccess(PolicyKind kind, const std::string& name) {
  Statement s;
  s.effect = Effect::kAllow;
  s.actions = {"*"};
  s.has_resource = true;
  s.resources = {"*"};
  return Policy(kind, PolicyVersion::k2012_10_17, name, {s});
}

std::vector<Policy> RandomLayer(Rng& rng, Layer layer, const std::string& name,
                                int min_policies, int max_policies) {
  std::vector<Policy> out;
  int n = min_policies + rng.Below(max_policies - min_policies + 1);
  for (int i = 0; i < n; ++i) {
    out.push_back(RandomPolicy(rng, layer, absl::StrCat(name, "-p", i)));
  }
  return out;
}

// --- principals and context -----------------------------------------------

PrincipalFacts RandomPrincipal(Rng& rng, bool allow_root) {
  using Type = PrincipalFacts::Type;
  PrincipalFacts p;
  const std::string acct = rng.Percent(50) ? kAccountA : kAccountE;
  uint32_t r = rng.Below(100);
  if (!allow_root && r >= 65 && r < 75) r = 10;  // reroll root as a session
  if (r < 30) {
    p.type = Type::kUser;
    p.account = acct;
    p.arn = absl::StrCat("arn:aws:iam::", acct,
                         rng.Percent(60) ? ":user/alice" : ":user/dev/bob");
  } else if (r < 65) {
    p.type = Type::kAssumedRole;
    p.account = acct;
    uint32_t role = rng.Below(3);
    std::string name = role == 2 ? "writer" : "reader";
    std::string path = role == 1 ? "team/" : "";
    std::string session = rng.Percent(60) ? "s1" : "s2";
    p.role_arn = absl::StrCat("arn:aws:iam::", acct, ":role/", path, name);
    p.arn = absl::StrCat("arn:aws:sts::", acct, ":assumed-role/", name, "/",
                         session);
  } else if (r < 75) {
    p.type = Type::kRoot;
    p.account = acct;
    p.arn = absl::StrCat("arn:aws:iam::", acct, ":root");
  } else if (r < 80) {
    p.type = Type::kFederatedUser;
    p.account = acct;
    p.arn = absl::StrCat("arn:aws:sts::", acct, ":federated-user/fed1");
  } else if (r < 83) {
    p.type = Type::kAnonymous;  // §4.9: only Principal "*" can reach it
    p.arn = "anonymous";
  } else {
    p.type = Type::kService;
    p.service = rng.Percent(60) ? "ec2.amazonaws.com" : "lambda.amazonaws.com";
    p.arn = p.service;
  }
  return p;
}

void AddContext(Rng& rng, const PrincipalFacts& p,
                std::vector<ContextEntry>* out) {
  using Type = PrincipalFacts::Type;
  auto add = [&](const std::string& key, Strings values, bool multi) {
    // §3.7: now and then a normally single-valued key arrives as a list,
    // or a list key as a single value.
    if (rng.Percent(10) && !values.empty()) {
      multi = !multi;
      if (!multi) values.resize(1);
    }
    out->push_back({MutateCase(rng, key, 30), std::move(values), multi});
  };
  auto pick = [&](const Strings& pool) { return rng.Pick(pool); };
  if (rng.Percent(65)) add("aws:PrincipalTag/team", {pick({"red", "blue", "Red", "r*d", ""})}, false);
  if (rng.Percent(50)) {
    Strings keys;
    int n = rng.Below(4);
    for (int i = 0; i < n; ++i) keys.push_back(pick({"team", "env", "Team", "cost"}));
    add("aws:TagKeys", keys, true);
  }
  if (rng.Percent(65)) {
    add("aws:SourceIp", {pick({"10.1.2.3", "203.0.113.5", "192.0.2.1",
                               "2001:db8::1", "2001:DB8:0:0::ff", "10.1.200.7",
                               "::ffff:10.1.2.3", "010.1.2.3"})},
        false);
  }
  if (rng.Percent(60)) add("aws:MultiFactorAuthPresent", {pick({"true", "false", "TRUE"})}, false);
  if (rng.Percent(50)) add("aws:MultiFactorAuthAge", {pick({"30", "3600", "59.5", "-2", "abc", "60"})}, false);
  if (p.type != Type::kService && p.type != Type::kAnonymous &&
      rng.Percent(85)) {
    std::string arn = p.type == Type::kAssumedRole ? p.role_arn : p.arn;
    if (rng.Percent(10)) arn = "arn:aws:iam::444455556666:role/team/other";
    add("aws:PrincipalArn", {arn}, false);
  }
  if (rng.Percent(40)) {
    add("aws:SourceArn", {pick({"arn:aws:s3:::bucket-a",
                                "arn:aws:lambda:us-east-1:111122223333:function:f",
                                "not-an-arn",
                                "arn:aws:s:us-east-2:999999999999:store/abc:111122223333:f/d"})},
        false);
  }
  if (rng.Percent(40)) {
    // Against the non-ASCII policy values of ValuePool(kString): ä σ ς i
    // İ İ(I, U+0307) ǆ k ß team-blue-ä. No invalid UTF-8: lib/condition/
    // case.cc reads an overlong form (E0 81 81) as the letter it spells (A),
    // where the docs compare such bytes as themselves; the reference's own
    // test pins the documented rule.
    add("sts:ExternalId",
        {pick({"7f3c", "7F3C", "\xC3\xA4", "\xCF\x83", "\xCF\x82", "i",
               "\xC4\xB0", "I\xCC\x87", "\xC7\x86", "k", "\xC3\x9F",
               "team-blue-\xC3\xA4"})},
        false);
  }
  if (rng.Percent(40)) {
    Strings paths = {"o-x/r-y/ou-z/"};
    if (rng.Percent(40)) paths.push_back("o-x/r-y/");
    add("aws:PrincipalOrgPaths", paths, true);
  }
}

// --- dumping ---------------------------------------------------------------

std::string Quoted(const std::string& s) { return absl::StrCat("\"", s, "\""); }

std::string List(const Strings& v) {
  Strings q;
  for (const std::string& s : v) q.push_back(Quoted(s));
  return absl::StrCat("[", absl::StrJoin(q, ", "), "]");
}

std::string BlockText(const PrincipalBlock& b) {
  if (b.wildcard) return "\"*\"";
  Strings parts;
  if (!b.aws.empty()) parts.push_back(absl::StrCat("\"AWS\": ", List(b.aws)));
  if (!b.service.empty()) {
    parts.push_back(absl::StrCat("\"Service\": ", List(b.service)));
  }
  if (!b.federated.empty()) {
    parts.push_back(absl::StrCat("\"Federated\": ", List(b.federated)));
  }
  if (!b.canonical_user.empty()) {
    parts.push_back(absl::StrCat("\"CanonicalUser\": ", List(b.canonical_user)));
  }
  return absl::StrCat("{", absl::StrJoin(parts, ", "), "}");
}

const char* VersionText(PolicyVersion v) {
  switch (v) {
    case PolicyVersion::kNone: return "(none)";
    case PolicyVersion::k2008_10_17: return "2008-10-17";
    case PolicyVersion::k2012_10_17: return "2012-10-17";
  }
  return "?";
}

void DumpLayer(const std::string& title, const std::vector<Policy>& policies,
               std::string* out) {
  absl::StrAppend(out, title, ":", policies.empty() ? " (no policies)" : "",
                  "\n");
  for (const Policy& p : policies) {
    absl::StrAppend(out, "  policy ", p.name(), " (", PolicyKindName(p.kind()),
                    ", Version ", VersionText(p.version()), ")\n");
    for (const Statement& s : p.statements()) {
      absl::StrAppend(out, "    [", s.index, "] ", StatementText(s), "\n");
    }
  }
}

const char* TypeName(PrincipalFacts::Type t) {
  using Type = PrincipalFacts::Type;
  switch (t) {
    case Type::kUser: return "user";
    case Type::kAssumedRole: return "assumed-role";
    case Type::kFederatedUser: return "federated-user";
    case Type::kRoot: return "root";
    case Type::kService: return "service";
    case Type::kAnonymous: return "anonymous";
  }
  return "?";
}

const char* ModeName(ResourcePolicyMode m) {
  switch (m) {
    case ResourcePolicyMode::kGeneric: return "generic";
    case ResourcePolicyMode::kTrust: return "trust";
    case ResourcePolicyMode::kKey: return "key";
  }
  return "?";
}

}  // namespace

std::string StatementText(const Statement& s) {
  Strings parts;
  if (s.sid.has_value()) parts.push_back(absl::StrCat("\"Sid\": ", Quoted(*s.sid)));
  parts.push_back(absl::StrCat("\"Effect\": ",
                               s.effect == Effect::kAllow ? "\"Allow\"" : "\"Deny\""));
  if (s.principal_mode != PrincipalMode::kNone) {
    parts.push_back(absl::StrCat(
        s.principal_mode == PrincipalMode::kNotPrincipal ? "\"NotPrincipal\": "
                                                         : "\"Principal\": ",
        BlockText(s.principal)));
  }
  parts.push_back(absl::StrCat(s.not_action ? "\"NotAction\": " : "\"Action\": ",
                               List(s.actions)));
  if (s.has_resource) {
    parts.push_back(absl::StrCat(
        s.not_resource ? "\"NotResource\": " : "\"Resource\": ",
        List(s.resources)));
  }
  if (!s.conditions.empty()) {
    Strings conds;
    for (const ConditionClause& c : s.conditions) {
      conds.push_back(absl::StrCat("\"", c.op, "\": {\"", c.key, "\": ",
                                   List(c.values), "}"));
    }
    parts.push_back(
        absl::StrCat("\"Condition\": {", absl::StrJoin(conds, ", "), "}"));
  }
  return absl::StrCat("{", absl::StrJoin(parts, ", "), "}");
}

RandomCase GenerateCase(uint64_t seed) {
  Rng rng(seed);
  RandomCase c = GenerateCase(rng);
  c.seed = seed;
  return c;
}

RandomCase GenerateCase(Rng& rng) {
  using Type = PrincipalFacts::Type;
  RandomCase c;

  // Resource side first: the mode decides whether root may call (STS never
  // lets the root user assume a role, §5.1; the engine rejects that before
  // Authorize, so trust-mode cases never have a root caller).
  bool has_rp = rng.Percent(60);
  if (has_rp) {
    uint32_t m = rng.Below(10);
    c.mode = m < 6 ? ResourcePolicyMode::kGeneric
                   : m < 8 ? ResourcePolicyMode::kTrust : ResourcePolicyMode::kKey;
  }
  c.principal =
      RandomPrincipal(rng, /*allow_root=*/c.mode != ResourcePolicyMode::kTrust);
  const bool iam_caller =
      c.principal.type != Type::kService && c.principal.type != Type::kAnonymous;
  c.resource_account = rng.Percent(50) ? kAccountA : kAccountE;
  const std::string& ra = c.resource_account;

  switch (c.mode) {
    case ResourcePolicyMode::kTrust:
      c.resource = absl::StrCat("arn:aws:iam::", ra,
                                rng.Percent(70) ? ":role/target" : ":role/ops/target");
      c.action = rng.Percent(70) ? "sts:AssumeRole" : rng.Pick(RequestActions());
      break;
    case ResourcePolicyMode::kKey:
      c.resource = absl::StrCat("arn:aws:kms:us-east-1:", ra, ":key/k1");
      c.action = rng.Percent(60) ? "kms:Decrypt" : rng.Pick(RequestActions());
      break;
    case ResourcePolicyMode::kGeneric:
      c.resource = rng.Pick(RequestResources(ra));
      c.action = rng.Pick(RequestActions());
      break;
  }
  c.action = MutateCase(rng, c.action, 30);

  if (has_rp) {
    Layer layer = c.mode == ResourcePolicyMode::kTrust ? Layer::kTrust
                  : c.mode == ResourcePolicyMode::kKey ? Layer::kKey
                                                       : Layer::kGeneric;
    c.resource_policy = RandomLayer(rng, layer, "resource", 1, 2);
  }

  // Caller side.
  if (iam_caller && c.principal.type != Type::kRoot) {
    if (rng.Percent(85)) c.identity = RandomLayer(rng, Layer::kIdentity, "identity", 0, 4);
    if (c.principal.type != Type::kFederatedUser && rng.Percent(35)) {
      c.boundary = RandomLayer(rng, Layer::kBoundary, "boundary", 1, 2);
      c.principal.has_boundary = true;
    }
    if ((c.principal.type == Type::kAssumedRole ||
         c.principal.type == Type::kFederatedUser) &&
        rng.Percent(30)) {
      c.session = RandomLayer(rng, Layer::kSession, "session", 1, 2);
    }
  }

  // Organisations: SCPs limit IAM callers only (§4.1); RCPs everyone.
  int scp_levels = rng.Below(4);
  for (int level = 0; level < scp_levels; ++level) {
    std::string name = absl::StrCat("scp", level);
    std::vector<Policy> policies;
    if (rng.Percent(90)) policies.push_back(FullAccess(PolicyKind::kScp, name + "-full"));
    for (Policy& p : RandomLayer(rng, Layer::kScp, name, 0, 2)) {
      policies.push_back(std::move(p));
    }
    c.scp_levels.push_back(std::move(policies));
  }
  c.scps_apply = iam_caller && !c.scp_levels.empty() && rng.Percent(85);
  int rcp_levels = rng.Below(3);
  for (int level = 0; level < rcp_levels; ++level) {
    c.rcp_levels.push_back(
        RandomLayer(rng, Layer::kRcp, absl::StrCat("rcp", level), 0, 2));
  }
  c.rcps_apply = !c.rcp_levels.empty() && rng.Percent(85);

  AddContext(rng, c.principal, &c.context);
  // Drawn last, so the cases of earlier corpora keep their other fields.
  c.identity_required =
      c.mode == ResourcePolicyMode::kTrust && rng.Percent(20);
  if (c.mode == ResourcePolicyMode::kGeneric && rng.Percent(5)) {
    // An AWS-owned resource: in no customer account.
    c.resource_account = "aws";
    c.resource = "arn:aws:iam::aws:policy/ReadOnlyAccess";
  }
  return c;
}

std::string DumpCase(const RandomCase& c) {
  std::string out = absl::StrCat("case seed ", c.seed, "\n");
  const PrincipalFacts& p = c.principal;
  absl::StrAppend(&out, "principal: ", TypeName(p.type), " ", p.arn,
                  " account=", p.account.empty() ? "-" : p.account);
  if (!p.role_arn.empty()) absl::StrAppend(&out, " role=", p.role_arn);
  if (!p.service.empty()) absl::StrAppend(&out, " service=", p.service);
  absl::StrAppend(&out, p.has_boundary ? " (has boundary)" : "", "\n");
  absl::StrAppend(&out, "request: ", c.action, " on ", c.resource,
                  " (resource account ", c.resource_account, ")",
                  c.identity_required ? " (identity required)" : "", "\n");
  absl::StrAppend(&out, "context:");
  if (c.context.empty()) absl::StrAppend(&out, " (empty)");
  absl::StrAppend(&out, "\n");
  for (const ContextEntry& e : c.context) {
    absl::StrAppend(&out, "  ", e.key, " = ",
                    e.multivalued ? List(e.values) : Quoted(e.values.front()),
                    "\n");
  }
  absl::StrAppend(&out, "scps ", c.scps_apply ? "apply" : "do not apply",
                  ", ", c.scp_levels.size(), " level(s)\n");
  for (size_t i = 0; i < c.scp_levels.size(); ++i) {
    DumpLayer(absl::StrCat("SCP level ", i), c.scp_levels[i], &out);
  }
  absl::StrAppend(&out, "rcps ", c.rcps_apply ? "apply" : "do not apply",
                  ", ", c.rcp_levels.size(), " level(s)\n");
  for (size_t i = 0; i < c.rcp_levels.size(); ++i) {
    DumpLayer(absl::StrCat("RCP level ", i), c.rcp_levels[i], &out);
  }
  if (c.resource_policy) {
    DumpLayer(absl::StrCat("resource policy (mode ", ModeName(c.mode), ")"),
              *c.resource_policy, &out);
  } else {
    absl::StrAppend(&out, "resource policy: none (mode ", ModeName(c.mode),
                    ")\n");
  }
  if (c.identity) DumpLayer("identity", *c.identity, &out);
  else absl::StrAppend(&out, "identity: none\n");
  if (c.boundary) DumpLayer("boundary", *c.boundary, &out);
  if (c.session) DumpLayer("session policy", *c.session, &out);
  return out;
}

// --- benchmark corpora -----------------------------------------------------

std::vector<Policy> LargeIdentitySet(int statements, uint64_t seed,
                                     int same_service_wildcard_percent) {
  Rng rng(seed);
  const int hits = statements < 10 ? statements : 10;
  std::vector<Statement> all;
  all.reserve(statements);
  int hit_no = 0;
  for (int i = 0; i < statements; ++i) {
    Statement s;
    s.effect = Effect::kAllow;
    s.has_resource = true;
    // Hit statements sit at evenly spaced positions.
    bool is_hit = hit_no < hits &&
                  i == static_cast<int>(static_cast<int64_t>(hit_no) *
                                        statements / hits);
    if (is_hit) {
      s.actions = {hit_no % 2 == 0 ? "secretsmanager:GetSecretValue"
                                   : "SecretsManager:getSecretValue"};
      ConditionClause team;
      team.op = "StringEquals";
      team.key = "aws:PrincipalTag/team";
      if (hit_no == hits / 2) {
        // The one statement that grants the request.
        s.resources = {"arn:aws:secretsmanager:eu-west-1:111122223333:secret:"
                       "app/db-??????"};
        team.values = {"blue"};
      } else if (hit_no % 2 == 0) {
        s.resources = {absl::StrCat(
            "arn:aws:secretsmanager:eu-west-1:111122223333:secret:other", hit_no,
            "-*")};
        team.values = {"blue"};
      } else {
        s.resources = {"arn:aws:secretsmanager:eu-west-1:111122223333:secret:*"};
        team.values = {"red", "green"};
      }
      s.conditions.push_back(team);
      ++hit_no;
    } else if (same_service_wildcard_percent > 0 &&
               rng.Percent(same_service_wildcard_percent)) {
      static const char* const kWildcards[] = {
          "secretsmanager:List*", "secretsmanager:Describe*",
          "secretsmanager:Put*", "secretsmanager:Update*"};
      s.actions = {kWildcards[rng.Below(4)]};
      s.resources = {"arn:aws:secretsmanager:eu-west-1:111122223333:secret:*"};
    } else {
      const uint32_t service = rng.Below(400);
      const std::string svc = absl::StrCat("svc", service);
      int n = 1 + rng.Below(3);
      for (int k = 0; k < n; ++k) {
        uint32_t op = rng.Below(60);
        switch (rng.Below(4)) {
          case 0:
            s.actions.push_back(absl::StrCat(svc, ":Describe*"));
            break;
          case 1:
            s.actions.push_back(absl::StrCat("SVC", service, ":getThing", op));
            break;
          default:
            s.actions.push_back(absl::StrCat(svc, ":GetThing", op));
        }
      }
      s.resources = {absl::StrCat("arn:aws:", svc, ":eu-west-1:111122223333:thing/",
                                  rng.Below(1000), "/*")};
      if (rng.Percent(10)) s.effect = Effect::kDeny;
      uint32_t cond = rng.Below(3);
      if (cond == 0) {
        ConditionClause c;
        c.op = "StringEquals";
        c.key = "aws:PrincipalTag/team";
        c.values = {"red", "green"};
        s.conditions.push_back(c);
      } else if (cond == 1 && rng.Percent(50)) {
        ConditionClause c;
        c.op = "IpAddress";
        c.key = "aws:SourceIp";
        c.values = {"10.0.0.0/8"};
        s.conditions.push_back(c);
      }
    }
    all.push_back(std::move(s));
  }
  std::vector<Policy> policies;
  for (size_t start = 0; start < all.size(); start += 10) {
    std::vector<Statement> chunk;
    for (size_t k = start; k < all.size() && k < start + 10; ++k) {
      chunk.push_back(all[k]);
      chunk.back().index = static_cast<int>(k - start);
    }
    policies.emplace_back(PolicyKind::kIdentity, PolicyVersion::k2012_10_17,
                          absl::StrCat("bench-", start / 10), std::move(chunk));
  }
  return policies;
}

}  // namespace corpus
}  // namespace iameval
