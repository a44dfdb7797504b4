#include "providers/lookup_query.hpp"

#include "providers/provider.hpp"
#include "util/text.hpp"

namespace providers {
namespace {

std::string why_not_a_domain(std::string domain) {
  if (!domain.empty() && domain.back() == '.') domain.pop_back();  // "example.com." is fully qualified
  if (domain.empty()) return "no domain";
  if (!is_domain_text(domain)) return "the domain holds characters no domain name has";
  for (const auto& label : util::split(domain, '.')) {
    if (label.empty()) return "the domain has an empty label";
    if (label.size() > 63) return "a label of the domain is longer than 63 characters";
    if (label.front() == '-' || label.back() == '-') return "a label of the domain starts or ends with '-'";
  }
  return {};
}

std::string why_not_a_query(const std::string& text) {
  const auto at = text.rfind('@');
  if (at == std::string::npos) return why_not_a_domain(util::to_lower(text));
  const std::string local = text.substr(0, at);
  if (local.empty()) return "nothing before the @";
  if (local.find_first_of(" \t\r\n") != std::string::npos) return "a blank before the @";
  if (auto why = why_not_a_domain(util::to_lower(text.substr(at + 1))); !why.empty()) return why + " after the @";
  return {};
}

}  // namespace

util::Status check_lookup_query(const std::string& text) {
  const std::string why = why_not_a_query(std::string(util::trim(text)));
  if (why.empty()) return {};
  return util::make_error("'" + util::printable(text) + "' is not an email address or domain (" + why +
                          "); give user@example.com or example.com");
}

}  // namespace providers
