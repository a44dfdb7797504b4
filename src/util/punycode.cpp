#include "util/punycode.hpp"

#include <utf8cpp/utf8.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace util {
namespace {

// RFC 3492 section 5 parameters.
constexpr std::uint32_t kBase = 36, kTMin = 1, kTMax = 26, kSkew = 38, kDamp = 700, kInitialBias = 72, kInitialN = 128;

char digit(std::uint32_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); }

std::uint32_t adapt(std::uint32_t delta, std::uint32_t points, bool first) {
  delta = first ? delta / kDamp : delta / 2;
  delta += delta / points;
  std::uint32_t k = 0;
  while (delta > ((kBase - kTMin) * kTMax) / 2) {
    delta /= kBase - kTMin;
    k += kBase;
  }
  return k + (kBase - kTMin + 1) * delta / (delta + kSkew);
}

}  // namespace

std::optional<std::string> punycode_label(std::string_view label) {
  if (!utf8::is_valid(label.begin(), label.end())) return std::nullopt;
  std::vector<std::uint32_t> points;
  utf8::utf8to32(label.begin(), label.end(), std::back_inserter(points));
  std::string out;
  for (auto c : points) {
    if (c < 0x80) out.push_back(static_cast<char>(c));
  }
  if (out.size() == points.size()) return out;
  const auto basic = static_cast<std::uint32_t>(out.size());
  if (basic > 0) out.push_back('-');
  std::uint32_t n = kInitialN, delta = 0, bias = kInitialBias, handled = basic;
  while (handled < points.size()) {
    std::uint32_t m = UINT32_MAX;
    for (auto c : points) {
      if (c >= n) m = std::min(m, c);
    }
    delta += (m - n) * (handled + 1);
    n = m;
    for (auto c : points) {
      if (c < n) ++delta;
      if (c != n) continue;
      std::uint32_t q = delta;
      for (std::uint32_t k = kBase;; k += kBase) {
        const std::uint32_t t = k <= bias ? kTMin : k >= bias + kTMax ? kTMax : k - bias;
        if (q < t) break;
        out.push_back(digit(t + (q - t) % (kBase - t)));
        q = (q - t) / (kBase - t);
      }
      out.push_back(digit(q));
      bias = adapt(delta, handled + 1, handled == basic);
      delta = 0;
      ++handled;
    }
    ++delta;
    ++n;
  }
  return "xn--" + out;
}

std::optional<std::string> ascii_domain(std::string_view domain) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const auto dot = domain.find('.', start);
    auto label = punycode_label(domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (!label) return std::nullopt;
    out += *label;
    if (dot == std::string_view::npos) return out;
    out.push_back('.');
    start = dot + 1;
  }
}

}  // namespace util
