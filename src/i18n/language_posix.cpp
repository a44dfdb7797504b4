// POSIX: Linux has no UI language beyond the locale variables; macOS keeps the user's ordered
// list in the AppleLanguages preference.
#include "i18n/language.hpp"

#ifdef __APPLE__
#include <CoreFoundation/CoreFoundation.h>
#endif

namespace i18n {

std::string system_ui_language() {
#ifdef __APPLE__
  std::string first;
  CFPropertyListRef value = CFPreferencesCopyAppValue(CFSTR("AppleLanguages"), kCFPreferencesCurrentApplication);
  if (value && CFGetTypeID(value) == CFArrayGetTypeID() && CFArrayGetCount(static_cast<CFArrayRef>(value)) > 0) {
    const void* item = CFArrayGetValueAtIndex(static_cast<CFArrayRef>(value), 0);
    char buffer[64];
    if (CFGetTypeID(item) == CFStringGetTypeID() &&
        CFStringGetCString(static_cast<CFStringRef>(item), buffer, sizeof buffer, kCFStringEncodingUTF8)) {
      first = buffer;
    }
  }
  if (value) CFRelease(value);
  return first;
#else
  return {};
#endif
}

}  // namespace i18n
