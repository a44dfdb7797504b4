#include "i18n/text.hpp"

#include <vector>

#include "i18n/messages.hpp"

namespace i18n {
namespace {

// A fill for `pattern` from one side of each argument.
std::string fill(std::string_view pattern, std::initializer_list<Text> args, std::string Text::*side) {
  std::vector<std::string_view> values;
  values.reserve(args.size());
  for (const auto& a : args) values.push_back(a.*side);
  return format(pattern, values);
}

// Ends with a character outside ASCII (a full-width stop or bracket, a CJK character): Chinese
// sentences follow each other without a space.
bool ends_wide(const std::string& s) { return !s.empty() && static_cast<unsigned char>(s.back()) >= 0x80; }

Text filled(std::string_view english_pattern, std::string_view localized_pattern, std::initializer_list<Text> args) {
  Text t;
  t.english = fill(english_pattern, args, &Text::english);
  t.localized = fill(localized_pattern, args, &Text::localized);
  return t;
}

}  // namespace

Text& Text::append_sentence(const Text& next) {
  if (next.empty()) return *this;
  if (!english.empty()) english += ' ';
  if (!localized.empty() && !ends_wide(localized)) localized += ' ';
  english += next.english;
  localized += next.localized;
  return *this;
}

Text& Text::operator+=(const Text& more) {
  english += more.english;
  localized += more.localized;
  return *this;
}

Text msg(std::string_view msgid, std::initializer_list<Text> args) { return filled(msgid, tr(msgid), args); }

Text msgn(std::string_view singular, std::string_view plural, unsigned long n, std::initializer_list<Text> args) {
  return filled(n == 1 ? singular : plural, trn(singular, plural, n), args);
}

Text marked_text(std::string_view english) {
  Text t{std::string(english)};
  t.localized = tr(english);
  return t;
}

util::Error error(const Text& message) { return util::Error{message.english, message.localized}; }

Text text_of(const util::Error& error) { return from_members(error.message, error.localized); }

std::string localized_member(const Text& text) {
  return language() == Language::English ? std::string() : text.localized;
}

Text from_members(const std::string& english, const std::string& localized) {
  Text t(english);
  if (!localized.empty()) t.localized = localized;
  return t;
}

Text join_list(const std::vector<Text>& items) {
  Text out;
  const bool chinese = language() == Language::SimplifiedChinese;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out.english += ", ";
      out.localized += chinese ? "、" : ", ";
    }
    out += items[i];
  }
  return out;
}

Text join_values(const std::vector<std::string>& values) { return join_list(std::vector<Text>(values.begin(), values.end())); }

}  // namespace i18n
