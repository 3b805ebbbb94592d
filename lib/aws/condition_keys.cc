// iameval: offline AWS IAM policy evaluation.
//
// The condition key table. Sources: the IAM User Guide's "AWS global
// condition context keys" and "IAM and AWS STS condition context keys", the
// KMS Developer Guide's "AWS KMS condition keys", the Secrets Manager
// permissions reference, and the Service Authorization Reference. Choices
// where they are silent are in docs/semantics.md#context.

#include "aws/condition_keys.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace iameval {
namespace aws {

namespace {

using T = KeyType;
using S = KeySource;
using F = ForwardAccess;
using D = Derived;
constexpr bool kMulti = true;
constexpr bool kSingle = false;

// clang-format off
constexpr ConditionKeyInfo kKeys[] = {
  // Global keys: the caller.
  {"aws:PrincipalArn",              T::kArn,       kSingle, S::kCaller, F::kCarried, D::kPrincipalArn},
  {"aws:PrincipalAccount",          T::kString,    kSingle, S::kCaller, F::kCarried, D::kPrincipalAccount},
  {"aws:PrincipalOrgID",            T::kString,    kSingle, S::kCaller, F::kCarried, D::kPrincipalOrgId},
  {"aws:PrincipalOrgPaths",         T::kString,    kMulti,  S::kCaller, F::kCarried, D::kPrincipalOrgPaths},
  {"aws:PrincipalTag/",             T::kString,    kSingle, S::kCaller, F::kCarried, D::kPrincipalTag},
  {"aws:PrincipalType",             T::kString,    kSingle, S::kCaller, F::kCarried, D::kPrincipalType},
  {"aws:userid",                    T::kString,    kSingle, S::kCaller, F::kCarried, D::kUserId},
  {"aws:username",                  T::kString,    kSingle, S::kCaller, F::kCarried, D::kUserName},
  {"aws:PrincipalIsAWSService",     T::kBool,      kSingle, S::kCaller, F::kCarried, D::kPrincipalIsAwsService},
  {"aws:PrincipalServiceName",      T::kString,    kSingle, S::kCaller, F::kCarried, D::kPrincipalServiceName},
  {"aws:PrincipalServiceNamesList", T::kString,    kMulti,  S::kCaller, F::kCarried, D::kNone},
  {"aws:AssumedRoot",               T::kBool,      kSingle, S::kCaller, F::kCarried, D::kNone},
  {"aws:SourceIdentity",            T::kString,    kSingle, S::kCaller, F::kCarried, D::kSourceIdentity},
  {"aws:TokenIssueTime",            T::kDate,      kSingle, S::kCaller, F::kCarried, D::kTokenIssueTime},
  {"aws:MultiFactorAuthPresent",    T::kBool,      kSingle, S::kCaller, F::kCarried, D::kMfaPresent},
  {"aws:MultiFactorAuthAge",        T::kNumeric,   kSingle, S::kCaller, F::kCarried, D::kNone},
  {"aws:FederatedProvider",         T::kString,    kSingle, S::kCaller, F::kCarried, D::kNone},
  {"aws:Ec2InstanceSourceVpc",      T::kString,    kSingle, S::kNetwork, F::kDropped, D::kNone},
  {"aws:Ec2InstanceSourcePrivateIPv4", T::kIpAddress, kSingle, S::kNetwork, F::kDropped, D::kNone},
  // Global keys: the network path. aws:SourceIp is preserved on forward
  // access requests; the VPC keys are not (docs/semantics.md#implied-decrypt).
  {"aws:SourceIp",                  T::kIpAddress, kSingle, S::kNetwork, F::kCarried, D::kNone},
  {"aws:SourceVpc",                 T::kString,    kSingle, S::kNetwork, F::kDropped, D::kNone},
  {"aws:SourceVpce",                T::kString,    kSingle, S::kNetwork, F::kDropped, D::kNone},
  {"aws:SourceVpcArn",              T::kArn,       kSingle, S::kNetwork, F::kDropped, D::kNone},
  {"aws:VpcSourceIp",               T::kIpAddress, kSingle, S::kNetwork, F::kDropped, D::kNone},
  {"aws:VpceAccount",               T::kString,    kSingle, S::kNetwork, F::kDropped, D::kNone},
  {"aws:VpceOrgID",                 T::kString,    kSingle, S::kNetwork, F::kDropped, D::kNone},
  {"aws:VpceOrgPaths",              T::kString,    kMulti,  S::kNetwork, F::kDropped, D::kNone},
  // Global keys: the environment.
  {"aws:CurrentTime",               T::kDate,      kSingle, S::kEnvironment, F::kCarried, D::kCurrentTime},
  {"aws:EpochTime",                 T::kDate,      kSingle, S::kEnvironment, F::kCarried, D::kEpochTime},
  {"aws:SecureTransport",           T::kBool,      kSingle, S::kEnvironment, F::kCarried, D::kSecureTransport},
  // Global keys: the call.
  {"aws:ViaAWSService",             T::kBool,      kSingle, S::kCall, F::kRederived, D::kViaAwsService},
  {"aws:CalledVia",                 T::kString,    kMulti,  S::kCall, F::kDropped, D::kNone},
  {"aws:CalledViaFirst",            T::kString,    kSingle, S::kCall, F::kDropped, D::kNone},
  {"aws:CalledViaLast",             T::kString,    kSingle, S::kCall, F::kDropped, D::kNone},
  {"aws:RequestedRegion",           T::kString,    kSingle, S::kCall, F::kRederived, D::kRequestedRegion},
  {"aws:RequestTag/",               T::kString,    kSingle, S::kCall, F::kDropped, D::kRequestTag},
  {"aws:TagKeys",                   T::kString,    kMulti,  S::kCall, F::kDropped, D::kTagKeys},
  {"aws:SourceAccount",             T::kString,    kSingle, S::kCall, F::kDropped, D::kNone},
  {"aws:SourceArn",                 T::kArn,       kSingle, S::kCall, F::kDropped, D::kNone},
  {"aws:SourceOrgID",               T::kString,    kSingle, S::kCall, F::kDropped, D::kNone},
  {"aws:SourceOrgPaths",            T::kString,    kMulti,  S::kCall, F::kDropped, D::kNone},
  {"aws:SourceOwner",               T::kString,    kSingle, S::kCall, F::kDropped, D::kNone},
  {"aws:UserAgent",                 T::kString,    kSingle, S::kCall, F::kDropped, D::kNone},
  {"aws:referer",                   T::kString,    kSingle, S::kCall, F::kDropped, D::kNone},
  // Global keys: the resource.
  {"aws:ResourceTag/",              T::kString,    kSingle, S::kResource, F::kRederived, D::kResourceTag},
  {"aws:ResourceAccount",           T::kString,    kSingle, S::kResource, F::kRederived, D::kResourceAccount},
  {"aws:ResourceOrgID",             T::kString,    kSingle, S::kResource, F::kRederived, D::kResourceOrgId},
  {"aws:ResourceOrgPaths",          T::kString,    kMulti,  S::kResource, F::kRederived, D::kResourceOrgPaths},
  // Service-prefixed resource tags (secretsmanager:ResourceTag/<k>,
  // iam:ResourceTag/<k>, ...): only for resources of that service.
  {"<service>:ResourceTag/",        T::kString,    kSingle, S::kResource, F::kRederived, D::kServiceResourceTag},
  // AWS STS (sts:AssumeRole and the calls it implies).
  {"sts:RoleSessionName",           T::kString,    kSingle, S::kCall, F::kDropped, D::kRoleSessionName},
  {"sts:ExternalId",                T::kString,    kSingle, S::kCall, F::kDropped, D::kExternalId},
  {"sts:SourceIdentity",            T::kString,    kSingle, S::kCall, F::kDropped, D::kStsSourceIdentity},
  // Not in an AssumeRole request: AWS documents it for STS bearer tokens
  // only (docs/semantics.md#assumerole-context).
  {"sts:DurationSeconds",           T::kNumeric,   kSingle, S::kCall, F::kDropped, D::kNone},
  {"sts:TransitiveTagKeys",         T::kString,    kMulti,  S::kCall, F::kDropped, D::kTransitiveTagKeys},
  // AWS KMS.
  {"kms:ViaService",                T::kString,    kSingle, S::kCall, F::kRederived, D::kKmsViaService},
  {"kms:CallerAccount",             T::kString,    kSingle, S::kCaller, F::kRederived, D::kKmsCallerAccount},
  {"kms:EncryptionContext:",        T::kString,    kSingle, S::kCall, F::kRederived, D::kKmsEncryptionContext},
  {"kms:EncryptionContextKeys",     T::kString,    kMulti,  S::kCall, F::kRederived, D::kKmsEncryptionContextKeys},
  {"kms:EncryptionAlgorithm",       T::kString,    kSingle, S::kCall, F::kRederived, D::kKmsEncryptionAlgorithm},
  {"kms:RequestAlias",              T::kString,    kSingle, S::kCall, F::kDropped, D::kNone},
  {"kms:ResourceAliases",           T::kString,    kMulti,  S::kResource, F::kRederived, D::kKmsResourceAliases},
  {"kms:GrantIsForAWSResource",     T::kBool,      kSingle, S::kCall, F::kDropped, D::kNone},
  {"kms:GrantOperations",           T::kString,    kMulti,  S::kCall, F::kDropped, D::kNone},
  {"kms:GranteePrincipal",          T::kString,    kSingle, S::kCall, F::kDropped, D::kNone},
  // AWS Secrets Manager.
  {"secretsmanager:SecretId",       T::kArn,       kSingle, S::kCall, F::kDropped, D::kSecretId},
  {"secretsmanager:VersionStage",   T::kString,    kSingle, S::kCall, F::kDropped, D::kNone},
  {"secretsmanager:VersionId",      T::kString,    kSingle, S::kCall, F::kDropped, D::kNone},
  {"secretsmanager:Name",           T::kString,    kSingle, S::kCall, F::kDropped, D::kNone},
  {"secretsmanager:Description",    T::kString,    kSingle, S::kCall, F::kDropped, D::kNone},
  {"secretsmanager:KmsKeyId",       T::kString,    kSingle, S::kCall, F::kDropped, D::kNone},
  {"secretsmanager:BlockPublicPolicy", T::kBool,   kSingle, S::kCall, F::kDropped, D::kNone},
  {"secretsmanager:RecoveryWindowInDays", T::kNumeric, kSingle, S::kCall, F::kDropped, D::kNone},
  {"secretsmanager:AddReplicaRegions", T::kString, kMulti,  S::kCall, F::kDropped, D::kNone},
  {"secretsmanager:ForceOverwriteReplicaSecret", T::kBool, kSingle, S::kCall, F::kDropped, D::kNone},
  {"secretsmanager:resource/AllowRotationLambdaArn", T::kArn, kSingle, S::kResource, F::kRederived, D::kNone},
};
// clang-format on

constexpr absl::string_view kServiceResourceTagRow = "<service>:ResourceTag/";
constexpr absl::string_view kResourceTagPart = "resourcetag/";

struct Index {
  // Lowercased exact names and family prefixes -> row.
  absl::flat_hash_map<std::string, const ConditionKeyInfo*> by_name;
  const ConditionKeyInfo* service_resource_tag = nullptr;
};

const Index& GetIndex() {
  static const Index* index = [] {
    auto* out = new Index;
    for (const ConditionKeyInfo& k : kKeys) {
      if (k.name == kServiceResourceTagRow) {
        out->service_resource_tag = &k;
        continue;
      }
      out->by_name[absl::AsciiStrToLower(k.name)] = &k;
    }
    return out;
  }();
  return *index;
}

}  // namespace

absl::Span<const ConditionKeyInfo> AllConditionKeys() { return kKeys; }

absl::string_view ResourceTagService(absl::string_view lower) {
  const size_t colon = lower.find(':');
  if (colon == absl::string_view::npos || colon == 0) return "";
  absl::string_view service = lower.substr(0, colon);
  if (service == "aws" ||
      !absl::StartsWith(lower.substr(colon + 1), kResourceTagPart)) {
    return "";
  }
  return service;
}

const ConditionKeyInfo* FindConditionKey(absl::string_view lower,
                                         absl::string_view* suffix) {
  const Index& index = GetIndex();
  if (auto it = index.by_name.find(lower); it != index.by_name.end()) {
    if (suffix != nullptr) *suffix = "";
    return it->second;
  }
  // Families: "<prefix>/<tag>" (the prefix ends at the first '/') and
  // "kms:encryptioncontext:<key>" (at the second ':'). Tag keys and
  // encryption-context keys may themselves contain ':' and '/'.
  const size_t colon = lower.find(':');
  if (colon == absl::string_view::npos) return nullptr;
  for (char separator : {'/', ':'}) {
    const size_t end = lower.find(separator, colon + 1);
    if (end == absl::string_view::npos) continue;
    const ConditionKeyInfo* row = nullptr;
    auto it = index.by_name.find(lower.substr(0, end + 1));
    if (it != index.by_name.end() && it->second->family()) {
      row = it->second;
    } else if (separator == '/' && end == colon + kResourceTagPart.size() &&
               !ResourceTagService(lower).empty()) {
      row = index.service_resource_tag;
    }
    if (row == nullptr) continue;
    if (suffix != nullptr) *suffix = lower.substr(end + 1);
    return row;
  }
  return nullptr;
}

bool IsDerivedFact(const ConditionKeyInfo& info) {
  switch (info.derived) {
    case Derived::kNone:
    // Derived only for the kms:Decrypt Secrets Manager makes, where the
    // caller's context does not apply (kRederived): on a direct call the
    // encryption context is the call's own parameter, so a context value
    // overrides nothing.
    case Derived::kKmsEncryptionContext:
    case Derived::kKmsEncryptionContextKeys:
      return false;
    default:
      return info.source != KeySource::kEnvironment &&
             info.source != KeySource::kNetwork;
  }
}

}  // namespace aws
}  // namespace iameval
