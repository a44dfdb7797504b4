// ISPDB clientConfig and <providerFacts> XML (the provider database sources and --policy files):
// a successful parse yields trimmed, lower-cased, non-empty domains and one-line issues.
#include <string>

#include "fuzz/targets.hpp"
#include "providers/facts.hpp"
#include "providers/ispdb.hpp"

namespace fuzz {
namespace detail_ispdb {

void check_domains(const providers::Provider& p) {
  for (const auto& d : p.domains) {
    check(!d.empty());
    for (char c : d) check(!(c >= 'A' && c <= 'Z') && c != ' ' && c != '\t' && c != '\n' && c != '\r');
  }
}

void check_issues(const std::vector<providers::ImportIssue>& issues) {
  for (const auto& i : issues) {
    check(i.line >= 0 && i.column >= 0);
    check(i.text().find('\n') == std::string::npos);
  }
}

}  // namespace detail_ispdb

int ispdb(const uint8_t* data, size_t size) {
  using namespace detail_ispdb;
  if (size > kMaxFuzzInput) return 0;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (providers::is_facts_document(bytes)) {
    providers::ImportResult result;
    providers::Provider base;
    base.id = "example.com";
    base.domains = {"example.com"};
    result.providers.push_back(base);
    bool applied = providers::apply_facts(bytes, "facts.xml", result);
    check(applied || !result.errors.empty());
    for (const auto& p : result.providers) check_domains(p);
    check_issues(result.warnings);
    check_issues(result.errors);
    return 0;
  }
  auto parsed = providers::parse_client_config(bytes, "example.com.xml", true);
  if (!parsed) {
    check(parsed.error().message.find('\n') == std::string::npos);
    return 0;
  }
  check_domains(parsed->provider);
  check_issues(parsed->warnings);
  return 0;
}

}  // namespace fuzz
