#include "report/summary.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <cstddef>
#include <memory_resource>
#include <new>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "report/summary_input.hpp"
#include "util/big_blocks.hpp"

namespace fs = std::filesystem;

namespace report {
namespace {

constexpr std::size_t kMaxProblemsKept = 20;
constexpr std::int64_t kDay = 86400;

// Names seen many times (rules, providers, clients) stored once; the summary counts their numbers.
class Names {
 public:
  std::uint32_t id(const std::string& name) {
    auto [it, added] = ids_.try_emplace(name, static_cast<std::uint32_t>(names_.size()));
    if (added) names_.push_back(name);
    return it->second;
  }
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::unordered_map<std::string, std::uint32_t> ids_;
  std::vector<std::string> names_;
};

// Findings of one host with the same rule, severity, provider and client.
struct Tally {
  std::uint32_t rule, severity;
  std::int32_t provider, client;  // -1: none
  std::uint32_t count;
  auto key() const { return std::tie(rule, severity, provider, client); }
};

// What a host's newest report adds to the summary: counts and names' numbers, nothing else. Kept
// for every host until the end, so it lives in the fleet's own memory (Fleet::memory_).
struct HostState {
  using allocator_type = std::pmr::polymorphic_allocator<>;
  explicit HostState(const allocator_type& a)
      : name(a), machine_id(a), generated_at(a), findings(a), provider_accounts(a), client_accounts(a) {}
  HostState(HostState&& other, const allocator_type& a)
      : name(std::move(other.name), a), machine_id(std::move(other.machine_id), a),
        generated_at(std::move(other.generated_at), a), accounts(other.accounts), stale_accounts(other.stale_accounts),
        stale_findings(other.stale_findings), sources_failed(other.sources_failed), findings(std::move(other.findings), a),
        provider_accounts(std::move(other.provider_accounts), a), client_accounts(std::move(other.client_accounts), a) {}
  HostState(HostState&&) = default;
  HostState& operator=(HostState&&) = default;

  std::pmr::string name, machine_id, generated_at;
  std::size_t accounts = 0, stale_accounts = 0, stale_findings = 0, sources_failed = 0;
  std::pmr::vector<Tally> findings;
  std::pmr::vector<std::pair<std::int32_t, std::uint32_t>> provider_accounts, client_accounts;  // (name, accounts)
};

// The client of a finding no account owns (a source's own): the one its rule id starts with, else
// the report's only client.
std::string client_of_rule(const std::string& rule, const std::vector<std::string>& clients) {
  for (const auto& c : clients) {
    if (rule.size() > c.size() && rule.compare(0, c.size(), c) == 0 && rule[c.size()] == '-') return c;
  }
  return clients.size() == 1 ? clients.front() : std::string();
}

void add_count(std::pmr::vector<std::pair<std::int32_t, std::uint32_t>>& counts, std::int32_t name) {
  if (name < 0) return;
  for (auto& [n, c] : counts) {
    if (n == name) return void(++c);
  }
  counts.emplace_back(name, 1);
}

// Each distinct combination once, with the number of findings.
void merge_tallies(std::pmr::vector<Tally>& t) {
  std::sort(t.begin(), t.end(), [](const Tally& a, const Tally& b) { return a.key() < b.key(); });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (kept > 0 && t[kept - 1].key() == t[i].key()) {
      t[kept - 1].count += t[i].count;
    } else {
      t[kept++] = t[i];
    }
  }
  t.resize(kept);
}

class Fleet {
 public:
  explicit Fleet(const SummaryOptions& o) : options_(o) {
    for (const char* s : {"error", "warning", "info"}) severities_.id(s);
  }
  Fleet(const Fleet&) = delete;  // hosts_ lives in this object's own storage
  Fleet& operator=(const Fleet&) = delete;

  void take(summary_input::Event&& e) {
    switch (e.kind) {
      case summary_input::Event::Kind::Problem: return problem(std::move(e));
      case summary_input::Event::Kind::EmptyFolder: return s_.empty_inputs.push_back(std::move(e.text));
      case summary_input::Event::Kind::Report: return add(std::move(e.report), e.text);
    }
  }

  FleetSummary finish();

 private:
  void problem(summary_input::Event&& e) {
    ++s_.unreadable_reports;
    if (s_.problems.size() >= kMaxProblemsKept) return;
    s_.problems.push_back(std::move(e.text));
    s_.problems_localized.push_back(std::move(e.localized));
  }

  std::int32_t provider(const std::string& id, const std::string& name) {
    const std::uint32_t n = providers_.id(id.empty() ? "name:" + name : id);
    if (provider_names_.size() <= n) provider_names_.resize(n + 1);
    if (provider_names_[n].empty()) provider_names_[n] = name;
    return static_cast<std::int32_t>(n);
  }

  std::int32_t client(const std::string& name) {
    return name.empty() ? -1 : static_cast<std::int32_t>(clients_.id(name));
  }

  void tally(HostState& h, const scan::Finding& f, std::int32_t provider_id, const std::string& client_name) {
    h.findings.push_back({rules_.id(f.rule), severities_.id(f.severity), provider_id, client(client_name), 1});
  }

  HostState from_report(scan::Digest& d) {
    HostState h(&memory_);
    std::vector<std::pair<std::string_view, const scan::Account*>> by_id;
    for (const auto& a : d.accounts) {
      by_id.emplace_back(a.id, &a);
      if (a.stale) {
        ++h.stale_accounts;
        continue;
      }
      ++h.accounts;
      if (a.has_provider) add_count(h.provider_accounts, provider(a.provider_id, a.provider_name));
      add_count(h.client_accounts, client(a.client));
    }
    std::sort(by_id.begin(), by_id.end());
    for (const auto& f : d.findings) {
      auto it = std::lower_bound(by_id.begin(), by_id.end(), std::pair<std::string_view, const scan::Account*>(f.account, nullptr));
      const scan::Account* a = !f.account.empty() && it != by_id.end() && it->first == f.account ? it->second : nullptr;
      if (a && a->stale) {
        ++h.stale_findings;
        continue;
      }
      const std::int32_t p = a && a->has_provider ? provider(a->provider_id, a->provider_name) : -1;
      tally(h, f, p, a ? a->client : client_of_rule(f.rule, d.source_clients));
    }
    return h;
  }

  // The records of one run: accounts only appear through their findings.
  HostState from_records(scan::Digest& d) {
    HostState h(&memory_);
    std::vector<std::string_view> seen, stale;
    for (const auto& f : d.findings) {
      if (!f.counted) {
        ++h.stale_findings;
        if (std::find(stale.begin(), stale.end(), f.account) == stale.end()) stale.push_back(f.account);
        continue;
      }
      const std::int32_t p = f.provider_id.empty() ? -1 : provider(f.provider_id, {});
      if (!f.account.empty() && std::find(seen.begin(), seen.end(), f.account) == seen.end()) {
        seen.push_back(f.account);
        add_count(h.provider_accounts, p);
        add_count(h.client_accounts, client(f.client));
      }
      tally(h, f, p, f.client.empty() ? client_of_rule(f.rule, d.source_clients) : f.client);
    }
    h.stale_accounts = stale.size();
    h.accounts = d.record_accounts > stale.size() ? d.record_accounts - stale.size() : 0;
    return h;
  }

  void add(scan::Digest&& d, const std::string& origin) {
    ++s_.reports;
    HostState h = d.kind == scan::Kind::Report ? from_report(d) : from_records(d);
    merge_tallies(h.findings);
    h.name = d.host.empty() ? origin : d.host;
    h.machine_id = d.machine_id;
    h.generated_at = d.generated_at;
    h.sources_failed = d.sources_failed;
    std::pmr::string key(h.machine_id.empty() ? "name:" : "id:", &memory_);
    key += h.machine_id.empty() ? h.name : h.machine_id;
    auto [kept, added] = hosts_.try_emplace(std::move(key));
    if (!added) ++s_.superseded_reports;
    // On equal times the later report (in input order) wins, so the result does not depend on threads.
    if (added || h.generated_at >= kept->second.generated_at) kept->second = std::move(h);
  }

  SummaryOptions options_;
  FleetSummary s_;
  // Every host's state, in blocks that may be huge pages, freed memory reused (superseded reports).
  util::BigBlockResource big_blocks_;
  std::pmr::unsynchronized_pool_resource memory_{&big_blocks_};
  // Never destroyed host by host: every byte of it is memory_'s, which lets go of all at once (for
  // 100,000 hosts, freeing each string and list first cost ~20 ms at the very end).
  using HostMap = std::pmr::unordered_map<std::pmr::string, HostState>;
  alignas(HostMap) std::byte hosts_storage_[sizeof(HostMap)];
  HostMap& hosts_ = *new (hosts_storage_) HostMap(&memory_);
  Names rules_, severities_, providers_, clients_;
  std::vector<std::string> provider_names_;
};

// Positions of `names` ordered by `before`, and each old number's new position.
template <class Before>
std::vector<std::uint32_t> order(std::size_t n, Before before) {
  std::vector<std::uint32_t> by(n);
  std::iota(by.begin(), by.end(), 0u);
  std::sort(by.begin(), by.end(), before);
  return by;
}

std::vector<std::int32_t> inverse(const std::vector<std::uint32_t>& by) {
  std::vector<std::int32_t> at(by.size());
  for (std::size_t i = 0; i < by.size(); ++i) at[by[i]] = static_cast<std::int32_t>(i);
  return at;
}

FleetSummary Fleet::finish() {
  s_.now = format_rfc3339(options_.now);
  s_.stale_days = options_.stale_days;
  std::vector<HostState*> hosts;
  for (auto& [key, h] : hosts_) hosts.push_back(&h);
  std::sort(hosts.begin(), hosts.end(), [](const HostState* a, const HostState* b) {
    return std::tie(a->name, a->machine_id) < std::tie(b->name, b->machine_id);
  });
  const auto& rule_names = rules_.names();
  std::vector<FleetSummary::RuleCount> rules(rule_names.size());
  std::vector<FleetSummary::ProviderCount> providers(providers_.names().size());
  std::vector<FleetSummary::ClientCount> clients(clients_.names().size());
  std::vector<FleetSummary::Row> rows;
  std::size_t tallies = 0;
  for (const HostState* h : hosts) tallies += h->findings.size();
  rows.reserve(tallies);
  s_.host_list.reserve(hosts.size());
  for (std::uint32_t hi = 0; hi < hosts.size(); ++hi) {
    HostState& h = *hosts[hi];
    FleetSummary::Host out{std::string(h.name), std::string(h.machine_id), std::string(h.generated_at), std::nullopt,
                           true, h.accounts, 0, 0, 0, h.stale_findings, h.sources_failed};
    if (auto t = parse_rfc3339(out.generated_at)) {
      out.age_days = (options_.now - *t) / kDay - ((options_.now - *t) % kDay < 0 ? 1 : 0);
      out.stale = options_.now - *t > std::int64_t{options_.stale_days} * kDay;
    }
    std::vector<std::int32_t> host_providers, host_clients;
    for (const auto& [p, n] : h.provider_accounts) {
      providers[p].accounts += n;
      host_providers.push_back(p);
    }
    for (const auto& [c, n] : h.client_accounts) {
      clients[c].accounts += n;
      host_clients.push_back(c);
    }
    for (std::size_t i = 0; i < h.findings.size(); ++i) {
      const Tally& t = h.findings[i];
      auto& rule = rules[t.rule];
      if (rule.severity.empty()) rule.severity = severities_.names()[t.severity];
      rule.findings += t.count;
      if (i == 0 || h.findings[i - 1].rule != t.rule) ++rule.hosts;  // tallies are sorted by rule
      if (t.severity == 0) out.errors += t.count;  // severities_ starts with error, warning, info
      if (t.severity == 1) out.warnings += t.count;
      if (t.severity == 2) out.infos += t.count;
      if (t.provider >= 0) {
        providers[t.provider].findings += t.count;
        host_providers.push_back(t.provider);
      }
      if (t.client >= 0) {
        clients[t.client].findings += t.count;
        host_clients.push_back(t.client);
      }
      rows.push_back({hi, t.rule, t.severity, t.provider, t.client, t.count});
    }
    for (auto* list : {&host_providers, &host_clients}) {
      std::sort(list->begin(), list->end());
      list->erase(std::unique(list->begin(), list->end()), list->end());
    }
    for (auto p : host_providers) ++providers[p].hosts;
    for (auto c : host_clients) ++clients[c].hosts;
    s_.accounts += h.accounts;
    s_.stale_accounts += h.stale_accounts;
    s_.stale_findings += h.stale_findings;
    s_.sources_failed += h.sources_failed;
    s_.errors += out.errors;
    s_.warnings += out.warnings;
    s_.infos += out.infos;
    if (out.errors) s_.error_hosts.push_back(out.name);
    if (out.stale) ++s_.stale_hosts;
    s_.host_list.push_back(std::move(out));
  }
  s_.hosts = hosts.size();
  s_.hosts_with_errors = s_.error_hosts.size();

  for (std::size_t i = 0; i < rules.size(); ++i) rules[i].rule = rule_names[i];
  const auto rule_order = order(rules.size(), [&](auto a, auto b) {
    return rules[a].findings != rules[b].findings ? rules[a].findings > rules[b].findings : rules[a].rule < rules[b].rule;
  });
  for (std::size_t i = 0; i < providers.size(); ++i) {
    providers[i].id = providers_.names()[i].starts_with("name:") ? "" : providers_.names()[i];
    providers[i].provider = provider_names_[i].empty() ? providers[i].id : provider_names_[i];
  }
  const auto provider_order = order(providers.size(), [&](auto a, auto b) {
    return providers[a].accounts != providers[b].accounts ? providers[a].accounts > providers[b].accounts
                                                          : providers[a].provider < providers[b].provider;
  });
  for (std::size_t i = 0; i < clients.size(); ++i) clients[i].client = clients_.names()[i];
  const auto client_order = order(clients.size(), [&](auto a, auto b) {
    return clients[a].accounts != clients[b].accounts ? clients[a].accounts > clients[b].accounts
                                                      : clients[a].client < clients[b].client;
  });
  for (auto i : rule_order) s_.rules.push_back(std::move(rules[i]));
  for (auto i : provider_order) s_.providers.push_back(std::move(providers[i]));
  for (auto i : client_order) s_.clients.push_back(std::move(clients[i]));
  const auto rule_at = inverse(rule_order), provider_at = inverse(provider_order), client_at = inverse(client_order);
  for (auto& r : rows) {
    r.rule = static_cast<std::uint32_t>(rule_at[r.rule]);
    if (r.provider >= 0) r.provider = provider_at[r.provider];
    if (r.client >= 0) r.client = client_at[r.client];
  }
  s_.rows = std::move(rows);
  s_.severities = severities_.names();
  return std::move(s_);
}

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// Days since 1970-01-01 of a date in the proleptic Gregorian calendar (H. Hinnant's algorithm).
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = static_cast<int>(y - era * 400);
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

std::optional<std::int64_t> parse_rfc3339(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' || !digits(s, 8, 2, d) ||
      (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) ||
      s[16] != ':' || !digits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::size_t at = 19;
  if (at < s.size() && s[at] == '.') {
    ++at;
    while (at < s.size() && s[at] >= '0' && s[at] <= '9') ++at;
  }
  std::int64_t offset = 0;
  int oh, om;
  if (at + 1 == s.size() && (s[at] == 'Z' || s[at] == 'z')) {
    offset = 0;
  } else if (at + 6 == s.size() && (s[at] == '+' || s[at] == '-') && digits(s, at + 1, 2, oh) && s[at + 3] == ':' &&
             digits(s, at + 4, 2, om)) {
    offset = (s[at] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  return days_from_civil(y, mo, d) * kDay + h * 3600 + mi * 60 + sec - offset;
}

std::string format_rfc3339(std::int64_t seconds) {
  std::int64_t days = seconds / kDay - (seconds % kDay < 0 ? 1 : 0);
  std::int64_t rest = seconds - days * kDay;
  // civil_from_days (H. Hinnant)
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y), m, d,
                static_cast<long long>(rest / 3600), static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
  return buf;
}

FleetSummary summarise_reports(const std::vector<fs::path>& inputs, const SummaryOptions& options) {
  SummaryOptions o = options;
  if (o.now == 0) o.now = static_cast<std::int64_t>(std::time(nullptr));
  Fleet fleet(o);
  summary_input::read_inputs(inputs, o.threads, [&fleet](summary_input::Event&& e) { fleet.take(std::move(e)); });
  return fleet.finish();
}

core::ExitCode summary_exit_code(const FleetSummary& s) {
  if (s.reports == 0) return core::ExitCode::Usage;
  return s.unreadable_reports ? core::ExitCode::Partial : core::ExitCode::Ok;
}

}  // namespace report
