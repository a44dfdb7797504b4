#include "fix/changes.hpp"

#include <algorithm>

#include "i18n/text.hpp"
#include "rules/port_conventions.hpp"
#include "util/contains.hpp"
#include "util/text.hpp"

namespace fix {
namespace {

void add_once(std::vector<std::string>& list, const std::string& value) {
  if (!util::contains(list, value)) list.push_back(value);
}

// Why a selected, fixable finding is not applied; empty when it is.
i18n::Text skip_reason(const core::Finding& finding, const core::Account* account,
                       const std::vector<const core::Adapter*>& adapters) {
  using i18n::msg;
  if (std::holds_alternative<std::monostate>(finding.expected)) return msg("no single expected value");
  if (auto text = std::get_if<std::string>(&finding.expected); text && text->empty()) {
    return msg("the expected value is empty");
  }
  if (!core::parse_field_path(finding.field)) return msg("not about one stored field");
  if (!account) return msg("the account is not in the report");
  if (account->managed) return msg("managed account (MDM or provider): reported, never fixed");
  if (account->stale) return msg("stale file that the client no longer reads: reported, never fixed");
  if (account->read_only) return msg("read-only file (a saved copy or a deployment recipe): reported, never fixed");
  if (finding.origin.file.empty()) return msg("no file holds this value");
  if (!find_adapter(adapters, account->client)) return msg("no adapter for client {1}", {account->client});
  return {};
}

Skipped skipped(const std::string& account, const std::string& field, const std::string& rules, const i18n::Text& reason,
                bool refused) {
  return Skipped{account, field, rules, reason.english, refused, reason.localized};
}

std::string value_text(const core::FieldValue& value) { return util::printable(core::field_value_text(value)); }

// Every selected finding asking for one (account, field), in report order.
struct FieldRequests {
  std::string account;
  std::string field;
  std::vector<const core::Finding*> findings;
};

std::vector<std::string> rules_of(const std::vector<const core::Finding*>& findings) {
  std::vector<std::string> out;
  for (const auto* f : findings) add_once(out, f->rule);
  return out;
}

// One change per field; the fields whose findings disagree are refused.
void merge_requests(const std::vector<FieldRequests>& requests, Changes& out) {
  for (const auto& r : requests) {
    const core::Finding& first = *r.findings.front();
    const bool agree = std::all_of(r.findings.begin(), r.findings.end(),
                                   [&](const core::Finding* f) { return f->expected == first.expected; });
    if (agree) {
      out.changes.push_back(Change{&first, rules_of(r.findings), {}});
      continue;
    }
    std::vector<i18n::Text> asks;
    for (const auto* f : r.findings) asks.push_back(i18n::msg("{1} asks {2}", {f->rule, value_text(f->expected)}));
    out.skipped.push_back(skipped(r.account, r.field, util::join(rules_of(r.findings), ", "),
                                  i18n::msg("ambiguous: {1}; the field is not changed", {i18n::join_list(asks)}), true));
  }
}

const Change* find_change(const std::vector<Change>& changes, const std::string& account, const std::string& field) {
  for (const auto& c : changes) {
    if (c.finding->account == account && c.finding->field == field) return &c;
  }
  return nullptr;
}

// The endpoint of an account that a change's field belongs to.
const core::Endpoint* endpoint_of(const core::Account& account, bool incoming) {
  const auto& ep = incoming ? account.incoming : account.outgoing;
  return ep ? &*ep : nullptr;
}

int port_value(const core::FieldValue& v, int fallback) {
  auto p = std::get_if<std::int64_t>(&v);
  return p ? static_cast<int>(*p) : fallback;
}

core::Security security_value(const core::FieldValue& v, core::Security fallback) {
  auto s = std::get_if<std::string>(&v);
  return s ? core::parse_security(*s).value_or(core::Security::Unknown) : fallback;
}

i18n::Text mismatch_text(core::Protocol protocol, int port, core::Security security) {
  const bool tls_port = rules::security_implied_by_port(protocol, port) == core::Security::Tls;
  const std::string security_name(core::to_string(security));
  return tls_port ? i18n::msg("port {1} expects TLS from the first byte, not security {2}", {std::to_string(port), security_name})
                  : i18n::msg("port {1} starts plain (STARTTLS at most), not security {2}", {std::to_string(port), security_name});
}

// The one value every fixable finding on `field` of the account asks for, when there is exactly one
// (findings of --skip'ed rules and of accounts that are never fixed do not count).
struct Companion {
  const core::Finding* finding = nullptr;
  std::vector<std::string> rules;
  std::size_t distinct_values = 0;
};

Companion companion_for(const core::Report& report, const std::vector<const core::Adapter*>& adapters,
                        const Selection& selection, const core::Account& account, const std::string& field) {
  Companion out;
  std::vector<const core::Finding*> asking;
  std::vector<core::FieldValue> values;
  for (const auto& f : report.findings) {
    if (!f.fixable || f.account != account.id || f.field != field || util::contains(selection.skip, f.rule)) continue;
    if (!skip_reason(f, &account, adapters).empty()) continue;
    if (std::find(values.begin(), values.end(), f.expected) == values.end()) values.push_back(f.expected);
    asking.push_back(&f);
  }
  out.distinct_values = values.size();
  if (out.distinct_values == 1) {
    out.finding = asking.front();
    out.rules = rules_of(asking);
  }
  return out;
}

void refuse(Changes& out, const std::string& account, const std::string& field, const i18n::Text& reason) {
  auto it = std::find_if(out.changes.begin(), out.changes.end(), [&](const Change& c) {
    return c.finding->account == account && c.finding->field == field;
  });
  out.skipped.push_back(skipped(account, field, util::join(it->rules, ", "), reason, true));
  out.changes.erase(it);
}

// Keeps one endpoint's (port, security) consistent after the planned changes; returns whether the
// changes were modified (the caller looks again).
bool settle_endpoint(const core::Report& report, const std::vector<const core::Adapter*>& adapters,
                     const Selection& selection, const core::Account& account, bool incoming, Changes& out) {
  const core::Endpoint* ep = endpoint_of(account, incoming);
  const std::string side = incoming ? "incoming." : "outgoing.";
  const Change* port = find_change(out.changes, account.id, side + "port");
  const Change* security = find_change(out.changes, account.id, side + "security");
  if (!ep || (!port && !security)) return false;
  int new_port = port ? port_value(port->finding->expected, ep->port.value) : ep->port.value;
  core::Security new_security =
      security ? security_value(security->finding->expected, ep->security.value) : ep->security.value;
  if (rules::port_fits_security(ep->protocol, new_port, new_security)) return false;
  const i18n::Text mismatch = mismatch_text(ep->protocol, new_port, new_security);
  if (port && security) {
    const i18n::Text reason = i18n::msg("the planned port and security contradict each other ({1}); neither is changed",
                                        {mismatch});
    refuse(out, account.id, side + "port", reason);
    refuse(out, account.id, side + "security", reason);
    return true;
  }
  const std::string changed = side + (port ? "port" : "security");
  const std::string companion_field = side + (port ? "security" : "port");
  const Companion companion = companion_for(report, adapters, selection, account, companion_field);
  if (companion.finding) {
    if (port) new_security = security_value(companion.finding->expected, new_security);
    else new_port = port_value(companion.finding->expected, new_port);
  }
  if (companion.finding && rules::port_fits_security(ep->protocol, new_port, new_security)) {
    auto at = std::find_if(out.changes.begin(), out.changes.end(), [&](const Change& c) {
      return c.finding->account == account.id && c.finding->field == changed;
    });
    out.changes.insert(at + 1, Change{companion.finding, companion.rules, changed});
    return true;
  }
  const i18n::Text why = companion.distinct_values > 1
                             ? i18n::msg("the findings disagree on the {1}", {companion_field})
                         : companion.finding ? i18n::msg("the {1} the findings ask for does not match it either", {companion_field})
                                             : i18n::msg("no finding gives the matching {1}", {companion_field});
  refuse(out, account.id, changed,
         i18n::msg("would leave the endpoint inconsistent ({1}) and {2}, so it is not changed; check the provider data "
                   "(--policy) or change both in the client",
                   {mismatch, why}));
  return true;
}

void keep_endpoints_consistent(const core::Report& report, const std::vector<const core::Adapter*>& adapters,
                               const Selection& selection, Changes& out) {
  for (const auto& entry : report.accounts) {
    for (bool incoming : {true, false}) {
      // Each pass removes or adds a change of this endpoint, after which it is consistent or has
      // no port/security change left; two passes settle it.
      for (int pass = 0; pass < 3 && settle_endpoint(report, adapters, selection, entry.account, incoming, out); ++pass) {
      }
    }
  }
}

}  // namespace

const core::Account* find_account(const core::Report& report, const std::string& id) {
  for (const auto& entry : report.accounts) {
    if (entry.account.id == id) return &entry.account;
  }
  return nullptr;
}

const core::Adapter* find_adapter(const std::vector<const core::Adapter*>& adapters, std::string_view client) {
  for (const auto* adapter : adapters) {
    if (adapter && adapter->client() == client) return adapter;
  }
  return nullptr;
}

Changes plan_changes(const core::Report& report, const std::vector<const core::Adapter*>& adapters,
                     const Selection& selection) {
  Changes out;
  std::vector<FieldRequests> requests;
  for (const auto& finding : report.findings) {
    if (!finding.fixable || !selection.selects(finding.rule)) continue;
    if (i18n::Text reason = skip_reason(finding, find_account(report, finding.account), adapters); !reason.empty()) {
      out.skipped.push_back(skipped(finding.account, finding.field, finding.rule, reason, false));
      continue;
    }
    auto same = std::find_if(requests.begin(), requests.end(), [&](const FieldRequests& r) {
      return r.account == finding.account && r.field == finding.field;
    });
    if (same == requests.end()) same = requests.insert(requests.end(), FieldRequests{finding.account, finding.field, {}});
    same->findings.push_back(&finding);
  }
  merge_requests(requests, out);
  keep_endpoints_consistent(report, adapters, selection, out);
  return out;
}

}  // namespace fix
