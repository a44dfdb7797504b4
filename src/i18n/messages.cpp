#include "i18n/messages.hpp"

#include <atomic>
#include <optional>

#include "i18n/embedded_catalogues.hpp"

namespace i18n {
namespace {

std::atomic<Language> g_language{Language::English};

const Catalogue* parsed_zh_cn() {
  static const std::optional<Catalogue> catalogue = []() -> std::optional<Catalogue> {
    auto parsed = Catalogue::from_mo(embedded_mo_zh_cn(), "zh_CN.mo");
    if (!parsed) return std::nullopt;
    return std::move(parsed).value();
  }();
  return catalogue ? &*catalogue : nullptr;
}

// util's error localizer: a pattern's translation in the run's language, or empty.
std::string_view translated_pattern(std::string_view english_pattern) {
  const Catalogue* catalogue = embedded_catalogue(language());
  const std::string* translated = catalogue ? catalogue->find(english_pattern) : nullptr;
  return translated ? std::string_view(*translated) : std::string_view();
}

}  // namespace

void set_language(Language language) {
  g_language.store(language, std::memory_order_relaxed);
  util::set_error_localizer(language == Language::English ? nullptr : &translated_pattern);
}

Language language() { return g_language.load(std::memory_order_relaxed); }

const Catalogue* embedded_catalogue(Language language) {
  return language == Language::SimplifiedChinese ? parsed_zh_cn() : nullptr;
}

std::string_view tr(std::string_view msgid) {
  const Catalogue* catalogue = embedded_catalogue(language());
  const std::string* translated = catalogue ? catalogue->find(msgid) : nullptr;
  return translated ? std::string_view(*translated) : msgid;
}

std::string_view trn(std::string_view singular, std::string_view plural, unsigned long n) {
  const Catalogue* catalogue = embedded_catalogue(language());
  const std::string* translated = catalogue ? catalogue->find_plural(singular, n) : nullptr;
  if (translated) return *translated;
  return n == 1 ? singular : plural;
}

std::string format(std::string_view pattern, std::initializer_list<std::string_view> args) {
  return format(pattern, std::span<const std::string_view>(args.begin(), args.size()));
}

std::string format(std::string_view pattern, std::span<const std::string_view> args) {
  return util::fill_placeholders(pattern, args);
}

}  // namespace i18n
