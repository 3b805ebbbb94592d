// iameval: offline AWS IAM policy evaluation.
//
// Condition keys as the compiler sees them, and the interface through which
// the matcher reads a request's values.
//
// Keys are case-insensitive (docs/semantics.md#conditions), so every key is
// lowercased once, at compile time, and classified: the evaluator answers
// `aws:PrincipalTag/<k>` or `aws:ResourceAccount` from request facts with a
// switch instead of materialising the whole context for every request.

#ifndef IAMEVAL_LIB_CONDITION_KEY_H_
#define IAMEVAL_LIB_CONDITION_KEY_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "aws/condition_keys.h"

namespace iameval {

// What a key refers to. kGeneric keys are looked up by name only.
enum class KeyKind : unsigned char {
  kGeneric,
  kPrincipalTag,    // aws:principaltag/<tag>
  kResourceTag,     // aws:resourcetag/<tag> and <svc>:resourcetag/<tag>
  kRequestTag,      // aws:requesttag/<tag>
};

struct CompiledKey {
  std::string name;    // lowercased, e.g. "aws:principaltag/team"
  std::string suffix;  // lowercased part after a family prefix ("team")
  KeyKind kind = KeyKind::kGeneric;
  // One of the documented multivalued keys (aws:TagKeys, ...,
  // docs/semantics.md#multivalued): a variable over it never resolves.
  bool known_multivalued = false;
  // The key's row of the condition key table, resolved once here so that
  // evaluation never looks a name up; nullptr for a key iameval does not
  // know (it is only ever present when a request's context sets it).
  const aws::ConditionKeyInfo* info = nullptr;
  // For <service>:ResourceTag/<k>: the service ("secretsmanager"); the key
  // resolves only for that service's resources.
  std::string service;
  // A key without a prefix ("PassedToService", which AWS stores): no
  // request has one, whatever a caller's context holds, so the matcher never
  // looks it up (docs/semantics.md#key-without-prefix).
  bool never_present = false;
};

// Lowercases (ASCII only, like the request side) and classifies `key` by
// the condition key table (aws/condition_keys.h).
CompiledKey CompileKey(absl::string_view key);

// The values of one key in one request. A view: the storage belongs to the
// resolver and lives at least as long as the evaluation.
struct KeyValues {
  const std::string* data = nullptr;
  size_t size = 0;
  bool present = false;
  // The values form a set (the key is multivalued in this request, e.g. it
  // was given as a JSON array): plain operators are false on it.
  bool multivalued = false;

  const std::string* begin() const { return data; }
  const std::string* end() const { return data + size; }
};

// Answers key lookups for one request. Implemented by the evaluator.
class KeyResolver {
 public:
  virtual ~KeyResolver() = default;
  // Returns the values of `key`, or a KeyValues with present == false.
  virtual KeyValues Lookup(const CompiledKey& key) const = 0;

  // For explanations: why this request's value of `key` is not what the
  // caller's context gave (the key was dropped or derived anew on a
  // forwarded call, docs/semantics.md#implied-decrypt); "" when it is. Slow
  // path, never called while deciding.
  virtual std::string Provenance(const CompiledKey& key) const { return ""; }
};

}  // namespace iameval

#endif  // IAMEVAL_LIB_CONDITION_KEY_H_
