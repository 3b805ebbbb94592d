// iameval: offline AWS IAM policy evaluation.
//
// World::Load / World::Parse: read the file, parse the JSON, and hand the
// tree to the loader (world/loader.h), which holds every rule.

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "base/file.h"
#include "base/source.h"
#include "base/status_macros.h"
#include "iameval/world.h"
#include "json/reader.h"
#include "world/loader.h"
#include "world/policies.h"

namespace iameval {

absl::StatusOr<World> World::Load(const std::string& path) {
  IAMEVAL_ASSIGN_OR_RETURN(std::string text, ReadInputFile(path));
  return Parse(text, path, world_loader::DirName(path));
}

absl::StatusOr<World> World::Parse(absl::string_view text,
                                   const std::string& file,
                                   const std::string& base_dir) {
  Source source(file, std::string(text));
  IAMEVAL_ASSIGN_OR_RETURN(json::Node root, json::Parse(source));
  IAMEVAL_ASSIGN_OR_RETURN(
      World world,
      world_loader::ParseWorldNode(root, source, base_dir, ""));
  world.file = file;
  return world;
}

std::vector<const Policy*> WorldPolicies(const World& world) {
  std::vector<const Policy*> policies;
  auto add = [&policies](const Policy& p) { policies.push_back(&p); };
  auto add_all = [&add](const std::vector<Policy>& ps) {
    for (const Policy& p : ps) add(p);
  };
  auto add_levels =
      [&add_all](const std::optional<std::vector<std::vector<Policy>>>& ls) {
        if (ls.has_value()) {
          for (const std::vector<Policy>& level : *ls) add_all(level);
        }
      };
  for (const auto& [id, account] : world.accounts) {
    add_levels(account.scps);
    add_levels(account.rcps);
  }
  for (const Role& r : world.roles) {
    add(r.trust_policy);
    add_all(r.policies);
    if (r.permissions_boundary.has_value()) add(*r.permissions_boundary);
  }
  for (const User& u : world.users) {
    add_all(u.policies);
    if (u.permissions_boundary.has_value()) add(*u.permissions_boundary);
  }
  for (const Group& g : world.groups) add_all(g.policies);
  for (const Secret& s : world.secrets) {
    if (s.policy.has_value()) add(*s.policy);
  }
  for (const Key& k : world.keys) add(k.policy);
  for (const Resource& r : world.resources) {
    if (r.policy.has_value()) add(*r.policy);
  }
  return policies;
}

std::vector<Diagnostic> World::PolicyErrors() const {
  const std::vector<const Policy*> policies = WorldPolicies(*this);
  // A policy file that several entities name is parsed once per name; its
  // errors are reported once.
  using Where = std::tuple<std::string, int, int, std::string>;
  std::set<Where> seen;
  std::vector<Diagnostic> out;
  for (const Policy* p : policies) {
    for (const Diagnostic& d : p->errors()) {
      Where w(d.location.file, d.location.line, d.location.column, d.code);
      if (seen.insert(w).second) out.push_back(d);
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.location.file, a.location.line,
                                     a.location.column) <
                            std::tie(b.location.file, b.location.line,
                                     b.location.column);
                   });
  return out;
}

}  // namespace iameval
