#pragma once
#include <string>
#include <string_view>

#include "i18n/text.hpp"

namespace core {

// Damaged: the file is cut or inconsistent (ends inside a statement, its account list names servers
// that are not there); its accounts are read as far as they can be, and it is never written to.
enum class SourceStatus { Ok, Error, Locked, Skipped, Damaged };
std::string_view to_string(SourceStatus s);

// One file (or registry root) that an adapter looked at.
struct Source {
  std::string client;
  std::string path;
  SourceStatus status = SourceStatus::Ok;
  std::string message;  // one line, English (JSON `message`); why it is error/locked/skipped, or a note when ok
  // `message` in the run's language (JSON `message_localized`, what the text report shows); empty in
  // an English run, and where the note was set as a plain string.
  std::string message_localized{};

  // A source whose note is a catalogue text (i18n::msg), or a lower layer's error (i18n::text_of).
  static Source noted(std::string client, std::string path, SourceStatus status, const i18n::Text& note);
  // Sets both languages from one note.
  void note(const i18n::Text& text);
  // The note in both languages (the English where it has no translation).
  i18n::Text note_text() const;
  // "note; more": a clause after the note (the note alone becomes `more` when it was empty).
  void note_further(const i18n::Text& more);
  // "first; note": a clause before the note.
  void note_first(const i18n::Text& first);
  // The note in the run's language.
  const std::string& shown_message() const { return message_localized.empty() ? message : message_localized; }
};

// Whether `source` names one user's live Windows registry rather than a file: "HKCU" (the user
// running mailmend) or HKU\<SID> (a user hive loaded under HKEY_USERS, e.g. HKU\S-1-5-21-...).
// Such a source is never made absolute, opened or backed up as a file; on other systems reading it
// is an error.
bool is_live_registry_source(std::string_view source);

}  // namespace core
