// iameval: offline AWS IAM policy evaluation.
//
// The parts of the account reader (docs/import.md, "AWS export"):
// aws_account.cc sorts an account folder's files and reads S3, SQS and SNS;
// aws_iam.cc reads IAM; aws_kms.cc reads KMS and Secrets Manager per region;
// aws_managed_policies.cc reads --managed-policies. The helpers below check
// the shape of what they read and fail with located errors.

#ifndef IAMEVAL_LIB_IMPORT_AWS_ACCOUNT_INTERNAL_H_
#define IAMEVAL_LIB_IMPORT_AWS_ACCOUNT_INTERNAL_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "arn/arn.h"
#include "iameval/import.h"
#include "import/aws_internal.h"
#include "import/builder.h"
#include "import/managed_policies.h"
#include "json/reader.h"

namespace iameval {
namespace import_internal {

// The origin of member `key` (value `value`) of the object at `at`.
Origin Member(const Origin& at, absl::string_view key, const json::Node& value);
// The origin of element `index` (value `value`) of the array at `at`.
Origin Element(const Origin& at, size_t index, const json::Node& value);

// `node` itself must be an object: an error "found <what>; expected
// `expected`" otherwise.
absl::Status ExpectObject(const json::Node& node, const Origin& at,
                          absl::string_view expected);

// Member `key` of object `node` of JSON type `type`: nullptr when absent
// (OptionalMember) or an error (RequiredMember); an error "found ...;
// expected `expected`" when present with another type.
absl::StatusOr<const json::Node*> OptionalMember(const json::Node& node,
                                                 const Origin& at,
                                                 absl::string_view key,
                                                 json::Type type,
                                                 absl::string_view expected);
absl::StatusOr<const json::Node*> RequiredMember(const json::Node& node,
                                                 const Origin& at,
                                                 absl::string_view key,
                                                 json::Type type,
                                                 absl::string_view expected);

// Parses the ARN string `node` (at `at`) and checks that it is an ARN of
// `service` (an error otherwise) in account `account_id` and, when `region`
// is not empty, in `region`. `what` names the expected ARN in errors ("an
// IAM role ARN").
absl::StatusOr<Arn> AccountArn(const json::Node& node, const Origin& at,
                               absl::string_view service,
                               absl::string_view account_id,
                               absl::string_view region,
                               absl::string_view what);

// The files of one account folder, sorted by what reads them. Paths are
// relative to the account folder ("iam/list-roles.json").
struct KeyFiles {
  const ExportFile* describe_key = nullptr;
  const ExportFile* key_policy = nullptr;
  const ExportFile* tags = nullptr;
};
struct RegionFiles {
  const ExportFile* list_keys = nullptr;
  const ExportFile* list_aliases = nullptr;
  std::map<std::string, KeyFiles> keys;  // by the key id folder name
  const ExportFile* list_secrets = nullptr;
  std::vector<const ExportFile*> secret_policies;  // get-resource-policy/*
  std::vector<const ExportFile*> topics;           // sns/<topic>/...
  std::vector<const ExportFile*> queues;           // sqs/<queue>/...
};

// Reads iam/get-account-authorization-details.json (`details`) and
// iam/list-roles.json (`list_roles`; either may be null) of `account_id`.
absl::Status ImportIam(const ExportFile* details, const ExportFile* list_roles,
                       const std::string& account_id,
                       const ImportOptions& options, Builder* builder);

// Reads the KMS and Secrets Manager outputs of `region` in `account_id`.
absl::Status ImportKmsAndSecrets(const RegionFiles& files,
                                 const std::string& region,
                                 const std::string& account_id,
                                 Builder* builder);

}  // namespace import_internal
}  // namespace iameval

#endif  // IAMEVAL_LIB_IMPORT_AWS_ACCOUNT_INTERNAL_H_
