// iameval: offline AWS IAM policy evaluation.
//
// AWS IAM facts beyond principals (aws/principals.h): managed policy ARNs.

#ifndef IAMEVAL_LIB_AWS_IAM_H_
#define IAMEVAL_LIB_AWS_IAM_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace iameval {
namespace aws {
namespace iam {

// A managed policy ARN (IAM User Guide, "IAM identifiers"; IAM API
// Reference, CreatePolicy): AWS managed policies live in the pseudo-account
// "aws", customer managed ones in a 12-digit account:
//   arn:<partition>:iam::aws:policy/<path><name>
//   arn:<partition>:iam::<account>:policy/<path><name>
// The path is "" (the default "/" is not written in the ARN) or a sequence
// of "segment/" of printable ASCII; the name is 1-128 characters of
// [A-Za-z0-9_+=,.@-].
struct ManagedPolicyArnView {
  absl::string_view partition;
  absl::string_view account;    // "aws" or 12 digits
  absl::string_view path_name;  // after "policy/": "service-role/AWSLambdaBasicExecutionRole"
  absl::string_view name;       // the last component: "AWSLambdaBasicExecutionRole"
  bool aws_managed = false;     // account "aws"
};
inline constexpr char kManagedPolicyArnShape[] =
    "a managed policy ARN arn:aws:iam::aws:policy/<path><name> (AWS managed) "
    "or arn:aws:iam::<account>:policy/<path><name> (customer managed)";

// Checks `text` and fills `out` (views into `text`). InvalidArgument
// "found ...; expected <kManagedPolicyArnShape>" otherwise.
absl::Status ParseManagedPolicyArn(absl::string_view text,
                                   ManagedPolicyArnView* out);

}  // namespace iam
}  // namespace aws
}  // namespace iameval

#endif  // IAMEVAL_LIB_AWS_IAM_H_
