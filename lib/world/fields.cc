// iameval: offline AWS IAM policy evaluation.

#include "world/fields.h"

#include <optional>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
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

namespace {

constexpr char kTagsExpected[] =
    "an object of tag key -> string value, or an array of "
    "{\"Key\": ..., \"Value\": ...} or of {\"TagKey\": ..., "
    "\"TagValue\": ...}";
constexpr char kTagElementExpected[] =
    "a tag {\"Key\": ..., \"Value\": ...} or {\"TagKey\": ..., "
    "\"TagValue\": ...}";

// Where a tag's key was written: for locating the key rules' errors.
struct TagKeyAt {
  size_t offset;
  std::string pointer;
};

// One element of the array forms into `tags` and `at`.
absl::Status ReadTagElement(const json::Node& item, const Source& source,
                            const std::string& pointer, Tags* tags,
                            std::vector<TagKeyAt>* at) {
  if (!item.is_object()) {
    return source.Error(item.offset, pointer, json::Describe(item),
                        kTagElementExpected);
  }
  // The shape is set by the element's first member; the other member must
  // be its partner.
  const json::Member* first = nullptr;
  bool kms = false;
  for (const json::Member& m : item.members) {
    const bool iam_member = m.key == "Key" || m.key == "Value";
    const bool kms_member = m.key == "TagKey" || m.key == "TagValue";
    if (!iam_member && !kms_member) {
      return source.Error(m.key_offset, json::PointerAppend(pointer, m.key),
                          absl::StrCat("unknown key ", Quote(m.key)),
                          "Key and Value, or TagKey and TagValue");
    }
    if (first == nullptr) {
      first = &m;
      kms = kms_member;
    } else if (kms != kms_member) {
      return source.Error(
          m.key_offset, json::PointerAppend(pointer, m.key),
          absl::StrCat(Quote(m.key), " beside ", Quote(first->key)),
          kms ? "TagKey and TagValue (the KMS shape)"
              : "Key and Value (the IAM shape)");
    }
  }
  const char* key_name = kms ? "TagKey" : "Key";
  const char* value_name = kms ? "TagValue" : "Value";
  const json::Member* key = item.FindMember(key_name);
  const json::Member* value = item.FindMember(value_name);
  for (const auto& [member, name, what] :
       {std::make_tuple(key, key_name, "a string tag key"),
        std::make_tuple(value, value_name, "a string tag value")}) {
    if (member == nullptr) {
      return source.Error(
          item.offset, pointer,
          absl::StrCat("a tag without ", Quote(name)),
          absl::StrCat(kms ? "TagKey and TagValue" : "Key and Value",
                       ", both strings"));
    }
    if (!member->value.is_string()) {
      return source.Error(member->value.offset,
                          json::PointerAppend(pointer, name),
                          json::Describe(member->value), what);
    }
  }
  tags->emplace_back(key->value.text, value->value.text);
  at->push_back({key->value.offset, json::PointerAppend(pointer, key_name)});
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Tags> ReadTags(const json::Node& node, const Source& source,
                              absl::string_view pointer, TagKeys keys) {
  Tags tags;
  std::vector<TagKeyAt> at;
  if (node.is_object()) {
    tags.reserve(node.members.size());
    for (const json::Member& m : node.members) {
      std::string p = json::PointerAppend(pointer, m.key);
      if (!m.value.is_string()) {
        return source.Error(m.value.offset, p, json::Describe(m.value),
                            "a string tag value");
      }
      tags.emplace_back(m.key, m.value.text);
      at.push_back({m.key_offset, std::move(p)});
    }
  } else if (node.is_array()) {
    tags.reserve(node.items.size());
    for (size_t i = 0; i < node.items.size(); ++i) {
      IAMEVAL_RETURN_IF_ERROR(ReadTagElement(node.items[i], source,
                                             json::PointerAppend(pointer, i),
                                             &tags, &at));
    }
  } else {
    return source.Error(node.offset, pointer, json::Describe(node),
                        kTagsExpected);
  }
  if (keys == TagKeys::kAsGiven) return tags;
  // The key rules (world/rules.h), located at the offending key.
  if (std::optional<world_rules::TagProblem> bad =
          world_rules::TagsProblem(tags)) {
    return source.Error(at[bad->index].offset, at[bad->index].pointer,
                        bad->found, bad->expected);
  }
  return tags;
}

absl::StatusOr<std::string> ScalarText(
    const json::Node& node, const Source& source,
    absl::FunctionRef<std::string()> pointer) {
  switch (node.type) {
    case json::Type::kString:
    case json::Type::kNumber:
      return node.text;
    case json::Type::kBool:
      return std::string(node.boolean ? "true" : "false");
    default:
      return source.Error(node.offset, pointer(), json::Describe(node),
                          "a string, number or boolean");
  }
}

absl::StatusOr<std::string> ScalarText(const json::Node& node,
                                       const Source& source,
                                       absl::string_view pointer) {
  return ScalarText(node, source,
                    [pointer] { return std::string(pointer); });
}

}  // namespace fields
}  // namespace iameval
