// iameval: offline AWS IAM policy evaluation.
//
// Renders an EvaluationResult for people (indented text) and for programs
// (a JSON array of explanation entries, docs/format.md#reports). Both list the calls
// in evaluation order and, per call, the findings in the engine's order, so
// output is stable for golden tests.
//
// JSON explanation entry (one per finding; every key always present, null
// when it does not apply):
//   {"step": 0, "principal": "...", "action": "...", "resource": "...",
//    "call_decision": "implicit_deny", "deciding": true,
//    "kind": "missing_allow", "layer": "...", "message": "...",
//    "policy": "...", "file": "...", "statement": 0, "sid": "...",
//    "line": 7, "effect": "Allow",
//    "conditions": [{"operator": "...", "key": "...", "policy_values": [...],
//                    "request_values": [...], "key_present": false,
//                    "reason": "...", "note": null}],
//    "hint": null}
// `hint` is the fix for a known trap (explain/hints.h), shown in text as
// "fix: ..." below the finding.

#ifndef IAMEVAL_LIB_EXPLAIN_RENDER_H_
#define IAMEVAL_LIB_EXPLAIN_RENDER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "iameval/decision.h"

namespace iameval {
namespace explain {

// Human text, one fact per line, every line starting with `indent` and
// ending with '\n'. Starts with a line per call ("step 0: sts:AssumeRole
// arn:... by arn:...: implicit_deny").
std::string RenderText(const EvaluationResult& result,
                       absl::string_view indent = "");

// The explanation entries as a JSON array (no trailing newline).
std::string RenderJson(const EvaluationResult& result);

// `,"warnings":["..."]` for a result with warnings
// (EvaluationResult::warnings), "" otherwise: JSON reports add the member
// only when there is something to say, so a plain result keeps its shape.
std::string RenderWarningsMember(const EvaluationResult& result);

// `s` as a JSON string literal (quoted, escaped; UTF-8 passes through).
std::string JsonString(absl::string_view s);

}  // namespace explain
}  // namespace iameval

#endif  // IAMEVAL_LIB_EXPLAIN_RENDER_H_
