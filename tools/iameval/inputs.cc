// iameval: offline AWS IAM policy evaluation.

#include "inputs.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/file.h"
#include "re2/re2.h"

namespace iameval {
namespace cli {

namespace {

std::string Join(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (absl::EndsWith(dir, "/")) return dir + name;
  return absl::StrCat(dir, "/", name);
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// One entry of a directory listing.
struct Entry {
  std::string name;
  bool directory = false;  // a real directory, not a link to one
  bool file = false;       // anything else that stat() can see
};

// The entries of `dir` ("" = the current directory), sorted by name,
// without "." and "..". Hidden entries are kept; callers decide.
absl::StatusOr<std::vector<Entry>> List(const std::string& dir) {
  const std::string open_as = dir.empty() ? "." : dir;
  std::unique_ptr<DIR, int (*)(DIR*)> d(::opendir(open_as.c_str()),
                                        &::closedir);
  if (d == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(open_as, ": cannot read: ", std::strerror(errno)));
  }
  std::vector<Entry> entries;
  while (const dirent* e = ::readdir(d.get())) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    Entry entry;
    entry.name = name;
    struct stat st;
    const std::string path = Join(dir, name);
    if (::lstat(path.c_str(), &st) != 0) continue;  // gone meanwhile
    if (S_ISDIR(st.st_mode)) {
      entry.directory = true;
    } else if (S_ISLNK(st.st_mode)) {
      // A link to a directory is not followed (no cycles); a link to
      // anything else is read as what it points to.
      struct stat target;
      if (::stat(path.c_str(), &target) != 0 || S_ISDIR(target.st_mode)) {
        continue;
      }
      entry.file = true;
    } else {
      entry.file = true;
    }
    entries.push_back(std::move(entry));
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.name < b.name; });
  return entries;
}

// Appends the files under `dir` whose names end in `suffix`.
absl::Status Walk(const std::string& dir, absl::string_view suffix,
                  std::vector<std::string>* out) {
  absl::StatusOr<std::vector<Entry>> entries = List(dir);
  if (!entries.ok()) return entries.status();
  for (const Entry& e : *entries) {
    if (absl::StartsWith(e.name, ".")) continue;
    const std::string path = Join(dir, e.name);
    if (e.directory) {
      if (absl::Status s = Walk(path, suffix, out); !s.ok()) return s;
    } else if (absl::EndsWith(e.name, suffix)) {
      out->push_back(path);
    }
  }
  return absl::OkStatus();
}

// Appends the matches of segments[i..] under `dir` ("" = the current
// directory). A match that is a directory is walked for `suffix`.
absl::Status Expand(const std::string& dir,
                    const std::vector<std::string>& segments, size_t i,
                    absl::string_view suffix, std::vector<std::string>* out) {
  if (i == segments.size()) {
    if (IsDirectory(dir.empty() ? "." : dir)) return Walk(dir, suffix, out);
    out->push_back(dir);
    return absl::OkStatus();
  }
  const std::string& segment = segments[i];
  if (segment == "**") {
    if (i + 1 == segments.size()) return Walk(dir, suffix, out);
    // Zero directories, then one more level at a time.
    if (absl::Status s = Expand(dir, segments, i + 1, suffix, out); !s.ok()) {
      return s;
    }
    absl::StatusOr<std::vector<Entry>> entries = List(dir);
    if (!entries.ok()) return entries.status();
    for (const Entry& e : *entries) {
      if (!e.directory || absl::StartsWith(e.name, ".")) continue;
      if (absl::Status s = Expand(Join(dir, e.name), segments, i, suffix, out);
          !s.ok()) {
        return s;
      }
    }
    return absl::OkStatus();
  }
  if (!IsPattern(segment)) {
    const std::string path = Join(dir, segment);
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return absl::OkStatus();
    // "README.md/*.json" matches nothing (it is not an unreadable folder).
    if (i + 1 < segments.size() && !S_ISDIR(st.st_mode)) {
      return absl::OkStatus();
    }
    return Expand(path, segments, i + 1, suffix, out);
  }
  absl::StatusOr<std::vector<Entry>> entries = List(dir);
  if (!entries.ok()) return entries.status();
  const bool last = i + 1 == segments.size();
  for (const Entry& e : *entries) {
    if (!last && !e.directory) continue;
    if (::fnmatch(segment.c_str(), e.name.c_str(), FNM_PERIOD) != 0) continue;
    if (absl::Status s = Expand(Join(dir, e.name), segments, i + 1, suffix,
                                out);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

bool IsPattern(absl::string_view arg) {
  return arg.find_first_of("*?[") != absl::string_view::npos;
}

absl::StatusOr<std::vector<std::string>> ExpandInputs(
    const std::vector<std::string>& args, absl::string_view suffix) {
  std::vector<std::string> inputs;
  std::set<std::string> seen;
  for (const std::string& arg : args) {
    std::vector<std::string> found;
    struct stat st;
    const bool exists = ::stat(arg.c_str(), &st) == 0;
    if (arg == kStdinArgument) {
      if (seen.count(arg) > 0) {
        return absl::InvalidArgumentError(
            "-: found standard input named twice; expected it once");
      }
      found.push_back(arg);
    } else if (exists && S_ISDIR(st.st_mode)) {
      // "." lists "a.json", not "./a.json".
      const std::string root = arg == "." || arg == "./" ? "" : arg;
      if (absl::Status s = Walk(root, suffix, &found); !s.ok()) return s;
      if (found.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(arg, ": found a directory without *", suffix,
                         " files; expected at least one"));
      }
      std::sort(found.begin(), found.end());
    } else if (!exists && IsPattern(arg)) {
      std::vector<std::string> segments =
          absl::StrSplit(arg, '/', absl::SkipEmpty());
      const std::string root = absl::StartsWith(arg, "/") ? "/" : "";
      if (absl::Status s = Expand(root, segments, 0, suffix, &found);
          !s.ok()) {
        return s;
      }
      if (found.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            arg, ": found no file matching the pattern; expected at least "
                 "one"));
      }
      std::sort(found.begin(), found.end());
    } else {
      found.push_back(arg);  // read later; a missing file is named then
    }
    // A file named twice runs once, however it is spelt ("a.json",
    // "./a.json", "d/../a.json"); it keeps the first spelling.
    for (std::string& path : found) {
      const std::string key =
          path == kStdinArgument
              ? path
              : std::filesystem::path(path).lexically_normal().string();
      if (seen.insert(key).second) inputs.push_back(std::move(path));
    }
  }
  return inputs;
}

std::string InputName(const std::string& arg) {
  return arg == kStdinArgument ? std::string(kStdinName) : arg;
}

absl::StatusOr<std::string> ReadInput(const std::string& arg) {
  if (arg == kStdinArgument) return ReadStdin();
  return ReadInputFile(arg);
}

absl::StatusOr<std::vector<testfile::TestResult>> RunTestInput(
    testfile::Runner& runner, const std::string& arg) {
  if (arg != kStdinArgument) return runner.RunFile(arg);
  absl::StatusOr<std::string> text = ReadStdin();
  if (!text.ok()) return text.status();
  // "<stdin>" has no directory: its relative paths resolve against the
  // current directory.
  return runner.RunText(*text, InputName(arg));
}

absl::StatusOr<World> LoadWorldInput(const std::string& arg) {
  if (arg != kStdinArgument) return World::Load(arg);
  absl::StatusOr<std::string> text = ReadStdin();
  if (!text.ok()) return text.status();
  return World::Parse(*text, InputName(arg), "");
}

absl::StatusOr<std::function<bool(absl::string_view)>> TestNameSelector(
    const std::string& pattern) {
  auto re = std::make_shared<RE2>(pattern, RE2::Quiet);
  if (!re->ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--run: found \"", pattern, "\" (", re->error(),
                     "); expected an RE2 regular expression"));
  }
  return std::function<bool(absl::string_view)>(
      [re](absl::string_view name) {
        return RE2::PartialMatch(re2::StringPiece(name.data(), name.size()),
                                 *re);
      });
}

}  // namespace cli
}  // namespace iameval
