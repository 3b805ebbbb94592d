// iameval: offline AWS IAM policy evaluation.
//
// The Engine facade: a CompiledWorld (eval/compiled_world.h) and the chain
// loop. Each step is expanded into authorisation calls by eval/calls.h;
// semantics: docs/semantics.md#chains.

#include "iameval/engine.h"

#include <memory>
#include <utility>

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

absl::StatusOr<EvaluationResult> Engine::EvaluateChain(
    absl::Span<const Step> steps, const EvaluateOptions& options) const {
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
    IAMEVAL_RETURN_IF_ERROR(RunStep(*impl_->world, options, steps[i],
                                    static_cast<int>(i), &caller, &out));
    if (out.decision != Decision::kAllow) return out;
  }
  out.deciding_call = -1;
  return out;
}

}  // namespace iameval
