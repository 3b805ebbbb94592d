// iameval: offline AWS IAM policy evaluation.
//
// World: the accounts, principals and resources that requests are evaluated
// against (docs/format.md#world-file). Load one from a file:
//
//   absl::StatusOr<iameval::World> world = iameval::World::Load("world.json");
//
// Every ARN is validated and every policy parsed while loading; errors are
// located ("world.json:12:9: /roles/0/arn: found ...; expected ...").
// A World is a plain value: copyable, no hidden state.

#ifndef IAMEVAL_INCLUDE_IAMEVAL_WORLD_H_
#define IAMEVAL_INCLUDE_IAMEVAL_WORLD_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "iameval/policy.h"
#include "iameval/request.h"

namespace iameval {

struct Account {
  std::string id;                      // 12 digits
  std::string org_id;                  // "" when not in an organization
  bool management = false;             // SCPs and RCPs never apply
  std::vector<std::string> org_paths;  // aws:PrincipalOrgPaths values
  // Levels (root, each OU, the account); at each level one policy must allow.
  // nullopt: no SCP applies. A flat list in the file is one level.
  std::optional<std::vector<std::vector<Policy>>> scps;
  // As scps; RCPFullAWSAccess is implied at every level.
  std::optional<std::vector<std::vector<Policy>>> rcps;
};

struct Role {
  std::string arn;      // arn:aws:iam::<account>:role/<path><name>
  std::string account;  // from the ARN
  std::string name;     // last path component
  std::string role_id;  // aws:userid prefix "AROA..."; "" = a placeholder
                        // the engine derives from the ARN
  Policy trust_policy;
  std::vector<Policy> policies;
  std::optional<Policy> permissions_boundary;
  Tags tags;
  int64_t max_session_duration = 3600;  // 3600..43200
};

struct User {
  std::string arn;
  std::string account;
  std::string name;
  std::string user_id;  // aws:userid "AIDA..."; "" = a placeholder the
                        // engine derives from the ARN
  std::vector<Policy> policies;
  std::vector<std::string> groups;  // group ARNs, each defined in `groups`
  std::optional<Policy> permissions_boundary;
  Tags tags;
};

struct Group {
  std::string arn;
  std::vector<Policy> policies;
};

struct Secret {
  std::string arn;  // arn:aws:secretsmanager:<region>:<account>:secret:<name>-XXXXXX
  std::string account;
  std::string region;
  std::optional<Policy> policy;
  // Key ARN, a key of `keys` in the secret's region. "" = the AWS managed
  // key aws/secretsmanager of the secret's account and region, which the
  // engine creates (arn:<partition>:kms:<region>:<account>:key/
  // aws-secretsmanager, with the key policy AWS gives it).
  std::string kms_key;
  std::string version_id;  // kms:EncryptionContext:SecretVersionId
  Tags tags;
};

struct Key {
  std::string arn;  // arn:aws:kms:<region>:<account>:key/<id>
  std::string account;
  std::string region;
  Policy policy;
  std::vector<std::string> aliases;  // "alias/name"
  Tags tags;
  bool aws_managed = false;  // aws/secretsmanager: RCPs do not apply
};

// Any other resource with a resource-based policy or tags.
struct Resource {
  std::string arn;
  std::string account;  // from the ARN, or the file's "account" (S3)
  std::optional<Policy> policy;
  Tags tags;
};

struct World {
  std::string file;                // where it was loaded from ("" inline)
  std::optional<absl::Time> now;   // aws:CurrentTime; nullopt: the clock
  std::map<std::string, Account> accounts;  // by id
  std::vector<Role> roles;
  std::vector<User> users;
  std::vector<Group> groups;
  std::vector<Secret> secrets;
  std::vector<Key> keys;
  std::vector<Resource> resources;

  // Reads and validates the world file at `path`; policy paths are relative
  // to the file's directory. InvalidArgument / NotFound with a located
  // message on bad input.
  static absl::StatusOr<World> Load(const std::string& path);

  // Parses world JSON `text`. `file` names it in errors; `base_dir` resolves
  // relative policy paths.
  static absl::StatusOr<World> Parse(absl::string_view text,
                                     const std::string& file,
                                     const std::string& base_dir);

  // The non-fatal errors (Policy::errors()) of every policy of the world,
  // each once, in file order: what `iameval test` and `check` report before
  // they evaluate, since a policy AWS accepts may still be wrong in part.
  std::vector<Diagnostic> PolicyErrors() const;
};

}  // namespace iameval

#endif  // IAMEVAL_INCLUDE_IAMEVAL_WORLD_H_
