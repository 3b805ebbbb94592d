// iameval: offline AWS IAM policy evaluation.

#include "explain/layers.h"

#include "absl/strings/match.h"

namespace iameval {
namespace explain {

namespace {

struct LayerPrefix {
  const char* prefix;  // how the label starts
  const char* kind;
};

// Longest prefixes first where one starts another.
constexpr LayerPrefix kLayerPrefixes[] = {
    {"identity policies of ", "identity_policies"},
    {"permissions boundary of ", "permissions_boundary"},
    {"session policy of ", "session_policy"},
    {"trust policy of ", "trust_policy"},
    {"key policy of ", "key_policy"},
    {"resource policy", "resource_policy"},
    {"SCP level ", "scp"},
    {"RCP level ", "rcp"},
    {"sts:AssumeRole request", "request"},
    {"kms request", "request"},
};

}  // namespace

std::string LayerKindOf(absl::string_view label) {
  for (const LayerPrefix& p : kLayerPrefixes) {
    if (absl::StartsWith(label, p.prefix)) return p.kind;
  }
  return "";
}

bool IsLayerKind(absl::string_view name) {
  for (const LayerPrefix& p : kLayerPrefixes) {
    if (name == p.kind) return true;
  }
  return false;
}

const char* LayerKindList() {
  return "identity_policies, permissions_boundary, session_policy, "
         "trust_policy, key_policy, resource_policy, scp, rcp or request";
}

}  // namespace explain
}  // namespace iameval
