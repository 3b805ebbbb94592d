// iameval: offline AWS IAM policy evaluation.
//
// The decision-logic matrix: one row per combination of policy layers,
// caller class, same- vs cross-account and resource-policy mode (generic,
// trust, key), each with the decision SEMANTICS.md §4, §5.1 and §7.1
// prescribe (and the §9 edge case it mirrors, where there is one). Every row
// runs through the compiled engine (eval/authorize.h) and through the naive
// reference evaluator, so a row that fails on one side only points at the
// side that strays from the spec.

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "compile/policy_set.h"
#include "eval/authorize.h"
#include "gtest/gtest.h"
#include "testing/fake_resolver.h"
#include "testing/reference_evaluator.h"

namespace iameval {
namespace {

constexpr char kA[] = "111122223333";  // the caller's account
constexpr char kE[] = "444455556666";  // another account

// --- callers ---------------------------------------------------------------

enum class Caller {
  kSession,      // arn:aws:sts::A:assumed-role/app/s1 of role A:role/app
  kPathSession,  // session of arn:aws:iam::A:role/team/app (path /team/)
  kUser,         // arn:aws:iam::A:user/alice
  kRoot,         // arn:aws:iam::A:root
  kService,      // ec2.amazonaws.com
  kAnonymous,    // an unsigned request
};

const std::string kRoleArn = absl::StrCat("arn:aws:iam::", kA, ":role/app");
const std::string kPathRoleArn =
    absl::StrCat("arn:aws:iam::", kA, ":role/team/app");
const std::string kSessionArn =
    absl::StrCat("arn:aws:sts::", kA, ":assumed-role/app/s1");
const std::string kUserArn = absl::StrCat("arn:aws:iam::", kA, ":user/alice");
const std::string kRootArn = absl::StrCat("arn:aws:iam::", kA, ":root");
const std::string kService = "ec2.amazonaws.com";

PrincipalFacts Facts(Caller c, bool has_boundary) {
  PrincipalFacts p;
  p.has_boundary = has_boundary;
  switch (c) {
    case Caller::kSession:
    case Caller::kPathSession:
      p.type = PrincipalFacts::Type::kAssumedRole;
      p.arn = kSessionArn;
      p.account = kA;
      p.role_arn = c == Caller::kSession ? kRoleArn : kPathRoleArn;
      break;
    case Caller::kUser:
      p.type = PrincipalFacts::Type::kUser;
      p.arn = kUserArn;
      p.account = kA;
      break;
    case Caller::kRoot:
      p.type = PrincipalFacts::Type::kRoot;
      p.arn = kRootArn;
      p.account = kA;
      break;
    case Caller::kService:
      p.type = PrincipalFacts::Type::kService;
      p.arn = kService;
      p.service = kService;
      break;
    case Caller::kAnonymous:
      p.type = PrincipalFacts::Type::kAnonymous;
      p.arn = "anonymous";
      break;
  }
  return p;
}

// --- statements ------------------------------------------------------------

// The request of a mode: generic = a secret, trust = a role, key = a key.
struct Target {
  std::string action, resource;
};

Target TargetFor(ResourcePolicyMode mode, const std::string& account) {
  switch (mode) {
    case ResourcePolicyMode::kGeneric:
      return {"secretsmanager:GetSecretValue",
              absl::StrCat("arn:aws:secretsmanager:eu-west-1:", account,
                           ":secret:db-AbCdEf")};
    case ResourcePolicyMode::kTrust:
      return {"sts:AssumeRole",
              absl::StrCat("arn:aws:iam::", account, ":role/target")};
    case ResourcePolicyMode::kKey:
      return {"kms:Decrypt",
              absl::StrCat("arn:aws:kms:eu-west-1:", account, ":key/k1")};
  }
  return {};
}

// "The action" in a statement means the row's action (filled in later).
constexpr char kTheAction[] = "<action>";

Statement Stmt(Effect effect, std::vector<std::string> actions = {kTheAction}) {
  Statement s;
  s.effect = effect;
  s.actions = std::move(actions);
  s.has_resource = true;
  s.resources = {"*"};
  return s;
}
Statement Allow(std::vector<std::string> actions = {kTheAction}) {
  return Stmt(Effect::kAllow, std::move(actions));
}
Statement Deny(std::vector<std::string> actions = {kTheAction}) {
  return Stmt(Effect::kDeny, std::move(actions));
}
// A resource-policy statement naming `aws` principals ("*" = everyone).
Statement RpStmt(Effect effect, std::vector<std::string> aws) {
  Statement s = Stmt(effect);
  s.principal_mode = PrincipalMode::kPrincipal;
  s.principal.aws = std::move(aws);
  return s;
}
Statement RpAllow(std::vector<std::string> aws) {
  return RpStmt(Effect::kAllow, std::move(aws));
}
Statement RpDeny(std::vector<std::string> aws) {
  return RpStmt(Effect::kDeny, std::move(aws));
}
Statement RpAllowWildcard() {  // "Principal": "*"
  Statement s = Stmt(Effect::kAllow);
  s.principal_mode = PrincipalMode::kPrincipal;
  s.principal.wildcard = true;
  return s;
}
Statement RpAllowService(std::string service) {
  Statement s = Stmt(Effect::kAllow);
  s.principal_mode = PrincipalMode::kPrincipal;
  s.principal.service = {std::move(service)};
  return s;
}
Statement NotPrincipalDeny(std::vector<std::string> aws) {
  Statement s = RpStmt(Effect::kDeny, std::move(aws));
  s.principal_mode = PrincipalMode::kNotPrincipal;
  return s;
}
Statement When(Statement s, std::string op, std::string key,
               std::vector<std::string> values) {
  ConditionClause c;
  c.op = std::move(op);
  c.key = std::move(key);
  c.values = std::move(values);
  s.conditions.push_back(std::move(c));
  return s;
}
std::string Root(const std::string& account) {
  return absl::StrCat("arn:aws:iam::", account, ":root");
}

using Statements = std::vector<Statement>;

// --- rows ------------------------------------------------------------------

struct Row {
  std::string name;
  ResourcePolicyMode mode = ResourcePolicyMode::kGeneric;
  Caller caller = Caller::kSession;
  bool cross_account = false;  // resource in kE instead of kA
  std::optional<Statements> rp;
  std::optional<Statements> id;
  std::optional<Statements> boundary;
  std::optional<Statements> session;
  bool scps_apply = true;
  std::vector<Statements> scps;
  std::vector<Statements> rcps;
  std::vector<std::pair<std::string, std::string>> context;
  bool identity_required = false;  // Layers::identity_required
  Decision expected = Decision::kImplicitDeny;
  std::string why;  // the rule: SEMANTICS section and §9 case
};

// Builder helpers, so each row reads as one line of intent.
struct R {
  Row row;
  R(std::string name, ResourcePolicyMode mode, Caller caller, bool cross) {
    row.name = std::move(name);
    row.mode = mode;
    row.caller = caller;
    row.cross_account = cross;
  }
  R& Rp(Statements s) { row.rp = std::move(s); return *this; }
  R& Id(Statements s) { row.id = std::move(s); return *this; }
  R& Pb(Statements s) { row.boundary = std::move(s); return *this; }
  R& Sp(Statements s) { row.session = std::move(s); return *this; }
  R& Scp(Statements s) { row.scps.push_back(std::move(s)); return *this; }
  R& NoScps() { row.scps_apply = false; return *this; }
  R& IdentityRequired() { row.identity_required = true; return *this; }
  R& Rcp(Statements s) { row.rcps.push_back(std::move(s)); return *this; }
  R& Ctx(std::string k, std::string v) {
    row.context.emplace_back(std::move(k), std::move(v));
    return *this;
  }
  Row Expect(Decision d, std::string why) {
    row.expected = d;
    row.why = std::move(why);
    return row;
  }
};

constexpr auto kGeneric = ResourcePolicyMode::kGeneric;
constexpr auto kTrust = ResourcePolicyMode::kTrust;
constexpr auto kKey = ResourcePolicyMode::kKey;
constexpr auto kAllow = Decision::kAllow;
constexpr auto kExplicit = Decision::kExplicitDeny;
constexpr auto kImplicit = Decision::kImplicitDeny;
constexpr bool kSame = false;
constexpr bool kCross = true;

const Statements kOnlyS3 = {Allow({"s3:*"})};
const Statements kFull = {Allow({"*"})};

std::vector<Row> Rows() {
  using C = Caller;
  std::vector<Row> v;
  auto add = [&](Row r) { v.push_back(std::move(r)); };
  // Trust and key statements in resource policies: trust has no Resource.
  // (RpAllow uses Resource "*", which a key policy also writes.)

  // ---- generic, same account (§4.3) ----
  add(R("GenSameIdentityOnly", kGeneric, C::kSession, kSame).Id({Allow()})
          .Expect(kAllow, "§4.3 identity OR resource policy"));
  add(R("GenSameNothing", kGeneric, C::kSession, kSame).Id({})
          .Expect(kImplicit, "§4.2 nothing allows"));
  add(R("GenSameIdentityOtherAction", kGeneric, C::kSession, kSame).Id(kOnlyS3)
          .Expect(kImplicit, "§2.1 action does not match"));
  add(R("GenSameRpSessionArn", kGeneric, C::kSession, kSame).Rp({RpAllow({kSessionArn})})
          .Expect(kAllow, "§4.3 RP-DIRECT session ARN"));
  add(R("GenSameRpRoleArn", kGeneric, C::kSession, kSame).Rp({RpAllow({kRoleArn})})
          .Expect(kAllow, "§4.3 RP-ENTITY; §9 case 52"));
  add(R("GenSameRpRoleArnWithoutPath", kGeneric, C::kPathSession, kSame)
          .Rp({RpAllow({kRoleArn})})
          .Expect(kImplicit, "§2.3 role ARN compared with its path"));
  add(R("GenSameRpRootOnly", kGeneric, C::kSession, kSame).Rp({RpAllow({Root(kA)})})
          .Expect(kImplicit, "§4.3 RP-ACCOUNT needs an identity allow; §9 case 51"));
  add(R("GenSameRpAccountIdPlusIdentity", kGeneric, C::kSession, kSame)
          .Rp({RpAllow({kA})}).Id({Allow()})
          .Expect(kAllow, "§4.3 account delegation + identity allow"));
  add(R("GenSameRpWildcard", kGeneric, C::kSession, kSame).Rp({RpAllowWildcard()})
          .Expect(kAllow, "§4.3 Principal * is RP-DIRECT; §9 case 86"));
  add(R("GenSameRpAwsStar", kGeneric, C::kUser, kSame).Rp({RpAllow({"*"})})
          .Expect(kAllow, "§2.3 {AWS:*} equals *"));
  add(R("GenSameRpUserArn", kGeneric, C::kUser, kSame).Rp({RpAllow({kUserArn})})
          .Expect(kAllow, "§4.3 RP-DIRECT user ARN"));
  add(R("GenSameRpOtherUser", kGeneric, C::kUser, kSame)
          .Rp({RpAllow({absl::StrCat("arn:aws:iam::", kA, ":user/Alice")})})
          .Expect(kImplicit, "§2.3 principal ARNs are case-sensitive"));
  add(R("GenSameRpRoleArnBoundaryLacks", kGeneric, C::kSession, kSame)
          .Rp({RpAllow({kRoleArn})}).Pb(kOnlyS3)
          .Expect(kImplicit, "§4.5 RP-ENTITY limited by the boundary"));
  add(R("GenSameRpSessionArnBoundaryLacks", kGeneric, C::kSession, kSame)
          .Rp({RpAllow({kSessionArn})}).Pb(kOnlyS3)
          .Expect(kAllow, "§4.5 RP-DIRECT not limited by the boundary"));
  add(R("GenSameRpRoleArnSessionPolicyLacks", kGeneric, C::kSession, kSame)
          .Rp({RpAllow({kRoleArn})}).Sp(kOnlyS3)
          .Expect(kImplicit, "§4.8 RP-ENTITY limited by the session policy; §9 case 53"));
  add(R("GenSameRpSessionArnSessionPolicyLacks", kGeneric, C::kSession, kSame)
          .Rp({RpAllow({kSessionArn})}).Sp(kOnlyS3)
          .Expect(kAllow, "§4.3 session-ARN grant; §9 case 54"));
  add(R("GenSameIdentityBoundaryAllows", kGeneric, C::kSession, kSame)
          .Id({Allow()}).Pb(kFull)
          .Expect(kAllow, "§4.5 identity ∩ boundary"));
  add(R("GenSameIdentityBoundaryLacks", kGeneric, C::kUser, kSame)
          .Id({Allow()}).Pb(kOnlyS3)
          .Expect(kImplicit, "§4.5 boundary without an allow"));
  add(R("GenSameIdentityBoundaryDenies", kGeneric, C::kUser, kSame)
          .Id({Allow()}).Pb({Allow({"*"}), Deny()})
          .Expect(kExplicit, "§4.5 a Deny in the boundary is explicit"));
  add(R("GenSameBoundaryAlone", kGeneric, C::kSession, kSame).Id({}).Pb(kFull)
          .Expect(kImplicit, "§4.5 boundaries do not grant"));
  add(R("GenSameIdentitySessionPolicyAllows", kGeneric, C::kSession, kSame)
          .Id({Allow()}).Sp({Allow()})
          .Expect(kAllow, "§4.8 identity ∩ session policy"));
  add(R("GenSameIdentitySessionPolicyLacks", kGeneric, C::kSession, kSame)
          .Id({Allow()}).Sp(kOnlyS3)
          .Expect(kImplicit, "§4.8 session policy without an allow"));
  add(R("GenSameIdentityDeny", kGeneric, C::kSession, kSame)
          .Id({Allow(), Deny()})
          .Expect(kExplicit, "§4.2 explicit deny in identity"));
  add(R("GenSameRpDeny", kGeneric, C::kSession, kSame)
          .Rp({RpAllow({kSessionArn}), RpDeny({"*"})})
          .Expect(kExplicit, "§4.2 explicit deny in the resource policy"));
  add(R("GenSameRpAccountDeny", kGeneric, C::kSession, kSame)
          .Rp({RpDeny({kA})}).Id({Allow()})
          .Expect(kExplicit, "§2.3 an account principal in a Deny covers its principals"));
  add(R("GenSameRpDirectIdentityDeny", kGeneric, C::kSession, kSame)
          .Rp({RpAllow({kSessionArn})}).Id({Deny()})
          .Expect(kExplicit, "§4.2 identity deny beats a direct grant"));
  add(R("GenSameRpDirectSessionPolicyDeny", kGeneric, C::kSession, kSame)
          .Rp({RpAllow({kSessionArn})}).Sp({Allow({"*"}), Deny()})
          .Expect(kExplicit, "§4.8 a session-policy Deny beats RP-DIRECT"));
  add(R("GenSameScpFullAccess", kGeneric, C::kSession, kSame)
          .Id({Allow()}).Scp(kFull).Scp(kFull)
          .Expect(kAllow, "§4.6 every level allows"));
  add(R("GenSameScpLevelWithoutAllow", kGeneric, C::kSession, kSame)
          .Id({Allow()}).Scp(kFull).Scp({Deny({"s3:*"})})
          .Expect(kImplicit, "§4.6 a level without an allow; §9 case 79"));
  add(R("GenSameScpDeny", kGeneric, C::kSession, kSame)
          .Id({Allow()}).Scp({Allow({"*"}), Deny()})
          .Expect(kExplicit, "§4.6 SCP deny; §9 case 49"));
  add(R("GenSameScpNotApplied", kGeneric, C::kSession, kSame)
          .Id({Allow()}).Scp({Deny()}).NoScps()
          .Expect(kAllow, "§4.1 SCPs do not apply (management account); §9 case 80"));
  add(R("GenSameScpLimitsRpDirect", kGeneric, C::kSession, kSame)
          .Rp({RpAllow({kSessionArn})}).Scp(kOnlyS3)
          .Expect(kImplicit, "§4.6 SCPs limit even direct resource grants"));
  add(R("GenSameRcpDeny", kGeneric, C::kSession, kSame)
          .Id({Allow()}).Rcp({RpDeny({"*"})})
          .Expect(kExplicit, "§4.7 RCP deny"));
  add(R("GenSameRcpEmptyLevel", kGeneric, C::kSession, kSame)
          .Id({Allow()}).Rcp({})
          .Expect(kAllow, "§4.7 RCPFullAWSAccess is implied"));
  add(R("GenSameRcpDenyWithCondition", kGeneric, C::kSession, kSame)
          .Id({Allow()})
          .Rcp({When(RpDeny({"*"}), "StringNotEqualsIfExists",
                     "aws:PrincipalOrgID", {"o-customer"})})
          .Ctx("aws:PrincipalOrgID", "o-other")
          .Expect(kExplicit, "§4.7 RCP deny for another org; §9 case 81"));
  add(R("GenSameRootNoPolicies", kGeneric, C::kRoot, kSame)
          .Expect(kAllow, "§4.2 the root user needs no identity policy"));
  add(R("GenSameRootScpDeny", kGeneric, C::kRoot, kSame)
          .Scp({Allow({"*"}), Deny()})
          .Expect(kExplicit, "§4.6 SCPs bind a member account's root"));
  add(R("GenSameRootScpWithoutAllow", kGeneric, C::kRoot, kSame).Scp(kOnlyS3)
          .Expect(kImplicit, "§4.6 SCP level without an allow"));
  add(R("GenSameRootRpDeny", kGeneric, C::kRoot, kSame).Rp({RpDeny({kA})})
          .Expect(kExplicit, "§4.2 the root user is subject to explicit denies"));
  add(R("GenServiceNamed", kGeneric, C::kService, kSame)
          .Rp({RpAllowService(kService)}).NoScps()
          .Expect(kAllow, "§4.9 the resource policy names the service"));
  add(R("GenServiceNamedOtherCase", kGeneric, C::kService, kSame)
          .Rp({RpAllowService("EC2.amazonaws.com")}).NoScps()
          .Expect(kAllow, "§2.3 service names compare case-insensitively"));
  add(R("GenServiceOtherService", kGeneric, C::kService, kSame)
          .Rp({RpAllowService("lambda.amazonaws.com")}).NoScps()
          .Expect(kImplicit, "§2.3 another service"));
  add(R("GenServiceWildcard", kGeneric, C::kService, kSame)
          .Rp({RpAllow({"*"})}).NoScps()
          .Expect(kAllow, "§2.3 {AWS:*} also matches services (CHOICE)"));
  add(R("GenServiceAccountPrincipal", kGeneric, C::kService, kSame)
          .Rp({RpAllow({kA})}).NoScps()
          .Expect(kImplicit, "§2.3 an account principal never names a service"));
  add(R("GenServiceNoResourcePolicy", kGeneric, C::kService, kSame).NoScps()
          .Expect(kImplicit, "§4.9 only a resource policy can grant a service"));
  add(R("GenServiceRcpDeny", kGeneric, C::kService, kSame)
          .Rp({RpAllowService(kService)}).NoScps().Rcp({RpDeny({"*"})})
          .Expect(kExplicit, "§4.9 RCPs may restrict services"));
  add(R("GenAnonymousWildcard", kGeneric, C::kAnonymous, kSame)
          .Rp({RpAllowWildcard()}).NoScps()
          .Expect(kAllow, "§4.9 anonymous callers only through Principal *"));
  add(R("GenAnonymousAccountPrincipal", kGeneric, C::kAnonymous, kSame)
          .Rp({RpAllow({kA})}).NoScps()
          .Expect(kImplicit, "§4.9 an account principal never names anonymous"));
  add(R("GenNotPrincipalExemptsFullChain", kGeneric, C::kSession, kSame)
          .Rp({NotPrincipalDeny({kSessionArn, kRoleArn, Root(kA)})}).Id({Allow()})
          .Expect(kAllow, "§2.3 NotPrincipal names session, role and account"));
  add(R("GenNotPrincipalSessionOnly", kGeneric, C::kSession, kSame)
          .Rp({NotPrincipalDeny({kSessionArn})}).Id({Allow()})
          .Expect(kExplicit, "§2.3 NotPrincipal fail closed: parents missing"));
  add(R("GenNotPrincipalWithBoundary", kGeneric, C::kSession, kSame)
          .Rp({NotPrincipalDeny({kSessionArn, kRoleArn, Root(kA)})})
          .Id({Allow()}).Pb(kFull)
          .Expect(kExplicit, "§4.5 NotPrincipal+Deny always denies a bounded principal; §9 case 78"));
  add(R("GenNotPrincipalUserAndAccount", kGeneric, C::kUser, kSame)
          .Rp({NotPrincipalDeny({kUserArn, kA})}).Id({Allow()})
          .Expect(kAllow, "§2.3 user + account named: exempt"));
  add(R("GenNotPrincipalOtherUser", kGeneric, C::kUser, kSame)
          .Rp({NotPrincipalDeny({absl::StrCat("arn:aws:iam::", kA, ":user/bob"), kA})})
          .Id({Allow()})
          .Expect(kExplicit, "§2.3 NotPrincipal applies to everyone not named"));
  add(R("GenSameConditionNegatedMissingKey", kGeneric, C::kSession, kSame)
          .Id({When(Allow(), "StringNotEquals", "aws:PrincipalTag/env", {"prod"})})
          .Expect(kAllow, "§3.2 negated operator on a missing key; §9 case 64"));
  add(R("GenSameConditionNor", kGeneric, C::kSession, kSame)
          .Id({When(Allow(), "StringNotEquals", "aws:PrincipalTag/env", {"a", "b"})})
          .Ctx("aws:PrincipalTag/env", "a")
          .Expect(kImplicit, "§3.1 NOR over values; §9 case 65"));

  // ---- generic, cross account (§4.4) ----
  add(R("GenCrossIdentityNoRp", kGeneric, C::kSession, kCross).Id({Allow()})
          .Expect(kImplicit, "§4.4 no resource policy, no cross-account; §9 case 38"));
  add(R("GenCrossRpRoleNoIdentity", kGeneric, C::kSession, kCross)
          .Rp({RpAllow({kRoleArn})})
          .Expect(kImplicit, "§4.4 both sides must allow; §9 case 40"));
  add(R("GenCrossRpRoleAndIdentity", kGeneric, C::kSession, kCross)
          .Rp({RpAllow({kRoleArn})}).Id({Allow()})
          .Expect(kAllow, "§4.4 both sides allow; §9 case 36"));
  add(R("GenCrossRpAccountAndIdentity", kGeneric, C::kSession, kCross)
          .Rp({RpAllow({Root(kA)})}).Id({Allow()})
          .Expect(kAllow, "§4.4 account principal cross-account; §9 case 43"));
  add(R("GenCrossRpWildcardNoIdentity", kGeneric, C::kSession, kCross)
          .Rp({RpAllowWildcard()})
          .Expect(kImplicit, "§4.4 identity side needed; §9 case 86"));
  add(R("GenCrossRpSessionNoIdentity", kGeneric, C::kSession, kCross)
          .Rp({RpAllow({kSessionArn})})
          .Expect(kImplicit, "§4.4 a session-ARN grant still needs the identity side"));
  add(R("GenCrossBoundaryLacks", kGeneric, C::kSession, kCross)
          .Rp({RpAllow({kRoleArn})}).Id({Allow()}).Pb(kOnlyS3)
          .Expect(kImplicit, "§4.5 cross-account is always limited by the boundary"));
  add(R("GenCrossSessionPolicyAllows", kGeneric, C::kSession, kCross)
          .Rp({RpAllow({kRoleArn})}).Id({Allow()}).Sp({Allow()})
          .Expect(kAllow, "§4.4 identity ∩ session policy ∩ resource policy"));
  add(R("GenCrossRpOtherAccount", kGeneric, C::kSession, kCross)
          .Rp({RpAllow({Root(kE)})}).Id({Allow()})
          .Expect(kImplicit, "§2.3 the resource policy names only its own account"));
  add(R("GenCrossRootAccountGrant", kGeneric, C::kRoot, kCross)
          .Rp({RpAllow({kA})})
          .Expect(kAllow, "§4.4 the root user's identity side allows"));
  add(R("GenCrossScpWithoutAllow", kGeneric, C::kSession, kCross)
          .Rp({RpAllow({kRoleArn})}).Id({Allow()}).Scp(kOnlyS3)
          .Expect(kImplicit, "§4.4 the caller's SCPs apply cross-account"));
  add(R("GenCrossRpAccountDeny", kGeneric, C::kUser, kCross)
          .Rp({RpAllow({kUserArn}), RpDeny({kA})}).Id({Allow()})
          .Expect(kExplicit, "§4.2 deny of the resource account counts"));

  // ---- trust policies (§5.1) ----
  auto trust = [](Statement s) {  // trust statements have no Resource
    s.has_resource = false;
    s.resources.clear();
    return s;
  };
  add(R("TrustSameRoleArnNoIdentity", kTrust, C::kSession, kSame)
          .Rp({trust(RpAllow({kRoleArn}))})
          .Expect(kAllow, "§5.1 trust names the caller's role; §9 case 7"));
  // §5.4: sts:SetSourceIdentity in role chaining needs the caller's policy
  // even where a trust statement naming the caller suffices for AssumeRole.
  add(R("TrustSameRoleArnIdentityRequiredLacks", kTrust, C::kSession, kSame)
          .Rp({trust(RpAllow({kRoleArn}))}).IdentityRequired()
          .Expect(kImplicit, "§5.4 SetSourceIdentity in role chaining"));
  add(R("TrustSameSessionArnIdentityRequiredLacks", kTrust, C::kSession, kSame)
          .Rp({trust(RpAllow({kSessionArn}))}).IdentityRequired()
          .Expect(kImplicit, "§5.4 SetSourceIdentity in role chaining"));
  add(R("TrustSameRoleArnIdentityRequiredHas", kTrust, C::kSession, kSame)
          .Rp({trust(RpAllow({kRoleArn}))}).Id({Allow()}).IdentityRequired()
          .Expect(kAllow, "§5.4 SetSourceIdentity: both sides allow"));
  add(R("TrustSameRoleArnIdentityRequiredBoundary", kTrust, C::kSession, kSame)
          .Rp({trust(RpAllow({kRoleArn}))}).Id({Allow()}).Pb(kOnlyS3).IdentityRequired()
          .Expect(kImplicit, "§5.4 both sides, limited by the boundary"));
  add(R("TrustSameRootNoIdentity", kTrust, C::kSession, kSame)
          .Rp({trust(RpAllow({Root(kA)}))})
          .Expect(kImplicit, "§5.1 account trust needs an identity allow; §9 case 8"));
  add(R("TrustSameRootAndIdentity", kTrust, C::kSession, kSame)
          .Rp({trust(RpAllow({Root(kA)}))}).Id({Allow()})
          .Expect(kAllow, "§5.1 account trust + identity allow; §9 case 83"));
  add(R("TrustSameIdentityOnly", kTrust, C::kSession, kSame)
          .Rp({trust(RpAllow({absl::StrCat("arn:aws:iam::", kA, ":role/other")}))})
          .Id({Allow()})
          .Expect(kImplicit, "§5.1 an identity policy alone never suffices"));
  add(R("TrustSameNoTrustPolicy", kTrust, C::kSession, kSame).Id({Allow()})
          .Expect(kImplicit, "§5.1 the trust policy must always allow"));
  add(R("TrustSameRoleArnBoundaryLacks", kTrust, C::kSession, kSame)
          .Rp({trust(RpAllow({kRoleArn}))}).Pb(kOnlyS3)
          .Expect(kImplicit, "§4.3 role-ARN trust limited by boundary; §9 case 9"));
  add(R("TrustSameSessionArnBoundaryLacks", kTrust, C::kSession, kSame)
          .Rp({trust(RpAllow({kSessionArn}))}).Pb(kOnlyS3)
          .Expect(kAllow, "§4.3 session-ARN trust bypasses the boundary; §9 case 10"));
  add(R("TrustSameTagGateDeny", kTrust, C::kSession, kSame)
          .Rp({trust(RpAllow({kRoleArn}))})
          .Id({When(Deny(), "StringNotEquals",
                    "aws:ResourceTag/ataccama:edge:customer-provided", {"true"})})
          .Expect(kExplicit, "§3.2 negated operator on an absent tag; §9 case 11"));
  add(R("TrustSameUserArn", kTrust, C::kUser, kSame)
          .Rp({trust(RpAllow({kUserArn}))})
          .Expect(kAllow, "§5.1 trust names the user directly"));
  add(R("TrustCrossRootAndIdentity", kTrust, C::kSession, kCross)
          .Rp({trust(RpAllow({Root(kA)}))}).Id({Allow()})
          .Expect(kAllow, "§5.1 cross-account trust + identity; §9 case 1"));
  add(R("TrustCrossRoleNoIdentity", kTrust, C::kSession, kCross)
          .Rp({trust(RpAllow({kRoleArn}))})
          .Expect(kImplicit, "§5.1 cross-account needs the identity allow; §9 case 12"));
  add(R("TrustCrossTagGateAbsent", kTrust, C::kSession, kCross)
          .Rp({trust(RpAllow({Root(kA)}))})
          .Id({When(Allow(), "StringEquals",
                    "aws:ResourceTag/ataccama:edge:customer-provided", {"true"})})
          .Expect(kImplicit, "§5.2 untagged role; §9 case 2"));
  add(R("TrustCrossTagGateKeyCase", kTrust, C::kSession, kCross)
          .Rp({trust(RpAllow({Root(kA)}))})
          .Id({When(Allow(), "StringEquals",
                    "aws:ResourceTag/ataccama:edge:customer-provided", {"true"})})
          .Ctx("aws:ResourceTag/Ataccama:Edge:Customer-Provided", "true")
          .Expect(kAllow, "§1.4 key names case-insensitive; §9 case 4"));
  add(R("TrustCrossExternalIdMatches", kTrust, C::kSession, kCross)
          .Rp({trust(When(RpAllow({Root(kA)}), "StringEquals", "sts:ExternalId", {"7f3c"}))})
          .Id({Allow()}).Ctx("sts:ExternalId", "7f3c")
          .Expect(kAllow, "§5.3 ExternalId matches; §9 case 18"));
  add(R("TrustCrossExternalIdCase", kTrust, C::kSession, kCross)
          .Rp({trust(When(RpAllow({Root(kA)}), "StringEquals", "sts:ExternalId", {"7f3c"}))})
          .Id({Allow()}).Ctx("sts:ExternalId", "7F3C")
          .Expect(kImplicit, "§5.3 ExternalId is case-sensitive; §9 case 19"));
  add(R("TrustCrossExternalIdMissing", kTrust, C::kSession, kCross)
          .Rp({trust(When(RpAllow({Root(kA)}), "StringEquals", "sts:ExternalId", {"7f3c"}))})
          .Id({Allow()})
          .Expect(kImplicit, "§5.3 ExternalId absent; §9 case 20"));
  add(R("TrustCrossExternalIdIfExists", kTrust, C::kSession, kCross)
          .Rp({trust(When(RpAllow({Root(kA)}), "StringEqualsIfExists", "sts:ExternalId", {"7f3c"}))})
          .Id({Allow()})
          .Expect(kAllow, "§3.3 IfExists with an absent key; §9 case 21"));
  add(R("TrustCrossExternalIdDeny", kTrust, C::kSession, kCross)
          .Rp({trust(RpAllow({Root(kA)})),
               trust(When(RpDeny({"*"}), "StringNotEquals", "sts:ExternalId", {"7f3c"}))})
          .Id({Allow()})
          .Expect(kExplicit, "§3.2 negated operator, absent key; §9 case 22"));
  add(R("TrustCrossPrincipalArnCondition", kTrust, C::kSession, kCross)
          .Rp({trust(When(RpAllow({Root(kA)}), "ArnLike", "aws:PrincipalArn",
                          {absl::StrCat("arn:aws:iam::", kA, ":role/ap*")}))})
          .Id({Allow()}).Ctx("aws:PrincipalArn", kRoleArn)
          .Expect(kAllow, "§2.3 aws:PrincipalArn is the role ARN; §9 case 13"));
  add(R("TrustCrossPrincipalArnPath", kTrust, C::kPathSession, kCross)
          .Rp({trust(When(RpAllow({Root(kA)}), "ArnLike", "aws:PrincipalArn",
                          {absl::StrCat("arn:aws:iam::", kA, ":role/ap*")}))})
          .Id({Allow()}).Ctx("aws:PrincipalArn", kPathRoleArn)
          .Expect(kImplicit, "§2.3 the path is part of aws:PrincipalArn; §9 case 14"));
  add(R("TrustService", kTrust, C::kService, kSame)
          .Rp({trust(RpAllowService(kService))}).NoScps()
          .Expect(kAllow, "§5.7 only the trust policy matters for a service"));
  add(R("TrustCrossRcpDeny", kTrust, C::kSession, kCross)
          .Rp({trust(RpAllow({Root(kA)}))}).Id({Allow()})
          .Rcp({When(RpDeny({"*"}), "StringNotEqualsIfExists", "aws:PrincipalOrgID",
                     {"o-customer"})})
          .Ctx("aws:PrincipalOrgID", "o-other")
          .Expect(kExplicit, "§4.7 RCP on STS; §9 case 81"));

  // ---- key policies (§7.1) ----
  add(R("KeySameRootOnlyNoIdentity", kKey, C::kSession, kSame)
          .Rp({RpAllow({Root(kA)})})
          .Expect(kImplicit, "§7.1 delegation needs an IAM allow; §9 case 46"));
  add(R("KeySameRootAndIdentity", kKey, C::kSession, kSame)
          .Rp({RpAllow({Root(kA)})}).Id({Allow()})
          .Expect(kAllow, "§7.1 key policy enables IAM policies; §9 case 48"));
  add(R("KeySameIdentityWithoutDelegation", kKey, C::kSession, kSame)
          .Rp({RpAllow({absl::StrCat("arn:aws:iam::", kA, ":role/admin")})})
          .Id({Allow()})
          .Expect(kImplicit, "§7.1 IAM allows count only with the account statement"));
  add(R("KeySameNoKeyPolicy", kKey, C::kSession, kSame).Id({Allow()})
          .Expect(kImplicit, "§7.1 the key policy must allow"));
  add(R("KeySameRoleArn", kKey, C::kSession, kSame).Rp({RpAllow({kRoleArn})})
          .Expect(kAllow, "§7.1 key policy names the role; §9 case 47"));
  add(R("KeySameRoleArnSessionPolicyLacks", kKey, C::kSession, kSame)
          .Rp({RpAllow({kRoleArn})}).Sp(kOnlyS3)
          .Expect(kImplicit, "§7.1 RP-ENTITY subject to the session policy"));
  add(R("KeySameManagedKeyStatement", kKey, C::kSession, kSame)
          .Rp({When(When(RpAllow({"*"}), "StringEquals", "kms:ViaService",
                         {"secretsmanager.eu-west-1.amazonaws.com"}),
                    "StringEquals", "kms:CallerAccount", {kA})})
          .Ctx("kms:ViaService", "secretsmanager.eu-west-1.amazonaws.com")
          .Ctx("kms:CallerAccount", kA)
          .Expect(kAllow, "§6.6 aws/secretsmanager statement; §9 case 45"));
  add(R("KeyCrossManagedKeyStatement", kKey, C::kSession, kCross)
          .Rp({When(When(RpAllow({"*"}), "StringEquals", "kms:ViaService",
                         {"secretsmanager.eu-west-1.amazonaws.com"}),
                    "StringEquals", "kms:CallerAccount", {kE})})
          .Id({Allow()})
          .Ctx("kms:ViaService", "secretsmanager.eu-west-1.amazonaws.com")
          .Ctx("kms:CallerAccount", kA)
          .Expect(kImplicit, "§6.6 the managed key pins kms:CallerAccount; §9 case 44"));
  add(R("KeyCrossRoleAndIdentity", kKey, C::kSession, kCross)
          .Rp({RpAllow({Root(kE)}), RpAllow({kRoleArn})}).Id({Allow()})
          .Expect(kAllow, "§7.1 cross-account: key policy + IAM; §9 case 36"));
  add(R("KeyCrossRootOfOwnerOnly", kKey, C::kSession, kCross)
          .Rp({RpAllow({Root(kE)})}).Id({Allow()})
          .Expect(kImplicit, "§7.1 the owner's root covers only its own IAM; §9 case 39"));
  add(R("KeyCrossCallerAccount", kKey, C::kSession, kCross)
          .Rp({RpAllow({kA})}).Id({Allow()})
          .Expect(kAllow, "§7.1 key policy names the caller's account; §9 case 43"));
  add(R("KeyCrossRoleNoIdentity", kKey, C::kSession, kCross)
          .Rp({RpAllow({kRoleArn})})
          .Expect(kImplicit, "§7.1 neither side alone suffices; §9 case 41"));
  add(R("KeySameRootUserDelegation", kKey, C::kRoot, kSame)
          .Rp({RpAllow({Root(kA)})})
          .Expect(kAllow, "§7.1 the account principal delegates to IAM, root included"));
  add(R("KeySameRootUserNotDelegated", kKey, C::kRoot, kSame)
          .Rp({RpAllow({kRoleArn})})
          .Expect(kImplicit, "§4.2 a key policy that does not allow the account grants root nothing"));
  add(R("KeySameKeyPolicyDeny", kKey, C::kSession, kSame)
          .Rp({RpAllow({kRoleArn}), RpDeny({"*"})})
          .Expect(kExplicit, "§7.1 key policy deny"));
  add(R("KeySameIdentityDenyBeatsKeyPolicy", kKey, C::kSession, kSame)
          .Rp({RpAllow({kSessionArn})}).Id({Deny({"kms:*"})})
          .Expect(kExplicit, "§7.1 IAM denies still apply"));
  return v;
}

// --- running a row ---------------------------------------------------------

void FillActions(Statements* statements, const std::string& action) {
  for (Statement& s : *statements) {
    for (std::string& a : s.actions) {
      if (a == kTheAction) a = action;
    }
  }
}

std::vector<Policy> AsPolicies(Statements statements, PolicyKind kind,
                               const std::string& name,
                               const std::string& action) {
  FillActions(&statements, action);
  for (size_t i = 0; i < statements.size(); ++i) {
    statements[i].index = static_cast<int>(i);
  }
  std::vector<Policy> out;
  out.emplace_back(kind, PolicyVersion::k2012_10_17, name, std::move(statements));
  return out;
}

class DecisionMatrixTest : public ::testing::TestWithParam<Row> {};

TEST_P(DecisionMatrixTest, EngineAndReferenceFollowTheSpec) {
  const Row& row = GetParam();
  const std::string resource_account = row.cross_account ? kE : kA;
  const Target target = TargetFor(row.mode, resource_account);
  PrincipalFacts p = Facts(row.caller, row.boundary.has_value());

  // Policies, owned here; both evaluators read them.
  const PolicyKind rp_kind = row.mode == kTrust ? PolicyKind::kTrust
                             : row.mode == kKey ? PolicyKind::kKey
                                                : PolicyKind::kResource;
  std::vector<std::vector<Policy>> scps, rcps;
  for (size_t i = 0; i < row.scps.size(); ++i) {
    scps.push_back(AsPolicies(row.scps[i], PolicyKind::kScp,
                              absl::StrCat("scp", i), target.action));
  }
  for (size_t i = 0; i < row.rcps.size(); ++i) {
    rcps.push_back(AsPolicies(row.rcps[i], PolicyKind::kRcp,
                              absl::StrCat("rcp", i), target.action));
  }
  auto layer = [&](const std::optional<Statements>& s, PolicyKind kind,
                   const char* name) -> std::optional<std::vector<Policy>> {
    if (!s) return std::nullopt;
    return AsPolicies(*s, kind, name, target.action);
  };
  std::optional<std::vector<Policy>> rp = layer(row.rp, rp_kind, "rp");
  std::optional<std::vector<Policy>> id =
      layer(row.id, PolicyKind::kIdentity, "id");
  std::optional<std::vector<Policy>> pb =
      layer(row.boundary, PolicyKind::kPermissionsBoundary, "pb");
  std::optional<std::vector<Policy>> sp =
      layer(row.session, PolicyKind::kSession, "sp");

  // Engine.
  std::vector<std::unique_ptr<CompiledPolicySet>> owned;
  auto compile = [&](const std::vector<Policy>& policies) {
    absl::StatusOr<CompiledPolicySet> set =
        CompiledPolicySet::Compile(policies, policies.front().name());
    EXPECT_TRUE(set.ok()) << set.status();
    owned.push_back(std::make_unique<CompiledPolicySet>(std::move(*set)));
    return owned.back().get();
  };
  Layers layers;
  layers.mode = row.mode;
  layers.identity_required = row.identity_required;
  layers.scps_apply = row.scps_apply;
  for (const auto& level : scps) layers.scp_levels.push_back(compile(level));
  layers.rcps_apply = true;
  for (const auto& level : rcps) layers.rcp_levels.push_back(compile(level));
  if (rp) layers.resource_policy = compile(*rp);
  if (id) layers.identity = compile(*id);
  if (pb) layers.boundary = compile(*pb);
  if (sp) layers.session = compile(*sp);
  testing::FakeResolver keys;
  for (const auto& [k, v] : row.context) keys.Set(k, v);
  AuthzRequest req;
  req.principal = &p;
  req.action = target.action;
  req.action_lower = absl::AsciiStrToLower(target.action);
  req.resource = target.resource;
  req.resource_account = resource_account;
  req.keys = &keys;
  CallResult engine = Authorize(layers, req, /*explain=*/true);

  // Reference.
  testing::RefLayers ref;
  auto ref_layer = [](const std::vector<Policy>& policies) {
    testing::RefLayer out;
    for (const Policy& pol : policies) out.push_back(&pol);
    return out;
  };
  ref.mode = row.mode;
  ref.identity_required = row.identity_required;
  ref.scps_apply = row.scps_apply;
  for (const auto& level : scps) ref.scp_levels.push_back(ref_layer(level));
  ref.rcps_apply = true;
  for (const auto& level : rcps) ref.rcp_levels.push_back(ref_layer(level));
  if (rp) ref.resource_policy = ref_layer(*rp);
  if (id) ref.identity = ref_layer(*id);
  if (pb) ref.boundary = ref_layer(*pb);
  if (sp) ref.session = ref_layer(*sp);
  testing::RefRequest ref_req;
  ref_req.principal = p;
  ref_req.action = target.action;
  ref_req.resource = target.resource;
  ref_req.resource_account = resource_account;
  for (const auto& [k, v] : row.context) ref_req.context.push_back({k, {v}, false});
  testing::RefResult reference = testing::ReferenceEvaluate(ref, ref_req);

  EXPECT_EQ(DecisionName(engine.decision), DecisionName(row.expected))
      << "engine, rule: " << row.why;
  EXPECT_EQ(DecisionName(reference.decision), DecisionName(row.expected))
      << "reference evaluator, rule: " << row.why;
}

INSTANTIATE_TEST_SUITE_P(
    Matrix, DecisionMatrixTest, ::testing::ValuesIn(Rows()),
    [](const ::testing::TestParamInfo<Row>& info) { return info.param.name; });

TEST(DecisionMatrixShape, EnoughRowsWithUniqueNames) {
  std::vector<Row> rows = Rows();
  EXPECT_GE(rows.size(), 60u);
  std::set<std::string> names;
  for (const Row& r : rows) {
    EXPECT_TRUE(names.insert(r.name).second) << "duplicate row " << r.name;
    for (char c : r.name) {
      EXPECT_TRUE(absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_')
          << r.name;
    }
  }
}

}  // namespace
}  // namespace iameval
