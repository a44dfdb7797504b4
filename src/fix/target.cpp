#include "fix/target.hpp"

#include "util/system.hpp"

namespace fs = std::filesystem;

namespace fix {
namespace {

bool is_inside(const fs::path& file, const fs::path& folder) {
  const fs::path relative = file.lexically_relative(folder);
  return !relative.empty() && *relative.begin() != ".." && relative != ".";
}

std::size_t depth(const fs::path& p) { return static_cast<std::size_t>(std::distance(p.begin(), p.end())); }

fs::path longest_containing(const fs::path& file, const std::vector<fs::path>& folders) {
  fs::path best;
  for (const auto& folder : folders) {
    const fs::path normal = fs::absolute(folder).lexically_normal();
    if (normal == normal.root_path() || !is_inside(file, normal)) continue;
    if (best.empty() || depth(normal) > depth(best)) best = normal;
  }
  return best;
}

}  // namespace

fs::path home_for(const fs::path& file, const std::vector<fs::path>& homes) {
  const fs::path normal = fs::absolute(file).lexically_normal();
  fs::path home = longest_containing(normal, homes);
  if (home.empty() && util::running_privileged()) home = longest_containing(normal, util::user_database_homes());
  // A trailing separator would make the relative walk below see an empty component.
  if (!home.empty() && !home.has_filename()) home = home.parent_path();
  return home;
}

util::Result<Target> open_target(const fs::path& file, const std::vector<fs::path>& homes) {
  Target target;
  target.path = fs::absolute(file).lexically_normal();
  target.name = target.path.filename().string();
  if (target.name.empty() || target.name == "." || target.name == "..") {
    return util::make_error(target.path.string() + ": is not a file name");
  }
  target.home = home_for(target.path, homes);
  fs::path root = target.home;
  if (root.empty() && util::running_privileged()) root = target.path.root_path();
  auto folder = util::open_folder_beneath(root, target.path.parent_path());
  if (!folder) return folder.error();
  target.folder = std::move(folder.value());
  if (!target.home.empty()) {
    auto home_folder = util::open_folder_beneath({}, target.home);
    if (!home_folder) return home_folder.error();
    auto st = util::status_of(home_folder->get(), target.home);
    if (!st) return st.error();
    target.owner = st->owner;
  }
  return target;
}

util::Result<Contents> read_target(const Target& target) {
  auto file = util::open_regular_file_at(target.folder.get(), target.name, target.path);
  if (!file) return file.error();
  Contents contents;
  auto st = util::status_of(file->get(), target.path);
  if (!st) return st.error();
  contents.st = *st;
  if (target.owner && contents.st.owner != *target.owner) {
    return util::make_error(target.path.string() + ": owned by uid " + std::to_string(contents.st.owner) +
                            ", not by the owner of " + target.home.string() + " (uid " +
                            std::to_string(*target.owner) + "); refusing");
  }
  auto bytes = util::read_fd(file->get(), target.path);
  if (!bytes) return bytes.error();
  contents.bytes = std::move(bytes.value());
  return contents;
}

util::Result<bool> target_exists(const Target& target) {
  auto st = util::stat_entry_at(target.folder.get(), target.name, target.path);
  if (!st) return st.error();
  return st->has_value();
}

}  // namespace fix
