#pragma once
// JSON written as it goes, byte for byte as nlohmann::json's dump() writes the same document
// (dump(-1) compact, dump(n) indented by n spaces; invalid UTF-8 replaced), without building the
// document first. For outputs with one object per host of a fleet: building 100,000 objects of
// std::map nodes only to print them cost more than reading the reports did.
//
// nlohmann::json keeps an object's members sorted by key; the caller writes them in that order
// (tests compare the bytes with dump()'s).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace report {

class JsonWriter {
 public:
  // indent < 0: compact (dump(-1)); else that many spaces per level (dump(indent)).
  explicit JsonWriter(std::string& out, int indent = -1) : out_(out), indent_(indent) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  // The next member's key (inside an object); its value follows.
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t n);
  JsonWriter& value(std::uint64_t n);
  JsonWriter& value(int n) { return value(static_cast<std::int64_t>(n)); }
  JsonWriter& value(unsigned n) { return value(static_cast<std::uint64_t>(n)); }
  JsonWriter& value(bool b);
  JsonWriter& null();
  // null when empty, else the text (the reports' convention for a value not known).
  JsonWriter& text_or_null(std::string_view text) { return text.empty() ? null() : value(text); }
  template <class T>
  JsonWriter& value_or_null(const std::optional<T>& v) { return v ? value(*v) : null(); }
  JsonWriter& strings(const std::vector<std::string>& list);

  template <class T>
  JsonWriter& member(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

 private:
  struct Level {
    char closer;
    bool empty = true;
  };
  JsonWriter& open(char opener);
  JsonWriter& close(char closer);
  void before_value();
  void append_string(std::string_view text);
  void newline_and_indent(std::size_t depth);

  std::string& out_;
  int indent_;
  std::vector<Level> levels_;
  bool after_key_ = false;
};

}  // namespace report
