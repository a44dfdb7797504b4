#include "adapters/outlook/hosts.hpp"

#include <array>
#include <string>

#include "util/text.hpp"

namespace adapters::outlook {
namespace {

bool has_suffix_domain(const std::string& host, std::string_view domain) {
  return host == domain || (host.size() > domain.size() && host.ends_with(domain) &&
                            host[host.size() - domain.size() - 1] == '.');
}

std::string normalized(std::string_view host) {
  auto h = util::to_lower(util::trim(host));
  while (!h.empty() && h.back() == '.') h.pop_back();
  return h;
}

constexpr std::array<std::string_view, 4> kMicrosoftHostDomains{"office365.com", "outlook.com", "live.com",
                                                                 "hotmail.com"};

constexpr std::array<std::string_view, 31> kPublicProviderDomains{
    "gmail.com",   "googlemail.com", "google.com", "yahoo.com", "yahoo.co.jp",  "yahoo.co.uk", "aol.com",
    "icloud.com",  "me.com",         "mac.com",    "outlook.com", "office365.com", "hotmail.com", "live.com",
    "msn.com",     "gmx.net",        "gmx.com",    "gmx.de",    "web.de",       "mail.ru",     "yandex.ru",
    "yandex.com",  "zoho.com",       "zoho.eu",    "fastmail.com", "qq.com",    "163.com",     "126.com",
    "t-online.de", "mail.com",       "comcast.net"};

}  // namespace

bool is_microsoft_mail_host(std::string_view host) {
  auto h = normalized(host);
  for (auto d : kMicrosoftHostDomains) {
    if (has_suffix_domain(h, d)) return true;
  }
  return false;
}

bool is_microsoft_consumer_domain(std::string_view email_domain) {
  auto d = normalized(email_domain);
  if (d == "msn.com" || d == "windowslive.com") return true;
  auto first = d.substr(0, d.find('.'));
  return d.find('.') != std::string::npos && (first == "outlook" || first == "hotmail" || first == "live");
}

bool is_public_provider(std::string_view host_or_domain) {
  auto h = normalized(host_or_domain);
  for (auto d : kPublicProviderDomains) {
    if (has_suffix_domain(h, d)) return true;
  }
  return false;
}

}  // namespace adapters::outlook
