// iameval: offline AWS IAM policy evaluation.
//
// ValidateWorld: the checks of the world loader (world/rules.h), applied to
// a World however it was made. Engine::Create runs it first, so a World
// built in code meets the same rules as one read from a file, and the
// engine never meets an entity it cannot evaluate (docs/design.md#engine).

#ifndef IAMEVAL_LIB_WORLD_VALIDATE_H_
#define IAMEVAL_LIB_WORLD_VALIDATE_H_

#include "absl/status/status.h"
#include "iameval/world.h"

namespace iameval {

// Returns OK, or InvalidArgument for the first rule `world` breaks:
// "<file or world>: <json-pointer>: found <X>; expected <Y>", the pointer
// naming the field as the world file would (/roles/2/arn). Checks every
// ARN's shape and its consistency with the account, name and region fields,
// unique ARNs, organization ids and paths, SCP levels, unique ids, session
// durations, tags, key aliases, that each secret's key exists in its
// region, that each user's groups exist in its account, and that each
// policy with statements is of its slot's kind.
absl::Status ValidateWorld(const World& world);

}  // namespace iameval

#endif  // IAMEVAL_LIB_WORLD_VALIDATE_H_
