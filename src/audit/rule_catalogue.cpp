#include "audit/rule_catalogue.hpp"

#include "audit/audit.hpp"
#include "core/around.hpp"
#include "i18n/messages.hpp"
#include "i18n/text.hpp"
#include "rules/probe_findings.hpp"
#include "rules/rules.hpp"
#include "util/text.hpp"

namespace audit {

std::vector<RuleGroup> rule_groups() {
  using i18n::tr;
  std::vector<RuleGroup> groups{
      {"", rules::catalogue(), std::string(tr("Shared rules (every client):"))},
      {"probe", rules::probe_catalogue(), std::string(tr("Probe rules (mailmend probe, audit --probe: what the servers answer):"))},
      {"", core::around::catalogue(),
       std::string(tr("Around the client (every client: the machine's hosts file, the client's proxy and trust store):"))}};
  for (const auto& adapter : all_adapters()) {
    const std::string client(adapter->client());
    groups.push_back({client, adapter->rule_catalogue(), i18n::format(tr("{1} rules ({1}-...):"), {client})});
  }
  return groups;
}

i18n::Text unknown_rule_problem(std::string_view id) {
  std::string_view nearest;
  std::size_t best = std::string_view::npos;
  for (const auto& group : rule_groups()) {
    for (const auto& rule : group.rules) {
      if (rule.id == id) return {};
      const std::size_t distance = util::edit_distance(id, rule.id);
      if (distance < best) {
        best = distance;
        nearest = rule.id;
      }
    }
  }
  return i18n::msg("unknown rule id '{1}' (nearest known: {2}; `mailmend rules` lists them all)",
                   {util::printable(id), std::string(nearest)});
}

}  // namespace audit
