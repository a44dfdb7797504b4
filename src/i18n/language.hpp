// Which language mailmend speaks: --lang, else the locale variables, else the system's UI
// language (Windows, macOS). Only what a catalogue exists for; anything else is English.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace i18n {

enum class Language { English, SimplifiedChinese };

// The tag reports carry ("en", "zh-CN").
std::string_view tag(Language language);

// A locale name or language tag: "zh_CN.UTF-8", "zh-Hans", "zh_SG", "zh" -> Simplified Chinese;
// "en_GB", "C", "POSIX" -> English; nullopt for anything else (zh_TW and zh-Hant among them: no
// Traditional Chinese catalogue yet).
std::optional<Language> language_from_tag(std::string_view tag);

// The values --lang accepts, for its error message.
std::string_view known_language_tags();

using Getenv = std::function<std::string(const char* name)>;
// LC_ALL, then LC_MESSAGES, then LANG (the first that is set and not empty decides, as POSIX
// says; an unknown value means English); none set: the system's UI language.
Language language_from_environment(const Getenv& getenv, std::string_view system_ui_language);

// The user's UI language as a tag ("zh-CN"), or empty: GetUserDefaultUILanguage on Windows,
// AppleLanguages on macOS, nothing elsewhere (platform files language_*.cpp).
std::string system_ui_language();

}  // namespace i18n
