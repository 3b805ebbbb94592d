// iameval: offline AWS IAM policy evaluation.

#include "policy/parse.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/source.h"
#include "base/status_macros.h"

namespace iameval {

namespace {

constexpr struct {
  PolicyKind kind;
  const char* name;
} kKindNames[] = {
    {PolicyKind::kIdentity, "identity"},
    {PolicyKind::kTrust, "trust"},
    {PolicyKind::kResource, "resource"},
    {PolicyKind::kKey, "key"},
    {PolicyKind::kScp, "scp"},
    {PolicyKind::kRcp, "rcp"},
    {PolicyKind::kPermissionsBoundary, "boundary"},
    {PolicyKind::kSession, "session"},
};

bool IsFatalCode(const Diagnostic& d) {
  if (d.severity != Severity::kError) return false;
  const policy::CodeInfo* info = policy::FindCode(d.code);
  return info == nullptr || info->fatal_when_error;
}

Diagnostic ToDiagnostic(const policy::Finding& f, const Source& source) {
  Diagnostic d;
  d.severity = f.severity;
  d.code = f.code;
  d.message = f.Message();
  d.location = source.Locate(f.offset, f.pointer);
  d.fatal = IsFatalCode(d);
  return d;
}

// Findings in document order; ties keep discovery order (a statement's
// "missing X" findings all sit at the statement's first byte).
void SortFindings(std::vector<policy::Finding>* findings) {
  std::stable_sort(findings->begin(), findings->end(),
                   [](const policy::Finding& a, const policy::Finding& b) {
                     return a.offset < b.offset;
                   });
}

// A reader error as a lint finding: the reader's status already has the
// located one-line message; strip the location prefix for Diagnostic.
Diagnostic JsonErrorDiagnostic(const absl::Status& status,
                               const Source& source) {
  Diagnostic d;
  d.severity = Severity::kError;
  d.fatal = true;
  d.code = "IAM.InvalidJson";
  std::optional<SourceLocation> loc = LocationOf(status);
  std::string message(status.message());
  if (loc.has_value()) {
    d.location = *loc;
    std::string prefix =
        absl::StrCat(loc->file, ":", loc->line, ":", loc->column, ": ",
                     loc->pointer.empty() ? "(document)" : loc->pointer, ": ");
    if (absl::StartsWith(message, prefix)) message.erase(0, prefix.size());
  } else {
    d.location.file = source.name();
  }
  d.message = message;
  return d;
}

// The JSON reader knows nothing of ParseOptions::pointer_prefix; re-issue
// its located error with the prefix in front of the pointer.
absl::Status PrefixPointer(const absl::Status& status,
                           absl::string_view prefix) {
  std::optional<SourceLocation> loc = LocationOf(status);
  if (prefix.empty() || !loc.has_value()) return status;
  std::string message(status.message());
  std::string old_head =
      absl::StrCat(loc->file, ":", loc->line, ":", loc->column, ": ",
                   loc->pointer.empty() ? "(document)" : loc->pointer, ": ");
  if (!absl::StartsWith(message, old_head)) return status;
  SourceLocation fixed = *loc;
  fixed.pointer = absl::StrCat(prefix, loc->pointer);
  std::string text =
      absl::StrCat(fixed.file, ":", fixed.line, ":", fixed.column, ": ",
                   fixed.pointer, ": ", message.substr(old_head.size()));
  return WithLocation(absl::Status(status.code(), text), fixed);
}

}  // namespace

const char* PolicyKindName(PolicyKind kind) {
  for (const auto& k : kKindNames) {
    if (k.kind == kind) return k.name;
  }
  return "identity";
}

std::optional<PolicyKind> ParsePolicyKind(absl::string_view name) {
  for (const auto& k : kKindNames) {
    if (name == k.name) return k.kind;
  }
  return std::nullopt;
}

std::string BaseName(absl::string_view path) {
  size_t slash = path.find_last_of('/');
  return std::string(slash == absl::string_view::npos ? path
                                                      : path.substr(slash + 1));
}

Policy PolicyParser::Build(policy::PolicyData data, PolicyKind kind,
                           std::string name, const Source& source) {
  Policy p;
  p.kind_ = kind;
  p.version_ = data.version;
  p.name_ = name.empty() ? BaseName(source.name()) : std::move(name);
  p.file_ = source.name();
  p.id_ = std::move(data.id);
  p.statements_ = std::move(data.statements);
  for (Statement& st : p.statements_) {
    int column = 0;
    source.LineColumn(st.offset, &st.line, &column);
  }
  return p;
}

namespace {

// Validates `node` as Parse does (fatal checks and the non-fatal errors,
// no warning-only checks) into `data` (may be null). Returns the first fatal
// finding in the validator's walk order as a located error: elements in
// document order, a statement's own elements before what the statement
// lacks (so an unknown "Actions" is reported rather than the missing Action
// it causes).
absl::Status ValidateForParse(const json::Node& node, const Source& source,
                              PolicyKind kind, absl::string_view pointer,
                              policy::PolicyData* data,
                              std::vector<policy::Finding>* findings) {
  policy::ValidateOptions options;
  options.kind = kind;
  options.pointer_prefix = std::string(pointer);
  options.lint = false;
  // The non-fatal errors are kept with the policy (Policy::errors()).
  options.nonfatal_errors = true;
  policy::Validate(node, options, data, findings);
  for (const policy::Finding& f : *findings) {
    if (f.fatal) return source.Error(f.offset, f.pointer, f.found, f.expected);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Policy> ParsePolicyNode(const json::Node& node,
                                       const Source& source, PolicyKind kind,
                                       absl::string_view pointer,
                                       std::string name) {
  policy::PolicyData data;
  std::vector<policy::Finding> findings;
  IAMEVAL_RETURN_IF_ERROR(
      ValidateForParse(node, source, kind, pointer, &data, &findings));
  Policy policy =
      PolicyParser::Build(std::move(data), kind, std::move(name), source);
  std::vector<Diagnostic> errors;
  SortFindings(&findings);
  for (const policy::Finding& f : findings) {
    if (f.severity == Severity::kError) errors.push_back(ToDiagnostic(f, source));
  }
  PolicyParser::SetErrors(&policy, std::move(errors));
  return policy;
}

absl::Status CheckPolicyNode(const json::Node& node, const Source& source,
                             PolicyKind kind, absl::string_view pointer) {
  std::vector<policy::Finding> findings;
  return ValidateForParse(node, source, kind, pointer, nullptr, &findings);
}

std::vector<Diagnostic> LintPolicyNode(const json::Node& node,
                                       const Source& source, PolicyKind kind,
                                       absl::string_view pointer) {
  policy::ValidateOptions options;
  options.kind = kind;
  options.pointer_prefix = std::string(pointer);
  options.lint = true;
  std::vector<policy::Finding> findings;
  policy::Validate(node, options, nullptr, &findings);
  SortFindings(&findings);
  std::vector<Diagnostic> out;
  out.reserve(findings.size());
  for (const policy::Finding& f : findings) {
    out.push_back(ToDiagnostic(f, source));
  }
  return out;
}

bool IsFatal(const Diagnostic& d) { return d.fatal; }

// Callers that embed policies in larger files use ParsePolicyNode, which
// sees the whole file and so locates errors in it.
absl::StatusOr<Policy> Policy::Parse(absl::string_view json, PolicyKind kind,
                                     const ParseOptions& options) {
  Source source(options.file, std::string(json));
  absl::StatusOr<json::Node> root = json::Parse(source);
  if (!root.ok()) return PrefixPointer(root.status(), options.pointer_prefix);
  return ParsePolicyNode(*root, source, kind, options.pointer_prefix,
                         options.name);
}

std::vector<Diagnostic> Lint(absl::string_view json, PolicyKind kind,
                             const ParseOptions& options) {
  Source source(options.file, std::string(json));
  absl::StatusOr<json::Node> root = json::Parse(source);
  if (!root.ok()) {
    return {JsonErrorDiagnostic(
        PrefixPointer(root.status(), options.pointer_prefix), source)};
  }
  return LintPolicyNode(*root, source, kind, options.pointer_prefix);
}

PolicyKind GuessPolicyKind(absl::string_view json) {
  Source source("<guess>", std::string(json));
  absl::StatusOr<json::Node> root = json::Parse(source);
  if (!root.ok() || !root->is_object()) return PolicyKind::kIdentity;
  const json::Node* statement = root->Find("Statement");
  if (statement == nullptr) return PolicyKind::kIdentity;
  std::vector<const json::Node*> statements;
  if (statement->is_object()) {
    statements.push_back(statement);
  } else if (statement->is_array()) {
    for (const json::Node& s : statement->items) {
      if (s.is_object()) statements.push_back(&s);
    }
  }
  bool any_principal = false, any_resource = false, assume_role = false;
  for (const json::Node* s : statements) {
    bool has_principal = s->Find("Principal") != nullptr ||
                         s->Find("NotPrincipal") != nullptr;
    any_principal |= has_principal;
    any_resource |= s->Find("Resource") != nullptr ||
                    s->Find("NotResource") != nullptr;
    const json::Node* action = s->Find("Action");
    if (!has_principal || action == nullptr) continue;
    auto is_assume = [](const json::Node& n) {
      return n.is_string() &&
             absl::StartsWithIgnoreCase(n.text, "sts:AssumeRole");
    };
    if (is_assume(*action)) assume_role = true;
    for (const json::Node& a : action->items) {
      if (is_assume(a)) assume_role = true;
    }
  }
  if (any_principal && assume_role && !any_resource) return PolicyKind::kTrust;
  if (any_principal) return PolicyKind::kResource;
  return PolicyKind::kIdentity;
}

std::string Policy::DebugString() const {
  auto list = [](const std::vector<std::string>& v) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) {
      if (i > 0) out += ",";
      out += JsonQuote(v[i]);
    }
    return out + "]";
  };
  std::string out = "{";
  if (version_ != PolicyVersion::kNone) {
    out += absl::StrCat("\"Version\":", version_ == PolicyVersion::k2012_10_17
                                            ? "\"2012-10-17\","
                                            : "\"2008-10-17\",");
  }
  if (id_.has_value()) out += absl::StrCat("\"Id\":", JsonQuote(*id_), ",");
  out += "\"Statement\":[";
  for (size_t i = 0; i < statements_.size(); ++i) {
    const Statement& st = statements_[i];
    if (i > 0) out += ",";
    out += "{";
    if (st.sid.has_value()) out += absl::StrCat("\"Sid\":", JsonQuote(*st.sid), ",");
    out += absl::StrCat("\"Effect\":",
                        st.effect == Effect::kAllow ? "\"Allow\"" : "\"Deny\"");
    if (st.principal_mode != PrincipalMode::kNone) {
      out += st.principal_mode == PrincipalMode::kPrincipal ? ",\"Principal\":"
                                                             : ",\"NotPrincipal\":";
      if (st.principal.wildcard) {
        out += "\"*\"";
      } else {
        std::string block;
        auto add = [&](const char* k, const std::vector<std::string>& v) {
          if (v.empty()) return;
          if (!block.empty()) block += ",";
          block += absl::StrCat("\"", k, "\":", list(v));
        };
        add("AWS", st.principal.aws);
        add("Service", st.principal.service);
        add("Federated", st.principal.federated);
        add("CanonicalUser", st.principal.canonical_user);
        // Only empty arrays were written ({"Service": []}, accepted with an
        // IAM.EmptyArray warning): keep one so the output still parses
        // ("{}" is IAM.InvalidPrincipal). It names nobody either way.
        if (block.empty()) block = "\"AWS\":[]";
        out += "{" + block + "}";
      }
    }
    out += absl::StrCat(st.not_action ? ",\"NotAction\":" : ",\"Action\":",
                        list(st.actions));
    if (st.has_resource) {
      out += absl::StrCat(st.not_resource ? ",\"NotResource\":" : ",\"Resource\":",
                          list(st.resources));
    }
    if (!st.conditions.empty()) {
      out += ",\"Condition\":{";
      // Clauses are stored flat in input order; regroup consecutive clauses
      // of one operator into one block.
      for (size_t c = 0; c < st.conditions.size();) {
        const std::string& op = st.conditions[c].op;
        if (c > 0) out += ",";
        out += JsonQuote(op) + ":{";
        size_t first = c;
        for (; c < st.conditions.size() && st.conditions[c].op == op; ++c) {
          if (c > first) out += ",";
          const ConditionClause& cl = st.conditions[c];
          out += JsonQuote(cl.key) + ":";
          out += cl.values_is_array || cl.values.size() != 1
                     ? list(cl.values)
                     : JsonQuote(cl.values[0]);
        }
        out += "}";
      }
      out += "}";
    }
    out += "}";
  }
  out += "]}";
  return out;
}

}  // namespace iameval
