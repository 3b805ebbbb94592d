// iameval: offline AWS IAM policy evaluation.

#include "aws/kms.h"

#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "base/source.h"

namespace iameval {
namespace aws {
namespace kms {

namespace {

Statement Allow(int index, std::string sid, PrincipalBlock principal,
                std::vector<std::string> actions) {
  Statement s;
  s.index = index;
  s.sid = std::move(sid);
  s.effect = Effect::kAllow;
  s.actions = std::move(actions);
  s.has_resource = true;
  s.resources = {"*"};
  s.principal_mode = PrincipalMode::kPrincipal;
  s.principal = std::move(principal);
  return s;
}

PrincipalBlock Aws(std::string principal) {
  PrincipalBlock p;
  p.aws = {std::move(principal)};
  return p;
}

ConditionClause StringEquals(std::string key, std::string value) {
  ConditionClause c;
  c.op = "StringEquals";
  c.key = std::move(key);
  c.values = {std::move(value)};
  return c;
}

}  // namespace

absl::Status CheckKeyArn(absl::string_view text, ArnView* out) {
  if (CheckArn(text, out).ok() && out->service == "kms" &&
      !out->region.empty() && IsAccountId(out->account) &&
      absl::StartsWith(out->resource, "key/") && out->resource.size() > 4) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      absl::StrCat("found ", Quote(text, 200), "; expected ", kKeyArnShape));
}

absl::Status ParseKeyId(absl::string_view text, KeyIdView* out) {
  *out = KeyIdView();
  bool ok = false;
  if (absl::StartsWith(text, "arn:")) {
    ArnView& arn = out->arn;
    ok = CheckArn(text, &arn).ok() && arn.service == "kms" &&
         !arn.region.empty() && IsAccountId(arn.account);
    if (ok && absl::StartsWith(arn.resource, "key/")) {
      out->form = KeyIdForm::kKeyArn;
      out->key_id = arn.resource.substr(4);
    } else if (ok && absl::StartsWith(arn.resource, "alias/")) {
      out->form = KeyIdForm::kAliasArn;
      out->alias = arn.resource;
      ok = arn.resource.size() > 6;
    } else {
      ok = false;
    }
    ok = ok && (out->form != KeyIdForm::kKeyArn || !out->key_id.empty());
  } else if (absl::StartsWith(text, "alias/")) {
    out->form = KeyIdForm::kAliasName;
    out->alias = text;
    ok = text.size() > 6;
  } else {
    out->form = KeyIdForm::kKeyId;
    out->key_id = text;
    ok = !text.empty() && text.find_first_of(":/") == absl::string_view::npos;
  }
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("found ", Quote(text, 200), "; expected ", kKeyIdShape));
}

std::string SecretsManagerKeyArn(absl::string_view partition,
                                 absl::string_view region,
                                 absl::string_view account) {
  return absl::StrCat("arn:", partition, ":kms:", region, ":", account,
                      ":key/", kSecretsManagerKeyId);
}

// As JSON (Secrets Manager User Guide), with A = `account`, r = `region`:
//   {"Version": "2012-10-17", "Id": "auto-secretsmanager-1", "Statement": [
//    {"Sid": "Allow access through AWS Secrets Manager for all principals in
//             the account that are authorized to use AWS Secrets Manager",
//     "Effect": "Allow", "Principal": {"AWS": "*"},
//     "Action": ["kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
//                "kms:CreateGrant", "kms:DescribeKey"],
//     "Resource": "*",
//     "Condition": {"StringEquals": {
//       "kms:ViaService": "secretsmanager.r.amazonaws.com",
//       "kms:CallerAccount": "A"}}},
//    {"Sid": "Allow direct access to key metadata to the account",
//     "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::A:root"},
//     "Action": ["kms:Describe*", "kms:Get*", "kms:List*",
//                "kms:RevokeGrant"],
//     "Resource": "*"}]}
// tests/aws/kms_test.cc checks this against Policy::Parse of that JSON.
Policy SecretsManagerKeyPolicy(absl::string_view partition,
                               absl::string_view region,
                               absl::string_view account) {
  Statement via_service = Allow(
      0,
      "Allow access through AWS Secrets Manager for all principals in the "
      "account that are authorized to use AWS Secrets Manager",
      Aws("*"),
      {"kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
       "kms:CreateGrant", "kms:DescribeKey"});
  via_service.conditions = {
      StringEquals("kms:ViaService", ViaService("secretsmanager", region)),
      StringEquals("kms:CallerAccount", std::string(account))};
  Statement metadata = Allow(
      1, "Allow direct access to key metadata to the account",
      Aws(absl::StrCat("arn:", partition, ":iam::", account, ":root")),
      {"kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"});
  std::vector<Statement> statements;
  statements.push_back(std::move(via_service));
  statements.push_back(std::move(metadata));
  return Policy(PolicyKind::kKey, PolicyVersion::k2012_10_17,
                "aws/secretsmanager key policy", std::move(statements));
}

// As JSON (KMS Developer Guide, "Default key policy"):
//   {"Version": "2012-10-17", "Id": "key-default-1", "Statement": [
//    {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
//     "Principal": {"AWS": "arn:aws:iam::A:root"}, "Action": "kms:*",
//     "Resource": "*"}]}
Policy DefaultKeyPolicy(absl::string_view partition, absl::string_view account,
                        std::string name) {
  std::vector<Statement> statements;
  statements.push_back(
      Allow(0, "Enable IAM User Permissions",
            Aws(absl::StrCat("arn:", partition, ":iam::", account, ":root")),
            {"kms:*"}));
  return Policy(PolicyKind::kKey, PolicyVersion::k2012_10_17, std::move(name),
                std::move(statements));
}

namespace {

constexpr absl::string_view kNoCallerAccount[] = {
    "kms:GenerateRandom", "kms:ListAliases", "kms:ListKeys",
    "kms:ListRetirableGrants", "kms:SynchronizeMultiRegionKey"};

constexpr absl::string_view kEncryptionAlgorithm[] = {
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyPair",
    "kms:GenerateDataKeyPairWithoutPlaintext",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo"};

// Every list holds kms: actions: anything else is rejected by one compare.
bool InList(absl::string_view action, absl::Span<const absl::string_view> l) {
  if (!absl::StartsWithIgnoreCase(action, "kms:")) return false;
  for (absl::string_view a : l) {
    if (absl::EqualsIgnoreCase(action, a)) return true;
  }
  return false;
}

}  // namespace

std::string ReservedAliasProblem(absl::string_view action,
                                 absl::string_view resource) {
  constexpr absl::string_view kAliasActions[] = {
      "kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"};
  ArnView arn;
  if (!InList(action, kAliasActions) || !CheckArn(resource, &arn).ok() ||
      arn.service != "kms" ||
      !absl::StartsWith(arn.resource, kReservedAliasPrefix)) {
    return "";
  }
  return absl::StrCat("alias names beginning with ", kReservedAliasPrefix,
                      " are reserved for AWS managed keys: KMS refuses ",
                      action, " on ", arn.resource,
                      " whatever the policies say");
}

bool CarriesCallerAccount(absl::string_view action) {
  return absl::StartsWithIgnoreCase(action, "kms:") &&
         !InList(action, kNoCallerAccount);
}

bool CarriesEncryptionAlgorithm(absl::string_view action) {
  return InList(action, kEncryptionAlgorithm);
}

std::string ViaService(absl::string_view service, absl::string_view region) {
  return absl::StrCat(service, ".", region, ".amazonaws.com");
}

}  // namespace kms
}  // namespace aws
}  // namespace iameval
