// iameval: offline AWS IAM policy evaluation.
//
// Requests: what a caller asks AWS to do. A `Step` is one API call, exactly
// as a test file writes it (docs/format.md#test-file): principal, action,
// resource, request context, and for `sts:AssumeRole` the STS parameters. A chain is a
// sequence of steps; a step without a principal acts as the session the last
// successful AssumeRole produced.

#ifndef IAMEVAL_INCLUDE_IAMEVAL_REQUEST_H_
#define IAMEVAL_INCLUDE_IAMEVAL_REQUEST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "iameval/policy.h"

namespace iameval {

// The values of one context key. `multivalued` is true when the key was
// given as a list (a JSON array): plain operators never match such a key
// (docs/semantics.md#multivalued).
struct ContextValue {
  std::vector<std::string> values;
  bool multivalued = false;
};

// Request context: keys are case-insensitive (as in AWS); the last Set for a
// key wins. Iteration is in insertion order. Values are text: callers convert
// numbers and booleans to their JSON text ("10", "true").
class Context {
 public:
  // Sets a single-valued key.
  void Set(absl::string_view key, std::string value);
  // Sets a multivalued key (an empty list is a present key with no values).
  void SetList(absl::string_view key, std::vector<std::string> values);
  // Returns the value of `key` (any case), or nullptr.
  const ContextValue* Find(absl::string_view key) const;
  bool empty() const { return entries_.empty(); }

  struct Entry {
    std::string key;    // as first given
    std::string lower;  // lowercased, the lookup key
    ContextValue value;
  };
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;
};

using Tags = std::vector<std::pair<std::string, std::string>>;

// One API call. For a single request every field but the STS parameters
// matters; `principal` may be empty only inside a chain.
struct Step {
  std::string principal;  // role/user/assumed-role ARN, account root, or
                          // a service principal name
  std::string action;     // "service:Operation", any case
  std::string resource;   // full ARN, or "*" for actions without resources
  // Overrides what the engine derives (docs/format.md#derived-context).
  Context context;

  // sts:AssumeRole parameters (docs/format.md#test-file).
  std::optional<std::string> session_name;   // default "session"
  Tags session_tags;
  std::vector<std::string> transitive_tag_keys;
  std::optional<std::string> external_id;
  std::optional<std::string> source_identity;
  std::optional<int64_t> duration_seconds;
  std::optional<Policy> session_policy;
};

using Request = Step;

}  // namespace iameval

#endif  // IAMEVAL_INCLUDE_IAMEVAL_REQUEST_H_
