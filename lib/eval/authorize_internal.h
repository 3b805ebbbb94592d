// iameval: offline AWS IAM policy evaluation.
//
// What the decision rule (authorize.cc) and its explanation builders
// (authorize_explain.cc) share: statement matching by element, the scan of
// every layer for one request, and the grant path that decided. Private to
// lib/eval.

#ifndef IAMEVAL_LIB_EVAL_AUTHORIZE_INTERNAL_H_
#define IAMEVAL_LIB_EVAL_AUTHORIZE_INTERNAL_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "compile/policy_set.h"
#include "eval/authorize.h"

namespace iameval {
namespace authorize_internal {

// How a statement's Principal element matched the caller
// (docs/semantics.md#principal-classes). kNone means no match.
enum class Match : uint8_t {
  kNone,
  kAccount,  // the caller's account (a delegation: needs an identity Allow)
  kEntity,   // the caller's role ARN: limited by boundary and session policy
  kService,  // the calling AWS service principal
  kDirect,   // "*", the exact session / user / federated-user ARN
};

// The set of classes (bits of Match) in which a statement names the caller;
// 0 when it does not. A statement can name the caller several ways (its
// role and its account).
using Classes = uint8_t;
constexpr Classes Bit(Match m) {
  return static_cast<Classes>(1u << static_cast<unsigned>(m));
}
constexpr bool Has(Classes c, Match m) { return (c & Bit(m)) != 0; }
constexpr Classes kAllClasses = static_cast<Classes>(~0u);

// The element matches of one statement (docs/semantics.md#decision).
Classes PrincipalClasses(const CompiledStatement& s, const PrincipalFacts& p);
bool ResourceMatches(const CompiledStatement& s, const AuthzRequest& r);

// The applicable statements of one layer for one request.
struct LayerScan {
  const CompiledPolicySet* set = nullptr;  // null: the layer does not exist
  // Inline storage: the hot path allocates nothing for a typical layer.
  absl::InlinedVector<uint32_t, 4> denies;
  absl::InlinedVector<std::pair<uint32_t, Classes>, 4> allows;  // statement, classes
  Classes classes = 0;  // union over `allows`
  bool any_allow() const { return !allows.empty(); }
};

// Every layer of one call, scanned once.
struct Scans {
  absl::InlinedVector<LayerScan, 3> scp;  // empty unless SCPs apply
  absl::InlinedVector<LayerScan, 3> rcp;  // empty unless RCPs apply
  LayerScan resource, identity, boundary, session;
};

// The grant path that succeeded (first match wins), or kNone
// (docs/semantics.md#decision). It decides which Allows an explanation
// credits.
enum class Path {
  kNone,
  kService,       // service / anonymous caller: resource policy alone
  kDirect,        // in-account grant naming the caller: nothing else limits
  kEntity,        // in-account grant to the caller's role: b and s limit it
  kIdentity,      // in-account identity Allow (generic resources)
  kDelegation,    // in-account trust/key policy delegating to the account
  kBothSides,     // cross-account, or identity_required: both sides
};

// The grant step's outcome and what it needed, for explanations.
struct Grant {
  Path path = Path::kNone;
  bool same_account = false;
  bool service_like = false;    // a service principal or anonymous caller
  bool identity_allows = false;
  bool boundary_allows = false;
  bool session_allows = false;
  bool needed_rp = false;        // only the resource policy can fix it
  bool needed_identity = false;  // an identity Allow would be part of a fix
};

// Explanation builders (authorize_explain.cc); each appends to `*out`.
// The Deny statements that decided an explicit deny; with `explain`, also
// the conditions on keys a forwarded call dropped or derived anew.
void ExplainDenies(const Scans& scans, const AuthzRequest& r, bool explain,
                   std::vector<Finding>* out);
// An SCP level without an applicable Allow.
void ExplainScpLevel(const CompiledPolicySet& level, const AuthzRequest& r,
                     std::vector<Finding>* out);
// The Allows the grant path counted.
void ExplainAllow(const Layers& layers, const Scans& scans, const Grant& g,
                  const AuthzRequest& r, std::vector<Finding>* out);
// Each layer that lacked a needed Allow, with its near misses.
void ExplainMissingGrant(const Layers& layers, const Scans& scans,
                         const Grant& g, const AuthzRequest& r,
                         std::vector<Finding>* out);

}  // namespace authorize_internal
}  // namespace iameval

#endif  // IAMEVAL_LIB_EVAL_AUTHORIZE_INTERNAL_H_
