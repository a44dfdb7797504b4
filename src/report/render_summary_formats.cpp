// The fleet summary for programs: JSON (the overview), NDJSON, CSV and SQLite (README "Summary").
#include <functional>
#include <variant>

#include <SQLiteCpp/SQLiteCpp.h>

#include "report/render.hpp"
#include "util/sqlite_image.hpp"
#include "report/summary.hpp"

namespace report {
namespace {

using nlohmann::json;

std::string dump_line(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n"; }

json nullable(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json host_json(const FleetSummary::Host& h) {
  return {{"host", h.name},
          {"machine_id", nullable(h.machine_id)},
          {"generated_at", nullable(h.generated_at)},
          {"age_days", h.age_days ? json(*h.age_days) : json(nullptr)},
          {"stale", h.stale},
          {"accounts", h.accounts},
          {"errors", h.errors},
          {"warnings", h.warnings},
          {"infos", h.infos},
          {"stale_findings", h.stale_findings},
          {"sources_failed", h.sources_failed}};
}

json rule_json(const FleetSummary::RuleCount& r) {
  return {{"rule", r.rule}, {"severity", r.severity}, {"findings", r.findings}, {"hosts", r.hosts}};
}

// The totals every form of the summary starts with.
json totals_json(const FleetSummary& s) {
  return {{"now", s.now},
          {"stale_days", s.stale_days},
          {"reports", s.reports},
          {"superseded_reports", s.superseded_reports},
          {"unreadable_reports", s.unreadable_reports},
          {"hosts", s.hosts},
          {"accounts", s.accounts},
          {"stale_accounts", s.stale_accounts},
          {"stale_findings", s.stale_findings},
          {"errors", s.errors},
          {"warnings", s.warnings},
          {"infos", s.infos},
          {"hosts_with_errors", s.hosts_with_errors},
          {"stale_hosts", s.stale_hosts},
          {"sources_failed", s.sources_failed}};
}

}  // namespace

nlohmann::json summary_json(const FleetSummary& s) {
  json j = totals_json(s);
  j["problems"] = s.problems;
  j["empty_inputs"] = s.empty_inputs;
  j["error_hosts"] = s.error_hosts;
  json stale = json::array();
  for (const auto& h : s.host_list) {
    if (h.stale) stale.push_back(host_json(h));
  }
  j["stale"] = std::move(stale);
  json rules = json::array();
  for (const auto& r : s.rules) rules.push_back(rule_json(r));
  j["rules"] = std::move(rules);
  json providers = json::array();
  for (const auto& p : s.providers) {
    providers.push_back({{"provider", p.provider}, {"id", nullable(p.id)}, {"accounts", p.accounts}, {"hosts", p.hosts},
                         {"findings", p.findings}});
  }
  j["providers"] = std::move(providers);
  json clients = json::array();
  for (const auto& c : s.clients) {
    clients.push_back({{"client", c.client}, {"accounts", c.accounts}, {"hosts", c.hosts}, {"findings", c.findings}});
  }
  j["clients"] = std::move(clients);
  return j;
}

std::string render_summary_ndjson(const FleetSummary& s) {
  json totals = totals_json(s);
  totals["type"] = "summary";
  std::string out = dump_line(totals);
  for (const auto& r : s.rules) {
    json line = rule_json(r);
    line["type"] = "rule";
    out += dump_line(line);
  }
  for (const auto& h : s.host_list) {
    json line = host_json(h);
    line["type"] = "host";
    out += dump_line(line);
  }
  return out;
}

const std::vector<std::string>& summary_csv_columns() {
  static const std::vector<std::string> columns{"host",   "machine_id", "generated_at", "age_days",
                                                "stale",  "accounts",   "errors",       "warnings",
                                                "infos",  "stale_findings", "sources_failed"};
  return columns;
}

std::string render_summary_csv(const FleetSummary& s) {
  auto row = [](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + csv_cell(cells[i]);
    return line + "\r\n";
  };
  std::string out = row(summary_csv_columns());
  for (const auto& h : s.host_list) {
    out += row({h.name, h.machine_id, h.generated_at, h.age_days ? std::to_string(*h.age_days) : "",
                h.stale ? "true" : "false", std::to_string(h.accounts), std::to_string(h.errors), std::to_string(h.warnings),
                std::to_string(h.infos), std::to_string(h.stale_findings), std::to_string(h.sources_failed)});
  }
  return out;
}

namespace {

using Cell = std::variant<std::string, std::int64_t, std::nullptr_t>;

void insert(SQLite::Database& db, const std::string& table, std::size_t columns,
            const std::function<void(const std::function<void(const std::vector<Cell>&)>&)>& rows) {
  std::string sql = "INSERT INTO " + table + " VALUES (";
  for (std::size_t i = 0; i < columns; ++i) sql += i ? ",?" : "?";
  SQLite::Statement insert_row(db, sql + ")");
  rows([&](const std::vector<Cell>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const int at = static_cast<int>(i + 1);
      if (auto t = std::get_if<std::string>(&cells[i])) insert_row.bind(at, *t);
      else if (auto n = std::get_if<std::int64_t>(&cells[i])) insert_row.bind(at, static_cast<std::int64_t>(*n));
      else insert_row.bind(at);
    }
    insert_row.exec();
    insert_row.reset();
  });
}

std::int64_t num(std::size_t n) { return static_cast<std::int64_t>(n); }
Cell text_or_null(const std::string& s) { return s.empty() ? Cell(nullptr) : Cell(s); }

void fill_summary_database(SQLite::Database& db, const FleetSummary& s) {
  db.exec(
      "CREATE TABLE summary (now TEXT, stale_days INTEGER, reports INTEGER, superseded_reports INTEGER, "
      "unreadable_reports INTEGER, hosts INTEGER, accounts INTEGER, stale_accounts INTEGER, stale_findings INTEGER, "
      "errors INTEGER, warnings INTEGER, infos INTEGER, hosts_with_errors INTEGER, stale_hosts INTEGER, sources_failed INTEGER);"
      "CREATE TABLE hosts (host TEXT, machine_id TEXT, generated_at TEXT, age_days INTEGER, stale INTEGER, accounts INTEGER, "
      "errors INTEGER, warnings INTEGER, infos INTEGER, stale_findings INTEGER, sources_failed INTEGER);"
      "CREATE TABLE rules (rule TEXT, severity TEXT, findings INTEGER, hosts INTEGER);"
      "CREATE TABLE providers (provider TEXT, id TEXT, accounts INTEGER, hosts INTEGER, findings INTEGER);"
      "CREATE TABLE clients (client TEXT, accounts INTEGER, hosts INTEGER, findings INTEGER);"
      "CREATE TABLE findings (host TEXT, machine_id TEXT, rule TEXT, severity TEXT, provider TEXT, client TEXT, findings INTEGER);"
      "CREATE TABLE problems (message TEXT);");
  SQLite::Transaction transaction(db);
  const json totals = totals_json(s);
  std::vector<Cell> values;
  for (const char* key : {"now", "stale_days", "reports", "superseded_reports", "unreadable_reports", "hosts", "accounts",
                          "stale_accounts", "stale_findings", "errors", "warnings", "infos", "hosts_with_errors",
                          "stale_hosts", "sources_failed"}) {
    const json& v = totals.at(key);
    values.push_back(v.is_string() ? Cell(v.get<std::string>()) : Cell(v.get<std::int64_t>()));
  }
  insert(db, "summary", values.size(), [&](const auto& add) { add(values); });
  insert(db, "hosts", 11, [&](const auto& add) {
    for (const auto& h : s.host_list) {
      add({h.name, text_or_null(h.machine_id), text_or_null(h.generated_at),
           h.age_days ? Cell(*h.age_days) : Cell(nullptr), num(h.stale), num(h.accounts), num(h.errors), num(h.warnings),
           num(h.infos), num(h.stale_findings), num(h.sources_failed)});
    }
  });
  insert(db, "rules", 4, [&](const auto& add) {
    for (const auto& r : s.rules) add({r.rule, r.severity, num(r.findings), num(r.hosts)});
  });
  insert(db, "providers", 5, [&](const auto& add) {
    for (const auto& p : s.providers) add({p.provider, text_or_null(p.id), num(p.accounts), num(p.hosts), num(p.findings)});
  });
  insert(db, "clients", 4, [&](const auto& add) {
    for (const auto& c : s.clients) add({c.client, num(c.accounts), num(c.hosts), num(c.findings)});
  });
  insert(db, "findings", 7, [&](const auto& add) {
    for (const auto& r : s.rows) {
      const auto& h = s.host_list[r.host];
      add({h.name, text_or_null(h.machine_id), s.rules[r.rule].rule, s.severities[r.severity],
           r.provider >= 0 ? Cell(s.providers[r.provider].provider) : Cell(nullptr),
           r.client >= 0 ? Cell(s.clients[r.client].client) : Cell(nullptr), num(r.findings)});
    }
  });
  insert(db, "problems", 1, [&](const auto& add) {
    for (const auto& p : s.problems) add({p});
  });
  transaction.commit();
}

}  // namespace

std::string render_summary_sqlite(const FleetSummary& s) {
  return util::sqlite_file_image([&](SQLite::Database& db) { fill_summary_database(db, s); });
}

}  // namespace report
