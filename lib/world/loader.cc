// iameval: offline AWS IAM policy evaluation.

#include "world/loader.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "arn/arn.h"
#include "aws/iam.h"
#include "aws/kms.h"
#include "aws/principals.h"
#include "aws/secretsmanager.h"
#include "base/file.h"
#include "base/status_macros.h"
#include "base/url.h"
#include "policy/parse.h"
#include "policy/validate.h"
#include "world/fields.h"
#include "world/rules.h"

namespace iameval {
namespace world_loader {

namespace {

using json::Node;
using json::PointerAppend;

// Reads a World section by section; `src_` is the file being read.
class WorldReader {
 public:
  WorldReader(const Source& source, std::string base_dir)
      : src_(source), base_dir_(std::move(base_dir)) {}

  absl::StatusOr<World> Read(const Node& root, absl::string_view pointer);

 private:
  absl::Status ReadAccounts(const Node& node, const std::string& pointer);
  absl::Status ReadAccount(const std::string& id, const Node& node,
                           const std::string& pointer, Account* account);
  absl::StatusOr<std::vector<std::vector<Policy>>> ReadLevels(
      const Node& node, const std::string& pointer, PolicyKind kind,
      const std::string& owner, absl::string_view field);
  absl::Status ReadRoles(const Node& node, const std::string& pointer);
  absl::Status ReadUsers(const Node& node, const std::string& pointer);
  absl::Status ReadGroups(const Node& node, const std::string& pointer);
  absl::Status ReadKeys(const Node& node, const std::string& pointer);
  absl::Status ReadSecrets(const Node& node, const std::string& pointer);
  absl::Status ReadResources(const Node& node, const std::string& pointer);
  // The key ARN a secret's "kms_key" `node` names (a key ARN, alias ARN, key
  // id or alias name, resolved against world_.keys); "" for the AWS managed
  // key aws/secretsmanager.
  absl::StatusOr<std::string> ResolveSecretKey(const Node& node,
                                               const std::string& pointer,
                                               const Secret& secret);

  // The identity policies of a role, user or group of `account`: POLICY
  // entries or references to managed_policies.
  absl::StatusOr<std::vector<Policy>> ReadPolicyList(
      const Node& node, const std::string& pointer, PolicyKind kind,
      const std::string& owner, absl::string_view account);
  // A permissions boundary: a POLICY or a reference to managed_policies.
  absl::StatusOr<Policy> ReadBoundary(const Node& node,
                                      const std::string& pointer,
                                      const std::string& owner,
                                      absl::string_view account);
  // "managed_policies": parses every entry as an identity policy (so that
  // an unreferenced one's errors surface) into managed_.
  absl::Status ReadManagedPolicies(const Node& node,
                                   const std::string& pointer);
  // The policy that the managed policy ARN `node` references, parsed as
  // `kind` (once per kind), for a principal of `account`.
  absl::StatusOr<Policy> ManagedPolicyRef(const Node& node,
                                          const std::string& pointer,
                                          PolicyKind kind,
                                          absl::string_view account);
  absl::Status ExpectArray(const Node& node, const std::string& pointer,
                           absl::string_view what);
  // Records `arn` as defined in `section`; fails on a second definition.
  absl::Status Unique(absl::flat_hash_set<std::string>* seen,
                      const std::string& arn, const Node& node,
                      const std::string& pointer);
  // Unique, plus the rule that IAM names are unique per account
  // (world_rules::EntityNames) for the role, user or group `arn`.
  absl::Status UniqueEntity(absl::flat_hash_set<std::string>* seen,
                            const aws::PrincipalArnView& arn,
                            const Node& node, const std::string& pointer);

  const Source& src_;
  std::string base_dir_;
  World world_;
  world_rules::EntityNames names_;
  // A managed_policies entry: where it is, the name explanations quote, and
  // the policy parsed as each kind a principal uses it as.
  struct ManagedPolicy {
    const Node* value = nullptr;
    std::string pointer;
    std::string name;
    std::optional<Policy> identity;
    std::optional<Policy> boundary;
  };
  absl::flat_hash_map<std::string, ManagedPolicy> managed_;  // by ARN
  std::vector<std::string> managed_arns_;  // file order, for suggestions
};

// A POLICY string that is a managed policy ARN rather than a path.
bool IsManagedPolicyRef(const Node& node) {
  return node.is_string() && absl::StartsWith(node.text, "arn:");
}

// LoadPolicy; `path_names` false: a path does not name the policy (the
// default name does).
absl::StatusOr<Policy> LoadPolicyNamed(const json::Node& node,
                                       const Source& source,
                                       const std::string& base_dir,
                                       absl::string_view pointer,
                                       PolicyKind kind,
                                       const std::string& default_name,
                                       bool path_names);

absl::Status WorldReader::ExpectArray(const Node& node,
                                      const std::string& pointer,
                                      absl::string_view what) {
  if (node.is_array()) return absl::OkStatus();
  return src_.Error(node.offset, pointer, json::Describe(node),
                    absl::StrCat("an array of ", what));
}

absl::Status WorldReader::Unique(absl::flat_hash_set<std::string>* seen,
                                 const std::string& arn, const Node& node,
                                 const std::string& pointer) {
  if (seen->insert(arn).second) return absl::OkStatus();
  return src_.Error(node.offset, pointer,
                    absl::StrCat("a second definition of ", Quote(arn, 200)),
                    "each ARN defined once");
}

absl::Status WorldReader::UniqueEntity(absl::flat_hash_set<std::string>* seen,
                                       const aws::PrincipalArnView& arn,
                                       const Node& node,
                                       const std::string& pointer) {
  IAMEVAL_RETURN_IF_ERROR(Unique(seen, node.text, node, pointer));
  std::optional<world_rules::EntityNames::Problem> e =
      names_.Add(arn, node.text);
  if (!e.has_value()) return absl::OkStatus();
  return src_.Error(node.offset, pointer, e->found, e->expected);
}

absl::StatusOr<std::vector<Policy>> WorldReader::ReadPolicyList(
    const Node& node, const std::string& pointer, PolicyKind kind,
    const std::string& owner, absl::string_view account) {
  IAMEVAL_RETURN_IF_ERROR(ExpectArray(node, pointer, "policies"));
  std::vector<Policy> out;
  out.reserve(node.items.size());
  for (size_t i = 0; i < node.items.size(); ++i) {
    const std::string p = PointerAppend(pointer, i);
    if (IsManagedPolicyRef(node.items[i])) {
      IAMEVAL_ASSIGN_OR_RETURN(
          Policy policy, ManagedPolicyRef(node.items[i], p, kind, account));
      out.push_back(std::move(policy));
      continue;
    }
    IAMEVAL_ASSIGN_OR_RETURN(
        Policy policy, LoadPolicy(node.items[i], src_, base_dir_, p, kind,
                                  absl::StrCat(owner, " policy[", i, "]")));
    out.push_back(std::move(policy));
  }
  return out;
}

absl::StatusOr<Policy> WorldReader::ReadBoundary(const Node& node,
                                                 const std::string& pointer,
                                                 const std::string& owner,
                                                 absl::string_view account) {
  if (IsManagedPolicyRef(node)) {
    return ManagedPolicyRef(node, pointer, PolicyKind::kPermissionsBoundary,
                            account);
  }
  return LoadPolicy(node, src_, base_dir_, pointer,
                    PolicyKind::kPermissionsBoundary,
                    owner + " permissions boundary");
}

absl::Status WorldReader::ReadManagedPolicies(const Node& node,
                                              const std::string& pointer) {
  if (!node.is_object()) {
    return src_.Error(node.offset, pointer, json::Describe(node),
                      "an object of managed policy ARN -> policy");
  }
  for (const json::Member& m : node.members) {
    std::string p = PointerAppend(pointer, m.key);
    aws::iam::ManagedPolicyArnView arn;
    if (!aws::iam::ParseManagedPolicyArn(m.key, &arn).ok()) {
      return src_.Error(m.key_offset, p, Quote(m.key, 200),
                        aws::iam::kManagedPolicyArnShape);
    }
    ManagedPolicy entry;
    entry.value = &m.value;
    entry.pointer = p;
    // Explanations quote the given "name", else the ARN's path and name
    // ("service-role/AWSLambdaBasicExecutionRole"), never a file path.
    IAMEVAL_ASSIGN_OR_RETURN(
        entry.identity,
        LoadPolicyNamed(m.value, src_, base_dir_, p, PolicyKind::kIdentity,
                        std::string(arn.path_name), /*path_names=*/false));
    entry.name = entry.identity->name();
    managed_arns_.push_back(m.key);
    managed_.emplace(m.key, std::move(entry));
  }
  return absl::OkStatus();
}

absl::StatusOr<Policy> WorldReader::ManagedPolicyRef(
    const Node& node, const std::string& pointer, PolicyKind kind,
    absl::string_view account) {
  aws::iam::ManagedPolicyArnView arn;
  if (!aws::iam::ParseManagedPolicyArn(node.text, &arn).ok()) {
    return src_.Error(node.offset, pointer, json::Describe(node),
                      aws::iam::kManagedPolicyArnShape);
  }
  // IAM attaches AWS managed policies and the principal's own account's
  // (AttachRolePolicy: the policy must exist in the caller's account).
  if (!arn.aws_managed && arn.account != account) {
    return src_.Error(
        node.offset, pointer,
        absl::StrCat(json::Describe(node), ", a policy of account ",
                     arn.account),
        absl::StrCat("an AWS managed policy or a policy of the principal's "
                     "account ",
                     account, " (IAM cannot attach another account's policy)"));
  }
  auto it = managed_.find(node.text);
  if (it == managed_.end()) {
    // "Did you mean": the nearest defined ARN within a third of the
    // policy's path and name, at least 3 edits.
    const int cap =
        std::max(3, static_cast<int>(arn.path_name.size()) / 3);
    const std::string* nearest = nullptr;
    int best = cap + 1;
    for (const std::string& candidate : managed_arns_) {
      const int d = policy::BoundedEditDistance(node.text, candidate, cap);
      if (d < best) {
        best = d;
        nearest = &candidate;
      }
    }
    return src_.ErrorText(
        node.offset, pointer,
        absl::StrCat("found ", json::Describe(node),
                     "; expected the ARN of a policy defined in "
                     "\"managed_policies\"",
                     nearest != nullptr
                         ? absl::StrCat(" (did you mean ", Quote(*nearest, 200),
                                        "?)")
                         : std::string()),
        absl::StatusCode::kNotFound);
  }
  ManagedPolicy& entry = it->second;
  std::optional<Policy>* slot = nullptr;
  switch (kind) {
    case PolicyKind::kIdentity:
      slot = &entry.identity;
      break;
    case PolicyKind::kPermissionsBoundary:
      slot = &entry.boundary;
      break;
    default:
      return absl::InternalError("a managed policy used as neither an "
                                 "identity policy nor a boundary");
  }
  if (!slot->has_value()) {
    IAMEVAL_ASSIGN_OR_RETURN(
        *slot, LoadPolicyNamed(*entry.value, src_, base_dir_, entry.pointer,
                               kind, entry.name, /*path_names=*/false));
  }
  return **slot;
}

absl::StatusOr<World> WorldReader::Read(const Node& root,
                                        absl::string_view pointer) {
  IAMEVAL_RETURN_IF_ERROR(
      fields::ExpectObject(root, src_, pointer, "a world object"));
  IAMEVAL_RETURN_IF_ERROR(fields::CheckKeys(
      root, src_, pointer,
      {"now", "accounts", "managed_policies", "roles", "users", "groups",
       "secrets", "keys", "resources"}));
  const std::string base(pointer);
  if (const Node* now = root.Find("now")) {
    std::string p = PointerAppend(base, "now");
    IAMEVAL_ASSIGN_OR_RETURN(std::string text, fields::String(*now, src_, p));
    absl::Time t;
    std::string err;
    if (!absl::ParseTime(absl::RFC3339_full, text, &t, &err) ||
        !world_rules::NowProblem(t).empty()) {
      return src_.Error(now->offset, p, json::Describe(*now),
                        world_rules::kNowExpected);
    }
    world_.now = t;
  }
  // Sections in dependency order: roles, users and groups name managed
  // policies, users name groups, secrets name keys.
  if (const Node* n = root.Find("accounts")) {
    IAMEVAL_RETURN_IF_ERROR(ReadAccounts(*n, PointerAppend(base, "accounts")));
  }
  if (const Node* n = root.Find("managed_policies")) {
    IAMEVAL_RETURN_IF_ERROR(
        ReadManagedPolicies(*n, PointerAppend(base, "managed_policies")));
  }
  if (const Node* n = root.Find("groups")) {
    IAMEVAL_RETURN_IF_ERROR(ReadGroups(*n, PointerAppend(base, "groups")));
  }
  if (const Node* n = root.Find("roles")) {
    IAMEVAL_RETURN_IF_ERROR(ReadRoles(*n, PointerAppend(base, "roles")));
  }
  if (const Node* n = root.Find("users")) {
    IAMEVAL_RETURN_IF_ERROR(ReadUsers(*n, PointerAppend(base, "users")));
  }
  if (const Node* n = root.Find("keys")) {
    IAMEVAL_RETURN_IF_ERROR(ReadKeys(*n, PointerAppend(base, "keys")));
  }
  if (const Node* n = root.Find("secrets")) {
    IAMEVAL_RETURN_IF_ERROR(ReadSecrets(*n, PointerAppend(base, "secrets")));
  }
  if (const Node* n = root.Find("resources")) {
    IAMEVAL_RETURN_IF_ERROR(
        ReadResources(*n, PointerAppend(base, "resources")));
  }
  return std::move(world_);
}

absl::Status WorldReader::ReadAccounts(const Node& node,
                                       const std::string& pointer) {
  if (!node.is_object()) {
    return src_.Error(node.offset, pointer, json::Describe(node),
                      "an object of 12-digit account id -> account");
  }
  for (const json::Member& m : node.members) {
    std::string p = PointerAppend(pointer, m.key);
    if (std::string e = world_rules::AccountIdProblem(m.key); !e.empty()) {
      return src_.Error(m.key_offset, p, Quote(m.key), e);
    }
    Account account;
    account.id = m.key;
    IAMEVAL_RETURN_IF_ERROR(ReadAccount(m.key, m.value, p, &account));
    world_.accounts.emplace(m.key, std::move(account));
  }
  return absl::OkStatus();
}

absl::Status WorldReader::ReadAccount(const std::string& id, const Node& node,
                                      const std::string& pointer,
                                      Account* account) {
  IAMEVAL_RETURN_IF_ERROR(
      fields::ExpectObject(node, src_, pointer, "an account object"));
  IAMEVAL_RETURN_IF_ERROR(fields::CheckKeys(
      node, src_, pointer,
      {"org_id", "management", "org_paths", "scps", "rcps"}));
  if (const Node* n = node.Find("org_id")) {
    std::string p = PointerAppend(pointer, "org_id");
    IAMEVAL_ASSIGN_OR_RETURN(account->org_id, fields::String(*n, src_, p));
    if (std::string e = world_rules::OrgIdProblem(account->org_id);
        !e.empty()) {
      return src_.Error(n->offset, p, json::Describe(*n), e);
    }
  }
  if (const Node* n = node.Find("management")) {
    IAMEVAL_ASSIGN_OR_RETURN(
        account->management,
        fields::Bool(*n, src_, PointerAppend(pointer, "management")));
  }
  if (const Node* n = node.Find("org_paths")) {
    std::string p = PointerAppend(pointer, "org_paths");
    IAMEVAL_ASSIGN_OR_RETURN(account->org_paths,
                             fields::StringList(*n, src_, p, "org path"));
    for (size_t i = 0; i < account->org_paths.size(); ++i) {
      if (std::string e = world_rules::OrgPathProblem(
              account->org_id, account->org_paths[i]);
          !e.empty()) {
        return src_.Error(n->items[i].offset, PointerAppend(p, i),
                          json::Describe(n->items[i]), e);
      }
    }
  }
  const std::string owner = absl::StrCat("account ", id);
  if (const Node* n = node.Find("scps")) {
    IAMEVAL_ASSIGN_OR_RETURN(
        account->scps, ReadLevels(*n, PointerAppend(pointer, "scps"),
                                  PolicyKind::kScp, owner, "scps"));
  }
  if (const Node* n = node.Find("rcps")) {
    IAMEVAL_ASSIGN_OR_RETURN(
        account->rcps, ReadLevels(*n, PointerAppend(pointer, "rcps"),
                                  PolicyKind::kRcp, owner, "rcps"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::vector<Policy>>> WorldReader::ReadLevels(
    const Node& node, const std::string& pointer, PolicyKind kind,
    const std::string& owner, absl::string_view field) {
  constexpr char kWhat[] =
      "a non-empty list of levels (arrays of policies) or of policies";
  if (!node.is_array() || node.items.empty()) {
    return src_.Error(node.offset, pointer, json::Describe(node), kWhat);
  }
  size_t arrays = 0;
  for (const Node& item : node.items) arrays += item.is_array() ? 1 : 0;
  std::vector<std::vector<Policy>> levels;
  if (arrays == 0) {
    // A flat list of policies is one level (docs/format.md#world-file).
    std::vector<Policy> level;
    for (size_t i = 0; i < node.items.size(); ++i) {
      IAMEVAL_ASSIGN_OR_RETURN(
          Policy p,
          LoadPolicy(node.items[i], src_, base_dir_, PointerAppend(pointer, i),
                     kind, absl::StrCat(owner, " ", field, "[", i, "]")));
      level.push_back(std::move(p));
    }
    levels.push_back(std::move(level));
    return levels;
  }
  for (size_t l = 0; l < node.items.size(); ++l) {
    const Node& level_node = node.items[l];
    std::string lp = PointerAppend(pointer, l);
    if (!level_node.is_array()) {
      return src_.Error(level_node.offset, lp, json::Describe(level_node),
                        "a level (an array of policies), like the other "
                        "entries of this list");
    }
    // An SCP level always has at least one policy attached in AWS; an empty
    // one would deny everything, which is surely a mistake in the world.
    // RCPFullAWSAccess is implied at every RCP level, so an empty RCP level
    // is meaningful.
    if (kind == PolicyKind::kScp) {
      if (std::string e = world_rules::ScpLevelProblem(level_node.items.size());
          !e.empty()) {
        return src_.Error(level_node.offset, lp, "an empty level", e);
      }
    }
    std::vector<Policy> level;
    for (size_t i = 0; i < level_node.items.size(); ++i) {
      IAMEVAL_ASSIGN_OR_RETURN(
          Policy p, LoadPolicy(level_node.items[i], src_, base_dir_,
                               PointerAppend(lp, i), kind,
                               absl::StrCat(owner, " ", field, "[", l, "][",
                                            i, "]")));
      level.push_back(std::move(p));
    }
    levels.push_back(std::move(level));
  }
  return levels;
}

// Parses the "arn" member of `node` as a principal ARN of `kind`; the views
// of `*out` point into `node`.
absl::Status ReadPrincipalArn(const Node& node, const Source& src,
                              const std::string& pointer,
                              aws::PrincipalArnKind kind,
                              absl::string_view what,
                              aws::PrincipalArnView* out) {
  const Node* arn_node = node.Find("arn");
  if (arn_node == nullptr) {
    return src.Error(node.offset, pointer, "an object without \"arn\"",
                     absl::StrCat("an \"arn\": ", what));
  }
  std::string p = PointerAppend(pointer, "arn");
  IAMEVAL_RETURN_IF_ERROR(fields::String(*arn_node, src, p, what).status());
  if (!world_rules::ValidEntityArn(arn_node->text, kind, out)) {
    return src.Error(arn_node->offset, p, json::Describe(*arn_node), what);
  }
  return absl::OkStatus();
}

std::string ResourcePart(absl::string_view arn) {
  size_t pos = 0;
  for (int i = 0; i < 5 && pos != absl::string_view::npos; ++i) {
    pos = arn.find(':', pos);
    if (pos != absl::string_view::npos) ++pos;
  }
  return pos == absl::string_view::npos ? std::string(arn)
                                        : std::string(arn.substr(pos));
}

absl::StatusOr<std::string> ReadUniqueId(const Node& node, const Source& src,
                                         const std::string& pointer,
                                         absl::string_view field,
                                         absl::string_view prefix) {
  const Node* n = node.Find(field);
  // Absent: the engine uses a placeholder id (eval/compiled_world.h).
  if (n == nullptr) return std::string();
  std::string p = PointerAppend(pointer, field);
  const std::string what = world_rules::UniqueIdProblem(prefix, "");
  IAMEVAL_ASSIGN_OR_RETURN(std::string id, fields::String(*n, src, p, what));
  if (!world_rules::UniqueIdProblem(prefix, id).empty()) {
    return src.Error(n->offset, p, json::Describe(*n), what);
  }
  return id;
}

absl::Status WorldReader::ReadGroups(const Node& node,
                                     const std::string& pointer) {
  IAMEVAL_RETURN_IF_ERROR(ExpectArray(node, pointer, "group objects"));
  absl::flat_hash_set<std::string> seen;
  for (size_t i = 0; i < node.items.size(); ++i) {
    const Node& g = node.items[i];
    std::string p = PointerAppend(pointer, i);
    IAMEVAL_RETURN_IF_ERROR(
        fields::ExpectObject(g, src_, p, "a group object"));
    IAMEVAL_RETURN_IF_ERROR(fields::CheckKeys(g, src_, p, {"arn", "policies"}));
    aws::PrincipalArnView arn;
    IAMEVAL_RETURN_IF_ERROR(ReadPrincipalArn(
        g, src_, p, aws::PrincipalArnKind::kGroup,
        world_rules::kGroupArnShape, &arn));
    Group group;
    group.arn = g.Find("arn")->text;
    IAMEVAL_RETURN_IF_ERROR(UniqueEntity(&seen, arn, *g.Find("arn"),
                                         PointerAppend(p, "arn")));
    if (const Node* n = g.Find("policies")) {
      IAMEVAL_ASSIGN_OR_RETURN(
          group.policies,
          ReadPolicyList(*n, PointerAppend(p, "policies"),
                         PolicyKind::kIdentity, ResourcePart(group.arn),
                         arn.account));
    }
    world_.groups.push_back(std::move(group));
  }
  return absl::OkStatus();
}

absl::Status WorldReader::ReadRoles(const Node& node,
                                    const std::string& pointer) {
  IAMEVAL_RETURN_IF_ERROR(ExpectArray(node, pointer, "role objects"));
  absl::flat_hash_set<std::string> seen;
  for (size_t i = 0; i < node.items.size(); ++i) {
    const Node& r = node.items[i];
    std::string p = PointerAppend(pointer, i);
    IAMEVAL_RETURN_IF_ERROR(fields::ExpectObject(r, src_, p, "a role object"));
    IAMEVAL_RETURN_IF_ERROR(fields::CheckKeys(
        r, src_, p,
        {"arn", "trust_policy", "policies", "permissions_boundary", "tags",
         "max_session_duration", "role_id"}));
    aws::PrincipalArnView arn;
    IAMEVAL_RETURN_IF_ERROR(ReadPrincipalArn(
        r, src_, p, aws::PrincipalArnKind::kRole,
        world_rules::kRoleArnShape, &arn));
    Role role;
    role.arn = r.Find("arn")->text;
    role.account = std::string(arn.account);
    role.name = std::string(arn.name);
    IAMEVAL_RETURN_IF_ERROR(UniqueEntity(&seen, arn, *r.Find("arn"),
                                         PointerAppend(p, "arn")));
    const std::string owner = ResourcePart(role.arn);
    IAMEVAL_ASSIGN_OR_RETURN(
        role.role_id,
        ReadUniqueId(r, src_, p, "role_id", "AROA"));
    if (const Node* n = r.Find("trust_policy")) {
      IAMEVAL_ASSIGN_OR_RETURN(
          role.trust_policy,
          LoadTrustPolicy(*n, src_, base_dir_, PointerAppend(p, "trust_policy"),
                          owner + " trust policy"));
    } else {
      // A role without a trust policy cannot be assumed by anyone; modelled
      // as a trust policy with no statements.
      role.trust_policy = Policy(PolicyKind::kTrust, PolicyVersion::kNone,
                                 owner + " trust policy (none)", {});
    }
    if (const Node* n = r.Find("policies")) {
      IAMEVAL_ASSIGN_OR_RETURN(
          role.policies,
          ReadPolicyList(*n, PointerAppend(p, "policies"),
                         PolicyKind::kIdentity, owner, role.account));
    }
    if (const Node* n = r.Find("permissions_boundary")) {
      IAMEVAL_ASSIGN_OR_RETURN(
          role.permissions_boundary,
          ReadBoundary(*n, PointerAppend(p, "permissions_boundary"), owner,
                       role.account));
    }
    if (const Node* n = r.Find("tags")) {
      IAMEVAL_ASSIGN_OR_RETURN(
          role.tags, fields::ReadTags(*n, src_, PointerAppend(p, "tags")));
    }
    if (const Node* n = r.Find("max_session_duration")) {
      const std::string what = world_rules::MaxSessionDurationProblem(0);
      const std::string mp = PointerAppend(p, "max_session_duration");
      IAMEVAL_ASSIGN_OR_RETURN(
          role.max_session_duration,
          fields::Integer(*n, src_, mp, INT64_MIN, INT64_MAX, what));
      if (!world_rules::MaxSessionDurationProblem(role.max_session_duration)
               .empty()) {
        return src_.Error(n->offset, mp, json::Describe(*n), what);
      }
    }
    world_.roles.push_back(std::move(role));
  }
  return absl::OkStatus();
}

absl::Status WorldReader::ReadUsers(const Node& node,
                                    const std::string& pointer) {
  IAMEVAL_RETURN_IF_ERROR(ExpectArray(node, pointer, "user objects"));
  absl::flat_hash_set<std::string> seen;
  absl::flat_hash_set<std::string> groups;
  for (const Group& g : world_.groups) groups.insert(g.arn);
  for (size_t i = 0; i < node.items.size(); ++i) {
    const Node& u = node.items[i];
    std::string p = PointerAppend(pointer, i);
    IAMEVAL_RETURN_IF_ERROR(fields::ExpectObject(u, src_, p, "a user object"));
    IAMEVAL_RETURN_IF_ERROR(fields::CheckKeys(
        u, src_, p,
        {"arn", "policies", "groups", "permissions_boundary", "tags",
         "user_id"}));
    aws::PrincipalArnView arn;
    IAMEVAL_RETURN_IF_ERROR(ReadPrincipalArn(
        u, src_, p, aws::PrincipalArnKind::kUser,
        world_rules::kUserArnShape, &arn));
    User user;
    user.arn = u.Find("arn")->text;
    user.account = std::string(arn.account);
    user.name = std::string(arn.name);
    IAMEVAL_RETURN_IF_ERROR(UniqueEntity(&seen, arn, *u.Find("arn"),
                                         PointerAppend(p, "arn")));
    const std::string owner = ResourcePart(user.arn);
    IAMEVAL_ASSIGN_OR_RETURN(
        user.user_id, ReadUniqueId(u, src_, p, "user_id", "AIDA"));
    if (const Node* n = u.Find("policies")) {
      IAMEVAL_ASSIGN_OR_RETURN(
          user.policies,
          ReadPolicyList(*n, PointerAppend(p, "policies"),
                         PolicyKind::kIdentity, owner, user.account));
    }
    if (const Node* n = u.Find("groups")) {
      std::string gp = PointerAppend(p, "groups");
      IAMEVAL_ASSIGN_OR_RETURN(user.groups,
                               fields::StringList(*n, src_, gp, "group ARN"));
      for (size_t g = 0; g < user.groups.size(); ++g) {
        const std::string& group = user.groups[g];
        if (!groups.contains(group)) {
          return src_.Error(n->items[g].offset, PointerAppend(gp, g),
                            json::Describe(n->items[g]),
                            "the ARN of a group defined in \"groups\"");
        }
        aws::PrincipalArnView garn;
        if (aws::ParsePrincipalArn(group, &garn).ok() &&
            garn.account != user.account) {
          return src_.Error(n->items[g].offset, PointerAppend(gp, g),
                            json::Describe(n->items[g]),
                            "a group of the user's own account");
        }
      }
    }
    if (const Node* n = u.Find("permissions_boundary")) {
      IAMEVAL_ASSIGN_OR_RETURN(
          user.permissions_boundary,
          ReadBoundary(*n, PointerAppend(p, "permissions_boundary"), owner,
                       user.account));
    }
    if (const Node* n = u.Find("tags")) {
      IAMEVAL_ASSIGN_OR_RETURN(
          user.tags, fields::ReadTags(*n, src_, PointerAppend(p, "tags")));
    }
    world_.users.push_back(std::move(user));
  }
  return absl::OkStatus();
}

// Parses a regional ARN of `service` whose resource starts with `prefix`
// and has something after it.
// Reads the string at `n` and checks it with `check` (aws/kms.h,
// aws/secretsmanager.h); `*out` gets views into `n`.
absl::Status CheckedArn(const Node& n, const Source& src, const std::string& p,
                        absl::Status (*check)(absl::string_view, ArnView*),
                        absl::string_view what, ArnView* out) {
  IAMEVAL_RETURN_IF_ERROR(fields::String(n, src, p, what).status());
  if (!check(n.text, out).ok()) {
    return src.Error(n.offset, p, json::Describe(n), what);
  }
  return absl::OkStatus();
}

absl::Status WorldReader::ReadKeys(const Node& node,
                                   const std::string& pointer) {
  IAMEVAL_RETURN_IF_ERROR(ExpectArray(node, pointer, "key objects"));
  absl::flat_hash_set<std::string> seen;
  for (size_t i = 0; i < node.items.size(); ++i) {
    const Node& k = node.items[i];
    std::string p = PointerAppend(pointer, i);
    IAMEVAL_RETURN_IF_ERROR(fields::ExpectObject(k, src_, p, "a key object"));
    IAMEVAL_RETURN_IF_ERROR(
        fields::CheckKeys(k, src_, p, {"arn", "policy", "aliases", "tags"}));
    const Node* arn_node = k.Find("arn");
    if (arn_node == nullptr) {
      return src_.Error(k.offset, p, "an object without \"arn\"",
                        absl::StrCat("an \"arn\": ", aws::kms::kKeyArnShape));
    }
    std::string ap = PointerAppend(p, "arn");
    ArnView arn;
    IAMEVAL_RETURN_IF_ERROR(CheckedArn(*arn_node, src_, ap,
                                       aws::kms::CheckKeyArn,
                                       aws::kms::kKeyArnShape, &arn));
    if (std::string e = world_rules::KeyIdProblem(arn.resource); !e.empty()) {
      return src_.Error(arn_node->offset, ap, json::Describe(*arn_node), e);
    }
    Key key;
    key.arn = arn_node->text;
    key.account = std::string(arn.account);
    key.region = std::string(arn.region);
    IAMEVAL_RETURN_IF_ERROR(Unique(&seen, key.arn, *arn_node, ap));
    const std::string owner(arn.resource);
    if (const Node* n = k.Find("policy")) {
      IAMEVAL_ASSIGN_OR_RETURN(
          key.policy, LoadPolicy(*n, src_, base_dir_,
                                 PointerAppend(p, "policy"), PolicyKind::kKey,
                                 owner + " key policy"));
    } else {
      // What KMS attaches when a key is created without a policy.
      key.policy = aws::kms::DefaultKeyPolicy(arn.partition, arn.account,
                                              owner + " default key policy");
    }
    if (const Node* n = k.Find("aliases")) {
      std::string lp = PointerAppend(p, "aliases");
      IAMEVAL_ASSIGN_OR_RETURN(key.aliases,
                               fields::StringList(*n, src_, lp, "alias"));
      for (size_t a = 0; a < key.aliases.size(); ++a) {
        if (std::string e = world_rules::AliasProblem(key.aliases[a], false);
            !e.empty()) {
          return src_.Error(n->items[a].offset, PointerAppend(lp, a),
                            json::Describe(n->items[a]), e);
        }
      }
    }
    if (const Node* n = k.Find("tags")) {
      IAMEVAL_ASSIGN_OR_RETURN(
          key.tags, fields::ReadTags(*n, src_, PointerAppend(p, "tags")));
    }
    world_.keys.push_back(std::move(key));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> WorldReader::ResolveSecretKey(
    const Node& node, const std::string& pointer, const Secret& secret) {
  using aws::kms::KeyIdForm;
  IAMEVAL_RETURN_IF_ERROR(
      fields::String(node, src_, pointer, aws::kms::kKeyIdShape).status());
  aws::kms::KeyIdView id;
  if (!aws::kms::ParseKeyId(node.text, &id).ok()) {
    return src_.Error(node.offset, pointer, json::Describe(node),
                      aws::kms::kKeyIdShape);
  }
  // A key id or alias name is looked up in the secret's account and
  // region; an ARN names its own (another account's key is named by ARN).
  absl::string_view account = secret.account;
  absl::string_view region = secret.region;
  const bool is_arn =
      id.form == KeyIdForm::kKeyArn || id.form == KeyIdForm::kAliasArn;
  if (is_arn) {
    if (std::string e =
            world_rules::SecretKeyRegionProblem(secret.region, id.arn.region);
        !e.empty()) {
      return src_.Error(node.offset, pointer, json::Describe(node), e);
    }
    account = id.arn.account;
    region = id.arn.region;
  }
  if (id.alias == aws::kms::kSecretsManagerKeyAlias) {
    // The AWS managed key, as if no kms_key were given. Only the secret's
    // own account's can encrypt it (Secrets Manager API Reference,
    // CreateSecret KmsKeyId).
    if (account != secret.account) {
      return src_.Error(node.offset, pointer, json::Describe(node),
                        absl::StrCat("alias/aws/secretsmanager of the "
                                     "secret's account ",
                                     secret.account,
                                     " (another account's AWS managed key "
                                     "cannot encrypt the secret)"));
    }
    return std::string();
  }
  const Key* found = nullptr;
  for (const Key& k : world_.keys) {
    bool match = false;
    if (id.form == KeyIdForm::kKeyArn) {
      match = k.arn == node.text;
    } else if (k.account == account && k.region == region) {
      if (id.alias.empty()) {
        aws::kms::KeyIdView kid;
        match = aws::kms::ParseKeyId(k.arn, &kid).ok() &&
                kid.key_id == id.key_id;
      } else {
        for (const std::string& a : k.aliases) match = match || a == id.alias;
      }
    }
    if (!match) continue;
    if (found != nullptr) {
      return src_.Error(node.offset, pointer,
                        absl::StrCat(json::Describe(node), ", an alias of ",
                                     Quote(found->arn, 200), " and of ",
                                     Quote(k.arn, 200)),
                        "an alias that names one key per account and region");
    }
    found = &k;
  }
  if (found != nullptr) return found->arn;
  std::string expected;
  switch (id.form) {
    case KeyIdForm::kKeyArn:
      expected = "the ARN of a key defined in \"keys\"";
      break;
    case KeyIdForm::kKeyId:
      expected = absl::StrCat("the id of a key defined in \"keys\" in account ",
                              account, ", region ", region);
      break;
    default:
      expected = absl::StrCat("an alias of a key defined in \"keys\" (its "
                              "\"aliases\") in account ",
                              account, ", region ", region);
  }
  return src_.ErrorText(
      node.offset, pointer,
      absl::StrCat("found ", json::Describe(node), "; expected ", expected),
      absl::StatusCode::kNotFound);
}

absl::Status WorldReader::ReadSecrets(const Node& node,
                                      const std::string& pointer) {
  IAMEVAL_RETURN_IF_ERROR(ExpectArray(node, pointer, "secret objects"));
  absl::flat_hash_set<std::string> seen;
  for (size_t i = 0; i < node.items.size(); ++i) {
    const Node& s = node.items[i];
    std::string p = PointerAppend(pointer, i);
    IAMEVAL_RETURN_IF_ERROR(
        fields::ExpectObject(s, src_, p, "a secret object"));
    IAMEVAL_RETURN_IF_ERROR(fields::CheckKeys(
        s, src_, p, {"arn", "policy", "kms_key", "tags", "version_id"}));
    const Node* arn_node = s.Find("arn");
    if (arn_node == nullptr) {
      return src_.Error(
          s.offset, p, "an object without \"arn\"",
          absl::StrCat("an \"arn\": ", aws::secretsmanager::kSecretArnShape));
    }
    std::string ap = PointerAppend(p, "arn");
    ArnView arn;
    IAMEVAL_RETURN_IF_ERROR(CheckedArn(
        *arn_node, src_, ap, aws::secretsmanager::CheckSecretArn,
        aws::secretsmanager::kSecretArnShape, &arn));
    if (std::string e = world_rules::SecretNameProblem(arn.resource);
        !e.empty()) {
      return src_.Error(arn_node->offset, ap, json::Describe(*arn_node), e);
    }
    Secret secret;
    secret.arn = arn_node->text;
    secret.account = std::string(arn.account);
    secret.region = std::string(arn.region);
    IAMEVAL_RETURN_IF_ERROR(Unique(&seen, secret.arn, *arn_node, ap));
    const std::string owner(arn.resource);
    if (const Node* n = s.Find("policy")) {
      IAMEVAL_ASSIGN_OR_RETURN(
          secret.policy,
          LoadPolicy(*n, src_, base_dir_, PointerAppend(p, "policy"),
                     PolicyKind::kResource, owner + " policy"));
    }
    if (const Node* n = s.Find("kms_key")) {
      IAMEVAL_ASSIGN_OR_RETURN(
          secret.kms_key,
          ResolveSecretKey(*n, PointerAppend(p, "kms_key"), secret));
    }
    // No kms_key: the AWS managed key aws/secretsmanager of the secret's
    // account and region, which the engine creates (eval/compiled_world.h).
    if (const Node* n = s.Find("tags")) {
      IAMEVAL_ASSIGN_OR_RETURN(
          secret.tags, fields::ReadTags(*n, src_, PointerAppend(p, "tags")));
    }
    if (const Node* n = s.Find("version_id")) {
      IAMEVAL_ASSIGN_OR_RETURN(
          secret.version_id,
          fields::String(*n, src_, PointerAppend(p, "version_id"),
                         "a version id string"));
    }
    world_.secrets.push_back(std::move(secret));
  }
  return absl::OkStatus();
}

absl::Status WorldReader::ReadResources(const Node& node,
                                        const std::string& pointer) {
  IAMEVAL_RETURN_IF_ERROR(ExpectArray(node, pointer, "resource objects"));
  absl::flat_hash_set<std::string> seen;
  for (const Secret& s : world_.secrets) seen.insert(s.arn);
  for (const Key& k : world_.keys) seen.insert(k.arn);
  for (const Role& r : world_.roles) seen.insert(r.arn);
  for (size_t i = 0; i < node.items.size(); ++i) {
    const Node& r = node.items[i];
    std::string p = PointerAppend(pointer, i);
    IAMEVAL_RETURN_IF_ERROR(
        fields::ExpectObject(r, src_, p, "a resource object"));
    IAMEVAL_RETURN_IF_ERROR(
        fields::CheckKeys(r, src_, p, {"arn", "account", "policy", "tags"}));
    constexpr const char* kWhat = world_rules::kResourceArnShape;
    const Node* arn_node = r.Find("arn");
    if (arn_node == nullptr) {
      return src_.Error(r.offset, p, "an object without \"arn\"",
                        absl::StrCat("an \"arn\": ", kWhat));
    }
    std::string ap = PointerAppend(p, "arn");
    IAMEVAL_ASSIGN_OR_RETURN(std::string text,
                             fields::String(*arn_node, src_, ap, kWhat));
    absl::StatusOr<Arn> arn = ParseArn(text);
    if (!arn.ok()) return src_.ErrorText(arn_node->offset, ap,
                                         arn.status().message());
    if (std::string e = world_rules::ResourceArnAccountProblem(arn->account);
        !e.empty()) {
      return src_.Error(arn_node->offset, ap, json::Describe(*arn_node), e);
    }
    Resource res;
    res.arn = text;
    res.account = arn->account;
    IAMEVAL_RETURN_IF_ERROR(Unique(&seen, res.arn, *arn_node, ap));
    if (const Node* n = r.Find("account")) {
      std::string cp = PointerAppend(p, "account");
      IAMEVAL_ASSIGN_OR_RETURN(
          std::string account,
          fields::String(*n, src_, cp, "a 12-digit account id"));
      if (std::string e = world_rules::ResourceAccountProblem(res.account,
                                                              account);
          !e.empty()) {
        return src_.Error(n->offset, cp, json::Describe(*n), e);
      }
      res.account = account;
    }
    if (res.account.empty()) {
      return src_.Error(arn_node->offset, ap,
                        absl::StrCat("an ARN without an account ",
                                     Quote(text, 200)),
                        "an \"account\" field next to it (the owner of the "
                        "resource)");
    }
    if (const Node* n = r.Find("policy")) {
      IAMEVAL_ASSIGN_OR_RETURN(
          res.policy, LoadPolicy(*n, src_, base_dir_,
                                 PointerAppend(p, "policy"),
                                 PolicyKind::kResource, text + " policy"));
    }
    if (const Node* n = r.Find("tags")) {
      IAMEVAL_ASSIGN_OR_RETURN(
          res.tags, fields::ReadTags(*n, src_, PointerAppend(p, "tags")));
    }
    world_.resources.push_back(std::move(res));
  }
  return absl::OkStatus();
}

}  // namespace

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return "";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string JoinPath(const std::string& base_dir, const std::string& path) {
  if (base_dir.empty() || absl::StartsWith(path, "/")) return path;
  if (absl::EndsWith(base_dir, "/")) return base_dir + path;
  return absl::StrCat(base_dir, "/", path);
}

absl::StatusOr<Policy> LoadPolicy(const json::Node& node, const Source& source,
                                  const std::string& base_dir,
                                  absl::string_view pointer, PolicyKind kind,
                                  const std::string& default_name) {
  return LoadPolicyNamed(node, source, base_dir, pointer, kind, default_name,
                         /*path_names=*/true);
}

namespace {

absl::StatusOr<Policy> LoadPolicyNamed(const json::Node& node,
                                       const Source& source,
                                       const std::string& base_dir,
                                       absl::string_view pointer,
                                       PolicyKind kind,
                                       const std::string& default_name,
                                       bool path_names) {
  const json::Node* doc = &node;
  std::string doc_pointer(pointer);
  std::string name = default_name;
  if (node.is_object() && node.Find("document") != nullptr) {
    // {"name": ..., "document": DOC-OR-PATH}. A policy document never has a
    // "document" member, so its presence tells the two forms apart.
    IAMEVAL_RETURN_IF_ERROR(
        fields::CheckKeys(node, source, pointer, {"name", "document"}));
    if (const json::Node* n = node.Find("name")) {
      IAMEVAL_ASSIGN_OR_RETURN(
          name, fields::String(*n, source, PointerAppend(pointer, "name"),
                               "a policy name"));
      if (name.empty()) {
        return source.Error(n->offset, PointerAppend(pointer, "name"),
                            "an empty string", "a policy name");
      }
    }
    doc = node.Find("document");
    doc_pointer = PointerAppend(pointer, "document");
    if (path_names && doc->is_string() && node.Find("name") == nullptr) {
      name = doc->text;
    }
  } else if (path_names && node.is_string()) {
    name = node.text;
  }
  if (doc->is_string()) {
    if (doc->text.empty()) {
      return source.Error(doc->offset, doc_pointer, "an empty string",
                          "the path of a policy file or a policy object");
    }
    std::string path = JoinPath(base_dir, doc->text);
    absl::StatusOr<std::string> text = ReadInputFile(path);
    if (!text.ok()) {
      return source.ErrorText(
          doc->offset, doc_pointer,
          absl::StrCat("found ", json::Describe(*doc), " (",
                       text.status().message(),
                       "); expected the path of a policy file, relative to ",
                       // Standard input has no directory of its own.
                       source.name() == kStdinName
                           ? "the current directory (the world is <stdin>)"
                           : source.name()),
          text.status().code());
    }
    ParseOptions options;
    options.file = path;
    options.name = name;
    return Policy::Parse(*text, kind, options);
  }
  if (!doc->is_object()) {
    return source.Error(doc->offset, doc_pointer, json::Describe(*doc),
                        "a policy object, the path of a policy file, or "
                        "{\"name\": ..., \"document\": ...}");
  }
  return ParsePolicyNode(*doc, source, kind, doc_pointer, name);
}

}  // namespace

absl::StatusOr<Policy> ParseUrlEncodedPolicy(const json::Node& node,
                                             const Source& source,
                                             absl::string_view pointer,
                                             PolicyKind kind,
                                             const std::string& name) {
  IAMEVAL_RETURN_IF_ERROR(
      fields::String(node, source, pointer, "a URL-encoded policy document")
          .status());
  absl::StatusOr<std::string> text = UrlDecode(node.text);
  if (!text.ok()) {
    return source.ErrorText(
        node.offset, pointer,
        absl::StrCat("cannot URL-decode the string: ", text.status().message()));
  }
  // The decoded text has no file of its own: its statements are attributed
  // to this string (coverage lists them under this name).
  ParseOptions options;
  options.file = absl::StrCat(source.name(), " ", pointer, " (URL-decoded)");
  options.name = name;
  absl::StatusOr<Policy> policy = Policy::Parse(*text, kind, options);
  if (policy.ok()) return policy;
  // "<file>:<line>:<col>: <pointer>: ..." of the decoded text, relocated at
  // the string with the position inside the decoded text kept.
  absl::string_view inner = policy.status().message();
  const std::string file_prefix = options.file + ":";
  if (absl::ConsumePrefix(&inner, file_prefix)) {
    return source.ErrorText(
        node.offset, pointer,
        absl::StrCat("in the URL-decoded policy document at ", inner),
        policy.status().code());
  }
  return source.ErrorText(
      node.offset, pointer,
      absl::StrCat("in the URL-decoded policy document: ", inner),
      policy.status().code());
}

absl::StatusOr<Policy> LoadTrustPolicy(const json::Node& node,
                                       const Source& source,
                                       const std::string& base_dir,
                                       absl::string_view pointer,
                                       const std::string& default_name) {
  // `aws iam get-role --query Role.AssumeRolePolicyDocument` prints the
  // document; `aws iam get-role` prints it inside this member, which a
  // policy document never has.
  constexpr absl::string_view kWrapper = "AssumeRolePolicyDocument";
  if (!node.is_object() || node.members.size() != 1 ||
      node.members[0].key != kWrapper) {
    return LoadPolicy(node, source, base_dir, pointer, PolicyKind::kTrust,
                      default_name);
  }
  const json::Node& doc = node.members[0].value;
  const std::string doc_pointer = PointerAppend(pointer, kWrapper);
  if (doc.is_string()) {
    return ParseUrlEncodedPolicy(doc, source, doc_pointer, PolicyKind::kTrust,
                                 default_name);
  }
  if (!doc.is_object()) {
    return source.Error(doc.offset, doc_pointer, json::Describe(doc),
                        "a policy document object or a URL-encoded policy "
                        "document string");
  }
  return ParsePolicyNode(doc, source, PolicyKind::kTrust, doc_pointer,
                         default_name);
}

absl::StatusOr<World> ParseWorldNode(const json::Node& root,
                                     const Source& source,
                                     const std::string& base_dir,
                                     absl::string_view pointer) {
  WorldReader reader(source, base_dir);
  return reader.Read(root, pointer);
}

}  // namespace world_loader
}  // namespace iameval
