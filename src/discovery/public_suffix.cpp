#include "discovery/public_suffix.hpp"

#include <string_view>
#include <unordered_set>

#include "util/punycode.hpp"
#include "util/text.hpp"

namespace discovery {
namespace {

constexpr std::string_view kRules =
#include "public_suffix_list.inc"
    ;

// The list's three kinds of rule, every one in its ASCII (xn--) form: "co.uk", "*.ck" (kept as
// "ck") and "!www.ck" (kept as "www.ck").
struct Rules {
  std::unordered_set<std::string> plain, wildcard, exception;
  std::size_t count = 0;
};

const Rules& rules() {
  static const Rules r = [] {
    Rules out;
    for (const auto& line : util::split(std::string(kRules), '\n', true)) {
      auto ascii = util::ascii_domain(util::to_lower(std::string(util::trim(line.substr(line[0] == '!' ? 1 : 0)))));
      if (!ascii || ascii->empty()) continue;
      ++out.count;
      if (line[0] == '!') {
        out.exception.insert(std::move(*ascii));
      } else if (ascii->rfind("*.", 0) == 0) {
        out.wildcard.insert(ascii->substr(2));
      } else {
        out.plain.insert(std::move(*ascii));
      }
    }
    return out;
  }();
  return r;
}

std::string joined(const std::vector<std::string>& labels, std::size_t from) {
  std::vector<std::string> tail(labels.begin() + static_cast<std::ptrdiff_t>(from), labels.end());
  return util::join(tail, ".");
}

// Index of the first label of the public suffix (publicsuffix.org's algorithm: an exception rule
// prevails, then the rule with the most labels; with none, the last label).
std::size_t suffix_start(const std::vector<std::string>& ascii) {
  const Rules& r = rules();
  for (std::size_t i = 0; i < ascii.size(); ++i) {
    if (r.exception.count(joined(ascii, i))) return i + 1;
  }
  for (std::size_t i = 0; i < ascii.size(); ++i) {
    if (r.plain.count(joined(ascii, i))) return i;
    if (i + 1 < ascii.size() && r.wildcard.count(joined(ascii, i + 1))) return i;
  }
  return ascii.size() - 1;
}

}  // namespace

std::string registrable_domain(const std::string& host) {
  std::string name = host;
  while (!name.empty() && name.back() == '.') name.pop_back();
  const auto labels = util::split(name, '.', false);
  if (labels.size() < 2) return host;
  std::vector<std::string> ascii;
  for (const auto& label : labels) {
    auto a = util::punycode_label(util::to_lower(label));
    if (!a || a->empty()) return host;
    ascii.push_back(std::move(*a));
  }
  const std::size_t start = suffix_start(ascii);
  if (start == 0) return host;
  return joined(labels, start - 1);
}

std::size_t public_suffix_rule_count() { return rules().count; }

}  // namespace discovery
