// iameval: offline AWS IAM policy evaluation.

#include "arn/arn.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/source.h"

namespace iameval {

namespace {

absl::Status Bad(absl::string_view text, absl::string_view expected) {
  return absl::InvalidArgumentError(
      absl::StrCat("found ", Quote(text), "; expected ", expected));
}

bool IsPartition(absl::string_view p) {
  return p == "aws" || p == "aws-cn" || p == "aws-us-gov" ||
         p == "aws-iso" || p == "aws-iso-b" || p == "aws-iso-e" ||
         p == "aws-iso-f" || p == "aws-eusc";
}

}  // namespace

bool IsAccountId(absl::string_view text) {
  if (text.size() != 12) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status CheckArn(absl::string_view text, ArnView* out) {
  constexpr char kShape[] =
      "an ARN arn:partition:service:region:account:resource";
  absl::string_view parts[6];
  absl::string_view rest = text;
  for (int i = 0; i < 5; ++i) {
    size_t colon = rest.find(':');
    if (colon == absl::string_view::npos) return Bad(text, kShape);
    parts[i] = rest.substr(0, colon);
    rest.remove_prefix(colon + 1);
  }
  parts[5] = rest;
  if (parts[0] != "arn") return Bad(text, kShape);
  if (!IsPartition(parts[1])) {
    return Bad(text, "an ARN whose partition is aws, aws-cn or aws-us-gov");
  }
  if (parts[2].empty()) return Bad(text, "an ARN with a service");
  for (char c : parts[2]) {
    if (!(absl::ascii_islower(static_cast<unsigned char>(c)) ||
          absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '-')) {
      return Bad(text, "an ARN whose service is lowercase letters and digits");
    }
  }
  if (!parts[4].empty() && !IsAccountId(parts[4]) && parts[4] != "aws") {
    return Bad(text, "an ARN whose account is empty or 12 digits");
  }
  if (parts[5].empty()) return Bad(text, "an ARN with a resource part");
  out->partition = parts[1];
  out->service = parts[2];
  out->region = parts[3];
  out->account = parts[4];
  out->resource = parts[5];
  return absl::OkStatus();
}

absl::StatusOr<Arn> ParseArn(absl::string_view text) {
  ArnView v;
  absl::Status status = CheckArn(text, &v);
  if (!status.ok()) return status;
  Arn arn;
  arn.partition = std::string(v.partition);
  arn.service = std::string(v.service);
  arn.region = std::string(v.region);
  arn.account = std::string(v.account);
  arn.resource = std::string(v.resource);
  return arn;
}

}  // namespace iameval
