// SCAFFOLD (branch import-base only): replaced by the Terraform reader.
#include "iameval/import.h"
namespace iameval {
absl::StatusOr<ImportResult> ImportTerraform(const std::string& path,
                                             const ImportOptions& options) {
  return absl::UnimplementedError("terraform: not yet");
}
}  // namespace iameval
