// iameval: offline AWS IAM policy evaluation.
//
// The parts of `iameval import aws` (docs/import.md, "AWS export"): aws.cc
// walks the export directory and hands each folder to its reader.
//
//   DIR/organizations/   ImportOrganization (aws_org.cc)
//   DIR/<account id>/    ImportAccount (aws_account.cc)

#ifndef IAMEVAL_LIB_IMPORT_AWS_INTERNAL_H_
#define IAMEVAL_LIB_IMPORT_AWS_INTERNAL_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "iameval/import.h"
#include "import/builder.h"

namespace iameval {
namespace import_internal {

// One file of the export: its path on disk and its name in notes and
// errors (the path relative to DIR's parent, e.g. "export/111122223333/
// iam/get-account-authorization-details.json").
struct ExportFile {
  std::string path;
  std::string name;
};

// Every regular file under `dir`, recursively, sorted by name; hidden
// entries (".x") are left out. `name_prefix` + "/" + the relative path is
// each file's name.
absl::StatusOr<std::vector<ExportFile>> ListFiles(const std::string& dir,
                                                  const std::string& name_prefix);

// Reads the Organizations outputs in `dir` (DIR/organizations) into the
// builder's accounts: org_id, org_paths, management, scps, rcps.
absl::Status ImportOrganization(const std::string& dir,
                                const std::string& name_prefix,
                                Builder* builder);

// Reads the outputs of account `account_id` in `dir` (DIR/<account id>):
// IAM, Secrets Manager and KMS per region, S3, SQS and SNS policies.
absl::Status ImportAccount(const std::string& dir,
                           const std::string& name_prefix,
                           const std::string& account_id,
                           const ImportOptions& options, Builder* builder);

}  // namespace import_internal
}  // namespace iameval

#endif  // IAMEVAL_LIB_IMPORT_AWS_INTERNAL_H_
