// iameval: offline AWS IAM policy evaluation.

#include "condition/key.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace iameval {
namespace {

// The documented multivalued keys (SEMANTICS §3.7): the seven global ones
// and the service keys in scope. Lowercase, compared exactly.
constexpr absl::string_view kMultivaluedKeys[] = {
    "aws:tagkeys",
    "aws:principalorgpaths",
    "aws:resourceorgpaths",
    "aws:calledvia",
    "aws:principalservicenameslist",
    "aws:sourceorgpaths",
    "aws:vpceorgpaths",
    "kms:encryptioncontextkeys",
    "kms:resourcealiases",
    "sts:transitivetagkeys",
    "secretsmanager:addreplicaregions",
};

}  // namespace

CompiledKey CompileKey(absl::string_view key) {
  CompiledKey out;
  // Key names, including the tag-key part, are case-insensitive (SEMANTICS
  // §1.4, §3.8). ASCII folding only: the world and request side
  // (lib/world, lib/eval) fold tag keys and context keys with
  // absl::AsciiStrToLower, and both sides must fold alike, or a present
  // non-ASCII tag key would look absent and make negated operators true.
  out.name = absl::AsciiStrToLower(key);
  const absl::string_view name = out.name;
  constexpr absl::string_view kPrincipalTag = "aws:principaltag/";
  constexpr absl::string_view kRequestTag = "aws:requesttag/";
  constexpr absl::string_view kResourceTag = "resourcetag/";
  if (absl::StartsWith(name, kPrincipalTag)) {
    out.kind = KeyKind::kPrincipalTag;
    out.suffix = std::string(name.substr(kPrincipalTag.size()));
  } else if (absl::StartsWith(name, kRequestTag)) {
    out.kind = KeyKind::kRequestTag;
    out.suffix = std::string(name.substr(kRequestTag.size()));
  } else {
    // aws:ResourceTag/<k> and service forms such as
    // secretsmanager:ResourceTag/<k>: "<prefix>:resourcetag/<k>".
    const size_t colon = name.find(':');
    if (colon != absl::string_view::npos && colon > 0 &&
        absl::StartsWith(name.substr(colon + 1), kResourceTag)) {
      out.kind = KeyKind::kResourceTag;
      out.suffix = std::string(name.substr(colon + 1 + kResourceTag.size()));
    }
  }
  for (absl::string_view m : kMultivaluedKeys) {
    if (name == m) {
      out.known_multivalued = true;
      break;
    }
  }
  return out;
}

}  // namespace iameval
