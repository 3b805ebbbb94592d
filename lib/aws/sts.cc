// iameval: offline AWS IAM policy evaluation.
//
// Sources: the AWS STS API Reference (AssumeRole parameters and errors), the
// IAM User Guide's "Passing session tags in AWS STS" (limits, transitive
// tags, chaining) and "Monitor and control actions taken with assumed roles"
// (source identity).

#include "aws/sts.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/source.h"

namespace iameval {
namespace aws {
namespace sts {

namespace {

// True when `s` has `min`..`max` characters, each alphanumeric or one of
// `extra` (the STS parameter character sets).
bool ParameterOk(absl::string_view s, size_t min, size_t max,
                 absl::string_view extra) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) &&
        !absl::StrContains(extra, c)) {
      return false;
    }
  }
  return true;
}

// RoleSessionName and SourceIdentity: 2-64 of [\w+=,.@-].
bool SessionNameOk(absl::string_view s) {
  return ParameterOk(s, 2, 64, "_+=,.@-");
}

// ExternalId: 2-1224 of [\w+=,.@:/-].
bool ExternalIdOk(absl::string_view s) {
  return ParameterOk(s, 2, 1224, "_+=,.@:/-");
}

std::string CheckDuration(int64_t d, const Caller& caller,
                          int64_t max_session_duration) {
  if (d < kMinDurationSeconds) {
    return absl::StrCat("DurationSeconds ", d, " is below the minimum of ",
                        kMinDurationSeconds);
  }
  if (d > max_session_duration) {
    return absl::StrCat("DurationSeconds ", d,
                        " exceeds the role's MaxSessionDuration of ",
                        max_session_duration);
  }
  if (caller.role_session && d > kMaxChainedDurationSeconds) {
    return absl::StrCat("DurationSeconds ", d,
                        " exceeds the 1 hour session limit for roles assumed "
                        "by role chaining");
  }
  return "";
}

std::string CheckTags(const Step& step, const Caller& caller) {
  if (step.session_tags.size() > kMaxSessionTags) {
    return absl::StrCat("more than ", kMaxSessionTags, " session tags");
  }
  absl::flat_hash_set<std::string> keys;
  for (const auto& [k, v] : step.session_tags) {
    std::string lower = absl::AsciiStrToLower(k);
    if (k.empty() || k.size() > kMaxTagKeyLength ||
        v.size() > kMaxTagValueLength) {
      return absl::StrCat("session tag ", Quote(k),
                          ": keys are 1-128 and values 0-256 characters");
    }
    if (!keys.insert(lower).second) {
      return absl::StrCat("session tag key ", Quote(k),
                          " is given twice (keys are case-insensitive)");
    }
    if (caller.transitive != nullptr && caller.transitive->contains(lower)) {
      return absl::StrCat(
          "session tag ", Quote(k),
          " repeats a transitive tag inherited from the calling session");
    }
  }
  for (const std::string& k : step.transitive_tag_keys) {
    if (!keys.contains(absl::AsciiStrToLower(k))) {
      return absl::StrCat("transitive tag key ", Quote(k),
                          " is not one of the session tags passed");
    }
  }
  return "";
}

std::string CheckSourceIdentity(const Step& step, const Caller& caller) {
  if (!step.source_identity.has_value()) return "";
  const std::string& s = *step.source_identity;
  if (!SessionNameOk(s) || absl::StartsWithIgnoreCase(s, "aws:")) {
    return absl::StrCat("SourceIdentity ", Quote(s),
                        " must be 2-64 characters of [\\w+=,.@-] and must not "
                        "start with aws:");
  }
  if (!caller.source_identity.empty() && s != caller.source_identity) {
    return absl::StrCat("SourceIdentity ", Quote(s),
                        " differs from the calling session's ",
                        Quote(caller.source_identity),
                        " (it cannot change along a chain)");
  }
  return "";
}

}  // namespace

std::string ValidateAssumeRole(const Step& step, const Caller& caller,
                               int64_t max_session_duration) {
  if (caller.root) {
    return "the account root user cannot call sts:AssumeRole (STS refuses "
           "root credentials)";
  }
  const absl::string_view session_name =
      step.session_name.has_value() ? absl::string_view(*step.session_name)
                                    : kDefaultSessionName;
  if (!SessionNameOk(session_name)) {
    return absl::StrCat("RoleSessionName ", Quote(session_name),
                        " must be 2-64 characters of [\\w+=,.@-]");
  }
  if (step.external_id.has_value() && !ExternalIdOk(*step.external_id)) {
    return absl::StrCat("ExternalId ", Quote(*step.external_id),
                        " must be 2-1224 characters of [\\w+=,.@:/-]");
  }
  if (step.duration_seconds.has_value()) {
    std::string why =
        CheckDuration(*step.duration_seconds, caller, max_session_duration);
    if (!why.empty()) return why;
  }
  std::string why = CheckTags(step, caller);
  if (!why.empty()) return why;
  return CheckSourceIdentity(step, caller);
}

std::string SourceIdentity(const Step& step, const Caller& caller) {
  if (step.source_identity.has_value()) return *step.source_identity;
  return std::string(caller.source_identity);
}

std::vector<std::string> AuthorizationsOf(const Step& step,
                                          absl::string_view source_identity) {
  std::vector<std::string> actions = {step.action};
  if (!step.session_tags.empty()) actions.emplace_back(kTagSession);
  if (!source_identity.empty()) actions.emplace_back(kSetSourceIdentity);
  return actions;
}

bool NeedsNoPermission(absl::string_view action) {
  return absl::EqualsIgnoreCase(action, kGetCallerIdentity);
}

bool NeedsCallerPolicy(absl::string_view action, const Caller& caller) {
  return caller.role_session &&
         absl::EqualsIgnoreCase(action, kSetSourceIdentity);
}

SessionTags NewSessionTags(const Step& step, const TagMap& inherited) {
  SessionTags out;
  out.transitive = inherited;
  out.session_tags = inherited;
  TagMap passed;
  for (const auto& [k, v] : step.session_tags) {
    passed[absl::AsciiStrToLower(k)] = v;
  }
  for (const auto& [k, v] : passed) out.session_tags[k] = v;
  for (const std::string& k : step.transitive_tag_keys) {
    std::string lower = absl::AsciiStrToLower(k);
    out.transitive[lower] = passed[lower];
  }
  return out;
}

}  // namespace sts
}  // namespace aws
}  // namespace iameval
