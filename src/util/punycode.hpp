#pragma once
// IDNA's ASCII form of a domain label (RFC 3492 Punycode with the "xn--" prefix), for comparing
// names written in Unicode (the public suffix list's "公司.cn") with names as DNS returns them
// ("xn--55qx5d.cn"). Encoding only; no Unicode normalisation (the inputs are already lower case).
#include <optional>
#include <string>
#include <string_view>

namespace util {

// "中国" → "xn--fiqs8s"; an all-ASCII label is returned unchanged; nullopt for invalid UTF-8.
std::optional<std::string> punycode_label(std::string_view utf8_label);

// Every label of a dotted name through punycode_label; nullopt when one is invalid UTF-8.
std::optional<std::string> ascii_domain(std::string_view utf8_domain);

}  // namespace util
