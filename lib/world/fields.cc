// iameval: offline AWS IAM policy evaluation.

#include "world/fields.h"

#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "world/rules.h"

namespace iameval {
namespace fields {

absl::Status ExpectObject(const json::Node& node, const Source& source,
                          absl::string_view pointer, absl::string_view what) {
  if (node.is_object()) return absl::OkStatus();
  return source.Error(node.offset, pointer, json::Describe(node), what);
}

absl::Status CheckKeys(const json::Node& node, const Source& source,
                       absl::string_view pointer,
                       std::initializer_list<absl::string_view> allowed) {
  for (const json::Member& m : node.members) {
    bool known = false;
    for (absl::string_view a : allowed) {
      if (m.key == a) {
        known = true;
        break;
      }
    }
    if (!known) {
      return source.Error(
          m.key_offset, json::PointerAppend(pointer, m.key),
          absl::StrCat("unknown key ", Quote(m.key)),
          absl::StrCat("one of ", absl::StrJoin(allowed, ", ")));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> String(const json::Node& node,
                                   const Source& source,
                                   absl::string_view pointer,
                                   absl::string_view what) {
  if (!node.is_string()) {
    return source.Error(node.offset, pointer, json::Describe(node), what);
  }
  return node.text;
}

absl::StatusOr<int64_t> Integer(const json::Node& node, const Source& source,
                                absl::string_view pointer, int64_t min,
                                int64_t max, absl::string_view what) {
  int64_t value = 0;
  if (node.type != json::Type::kNumber ||
      node.text.find_first_of(".eE") != std::string::npos ||
      !absl::SimpleAtoi(node.text, &value) || value < min || value > max) {
    return source.Error(node.offset, pointer, json::Describe(node), what);
  }
  return value;
}

absl::StatusOr<bool> Bool(const json::Node& node, const Source& source,
                          absl::string_view pointer) {
  if (node.type != json::Type::kBool) {
    return source.Error(node.offset, pointer, json::Describe(node),
                        "true or false");
  }
  return node.boolean;
}

absl::StatusOr<std::vector<std::string>> StringList(
    const json::Node& node, const Source& source, absl::string_view pointer,
    absl::string_view what) {
  if (!node.is_array()) {
    return source.Error(node.offset, pointer, json::Describe(node),
                        absl::StrCat("an array of ", what, "s"));
  }
  std::vector<std::string> out;
  out.reserve(node.items.size());
  for (size_t i = 0; i < node.items.size(); ++i) {
    const json::Node& item = node.items[i];
    if (!item.is_string()) {
      return source.Error(item.offset, json::PointerAppend(pointer, i),
                          json::Describe(item), what);
    }
    out.push_back(item.text);
  }
  return out;
}

absl::StatusOr<Tags> TagObject(const json::Node& node, const Source& source,
                               absl::string_view pointer) {
  if (!node.is_object()) {
    return source.Error(node.offset, pointer, json::Describe(node),
                        "an object of tag key -> string value");
  }
  Tags tags;
  tags.reserve(node.members.size());
  for (const json::Member& m : node.members) {
    if (!m.value.is_string()) {
      return source.Error(m.value.offset, json::PointerAppend(pointer, m.key),
                          json::Describe(m.value), "a string tag value");
    }
    tags.emplace_back(m.key, m.value.text);
  }
  // The key rules (world/rules.h), located at the offending key.
  if (std::optional<world_rules::TagProblem> bad =
          world_rules::TagsProblem(tags)) {
    const json::Member& m = node.members[bad->index];
    return source.Error(m.key_offset, json::PointerAppend(pointer, m.key),
                        bad->found, bad->expected);
  }
  return tags;
}

absl::StatusOr<std::string> ScalarText(const json::Node& node,
                                       const Source& source,
                                       absl::string_view pointer) {
  switch (node.type) {
    case json::Type::kString:
    case json::Type::kNumber:
      return node.text;
    case json::Type::kBool:
      return std::string(node.boolean ? "true" : "false");
    default:
      return source.Error(node.offset, pointer, json::Describe(node),
                          "a string, number or boolean");
  }
}

}  // namespace fields
}  // namespace iameval
