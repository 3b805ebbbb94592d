// iameval: offline AWS IAM policy evaluation.
//
// Engine: a World compiled for evaluation. Create it once, evaluate many
// requests:
//
//   absl::StatusOr<std::unique_ptr<iameval::Engine>> engine =
//       iameval::Engine::Create(*std::move(world));
//   iameval::Request r;
//   r.principal = "arn:aws:iam::111122223333:role/ata-edge-task";
//   r.action = "sts:AssumeRole";
//   r.resource = "arn:aws:iam::444455556666:role/edge-secrets-reader";
//   absl::StatusOr<iameval::EvaluationResult> result = (*engine)->Evaluate(r);
//
// Compilation lowercases and interns condition keys, compiles action,
// resource and condition patterns to the cheapest correct matcher and
// indexes statements by action (docs/design.md).
//
// Thread safety: an Engine is immutable after Create; Evaluate and
// EvaluateChain may be called concurrently from any number of threads.

#ifndef IAMEVAL_INCLUDE_IAMEVAL_ENGINE_H_
#define IAMEVAL_INCLUDE_IAMEVAL_ENGINE_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "iameval/decision.h"
#include "iameval/request.h"
#include "iameval/world.h"

namespace iameval {

// Options of one Evaluate / EvaluateChain call (leveldb's ReadOptions
// style: ask for what this call needs).
struct EvaluateOptions {
  // When false, explanations carry only the deciding statements (no near
  // misses, no condition traces, no notes), which is faster. Decisions are
  // identical either way. Default: true.
  bool explain = true;
};

class EngineImpl;

// Not copyable. Movable: a moved-from Engine may only be destroyed or
// assigned to.
class Engine {
 public:
  // Compiles `world`. Fails with InvalidArgument when the world is not
  // valid (docs/design.md#engine).
  static absl::StatusOr<std::unique_ptr<Engine>> Create(World world);

  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;

  // Decides one request, including the calls it implies
  // (secretsmanager:GetSecretValue -> kms:Decrypt; sts:AssumeRole ->
  // sts:TagSession / sts:SetSourceIdentity). Returns InvalidArgument for a
  // malformed request (unknown role or user, bad ARN, an action that is not
  // service:Operation).
  absl::StatusOr<EvaluationResult> Evaluate(
      const Request& request, const EvaluateOptions& options = {}) const;

  // Decides a chain: stops at the first denied step, whose decision is the
  // chain's. Steps without a principal act as the session of the last
  // successful sts:AssumeRole step, else the previous principal.
  absl::StatusOr<EvaluationResult> EvaluateChain(
      absl::Span<const Step> steps, const EvaluateOptions& options = {}) const;

  // The world the engine was compiled from.
  const World& world() const;

 private:
  explicit Engine(std::unique_ptr<EngineImpl> impl);
  std::unique_ptr<EngineImpl> impl_;
};

}  // namespace iameval

#endif  // IAMEVAL_INCLUDE_IAMEVAL_ENGINE_H_
