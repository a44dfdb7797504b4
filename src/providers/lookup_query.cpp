#include "providers/lookup_query.hpp"

#include "i18n/text.hpp"
#include "providers/provider.hpp"
#include "util/text.hpp"

namespace providers {
namespace {

i18n::Text why_not_a_domain(std::string domain) {
  if (!domain.empty() && domain.back() == '.') domain.pop_back();  // "example.com." is fully qualified
  if (domain.empty()) return i18n::msg("no domain");
  if (!is_domain_text(domain)) return i18n::msg("the domain holds characters no domain name has");
  for (const auto& label : util::split(domain, '.')) {
    if (label.empty()) return i18n::msg("the domain has an empty label");
    if (label.size() > 63) return i18n::msg("a label of the domain is longer than 63 characters");
    if (label.front() == '-' || label.back() == '-') return i18n::msg("a label of the domain starts or ends with '-'");
  }
  return {};
}

i18n::Text why_not_a_query(const std::string& text) {
  const auto at = text.rfind('@');
  if (at == std::string::npos) return why_not_a_domain(util::to_lower(text));
  const std::string local = text.substr(0, at);
  if (local.empty()) return i18n::msg("nothing before the @");
  if (local.find_first_of(" \t\r\n") != std::string::npos) return i18n::msg("a blank before the @");
  if (auto why = why_not_a_domain(util::to_lower(text.substr(at + 1))); !why.empty()) return i18n::msg("{1} after the @", {why});
  return {};
}

}  // namespace

util::Status check_lookup_query(const std::string& text) {
  const i18n::Text why = why_not_a_query(std::string(util::trim(text)));
  if (why.empty()) return {};
  return i18n::error(i18n::msg("'{1}' is not an email address or domain ({2}); give user@example.com or example.com",
                               {util::printable(text), why}));
}

}  // namespace providers
