#include "fix/verify.hpp"

#include <algorithm>

#include "i18n/text.hpp"
#include "util/contains.hpp"
#include "util/text.hpp"

namespace fix {
namespace {

void add_endpoint(std::map<std::string, std::string>& values, const char* side,
                  const std::optional<core::Endpoint>& endpoint) {
  const std::string prefix = std::string(side) + ".";
  values[prefix + "present"] = endpoint ? "yes" : "no";
  if (!endpoint) return;
  values[prefix + "protocol"] = std::string(core::to_string(endpoint->protocol));
  values[prefix + "host"] = endpoint->host.value;
  values[prefix + "port"] = std::to_string(endpoint->port.value);
  values[prefix + "security"] = std::string(core::to_string(endpoint->security.value));
  values[prefix + "auth"] = std::string(core::to_string(endpoint->auth.value));
  values[prefix + "username"] = endpoint->username.value;
}

const core::Account* find(const std::vector<core::Account>& accounts, const std::string& id) {
  for (const auto& a : accounts) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

const PlanItem* edited(const std::vector<PlanItem>& items, const std::string& account, const std::string& field) {
  for (const auto& item : items) {
    if (item.account == account && item.field == field) return &item;
  }
  return nullptr;
}

// Turning authentication on or off makes a login appear or disappear (Outlook's SMTP login is
// "same as incoming" once SMTP authentication is on): the username of that side may follow.
bool follows_auth_edit(const std::vector<PlanItem>& items, const std::string& account, const std::string& key) {
  for (const char* side : {"incoming.", "outgoing."}) {
    if (key == std::string(side) + "username") return edited(items, account, std::string(side) + "auth") != nullptr;
  }
  return false;
}

void compare_account(const core::Account& before, const core::Account& after, const std::vector<PlanItem>& items,
                     std::vector<i18n::Text>& problems) {
  const auto old_values = account_values(before);
  const auto new_values = account_values(after);
  for (const auto& [key, old_value] : old_values) {
    auto it = new_values.find(key);
    const std::string new_value = it == new_values.end() ? "(missing)" : it->second;
    if (const PlanItem* item = edited(items, before.id, key)) {
      const std::string expected = core::field_value_text(item->new_value);
      if (new_value != expected) {
        problems.push_back(i18n::msg("{1} {2} is {3}, expected {4}",
                                     {before.id, key, util::printable(new_value), util::printable(expected)}));
      }
    } else if (new_value != old_value && !follows_auth_edit(items, before.id, key)) {
      problems.push_back(i18n::msg("{1} {2} changed from {3} to {4}",
                                   {before.id, key, util::printable(old_value), util::printable(new_value)}));
    }
  }
}

}  // namespace

std::vector<const core::Finding*> new_errors_on_changed_accounts(const core::ReadOutput& before,
                                                                 const core::ReadOutput& after,
                                                                 const std::vector<PlanItem>& items) {
  auto same_problem = [](const core::Finding& a, const core::Finding& b) {
    return a.rule == b.rule && a.account == b.account && a.field == b.field;
  };
  std::vector<const core::Finding*> out;
  for (const auto& finding : after.findings) {
    if (finding.severity != core::Severity::Error) continue;
    const bool changed = std::any_of(items.begin(), items.end(),
                                     [&](const PlanItem& item) { return item.account == finding.account; });
    const bool known = std::any_of(before.findings.begin(), before.findings.end(),
                                   [&](const core::Finding& f) { return same_problem(f, finding); });
    if (changed && !known) out.push_back(&finding);
  }
  return out;
}

std::map<std::string, std::string> account_values(const core::Account& account) {
  std::map<std::string, std::string> values{{"client", account.client}, {"source", account.source},
                                            {"key", account.key},       {"profile", account.profile},
                                            {"name", account.name},     {"email", account.email},
                                            {"managed", account.managed ? "yes" : "no"},
                                            {"stale", account.stale ? "yes" : "no"}};
  add_endpoint(values, "incoming", account.incoming);
  add_endpoint(values, "outgoing", account.outgoing);
  return values;
}

std::vector<i18n::Text> verify_rewrite(const core::ReadOutput& before, const core::ReadOutput& after,
                                       const std::vector<PlanItem>& items) {
  std::vector<i18n::Text> problems;
  for (const auto& source : after.sources) {
    if (source.status == core::SourceStatus::Error || source.status == core::SourceStatus::Damaged) {
      problems.push_back(
          i18n::msg("{1} no longer reads: {2}", {source.path, i18n::from_members(source.message, source.message_localized)}));
    }
  }
  for (const auto& account : before.accounts) {
    if (const core::Account* now = find(after.accounts, account.id)) {
      compare_account(account, *now, items, problems);
    } else {
      problems.push_back(i18n::msg("account {1} disappeared", {account.id}));
    }
  }
  for (const auto& account : after.accounts) {
    if (!find(before.accounts, account.id)) problems.push_back(i18n::msg("account {1} appeared", {account.id}));
  }
  for (const auto& item : items) {
    if (!find(before.accounts, item.account)) problems.push_back(i18n::msg("account {1} was not re-read", {item.account}));
  }
  for (const auto& finding : after.findings) {
    bool fixed = std::any_of(items.begin(), items.end(), [&](const PlanItem& item) {
      return util::contains(item.rules, finding.rule) && item.account == finding.account && item.field == finding.field;
    });
    if (fixed) problems.push_back(i18n::msg("{1} {2} still has finding {3}", {finding.account, finding.field, finding.rule}));
  }
  for (const auto* finding : new_errors_on_changed_accounts(before, after, items)) {
    const std::string where = finding->account + (finding->field.empty() ? "" : " " + finding->field);
    problems.push_back(i18n::msg("{1} has a new error {2} after the change", {where, finding->rule}));
  }
  return problems;
}

}  // namespace fix
