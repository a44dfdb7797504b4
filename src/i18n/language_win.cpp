// Windows: the user's UI language (what Settings > Time & language > Display language says).
#include <windows.h>

#include "i18n/language.hpp"

namespace i18n {

std::string system_ui_language() {
  const LANGID id = GetUserDefaultUILanguage();
  if (PRIMARYLANGID(id) != LANG_CHINESE) return PRIMARYLANGID(id) == LANG_ENGLISH ? "en" : "";
  switch (SUBLANGID(id)) {
    case SUBLANG_CHINESE_SIMPLIFIED:
    case SUBLANG_CHINESE_SINGAPORE: return "zh-CN";
    default: return "zh-TW";  // Traditional: no catalogue yet, English
  }
}

}  // namespace i18n
