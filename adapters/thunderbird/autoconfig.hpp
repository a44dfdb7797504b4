#pragma once
// What a Thunderbird installation forces on every profile (thunderbird.md §1.7–1.8): prefs in
// <install>/defaults/pref/*.js (defaults, or locked with `locked`), and the AutoConfig file that they name
// with general.config.filename (<install>/<name>.cfg, JavaScript, optionally byte-shifted by
// general.config.obscure_value, first line skipped) whose lockPref()/pref()/defaultPref() calls with
// literal arguments are read; any other code is noted, never evaluated.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/thunderbird/pref_store.hpp"
#include "core/finding.hpp"
#include "i18n/text.hpp"
#include "util/result.hpp"

namespace adapters::thunderbird {

inline constexpr std::size_t kMaxAutoConfigBytes = 4u * 1024u * 1024u;
// A defaults/pref folder with more files than this is read only up to this many (named in a finding).
inline constexpr std::size_t kMaxDefaultPrefFiles = 1000;

// One mail pref that an installation file sets at every start.
struct AdminPref {
  std::string name;
  PrefValue value;
  // Locked: lockPref() or pref(..., locked); User: pref() in the .cfg (a user value set at every start,
  // over prefs.js); Default: defaultPref(), or pref() in a defaults/pref file (a user value wins).
  PrefStore::PolicyStatus status = PrefStore::PolicyStatus::Locked;
  PrefLayer layer = PrefLayer::AutoConfig;  // AutoConfig (.cfg) or DefaultPrefs (defaults/pref/*.js)
  std::string setter;                       // "lockPref()", "pref()", "defaultPref()", "pref(..., locked)"
  std::string file;
  int line = 0;
  // False when the call is inside code that mailmend does not evaluate (an if, a function) or its value is
  // not a literal: it may or may not apply, so it is not applied to the audit but a fix of it is refused.
  bool certain = true;
};

// The calls a .cfg makes, read from its decoded bytes.
struct CfgScan {
  std::vector<AdminPref> prefs;  // mail./mailnews. prefs only, in file order
  int code_line = 0;             // first line of code mailmend does not evaluate (0: none)
  std::string remote_url;        // autoadmin.global_config_url, when set to a literal
};

// Undoes general.config.obscure_value: Thunderbird subtracts it from every byte when it is above 0.
std::string decode_obscured(std::string_view bytes, int obscure_value);
// Scans the decoded bytes of a .cfg (its first line is skipped, as Thunderbird does; line numbers are the
// file's own). Fails with "path:line: reason" for what makes Thunderbird reject the whole script
// (an unterminated string, template or comment).
util::Result<CfgScan> scan_autoconfig(std::string_view decoded, std::string_view path);

struct InstallConfig {
  std::vector<AdminPref> prefs;         // in the order Thunderbird applies them
  std::vector<core::Finding> findings;  // unreadable or broken files, code that is not evaluated
  std::vector<std::string> files;       // every defaults/pref file and .cfg that was found (for render)
};

// Reads the defaults/pref files and the AutoConfig file of each install folder that exists.
InstallConfig read_install_config(const std::vector<std::filesystem::path>& install_dirs);

// Applies the certain prefs to a profile's store, after prefs.js and user.js.
void apply_install_config(const InstallConfig& config, PrefStore& store);

// Why a fix of `pref` in prefs.js would not stick ("locked by AutoConfig lockPref() in /x/mozilla.cfg:3"),
// or empty when nothing in the installation overrides it.
i18n::Text install_override(const InstallConfig& config, std::string_view pref);

}  // namespace adapters::thunderbird
