#pragma once
// The effective user prefs of one profile, as Thunderbird computes them at startup:
// prefs.js, then user.js (wins), then the installation's AutoConfig and defaults/pref files, then enterprise
// policies; each value remembers where it came from.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/thunderbird/prefs_tokenizer.hpp"

namespace adapters::thunderbird {

// AutoConfig: the .cfg named by general.config.filename; DefaultPrefs: <install>/defaults/pref/*.js.
enum class PrefLayer { PrefsJs, UserJs, Policy, AutoConfig, DefaultPrefs };

struct PrefEntry {
  PrefValue value;
  PrefLayer layer = PrefLayer::PrefsJs;
  std::string file;  // the file the winning value is in
  int line = 0;      // 0 for a policy value
  ByteRange value_range;
  bool locked = false;      // locked by policy or an installation file: a user value cannot override it
  std::string shadowed;     // the file whose value this one overrides, if any
  bool is_default = false;  // a default from an installation file: a user value in prefs.js would win
  std::string setter;       // how an installation file sets it: "lockPref()", "pref()", "defaultPref()", ...
};

// A pref set more than once in the same file (the last one wins).
struct DuplicatePref {
  std::string name;
  std::string file;
  int first_line = 0;  // the line of the value that lost
  int line = 0;        // the line of the value that wins
};

class PrefStore {
 public:
  // Applies the statements of one user file in order, like Thunderbird: later values win.
  // Duplicates within the file are appended to `duplicates`.
  void add_file(const std::string& file, PrefLayer layer, const PrefTokens& tokens,
                std::vector<DuplicatePref>& duplicates);
  // One statement of a user file, in file order (what add_file does for each, duplicates aside).
  void add_statement(const std::string& file, PrefLayer layer, std::string_view name, PrefValue value, int line,
                     ByteRange value_range);
  // A policy "Preferences" entry: locked or user values replace the user value, "default" only fills a
  // gap, "clear" removes the user value.
  enum class PolicyStatus { Default, Locked, User, Clear };
  void add_policy(const std::string& file, const std::string& name, PrefValue value, PolicyStatus status);
  // A pref from an installation file (AutoConfig or defaults/pref), applied in Thunderbird's order: Locked
  // replaces and locks; User replaces unless locked; Default fills a gap or replaces another default.
  void add_admin(PrefLayer layer, const std::string& file, int line, const std::string& setter,
                 const std::string& name, PrefValue value, PolicyStatus status);

  const PrefEntry* find(std::string_view name) const;
  std::size_t size() const { return prefs_.size(); }
  // Whether any pref name starts with `prefix`.
  bool has_prefix(std::string_view prefix) const;

 private:
  // Puts an administrator's value in place of any earlier one, remembering whose it shadows.
  void replace(const std::string& name, PrefEntry entry);
  std::map<std::string, PrefEntry, std::less<>> prefs_;
};

}  // namespace adapters::thunderbird
