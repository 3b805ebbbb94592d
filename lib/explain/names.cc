// iameval: offline AWS IAM policy evaluation.
//
// The names of decisions and finding kinds: part of the report formats
// (docs/format.md#reports); never rename.

#include "iameval/decision.h"

namespace iameval {

const char* DecisionName(Decision decision) {
  switch (decision) {
    case Decision::kAllow: return "allow";
    case Decision::kExplicitDeny: return "explicit_deny";
    case Decision::kImplicitDeny: return "implicit_deny";
  }
  return "implicit_deny";
}

const char* FindingKindName(Finding::Kind kind) {
  switch (kind) {
    case Finding::Kind::kDeniedBy: return "denied_by";
    case Finding::Kind::kAllowedBy: return "allowed_by";
    case Finding::Kind::kMissingAllow: return "missing_allow";
    case Finding::Kind::kNearMiss: return "near_miss";
    case Finding::Kind::kNote: return "note";
    case Finding::Kind::kInvalidRequest: return "invalid_request";
  }
  return "note";
}

}  // namespace iameval
