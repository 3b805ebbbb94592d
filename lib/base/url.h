// iameval: offline AWS IAM policy evaluation.
//
// Percent-decoding of the policy documents the IAM API returns: GetRole,
// GetPolicyVersion, GetRolePolicy and friends return their policy document
// URL-encoded (RFC 3986), e.g. "%7B%22Version%22%3A%222012-10-17%22...".
// The AWS CLI decodes them; the raw API output and some SDKs do not, so the
// world loader (and importers) decode them here.

#ifndef IAMEVAL_LIB_BASE_URL_H_
#define IAMEVAL_LIB_BASE_URL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace iameval {

// `text` with every "%XY" (two hex digits, either case) replaced by the byte
// 0xXY; every other byte is kept, '+' included (IAM encodes a space as %20,
// and a '+' in a policy is a '+'). Fails with InvalidArgument "byte <n>:
// found ...; expected ..." on a '%' that is not followed by two hex digits.
// The result is bytes: whether they are UTF-8 is the caller's question.
absl::StatusOr<std::string> UrlDecode(absl::string_view text);

}  // namespace iameval

#endif  // IAMEVAL_LIB_BASE_URL_H_
