#include "adapters/apple/accounts_db_check.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "adapters/apple/accounts_db.hpp"
#include "i18n/text.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace adapters::apple {
namespace {

// The row an edit's origin key names: "ZACCOUNT[<identifier>].<key>" -> "ZACCOUNT[<identifier>].".
std::string row_prefix(const std::string& origin_key) {
  std::size_t close = origin_key.rfind("].");
  return close == std::string::npos ? std::string() : origin_key.substr(0, close + 2);
}

std::string endpoint_value(const core::Endpoint& ep, core::Field field) {
  switch (field) {
    case core::Field::Host: return ep.host.value;
    case core::Field::Port: return std::to_string(ep.port.value);
    case core::Field::Security: return std::string(core::to_string(ep.security.value));
    case core::Field::Auth: return std::string(core::to_string(ep.auth.value));
    case core::Field::Username: return ep.username.value;
  }
  return {};
}

void apply_cells(const fs::path& copy, const std::vector<core::CellChange>& cells) {
  SQLite::Database db(copy.string(), SQLite::OPEN_READWRITE);
  for (const auto& c : cells) {
    SQLite::Statement q(db, "UPDATE \"" + c.table + "\" SET \"" + c.column + "\" = ? WHERE Z_PK = ?");
    if (c.blob) q.bind(1, c.after.data(), static_cast<int>(c.after.size()));
    else q.bind(1, c.after);
    q.bind(2, c.row);
    q.exec();
  }
}

// Problems of one edit against the accounts read back from the edited copy (empty: none).
i18n::Text check_edit(const core::ReadOutput& after, const core::Edit& e, bool has_cell) {
  auto field = core::parse_field_path(e.field);
  const std::string prefix = row_prefix(e.target.key);
  if (!field || prefix.empty()) return i18n::msg("not a field of an Accounts database row");
  const std::string want = core::field_value_text(e.value);
  bool found = false;
  for (const auto& a : after.accounts) {
    const auto& ep = field->first ? a.incoming : a.outgoing;
    if (!ep || !ep->host.origin.key.starts_with(prefix)) continue;
    found = true;
    const std::string got = endpoint_value(*ep, field->second);
    if (got == want) continue;
    const std::initializer_list<i18n::Text> values{util::printable(got), util::printable(want)};
    if (!has_cell) {
      return i18n::msg("not stored (Mail uses its default, which would be {1} after this fix, not {2}); mailmend never "
                       "adds values: set it in Mail > Settings > Accounts",
                       values);
    }
    return i18n::msg("would read back as {1}, not {2}; not changed", values);
  }
  return found ? i18n::Text() : i18n::msg("no mail account reads this row");
}

}  // namespace

util::Status check_cells_read_back(const fs::path& copy, const fs::path& db, const std::vector<core::Edit>& edits,
                                   const std::vector<core::CellChange>& cells) {
  try {
    apply_cells(copy, cells);
    auto after = read_accounts_db(copy);
    if (!after) return i18n::error(i18n::msg("{1}: {2}", {db.string(), i18n::text_of(after.error())}));
    for (const auto& e : edits) {
      bool has_cell = false;
      for (const auto& c : cells) has_cell = has_cell || c.location == e.target.key;
      if (const i18n::Text why = check_edit(*after, e, has_cell); !why.empty()) {
        return i18n::error(i18n::msg("{1}: {2}: {3}", {db.string(), e.target.key, why}));
      }
    }
  } catch (const std::exception& ex) {
    return i18n::error(i18n::msg("{1}: {2}", {db.string(), util::printable(ex.what())}));
  }
  return {};
}

}  // namespace adapters::apple
