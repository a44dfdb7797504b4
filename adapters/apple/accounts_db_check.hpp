#pragma once
// Planning check for in-place Accounts database edits: the cells are applied to a private copy and
// the accounts read back as mailmend reads them, so every edited field must come out holding its
// new value. This also covers an edit of a value the database does not store (Mail uses the
// default, e.g. a PortNumber Apple deleted because it equalled the default): it needs no cell when
// the other cells make the default right (SSL on makes the default port 993), and is refused
// otherwise, because mailmend never inserts rows.
#include <filesystem>
#include <vector>

#include "core/adapter.hpp"

namespace adapters::apple {

// `copy` is a private copy of the database `db` (named in errors); the cells are written into it.
util::Status check_cells_read_back(const std::filesystem::path& copy, const std::filesystem::path& db,
                                   const std::vector<core::Edit>& edits, const std::vector<core::CellChange>& cells);

}  // namespace adapters::apple
