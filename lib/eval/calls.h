// iameval: offline AWS IAM policy evaluation.
//
// Call expansion (docs/semantics.md#chains): one step of a request becomes
// the authorisation calls AWS makes for it, each decided by Authorize
// (eval/authorize.h) over the layers that apply:
//
//   sts:AssumeRole                 STS validation, then sts:AssumeRole,
//                                  sts:TagSession, sts:SetSourceIdentity
//                                  against the role's trust policy; an
//                                  allowed call makes the caller the session
//   secretsmanager:GetSecretValue  the call, then the kms:Decrypt Secrets
//                                  Manager makes with the caller's identity
//   anything else                  one call
//
// The AWS facts these rest on live in lib/aws; this file only applies them.

#ifndef IAMEVAL_LIB_EVAL_CALLS_H_
#define IAMEVAL_LIB_EVAL_CALLS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "eval/caller.h"
#include "eval/compiled_world.h"
#include "iameval/decision.h"
#include "iameval/engine.h"
#include "iameval/request.h"

namespace iameval {

// Runs step `index` of a chain. `*caller` is the caller the step inherits
// (ignored when the step names a principal) and, after an allowed
// sts:AssumeRole, the new session. Appends the step's calls to `out->calls`
// and sets `out->decision` and `out->deciding_call` (an index into
// `out->calls`) for the step. Returns InvalidArgument for a malformed step.
// Each key of the step's context is looked up once: to check its values and
// to append it to `*overrides` (when not null, as written, each once) if it
// overrides a key the engine derives (aws::IsDerivedFact,
// docs/semantics.md#overrides).
absl::Status RunStep(const CompiledWorld& world, const EvaluateOptions& options,
                     const Step& step, int index, Caller* caller,
                     EvaluationResult* out,
                     std::vector<std::string>* overrides);

}  // namespace iameval

#endif  // IAMEVAL_LIB_EVAL_CALLS_H_
