// iameval: offline AWS IAM policy evaluation.
//
// ARNs: arn:partition:service:region:account:resource. The resource part
// keeps any further colons. Parsing is strict about shape (six parts,
// "arn:" prefix, known partition, 12-digit, "aws" or empty account) and
// lenient about service-specific resource syntax, which the callers check
// (principal ARNs: aws/principals.h).

#ifndef IAMEVAL_LIB_ARN_ARN_H_
#define IAMEVAL_LIB_ARN_ARN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace iameval {

struct Arn {
  std::string partition;  // aws, aws-cn, aws-us-gov, ...
  std::string service;
  std::string region;
  std::string account;
  std::string resource;  // everything after the fifth colon
};

// The six parts of a valid ARN as views into the text it was read from.
struct ArnView {
  absl::string_view partition, service, region, account, resource;
};

// Checks `text` with the rules of ParseArn and fills `out` with views into
// it. Allocates nothing on success.
absl::Status CheckArn(absl::string_view text, ArnView* out);

// Parses `text`. On failure returns InvalidArgument whose message is
// "found <quoted text>; expected <what>" without a location (callers add it
// with Source::ErrorText).
absl::StatusOr<Arn> ParseArn(absl::string_view text);

// True for a 12-digit AWS account id.
bool IsAccountId(absl::string_view text);

}  // namespace iameval

#endif  // IAMEVAL_LIB_ARN_ARN_H_
