// iameval: offline AWS IAM policy evaluation.
//
// `iameval import aws` at account scale: a generated export of one account
// with 5,000 roles, 2,000 users, 50 groups, 20,000 customer managed policies
// (each attached at least once), 1,000 secrets with resource policies under
// 10 customer managed KMS keys, in the layout of docs/import.md and the
// shapes the AWS CLI prints (get-account-authorization-details with policy
// documents as JSON objects, list-roles, list-secrets, get-resource-policy,
// list-keys, list-aliases, describe-key, get-key-policy,
// list-resource-tags). Sizes can be scaled with --benchmark_filter on the
// argument (the percentage of the full size).
//
//   BM_ImportAws          ImportAws(dir): read, validate, build, and load
//                         the built world (what `iameval import aws` does
//                         before writing)
//   BM_LoadImportedWorld  World::Parse of the imported world file text
//   BM_CompileImported    Engine::Create of the loaded world
//
// IAMEVAL_BENCH_EXPORT_DIR=DIR writes the exports to DIR/export-<percent>
// and keeps them, so the command line can be timed on the same input.
//
// Targets (docs/benchmarks.md, "Import"): import <= 2 s, load <= 1 s at
// 100%. The export is generated once per process into a temporary
// directory, outside the timed loops, and is deterministic.

#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "iameval/engine.h"
#include "iameval/import.h"
#include "iameval/world.h"

namespace iameval {
namespace {

namespace fs = std::filesystem;

constexpr char kAccount[] = "111122223333";
constexpr char kRegion[] = "eu-west-1";

void WriteFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Ids in the shapes IAM gives them (prefix + 17 uppercase letters/digits).
std::string Id(const char* prefix, int i) {
  char digits[32];
  std::snprintf(digits, sizeof(digits), "%017d", i);
  return absl::StrCat(prefix, digits);
}

std::string IdentityDoc(int i) {
  return absl::StrCat(
      R"({"Version":"2012-10-17","Statement":[{"Sid":"Read)", i,
      R"(","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],)"
      R"("Resource":["arn:aws:s3:::bucket-)", i % 97, R"(","arn:aws:s3:::bucket-)",
      i % 97, R"(/*"],"Condition":{"StringEquals":{"aws:PrincipalTag/team":"t)",
      i % 13, R"("}}},{"Effect":"Deny","Action":"secretsmanager:DeleteSecret",)"
      R"("Resource":"*"}]})");
}

std::string TrustDoc(int i) {
  return absl::StrCat(
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":)"
      R"({"AWS":"arn:aws:iam::)", kAccount, R"(:root"},"Action":"sts:AssumeRole",)"
      R"("Condition":{"StringEquals":{"sts:ExternalId":"ext-)", i, R"("}}}]})");
}

std::string Tags(int i) {
  return absl::StrCat(R"([{"Key":"team","Value":"t)", i % 13,
                      R"("},{"Key":"env","Value":"prod"}])");
}

struct Sizes {
  int roles, users, groups, policies, secrets, keys;
};

// Writes the export for `s` under `dir`/<account>/.
void GenerateExport(const fs::path& dir, const Sizes& s) {
  const fs::path acct = dir / kAccount;
  std::string auth = R"({"UserDetailList":[)";
  for (int i = 0; i < s.users; ++i) {
    if (i > 0) auth += ",";
    absl::StrAppend(
        &auth, R"({"Path":"/","UserName":"user)", i, R"(","UserId":")",
        Id("AIDA", i), R"(","Arn":"arn:aws:iam::)", kAccount, ":user/user", i,
        R"(","CreateDate":"2024-01-01T00:00:00+00:00","UserPolicyList":[)"
        R"({"PolicyName":"inline","PolicyDocument":)", IdentityDoc(i),
        R"(}],"GroupList":["group)", i % s.groups,
        R"("],"AttachedManagedPolicies":[{"PolicyName":"policy)",
        (i * 7) % s.policies, R"(","PolicyArn":"arn:aws:iam::)", kAccount,
        ":policy/policy", (i * 7) % s.policies, R"("}],"Tags":)", Tags(i), "}");
  }
  auth += R"(],"GroupDetailList":[)";
  for (int i = 0; i < s.groups; ++i) {
    if (i > 0) auth += ",";
    absl::StrAppend(
        &auth, R"({"Path":"/","GroupName":"group)", i, R"(","GroupId":")",
        Id("AGPA", i), R"(","Arn":"arn:aws:iam::)", kAccount, ":group/group",
        i, R"(","CreateDate":"2024-01-01T00:00:00+00:00","GroupPolicyList":[)"
        R"({"PolicyName":"group-inline","PolicyDocument":)", IdentityDoc(i),
        R"(}],"AttachedManagedPolicies":[]})");
  }
  auth += R"(],"RoleDetailList":[)";
  std::string list_roles = R"({"Roles":[)";
  for (int i = 0; i < s.roles; ++i) {
    if (i > 0) {
      auth += ",";
      list_roles += ",";
    }
    const std::string arn =
        absl::StrCat("arn:aws:iam::", kAccount, ":role/app/role", i);
    std::string attached;
    for (int k = 0; k < 4; ++k) {
      int p = (i * 4 + k) % s.policies;
      absl::StrAppend(&attached, k > 0 ? "," : "", R"({"PolicyName":"policy)",
                      p, R"(","PolicyArn":"arn:aws:iam::)", kAccount,
                      ":policy/policy", p, R"("})");
    }
    absl::StrAppend(
        &auth, R"({"Path":"/app/","RoleName":"role)", i, R"(","RoleId":")",
        Id("AROA", i), R"(","Arn":")", arn,
        R"(","CreateDate":"2024-01-01T00:00:00+00:00","AssumeRolePolicyDocument":)",
        TrustDoc(i), R"(,"InstanceProfileList":[],"RolePolicyList":[)"
        R"({"PolicyName":"inline","PolicyDocument":)", IdentityDoc(i + 1),
        R"(}],"AttachedManagedPolicies":[)", attached, R"(],"Tags":)", Tags(i),
        R"(,"RoleLastUsed":{}})");
    absl::StrAppend(&list_roles, R"({"Path":"/app/","RoleName":"role)", i,
                    R"(","RoleId":")", Id("AROA", i), R"(","Arn":")", arn,
                    R"(","CreateDate":"2024-01-01T00:00:00+00:00",)"
                    R"("AssumeRolePolicyDocument":)", TrustDoc(i),
                    R"(,"MaxSessionDuration":)", 3600 + (i % 4) * 3600, "}");
  }
  list_roles += "]}";
  auth += R"(],"Policies":[)";
  for (int i = 0; i < s.policies; ++i) {
    if (i > 0) auth += ",";
    absl::StrAppend(
        &auth, R"({"PolicyName":"policy)", i, R"(","PolicyId":")",
        Id("ANPA", i), R"(","Arn":"arn:aws:iam::)", kAccount,
        ":policy/policy", i,
        R"(","Path":"/","DefaultVersionId":"v1","AttachmentCount":1,)"
        R"("PermissionsBoundaryUsageCount":0,"IsAttachable":true,)"
        R"("CreateDate":"2024-01-01T00:00:00+00:00",)"
        R"("UpdateDate":"2024-01-01T00:00:00+00:00","PolicyVersionList":[)"
        R"({"Document":)", IdentityDoc(i + 2),
        R"(,"VersionId":"v1","IsDefaultVersion":true,)"
        R"("CreateDate":"2024-01-01T00:00:00+00:00"}]})");
  }
  auth += R"(],"IsTruncated":false})";
  WriteFile(acct / "iam" / "get-account-authorization-details.json", auth);
  WriteFile(acct / "iam" / "list-roles.json", list_roles);

  const fs::path kms = acct / kRegion / "kms";
  std::string keys = R"({"Keys":[)";
  std::string aliases = R"({"Aliases":[)";
  std::vector<std::string> key_ids;
  for (int k = 0; k < s.keys; ++k) {
    char id[64];
    std::snprintf(id, sizeof(id), "%08d-12ab-34cd-56ef-1234567890ab", k);
    key_ids.push_back(id);
    const std::string key_arn =
        absl::StrCat("arn:aws:kms:", kRegion, ":", kAccount, ":key/", id);
    absl::StrAppend(&keys, k > 0 ? "," : "", R"({"KeyId":")", id,
                    R"(","KeyArn":")", key_arn, R"("})");
    absl::StrAppend(&aliases, k > 0 ? "," : "", R"({"AliasName":"alias/key)",
                    k, R"(","AliasArn":"arn:aws:kms:)", kRegion, ":", kAccount,
                    ":alias/key", k, R"(","TargetKeyId":")", id, R"("})");
    const fs::path kd = kms / id;
    WriteFile(kd / "describe-key.json",
              absl::StrCat(R"({"KeyMetadata":{"AWSAccountId":")", kAccount,
                           R"(","KeyId":")", id, R"(","Arn":")", key_arn,
                           R"(","CreationDate":"2024-01-01T00:00:00+00:00",)"
                           R"("Enabled":true,"Description":"",)"
                           R"("KeyUsage":"ENCRYPT_DECRYPT","KeyState":"Enabled",)"
                           R"("Origin":"AWS_KMS","KeyManager":"CUSTOMER",)"
                           R"("CustomerMasterKeySpec":"SYMMETRIC_DEFAULT",)"
                           R"("KeySpec":"SYMMETRIC_DEFAULT",)"
                           R"("EncryptionAlgorithms":["SYMMETRIC_DEFAULT"],)"
                           R"("MultiRegion":false}})"));
    const std::string key_policy = absl::StrCat(
        R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Enable IAM\",)"
        R"(\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::)",
        kAccount, R"(:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]})");
    WriteFile(kd / "get-key-policy.json",
              absl::StrCat(R"({"Policy":")", key_policy,
                           R"(","PolicyName":"default"})"));
    WriteFile(kd / "list-resource-tags.json",
              R"({"Tags":[{"TagKey":"team","TagValue":"data"}],"Truncated":false})");
  }
  WriteFile(kms / "list-keys.json", keys + "]}");
  WriteFile(kms / "list-aliases.json", aliases + "]}");

  const fs::path sm = acct / kRegion / "secretsmanager";
  std::string secrets = R"({"SecretList":[)";
  for (int i = 0; i < s.secrets; ++i) {
    const std::string name = absl::StrCat("app/secret", i);
    const std::string arn = absl::StrCat("arn:aws:secretsmanager:", kRegion, ":",
                                         kAccount, ":secret:", name, "-AbCdEf");
    absl::StrAppend(&secrets, i > 0 ? "," : "", R"({"ARN":")", arn,
                    R"(","Name":")", name, R"(","KmsKeyId":"alias/key)",
                    i % s.keys, R"(","Tags":)", Tags(i), "}");
    const std::string policy = absl::StrCat(
        R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",)"
        R"(\"Principal\":{\"AWS\":\"arn:aws:iam::)", kAccount, R"(:role/app/role)",
        i % s.roles, R"(\"},\"Action\":\"secretsmanager:GetSecretValue\",)"
        R"(\"Resource\":\"*\"}]})");
    char file[32];
    std::snprintf(file, sizeof(file), "%05d.json", i);
    WriteFile(sm / "get-resource-policy" / file,
              absl::StrCat(R"({"ARN":")", arn, R"(","Name":")", name,
                           R"(","ResourcePolicy":")", policy, R"("})"));
  }
  WriteFile(sm / "list-secrets.json", secrets + "]}");
}

// The export at `percent` of the full size, generated once per size.
const std::string& ExportDir(int percent) {
  static std::map<int, std::string>* dirs = new std::map<int, std::string>;
  auto it = dirs->find(percent);
  if (it != dirs->end()) return it->second;
  auto scale = [percent](int n) { return std::max(1, n * percent / 100); };
  Sizes s{scale(5000), scale(2000), scale(50), scale(20000), scale(1000), 10};
  // IAMEVAL_BENCH_EXPORT_DIR: generate there and keep it (to time the
  // whole `iameval import aws` process on the same export).
  const char* keep = std::getenv("IAMEVAL_BENCH_EXPORT_DIR");
  fs::path dir = keep != nullptr && *keep != '\0'
                     ? fs::path(keep) / absl::StrCat("export-", percent)
                     : fs::temp_directory_path() /
                           absl::StrCat("iameval-import-bench-", getpid(), "-",
                                        percent);
  fs::remove_all(dir);
  GenerateExport(dir, s);
  return (*dirs)[percent] = dir.string();
}

uint64_t DirBytes(const std::string& dir) {
  uint64_t total = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) total += e.file_size();
  }
  return total;
}

void BM_ImportAws(benchmark::State& state) {
  const std::string& dir = ExportDir(static_cast<int>(state.range(0)));
  size_t notes = 0;
  for (auto _ : state) {
    absl::StatusOr<ImportResult> r = ImportAws(dir);
    if (!r.ok()) {
      state.SkipWithError(std::string(r.status().message()).c_str());
      return;
    }
    notes = r->notes.size();
    benchmark::DoNotOptimize(r->world.roles.size());
  }
  state.counters["export_MB"] = DirBytes(dir) / 1e6;
  state.counters["notes"] = notes;
  state.SetBytesProcessed(state.iterations() * DirBytes(dir));
}
BENCHMARK(BM_ImportAws)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_LoadImportedWorld(benchmark::State& state) {
  absl::StatusOr<ImportResult> r =
      ImportAws(ExportDir(static_cast<int>(state.range(0))));
  if (!r.ok()) {
    state.SkipWithError(std::string(r.status().message()).c_str());
    return;
  }
  for (auto _ : state) {
    absl::StatusOr<World> w = World::Parse(r->world_json, "world.json", "");
    if (!w.ok()) {
      state.SkipWithError(std::string(w.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(w->roles.size());
  }
  state.counters["world_MB"] = r->world_json.size() / 1e6;
  state.SetBytesProcessed(state.iterations() * r->world_json.size());
}
BENCHMARK(BM_LoadImportedWorld)->Arg(10)->Arg(100)
    ->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CompileImported(benchmark::State& state) {
  absl::StatusOr<ImportResult> r =
      ImportAws(ExportDir(static_cast<int>(state.range(0))));
  if (!r.ok()) {
    state.SkipWithError(std::string(r.status().message()).c_str());
    return;
  }
  for (auto _ : state) {
    absl::StatusOr<std::unique_ptr<Engine>> e = Engine::Create(r->world);
    if (!e.ok()) {
      state.SkipWithError(std::string(e.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(e->get());
  }
}
BENCHMARK(BM_CompileImported)->Arg(10)->Arg(100)
    ->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace iameval

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  // The generated exports.
  for (const auto& e : std::filesystem::directory_iterator(
           std::filesystem::temp_directory_path())) {
    if (e.path().filename().string().rfind(
            absl::StrCat("iameval-import-bench-", getpid(), "-"), 0) == 0) {
      std::filesystem::remove_all(e.path());
    }
  }
  return 0;
}
