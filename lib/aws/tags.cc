// iameval: offline AWS IAM policy evaluation.

#include "aws/tags.h"

#include "absl/strings/ascii.h"

namespace iameval {
namespace aws {

TagMap MakeTagMap(const Tags& tags) {
  TagMap m;
  m.reserve(tags.size());
  for (const auto& [k, v] : tags) m[absl::AsciiStrToLower(k)] = v;
  return m;
}

}  // namespace aws
}  // namespace iameval
