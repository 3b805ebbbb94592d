// iameval: offline AWS IAM policy evaluation.
//
// World::Load / World::Parse: read the file, parse the JSON, and hand the
// tree to the loader (world/loader.h), which holds every rule.

#include <string>
#include <utility>

#include "base/file.h"
#include "base/source.h"
#include "base/status_macros.h"
#include "iameval/world.h"
#include "json/reader.h"
#include "world/loader.h"

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

}  // namespace iameval
