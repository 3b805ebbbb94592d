// iameval: offline AWS IAM policy evaluation.

#include "import/builder.h"

#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/file.h"
#include "base/url.h"
#include "base/status_macros.h"
#include "json/writer.h"
#include "policy/parse.h"
#include "world/fields.h"
#include "world/loader.h"

namespace iameval {
namespace import_internal {
namespace {

// The world file's sections, in the order a world file lists them.
constexpr absl::string_view kSections[] = {"roles",   "users", "groups",
                                           "secrets", "keys",  "resources"};

// A policy document in a string: JSON text, or URL-encoded JSON text. A JSON
// document starts with '{' after optional white space; URL-encoded text
// starts with "%7B" (or a percent-encoded space).
bool LooksUrlEncoded(absl::string_view s) {
  size_t i = s.find_first_not_of(" \t\r\n");
  return i != absl::string_view::npos && s[i] == '%';
}

}  // namespace

absl::StatusOr<InputFile> ReadJsonFile(const std::string& path,
                                       const std::string& name) {
  IAMEVAL_ASSIGN_OR_RETURN(std::string text, ReadInputFile(path));
  InputFile file;
  file.name = name;
  file.source = std::make_unique<Source>(name, std::move(text));
  IAMEVAL_ASSIGN_OR_RETURN(file.root, json::Parse(*file.source));
  return file;
}

absl::Status Error(const Origin& at, absl::string_view found,
                   absl::string_view expected) {
  return at.file->source->Error(at.offset, at.pointer, found, expected);
}

absl::StatusOr<json::Node> PolicyDocument(const json::Node& node,
                                          const Origin& at, PolicyKind kind) {
  if (node.is_object()) {
    IAMEVAL_RETURN_IF_ERROR(
        CheckPolicyNode(node, *at.file->source, kind, at.pointer));
    return json::Clone(node);
  }
  if (!node.is_string()) {
    return Error(at, json::Describe(node),
                 "a policy document: an object, a string of JSON text or a "
                 "string of URL-encoded JSON text");
  }
  std::string text;
  const char* how = "JSON string";
  if (LooksUrlEncoded(node.text)) {
    how = "URL-decoded string";
    absl::StatusOr<std::string> decoded = UrlDecode(node.text);
    if (!decoded.ok()) {
      return at.file->source->ErrorText(
          at.offset, at.pointer,
          absl::StrCat("a URL-encoded policy document: ",
                       decoded.status().message()));
    }
    text = *std::move(decoded);
  } else {
    text = node.text;
  }
  Source decoded(absl::StrCat(at.file->name, " ", at.pointer, " (", how, ")"),
                 std::move(text));
  IAMEVAL_ASSIGN_OR_RETURN(json::Node root, json::Parse(decoded));
  IAMEVAL_RETURN_IF_ERROR(CheckPolicyNode(root, decoded, kind, ""));
  return root;
}

absl::StatusOr<const json::Node*> OptionalString(const json::Node& node,
                                                 const Origin& at,
                                                 absl::string_view key) {
  const json::Node* n = node.Find(key);
  if (n == nullptr) return n;
  if (!n->is_string()) {
    return Error(Origin{at.file, json::PointerAppend(at.pointer, key),
                        n->offset},
                 json::Describe(*n), "a string");
  }
  return n;
}

absl::StatusOr<const json::Node*> RequiredString(const json::Node& node,
                                                 const Origin& at,
                                                 absl::string_view key) {
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* n, OptionalString(node, at, key));
  if (n == nullptr) {
    return Error(at, absl::StrCat("an object without \"", key, "\""),
                 absl::StrCat("a \"", key, "\" string"));
  }
  return n;
}

absl::StatusOr<json::Node> TagList(const json::Node& node, const Origin& at) {
  if (!node.is_array()) {
    return Error(at, json::Describe(node),
                 "a list of {\"Key\": ..., \"Value\": ...} tags");
  }
  // The world's tag rules, in one place (fields::ReadTags).
  IAMEVAL_ASSIGN_OR_RETURN(Tags tags,
                           fields::ReadTags(node, *at.file->source, at.pointer));
  json::Node out = json::Object();
  for (auto& [key, value] : tags) json::Set(&out, key, json::String(value));
  return out;
}

Builder::Builder() : managed_(json::Object()) {
  for (absl::string_view s : kSections) {
    sections_.emplace(std::string(s), json::Array());
  }
}

json::Node* Builder::Account(const std::string& id) {
  auto it = accounts_.find(id);
  if (it == accounts_.end()) it = accounts_.emplace(id, json::Object()).first;
  return &it->second;
}

json::Node* Builder::Add(absl::string_view section, json::Node object,
                         absl::string_view what, absl::string_view arn,
                         const Origin& at) {
  auto it = sections_.find(section);
  Imported(at, absl::StrCat(what, " ", arn));
  return json::Append(&it->second, std::move(object));
}

bool Builder::AddManagedPolicy(const std::string& arn, json::Node policy,
                               const Origin& at) {
  if (!managed_arns_.insert(arn).second) return false;
  json::Set(&managed_, arn, std::move(policy));
  Imported(at, absl::StrCat("managed policy ", arn));
  return true;
}

bool Builder::HasManagedPolicy(const std::string& arn) const {
  return managed_arns_.contains(arn);
}

void Builder::Skip(const Origin& at, std::string subject, std::string reason) {
  notes_.push_back(ImportNote{ImportNote::Kind::kSkipped, std::move(subject),
                              at.file->name, at.pointer, std::move(reason)});
}

void Builder::Unknown(const Origin& at, std::string subject,
                      std::string reason) {
  notes_.push_back(ImportNote{ImportNote::Kind::kUnknown, std::move(subject),
                              at.file->name, at.pointer, std::move(reason)});
}

void Builder::SkipFile(std::string name, std::string reason) {
  notes_.push_back(ImportNote{ImportNote::Kind::kSkipped, "file",
                              std::move(name), "", std::move(reason)});
}

void Builder::Imported(const Origin& at, std::string subject) {
  notes_.push_back(ImportNote{ImportNote::Kind::kImported, std::move(subject),
                              at.file->name, at.pointer, ""});
}

void Builder::ReportUnread(const json::Node& node, const Origin& at,
                           std::initializer_list<absl::string_view> read,
                           std::initializer_list<absl::string_view> ignored) {
  for (const json::Member& m : node.members) {
    bool known = false;
    for (absl::string_view k : read) known = known || k == m.key;
    for (absl::string_view k : ignored) known = known || k == m.key;
    if (known) continue;
    Skip(Origin{at.file, json::PointerAppend(at.pointer, m.key), m.key_offset},
         absl::StrCat("field ", m.key),
         "not imported: iameval does not model it");
  }
}

absl::StatusOr<ImportResult> Builder::Finish(const std::string& world_name) && {
  json::Node root = json::Object();
  if (!accounts_.empty()) {
    json::Node* accounts = json::Set(&root, "accounts", json::Object());
    for (auto& [id, account] : accounts_) {
      json::Set(accounts, id, std::move(account));
    }
  }
  if (!managed_.members.empty()) {
    json::Set(&root, "managed_policies", std::move(managed_));
  }
  for (absl::string_view s : kSections) {
    json::Node& list = sections_.find(s)->second;
    if (!list.items.empty()) json::Set(&root, std::string(s), std::move(list));
  }
  ImportResult result;
  // The tree is read as written: no second parse of the text, and errors
  // are still located in it (WriteLocated records the offsets).
  result.world_json = json::WriteLocated(&root);
  Source source(world_name, result.world_json);
  absl::StatusOr<World> world =
      world_loader::ParseWorldNode(root, source, "", "");
  if (!world.ok()) {
    // The importers check what they read; what reaches here is a world rule
    // the input breaks (a tag key twice in different case, say), located in
    // the written world.
    return absl::Status(world.status().code(),
                        absl::StrCat("the imported world breaks a world rule: ",
                                     world.status().message()));
  }
  world->file = world_name;
  result.world = *std::move(world);
  result.notes = std::move(notes_);
  return result;
}

}  // namespace import_internal

const char* ImportNoteKindName(ImportNote::Kind kind) {
  switch (kind) {
    case ImportNote::Kind::kImported: return "imported";
    case ImportNote::Kind::kSkipped: return "skipped";
    case ImportNote::Kind::kUnknown: return "unknown";
  }
  return "unknown";
}

std::string RenderImportReport(const std::vector<ImportNote>& notes) {
  std::string out;
  for (const ImportNote& n : notes) {
    absl::StrAppend(&out, ImportNoteKindName(n.kind));
    out.append(n.kind == ImportNote::Kind::kImported ? 2 : 3, ' ');
    const std::string where =
        n.pointer.empty() ? n.file : absl::StrCat(n.file, " ", n.pointer);
    if (n.kind == ImportNote::Kind::kImported) {
      absl::StrAppend(&out, n.subject, "  (", where, ")\n");
    } else {
      absl::StrAppend(&out, where, ": ", n.subject, ": ", n.reason, "\n");
    }
  }
  return out;
}

}  // namespace iameval
