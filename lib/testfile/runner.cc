// iameval: offline AWS IAM policy evaluation.
//
// Runs test files: load (or reuse) the world's engine, parse the tests
// against that world, evaluate every test as a chain.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
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

}  // namespace

absl::StatusOr<std::shared_ptr<const Engine>> Runner::EngineFor(
    const json::Node& root, const Source& source,
    const std::string& base_dir) {
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
  if (std::vector<Diagnostic> errors = engine->world().PolicyErrors();
      !errors.empty()) {
    policy_errors_[path] = std::move(errors);
  }
  IAMEVAL_ASSIGN_OR_RETURN(
      std::vector<TestCase> tests,
      ParseTests(parsed.root, source, base_dir, engine->world()));
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
  EvaluateOptions options;
  options.explain = options_.explain_all;
  std::vector<TestResult> results;
  results.reserve(tests.size());
  for (const TestCase& test : tests) {
    if (options_.select && !options_.select(test.name)) continue;
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
    r.decision = result->decision;
    r.pass = Satisfies(r.decision, r.expect);
    r.result = *std::move(result);
    if (!r.pass && !options.explain) {
      // Explain the failure: the same engine, asked for an explanation.
      absl::StatusOr<EvaluationResult> explained =
          engine->EvaluateChain(test.steps, EvaluateOptions());
      if (explained.ok()) r.result = *std::move(explained);
    }
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace testfile
}  // namespace iameval
