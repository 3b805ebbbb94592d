// iameval: offline AWS IAM policy evaluation.
//
// AWS STS facts (docs/semantics.md#chains): the AssumeRole parameter checks
// STS makes before any policy is read, the authorisations one AssumeRole
// call needs, the session it creates, and role chaining. The engine
// (eval/calls.cc) applies them; the decision rule never sees them.

#ifndef IAMEVAL_LIB_AWS_STS_H_
#define IAMEVAL_LIB_AWS_STS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "aws/tags.h"
#include "iameval/request.h"

namespace iameval {
namespace aws {
namespace sts {

// Every STS action on a role is authorised against its trust policy.
inline constexpr absl::string_view kServicePrefix = "sts:";
inline constexpr absl::string_view kAssumeRole = "sts:AssumeRole";
inline constexpr absl::string_view kTagSession = "sts:TagSession";
inline constexpr absl::string_view kSetSourceIdentity =
    "sts:SetSourceIdentity";
inline constexpr absl::string_view kGetCallerIdentity =
    "sts:GetCallerIdentity";

// True for the actions AWS answers without any permission, even when a
// policy explicitly denies them: sts:GetCallerIdentity ("No permissions are
// required to perform this operation. If an administrator attaches a policy
// to your identity that explicitly denies access to the
// sts:GetCallerIdentity action, you can still perform this operation", STS
// API Reference). docs/semantics.md#no-permission. Compared ignoring case.
bool NeedsNoPermission(absl::string_view action);

// RoleSessionName when a step gives none (iameval's choice; the API
// requires one).
inline constexpr absl::string_view kDefaultSessionName = "session";

// DurationSeconds: at least 900; at most the role's MaxSessionDuration
// (3600 when not set, at most 43200); at most 3600 in role chaining.
inline constexpr int64_t kMinDurationSeconds = 900;
inline constexpr int64_t kDefaultMaxSessionDuration = 3600;
inline constexpr int64_t kMaxMaxSessionDuration = 43200;
inline constexpr int64_t kMaxChainedDurationSeconds = 3600;

// Session tags: at most 50, keys 1-128 and values 0-256 characters.
inline constexpr size_t kMaxSessionTags = 50;
inline constexpr size_t kMaxTagKeyLength = 128;
inline constexpr size_t kMaxTagValueLength = 256;

// What the caller of an AssumeRole brings to it.
struct Caller {
  bool root = false;          // the account root user: STS refuses it
  bool role_session = false;  // a role session: the call is role chaining
  const TagMap* transitive = nullptr;  // inherited transitive session tags
  absl::string_view source_identity;   // inherited, "" when none
};

// Validates an sts:AssumeRole call the way STS does before it reads any
// policy (docs/semantics.md#assumerole-validation). Returns "" when STS
// accepts it, else the reason the call fails. `max_session_duration` is the
// target role's.
std::string ValidateAssumeRole(const Step& step, const Caller& caller,
                               int64_t max_session_duration);

// The source identity of the call: the one passed, else the inherited one.
// Call after ValidateAssumeRole (which rejects a changed one).
std::string SourceIdentity(const Step& step, const Caller& caller);

// The authorisations one AssumeRole call needs, in order: the step's action
// (sts:AssumeRole as written), sts:TagSession when session tags are passed
// (only then: inherited transitive tags alone do not need it), and
// sts:SetSourceIdentity when a source identity is set or inherited
// (docs/semantics.md#assumerole-context).
std::vector<std::string> AuthorizationsOf(const Step& step,
                                          absl::string_view source_identity);

// True when `action`, one of the call's authorisations, must be allowed by
// the caller's permissions policy as well as by the trust policy even where
// a trust statement naming the caller would suffice for sts:AssumeRole:
// sts:SetSourceIdentity in role chaining (IAM User Guide, "Monitor and
// control actions taken with assumed roles"; across accounts both sides are
// needed anyway). docs/semantics.md#source-identity.
bool NeedsCallerPolicy(absl::string_view action, const Caller& caller);

// The session tags an allowed call gives the new session
// (docs/semantics.md#sessions): the inherited transitive tags, overlaid by
// this call's session tags (keys compared ignoring case), and the transitive
// tags that carry to the next hop: the inherited ones plus this call's
// TransitiveTagKeys. Role tags are never transitive; the engine overlays the
// role's own tags under `session_tags`.
struct SessionTags {
  TagMap session_tags;
  TagMap transitive;
};
SessionTags NewSessionTags(const Step& step, const TagMap& inherited);

}  // namespace sts
}  // namespace aws
}  // namespace iameval

#endif  // IAMEVAL_LIB_AWS_STS_H_
