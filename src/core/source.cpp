#include "core/source.hpp"

#include <algorithm>


namespace core {
namespace {

// Two clauses of one note: "first; second" (Chinese "first；second"); either alone when the other is empty.
i18n::Text clauses(const i18n::Text& first, const i18n::Text& second) {
  if (first.empty()) return second;
  if (second.empty()) return first;
  // TRANSLATORS: two clauses of a source's one-line note in the report ("profile 'x': 1 mail account; locked").
  return i18n::msg("{1}; {2}", {first, second});
}

}  // namespace

Source Source::noted(std::string client, std::string path, SourceStatus status, const i18n::Text& note) {
  Source s{std::move(client), std::move(path), status, {}};
  s.note(note);
  return s;
}

void Source::note(const i18n::Text& text) {
  message = text.english;
  message_localized = i18n::localized_member(text);
}

i18n::Text Source::note_text() const { return i18n::from_members(message, message_localized); }

void Source::note_further(const i18n::Text& more) { note(clauses(note_text(), more)); }

void Source::note_first(const i18n::Text& first) { note(clauses(first, note_text())); }

bool is_live_registry_source(std::string_view source) {
  if (source == "HKCU") return true;
  constexpr std::string_view kUsers = "HKU\\S-1-";
  if (!source.starts_with(kUsers) || source.size() > 200) return false;
  const std::string_view sid = source.substr(4);
  return std::all_of(sid.begin(), sid.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
  });
}

}  // namespace core
