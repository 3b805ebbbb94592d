// iameval: offline AWS IAM policy evaluation.
//
// Case folding for the parts of IAM that are case-insensitive: condition key
// names (docs/semantics-conditions.md#strings-and-case) and the values
// of String*IgnoreCase operators.
//
// What is folded: "simple lowercase" (one code point to one code point, no
// context, no normalisation) for ASCII and the common cased scripts: Latin-1
// Supplement, Latin Extended-A, basic Greek, Cyrillic (U+0400-U+052F) and
// Armenian. Other code points compare exactly. `ß` stays `ß` (never `ss`),
// precomposed and decomposed forms stay different.
// Bytes that are not valid UTF-8 are compared as themselves.

#ifndef IAMEVAL_LIB_CONDITION_CASE_H_
#define IAMEVAL_LIB_CONDITION_CASE_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace iameval {

// The simple lowercase mapping of one code point (see the file comment for
// the scripts covered); other code points map to themselves.
uint32_t SimpleLowercase(uint32_t code_point);

// Returns `text` with every code point simple-lowercased; invalid UTF-8
// bytes are copied unchanged. ASCII-only input takes a fast path.
std::string SimpleLowercase(absl::string_view text);

// True iff SimpleLowercase(a) == SimpleLowercase(b), without allocating.
bool EqualsIgnoreCase(absl::string_view a, absl::string_view b);

// Byte length of the UTF-8 character that starts at s[i] (1 for ASCII, for
// an invalid byte, or when the sequence is truncated). i < s.size().
size_t Utf8CharLength(absl::string_view s, size_t i);

}  // namespace iameval

#endif  // IAMEVAL_LIB_CONDITION_CASE_H_
