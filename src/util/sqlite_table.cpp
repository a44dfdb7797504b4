#include "util/sqlite_table.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "util/text.hpp"

// The layout read here is SQLite's file format (sqlite.org/fileformat2.html): a 100-byte header,
// pages of one size, table b-trees of interior pages (0x05: child page and rowid per cell, a
// right-most child) and leaf pages (0x0D: payload size, rowid, payload per cell), payloads too
// large for their page continued in a chain of overflow pages, and records (a header of serial
// types, then the values).
namespace util {
namespace {

constexpr std::string_view kMagic{"SQLite format 3\0", 16};
constexpr std::size_t kFileHeaderBytes = 100;
constexpr unsigned char kInteriorTable = 0x05, kLeafTable = 0x0D;
constexpr int kMaxTreeDepth = 20;  // SQLite's own limit for a cursor (BTCURSOR_MAX_DEPTH)

std::uint32_t big_endian(std::string_view bytes, std::size_t at, std::size_t width) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < width; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

// A varint (1 to 9 bytes, 7 bits from each of the first eight, all 8 from the ninth) starting at
// `at` and ending before `end`; `at` moves past it.
bool read_varint(std::string_view bytes, std::size_t& at, std::size_t end, std::uint64_t& value) {
  value = 0;
  for (int i = 0; i < 9; ++i) {
    if (at >= end) return false;
    const auto byte = static_cast<unsigned char>(bytes[at++]);
    if (i == 8) {
      value = (value << 8) | byte;
      return true;
    }
    value = (value << 7) | (byte & 0x7f);
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

struct RecordValue {
  enum class Kind { null, integer, real, bytes } kind = Kind::null;
  std::int64_t integer = 0;
  std::string_view bytes;  // BLOB or TEXT
};

// The values of a record; false when its header and body do not fit together.
bool decode_record(std::string_view payload, std::vector<RecordValue>& values) {
  values.clear();
  std::size_t at = 0;
  std::uint64_t header_size = 0;
  if (!read_varint(payload, at, payload.size(), header_size) || header_size < at || header_size > payload.size()) {
    return false;
  }
  std::size_t body = static_cast<std::size_t>(header_size);
  while (at < header_size) {
    std::uint64_t type = 0;
    if (!read_varint(payload, at, static_cast<std::size_t>(header_size), type)) return false;
    static constexpr std::size_t kIntegerWidth[] = {0, 1, 2, 3, 4, 6, 8};
    RecordValue value;
    std::size_t length = 0;
    if (type == 0) {
      value.kind = RecordValue::Kind::null;
    } else if (type <= 6) {
      value.kind = RecordValue::Kind::integer;
      length = kIntegerWidth[type];
    } else if (type == 7) {
      value.kind = RecordValue::Kind::real;
      length = 8;
    } else if (type == 8 || type == 9) {
      value.kind = RecordValue::Kind::integer;
      value.integer = type == 9 ? 1 : 0;
    } else if (type >= 12) {
      value.kind = RecordValue::Kind::bytes;
      length = static_cast<std::size_t>(std::min<std::uint64_t>((type - 12) / 2, payload.size() + 1));
    } else {
      return false;  // 10 and 11 are reserved
    }
    if (length > payload.size() - body) return false;
    const auto bytes = payload.substr(body, length);
    body += length;
    if (value.kind == RecordValue::Kind::bytes) value.bytes = bytes;
    if (value.kind == RecordValue::Kind::integer && length > 0) {
      std::uint64_t raw = static_cast<unsigned char>(bytes[0]) >= 0x80 ? ~std::uint64_t{0} : 0;  // sign
      for (char byte : bytes) raw = (raw << 8) | static_cast<unsigned char>(byte);
      value.integer = static_cast<std::int64_t>(raw);
    }
    values.push_back(value);
  }
  return true;
}

// The pages of a file image and the table b-trees in them. Every page is used at most once per
// reader (a tree page or an overflow page met twice means a damaged file, or a loop).
class Pages {
 public:
  explicit Pages(std::string_view image) : image_(image) {}

  // The header: false for anything this reader does not follow.
  bool open() {
    if (image_.size() < kFileHeaderBytes || image_.substr(0, kMagic.size()) != kMagic) return false;
    const auto stored = big_endian(image_, 16, 2);  // 1 stands for 65536
    page_size_ = stored == 1 ? 65536 : stored;
    if (page_size_ < 512 || page_size_ > 65536 || (page_size_ & (page_size_ - 1)) != 0) return false;
    if (image_.size() % page_size_ != 0) return false;
    const auto write_version = static_cast<unsigned char>(image_[18]);
    const auto read_version = static_cast<unsigned char>(image_[19]);
    if (write_version < 1 || write_version > 2 || read_version < 1 || read_version > 2) return false;
    const auto reserved = static_cast<unsigned char>(image_[20]);
    usable_ = page_size_ - reserved;
    if (usable_ < 480) return false;
    // The payload fractions SQLite has always written and requires.
    if (image_[21] != 64 || image_[22] != 32 || image_[23] != 32) return false;
    page_count_ = static_cast<std::uint32_t>(image_.size() / page_size_);
    // The size in the header counts when it was written by the same change as the file (SQLite
    // 3.7.0 and later); a file whose pages disagree with it is not followed.
    const auto header_pages = big_endian(image_, 28, 4);
    if (header_pages != 0 && big_endian(image_, 24, 4) == big_endian(image_, 92, 4) && header_pages != page_count_) {
      return false;
    }
    const auto schema_format = big_endian(image_, 44, 4);
    if (schema_format < 1 || schema_format > 4) return false;
    if (big_endian(image_, 56, 4) != 1) return false;  // UTF-8 text
    used_.assign(page_count_ + 1, false);
    return true;
  }

  std::uint32_t page_count() const { return page_count_; }

  // Calls `payload` with each row's payload of the table b-tree rooted at `root`, in key order.
  // false when the tree is not followed; `stopped` when `payload` returned false.
  bool walk(std::uint32_t root, const std::function<bool(std::string_view)>& payload, bool& stopped) {
    stopped = false;
    return walk_page(root, 0, payload, stopped);
  }

 private:
  // The usable bytes of page `number` (1-based), claimed for this reader; nullopt when it is out
  // of range or was used already.
  std::optional<std::string_view> claim(std::uint32_t number) {
    if (number == 0 || number > page_count_ || used_[number]) return std::nullopt;
    used_[number] = true;
    return image_.substr(static_cast<std::size_t>(number - 1) * page_size_, usable_);
  }

  bool walk_page(std::uint32_t number, int depth, const std::function<bool(std::string_view)>& payload,
                 bool& stopped) {
    if (depth > kMaxTreeDepth) return false;
    const auto page = claim(number);
    if (!page) return false;
    const std::size_t header = number == 1 ? kFileHeaderBytes : 0;
    const auto type = static_cast<unsigned char>((*page)[header]);
    if (type != kLeafTable && type != kInteriorTable) return false;
    const std::size_t header_bytes = type == kLeafTable ? 8 : 12;
    const std::size_t cells = big_endian(*page, header + 3, 2);
    const std::size_t first_cell = header + header_bytes + 2 * cells;
    if (first_cell > usable_) return false;
    for (std::size_t i = 0; i < cells; ++i) {
      const std::size_t cell = big_endian(*page, header + header_bytes + 2 * i, 2);
      if (cell < first_cell || cell + 4 > usable_) return false;
      if (type == kInteriorTable) {
        std::size_t at = cell + 4;
        std::uint64_t rowid = 0;
        if (!read_varint(*page, at, usable_, rowid)) return false;
        if (!walk_page(big_endian(*page, cell, 4), depth + 1, payload, stopped)) return false;
        if (stopped) return true;
      } else {
        std::string_view row_payload;
        if (!leaf_payload(*page, cell, row_payload)) return false;
        if (!payload(row_payload)) {
          stopped = true;
          return true;
        }
      }
    }
    if (type == kInteriorTable) return walk_page(big_endian(*page, header + 8, 4), depth + 1, payload, stopped);
    return true;
  }

  // The payload of the leaf cell at `cell`, from the page and its overflow chain.
  bool leaf_payload(std::string_view page, std::size_t cell, std::string_view& out) {
    std::size_t at = cell;
    std::uint64_t size = 0, rowid = 0;
    if (!read_varint(page, at, usable_, size) || !read_varint(page, at, usable_, rowid)) return false;
    if (size > image_.size()) return false;  // a payload is never larger than its file
    const std::size_t total = static_cast<std::size_t>(size);
    const std::size_t max_local = usable_ - 35;
    std::size_t local = total;
    if (total > max_local) {
      const std::size_t min_local = (usable_ - 12) * 32 / 255 - 23;
      const std::size_t spilled = min_local + (total - min_local) % (usable_ - 4);
      local = spilled <= max_local ? spilled : min_local;
    }
    const bool overflows = local < total;
    if (at + local + (overflows ? 4 : 0) > usable_) return false;
    if (!overflows) {
      out = page.substr(at, local);
      return true;
    }
    assembled_.assign(page.substr(at, local));
    std::uint32_t next = big_endian(page, at + local, 4);
    std::size_t remaining = total - local;
    while (remaining > 0) {
      const auto overflow = claim(next);
      if (!overflow) return false;
      const std::size_t chunk = std::min(remaining, usable_ - 4);
      assembled_.append(overflow->substr(4, chunk));
      remaining -= chunk;
      next = big_endian(*overflow, 0, 4);
    }
    out = assembled_;
    return true;
  }

  std::string_view image_;
  std::size_t page_size_ = 0;
  std::size_t usable_ = 0;
  std::uint32_t page_count_ = 0;
  std::vector<bool> used_;
  std::string assembled_;  // a payload that continued in overflow pages
};

bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

void skip_leading_spaces(std::string_view& sql) {
  while (!sql.empty() && is_space(sql.front())) sql.remove_prefix(1);
}

bool is_keyword(std::string_view word, std::initializer_list<std::string_view> keywords) {
  return std::any_of(keywords.begin(), keywords.end(), [&](std::string_view keyword) { return iequals(word, keyword); });
}

// Consumes `keyword` (any case) and the spaces after it.
bool take_keyword(std::string_view& sql, std::string_view keyword) {
  if (sql.size() < keyword.size() || !iequals(sql.substr(0, keyword.size()), keyword)) return false;
  sql.remove_prefix(keyword.size());
  if (!sql.empty() && is_identifier_char(sql.front())) return false;
  skip_leading_spaces(sql);
  return true;
}

struct ColumnDefinition {
  std::string_view name;
  bool primary_key = false;  // could be the rowid's alias (INTEGER PRIMARY KEY)
};

// The column definitions between a CREATE TABLE statement's parentheses, in one pass; nullopt for
// anything but plain column definitions: quotes, comments, table constraints, generated or
// defaulted columns, unbalanced parentheses.
std::optional<std::vector<ColumnDefinition>> column_definitions(std::string_view body) {
  std::vector<ColumnDefinition> definitions;
  std::size_t i = 0;
  const std::size_t n = body.size();
  const auto take_word = [&] {
    const std::size_t start = i;
    while (i < n && is_identifier_char(body[i])) ++i;
    return body.substr(start, i - start);
  };
  while (true) {
    while (i < n && is_space(body[i])) ++i;
    ColumnDefinition definition{take_word()};
    // A name of ASCII letters, digits, '_' and '$' (not starting with a digit), then a blank, a
    // comma or the end: a name with other characters in it ("bé") is not cut short.
    if (definition.name.empty() || (definition.name[0] >= '0' && definition.name[0] <= '9') ||
        (i < n && !is_space(body[i]) && body[i] != ',') ||
        is_keyword(definition.name, {"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"})) {
      return std::nullopt;
    }
    int depth = 0;
    while (i < n && !(body[i] == ',' && depth == 0)) {
      const char c = body[i];
      if (is_identifier_char(c)) {
        const auto word = take_word();
        if (is_keyword(word, {"AS", "GENERATED", "DEFAULT"})) return std::nullopt;
        definition.primary_key = definition.primary_key || iequals(word, "PRIMARY");
        continue;
      }
      const char next = i + 1 < n ? body[i + 1] : '\0';
      if (c == '"' || c == '\'' || c == '`' || c == '[' || (c == '-' && next == '-') || (c == '/' && next == '*')) {
        return std::nullopt;
      }
      if (c == '(') ++depth;
      if (c == ')' && --depth < 0) return std::nullopt;
      ++i;
    }
    if (depth != 0) return std::nullopt;
    definitions.push_back(definition);
    if (i == n) return definitions;
    ++i;  // the comma
  }
}

// The record positions of `columns` in `CREATE TABLE <table> (<column definitions>)`, or nullopt
// when the statement is not of the plain form whose records this reader knows to line up with
// its columns (see column_definitions; also WITHOUT ROWID, STRICT, a wanted column named twice or
// that could be the rowid's alias).
std::optional<std::vector<std::size_t>> record_positions(std::string_view sql, std::string_view table,
                                                         std::span<const std::string_view> columns) {
  if (!take_keyword(sql, "CREATE") || !take_keyword(sql, "TABLE")) return std::nullopt;
  if (sql.substr(0, table.size()) != table) return std::nullopt;
  sql.remove_prefix(table.size());
  skip_leading_spaces(sql);
  while (!sql.empty() && is_space(sql.back())) sql.remove_suffix(1);
  if (sql.size() < 2 || sql.front() != '(' || sql.back() != ')') return std::nullopt;
  const auto definitions = column_definitions(sql.substr(1, sql.size() - 2));
  if (!definitions) return std::nullopt;

  std::vector<std::size_t> positions;
  for (const auto& column : columns) {
    const auto named = [&](const ColumnDefinition& definition) { return iequals(definition.name, column); };
    const auto found = std::find_if(definitions->begin(), definitions->end(), named);
    if (found == definitions->end() || found->primary_key) return std::nullopt;
    // Two columns of one name: SQLite refuses the table; neither is the wanted one.
    if (std::find_if(found + 1, definitions->end(), named) != definitions->end()) return std::nullopt;
    positions.push_back(static_cast<std::size_t>(found - definitions->begin()));
  }
  return positions;
}

struct TableEntry {
  std::uint32_t root = 0;
  std::string sql;  // its CREATE TABLE statement
};

// Where `table` is: its root page and its statement, from the schema table (page 1: type, name,
// tbl_name, rootpage, sql); nullopt when it is not there exactly once as a table, or the schema
// can't be read.
std::optional<TableEntry> find_table(Pages& pages, std::string_view table) {
  std::optional<TableEntry> entry;
  bool ambiguous = false;
  std::vector<RecordValue> values;
  bool stopped = false;
  const bool walked = pages.walk(1, [&](std::string_view payload) {
    if (!decode_record(payload, values) || values.size() < 5) {
      ambiguous = true;
      return false;
    }
    const auto& name = values[1];
    if (name.kind != RecordValue::Kind::bytes || !iequals(name.bytes, table)) return true;
    const auto& type = values[0];
    const auto& root = values[3];
    const auto& sql = values[4];
    if (entry || name.bytes != table || type.kind != RecordValue::Kind::bytes || type.bytes != "table" ||
        root.kind != RecordValue::Kind::integer || root.integer < 2 || root.integer > pages.page_count() ||
        sql.kind != RecordValue::Kind::bytes) {
      ambiguous = true;
      return false;
    }
    entry = TableEntry{static_cast<std::uint32_t>(root.integer), std::string(sql.bytes)};
    return true;
  }, stopped);
  if (!walked || ambiguous) return std::nullopt;
  return entry;
}

}  // namespace

SqliteTableRead read_sqlite_table(std::string_view image, std::string_view table,
                                  std::span<const std::string_view> columns,
                                  const std::function<bool(std::span<const SqliteBytes>)>& row) {
  Pages pages(image);
  if (!pages.open()) return SqliteTableRead::not_followed;
  const auto entry = find_table(pages, table);
  if (!entry) return SqliteTableRead::not_followed;
  const auto positions = record_positions(entry->sql, table, columns);
  if (!positions) return SqliteTableRead::not_followed;

  std::vector<RecordValue> values;
  std::vector<SqliteBytes> wanted(columns.size());
  bool unreadable = false;
  bool stopped = false;
  const bool walked = pages.walk(entry->root, [&](std::string_view payload) {
    if (!decode_record(payload, values)) {
      unreadable = true;
      return false;
    }
    for (std::size_t i = 0; i < positions->size(); ++i) {
      const auto position = (*positions)[i];
      // A row written before its table gained a column (ALTER TABLE ADD COLUMN, no default)
      // holds fewer values: the rest are NULL.
      if (position >= values.size() || values[position].kind == RecordValue::Kind::null) {
        wanted[i] = std::nullopt;
      } else if (values[position].kind == RecordValue::Kind::bytes) {
        wanted[i] = values[position].bytes;
      } else {
        unreadable = true;  // a number, which SQLite would hand over as its text
        return false;
      }
    }
    return row(wanted);
  }, stopped);
  if (!walked || unreadable) return SqliteTableRead::not_followed;
  return stopped ? SqliteTableRead::stopped : SqliteTableRead::read;
}

}  // namespace util
