// iameval: offline AWS IAM policy evaluation.
//
// What the importers (aws.cc, terraform.cc) share: reading an input file,
// reading a policy document in any of the forms exports hold it in, and the
// Builder, which collects the world as a world-file JSON tree plus the
// report, then hands the text to the world loader, the one home of the
// world's rules (docs/import.md).
//
// An importer reads its inputs, checks what it reads (errors are located in
// the input: file, line:column, JSON pointer) and calls Builder::Add* with
// objects in world-file shape (docs/format.md). It never writes a rule of
// its own about what a world may hold: Finish() loads the built world with
// World::Parse, so an imported world passes exactly the checks a
// hand-written one does.

#ifndef IAMEVAL_LIB_IMPORT_BUILDER_H_
#define IAMEVAL_LIB_IMPORT_BUILDER_H_

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "base/source.h"
#include "iameval/import.h"
#include "iameval/policy.h"
#include "json/reader.h"

namespace iameval {
namespace import_internal {

// One JSON input file, parsed. `name` is how notes and errors name it.
struct InputFile {
  std::string name;
  std::unique_ptr<Source> source;
  json::Node root;
};

// Reads and parses the JSON file at `path`, naming it `name` in errors.
absl::StatusOr<InputFile> ReadJsonFile(const std::string& path,
                                       const std::string& name);

// Where an input element is: the file and the JSON pointer inside it.
struct Origin {
  const InputFile* file = nullptr;
  std::string pointer;
  uint32_t offset = 0;  // byte offset, for located errors
};

// The origin of `node` at `pointer` in `file`.
inline Origin At(const InputFile& file, const json::Node& node,
                 std::string pointer) {
  return Origin{&file, std::move(pointer), node.offset};
}

// A located InvalidArgument "<file>:<l>:<c>: <pointer>: found <found>;
// expected <expected>".
absl::Status Error(const Origin& at, absl::string_view found,
                   absl::string_view expected);

// How an export holds a policy document:
//   - a JSON object (the AWS CLI prints IAM documents this way);
//   - a string of JSON text (KMS key policies, Secrets Manager resource
//     policies, SCP content, S3/SQS/SNS policies, Terraform attributes);
//   - a string of URL-encoded JSON text (the raw IAM API, RFC 3986).
// Reads `node` in whichever form, validates it as a policy of `kind` and
// returns it as a tree to embed in the world. Errors inside a string are
// located in the decoded text, named "<file> <pointer> (JSON string)" or
// "(URL-decoded string)".
absl::StatusOr<json::Node> PolicyDocument(const json::Node& node,
                                          const Origin& at, PolicyKind kind);

// {"Key": k, "Value": v} lists (IAM, Secrets Manager, S3) and
// {"TagKey": k, "TagValue": v} lists (KMS) as a world tags object.
absl::StatusOr<json::Node> TagList(const json::Node& node, const Origin& at);

// Reads string member `key` of object `node`: nullptr when absent, an error
// when present but not a string.
absl::StatusOr<const json::Node*> OptionalString(const json::Node& node,
                                                 const Origin& at,
                                                 absl::string_view key);
// As OptionalString, but absent is an error too.
absl::StatusOr<const json::Node*> RequiredString(const json::Node& node,
                                                 const Origin& at,
                                                 absl::string_view key);

class Builder {
 public:
  Builder();

  // The accounts/<id> object, created on first use.
  json::Node* Account(const std::string& id);

  // Appends one object to a world section ("roles", "users", "groups",
  // "secrets", "keys", "resources") and notes it as imported:
  // "<what> <arn>" from `at`.
  json::Node* Add(absl::string_view section, json::Node object,
                  absl::string_view what, absl::string_view arn,
                  const Origin& at);

  // Adds managed_policies/<arn> (docs/format.md): once per ARN; a second
  // call with the same ARN returns false and changes nothing.
  bool AddManagedPolicy(const std::string& arn, json::Node policy,
                        const Origin& at);
  bool HasManagedPolicy(const std::string& arn) const;

  // Report lines that are not imports.
  void Skip(const Origin& at, std::string subject, std::string reason);
  void Unknown(const Origin& at, std::string subject, std::string reason);
  void Imported(const Origin& at, std::string subject);
  // A whole file or folder `name` that the import does not read.
  void SkipFile(std::string name, std::string reason);

  // Notes every member of the object `node` (at `at`) whose key is neither
  // in `read` nor in `ignored` as skipped: "<key>: not imported (iameval
  // does not model it)". `ignored` lists the fields docs/import.md names as
  // having no bearing on authorization (creation dates, descriptions).
  void ReportUnread(const json::Node& node, const Origin& at,
                    std::initializer_list<absl::string_view> read,
                    std::initializer_list<absl::string_view> ignored);

  // Serialises the world, loads it with World::Parse under the name
  // `world_name`, and returns it with its text and the notes.
  absl::StatusOr<ImportResult> Finish(const std::string& world_name) &&;

 private:
  json::Node managed_;  // managed_policies
  absl::flat_hash_set<std::string> managed_arns_;  // its keys, for lookups
  std::map<std::string, json::Node> accounts_;
  std::map<std::string, json::Node, std::less<>> sections_;
  std::vector<ImportNote> notes_;
};

}  // namespace import_internal
}  // namespace iameval

#endif  // IAMEVAL_LIB_IMPORT_BUILDER_H_
