#include "adapters/thunderbird/adapter.hpp"

#include "adapters/thunderbird/autoconfig.hpp"
#include "adapters/thunderbird/discovery.hpp"
#include "adapters/thunderbird/pref_writer.hpp"
#include "adapters/thunderbird/profile_lock.hpp"
#include "adapters/thunderbird/profile_reader.hpp"
#include "adapters/thunderbird/profiles_ini.hpp"
#include "util/file_identity.hpp"
#include "util/system.hpp"
#include "util/text.hpp"
#include "i18n/text.hpp"

namespace adapters::thunderbird {
namespace fs = std::filesystem;
namespace {
// Far more than anyone uses; the bound on what one profiles.ini can make an audit read.
constexpr std::size_t kMaxProfiles = 1000;
}  // namespace

std::vector<fs::path> Options::default_policy_files() {
  return {"/etc/thunderbird/policies/policies.json",
          "/usr/lib/thunderbird/distribution/policies.json",
          "/usr/lib64/thunderbird/distribution/policies.json",
          "/opt/thunderbird/distribution/policies.json",
          "/snap/thunderbird/current/usr/lib/thunderbird/distribution/policies.json",
          "/var/lib/flatpak/app/org.mozilla.Thunderbird/current/active/files/lib/thunderbird/distribution/policies.json"};
}

std::vector<fs::path> Options::default_install_dirs() {
  switch (util::current_platform()) {
    case util::Platform::Windows:
      return {"C:\\Program Files\\Mozilla Thunderbird", "C:\\Program Files (x86)\\Mozilla Thunderbird"};
    case util::Platform::MacOS:
      return {"/Applications/Thunderbird.app/Contents/Resources"};
    case util::Platform::Linux:
      break;
  }
  return {"/usr/lib/thunderbird",
          "/usr/lib64/thunderbird",
          "/usr/local/lib/thunderbird",
          "/opt/thunderbird",
          "/snap/thunderbird/current/usr/lib/thunderbird",
          "/var/lib/flatpak/app/org.mozilla.Thunderbird/current/active/files/lib/thunderbird"};
}

std::vector<fs::path> ThunderbirdAdapter::discover(const fs::path& home) const { return find_roots(home); }

bool ThunderbirdAdapter::recognizes(const fs::path& path) const { return classify(path) != PathKind::None; }

core::ReadOutput ThunderbirdAdapter::read(const fs::path& source) const {
  switch (classify(source)) {
    case PathKind::Root:
      return read_root(source.filename() == "profiles.ini" ? source.parent_path() : source);
    case PathKind::Profile: return read_profile(source, context_for(source));
    case PathKind::PrefsFile: {
      fs::path dir = source.parent_path().empty() ? fs::path(".") : source.parent_path();
      return read_profile(dir, context_for(dir));
    }
    case PathKind::SavedPrefsFile: {
      fs::path dir = source.parent_path().empty() ? fs::path(".") : source.parent_path();
      return read_saved_prefs(source, context_for(dir));
    }
    case PathKind::None: break;
  }
  std::error_code ec;
  if (fs::is_directory(source, ec) && fs::exists(fs::symlink_status(source / "profiles.ini", ec))) {
    return read_root(source);  // a profiles.ini that is no regular file (a FIFO, a folder): say why
  }
  core::ReadOutput out;
  out.sources.push_back(core::Source::noted("thunderbird", source.string(), core::SourceStatus::Skipped,
                                            i18n::msg("no profiles.ini here (not a Thunderbird folder)")));
  return out;
}

// A profile given directly: its name and default status come from the profiles.ini that lists it
// (in the folder above, or two above for Profiles/<name>), else from its folder name.
ProfileContext ThunderbirdAdapter::context_for(const fs::path& dir) const {
  fs::path absolute = fs::absolute(dir).lexically_normal();
  if (absolute.has_filename() == false) absolute = absolute.parent_path();
  ProfileContext context{absolute.filename().string(), {}, options_.policy_files, options_.install_dirs};
  std::error_code ec;
  for (fs::path root = absolute.parent_path(); !root.empty(); root = root.parent_path()) {
    if (fs::is_regular_file(root / "profiles.ini", ec)) {
      auto ini = read_profiles_ini(root);
      if (!ini) break;
      for (std::size_t i = 0; i < ini->profiles.size(); ++i) {
        if (!fs::equivalent(ini->profiles[i].folder, absolute, ec)) continue;
        context.name = ini->profiles[i].name;
        context.note = profile_note(*ini, i);
      }
      break;
    }
    if (root == absolute.parent_path().parent_path() || root == root.parent_path()) break;
  }
  return context;
}

i18n::Text ThunderbirdAdapter::profile_note(const ProfilesIni& ini, std::size_t index) {
  if (static_cast<int>(index) == ini.default_index) return i18n::msg("the default profile ({1})", {ini.default_reason});
  if (ini.default_index >= 0) {
    return i18n::msg("not the default profile (the default is '{1}')", {ini.profiles[ini.default_index].name});
  }
  return {};
}

core::ReadOutput ThunderbirdAdapter::read_root(const fs::path& root) const {
  core::ReadOutput out;
  const std::string ini_path = (root / "profiles.ini").string();
  auto ini = read_profiles_ini(root);
  if (!ini) {
    out.sources.push_back(core::Source::noted("thunderbird", ini_path, core::SourceStatus::Error, i18n::text_of(ini.error())));
    return out;
  }
  if (ini->profiles.empty()) {
    out.sources.push_back(
        core::Source::noted("thunderbird", ini_path, core::SourceStatus::Skipped, i18n::msg("profiles.ini lists no profiles")));
    return out;
  }
  // A profiles.ini of a megabyte can list tens of thousands of profiles, all naming one large
  // prefs.js: each file is read once, and only so many profiles at all.
  util::SeenFiles seen;
  const auto machine = read_machine_config(options_.policy_files, options_.install_dirs);
  for (std::size_t i = 0; i < ini->profiles.size(); ++i) {
    const ProfileEntry& p = ini->profiles[i];
    if (i == kMaxProfiles) {
      out.sources.push_back(core::Source::noted(
          "thunderbird", ini_path, core::SourceStatus::Skipped,
          i18n::msg("profiles.ini lists {1} profiles; only the first {2} were read",
                    {std::to_string(ini->profiles.size()), std::to_string(kMaxProfiles)})));
      break;
    }
    if (!seen.first_time(p.folder / "prefs.js")) {
      out.sources.push_back(core::Source::noted(
          "thunderbird", (p.folder / "prefs.js").string(), core::SourceStatus::Skipped,
          i18n::msg("profile '{1}' ([{2}]): the same prefs.js as a profile listed before; read once", {p.name, p.section})));
      continue;
    }
    out.append(read_profile(p.folder, {p.name, profile_note(*ini, i), options_.policy_files, options_.install_dirs, machine}));
  }
  return out;
}

util::Result<std::string> ThunderbirdAdapter::render(const fs::path& file, std::string_view original,
                                                     const std::vector<core::Edit>& edits) const {
  if (file.filename() == "policies.json") {
    return i18n::error(i18n::msg("{1}: an enterprise policy; mailmend does not edit policies", {file.string()}));
  }
  if (is_install_file(file)) {
    std::string place = file.string();
    if (!edits.empty() && edits.front().target.line > 0) place += ":" + std::to_string(edits.front().target.line);
    const i18n::Text why = i18n::msg("set by the Thunderbird installation (AutoConfig or defaults/pref); mailmend does not "
                                     "edit installation files; change it there");
    if (edits.empty()) return i18n::error(i18n::msg("{1}: {2}", {place, why}));
    return i18n::error(i18n::msg("{1}: {2}: {3}", {place, edits.front().target.key, why}));
  }
  if (file.filename() != "prefs.js" && file.filename() != "user.js" && classify(file) == PathKind::SavedPrefsFile) {
    return i18n::error(
        i18n::msg("{1}: a saved copy of a prefs.js that Thunderbird does not read; mailmend does not fix it", {file.string()}));
  }
  auto locked = locked_by_policy(options_.policy_files);
  for (auto& l : locked_by_install(options_.install_dirs)) locked.push_back(std::move(l));
  return render_prefs(file.string(), original, edits, locked);
}

bool ThunderbirdAdapter::is_install_file(const fs::path& file) const {
  if (util::ends_with_icase(file.filename().string(), ".cfg")) return true;
  std::error_code ec;
  for (const auto& known : read_install_config(options_.install_dirs).files) {
    if (fs::path(known) == file || fs::equivalent(known, file, ec)) return true;
  }
  return false;
}

core::LockState ThunderbirdAdapter::lock_state(const fs::path& file) const {
  std::error_code ec;
  fs::path dir = fs::is_directory(file, ec) ? file : file.parent_path();
  return profile_lock_state(dir.empty() ? fs::path(".") : dir);
}

}  // namespace adapters::thunderbird
