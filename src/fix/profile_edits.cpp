#include "fix/profile_edits.hpp"

#include <map>
#include <set>
#include <utility>

namespace fix {
namespace {

constexpr std::string_view kGenericGuess = "port-security-mismatch";

bool has_expected(const core::Finding& f) {
  return !std::holds_alternative<std::monostate>(f.expected) && core::parse_field_path(f.field).has_value();
}

}  // namespace

ProfileCorrections profile_corrections(const core::Report& report, std::string_view client) {
  std::map<std::pair<std::string, std::string>, const core::Finding*> chosen;
  for (const auto& f : report.findings) {
    if (!has_expected(f)) continue;
    auto key = std::make_pair(f.account, f.field);
    auto it = chosen.find(key);
    if (it == chosen.end()) {
      chosen.emplace(key, &f);
    } else if (it->second->rule == kGenericGuess && f.rule != kGenericGuess) {
      it->second = &f;  // a provider rule knows better than the port convention
    }
  }
  ProfileCorrections out;
  std::set<std::string> with_edits;
  for (const auto& [key, f] : chosen) {
    out.edits.push_back(core::Edit{f->account, f->field, f->origin, f->expected});
    with_edits.insert(f->account);
  }
  for (const auto& ar : report.accounts) {
    if (ar.account.client == client && with_edits.count(ar.account.id)) out.accounts.push_back(ar.account);
  }
  return out;
}

}  // namespace fix
