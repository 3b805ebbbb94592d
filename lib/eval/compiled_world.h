// iameval: offline AWS IAM policy evaluation.
//
// CompiledWorld: a World compiled once for evaluation (docs/design.md#engine).
// Every entity's policies become CompiledPolicySets, one per evaluation
// layer (identity policies, boundary, trust policy, resource policy, each
// SCP and RCP level), and hash maps find entities by ARN.
//
// Immutable after Create, but for one cache: the AWS managed keys of
// accounts and regions that only unlisted secrets use, compiled on first use
// (ManagedKeyFor). Safe to share across threads. Pointers to entries are
// stable for the object's lifetime (the vectors are never resized after
// Create; cached keys never move or go away).

#ifndef IAMEVAL_LIB_EVAL_COMPILED_WORLD_H_
#define IAMEVAL_LIB_EVAL_COMPILED_WORLD_H_

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "aws/tags.h"
#include "compile/policy_set.h"
#include "iameval/world.h"

namespace iameval {

// Compiles `policies` (copied) into one heap-allocated set named `label`.
absl::StatusOr<std::unique_ptr<CompiledPolicySet>> CompileSet(
    std::vector<Policy> policies, std::string label);
// The same for policies that outlive the set (the compiled world's own
// World): nothing is copied, and the patterns go into `patterns`.
absl::StatusOr<std::unique_ptr<CompiledPolicySet>> CompileBorrowedSet(
    std::vector<const Policy*> policies, std::string label,
    std::shared_ptr<PatternPool> patterns);

struct UserEntry {
  const User* user;
  std::string user_id;  // the world's, else a placeholder AIDA... id
  std::unique_ptr<CompiledPolicySet> identity;  // own and group policies
  std::unique_ptr<CompiledPolicySet> boundary;  // null: none
  TagMap tags;
};

struct AccountEntry {
  const Account* account;
  std::vector<std::unique_ptr<CompiledPolicySet>> scp_levels;
  std::vector<std::unique_ptr<CompiledPolicySet>> rcp_levels;
};

// A resource of the world, or an AWS managed key iameval creates for one.
struct ResourceEntry {
  enum class Kind { kSecret, kKey, kGeneric };
  Kind kind = Kind::kGeneric;
  std::string arn;
  std::string account;
  std::string region;
  std::unique_ptr<CompiledPolicySet> policy;  // null: no resource policy
  TagMap tags;
  const Secret* secret = nullptr;  // kSecret
  const Key* key = nullptr;        // kKey
  bool service_linked = false;     // a service-linked role (as a resource)
  // kSecret: the entry of its key (the AWS managed aws/secretsmanager key of
  // its account and region when the secret names none).
  const ResourceEntry* secret_key = nullptr;
};

// A role as a principal (its sessions) and as a resource (of sts:AssumeRole).
struct RoleEntry {
  const Role* role;
  std::string role_id;  // the world's, else a placeholder AROA... id
  std::unique_ptr<CompiledPolicySet> identity;
  std::unique_ptr<CompiledPolicySet> boundary;  // null: none
  std::unique_ptr<CompiledPolicySet> trust;
  TagMap tags;
  bool service_linked = false;  // aws::IsServiceLinkedRoleArn, once
  ResourceEntry as_resource;   // kGeneric, with the role's tags
  std::string session_prefix;  // "arn:aws:sts::A:assumed-role/<name>/"
};

// Not copyable or movable: entries point into `world_` and each other.
class CompiledWorld {
 public:
  // Compiles `world`, which must be valid (ValidateWorld, world/validate.h;
  // Engine::Create checks it first). Fails with InvalidArgument when an
  // entity cannot be compiled all the same.
  static absl::StatusOr<std::unique_ptr<const CompiledWorld>> Create(
      World world);

  CompiledWorld(const CompiledWorld&) = delete;
  CompiledWorld& operator=(const CompiledWorld&) = delete;

  const World& world() const { return world_; }

  // Lookups by exact ARN (or id); nullptr when the world has none.
  const RoleEntry* FindRole(absl::string_view arn) const;
  // The role whose sessions `session_arn` names: the session ARN up to its
  // last '/' is exactly the role's session_prefix (session ARNs carry no
  // path). nullptr when no role of the world has that prefix, or the session
  // name is empty. No parse: an exact match with a well-formed prefix is the
  // proof the ARN is well formed.
  const RoleEntry* FindRoleOfSession(absl::string_view session_arn) const;
  const UserEntry* FindUser(absl::string_view arn) const;
  const AccountEntry* FindAccount(absl::string_view id) const;
  const ResourceEntry* FindResource(absl::string_view arn) const;

  // The aws/secretsmanager AWS managed key of `account` in `region`
  // (docs/semantics.md#managed-key): the world's entry when a listed secret
  // uses it, else one compiled on first use and kept. Thread-safe.
  absl::StatusOr<const ResourceEntry*> ManagedKeyFor(
      absl::string_view partition, absl::string_view region,
      absl::string_view account) const;

  // aws:CurrentTime (ISO 8601) and aws:EpochTime when the world fixes
  // `now`, formatted once; nullptr when the clock decides.
  const std::string* now_iso() const {
    return world_.now.has_value() ? &now_iso_ : nullptr;
  }
  const std::string* now_epoch() const {
    return world_.now.has_value() ? &now_epoch_ : nullptr;
  }

 private:
  explicit CompiledWorld(World world) : world_(std::move(world)) {}

  absl::Status CompileRoles();
  absl::Status CompileUsers();
  absl::Status CompileAccounts();
  absl::Status CompileResources();
  absl::Status AddManagedKeys();
  // `policy` (null: none) is borrowed: it must live in world_ or
  // managed_keys_, never in a temporary (the compiled statements point
  // into it).
  absl::Status AddResource(ResourceEntry entry, const Policy* policy,
                           const std::string& label);

  World world_;
  // The patterns of every set compiled by Create (not of the lazy keys).
  std::shared_ptr<PatternPool> patterns_ = std::make_shared<PatternPool>();
  std::vector<RoleEntry> roles_;
  std::vector<UserEntry> users_;
  std::vector<AccountEntry> accounts_;
  std::vector<ResourceEntry> resources_;
  std::deque<Key> managed_keys_;  // the aws/secretsmanager keys created here

  // Managed keys compiled after Create, by ARN. Guarded by `mu_`; a key and
  // its entry are never changed once inserted.
  struct LazyKey {
    Key key;
    ResourceEntry entry;
  };
  mutable absl::Mutex mu_;
  mutable absl::node_hash_map<std::string, std::unique_ptr<LazyKey>> lazy_keys_
      ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, size_t> role_by_arn_;
  absl::flat_hash_map<std::string, size_t> role_by_session_prefix_;
  absl::flat_hash_map<std::string, size_t> user_by_arn_;
  absl::flat_hash_map<std::string, size_t> account_by_id_;
  absl::flat_hash_map<std::string, size_t> resource_by_arn_;
  std::string now_iso_;
  std::string now_epoch_;
};

// RFC 3339 text of `t` in UTC with seconds precision, as aws:CurrentTime
// carries it.
std::string IsoTime(absl::Time t);

}  // namespace iameval

#endif  // IAMEVAL_LIB_EVAL_COMPILED_WORLD_H_
