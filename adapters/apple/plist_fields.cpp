#include "adapters/apple/plist_fields.hpp"

namespace adapters::apple {

std::string child_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string index_path(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

core::Origin PlistFields::origin(const char* key) const {
  core::Origin o;
  o.file = file_;
  o.key = child_path(path_, key);
  o.is_default = !has(key);
  return o;
}

core::Value<std::string> PlistFields::text_value(const char* key) const {
  return core::Value<std::string>{text(key).value_or(""), origin(key)};
}

}  // namespace adapters::apple
