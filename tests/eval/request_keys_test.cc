// iameval: offline AWS IAM policy evaluation.
//
// RequestKeys reads a step's explicit context through slots resolved once
// per step (ResolveContext): it must find exactly what the simple path,
// Context::Find by name in any case, finds.

#include "eval/request_keys.h"

#include <string>
#include <vector>

#include "condition/key.h"
#include "gtest/gtest.h"
#include "iameval/request.h"

namespace iameval {
namespace {

// Keys of every kind: plain, family (the same row for many names), the
// service resource-tag row shared by several services, keys the table does
// not know, and names that differ only in case or in a suffix.
const std::vector<std::string>& Keys() {
  static const auto* keys = new std::vector<std::string>{
      "aws:SourceIp",
      "AWS:sourceip",
      "aws:SourceVpce",
      "aws:PrincipalTag/team",
      "aws:PrincipalTag/Team2",
      "aws:principaltag/team/sub",
      "aws:ResourceTag/env",
      "secretsmanager:ResourceTag/env",
      "iam:ResourceTag/env",
      "secretsmanager:ResourceTag/envx",
      "kms:EncryptionContext:SecretARN",
      "kms:EncryptionContext:secretarn:x",
      "kms:ViaService",
      "aws:PrincipalArn",
      "myapp:Custom",
      "MyApp:custom",
      "myapp:Other",
      "nocolon",
  };
  return *keys;
}

TEST(RequestKeysTest, ExplicitLookupAgreesWithFindByName) {
  const std::vector<std::string>& keys = Keys();
  // Every other key set, so that both hits and misses are checked.
  for (int parity = 0; parity < 2; ++parity) {
    Context context;
    for (size_t i = parity; i < keys.size(); i += 2) {
      context.Set(keys[i], "value-" + std::to_string(i));
    }
    const ResolvedContext resolved = ResolveContext(context);
    ASSERT_EQ(resolved.size(), context.entries().size());
    CallFacts facts;
    RequestKeys request(&resolved, &facts);
    for (const std::string& name : keys) {
      const CompiledKey key = CompileKey(name);
      if (key.never_present) continue;  // never looked up
      const ContextValue* want = context.Find(name);
      const KeyValues got = request.Lookup(key);
      if (want == nullptr) {
        // Not in the context: whatever the facts derive (nothing here but
        // aws:SecureTransport, which no key of the table above is).
        EXPECT_FALSE(got.present) << name;
        continue;
      }
      ASSERT_TRUE(got.present) << name;
      ASSERT_EQ(got.size, 1u) << name;
      EXPECT_EQ(got.data, want->values.data()) << name;
    }
  }
}

// On a forward access request only the keys whose row says the caller's
// value travels apply (docs/semantics.md#implied-decrypt).
TEST(RequestKeysTest, ForwardAccessAppliesOnlyCarriedKeys) {
  Context context;
  context.Set("aws:PrincipalTag/team", "red");  // carried
  context.Set("aws:SourceVpce", "vpce-1");      // dropped
  const ResolvedContext resolved = ResolveContext(context);
  CallFacts facts;
  facts.forward_access = true;
  RequestKeys request(&resolved, &facts);
  KeyValues tag = request.Lookup(CompileKey("aws:principaltag/TEAM"));
  ASSERT_TRUE(tag.present);
  EXPECT_EQ(*tag.data, "red");
  EXPECT_FALSE(request.Lookup(CompileKey("aws:SourceVpce")).present);
  EXPECT_NE(request.Provenance(CompileKey("aws:SourceVpce")), "");
  EXPECT_EQ(request.Provenance(CompileKey("aws:PrincipalTag/team")), "");
}

}  // namespace
}  // namespace iameval
