// iameval: offline AWS IAM policy evaluation.
//
// Import: build a World from what an account already holds, instead of
// writing a world file by hand (docs/import.md).
//
//   absl::StatusOr<iameval::ImportResult> r = iameval::ImportAws("export/");
//   if (!r.ok()) { /* located error: file, JSON pointer, found / expected */ }
//   absl::StatusOr<std::unique_ptr<iameval::Engine>> engine =
//       iameval::Engine::Create(std::move(r->world));
//
// ImportAws reads a directory of AWS CLI outputs (the layout of
// docs/import.md, which tools/collect-aws.sh writes); ImportTerraform reads
// `terraform show -json` of a plan or of state. Both return the world, the
// same world as world-file text, and a report of what was imported, what was
// skipped and why, and which values stay unknown.
//
// Nothing is dropped silently: every input element is either imported or
// reported. A policy document that cannot be read is an error, never a
// skipped note, since leaving out a Deny could turn a deny into an allow.
//
// The functions read files and return; they keep no state and may run on
// several threads at once.

#ifndef IAMEVAL_INCLUDE_IAMEVAL_IMPORT_H_
#define IAMEVAL_INCLUDE_IAMEVAL_IMPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "iameval/world.h"

namespace iameval {

struct ImportOptions {
  // AWS: a directory of AWS managed policies (docs/import.md), consulted for
  // an attached policy that the export does not contain. "": none.
  std::string managed_policies_dir;
  // Terraform: the account and region that ARNs unknown until apply are
  // built from. "": taken from the plan's provider configuration; when that
  // has none either, such ARNs stay unknown and are reported.
  std::string account;
  std::string region;
};

// One line of the import report.
struct ImportNote {
  enum class Kind {
    kImported,  // became part of the world (`subject` says as what)
    kSkipped,   // read but not imported; `reason` says why
    kUnknown,   // a value the input does not know (Terraform: known after
                // apply); `reason` says what was done instead
  };
  Kind kind = Kind::kImported;
  std::string subject;  // "role arn:aws:iam::111122223333:role/app"
  std::string file;     // the input file
  std::string pointer;  // JSON pointer of the element in `file`
  std::string reason;
};

// "imported", "skipped", "unknown".
const char* ImportNoteKindName(ImportNote::Kind kind);

struct ImportResult {
  World world;
  // `world` as the text of a world file (docs/format.md): what
  // `iameval import ... -o world.json` writes. World::Parse(world_json)
  // yields `world` again.
  std::string world_json;
  // In the order the import read them (deterministic for a given input).
  std::vector<ImportNote> notes;
};

// Reads the AWS CLI outputs under `dir`. Errors: NotFound for a missing
// directory or a missing attached managed policy (naming it);
// InvalidArgument located in the input file for anything malformed.
absl::StatusOr<ImportResult> ImportAws(const std::string& dir,
                                       const ImportOptions& options = {});

// Reads the output of `terraform show -json` (a plan or state) at `path`.
absl::StatusOr<ImportResult> ImportTerraform(
    const std::string& path, const ImportOptions& options = {});

// The report as text, one line per note:
//   imported  role arn:aws:iam::111122223333:role/app  (iam.json /RoleDetailList/0)
//   skipped   iam.json /RoleDetailList/0/InstanceProfileList: <reason>
std::string RenderImportReport(const std::vector<ImportNote>& notes);

}  // namespace iameval

#endif  // IAMEVAL_INCLUDE_IAMEVAL_IMPORT_H_
