#include "adapters/outlook/registry.hpp"

#include <utf8cpp/utf8.h>

#include <array>
#include <iterator>

#include "util/text.hpp"

namespace adapters::outlook {

const std::vector<RegValue>& RegKey::values() const {
  compact();
  return values_;
}

void RegKey::compact() const {
  if (removed_count_ == 0) return;
  std::vector<RegValue> kept;
  for (std::size_t i = 0; i < values_.size(); ++i) {
    if (!removed_[i]) kept.push_back(std::move(values_[i]));
  }
  values_ = std::move(kept);
  removed_.assign(values_.size(), false);
  removed_count_ = 0;
  value_index_.clear();
  for (std::size_t i = 0; i < values_.size(); ++i) value_index_.emplace(util::to_lower(values_[i].name), i);
}

const RegValue* RegKey::value(std::string_view name) const {
  auto it = value_index_.find(util::to_lower(name));
  return it == value_index_.end() ? nullptr : &values_[it->second];
}

const RegKey* RegKey::child(std::string_view name) const {
  auto it = child_index_.find(util::to_lower(name));
  return it == child_index_.end() ? nullptr : children_[it->second].get();
}

std::vector<const RegKey*> RegKey::children() const {
  std::vector<const RegKey*> out;
  for (const auto& c : children_) {
    if (c) out.push_back(c.get());
  }
  return out;
}

void RegKey::set_value(RegValue v) {
  auto lower = util::to_lower(v.name);
  auto it = value_index_.find(lower);
  if (it != value_index_.end()) {
    values_[it->second] = std::move(v);
    return;
  }
  value_index_.emplace(std::move(lower), values_.size());
  values_.push_back(std::move(v));
  removed_.push_back(false);
}

bool RegKey::remove_value(std::string_view name) {
  auto it = value_index_.find(util::to_lower(name));
  if (it == value_index_.end()) return false;
  removed_[it->second] = true;
  ++removed_count_;
  value_index_.erase(it);
  return true;
}

RegKey& RegKey::ensure_child(std::string_view name, std::string_view full_path) {
  auto lower = util::to_lower(name);
  auto it = child_index_.find(lower);
  if (it != child_index_.end()) return *children_[it->second];
  children_.push_back(std::make_unique<RegKey>(std::string(name), std::string(full_path)));
  child_index_.emplace(std::move(lower), children_.size() - 1);
  return *children_.back();
}

bool RegKey::remove_child(std::string_view name) {
  auto it = child_index_.find(util::to_lower(name));
  if (it == child_index_.end()) return false;
  children_[it->second].reset();  // keeps the other positions valid
  child_index_.erase(it);
  return true;
}

const RegKey* RegistrySnapshot::find(std::string_view relative_path) const {
  const RegKey* key = &root;
  for (const auto& part : split_key_path(relative_path)) {
    key = key->child(part);
    if (!key) return nullptr;
  }
  return key;
}

std::vector<std::string> split_key_path(std::string_view path) { return util::split(path, '\\', true); }

namespace {
// Lone surrogates would make utfcpp throw; a registry string may hold anything.
std::u16string replace_lone_surrogates(std::u16string units) {
  for (std::size_t i = 0; i < units.size(); ++i) {
    char16_t u = units[i];
    bool high = u >= 0xD800 && u <= 0xDBFF;
    bool low = u >= 0xDC00 && u <= 0xDFFF;
    if (high && i + 1 < units.size() && units[i + 1] >= 0xDC00 && units[i + 1] <= 0xDFFF) {
      ++i;
    } else if (high || low) {
      units[i] = 0xFFFD;
    }
  }
  return units;
}
}  // namespace

std::string utf16le_to_utf8(std::string_view bytes) {
  std::u16string units;
  units.reserve(bytes.size() / 2);
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    char16_t u = static_cast<char16_t>(static_cast<unsigned char>(bytes[i]) |
                                       (static_cast<unsigned char>(bytes[i + 1]) << 8));
    if (u == 0) break;
    units.push_back(u);
  }
  std::string out;
  try {
    utf8::utf16to8(units.begin(), units.end(), std::back_inserter(out));
  } catch (const utf8::exception&) {
    out.clear();
    auto cleaned = replace_lone_surrogates(std::move(units));
    utf8::utf16to8(cleaned.begin(), cleaned.end(), std::back_inserter(out));
  }
  return out;
}

std::string utf8_to_utf16le_nul(std::string_view text) {
  std::u16string units;
  std::string valid = utf8::replace_invalid(std::string(text));
  utf8::utf8to16(valid.begin(), valid.end(), std::back_inserter(units));
  std::string out;
  out.reserve(units.size() * 2 + 2);
  for (char16_t u : units) {
    out.push_back(static_cast<char>(u & 0xFF));
    out.push_back(static_cast<char>(u >> 8));
  }
  out.append(2, '\0');
  return out;
}

std::optional<std::string> value_text(const RegValue& v) {
  if (v.type == regtype::Sz || v.type == regtype::ExpandSz || v.type == regtype::Binary ||
      v.type == regtype::MultiSz) {
    return utf16le_to_utf8(v.data);
  }
  return std::nullopt;
}

std::optional<std::uint64_t> value_number(const RegValue& v) {
  auto byte = [&](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(v.data[i])); };
  if (v.type == regtype::Dword && v.data.size() == 4) {
    return byte(0) | byte(1) << 8 | byte(2) << 16 | byte(3) << 24;
  }
  if (v.type == regtype::Qword && v.data.size() == 8) {
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < 8; ++i) n |= byte(i) << (8 * i);
    return n;
  }
  if (v.type == regtype::Sz) {
    auto n = util::parse_int(util::trim(utf16le_to_utf8(v.data)), 0, 0xFFFFFFFFLL);
    if (n) return static_cast<std::uint64_t>(*n);
  }
  return std::nullopt;
}

namespace {
// Windows-1252 0x80..0x9F (the rest of the upper half equals Latin-1); 0 = undefined.
constexpr std::array<char16_t, 32> kCp1252High{
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
}  // namespace

char16_t windows1252_unit(unsigned char c) {
  if (c >= 0x80 && c <= 0x9F) return kCp1252High[c - 0x80] ? kCp1252High[c - 0x80] : 0xFFFD;
  return c;
}

std::string windows1252_to_utf8(std::string_view s) {
  std::string out;
  for (unsigned char c : s) utf8::append(static_cast<std::uint32_t>(windows1252_unit(c)), std::back_inserter(out));
  return out;
}

std::string utf8_or_windows1252(std::string_view s) {
  return utf8::is_valid(s.begin(), s.end()) ? std::string(s) : windows1252_to_utf8(s);
}

std::string le32(std::uint32_t v) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) out[static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
  return out;
}

}  // namespace adapters::outlook

namespace adapters::outlook {
RegValue make_sz(std::string name, std::string_view text) {
  return RegValue{std::move(name), regtype::Sz, utf8_to_utf16le_nul(text), 0};
}
RegValue make_binary_text(std::string name, std::string_view text) {
  return RegValue{std::move(name), regtype::Binary, utf8_to_utf16le_nul(text), 0};
}
RegValue make_dword(std::string name, std::uint32_t value) {
  return RegValue{std::move(name), regtype::Dword, le32(value), 0};
}
RegValue make_binary(std::string name, std::string bytes) {
  return RegValue{std::move(name), regtype::Binary, std::move(bytes), 0};
}
}  // namespace adapters::outlook
