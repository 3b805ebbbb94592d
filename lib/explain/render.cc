// iameval: offline AWS IAM policy evaluation.

#include "explain/render.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/source.h"

namespace iameval {
namespace explain {

namespace {

std::string QuotedList(const std::vector<std::string>& values) {
  std::vector<std::string> quoted;
  quoted.reserve(values.size());
  for (const std::string& v : values) quoted.push_back(Quote(v, 200));
  return absl::StrCat("[", absl::StrJoin(quoted, ", "), "]");
}

void AppendJsonList(std::string* out, const std::vector<std::string>& values) {
  out->push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out->push_back(',');
    absl::StrAppend(out, JsonString(values[i]));
  }
  out->push_back(']');
}

}  // namespace

std::string JsonString(absl::string_view s) {
  return Quote(s, std::string::npos);
}

std::string RenderText(const EvaluationResult& result,
                       absl::string_view indent) {
  std::string out;
  for (const std::string& w : result.warnings) {
    absl::StrAppend(&out, indent, "warning: ", w, "\n");
  }
  for (size_t c = 0; c < result.calls.size(); ++c) {
    const CallResult& call = result.calls[c];
    absl::StrAppend(&out, indent, "step ", call.step, ": ", call.action, " ",
                    call.resource, " by ", call.principal, ": ",
                    DecisionName(call.decision),
                    static_cast<int>(c) == result.deciding_call ? " (decisive)"
                                                                : "",
                    "\n");
    for (const Finding& f : call.explanation) {
      absl::StrAppend(&out, indent, "  ", FindingKindName(f.kind));
      if (!f.layer.empty()) absl::StrAppend(&out, " [", f.layer, "]");
      if (!f.message.empty()) absl::StrAppend(&out, ": ", f.message);
      out += '\n';
      if (f.statement.has_value()) {
        const StatementRef& s = *f.statement;
        absl::StrAppend(&out, indent, "    at ", Quote(s.policy, 200),
                        " statement ", s.statement_index);
        if (s.sid.has_value()) absl::StrAppend(&out, " (Sid ", Quote(*s.sid, 200), ")");
        absl::StrAppend(&out, " ", s.allow ? "Allow" : "Deny");
        if (s.line > 0) {
          absl::StrAppend(&out, ", ", s.file.empty() ? "line " : s.file + ":",
                          s.line);
        }
        out += '\n';
      }
      for (const ConditionDetail& d : f.conditions) {
        absl::StrAppend(&out, indent, "    condition ", d.op, " ", d.key, ": ",
                        d.reason.empty() ? "does not hold" : d.reason,
                        " (policy ", QuotedList(d.policy_values), "; request ",
                        d.key_present ? QuotedList(d.request_values)
                                      : std::string("absent"),
                        ")", d.note.empty() ? "" : "; ", d.note, "\n");
      }
      if (!f.hint.empty()) {
        absl::StrAppend(&out, indent, "    fix: ", f.hint, "\n");
      }
    }
  }
  return out;
}

std::string RenderJson(const EvaluationResult& result) {
  std::string out = "[";
  bool first = true;
  for (size_t c = 0; c < result.calls.size(); ++c) {
    const CallResult& call = result.calls[c];
    for (const Finding& f : call.explanation) {
      if (!first) out += ',';
      first = false;
      absl::StrAppend(
          &out, "{\"step\":", call.step,
          ",\"principal\":", JsonString(call.principal),
          ",\"action\":", JsonString(call.action),
          ",\"resource\":", JsonString(call.resource),
          ",\"call_decision\":", JsonString(DecisionName(call.decision)),
          ",\"deciding\":",
          static_cast<int>(c) == result.deciding_call ? "true" : "false",
          ",\"kind\":", JsonString(FindingKindName(f.kind)),
          ",\"layer\":", JsonString(f.layer),
          ",\"message\":", JsonString(f.message));
      if (f.statement.has_value()) {
        const StatementRef& s = *f.statement;
        absl::StrAppend(
            &out, ",\"policy\":", JsonString(s.policy), ",\"file\":",
            s.file.empty() ? std::string("null") : JsonString(s.file),
            ",\"statement\":", s.statement_index, ",\"sid\":",
            s.sid.has_value() ? JsonString(*s.sid) : std::string("null"),
            ",\"line\":",
            s.line > 0 ? absl::StrCat(s.line) : std::string("null"),
            ",\"effect\":", s.allow ? "\"Allow\"" : "\"Deny\"");
      } else {
        out +=
            ",\"policy\":null,\"file\":null,\"statement\":null,\"sid\":null,"
            "\"line\":null,\"effect\":null";
      }
      out += ",\"conditions\":[";
      for (size_t i = 0; i < f.conditions.size(); ++i) {
        const ConditionDetail& d = f.conditions[i];
        if (i > 0) out += ',';
        absl::StrAppend(&out, "{\"operator\":", JsonString(d.op),
                        ",\"key\":", JsonString(d.key), ",\"policy_values\":");
        AppendJsonList(&out, d.policy_values);
        out += ",\"request_values\":";
        AppendJsonList(&out, d.request_values);
        absl::StrAppend(&out, ",\"key_present\":",
                        d.key_present ? "true" : "false",
                        ",\"reason\":", JsonString(d.reason), ",\"note\":",
                        d.note.empty() ? std::string("null")
                                       : JsonString(d.note),
                        "}");
      }
      absl::StrAppend(&out, "],\"hint\":",
                      f.hint.empty() ? std::string("null")
                                     : JsonString(f.hint),
                      "}");
    }
  }
  out += ']';
  return out;
}

std::string RenderWarningsMember(const EvaluationResult& result) {
  if (result.warnings.empty()) return "";
  std::string out = ",\"warnings\":[";
  for (size_t i = 0; i < result.warnings.size(); ++i) {
    absl::StrAppend(&out, i > 0 ? "," : "", JsonString(result.warnings[i]));
  }
  out += "]";
  return out;
}

}  // namespace explain
}  // namespace iameval
