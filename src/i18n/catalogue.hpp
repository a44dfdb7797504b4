// A message catalogue read from the bytes of a GNU gettext .mo file (what msgfmt writes from a
// .po file): msgid -> msgstr, plural forms kept together. Pure and bounded: hostile bytes give an
// error value, never a read outside the image.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include "util/result.hpp"

namespace i18n {

class Catalogue {
 public:
  // `name` names the image in errors ("zh_CN.mo: entry 12 points outside the file").
  static util::Result<Catalogue> from_mo(std::string_view bytes, std::string_view name);

  // The translation of `msgid` (for a plural entry, of its singular), or nullptr when the
  // catalogue has none or an empty one.
  const std::string* find(std::string_view msgid) const;
  // The translation of a plural entry for `n` under the catalogue's plural rule: one form
  // (nplurals=1, as Chinese) or two (n == 1 first). nullptr when it has none.
  const std::string* find_plural(std::string_view singular, unsigned long n) const;

  std::size_t size() const { return entries_.size(); }
  int plural_forms() const { return plural_forms_; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Entry {
    std::string singular;                    // the translation, or its first plural form
    std::string other;                       // the second plural form, when there is one
  };
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries_;
  int plural_forms_ = 2;
};

}  // namespace i18n
