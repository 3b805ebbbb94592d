// iameval: offline AWS IAM policy evaluation.
//
// Size limits of a request, from AWS's own: what AWS would never send is an
// input error, and the limits bound the work of one match (the glob matcher
// is O(pattern x input) in its worst case; bench/condition_bench.cc,
// BM_Glob_WorstCase). docs/errors.md#requests lists them.

#ifndef IAMEVAL_LIB_AWS_LIMITS_H_
#define IAMEVAL_LIB_AWS_LIMITS_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace iameval {
namespace aws {

// The longest ARN AWS uses for a principal or a resource: 2,048 characters
// (the IAM and STS API limit on role, policy and resource ARNs).
inline constexpr size_t kMaxArnBytes = 2048;

// The longest request context value iameval accepts: 4,096 bytes. AWS's own
// values are far shorter (tag values 256 characters, ARNs 2,048, session
// policies 2,048); kms:EncryptionContext values stay within 8,192 bytes for
// the whole context.
inline constexpr size_t kMaxRequestValueBytes = 4096;

// What a request's principal or resource ARN longer than kMaxArnBytes, and
// a context value longer than kMaxRequestValueBytes, was expected to be.
inline constexpr absl::string_view kArnTooLong =
    "at most 2048 bytes (AWS's limit on ARNs)";
inline constexpr absl::string_view kValueTooLong =
    "a value of at most 4096 bytes (iameval's limit; AWS sends shorter "
    "ones)";

}  // namespace aws
}  // namespace iameval

#endif  // IAMEVAL_LIB_AWS_LIMITS_H_
