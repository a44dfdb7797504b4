#include "providers/provider.hpp"

#include "util/text.hpp"

namespace providers {

static void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
    s.replace(pos, from.size(), to);
  }
}

std::string expand_template(const std::string& tmpl, const std::string& email) {
  std::string out = tmpl;
  replace_all(out, "%EMAILADDRESS%", email);
  replace_all(out, "%EMAILLOCALPART%", util::email_local_part(email));
  replace_all(out, "%EMAILDOMAIN%", util::email_domain(email));
  return out;
}

std::string expand_for(const std::string& tmpl, const std::string& address_or_domain) {
  if (address_or_domain.find('@') != std::string::npos) return expand_template(tmpl, address_or_domain);
  std::string out = tmpl;
  replace_all(out, "%EMAILDOMAIN%", util::to_lower(util::trim(address_or_domain)));
  return out;
}

bool is_literal(const std::string& text) { return text.find('%') == std::string::npos; }

bool is_domain_text(const std::string& text) {
  if (text.empty() || text.size() > 253) return false;
  for (unsigned char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c >= 0x80;
    if (!ok) return false;
  }
  return true;
}

}  // namespace providers
