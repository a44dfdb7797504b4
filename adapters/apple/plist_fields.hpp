#pragma once
// Reads keys of one plist dict together with the Origin of each value ("MailAccounts[1].PortNumber").
#include <cstdint>
#include <optional>
#include <string>

#include "adapters/apple/plist_tree.hpp"
#include "core/model.hpp"

namespace adapters::apple {

std::string child_path(const std::string& parent, const std::string& key);
std::string index_path(const std::string& parent, std::size_t index);

class PlistFields {
 public:
  PlistFields(plist_t dict, std::string file, std::string path) : dict_(dict), file_(std::move(file)), path_(std::move(path)) {}

  plist_t node(const char* key) const { return dict_item(dict_, key); }
  bool has(const char* key) const { return node(key) != nullptr; }
  // Where `key` lives (or would be inserted when absent: is_default).
  core::Origin origin(const char* key) const;
  std::optional<std::string> text(const char* key) const { return string_value(node(key)); }
  std::optional<std::int64_t> integer(const char* key) const { return loose_int(node(key)); }
  std::optional<bool> flag(const char* key) const { return loose_bool(node(key)); }
  core::Value<std::string> text_value(const char* key) const;
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }

 private:
  plist_t dict_;
  std::string file_;
  std::string path_;
};

}  // namespace adapters::apple
