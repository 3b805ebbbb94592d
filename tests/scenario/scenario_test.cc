// iameval: offline AWS IAM policy evaluation.
//
// Runs every test of fixtures/scenarios/**/*.test.json as its own gtest,
// through lib/testfile: the same runner `iameval test` uses, so a fixture
// passes here exactly when it passes on the command line. Test names are
// <topic>_<file>_<test name> reduced to [A-Za-z0-9_].

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "explain/render.h"
#include "gtest/gtest.h"
#include "testfile/testfile.h"

namespace iameval {
namespace {

namespace fs = std::filesystem;

struct ScenarioParam {
  std::string file;  // path of the .test.json
  std::string name;  // the test's "name"
  std::string id;    // gtest-safe name
};

std::string SafeName(const std::string& text) {
  std::string out;
  bool underscore = false;
  for (char c : text) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9');
    if (alnum) {
      out += c;
      underscore = false;
    } else if (!underscore && !out.empty()) {
      out += '_';
      underscore = true;
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::vector<std::string> TestFiles() {
  std::vector<std::string> files;
  fs::path root = fs::path(IAMEVAL_FIXTURES_DIR) / "scenarios";
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string path = it->path().string();
    if (it->is_regular_file() && path.size() > 10 &&
        path.compare(path.size() - 10, 10, ".test.json") == 0) {
      files.push_back(path);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Enumerates tests at registration time. A file that does not load becomes
// one parameter with an empty name, so the failure shows up as a test.
std::vector<ScenarioParam> AllScenarios() {
  std::vector<ScenarioParam> params;
  std::map<std::string, int> ids;
  testfile::Runner runner;
  fs::path root = fs::path(IAMEVAL_FIXTURES_DIR) / "scenarios";
  for (const std::string& file : TestFiles()) {
    std::string rel = fs::relative(file, root).string();
    rel = rel.substr(0, rel.size() - 10);
    absl::StatusOr<std::vector<testfile::TestCase>> tests =
        runner.ListFile(file);
    if (!tests.ok()) {
      params.push_back({file, "", SafeName(rel + "_does_not_load")});
      continue;
    }
    for (const testfile::TestCase& t : *tests) {
      std::string id = SafeName(absl::StrCat(rel, "_", t.name));
      if (int n = ids[id]++; n > 0) id = absl::StrCat(id, "_", n + 1);
      params.push_back({file, t.name, id});
    }
  }
  return params;
}

class ScenarioTest : public ::testing::TestWithParam<ScenarioParam> {
 protected:
  // One runner (engine cache) and one result set per file, shared by all
  // tests of the suite.
  static const std::vector<testfile::TestResult>* ResultsFor(
      const std::string& file, std::string* error) {
    static auto* runner = new testfile::Runner();
    static auto* cache =
        new std::map<std::string, std::vector<testfile::TestResult>>();
    static auto* errors = new std::map<std::string, std::string>();
    auto it = cache->find(file);
    if (it != cache->end()) return &it->second;
    auto e = errors->find(file);
    if (e != errors->end()) {
      *error = e->second;
      return nullptr;
    }
    absl::StatusOr<std::vector<testfile::TestResult>> results =
        runner->RunFile(file);
    if (!results.ok()) {
      (*errors)[file] = std::string(results.status().message());
      *error = (*errors)[file];
      return nullptr;
    }
    return &cache->emplace(file, *std::move(results)).first->second;
  }
};

TEST_P(ScenarioTest, Passes) {
  const ScenarioParam& p = GetParam();
  std::string error;
  const std::vector<testfile::TestResult>* results = ResultsFor(p.file, &error);
  ASSERT_NE(results, nullptr) << p.file << ": " << error;
  ASSERT_FALSE(p.name.empty()) << p.file << " lists no tests";
  const testfile::TestResult* result = nullptr;
  for (const testfile::TestResult& r : *results) {
    if (r.name == p.name) result = &r;
  }
  ASSERT_NE(result, nullptr) << p.name;
  EXPECT_TRUE(result->pass)
      << p.file << ": " << p.name << "\n  expected "
      << testfile::ExpectName(result->expect) << ", got "
      << DecisionName(result->decision) << "\n"
      << explain::RenderText(result->result, "    ");
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, ScenarioTest, ::testing::ValuesIn(AllScenarios()),
    [](const ::testing::TestParamInfo<ScenarioParam>& info) {
      return info.param.id;
    });

TEST(ScenarioInventoryTest, CoversAtLeastNinetyTests) {
  EXPECT_GE(AllScenarios().size(), 90u);
}

}  // namespace
}  // namespace iameval
