// iameval: offline AWS IAM policy evaluation.
//
// Every policy a World holds, in file order: what World::PolicyErrors
// reports on and what `iameval test --coverage` counts statements of.

#ifndef IAMEVAL_LIB_WORLD_POLICIES_H_
#define IAMEVAL_LIB_WORLD_POLICIES_H_

#include <vector>

#include "iameval/policy.h"
#include "iameval/world.h"

namespace iameval {

// The policies of `world` (SCP and RCP levels of each account, then each
// role's trust, identity and boundary policies, users, groups, secret,
// key and resource policies). A policy file that several entities name
// appears once per name. The pointers live as long as `world`.
std::vector<const Policy*> WorldPolicies(const World& world);

}  // namespace iameval

#endif  // IAMEVAL_LIB_WORLD_POLICIES_H_
