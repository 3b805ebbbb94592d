// iameval: offline AWS IAM policy evaluation.
//
// Every rule here is one of docs/semantics.md and docs/errors.md. The
// walk decodes while it checks so that a valid document is visited once;
// JSON pointers are built only when a finding is reported (Path is a chain
// of stack frames, rendered on demand).

#include "policy/validate.h"


#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "arn/arn.h"
#include "aws/action_catalog.h"
#include "aws/actions.h"
#include "aws/condition_keys.h"
#include "aws/principals.h"
#include "aws/secretsmanager.h"
#include "base/source.h"
#include "condition/glob.h"
#include "condition/key.h"
#include "condition/operator.h"
#include "condition/value.h"

namespace iameval {
namespace policy {

// --- codes -------------------------------------------------------------------

namespace {

// Keep in step with docs/errors.md (tests/policy/lint_test.cc checks that
// every code is documented there).
const std::vector<CodeInfo>* BuildCodes() {
  return new std::vector<CodeInfo>{
      {"IAM.InvalidJson", true, "the file is not valid JSON (RFC 8259, UTF-8, no duplicate keys, nesting at most 64)"},
      {"IAM.InvalidType", true, "an element has the wrong JSON type"},
      {"IAM.UnknownElement", true, "an element name that the policy grammar does not define"},
      {"IAM.InvalidVersion", true, "Version is not \"2012-10-17\" or \"2008-10-17\""},
      {"IAM.MissingStatement", true, "the document has no Statement"},
      {"IAM.MissingEffect", true, "a statement has no Effect"},
      {"IAM.InvalidEffect", true, "Effect is not exactly \"Allow\" or \"Deny\""},
      {"IAM.MissingAction", true, "a statement has neither Action nor NotAction"},
      {"IAM.ConflictingElements", true, "both X and NotX in one statement"},
      {"IAM.InvalidAction", true, "an action is not \"*\" or service:action"},
      {"IAM.MissingResource", true, "a statement has neither Resource nor NotResource"},
      {"IAM.InvalidResource", true, "a resource is not \"*\" or an ARN"},
      {"IAM.ForbiddenElement", true, "an element that this policy kind does not allow"},
      {"IAM.MissingPrincipal", true, "a resource-side statement has no Principal"},
      {"IAM.InvalidPrincipalKey", true, "a Principal key other than AWS, Service, Federated, CanonicalUser"},
      {"IAM.InvalidPrincipal", true, "a malformed principal value"},
      {"IAM.PrincipalWildcard", true, "a wildcard inside a principal value"},
      {"IAM.NotPrincipalWithAllow", true, "NotPrincipal with Effect Allow"},
      {"IAM.RcpAllow", true, "an RCP Allow statement other than RCPFullAWSAccess"},
      {"IAM.InvalidSid", true, "a Sid with characters other than A-Z, a-z, 0-9 (error in IAM-managed kinds, warning in trust policies)"},
      {"IAM.DuplicateSid", true, "two statements with the same Sid (error in SCPs and RCPs, warning elsewhere)"},
      {"IAM.UnknownConditionOperator", true, "a condition operator that AWS does not define"},
      {"IAM.InvalidConditionKey", true, "a condition key that is not prefix:name (one without any colon is IAM.ConditionKeyWithoutPrefix)"},
      {"IAM.DuplicateConditionKey", true, "the same condition key twice in one operator, differing only in case"},
      {"IAM.InvalidConditionValue", false, "a condition value that does not parse for its operator; the statement cannot be evaluated, so an Allow never applies and a Deny always applies"},
      {"IAM.InvalidVariable", false, "a malformed policy variable; it is evaluated as literal text"},
      {"IAM.VariableNotAllowed", false, "a policy variable where AWS does not substitute it"},
      {"IAM.MissingQualifier", false, "a plain operator on a multivalued key; it evaluates to false"},
      {"IAM.WhitespaceInAction", false, "an action with whitespace in it (AWS stored such policies); it is read the way that grants less", Severity::kWarning},
      {"IAM.ConditionKeyWithoutPrefix", false, "a condition key without a prefix (AWS stored such a policy); it is never in a request, so the condition sees it absent", Severity::kWarning},
      {"IAM.MissingVersion", false, "no Version: policy variables are literal text", Severity::kWarning},
      {"IAM.VariableInOldVersion", false, "${...} under Version 2008-10-17 or no Version is literal text", Severity::kWarning},
      {"IAM.EmptyArray", false, "an empty array: it matches nothing (or, for NotAction/NotResource, everything)", Severity::kWarning},
      {"IAM.IdInIdentityPolicy", false, "Id in an identity policy, boundary or session policy", Severity::kWarning},
      {"IAM.SecretReadOnAllResources", false, "Allow of secret reads on Resource \"*\"", Severity::kWarning},
      {"IAM.NoResourceLevelPermissions", false, "an action without resource-level permissions, allowed only on ARNs", Severity::kWarning},
      {"IAM.TrustAccountWithoutCondition", false, "a trust policy trusts a whole account without a Condition", Severity::kWarning},
      {"IAM.TrustWildcardPrincipal", false, "a trust policy trusts \"*\"", Severity::kWarning},
      {"IAM.PublicPrincipalWithoutCondition", false, "Allow to Principal \"*\" without a Condition", Severity::kWarning},
      {"IAM.MistypedConditionKey", false, "an aws: condition key close to a known global key", Severity::kWarning},
      {"IAM.UnknownGlobalConditionKey", false, "an aws: condition key that is not a known global key", Severity::kWarning},
      {"IAM.ForAllValuesSingleValuedKey", false, "ForAllValues on a single-valued key in an Allow", Severity::kWarning},
      {"IAM.SetOperatorOnNull", false, "ForAllValues:Null / ForAnyValue:Null are constant", Severity::kWarning},
      {"IAM.ExternalIdIfExists", false, "IfExists on sts:ExternalId makes the external id optional", Severity::kWarning},
      {"IAM.WildcardWithoutLike", false, "* or ? in a StringEquals-type operator is literal", Severity::kWarning},
      {"IAM.ScpLegacyGrammar", false, "SCP Allow features that the pre-2025 SCP grammar rejected", Severity::kWarning},
      {"IAM.UnknownService", false, "an action whose service prefix AWS does not define", Severity::kWarning},
      {"IAM.UnknownAction", false, "an action that its service does not define", Severity::kWarning},
      {"IAM.WildcardMatchesNoAction", false, "an action pattern with wildcards that matches no action of its service", Severity::kWarning},
      {"IAM.ResourceTypeMismatch", false, "an action none of whose resource types can match the statement's Resource ARNs", Severity::kWarning},
      {"IAM.UnknownConditionKey", false, "a service condition key that its service does not define", Severity::kWarning},
      {"IAM.UnsupportedConditionKey", false, "a service condition key that no action of the statement supports", Severity::kWarning},
      {"IAM.SecretArnWithoutSuffix", false, "a secret ARN in an identity policy Resource without the 6 random characters of secret ARNs", Severity::kWarning},
  };
}

}  // namespace

const std::vector<CodeInfo>& AllCodes() {
  static const std::vector<CodeInfo>* codes = BuildCodes();
  return *codes;
}

const CodeInfo* FindCode(absl::string_view code) {
  for (const CodeInfo& c : AllCodes()) {
    if (code == c.code) return &c;
  }
  return nullptr;
}

namespace {

// What a condition value that cannot be evaluated does to its statement
// (docs/semantics.md#unevaluable), for the findings that report one.
std::string UnevaluableEffect(const Statement& st) {
  return st.effect == Effect::kAllow
             ? "as written this Allow never applies"
             : "as written this Deny applies whenever its Action and "
               "Resource match, whatever its other conditions";
}

}  // namespace

std::string Finding::Message() const {
  return absl::StrCat("found ", found, "; expected ", expected);
}

// --- value type checks (docs/semantics-conditions.md, value types) ---------

// The value checks are the condition matcher's own parsers, so that a value
// lint reports as unparseable is exactly one the matcher can never match
// (docs/semantics.md#odd-values).
bool IsNumericValue(absl::string_view v) {
  DecimalView d;
  return ParseDecimal(v, &d);
}

bool IsDateValue(absl::string_view v) {
  int64_t millis;
  return ParseDate(v, &millis);
}

bool IsBoolValue(absl::string_view v) {
  bool b;
  return ParseBool(v, &b);
}

bool IsIpValue(absl::string_view v) {
  IpRange r;
  return ParseIpRange(v, &r);
}

bool IsBase64Value(absl::string_view v) {
  std::string bytes;
  return ParseBase64PolicyValue(v, &bytes);
}

int BoundedEditDistance(absl::string_view a, absl::string_view b, int cap) {
  int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
  if (std::abs(la - lb) > cap) return cap + 1;
  std::vector<int> prev(lb + 1), cur(lb + 1);
  for (int j = 0; j <= lb; ++j) prev[j] = j;
  for (int i = 1; i <= la; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    char ca = absl::ascii_tolower(static_cast<unsigned char>(a[i - 1]));
    for (int j = 1; j <= lb; ++j) {
      char cb = absl::ascii_tolower(static_cast<unsigned char>(b[j - 1]));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1,
                         prev[j - 1] + (ca == cb ? 0 : 1)});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > cap) return cap + 1;
    std::swap(prev, cur);
  }
  return std::min(prev[lb], cap + 1);
}

// --- the validator -----------------------------------------------------------

namespace {

// Quotes policy text for messages; long enough for any realistic ARN.
std::string Q(absl::string_view s) { return Quote(s, 200); }

// A JSON pointer as a chain of stack frames; rendered only for findings.
struct Path {
  const Path* parent = nullptr;
  absl::string_view key;
  int index = -1;  // >= 0: an array index; else `key`

  Path Child(absl::string_view k) const { return Path{this, k, -1}; }
  Path Item(int i) const { return Path{this, {}, i}; }
};

void RenderPath(const Path* p, std::string* out) {
  if (p == nullptr) return;
  RenderPath(p->parent, out);
  if (p->parent == nullptr && p->index < 0 && p->key.empty()) return;  // root
  if (p->index >= 0) {
    *out = json::PointerAppend(*out, static_cast<size_t>(p->index));
  } else {
    *out = json::PointerAppend(*out, p->key);
  }
}

// Operators are decoded by the condition matcher's own parser
// (condition/operator.h), so lint accepts exactly the operators that
// evaluation understands (docs/semantics.md#grammar).
using Family = OperatorFamily;

struct ParsedOp {
  Family family = Family::kString;
  bool negated = false;
  bool like = false;  // StringLike and Arn*: * and ? are wildcards
  SetOperator set = SetOperator::kNone;
  bool if_exists = false;
};

// Returns false for an unknown operator. *null_if_exists is set for
// "NullIfExists" (and prefixed forms), which has its own message.
bool ParseOperatorName(absl::string_view name, ParsedOp* out,
                       bool* null_if_exists) {
  absl::StatusOr<Operator> op = ::iameval::ParseOperator(name);
  if (!op.ok()) {
    absl::string_view base = name;
    if (!absl::ConsumePrefix(&base, "ForAllValues:")) {
      absl::ConsumePrefix(&base, "ForAnyValue:");
    }
    *null_if_exists = base == "NullIfExists";
    return false;
  }
  *null_if_exists = false;
  out->family = op->family;
  out->negated = op->negated;
  out->like = op->base == BaseOperator::kStringLike ||
              op->family == Family::kArn;
  out->set = op->set;
  out->if_exists = op->if_exists;
  return true;
}

const char* FamilyValueShape(Family f) {
  switch (f) {
    case Family::kNumeric:
      return "a number such as \"10\" or \"-2.5\" (digits with an optional sign and fraction)";
    case Family::kDate:
      return "an ISO 8601 date such as \"2026-12-01T00:00:00Z\" or epoch seconds";
    case Family::kBool:
      return "\"true\" or \"false\"";
    case Family::kBinary:
      return "base64-encoded bytes";
    case Family::kIpAddress:
      return "an IPv4 or IPv6 address or CIDR range such as \"203.0.113.0/24\"";
    case Family::kArn:
      return "an ARN pattern arn:partition:service:region:account:resource";
    case Family::kNull:
      return "\"true\" (key absent) or \"false\" (key present)";
    case Family::kString:
      return "a string";
  }
  return "a value";
}

// The condition key table (aws/condition_keys.h) answers both questions,
// so lint and evaluation share one list.
bool IsMultivaluedKey(absl::string_view lower) {
  const aws::ConditionKeyInfo* k = aws::FindConditionKey(lower);
  return k != nullptr && k->multivalued;
}

bool IsKnownSingleValued(absl::string_view lower) {
  const aws::ConditionKeyInfo* k = aws::FindConditionKey(lower);
  return k != nullptr && !k->multivalued;
}

bool IsKind(PolicyKind k, std::initializer_list<PolicyKind> kinds) {
  for (PolicyKind x : kinds) {
    if (x == k) return true;
  }
  return false;
}

bool HasWildcard(absl::string_view s) {
  return s.find_first_of("*?") != absl::string_view::npos;
}

bool IsHostName(absl::string_view v) {
  if (v.empty() || v.find('.') == absl::string_view::npos) return false;
  for (char c : v) {
    if (!(absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' ||
          c == '-' || c == '/' || c == '_')) {
      return false;
    }
  }
  return v.front() != '.' && v.back() != '.';
}

// IAM.ResourceTypeMismatch compares every action of a statement with every
// Resource; beyond this many pairs (far more than real policies have: a
// managed policy's long action lists go with "Resource": "*") the
// statement is not checked.
constexpr size_t kMaxResourceTypeChecks = 4096;

// The "did you mean" suggestions of one document (each scans a service's
// actions); later unknown actions are reported without one.
constexpr int kMaxSuggestions = 64;

class Validator {
 public:
  Validator(const ValidateOptions& options, PolicyData* out,
            std::vector<Finding>* findings)
      : options_(options), kind_(options.kind), out_(out),
        findings_(findings) {}

  void Run(const json::Node& root);

 private:
  struct Located {
    std::string text;
    uint32_t offset;
  };

  void Report(const char* code, Severity severity, bool fatal,
              uint32_t offset, const Path& path, std::string found,
              std::string expected) {
    ReportAt(code, severity, fatal, offset, Pointer(path), std::move(found),
             std::move(expected));
  }
  // Report with the pointer already rendered (Pointer).
  void ReportAt(const char* code, Severity severity, bool fatal,
                uint32_t offset, std::string pointer, std::string found,
                std::string expected) {
    Finding f;
    f.code = code;
    f.severity = severity;
    f.fatal = fatal;
    f.offset = offset;
    f.pointer = std::move(pointer);
    f.found = std::move(found);
    f.expected = std::move(expected);
    findings_->push_back(std::move(f));
  }
  // The full JSON pointer of `path` (prefix included).
  std::string Pointer(const Path& path) const {
    std::string out = options_.pointer_prefix;
    RenderPath(&path, &out);
    return out;
  }
  void Fatal(const char* code, uint32_t offset, const Path& path,
             std::string found, std::string expected) {
    Report(code, Severity::kError, true, offset, path, std::move(found),
           std::move(expected));
  }
  void Error(const char* code, uint32_t offset, const Path& path,
             std::string found, std::string expected) {
    Report(code, Severity::kError, false, offset, path, std::move(found),
           std::move(expected));
  }
  void Warn(const char* code, uint32_t offset, const Path& path,
            std::string found, std::string expected) {
    if (!options_.lint) return;
    Report(code, Severity::kWarning, false, offset, path, std::move(found),
           std::move(expected));
  }

  bool Vars() const { return version_ == PolicyVersion::k2012_10_17; }
  // The checks that can find a non-fatal error run in lint mode and when
  // only the errors are wanted (ValidateOptions::nonfatal_errors).
  bool ErrorChecks() const {
    return options_.lint || options_.nonfatal_errors;
  }

  // The elements of one statement, gathered by the walk and checked once
  // the whole statement has been seen (elements come in any order).
  struct StatementElements {
    const json::Member* effect = nullptr;
    const json::Member* action = nullptr;
    const json::Member* not_action = nullptr;
    const json::Member* resource = nullptr;
    const json::Member* not_resource = nullptr;
    const json::Member* principal = nullptr;
    const json::Member* not_principal = nullptr;
    const json::Member* condition = nullptr;
    bool effect_ok = false;  // Effect is exactly "Allow" or "Deny"
    // The located lists, for the RCP rule and the Statement; on a conflict
    // the walk keeps the first (DoActionElement, DoResourceElement).
    std::vector<Located> actions, resources;
    // Action / NotAction entries accepted only because whitespace is all
    // that is wrong with them; reported once Effect is known
    // (WhitespaceActions).
    struct WhitespaceAction {
      bool not_action;  // the entry is in NotAction
      bool kept;        // its list is `actions` (no Action/NotAction clash)
      size_t index;     // its index in `actions` when kept
      uint32_t offset;
      std::string pointer;
      std::string text;      // as written
      std::string stripped;  // without the whitespace
    };
    std::vector<WhitespaceAction> whitespace_actions;
  };

  // Version decides whether ${...} are variables anywhere in the document.
  void DoVersion(const json::Node& root, const Path& path);
  // Id: a string; a lint warning in identity-side kinds.
  void DoId(const json::Member& m, const Path& path);
  // The Statement element: one statement object or an array of them.
  void DoStatementList(const json::Node& statement, const Path& path);
  bool StringList(const json::Node& v, const Path& path,
                  std::vector<Located>* out);
  void DoStatement(const json::Node& node, const Path& path, int index,
                   Statement* st);
  // Sid: its characters and its uniqueness, both depending on the kind.
  void DoSid(const json::Node& v, const Path& path, int index, Statement* st);
  // Effect: exactly "Allow" or "Deny".
  void DoEffect(const json::Member& m, const Path& path,
                StatementElements* seen, Statement* st);
  // Action or NotAction: the list and each action in it.
  void DoActionElement(const json::Member& m, const Path& path,
                       StatementElements* seen);
  // Resource or NotResource: the list and each resource in it.
  void DoResourceElement(const json::Member& m, const Path& path,
                         StatementElements* seen);
  // Principal or NotPrincipal: whether the kind allows it, then its value.
  void DoPrincipalElement(const json::Member& m, const Path& path,
                          StatementElements* seen, Statement* st);
  // Missing and conflicting Effect, Action, Resource, Principal.
  void CheckElementCombinations(const json::Node& node, const Path& path,
                                const StatementElements& seen, Statement* st);
  // Per-kind rules: NotPrincipal with Allow, the one RCP Allow.
  void CheckKindRules(const Path& path, const StatementElements& seen,
                      const Statement& st);
  // Checks one Action / NotAction entry. Returns the entry without its
  // whitespace when whitespace is all that is wrong with it (the caller
  // reports IAM.WhitespaceInAction); else "".
  std::string CheckAction(const Located& a, const Path& path);
  // Reports the entries of seen->whitespace_actions and decodes each into
  // seen->actions the way that grants less
  // (docs/semantics.md#action-whitespace).
  void WhitespaceActions(const Statement& st, StatementElements* seen);
  // Unknown services and actions, patterns that match no action (the
  // action catalog, aws/action_catalog.h).
  void CatalogActionWarnings(const Located& a, const Path& path);
  void CheckResource(const Located& r, const Path& path);
  void DoPrincipal(const json::Node& v, const Path& path, bool not_principal,
                   PrincipalBlock* block);
  // One principal key (AWS, Service, ...): its list, appended to `dest`.
  void DoPrincipalList(const json::Member& m, const Path& path,
                       bool not_principal, std::vector<std::string>* dest);
  // One value of the principal key `key`.
  void CheckPrincipalValue(absl::string_view key, const Located& p,
                           const Path& path);
  void CheckAwsPrincipal(const Located& p, const Path& path);
  void DoCondition(const json::Node& v, const Path& path, Statement* st);
  // One operator block: "Operator": {key: values, ...}.
  void DoConditionOperator(const json::Member& om, const Path& path,
                           Statement* st);
  // One key of an operator block and its values; `lowered` holds the keys
  // before it in the block, lowercased.
  void DoConditionEntry(const ParsedOp& op, const json::Member& om,
                        const json::Member& km, const Path& op_path,
                        std::vector<std::string>* lowered, Statement* st);
  // The prefix:name format and case-insensitive uniqueness of a key;
  // appends the lowercased key to `lowered`. Returns whether the format is
  // valid.
  bool CheckConditionKeyName(const ParsedOp& op, const json::Member& om,
                             const json::Member& km, const Path& path,
                             std::vector<std::string>* lowered);
  // IAM.ConditionKeyWithoutPrefix for the key `km` under operator `om`.
  void KeyWithoutPrefix(const ParsedOp& op, const json::Member& om,
                        const json::Member& km, const Path& path);
  // The scalar values of one key; false after a type error.
  bool ConditionValueList(const json::Node& value, const Path& path,
                          std::vector<Located>* vals);
  // Lint checks on one well-formed key and its values.
  void LintConditionEntry(const ParsedOp& op, const json::Member& om,
                          const json::Member& km, const Path& path,
                          const std::string& lower,
                          const std::vector<Located>& vals,
                          const Statement& st);
  void CheckConditionValues(const ParsedOp& op, absl::string_view op_name,
                            const std::string& key, const json::Node& value,
                            const Path& path, const std::vector<Located>& vals,
                            const Statement& st);
  void CheckConditionKey(const std::string& key, uint32_t offset,
                         const Path& path);
  // Variable syntax (docs/semantics.md#variables); `min_offset_in_text` is where
  // variables may start (after the 5th colon of a resource ARN).
  void CheckVariables(const Located& v, const Path& path, size_t allowed_from);
  void StatementWarnings(const Statement& st, const json::Node& node,
                         const Path& path);
  // ForAllValues on single-valued keys, IfExists on sts:ExternalId.
  void ConditionWarnings(const Statement& st, const json::Member& cond,
                         const Path& path);
  // Secret reads on "*", actions without resource-level permissions.
  void ResourceActionWarnings(const Statement& st, const json::Node& node,
                              const Path& path, bool has_condition);
  // Resource types that match no Resource, condition keys that no action
  // of the statement supports, secret ARNs without their suffix.
  void CatalogStatementWarnings(const Statement& st, const json::Node& node,
                                const Path& path);
  void ResourceTypeWarnings(const Statement& st, const json::Node& node,
                            const Path& path);
  void ConditionKeySupportWarnings(const Statement& st,
                                   const json::Member& cond, const Path& path);
  void SecretSuffixWarnings(const Statement& st, const json::Node& node,
                            const Path& path);
  // Wildcard and whole-account principals without a Condition.
  void PrincipalWarnings(const Statement& st, const json::Node& node,
                         const Path& path, bool has_condition);
  // SCP Allow features that the pre-2025 SCP grammar rejected.
  void ScpGrammarWarning(const Statement& st, const json::Node& node,
                         const Path& path, bool has_condition);

  // The candidate nearest to `text` within `cap` edits, for a "did you
  // mean" ("" when none is that close); `name` maps a candidate to its
  // text. Each call spends one of the document's kMaxSuggestions, so a
  // document full of unknown names cannot make lint slow.
  template <typename Range, typename Name>
  absl::string_view Suggest(absl::string_view text, const Range& candidates,
                            int cap, Name name) {
    absl::string_view best_text;
    if (suggestions_left_-- <= 0) return best_text;
    int best = cap + 1;
    for (const auto& c : candidates) {
      const absl::string_view n = name(c);
      const int d = BoundedEditDistance(text, n, cap);
      if (d < best) {
        best = d;
        best_text = n;
      }
    }
    return best_text;
  }

  const ValidateOptions& options_;
  const PolicyKind kind_;
  PolicyData* out_;
  std::vector<Finding>* findings_;
  PolicyVersion version_ = PolicyVersion::kNone;
  int suggestions_left_ = kMaxSuggestions;
  // Sids seen so far: value and pointer of the first use.
  std::vector<std::pair<std::string, int>> sids_;
  // The Action / NotAction entries of the statement whose Condition is
  // being walked (KeyWithoutPrefix prefers their services' keys).
  const std::vector<Located>* statement_actions_ = nullptr;
};

void Validator::Run(const json::Node& root) {
  Path path;
  if (!root.is_object()) {
    Fatal("IAM.InvalidType", root.offset, path, json::Describe(root),
          "a policy document (a JSON object with Version and Statement)");
    return;
  }
  // Version first: it decides whether ${...} are variables anywhere in the
  // document, and elements may come in any order.
  DoVersion(root, path);
  if (out_ != nullptr) out_->version = version_;

  const json::Node* statement = nullptr;
  for (const json::Member& m : root.members) {
    Path mp = path.Child(m.key);
    if (m.key == "Version") continue;
    if (m.key == "Id") {
      DoId(m, mp);
      continue;
    }
    if (m.key == "Statement") {
      statement = &m.value;
      continue;
    }
    Fatal("IAM.UnknownElement", m.key_offset, mp,
          absl::StrCat("the element ", Q(m.key)),
          "one of Version, Id, Statement (names are case-sensitive)");
  }
  if (statement == nullptr) {
    Fatal("IAM.MissingStatement", root.offset, path, "no Statement element",
          "a Statement object or array of statement objects");
    return;
  }
  DoStatementList(*statement, path.Child("Statement"));
}

void Validator::DoVersion(const json::Node& root, const Path& path) {
  const json::Member* version = root.FindMember("Version");
  if (version != nullptr) {
    const json::Node& v = version->value;
    if (v.is_string() && v.text == "2012-10-17") {
      version_ = PolicyVersion::k2012_10_17;
    } else if (v.is_string() && v.text == "2008-10-17") {
      version_ = PolicyVersion::k2008_10_17;
    } else {
      Fatal("IAM.InvalidVersion", v.offset, path.Child("Version"),
            json::Describe(v), "\"2012-10-17\" or \"2008-10-17\"");
    }
  } else if (options_.lint) {
    Warn("IAM.MissingVersion", root.offset, path, "no Version element",
         "\"Version\": \"2012-10-17\" (without it, policy variables are "
         "literal text)");
  }
}

void Validator::DoId(const json::Member& m, const Path& path) {
  if (!m.value.is_string()) {
    Fatal("IAM.InvalidType", m.value.offset, path, json::Describe(m.value),
          "a string");
    return;
  }
  if (out_ != nullptr) out_->id = m.value.text;
  if (options_.lint &&
      IsKind(kind_, {PolicyKind::kIdentity, PolicyKind::kPermissionsBoundary,
                     PolicyKind::kSession})) {
    Warn("IAM.IdInIdentityPolicy", m.key_offset, path,
         absl::StrCat("an Id element in a", kind_ == PolicyKind::kIdentity
                                                 ? "n identity policy"
                                                 : " ",
                      kind_ == PolicyKind::kIdentity ? ""
                                                     : PolicyKindName(kind_),
                      kind_ == PolicyKind::kIdentity ? "" : " policy"),
         "no Id (IAM's policy grammar reserves Id for resource-based "
         "policies; it has no effect)");
  }
}

void Validator::DoStatementList(const json::Node& statement,
                                const Path& path) {
  std::vector<Statement>* statements =
      out_ != nullptr ? &out_->statements : nullptr;
  if (statement.is_object()) {
    Statement st;
    DoStatement(statement, path, 0, &st);
    if (statements != nullptr) statements->push_back(std::move(st));
  } else if (statement.is_array()) {
    if (statement.items.empty() && options_.lint) {
      Warn("IAM.EmptyArray", statement.offset, path,
           "an empty Statement array",
           "at least one statement (this policy neither allows nor denies "
           "anything)");
    }
    if (statements != nullptr) statements->reserve(statement.items.size());
    for (size_t i = 0; i < statement.items.size(); ++i) {
      Path ip = path.Item(static_cast<int>(i));
      const json::Node& item = statement.items[i];
      if (!item.is_object()) {
        Fatal("IAM.InvalidType", item.offset, ip, json::Describe(item),
              "a statement object");
        continue;
      }
      Statement st;
      DoStatement(item, ip, static_cast<int>(i), &st);
      if (statements != nullptr) statements->push_back(std::move(st));
    }
  } else {
    Fatal("IAM.InvalidType", statement.offset, path, json::Describe(statement),
          "a statement object or an array of statement objects");
  }
}

bool Validator::StringList(const json::Node& v, const Path& path,
                           std::vector<Located>* out) {
  if (v.is_string()) {
    out->push_back({v.text, v.offset});
    return true;
  }
  if (!v.is_array()) {
    Fatal("IAM.InvalidType", v.offset, path, json::Describe(v),
          "a string or an array of strings");
    return false;
  }
  bool ok = true;
  out->reserve(v.items.size());
  for (size_t i = 0; i < v.items.size(); ++i) {
    const json::Node& item = v.items[i];
    if (!item.is_string()) {
      Fatal("IAM.InvalidType", item.offset, path.Item(static_cast<int>(i)),
            json::Describe(item), "a string");
      ok = false;
      continue;
    }
    out->push_back({item.text, item.offset});
  }
  return ok;
}

void Validator::DoStatement(const json::Node& node, const Path& path,
                            int index, Statement* st) {
  st->index = index;
  st->offset = node.offset;
  StatementElements seen;
  for (const json::Member& m : node.members) {
    Path mp = path.Child(m.key);
    const std::string& k = m.key;
    if (k == "Sid") {
      DoSid(m.value, mp, index, st);
    } else if (k == "Effect") {
      DoEffect(m, mp, &seen, st);
    } else if (k == "Action" || k == "NotAction") {
      DoActionElement(m, mp, &seen);
    } else if (k == "Resource" || k == "NotResource") {
      DoResourceElement(m, mp, &seen);
    } else if (k == "Principal" || k == "NotPrincipal") {
      DoPrincipalElement(m, mp, &seen, st);
    } else if (k == "Condition") {
      seen.condition = &m;
      // Effect may come after Condition; the checks that need it run in
      // StatementWarnings.
    } else {
      Fatal("IAM.UnknownElement", m.key_offset, mp,
            absl::StrCat("the element ", Q(k)),
            "one of Sid, Effect, Action, NotAction, Resource, NotResource, "
            "Principal, NotPrincipal, Condition (names are case-sensitive)");
    }
  }
  if (seen.condition != nullptr) {
    statement_actions_ = &seen.actions;
    DoCondition(seen.condition->value, path.Child("Condition"), st);
    statement_actions_ = nullptr;
  }
  CheckElementCombinations(node, path, seen, st);
  CheckKindRules(path, seen, *st);
  if (!seen.whitespace_actions.empty()) WhitespaceActions(*st, &seen);

  st->actions.reserve(seen.actions.size());
  for (Located& a : seen.actions) st->actions.push_back(std::move(a.text));
  st->resources.reserve(seen.resources.size());
  for (Located& r : seen.resources) st->resources.push_back(std::move(r.text));
  if (options_.lint && seen.effect_ok) StatementWarnings(*st, node, path);
}

void Validator::DoSid(const json::Node& v, const Path& path, int index,
                      Statement* st) {
  if (!v.is_string()) {
    Fatal("IAM.InvalidType", v.offset, path, json::Describe(v), "a string");
    return;
  }
  st->sid = v.text;
  bool strict_sid = IsKind(
      kind_, {PolicyKind::kIdentity, PolicyKind::kPermissionsBoundary,
              PolicyKind::kSession, PolicyKind::kScp, PolicyKind::kRcp});
  bool alnum = std::all_of(v.text.begin(), v.text.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c));
  });
  // A choice: IAM-managed kinds reject, trust policies warn, key
  // and resource policies accept any string.
  if (!alnum && (strict_sid || kind_ == PolicyKind::kTrust)) {
    bool fatal = strict_sid;
    if (fatal || options_.lint) {
      Report("IAM.InvalidSid", fatal ? Severity::kError : Severity::kWarning,
             fatal, v.offset, path, json::Describe(v),
             "a Sid of letters and digits only ([A-Za-z0-9]*)");
    }
  }
  bool unique_required = IsKind(kind_, {PolicyKind::kScp, PolicyKind::kRcp});
  if (unique_required || options_.lint) {
    for (const auto& seen : sids_) {
      if (seen.first == v.text) {
        Report("IAM.DuplicateSid",
               unique_required ? Severity::kError : Severity::kWarning,
               unique_required, v.offset, path,
               absl::StrCat("the Sid ", Q(v.text),
                            ", already used by /Statement/", seen.second),
               "a unique Sid for each statement");
        break;
      }
    }
    sids_.emplace_back(v.text, index);
  }
}

void Validator::DoEffect(const json::Member& m, const Path& path,
                         StatementElements* seen, Statement* st) {
  seen->effect = &m;
  const json::Node& v = m.value;
  if (v.is_string() && (v.text == "Allow" || v.text == "Deny")) {
    st->effect = v.text == "Allow" ? Effect::kAllow : Effect::kDeny;
    seen->effect_ok = true;
  } else {
    Fatal("IAM.InvalidEffect", v.offset, path, json::Describe(v),
          "\"Allow\" or \"Deny\" (case-sensitive)");
  }
}

void Validator::DoActionElement(const json::Member& m, const Path& path,
                                StatementElements* seen) {
  const std::string& k = m.key;
  const json::Node& v = m.value;
  (k == "Action" ? seen->action : seen->not_action) = &m;
  std::vector<Located> list;
  if (StringList(v, path, &list)) {
    if (list.empty() && v.is_array() && options_.lint) {
      Warn("IAM.EmptyArray", v.offset, path,
           absl::StrCat("an empty ", k, " array"),
           k == "Action" ? "at least one action (this statement matches no "
                           "action)"
                         : "at least one action (an empty NotAction matches "
                           "every action)");
    }
    // Keep the first of the two; CheckElementCombinations reports the
    // conflict.
    const bool keep =
        (seen->action == nullptr || seen->not_action == nullptr) &&
        seen->actions.empty();
    for (size_t i = 0; i < list.size(); ++i) {
      const Path ip = v.is_array() ? path.Item(static_cast<int>(i)) : path;
      std::string stripped = CheckAction(list[i], ip);
      if (!stripped.empty()) {
        seen->whitespace_actions.push_back(
            {k == "NotAction", keep, i, list[i].offset, Pointer(ip),
             list[i].text, std::move(stripped)});
      }
    }
    if (keep) seen->actions = std::move(list);
  }
  if (k == "NotAction" && kind_ == PolicyKind::kRcp) {
    Fatal("IAM.ForbiddenElement", m.key_offset, path,
          "the element \"NotAction\" in a resource control policy",
          "Action (RCPs do not support NotAction)");
  }
}

void Validator::DoResourceElement(const json::Member& m, const Path& path,
                                  StatementElements* seen) {
  const std::string& k = m.key;
  const json::Node& v = m.value;
  (k == "Resource" ? seen->resource : seen->not_resource) = &m;
  if (kind_ == PolicyKind::kTrust) {
    Fatal("IAM.ForbiddenElement", m.key_offset, path,
          absl::StrCat("the element ", Q(k), " in a role trust policy"),
          "no Resource or NotResource (the resource of a trust policy is "
          "the role itself)");
    return;
  }
  std::vector<Located> list;
  if (StringList(v, path, &list)) {
    if (list.empty() && v.is_array() && options_.lint) {
      Warn("IAM.EmptyArray", v.offset, path,
           absl::StrCat("an empty ", k, " array"),
           k == "Resource" ? "at least one resource (this statement matches "
                             "no resource)"
                           : "at least one resource (an empty NotResource "
                             "matches every resource)");
    }
    for (size_t i = 0; i < list.size(); ++i) {
      CheckResource(list[i],
                    v.is_array() ? path.Item(static_cast<int>(i)) : path);
    }
    if (seen->resources.empty()) seen->resources = std::move(list);
  }
}

void Validator::DoPrincipalElement(const json::Member& m, const Path& path,
                                   StatementElements* seen, Statement* st) {
  const std::string& k = m.key;
  (k == "Principal" ? seen->principal : seen->not_principal) = &m;
  if (IsKind(kind_, {PolicyKind::kIdentity, PolicyKind::kPermissionsBoundary,
                     PolicyKind::kSession, PolicyKind::kScp})) {
    Fatal("IAM.ForbiddenElement", m.key_offset, path,
          absl::StrCat("the element ", Q(k), " in a",
                       kind_ == PolicyKind::kIdentity ? "n " : " ",
                       kind_ == PolicyKind::kScp ? "service control"
                                                 : PolicyKindName(kind_),
                       " policy"),
          "no Principal or NotPrincipal (the principal of this policy "
          "kind is implied by where it is attached)");
    return;
  }
  if (k == "NotPrincipal" &&
      IsKind(kind_, {PolicyKind::kTrust, PolicyKind::kRcp})) {
    Fatal("IAM.ForbiddenElement", m.key_offset, path,
          absl::StrCat("the element \"NotPrincipal\" in a ",
                       kind_ == PolicyKind::kTrust
                           ? "role trust policy"
                           : "resource control policy"),
          "Principal");
    return;
  }
  PrincipalBlock block;
  DoPrincipal(m.value, path, k == "NotPrincipal", &block);
  if (st->principal_mode == PrincipalMode::kNone) {
    st->principal_mode = k == "Principal" ? PrincipalMode::kPrincipal
                                          : PrincipalMode::kNotPrincipal;
    st->principal = std::move(block);
  }
}

void Validator::CheckElementCombinations(const json::Node& node,
                                         const Path& path,
                                         const StatementElements& seen,
                                         Statement* st) {
  if (seen.effect == nullptr) {
    Fatal("IAM.MissingEffect", node.offset, path, "a statement without Effect",
          "\"Effect\": \"Allow\" or \"Deny\"");
  }
  const json::Member* action = seen.action;
  const json::Member* not_action = seen.not_action;
  if (action != nullptr && not_action != nullptr) {
    const json::Member* second =
        action->key_offset > not_action->key_offset ? action : not_action;
    Fatal("IAM.ConflictingElements", second->key_offset,
          path.Child(second->key), "both Action and NotAction",
          "exactly one of Action and NotAction");
  } else if (action == nullptr && not_action == nullptr) {
    Fatal("IAM.MissingAction", node.offset, path,
          "a statement without Action or NotAction",
          "exactly one of Action and NotAction");
  }
  st->not_action = action == nullptr && not_action != nullptr;
  if (kind_ != PolicyKind::kTrust) {
    const json::Member* resource = seen.resource;
    const json::Member* not_resource = seen.not_resource;
    if (resource != nullptr && not_resource != nullptr) {
      const json::Member* second =
          resource->key_offset > not_resource->key_offset ? resource
                                                          : not_resource;
      Fatal("IAM.ConflictingElements", second->key_offset,
            path.Child(second->key), "both Resource and NotResource",
            "exactly one of Resource and NotResource");
    } else if (resource == nullptr && not_resource == nullptr) {
      Fatal("IAM.MissingResource", node.offset, path,
            "a statement without Resource or NotResource",
            "exactly one of Resource and NotResource");
    }
    st->has_resource = resource != nullptr || not_resource != nullptr;
    st->not_resource = resource == nullptr && not_resource != nullptr;
  }
  bool principal_required = IsKind(
      kind_, {PolicyKind::kTrust, PolicyKind::kResource, PolicyKind::kKey,
              PolicyKind::kRcp});
  if (principal_required) {
    const json::Member* principal = seen.principal;
    const json::Member* not_principal = seen.not_principal;
    if (principal != nullptr && not_principal != nullptr) {
      const json::Member* second =
          principal->key_offset > not_principal->key_offset ? principal
                                                            : not_principal;
      Fatal("IAM.ConflictingElements", second->key_offset,
            path.Child(second->key), "both Principal and NotPrincipal",
            "exactly one of Principal and NotPrincipal");
    } else if (principal == nullptr && not_principal == nullptr) {
      Fatal("IAM.MissingPrincipal", node.offset, path,
            absl::StrCat("a statement without Principal in a ",
                         kind_ == PolicyKind::kTrust ? "role trust policy"
                         : kind_ == PolicyKind::kRcp
                             ? "resource control policy"
                             : absl::StrCat(PolicyKindName(kind_), " policy")),
            kind_ == PolicyKind::kRcp ? "\"Principal\": \"*\""
                                      : "a Principal element");
    }
  }
}

void Validator::CheckKindRules(const Path& path, const StatementElements& seen,
                               const Statement& st) {
  // A choice: NotPrincipal with Allow is an error in key and
  // secret/resource policies (trust and RCP forbid NotPrincipal outright).
  if (seen.not_principal != nullptr && seen.principal == nullptr &&
      seen.effect_ok && st.effect == Effect::kAllow &&
      IsKind(kind_, {PolicyKind::kResource, PolicyKind::kKey})) {
    Fatal("IAM.NotPrincipalWithAllow", seen.not_principal->key_offset,
          path.Child("NotPrincipal"),
          "NotPrincipal in a statement with \"Effect\": \"Allow\"",
          "Principal (NotPrincipal with Allow grants access to everyone "
          "not listed, including anonymous callers)");
  }
  // RCPs are Deny-only except AWS's RCPFullAWSAccess, which is
  // exactly Allow * on * to Principal *.
  if (kind_ == PolicyKind::kRcp && seen.effect_ok &&
      st.effect == Effect::kAllow) {
    const json::Member* principal = seen.principal;
    bool full_access =
        principal != nullptr && principal->value.is_string() &&
        principal->value.text == "*" && seen.action != nullptr &&
        seen.not_action == nullptr && seen.actions.size() == 1 &&
        seen.actions[0].text == "*" && seen.resource != nullptr &&
        seen.not_resource == nullptr && seen.resources.size() == 1 &&
        seen.resources[0].text == "*" && seen.condition == nullptr;
    if (!full_access) {
      Fatal("IAM.RcpAllow", seen.effect->value.offset, path.Child("Effect"),
            "\"Effect\": \"Allow\" in a resource control policy",
            "\"Deny\" (the only Allow an RCP may hold is RCPFullAWSAccess: "
            "Principal \"*\", Action \"*\", Resource \"*\", no Condition)");
    }
  }
}

std::string Validator::CheckAction(const Located& a, const Path& path) {
  absl::string_view expected = aws::ActionPatternProblem(a.text);
  if (expected.empty()) {
    if (options_.lint) CatalogActionWarnings(a, path);
    return "";
  }
  std::string stripped = aws::ActionWithoutWhitespace(a.text);
  if (!stripped.empty()) {
    // The catalog checks see the entry as meant, so that a misspelt
    // action is still reported.
    if (options_.lint) CatalogActionWarnings({stripped, a.offset}, path);
    return stripped;
  }
  Fatal("IAM.InvalidAction", a.offset, path,
        absl::StrCat("the action ", Q(a.text)), std::string(expected));
  return "";
}

// A choice (docs/semantics.md#action-whitespace): AWS stores such entries
// but does not document whether evaluation ignores the whitespace. No
// request action contains whitespace, so read literally the entry matches
// nothing; read without the whitespace it matches what it seems to name.
// Each statement gets the reading that grants less: literal in an Allow's
// Action and a Deny's NotAction, without the whitespace in a Deny's Action
// and an Allow's NotAction.
void Validator::WhitespaceActions(const Statement& st,
                                  StatementElements* seen) {
  for (StatementElements::WhitespaceAction& w : seen->whitespace_actions) {
    const char* element = w.not_action ? "NotAction" : "Action";
    std::string reading;
    if (!seen->effect_ok) {
      reading = absl::StrCat(
          "iameval reads it the way that grants less: as matching no action "
          "in an Allow's Action or a Deny's NotAction, as ",
          Q(w.stripped), " in a Deny's Action or an Allow's NotAction");
    } else {
      const bool allow = st.effect == Effect::kAllow;
      const bool widen = allow == w.not_action;
      const char* effect = allow ? "Allow" : "Deny";
      if (widen) {
        reading = absl::StrCat("in this ", effect, "'s ", element,
                               " iameval reads it as ", Q(w.stripped),
                               ", the reading that grants less");
        if (w.kept && w.index < seen->actions.size()) {
          seen->actions[w.index].text = w.stripped;
        }
      } else {
        reading = absl::StrCat(
            "in this ", effect, "'s ", element,
            " iameval reads it as written, matching no action (the reading "
            "that grants less)",
            allow ? "" : ", so this Deny applies to every action");
      }
    }
    if (!options_.lint) continue;
    ReportAt("IAM.WhitespaceInAction", Severity::kWarning, false, w.offset,
             std::move(w.pointer),
             absl::StrCat("the action ", Q(w.text), " with whitespace in it"),
             absl::StrCat(Q(w.stripped),
                          " (AWS stores the policy, but no request's action "
                          "contains whitespace and AWS does not document "
                          "whether it is ignored; ",
                          reading, ")"));
  }
}

void Validator::CatalogActionWarnings(const Located& a, const Path& path) {
  const std::string& s = a.text;
  if (s == "*") return;
  const size_t colon = s.find(':');
  const absl::string_view service = absl::string_view(s).substr(0, colon);
  const absl::string_view name = absl::string_view(s).substr(colon + 1);
  if (HasWildcard(service)) return;
  const aws::CatalogService* svc = aws::FindCatalogService(service);
  if (svc == nullptr) {
    const absl::string_view best_prefix =
        Suggest(service, aws::CatalogServices(), 2,
                [](const aws::CatalogService& c) { return c.prefix; });
    Warn("IAM.UnknownService", a.offset, path,
         absl::StrCat("the action ", Q(s), " with the service prefix ",
                      Q(service)),
         absl::StrCat("a service prefix that AWS defines",
                      best_prefix.empty()
                          ? std::string()
                          : absl::StrCat(" (did you mean ",
                                         Q(absl::StrCat(best_prefix, ":",
                                                        name)),
                                         "?)"),
                      "; as written it matches no action"));
    return;
  }
  if (HasWildcard(name)) {
    if (!svc->documented || aws::MatchCatalogActions(s) > 0) return;
    Warn("IAM.WildcardMatchesNoAction", a.offset, path,
         absl::StrCat("the pattern ", Q(s), ", which matches no ",
                      svc->prefix, " action"),
         absl::StrCat("a pattern that matches at least one action of ",
                      svc->prefix, " (as written it matches nothing)"));
    return;
  }
  if (aws::FindCatalogAction(s) != nullptr) return;
  const absl::string_view best_name =
      Suggest(name, svc->actions, 3,
              [](const aws::CatalogAction& c) { return c.name; });
  Warn("IAM.UnknownAction", a.offset, path,
       absl::StrCat("the action ", Q(s)),
       absl::StrCat("an action that ", svc->prefix, " defines",
                    best_name.empty()
                        ? std::string()
                        : absl::StrCat(" (did you mean ",
                                       Q(absl::StrCat(svc->prefix, ":",
                                                      best_name)),
                                       "?)"),
                    "; as written it matches no action"));
}

void Validator::CheckResource(const Located& r, const Path& path) {
  const std::string& s = r.text;
  if (s == "*") return;
  if (!absl::StartsWith(s, "arn:")) {
    Fatal("IAM.InvalidResource", r.offset, path,
          absl::StrCat("the resource ", Q(s)),
          "\"*\" or an ARN starting with \"arn:\"");
    return;
  }
  if (!ErrorChecks()) return;
  if (s.find("${") == std::string::npos) return;
  if (!Vars()) {
    Warn("IAM.VariableInOldVersion", r.offset, path,
         absl::StrCat("${...} in ", Q(s), " under ",
                      version_ == PolicyVersion::kNone
                          ? "a policy without Version"
                          : "Version 2008-10-17"),
         "\"Version\": \"2012-10-17\" for policy variables (here the text is "
         "matched literally)");
    return;
  }
  // Variables only in the resource part, after the fifth colon.
  size_t pos = std::string::npos;
  size_t from = 0;
  for (int colons = 0; colons < 5; ++colons) {
    pos = s.find(':', from);
    if (pos == std::string::npos) break;
    from = pos + 1;
  }
  size_t allowed_from = pos == std::string::npos ? s.size() : pos + 1;
  CheckVariables(r, path, allowed_from);
}

void Validator::CheckVariables(const Located& v, const Path& path,
                               size_t allowed_from) {
  const std::string& s = v.text;
  size_t pos = 0;
  while ((pos = s.find("${", pos)) != std::string::npos) {
    size_t close = s.find('}', pos + 2);
    if (close == std::string::npos) {
      Error("IAM.InvalidVariable", v.offset, path,
            absl::StrCat(Q(s), ", whose \"${\" has no closing brace"),
            "${key} or ${key, 'default'} (the text is used literally)");
      return;
    }
    absl::string_view body(s.data() + pos + 2, close - pos - 2);
    std::string var(s.data() + pos, close - pos + 1);
    if (pos < allowed_from) {
      Error("IAM.VariableNotAllowed", v.offset, path,
            absl::StrCat("the variable ", var, " before the fifth colon of ",
                         Q(s)),
            "variables only in the resource part of an ARN (after "
            "arn:partition:service:region:account:)");
    } else if (body.empty()) {
      Error("IAM.InvalidVariable", v.offset, path,
            absl::StrCat("the empty variable ${} in ", Q(s)),
            "${key} with a condition key name");
    } else if (body == "*" || body == "?" || body == "$") {
      // Escapes for a literal character.
    } else {
      absl::string_view name = body;
      absl::string_view def;
      bool has_default = false;
      size_t comma = body.find(',');
      if (comma != absl::string_view::npos) {
        name = absl::StripTrailingAsciiWhitespace(body.substr(0, comma));
        def = absl::StripAsciiWhitespace(body.substr(comma + 1));
        has_default = true;
      }
      size_t colon = name.find(':');
      bool name_ok = colon != absl::string_view::npos && colon > 0 &&
                     colon + 1 < name.size();
      bool space = std::any_of(name.begin(), name.end(), [](char c) {
        return absl::ascii_isspace(static_cast<unsigned char>(c));
      });
      if (space) {
        Error("IAM.InvalidVariable", v.offset, path,
              absl::StrCat("a space inside the variable ", var),
              "a variable name without spaces, such as ${aws:username}");
      } else if (!name_ok) {
        Error("IAM.InvalidVariable", v.offset, path,
              absl::StrCat("the variable ", var),
              "${prefix:key}, a condition key name such as ${aws:username}");
      } else if (has_default &&
                 (def.size() < 2 || def.front() != '\'' || def.back() != '\'')) {
        Error("IAM.InvalidVariable", v.offset, path,
              absl::StrCat("the default of ", var, " without single quotes"),
              "${key, 'default'}");
      }
    }
    pos = close + 1;
  }
}

void Validator::DoPrincipal(const json::Node& v, const Path& path,
                            bool not_principal, PrincipalBlock* block) {
  if (kind_ == PolicyKind::kRcp && !(v.is_string() && v.text == "*")) {
    Fatal("IAM.InvalidPrincipal", v.offset, path, json::Describe(v),
          "\"*\" (an RCP applies to every principal; narrow it with "
          "conditions)");
    return;
  }
  if (v.is_string()) {
    if (v.text == "*") {
      block->wildcard = true;
      return;
    }
    Fatal("IAM.InvalidPrincipal", v.offset, path, json::Describe(v),
          "\"*\" or an object such as {\"AWS\": \"arn:aws:iam::111122223333:root\"}");
    return;
  }
  if (!v.is_object()) {
    Fatal("IAM.InvalidType", v.offset, path, json::Describe(v),
          "\"*\" or an object with AWS, Service, Federated or CanonicalUser");
    return;
  }
  if (v.members.empty()) {
    Fatal("IAM.InvalidPrincipal", v.offset, path, "an empty object",
          "at least one of AWS, Service, Federated, CanonicalUser");
    return;
  }
  for (const json::Member& m : v.members) {
    Path mp = path.Child(m.key);
    std::vector<std::string>* dest = nullptr;
    if (m.key == "AWS") {
      dest = &block->aws;
    } else if (m.key == "Service") {
      dest = &block->service;
    } else if (m.key == "Federated") {
      dest = &block->federated;
    } else if (m.key == "CanonicalUser") {
      dest = &block->canonical_user;
    } else {
      Fatal("IAM.InvalidPrincipalKey", m.key_offset, mp,
            absl::StrCat("the principal key ", Q(m.key)),
            "AWS, Service, Federated or CanonicalUser (case-sensitive)");
      continue;
    }
    DoPrincipalList(m, mp, not_principal, dest);
  }
}

void Validator::DoPrincipalList(const json::Member& m, const Path& path,
                                bool not_principal,
                                std::vector<std::string>* dest) {
  std::vector<Located> list;
  if (!StringList(m.value, path, &list)) return;
  if (list.empty() && options_.lint) {
    Warn("IAM.EmptyArray", m.value.offset, path,
         absl::StrCat("an empty ", m.key, " principal array"),
         not_principal ? "at least one principal (this NotPrincipal "
                         "excludes nobody)"
                       : "at least one principal (this names nobody)");
  }
  for (size_t i = 0; i < list.size(); ++i) {
    const Located& p = list[i];
    Path ip = m.value.is_array() ? path.Item(static_cast<int>(i)) : path;
    const std::string& s = p.text;
    // Variables are never substituted in Principal ("Variable
    // unsupported in element"); the text is matched literally.
    if (ErrorChecks() && Vars() && s.find("${") != std::string::npos) {
      Error("IAM.VariableNotAllowed", p.offset, ip,
            absl::StrCat("a policy variable in the principal ", Q(s)),
            "a literal principal (policy variables are not substituted in "
            "Principal; use a Condition on aws:PrincipalArn)");
    }
    CheckPrincipalValue(m.key, p, ip);
    dest->push_back(s);
  }
}

void Validator::CheckPrincipalValue(absl::string_view key, const Located& p,
                                    const Path& path) {
  const std::string& s = p.text;
  if (key == "AWS") {
    CheckAwsPrincipal(p, path);
  } else if (HasWildcard(s)) {
    Fatal("IAM.PrincipalWildcard", p.offset, path,
          absl::StrCat("the wildcard principal ", Q(s)),
          "an exact principal (use a condition such as aws:PrincipalArn "
          "with ArnLike for patterns)");
  } else if (key == "Service") {
    if (!aws::IsServicePrincipalName(s)) {
      Fatal("IAM.InvalidPrincipal", p.offset, path,
            absl::StrCat("the service principal ", Q(s)),
            "a service principal name such as \"ecs-tasks.amazonaws.com\" "
            "(ending in .amazonaws.com, .amazonaws.com.cn or .amazon.com)");
    }
  } else if (key == "Federated") {
    bool ok = IsHostName(s);
    if (absl::StartsWith(s, "arn:")) {
      absl::StatusOr<Arn> arn = ParseArn(s);
      ok = arn.ok() && arn->service == "iam" && IsAccountId(arn->account) &&
           (absl::StartsWith(arn->resource, "saml-provider/") ||
            absl::StartsWith(arn->resource, "oidc-provider/"));
    }
    if (!ok) {
      Fatal("IAM.InvalidPrincipal", p.offset, path,
            absl::StrCat("the federated principal ", Q(s)),
            "an identity provider: arn:aws:iam::ACCOUNT:saml-provider/NAME, "
            "arn:aws:iam::ACCOUNT:oidc-provider/HOST or a provider name "
            "such as \"cognito-identity.amazonaws.com\"");
    }
  } else if (s.empty()) {
    Fatal("IAM.InvalidPrincipal", p.offset, path, "an empty string",
          "an S3 canonical user id");
  }
}

void Validator::CheckAwsPrincipal(const Located& p, const Path& path) {
  const std::string& s = p.text;
  if (s == "*" || IsAccountId(s) || aws::IsUniqueId(s)) return;
  if (HasWildcard(s)) {
    Fatal("IAM.PrincipalWildcard", p.offset, path,
          absl::StrCat("the wildcard principal ", Q(s)),
          "\"*\" alone or an exact ARN (wildcards are not allowed inside "
          "principal ARNs; match patterns with a Condition on "
          "aws:PrincipalArn using ArnLike)");
    return;
  }
  constexpr char kExpected[] =
      "a 12-digit account id, arn:aws:iam::ACCOUNT:root, an IAM role or "
      "user ARN, arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION, "
      "arn:aws:sts::ACCOUNT:federated-user/NAME or \"*\"";
  if (!absl::StartsWith(s, "arn:")) {
    Fatal("IAM.InvalidPrincipal", p.offset, path,
          absl::StrCat("the principal ", Q(s)), kExpected);
    return;
  }
  aws::PrincipalArnView arn;
  absl::Status parsed = aws::ParsePrincipalArn(s, &arn);
  if (!parsed.ok()) {
    // aws/principals reports "found X; expected Y"; keep its expectation.
    absl::string_view msg = parsed.message();
    size_t sep = msg.find("; expected ");
    std::string expected =
        sep == absl::string_view::npos
            ? std::string(kExpected)
            : std::string(msg.substr(sep + strlen("; expected ")));
    Fatal("IAM.InvalidPrincipal", p.offset, path,
          absl::StrCat("the principal ", Q(s)), expected);
    return;
  }
  if (arn.kind == aws::PrincipalArnKind::kGroup) {
    Fatal("IAM.InvalidPrincipal", p.offset, path,
          absl::StrCat("the IAM group ARN ", Q(s)),
          "a user, role, session or account (groups are not principals)");
  } else if (arn.kind == aws::PrincipalArnKind::kOther) {
    Fatal("IAM.InvalidPrincipal", p.offset, path,
          absl::StrCat("the principal ", Q(s)), kExpected);
  }
}

void Validator::DoCondition(const json::Node& v, const Path& path,
                            Statement* st) {
  if (!v.is_object()) {
    Fatal("IAM.InvalidType", v.offset, path, json::Describe(v),
          "an object mapping condition operators to {key: value} objects");
    return;
  }
  for (const json::Member& om : v.members) {
    DoConditionOperator(om, path.Child(om.key), st);
  }
}

void Validator::DoConditionOperator(const json::Member& om, const Path& path,
                                    Statement* st) {
  ParsedOp op;
  bool null_if_exists = false;
  if (!ParseOperatorName(om.key, &op, &null_if_exists)) {
    Fatal("IAM.UnknownConditionOperator", om.key_offset, path,
          absl::StrCat("the condition operator ", Q(om.key)),
          null_if_exists
              ? "Null without IfExists (IfExists is not allowed on Null)"
              : "a condition operator such as StringEquals, StringLike, "
                "ArnLike, NumericLessThan, DateGreaterThan, Bool, IpAddress "
                "or Null, optionally with ForAllValues:/ForAnyValue: and "
                "IfExists (names are case-sensitive)");
    return;
  }
  const json::Node& block = om.value;
  if (!block.is_object()) {
    Fatal("IAM.InvalidType", block.offset, path, json::Describe(block),
          "an object mapping condition keys to values");
    return;
  }
  if (options_.lint && op.set != SetOperator::kNone &&
      op.family == Family::kNull) {
    Warn("IAM.SetOperatorOnNull", om.key_offset, path,
         absl::StrCat("the operator ", Q(om.key)),
         op.set == SetOperator::kForAllValues
             ? "Null without ForAllValues: (ForAllValues:Null is always true)"
             : "Null without ForAnyValue: (ForAnyValue:Null is always false)");
  }
  std::vector<std::string> lowered;
  lowered.reserve(block.members.size());
  for (const json::Member& km : block.members) {
    DoConditionEntry(op, om, km, path, &lowered, st);
  }
}

void Validator::DoConditionEntry(const ParsedOp& op, const json::Member& om,
                                 const json::Member& km, const Path& op_path,
                                 std::vector<std::string>* lowered,
                                 Statement* st) {
  Path key_path = op_path.Child(km.key);
  bool key_ok = CheckConditionKeyName(op, om, km, key_path, lowered);
  const std::string& lower = lowered->back();
  const json::Node& value = km.value;
  std::vector<Located> vals;
  bool values_ok = ConditionValueList(value, key_path, &vals);
  if (!values_ok || !key_ok) return;
  if (ErrorChecks()) {
    LintConditionEntry(op, om, km, key_path, lower, vals, *st);
  }
  if (out_ != nullptr) {
    ConditionClause c;
    c.op = om.key;
    c.key = km.key;
    c.values.reserve(vals.size());
    for (Located& l : vals) c.values.push_back(std::move(l.text));
    c.values_is_array = value.is_array();
    c.offset = km.key_offset;
    st->conditions.push_back(std::move(c));
  }
}

bool Validator::CheckConditionKeyName(const ParsedOp& op,
                                      const json::Member& om,
                                      const json::Member& km,
                                      const Path& path,
                                      std::vector<std::string>* lowered) {
  const json::Node& block = om.value;
  const std::string& key = km.key;
  // Format prefix:name; the prefix may be a provider host
  // (token.actions.githubusercontent.com:sub).
  size_t colon = key.find(':');
  bool key_ok = colon != std::string::npos && colon > 0 &&
                colon + 1 < key.size() && key[colon + 1] != ':' &&
                std::none_of(key.begin(), key.begin() + colon, [](char c) {
                  return absl::ascii_isspace(static_cast<unsigned char>(c));
                });
  // AWS has stored keys without any prefix (an AWS managed policy version
  // has "PassedToService"); such a key is never in a request
  // (docs/semantics.md#key-without-prefix).
  const bool bare =
      !key_ok && colon == std::string::npos && !key.empty() &&
      std::none_of(key.begin(), key.end(), [](char c) {
        return absl::ascii_isspace(static_cast<unsigned char>(c));
      });
  if (bare) {
    key_ok = true;
    if (ErrorChecks()) KeyWithoutPrefix(op, om, km, path);
  } else if (!key_ok) {
    Fatal("IAM.InvalidConditionKey", km.key_offset, path,
          absl::StrCat("the condition key ", Q(key)),
          "prefix:name, such as \"aws:PrincipalArn\" or "
          "\"sts:ExternalId\"");
  }
  std::string lower = absl::AsciiStrToLower(key);
  for (size_t j = 0; j < lowered->size(); ++j) {
    if ((*lowered)[j] == lower) {
      Fatal("IAM.DuplicateConditionKey", km.key_offset, path,
            absl::StrCat("the condition key ", Q(key),
                         ", which differs only in case from ",
                         Q(block.members[j].key)),
            "each condition key at most once per operator (key names are "
            "case-insensitive)");
      break;
    }
  }
  lowered->push_back(std::move(lower));
  return key_ok;
}

void Validator::KeyWithoutPrefix(const ParsedOp& op, const json::Member& om,
                                 const json::Member& km, const Path& path) {
  const std::string& key = km.key;
  // What the operator does with a missing key (the missing-key table,
  // docs/semantics.md#conditions).
  std::string outcome;
  if (op.family == Family::kNull) {
    outcome = op.set == SetOperator::kForAllValues ? "always true"
              : op.set == SetOperator::kForAnyValue
                  ? "always false"
                  : "true for the value \"true\" and false for \"false\"";
  } else if (op.if_exists) {
    outcome = "always true (IfExists)";
  } else if (op.set == SetOperator::kForAllValues) {
    outcome = "always true";
  } else if (op.set == SetOperator::kForAnyValue) {
    outcome = "always false";
  } else {
    outcome = op.negated ? "always true" : "always false";
  }
  // Lint names the service keys of that name (iam:PassedToService); Parse
  // leaves the catalog unloaded.
  std::string suggestion = "prefix:name, such as \"aws:PrincipalArn\"";
  if (options_.lint) {
    // The keys of that name of the statement's own services; else of any
    // service.
    std::vector<std::string> own, any;
    for (const aws::CatalogService& svc : aws::CatalogServices()) {
      for (absl::string_view k : svc.condition_keys) {
        const size_t colon = k.find(':');
        if (colon == absl::string_view::npos ||
            !absl::EqualsIgnoreCase(k.substr(colon + 1), key)) {
          continue;
        }
        bool named = false;
        if (statement_actions_ != nullptr) {
          for (const Located& a : *statement_actions_) {
            named |= absl::StartsWithIgnoreCase(a.text, svc.prefix) &&
                     a.text.size() > svc.prefix.size() &&
                     a.text[svc.prefix.size()] == ':';
          }
        }
        std::vector<std::string>& into = named ? own : any;
        if (into.size() < 3) into.push_back(Q(k));
      }
    }
    const std::vector<std::string>& matches = own.empty() ? any : own;
    if (!matches.empty()) {
      suggestion = absl::StrCat("prefix:name, such as ",
                                absl::StrJoin(matches, " or "));
    }
  }
  Warn("IAM.ConditionKeyWithoutPrefix", km.key_offset, path,
        absl::StrCat("the condition key ", Q(key), " without a prefix"),
        absl::StrCat(suggestion,
                     " (AWS stores the policy, but no request has a key "
                     "without a prefix: the key is missing, so ",
                     Q(om.key), " is ", outcome, ")"));
}

bool Validator::ConditionValueList(const json::Node& value, const Path& path,
                                   std::vector<Located>* vals) {
  bool values_ok = true;
  auto scalar = [&](const json::Node& n, const Path& p) {
    switch (n.type) {
      case json::Type::kString:
      case json::Type::kNumber:
        vals->push_back({n.text, n.offset});
        return;
      case json::Type::kBool:
        vals->push_back({n.boolean ? "true" : "false", n.offset});
        return;
      default:
        Fatal("IAM.InvalidType", n.offset, p, json::Describe(n),
              "a string, number or boolean, or an array of them");
        values_ok = false;
    }
  };
  if (value.is_array()) {
    vals->reserve(value.items.size());
    for (size_t i = 0; i < value.items.size(); ++i) {
      scalar(value.items[i], path.Item(static_cast<int>(i)));
    }
    if (value.items.empty() && options_.lint) {
      Warn("IAM.EmptyArray", value.offset, path,
           "an empty array of condition values",
           "at least one value (with no values the condition is false "
           "for positive operators and true for negated ones)");
    }
  } else {
    scalar(value, path);
  }
  return values_ok;
}

void Validator::LintConditionEntry(const ParsedOp& op, const json::Member& om,
                                   const json::Member& km, const Path& path,
                                   const std::string& lower,
                                   const std::vector<Located>& vals,
                                   const Statement& st) {
  const std::string& key = km.key;
  if (Vars() && key.find("${") != std::string::npos) {
    Error("IAM.VariableNotAllowed", km.key_offset, path,
          absl::StrCat("a policy variable in the condition key ", Q(key)),
          "a literal condition key (variables are substituted only in "
          "condition values)");
  }
  if (options_.lint) CheckConditionKey(key, km.key_offset, path);
  if (op.set == SetOperator::kNone && op.family != Family::kNull &&
      IsMultivaluedKey(lower)) {
    Error("IAM.MissingQualifier", km.key_offset, path,
          absl::StrCat("the plain operator ", Q(om.key),
                       " on the multivalued key ", Q(key)),
          absl::StrCat("ForAnyValue:", om.key, " or ForAllValues:",
                       om.key, " (a plain operator on a multivalued "
                       "key is always false)"));
  }
  CheckConditionValues(op, om.key, key, km.value, path, vals, st);
}

void Validator::CheckConditionKey(const std::string& key, uint32_t offset,
                                  const Path& path) {
  if (key.size() < 4 || !absl::EqualsIgnoreCase(key.substr(0, 4), "aws:")) {
    return;
  }
  // Tag families compare only up to the '/', keeping the user's tag key.
  absl::string_view k = key;
  absl::string_view tail;
  size_t slash = k.find('/');
  if (slash != absl::string_view::npos) {
    tail = k.substr(slash + 1);
    k = k.substr(0, slash + 1);
  }
  int best = 3;
  absl::string_view best_key;
  for (const aws::ConditionKeyInfo& info : aws::AllConditionKeys()) {
    absl::string_view gv = info.name;
    if (!absl::StartsWith(gv, "aws:")) continue;
    bool family = gv.back() == '/';
    if (slash != absl::string_view::npos && !family) continue;
    if (absl::EqualsIgnoreCase(k, gv)) return;
    int d = BoundedEditDistance(k, gv, 2);
    if (d < best) {
      best = d;
      best_key = gv;
    }
  }
  if (!best_key.empty()) {
    std::string suggestion(best_key);
    if (suggestion.back() == '/') {
      suggestion += tail.empty() ? std::string("<tag-key>") : std::string(tail);
    }
    Warn("IAM.MistypedConditionKey", offset, path,
         absl::StrCat("the condition key ", Q(key)),
         absl::StrCat("a known global condition key (did you mean ",
                      Q(suggestion), "?)"));
    return;
  }
  Warn("IAM.UnknownGlobalConditionKey", offset, path,
       absl::StrCat("the condition key ", Q(key)),
       "a global condition key that AWS defines (an unknown key is never "
       "present in a request)");
}

void Validator::CheckConditionValues(const ParsedOp& op,
                                     absl::string_view op_name,
                                     const std::string& key,
                                     const json::Node& value, const Path& path,
                                     const std::vector<Located>& vals,
                                     const Statement& st) {
  Family family = op.family;
  bool vars_allowed = family == Family::kString || family == Family::kArn;
  bool wildcard_warned = false;
  for (size_t i = 0; i < vals.size(); ++i) {
    const Located& v = vals[i];
    Path vp = value.is_array() ? path.Item(static_cast<int>(i)) : path;
    bool has_var = v.text.find("${") != std::string::npos;
    if (has_var && !Vars() && vars_allowed) {
      Warn("IAM.VariableInOldVersion", v.offset, vp,
           absl::StrCat("${...} in ", Q(v.text), " under ",
                        version_ == PolicyVersion::kNone
                            ? "a policy without Version"
                            : "Version 2008-10-17"),
           "\"Version\": \"2012-10-17\" for policy variables (here the text is "
           "compared literally)");
    } else if (has_var && Vars() && !vars_allowed) {
      Error("IAM.VariableNotAllowed", v.offset, vp,
            absl::StrCat("a policy variable in ", Q(v.text), " for ",
                         Q(op_name)),
            absl::StrCat("a literal value (policy variables work only with "
                         "String and Arn operators; the text does not parse, "
                         "so ", UnevaluableEffect(st), ")"));
      continue;
    } else if (has_var && Vars()) {
      CheckVariables(v, vp, 0);
    }
    bool ok = true;
    switch (family) {
      case Family::kString:
        if (!op.like && !wildcard_warned && HasWildcard(v.text) &&
            !has_var) {
          Warn("IAM.WildcardWithoutLike", v.offset, vp,
               absl::StrCat("the wildcard value ", Q(v.text), " with ",
                            Q(op_name)),
               "StringLike or StringNotLike (with StringEquals-type operators "
               "* and ? are literal characters)");
          wildcard_warned = true;
        }
        break;
      case Family::kNumeric: ok = IsNumericValue(v.text); break;
      case Family::kDate: ok = IsDateValue(v.text); break;
      case Family::kBool:
      case Family::kNull: ok = IsBoolValue(v.text); break;
      case Family::kBinary: ok = IsBase64Value(v.text); break;
      case Family::kIpAddress: ok = IsIpValue(v.text); break;
      case Family::kArn: {
        absl::string_view parts[6];
        ok = SplitArnValue(v.text, parts);
        break;
      }
    }
    if (!ok) {
      Error("IAM.InvalidConditionValue", v.offset, vp,
            absl::StrCat(json::Describe(value.is_array() ? value.items[i]
                                                         : value),
                         " for ", Q(op_name)),
            absl::StrCat(FamilyValueShape(family), " (",
                         UnevaluableEffect(st), ")"));
    }
  }
}

void Validator::StatementWarnings(const Statement& st, const json::Node& node,
                                  const Path& path) {
  const json::Member* cond = node.FindMember("Condition");
  bool has_condition = cond != nullptr && cond->value.is_object() &&
                       !cond->value.members.empty();
  if (cond != nullptr && cond->value.is_object()) {
    ConditionWarnings(st, *cond, path);
  }
  ResourceActionWarnings(st, node, path, has_condition);
  CatalogStatementWarnings(st, node, path);
  PrincipalWarnings(st, node, path, has_condition);
  ScpGrammarWarning(st, node, path, has_condition);
}

void Validator::ConditionWarnings(const Statement& st, const json::Member& cond,
                                  const Path& path) {
  bool allow = st.effect == Effect::kAllow;
  // ForAllValues on single-valued keys and IfExists on sts:ExternalId need
  // the Effect, which may follow the Condition in the source.
  Path cp = path.Child("Condition");
  for (const json::Member& om : cond.value.members) {
    ParsedOp op;
    bool nie;
    if (!ParseOperatorName(om.key, &op, &nie) || !om.value.is_object()) {
      continue;
    }
    Path op_path = cp.Child(om.key);
    for (const json::Member& km : om.value.members) {
      std::string lower = absl::AsciiStrToLower(km.key);
      Path kp = op_path.Child(km.key);
      if (allow && op.set == SetOperator::kForAllValues &&
          op.family != Family::kNull && IsKnownSingleValued(lower)) {
        Warn("IAM.ForAllValuesSingleValuedKey", km.key_offset, kp,
             absl::StrCat(Q(om.key), " on the single-valued key ",
                          Q(km.key), " in an Allow statement"),
             absl::StrCat(
                 "ForAnyValue: or a plain operator (ForAllValues is true "
                 "when the key is absent, so this Allow also matches "
                 "requests without ",
                 km.key, ")"));
      }
      const aws::ConditionKeyInfo* info = aws::FindConditionKey(lower);
      if (allow && op.if_exists && !op.negated && info != nullptr &&
          info->derived == aws::Derived::kExternalId) {
        Warn("IAM.ExternalIdIfExists", km.key_offset, kp,
             absl::StrCat(Q(om.key), " on sts:ExternalId"),
             absl::StrCat(std::string(om.key.substr(
                              0, om.key.size() - strlen("IfExists"))),
                          " (with IfExists, callers that pass no external "
                          "id are allowed)"));
      }
    }
  }
}

void Validator::ResourceActionWarnings(const Statement& st,
                                       const json::Node& node,
                                       const Path& path, bool has_condition) {
  const json::Member* res = node.FindMember("Resource");
  const json::Member* act = node.FindMember("Action");
  bool allow = st.effect == Effect::kAllow;
  bool identity_like =
      IsKind(kind_, {PolicyKind::kIdentity, PolicyKind::kPermissionsBoundary,
                     PolicyKind::kSession});
  if (!(allow && !st.not_action && !st.not_resource && res != nullptr &&
        act != nullptr)) {
    return;
  }
  bool star = std::find(st.resources.begin(), st.resources.end(), "*") !=
              st.resources.end();
  if (kind_ == PolicyKind::kIdentity && star && !has_condition) {
    for (const std::string& a : st.actions) {
      // Actions match case-insensitively (docs/semantics.md, actions).
      if (GlobMatch(absl::AsciiStrToLower(a),
                    absl::AsciiStrToLower(
                        aws::secretsmanager::kGetSecretValue))) {
        Warn("IAM.SecretReadOnAllResources", res->value.offset,
             path.Child("Resource"),
             absl::StrCat("\"Resource\": \"*\" with the action ", Q(a),
                          ", which reads secret values"),
             "the ARNs of the secrets this principal needs (as written it "
             "can read every secret in the account that has no resource "
             "policy denying it)");
        break;
      }
    }
  }
  if (identity_like && !star && !st.resources.empty()) {
    for (size_t i = 0; i < st.actions.size(); ++i) {
      absl::string_view nr = aws::NoResourceAction(st.actions[i]);
      if (nr.empty()) continue;
      const json::Node& av = act->value;
      uint32_t off = av.is_array() ? av.items[i].offset : av.offset;
      // `ap` may point at `action_path`: both live in this scope.
      Path action_path = path.Child("Action");
      Path ap = av.is_array() ? action_path.Item(static_cast<int>(i))
                              : action_path;
      Warn("IAM.NoResourceLevelPermissions", off, ap,
           absl::StrCat("the action ", Q(st.actions[i]),
                        " with Resource limited to ARNs"),
           absl::StrCat("a separate statement with \"Resource\": \"*\" "
                        "for ",
                        nr, " (it supports no resource-level permissions, "
                            "so this statement never grants it)"));
    }
  }
}

void Validator::CatalogStatementWarnings(const Statement& st,
                                         const json::Node& node,
                                         const Path& path) {
  ResourceTypeWarnings(st, node, path);
  const json::Member* cond = node.FindMember("Condition");
  if (cond != nullptr && cond->value.is_object()) {
    ConditionKeySupportWarnings(st, *cond, path);
  }
  SecretSuffixWarnings(st, node, path);
}

void Validator::ResourceTypeWarnings(const Statement& st,
                                     const json::Node& node,
                                     const Path& path) {
  // Only where the answer is certain: concrete actions that the catalog
  // knows, and Resource ARNs all with their five colons (docs/errors.md,
  // IAM.ResourceTypeMismatch).
  const json::Member* act = node.FindMember("Action");
  if (st.not_action || st.not_resource || act == nullptr ||
      st.resources.empty()) {
    return;
  }
  for (const std::string& r : st.resources) {
    if (r == "*" || std::count(r.begin(), r.end(), ':') < 5) return;
  }
  std::vector<const aws::CatalogAction*> actions;
  for (const std::string& a : st.actions) {
    const aws::CatalogAction* c =
        HasWildcard(a) ? nullptr : aws::FindCatalogAction(a);
    if (c == nullptr) return;
    actions.push_back(c);
  }
  // Bounded work for any input (lint runs in the policy fuzzer): a
  // statement this large is left unchecked.
  if (actions.size() * st.resources.size() > kMaxResourceTypeChecks) return;
  const json::Node& av = act->value;
  Path action_path = path.Child("Action");
  for (size_t i = 0; i < actions.size(); ++i) {
    const aws::CatalogAction& c = *actions[i];
    if (c.resource_types.empty()) continue;  // IAM.NoResourceLevelPermissions
    bool may_match = false;
    for (const std::string& r : st.resources) {
      for (uint16_t t : c.resource_types) {
        if (aws::ArnFormatMayMatch(c.service->resource_types[t].arn_format,
                                   r)) {
          may_match = true;
          break;
        }
      }
      if (may_match) break;
    }
    if (may_match) continue;
    std::string types;
    for (size_t t = 0; t < c.resource_types.size() && t < 4; ++t) {
      const aws::CatalogResourceType& rt =
          c.service->resource_types[c.resource_types[t]];
      absl::StrAppend(&types, t == 0 ? "" : " or ", rt.name, " (",
                      rt.arn_format, ")");
    }
    if (c.resource_types.size() > 4) absl::StrAppend(&types, " or others");
    const std::string spelled = absl::StrCat(c.service->prefix, ":", c.name);
    const bool item = av.is_array() && i < av.items.size();
    Path ap = item ? action_path.Item(static_cast<int>(i)) : action_path;
    Warn("IAM.ResourceTypeMismatch", item ? av.items[i].offset : av.offset,
         ap,
         absl::StrCat("the action ", Q(st.actions[i]), " with ",
                      st.resources.size() == 1
                          ? absl::StrCat("the resource ", Q(st.resources[0]))
                          : absl::StrCat("resources such as ",
                                         Q(st.resources[0]))),
         absl::StrCat("a Resource of a type that ", spelled, " acts on: ",
                      types, " (as written this statement never applies to ",
                      spelled, ")"));
  }
}

void Validator::ConditionKeySupportWarnings(const Statement& st,
                                            const json::Member& cond,
                                            const Path& path) {
  // The actions the statement names, expanded; unknown actions, "*",
  // wildcard services and NotAction leave the supported keys open (but an
  // unknown key is unknown whatever the actions: a Deny on "*" with a
  // misspelt key guards nothing).
  bool actions_known = !st.not_action && !st.actions.empty();
  std::vector<const aws::CatalogAction*> actions;
  for (const std::string& a : st.actions) {
    if (!actions_known) break;
    const size_t colon = a.find(':');
    if (a == "*" || colon == std::string::npos ||
        HasWildcard(absl::string_view(a).substr(0, colon)) ||
        aws::MatchCatalogActions(a, &actions) == 0) {
      actions_known = false;
    }
  }
  // Actions known only from AWS managed policies have no key lists.
  for (const aws::CatalogAction* a : actions) {
    if (!a->documented) actions_known = false;
  }
  std::sort(actions.begin(), actions.end());
  actions.erase(std::unique(actions.begin(), actions.end()), actions.end());
  Path cp = path.Child("Condition");
  for (const json::Member& om : cond.value.members) {
    if (!om.value.is_object()) continue;
    Path op_path = cp.Child(om.key);
    for (const json::Member& km : om.value.members) {
      const std::string& key = km.key;
      const size_t colon = key.find(':');
      if (colon == std::string::npos || colon == 0) continue;
      const absl::string_view prefix = absl::string_view(key).substr(0, colon);
      if (absl::EqualsIgnoreCase(prefix, "aws")) continue;
      const aws::CatalogService* svc = aws::FindCatalogService(prefix);
      // An OIDC provider's keys, a retired service's, ...
      if (svc == nullptr || !svc->documented) continue;
      Path kp = op_path.Child(key);
      if (!aws::ServiceDefinesConditionKey(*svc, key)) {
        // <service>:ResourceTag/<k> of a service that documents none: the
        // engine derives it for every service (aws/condition_keys.h).
        if (!aws::ResourceTagService(absl::AsciiStrToLower(key)).empty()) {
          continue;
        }
        const absl::string_view best_key =
            Suggest(key, svc->condition_keys, 2,
                    [](absl::string_view k) { return k; });
        Warn("IAM.UnknownConditionKey", km.key_offset, kp,
             absl::StrCat("the condition key ", Q(key)),
             absl::StrCat("a condition key that ", svc->prefix, " defines",
                          best_key.empty()
                              ? std::string()
                              : absl::StrCat(" (did you mean ", Q(best_key),
                                             "?)"),
                          "; an unknown key is never present in a request"));
        continue;
      }
      if (!actions_known || aws::IsServiceWideConditionKey(*svc, key)) {
        continue;
      }
      // Only the statement's actions of the key's own service decide;
      // keys of one service on another's actions are left alone.
      bool same_service = false;
      bool supported = false;
      const aws::CatalogAction* first = nullptr;
      for (const aws::CatalogAction* a : actions) {
        if (a->service != svc) continue;
        same_service = true;
        if (first == nullptr) first = a;
        if (aws::ActionSupportsConditionKey(*a, key)) {
          supported = true;
          break;
        }
      }
      if (!same_service || supported) continue;
      Warn("IAM.UnsupportedConditionKey", km.key_offset, kp,
           absl::StrCat("the condition key ", Q(key), " with ",
                        st.actions.size() == 1
                            ? absl::StrCat("the action ", Q(st.actions[0]))
                            : absl::StrCat("the actions ",
                                           Q(absl::StrJoin(st.actions, ", "))),
                        ", none of which supports it"),
           absl::StrCat("a key that one of the statement's ", svc->prefix,
                        " actions supports (AWS never sends ", key,
                        " with these actions, so the condition always "
                        "sees it missing)"));
    }
  }
}

void Validator::SecretSuffixWarnings(const Statement& st,
                                     const json::Node& node,
                                     const Path& path) {
  if (st.not_resource ||
      !IsKind(kind_, {PolicyKind::kIdentity, PolicyKind::kPermissionsBoundary,
                      PolicyKind::kSession})) {
    return;
  }
  const json::Member* res = node.FindMember("Resource");
  if (res == nullptr) return;
  const json::Node& rv = res->value;
  Path resource_path = path.Child("Resource");
  for (size_t i = 0; i < st.resources.size(); ++i) {
    const std::string& r = st.resources[i];
    absl::string_view parts[6];
    if (!SplitArnValue(r, parts) || parts[2] != "secretsmanager" ||
        !absl::StartsWith(parts[5], "secret:")) {
      continue;
    }
    absl::string_view name = parts[5].substr(strlen("secret:"));
    if (name.empty() || HasWildcard(name) ||
        name.find("${") != absl::string_view::npos ||
        aws::secretsmanager::SecretNameHasSuffix(name)) {
      continue;
    }
    const bool item = rv.is_array() && i < rv.items.size();
    Path rp = item ? resource_path.Item(static_cast<int>(i)) : resource_path;
    Warn("IAM.SecretArnWithoutSuffix", item ? rv.items[i].offset : rv.offset,
         rp,
         absl::StrCat("the secret ARN ", Q(r),
                      " without the 6 random characters Secrets Manager "
                      "appends to secret names"),
         absl::StrCat("the full ARN (", r, "-AbCdEf) or ", r,
                      "-?????? (as written it matches no secret)"));
  }
}

void Validator::PrincipalWarnings(const Statement& st, const json::Node& node,
                                  const Path& path, bool has_condition) {
  if (!(st.principal_mode == PrincipalMode::kPrincipal &&
        st.effect == Effect::kAllow)) {
    return;
  }
  const json::Member* pm = node.FindMember("Principal");
  uint32_t poff = pm != nullptr ? pm->value.offset : node.offset;
  Path pp = path.Child("Principal");
  bool wildcard = st.principal.wildcard ||
                  std::find(st.principal.aws.begin(), st.principal.aws.end(),
                            "*") != st.principal.aws.end();
  if (kind_ == PolicyKind::kTrust) {
    if (wildcard) {
      Warn("IAM.TrustWildcardPrincipal", poff, pp,
           "a trust policy that trusts \"*\" (every AWS principal)",
           "named accounts or roles (Access Analyzer rejects \"*\" in role "
           "trust policies; if it is intended, restrict it with "
           "conditions such as aws:PrincipalOrgID)");
    } else if (!has_condition) {
      for (const std::string& a : st.principal.aws) {
        aws::PrincipalArnView parsed;
        bool account = IsAccountId(a) ||
                       (aws::ParsePrincipalArn(a, &parsed).ok() &&
                        parsed.kind == aws::PrincipalArnKind::kRoot);
        if (account) {
          Warn("IAM.TrustAccountWithoutCondition", poff, pp,
               absl::StrCat("the account principal ", Q(a),
                            " without a Condition"),
               "a Condition that narrows who may assume the role (such as "
               "aws:PrincipalArn or sts:ExternalId): as written, every "
               "principal of that account whose own policies allow "
               "sts:AssumeRole on this role can assume it");
          break;
        }
      }
    }
  }
  if (IsKind(kind_, {PolicyKind::kResource, PolicyKind::kKey}) && wildcard &&
      !has_condition) {
    Warn("IAM.PublicPrincipalWithoutCondition", poff, pp,
         "an Allow to Principal \"*\" without a Condition",
         "named principals, or a Condition such as aws:PrincipalOrgID or "
         "aws:SourceAccount (as written anyone, including anonymous "
         "callers, is allowed)");
  }
}

void Validator::ScpGrammarWarning(const Statement& st, const json::Node& node,
                                  const Path& path, bool has_condition) {
  // docs/errors.md (IAM.ScpLegacyGrammar): the pre-September-2025 SCP grammar allowed
  // conditions, NotAction, NotResource and specific resources only in Deny.
  if (!(kind_ == PolicyKind::kScp && st.effect == Effect::kAllow)) return;
  std::string what;
  if (has_condition) {
    what = "Condition";
  } else if (st.not_action) {
    what = "NotAction";
  } else if (st.not_resource) {
    what = "NotResource";
  } else if (!(st.resources.size() == 1 && st.resources[0] == "*")) {
    what = "a Resource other than \"*\"";
  }
  if (!what.empty()) {
    Warn("IAM.ScpLegacyGrammar", node.offset, path,
         absl::StrCat("an SCP Allow statement with ", what),
         "Allow statements with Action and \"Resource\": \"*\" only, if the "
         "policy must also work under the SCP grammar before September 2025");
  }
}

}  // namespace

void Validate(const json::Node& root, const ValidateOptions& options,
              PolicyData* out, std::vector<Finding>* findings) {
  Validator v(options, out, findings);
  v.Run(root);
}

}  // namespace policy
}  // namespace iameval
