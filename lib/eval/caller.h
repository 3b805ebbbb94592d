// iameval: offline AWS IAM policy evaluation.
//
// The caller of a step (docs/semantics.md#chains): who makes the request,
// resolved against the world once per step, and what a session carries from
// the AssumeRole that made it. FillPrincipalFacts derives the principal keys
// of the request context from it (docs/semantics.md#context).

#ifndef IAMEVAL_LIB_EVAL_CALLER_H_
#define IAMEVAL_LIB_EVAL_CALLER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "aws/tags.h"
#include "compile/policy_set.h"
#include "eval/authorize.h"
#include "eval/compiled_world.h"
#include "eval/request_keys.h"

namespace iameval {

// The caller of one step: an entity plus, for sessions, what the session
// carries (docs/semantics.md#sessions). Points into the CompiledWorld.
struct Caller {
  PrincipalFacts facts;
  const RoleEntry* role = nullptr;  // sessions
  const UserEntry* user = nullptr;  // IAM users
  std::string session_name;
  TagMap session_tags;  // transitive + this session's tags, lowercased keys
  TagMap transitive;    // the subset that carries to the next hop
  std::string source_identity;
  std::shared_ptr<CompiledPolicySet> session_policy;  // null: none
};

// Resolves a request principal: a role (a session of it named "session"),
// an assumed-role session or user of the world, an account root, a
// federated user, or a service principal name. InvalidArgument for anything
// else, or for a role or user the world does not define.
absl::StatusOr<Caller> ResolveCaller(const CompiledWorld& world,
                                     const std::string& principal);

// Fills the principal keys of `*f` (aws:PrincipalArn, aws:PrincipalTag/*,
// aws:userid, ...) from `c`. Requires f->current_time to be set (sessions
// carry aws:TokenIssueTime = now).
void FillPrincipalFacts(const CompiledWorld& world, const Caller& c,
                        CallFacts* f);

}  // namespace iameval

#endif  // IAMEVAL_LIB_EVAL_CALLER_H_
