#pragma once
// doctest printers for the containers tests compare, so failures show the values.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& v) {
    std::string out = "\n";
    for (const auto& s : v) out += "  " + s + "\n";
    return out.c_str();
  }
};
template <>
struct StringMaker<std::map<std::string, int>> {
  static String convert(const std::map<std::string, int>& m) {
    std::string out;
    for (const auto& [k, v] : m) out += k + "=" + std::to_string(v) + " ";
    return out.c_str();
  }
};
}  // namespace doctest
