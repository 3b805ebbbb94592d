// iameval: offline AWS IAM policy evaluation.
//
// The condition keys iameval knows: one table, one row per key (or key
// family such as aws:PrincipalTag/<tag>), with everything the rest of the
// library needs to know about a key (docs/semantics.md#context):
//
//   name         as AWS spells it; families end in '/' or ':'
//   type         the value type the AWS documentation gives it
//   multivalued  a set of values (use ForAnyValue:/ForAllValues:)
//   source       what the value describes: the caller, the resource, a
//                parameter of the call, the network path, the environment
//   forward      what happens to it on a forward access request (the
//                kms:Decrypt that Secrets Manager makes with the caller's
//                identity): carried, dropped, or derived anew
//   derived      which value the engine fills in when the request does not
//                set it (kNone: only a test's or caller's context sets it)
//
// The condition compiler resolves every policy key to its row once, at
// compile time (condition/key.h); the validator uses the table for its
// key checks (unknown and mistyped aws: keys, ForAllValues on single-valued
// keys); the engine derives request values by the row's `derived`.
// Immutable; safe to use from any thread.

#ifndef IAMEVAL_LIB_AWS_CONDITION_KEYS_H_
#define IAMEVAL_LIB_AWS_CONDITION_KEYS_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace iameval {
namespace aws {

// The value type of a key, as the AWS documentation lists it.
enum class KeyType : uint8_t {
  kString,
  kArn,        // ARN; String operators work too
  kDate,       // aws:EpochTime also takes Numeric operators
  kNumeric,
  kBool,
  kIpAddress,
};

// What a key's value describes.
enum class KeySource : uint8_t {
  kCaller,       // the calling principal or its session
  kResource,     // the resource of the call
  kCall,         // a parameter of this API call, or how the call was made
  kNetwork,      // the network path of the request (IP, VPC endpoint)
  kEnvironment,  // time and transport
};

// A key on a forward access request, the call that a service makes with the
// caller's identity (docs/semantics.md#implied-decrypt).
enum class ForwardAccess : uint8_t {
  kCarried,    // the caller's value travels with it (principal keys,
               // aws:SourceIp, time)
  kDropped,    // absent (VPC keys, aws:CalledVia*, the original call's
               // parameters)
  kRederived,  // derived anew for the forwarded call (its resource, kms:*,
               // aws:ViaAWSService = true)
};

// The values the engine derives (docs/semantics.md#context). Tag and
// encryption-context families are looked up by the part after the family
// prefix.
enum class Derived : uint8_t {
  kNone,  // never derived: only the request's context sets it
  kPrincipalArn,
  kPrincipalAccount,
  kPrincipalType,
  kUserId,
  kUserName,
  kPrincipalOrgId,
  kPrincipalOrgPaths,
  kPrincipalTag,  // family aws:PrincipalTag/<tag>
  kSourceIdentity,
  kTokenIssueTime,
  kMfaPresent,
  kPrincipalIsAwsService,
  kPrincipalServiceName,
  kResourceAccount,
  kResourceOrgId,
  kResourceOrgPaths,
  kResourceTag,         // family aws:ResourceTag/<tag>
  kServiceResourceTag,  // family <service>:ResourceTag/<tag>
  kRequestedRegion,
  kCurrentTime,
  kEpochTime,
  kSecureTransport,
  kViaAwsService,
  kRequestTag,  // family aws:RequestTag/<tag>
  kTagKeys,
  kRoleSessionName,
  kExternalId,
  kStsSourceIdentity,
  kTransitiveTagKeys,
  kSecretId,
  kKmsViaService,
  kKmsCallerAccount,
  kKmsEncryptionContext,  // family kms:EncryptionContext:<key>
  kKmsEncryptionContextKeys,
  kKmsEncryptionAlgorithm,
  kKmsResourceAliases,
};

struct ConditionKeyInfo {
  absl::string_view name;  // "aws:PrincipalTag/" for a family
  KeyType type;
  bool multivalued;
  KeySource source;
  ForwardAccess forward;
  Derived derived;

  bool family() const {
    return !name.empty() && (name.back() == '/' || name.back() == ':');
  }
};

// Every row, in the order of docs/semantics.md#context (global keys, then
// sts, kms, secretsmanager). The row "<service>:ResourceTag/" stands for the
// service-prefixed resource tag keys of every service.
absl::Span<const ConditionKeyInfo> AllConditionKeys();

// The row for `lower`, a lowercased key name: an exact row, or the family
// whose prefix `lower` starts with ("aws:principaltag/team" ->
// aws:PrincipalTag/, "iam:resourcetag/x" -> <service>:ResourceTag/). When
// `suffix` is not null it receives the part after a family prefix ("team").
// nullptr: a key AWS may define but iameval does not know (never derived,
// single-valued unless the request gives a list).
const ConditionKeyInfo* FindConditionKey(absl::string_view lower,
                                         absl::string_view* suffix = nullptr);

// True for a key whose value the engine derives from the world or the call
// (the caller's ARN, account, organization and tags, the resource's tags,
// kms:ViaService, sts:ExternalId from the AssumeRole parameter, ...), as
// opposed to time and network keys and a direct kms call's encryption
// context (derived only for the kms:Decrypt Secrets Manager makes, where
// the caller's context does not apply). A request context may override such a
// key for a what-if test, but AWS would never send another value, so a
// decision that rests on the override is flagged
// (docs/semantics.md#overrides).
bool IsDerivedFact(const ConditionKeyInfo& info);

// For a service-prefixed resource tag key ("secretsmanager:resourcetag/k"),
// the service ("secretsmanager"); otherwise "".
absl::string_view ResourceTagService(absl::string_view lower);

}  // namespace aws
}  // namespace iameval

#endif  // IAMEVAL_LIB_AWS_CONDITION_KEYS_H_
