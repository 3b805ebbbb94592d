// iameval: offline AWS IAM policy evaluation.
//
// ImportOrganization: the AWS Organizations outputs of an export as the
// accounts' org_id, org_paths, management, scps and rcps
// (docs/import.md#organizations).
//
// The tree is read from the root down: list-roots names the root,
// list-organizational-units-for-parent/<parent>.json the OUs under each
// parent and list-accounts-for-parent/<parent>.json its accounts. For each
// policy type the root has enabled, list-policies/<type>.json lists the
// policies, describe-policy/<id>.json holds each one's text and
// list-targets-for-policy/<id>.json says where it is attached. An account's
// levels are its chain of targets: the root, each OU down to its parent,
// the account itself (docs/semantics.md#scps).
//
// Fail closed: every file the tree or a listed policy needs must be there,
// since a missing SCP or RCP would widen access.

#include <cstddef>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "import/aws_internal.h"
#include "import/builder.h"
#include "json/writer.h"
#include "world/rules.h"

namespace iameval {
namespace import_internal {
namespace {

// The policy types iameval evaluates, with the world field each becomes.
struct PolicyType {
  absl::string_view type;  // as Organizations names it
  PolicyKind kind;
  absl::string_view field;  // the accounts/<id> member
};
constexpr PolicyType kPolicyTypes[] = {
    {"SERVICE_CONTROL_POLICY", PolicyKind::kScp, "scps"},
    {"RESOURCE_CONTROL_POLICY", PolicyKind::kRcp, "rcps"},
};
constexpr size_t kTypeCount = sizeof(kPolicyTypes) / sizeof(kPolicyTypes[0]);

// AWS allows five levels of OUs under the root; deeper input is refused
// rather than followed.
constexpr int kMaxOuDepth = 5;

Origin Child(const Origin& at, absl::string_view key, const json::Node& n) {
  return Origin{at.file, json::PointerAppend(at.pointer, key), n.offset};
}

Origin Item(const Origin& at, size_t i, const json::Node& n) {
  return Origin{at.file, json::PointerAppend(at.pointer, i), n.offset};
}

// Member `key` of the object `node`, which must be there and be an array.
absl::StatusOr<const json::Node*> RequiredArray(const json::Node& node,
                                                const Origin& at,
                                                absl::string_view key) {
  const json::Node* n = node.Find(key);
  if (n == nullptr) {
    return Error(at, absl::StrCat("an object without \"", key, "\""),
                 absl::StrCat("a \"", key, "\" array"));
  }
  if (!n->is_array()) {
    return Error(Child(at, key, *n), json::Describe(*n), "an array");
  }
  return n;
}

// Member `key` of the object `node`, which must be there and be an object.
absl::StatusOr<const json::Node*> RequiredObject(const json::Node& node,
                                                 const Origin& at,
                                                 absl::string_view key) {
  const json::Node* n = node.Find(key);
  if (n == nullptr) {
    return Error(at, absl::StrCat("an object without \"", key, "\""),
                 absl::StrCat("a \"", key, "\" object"));
  }
  if (!n->is_object()) {
    return Error(Child(at, key, *n), json::Describe(*n), "an object");
  }
  return n;
}

absl::Status ExpectObject(const json::Node& node, const Origin& at,
                          absl::string_view what) {
  if (node.is_object()) return absl::OkStatus();
  return Error(at, json::Describe(node), what);
}

bool LowerOrDigit(char c) {
  return absl::ascii_islower(static_cast<unsigned char>(c)) ||
         absl::ascii_isdigit(static_cast<unsigned char>(c));
}

// `s` is `min`..`max` characters, each accepted by `ok`.
template <typename Pred>
bool AllChars(absl::string_view s, size_t min, size_t max, Pred ok) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s) {
    if (!ok(c)) return false;
  }
  return true;
}

// The id shapes of the Organizations API Reference (Root, OrganizationalUnit,
// PolicySummary): r-<4..32 [0-9a-z]>, ou-<4..32 [0-9a-z]>-<8..32 [0-9a-z]>,
// p-<8..128 [0-9a-zA-Z_]>. They become file names, so they are checked
// before use.
bool IsRootId(absl::string_view id) {
  return absl::ConsumePrefix(&id, "r-") && AllChars(id, 4, 32, LowerOrDigit);
}
bool IsOuId(absl::string_view id) {
  if (!absl::ConsumePrefix(&id, "ou-")) return false;
  size_t dash = id.find('-');
  return dash != absl::string_view::npos &&
         AllChars(id.substr(0, dash), 4, 32, LowerOrDigit) &&
         AllChars(id.substr(dash + 1), 8, 32, LowerOrDigit);
}
bool IsPolicyId(absl::string_view id) {
  return absl::ConsumePrefix(&id, "p-") &&
         AllChars(id, 8, 128, [](char c) {
           return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
                  c == '_';
         });
}

// A root, OU or account of the organization tree.
struct Target {
  enum class Kind { kRoot, kOu, kAccount };
  Kind kind = Kind::kRoot;
  std::string id;
  // The org path (aws:PrincipalOrgPaths): o-.../r-.../ou-.../ down to this
  // root or OU; for an account, its parent's path.
  std::string path;
  // Indices into OrgReader::targets_ from the root down to this target.
  std::vector<size_t> chain;
  Origin at;                 // the element that lists it
  std::string status;        // accounts: State, else Status
  Origin status_at;          // accounts: where `status` is
  // Per policy type (kPolicyTypes order): the attached policies as
  // indices into OrgReader::policies_, in list-policies order.
  std::vector<size_t> attached[kTypeCount];
};

const char* KindName(Target::Kind kind) {
  switch (kind) {
    case Target::Kind::kRoot: return "root";
    case Target::Kind::kOu: return "OU";
    case Target::Kind::kAccount: return "account";
  }
  return "target";
}

// list-targets-for-policy's Type for each kind.
absl::string_view TargetTypeName(Target::Kind kind) {
  switch (kind) {
    case Target::Kind::kRoot: return "ROOT";
    case Target::Kind::kOu: return "ORGANIZATIONAL_UNIT";
    case Target::Kind::kAccount: return "ACCOUNT";
  }
  return "";
}

// One policy read from describe-policy: its name and document.
struct OrgPolicy {
  std::string name;
  json::Node document;
};

class OrgReader {
 public:
  OrgReader(const std::string& name_prefix, Builder* builder)
      : prefix_(name_prefix), builder_(builder) {}

  absl::Status Run(const std::vector<ExportFile>& files);

 private:
  // The file `rel` (relative to organizations/), parsed and marked read;
  // nullptr when the export does not have it.
  absl::StatusOr<const InputFile*> Open(const std::string& rel);
  // Open, but a missing file is an error located at `at`, the element that
  // makes the file necessary: "<subject> without <rel> in the export";
  // expected "the output of `<command>`<why>".
  absl::StatusOr<const InputFile*> Need(const std::string& rel,
                                        const Origin& at,
                                        const std::string& subject,
                                        const std::string& command,
                                        absl::string_view why);

  absl::Status ReadOrganization();
  absl::Status ReadRoot();
  absl::Status ReadChildren(size_t parent, int depth);
  absl::Status ReadPolicies(size_t type);
  absl::Status ReadTargets(size_t type, size_t policy, const std::string& id,
                           const Origin& at);
  // Marks the describe-policy and list-targets-for-policy files of the
  // policies of a type the root does not enable as read (one note says why).
  absl::Status SkipPolicies(size_t type, const InputFile& list);
  absl::Status WriteAccounts();

  std::string prefix_;
  Builder* builder_;
  std::map<std::string, const ExportFile*> files_;  // by relative path
  std::set<std::string> read_;                     // relative paths read
  std::deque<InputFile> inputs_;  // stable addresses: Origins point here

  std::string org_id_;
  std::string management_;
  Origin management_at_;
  bool enabled_[kTypeCount] = {};
  Origin enabled_at_[kTypeCount];
  std::vector<Target> targets_;  // targets_[0] is the root
  std::map<std::string, size_t> by_id_;
  std::deque<OrgPolicy> policies_;
};

absl::StatusOr<const InputFile*> OrgReader::Open(const std::string& rel) {
  auto it = files_.find(rel);
  if (it == files_.end()) return nullptr;
  read_.insert(rel);
  IAMEVAL_ASSIGN_OR_RETURN(InputFile file,
                           ReadJsonFile(it->second->path, it->second->name));
  inputs_.push_back(std::move(file));
  const InputFile& f = inputs_.back();
  IAMEVAL_RETURN_IF_ERROR(ExpectObject(
      f.root, At(f, f.root, ""), "an object, as the AWS CLI prints it"));
  return &f;
}

absl::StatusOr<const InputFile*> OrgReader::Need(const std::string& rel,
                                                 const Origin& at,
                                                 const std::string& subject,
                                                 const std::string& command,
                                                 absl::string_view why) {
  IAMEVAL_ASSIGN_OR_RETURN(const InputFile* f, Open(rel));
  if (f != nullptr) return f;
  return Error(at, absl::StrCat(subject, " without ", rel, " in the export"),
               absl::StrCat("the output of `", command, "`", why));
}

absl::Status OrgReader::Run(const std::vector<ExportFile>& files) {
  for (const ExportFile& f : files) {
    files_.emplace(f.name.substr(prefix_.size() + 1), &f);
  }
  IAMEVAL_RETURN_IF_ERROR(ReadOrganization());
  IAMEVAL_RETURN_IF_ERROR(ReadRoot());
  IAMEVAL_RETURN_IF_ERROR(ReadChildren(0, 0));
  for (size_t t = 0; t < kTypeCount; ++t) {
    IAMEVAL_RETURN_IF_ERROR(ReadPolicies(t));
  }
  IAMEVAL_RETURN_IF_ERROR(WriteAccounts());
  for (const auto& [rel, file] : files_) {
    if (read_.count(rel) > 0) continue;
    builder_->SkipFile(file->name,
                       "not read: not one of the Organizations outputs of the "
                       "export layout, or about a root, OU or policy the "
                       "export's tree and policy lists do not name");
  }
  return absl::OkStatus();
}

absl::Status OrgReader::ReadOrganization() {
  const std::string rel = "describe-organization.json";
  IAMEVAL_ASSIGN_OR_RETURN(const InputFile* f, Open(rel));
  if (f == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        prefix_, ": found no ", rel,
        "; expected the output of `aws organizations describe-organization` "
        "in every organizations folder"));
  }
  Origin at = At(*f, f->root, "");
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* org,
                           RequiredObject(f->root, at, "Organization"));
  builder_->ReportUnread(f->root, at, {"Organization"}, {});
  Origin oat = Child(at, "Organization", *org);
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* id,
                           RequiredString(*org, oat, "Id"));
  if (std::string e = world_rules::OrgIdProblem(id->text); !e.empty()) {
    return Error(Child(oat, "Id", *id), JsonQuote(id->text), e);
  }
  org_id_ = id->text;
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* master,
                           RequiredString(*org, oat, "MasterAccountId"));
  management_at_ = Child(oat, "MasterAccountId", *master);
  if (std::string e = world_rules::AccountIdProblem(master->text);
      !e.empty()) {
    return Error(management_at_, JsonQuote(master->text), e);
  }
  management_ = master->text;
  // FeatureSet and the deprecated AvailablePolicyTypes say what the
  // organization could use; the root's PolicyTypes say what is in force.
  builder_->ReportUnread(*org, oat, {"Id", "MasterAccountId"},
                         {"Arn", "FeatureSet", "MasterAccountArn",
                          "MasterAccountEmail", "AvailablePolicyTypes"});
  return absl::OkStatus();
}

absl::Status OrgReader::ReadRoot() {
  const std::string rel = "list-roots.json";
  IAMEVAL_ASSIGN_OR_RETURN(const InputFile* f, Open(rel));
  if (f == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        prefix_, ": found no ", rel,
        "; expected the output of `aws organizations list-roots` beside "
        "describe-organization.json"));
  }
  Origin at = At(*f, f->root, "");
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* roots,
                           RequiredArray(f->root, at, "Roots"));
  builder_->ReportUnread(f->root, at, {"Roots"}, {});
  Origin rat = Child(at, "Roots", *roots);
  if (roots->items.size() != 1) {
    return Error(rat, absl::StrCat(roots->items.size(), " roots"),
                 "exactly one root (an organization has one)");
  }
  const json::Node& root = roots->items[0];
  Origin at0 = Item(rat, 0, root);
  IAMEVAL_RETURN_IF_ERROR(ExpectObject(root, at0, "a root object"));
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* id,
                           RequiredString(root, at0, "Id"));
  if (!IsRootId(id->text)) {
    return Error(Child(at0, "Id", *id), JsonQuote(id->text),
                 "a root id r-<4 to 32 lowercase letters or digits>");
  }
  Target t;
  t.kind = Target::Kind::kRoot;
  t.id = id->text;
  t.path = absl::StrCat(org_id_, "/", id->text, "/");
  t.chain = {0};
  t.at = at0;
  by_id_.emplace(t.id, 0);
  targets_.push_back(std::move(t));
  // PolicyTypes: absent or empty when no policy type is enabled.
  if (const json::Node* types = root.Find("PolicyTypes")) {
    Origin tat = Child(at0, "PolicyTypes", *types);
    if (!types->is_array()) {
      return Error(tat, json::Describe(*types), "an array");
    }
    for (size_t i = 0; i < types->items.size(); ++i) {
      const json::Node& pt = types->items[i];
      Origin pat = Item(tat, i, pt);
      IAMEVAL_RETURN_IF_ERROR(ExpectObject(pt, pat, "a policy type object"));
      IAMEVAL_ASSIGN_OR_RETURN(const json::Node* type,
                               RequiredString(pt, pat, "Type"));
      IAMEVAL_ASSIGN_OR_RETURN(const json::Node* status,
                               RequiredString(pt, pat, "Status"));
      builder_->ReportUnread(pt, pat, {"Type", "Status"}, {});
      size_t k = 0;
      while (k < kTypeCount && kPolicyTypes[k].type != type->text) ++k;
      if (k == kTypeCount) {
        builder_->Skip(pat, absl::StrCat("policy type ", type->text),
                       "not imported: iameval evaluates service control "
                       "policies and resource control policies only");
        continue;
      }
      if (status->text == "ENABLED") {
        enabled_[k] = true;
        enabled_at_[k] = pat;
      } else {
        // PENDING_ENABLE / PENDING_DISABLE: whether the policies apply is
        // in transition; guessing either way could widen access.
        return Error(Child(pat, "Status", *status), JsonQuote(status->text),
                     "\"ENABLED\" (a policy type that is being enabled or "
                     "disabled: export again when it has settled)");
      }
    }
  }
  return absl::OkStatus();
}

absl::Status OrgReader::ReadChildren(size_t parent, int depth) {
  // Copies: targets_ grows below.
  const std::string pid = targets_[parent].id;
  const Origin pat = targets_[parent].at;
  const std::string subject =
      absl::StrCat(KindName(targets_[parent].kind), " ", pid);
  const char* why =
      " for the root and every OU: without it the accounts below are not "
      "known to be in the organization";
  std::vector<size_t> ous;

  IAMEVAL_ASSIGN_OR_RETURN(
      const InputFile* f,
      Need(absl::StrCat("list-organizational-units-for-parent/", pid, ".json"),
           pat, subject,
           absl::StrCat("aws organizations list-organizational-units-for-parent "
                        "--parent-id ",
                        pid),
           why));
  Origin at = At(*f, f->root, "");
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* list,
                           RequiredArray(f->root, at, "OrganizationalUnits"));
  builder_->ReportUnread(f->root, at, {"OrganizationalUnits"}, {});
  Origin lat = Child(at, "OrganizationalUnits", *list);
  for (size_t i = 0; i < list->items.size(); ++i) {
    const json::Node& ou = list->items[i];
    Origin oat = Item(lat, i, ou);
    IAMEVAL_RETURN_IF_ERROR(ExpectObject(ou, oat, "an OU object"));
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* id,
                             RequiredString(ou, oat, "Id"));
    Origin iat = Child(oat, "Id", *id);
    if (!IsOuId(id->text)) {
      return Error(iat, JsonQuote(id->text),
                   "an OU id ou-<4 to 32 lowercase letters or "
                   "digits>-<8 to 32 lowercase letters or digits>");
    }
    if (depth + 1 > kMaxOuDepth) {
      return Error(iat, absl::StrCat("an OU ", kMaxOuDepth + 1, " levels deep"),
                   absl::StrCat("at most ", kMaxOuDepth,
                                " levels of OUs under the root (the AWS "
                                "quota)"));
    }
    if (by_id_.count(id->text) > 0) {
      return Error(iat, absl::StrCat("the OU ", id->text, " again"),
                   "each OU under one parent only");
    }
    builder_->ReportUnread(ou, oat, {"Id"}, {"Arn", "Name"});
    Target t;
    t.kind = Target::Kind::kOu;
    t.id = id->text;
    t.path = absl::StrCat(targets_[parent].path, id->text, "/");
    t.chain = targets_[parent].chain;
    t.chain.push_back(targets_.size());
    t.at = oat;
    by_id_.emplace(t.id, targets_.size());
    ous.push_back(targets_.size());
    targets_.push_back(std::move(t));
  }

  IAMEVAL_ASSIGN_OR_RETURN(
      f, Need(absl::StrCat("list-accounts-for-parent/", pid, ".json"), pat,
              subject,
              absl::StrCat(
                  "aws organizations list-accounts-for-parent --parent-id ",
                  pid),
              why));
  at = At(*f, f->root, "");
  IAMEVAL_ASSIGN_OR_RETURN(list, RequiredArray(f->root, at, "Accounts"));
  builder_->ReportUnread(f->root, at, {"Accounts"}, {});
  lat = Child(at, "Accounts", *list);
  for (size_t i = 0; i < list->items.size(); ++i) {
    const json::Node& account = list->items[i];
    Origin aat = Item(lat, i, account);
    IAMEVAL_RETURN_IF_ERROR(ExpectObject(account, aat, "an account object"));
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* id,
                             RequiredString(account, aat, "Id"));
    Origin iat = Child(aat, "Id", *id);
    if (std::string e = world_rules::AccountIdProblem(id->text); !e.empty()) {
      return Error(iat, JsonQuote(id->text), e);
    }
    if (by_id_.count(id->text) > 0) {
      return Error(iat, absl::StrCat("the account ", id->text, " again"),
                   "each account under one parent only");
    }
    // State replaces the deprecated Status; an export may hold either.
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* state,
                             OptionalString(account, aat, "State"));
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* status,
                             OptionalString(account, aat, "Status"));
    if (state == nullptr && status == nullptr) {
      return Error(aat, "an account without \"State\" or \"Status\"",
                   "the account's \"State\" (or \"Status\") as "
                   "list-accounts-for-parent prints it");
    }
    builder_->ReportUnread(account, aat, {"Id", "State", "Status"},
                           {"Arn", "Email", "Name", "JoinedMethod",
                            "JoinedTimestamp"});
    Target t;
    t.kind = Target::Kind::kAccount;
    t.id = id->text;
    t.path = targets_[parent].path;
    t.chain = targets_[parent].chain;
    t.chain.push_back(targets_.size());
    t.at = aat;
    const json::Node* s = state != nullptr ? state : status;
    t.status = s->text;
    t.status_at = Child(aat, state != nullptr ? "State" : "Status", *s);
    by_id_.emplace(t.id, targets_.size());
    targets_.push_back(std::move(t));
  }

  for (size_t ou : ous) {
    IAMEVAL_RETURN_IF_ERROR(ReadChildren(ou, depth + 1));
  }
  return absl::OkStatus();
}

absl::Status OrgReader::ReadPolicies(size_t type) {
  const PolicyType& pt = kPolicyTypes[type];
  const std::string rel = absl::StrCat("list-policies/", pt.type, ".json");
  if (!enabled_[type]) {
    IAMEVAL_ASSIGN_OR_RETURN(const InputFile* f, Open(rel));
    if (f != nullptr) IAMEVAL_RETURN_IF_ERROR(SkipPolicies(type, *f));
    return absl::OkStatus();
  }
  IAMEVAL_ASSIGN_OR_RETURN(
      const InputFile* f,
      Need(rel, enabled_at_[type],
           absl::StrCat("the policy type ", pt.type, " enabled"),
           absl::StrCat("aws organizations list-policies --filter ", pt.type),
           ": without the policies the type enables, access could be "
           "wider than AWS allows"));
  Origin at = At(*f, f->root, "");
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* list,
                           RequiredArray(f->root, at, "Policies"));
  builder_->ReportUnread(f->root, at, {"Policies"}, {});
  Origin lat = Child(at, "Policies", *list);
  std::set<std::string> seen;
  for (size_t i = 0; i < list->items.size(); ++i) {
    const json::Node& p = list->items[i];
    Origin pat = Item(lat, i, p);
    IAMEVAL_RETURN_IF_ERROR(ExpectObject(p, pat, "a policy summary object"));
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* id,
                             RequiredString(p, pat, "Id"));
    Origin iat = Child(pat, "Id", *id);
    if (!IsPolicyId(id->text)) {
      return Error(iat, JsonQuote(id->text),
                   "a policy id p-<8 to 128 letters, digits or _>");
    }
    if (!seen.insert(id->text).second) {
      return Error(iat, absl::StrCat("the policy ", id->text, " again"),
                   "each policy once");
    }
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* name,
                             RequiredString(p, pat, "Name"));
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* ptype,
                             RequiredString(p, pat, "Type"));
    if (ptype->text != pt.type) {
      return Error(Child(pat, "Type", *ptype), JsonQuote(ptype->text),
                   JsonQuote(pt.type));
    }
    builder_->ReportUnread(p, pat, {"Id", "Name", "Type"},
                           {"Arn", "Description", "AwsManaged"});
    const std::string subject =
        absl::StrCat("the policy ", id->text, " (", name->text, ")");

    // describe-policy: the text.
    IAMEVAL_ASSIGN_OR_RETURN(
        const InputFile* d,
        Need(absl::StrCat("describe-policy/", id->text, ".json"), pat, subject,
             absl::StrCat("aws organizations describe-policy --policy-id ",
                          id->text),
             " for every listed policy: leaving a policy out could widen "
             "access"));
    Origin dat = At(*d, d->root, "");
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* policy,
                             RequiredObject(d->root, dat, "Policy"));
    builder_->ReportUnread(d->root, dat, {"Policy"}, {});
    Origin pdat = Child(dat, "Policy", *policy);
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* summary,
                             RequiredObject(*policy, pdat, "PolicySummary"));
    Origin sat = Child(pdat, "PolicySummary", *summary);
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* sid,
                             RequiredString(*summary, sat, "Id"));
    if (sid->text != id->text) {
      return Error(Child(sat, "Id", *sid), JsonQuote(sid->text),
                   absl::StrCat(JsonQuote(id->text),
                                ", the policy the file is named after"));
    }
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* stype,
                             OptionalString(*summary, sat, "Type"));
    if (stype != nullptr && stype->text != pt.type) {
      return Error(Child(sat, "Type", *stype), JsonQuote(stype->text),
                   JsonQuote(pt.type));
    }
    builder_->ReportUnread(*summary, sat, {"Id", "Type"},
                           {"Arn", "Name", "Description", "AwsManaged"});
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* content,
                             RequiredString(*policy, pdat, "Content"));
    builder_->ReportUnread(*policy, pdat, {"PolicySummary", "Content"}, {});
    Origin cat = Child(pdat, "Content", *content);
    IAMEVAL_ASSIGN_OR_RETURN(json::Node document,
                             PolicyDocument(*content, cat, pt.kind));
    policies_.push_back(OrgPolicy{name->text, std::move(document)});
    IAMEVAL_RETURN_IF_ERROR(
        ReadTargets(type, policies_.size() - 1, id->text, pat));
  }
  return absl::OkStatus();
}

absl::Status OrgReader::ReadTargets(size_t type, size_t policy,
                                    const std::string& id, const Origin& at) {
  IAMEVAL_ASSIGN_OR_RETURN(
      const InputFile* f,
      Need(absl::StrCat("list-targets-for-policy/", id, ".json"), at,
           absl::StrCat("the policy ", id, " (", policies_[policy].name, ")"),
           absl::StrCat("aws organizations list-targets-for-policy "
                        "--policy-id ",
                        id),
           " for every listed policy: without it, where the policy applies "
           "is not known"));
  Origin fat = At(*f, f->root, "");
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* list,
                           RequiredArray(f->root, fat, "Targets"));
  builder_->ReportUnread(f->root, fat, {"Targets"}, {});
  Origin lat = Child(fat, "Targets", *list);
  for (size_t i = 0; i < list->items.size(); ++i) {
    const json::Node& t = list->items[i];
    Origin tat = Item(lat, i, t);
    IAMEVAL_RETURN_IF_ERROR(ExpectObject(t, tat, "a target object"));
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* tid,
                             RequiredString(t, tat, "TargetId"));
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* ttype,
                             RequiredString(t, tat, "Type"));
    builder_->ReportUnread(t, tat, {"TargetId", "Type"}, {"Arn", "Name"});
    auto it = by_id_.find(tid->text);
    if (it == by_id_.end()) {
      builder_->Skip(tat,
                     absl::StrCat("attachment of ", policies_[policy].name,
                                  " to ", tid->text),
                     "not imported: the target is not in the organization "
                     "tree the export lists");
      continue;
    }
    Target& target = targets_[it->second];
    if (ttype->text != TargetTypeName(target.kind)) {
      return Error(Child(tat, "Type", *ttype), JsonQuote(ttype->text),
                   absl::StrCat(JsonQuote(TargetTypeName(target.kind)),
                                ", as the export's tree lists ", tid->text));
    }
    std::vector<size_t>& attached = target.attached[type];
    if (attached.empty() || attached.back() != policy) {
      attached.push_back(policy);
    }
  }
  return absl::OkStatus();
}

absl::Status OrgReader::SkipPolicies(size_t type, const InputFile& list) {
  Origin at = At(list, list.root, "");
  builder_->Skip(at, absl::StrCat("policies of type ", kPolicyTypes[type].type),
                 "not imported: the root does not have this policy type "
                 "enabled, so none of them applies");
  const json::Node* policies = list.root.Find("Policies");
  if (policies == nullptr || !policies->is_array()) return absl::OkStatus();
  for (const json::Node& p : policies->items) {
    const json::Node* id = p.is_object() ? p.Find("Id") : nullptr;
    if (id == nullptr || !id->is_string() || !IsPolicyId(id->text)) continue;
    read_.insert(absl::StrCat("describe-policy/", id->text, ".json"));
    read_.insert(absl::StrCat("list-targets-for-policy/", id->text, ".json"));
  }
  return absl::OkStatus();
}

absl::Status OrgReader::WriteAccounts() {
  bool management_found = false;
  for (const Target& t : targets_) {
    if (t.kind != Target::Kind::kAccount) continue;
    if (t.id == management_) management_found = true;
    if (t.status != "ACTIVE") {
      builder_->Skip(t.status_at,
                     absl::StrCat("account ", t.id),
                     absl::StrCat("not imported: its state is ", t.status,
                                  "; only ACTIVE accounts are"));
      continue;
    }
    json::Node* account = builder_->Account(t.id);
    json::Set(account, "org_id", json::String(org_id_));
    if (t.id == management_) {
      json::Set(account, "management", json::Bool(true));
    }
    json::Node* paths = json::Set(account, "org_paths", json::Array());
    json::Append(paths, json::String(t.path));
    for (size_t k = 0; k < kTypeCount; ++k) {
      if (!enabled_[k]) continue;
      json::Node* levels =
          json::Set(account, std::string(kPolicyTypes[k].field), json::Array());
      for (size_t c : t.chain) {
        const Target& level_target = targets_[c];
        if (kPolicyTypes[k].kind == PolicyKind::kScp) {
          if (std::string e =
                  world_rules::ScpLevelProblem(level_target.attached[k].size());
              !e.empty()) {
            return Error(level_target.at,
                         absl::StrCat(KindName(level_target.kind), " ",
                                      level_target.id,
                                      " with no service control policy "
                                      "attached"),
                         "at least one service control policy attached to "
                         "every root, OU and account, as AWS requires "
                         "(FullAWSAccess is attached by default)");
          }
        }
        json::Node* level = json::Append(levels, json::Array());
        for (size_t p : level_target.attached[k]) {
          json::Node entry = json::Object();
          json::Set(&entry, "name", json::String(policies_[p].name));
          json::Set(&entry, "document", json::Clone(policies_[p].document));
          json::Append(level, std::move(entry));
        }
      }
    }
    builder_->Imported(t.at, absl::StrCat("account ", t.id, " of ", org_id_));
  }
  if (!management_found) {
    return Error(management_at_,
                 absl::StrCat("the management account ", management_,
                              ", which the export's tree does not list"),
                 "the management account among the accounts of "
                 "list-accounts-for-parent");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ImportOrganization(const std::string& dir,
                                const std::string& name_prefix,
                                Builder* builder) {
  IAMEVAL_ASSIGN_OR_RETURN(std::vector<ExportFile> files,
                           ListFiles(dir, name_prefix));
  OrgReader reader(name_prefix, builder);
  return reader.Run(files);
}

}  // namespace import_internal
}  // namespace iameval
