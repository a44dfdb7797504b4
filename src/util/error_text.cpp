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
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const bool placeholder = pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 1] >= '1' &&
                             pattern[i + 1] <= '9' && pattern[i + 2] == '}';
    const std::size_t index = placeholder ? static_cast<std::size_t>(pattern[i + 1] - '1') : 0;
    if (placeholder && index < args.size()) {
      out += args[index];
      i += 2;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

}  // namespace util
