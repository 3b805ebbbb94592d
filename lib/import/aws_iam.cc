// iameval: offline AWS IAM policy evaluation.
//
// The IAM part of an account folder (docs/import.md, "AWS export"):
// iam/get-account-authorization-details.json gives the roles, users, groups
// and managed policies; iam/list-roles.json adds each role's
// MaxSessionDuration, which only ListRoles returns. Output shapes: AWS CLI
// Command Reference, iam get-account-authorization-details and list-roles.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "aws/iam.h"
#include "base/status_macros.h"
#include "import/aws_account_internal.h"
#include "json/writer.h"

namespace iameval {
namespace import_internal {
namespace {

// A managed policy that a role, user or group attaches (or uses as its
// permissions boundary): checked against the export's Policies and
// --managed-policies once the whole file is read.
struct Attachment {
  std::string arn;
  Origin at;
  std::string who;  // "role arn:aws:iam::111122223333:role/app"
};

// MaxSessionDuration from list-roles.json.
struct ListedRole {
  std::string max_session_duration;  // the JSON number as written
  Origin at;                         // the role in list-roles.json
  bool matched = false;              // found in the authorization details
};

class IamReader {
 public:
  IamReader(const InputFile& in, const std::string& account_id,
            Builder* builder)
      : in_(in), account_id_(account_id), builder_(builder) {}

  // [{"PolicyName", "PolicyDocument"}] -> {"name", "document"} appended to
  // `policies`.
  absl::Status InlinePolicies(const json::Node& owner, const Origin& at,
                              absl::string_view key, json::Node* policies) {
    IAMEVAL_ASSIGN_OR_RETURN(
        const json::Node* list,
        OptionalMember(owner, at, key, json::Type::kArray,
                       "a list of {\"PolicyName\", \"PolicyDocument\"}"));
    if (list == nullptr) return absl::OkStatus();
    Origin lat = Member(at, key, *list);
    for (size_t i = 0; i < list->items.size(); ++i) {
      const json::Node& p = list->items[i];
      Origin pat = Element(lat, i, p);
      IAMEVAL_RETURN_IF_ERROR(ExpectObject(
          p, pat, "an inline policy {\"PolicyName\", \"PolicyDocument\"}"));
      IAMEVAL_ASSIGN_OR_RETURN(const json::Node* name,
                               RequiredString(p, pat, "PolicyName"));
      const json::Node* doc = p.Find("PolicyDocument");
      if (doc == nullptr) {
        return Error(pat, "an inline policy without \"PolicyDocument\"",
                     "its policy document in \"PolicyDocument\"");
      }
      const json::Node& raw = *doc;
      IAMEVAL_ASSIGN_OR_RETURN(
          json::Node document,
          PolicyDocument(raw, Member(pat, "PolicyDocument", raw),
                         PolicyKind::kIdentity));
      json::Node policy = json::Object();
      json::Set(&policy, "name", json::String(name->text));
      json::Set(&policy, "document", std::move(document));
      json::Append(policies, std::move(policy));
      builder_->ReportUnread(p, pat, {"PolicyName", "PolicyDocument"}, {});
    }
    return absl::OkStatus();
  }

  // A managed policy ARN (`node` at `at`) that `who` attaches: an IAM
  // policy ARN of this account or an AWS managed one.
  absl::StatusOr<std::string> PolicyArn(const json::Node& node,
                                        const Origin& at,
                                        const std::string& who) {
    aws::iam::ManagedPolicyArnView arn;
    if (!aws::iam::ParseManagedPolicyArn(node.text, &arn).ok()) {
      return Error(at, Quote(node.text), aws::iam::kManagedPolicyArnShape);
    }
    if (!arn.aws_managed && arn.account != account_id_) {
      return Error(at,
                   absl::StrCat(Quote(node.text), ", a policy of account \"",
                                arn.account, "\""),
                   absl::StrCat("an AWS managed policy or a policy of account ",
                                account_id_, " (IAM attaches no other)"));
    }
    attachments_.push_back(Attachment{node.text, at, who});
    return node.text;
  }

  // [{"PolicyName", "PolicyArn"}] -> "arn:..." references appended to
  // `policies`.
  absl::Status AttachedPolicies(const json::Node& owner, const Origin& at,
                                const std::string& who, json::Node* policies) {
    IAMEVAL_ASSIGN_OR_RETURN(
        const json::Node* list,
        OptionalMember(owner, at, "AttachedManagedPolicies", json::Type::kArray,
                       "a list of {\"PolicyName\", \"PolicyArn\"}"));
    if (list == nullptr) return absl::OkStatus();
    Origin lat = Member(at, "AttachedManagedPolicies", *list);
    for (size_t i = 0; i < list->items.size(); ++i) {
      const json::Node& p = list->items[i];
      Origin pat = Element(lat, i, p);
      IAMEVAL_RETURN_IF_ERROR(ExpectObject(
          p, pat, "an attached policy {\"PolicyName\", \"PolicyArn\"}"));
      IAMEVAL_ASSIGN_OR_RETURN(const json::Node* arn,
                               RequiredString(p, pat, "PolicyArn"));
      IAMEVAL_ASSIGN_OR_RETURN(
          std::string ref,
          PolicyArn(*arn, Member(pat, "PolicyArn", *arn), who));
      json::Append(policies, json::String(ref));
      // The name is the policy's own, from the policy (Policies[]).
      builder_->ReportUnread(p, pat, {"PolicyArn"}, {"PolicyName"});
    }
    return absl::OkStatus();
  }

  // {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn"} ->
  // "permissions_boundary": "arn:...".
  absl::Status Boundary(const json::Node& owner, const Origin& at,
                        const std::string& who, json::Node* out) {
    IAMEVAL_ASSIGN_OR_RETURN(
        const json::Node* b,
        OptionalMember(owner, at, "PermissionsBoundary", json::Type::kObject,
                       "an object {\"PermissionsBoundaryType\", "
                       "\"PermissionsBoundaryArn\"}"));
    if (b == nullptr) return absl::OkStatus();
    Origin bat = Member(at, "PermissionsBoundary", *b);
    IAMEVAL_ASSIGN_OR_RETURN(
        const json::Node* type,
        OptionalString(*b, bat, "PermissionsBoundaryType"));
    if (type != nullptr && type->text != "Policy") {
      return Error(Member(bat, "PermissionsBoundaryType", *type),
                   Quote(type->text), "\"Policy\"");
    }
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* arn,
                             RequiredString(*b, bat, "PermissionsBoundaryArn"));
    IAMEVAL_ASSIGN_OR_RETURN(
        std::string ref,
        PolicyArn(*arn, Member(bat, "PermissionsBoundaryArn", *arn),
                  absl::StrCat(who, " (permissions boundary)")));
    json::Set(out, "permissions_boundary", json::String(ref));
    builder_->ReportUnread(
        *b, bat, {"PermissionsBoundaryType", "PermissionsBoundaryArn"}, {});
    return absl::OkStatus();
  }

  // "Tags": [{"Key", "Value"}] -> "tags" (when not empty).
  absl::Status Tags(const json::Node& owner, const Origin& at,
                    json::Node* out) {
    const json::Node* t = owner.Find("Tags");
    if (t == nullptr) return absl::OkStatus();
    IAMEVAL_ASSIGN_OR_RETURN(json::Node tags,
                             TagList(*t, Member(at, "Tags", *t)));
    if (!tags.members.empty()) json::Set(out, "tags", std::move(tags));
    return absl::OkStatus();
  }

  // The "Arn" of a role, user or group (`prefix` "role/", ...).
  absl::StatusOr<const json::Node*> PrincipalArn(const json::Node& node,
                                                 const Origin& at,
                                                 absl::string_view prefix,
                                                 absl::string_view what) {
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* arn,
                             RequiredString(node, at, "Arn"));
    Origin aat = Member(at, "Arn", *arn);
    IAMEVAL_ASSIGN_OR_RETURN(
        Arn parsed, AccountArn(*arn, aat, "iam", account_id_, "", what));
    if (!absl::StartsWith(parsed.resource, prefix)) {
      return Error(aat, Quote(arn->text), what);
    }
    return arn;
  }

  // An optional string member copied to the world as `to` ("role_id").
  absl::Status CopyString(const json::Node& node, const Origin& at,
                          absl::string_view key, std::string to,
                          json::Node* out) {
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* s,
                             OptionalString(node, at, key));
    if (s != nullptr) json::Set(out, std::move(to), json::String(s->text));
    return absl::OkStatus();
  }

  // A list member of the top-level object, absent = empty.
  absl::StatusOr<const json::Node*> List(absl::string_view key) {
    return OptionalMember(in_.root, Root(), key, json::Type::kArray, "a list");
  }

  Origin Root() const { return At(in_, in_.root, ""); }

  std::vector<Attachment>& attachments() { return attachments_; }

 private:
  const InputFile& in_;
  const std::string& account_id_;
  Builder* builder_;
  std::vector<Attachment> attachments_;
};

// Reads list-roles.json: MaxSessionDuration by role ARN.
absl::Status ReadListRoles(const InputFile& in, const std::string& account_id,
                           std::map<std::string, ListedRole>* out) {
  Origin at = At(in, in.root, "");
  IAMEVAL_RETURN_IF_ERROR(ExpectObject(
      in.root, at, "the output of aws iam list-roles: {\"Roles\": [...]}"));
  IAMEVAL_ASSIGN_OR_RETURN(
      const json::Node* roles,
      RequiredMember(in.root, at, "Roles", json::Type::kArray,
                     "a list of roles"));
  Origin lat = Member(at, "Roles", *roles);
  for (size_t i = 0; i < roles->items.size(); ++i) {
    const json::Node& r = roles->items[i];
    Origin rat = Element(lat, i, r);
    IAMEVAL_RETURN_IF_ERROR(ExpectObject(r, rat, "a role object"));
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* arn,
                             RequiredString(r, rat, "Arn"));
    IAMEVAL_RETURN_IF_ERROR(AccountArn(*arn, Member(rat, "Arn", *arn), "iam",
                                       account_id, "", "an IAM role ARN")
                                .status());
    IAMEVAL_ASSIGN_OR_RETURN(
        const json::Node* max,
        OptionalMember(r, rat, "MaxSessionDuration", json::Type::kNumber,
                       "a number of seconds"));
    ListedRole listed;
    listed.at = rat;
    if (max != nullptr) {
      int64_t seconds = 0;
      if (!absl::SimpleAtoi(max->text, &seconds)) {
        return Error(Member(rat, "MaxSessionDuration", *max),
                     absl::StrCat("the number ", max->text),
                     "a whole number of seconds");
      }
      listed.max_session_duration = max->text;
    }
    if (!out->emplace(arn->text, std::move(listed)).second) {
      return Error(Member(rat, "Arn", *arn),
                   absl::StrCat("the role ", arn->text, " again"),
                   "each role once");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ImportIam(const ExportFile* details, const ExportFile* list_roles,
                       const std::string& account_id,
                       const ImportOptions& options, Builder* builder) {
  IAMEVAL_ASSIGN_OR_RETURN(InputFile in,
                           ReadJsonFile(details->path, details->name));
  std::optional<InputFile> roles_in;
  std::map<std::string, ListedRole> listed;
  if (list_roles != nullptr) {
    IAMEVAL_ASSIGN_OR_RETURN(roles_in,
                             ReadJsonFile(list_roles->path, list_roles->name));
    IAMEVAL_RETURN_IF_ERROR(ReadListRoles(*roles_in, account_id, &listed));
  }
  IamReader r(in, account_id, builder);
  const Origin root = r.Root();
  IAMEVAL_RETURN_IF_ERROR(
      ExpectObject(in.root, root,
                   "the output of aws iam get-account-authorization-details"));
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* truncated,
                           OptionalMember(in.root, root, "IsTruncated",
                                          json::Type::kBool, "a boolean"));
  if (truncated != nullptr && truncated->boolean) {
    return Error(Member(root, "IsTruncated", *truncated), "true",
                 "the whole output (let the AWS CLI paginate: do not pass "
                 "--max-items or --no-paginate)");
  }
  builder->ReportUnread(in.root, root,
                        {"UserDetailList", "GroupDetailList", "RoleDetailList",
                         "Policies", "IsTruncated"},
                        {"Marker"});
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* users, r.List("UserDetailList"));
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* groups, r.List("GroupDetailList"));
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* roles, r.List("RoleDetailList"));
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* policies, r.List("Policies"));

  // Group names -> ARNs, for the users' GroupList.
  std::map<std::string, std::string> group_arns;
  if (groups != nullptr) {
    Origin lat = Member(root, "GroupDetailList", *groups);
    for (size_t i = 0; i < groups->items.size(); ++i) {
      const json::Node& g = groups->items[i];
      Origin gat = Element(lat, i, g);
      IAMEVAL_RETURN_IF_ERROR(ExpectObject(g, gat, "a group object"));
      IAMEVAL_ASSIGN_OR_RETURN(
          const json::Node* arn,
          r.PrincipalArn(g, gat, "group/", "an IAM group ARN"));
      group_arns[arn->text.substr(arn->text.rfind('/') + 1)] = arn->text;
    }
  }

  if (users != nullptr) {
    Origin lat = Member(root, "UserDetailList", *users);
    for (size_t i = 0; i < users->items.size(); ++i) {
      const json::Node& u = users->items[i];
      Origin uat = Element(lat, i, u);
      IAMEVAL_RETURN_IF_ERROR(ExpectObject(u, uat, "a user object"));
      IAMEVAL_ASSIGN_OR_RETURN(
          const json::Node* arn,
          r.PrincipalArn(u, uat, "user/", "an IAM user ARN"));
      const std::string who = absl::StrCat("user ", arn->text);
      json::Node user = json::Object();
      json::Set(&user, "arn", json::String(arn->text));
      IAMEVAL_RETURN_IF_ERROR(r.CopyString(u, uat, "UserId", "user_id", &user));
      json::Node list = json::Array();
      IAMEVAL_RETURN_IF_ERROR(
          r.InlinePolicies(u, uat, "UserPolicyList", &list));
      IAMEVAL_RETURN_IF_ERROR(r.AttachedPolicies(u, uat, who, &list));
      if (!list.items.empty()) json::Set(&user, "policies", std::move(list));
      IAMEVAL_ASSIGN_OR_RETURN(
          const json::Node* gl,
          OptionalMember(u, uat, "GroupList", json::Type::kArray,
                         "a list of group names"));
      if (gl != nullptr && !gl->items.empty()) {
        Origin glat = Member(uat, "GroupList", *gl);
        json::Node member_of = json::Array();
        for (size_t j = 0; j < gl->items.size(); ++j) {
          const json::Node& name = gl->items[j];
          Origin nat = Element(glat, j, name);
          if (!name.is_string()) {
            return Error(nat, json::Describe(name), "a group name");
          }
          auto it = group_arns.find(name.text);
          if (it == group_arns.end()) {
            return Error(nat,
                         absl::StrCat("the group ", Quote(name.text),
                                      ", which GroupDetailList does not "
                                      "hold"),
                         "the name of a group of this export's "
                         "GroupDetailList");
          }
          json::Append(&member_of, json::String(it->second));
        }
        json::Set(&user, "groups", std::move(member_of));
      }
      IAMEVAL_RETURN_IF_ERROR(r.Boundary(u, uat, who, &user));
      IAMEVAL_RETURN_IF_ERROR(r.Tags(u, uat, &user));
      builder->Add("users", std::move(user), "user", arn->text, uat);
      builder->ReportUnread(
          u, uat,
          {"Arn", "UserId", "UserPolicyList", "AttachedManagedPolicies",
           "GroupList", "PermissionsBoundary", "Tags"},
          {"Path", "UserName", "CreateDate"});
    }
  }

  if (groups != nullptr) {
    Origin lat = Member(root, "GroupDetailList", *groups);
    for (size_t i = 0; i < groups->items.size(); ++i) {
      const json::Node& g = groups->items[i];
      Origin gat = Element(lat, i, g);
      const json::Node& arn = *g.Find("Arn");  // checked above
      const std::string who = absl::StrCat("group ", arn.text);
      json::Node group = json::Object();
      json::Set(&group, "arn", json::String(arn.text));
      json::Node list = json::Array();
      IAMEVAL_RETURN_IF_ERROR(
          r.InlinePolicies(g, gat, "GroupPolicyList", &list));
      IAMEVAL_RETURN_IF_ERROR(r.AttachedPolicies(g, gat, who, &list));
      if (!list.items.empty()) json::Set(&group, "policies", std::move(list));
      builder->Add("groups", std::move(group), "group", arn.text, gat);
      builder->ReportUnread(
          g, gat, {"Arn", "GroupPolicyList", "AttachedManagedPolicies"},
          {"Path", "GroupName", "GroupId", "CreateDate"});
    }
  }

  if (roles != nullptr) {
    Origin lat = Member(root, "RoleDetailList", *roles);
    for (size_t i = 0; i < roles->items.size(); ++i) {
      const json::Node& ro = roles->items[i];
      Origin rat = Element(lat, i, ro);
      IAMEVAL_RETURN_IF_ERROR(ExpectObject(ro, rat, "a role object"));
      IAMEVAL_ASSIGN_OR_RETURN(
          const json::Node* arn,
          r.PrincipalArn(ro, rat, "role/", "an IAM role ARN"));
      const std::string who = absl::StrCat("role ", arn->text);
      json::Node role = json::Object();
      json::Set(&role, "arn", json::String(arn->text));
      IAMEVAL_RETURN_IF_ERROR(
          r.CopyString(ro, rat, "RoleId", "role_id", &role));
      if (const json::Node* t = ro.Find("AssumeRolePolicyDocument")) {
        IAMEVAL_ASSIGN_OR_RETURN(
            json::Node doc,
            PolicyDocument(*t, Member(rat, "AssumeRolePolicyDocument", *t),
                           PolicyKind::kTrust));
        json::Set(&role, "trust_policy", std::move(doc));
      }
      json::Node list = json::Array();
      IAMEVAL_RETURN_IF_ERROR(
          r.InlinePolicies(ro, rat, "RolePolicyList", &list));
      IAMEVAL_RETURN_IF_ERROR(r.AttachedPolicies(ro, rat, who, &list));
      if (!list.items.empty()) json::Set(&role, "policies", std::move(list));
      IAMEVAL_RETURN_IF_ERROR(r.Boundary(ro, rat, who, &role));
      IAMEVAL_RETURN_IF_ERROR(r.Tags(ro, rat, &role));
      auto it = listed.find(arn->text);
      if (it != listed.end()) {
        it->second.matched = true;
        if (!it->second.max_session_duration.empty()) {
          json::Set(&role, "max_session_duration",
                    json::Number(it->second.max_session_duration));
        }
      }
      builder->Add("roles", std::move(role), "role", arn->text, rat);
      if (it == listed.end()) {
        builder->Unknown(
            rat, absl::StrCat("MaxSessionDuration of ", who),
            list_roles == nullptr
                ? "iam/list-roles.json is missing; the world's default of "
                  "3600 seconds applies"
                : "not in iam/list-roles.json; the world's default of 3600 "
                  "seconds applies");
      }
      builder->ReportUnread(
          ro, rat,
          {"Arn", "RoleId", "AssumeRolePolicyDocument", "RolePolicyList",
           "AttachedManagedPolicies", "PermissionsBoundary", "Tags"},
          {"Path", "RoleName", "CreateDate", "RoleLastUsed", "Description"});
    }
  }

  // Managed policies: the default version of each.
  std::map<std::string, bool> exported;
  if (policies != nullptr) {
    Origin lat = Member(root, "Policies", *policies);
    for (size_t i = 0; i < policies->items.size(); ++i) {
      const json::Node& p = policies->items[i];
      Origin pat = Element(lat, i, p);
      IAMEVAL_RETURN_IF_ERROR(ExpectObject(p, pat, "a managed policy object"));
      IAMEVAL_ASSIGN_OR_RETURN(const json::Node* name,
                               RequiredString(p, pat, "PolicyName"));
      IAMEVAL_ASSIGN_OR_RETURN(const json::Node* arn,
                               RequiredString(p, pat, "Arn"));
      IAMEVAL_ASSIGN_OR_RETURN(
          std::string policy_arn,
          r.PolicyArn(*arn, Member(pat, "Arn", *arn), "the export"));
      r.attachments().pop_back();  // a definition, not an attachment
      IAMEVAL_ASSIGN_OR_RETURN(const json::Node* default_id,
                               RequiredString(p, pat, "DefaultVersionId"));
      IAMEVAL_ASSIGN_OR_RETURN(
          const json::Node* versions,
          RequiredMember(p, pat, "PolicyVersionList", json::Type::kArray,
                         "a list of policy versions"));
      Origin vlat = Member(pat, "PolicyVersionList", *versions);
      const json::Node* document = nullptr;
      Origin document_at;
      for (size_t j = 0; j < versions->items.size(); ++j) {
        const json::Node& v = versions->items[j];
        Origin vat = Element(vlat, j, v);
        IAMEVAL_RETURN_IF_ERROR(
            ExpectObject(v, vat,
                         "a policy version {\"Document\", \"VersionId\", "
                         "\"IsDefaultVersion\"}"));
        IAMEVAL_ASSIGN_OR_RETURN(const json::Node* id,
                                 RequiredString(v, vat, "VersionId"));
        IAMEVAL_ASSIGN_OR_RETURN(
            const json::Node* is_default,
            RequiredMember(v, vat, "IsDefaultVersion", json::Type::kBool,
                           "true or false"));
        const bool id_is_default = id->text == default_id->text;
        if (is_default->boolean != id_is_default) {
          return Error(Member(vat, "IsDefaultVersion", *is_default),
                       absl::StrCat(is_default->boolean ? "true" : "false",
                                    " for version ", Quote(id->text)),
                       absl::StrCat("agreement with DefaultVersionId ",
                                    Quote(default_id->text)));
        }
        if (!is_default->boolean) {
          builder->Skip(vat,
                        absl::StrCat("version ", id->text, " of ", policy_arn),
                        "not the default version");
          continue;
        }
        const json::Node* doc = v.Find("Document");
        if (doc == nullptr) {
          return Error(vat, "a default version without \"Document\"",
                       "the policy document in \"Document\"");
        }
        document = doc;
        document_at = Member(vat, "Document", *doc);
        builder->ReportUnread(v, vat,
                              {"Document", "VersionId", "IsDefaultVersion"},
                              {"CreateDate"});
      }
      if (document == nullptr) {
        return Error(Member(pat, "PolicyVersionList", *versions),
                     absl::StrCat("no version ", Quote(default_id->text)),
                     "the default version (DefaultVersionId) in the list");
      }
      IAMEVAL_ASSIGN_OR_RETURN(
          json::Node doc,
          PolicyDocument(*document, document_at, PolicyKind::kIdentity));
      json::Node policy = json::Object();
      json::Set(&policy, "name", json::String(name->text));
      json::Set(&policy, "document", std::move(doc));
      exported[policy_arn] = true;
      builder->AddManagedPolicy(policy_arn, std::move(policy), pat);
      builder->ReportUnread(
          p, pat,
          {"PolicyName", "Arn", "DefaultVersionId", "PolicyVersionList"},
          {"PolicyId", "Path", "AttachmentCount",
           "PermissionsBoundaryUsageCount", "IsAttachable", "CreateDate",
           "UpdateDate", "Description"});
    }
  }

  // list-roles entries that the authorization details do not hold.
  for (const auto& [arn, l] : listed) {
    if (!l.matched) {
      builder->Skip(l.at, absl::StrCat("role ", arn),
                    "only in list-roles.json, not in "
                    "get-account-authorization-details.json: its policies "
                    "are unknown");
    }
  }
  if (roles_in.has_value()) {
    const json::Node& list = *roles_in->root.Find("Roles");
    Origin lat = Member(At(*roles_in, roles_in->root, ""), "Roles", list);
    builder->ReportUnread(roles_in->root, At(*roles_in, roles_in->root, ""),
                          {"Roles"}, {});
    for (size_t i = 0; i < list.items.size(); ++i) {
      // Everything but MaxSessionDuration is read from the authorization
      // details, which hold the same and more.
      builder->ReportUnread(list.items[i], Element(lat, i, list.items[i]),
                            {"Arn", "MaxSessionDuration"},
                            {"Path", "RoleName", "RoleId", "CreateDate",
                             "AssumeRolePolicyDocument", "Description",
                             "PermissionsBoundary", "Tags", "RoleLastUsed"});
    }
  }

  // Every attached policy must be known: from this export, from an earlier
  // account folder (AWS managed ones), or from --managed-policies.
  std::optional<ManagedPolicySource> source;
  if (!options.managed_policies_dir.empty()) {
    source.emplace(options.managed_policies_dir);
  }
  for (const Attachment& a : r.attachments()) {
    if (exported.count(a.arn) > 0) continue;
    IAMEVAL_RETURN_IF_ERROR(RequireManagedPolicy(
        a.arn, a.at, a.who, "the export's Policies",
        source.has_value() ? &*source : nullptr, builder));
  }
  return absl::OkStatus();
}

}  // namespace import_internal
}  // namespace iameval
