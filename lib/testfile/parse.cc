// iameval: offline AWS IAM policy evaluation.
//
// The "tests" array of a test file (docs/format.md#test-file) -> TestCase / Step.

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "arn/arn.h"
#include "aws/actions.h"
#include "aws/condition_keys.h"
#include "aws/kms.h"
#include "aws/secretsmanager.h"
#include "aws/principals.h"
#include "base/status_macros.h"
#include "condition/value.h"
#include "explain/layers.h"
#include "policy/validate.h"
#include "testfile/testfile.h"
#include "world/fields.h"
#include "world/loader.h"
#include "world/policies.h"

namespace iameval {
namespace testfile {

namespace {

using json::Node;
using json::PointerAppend;

constexpr char kPrincipalWhat[] =
    "the ARN of a role, user or assumed-role session of the world, an "
    "account root arn:aws:iam::<account>:root, or a service principal such "
    "as ecs-tasks.amazonaws.com";

// The statements of a world by policy name, to check the statement
// references of "denied_by" / "allowed_by".
class StatementIndex {
 public:
  explicit StatementIndex(const World& world) {
    for (const Policy* p : WorldPolicies(world)) {
      std::vector<const Statement*>& list = by_name_[p->name()];
      if (!list.empty()) continue;  // one file named by several entities
      for (const Statement& st : p->statements()) list.push_back(&st);
    }
  }

  // "" when `ref` ("<policy>#<Sid or index>") names a statement of the
  // world whose Effect is Deny (`deny`) or Allow; else what was expected.
  std::string Check(const std::string& ref, bool deny) const {
    const size_t hash = ref.rfind('#');
    const std::string policy = ref.substr(0, hash);
    const std::string which = ref.substr(hash + 1);
    auto it = by_name_.find(policy);
    if (it == by_name_.end()) {
      // Policies that are not the world's: session policies of tests and
      // the aws/secretsmanager key policy the engine creates.
      if (absl::EndsWith(policy, " session policy") ||
          policy == "aws/secretsmanager key policy") {
        return "";
      }
      return absl::StrCat("the name of a policy of the world (as "
                          "explanations quote it) before '#'; no policy is "
                          "named ",
                          Quote(policy, 200));
    }
    const Statement* found = nullptr;
    for (const Statement* st : it->second) {
      if (st->sid.has_value() && *st->sid == which) found = st;
    }
    if (found == nullptr && !which.empty() &&
        which.find_first_not_of("0123456789") == std::string::npos &&
        which.size() < 6) {
      const size_t index = std::stoul(which);
      if (index < it->second.size()) found = it->second[index];
    }
    if (found == nullptr) {
      return absl::StrCat("a Sid or 0-based statement index of ",
                          Quote(policy, 200), " after '#' (it has ",
                          it->second.size(), " statement(s))");
    }
    if ((found->effect == Effect::kDeny) != deny) {
      return absl::StrCat("a statement whose Effect is ",
                          deny ? "Deny" : "Allow", " (", Quote(ref, 200),
                          " is ", deny ? "an Allow" : "a Deny", ")");
    }
    return "";
  }

 private:
  absl::flat_hash_map<std::string, std::vector<const Statement*>> by_name_;
};

class TestReader {
 public:
  TestReader(const Source& source, const std::string& base_dir,
             const World& world)
      : src_(source),
        base_dir_(base_dir),
        principals_(world),
        references_(world),
        statements_(world) {}

  absl::StatusOr<std::vector<TestCase>> Read(const Node& root);

 private:
  absl::StatusOr<TestCase> ReadTest(const Node& node, const std::string& p);
  // The "expect" of the test `test_name`.
  // `*reason` gets the pinned reason of an "expect" object.
  absl::StatusOr<Expect> ReadExpect(const Node& node, const std::string& p,
                                    const std::string& test_name,
                                    ExpectReason* reason);
  // The "steps" of a chain test into test->steps.
  absl::Status ReadChain(const Node& node, const Node& steps,
                         const std::string& p, TestCase* test);
  // Reads the request fields of `node` into `step`. `principal_optional`:
  // the step may omit its principal (a later chain step).
  absl::Status ReadStep(const Node& node, const std::string& p,
                        const std::string& test_name, bool principal_optional,
                        const std::string& policy_owner, Step* step);
  // The STS parameters of an sts:AssumeRole step (rejected on other steps).
  absl::Status ReadStsParameters(const Node& node, const std::string& p,
                                 const std::string& policy_owner, Step* step);
  // "session_tags": tags in any shape fields::ReadTags reads.
  absl::Status ReadSessionTags(const Node& node, const std::string& p,
                               Step* step);
  absl::Status CheckPrincipal(const Node& node, const std::string& p,
                              const std::string& test_name);
  absl::Status ReadContext(const Node& node, const std::string& p,
                           Context* context);
  // `pointer` is called only to report an error.
  absl::Status CheckContextValue(const aws::ConditionKeyInfo* key,
                                 absl::string_view value, const Node& node,
                                 absl::FunctionRef<std::string()> pointer);

  const Source& src_;
  const std::string& base_dir_;
  PrincipalChecker principals_;
  ReferenceChecker references_;
  StatementIndex statements_;
  // Warnings of the test being read (TestCase::warnings).
  std::vector<Diagnostic>* warnings_ = nullptr;
};

absl::StatusOr<std::vector<TestCase>> TestReader::Read(const Node& root) {
  const Node* tests = root.Find("tests");
  if (tests == nullptr) {
    return src_.Error(root.offset, "", "a test file without \"tests\"",
                      "\"tests\": an array of tests");
  }
  if (!tests->is_array()) {
    return src_.Error(tests->offset, "/tests", json::Describe(*tests),
                      "an array of tests");
  }
  std::vector<TestCase> out;
  out.reserve(tests->items.size());
  absl::flat_hash_set<std::string> names;
  names.reserve(tests->items.size());
  for (size_t i = 0; i < tests->items.size(); ++i) {
    std::string p = PointerAppend("/tests", i);
    IAMEVAL_ASSIGN_OR_RETURN(TestCase test, ReadTest(tests->items[i], p));
    if (!names.insert(test.name).second) {
      const Node* name = tests->items[i].Find("name");
      return src_.Error(name->offset, PointerAppend(p, "name"),
                        absl::StrCat("a second test named ",
                                     Quote(test.name, 200)),
                        "test names that are unique within a file");
    }
    out.push_back(std::move(test));
  }
  return out;
}

absl::StatusOr<TestCase> TestReader::ReadTest(const Node& node,
                                              const std::string& p) {
  IAMEVAL_RETURN_IF_ERROR(fields::ExpectObject(node, src_, p, "a test object"));
  IAMEVAL_RETURN_IF_ERROR(fields::CheckKeys(
      node, src_, p,
      {"name", "expect", "steps", "principal", "action", "resource",
       "context", "session_name", "session_tags", "transitive_tag_keys",
       "external_id", "source_identity", "duration_seconds",
       "session_policy"}));
  TestCase test;
  test.pointer = p;
  test.offset = node.offset;
  warnings_ = &test.warnings;
  int column = 0;
  src_.LineColumn(node.offset, &test.line, &column);
  const Node* name = node.Find("name");
  if (name == nullptr) {
    return src_.Error(node.offset, p, "a test without \"name\"",
                      "\"name\": a descriptive string");
  }
  IAMEVAL_ASSIGN_OR_RETURN(
      test.name, fields::String(*name, src_, PointerAppend(p, "name"),
                                "a descriptive test name"));
  if (test.name.empty()) {
    return src_.Error(name->offset, PointerAppend(p, "name"),
                      "an empty string", "a descriptive test name");
  }
  IAMEVAL_ASSIGN_OR_RETURN(test.expect,
                           ReadExpect(node, p, test.name, &test.reason));
  const Node* steps = node.Find("steps");
  if (steps == nullptr) {
    Step step;
    IAMEVAL_RETURN_IF_ERROR(ReadStep(node, p, test.name, false,
                                     absl::StrCat("tests[", p.substr(7), "]"),
                                     &step));
    test.steps.push_back(std::move(step));
    return test;
  }
  IAMEVAL_RETURN_IF_ERROR(ReadChain(node, *steps, p, &test));
  return test;
}

absl::StatusOr<Expect> TestReader::ReadExpect(const Node& node,
                                              const std::string& p,
                                              const std::string& test_name,
                                              ExpectReason* reason) {
  const Node* expect = node.Find("expect");
  constexpr char kExpectWhat[] =
      "\"allow\", \"deny\", \"explicit_deny\" or \"implicit_deny\", or an "
      "object {\"decision\": ..., \"layer\": ..., \"denied_by\": ..., "
      "\"allowed_by\": ...}";
  if (expect == nullptr) {
    return src_.Error(node.offset, p,
                      absl::StrCat("test ", Quote(test_name, 200),
                                   " without \"expect\""),
                      absl::StrCat("\"expect\": ", kExpectWhat));
  }
  std::string ep = PointerAppend(p, "expect");
  const Node* decision = expect;
  std::string dp = ep;
  if (expect->is_object()) {
    IAMEVAL_RETURN_IF_ERROR(fields::CheckKeys(
        *expect, src_, ep, {"decision", "layer", "denied_by", "allowed_by"}));
    decision = expect->Find("decision");
    if (decision == nullptr) {
      return src_.Error(expect->offset, ep,
                        "an \"expect\" object without \"decision\"",
                        "\"decision\": \"allow\", \"deny\", "
                        "\"explicit_deny\" or \"implicit_deny\"");
    }
    dp = PointerAppend(ep, "decision");
  }
  IAMEVAL_ASSIGN_OR_RETURN(std::string e,
                           fields::String(*decision, src_, dp, kExpectWhat));
  Expect out;
  if (e == "allow") {
    out = Expect::kAllow;
  } else if (e == "deny") {
    out = Expect::kDeny;
  } else if (e == "explicit_deny") {
    out = Expect::kExplicitDeny;
  } else if (e == "implicit_deny") {
    out = Expect::kImplicitDeny;
  } else {
    return src_.Error(decision->offset, dp, json::Describe(*decision),
                      kExpectWhat);
  }
  if (!expect->is_object()) return out;
  if (const Node* n = expect->Find("layer")) {
    std::string lp = PointerAppend(ep, "layer");
    IAMEVAL_ASSIGN_OR_RETURN(
        reason->layer,
        fields::String(*n, src_, lp, explain::LayerKindList()));
    if (!explain::IsLayerKind(reason->layer)) {
      return src_.Error(n->offset, lp, json::Describe(*n),
                        absl::StrCat("a layer kind: ",
                                     explain::LayerKindList()));
    }
    if (out == Expect::kAllow) {
      return src_.Error(n->offset, lp, "\"layer\" with decision \"allow\"",
                        "\"layer\" only with a deny decision (the layer that "
                        "denied); pin an allow with \"allowed_by\"");
    }
  }
  for (const char* field : {"denied_by", "allowed_by"}) {
    const Node* n = expect->Find(field);
    if (n == nullptr) continue;
    std::string fp = PointerAppend(ep, field);
    constexpr char kRefWhat[] =
        "\"<policy name>#<Sid or 0-based statement index>\", such as "
        "\"edge-source-policy#AssumeTaggedCustomerRoles\"";
    IAMEVAL_ASSIGN_OR_RETURN(std::string ref,
                             fields::String(*n, src_, fp, kRefWhat));
    const size_t hash = ref.rfind('#');
    if (hash == std::string::npos || hash == 0 || hash + 1 == ref.size()) {
      return src_.Error(n->offset, fp, json::Describe(*n), kRefWhat);
    }
    const bool deny = std::string(field) == "denied_by";
    if (deny && out != Expect::kExplicitDeny && out != Expect::kDeny) {
      return src_.Error(n->offset, fp,
                        absl::StrCat("\"denied_by\" with decision \"", e,
                                     "\""),
                        "\"denied_by\" only with \"explicit_deny\" or "
                        "\"deny\" (only an explicit deny has a deciding "
                        "Deny statement)");
    }
    if (!deny && out != Expect::kAllow) {
      return src_.Error(n->offset, fp,
                        absl::StrCat("\"allowed_by\" with decision \"", e,
                                     "\""),
                        "\"allowed_by\" only with \"allow\"");
    }
    if (std::string why = statements_.Check(ref, deny); !why.empty()) {
      return src_.Error(n->offset, fp, json::Describe(*n), why);
    }
    (deny ? reason->denied_by : reason->allowed_by) = std::move(ref);
  }
  return out;
}

absl::Status TestReader::ReadChain(const Node& node, const Node& steps,
                                   const std::string& p, TestCase* test) {
  test->chain = true;
  // A chain keeps its request fields in the steps; anything else beside
  // "steps" is a mistake that would otherwise be ignored.
  for (const json::Member& m : node.members) {
    if (m.key != "name" && m.key != "expect" && m.key != "steps") {
      return src_.Error(m.key_offset, PointerAppend(p, m.key),
                        absl::StrCat("request field ", Quote(m.key),
                                     " beside \"steps\""),
                        "request fields inside each step of a chain");
    }
  }
  std::string sp = PointerAppend(p, "steps");
  if (!steps.is_array() || steps.items.empty()) {
    return src_.Error(steps.offset, sp, json::Describe(steps),
                      "a non-empty array of steps");
  }
  for (size_t i = 0; i < steps.items.size(); ++i) {
    const Node& s = steps.items[i];
    std::string stp = PointerAppend(sp, i);
    IAMEVAL_RETURN_IF_ERROR(
        fields::ExpectObject(s, src_, stp, "a step object"));
    IAMEVAL_RETURN_IF_ERROR(fields::CheckKeys(
        s, src_, stp,
        {"principal", "action", "resource", "context", "session_name",
         "session_tags", "transitive_tag_keys", "external_id",
         "source_identity", "duration_seconds", "session_policy"}));
    Step step;
    IAMEVAL_RETURN_IF_ERROR(ReadStep(
        s, stp, test->name, i > 0,
        absl::StrCat("tests[", p.substr(7), "].steps[", i, "]"), &step));
    test->steps.push_back(std::move(step));
  }
  return absl::OkStatus();
}

absl::Status TestReader::CheckPrincipal(const Node& node,
                                        const std::string& p,
                                        const std::string& test_name) {
  absl::Status status = principals_.Check(node.text);
  if (status.ok()) return status;
  return src_.ErrorText(node.offset, p,
                        absl::StrCat("test ", Quote(test_name, 200), ": ",
                                     status.message()));
}

// A value of a key whose type iameval knows must be of that type
// (condition/value.h, RequestValueProblem).
absl::Status TestReader::CheckContextValue(
    const aws::ConditionKeyInfo* key, absl::string_view value,
    const Node& node, absl::FunctionRef<std::string()> pointer) {
  std::string want = RequestValueProblem(key, value);
  if (want.empty()) return absl::OkStatus();
  return src_.Error(node.offset, pointer(), json::Describe(node), want);
}

absl::Status TestReader::ReadContext(const Node& node, const std::string& p,
                                     Context* context) {
  if (!node.is_object()) {
    return src_.Error(node.offset, p, json::Describe(node),
                      "an object of condition key -> value");
  }
  absl::flat_hash_set<std::string> seen;
  for (const json::Member& m : node.members) {
    // JSON pointers are built only for an error: a test file has thousands
    // of context keys.
    auto kp = [&] { return PointerAppend(p, m.key); };
    // Keys are case-insensitive, so "aws:SourceIp" and "aws:sourceip" would
    // silently overwrite each other.
    if (m.key.find(':') == std::string::npos || m.key.front() == ':' ||
        m.key.back() == ':') {
      return src_.Error(m.key_offset, kp(), Quote(m.key),
                        "a condition key prefix:name such as aws:SourceIp");
    }
    std::string lower = absl::AsciiStrToLower(m.key);
    const aws::ConditionKeyInfo* info = aws::FindConditionKey(lower);
    if (!seen.insert(std::move(lower)).second) {
      return src_.Error(m.key_offset, kp(),
                        absl::StrCat("key ", Quote(m.key),
                                     " a second time in another case"),
                        "each context key once (keys are case-insensitive)");
    }
    if (m.value.is_array()) {
      std::vector<std::string> values;
      values.reserve(m.value.items.size());
      for (size_t i = 0; i < m.value.items.size(); ++i) {
        auto ip = [&] { return PointerAppend(kp(), i); };
        IAMEVAL_ASSIGN_OR_RETURN(
            std::string v, fields::ScalarText(m.value.items[i], src_, ip));
        IAMEVAL_RETURN_IF_ERROR(
            CheckContextValue(info, v, m.value.items[i], ip));
        values.push_back(std::move(v));
      }
      context->SetList(m.key, std::move(values));
    } else {
      IAMEVAL_ASSIGN_OR_RETURN(std::string v,
                               fields::ScalarText(m.value, src_, kp));
      IAMEVAL_RETURN_IF_ERROR(CheckContextValue(info, v, m.value, kp));
      context->Set(m.key, std::move(v));
    }
  }
  return absl::OkStatus();
}

absl::Status TestReader::ReadStep(const Node& node, const std::string& p,
                                  const std::string& test_name,
                                  bool principal_optional,
                                  const std::string& policy_owner,
                                  Step* step) {
  auto missing = [&](absl::string_view field, absl::string_view what) {
    return src_.Error(node.offset, p,
                      absl::StrCat("test ", Quote(test_name, 200),
                                   " without \"", field, "\""),
                      absl::StrCat("\"", field, "\": ", what));
  };
  if (const Node* n = node.Find("principal")) {
    std::string pp = PointerAppend(p, "principal");
    IAMEVAL_ASSIGN_OR_RETURN(step->principal,
                             fields::String(*n, src_, pp, kPrincipalWhat));
    IAMEVAL_RETURN_IF_ERROR(CheckPrincipal(*n, pp, test_name));
  } else if (!principal_optional) {
    return missing("principal", kPrincipalWhat);
  }
  const Node* action = node.Find("action");
  if (action == nullptr) return missing("action", aws::kRequestActionShape);
  std::string ap = PointerAppend(p, "action");
  IAMEVAL_ASSIGN_OR_RETURN(
      step->action, fields::String(*action, src_, ap, aws::kRequestActionShape));
  if (!aws::CheckRequestAction(step->action).ok()) {
    return src_.Error(action->offset, ap, json::Describe(*action),
                      aws::kRequestActionShape);
  }
  const Node* resource = node.Find("resource");
  constexpr char kResourceWhat[] =
      "a resource ARN, or \"*\" for actions without resource-level "
      "permissions";
  if (resource == nullptr) return missing("resource", kResourceWhat);
  std::string rp = PointerAppend(p, "resource");
  IAMEVAL_ASSIGN_OR_RETURN(step->resource,
                           fields::String(*resource, src_, rp, kResourceWhat));
  if (step->resource != "*") {
    absl::StatusOr<Arn> arn = ParseArn(step->resource);
    if (!arn.ok()) {
      return src_.ErrorText(resource->offset, rp, arn.status().message());
    }
  }
  if (std::string why = references_.Check(step->resource);
      !why.empty() && warnings_ != nullptr) {
    Diagnostic d;
    d.severity = Severity::kWarning;
    d.code = kUnlistedArnCode;
    d.message = std::move(why);
    d.location.file = src_.name();
    src_.LineColumn(resource->offset, &d.location.line, &d.location.column);
    d.location.pointer = rp;
    warnings_->push_back(std::move(d));
  }
  if (const Node* n = node.Find("context")) {
    IAMEVAL_RETURN_IF_ERROR(
        ReadContext(*n, PointerAppend(p, "context"), &step->context));
  }
  return ReadStsParameters(node, p, policy_owner, step);
}

absl::Status TestReader::ReadStsParameters(const Node& node,
                                           const std::string& p,
                                           const std::string& policy_owner,
                                           Step* step) {
  // STS parameters: only meaningful on sts:AssumeRole, so anywhere else
  // they are a mistake rather than something to ignore.
  bool assume_role = absl::EqualsIgnoreCase(step->action, "sts:AssumeRole");
  for (absl::string_view field :
       {"session_name", "session_tags", "transitive_tag_keys", "external_id",
        "source_identity", "duration_seconds", "session_policy"}) {
    const json::Member* m = node.FindMember(field);
    if (m != nullptr && !assume_role) {
      return src_.Error(m->key_offset, PointerAppend(p, field),
                        absl::StrCat(Quote(field), " on a ", step->action,
                                     " step"),
                        "STS parameters only on sts:AssumeRole steps");
    }
  }
  if (const Node* n = node.Find("session_name")) {
    IAMEVAL_ASSIGN_OR_RETURN(
        step->session_name,
        fields::String(*n, src_, PointerAppend(p, "session_name"),
                       "a role session name"));
  }
  if (const Node* n = node.Find("session_tags")) {
    IAMEVAL_RETURN_IF_ERROR(
        ReadSessionTags(*n, PointerAppend(p, "session_tags"), step));
  }
  if (const Node* n = node.Find("transitive_tag_keys")) {
    IAMEVAL_ASSIGN_OR_RETURN(
        step->transitive_tag_keys,
        fields::StringList(*n, src_, PointerAppend(p, "transitive_tag_keys"),
                           "tag key"));
  }
  if (const Node* n = node.Find("external_id")) {
    IAMEVAL_ASSIGN_OR_RETURN(
        step->external_id,
        fields::String(*n, src_, PointerAppend(p, "external_id"),
                       "an external id string"));
  }
  if (const Node* n = node.Find("source_identity")) {
    IAMEVAL_ASSIGN_OR_RETURN(
        step->source_identity,
        fields::String(*n, src_, PointerAppend(p, "source_identity"),
                       "a source identity string"));
  }
  if (const Node* n = node.Find("duration_seconds")) {
    // Out-of-range durations are STS validation failures (a deny,
    // docs/semantics.md#chains), so only the type is checked here.
    IAMEVAL_ASSIGN_OR_RETURN(
        step->duration_seconds,
        fields::Integer(*n, src_, PointerAppend(p, "duration_seconds"), 0,
                        int64_t{1} << 40, "a whole number of seconds"));
  }
  if (const Node* n = node.Find("session_policy")) {
    IAMEVAL_ASSIGN_OR_RETURN(
        step->session_policy,
        world_loader::LoadPolicy(*n, src_, base_dir_,
                                 PointerAppend(p, "session_policy"),
                                 PolicyKind::kSession,
                                 policy_owner + " session policy"));
  }
  return absl::OkStatus();
}

absl::Status TestReader::ReadSessionTags(const Node& node,
                                         const std::string& p, Step* step) {
  // Keys as given: tag keys that collide in case are an STS validation
  // failure (a deny the engine reports), not bad input.
  IAMEVAL_ASSIGN_OR_RETURN(
      step->session_tags,
      fields::ReadTags(node, src_, p, fields::TagKeys::kAsGiven));
  return absl::OkStatus();
}

}  // namespace

PrincipalChecker::PrincipalChecker(const World& world) {
  for (const Role& r : world.roles) {
    roles_.insert(r.arn);
    role_names_.insert(absl::StrCat(r.account, "/", r.name));
  }
  for (const User& u : world.users) users_.insert(u.arn);
}

absl::Status PrincipalChecker::Check(absl::string_view text) const {
  auto bad = [&](absl::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat("found ", Quote(text, 200), "; expected ", what));
  };
  if (!absl::StartsWith(text, "arn:")) {
    if (aws::IsServicePrincipalName(text)) return absl::OkStatus();
    return bad(kPrincipalWhat);
  }
  aws::PrincipalArnView arn;
  if (!aws::ParsePrincipalArn(text, &arn).ok()) return bad(kPrincipalWhat);
  switch (arn.kind) {
    case aws::PrincipalArnKind::kRoot:
      return absl::OkStatus();
    case aws::PrincipalArnKind::kRole:
      if (roles_.contains(text)) return absl::OkStatus();
      return bad("a role defined in the world's \"roles\"");
    case aws::PrincipalArnKind::kUser:
      if (users_.contains(text)) return absl::OkStatus();
      return bad("a user defined in the world's \"users\"");
    case aws::PrincipalArnKind::kAssumedRole:
      if (role_names_.contains(absl::StrCat(arn.account, "/", arn.name))) {
        return absl::OkStatus();
      }
      return bad("a session of a role defined in the world's \"roles\"");
    default:
      return bad(kPrincipalWhat);
  }
}

ReferenceChecker::ReferenceChecker(const World& world) {
  for (const auto& [id, account] : world.accounts) accounts_.insert(id);
  auto add = [this](std::vector<std::string>* list, const std::string& arn,
                    const std::string& account) {
    list->push_back(arn);
    listed_.insert(arn);
    if (!account.empty()) accounts_.insert(account);
  };
  for (const Role& r : world.roles) add(&roles_, r.arn, r.account);
  for (const User& u : world.users) add(&users_, u.arn, u.account);
  for (const Secret& s : world.secrets) add(&secrets_, s.arn, s.account);
  for (const Key& k : world.keys) add(&keys_, k.arn, k.account);
  for (const Group& g : world.groups) listed_.insert(g.arn);
  for (const Resource& r : world.resources) {
    listed_.insert(r.arn);
    if (!r.account.empty()) accounts_.insert(r.account);
  }
}

std::string ReferenceChecker::Check(absl::string_view text) const {
  if (!absl::StartsWith(text, "arn:")) return "";
  ArnView arn;
  if (!CheckArn(text, &arn).ok()) return "";
  const std::vector<std::string>* same_kind = nullptr;
  const char* noun = "";
  const char* field = "";
  const char* unlisted = "";
  if (arn.service == "iam") {
    aws::PrincipalArnView pa;
    if (!aws::ParsePrincipalArn(text, &pa).ok()) return "";
    if (pa.kind == aws::PrincipalArnKind::kRole) {
      same_kind = &roles_;
      noun = "role";
      field = "roles";
      unlisted = "an unlisted role has no trust policy, policies or tags";
    } else if (pa.kind == aws::PrincipalArnKind::kUser) {
      same_kind = &users_;
      noun = "user";
      field = "users";
      unlisted = "an unlisted user has no policies or tags";
    }
  } else if (arn.service == "secretsmanager" &&
             absl::StartsWith(arn.resource, "secret:")) {
    same_kind = &secrets_;
    noun = "secret";
    field = "secrets";
    unlisted =
        "an unlisted secret has no resource policy and no tags, and is "
        "decrypted with the AWS managed key aws/secretsmanager";
  } else if (arn.service == "kms" && absl::StartsWith(arn.resource, "key/")) {
    // The aws/secretsmanager keys the engine creates are never listed.
    if (arn.resource.substr(4) == aws::kms::kSecretsManagerKeyId) return "";
    same_kind = &keys_;
    noun = "KMS key";
    field = "keys";
    unlisted = "an unlisted key has no key policy, so nothing may use it";
  }
  if (same_kind == nullptr || !accounts_.contains(arn.account) ||
      listed_.contains(text)) {
    return "";
  }
  // "Reasonably close": a third of the resource part, at least 3 edits (a
  // secret named without its 6-character suffix is 7 edits away).
  const int cap = std::max(3, static_cast<int>(arn.resource.size()) / 3);
  const std::string* nearest = nullptr;
  int best = cap + 1;
  for (const std::string& candidate : *same_kind) {
    int d = policy::BoundedEditDistance(text, candidate, cap);
    // A secret named without (or with a mistyped) "-" + 6-character suffix.
    absl::string_view stem;
    if (same_kind == &secrets_ &&
        aws::secretsmanager::StripSecretSuffix(candidate, &stem)) {
      absl::string_view text_stem;
      if (!aws::secretsmanager::StripSecretSuffix(text, &text_stem)) {
        text_stem = text;
      }
      d = std::min(d, policy::BoundedEditDistance(text_stem, stem, cap));
    }
    if (d < best) {
      best = d;
      nearest = &candidate;
    }
  }
  return absl::StrCat(
      "found ", Quote(text, 200), ", a ", noun,
      " of an account of the world that the world does not list (", unlisted,
      "); expected a ", noun, " of the world's \"", field, "\"",
      nearest != nullptr ? absl::StrCat(" (did you mean ", Quote(*nearest, 200),
                                        "?)")
                         : std::string());
}

const char* ExpectName(Expect expect) {
  switch (expect) {
    case Expect::kAllow: return "allow";
    case Expect::kDeny: return "deny";
    case Expect::kExplicitDeny: return "explicit_deny";
    case Expect::kImplicitDeny: return "implicit_deny";
  }
  return "allow";
}

bool Satisfies(Decision decision, Expect expect) {
  switch (expect) {
    case Expect::kAllow: return decision == Decision::kAllow;
    case Expect::kDeny: return decision != Decision::kAllow;
    case Expect::kExplicitDeny: return decision == Decision::kExplicitDeny;
    case Expect::kImplicitDeny: return decision == Decision::kImplicitDeny;
  }
  return false;
}

absl::StatusOr<std::vector<TestCase>> ParseTests(const json::Node& root,
                                                 const Source& source,
                                                 const std::string& base_dir,
                                                 const World& world) {
  TestReader reader(source, base_dir, world);
  return reader.Read(root);
}

}  // namespace testfile
}  // namespace iameval
