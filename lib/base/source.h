// iameval: offline AWS IAM policy evaluation.
//
// Source: one input text (a file or an inline string) with the name that error
// messages quote, and the mapping from byte offsets to line:column. Every
// input error in iameval is built here so that all of them share one shape:
//
//   <name>:<line>:<col>: <json-pointer>: found <X>; expected <Y>
//
// (docs/errors.md). Line and column are 1-based; the column counts bytes.

#ifndef IAMEVAL_LIB_BASE_SOURCE_H_
#define IAMEVAL_LIB_BASE_SOURCE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "iameval/diagnostic.h"

namespace iameval {

class Source {
 public:
  // Copies `name` and `text`.
  Source(std::string name, std::string text);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }

  // 1-based line and column of byte `offset` (clamped to the text's end).
  // Computed on demand: the parse path never pays for it.
  void LineColumn(size_t offset, int* line, int* column) const;

  // The location of `offset` with `pointer` (an RFC 6901 JSON pointer).
  SourceLocation Locate(size_t offset, absl::string_view pointer) const;

  // An InvalidArgument status "<name>:<l>:<c>: <pointer>: found <found>;
  // expected <expected>" carrying the location as payload (LocationOf()).
  absl::Status Error(size_t offset, absl::string_view pointer,
                     absl::string_view found, absl::string_view expected) const;

  // Same shape, free text after the pointer (for messages that do not fit
  // found/expected). Code: `code`.
  absl::Status ErrorText(size_t offset, absl::string_view pointer,
                         absl::string_view text,
                         absl::StatusCode code =
                             absl::StatusCode::kInvalidArgument) const;

 private:
  void BuildLineStarts() const;

  std::string name_;
  std::string text_;
  // Lazily built on the error path; Source objects are not shared across
  // threads while errors are being built.
  mutable std::vector<size_t> line_starts_;
};

// Attaches `loc` to `status` so that LocationOf() can recover it.
absl::Status WithLocation(absl::Status status, const SourceLocation& loc);

// `s` as a JSON string literal: double quotes, escapes per RFC 8259.
std::string JsonQuote(absl::string_view s);

// Renders `s` as a short quoted excerpt for "found ..." text: the first
// `max_len` bytes (then "..."), JSON-escaped, in double quotes.
std::string Quote(absl::string_view s, size_t max_len = 60);

}  // namespace iameval

#endif  // IAMEVAL_LIB_BASE_SOURCE_H_
