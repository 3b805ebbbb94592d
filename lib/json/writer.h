// iameval: offline AWS IAM policy evaluation.
//
// The other direction of the JSON stage: json::Node trees built in code (the
// importers build world files this way) and their serialisation. A tree read
// by json::Parse can be written back too; offsets are ignored.
//
//   json::Node role = json::Object();
//   json::Set(&role, "arn", json::String(arn));
//   std::string text = json::Write(role);  // {\n  "arn": "..."\n}\n

#ifndef IAMEVAL_LIB_JSON_WRITER_H_
#define IAMEVAL_LIB_JSON_WRITER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "json/reader.h"

namespace iameval {
namespace json {

// Leaf and container constructors. Number takes the literal as it should be
// written ("3600"); the caller guarantees it is a JSON number.
Node String(std::string text);
Node Number(std::string literal);
Node Bool(bool value);
Node Object();
Node Array();

// Appends member `key` to the object `object` and returns the stored value.
// The caller keeps keys unique (Write does not check).
Node* Set(Node* object, std::string key, Node value);

// Appends `value` to the array `array` and returns the stored value.
Node* Append(Node* array, Node value);

// A deep copy of `node` (Node itself is move-only).
Node Clone(const Node& node);

// Serialises `node` as UTF-8 JSON text (RFC 8259), ending in a newline.
// Objects keep their member order. Objects and arrays are written one member
// or element per line with two-space indentation, except that an array of
// scalars that fits in 80 columns stays on one line. Strings are escaped as
// base/source.h's JsonQuote does (control characters, '"' and '\').
std::string Write(const Node& node);

// Write, and sets the offset of every value (Node::offset) and key
// (Member::key_offset) of `node` to where it stands in the returned text,
// as json::Parse of that text would: the tree can then be read by a stage
// that locates its errors in the text, without parsing the text again.
// Offsets are 32-bit: the text must be under 4 GiB.
std::string WriteLocated(Node* node);

}  // namespace json
}  // namespace iameval

#endif  // IAMEVAL_LIB_JSON_WRITER_H_
