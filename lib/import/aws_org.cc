// SCAFFOLD (branch import-base only): replaced by the Organizations reader.
#include "import/aws_internal.h"
namespace iameval {
namespace import_internal {
absl::Status ImportOrganization(const std::string& dir,
                                const std::string& name_prefix,
                                Builder* builder) {
  return absl::UnimplementedError("organizations: not yet");
}
}  // namespace import_internal
}  // namespace iameval
