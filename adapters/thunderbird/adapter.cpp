#include "adapters/thunderbird/adapter.hpp"

#include "adapters/thunderbird/discovery.hpp"
#include "adapters/thunderbird/pref_writer.hpp"
#include "adapters/thunderbird/profile_lock.hpp"
#include "adapters/thunderbird/profile_reader.hpp"
#include "adapters/thunderbird/profiles_ini.hpp"

namespace adapters::thunderbird {
namespace fs = std::filesystem;

std::vector<fs::path> Options::default_policy_files() {
  return {"/etc/thunderbird/policies/policies.json",
          "/usr/lib/thunderbird/distribution/policies.json",
          "/usr/lib64/thunderbird/distribution/policies.json",
          "/opt/thunderbird/distribution/policies.json",
          "/snap/thunderbird/current/usr/lib/thunderbird/distribution/policies.json",
          "/var/lib/flatpak/app/org.mozilla.Thunderbird/current/active/files/lib/thunderbird/distribution/policies.json"};
}

std::vector<fs::path> ThunderbirdAdapter::discover(const fs::path& home) const { return find_roots(home); }

bool ThunderbirdAdapter::recognizes(const fs::path& path) const { return classify(path) != PathKind::None; }

core::ReadOutput ThunderbirdAdapter::read(const fs::path& source) const {
  switch (classify(source)) {
    case PathKind::Root:
      return read_root(source.filename() == "profiles.ini" ? source.parent_path() : source);
    case PathKind::Profile:
      return read_profile(source, {source.filename().string(), {}, options_.policy_files});
    case PathKind::PrefsFile: {
      fs::path dir = source.parent_path().empty() ? fs::path(".") : source.parent_path();
      return read_profile(dir, {fs::absolute(dir).filename().string(), {}, options_.policy_files});
    }
    case PathKind::None: break;
  }
  core::ReadOutput out;
  out.sources.push_back({"thunderbird", source.string(), core::SourceStatus::Skipped,
                         "no profiles.ini here (not a Thunderbird folder)"});
  return out;
}

core::ReadOutput ThunderbirdAdapter::read_root(const fs::path& root) const {
  core::ReadOutput out;
  auto ini = read_profiles_ini(root);
  if (!ini) {
    out.sources.push_back({"thunderbird", (root / "profiles.ini").string(), core::SourceStatus::Error,
                           ini.error().message});
    return out;
  }
  if (ini->profiles.empty()) {
    out.sources.push_back({"thunderbird", (root / "profiles.ini").string(), core::SourceStatus::Skipped,
                           "profiles.ini lists no profiles"});
    return out;
  }
  std::string default_name = ini->default_index >= 0 ? ini->profiles[ini->default_index].name : std::string{};
  for (std::size_t i = 0; i < ini->profiles.size(); ++i) {
    const auto& p = ini->profiles[i];
    std::string note;
    if (static_cast<int>(i) == ini->default_index) {
      note = "the default profile (" + ini->default_reason + ")";
    } else if (!default_name.empty()) {
      note = "not the default profile (the default is '" + default_name + "')";
    }
    out.append(read_profile(p.folder, {p.name, note, options_.policy_files}));
  }
  return out;
}

util::Result<std::string> ThunderbirdAdapter::render(const fs::path& file, std::string_view original,
                                                     const std::vector<core::Edit>& edits) const {
  if (file.filename() == "policies.json") {
    return util::make_error(file.string() + ": an enterprise policy; mailmend does not edit policies");
  }
  return render_prefs(file.string(), original, edits, locked_by_policy(options_.policy_files));
}

core::LockState ThunderbirdAdapter::lock_state(const fs::path& file) const {
  std::error_code ec;
  fs::path dir = fs::is_directory(file, ec) ? file : file.parent_path();
  return profile_lock_state(dir.empty() ? fs::path(".") : dir);
}

}  // namespace adapters::thunderbird
