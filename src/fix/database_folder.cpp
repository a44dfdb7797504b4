#include "fix/database_folder.hpp"


#include "util/safe_fs.hpp"

namespace fs = std::filesystem;

namespace fix {
namespace {

std::string to_hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 0xf];
  }
  return out;
}

std::optional<std::string> from_hex(const std::string& hex) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

}  // namespace

util::Result<DatabaseFolder> open_database_folder(const fs::path& db, const std::vector<fs::path>& homes) {
  // SQLite opens the database by its path and refuses any symbolic link in it (NOFOLLOW): say so
  // up front, with the real path (on macOS /var and /tmp are links to /private/...).
  const fs::path given = fs::absolute(db).lexically_normal();
  std::error_code ec;
  const fs::path real = fs::canonical(given, ec);
  if (!ec && real != given) {
    return util::make_error(given.string() + ": the path goes through a symbolic link; give the real path " +
                            real.string());
  }
  auto target = open_target(db, homes);
  if (!target) return target.error();
  DatabaseFolder out{std::move(target.value()), {}};
  auto file = util::open_regular_file_at(out.target.folder.get(), out.target.name, out.target.path);
  if (!file) return file.error();
  auto st = util::status_of(file->get(), out.target.path);
  if (!st) return st.error();
  out.st = *st;
  util::TreeLimits limits;
  limits.owner = out.target.owner ? out.target.owner : std::optional<util::UserId>(out.st.owner);
  // The walk is the check: every entry must pass before SQLite opens anything in the folder.
  if (auto checked = util::walk_tree_at(out.target.folder.get(), out.target.path.parent_path(), limits); !checked)
    return checked.error();
  return out;
}

util::Result<util::ScopedIdentity> become_database_owner(const DatabaseFolder& folder) {
  return util::ScopedIdentity::become(folder.st.owner, folder.st.group);
}

nlohmann::json cells_json(const std::vector<core::CellChange>& cells, bool exact) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : cells) {
    nlohmann::json j = {{"location", c.location}, {"table", c.table}, {"column", c.column},
                        {"row", c.row},           {"before", c.before_text}, {"after", c.after_text}};
    if (exact) {
      j["blob"] = c.blob;
      j["before_hex"] = to_hex(c.before);
      j["after_hex"] = to_hex(c.after);
      j["type"] = c.type;  // the registry's REG_* type (0 for a database cell)
      j["missing_before"] = c.missing_before;
      j["missing_after"] = c.missing_after;
    }
    out.push_back(std::move(j));
  }
  return out;
}

std::optional<std::vector<core::CellChange>> cells_from_json(const nlohmann::json& j) {
  if (!j.is_array() || j.empty()) return std::nullopt;
  std::vector<core::CellChange> out;
  try {
    for (const auto& c : j) {
      core::CellChange cell;
      cell.location = c.at("location").get<std::string>();
      cell.table = c.at("table").get<std::string>();
      cell.column = c.at("column").get<std::string>();
      cell.row = c.at("row").get<std::int64_t>();
      cell.blob = c.at("blob").get<bool>();
      cell.before_text = c.at("before").get<std::string>();
      cell.after_text = c.at("after").get<std::string>();
      auto before = from_hex(c.at("before_hex").get<std::string>());
      auto after = from_hex(c.at("after_hex").get<std::string>());
      if (!before || !after) return std::nullopt;
      cell.before = std::move(*before);
      cell.after = std::move(*after);
      cell.type = c.value("type", std::uint32_t{0});
      cell.missing_before = c.value("missing_before", false);
      cell.missing_after = c.value("missing_after", false);
      out.push_back(std::move(cell));
    }
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return out;
}

}  // namespace fix
