#pragma once
// What every client adapter offers: discover, read with exact origins, render an edited copy.
// Adapters never write files: the fix engine does that, once, for all clients. The one exception
// is a database changed in place (database_store), which the engine drives and backs up.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/database_store.hpp"
#include "core/finding.hpp"
#include "core/model.hpp"
#include "core/rule_info.hpp"
#include "core/source.hpp"
#include "i18n/text.hpp"
#include "util/result.hpp"

namespace core {

struct ReadOutput {
  std::vector<Source> sources;
  std::vector<Account> accounts;
  std::vector<Finding> findings;  // client-specific findings raised while reading
  void append(ReadOutput other);
};

// One change to one stored value, in the normalised vocabulary; the adapter encodes it.
struct Edit {
  std::string account;  // Account::id
  std::string field;    // "incoming.port", ...
  Origin target;        // where the value lives (or would be inserted, when is_default)
  FieldValue value;     // new value: string for host/username, int for port,
                        // string from to_string(Security/Auth) for security/auth
};

// Whether the client is running on a source (it would overwrite a fix).
struct LockState {
  bool locked = false;
  i18n::Text message;  // e.g. "Thunderbird is running (pid 1234, lock symlink)"; English and the run's language
};

class Adapter {
 public:
  virtual ~Adapter() = default;
  virtual std::string_view client() const = 0;
  // Sources of this client under a home folder, for example its Thunderbird roots.
  virtual std::vector<std::filesystem::path> discover(const std::filesystem::path& home) const = 0;
  // Whether an explicit PATH argument is for this adapter.
  virtual bool recognizes(const std::filesystem::path& path) const = 0;
  // Reads one discovered or explicit source. Never throws for bad input: reports it.
  virtual ReadOutput read(const std::filesystem::path& source) const = 0;
  // Returns `original` (the bytes of `file`) with the edits applied, every other byte kept.
  virtual util::Result<std::string> render(const std::filesystem::path& file, std::string_view original,
                                           const std::vector<Edit>& edits) const;
  // Whether the client is running on the file.
  virtual LockState lock_state(const std::filesystem::path& file) const;
  // Non-null when `file` is a database that is edited in place rather than re-rendered.
  virtual const DatabaseStore* database_store(const std::filesystem::path&) const { return nullptr; }
  // The client-specific rules this adapter reports ("<client>-..."), for `mailmend rules` and the
  // check of `--only`/`--skip`; every rule id the adapter emits must be listed here.
  virtual const std::vector<RuleInfo>& rule_catalogue() const;
};

}  // namespace core
