// iameval: offline AWS IAM policy evaluation.
//
// ImportAws: the walk over the export directory (docs/import.md).

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "arn/arn.h"
#include "base/status_macros.h"
#include "iameval/import.h"
#include "import/aws_internal.h"
#include "import/builder.h"

namespace iameval {
namespace import_internal {
namespace {

namespace fs = std::filesystem;

// The entries of `dir`, sorted, without hidden ones.
absl::StatusOr<std::vector<fs::directory_entry>> Entries(const std::string& dir) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    return absl::NotFoundError(
        absl::StrCat(dir, ": cannot read the directory: ", ec.message()));
  }
  std::vector<fs::directory_entry> out;
  for (const fs::directory_entry& e : it) {
    if (absl::StartsWith(e.path().filename().string(), ".")) continue;
    out.push_back(e);
  }
  std::sort(out.begin(), out.end(),
            [](const fs::directory_entry& a, const fs::directory_entry& b) {
              return a.path().filename() < b.path().filename();
            });
  return out;
}

absl::Status ListInto(const std::string& dir, const std::string& name,
                      int depth, std::vector<ExportFile>* out) {
  if (depth > 16) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": directories nested deeper than 16 levels"));
  }
  IAMEVAL_ASSIGN_OR_RETURN(std::vector<fs::directory_entry> entries,
                           Entries(dir));
  for (const fs::directory_entry& e : entries) {
    std::string child = absl::StrCat(name, "/", e.path().filename().string());
    std::error_code ec;
    if (e.is_directory(ec)) {
      IAMEVAL_RETURN_IF_ERROR(ListInto(e.path().string(), child, depth + 1, out));
    } else {
      out->push_back(ExportFile{e.path().string(), child});
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<ExportFile>> ListFiles(
    const std::string& dir, const std::string& name_prefix) {
  std::vector<ExportFile> out;
  IAMEVAL_RETURN_IF_ERROR(ListInto(dir, name_prefix, 0, &out));
  return out;
}

}  // namespace import_internal

absl::StatusOr<ImportResult> ImportAws(const std::string& dir,
                                       const ImportOptions& options) {
  namespace fs = std::filesystem;
  using import_internal::Builder;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return absl::NotFoundError(absl::StrCat(
        dir, ": not a directory; expected a directory of AWS CLI outputs "
             "(one folder per account)"));
  }
  std::string prefix = fs::path(dir).lexically_normal().string();
  while (prefix.size() > 1 && absl::EndsWith(prefix, "/")) prefix.pop_back();
  Builder builder;
  IAMEVAL_ASSIGN_OR_RETURN(std::vector<fs::directory_entry> entries,
                           import_internal::Entries(dir));
  // Organizations first: the accounts' organization data, then each account.
  for (const fs::directory_entry& e : entries) {
    const std::string name = e.path().filename().string();
    if (name == "organizations" && e.is_directory(ec)) {
      IAMEVAL_RETURN_IF_ERROR(import_internal::ImportOrganization(
          e.path().string(), absl::StrCat(prefix, "/", name), &builder));
    }
  }
  bool any = false;
  for (const fs::directory_entry& e : entries) {
    const std::string name = e.path().filename().string();
    const std::string display = absl::StrCat(prefix, "/", name);
    if (name == "organizations" && e.is_directory(ec)) continue;
    if (IsAccountId(name) && e.is_directory(ec)) {
      any = true;
      IAMEVAL_RETURN_IF_ERROR(import_internal::ImportAccount(
          e.path().string(), display, name, options, &builder));
      continue;
    }
    builder.SkipFile(display, "not part of an export: expected \"organizations\" or a "
                 "folder named by a 12-digit account id");
  }
  if (!any) {
    return absl::InvalidArgumentError(absl::StrCat(
        dir, ": found no account folder; expected folders named by 12-digit "
             "account id (docs/import.md)"));
  }
  return std::move(builder).Finish(absl::StrCat(prefix, " (imported)"));
}

}  // namespace iameval
