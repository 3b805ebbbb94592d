// iameval: offline AWS IAM policy evaluation.
//
// libFuzzer target for the world loader and the engine (tests/fuzz/README.md).
// Input: world JSON (at most 64 KB), parsed with World::Parse; relative
// policy paths resolve under a directory that does not exist. When the world
// loads, it is compiled with Engine::Create and a fixed set of requests built
// from its own principals and resources is evaluated (at most 50):
//  - each role and user assuming each role (sts:AssumeRole);
//  - each role and user reading each secret
//    (secretsmanager:GetSecretValue, which implies kms:Decrypt);
//  - each role and user calling kms:Decrypt on each key.
// Invariants:
//  - no crash, no sanitizer report;
//  - no status is ever absl::StatusCode::kInternal;
//  - Engine::Create succeeds on every world that World::Parse accepted
//    (engine.h: failure "cannot happen for policies produced by Parse");
//  - every result's decision is one of the three, and deciding_call is -1
//    iff the decision is allow (otherwise a valid index into calls).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "iameval/decision.h"
#include "iameval/engine.h"
#include "iameval/request.h"
#include "iameval/world.h"

namespace {

constexpr size_t kMaxInput = 64 * 1024;
constexpr int kMaxEvaluations = 50;

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "world_fuzzer invariant violated: %s\n%s\n", what,
               detail.c_str());
  std::abort();
}

void CheckStatus(const char* where, const absl::Status& status) {
  if (status.code() == absl::StatusCode::kInternal) {
    Fail(where, status.ToString());
  }
}

void CheckResult(const iameval::Request& request,
                 const iameval::EvaluationResult& result) {
  const std::string what = request.principal + " " + request.action + " " +
                           request.resource;
  switch (result.decision) {
    case iameval::Decision::kAllow:
      if (result.deciding_call != -1) {
        Fail("allow with a deciding call", what);
      }
      break;
    case iameval::Decision::kExplicitDeny:
    case iameval::Decision::kImplicitDeny:
      if (result.deciding_call < 0 ||
          static_cast<size_t>(result.deciding_call) >= result.calls.size()) {
        Fail("deny without a valid deciding call", what);
      }
      break;
    default:
      Fail("decision out of range", what);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxInput) return -1;
  const absl::string_view text(reinterpret_cast<const char*>(data), size);

  absl::StatusOr<iameval::World> world =
      iameval::World::Parse(text, "fuzz.json", "/nonexistent");
  if (!world.ok()) {
    CheckStatus("World::Parse returned kInternal", world.status());
    return 0;
  }

  std::vector<std::string> principals;
  std::vector<std::string> roles;
  std::vector<std::string> secrets;
  std::vector<std::string> keys;
  for (const iameval::Role& r : world->roles) {
    principals.push_back(r.arn);
    roles.push_back(r.arn);
  }
  for (const iameval::User& u : world->users) principals.push_back(u.arn);
  for (const iameval::Secret& s : world->secrets) secrets.push_back(s.arn);
  for (const iameval::Key& k : world->keys) keys.push_back(k.arn);

  absl::StatusOr<std::unique_ptr<iameval::Engine>> engine =
      iameval::Engine::Create(*std::move(world));
  if (!engine.ok()) {
    Fail("Engine::Create failed on a parsed world",
         engine.status().ToString());
  }

  std::vector<iameval::Request> requests;
  auto add = [&](const std::string& principal, const char* action,
                 const std::string& resource) {
    if (requests.size() >= kMaxEvaluations) return;
    iameval::Request r;
    r.principal = principal;
    r.action = action;
    r.resource = resource;
    requests.push_back(std::move(r));
  };
  for (const std::string& p : principals) {
    for (const std::string& role : roles) add(p, "sts:AssumeRole", role);
    for (const std::string& s : secrets) {
      add(p, "secretsmanager:GetSecretValue", s);
    }
    for (const std::string& k : keys) add(p, "kms:Decrypt", k);
  }

  for (const iameval::Request& r : requests) {
    absl::StatusOr<iameval::EvaluationResult> result = (*engine)->Evaluate(r);
    if (!result.ok()) {
      CheckStatus("Evaluate returned kInternal", result.status());
      continue;
    }
    CheckResult(r, *result);
  }
  return 0;
}
