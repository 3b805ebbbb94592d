// iameval: offline AWS IAM policy evaluation.

#include "eval/request_keys.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace iameval {

namespace {

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
  v.present = !values.empty();  // an empty set counts as absent
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

// Whether the explicit context applies to `key` on this call.
bool ExplicitApplies(const CallFacts& f, const CompiledKey& key) {
  return !f.forward_access ||
         (key.info != nullptr &&
          key.info->forward == aws::ForwardAccess::kCarried);
}

}  // namespace

ResolvedContext ResolveContext(const Context& context) {
  ResolvedContext out;
  out.reserve(context.entries().size());
  for (const Context::Entry& e : context.entries()) {
    out.push_back({aws::FindConditionKey(e.lower), e.lower, &e.value});
  }
  return out;
}

const ContextValue* RequestKeys::FindExplicit(const CompiledKey& key) const {
  // Rows first: the rows of two different names differ, except within a
  // family (aws:PrincipalTag/<k>, <service>:ResourceTag/<k>) or for keys
  // the table does not know, where the names decide. Both names are
  // lowercase already.
  for (const ContextSlot& slot : *explicit_) {
    if (slot.info == key.info && slot.lower == key.name) return slot.value;
  }
  return nullptr;
}

KeyValues RequestKeys::Lookup(const CompiledKey& key) const {
  const CallFacts& f = *facts_;
  if (explicit_ != nullptr && !explicit_->empty() &&
      ExplicitApplies(f, key)) {
    if (const ContextValue* cv = FindExplicit(key)) {
      KeyValues v;
      v.data = cv->values.data();
      v.size = cv->values.size();
      v.multivalued = cv->multivalued;
      v.present = !(cv->multivalued && cv->values.empty());
      return v;
    }
  }
  if (key.info == nullptr) return KeyValues();
  using aws::Derived;
  switch (key.info->derived) {
    case Derived::kNone: return KeyValues();
    case Derived::kPrincipalArn: return Single(f.principal_arn);
    case Derived::kPrincipalAccount: return Single(f.principal_account);
    case Derived::kPrincipalType: return Single(f.principal_type);
    case Derived::kUserId: return Single(f.userid);
    case Derived::kUserName: return Single(f.username);
    case Derived::kPrincipalOrgId: return Single(f.principal_org_id);
    case Derived::kPrincipalOrgPaths: return List(f.principal_org_paths);
    case Derived::kPrincipalTag: {
      KeyValues v = FromTags(f.session_tags, key.suffix);
      return v.present ? v : FromTags(f.principal_tags, key.suffix);
    }
    case Derived::kSourceIdentity: return Single(f.source_identity);
    case Derived::kTokenIssueTime: return Single(f.token_issue_time);
    case Derived::kMfaPresent: return Single(f.mfa_present);
    case Derived::kPrincipalIsAwsService: return Single(f.principal_is_service);
    case Derived::kPrincipalServiceName:
      return Single(f.principal_service_name);
    case Derived::kResourceAccount: return Single(f.resource_account);
    case Derived::kResourceOrgId: return Single(f.resource_org_id);
    case Derived::kResourceOrgPaths: return List(f.resource_org_paths);
    case Derived::kResourceTag:
      return FromTags(f.resource_tags, key.suffix);
    case Derived::kServiceResourceTag:
      // secretsmanager:ResourceTag/<k> only for secrets, iam:ResourceTag/<k>
      // only for roles, ... (docs/semantics.md#resource-tags).
      if (key.service != f.resource_service) return KeyValues();
      return FromTags(f.resource_tags, key.suffix);
    case Derived::kRequestedRegion: return Single(f.requested_region);
    case Derived::kCurrentTime: return Single(f.current_time);
    case Derived::kEpochTime: return Single(f.epoch_time);
    case Derived::kSecureTransport: {
      static const std::string kTrue = "true";
      return Single(kTrue);
    }
    case Derived::kViaAwsService: return Single(f.via_aws_service);
    case Derived::kRequestTag: return FromTags(f.request_tags, key.suffix);
    case Derived::kTagKeys: return List(f.tag_keys, f.has_tag_keys);
    case Derived::kRoleSessionName: return Single(f.role_session_name);
    case Derived::kExternalId: return Single(f.external_id);
    case Derived::kStsSourceIdentity: return Single(f.sts_source_identity);
    case Derived::kTransitiveTagKeys:
      return List(f.transitive_tag_keys, f.has_transitive_tag_keys);
    case Derived::kSecretId: return Single(f.secret_id);
    case Derived::kKmsViaService: return Single(f.kms_via_service);
    case Derived::kKmsCallerAccount: return Single(f.kms_caller_account);
    case Derived::kKmsEncryptionContext:
      for (const auto& [k, v] : f.kms_encryption_context) {
        if (k == key.suffix) return Single(v);
      }
      return KeyValues();
    case Derived::kKmsEncryptionContextKeys:
      return List(f.kms_ec_keys, !f.kms_ec_keys.empty());
    case Derived::kKmsEncryptionAlgorithm:
      return Single(f.kms_encryption_algorithm);
    case Derived::kKmsResourceAliases: return List(f.resource_aliases);
  }
  return KeyValues();
}

std::string RequestKeys::Provenance(const CompiledKey& key) const {
  if (explicit_ == nullptr || ExplicitApplies(*facts_, key) ||
      FindExplicit(key) == nullptr) {
    return "";
  }
  const bool derived = key.info != nullptr &&
                       key.info->forward == aws::ForwardAccess::kRederived;
  return absl::StrCat(
      "the request's context sets it for the direct call, but this forward "
      "access request (a call the service makes with the caller's identity) ",
      derived ? "derives its own value" : "does not carry it");
}

}  // namespace iameval
