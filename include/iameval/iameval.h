// iameval: offline AWS IAM policy evaluation.
//
// Start here. iameval answers, offline and as AWS would: may this principal
// do this to this resource, and if not, which statement or missing grant
// decides it?
//
//   #include "iameval/iameval.h"
//
//   absl::StatusOr<iameval::World> world = iameval::World::Load("world.json");
//   if (!world.ok()) return Fail(world.status());   // located, one line
//   absl::StatusOr<std::unique_ptr<iameval::Engine>> engine =
//       iameval::Engine::Create(*std::move(world));  // compile once
//   iameval::Request r;
//   r.principal = "arn:aws:iam::111122223333:role/ata-edge-task";
//   r.action = "secretsmanager:GetSecretValue";
//   r.resource =
//       "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf";
//   absl::StatusOr<iameval::EvaluationResult> result = (*engine)->Evaluate(r);
//   // result->decision: kAllow / kExplicitDeny / kImplicitDeny, and
//   // result->calls[i].explanation says which statement or missing grant
//   // decided each call (GetSecretValue, then the implied kms:Decrypt).
//
// tests/install/main.cc compiles and runs this example against the
// installed package.
//
// Headers:
//   policy.h      Policy::Parse, Lint: IAM policy documents of every kind
//   world.h       World::Load: accounts, principals, resources
//   import.h      ImportAws, ImportTerraform: a World from an AWS CLI
//                 export or a Terraform plan
//   request.h     Request / Step / Context
//   engine.h      Engine: compiled, immutable, thread-safe evaluation
//   decision.h    Decision, CallResult, Finding: results and explanations
//   diagnostic.h  SourceLocation, Diagnostic, LocationOf
//
// Everything under lib/ is private and may change without notice.

#ifndef IAMEVAL_INCLUDE_IAMEVAL_IAMEVAL_H_
#define IAMEVAL_INCLUDE_IAMEVAL_IAMEVAL_H_

#include "iameval/decision.h"    // IWYU pragma: export
#include "iameval/diagnostic.h"  // IWYU pragma: export
#include "iameval/engine.h"      // IWYU pragma: export
#include "iameval/import.h"      // IWYU pragma: export
#include "iameval/policy.h"      // IWYU pragma: export
#include "iameval/request.h"     // IWYU pragma: export
#include "iameval/world.h"       // IWYU pragma: export

namespace iameval {

// The library version, "MAJOR.MINOR.PATCH".
inline constexpr char kVersion[] = "0.1.0";

}  // namespace iameval

#endif  // IAMEVAL_INCLUDE_IAMEVAL_IAMEVAL_H_
