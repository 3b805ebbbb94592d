// iameval: offline AWS IAM policy evaluation.
//
// KMS keys and Secrets Manager secrets of one region of an account folder
// (docs/import.md, "AWS export"). Output shapes: AWS CLI Command Reference,
// kms list-keys, list-aliases, describe-key, get-key-policy,
// list-resource-tags; secretsmanager list-secrets, get-resource-policy.

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "aws/kms.h"
#include "base/status_macros.h"
#include "import/aws_account_internal.h"
#include "json/writer.h"

namespace iameval {
namespace import_internal {
namespace {

constexpr absl::string_view kSecretsManagerAlias = "alias/aws/secretsmanager";

// What the region's KMS outputs say about its keys, for the secrets.
struct RegionKeys {
  std::map<std::string, std::string> key_arns;  // customer key id -> ARN
  std::set<std::string> managed;                // AWS managed key ids
  std::set<std::string> secretsmanager;  // ids of the aws/secretsmanager key
  // alias name -> target key id, in list-aliases order per key
  std::map<std::string, std::string> alias_targets;
  std::map<std::string, std::vector<std::string>> aliases_of;  // key id ->
};

class KmsReader {
 public:
  KmsReader(const std::string& region, const std::string& account_id,
            Builder* builder)
      : region_(region), account_id_(account_id), builder_(builder) {}

  // list-aliases.json: {"Aliases": [{"AliasName", "AliasArn",
  // "TargetKeyId"}]}.
  absl::Status Aliases(const ExportFile& file) {
    IAMEVAL_ASSIGN_OR_RETURN(InputFile in, ReadJsonFile(file.path, file.name));
    Origin at = At(in, in.root, "");
    IAMEVAL_RETURN_IF_ERROR(ExpectObject(
        in.root, at, "the output of aws kms list-aliases: {\"Aliases\"}"));
    IAMEVAL_ASSIGN_OR_RETURN(
        const json::Node* list,
        RequiredMember(in.root, at, "Aliases", json::Type::kArray,
                       "a list of aliases"));
    builder_->ReportUnread(in.root, at, {"Aliases", "Truncated"},
                           {"NextMarker"});
    IAMEVAL_RETURN_IF_ERROR(NotTruncated(in.root, at));
    Origin lat = Member(at, "Aliases", *list);
    for (size_t i = 0; i < list->items.size(); ++i) {
      const json::Node& a = list->items[i];
      Origin aat = Element(lat, i, a);
      IAMEVAL_RETURN_IF_ERROR(ExpectObject(a, aat, "an alias object"));
      IAMEVAL_ASSIGN_OR_RETURN(const json::Node* name,
                               RequiredString(a, aat, "AliasName"));
      IAMEVAL_ASSIGN_OR_RETURN(const json::Node* arn,
                               OptionalString(a, aat, "AliasArn"));
      if (arn != nullptr) {
        IAMEVAL_RETURN_IF_ERROR(AccountArn(*arn, Member(aat, "AliasArn", *arn),
                                           "kms", account_id_, region_,
                                           "a KMS alias ARN")
                                    .status());
      }
      IAMEVAL_ASSIGN_OR_RETURN(const json::Node* target,
                               OptionalString(a, aat, "TargetKeyId"));
      builder_->ReportUnread(a, aat, {"AliasName", "AliasArn", "TargetKeyId"},
                             {"CreationDate", "LastUpdatedDate"});
      if (target == nullptr) {
        builder_->Skip(aat, absl::StrCat("alias ", name->text),
                       "points to no key (AWS lists the aliases of AWS "
                       "managed keys before it creates them)");
        continue;
      }
      keys_.alias_targets[name->text] = target->text;
      keys_.aliases_of[target->text].push_back(name->text);
    }
    return absl::OkStatus();
  }

  // list-keys.json: {"Keys": [{"KeyId", "KeyArn"}]}; keys without a folder
  // are reported.
  absl::Status ListKeys(const ExportFile& file, const RegionFiles& files) {
    IAMEVAL_ASSIGN_OR_RETURN(InputFile in, ReadJsonFile(file.path, file.name));
    Origin at = At(in, in.root, "");
    IAMEVAL_RETURN_IF_ERROR(ExpectObject(
        in.root, at, "the output of aws kms list-keys: {\"Keys\"}"));
    IAMEVAL_ASSIGN_OR_RETURN(
        const json::Node* list,
        RequiredMember(in.root, at, "Keys", json::Type::kArray,
                       "a list of keys"));
    builder_->ReportUnread(in.root, at, {"Keys", "Truncated"}, {"NextMarker"});
    IAMEVAL_RETURN_IF_ERROR(NotTruncated(in.root, at));
    Origin lat = Member(at, "Keys", *list);
    for (size_t i = 0; i < list->items.size(); ++i) {
      const json::Node& k = list->items[i];
      Origin kat = Element(lat, i, k);
      IAMEVAL_RETURN_IF_ERROR(ExpectObject(k, kat, "a key object"));
      IAMEVAL_ASSIGN_OR_RETURN(const json::Node* id,
                               RequiredString(k, kat, "KeyId"));
      IAMEVAL_ASSIGN_OR_RETURN(const json::Node* arn,
                               RequiredString(k, kat, "KeyArn"));
      IAMEVAL_RETURN_IF_ERROR(AccountArn(*arn, Member(kat, "KeyArn", *arn),
                                         "kms", account_id_, region_,
                                         "a KMS key ARN")
                                  .status());
      builder_->ReportUnread(k, kat, {"KeyId", "KeyArn"}, {});
      auto it = files.keys.find(id->text);
      if (it == files.keys.end() || it->second.describe_key == nullptr) {
        builder_->Skip(
            kat, absl::StrCat("key ", arn->text),
            absl::StrCat("no ", id->text, "/describe-key.json: not imported"));
      }
    }
    return absl::OkStatus();
  }

  // <key-id>/describe-key.json, get-key-policy.json, list-resource-tags.json.
  absl::Status Key(const std::string& id, const KeyFiles& files) {
    if (files.describe_key == nullptr) {
      for (const ExportFile* f : {files.key_policy, files.tags}) {
        if (f != nullptr) {
          builder_->SkipFile(f->name,
                             "no describe-key.json beside it: the "
                             "key is not imported");
        }
      }
      return absl::OkStatus();
    }
    IAMEVAL_ASSIGN_OR_RETURN(
        InputFile in,
        ReadJsonFile(files.describe_key->path, files.describe_key->name));
    Origin at = At(in, in.root, "");
    IAMEVAL_RETURN_IF_ERROR(ExpectObject(
        in.root, at, "the output of aws kms describe-key: {\"KeyMetadata\"}"));
    IAMEVAL_ASSIGN_OR_RETURN(
        const json::Node* meta,
        RequiredMember(in.root, at, "KeyMetadata", json::Type::kObject,
                       "the key's metadata object"));
    builder_->ReportUnread(in.root, at, {"KeyMetadata"}, {});
    Origin mat = Member(at, "KeyMetadata", *meta);
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* key_id,
                             RequiredString(*meta, mat, "KeyId"));
    if (key_id->text != id) {
      return Error(Member(mat, "KeyId", *key_id), Quote(key_id->text),
                   absl::StrCat("\"", id, "\", the name of the key's folder"));
    }
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* arn,
                             RequiredString(*meta, mat, "Arn"));
    IAMEVAL_ASSIGN_OR_RETURN(Arn key_arn,
                             AccountArn(*arn, Member(mat, "Arn", *arn), "kms",
                                        account_id_, region_, "a KMS key ARN"));
    if (key_arn.resource != absl::StrCat("key/", id)) {
      return Error(Member(mat, "Arn", *arn), Quote(arn->text),
                   absl::StrCat("the ARN of key ", id));
    }
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* manager,
                             RequiredString(*meta, mat, "KeyManager"));
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* state,
                             RequiredString(*meta, mat, "KeyState"));
    builder_->ReportUnread(*meta, mat,
                           {"KeyId", "Arn", "KeyManager", "KeyState"},
                           {"AWSAccountId",
                            "CreationDate",
                            "Enabled",
                            "Description",
                            "KeyUsage",
                            "Origin",
                            "CustomerMasterKeySpec",
                            "KeySpec",
                            "EncryptionAlgorithms",
                            "SigningAlgorithms",
                            "MacAlgorithms",
                            "KeyAgreementAlgorithms",
                            "MultiRegion",
                            "MultiRegionConfiguration",
                            "DeletionDate",
                            "PendingDeletionWindowInDays",
                            "ValidTo",
                            "ExpirationModel",
                            "CloudHsmClusterId",
                            "CustomKeyStoreId",
                            "XksKeyConfiguration",
                            "CurrentKeyMaterialId"});
    const std::vector<std::string>& aliases = keys_.aliases_of[id];
    if (manager->text == "AWS") {
      keys_.managed.insert(id);
      bool secretsmanager = false;
      for (const std::string& a : aliases) {
        secretsmanager = secretsmanager || a == kSecretsManagerAlias;
      }
      if (secretsmanager) keys_.secretsmanager.insert(id);
      builder_->Skip(
          mat, absl::StrCat("key ", arn->text),
          secretsmanager
              ? "the AWS managed key aws/secretsmanager: the world's built-in "
                "aws/secretsmanager key of the account and region stands for "
                "it; secrets that use it get no kms_key"
              : "an AWS managed key: not imported (its key policy is AWS's "
                "own; iameval models only the aws/secretsmanager one)");
      for (const ExportFile* f : {files.key_policy, files.tags}) {
        if (f != nullptr) {
          builder_->SkipFile(f->name,
                             "belongs to an AWS managed key, which "
                             "is not imported");
        }
      }
      return absl::OkStatus();
    }
    if (manager->text != "CUSTOMER") {
      return Error(Member(mat, "KeyManager", *manager), Quote(manager->text),
                   "\"AWS\" or \"CUSTOMER\"");
    }
    json::Node key = json::Object();
    json::Set(&key, "arn", json::String(arn->text));
    if (files.key_policy == nullptr) {
      return absl::NotFoundError(absl::StrCat(
          files.describe_key->name.substr(0,
                                          files.describe_key->name.rfind('/')),
          "/get-key-policy.json: missing; expected the output of aws kms "
          "get-key-policy --policy-name default for customer managed key ",
          arn->text, " (a key policy left out could hide a Deny)"));
    }
    IAMEVAL_ASSIGN_OR_RETURN(
        InputFile pin,
        ReadJsonFile(files.key_policy->path, files.key_policy->name));
    Origin pat = At(pin, pin.root, "");
    IAMEVAL_RETURN_IF_ERROR(ExpectObject(
        pin.root, pat,
        "the output of aws kms get-key-policy: {\"Policy\", \"PolicyName\"}"));
    IAMEVAL_ASSIGN_OR_RETURN(
        const json::Node* policy,
        RequiredMember(pin.root, pat, "Policy", json::Type::kString,
                       "a key policy (a string of JSON text)"));
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* policy_name,
                             OptionalString(pin.root, pat, "PolicyName"));
    if (policy_name != nullptr && policy_name->text != "default") {
      return Error(Member(pat, "PolicyName", *policy_name),
                   Quote(policy_name->text),
                   "\"default\" (a key has only the default key policy)");
    }
    IAMEVAL_ASSIGN_OR_RETURN(
        json::Node doc, PolicyDocument(*policy, Member(pat, "Policy", *policy),
                                       PolicyKind::kKey));
    json::Set(&key, "policy", std::move(doc));
    builder_->ReportUnread(pin.root, pat, {"Policy", "PolicyName"}, {});
    if (!aliases.empty()) {
      json::Node list = json::Array();
      for (const std::string& a : aliases) json::Append(&list, json::String(a));
      json::Set(&key, "aliases", std::move(list));
    }
    std::unique_ptr<InputFile> tin;
    if (files.tags != nullptr) {
      IAMEVAL_ASSIGN_OR_RETURN(
          InputFile t, ReadJsonFile(files.tags->path, files.tags->name));
      Origin tat = At(t, t.root, "");
      IAMEVAL_RETURN_IF_ERROR(ExpectObject(
          t.root, tat, "the output of aws kms list-resource-tags: {\"Tags\"}"));
      IAMEVAL_ASSIGN_OR_RETURN(
          const json::Node* list,
          RequiredMember(t.root, tat, "Tags", json::Type::kArray,
                         "a list of {\"TagKey\", \"TagValue\"} tags"));
      IAMEVAL_RETURN_IF_ERROR(NotTruncated(t.root, tat));
      IAMEVAL_ASSIGN_OR_RETURN(json::Node tags,
                               TagList(*list, Member(tat, "Tags", *list)));
      if (!tags.members.empty()) json::Set(&key, "tags", std::move(tags));
      builder_->ReportUnread(t.root, tat, {"Tags", "Truncated"},
                             {"NextMarker"});
    }
    keys_.key_arns[id] = arn->text;
    builder_->Add("keys", std::move(key), "key", arn->text, mat);
    if (state->text != "Enabled") {
      builder_->Unknown(
          Member(mat, "KeyState", *state),
          absl::StrCat("key state ", state->text, " of ", arn->text),
          "key state is not modelled: the key is imported as if enabled (AWS "
          "refuses cryptographic operations with a disabled key or one "
          "pending deletion)");
    }
    return absl::OkStatus();
  }

  // Secrets Manager: list-secrets.json and get-resource-policy/*.json.
  absl::Status Secrets(const RegionFiles& files) {
    // The resource policies, by secret ARN.
    std::vector<std::unique_ptr<InputFile>> policy_files;
    struct Found {
      const json::Node* policy;  // nullptr: the secret has none
      Origin at;
      bool used = false;
    };
    std::map<std::string, Found> policies;
    for (const ExportFile* f : files.secret_policies) {
      IAMEVAL_ASSIGN_OR_RETURN(InputFile in, ReadJsonFile(f->path, f->name));
      policy_files.push_back(std::make_unique<InputFile>(std::move(in)));
      const InputFile& pf = *policy_files.back();
      Origin at = At(pf, pf.root, "");
      IAMEVAL_RETURN_IF_ERROR(ExpectObject(
          pf.root, at,
          "the output of aws secretsmanager get-resource-policy: {\"ARN\", "
          "\"Name\", \"ResourcePolicy\"}"));
      IAMEVAL_ASSIGN_OR_RETURN(const json::Node* arn,
                               RequiredString(pf.root, at, "ARN"));
      IAMEVAL_RETURN_IF_ERROR(AccountArn(*arn, Member(at, "ARN", *arn),
                                         "secretsmanager", account_id_, region_,
                                         "a secret ARN")
                                  .status());
      IAMEVAL_ASSIGN_OR_RETURN(
          const json::Node* policy,
          OptionalMember(pf.root, at, "ResourcePolicy", json::Type::kString,
                         "a resource policy (a string of JSON text)"));
      builder_->ReportUnread(pf.root, at, {"ARN", "ResourcePolicy"}, {"Name"});
      if (!policies.emplace(arn->text, Found{policy, at}).second) {
        return Error(Member(at, "ARN", *arn),
                     absl::StrCat("the secret ", arn->text,
                                  ", whose resource policy another file of "
                                  "get-resource-policy/ holds too"),
                     "one get-resource-policy output per secret");
      }
    }
    if (files.list_secrets == nullptr) {
      for (const auto& [arn, found] : policies) {
        builder_->Skip(found.at,
                       absl::StrCat("resource policy of secret ", arn),
                       "no secretsmanager/list-secrets.json: the secret is "
                       "not imported");
      }
      return absl::OkStatus();
    }
    const ExportFile& file = *files.list_secrets;
    IAMEVAL_ASSIGN_OR_RETURN(InputFile in, ReadJsonFile(file.path, file.name));
    Origin at = At(in, in.root, "");
    IAMEVAL_RETURN_IF_ERROR(ExpectObject(
        in.root, at,
        "the output of aws secretsmanager list-secrets: {\"SecretList\"}"));
    IAMEVAL_ASSIGN_OR_RETURN(
        const json::Node* list,
        RequiredMember(in.root, at, "SecretList", json::Type::kArray,
                       "a list of secrets"));
    builder_->ReportUnread(in.root, at, {"SecretList"}, {"NextToken"});
    Origin lat = Member(at, "SecretList", *list);
    for (size_t i = 0; i < list->items.size(); ++i) {
      const json::Node& s = list->items[i];
      Origin sat = Element(lat, i, s);
      IAMEVAL_RETURN_IF_ERROR(ExpectObject(s, sat, "a secret object"));
      IAMEVAL_ASSIGN_OR_RETURN(const json::Node* arn,
                               RequiredString(s, sat, "ARN"));
      IAMEVAL_RETURN_IF_ERROR(AccountArn(*arn, Member(sat, "ARN", *arn),
                                         "secretsmanager", account_id_, region_,
                                         "a secret ARN")
                                  .status());
      json::Node secret = json::Object();
      json::Set(&secret, "arn", json::String(arn->text));
      auto p = policies.find(arn->text);
      if (p == policies.end()) {
        return Error(Member(sat, "ARN", *arn),
                     absl::StrCat("the secret ", arn->text,
                                  " without a get-resource-policy output"),
                     "its get-resource-policy/<n>.json (a resource policy "
                     "left out could hide a Deny)");
      }
      p->second.used = true;
      if (p->second.policy != nullptr) {
        const json::Node& raw = *p->second.policy;
        IAMEVAL_ASSIGN_OR_RETURN(
            json::Node doc,
            PolicyDocument(raw, Member(p->second.at, "ResourcePolicy", raw),
                           PolicyKind::kResource));
        json::Set(&secret, "policy", std::move(doc));
      }
      IAMEVAL_ASSIGN_OR_RETURN(const json::Node* kms,
                               OptionalString(s, sat, "KmsKeyId"));
      if (kms != nullptr) {
        IAMEVAL_ASSIGN_OR_RETURN(
            std::string key, SecretKey(*kms, Member(sat, "KmsKeyId", *kms)));
        if (!key.empty()) json::Set(&secret, "kms_key", json::String(key));
      }
      if (const json::Node* t = s.Find("Tags")) {
        IAMEVAL_ASSIGN_OR_RETURN(json::Node tags,
                                 TagList(*t, Member(sat, "Tags", *t)));
        if (!tags.members.empty()) json::Set(&secret, "tags", std::move(tags));
      }
      builder_->Add("secrets", std::move(secret), "secret", arn->text, sat);
      builder_->ReportUnread(
          s, sat, {"ARN", "KmsKeyId", "Tags"},
          {"Name", "Description", "CreatedDate", "LastChangedDate",
           "LastAccessedDate", "LastRotatedDate", "NextRotationDate",
           "RotationEnabled", "RotationLambdaARN", "RotationRules",
           "SecretVersionsToStages"});
    }
    for (const auto& [arn, found] : policies) {
      if (!found.used) {
        builder_->Skip(found.at,
                       absl::StrCat("resource policy of secret ", arn),
                       "the secret is not in list-secrets.json");
      }
    }
    return absl::OkStatus();
  }

 private:
  // "Truncated": true means a partial output.
  absl::Status NotTruncated(const json::Node& root, const Origin& at) {
    IAMEVAL_ASSIGN_OR_RETURN(
        const json::Node* t,
        OptionalMember(root, at, "Truncated", json::Type::kBool, "a boolean"));
    if (t != nullptr && t->boolean) {
      return Error(Member(at, "Truncated", *t), "true",
                   "the whole output (let the AWS CLI paginate)");
    }
    return absl::OkStatus();
  }

  // A secret's KmsKeyId (key id, key ARN, alias name or alias ARN) as the
  // ARN of a key this region exported; "" for the aws/secretsmanager key.
  // A key or alias ARN of another account or region is kept as it is: the
  // world resolves it against that account's keys.
  absl::StatusOr<std::string> SecretKey(const json::Node& node,
                                        const Origin& at) {
    aws::kms::KeyIdView v;
    if (!aws::kms::ParseKeyId(node.text, &v).ok()) {
      return Error(at, Quote(node.text), aws::kms::kKeyIdShape);
    }
    const bool arn_form = v.form == aws::kms::KeyIdForm::kKeyArn ||
                          v.form == aws::kms::KeyIdForm::kAliasArn;
    if (arn_form && (v.arn.account != account_id_ || v.arn.region != region_)) {
      return node.text;
    }
    std::string id(v.key_id);
    if (!v.alias.empty()) {
      if (v.alias == kSecretsManagerAlias) return std::string();
      auto a = keys_.alias_targets.find(std::string(v.alias));
      if (a == keys_.alias_targets.end()) {
        return Error(at,
                     absl::StrCat("the alias ", Quote(v.alias),
                                  ", which this region's kms/list-aliases.json "
                                  "does not hold"),
                     "an alias of an exported key (the world needs the key's "
                     "policy to decide the implied kms:Decrypt)");
      }
      id = a->second;
    }
    if (keys_.secretsmanager.count(id) > 0) return std::string();
    auto k = keys_.key_arns.find(id);
    if (k == keys_.key_arns.end()) {
      return Error(at,
                   absl::StrCat("the KMS key ", Quote(node.text),
                                keys_.managed.count(id) > 0
                                    ? ", an AWS managed key other than "
                                      "aws/secretsmanager"
                                    : ", which this region's kms/ folder "
                                      "does not hold"),
                   "a customer managed key exported in the same region (the "
                   "world needs the key's policy to decide the implied "
                   "kms:Decrypt)");
    }
    return k->second;
  }

  const std::string& region_;
  const std::string& account_id_;
  Builder* builder_;
  RegionKeys keys_;
};

}  // namespace

absl::Status ImportKmsAndSecrets(const RegionFiles& files,
                                 const std::string& region,
                                 const std::string& account_id,
                                 Builder* builder) {
  KmsReader reader(region, account_id, builder);
  if (files.list_aliases != nullptr) {
    IAMEVAL_RETURN_IF_ERROR(reader.Aliases(*files.list_aliases));
  }
  if (files.list_keys != nullptr) {
    IAMEVAL_RETURN_IF_ERROR(reader.ListKeys(*files.list_keys, files));
  }
  for (const auto& [id, key] : files.keys) {
    IAMEVAL_RETURN_IF_ERROR(reader.Key(id, key));
  }
  return reader.Secrets(files);
}

}  // namespace import_internal
}  // namespace iameval
