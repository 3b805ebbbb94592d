// iameval: offline AWS IAM policy evaluation.
//
// The Organizations reader over fixtures/import/aws-org/<case>/export/
// organizations (each case's README.md says what it covers):
//   world.golden.json, report.golden.txt   the world and the report built
//                                          from the organization alone;
//   error.golden.txt                       the located error, for a case
//                                          the import must refuse.
// IAMEVAL_UPDATE_GOLDENS=1 rewrites the golden files instead of comparing.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "iameval/import.h"
#include "import/aws_internal.h"
#include "import/builder.h"

namespace iameval {
namespace {

namespace fs = std::filesystem;

const fs::path& CasesDir() {
  static const fs::path dir =
      fs::path(IAMEVAL_FIXTURES_DIR) / "import" / "aws-org";
  return dir;
}

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

void CompareOrUpdate(const fs::path& expected_path, const std::string& actual) {
  if (Updating()) {
    std::ofstream(expected_path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(expected_path))
      << expected_path << " missing; run with IAMEVAL_UPDATE_GOLDENS=1";
  EXPECT_EQ(ReadAll(expected_path), actual) << expected_path;
}

std::vector<std::string> Cases() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(CasesDir())) {
    if (e.is_directory()) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Reads <case>/export/organizations alone, named as `iameval import aws
// export` names it, and finishes the world.
absl::StatusOr<ImportResult> ImportCase(const std::string& name) {
  import_internal::Builder builder;
  absl::Status s = import_internal::ImportOrganization(
      (CasesDir() / name / "export" / "organizations").string(),
      "export/organizations", &builder);
  if (!s.ok()) return s;
  return std::move(builder).Finish("world");
}

TEST(AwsOrgTest, Goldens) {
  std::vector<std::string> cases = Cases();
  ASSERT_GE(cases.size(), 3u);
  for (const std::string& name : cases) {
    SCOPED_TRACE(name);
    const fs::path dir = CasesDir() / name;
    EXPECT_TRUE(fs::exists(dir / "README.md"));
    absl::StatusOr<ImportResult> r = ImportCase(name);
    const bool error_case = name.rfind("error-", 0) == 0;
    if (error_case) {
      ASSERT_FALSE(r.ok()) << "the import of an error case succeeded";
      EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
      CompareOrUpdate(dir / "error.golden.txt",
                      std::string(r.status().message()) + "\n");
      continue;
    }
    ASSERT_TRUE(r.ok()) << r.status();
    CompareOrUpdate(dir / "world.golden.json", r->world_json);
    CompareOrUpdate(dir / "report.golden.txt", RenderImportReport(r->notes));
  }
}

// What the basic case means, independent of how the world is written.
TEST(AwsOrgTest, BasicLevelsPathsAndManagement) {
  absl::StatusOr<ImportResult> r = ImportCase("basic");
  ASSERT_TRUE(r.ok()) << r.status();
  const World& w = r->world;
  // The suspended account has no entry; the other three do.
  ASSERT_EQ(w.accounts.size(), 3u);
  ASSERT_EQ(w.accounts.count("999900001111"), 0u);

  const Account& mgmt = w.accounts.at("111111111111");
  EXPECT_TRUE(mgmt.management);
  EXPECT_EQ(mgmt.org_id, "o-a1b2c3d4e5");
  EXPECT_EQ(mgmt.org_paths,
            std::vector<std::string>{"o-a1b2c3d4e5/r-ab12/"});

  // Two OU levels: root, Workloads, Prod, then the account itself.
  const Account& prod = w.accounts.at("222233334444");
  EXPECT_FALSE(prod.management);
  EXPECT_EQ(prod.org_paths,
            std::vector<std::string>{
                "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/"});
  ASSERT_TRUE(prod.scps.has_value());
  ASSERT_EQ(prod.scps->size(), 4u);
  // root: FullAWSAccess + DenyLeaveOrg; Workloads: + DenyOutsideEU;
  // Prod: FullAWSAccess; the account: + ProdNoDeleteSecrets.
  EXPECT_EQ((*prod.scps)[0].size(), 2u);
  EXPECT_EQ((*prod.scps)[1].size(), 2u);
  EXPECT_EQ((*prod.scps)[2].size(), 1u);
  EXPECT_EQ((*prod.scps)[3].size(), 2u);
  EXPECT_EQ((*prod.scps)[3][1].name(), "ProdNoDeleteSecrets");
  ASSERT_TRUE(prod.rcps.has_value());
  ASSERT_EQ(prod.rcps->size(), 4u);
  EXPECT_EQ((*prod.rcps)[2].size(), 2u);  // RCPFullAWSAccess + perimeter
  EXPECT_EQ((*prod.rcps)[2][1].name(), "EnforceOrgIdentities");

  const Account& dev = w.accounts.at("555566667777");
  EXPECT_EQ(dev.org_paths, std::vector<std::string>{
                               "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"});
  ASSERT_TRUE(dev.scps.has_value());
  EXPECT_EQ(dev.scps->size(), 3u);
}

TEST(AwsOrgTest, PolicyTypeNotEnabledWritesNoLevels) {
  absl::StatusOr<ImportResult> r = ImportCase("rcp-not-enabled");
  ASSERT_TRUE(r.ok()) << r.status();
  const Account& prod = r->world.accounts.at("222233334444");
  EXPECT_TRUE(prod.scps.has_value());
  EXPECT_FALSE(prod.rcps.has_value());
}

}  // namespace
}  // namespace iameval
