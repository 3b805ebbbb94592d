// iameval: offline AWS IAM policy evaluation.
//
// ImportTerraform: the output of `terraform show -json` of a saved plan or
// of state (docs/import.md#terraform). The JSON format is Terraform's "JSON
// Output Format" (developer.hashicorp.com/terraform/internals/json-format):
//
//   plan:  resource_changes[] {address, module_address, mode, type, name,
//            change {actions, after, after_unknown}}, configuration
//            {provider_config, root_module {resources[] {address,
//            expressions}, module_calls {<name> {module}}}}
//   state: values.root_module {resources[] {address, mode, type, name,
//            values}, child_modules[] {address, resources, child_modules}}
//
// Three passes: collect the resources (with their configuration
// expressions), build the values only known after apply (ARNs from the
// account, region and name; placeholder ids), then read each resource into
// the world objects it defines or changes. The world objects are added to
// the builder at the end, once every attachment has reached them.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "arn/arn.h"
#include "base/status_macros.h"
#include "iameval/import.h"
#include "import/builder.h"
#include "import/managed_policies.h"
#include "json/writer.h"

namespace iameval {
namespace import_internal {
namespace {

// One resource instance of the plan or state.
struct Resource {
  std::string address;  // "module.net.aws_iam_role.app[0]"
  std::string module;   // "module.net" ("" for the root module)
  std::string local;    // the address inside its module: "aws_iam_role.app[0]"
  std::string mode;     // "managed" or "data"
  std::string type;
  std::string name;
  Origin at;                            // the resource element
  const json::Node* values = nullptr;   // change.after / values (may be null)
  Origin values_at;
  const json::Node* unknown = nullptr;  // change.after_unknown (plans)
  Origin unknown_at;
  const json::Node* expressions = nullptr;  // its configuration expressions
  std::string provider_key;
  std::string account;
  std::string region;
  std::string region_from;  // how the region was found, for notes
  // Values only known after apply, built here: attribute -> value. Reported
  // as unknown notes when the resource is read.
  std::map<std::string, std::string> built;
  std::vector<std::string> built_order;
};

// FNV-1a, 64 bits: a deterministic placeholder from a resource address.
uint64_t Hash(absl::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

// "aws_iam_role.app[0]" -> "aws_iam_role.app": configuration addresses
// name resources, not their count / for_each instances.
std::string StripIndex(absl::string_view local) {
  if (!local.empty() && local.back() == ']') {
    size_t open = local.rfind('[');
    if (open != absl::string_view::npos) return std::string(local.substr(0, open));
  }
  return std::string(local);
}

// "module.a[0].module.b" -> {"a", "b"}.
std::vector<std::string> ModuleNames(absl::string_view module) {
  std::vector<std::string> names;
  while (absl::ConsumePrefix(&module, "module.")) {
    size_t end = 0;
    while (end < module.size() && module[end] != '.' && module[end] != '[') {
      ++end;
    }
    names.emplace_back(module.substr(0, end));
    module.remove_prefix(end);
    if (!module.empty() && module[0] == '[') {
      // Skip the instance key, which may hold dots inside quotes.
      bool quoted = false;
      size_t i = 1;
      for (; i < module.size(); ++i) {
        if (module[i] == '"') quoted = !quoted;
        if (!quoted && module[i] == ']') break;
      }
      module.remove_prefix(std::min(i + 1, module.size()));
    }
    absl::ConsumePrefix(&module, ".");
  }
  return names;
}

// Whether an after_unknown value marks anything unknown: true itself, or a
// collection holding true at any depth.
bool AnyTrue(const json::Node& n) {
  if (n.type == json::Type::kBool) return n.boolean;
  for (const json::Node& item : n.items) {
    if (AnyTrue(item)) return true;
  }
  for (const json::Member& m : n.members) {
    if (AnyTrue(m.value)) return true;
  }
  return false;
}

// The array member `key` of `object`, created empty when absent.
json::Node* ListMember(json::Node* object, absl::string_view key) {
  for (json::Member& m : object->members) {
    if (m.key == key) return &m.value;
  }
  return json::Set(object, std::string(key), json::Array());
}

// The order resources are read in (see TerraformReader::Read).
int Phase(const Resource& r) {
  if (r.mode != "managed") return 2;
  const std::string& t = r.type;
  if (t == "aws_iam_policy" || t == "aws_organizations_policy") return 0;
  if (t == "aws_iam_role" || t == "aws_iam_user" || t == "aws_iam_group" ||
      t == "aws_secretsmanager_secret" || t == "aws_kms_key") {
    return 1;
  }
  return 2;
}

class TerraformReader {
 public:
  TerraformReader(const InputFile& file, const ImportOptions& options,
                  Builder* builder)
      : file_(file), options_(options), builder_(builder) {
    if (!options.managed_policies_dir.empty()) {
      managed_source_.emplace(options.managed_policies_dir);
    }
  }

  absl::Status Read();

 private:
  // The managed policy `arn` that `who` attaches at `at` must be defined in
  // the plan or come from --managed-policies (AWS managed ones); otherwise
  // the import fails (import/managed_policies.h).
  absl::Status RequireManaged(const std::string& arn, const Origin& at,
                              absl::string_view who) {
    return RequireManagedPolicy(
        arn, at, who, "this plan",
        managed_source_.has_value() ? &*managed_source_ : nullptr, builder_);
  }

  // An entity of the world under construction (a role, user, ...), added
  // to the builder at the end in input order.
  struct Entity {
    std::string section;  // "roles", ...
    std::string what;     // "role", ...
    std::string arn;
    std::string name;     // IAM name, KMS key id
    Origin at;
    json::Node object;
    std::vector<std::string> aliases;  // keys
  };

  Origin Member(const Origin& at, const json::Node& node,
                absl::string_view key) const {
    const json::Node* n = node.Find(key);
    return Origin{&file_, json::PointerAppend(at.pointer, key),
                  n != nullptr ? n->offset : at.offset};
  }

  // Collection (pass 1).
  absl::Status CollectPlan(const json::Node& changes);
  absl::Status CollectState(const json::Node& module, const Origin& at);
  absl::Status AddResource(const json::Node& node, const Origin& at,
                           Resource res);
  const json::Node* ConfigModule(const std::string& module) const;
  void FindExpressions(Resource* res) const;
  void SetRegion(Resource* res) const;

  // Attribute access.
  const json::Node* Known(const Resource& r, absl::string_view attr) const;
  bool IsUnknown(const Resource& r, absl::string_view attr) const;
  std::optional<std::string> KnownString(const Resource& r,
                                         absl::string_view attr) const;
  // The value of `attr` of `r`: known, built, or through the configuration
  // reference to another resource's attribute. `how` gets how it was found
  // when it was not simply known.
  std::optional<std::string> Value(const Resource& r, absl::string_view attr,
                                   std::string* how) const;
  std::optional<std::string> TargetValue(const Resource& r,
                                         absl::string_view attr) const;
  // The value a configuration reference ("aws_iam_policy.reader.arn")
  // names, in `r`'s module; nullopt when it names no resource of the input
  // or a value that is not known or built.
  std::optional<std::string> Resolve(const Resource& r,
                                     absl::string_view ref) const;
  // Every value the configuration expression of list attribute `attr`
  // references; nullopt unless each one resolves.
  std::optional<std::vector<std::string>> ResolveList(
      const Resource& r, absl::string_view attr) const;
  // Value(), with an unknown note naming what it was built from, or one
  // saying it stays unknown (then nullopt) and what is skipped.
  std::optional<std::string> Require(const Resource& r, absl::string_view attr,
                                     absl::string_view skipped);
  std::string References(const Resource& r, absl::string_view attr) const;

  // Builds (pass 2).
  void Build(Resource* r);
  void SetBuilt(Resource* r, const std::string& attr, std::string value,
                std::string from);

  // Reading (pass 3).
  absl::Status ReadResource(Resource& r);
  absl::StatusOr<std::optional<json::Node>> Policy(const Resource& r,
                                                   absl::string_view attr,
                                                   PolicyKind kind);
  std::optional<json::Node> Tags(const Resource& r);
  void Unread(const Resource& r, std::initializer_list<absl::string_view> read,
              std::initializer_list<absl::string_view> ignored);
  void ReportBuilt(const Resource& r);

  absl::Status ReadPrincipal(Resource& r, const std::string& kind);
  absl::Status ReadInlinePolicy(Resource& r, const std::string& kind);
  absl::Status ReadAttachment(Resource& r, const std::string& kind);
  absl::Status ReadManagedPolicy(Resource& r);
  absl::Status ReadGroupMembership(Resource& r);
  absl::Status ReadUserGroupMembership(Resource& r);
  absl::Status ReadSecret(Resource& r);
  absl::Status ReadSecretPolicy(Resource& r);
  absl::Status ReadKey(Resource& r);
  absl::Status ReadAlias(Resource& r);
  absl::Status ReadQueuePolicy(Resource& r);
  absl::Status ReadBucketPolicy(Resource& r);
  absl::Status ReadOrgPolicy(Resource& r);
  absl::Status ReadOrgAttachment(Resource& r);

  Entity* FindEntity(const std::string& section, const std::string& key);
  Entity* NewEntity(const Resource& r, std::string section, std::string what,
                    std::string arn, std::string name);
  void AppendPolicy(Entity* e, json::Node policy);

  const InputFile& file_;
  const ImportOptions& options_;
  Builder* builder_;
  std::optional<ManagedPolicySource> managed_source_;
  const json::Node* configuration_ = nullptr;
  bool plan_ = false;
  std::vector<Resource> resources_;
  // (module, local address) -> index in resources_.
  std::map<std::pair<std::string, std::string>, size_t> by_address_;
  std::vector<Entity> entities_;
  // section + "\n" + ARN or name -> index in entities_.
  std::map<std::string, size_t> entity_index_;
  // Organization policies: the policy id (known or placeholder) -> the
  // policy as a world POLICY and its type.
  struct OrgPolicy {
    std::string type;
    json::Node policy;
  };
  std::map<std::string, OrgPolicy> org_policies_;
  // account -> "scps"/"rcps" -> the policies this plan attaches to it.
  std::map<std::string, std::map<std::string, json::Node>> org_attachments_;
};

// --- pass 1: collect --------------------------------------------------------

absl::Status TerraformReader::Read() {
  const json::Node& root = file_.root;
  Origin at{&file_, "", root.offset};
  if (!root.is_object()) {
    return Error(at, json::Describe(root),
                 "the output of `terraform show -json`: an object");
  }
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* version,
                           RequiredString(root, at, "format_version"));
  // Terraform: "Reject any input which reports an unsupported major
  // version."
  if (!absl::StartsWith(version->text, "1.")) {
    return Error(Member(at, root, "format_version"),
                 absl::StrCat("format_version ", JsonQuote(version->text)),
                 "format_version 1.x (Terraform 0.12 or later)");
  }
  if (const json::Node* errored = root.Find("errored");
      errored != nullptr && errored->type == json::Type::kBool &&
      errored->boolean) {
    return Error(Member(at, root, "errored"), "a plan that errored",
                 "a plan that Terraform completed (fix the errors of "
                 "`terraform plan` first)");
  }
  configuration_ = root.Find("configuration");
  if (configuration_ != nullptr && !configuration_->is_object()) {
    return Error(Member(at, root, "configuration"),
                 json::Describe(*configuration_), "an object");
  }
  const json::Node* changes = root.Find("resource_changes");
  const json::Node* values = root.Find("values");
  plan_ = changes != nullptr || root.Find("planned_values") != nullptr;
  if (plan_) {
    if (changes != nullptr) IAMEVAL_RETURN_IF_ERROR(CollectPlan(*changes));
  } else if (values != nullptr) {
    Origin vat = Member(at, root, "values");
    if (!values->is_object()) {
      return Error(vat, json::Describe(*values), "an object");
    }
    if (const json::Node* rm = values->Find("root_module"); rm != nullptr) {
      IAMEVAL_RETURN_IF_ERROR(
          CollectState(*rm, Member(vat, *values, "root_module")));
    }
  }
  builder_->ReportUnread(
      root, at,
      {"format_version", "configuration", "resource_changes", "values"},
      {"terraform_version", "planned_values", "prior_state", "variables",
       "output_changes", "resource_drift", "relevant_attributes", "checks",
       "timestamp", "errored", "applyable", "complete"});

  for (Resource& r : resources_) Build(&r);
  // Managed and organization policies first, then what holds policies, then
  // what attaches to them: an attachment finds what it attaches whatever
  // the order of the input.
  for (int phase = 0; phase < 3; ++phase) {
    for (Resource& r : resources_) {
      if (Phase(r) == phase) IAMEVAL_RETURN_IF_ERROR(ReadResource(r));
    }
  }

  for (Entity& e : entities_) {
    if (!e.aliases.empty()) {
      json::Node aliases = json::Array();
      for (const std::string& a : e.aliases) json::Append(&aliases, json::String(a));
      json::Set(&e.object, "aliases", std::move(aliases));
    }
    builder_->Add(e.section, std::move(e.object), e.what, e.arn, e.at);
  }
  for (auto& [account, kinds] : org_attachments_) {
    json::Node* a = builder_->Account(account);
    for (auto& [kind, list] : kinds) json::Set(a, kind, std::move(list));
  }
  return absl::OkStatus();
}

absl::Status TerraformReader::CollectPlan(const json::Node& changes) {
  Origin at{&file_, "/resource_changes", changes.offset};
  if (!changes.is_array()) {
    return Error(at, json::Describe(changes), "an array of resource changes");
  }
  for (size_t i = 0; i < changes.items.size(); ++i) {
    const json::Node& rc = changes.items[i];
    Origin rat{&file_, json::PointerAppend(at.pointer, i), rc.offset};
    if (!rc.is_object()) {
      return Error(rat, json::Describe(rc), "a resource change object");
    }
    Resource res;
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* module,
                             OptionalString(rc, rat, "module_address"));
    if (module != nullptr) res.module = module->text;
    IAMEVAL_ASSIGN_OR_RETURN(const json::Node* change_address,
                             RequiredString(rc, rat, "address"));
    const json::Node* change = rc.Find("change");
    Origin cat = Member(rat, rc, "change");
    if (change == nullptr || !change->is_object()) {
      return Error(change == nullptr ? rat : cat,
                   change == nullptr ? "no \"change\"" : json::Describe(*change),
                   "a \"change\" object");
    }
    if (rc.Find("deposed") != nullptr) {
      builder_->Skip(rat, change_address->text,
                     "a deposed object, destroyed by this plan");
      continue;
    }
    const json::Node* actions = change->Find("actions");
    if (actions == nullptr || !actions->is_array()) {
      return Error(Member(cat, *change, "actions"),
                   actions == nullptr ? "no \"actions\"" : json::Describe(*actions),
                   "an array of actions");
    }
    if (actions->items.size() == 1 && actions->items[0].is_string() &&
        actions->items[0].text == "delete") {
      builder_->Skip(rat, change_address->text, "destroyed by this plan");
      continue;
    }
    res.values = change->Find("after");
    res.values_at = Member(cat, *change, "after");
    res.unknown = change->Find("after_unknown");
    res.unknown_at = Member(cat, *change, "after_unknown");
    if (res.unknown != nullptr && !res.unknown->is_object()) res.unknown = nullptr;
    IAMEVAL_RETURN_IF_ERROR(AddResource(rc, rat, std::move(res)));
  }
  return absl::OkStatus();
}

absl::Status TerraformReader::CollectState(const json::Node& module,
                                           const Origin& at) {
  if (!module.is_object()) {
    return Error(at, json::Describe(module), "a module object");
  }
  std::string module_address;
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* address,
                           OptionalString(module, at, "address"));
  if (address != nullptr) module_address = address->text;
  if (const json::Node* list = module.Find("resources"); list != nullptr) {
    Origin lat = Member(at, module, "resources");
    if (!list->is_array()) {
      return Error(lat, json::Describe(*list), "an array of resources");
    }
    for (size_t i = 0; i < list->items.size(); ++i) {
      const json::Node& rn = list->items[i];
      Origin rat{&file_, json::PointerAppend(lat.pointer, i), rn.offset};
      if (!rn.is_object()) {
        return Error(rat, json::Describe(rn), "a resource object");
      }
      if (rn.Find("deposed_key") != nullptr) {
        // A deposed object awaiting destruction.
        continue;
      }
      Resource res;
      res.module = module_address;
      res.values = rn.Find("values");
      res.values_at = Member(rat, rn, "values");
      IAMEVAL_RETURN_IF_ERROR(AddResource(rn, rat, std::move(res)));
    }
  }
  if (const json::Node* list = module.Find("child_modules"); list != nullptr) {
    Origin lat = Member(at, module, "child_modules");
    if (!list->is_array()) {
      return Error(lat, json::Describe(*list), "an array of modules");
    }
    for (size_t i = 0; i < list->items.size(); ++i) {
      IAMEVAL_RETURN_IF_ERROR(CollectState(
          list->items[i],
          Origin{&file_, json::PointerAppend(lat.pointer, i),
                 list->items[i].offset}));
    }
  }
  return absl::OkStatus();
}

absl::Status TerraformReader::AddResource(const json::Node& node,
                                          const Origin& at, Resource res) {
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* address,
                           RequiredString(node, at, "address"));
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* type,
                           RequiredString(node, at, "type"));
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* name,
                           RequiredString(node, at, "name"));
  IAMEVAL_ASSIGN_OR_RETURN(const json::Node* mode,
                           OptionalString(node, at, "mode"));
  res.address = address->text;
  res.type = type->text;
  res.name = name->text;
  res.mode = mode != nullptr ? mode->text : "managed";
  res.at = at;
  res.local = res.address;
  if (!res.module.empty() &&
      absl::StartsWith(res.address, absl::StrCat(res.module, "."))) {
    res.local = res.address.substr(res.module.size() + 1);
  }
  if (res.values != nullptr && !res.values->is_object()) {
    if (res.values->type != json::Type::kNull) {
      return Error(res.values_at, json::Describe(*res.values),
                   "the resource's attributes: an object");
    }
    res.values = nullptr;
  }
  FindExpressions(&res);
  SetRegion(&res);
  by_address_.emplace(std::make_pair(res.module, res.local), resources_.size());
  resources_.push_back(std::move(res));
  return absl::OkStatus();
}

const json::Node* TerraformReader::ConfigModule(const std::string& module) const {
  if (configuration_ == nullptr) return nullptr;
  const json::Node* m = configuration_->Find("root_module");
  for (const std::string& name : ModuleNames(module)) {
    if (m == nullptr) return nullptr;
    const json::Node* calls = m->Find("module_calls");
    const json::Node* call = calls != nullptr ? calls->Find(name) : nullptr;
    m = call != nullptr ? call->Find("module") : nullptr;
  }
  return m != nullptr && m->is_object() ? m : nullptr;
}

void TerraformReader::FindExpressions(Resource* res) const {
  const json::Node* m = ConfigModule(res->module);
  const json::Node* list = m != nullptr ? m->Find("resources") : nullptr;
  if (list == nullptr || !list->is_array()) return;
  const std::string want = StripIndex(res->local);
  for (const json::Node& c : list->items) {
    const json::Node* a = c.Find("address");
    if (a == nullptr || !a->is_string() || a->text != want) continue;
    const json::Node* e = c.Find("expressions");
    if (e != nullptr && e->is_object()) res->expressions = e;
    const json::Node* key = c.Find("provider_config_key");
    if (key != nullptr && key->is_string()) res->provider_key = key->text;
    return;
  }
}

void TerraformReader::SetRegion(Resource* res) const {
  // The resource's own region (AWS provider 6), then --region, then the
  // region constant of its provider configuration, then of "aws".
  if (std::optional<std::string> own = KnownString(*res, "region");
      own.has_value() && !own->empty()) {
    res->region = *own;
    res->region_from = "its region";
    return;
  }
  if (!options_.region.empty()) {
    res->region = options_.region;
    res->region_from = "--region";
    return;
  }
  const json::Node* providers =
      configuration_ != nullptr ? configuration_->Find("provider_config")
                                : nullptr;
  if (providers == nullptr) return;
  for (const std::string& key : {res->provider_key, std::string("aws")}) {
    if (key.empty()) continue;
    const json::Node* p = providers->Find(key);
    const json::Node* e = p != nullptr ? p->Find("expressions") : nullptr;
    const json::Node* region = e != nullptr ? e->Find("region") : nullptr;
    const json::Node* c =
        region != nullptr ? region->Find("constant_value") : nullptr;
    if (c != nullptr && c->is_string() && !c->text.empty()) {
      res->region = c->text;
      res->region_from = "the provider's region";
      return;
    }
  }
}

// --- attribute access ---------------------------------------------------------

const json::Node* TerraformReader::Known(const Resource& r,
                                         absl::string_view attr) const {
  if (r.values == nullptr) return nullptr;
  const json::Node* n = r.values->Find(attr);
  if (n == nullptr || n->type == json::Type::kNull) return nullptr;
  return n;
}

bool TerraformReader::IsUnknown(const Resource& r,
                                absl::string_view attr) const {
  if (r.unknown == nullptr) return false;
  const json::Node* n = r.unknown->Find(attr);
  if (n == nullptr) return false;
  // A collection with an unknown element ({"users": [false, true]}) is not
  // known as a whole either.
  return AnyTrue(*n);
}

std::optional<std::string> TerraformReader::KnownString(
    const Resource& r, absl::string_view attr) const {
  const json::Node* n = Known(r, attr);
  if (n == nullptr || !n->is_string()) return std::nullopt;
  return n->text;
}

std::optional<std::string> TerraformReader::TargetValue(
    const Resource& r, absl::string_view attr) const {
  if (std::optional<std::string> v = KnownString(r, attr); v.has_value()) {
    return v;
  }
  auto it = r.built.find(std::string(attr));
  if (it != r.built.end()) return it->second;
  return std::nullopt;
}

std::optional<std::string> TerraformReader::Value(const Resource& r,
                                                  absl::string_view attr,
                                                  std::string* how) const {
  how->clear();
  if (std::optional<std::string> v = KnownString(r, attr); v.has_value()) {
    return v;
  }
  auto it = r.built.find(std::string(attr));
  if (it != r.built.end()) {
    *how = "built";
    return it->second;
  }
  if (!IsUnknown(r, attr) || r.expressions == nullptr) return std::nullopt;
  const json::Node* e = r.expressions->Find(attr);
  const json::Node* refs = e != nullptr ? e->Find("references") : nullptr;
  if (refs == nullptr || !refs->is_array()) return std::nullopt;
  for (const json::Node& ref : refs->items) {
    if (!ref.is_string()) continue;
    if (std::optional<std::string> v = Resolve(r, ref.text); v.has_value()) {
      *how = absl::StrCat("the reference to ", ref.text);
      return v;
    }
  }
  return std::nullopt;
}

std::optional<std::string> TerraformReader::Resolve(
    const Resource& r, absl::string_view ref) const {
  // "aws_iam_policy.reader.arn": a resource of the same module, then the
  // attribute.
  for (const auto& [key, index] : by_address_) {
    if (key.first != r.module) continue;
    absl::string_view rest = ref;
    if (!absl::ConsumePrefix(&rest, key.second) ||
        !absl::ConsumePrefix(&rest, ".")) {
      continue;
    }
    std::string target_attr(rest.substr(0, rest.find_first_of(".[")));
    if (std::optional<std::string> v =
            TargetValue(resources_[index], target_attr)) {
      return v;
    }
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> TerraformReader::ResolveList(
    const Resource& r, absl::string_view attr) const {
  const json::Node* e =
      r.expressions != nullptr ? r.expressions->Find(attr) : nullptr;
  const json::Node* refs = e != nullptr ? e->Find("references") : nullptr;
  if (refs == nullptr || !refs->is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const json::Node& ref : refs->items) {
    if (!ref.is_string()) return std::nullopt;
    // Terraform lists "aws_x.y.arn" and then "aws_x.y" itself.
    bool covered = false;
    for (const json::Node& other : refs->items) {
      covered = covered || (other.is_string() &&
                            absl::StartsWith(other.text,
                                             absl::StrCat(ref.text, ".")));
    }
    if (covered) continue;
    std::optional<std::string> v = Resolve(r, ref.text);
    if (!v.has_value()) return std::nullopt;
    out.push_back(*v);
  }
  return out;
}

std::string TerraformReader::References(const Resource& r,
                                        absl::string_view attr) const {
  const json::Node* e =
      r.expressions != nullptr ? r.expressions->Find(attr) : nullptr;
  const json::Node* refs = e != nullptr ? e->Find("references") : nullptr;
  std::vector<std::string> names;
  if (refs != nullptr && refs->is_array()) {
    for (const json::Node& ref : refs->items) {
      if (!ref.is_string()) continue;
      // Terraform lists "aws_x.y.arn" and then "aws_x.y": keep the first.
      bool covered = false;
      for (const std::string& n : names) {
        covered = covered || absl::StartsWith(n, absl::StrCat(ref.text, "."));
      }
      if (!covered) names.push_back(ref.text);
    }
  }
  if (names.empty()) return "";
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    absl::StrAppend(&out, i > 0 ? ", " : "", names[i]);
  }
  return out;
}

std::optional<std::string> TerraformReader::Require(const Resource& r,
                                                    absl::string_view attr,
                                                    absl::string_view skipped) {
  std::string how;
  std::optional<std::string> v = Value(r, attr, &how);
  Origin at = IsUnknown(r, attr) ? Member(r.unknown_at, *r.unknown, attr)
                                 : Member(r.values_at, *r.values, attr);
  if (v.has_value()) {
    if (!how.empty() && how != "built") {
      builder_->Unknown(at, absl::StrCat(r.address, " ", attr),
                        absl::StrCat("known after apply; resolved as ", *v,
                                     " from ", how));
    }
    return v;
  }
  if (IsUnknown(r, attr)) {
    std::string refs = References(r, attr);
    builder_->Unknown(
        at, absl::StrCat(r.address, " ", attr),
        absl::StrCat("known after apply",
                     refs.empty() ? "" : absl::StrCat(" (references ", refs, ")"),
                     options_.account.empty()
                         ? " and not built (give --account)"
                         : " and cannot be built",
                     "; ", skipped, " skipped"));
  } else {
    builder_->Skip(at, absl::StrCat(r.address, " ", attr),
                   absl::StrCat("not set; ", skipped, " skipped"));
  }
  return std::nullopt;
}

// --- pass 2: values known after apply ---------------------------------------------

void TerraformReader::SetBuilt(Resource* r, const std::string& attr,
                               std::string value, std::string from) {
  if (Known(*r, attr) != nullptr) return;
  r->built[attr] = std::move(value);
  r->built_order.push_back(attr + "\n" + from);
}

void TerraformReader::Build(Resource* r) {
  if (r->mode != "managed") return;
  // The account is never the provider's: a plan does not name it.
  r->account = options_.account;
  const std::string& acct = r->account;
  const std::string& region = r->region;
  std::optional<std::string> name = KnownString(*r, "name");
  std::string path = KnownString(*r, "path").value_or("/");
  const std::string from_name =
      "built from --account and the name and path";
  const std::string from_region = absl::StrCat(
      "built from --account, ", r->region_from, " and the name");
  auto iam = [&](absl::string_view kind) {
    if (!name.has_value()) return;
    SetBuilt(r, "id", *name, "the name");
    if (!acct.empty()) {
      SetBuilt(r, "arn",
               absl::StrCat("arn:aws:iam::", acct, ":", kind, path, *name),
               from_name);
    }
  };
  char hash[17];
  snprintf(hash, sizeof(hash), "%016llx",
           static_cast<unsigned long long>(Hash(r->address)));
  if (r->type == "aws_iam_role") {
    iam("role");
    if (name.has_value()) SetBuilt(r, "name", *name, "");
  } else if (r->type == "aws_iam_user") {
    iam("user");
  } else if (r->type == "aws_iam_group") {
    iam("group");
  } else if (r->type == "aws_iam_policy") {
    if (name.has_value() && !acct.empty()) {
      std::string arn =
          absl::StrCat("arn:aws:iam::", acct, ":policy", path, *name);
      SetBuilt(r, "arn", arn, from_name);
      SetBuilt(r, "id", arn, from_name);
    }
  } else if (r->type == "aws_kms_key") {
    // A key id is random; a placeholder derived from the address keeps
    // worlds reproducible.
    std::string id = KnownString(*r, "key_id")
                         .value_or(absl::StrCat("tf-", hash));
    SetBuilt(r, "key_id", id,
             "a placeholder derived from the resource address");
    SetBuilt(r, "id", id, "a placeholder derived from the resource address");
    if (!acct.empty() && !region.empty()) {
      SetBuilt(r, "arn",
               absl::StrCat("arn:aws:kms:", region, ":", acct, ":key/", id),
               absl::StrCat("built from --account, ", r->region_from,
                            " and the key id"));
    }
  } else if (r->type == "aws_kms_alias") {
    if (name.has_value() && !acct.empty() && !region.empty()) {
      SetBuilt(r, "arn",
               absl::StrCat("arn:aws:kms:", region, ":", acct, ":", *name),
               from_region);
    }
    if (name.has_value()) SetBuilt(r, "id", *name, "the name");
  } else if (r->type == "aws_secretsmanager_secret") {
    if (name.has_value() && !acct.empty() && !region.empty()) {
      // The six random characters Secrets Manager appends: a placeholder
      // derived from the address, in the same alphabet.
      static constexpr char kAlphabet[] =
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
      uint64_t h = Hash(r->address);
      std::string suffix;
      for (int i = 0; i < 6; ++i) {
        suffix += kAlphabet[h % 52];
        h /= 52;
      }
      std::string arn = absl::StrCat("arn:aws:secretsmanager:", region, ":",
                                     acct, ":secret:", *name, "-", suffix);
      std::string from = absl::StrCat(
          "built from --account, ", r->region_from,
          ", the name and a placeholder suffix derived from the address");
      SetBuilt(r, "arn", arn, from);
      SetBuilt(r, "id", arn, from);
    }
  } else if (r->type == "aws_sqs_queue") {
    if (name.has_value() && !acct.empty() && !region.empty()) {
      std::string url = absl::StrCat("https://sqs.", region,
                                     ".amazonaws.com/", acct, "/", *name);
      SetBuilt(r, "url", url, from_region);
      SetBuilt(r, "id", url, from_region);
      SetBuilt(r, "arn",
               absl::StrCat("arn:aws:sqs:", region, ":", acct, ":", *name),
               from_region);
    }
  } else if (r->type == "aws_s3_bucket") {
    if (std::optional<std::string> b = KnownString(*r, "bucket")) {
      SetBuilt(r, "id", *b, "the bucket name");
      SetBuilt(r, "arn", absl::StrCat("arn:aws:s3:::", *b), "the bucket name");
    }
  } else if (r->type == "aws_organizations_policy") {
    // Only used to match attachments to the policy; not in the world.
    r->built["id"] = absl::StrCat("tf:", r->address);
  }
}

void TerraformReader::ReportBuilt(const Resource& r) {
  for (const std::string& entry : r.built_order) {
    std::pair<std::string, std::string> p = absl::StrSplit(entry, '\n');
    if (p.first == "id" || p.first == "name" || p.first == "url") continue;
    Origin at = IsUnknown(r, p.first)
                    ? Member(r.unknown_at, *r.unknown, p.first)
                    : r.values_at;
    builder_->Unknown(at, absl::StrCat(r.address, " ", p.first),
                      absl::StrCat("known after apply; built as ",
                                   r.built.at(p.first), " (", p.second, ")"));
  }
}

// --- pass 3: read -----------------------------------------------------------------

absl::StatusOr<std::optional<json::Node>> TerraformReader::Policy(
    const Resource& r, absl::string_view attr, PolicyKind kind) {
  if (IsUnknown(r, attr) && r.expressions != nullptr &&
      r.expressions->Find(attr) == nullptr) {
    // Not in the configuration: an optional attribute that the provider
    // computes from other resources (a secret's policy reflects its
    // aws_secretsmanager_secret_policy), read from those.
    return std::optional<json::Node>();
  }
  if (IsUnknown(r, attr)) {
    std::string refs = References(r, attr);
    return Error(
        Member(r.unknown_at, *r.unknown, attr),
        absl::StrCat(r.address, " ", attr, ": a policy known only after apply",
                     refs.empty() ? ""
                                  : absl::StrCat(" (it references ", refs, ")")),
        "policy text known at plan time: write the ARNs it names from "
        "variables or strings, or import the state after apply "
        "(`terraform show -json` without a plan)");
  }
  const json::Node* n = Known(r, attr);
  if (n == nullptr || (n->is_string() && n->text.empty())) return std::nullopt;
  IAMEVAL_ASSIGN_OR_RETURN(
      json::Node doc,
      PolicyDocument(*n, Member(r.values_at, *r.values, attr), kind));
  return std::optional<json::Node>(std::move(doc));
}

std::optional<json::Node> TerraformReader::Tags(const Resource& r) {
  // tags_all holds the provider's default_tags too: what AWS will hold.
  for (absl::string_view attr : {"tags_all", "tags"}) {
    if (IsUnknown(r, attr)) {
      builder_->Unknown(Member(r.unknown_at, *r.unknown, attr),
                        absl::StrCat(r.address, " ", attr),
                        attr == "tags_all"
                            ? "known after apply; the resource's own tags "
                              "are used"
                            : "known after apply; imported without tags");
      continue;
    }
    const json::Node* n = Known(r, attr);
    if (n == nullptr) {
      if (attr == "tags_all" && r.values != nullptr &&
          r.values->Find("tags_all") != nullptr) {
        return std::nullopt;  // known to be empty
      }
      continue;
    }
    if (!n->is_object() || n->members.empty()) return std::nullopt;
    return json::Clone(*n);
  }
  return std::nullopt;
}

void TerraformReader::Unread(const Resource& r,
                             std::initializer_list<absl::string_view> read,
                             std::initializer_list<absl::string_view> ignored) {
  if (r.values == nullptr) return;
  // An attribute that is null, empty or false is not set: nothing to note.
  json::Node set = json::Object();
  for (const json::Member& m : r.values->members) {
    const json::Node& v = m.value;
    if (v.type == json::Type::kNull ||
        (v.type == json::Type::kBool && !v.boolean) ||
        (v.is_array() && v.items.empty()) ||
        (v.is_object() && v.members.empty()) ||
        (v.is_string() && v.text.empty())) {
      continue;
    }
    json::Set(&set, m.key, json::Clone(v))->offset = v.offset;
    set.members.back().key_offset = m.key_offset;
  }
  builder_->ReportUnread(set, r.values_at, read, ignored);
}

TerraformReader::Entity* TerraformReader::FindEntity(
    const std::string& section, const std::string& key) {
  auto it = entity_index_.find(absl::StrCat(section, "\n", key));
  return it == entity_index_.end() ? nullptr : &entities_[it->second];
}

TerraformReader::Entity* TerraformReader::NewEntity(const Resource& r,
                                                    std::string section,
                                                    std::string what,
                                                    std::string arn,
                                                    std::string name) {
  size_t i = entities_.size();
  entity_index_[absl::StrCat(section, "\n", arn)] = i;
  if (!name.empty()) {
    entity_index_.emplace(absl::StrCat(section, "\n", name), i);
  }
  Entity e;
  e.section = std::move(section);
  e.what = std::move(what);
  e.arn = std::move(arn);
  e.name = std::move(name);
  e.at = r.at;
  e.object = json::Object();
  json::Set(&e.object, "arn", json::String(e.arn));
  entities_.push_back(std::move(e));
  return &entities_.back();
}

void TerraformReader::AppendPolicy(Entity* e, json::Node policy) {
  json::Node* list = ListMember(&e->object, "policies");
  // State lists a role's inline policies and attached policy ARNs on the
  // role too (inline_policy, managed_policy_arns): each once.
  const json::Node* name = policy.is_object() ? policy.Find("name") : nullptr;
  for (const json::Node& p : list->items) {
    if (policy.is_string() && p.is_string() && p.text == policy.text) return;
    const json::Node* n = p.is_object() ? p.Find("name") : nullptr;
    if (name != nullptr && n != nullptr && n->text == name->text) return;
  }
  json::Append(list, std::move(policy));
}

absl::Status TerraformReader::ReadResource(Resource& r) {
  if (r.mode == "data") {
    builder_->Skip(r.at, r.address,
                   r.type == "aws_iam_policy_document"
                       ? "data source: its JSON is imported where a resource "
                         "uses it"
                       : "data source: not imported");
    return absl::OkStatus();
  }
  if (r.values == nullptr) {
    builder_->Skip(r.at, r.address, "no attributes");
    return absl::OkStatus();
  }
  const std::string& t = r.type;
  if (t == "aws_iam_role") return ReadPrincipal(r, "role");
  if (t == "aws_iam_user") return ReadPrincipal(r, "user");
  if (t == "aws_iam_group") return ReadPrincipal(r, "group");
  if (t == "aws_iam_role_policy") return ReadInlinePolicy(r, "role");
  if (t == "aws_iam_user_policy") return ReadInlinePolicy(r, "user");
  if (t == "aws_iam_group_policy") return ReadInlinePolicy(r, "group");
  if (t == "aws_iam_role_policy_attachment") return ReadAttachment(r, "role");
  if (t == "aws_iam_user_policy_attachment") return ReadAttachment(r, "user");
  if (t == "aws_iam_group_policy_attachment") return ReadAttachment(r, "group");
  if (t == "aws_iam_policy") return ReadManagedPolicy(r);
  if (t == "aws_iam_group_membership") return ReadGroupMembership(r);
  if (t == "aws_iam_user_group_membership") return ReadUserGroupMembership(r);
  if (t == "aws_secretsmanager_secret") return ReadSecret(r);
  if (t == "aws_secretsmanager_secret_policy") return ReadSecretPolicy(r);
  if (t == "aws_kms_key") return ReadKey(r);
  if (t == "aws_kms_alias") return ReadAlias(r);
  if (t == "aws_sqs_queue_policy") return ReadQueuePolicy(r);
  if (t == "aws_s3_bucket_policy") return ReadBucketPolicy(r);
  if (t == "aws_organizations_policy") return ReadOrgPolicy(r);
  if (t == "aws_organizations_policy_attachment") return ReadOrgAttachment(r);
  builder_->Skip(r.at, r.address, "type not imported");
  return absl::OkStatus();
}

std::string Section(const std::string& kind) { return kind + "s"; }

absl::Status TerraformReader::ReadPrincipal(Resource& r,
                                            const std::string& kind) {
  ReportBuilt(r);
  std::optional<std::string> arn = Require(r, "arn", absl::StrCat("the ", kind));
  // Policies are read (and checked) even when the principal is skipped.
  std::optional<json::Node> trust;
  if (kind == "role") {
    IAMEVAL_ASSIGN_OR_RETURN(trust,
                             Policy(r, "assume_role_policy", PolicyKind::kTrust));
  }
  std::vector<json::Node> inline_policies;
  // Computed from the role's policy resources unless configured; configured
  // and unknown, it is a policy whose text is unknown.
  const bool configured_inline =
      r.expressions == nullptr || r.expressions->Find("inline_policy") != nullptr;
  if (IsUnknown(r, "inline_policy") && Known(r, "inline_policy") == nullptr &&
      configured_inline) {
    IAMEVAL_RETURN_IF_ERROR(
        Policy(r, "inline_policy", PolicyKind::kIdentity).status());
  }
  if (const json::Node* blocks = Known(r, "inline_policy");
      blocks != nullptr && blocks->is_array()) {
    Origin bat = Member(r.values_at, *r.values, "inline_policy");
    const json::Node* ub =
        r.unknown != nullptr ? r.unknown->Find("inline_policy") : nullptr;
    for (size_t i = 0; i < blocks->items.size(); ++i) {
      const json::Node& b = blocks->items[i];
      Origin iat{&file_, json::PointerAppend(bat.pointer, i), b.offset};
      if (!b.is_object()) return Error(iat, json::Describe(b), "an object");
      const json::Node* ui = ub != nullptr && ub->is_array() &&
                                     i < ub->items.size()
                                 ? &ub->items[i]
                                 : nullptr;
      Resource block;
      block.address = absl::StrCat(r.address, " inline_policy[", i, "]");
      block.values = &b;
      block.values_at = iat;
      block.unknown = ui != nullptr && ui->is_object() ? ui : nullptr;
      block.unknown_at = Origin{
          &file_,
          json::PointerAppend(
              json::PointerAppend(absl::StrCat(r.unknown_at.pointer),
                                  "inline_policy"),
              i),
          ui != nullptr ? ui->offset : 0};
      IAMEVAL_ASSIGN_OR_RETURN(std::optional<json::Node> doc,
                               Policy(block, "policy", PolicyKind::kIdentity));
      std::optional<std::string> pname = KnownString(block, "name");
      if (!doc.has_value()) continue;  // the empty block AWS reports
      json::Node p = json::Object();
      if (pname.has_value()) json::Set(&p, "name", json::String(*pname));
      json::Set(&p, "document", std::move(*doc));
      inline_policies.push_back(std::move(p));
    }
  }
  std::optional<std::string> boundary;
  if (kind != "group") {
    std::string how;
    boundary = Value(r, "permissions_boundary", &how);
    if (!boundary.has_value() && IsUnknown(r, "permissions_boundary")) {
      // A boundary only takes permissions away: leaving it out could turn
      // a deny into an allow, so the principal is skipped.
      Require(r, "permissions_boundary", absl::StrCat("the ", kind));
      return absl::OkStatus();
    }
    if (boundary.has_value() && !how.empty()) {
      builder_->Unknown(Member(r.unknown_at, *r.unknown, "permissions_boundary"),
                        absl::StrCat(r.address, " permissions_boundary"),
                        absl::StrCat("known after apply; resolved as ",
                                     *boundary, " from ", how));
    }
  }
  if (kind == "role") {
    Unread(r,
           {"arn", "name", "path", "assume_role_policy", "max_session_duration",
            "permissions_boundary", "tags", "tags_all", "inline_policy",
            "managed_policy_arns"},
           {"id", "unique_id", "create_date", "description",
            "force_detach_policies", "name_prefix", "region"});
  } else if (kind == "user") {
    Unread(r, {"arn", "name", "path", "permissions_boundary", "tags", "tags_all"},
           {"id", "unique_id", "force_destroy", "region"});
  } else {
    Unread(r, {"arn", "name", "path"}, {"id", "unique_id", "region"});
  }
  if (!arn.has_value()) return absl::OkStatus();
  // The attached managed policies: managed_policy_arns when known (state);
  // when configured (it is exclusive) but known only after apply, the ARNs
  // its references name, or the principal is skipped rather than imported
  // without them.
  std::vector<std::string> managed;
  if (IsUnknown(r, "managed_policy_arns") && r.expressions != nullptr &&
      r.expressions->Find("managed_policy_arns") != nullptr) {
    std::optional<std::vector<std::string>> arns =
        ResolveList(r, "managed_policy_arns");
    Origin uat = Member(r.unknown_at, *r.unknown, "managed_policy_arns");
    if (!arns.has_value()) {
      builder_->Unknown(
          uat, absl::StrCat(r.address, " managed_policy_arns"),
          absl::StrCat("known after apply (references ",
                       References(r, "managed_policy_arns"),
                       ") and cannot be resolved; the ", kind, " skipped"));
      return absl::OkStatus();
    }
    for (const std::string& a : *arns) {
      builder_->Unknown(uat, absl::StrCat(r.address, " managed_policy_arns"),
                        absl::StrCat("known after apply; resolved ", a,
                                     " from the configuration's references"));
      managed.push_back(a);
    }
  } else if (const json::Node* m = Known(r, "managed_policy_arns");
             m != nullptr && m->is_array()) {
    for (const json::Node& a : m->items) {
      if (a.is_string()) managed.push_back(a.text);
    }
  }
  std::string name = KnownString(r, "name").value_or("");
  Entity* e = NewEntity(r, Section(kind), kind, *arn, name);
  if (trust.has_value()) json::Set(&e->object, "trust_policy", std::move(*trust));
  for (json::Node& p : inline_policies) AppendPolicy(e, std::move(p));
  for (const std::string& a : managed) {
    IAMEVAL_RETURN_IF_ERROR(RequireManaged(
        a, Member(r.values_at, *r.values, "managed_policy_arns"), r.address));
    AppendPolicy(e, json::String(a));
  }
  if (boundary.has_value() && !boundary->empty()) {
    IAMEVAL_RETURN_IF_ERROR(RequireManaged(
        *boundary,
        r.values != nullptr && r.values->Find("permissions_boundary") != nullptr
            ? Member(r.values_at, *r.values, "permissions_boundary")
            : r.at,
        absl::StrCat(r.address, " as its permissions boundary")));
    json::Set(&e->object, "permissions_boundary", json::String(*boundary));
  }
  if (kind == "role") {
    if (const json::Node* d = Known(r, "max_session_duration");
        d != nullptr && d->type == json::Type::kNumber) {
      json::Set(&e->object, "max_session_duration", json::Number(d->text));
    }
  }
  if (kind != "group") {
    if (std::optional<json::Node> tags = Tags(r)) {
      json::Set(&e->object, "tags", std::move(*tags));
    }
  }
  return absl::OkStatus();
}

absl::Status TerraformReader::ReadInlinePolicy(Resource& r,
                                               const std::string& kind) {
  IAMEVAL_ASSIGN_OR_RETURN(std::optional<json::Node> doc,
                           Policy(r, "policy", PolicyKind::kIdentity));
  Unread(r, {kind, "name", "policy"}, {"id", "name_prefix", "region"});
  std::optional<std::string> owner =
      Require(r, kind, absl::StrCat("the inline policy of this ", kind));
  if (!owner.has_value() || !doc.has_value()) return absl::OkStatus();
  Entity* e = FindEntity(Section(kind), *owner);
  if (e == nullptr) {
    builder_->Skip(r.at, r.address,
                   absl::StrCat("the ", kind, " ", *owner,
                                " is not defined in this plan, or was skipped"));
    return absl::OkStatus();
  }
  json::Node p = json::Object();
  if (std::optional<std::string> n = KnownString(r, "name")) {
    json::Set(&p, "name", json::String(*n));
  }
  json::Set(&p, "document", std::move(*doc));
  AppendPolicy(e, std::move(p));
  builder_->Imported(r.at, absl::StrCat("inline policy of ", kind, " ", e->arn));
  return absl::OkStatus();
}

absl::Status TerraformReader::ReadAttachment(Resource& r,
                                             const std::string& kind) {
  Unread(r, {kind, "policy_arn"}, {"id", "region"});
  std::optional<std::string> owner =
      Require(r, kind, "the attachment");
  if (!owner.has_value()) return absl::OkStatus();
  std::optional<std::string> policy = Require(r, "policy_arn", "the attachment");
  if (!policy.has_value()) return absl::OkStatus();
  Entity* e = FindEntity(Section(kind), *owner);
  if (e == nullptr) {
    builder_->Skip(r.at, r.address,
                   absl::StrCat("the ", kind, " ", *owner,
                                " is not defined in this plan, or was skipped"));
    return absl::OkStatus();
  }
  IAMEVAL_RETURN_IF_ERROR(RequireManaged(*policy, r.at, r.address));
  AppendPolicy(e, json::String(*policy));
  builder_->Imported(r.at, absl::StrCat("attachment of ", *policy, " to ",
                                        kind, " ", e->arn));
  return absl::OkStatus();
}

absl::Status TerraformReader::ReadManagedPolicy(Resource& r) {
  ReportBuilt(r);
  IAMEVAL_ASSIGN_OR_RETURN(std::optional<json::Node> doc,
                           Policy(r, "policy", PolicyKind::kIdentity));
  Unread(r, {"arn", "name", "path", "policy"},
         {"id", "policy_id", "description", "name_prefix", "tags", "tags_all",
          "attachment_count", "region"});
  std::optional<std::string> arn = Require(r, "arn", "the managed policy");
  if (!arn.has_value() || !doc.has_value()) return absl::OkStatus();
  json::Node p = json::Object();
  if (std::optional<std::string> n = KnownString(r, "name")) {
    json::Set(&p, "name", json::String(*n));
  }
  json::Set(&p, "document", std::move(*doc));
  builder_->AddManagedPolicy(*arn, std::move(p), r.at);
  return absl::OkStatus();
}

absl::Status TerraformReader::ReadGroupMembership(Resource& r) {
  Unread(r, {"group", "users"}, {"id", "name"});
  std::optional<std::string> group = Require(r, "group", "the membership");
  if (!group.has_value()) return absl::OkStatus();
  Entity* g = FindEntity("groups", *group);
  if (g == nullptr) {
    builder_->Skip(r.at, r.address,
                   absl::StrCat("the group ", *group,
                                " is not defined in this plan, or was skipped"));
    return absl::OkStatus();
  }
  if (IsUnknown(r, "users")) {
    builder_->Unknown(Member(r.unknown_at, *r.unknown, "users"),
                      absl::StrCat(r.address, " users"),
                      "known after apply; the membership is skipped");
    return absl::OkStatus();
  }
  const json::Node* users = Known(r, "users");
  if (users == nullptr || !users->is_array()) return absl::OkStatus();
  std::string group_arn = g->arn;
  for (const json::Node& u : users->items) {
    if (!u.is_string()) continue;
    Entity* ue = FindEntity("users", u.text);
    if (ue == nullptr) {
      builder_->Skip(r.at, r.address,
                     absl::StrCat("the user ", u.text,
                                  " is not defined in this plan, or was skipped"));
      continue;
    }
    json::Node* list = ListMember(&ue->object, "groups");
    json::Append(list, json::String(group_arn));
    builder_->Imported(r.at, absl::StrCat("membership of user ", ue->arn,
                                          " in group ", group_arn));
  }
  return absl::OkStatus();
}

absl::Status TerraformReader::ReadUserGroupMembership(Resource& r) {
  Unread(r, {"user", "groups"}, {"id"});
  std::optional<std::string> user = Require(r, "user", "the membership");
  if (!user.has_value()) return absl::OkStatus();
  Entity* ue = FindEntity("users", *user);
  if (ue == nullptr) {
    builder_->Skip(r.at, r.address,
                   absl::StrCat("the user ", *user,
                                " is not defined in this plan, or was skipped"));
    return absl::OkStatus();
  }
  if (IsUnknown(r, "groups")) {
    builder_->Unknown(Member(r.unknown_at, *r.unknown, "groups"),
                      absl::StrCat(r.address, " groups"),
                      "known after apply; the membership is skipped");
    return absl::OkStatus();
  }
  const json::Node* groups = Known(r, "groups");
  if (groups == nullptr || !groups->is_array()) return absl::OkStatus();
  for (const json::Node& gn : groups->items) {
    if (!gn.is_string()) continue;
    Entity* g = FindEntity("groups", gn.text);
    if (g == nullptr) {
      builder_->Skip(r.at, r.address,
                     absl::StrCat("the group ", gn.text,
                                  " is not defined in this plan, or was skipped"));
      continue;
    }
    json::Node* list = ListMember(&ue->object, "groups");
    json::Append(list, json::String(g->arn));
    builder_->Imported(r.at, absl::StrCat("membership of user ", ue->arn,
                                          " in group ", g->arn));
  }
  return absl::OkStatus();
}

absl::Status TerraformReader::ReadSecret(Resource& r) {
  ReportBuilt(r);
  IAMEVAL_ASSIGN_OR_RETURN(std::optional<json::Node> policy,
                           Policy(r, "policy", PolicyKind::kResource));
  Unread(r, {"arn", "name", "kms_key_id", "policy", "tags", "tags_all"},
         {"id", "description", "name_prefix", "recovery_window_in_days",
          "force_overwrite_replica_secret", "region"});
  std::optional<std::string> arn = Require(r, "arn", "the secret");
  if (!arn.has_value()) return absl::OkStatus();
  std::optional<std::string> key;
  if (Known(r, "kms_key_id") != nullptr || IsUnknown(r, "kms_key_id")) {
    // Without its key the secret would read as encrypted with the AWS
    // managed key: skipped instead.
    key = Require(r, "kms_key_id", "the secret");
    if (!key.has_value()) return absl::OkStatus();
    if (key->empty()) key.reset();  // state's "" for the AWS managed key
  }
  Entity* e = NewEntity(r, "secrets", "secret", *arn, "");
  if (policy.has_value()) json::Set(&e->object, "policy", std::move(*policy));
  if (key.has_value()) json::Set(&e->object, "kms_key", json::String(*key));
  if (std::optional<json::Node> tags = Tags(r)) {
    json::Set(&e->object, "tags", std::move(*tags));
  }
  return absl::OkStatus();
}

absl::Status TerraformReader::ReadSecretPolicy(Resource& r) {
  IAMEVAL_ASSIGN_OR_RETURN(std::optional<json::Node> policy,
                           Policy(r, "policy", PolicyKind::kResource));
  Unread(r, {"secret_arn", "policy"},
         {"id", "block_public_policy", "region"});
  std::optional<std::string> arn = Require(r, "secret_arn", "the policy");
  if (!arn.has_value() || !policy.has_value()) return absl::OkStatus();
  Entity* e = FindEntity("secrets", *arn);
  if (e == nullptr) {
    builder_->Skip(r.at, r.address,
                   absl::StrCat("the secret ", *arn,
                                " is not defined in this plan, or was skipped"));
    return absl::OkStatus();
  }
  if (e->object.Find("policy") != nullptr) {
    return Error(Member(r.values_at, *r.values, "policy"),
                 absl::StrCat("a second policy for the secret ", *arn),
                 "one resource policy per secret");
  }
  json::Set(&e->object, "policy", std::move(*policy));
  builder_->Imported(r.at, absl::StrCat("policy of secret ", *arn));
  return absl::OkStatus();
}

absl::Status TerraformReader::ReadKey(Resource& r) {
  ReportBuilt(r);
  IAMEVAL_ASSIGN_OR_RETURN(std::optional<json::Node> policy,
                           Policy(r, "policy", PolicyKind::kKey));
  if (const json::Node* enabled = Known(r, "is_enabled");
      enabled != nullptr && enabled->type == json::Type::kBool &&
      !enabled->boolean) {
    builder_->Skip(Member(r.values_at, *r.values, "is_enabled"),
                   absl::StrCat(r.address, " is_enabled"),
                   "a disabled key: not imported (iameval does not model it)");
  }
  Unread(r, {"arn", "key_id", "policy", "tags", "tags_all"},
         {"id", "description", "deletion_window_in_days", "enable_key_rotation",
          "rotation_period_in_days", "key_usage", "customer_master_key_spec",
          "bypass_policy_lockout_safety_check", "multi_region",
          "custom_key_store_id", "xks_key_id", "is_enabled", "region"});
  std::optional<std::string> arn = Require(r, "arn", "the key");
  if (!arn.has_value()) return absl::OkStatus();
  std::string key_id = TargetValue(r, "key_id").value_or("");
  Entity* e = NewEntity(r, "keys", "key", *arn, key_id);
  if (policy.has_value()) json::Set(&e->object, "policy", std::move(*policy));
  if (std::optional<json::Node> tags = Tags(r)) {
    json::Set(&e->object, "tags", std::move(*tags));
  }
  return absl::OkStatus();
}

absl::Status TerraformReader::ReadAlias(Resource& r) {
  Unread(r, {"name", "target_key_id"},
         {"id", "arn", "name_prefix", "target_key_arn", "region"});
  std::optional<std::string> name = Require(r, "name", "the alias");
  if (!name.has_value()) return absl::OkStatus();
  std::optional<std::string> target = Require(r, "target_key_id", "the alias");
  if (!target.has_value()) return absl::OkStatus();
  Entity* e = FindEntity("keys", *target);
  if (e == nullptr) {
    builder_->Skip(r.at, r.address,
                   absl::StrCat("the key ", *target,
                                " is not defined in this plan, or was skipped"));
    return absl::OkStatus();
  }
  e->aliases.push_back(*name);
  builder_->Imported(r.at, absl::StrCat("alias ", *name, " of key ", e->arn));
  return absl::OkStatus();
}

absl::Status TerraformReader::ReadQueuePolicy(Resource& r) {
  IAMEVAL_ASSIGN_OR_RETURN(std::optional<json::Node> policy,
                           Policy(r, "policy", PolicyKind::kResource));
  Unread(r, {"queue_url", "policy"}, {"id", "region"});
  std::optional<std::string> url = Require(r, "queue_url", "the queue policy");
  if (!url.has_value() || !policy.has_value()) return absl::OkStatus();
  // https://sqs.<region>.amazonaws.com/<account>/<name>, or the legacy
  // https://<region>.queue.amazonaws.com/<account>/<name>.
  absl::string_view u = *url;
  absl::ConsumePrefix(&u, "https://");
  std::vector<absl::string_view> parts = absl::StrSplit(u, '/');
  std::string region;
  if (parts.size() == 3) {
    absl::string_view host = parts[0];
    if (absl::ConsumePrefix(&host, "sqs.")) {
      region = std::string(host.substr(0, host.find('.')));
    } else if (host.find(".queue.") != absl::string_view::npos) {
      region = std::string(host.substr(0, host.find('.')));
    }
  }
  if (region.empty() || !IsAccountId(parts[1]) || parts[2].empty()) {
    return Error(Member(r.values_at, *r.values, "queue_url"),
                 absl::StrCat("the queue URL ", JsonQuote(*url)),
                 "https://sqs.<region>.amazonaws.com/<account>/<queue name>");
  }
  std::string arn =
      absl::StrCat("arn:aws:sqs:", region, ":", parts[1], ":", parts[2]);
  Entity* e = NewEntity(r, "resources", "queue", arn, "");
  json::Set(&e->object, "policy", std::move(*policy));
  return absl::OkStatus();
}

absl::Status TerraformReader::ReadBucketPolicy(Resource& r) {
  IAMEVAL_ASSIGN_OR_RETURN(std::optional<json::Node> policy,
                           Policy(r, "policy", PolicyKind::kResource));
  Unread(r, {"bucket", "policy"}, {"id", "region"});
  std::optional<std::string> bucket = Require(r, "bucket", "the bucket policy");
  if (!bucket.has_value() || !policy.has_value()) return absl::OkStatus();
  if (r.account.empty()) {
    builder_->Unknown(r.at, absl::StrCat(r.address, " account"),
                      "the bucket's account is not in the plan (give "
                      "--account); the bucket policy is skipped");
    return absl::OkStatus();
  }
  Entity* e = NewEntity(r, "resources", "bucket",
                        absl::StrCat("arn:aws:s3:::", *bucket), "");
  json::Set(&e->object, "account", json::String(r.account));
  json::Set(&e->object, "policy", std::move(*policy));
  return absl::OkStatus();
}

absl::Status TerraformReader::ReadOrgPolicy(Resource& r) {
  std::optional<std::string> type = KnownString(r, "type");
  std::string t = type.value_or("SERVICE_CONTROL_POLICY");
  if (t != "SERVICE_CONTROL_POLICY" && t != "RESOURCE_CONTROL_POLICY") {
    builder_->Skip(r.at, r.address,
                   absl::StrCat("a ", t, " policy: not imported"));
    return absl::OkStatus();
  }
  IAMEVAL_ASSIGN_OR_RETURN(
      std::optional<json::Node> doc,
      Policy(r, "content",
             t == "SERVICE_CONTROL_POLICY" ? PolicyKind::kScp : PolicyKind::kRcp));
  Unread(r, {"name", "type", "content"},
         {"id", "arn", "description", "skip_destroy", "tags", "tags_all"});
  if (!doc.has_value()) return absl::OkStatus();
  json::Node p = json::Object();
  if (std::optional<std::string> n = KnownString(r, "name")) {
    json::Set(&p, "name", json::String(*n));
  }
  json::Set(&p, "document", std::move(*doc));
  std::string id = TargetValue(r, "id").value_or("");
  org_policies_[id] = OrgPolicy{t, std::move(p)};
  builder_->Imported(r.at, absl::StrCat(t == "SERVICE_CONTROL_POLICY"
                                            ? "service control policy "
                                            : "resource control policy ",
                                        r.address));
  return absl::OkStatus();
}

absl::Status TerraformReader::ReadOrgAttachment(Resource& r) {
  Unread(r, {"policy_id", "target_id"}, {"id", "skip_destroy"});
  std::optional<std::string> policy =
      Require(r, "policy_id", "the policy attachment");
  if (!policy.has_value()) return absl::OkStatus();
  std::optional<std::string> target =
      Require(r, "target_id", "the policy attachment");
  if (!target.has_value()) return absl::OkStatus();
  auto it = org_policies_.find(*policy);
  if (it == org_policies_.end()) {
    builder_->Skip(r.at, r.address,
                   absl::StrCat("the policy ", *policy,
                                " is not defined in this plan: its document "
                                "is unknown"));
    return absl::OkStatus();
  }
  if (!IsAccountId(*target)) {
    builder_->Skip(r.at, r.address,
                   absl::StrCat("the target ", *target,
                                " is a root or OU: which accounts it holds is "
                                "not in a plan (import the organization with "
                                "`iameval import aws`)"));
    return absl::OkStatus();
  }
  std::string kind =
      it->second.type == "SERVICE_CONTROL_POLICY" ? "scps" : "rcps";
  json::Node& list = org_attachments_[*target][kind];
  if (list.type != json::Type::kArray) list = json::Array();
  json::Append(&list, json::Clone(it->second.policy));
  builder_->Unknown(r.at, absl::StrCat(r.address, " ", kind),
                    absl::StrCat("attached to account ", *target,
                                 "; the policies of its root and OUs, and "
                                 "those attached outside this plan, are not "
                                 "in the plan: the account's ",
                                 kind, " are the ones attached here, as one "
                                 "level"));
  return absl::OkStatus();
}

}  // namespace
}  // namespace import_internal

absl::StatusOr<ImportResult> ImportTerraform(const std::string& path,
                                             const ImportOptions& options) {
  using import_internal::Builder;
  IAMEVAL_ASSIGN_OR_RETURN(import_internal::InputFile file,
                           import_internal::ReadJsonFile(path, path));
  Builder builder;
  import_internal::TerraformReader reader(file, options, &builder);
  IAMEVAL_RETURN_IF_ERROR(reader.Read());
  return std::move(builder).Finish(absl::StrCat(path, " (imported)"));
}

}  // namespace iameval
