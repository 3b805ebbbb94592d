// iameval: offline AWS IAM policy evaluation.
//
// Links the installed library through its public headers only and decides
// one request end to end; given the path of an AWS export (argv[1]), also
// builds an engine straight from it with ImportAws. Exit 0 when the engine
// answers as AWS would and the import loads.

#include <iostream>
#include <memory>

#include "iameval/iameval.h"

int main(int argc, char** argv) {
  const char* kWorld = R"({
    "now": "2026-11-22T12:00:00Z",
    "roles": [{
      "arn": "arn:aws:iam::111122223333:role/reader",
      "trust_policy": {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
        "Action": "sts:AssumeRole"}]},
      "policies": [{"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
        "Resource": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-??????"}]}]
    }],
    "secrets": [{"arn": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf"}]
  })";
  absl::StatusOr<iameval::World> world =
      iameval::World::Parse(kWorld, "consumer-world.json", ".");
  if (!world.ok()) {
    std::cerr << world.status() << "\n";
    return 1;
  }
  absl::StatusOr<std::unique_ptr<iameval::Engine>> engine =
      iameval::Engine::Create(*std::move(world));
  if (!engine.ok()) {
    std::cerr << engine.status() << "\n";
    return 1;
  }
  iameval::Request request;
  request.principal = "arn:aws:iam::111122223333:role/reader";
  request.action = "secretsmanager:GetSecretValue";
  request.resource = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf";
  absl::StatusOr<iameval::EvaluationResult> result = (*engine)->Evaluate(request);
  if (!result.ok()) {
    std::cerr << result.status() << "\n";
    return 1;
  }
  std::cout << iameval::DecisionName(result->decision) << "\n";
  if (result->decision != iameval::Decision::kAllow) return 1;
  if (argc > 1) {
    absl::StatusOr<iameval::ImportResult> imported = iameval::ImportAws(argv[1]);
    if (!imported.ok()) {
      std::cerr << imported.status() << "\n";
      return 1;
    }
    const size_t roles = imported->world.roles.size();
    absl::StatusOr<std::unique_ptr<iameval::Engine>> from_export =
        iameval::Engine::Create(std::move(imported->world));
    if (!from_export.ok() || roles == 0) {
      std::cerr << "import: " << from_export.status() << "\n";
      return 1;
    }
    std::cout << "imported " << roles << " roles\n";
  }
  return 0;
}
