#pragma once
// Loading a profile's user files (prefs.js, user.js) into a PrefStore in two streamed passes, so that a
// 64 MB file costs a window of bytes and 8 bytes a statement, not a copy of every pref:
//   1. scan: syntax errors, one hash per pref name (duplicates), and which servers, identities and
//      outgoing servers the account prefs name, in this file or in any other layer;
//   2. load: only the prefs the account graph reads (and a fix edits), by byte range and line, and
//      the duplicates among the names the scan saw twice: from the bytes the scan kept for a file of
//      up to kPrefsKeptWholeBytes (every real profile); from a larger file without duplicates, only
//      the 64 KB segments where the scan saw prefs that can be wanted are read again.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
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
  // What wanted() depends on, told apart so that pass 1 can note it before the keys are known:
  // wanted(name) is `always`, or `key` is one of named_key_hashes().
  struct Need {
    bool always = false;     // wanted whatever the keys (a root pref, a proxy pref, an account's links)
    std::uint32_t key = 0;   // a hash of the server, identity or outgoing-server key the name starts
                             // with (`server5` of mail.server.server5.hostname) and its family; 0: none
  };
  static Need need_of(std::string_view name);
  // The hashes of the keys named so far, sorted, as need_of gives them; none when a key holds a dot
  // (a name then starts with it in more ways than need_of looks at).
  std::optional<std::vector<std::uint32_t>> named_key_hashes() const;

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
  // Where pass 2 needs to look: the file cut at resume points about kPrefSegmentBytes apart, whether
  // a segment holds a pref wanted whatever the keys, and (segment, key_hash) of each pref naming a key.
  struct Segment {
    PrefSpan span;
    bool always_wanted = false;
  };
  std::vector<Segment> segments;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> keyed;
};

inline constexpr std::size_t kPrefSegmentBytes = 64 * 1024;

// Pass 1. Fails like reading the file.
util::Result<PrefsScan> scan_prefs_file(const std::filesystem::path& file, PrefKeys& keys);

struct PrefsLoad {
  std::vector<DuplicatePref> duplicates;  // the first kListedPrefErrors
  std::size_t duplicate_count = 0;
};

// The parts of the file pass 2 reads: the segments that hold a pref wanted whatever the keys or one
// naming a key that is named now, neighbours joined. None when the whole file must be read: a name is
// set more than once (each of its statements is reported), a key holds a dot, or it is one segment.
std::optional<std::vector<PrefSpan>> spans_to_load(const PrefsScan& scan, const PrefKeys& keys);

// Pass 2: the wanted prefs into `store` as `layer`, from spans_to_load's parts. Fails like reading
// the file.
util::Result<PrefsLoad> load_prefs_file(const std::filesystem::path& file, PrefLayer layer, const PrefsScan& scan,
                                        const PrefKeys& keys, PrefStore& store);

}  // namespace adapters::thunderbird
