// iameval: offline AWS IAM policy evaluation.

#include "eval/request_keys.h"

#include <utility>

#include "absl/strings/match.h"

namespace iameval {

namespace {

enum class Derived {
  kPrincipalArn,
  kPrincipalAccount,
  kPrincipalType,
  kUserId,
  kUserName,
  kPrincipalOrgId,
  kPrincipalOrgPaths,
  kSourceIdentity,
  kTokenIssueTime,
  kMfaPresent,
  kPrincipalIsAwsService,
  kPrincipalServiceName,
  kResourceAccount,
  kResourceOrgId,
  kResourceOrgPaths,
  kRequestedRegion,
  kSecretId,
  kResourceAliases,
  kCurrentTime,
  kEpochTime,
  kSecureTransport,
  kViaAwsService,
  kRoleSessionName,
  kExternalId,
  kStsSourceIdentity,
  kDurationSeconds,
  kTagKeys,
  kTransitiveTagKeys,
  kKmsViaService,
  kKmsCallerAccount,
  kKmsEcSecretArn,
  kKmsEcVersionId,
  kKmsEcKeys,
  kKmsEncryptionAlgorithm,
};

const absl::flat_hash_map<std::string, Derived>& DerivedTable() {
  static const auto* table = new absl::flat_hash_map<std::string, Derived>{
      {"aws:principalarn", Derived::kPrincipalArn},
      {"aws:principalaccount", Derived::kPrincipalAccount},
      {"aws:principaltype", Derived::kPrincipalType},
      {"aws:userid", Derived::kUserId},
      {"aws:username", Derived::kUserName},
      {"aws:principalorgid", Derived::kPrincipalOrgId},
      {"aws:principalorgpaths", Derived::kPrincipalOrgPaths},
      {"aws:sourceidentity", Derived::kSourceIdentity},
      {"aws:tokenissuetime", Derived::kTokenIssueTime},
      {"aws:multifactorauthpresent", Derived::kMfaPresent},
      {"aws:principalisawsservice", Derived::kPrincipalIsAwsService},
      {"aws:principalservicename", Derived::kPrincipalServiceName},
      {"aws:resourceaccount", Derived::kResourceAccount},
      {"aws:resourceorgid", Derived::kResourceOrgId},
      {"aws:resourceorgpaths", Derived::kResourceOrgPaths},
      {"aws:requestedregion", Derived::kRequestedRegion},
      {"secretsmanager:secretid", Derived::kSecretId},
      {"kms:resourcealiases", Derived::kResourceAliases},
      {"aws:currenttime", Derived::kCurrentTime},
      {"aws:epochtime", Derived::kEpochTime},
      {"aws:securetransport", Derived::kSecureTransport},
      {"aws:viaawsservice", Derived::kViaAwsService},
      {"sts:rolesessionname", Derived::kRoleSessionName},
      {"sts:externalid", Derived::kExternalId},
      {"sts:sourceidentity", Derived::kStsSourceIdentity},
      {"sts:durationseconds", Derived::kDurationSeconds},
      {"aws:tagkeys", Derived::kTagKeys},
      {"sts:transitivetagkeys", Derived::kTransitiveTagKeys},
      {"kms:viaservice", Derived::kKmsViaService},
      {"kms:calleraccount", Derived::kKmsCallerAccount},
      {"kms:encryptioncontext:secretarn", Derived::kKmsEcSecretArn},
      {"kms:encryptioncontext:secretversionid", Derived::kKmsEcVersionId},
      {"kms:encryptioncontextkeys", Derived::kKmsEcKeys},
      {"kms:encryptionalgorithm", Derived::kKmsEncryptionAlgorithm},
  };
  return *table;
}

KeyValues Single(const std::string& value) {
  if (value.empty()) return KeyValues();
  KeyValues v;
  v.data = &value;
  v.size = 1;
  v.present = true;
  return v;
}

KeyValues List(const std::vector<std::string>& values, bool present) {
  if (!present) return KeyValues();
  KeyValues v;
  v.data = values.data();
  v.size = values.size();
  v.present = !values.empty();  // an empty set counts as absent (§3.4)
  v.multivalued = true;
  return v;
}

KeyValues List(const std::vector<std::string>* values) {
  if (values == nullptr || values->empty()) return KeyValues();
  return List(*values, true);
}

KeyValues Single(const std::string* value) {
  return value == nullptr ? KeyValues() : Single(*value);
}

KeyValues FromTags(const TagMap* map, const std::string& key) {
  if (map == nullptr) return KeyValues();
  auto it = map->find(key);
  if (it == map->end()) return KeyValues();
  KeyValues v;
  v.data = &it->second;
  v.size = 1;
  v.present = true;
  return v;
}

bool IsNetworkKey(absl::string_view lower) {
  return lower == "aws:sourceip" || lower == "aws:sourcevpc" ||
         lower == "aws:sourcevpce" || lower == "aws:vpcsourceip" ||
         lower == "aws:calledvia" || lower == "aws:calledviafirst" ||
         lower == "aws:calledvialast";
}

}  // namespace

KeyValues RequestKeys::Lookup(const CompiledKey& key) const {
  const CallFacts& f = *facts_;
  if (explicit_ != nullptr && !explicit_->empty() &&
      !(f.drop_network_keys && IsNetworkKey(key.name))) {
    if (const ContextValue* cv = explicit_->Find(key.name)) {
      KeyValues v;
      v.data = cv->values.data();
      v.size = cv->values.size();
      v.multivalued = cv->multivalued;
      v.present = !(cv->multivalued && cv->values.empty());
      return v;
    }
  }
  switch (key.kind) {
    case KeyKind::kPrincipalTag: {
      KeyValues v = FromTags(f.session_tags, key.suffix);
      return v.present ? v : FromTags(f.principal_tags, key.suffix);
    }
    case KeyKind::kResourceTag: {
      KeyValues v = FromTags(f.resource_tag_overlay, key.suffix);
      return v.present ? v : FromTags(f.resource_tags, key.suffix);
    }
    case KeyKind::kRequestTag:
      return FromTags(f.request_tags, key.suffix);
    case KeyKind::kGeneric:
      break;
  }
  const auto& table = DerivedTable();
  auto it = table.find(key.name);
  if (it == table.end()) return KeyValues();
  switch (it->second) {
    case Derived::kPrincipalArn: return Single(f.principal_arn);
    case Derived::kPrincipalAccount: return Single(f.principal_account);
    case Derived::kPrincipalType: return Single(f.principal_type);
    case Derived::kUserId: return Single(f.userid);
    case Derived::kUserName: return Single(f.username);
    case Derived::kPrincipalOrgId: return Single(f.principal_org_id);
    case Derived::kPrincipalOrgPaths:
      return List(f.principal_org_paths);
    case Derived::kSourceIdentity: return Single(f.source_identity);
    case Derived::kTokenIssueTime: return Single(f.token_issue_time);
    case Derived::kMfaPresent: return Single(f.mfa_present);
    case Derived::kPrincipalIsAwsService: return Single(f.principal_is_service);
    case Derived::kPrincipalServiceName: return Single(f.principal_service_name);
    case Derived::kResourceAccount: return Single(f.resource_account);
    case Derived::kResourceOrgId: return Single(f.resource_org_id);
    case Derived::kResourceOrgPaths:
      return List(f.resource_org_paths);
    case Derived::kRequestedRegion: return Single(f.requested_region);
    case Derived::kSecretId: return Single(f.secret_id);
    case Derived::kResourceAliases:
      return List(f.resource_aliases);
    case Derived::kCurrentTime: return Single(f.current_time);
    case Derived::kEpochTime: return Single(f.epoch_time);
    case Derived::kSecureTransport: {
      static const std::string kTrue = "true";
      return Single(kTrue);
    }
    case Derived::kViaAwsService: return Single(f.via_aws_service);
    case Derived::kRoleSessionName: return Single(f.role_session_name);
    case Derived::kExternalId: return Single(f.external_id);
    case Derived::kStsSourceIdentity: return Single(f.sts_source_identity);
    case Derived::kDurationSeconds: return Single(f.duration_seconds);
    case Derived::kTagKeys: return List(f.tag_keys, f.has_tag_keys);
    case Derived::kTransitiveTagKeys:
      return List(f.transitive_tag_keys, f.has_transitive_tag_keys);
    case Derived::kKmsViaService: return Single(f.kms_via_service);
    case Derived::kKmsCallerAccount: return Single(f.kms_caller_account);
    case Derived::kKmsEcSecretArn: return Single(f.kms_ec_secret_arn);
    case Derived::kKmsEcVersionId: return Single(f.kms_ec_version_id);
    case Derived::kKmsEcKeys:
      return List(f.kms_ec_keys, !f.kms_ec_keys.empty());
    case Derived::kKmsEncryptionAlgorithm:
      return Single(f.kms_encryption_algorithm);
  }
  return KeyValues();
}

std::vector<std::pair<std::string, std::vector<std::string>>>
RequestKeys::Dump() const {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& [name, derived] : DerivedTable()) {
    (void)derived;
    KeyValues v = Lookup(CompileKey(name));
    if (!v.present) continue;
    out.emplace_back(name, std::vector<std::string>(v.begin(), v.end()));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace iameval
