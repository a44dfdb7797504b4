#include "fix/profile_edits.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "fix/changes.hpp"
#include "rules/port_conventions.hpp"

namespace fix {
namespace {

constexpr std::string_view kGenericGuess = "port-security-mismatch";

bool has_expected(const core::Finding& f) {
  return !std::holds_alternative<std::monostate>(f.expected) && core::parse_field_path(f.field).has_value();
}

// An info finding describes a setting that works as it is (an accepted alternative, STARTTLS where
// TLS is also offered): a pushed profile does not change it.
bool is_correction(const core::Finding& f) { return f.severity != core::Severity::Info && has_expected(f); }

const core::Edit* find_edit(const std::vector<core::Edit>& edits, const std::string& account, const std::string& field) {
  auto it = std::find_if(edits.begin(), edits.end(),
                         [&](const core::Edit& e) { return e.account == account && e.field == field; });
  return it == edits.end() ? nullptr : &*it;
}

// Whether one endpoint, after the edits, has a port and a security that can work together.
bool endpoint_consistent(const core::Account& account, bool incoming, const std::vector<core::Edit>& edits) {
  const auto& ep = incoming ? account.incoming : account.outgoing;
  if (!ep) return true;
  int port = ep->port.value;
  core::Security security = ep->security.value;
  if (const auto* e = find_edit(edits, account.id, core::field_path(incoming, core::Field::Port))) {
    if (const auto* p = std::get_if<std::int64_t>(&e->value)) port = static_cast<int>(*p);
  }
  if (const auto* e = find_edit(edits, account.id, core::field_path(incoming, core::Field::Security))) {
    if (const auto* s = std::get_if<std::string>(&e->value)) security = core::parse_security(*s).value_or(security);
  }
  return rules::port_fits_security(ep->protocol, port, security);
}

// A profile never carries a port without the security that matches it (nor the reverse): where the
// corrections would leave an endpoint contradicting itself, neither is carried.
void drop_inconsistent_pairs(const core::Report& report, std::vector<core::Edit>& edits) {
  std::set<std::pair<std::string, bool>> broken;
  for (const auto& e : edits) {
    const auto path = core::parse_field_path(e.field);
    if (!path || (path->second != core::Field::Port && path->second != core::Field::Security)) continue;
    const auto* account = find_account(report, e.account);
    if (account && !endpoint_consistent(*account, path->first, edits)) broken.insert({e.account, path->first});
  }
  std::erase_if(edits, [&](const core::Edit& e) {
    const auto path = core::parse_field_path(e.field);
    return path && (path->second == core::Field::Port || path->second == core::Field::Security) &&
           broken.count({e.account, path->first});
  });
}

}  // namespace

ProfileCorrections profile_corrections(const core::Report& report, std::string_view client) {
  std::map<std::pair<std::string, std::string>, const core::Finding*> chosen;
  for (const auto& f : report.findings) {
    if (!is_correction(f)) continue;
    auto key = std::make_pair(f.account, f.field);
    auto it = chosen.find(key);
    if (it == chosen.end()) {
      chosen.emplace(key, &f);
    } else if (it->second->rule == kGenericGuess && f.rule != kGenericGuess) {
      it->second = &f;  // a provider rule knows better than the port convention
    }
  }
  ProfileCorrections out;
  for (const auto& [key, f] : chosen) out.edits.push_back(core::Edit{f->account, f->field, f->origin, f->expected});
  drop_inconsistent_pairs(report, out.edits);
  std::set<std::string> with_edits;
  for (const auto& e : out.edits) with_edits.insert(e.account);
  for (const auto& ar : report.accounts) {
    if (ar.account.client == client && with_edits.count(ar.account.id)) out.accounts.push_back(ar.account);
  }
  return out;
}

}  // namespace fix
