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
// Action and Resource patterns and Condition clauses live in a PatternPool:
// each distinct one is compiled once and shared by every statement, of
// every set of an engine, that names it.
//
// Immutable after Compile; safe to share across threads.

#ifndef IAMEVAL_LIB_COMPILE_POLICY_SET_H_
#define IAMEVAL_LIB_COMPILE_POLICY_SET_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/container/node_hash_map.h"
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

// The compiled Action and Resource patterns and Condition clauses of one
// engine: each distinct one is compiled once, and every statement that
// names it points at the one copy (a world's policies name the same
// actions, resources and conditions over and over, role after role).
// Filled while sets are compiled, single-threaded; immutable once the
// engine is built. Pointers stay valid for the pool's
// lifetime. A set compiled on its own (Compile, a session policy) has a
// pool of its own, so evaluation never writes to a shared one.
class PatternPool {
 public:
  PatternPool() = default;
  PatternPool(const PatternPool&) = delete;
  PatternPool& operator=(const PatternPool&) = delete;

  // The pattern of a lowercased Action or NotAction entry.
  const Pattern* Action(const std::string& lower);
  // The template of a Resource or NotResource entry
  // (PatternTemplate::CompileResource).
  const PatternTemplate* Resource(absl::string_view text,
                                  bool variables_enabled);

  // The compiled form of a Condition clause (CompiledCondition::Compile);
  // clauses with the same operator, key and values share one.
  absl::StatusOr<const CompiledCondition*> Condition(
      const ConditionClause& clause, bool variables_enabled);

  // Distinct patterns and conditions held (tests).
  size_t size() const {
    return actions_.size() + resources_[0].size() + resources_[1].size() +
           conditions_.size();
  }

 private:
  // Hashes and compares templates by their text, and looks them up by it.
  struct ByText {
    using is_transparent = void;
    size_t operator()(absl::string_view text) const;
    size_t operator()(const std::unique_ptr<PatternTemplate>& t) const {
      return (*this)(absl::string_view(t->text()));
    }
    bool operator()(absl::string_view a, absl::string_view b) const {
      return a == b;
    }
    bool operator()(const std::unique_ptr<PatternTemplate>& a,
                    absl::string_view b) const {
      return a->text() == b;
    }
    bool operator()(absl::string_view a,
                    const std::unique_ptr<PatternTemplate>& b) const {
      return a == b->text();
    }
    bool operator()(const std::unique_ptr<PatternTemplate>& a,
                    const std::unique_ptr<PatternTemplate>& b) const {
      return a->text() == b->text();
    }
  };
  using TemplateSet =
      absl::flat_hash_set<std::unique_ptr<PatternTemplate>, ByText, ByText>;

  absl::node_hash_map<std::string, Pattern> actions_;
  TemplateSet resources_[2];  // by variables_enabled
  // Keyed by variables_enabled, then the operator, the key and each value
  // as written, each prefixed by its length (so that two different clauses
  // never get the same key).
  absl::flat_hash_map<std::string, std::unique_ptr<CompiledCondition>>
      conditions_;
};

struct CompiledStatement {
  bool allow = true;
  bool not_action = false;
  std::vector<const Pattern*> actions;  // lowercased; in the set's pool
  bool has_resource = false;
  bool not_resource = false;
  std::vector<const PatternTemplate*> resources;  // in the set's pool
  PrincipalMode principal_mode = PrincipalMode::kNone;
  std::vector<PrincipalEntry> principals;
  std::vector<const CompiledCondition*> conditions;  // in the set's pool
  // A condition has a policy value that does not parse for its operator, so
  // the condition block cannot be evaluated: an Allow never applies, a Deny
  // applies whatever its conditions (docs/semantics.md#unevaluable).
  bool unevaluable_conditions = false;
  // The statement was put into more than one index bucket, so one request
  // may meet it twice (docs/design.md#index).
  bool in_several_buckets = false;
  // The statement's AST and policy, for explanations (see policies() and
  // RefOf).
  const Statement* source = nullptr;
  const Policy* policy = nullptr;
};

// Where `s` was written, as findings name it (built on demand: the decision
// never needs it).
StatementRef RefOf(const CompiledStatement& s);

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
  // sets (a group's, a managed policy) has one AST. The patterns go into
  // `patterns`, shared with the caller's other sets; null: a pool of the
  // set's own.
  static absl::StatusOr<CompiledPolicySet> CompileBorrowed(
      std::vector<const Policy*> policies, std::string label,
      std::shared_ptr<PatternPool> patterns = nullptr);

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
  std::shared_ptr<PatternPool> patterns_;  // what statements_ point into
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
