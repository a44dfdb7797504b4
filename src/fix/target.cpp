#include "fix/target.hpp"

#include <pwd.h>
#include <unistd.h>

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

std::vector<fs::path> password_database_homes() {
  std::vector<fs::path> homes;
  setpwent();
  while (const passwd* entry = getpwent()) {
    if (entry->pw_dir && entry->pw_dir[0] == '/') homes.emplace_back(entry->pw_dir);
  }
  endpwent();
  return homes;
}

}  // namespace

fs::path home_for(const fs::path& file, const std::vector<fs::path>& homes) {
  const fs::path normal = fs::absolute(file).lexically_normal();
  fs::path home = longest_containing(normal, homes);
  if (home.empty() && geteuid() == 0) home = longest_containing(normal, password_database_homes());
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
  if (root.empty() && geteuid() == 0) root = "/";
  auto folder = util::open_folder_beneath(root, target.path.parent_path());
  if (!folder) return folder.error();
  target.folder = std::move(folder.value());
  if (!target.home.empty()) {
    auto home_folder = util::open_folder_beneath({}, target.home);
    if (!home_folder) return home_folder.error();
    struct stat st {};
    if (::fstat(home_folder->get(), &st) != 0) return util::make_error(target.home.string() + ": cannot stat");
    target.owner = st.st_uid;
  }
  return target;
}

util::Result<Contents> read_target(const Target& target) {
  auto file = util::open_regular_file_at(target.folder.get(), target.name, target.path);
  if (!file) return file.error();
  Contents contents;
  if (::fstat(file->get(), &contents.st) != 0) return util::make_error(target.path.string() + ": cannot stat");
  if (target.owner && contents.st.st_uid != *target.owner) {
    return util::make_error(target.path.string() + ": owned by uid " + std::to_string(contents.st.st_uid) +
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
