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

constexpr LayerPrefix kLayerPrefixes[] = {
    {kIdentityLayer, "identity_policies"},
    {kBoundaryLayer, "permissions_boundary"},
    {kSessionLayer, "session_policy"},
    {kTrustLayer, "trust_policy"},
    {kKeyLayer, "key_policy"},
    {kResourceLayer, "resource_policy"},
    {kScpLayer, "scp"},
    {kRcpLayer, "rcp"},
    {kStsRequestLayer, "request"},
    {kKmsRequestLayer, "request"},
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
