// iameval: offline AWS IAM policy evaluation.
//
// Runs test files: load (or reuse) the world's engine, parse the tests
// against that world, evaluate every test as a chain.

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "explain/layers.h"
#include "base/file.h"
#include "base/status_macros.h"
#include "testfile/testfile.h"
#include "world/fields.h"
#include "world/loader.h"

namespace iameval {
namespace testfile {

namespace {

struct Parsed {
  std::unique_ptr<Source> source;
  json::Node root;
};

absl::StatusOr<Parsed> ParseRoot(absl::string_view text,
                                 const std::string& path) {
  Parsed parsed;
  parsed.source = std::make_unique<Source>(path, std::string(text));
  IAMEVAL_ASSIGN_OR_RETURN(parsed.root, json::Parse(*parsed.source));
  IAMEVAL_RETURN_IF_ERROR(fields::ExpectObject(
      parsed.root, *parsed.source, "",
      "a test file object {\"world\": ..., \"tests\": [...]}"));
  IAMEVAL_RETURN_IF_ERROR(
      fields::CheckKeys(parsed.root, *parsed.source, "", {"world", "tests"}));
  return parsed;
}

absl::StatusOr<std::shared_ptr<const Engine>> Compile(World world) {
  IAMEVAL_ASSIGN_OR_RETURN(std::unique_ptr<Engine> engine,
                           Engine::Create(std::move(world)));
  return std::shared_ptr<const Engine>(std::move(engine));
}

// "policy#Sid" and "policy#index" of a finding's statement match `ref`.
bool RefersTo(const std::string& ref, const Finding& f) {
  if (!f.statement.has_value()) return false;
  const StatementRef& s = *f.statement;
  const size_t hash = ref.rfind('#');
  if (hash == std::string::npos || ref.compare(0, hash, s.policy) != 0 ||
      hash != s.policy.size()) {
    return false;
  }
  const absl::string_view which = absl::string_view(ref).substr(hash + 1);
  return (s.sid.has_value() && *s.sid == which) ||
         which == absl::StrCat(s.statement_index);
}

std::string RefOf(const Finding& f) {
  const StatementRef& s = *f.statement;
  return absl::StrCat(s.policy, "#",
                      s.sid.has_value() && !s.sid->empty()
                          ? *s.sid
                          : absl::StrCat(s.statement_index));
}

std::string JoinOrNone(const std::vector<std::string>& list) {
  return list.empty() ? "none" : absl::StrJoin(list, ", ");
}

}  // namespace

std::string ReasonMismatch(const ExpectReason& reason,
                           const EvaluationResult& result) {
  if (reason.empty()) return "";
  const CallResult* deciding =
      result.deciding_call >= 0 &&
              result.deciding_call < static_cast<int>(result.calls.size())
          ? &result.calls[result.deciding_call]
          : nullptr;
  std::vector<std::string> parts;
  if (!reason.layer.empty()) {
    // The layers that decided: the Deny statements' of an explicit deny,
    // else those without a needed Allow (or the refused request).
    std::vector<std::string> layers;
    if (deciding != nullptr) {
      const bool explicit_deny =
          deciding->decision == Decision::kExplicitDeny;
      for (const Finding& f : deciding->explanation) {
        const bool decides =
            explicit_deny ? f.kind == Finding::Kind::kDeniedBy
                          : f.kind == Finding::Kind::kMissingAllow ||
                                f.kind == Finding::Kind::kInvalidRequest;
        if (!decides) continue;
        std::string kind = explain::LayerKindOf(f.layer);
        if (kind.empty()) kind = f.layer.empty() ? "(none)" : f.layer;
        if (std::find(layers.begin(), layers.end(), kind) == layers.end()) {
          layers.push_back(kind);
        }
      }
    }
    if (std::find(layers.begin(), layers.end(), reason.layer) ==
        layers.end()) {
      parts.push_back(absl::StrCat("expected layer ", reason.layer,
                                   ", got ", JoinOrNone(layers)));
    }
  }
  if (!reason.denied_by.empty()) {
    std::vector<std::string> got;
    bool found = false;
    if (deciding != nullptr) {
      for (const Finding& f : deciding->explanation) {
        if (f.kind != Finding::Kind::kDeniedBy || !f.statement.has_value()) {
          continue;
        }
        got.push_back(RefOf(f));
        found = found || RefersTo(reason.denied_by, f);
      }
    }
    if (!found) {
      parts.push_back(absl::StrCat("expected denied_by ", reason.denied_by,
                                   ", got ", JoinOrNone(got)));
    }
  }
  if (!reason.allowed_by.empty()) {
    std::vector<std::string> got;
    bool found = false;
    for (const CallResult& call : result.calls) {
      for (const Finding& f : call.explanation) {
        if (f.kind != Finding::Kind::kAllowedBy || !f.statement.has_value()) {
          continue;
        }
        std::string ref = RefOf(f);
        if (std::find(got.begin(), got.end(), ref) == got.end()) {
          got.push_back(std::move(ref));
        }
        found = found || RefersTo(reason.allowed_by, f);
      }
    }
    if (!found) {
      parts.push_back(absl::StrCat("expected allowed_by ", reason.allowed_by,
                                   ", got ", JoinOrNone(got)));
    }
  }
  return absl::StrJoin(parts, "; ");
}

absl::StatusOr<std::shared_ptr<const Engine>> Runner::EngineFor(
    const json::Node& root, const Source& source,
    const std::string& base_dir) {
  if (!options_.world_override.empty()) {
    const std::string& path = options_.world_override;
    auto it = cache_.find(path);
    if (it != cache_.end()) return it->second;
    IAMEVAL_ASSIGN_OR_RETURN(World world, World::Load(path));
    IAMEVAL_ASSIGN_OR_RETURN(std::shared_ptr<const Engine> engine,
                             Compile(std::move(world)));
    cache_[path] = engine;
    return engine;
  }
  const json::Node* node = root.Find("world");
  constexpr char kWhat[] =
      "\"world\": the path of a world file (relative to the test file) or a "
      "world object";
  if (node == nullptr) {
    return source.Error(root.offset, "", "a test file without \"world\"",
                        kWhat);
  }
  if (node->is_object()) {
    IAMEVAL_ASSIGN_OR_RETURN(
        World world,
        world_loader::ParseWorldNode(*node, source, base_dir, "/world"));
    return Compile(std::move(world));
  }
  if (!node->is_string() || node->text.empty()) {
    return source.Error(node->offset, "/world", json::Describe(*node), kWhat);
  }
  std::string path = world_loader::JoinPath(base_dir, node->text);
  auto it = cache_.find(path);
  if (it != cache_.end()) return it->second;
  absl::StatusOr<std::string> text = ReadInputFile(path);
  if (!text.ok()) {
    return source.ErrorText(
        node->offset, "/world",
        absl::StrCat("found ", json::Describe(*node), " (",
                     text.status().message(),
                     "); expected the path of a world file, relative to ",
                     // Standard input has no directory of its own.
                     source.name() == kStdinName
                         ? "the current directory (the test file is <stdin>)"
                         : "the test file"),
        text.status().code());
  }
  IAMEVAL_ASSIGN_OR_RETURN(
      World world,
      World::Parse(*text, path, world_loader::DirName(path)));
  IAMEVAL_ASSIGN_OR_RETURN(std::shared_ptr<const Engine> engine,
                           Compile(std::move(world)));
  cache_[path] = engine;
  return engine;
}

std::vector<const World*> Runner::worlds() const {
  std::vector<const World*> out;
  out.reserve(engines_.size());
  for (const auto& e : engines_) out.push_back(&e->world());
  return out;
}

absl::StatusOr<std::vector<TestCase>> Runner::ListFile(
    const std::string& path) {
  IAMEVAL_ASSIGN_OR_RETURN(std::string text, ReadInputFile(path));
  IAMEVAL_ASSIGN_OR_RETURN(Parsed parsed, ParseRoot(text, path));
  std::string base_dir = world_loader::DirName(path);
  IAMEVAL_ASSIGN_OR_RETURN(std::shared_ptr<const Engine> engine,
                           EngineFor(parsed.root, *parsed.source, base_dir));
  return ParseTests(parsed.root, *parsed.source, base_dir, engine->world());
}

absl::StatusOr<std::vector<TestResult>> Runner::RunFile(
    const std::string& path) {
  IAMEVAL_ASSIGN_OR_RETURN(std::string text, ReadInputFile(path));
  return RunText(text, path);
}

absl::StatusOr<std::vector<TestResult>> Runner::RunText(
    absl::string_view text, const std::string& path) {
  IAMEVAL_ASSIGN_OR_RETURN(Parsed parsed, ParseRoot(text, path));
  const Source& source = *parsed.source;
  std::string base_dir = world_loader::DirName(path);
  IAMEVAL_ASSIGN_OR_RETURN(std::shared_ptr<const Engine> engine,
                           EngineFor(parsed.root, source, base_dir));
  if (std::find(engines_.begin(), engines_.end(), engine) == engines_.end()) {
    engines_.push_back(engine);
  }
  if (std::vector<Diagnostic> errors = engine->world().PolicyErrors();
      !errors.empty()) {
    policy_errors_[path] = std::move(errors);
  }
  IAMEVAL_ASSIGN_OR_RETURN(
      std::vector<TestCase> tests,
      ParseTests(parsed.root, source, base_dir, engine->world()));
  for (const TestCase& test : tests) {
    request_warnings_.insert(request_warnings_.end(), test.warnings.begin(),
                             test.warnings.end());
  }
  if (tests.empty() && !options_.allow_empty) {
    // A file that tests nothing passes for the wrong reason.
    return source.Error(parsed.root.Find("tests")->offset, "/tests",
                        "an empty \"tests\" array",
                        "at least one test (iameval test --allow-empty "
                        "accepts a file without tests)");
  }
  // The tests own copies of everything they need; free the JSON tree (the
  // largest allocation for big test files) before evaluating.
  parsed.root = json::Node();
  std::vector<TestResult> results;
  results.reserve(tests.size());
  for (const TestCase& test : tests) {
    if (options_.select && !options_.select(test.name)) continue;
    const auto start = std::chrono::steady_clock::now();
    // A pinned reason is checked against the explanation, so such a test is
    // always explained.
    EvaluateOptions options;
    options.explain = options_.explain_all || !test.reason.empty();
    absl::StatusOr<EvaluationResult> result =
        engine->EvaluateChain(test.steps, options);
    if (!result.ok()) {
      // The engine rejects requests it cannot evaluate (a malformed ARN the
      // parser let through); locate the message at the test.
      return source.ErrorText(
          test.offset, test.pointer,
          absl::StrCat("test ", Quote(test.name, 200), ": ",
                       result.status().message()),
          result.status().code());
    }
    TestResult r;
    r.file = path;
    r.name = test.name;
    r.expect = test.expect;
    r.reason = test.reason;
    r.decision = result->decision;
    r.pass = Satisfies(r.decision, r.expect);
    r.result = *std::move(result);
    if (r.pass) {
      r.mismatch = ReasonMismatch(r.reason, r.result);
      r.pass = r.mismatch.empty();
    }
    if (!r.pass && !options.explain) {
      // Explain the failure: the same engine, asked for an explanation.
      absl::StatusOr<EvaluationResult> explained =
          engine->EvaluateChain(test.steps, EvaluateOptions());
      if (explained.ok()) r.result = *std::move(explained);
    }
    for (const Diagnostic& w : test.warnings) {
      r.result.warnings.push_back(absl::StrCat(
          "[", w.code, "] ", w.location.pointer, ": ", w.message));
    }
    r.seconds = std::chrono::duration<double>(
                    std::chrono::steady_clock::now() - start)
                    .count();
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace testfile
}  // namespace iameval
