// iameval: offline AWS IAM policy evaluation.
//
// Actions as AWS defines them (docs/semantics.md#actions): what a request's
// action and a policy's Action element may look like, and facts about single
// actions. "Is this a valid action?" is answered here and nowhere else: the
// library (Engine::Evaluate), the test-file reader, `iameval check` and the
// policy validator all call these functions.

#ifndef IAMEVAL_LIB_AWS_ACTIONS_H_
#define IAMEVAL_LIB_AWS_ACTIONS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace iameval {
namespace aws {

// What CheckRequestAction expects, for messages.
inline constexpr absl::string_view kRequestActionShape =
    "an action service:Operation such as sts:AssumeRole (letters, digits, "
    "'-', '_' and '.', one colon, no wildcards or spaces)";

// Checks the action of a request: `service:Operation`, exactly one colon,
// both parts non-empty, only letters, digits, '-', '_' and '.'. A wildcard
// or a space is not an action (a request for "sqs:Purge*" would otherwise
// be evaluated as a literal action that no Deny names). Returns
// InvalidArgument "found \"<action>\"; expected <kRequestActionShape>".
absl::Status CheckRequestAction(absl::string_view action);

// Checks one entry of a policy's Action / NotAction element: "*" or
// service:pattern with the characters of a request action plus the
// wildcards * and ?. Returns "" when valid, else what was expected.
absl::string_view ActionPatternProblem(absl::string_view pattern);

// AWS has stored policies whose Action entries hold whitespace: AWS managed
// policy versions contain "lambda:ListFunctions " and
// "ec2: DescribeAccountAttributes" (docs/semantics.md#action-whitespace).
// When `pattern` fails ActionPatternProblem only because of ASCII
// whitespace (space, tab, CR, LF, VT, FF), returns it with the whitespace
// removed; else "" (valid patterns, and those still invalid without it).
std::string ActionWithoutWhitespace(absl::string_view pattern);

// For an action that supports no resource-level permissions, its canonical
// spelling ("secretsmanager:ListSecrets"); "" for every other action. Such
// actions are requested with resource "*", so only Resource "*" grants
// them (docs/semantics.md#no-resource). Compared ignoring case.
absl::string_view NoResourceAction(absl::string_view action);

}  // namespace aws
}  // namespace iameval

#endif  // IAMEVAL_LIB_AWS_ACTIONS_H_
