// iameval: offline AWS IAM policy evaluation.
//
// Authorize: the AWS decision rule for one authorisation call, over compiled
// policy layers (docs/semantics.md#decision). It knows nothing about worlds,
// files or chains: the engine (lib/eval/engine.cc) picks the layers and the
// request facts; the differential test drives it directly.
//
//   1. an applicable Deny in any layer                     -> explicit_deny
//   2. RCP levels: each needs an applicable Allow          -> implicit_deny
//      (RCPFullAWSAccess is implied at every level)
//   3. SCP levels: each needs an applicable Allow          -> implicit_deny
//   4. the grant step (same account / cross-account, with the resource
//      policy's principal classes, trust-policy and key-policy rules)
//                                                          -> implicit_deny
//   5. allow

#ifndef IAMEVAL_LIB_EVAL_AUTHORIZE_H_
#define IAMEVAL_LIB_EVAL_AUTHORIZE_H_

#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/string_view.h"

#include "compile/policy_set.h"
#include "condition/key.h"
#include "iameval/decision.h"

namespace iameval {

// Who is calling, as the decision rule needs it.
struct PrincipalFacts {
  enum class Type {
    kUser,           // IAM user
    kAssumedRole,    // role session
    kFederatedUser,  // GetFederationToken session
    kRoot,           // account root user
    kService,        // AWS service principal
    kAnonymous,
  };
  Type type = Type::kAnonymous;
  std::string arn;       // request principal: user / session / root ARN, or
                         // the service name
  std::string account;   // "" for services and anonymous
  std::string role_arn;  // sessions: the role's ARN with path
  std::string service;   // services: lowercased name
  bool has_boundary = false;
};

// What kind of resource-based policy the call meets (docs/semantics.md).
enum class ResourcePolicyMode {
  kGeneric,  // secret policy, bucket policy, ...: identity OR resource in-account
  kTrust,    // role trust policy: must always allow (sts:AssumeRole*)
  kKey,      // KMS key policy: must allow directly or delegate to the account
};

// The levels of an organization's SCPs or RCPs: the root, at most five
// levels of OUs, the account; inline, since Layers are built per call.
using PolicyLevels = absl::InlinedVector<const CompiledPolicySet*, 7>;

struct Layers {
  // SCP levels of the principal's account; applies only if `scps_apply`.
  bool scps_apply = false;
  PolicyLevels scp_levels;
  // RCP levels of the resource's account; applies only if `rcps_apply`.
  bool rcps_apply = false;
  PolicyLevels rcp_levels;
  ResourcePolicyMode mode = ResourcePolicyMode::kGeneric;
  // The resource policy alone cannot grant, even in the caller's account:
  // the caller's identity policy must allow too, as across accounts
  // (sts:SetSourceIdentity in role chaining, docs/semantics.md#source-identity).
  bool identity_required = false;
  const CompiledPolicySet* resource_policy = nullptr;  // may be null
  const CompiledPolicySet* identity = nullptr;         // null: no policies
  const CompiledPolicySet* boundary = nullptr;         // null: no boundary
  const CompiledPolicySet* session = nullptr;          // null: no session policy
};

// The views must outlive the Authorize call; `action_lower` is owned because
// callers usually build it for the call.
struct AuthzRequest {
  const PrincipalFacts* principal = nullptr;
  absl::string_view action;  // as the caller wrote it (for explanations)
  std::string action_lower;  // lowercased: what statements match
  absl::string_view resource;  // ARN or "*"
  absl::string_view resource_account;
  const KeyResolver* keys = nullptr;
};

// Decides `request` against `layers`. With `explain`, fills the explanation
// (deciding statements, layers without an Allow, near misses with condition
// traces); without it, only the decision and the deciding statements.
// Never fails: anything inconsistent denies.
CallResult Authorize(const Layers& layers, const AuthzRequest& request,
                     bool explain);

}  // namespace iameval

#endif  // IAMEVAL_LIB_EVAL_AUTHORIZE_H_
