#pragma once
// A store that is changed in place, value by value, instead of by replacing a file's bytes:
// - the Apple Internet Accounts database, changed by SQLite inside one write transaction (it runs in
//   WAL mode and its owner, accountsd, keeps it open: a byte-level rewrite would lose or corrupt data);
// - one user's live Windows registry ("HKCU", "HKU\<SID>"), changed with RegSetValueExW keeping
//   each value's type.
// The adapter knows the layout; the fix engine decides when to write, backs up, verifies and restores.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/model.hpp"
#include "util/result.hpp"

namespace core {

struct Edit;

// One stored cell an edit changes, with its exact stored bytes before and after: the plan shows
// it, the backup manifest keeps it as the undo record, and restore writes `before` back.
struct CellChange {
  std::string location;  // the Origin key of the value, e.g. "ZACCOUNT[<id>].PortNumber"
  std::string table;     // "ZACCOUNTPROPERTY"
  std::string column;    // "ZVALUE"
  std::int64_t row = 0;  // the row's primary key
  bool blob = false;     // stored as a blob (else as text)
  std::string before;    // stored bytes
  std::string after;
  std::string before_text;  // readable: "143", "NO"
  std::string after_text;
  // A typed store (the registry): the value's type (REG_*), which the write keeps; and whether the
  // value is missing before / after the change (a fix that adds a value: its undo deletes it).
  std::uint32_t type = 0;
  bool missing_before = false;
  bool missing_after = false;
  bool operator==(const CellChange&) const = default;
};

// The same cells with `before` and `after` swapped: the undo of a write.
std::vector<CellChange> reversed(std::vector<CellChange> changes);

enum class CellCheck {
  Before,  // every cell must still hold `before`
  Any,     // write whatever the cells hold (restore --force)
};

enum class WriteOutcome {
  Written,     // every cell now holds `after`
  AlreadyDone, // every cell already held `after`: nothing written
  Changed,     // a cell held neither `before` nor `after`, or some held one and some the other:
               // nothing written
  Busy,        // another program holds the write lock (past the busy timeout): nothing written
};

// Called once the cells are checked (and, for a database, locked) and before anything is written,
// with the changes as the cells were found: `before`, `before_text`, `type` and `missing_before`
// say what each cell holds now. A forced write (restore --force) backs up that exact state; an
// error aborts with nothing written.
using WhileLocked = std::function<util::Status(const std::vector<CellChange>& found)>;

// A document that undoes a change by hand (the registry's regedit .reg), kept in the backup.
struct UndoDocument {
  std::string name;  // file name inside the backup folder, e.g. "undo.reg"
  std::string bytes;
};

class DatabaseStore {
 public:
  enum class Kind {
    DatabaseFile,  // a file in a folder: changed only with --allow-accounts-db, its folder backed up whole
    LiveRegistry,  // no file: the backup is the changed values (exact bytes and types) and the undo document
  };
  virtual ~DatabaseStore() = default;
  virtual Kind kind() const { return Kind::DatabaseFile; }
  // The undo document for `changes`, when the store has one.
  virtual std::optional<UndoDocument> undo_document(const std::vector<CellChange>&) const { return std::nullopt; }
  // The cells `edits` would change, read from the live database without changing it (through a
  // private copy); an error for an edit that may not be made (managed account, no such row, ...).
  virtual util::Result<std::vector<CellChange>> prepare(const std::filesystem::path& db,
                                                        const std::vector<Edit>& edits) const = 0;
  // In one write transaction (BEGIN IMMEDIATE): checks the cells as `check` says, then calls
  // `while_locked` with the cells as found (the backup; its error aborts with nothing written),
  // writes every `after`, commits. Opening never follows a symbolic link. Errors name the file. The registry has no
  // transaction: every value is checked first, then written and read back one by one.
  virtual util::Result<WriteOutcome> write(const std::filesystem::path& db, const std::vector<CellChange>& changes,
                                           CellCheck check, const WhileLocked& while_locked) const = 0;
};

}  // namespace core
