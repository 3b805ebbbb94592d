// SCAFFOLD (branch import-base only): replaced by the account reader.
#include "import/aws_internal.h"
namespace iameval {
namespace import_internal {
absl::Status ImportAccount(const std::string& dir,
                           const std::string& name_prefix,
                           const std::string& account_id,
                           const ImportOptions& options, Builder* builder) {
  return absl::UnimplementedError("account: not yet");
}
}  // namespace import_internal
}  // namespace iameval
