#pragma once
// Loading a profile's user files (prefs.js, user.js) into a PrefStore in two streamed passes, so that a
// 64 MB file costs a window of bytes and 8 bytes a statement, not a copy of every pref:
//   1. scan: syntax errors, one hash per pref name (duplicates), and which servers, identities and
//      outgoing servers the account prefs name, in this file or in any other layer;
//   2. load: only the prefs the account graph reads (and a fix edits), by byte range and line, and
//      the duplicates among the names the scan saw twice.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/thunderbird/pref_store.hpp"
#include "adapters/thunderbird/prefs_file.hpp"
#include "util/result.hpp"

namespace adapters::thunderbird {

// The keys the account prefs name (mail.account.*.server, .identities, mail.identity.*.smtpServer,
// mail.smtp.defaultserver, mail.smtpservers), from every layer; a superset of what the graph follows.
class PrefKeys {
 public:
  void note(std::string_view name, std::string_view value);
  void note(std::string_view name, const PrefValue& value);
  // Whether the account graph can read `name`: a root pref, or a pref of a named server, identity or
  // outgoing server.
  bool wanted(std::string_view name) const;

 private:
  std::set<std::string, std::less<>> servers_, identities_, outgoing_;
};

inline constexpr std::size_t kListedPrefErrors = 20;

struct PrefsScan {
  PrefsFileFacts facts;
  std::size_t statements = 0;
  std::vector<PrefError> errors;  // the first kListedPrefErrors
  std::size_t error_count = 0;
  std::optional<PrefError> last_error;
  std::vector<std::uint64_t> repeated;  // sorted hashes of the names set more than once
};

// Pass 1. Fails like reading the file.
util::Result<PrefsScan> scan_prefs_file(const std::filesystem::path& file, PrefKeys& keys);

struct PrefsLoad {
  std::vector<DuplicatePref> duplicates;  // the first kListedPrefErrors
  std::size_t duplicate_count = 0;
};

// Pass 2: the wanted prefs into `store` as `layer`. Fails like reading the file.
util::Result<PrefsLoad> load_prefs_file(const std::filesystem::path& file, PrefLayer layer, const PrefsScan& scan,
                                        const PrefKeys& keys, PrefStore& store);

}  // namespace adapters::thunderbird
