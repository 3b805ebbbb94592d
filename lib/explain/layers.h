// iameval: offline AWS IAM policy evaluation.
//
// Layer kinds: the short, stable names of the layers that explanations
// label in full ("key policy of arn:aws:kms:...:key/1234" is a
// "key_policy"). Test files pin a deny to a layer by these names
// (`"expect": {"decision": "implicit_deny", "layer": "key_policy"}`,
// docs/index.md). The labels themselves are built where the layers are
// compiled (lib/eval/compiled_world.cc, lib/eval/calls.cc) from the
// prefixes below, which the table in layers.cc maps to kinds.

#ifndef IAMEVAL_LIB_EXPLAIN_LAYERS_H_
#define IAMEVAL_LIB_EXPLAIN_LAYERS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace iameval {
namespace explain {

// How the labels of layers start; lib/eval builds every label from these,
// so that LayerKindOf knows them all.
inline constexpr char kIdentityLayer[] = "identity policies of ";
inline constexpr char kBoundaryLayer[] = "permissions boundary of ";
inline constexpr char kSessionLayer[] = "session policy of ";
inline constexpr char kTrustLayer[] = "trust policy of ";
inline constexpr char kKeyLayer[] = "key policy of ";
inline constexpr char kResourceLayer[] = "resource policy";  // + " of <arn>"
inline constexpr char kScpLayer[] = "SCP";  // + " level <n> of account ..."
inline constexpr char kRcpLayer[] = "RCP";
inline constexpr char kStsRequestLayer[] = "sts:AssumeRole request";
inline constexpr char kKmsRequestLayer[] = "kms request";

// The kind of the layer labelled `label` (Finding::layer): one of
// "identity_policies", "permissions_boundary", "session_policy",
// "trust_policy", "key_policy", "resource_policy", "scp", "rcp", "request"
// (a call the service refuses before reading any policy). "" for an empty
// or unknown label.
std::string LayerKindOf(absl::string_view label);

// True when `name` is one of the kinds LayerKindOf returns.
bool IsLayerKind(absl::string_view name);

// The kinds, comma-separated, for "expected ..." messages.
const char* LayerKindList();

}  // namespace explain
}  // namespace iameval

#endif  // IAMEVAL_LIB_EXPLAIN_LAYERS_H_
