// iameval: offline AWS IAM policy evaluation.
//
// RequestKeys: the request context of one authorisation call, as the
// condition matcher reads it (KeyResolver). Keys the request sets explicitly
// win; everything else is derived lazily from the call's facts
// (docs/semantics.md#context): nothing is materialised per
// request, and every value is a view into storage owned by the facts.

#ifndef IAMEVAL_LIB_EVAL_REQUEST_KEYS_H_
#define IAMEVAL_LIB_EVAL_REQUEST_KEYS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/string_view.h"
#include "aws/condition_keys.h"
#include "aws/tags.h"
#include "condition/key.h"
#include "iameval/request.h"

namespace iameval {

// Everything a call's context is derived from. All strings are owned here
// (or by the engine, for the pointers), and outlive the evaluation.
struct CallFacts {
  // Principal.
  // aws:PrincipalArn; points at the caller's facts (null = absent).
  const std::string* principal_arn = nullptr;
  std::string principal_account;
  std::string principal_type;  // "" = absent
  std::string userid;
  std::string username;  // users only
  std::string principal_org_id;
  const std::vector<std::string>* principal_org_paths = nullptr;
  const TagMap* principal_tags = nullptr;          // entity tags
  const TagMap* session_tags = nullptr;            // overlay (sessions)
  std::string source_identity;                     // aws:SourceIdentity
  const std::string* token_issue_time = nullptr;   // sessions: `now`
  std::string mfa_present;                         // sessions: "false"
  std::string principal_is_service = "false";
  std::string principal_service_name;

  // Resource.
  std::string resource_account;
  std::string resource_org_id;
  const std::vector<std::string>* resource_org_paths = nullptr;
  const TagMap* resource_tags = nullptr;
  std::string resource_service;  // the resource ARN's service ("" for "*")
  std::string requested_region;
  std::string secret_id;  // secretsmanager:SecretId
  const std::vector<std::string>* resource_aliases = nullptr;

  // Time and transport.
  // aws:CurrentTime (ISO 8601 UTC) and aws:EpochTime (seconds): the
  // engine's when the world fixes `now`, else `clock_time` / `clock_epoch`.
  const std::string* current_time = nullptr;
  const std::string* epoch_time = nullptr;
  std::string clock_time;
  std::string clock_epoch;
  std::string via_aws_service = "false";

  // sts:AssumeRole parameters.
  std::string role_session_name;
  std::string external_id;
  std::string sts_source_identity;
  const TagMap* request_tags = nullptr;  // aws:RequestTag/*
  std::vector<std::string> tag_keys;     // aws:TagKeys
  bool has_tag_keys = false;
  std::vector<std::string> transitive_tag_keys;
  bool has_transitive_tag_keys = false;

  // The kms:Decrypt that Secrets Manager makes on the caller's behalf.
  std::string kms_via_service;
  std::string kms_caller_account;
  // kms:EncryptionContext:<key>: lowercased key -> value.
  std::vector<std::pair<std::string, std::string>> kms_encryption_context;
  std::vector<std::string> kms_ec_keys;
  std::string kms_encryption_algorithm;
  // A forward access request (the kms:Decrypt Secrets Manager makes with the
  // caller's identity): the explicit context describes the caller's direct
  // call, so only its keys whose row says kCarried apply here
  // (docs/semantics.md#implied-decrypt).
  bool forward_access = false;
};

// One key of a step's explicit context, resolved once per step
// (RunStep): its row of the condition key table, found once, so that a
// lookup compares rows (one pointer) before it compares names, and never
// folds case (docs/semantics.md#context).
struct ContextSlot {
  const aws::ConditionKeyInfo* info = nullptr;  // null: a key iameval
                                                // does not know
  absl::string_view lower;                      // the lowercased name
  const ContextValue* value = nullptr;
};

// The explicit context of one step, in the order it was given.
using ResolvedContext = absl::InlinedVector<ContextSlot, 16>;

// Resolves `context` (its keys' rows: aws::FindConditionKey, once each).
ResolvedContext ResolveContext(const Context& context);

class RequestKeys : public KeyResolver {
 public:
  // `explicit_context` may be null. Both must outlive this object.
  RequestKeys(const ResolvedContext* explicit_context, const CallFacts* facts)
      : explicit_(explicit_context), facts_(facts) {}

  KeyValues Lookup(const CompiledKey& key) const override;
  std::string Provenance(const CompiledKey& key) const override;

 private:
  // The explicit context's value of `key`, whether or not it applies to
  // this call; nullptr when the context does not set it.
  const ContextValue* FindExplicit(const CompiledKey& key) const;

  const ResolvedContext* explicit_;
  const CallFacts* facts_;
};

}  // namespace iameval

#endif  // IAMEVAL_LIB_EVAL_REQUEST_KEYS_H_
