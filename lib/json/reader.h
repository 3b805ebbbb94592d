// iameval: offline AWS IAM policy evaluation.
//
// The JSON stage: bytes -> json::Node tree with byte offsets. Built on
// RapidJSON's SAX reader in iterative mode, so no input can drive the C++
// stack deep: neither while parsing (RapidJSON keeps its own stack) nor here
// (the tree is built with an explicit stack, and nesting is capped at
// `ReadOptions::max_depth`, which also bounds the recursive destructor).
//
// Rejected, with a located error: invalid JSON (RFC 8259, no comments, no
// NaN), invalid UTF-8, duplicate keys in one object (RapidJSON's DOM would
// accept them silently; IAM rejects them), nesting deeper than max_depth.
//
// Later stages read json::Node only; nothing outside lib/json sees RapidJSON.

#ifndef IAMEVAL_LIB_JSON_READER_H_
#define IAMEVAL_LIB_JSON_READER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/source.h"

namespace iameval {
namespace json {

enum class Type : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

struct Member;

// One JSON value. Not copyable (trees are moved). Movable.
struct Node {
  Type type = Type::kNull;
  bool boolean = false;   // kBool
  uint32_t offset = 0;    // byte offset of the value's first character
  std::string text;       // kString: decoded UTF-8; kNumber: literal as written
  std::vector<Node> items;      // kArray, in input order
  std::vector<Member> members;  // kObject, in input order

  Node() = default;
  Node(Node&&) = default;
  Node& operator=(Node&&) = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  bool is_string() const { return type == Type::kString; }
  bool is_object() const { return type == Type::kObject; }
  bool is_array() const { return type == Type::kArray; }

  // Returns the member named `key` (exact, case-sensitive), or nullptr.
  const Node* Find(absl::string_view key) const;
  const Member* FindMember(absl::string_view key) const;
};

struct Member {
  std::string key;
  uint32_t key_offset = 0;  // byte offset of the key's opening quote
  Node value;
};

// "a string", "an object", "the number 12", "true" ...: how error messages
// describe what they found.
std::string Describe(const Node& node);

struct ReadOptions {
  int max_depth = 64;  // documented in docs/errors.md
};

// Parses `source.text()`. On failure returns InvalidArgument located at the
// offending byte, with the JSON pointer of the enclosing value.
absl::StatusOr<Node> Parse(const Source& source, const ReadOptions& options = {});

// Appends `token` to `pointer` with RFC 6901 escaping (~ -> ~0, / -> ~1).
std::string PointerAppend(absl::string_view pointer, absl::string_view token);
std::string PointerAppend(absl::string_view pointer, size_t index);

}  // namespace json
}  // namespace iameval

#endif  // IAMEVAL_LIB_JSON_READER_H_
