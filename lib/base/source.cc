// iameval: offline AWS IAM policy evaluation.

#include "base/source.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace iameval {

namespace {
constexpr char kLocationPayload[] = "iameval/location";
}  // namespace

Source::Source(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {}

void Source::BuildLineStarts() const {
  if (!line_starts_.empty()) return;
  line_starts_.push_back(0);
  const char* const begin = text_.data();
  const char* const end = begin + text_.size();
  for (const char* p = begin;
       (p = static_cast<const char*>(std::memchr(p, '\n', end - p))) !=
       nullptr;) {
    ++p;
    line_starts_.push_back(static_cast<size_t>(p - begin));
  }
}

void Source::LineColumn(size_t offset, int* line, int* column) const {
  BuildLineStarts();
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t index = static_cast<size_t>(it - line_starts_.begin()) - 1;
  *line = static_cast<int>(index + 1);
  *column = static_cast<int>(offset - line_starts_[index] + 1);
}

SourceLocation Source::Locate(size_t offset, absl::string_view pointer) const {
  SourceLocation loc;
  loc.file = name_;
  LineColumn(offset, &loc.line, &loc.column);
  loc.pointer = std::string(pointer);
  return loc;
}

absl::Status Source::Error(size_t offset, absl::string_view pointer,
                           absl::string_view found,
                           absl::string_view expected) const {
  return ErrorText(offset, pointer,
                   absl::StrCat("found ", found, "; expected ", expected));
}

absl::Status Source::ErrorText(size_t offset, absl::string_view pointer,
                               absl::string_view text,
                               absl::StatusCode code) const {
  SourceLocation loc = Locate(offset, pointer);
  std::string message =
      absl::StrCat(loc.file, ":", loc.line, ":", loc.column, ": ",
                   pointer.empty() ? "(document)" : pointer, ": ", text);
  return WithLocation(absl::Status(code, message), loc);
}

absl::Status WithLocation(absl::Status status, const SourceLocation& loc) {
  status.SetPayload(kLocationPayload,
                    absl::Cord(absl::StrCat(loc.line, "\n", loc.column, "\n",
                                            loc.pointer, "\n", loc.file)));
  return status;
}

std::optional<SourceLocation> LocationOf(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kLocationPayload);
  if (!payload.has_value()) return std::nullopt;
  std::vector<std::string> parts =
      absl::StrSplit(std::string(*payload), absl::MaxSplits('\n', 3));
  if (parts.size() != 4) return std::nullopt;
  SourceLocation loc;
  if (!absl::SimpleAtoi(parts[0], &loc.line) ||
      !absl::SimpleAtoi(parts[1], &loc.column)) {
    return std::nullopt;
  }
  loc.pointer = parts[2];
  loc.file = parts[3];
  return loc;
}

const char* SeverityName(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

std::string JsonQuote(absl::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (u < 0x20) {
          static const char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[u >> 4];
          out += kHex[u & 15];
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string Quote(absl::string_view s, size_t max_len) {
  if (s.size() <= max_len) return JsonQuote(s);
  // Cut before a UTF-8 continuation byte, never inside a code point.
  while (max_len > 0 &&
         (static_cast<unsigned char>(s[max_len]) & 0xC0) == 0x80) {
    --max_len;
  }
  std::string out = JsonQuote(s.substr(0, max_len));
  out.insert(out.size() - 1, "...");
  return out;
}

}  // namespace iameval
