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
  // One pass over the text for the first five colons: this runs for every
  // request (the principal and the resource), so it avoids repeated finds.
  size_t colon[5];
  int found = 0;
  for (size_t i = 0; i < text.size() && found < 5; ++i) {
    if (text[i] == ':') colon[found++] = i;
  }
  if (found < 5) return Bad(text, kShape);
  auto part = [&](int i) {
    const size_t begin = i == 0 ? 0 : colon[i - 1] + 1;
    return text.substr(begin, colon[i] - begin);
  };
  const absl::string_view partition = part(1), service = part(2),
                          account = part(4);
  const absl::string_view resource = text.substr(colon[4] + 1);
  if (part(0) != "arn") return Bad(text, kShape);
  if (!IsPartition(partition)) {
    return Bad(text, "an ARN whose partition is aws, aws-cn or aws-us-gov");
  }
  if (service.empty()) return Bad(text, "an ARN with a service");
  for (char c : service) {
    if (!(absl::ascii_islower(static_cast<unsigned char>(c)) ||
          absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '-')) {
      return Bad(text, "an ARN whose service is lowercase letters and digits");
    }
  }
  if (!account.empty() && !IsAccountId(account) && account != "aws") {
    return Bad(text, "an ARN whose account is empty or 12 digits");
  }
  if (resource.empty()) return Bad(text, "an ARN with a resource part");
  out->partition = partition;
  out->service = service;
  out->region = part(3);
  out->account = account;
  out->resource = resource;
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
