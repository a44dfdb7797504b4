// The fleet summary for programs: JSON (the overview), NDJSON, CSV and SQLite (README "Summary").
#include <functional>
#include <variant>

#include <SQLiteCpp/SQLiteCpp.h>

#include "report/json_writer.hpp"
#include "report/render.hpp"
#include "util/sqlite_image.hpp"
#include "report/summary.hpp"

namespace report {
namespace {

// A host's members (sorted by key, as nlohmann::json keeps them; `type` is NDJSON's).
void host_members(JsonWriter& w, const FleetSummary::Host& h, const char* type = nullptr) {
  w.member("accounts", h.accounts).key("age_days").value_or_null(h.age_days);
  w.member("errors", h.errors).key("generated_at").text_or_null(h.generated_at);
  w.member("host", h.name).member("infos", h.infos).key("machine_id").text_or_null(h.machine_id);
  w.member("sources_failed", h.sources_failed).member("stale", h.stale).member("stale_findings", h.stale_findings);
  if (type) w.member("type", type);
  w.member("warnings", h.warnings);
}

void rule_members(JsonWriter& w, const FleetSummary::RuleCount& r, const char* type = nullptr) {
  w.member("findings", r.findings).member("hosts", r.hosts).member("rule", r.rule).member("severity", r.severity);
  if (type) w.member("type", type);
}

// The totals every form of the summary starts with, and the overview's members between them
// (`between`: called where the key order puts the overview's lists).
template <class Between>
void totals_members(JsonWriter& w, const FleetSummary& s, const char* type, Between between) {
  w.member("accounts", s.accounts);
  between.clients_to_error_hosts();
  w.member("errors", s.errors).member("hosts", s.hosts).member("hosts_with_errors", s.hosts_with_errors);
  w.member("infos", s.infos).member("now", s.now);
  between.problems_providers();
  w.member("reports", s.reports);
  between.rules();
  w.member("sources_failed", s.sources_failed);
  between.stale();
  w.member("stale_accounts", s.stale_accounts).member("stale_days", s.stale_days);
  w.member("stale_findings", s.stale_findings).member("stale_hosts", s.stale_hosts);
  w.member("superseded_reports", s.superseded_reports);
  if (type) w.member("type", type);
  w.member("unreadable_reports", s.unreadable_reports).member("warnings", s.warnings);
}

struct NothingBetween {
  void clients_to_error_hosts() {}
  void problems_providers() {}
  void rules() {}
  void stale() {}
};

// The overview's lists, where the key order puts them among the totals.
struct OverviewLists {
  JsonWriter& w;
  const FleetSummary& s;
  void clients_to_error_hosts() {
    w.key("clients").begin_array();
    for (const auto& c : s.clients) {
      w.begin_object().member("accounts", c.accounts).member("client", c.client).member("findings", c.findings);
      w.member("hosts", c.hosts).end_object();
    }
    w.end_array();
    w.key("empty_inputs").strings(s.empty_inputs);
    w.key("error_hosts").strings(s.error_hosts);
  }
  void problems_providers() {
    w.key("problems").strings(s.problems);
    w.key("providers").begin_array();
    for (const auto& p : s.providers) {
      w.begin_object().member("accounts", p.accounts).member("findings", p.findings).member("hosts", p.hosts);
      w.key("id").text_or_null(p.id).member("provider", p.provider).end_object();
    }
    w.end_array();
  }
  void rules() {
    w.key("rules").begin_array();
    for (const auto& r : s.rules) {
      w.begin_object();
      rule_members(w, r);
      w.end_object();
    }
    w.end_array();
  }
  void stale() {
    w.key("stale").begin_array();
    for (const auto& h : s.host_list) {
      if (!h.stale) continue;
      w.begin_object();
      host_members(w, h);
      w.end_object();
    }
    w.end_array();
  }
};

}  // namespace

std::string render_summary_json(const FleetSummary& s) {
  std::string out;
  JsonWriter w(out, 2);
  w.begin_object();
  totals_members(w, s, nullptr, OverviewLists{w, s});
  w.end_object();
  out += '\n';
  return out;
}

nlohmann::json summary_json(const FleetSummary& s) { return nlohmann::json::parse(render_summary_json(s)); }

std::string render_summary_ndjson(const FleetSummary& s) {
  std::string out;
  const auto line = [&out](auto write_members) {
    JsonWriter w(out);
    w.begin_object();
    write_members(w);
    w.end_object();
    out += '\n';
  };
  line([&](JsonWriter& w) { totals_members(w, s, "summary", NothingBetween{}); });
  for (const auto& r : s.rules) line([&](JsonWriter& w) { rule_members(w, r, "rule"); });
  for (const auto& h : s.host_list) line([&](JsonWriter& w) { host_members(w, h, "host"); });
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
  const std::vector<Cell> values{s.now, std::int64_t{s.stale_days}, num(s.reports),
                                 num(s.superseded_reports), num(s.unreadable_reports), num(s.hosts), num(s.accounts),
                                 num(s.stale_accounts), num(s.stale_findings), num(s.errors), num(s.warnings),
                                 num(s.infos), num(s.hosts_with_errors), num(s.stale_hosts), num(s.sources_failed)};
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
