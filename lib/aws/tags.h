// iameval: offline AWS IAM policy evaluation.
//
// Tags as AWS compares them: tag keys are unique regardless of case in IAM,
// STS session tags, Secrets Manager and KMS, and condition keys that name a
// tag (aws:PrincipalTag/<k>, aws:ResourceTag/<k>, aws:RequestTag/<k>) match
// the tag key ignoring case (docs/semantics.md#conditions). A TagMap holds
// tags by their ASCII-lowercased key, the form lookups use.

#ifndef IAMEVAL_LIB_AWS_TAGS_H_
#define IAMEVAL_LIB_AWS_TAGS_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "iameval/request.h"

namespace iameval {

// Lowercased tag key -> value.
using TagMap = absl::flat_hash_map<std::string, std::string>;

namespace aws {

// `tags` by lowercased key. For keys equal ignoring case the last wins
// (valid tag sets have none; STS validation rejects them in session tags).
TagMap MakeTagMap(const Tags& tags);

}  // namespace aws
}  // namespace iameval

#endif  // IAMEVAL_LIB_AWS_TAGS_H_
