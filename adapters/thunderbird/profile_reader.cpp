#include "adapters/thunderbird/profile_reader.hpp"

#include "adapters/thunderbird/account_graph.hpp"
#include "adapters/thunderbird/autoconfig.hpp"
#include "adapters/thunderbird/policies.hpp"
#include "adapters/thunderbird/profile_lock.hpp"
#include "util/file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

namespace adapters::thunderbird {
namespace fs = std::filesystem;
namespace {

core::Finding source_finding(std::string rule, core::Severity severity, std::string message, core::Origin origin) {
  core::Finding f;
  f.rule = std::move(rule);
  f.severity = severity;
  f.message = std::move(message);
  f.origin = std::move(origin);
  return f;
}

// A hostile file can hold a million errors; list the first few and count the rest.
constexpr std::size_t kMaxListed = 20;

void note_unlisted(core::ReadOutput& out, const std::string& rule, core::Severity severity, const std::string& path,
                   std::size_t total, const std::string& what) {
  if (total <= kMaxListed) return;
  out.findings.push_back(source_finding(rule, severity,
                                        path + ": " + std::to_string(total - kMaxListed) + " more " + what +
                                            " not listed (" + std::to_string(total) + " in all)",
                                        {path, "", 0, false}));
}

// A prefs file ends at its first NUL (libpref's end of input), so reading stops there: a sparse
// 64 MB file of zeros (no disk used) per profile made each profile cost a 64 MB read.
util::Result<std::string> read_prefs_bytes(const fs::path& file) {
  auto opened = util::OpenRegularFile::open(file);
  if (!opened) return opened.error();
  const std::string too_big =
      file.string() + ": larger than " + std::to_string(kMaxPrefsBytes / (1024 * 1024)) + " MB, refused";
  if (opened->size() > kMaxPrefsBytes) return util::make_error(too_big);
  std::string data;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(opened->fd(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return util::make_error(file.string() + ": read error: " + std::strerror(errno));
    if (n == 0) break;
    const auto* nul = static_cast<const char*>(std::memchr(buf, '\0', static_cast<std::size_t>(n)));
    data.append(buf, nul ? static_cast<std::size_t>(nul - buf) + 1 : static_cast<std::size_t>(n));
    if (nul) break;
    if (data.size() > kMaxPrefsBytes) return util::make_error(too_big);
  }
  return data;
}

// Tokenizes one user file into the store, reporting syntax errors and duplicates. False if unreadable.
bool load_user_file(const fs::path& file, PrefLayer layer, PrefStore& store, core::ReadOutput& out, std::string& error) {
  auto bytes = read_prefs_bytes(file);
  if (!bytes) {
    error = bytes.error().message;
    return false;
  }
  std::string path = file.string();
  auto tokens = tokenize_prefs(*bytes, path);
  if (!tokens) {
    error = tokens.error().message;
    return false;
  }
  std::size_t listed = 0;
  for (const auto& e : tokens->errors) {
    if (++listed > kMaxListed) break;
    out.findings.push_back(source_finding(
        "thunderbird-pref-syntax", core::Severity::Warning,
        path + ":" + std::to_string(e.line) + ": " + e.reason +
            " (Thunderbird skips this statement and drops it at its next save)",
        {path, "", e.line, false}));
  }
  std::vector<DuplicatePref> duplicates;
  store.add_file(path, layer, *tokens, duplicates);
  note_unlisted(out, "thunderbird-pref-syntax", core::Severity::Warning, path, tokens->errors.size(), "syntax errors");
  listed = 0;
  for (const auto& d : duplicates) {
    if (++listed > kMaxListed) break;
    out.findings.push_back(source_finding("thunderbird-pref-duplicate", core::Severity::Info,
                                          path + ":" + std::to_string(d.line) + ": " + d.name +
                                              " is set again (first at line " + std::to_string(d.first_line) +
                                              "); the last value wins",
                                          {path, d.name, d.line, false}));
  }
  note_unlisted(out, "thunderbird-pref-duplicate", core::Severity::Info, path, duplicates.size(), "duplicate prefs");
  return true;
}

void apply_policies(const std::vector<fs::path>& files, PrefStore& store, core::ReadOutput& out) {
  std::error_code ec;
  for (const auto& file : files) {
    if (!fs::exists(file, ec)) continue;
    auto prefs = read_policy_prefs(file);
    if (!prefs) {
      out.findings.push_back(source_finding("thunderbird-policy-error", core::Severity::Warning,
                                            prefs.error().message + " (Thunderbird ignores this policy file)",
                                            {file.string(), "", 0, false}));
      continue;
    }
    for (auto& p : *prefs) store.add_policy(file.string(), p.name, std::move(p.value), p.status);
  }
}

}  // namespace

namespace {

// The accounts of one prefs file. A live profile's prefs.js gets user.js, the installation and policies
// applied over it and its lock checked; a saved copy is reported as it is, read-only.
core::ReadOutput read_prefs(const fs::path& profile_dir, const fs::path& prefs, const ProfileContext& context,
                            bool saved) {
  core::ReadOutput out;
  core::Source source{"thunderbird", prefs.string(), core::SourceStatus::Ok, {}};
  std::string label = saved ? "a saved copy of a prefs.js (Thunderbird does not read it; reported, never fixed)"
                            : "profile '" + context.name + "'" + (context.note.empty() ? "" : ", " + context.note);
  PrefStore store;
  std::string error;
  if (!load_user_file(prefs, PrefLayer::PrefsJs, store, out, error)) {
    source.status = core::SourceStatus::Error;
    source.message = error;
    out.sources.push_back(std::move(source));
    return out;
  }
  std::error_code ec;
  if (!saved) {
    fs::path user_js = profile_dir / "user.js";
    if (fs::exists(user_js, ec) && !load_user_file(user_js, PrefLayer::UserJs, store, out, error)) {
      out.findings.push_back(source_finding("thunderbird-userjs-error", core::Severity::Warning, error,
                                            {user_js.string(), "", 0, false}));
    }
    InstallConfig install = read_install_config(context.install_dirs);
    apply_install_config(install, store);
    for (auto& f : install.findings) out.findings.push_back(std::move(f));
    apply_policies(context.policy_files, store, out);
  }

  GraphOutput graph = build_accounts(store, {prefs.string(), context.name});
  for (auto& a : graph.accounts) {
    a.read_only = a.read_only || saved;
    out.accounts.push_back(std::move(a));
  }
  for (auto& f : graph.findings) out.findings.push_back(std::move(f));

  source.message = label + ": " + std::to_string(out.accounts.size()) + " mail account" +
                   (out.accounts.size() == 1 ? "" : "s");
  if (graph.unread_keys > 0) {
    source.message += "; mail.accountmanager.accounts lists " + std::to_string(graph.unread_keys) +
                      " more, not read (only the first " + std::to_string(kMaxAccountKeys) + " are)";
  }
  if (!saved) {
    core::LockState lock = profile_lock_state(profile_dir);
    if (lock.locked) {
      source.status = core::SourceStatus::Locked;
      source.message += "; " + lock.message;
    }
  }
  out.sources.push_back(std::move(source));
  return out;
}

}  // namespace

core::ReadOutput read_profile(const fs::path& profile_dir, const ProfileContext& context) {
  fs::path prefs = profile_dir / "prefs.js";
  std::string label = "profile '" + context.name + "'" + (context.note.empty() ? "" : ", " + context.note);
  std::error_code ec;
  core::ReadOutput out;
  if (!fs::is_directory(profile_dir, ec)) {
    out.sources.push_back({"thunderbird", prefs.string(), core::SourceStatus::Skipped,
                           label + ": the profile folder does not exist"});
    return out;
  }
  // Absent for sure (ec clear); a folder that cannot be searched goes on to read_prefs, which says why.
  if (!fs::exists(prefs, ec) && !ec) {
    out.sources.push_back({"thunderbird", prefs.string(), core::SourceStatus::Skipped,
                           label + ": no prefs.js (Thunderbird has not used this profile yet)"});
    return out;
  }
  return read_prefs(profile_dir, prefs, context, false);
}

core::ReadOutput read_saved_prefs(const fs::path& file, const ProfileContext& context) {
  fs::path dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  return read_prefs(dir, file, context, true);
}

std::vector<LockedPref> locked_by_policy(const std::vector<fs::path>& policy_files) {
  std::vector<LockedPref> out;
  std::error_code ec;
  for (const auto& file : policy_files) {
    if (!fs::exists(file, ec)) continue;
    auto prefs = read_policy_prefs(file);
    if (!prefs) continue;
    for (const auto& p : *prefs) {
      if (p.status == PrefStore::PolicyStatus::Locked) out.push_back({p.name, file.string()});
    }
  }
  return out;
}


std::vector<LockedPref> locked_by_install(const std::vector<fs::path>& install_dirs) {
  std::vector<LockedPref> out;
  InstallConfig config = read_install_config(install_dirs);
  std::set<std::string, std::less<>> names;
  for (const auto& p : config.prefs) names.insert(p.name);
  for (const auto& name : names) {
    std::string why = install_override(config, name);
    if (!why.empty()) out.push_back({name, {}, why});
  }
  return out;
}

}  // namespace adapters::thunderbird
