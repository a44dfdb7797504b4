#include "i18n/language.hpp"

#include "util/text.hpp"

namespace i18n {

std::string_view tag(Language language) {
  return language == Language::SimplifiedChinese ? "zh-CN" : "en";
}

std::string_view known_language_tags() { return "en, zh-CN"; }

std::optional<Language> language_from_tag(std::string_view text) {
  // "zh_CN.UTF-8@euro" -> "zh-cn"
  std::string t = util::to_lower(text.substr(0, text.find_first_of(".@")));
  for (auto& c : t) c = c == '_' ? '-' : c;
  if (t == "c" || t == "posix" || t == "en" || t.rfind("en-", 0) == 0) return Language::English;
  if (t == "zh" || t == "zh-cn" || t == "zh-sg" || t == "zh-hans" || t.rfind("zh-hans-", 0) == 0) {
    return Language::SimplifiedChinese;
  }
  return std::nullopt;
}

Language language_from_environment(const Getenv& getenv, std::string_view system_ui_language) {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const std::string value = getenv(name);
    if (!value.empty()) return language_from_tag(value).value_or(Language::English);
  }
  return language_from_tag(system_ui_language).value_or(Language::English);
}

}  // namespace i18n
