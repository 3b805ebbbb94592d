// iameval: offline AWS IAM policy evaluation.

#include "json/writer.h"

#include <string>
#include <type_traits>
#include <utility>

#include "base/source.h"

namespace iameval {
namespace json {
namespace {

constexpr size_t kLineWidth = 80;

bool IsScalar(const Node& n) { return n.type != Type::kArray && n.type != Type::kObject; }

void WriteScalar(const Node& n, std::string* out) {
  switch (n.type) {
    case Type::kNull: *out += "null"; break;
    case Type::kBool: *out += n.boolean ? "true" : "false"; break;
    case Type::kNumber: *out += n.text; break;
    case Type::kString: *out += JsonQuote(n.text); break;
    default: break;
  }
}

// NodeT is Node (WriteLocated: record offsets) or const Node (Write).
template <typename NodeT>
void WriteValue(NodeT& n, int depth, size_t column, std::string* out);

void Indent(int depth, std::string* out) { out->append(2 * depth, ' '); }

// An array of scalars on one line when it fits from `column` on.
bool WriteInlineArray(const Node& n, size_t column, std::string* out) {
  std::string line = "[";
  for (size_t i = 0; i < n.items.size(); ++i) {
    if (!IsScalar(n.items[i])) return false;
    if (i > 0) line += ", ";
    WriteScalar(n.items[i], &line);
    if (column + line.size() + 1 > kLineWidth) return false;
  }
  line += "]";
  *out += line;
  return true;
}

template <typename NodeT>
void WriteValue(NodeT& n, int depth, size_t column, std::string* out) {
  if constexpr (!std::is_const_v<NodeT>) {
    n.offset = static_cast<uint32_t>(out->size());
  }
  if (IsScalar(n)) {
    WriteScalar(n, out);
    return;
  }
  if (n.type == Type::kArray) {
    if (n.items.empty()) {
      *out += "[]";
      return;
    }
    if (WriteInlineArray(n, column, out)) {
      if constexpr (!std::is_const_v<NodeT>) {
        // Each element's offset in the line just written.
        size_t at = n.offset + 1;
        for (Node& item : n.items) {
          item.offset = static_cast<uint32_t>(at);
          std::string text;
          WriteScalar(item, &text);
          at += text.size() + 2;
        }
      }
      return;
    }
    *out += "[\n";
    for (size_t i = 0; i < n.items.size(); ++i) {
      Indent(depth + 1, out);
      WriteValue(n.items[i], depth + 1, 2 * (depth + 1), out);
      *out += i + 1 < n.items.size() ? ",\n" : "\n";
    }
    Indent(depth, out);
    *out += "]";
    return;
  }
  if (n.members.empty()) {
    *out += "{}";
    return;
  }
  *out += "{\n";
  for (size_t i = 0; i < n.members.size(); ++i) {
    auto& m = n.members[i];
    Indent(depth + 1, out);
    if constexpr (!std::is_const_v<NodeT>) {
      m.key_offset = static_cast<uint32_t>(out->size());
    }
    std::string key = JsonQuote(m.key);
    *out += key;
    *out += ": ";
    WriteValue(m.value, depth + 1, 2 * (depth + 1) + key.size() + 2, out);
    *out += i + 1 < n.members.size() ? ",\n" : "\n";
  }
  Indent(depth, out);
  *out += "}";
}

}  // namespace

Node String(std::string text) {
  Node n;
  n.type = Type::kString;
  n.text = std::move(text);
  return n;
}

Node Number(std::string literal) {
  Node n;
  n.type = Type::kNumber;
  n.text = std::move(literal);
  return n;
}

Node Bool(bool value) {
  Node n;
  n.type = Type::kBool;
  n.boolean = value;
  return n;
}

Node Object() {
  Node n;
  n.type = Type::kObject;
  return n;
}

Node Array() {
  Node n;
  n.type = Type::kArray;
  return n;
}

Node* Set(Node* object, std::string key, Node value) {
  Member m;
  m.key = std::move(key);
  m.value = std::move(value);
  object->members.push_back(std::move(m));
  return &object->members.back().value;
}

Node* Append(Node* array, Node value) {
  array->items.push_back(std::move(value));
  return &array->items.back();
}

Node Clone(const Node& node) {
  Node copy;
  copy.type = node.type;
  copy.boolean = node.boolean;
  copy.offset = node.offset;
  copy.text = node.text;
  copy.items.reserve(node.items.size());
  for (const Node& item : node.items) copy.items.push_back(Clone(item));
  copy.members.reserve(node.members.size());
  for (const Member& m : node.members) {
    Member c;
    c.key = m.key;
    c.key_offset = m.key_offset;
    c.value = Clone(m.value);
    copy.members.push_back(std::move(c));
  }
  return copy;
}

std::string Write(const Node& node) {
  std::string out;
  WriteValue(node, 0, 0, &out);
  out += '\n';
  return out;
}

std::string WriteLocated(Node* node) {
  std::string out;
  WriteValue(*node, 0, 0, &out);
  out += '\n';
  return out;
}

}  // namespace json
}  // namespace iameval
