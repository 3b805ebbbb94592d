// iameval: offline AWS IAM policy evaluation.

#include "condition/key.h"

#include "absl/strings/ascii.h"

namespace iameval {

CompiledKey CompileKey(absl::string_view key) {
  CompiledKey out;
  // Key names, including the tag-key part, are case-insensitive
  // (docs/semantics-conditions.md#strings-and-case). ASCII folding only:
  // the world and request side (lib/world, lib/eval) fold tag keys and
  // context keys with
  // absl::AsciiStrToLower, and both sides must fold alike, or a present
  // non-ASCII tag key would look absent and make negated operators true.
  out.name = absl::AsciiStrToLower(key);
  if (out.name.find(':') == std::string::npos) {
    out.never_present = true;
    return out;
  }
  absl::string_view suffix;
  out.info = aws::FindConditionKey(out.name, &suffix);
  if (out.info == nullptr) return out;
  out.known_multivalued = out.info->multivalued;
  out.suffix = std::string(suffix);
  switch (out.info->derived) {
    case aws::Derived::kPrincipalTag:
      out.kind = KeyKind::kPrincipalTag;
      break;
    case aws::Derived::kServiceResourceTag:
      out.service = std::string(aws::ResourceTagService(out.name));
      out.kind = KeyKind::kResourceTag;
      break;
    case aws::Derived::kResourceTag:
      out.kind = KeyKind::kResourceTag;
      break;
    case aws::Derived::kRequestTag:
      out.kind = KeyKind::kRequestTag;
      break;
    default:
      break;
  }
  return out;
}

}  // namespace iameval
