// iameval: offline AWS IAM policy evaluation.
//
// The Engine facade: a CompiledWorld (eval/compiled_world.h) and the chain
// loop. Each step is expanded into authorisation calls by eval/calls.h;
// semantics: docs/semantics.md#chains.

#include "iameval/engine.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "aws/condition_keys.h"

#include "base/status_macros.h"
#include "eval/caller.h"
#include "eval/calls.h"
#include "eval/compiled_world.h"
#include "world/validate.h"

namespace iameval {

class EngineImpl {
 public:
  std::unique_ptr<const CompiledWorld> world;
};

Engine::Engine(std::unique_ptr<EngineImpl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

absl::StatusOr<std::unique_ptr<Engine>> Engine::Create(World world) {
  // Validate at the door: a World built in code meets the loader's rules.
  IAMEVAL_RETURN_IF_ERROR(ValidateWorld(world));
  auto impl = std::make_unique<EngineImpl>();
  IAMEVAL_ASSIGN_OR_RETURN(impl->world, CompiledWorld::Create(std::move(world)));
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

const World& Engine::world() const { return impl_->world->world(); }

absl::StatusOr<EvaluationResult> Engine::Evaluate(
    const Request& request, const EvaluateOptions& options) const {
  return EvaluateChain(absl::MakeConstSpan(&request, 1), options);
}

namespace {

// `overrides` (may be null): RunStep's, over the steps that ran.
absl::StatusOr<EvaluationResult> RunChain(const CompiledWorld& world,
                                          absl::Span<const Step> steps,
                                          const EvaluateOptions& options,
                                          std::vector<std::string>* overrides) {
  EvaluationResult out;
  if (steps.empty()) {
    return absl::InvalidArgumentError("a chain needs at least one step");
  }
  Caller caller;
  for (size_t i = 0; i < steps.size(); ++i) {
    // RunStep appends to out.calls and sets the step's decision; a step that
    // somehow set none is denied (fail closed).
    out.decision = Decision::kImplicitDeny;
    out.deciding_call = -1;
    IAMEVAL_RETURN_IF_ERROR(RunStep(world, options, steps[i],
                                    static_cast<int>(i), &caller, &out,
                                    overrides));
    if (out.decision != Decision::kAllow) return out;
  }
  out.deciding_call = -1;
  return out;
}

// `steps` without the context keys that override a derived fact
// (aws::IsDerivedFact). Slow path: only for a request that has some.
std::vector<Step> WithoutOverrides(absl::Span<const Step> steps) {
  std::vector<Step> plain;
  for (const Step& step : steps) {
    Context kept;
    for (const Context::Entry& e : step.context.entries()) {
      const aws::ConditionKeyInfo* info = aws::FindConditionKey(e.lower);
      if (info != nullptr && aws::IsDerivedFact(*info)) continue;
      if (e.value.multivalued) {
        kept.SetList(e.key, e.value.values);
      } else if (!e.value.values.empty()) {
        kept.Set(e.key, e.value.values.front());
      }
    }
    plain.push_back(step);
    plain.back().context = std::move(kept);
  }
  return plain;
}

}  // namespace

absl::StatusOr<EvaluationResult> Engine::EvaluateChain(
    absl::Span<const Step> steps, const EvaluateOptions& options) const {
  // A what-if override of a derived key (a role claiming another role's
  // ARN) can "prove" an access AWS would never grant. When the decision
  // differs without the overrides, say so (docs/semantics.md#overrides).
  // The steps that ran name their overrides while checking their context
  // (one key lookup each); a later step cannot change an earlier one's
  // decision, so the steps that did not run do not matter.
  std::vector<std::string> keys;
  IAMEVAL_ASSIGN_OR_RETURN(EvaluationResult out,
                           RunChain(*impl_->world, steps, options, &keys));
  if (keys.empty()) return out;
  EvaluateOptions quiet;
  quiet.explain = false;
  absl::StatusOr<EvaluationResult> without = RunChain(
      *impl_->world, WithoutOverrides(steps), quiet, /*overrides=*/nullptr);
  if (!without.ok() || without->decision != out.decision) {
    out.warnings.push_back(absl::StrCat(
        "the decision rests on the request context overriding ",
        absl::StrJoin(keys, ", "),
        ", which iameval derives from the world and the call and AWS would "
        "never send with another value; without the override the decision "
        "is ",
        without.ok() ? DecisionName(without->decision) : "an error"));
  }
  return out;
}

}  // namespace iameval
