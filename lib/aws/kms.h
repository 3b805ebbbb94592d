// iameval: offline AWS IAM policy evaluation.
//
// AWS KMS facts (docs/semantics.md#key, #implied-decrypt): key and alias
// ARNs, the key policies KMS and Secrets Manager create (the default key
// policy, the aws/secretsmanager AWS managed key's), the condition keys KMS
// puts on its requests, and the alias names AWS reserves.

#ifndef IAMEVAL_LIB_AWS_KMS_H_
#define IAMEVAL_LIB_AWS_KMS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "arn/arn.h"
#include "iameval/policy.h"

namespace iameval {
namespace aws {
namespace kms {

inline constexpr absl::string_view kDecrypt = "kms:Decrypt";

// kms:EncryptionAlgorithm of a request on a symmetric key that names no
// algorithm (KMS documents that such requests match SYMMETRIC_DEFAULT).
inline constexpr absl::string_view kSymmetricDefault = "SYMMETRIC_DEFAULT";

// Alias names under alias/aws/ belong to AWS managed keys.
inline constexpr absl::string_view kReservedAliasPrefix = "alias/aws/";
inline constexpr absl::string_view kSecretsManagerKeyAlias =
    "alias/aws/secretsmanager";

// Checks a KMS key ARN arn:<partition>:kms:<region>:<account>:key/<key-id>
// and fills `out` (views into `text`). InvalidArgument "found ...; expected
// <kKeyArnShape>" otherwise.
inline constexpr absl::string_view kKeyArnShape =
    "a KMS key ARN arn:aws:kms:<region>:<account>:key/<key-id>";
absl::Status CheckKeyArn(absl::string_view text, ArnView* out);

// A KeyId parameter (Secrets Manager's KmsKeyId, KMS's KeyId) names a key
// in one of four forms (KMS Developer Guide, "Key identifiers (KeyId)";
// Secrets Manager API Reference, CreateSecret KmsKeyId: "To use a KMS key in
// a different account, use the key ARN or the alias ARN"):
//   key ARN     arn:aws:kms:<region>:<account>:key/<key-id>
//   alias ARN   arn:aws:kms:<region>:<account>:alias/<name>
//   key id      <key-id>       (in the caller's account and region)
//   alias name  alias/<name>   (in the caller's account and region)
enum class KeyIdForm { kKeyArn, kAliasArn, kKeyId, kAliasName };
struct KeyIdView {
  KeyIdForm form = KeyIdForm::kKeyId;
  ArnView arn;               // the ARN forms; empty views otherwise
  absl::string_view key_id;  // the key forms: "1234abcd-12ab-..."
  absl::string_view alias;   // the alias forms: "alias/<name>"
};
inline constexpr absl::string_view kKeyIdShape =
    "a KMS key ARN, alias ARN (arn:aws:kms:<region>:<account>:alias/<name>), "
    "key id or alias name (alias/<name>)";
// Classifies `text` and fills `out` (views into `text`). InvalidArgument
// "found ...; expected <kKeyIdShape>" when it is none of the four: an ARN
// that is neither a key nor an alias ARN, an empty name, a key id with ':'
// or '/'.
absl::Status ParseKeyId(absl::string_view text, KeyIdView* out);

// The ARN iameval gives the aws/secretsmanager AWS managed key of `account`
// in `region`: arn:<partition>:kms:<region>:<account>:key/aws-secretsmanager.
// Real managed keys have a random key id; this fixed one keeps worlds
// reproducible and makes the key recognisable in explanations. A world may
// not define a key with this id.
std::string SecretsManagerKeyArn(absl::string_view partition,
                                 absl::string_view region,
                                 absl::string_view account);
inline constexpr absl::string_view kSecretsManagerKeyId = "aws-secretsmanager";

// The key policy of the aws/secretsmanager AWS managed key of `account` in
// `region` (Secrets Manager User Guide, "Secret encryption and decryption";
// docs/semantics.md#managed-key): any principal of the account may use it
// through Secrets Manager (kms:ViaService + kms:CallerAccount), and the
// account may read its metadata. Named "aws/secretsmanager key policy".
Policy SecretsManagerKeyPolicy(absl::string_view partition,
                               absl::string_view region,
                               absl::string_view account);

// The default key policy KMS attaches to a key created without one: it
// delegates the key to the account's IAM policies (KMS Developer Guide,
// "Default key policy").
Policy DefaultKeyPolicy(absl::string_view partition, absl::string_view account,
                        std::string name);

// kms:ViaService of a request that `service` makes in `region` on a
// principal's behalf: "<service>.<region>.amazonaws.com".
std::string ViaService(absl::string_view service, absl::string_view region);

// When `action` manages an alias (kms:CreateAlias, UpdateAlias, DeleteAlias)
// and `resource` is an alias ARN under alias/aws/, the reason KMS refuses
// it whatever the policies say: those names belong to AWS managed keys
// (KMS Developer Guide, "Aliases"). "" otherwise. docs/semantics.md#aliases.
std::string ReservedAliasProblem(absl::string_view action,
                                 absl::string_view resource);

// True when KMS puts kms:CallerAccount on a request for `action`: every KMS
// operation but GenerateRandom, ListAliases, ListKeys, ListRetirableGrants
// and SynchronizeMultiRegionKey, which list no such key (Service
// Authorization Reference). Compared ignoring case.
bool CarriesCallerAccount(absl::string_view action);

// True for the operations whose kms:EncryptionAlgorithm is
// SYMMETRIC_DEFAULT when the request names no algorithm: Decrypt, Encrypt,
// GenerateDataKey[Pair][WithoutPlaintext], ReEncryptFrom, ReEncryptTo
// (those that list the key; KMS Developer Guide: such requests match the
// default). Compared ignoring case.
bool CarriesEncryptionAlgorithm(absl::string_view action);

}  // namespace kms
}  // namespace aws
}  // namespace iameval

#endif  // IAMEVAL_LIB_AWS_KMS_H_
