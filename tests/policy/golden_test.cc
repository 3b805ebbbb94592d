// iameval: offline AWS IAM policy evaluation.
//
// Golden tests over fixtures/policies:
//   valid/<name>.<kind>.json     must parse; `<name>.lint.expected` holds the
//                                exact `iameval lint` text output.
//   invalid/<name>.<kind>.json   must fail to parse; `<name>.expected` holds
//                                the exact one-line Policy::Parse error.
// IAMEVAL_UPDATE_GOLDENS=1 rewrites the expected files instead of comparing.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "iameval/policy.h"
#include "policy/lint_render.h"
#include "policy/parse.h"

namespace iameval {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  fs::path path;
  std::string stem;  // <name>
  PolicyKind kind;
};

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool Updating() {
  const char* v = std::getenv("IAMEVAL_UPDATE_GOLDENS");
  return v != nullptr && std::string(v) == "1";
}

// Lists <dir>/*.<kind>.json; fails the test for a file whose kind part is
// not a policy kind.
std::vector<Fixture> List(const std::string& sub) {
  std::vector<Fixture> out;
  fs::path dir = fs::path(IAMEVAL_FIXTURES_DIR) / "policies" / sub;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (name.size() < 5 || name.substr(name.size() - 5) != ".json") continue;
    std::string base = name.substr(0, name.size() - 5);
    size_t dot = base.rfind('.');
    std::optional<PolicyKind> kind =
        dot == std::string::npos ? std::nullopt
                                 : ParsePolicyKind(base.substr(dot + 1));
    if (!kind.has_value()) {
      ADD_FAILURE() << name << ": file name lacks .<kind>.json";
      continue;
    }
    out.push_back({e.path(), base.substr(0, dot), *kind});
  }
  std::sort(out.begin(), out.end(), [](const Fixture& a, const Fixture& b) {
    return a.path < b.path;
  });
  return out;
}

void CompareOrUpdate(const fs::path& expected_path, const std::string& actual) {
  if (Updating()) {
    std::ofstream(expected_path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(expected_path))
      << expected_path << " missing; run with IAMEVAL_UPDATE_GOLDENS=1";
  EXPECT_EQ(ReadAll(expected_path), actual) << expected_path;
}

TEST(GoldenTest, ValidPoliciesParseAndLintAsRecorded) {
  std::vector<Fixture> fixtures = List("valid");
  EXPECT_GE(fixtures.size(), 15u);
  for (const Fixture& f : fixtures) {
    SCOPED_TRACE(f.path.string());
    std::string text = ReadAll(f.path);
    ParseOptions options;
    options.file = f.path.filename().string();
    absl::StatusOr<Policy> p = Policy::Parse(text, f.kind, options);
    ASSERT_TRUE(p.ok()) << p.status();
    EXPECT_FALSE(p->statements().empty());
    EXPECT_EQ(p->name(), options.file);
    std::vector<Diagnostic> d = Lint(text, f.kind, options);
    for (const Diagnostic& x : d) {
      EXPECT_FALSE(IsFatal(x)) << x.code << " " << x.message;
    }
    std::string rendered =
        policy::RenderLintText({{options.file, std::move(d), text, ""}});
    CompareOrUpdate(f.path.parent_path() / (f.stem + ".lint.expected"),
                    rendered);
  }
}

TEST(GoldenTest, InvalidPoliciesFailWithRecordedMessage) {
  std::vector<Fixture> fixtures = List("invalid");
  EXPECT_GE(fixtures.size(), 30u);
  for (const Fixture& f : fixtures) {
    SCOPED_TRACE(f.path.string());
    std::string text = ReadAll(f.path);
    ParseOptions options;
    options.file = f.path.filename().string();
    absl::StatusOr<Policy> p = Policy::Parse(text, f.kind, options);
    ASSERT_FALSE(p.ok()) << f.path;
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
    std::string message(p.status().message());
    // Lint agrees: the Parse error is one of its fatal findings.
    std::vector<Diagnostic> d = Lint(text, f.kind, options);
    std::optional<SourceLocation> loc = LocationOf(p.status());
    ASSERT_TRUE(loc.has_value());
    bool found = false;
    for (const Diagnostic& x : d) {
      found |= IsFatal(x) && x.location.line == loc->line &&
               x.location.column == loc->column &&
               x.location.pointer == loc->pointer &&
               message.find(x.message) != std::string::npos;
    }
    EXPECT_TRUE(found) << message;
    CompareOrUpdate(f.path.parent_path() / (f.stem + ".expected"),
                    message + "\n");
  }
}

}  // namespace
}  // namespace iameval
