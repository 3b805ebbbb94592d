// iameval: offline AWS IAM policy evaluation.
//
// Where an input problem is, and findings from `Lint`. Every error status that
// the library returns for bad input has a one-line message of the form
//
//   <file>:<line>:<col>: <json-pointer>: found <X>; expected <Y>
//
// and carries the same location as a payload, which `LocationOf` returns so
// that tools can render it without parsing the message (docs/errors.md).

#ifndef IAMEVAL_INCLUDE_IAMEVAL_DIAGNOSTIC_H_
#define IAMEVAL_INCLUDE_IAMEVAL_DIAGNOSTIC_H_

#include <optional>
#include <string>

#include "absl/status/status.h"

namespace iameval {

// A position in an input file. `line` and `column` are 1-based (0 = unknown);
// the column counts bytes. `pointer` is an RFC 6901 JSON pointer ("" = the
// whole document).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string pointer;
};

// Returns the location attached to an error status returned by iameval, or
// nullopt when the status carries none (for example an I/O error).
std::optional<SourceLocation> LocationOf(const absl::Status& status);

enum class Severity {
  kError,    // AWS would reject the policy, or iameval cannot evaluate it.
  kWarning,  // Accepted by AWS but almost certainly not what was meant.
};

// Returns "error" or "warning" (part of the lint output contract).
const char* SeverityName(Severity severity);

// One lint finding. `code` is stable across releases (docs/errors.md lists
// them); `message` is one line without the location prefix.
struct Diagnostic {
  Severity severity = Severity::kError;
  // True when AWS itself rejects the document (Policy::Parse fails on it);
  // false for findings AWS accepts, including non-fatal errors such as a
  // condition value that can never match (docs/errors.md).
  bool fatal = false;
  std::string code;
  std::string message;
  SourceLocation location;
};

}  // namespace iameval

#endif  // IAMEVAL_INCLUDE_IAMEVAL_DIAGNOSTIC_H_
