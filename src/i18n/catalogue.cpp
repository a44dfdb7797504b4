#include "i18n/catalogue.hpp"

#include <cstdint>

namespace i18n {
namespace {

constexpr std::uint32_t kMagic = 0x950412de;
constexpr std::uint32_t kMaxEntries = 1u << 20;

struct Reader {
  std::string_view bytes;
  bool swapped = false;

  bool u32(std::size_t at, std::uint32_t& out) const {
    if (at > bytes.size() || bytes.size() - at < 4) return false;
    auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i])); };
    out = swapped ? (b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3)) : (b(3) << 24 | b(2) << 16 | b(1) << 8 | b(0));
    return true;
  }
  // The string of table entry `index` (length, offset pairs); false when it leaves the image.
  bool string_at(std::uint32_t table, std::uint32_t index, std::string_view& out) const {
    std::uint32_t length = 0, offset = 0;
    const std::size_t at = static_cast<std::size_t>(table) + 8u * index;
    if (!u32(at, length) || !u32(at + 4, offset)) return false;
    if (offset > bytes.size() || bytes.size() - offset < length) return false;
    out = bytes.substr(offset, length);
    return true;
  }
};

// "nplurals=1; plural=0;" in the header entry's Plural-Forms line; 2 when absent or unreadable.
int plural_forms_of(std::string_view header) {
  const auto at = header.find("nplurals=");
  if (at == std::string_view::npos) return 2;
  const char digit = at + 9 < header.size() ? header[at + 9] : '2';
  return digit == '1' ? 1 : 2;
}

}  // namespace

util::Result<Catalogue> Catalogue::from_mo(std::string_view bytes, std::string_view name) {
  auto fail = [&](const std::string& what) { return util::make_error(std::string(name) + ": " + what); };
  Reader r{bytes};
  std::uint32_t magic = 0;
  if (!r.u32(0, magic)) return fail("too short for a .mo file");
  if (magic != kMagic) {
    r.swapped = true;
    if (!r.u32(0, magic) || magic != kMagic) return fail("not a .mo file (wrong magic number)");
  }
  std::uint32_t revision = 0, count = 0, originals = 0, translations = 0;
  if (!r.u32(4, revision) || !r.u32(8, count) || !r.u32(12, originals) || !r.u32(16, translations)) {
    return fail("too short for a .mo header");
  }
  if (revision >> 16 != 0) return fail("unsupported .mo revision " + std::to_string(revision >> 16));
  if (count > kMaxEntries) return fail("claims " + std::to_string(count) + " entries");
  Catalogue catalogue;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::string_view original, translated;
    if (!r.string_at(originals, i, original) || !r.string_at(translations, i, translated)) {
      return fail("entry " + std::to_string(i) + " points outside the file");
    }
    if (original.empty()) {
      catalogue.plural_forms_ = plural_forms_of(translated);
      continue;
    }
    // A plural entry is "singular\0plural" -> "form0\0form1...".
    const std::string_view singular = original.substr(0, original.find('\0'));
    const auto split = translated.find('\0');
    Entry entry{std::string(translated.substr(0, split)), {}};
    if (split != std::string_view::npos) {
      const std::string_view rest = translated.substr(split + 1);
      entry.other = std::string(rest.substr(0, rest.find('\0')));
    }
    catalogue.entries_.insert_or_assign(std::string(singular), std::move(entry));
  }
  return catalogue;
}

const std::string* Catalogue::find(std::string_view msgid) const {
  const auto it = entries_.find(msgid);
  if (it == entries_.end() || it->second.singular.empty()) return nullptr;
  return &it->second.singular;
}

const std::string* Catalogue::find_plural(std::string_view singular, unsigned long n) const {
  const auto it = entries_.find(singular);
  if (it == entries_.end()) return nullptr;
  const std::string& form = plural_forms_ == 1 || n == 1 ? it->second.singular : it->second.other;
  return form.empty() ? nullptr : &form;
}

}  // namespace i18n
