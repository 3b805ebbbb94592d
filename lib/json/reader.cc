// iameval: offline AWS IAM policy evaluation.

#include "json/reader.h"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "rapidjson/error/en.h"
#include "rapidjson/reader.h"

namespace iameval {
namespace json {

const Member* Node::FindMember(absl::string_view key) const {
  for (const Member& m : members) {
    if (m.key == key) return &m;
  }
  return nullptr;
}

const Node* Node::Find(absl::string_view key) const {
  const Member* m = FindMember(key);
  return m == nullptr ? nullptr : &m->value;
}

std::string Describe(const Node& node) {
  switch (node.type) {
    case Type::kNull: return "null";
    case Type::kBool: return node.boolean ? "true" : "false";
    case Type::kNumber: return absl::StrCat("the number ", node.text);
    case Type::kString: return absl::StrCat("the string ", Quote(node.text));
    case Type::kArray: return "an array";
    case Type::kObject: return "an object";
  }
  return "a value";
}

std::string PointerAppend(absl::string_view pointer, absl::string_view token) {
  if (token.find_first_of("~/") == absl::string_view::npos) {
    return absl::StrCat(pointer, "/", token);  // nothing to escape
  }
  std::string out(pointer);
  out += '/';
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string PointerAppend(absl::string_view pointer, size_t index) {
  return absl::StrCat(pointer, "/", index);
}

namespace {

// Objects with more members than this switch from a linear duplicate scan to
// a hash set.
constexpr size_t kLinearDuplicateScan = 16;

// A RapidJSON input stream over [begin, end). Unlike rapidjson::StringStream
// it has no "copy optimization", so Tell() is current inside every handler
// callback (StringStream parses strings and numbers on a local copy and
// writes the position back only afterwards). It also never reads past `end`.
class CursorStream {
 public:
  typedef char Ch;
  CursorStream(const char* begin, size_t size)
      : begin_(begin), pos_(begin), end_(begin + size) {}
  Ch Peek() const { return pos_ < end_ ? *pos_ : '\0'; }
  Ch Take() { return pos_ < end_ ? *pos_++ : '\0'; }
  size_t Tell() const { return static_cast<size_t>(pos_ - begin_); }
  // Output side: never used by Reader on an input stream.
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  size_t PutEnd(Ch*) { return 0; }

 private:
  const char* begin_;
  const char* pos_;
  const char* end_;
};

// An open container. Its children wait in the builder's scratch vector of
// their kind (members or items) until it closes; then they move into a
// vector of exactly their number, so a container's vector is allocated once
// instead of growing one child at a time. Containers nest, so the children
// of the innermost open container of each kind are always the last
// `count` entries of that kind's scratch vector.
struct Frame {
  Node node;
  std::string pending_key;  // objects: the key whose value comes next
  uint32_t pending_key_offset = 0;
  size_t count = 0;  // children so far
  absl::flat_hash_set<std::string> keys;  // filled past kLinearDuplicateScan
};

// SAX handler that builds the tree with an explicit stack. RapidJSON reports
// scalars after consuming them (and containers just before consuming the
// bracket), so value start offsets are recovered by scanning forward from the
// end of the previous event over whitespace and the punctuation , : ] }.
// The scan only moves forward, so it adds O(n) over the whole parse.
class TreeBuilder
    : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TreeBuilder> {
 public:
  TreeBuilder(const Source& source, const ReadOptions& options,
              const CursorStream* stream)
      : source_(source), options_(options), stream_(stream) {}

  bool Null() { return Scalar(Type::kNull, false, {}); }
  bool Bool(bool b) { return Scalar(Type::kBool, b, {}); }
  bool RawNumber(const char* str, rapidjson::SizeType len, bool) {
    return Scalar(Type::kNumber, false, absl::string_view(str, len));
  }
  bool String(const char* str, rapidjson::SizeType len, bool) {
    return Scalar(Type::kString, false, absl::string_view(str, len));
  }
  bool StartObject() { return Open(Type::kObject); }
  bool StartArray() { return Open(Type::kArray); }
  bool EndObject(rapidjson::SizeType) { return Close(); }
  bool EndArray(rapidjson::SizeType) { return Close(); }

  bool Key(const char* str, rapidjson::SizeType len, bool) {
    uint32_t offset = ValueStart();
    Frame& f = stack_.back();
    absl::string_view key(str, len);
    bool duplicate = false;
    const auto members = absl::MakeConstSpan(member_scratch_)
                             .subspan(member_scratch_.size() - f.count);
    if (f.count < kLinearDuplicateScan) {
      duplicate = std::any_of(members.begin(), members.end(),
                              [key](const Member& m) { return m.key == key; });
    } else {
      if (f.keys.empty()) {
        for (const Member& m : members) f.keys.insert(m.key);
      }
      duplicate = !f.keys.insert(std::string(key)).second;
    }
    if (duplicate) {
      error_ = source_.Error(
          offset, PointerAppend(Pointer(), key),
          absl::StrCat("duplicate key ", Quote(key)),
          "each key at most once in an object");
      return false;
    }
    f.pending_key.assign(str, len);
    f.pending_key_offset = offset;
    MarkEnd();
    return true;
  }

  Node TakeRoot() { return std::move(root_); }
  const absl::Status& error() const { return error_; }

  // JSON pointer of the innermost open container plus its pending key.
  std::string Pointer() const {
    std::string p;
    for (size_t i = 0; i + 1 < stack_.size(); ++i) AppendStep(stack_[i], &p);
    return p;
  }
  std::string PointerWithPending() const {
    std::string p;
    for (const Frame& f : stack_) AppendStep(f, &p);
    return p;
  }

 private:
  static void AppendStep(const Frame& f, std::string* p) {
    if (f.node.type == Type::kObject) {
      *p = PointerAppend(*p, f.pending_key);
    } else {
      *p = PointerAppend(*p, f.count);
    }
  }

  uint32_t ValueStart() {
    const std::string& text = source_.text();
    size_t end = stream_->Tell();
    while (scan_ < end) {
      char c = text[scan_];
      // Closing brackets belong to containers already reported: RapidJSON
      // calls EndArray/EndObject before consuming the bracket.
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' ||
          c == ':' || c == ']' || c == '}') {
        ++scan_;
      } else {
        break;
      }
    }
    return static_cast<uint32_t>(scan_);
  }

  void MarkEnd() { scan_ = stream_->Tell(); }

  bool Scalar(Type type, bool b, absl::string_view text) {
    Node n;
    n.type = type;
    n.boolean = b;
    n.offset = ValueStart();
    n.text.assign(text.data(), text.size());
    MarkEnd();
    Attach(std::move(n));
    return true;
  }

  bool Open(Type type) {
    uint32_t offset = ValueStart();
    if (static_cast<int>(stack_.size()) >= options_.max_depth) {
      error_ = source_.Error(
          offset, PointerWithPending(),
          absl::StrCat("nesting deeper than ", options_.max_depth, " levels"),
          absl::StrCat("at most ", options_.max_depth,
                       " nested arrays and objects"));
      return false;
    }
    stack_.emplace_back();
    stack_.back().node.type = type;
    stack_.back().node.offset = offset;
    // RapidJSON calls StartObject/StartArray before consuming the bracket.
    scan_ = offset + 1;
    return true;
  }

  bool Close() {
    MarkEnd();
    Frame& f = stack_.back();
    Node n = std::move(f.node);
    if (n.type == Type::kArray) {
      TakeChildren(&item_scratch_, f.count, &n.items);
    } else {
      TakeChildren(&member_scratch_, f.count, &n.members);
    }
    stack_.pop_back();
    Attach(std::move(n));
    return true;
  }

  // Moves the last `count` entries of `scratch` into `out`, sized exactly.
  template <typename T>
  static void TakeChildren(std::vector<T>* scratch, size_t count,
                           std::vector<T>* out) {
    const auto first = scratch->end() - static_cast<std::ptrdiff_t>(count);
    out->reserve(count);
    out->insert(out->end(), std::make_move_iterator(first),
                std::make_move_iterator(scratch->end()));
    scratch->erase(first, scratch->end());
  }

  void Attach(Node n) {
    if (stack_.empty()) {
      root_ = std::move(n);
      return;
    }
    Frame& parent = stack_.back();
    ++parent.count;
    if (parent.node.type == Type::kArray) {
      item_scratch_.push_back(std::move(n));
    } else {
      Member m;
      m.key = std::move(parent.pending_key);
      m.key_offset = parent.pending_key_offset;
      m.value = std::move(n);
      member_scratch_.push_back(std::move(m));
      parent.pending_key.clear();
    }
  }

  const Source& source_;
  const ReadOptions& options_;
  const CursorStream* stream_;
  std::vector<Frame> stack_;
  std::vector<Member> member_scratch_;  // children of open objects
  std::vector<Node> item_scratch_;      // children of open arrays
  Node root_;
  size_t scan_ = 0;
  absl::Status error_;
};

std::string DescribeParseError(rapidjson::ParseErrorCode code) {
  switch (code) {
    case rapidjson::kParseErrorDocumentEmpty:
      return "an empty document";
    case rapidjson::kParseErrorStringInvalidEncoding:
      return "invalid UTF-8";
    default: {
      std::string text = rapidjson::GetParseError_En(code);
      if (!text.empty() && text.back() == '.') text.pop_back();
      return absl::StrCat("invalid JSON (", text, ")");
    }
  }
}

}  // namespace

absl::StatusOr<Node> Parse(const Source& source, const ReadOptions& options) {
  // RFC 8259 §8.1: JSON text must not begin with a byte order mark. Editors
  // on Windows add one; say so rather than "invalid JSON" at 1:1.
  if (absl::StartsWith(source.text(), "\xEF\xBB\xBF")) {
    return source.Error(0, "", "a UTF-8 byte order mark (EF BB BF)",
                        "JSON text without one (save the file as UTF-8 "
                        "without BOM)");
  }
  CursorStream stream(source.text().data(), source.text().size());
  TreeBuilder builder(source, options, &stream);
  rapidjson::Reader reader;
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag |
                              rapidjson::kParseValidateEncodingFlag |
                              rapidjson::kParseNumbersAsStringsFlag;
  rapidjson::ParseResult result = reader.Parse<kFlags>(stream, builder);
  if (!builder.error().ok()) return builder.error();
  if (result.IsError()) {
    return source.Error(result.Offset(), builder.PointerWithPending(),
                        DescribeParseError(result.Code()), "valid JSON");
  }
  // An embedded NUL stops RapidJSON early; everything must be consumed.
  if (stream.Tell() != source.text().size()) {
    return source.Error(stream.Tell(), "", "a NUL byte", "valid JSON text");
  }
  return builder.TakeRoot();
}

}  // namespace json
}  // namespace iameval
