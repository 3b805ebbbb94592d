// iameval: offline AWS IAM policy evaluation.
//
// CompiledPolicySet: the policies of one evaluation layer (a role's identity
// policies, a trust policy, one SCP level, ...) compiled into flat statement
// records plus an action index.
//
// Index layout (docs/design.md#index). Actions are lowercased at compile
// time; the request action is lowercased once per request. Every statement
// lands in one or more buckets, each split by Effect:
//   exact_       "service:operation" with no wildcard   -> statement ids
//   by_service_  literal service, wildcard in the operation ("kms:List*",
//                "kms:*"), keyed by service and then by the operation's
//                literal prefix before its first wildcard ("list", "")
//   general_     wildcard in the service part, the lone "*", and every
//                NotAction statement                     -> statement ids
// A request for "svc:op" visits exact_["svc:op"] (whose statements match
// the action by construction), the prefix buckets of "svc" whose prefix
// starts "op" (one hash lookup per distinct prefix length of the service),
// and general_; the last two over-approximate and need ActionMatches. So a
// request meets only the wildcards that can match it, however many other
// same-service wildcards the set holds. Bucket lists are sorted and
// duplicate-free; a statement can sit in several buckets of one request
// (Action ["kms:Decrypt", "kms:*"]), which `in_several_buckets` marks.
//
// Immutable after Compile; safe to share across threads.

#ifndef IAMEVAL_LIB_COMPILE_POLICY_SET_H_
#define IAMEVAL_LIB_COMPILE_POLICY_SET_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "condition/condition.h"
#include "condition/glob.h"
#include "condition/key.h"
#include "iameval/decision.h"
#include "iameval/policy.h"

namespace iameval {

// One entry of a Principal / NotPrincipal element, pre-classified.
struct PrincipalEntry {
  enum class Kind : uint8_t {
    kAnyone,     // "*" or {"AWS": "*"}
    kAccount,    // 12-digit id or arn:...:iam::A:root
    kArn,        // role, user, assumed-role or federated-user ARN
    kService,    // {"Service": ...}, lowercased
    kFederated,  // {"Federated": ...}
    kCanonicalUser,
  };
  Kind kind = Kind::kAnyone;
  std::string value;  // account id, ARN, or service name
};

struct CompiledStatement {
  bool allow = true;
  bool not_action = false;
  std::vector<Pattern> actions;  // lowercased
  bool has_resource = false;
  bool not_resource = false;
  std::vector<PatternTemplate> resources;
  PrincipalMode principal_mode = PrincipalMode::kNone;
  std::vector<PrincipalEntry> principals;
  std::vector<CompiledCondition> conditions;
  // A condition has a policy value that does not parse for its operator, so
  // the condition block cannot be evaluated: an Allow never applies, a Deny
  // applies whatever its conditions (docs/semantics.md#unevaluable).
  bool unevaluable_conditions = false;
  // The statement was put into more than one index bucket, so one request
  // may meet it twice (docs/design.md#index).
  bool in_several_buckets = false;
  StatementRef ref;
  const Statement* source = nullptr;  // for explanations; see policies()
};

using CandidateList = absl::InlinedVector<uint32_t, 32>;

// One index bucket: statement ids in statement order, split by Effect.
struct StatementBucket {
  std::vector<uint32_t> deny;
  std::vector<uint32_t> allow;
};

// The buckets one request action visits (CompiledPolicySet::FindBuckets).
// The statements of `exact` match the action; those of `others` may.
struct ActionBuckets {
  const StatementBucket* exact = nullptr;
  absl::InlinedVector<const StatementBucket*, 4> others;
};

// Not copyable. Movable.
class CompiledPolicySet {
 public:
  // Compiles `policies` (copied) into one set. `label` names the layer in
  // explanations ("identity policies of arn:aws:iam::1:role/r").
  static absl::StatusOr<CompiledPolicySet> Compile(
      std::vector<Policy> policies, std::string label);
  // Compiles policies the caller owns: they must outlive the set, unchanged
  // (the engine's World). Nothing is copied, so a policy shared by several
  // sets (a group's, a managed policy) has one AST.
  static absl::StatusOr<CompiledPolicySet> CompileBorrowed(
      std::vector<const Policy*> policies, std::string label);

  CompiledPolicySet() = default;
  CompiledPolicySet(CompiledPolicySet&&) = default;
  CompiledPolicySet& operator=(CompiledPolicySet&&) = default;
  CompiledPolicySet(const CompiledPolicySet&) = delete;
  CompiledPolicySet& operator=(const CompiledPolicySet&) = delete;

  // Appends to `out`, in statement order and without duplicates, every
  // statement whose action element may match `action_lower` (a lowercased
  // "service:operation"). Candidates still need ActionMatches. The simple
  // path: explanations use it, the decision uses FindBuckets.
  void Candidates(absl::string_view action_lower, CandidateList* out) const;

  // Sets `out` to the buckets a request for `action_lower` visits, without
  // copying a statement id. Every statement Candidates returns is in one
  // of them, and nothing else is.
  void FindBuckets(absl::string_view action_lower, ActionBuckets* out) const;

  const std::vector<CompiledStatement>& statements() const {
    return statements_;
  }
  const std::vector<const Policy*>& policies() const { return policies_; }
  const std::string& label() const { return label_; }
  bool empty() const { return policies_.empty(); }

 private:
  // The wildcard statements of one service, by the literal prefix of the
  // operation pattern ("list" for "kms:List*").
  struct ServiceWildcards {
    std::vector<uint32_t> prefix_lengths;  // distinct, ascending
    absl::flat_hash_map<std::string, StatementBucket> by_prefix;
  };

  // Puts statement `id` into its buckets; returns how many distinct ones.
  int Index(uint32_t id, const CompiledStatement& s);

  // Compile's copies; empty for CompileBorrowed. A move keeps the
  // vector's buffer, so `policies_` and CompiledStatement::source stay valid.
  std::vector<Policy> owned_;
  std::vector<const Policy*> policies_;
  std::vector<CompiledStatement> statements_;
  std::string label_;
  absl::flat_hash_map<std::string, StatementBucket> exact_;
  absl::flat_hash_map<std::string, ServiceWildcards> by_service_;
  StatementBucket general_;
};

// Full action-element match for a lowercased request action: Action
// patterns OR-ed, NotAction negated (docs/semantics.md#actions).
bool ActionMatches(const CompiledStatement& s, absl::string_view action_lower);

}  // namespace iameval

#endif  // IAMEVAL_LIB_COMPILE_POLICY_SET_H_
