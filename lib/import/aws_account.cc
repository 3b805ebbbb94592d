// iameval: offline AWS IAM policy evaluation.
//
// ImportAccount: one account folder of an AWS export (docs/import.md, "AWS
// export"). Sorts the folder's files by the reader that reads them (IAM,
// KMS and Secrets Manager per region, S3, SQS, SNS), reports every other
// file, and reads the S3 bucket, SQS queue and SNS topic policies here.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "import/aws_account_internal.h"
#include "import/aws_internal.h"
#include "import/builder.h"
#include "json/writer.h"

namespace iameval {
namespace import_internal {

Origin Member(const Origin& at, absl::string_view key,
              const json::Node& value) {
  return Origin{at.file, json::PointerAppend(at.pointer, key), value.offset};
}

Origin Element(const Origin& at, size_t index, const json::Node& value) {
  return Origin{at.file, json::PointerAppend(at.pointer, index), value.offset};
}

absl::Status ExpectObject(const json::Node& node, const Origin& at,
                          absl::string_view expected) {
  if (node.is_object()) return absl::OkStatus();
  return Error(at, json::Describe(node), expected);
}

absl::StatusOr<const json::Node*> OptionalMember(const json::Node& node,
                                                 const Origin& at,
                                                 absl::string_view key,
                                                 json::Type type,
                                                 absl::string_view expected) {
  const json::Node* n = node.Find(key);
  if (n == nullptr || n->type == type) return n;
  return Error(Member(at, key, *n), json::Describe(*n), expected);
}

absl::StatusOr<const json::Node*> RequiredMember(const json::Node& node,
                                                 const Origin& at,
                                                 absl::string_view key,
                                                 json::Type type,
                                                 absl::string_view expected) {
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* n,
                           OptionalMember(node, at, key, type, expected));
  if (n == nullptr) {
    return Error(at, absl::StrCat("an object without \"", key, "\""),
                 absl::StrCat("\"", key, "\": ", expected));
  }
  return n;
}

absl::StatusOr<Arn> AccountArn(const json::Node& node, const Origin& at,
                               absl::string_view service,
                               absl::string_view account_id,
                               absl::string_view region,
                               absl::string_view what) {
  absl::StatusOr<Arn> arn = ParseArn(node.text);
  if (!arn.ok() || arn->service != service) {
    return Error(at, Quote(node.text), what);
  }
  if (arn->account != account_id) {
    return Error(
        at,
        absl::StrCat(Quote(node.text), ", of account \"", arn->account, "\""),
        absl::StrCat(what, " of account ", account_id,
                     " (the account folder it was exported in)"));
  }
  if (!region.empty() && arn->region != region) {
    return Error(
        at, absl::StrCat(Quote(node.text), ", of region \"", arn->region, "\""),
        absl::StrCat(what, " of region ", region,
                     " (the region folder it was exported in)"));
  }
  return arn;
}

namespace {

constexpr char kPolicyString[] = "a policy document (a string of JSON text)";

// The folder name of a bucket, queue or topic: ".../s3/<name>/<file>".
std::string FolderName(const std::vector<absl::string_view>& parts) {
  return std::string(parts[parts.size() - 2]);
}

// s3/<bucket>/get-bucket-policy.json ({"Policy": "<JSON text>"}) and
// get-bucket-tagging.json ({"TagSet": [{"Key", "Value"}]}), either optional.
struct BucketFiles {
  const ExportFile* policy = nullptr;
  const ExportFile* tagging = nullptr;
};

absl::Status ImportBucket(const std::string& bucket, const BucketFiles& files,
                          const std::string& account_id, Builder* builder) {
  const std::string arn = absl::StrCat("arn:aws:s3:::", bucket);
  json::Node resource = json::Object();
  json::Set(&resource, "arn", json::String(arn));
  json::Set(&resource, "account", json::String(account_id));
  InputFile policy_file, tagging_file;
  Origin where;
  if (files.policy != nullptr) {
    IAMEVAL_ASSIGN_OR_RETURN(
        policy_file, ReadJsonFile(files.policy->path, files.policy->name));
    const json::Node& root = policy_file.root;
    Origin at = At(policy_file, root, "");
    where = at;
    IAMEVAL_RETURN_IF_ERROR(ExpectObject(
        root, at, "the output of aws s3api get-bucket-policy: {\"Policy\"}"));
    IAMEVAL_ASSIGN_OR_RETURN(
        const json::Node* p,
        RequiredMember(root, at, "Policy", json::Type::kString, kPolicyString));
    IAMEVAL_ASSIGN_OR_RETURN(
        json::Node doc,
        PolicyDocument(*p, Member(at, "Policy", *p), PolicyKind::kResource));
    json::Set(&resource, "policy", std::move(doc));
    builder->ReportUnread(root, at, {"Policy"}, {});
  }
  if (files.tagging != nullptr) {
    IAMEVAL_ASSIGN_OR_RETURN(
        tagging_file, ReadJsonFile(files.tagging->path, files.tagging->name));
    const json::Node& root = tagging_file.root;
    Origin at = At(tagging_file, root, "");
    if (where.file == nullptr) where = at;
    IAMEVAL_RETURN_IF_ERROR(ExpectObject(
        root, at, "the output of aws s3api get-bucket-tagging: {\"TagSet\"}"));
    IAMEVAL_ASSIGN_OR_RETURN(
        const json::Node* set,
        RequiredMember(root, at, "TagSet", json::Type::kArray,
                       "a list of {\"Key\": ..., \"Value\": ...} tags"));
    IAMEVAL_ASSIGN_OR_RETURN(json::Node tags,
                             TagList(*set, Member(at, "TagSet", *set)));
    if (!tags.members.empty()) json::Set(&resource, "tags", std::move(tags));
    builder->ReportUnread(root, at, {"TagSet"}, {});
  }
  builder->Add("resources", std::move(resource), "S3 bucket", arn, where);
  return absl::OkStatus();
}

// <region>/sqs/<queue>/get-queue-attributes.json and
// <region>/sns/<topic>/get-topic-attributes.json: {"Attributes": {...}}
// with the policy in "Policy" and the ARN in `arn_key`. `ignored` lists the
// attributes docs/import.md names as having no bearing on authorization.
absl::Status ImportAttributes(const ExportFile& file, absl::string_view what,
                              absl::string_view service,
                              absl::string_view arn_key,
                              std::initializer_list<absl::string_view> ignored,
                              const std::string& region,
                              const std::string& account_id, Builder* builder) {
  IAMEVAL_ASSIGN_OR_RETURN(InputFile in, ReadJsonFile(file.path, file.name));
  Origin at = At(in, in.root, "");
  IAMEVAL_RETURN_IF_ERROR(
      ExpectObject(in.root, at, "an object {\"Attributes\": {...}}"));
  IAMEVAL_ASSIGN_OR_RETURN(
      const json::Node* attrs,
      RequiredMember(in.root, at, "Attributes", json::Type::kObject,
                     "an object of attributes"));
  builder->ReportUnread(in.root, at, {"Attributes"}, {});
  Origin aat = Member(at, "Attributes", *attrs);
  IAMEVAL_ASSIGN_OR_RETURN(
      const json::Node* arn_node,
      RequiredMember(*attrs, aat, arn_key, json::Type::kString,
                     absl::StrCat("the ", what, " ARN")));
  Origin arn_at = Member(aat, arn_key, *arn_node);
  IAMEVAL_RETURN_IF_ERROR(AccountArn(*arn_node, arn_at, service, account_id,
                                     region,
                                     absl::StrCat("an ", service, " ARN"))
                              .status());
  json::Node resource = json::Object();
  json::Set(&resource, "arn", json::String(arn_node->text));
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* p,
                           OptionalMember(*attrs, aat, "Policy",
                                          json::Type::kString, kPolicyString));
  if (p != nullptr) {
    IAMEVAL_ASSIGN_OR_RETURN(
        json::Node doc,
        PolicyDocument(*p, Member(aat, "Policy", *p), PolicyKind::kResource));
    json::Set(&resource, "policy", std::move(doc));
  }
  builder->Add("resources", std::move(resource), what, arn_node->text, aat);
  builder->ReportUnread(*attrs, aat, {"Policy", arn_key}, ignored);
  return absl::OkStatus();
}

// A region folder name: lower-case letters, digits and dashes
// ("eu-west-1", "us-gov-west-1").
bool IsRegionName(absl::string_view s) {
  if (s.empty() || s.find('-') == absl::string_view::npos) return false;
  for (char c : s) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '-') {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::Status ImportAccount(const std::string& dir,
                           const std::string& name_prefix,
                           const std::string& account_id,
                           const ImportOptions& options, Builder* builder) {
  IAMEVAL_ASSIGN_OR_RETURN(std::vector<ExportFile> files,
                           ListFiles(dir, name_prefix));
  const ExportFile* details = nullptr;
  const ExportFile* list_roles = nullptr;
  std::map<std::string, BucketFiles> buckets;
  std::map<std::string, RegionFiles> regions;
  for (const ExportFile& f : files) {
    absl::string_view rel = f.name;
    rel.remove_prefix(name_prefix.size() + 1);
    std::vector<absl::string_view> p = absl::StrSplit(rel, '/');
    const size_t n = p.size();
    bool known = true;
    if (n == 2 && p[0] == "iam" &&
        p[1] == "get-account-authorization-details.json") {
      details = &f;
    } else if (n == 2 && p[0] == "iam" && p[1] == "list-roles.json") {
      list_roles = &f;
    } else if (n == 3 && p[0] == "s3" && p[2] == "get-bucket-policy.json") {
      buckets[FolderName(p)].policy = &f;
    } else if (n == 3 && p[0] == "s3" && p[2] == "get-bucket-tagging.json") {
      buckets[FolderName(p)].tagging = &f;
    } else if (n >= 3 && IsRegionName(p[0])) {
      RegionFiles& r = regions[std::string(p[0])];
      if (n == 3 && p[1] == "kms" && p[2] == "list-keys.json") {
        r.list_keys = &f;
      } else if (n == 3 && p[1] == "kms" && p[2] == "list-aliases.json") {
        r.list_aliases = &f;
      } else if (n == 4 && p[1] == "kms" && p[3] == "describe-key.json") {
        r.keys[FolderName(p)].describe_key = &f;
      } else if (n == 4 && p[1] == "kms" && p[3] == "get-key-policy.json") {
        r.keys[FolderName(p)].key_policy = &f;
      } else if (n == 4 && p[1] == "kms" && p[3] == "list-resource-tags.json") {
        r.keys[FolderName(p)].tags = &f;
      } else if (n == 3 && p[1] == "secretsmanager" &&
                 p[2] == "list-secrets.json") {
        r.list_secrets = &f;
      } else if (n == 4 && p[1] == "secretsmanager" &&
                 p[2] == "get-resource-policy" &&
                 absl::EndsWith(p[3], ".json")) {
        r.secret_policies.push_back(&f);
      } else if (n == 4 && p[1] == "sqs" &&
                 p[3] == "get-queue-attributes.json") {
        r.queues.push_back(&f);
      } else if (n == 4 && p[1] == "sns" &&
                 p[3] == "get-topic-attributes.json") {
        r.topics.push_back(&f);
      } else {
        known = false;
      }
    } else {
      known = false;
    }
    if (!known) {
      builder->SkipFile(f.name,
                        "not part of an account export (docs/import.md)");
    }
  }
  if (details == nullptr) {
    return absl::NotFoundError(
        absl::StrCat(name_prefix,
                     "/iam/get-account-authorization-details.json: missing; "
                     "expected the output of aws iam "
                     "get-account-authorization-details in every account "
                     "folder"));
  }
  IAMEVAL_RETURN_IF_ERROR(
      ImportIam(details, list_roles, account_id, options, builder));
  for (const auto& [region, r] : regions) {
    IAMEVAL_RETURN_IF_ERROR(
        ImportKmsAndSecrets(r, region, account_id, builder));
    for (const ExportFile* f : r.topics) {
      IAMEVAL_RETURN_IF_ERROR(ImportAttributes(
          *f, "SNS topic", "sns", "TopicArn",
          {"Owner", "DisplayName", "SubscriptionsConfirmed",
           "SubscriptionsPending", "SubscriptionsDeleted", "DeliveryPolicy",
           "EffectiveDeliveryPolicy", "SignatureVersion", "TracingConfig",
           "FifoTopic", "ContentBasedDeduplication", "ArchivePolicy",
           "BeginningArchiveTime"},
          region, account_id, builder));
    }
    for (const ExportFile* f : r.queues) {
      IAMEVAL_RETURN_IF_ERROR(ImportAttributes(
          *f, "SQS queue", "sqs", "QueueArn",
          {"ApproximateNumberOfMessages",
           "ApproximateNumberOfMessagesNotVisible",
           "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp",
           "LastModifiedTimestamp", "DelaySeconds", "MaximumMessageSize",
           "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds",
           "VisibilityTimeout", "FifoQueue", "ContentBasedDeduplication",
           "DeduplicationScope", "FifoThroughputLimit",
           "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled"},
          region, account_id, builder));
    }
  }
  for (const auto& [bucket, b] : buckets) {
    IAMEVAL_RETURN_IF_ERROR(ImportBucket(bucket, b, account_id, builder));
  }
  return absl::OkStatus();
}

}  // namespace import_internal
}  // namespace iameval
