#include "util/error_text.hpp"

#include <atomic>
#include <cstring>
#include <vector>

namespace util {
namespace {

std::atomic<ErrorLocalizer> g_localizer{nullptr};

// The arguments' English (or localized) sides, in order.
std::vector<std::string_view> sides(std::initializer_list<ErrorArg> args, std::string ErrorArg::*side) {
  std::vector<std::string_view> out;
  out.reserve(args.size());
  for (const auto& a : args) out.push_back(a.*side);
  return out;
}

}  // namespace

void set_error_localizer(ErrorLocalizer localizer) { g_localizer.store(localizer, std::memory_order_relaxed); }

Error error_from(std::string_view pattern, std::initializer_list<ErrorArg> args) {
  Error error{fill_placeholders(pattern, sides(args, &ErrorArg::english)), {}};
  if (const ErrorLocalizer localize = g_localizer.load(std::memory_order_relaxed)) {
    const std::string_view translated = localize(pattern);
    error.localized = fill_placeholders(translated.empty() ? pattern : translated, sides(args, &ErrorArg::localized));
  }
  return error;
}

std::string errno_text(int err) { return std::strerror(err); }

std::string fill_placeholders(std::string_view pattern, std::span<const std::string_view> args) {
  std::string out;
  out.reserve(pattern.size());
  std::size_t copied = 0;  // pattern[0, copied) is in `out`
  for (std::size_t i = pattern.find('{'); i != std::string_view::npos; i = pattern.find('{', i + 1)) {
    const bool placeholder = i + 2 < pattern.size() && pattern[i + 1] >= '1' && pattern[i + 1] <= '9' && pattern[i + 2] == '}';
    const std::size_t index = placeholder ? static_cast<std::size_t>(pattern[i + 1] - '1') : 0;
    if (!placeholder || index >= args.size()) continue;
    out.append(pattern.substr(copied, i - copied));
    out += args[index];
    copied = i + 3;
    i += 2;
  }
  out.append(pattern.substr(copied));
  return out;
}

}  // namespace util
