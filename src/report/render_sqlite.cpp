// The per-host results database: the JSON report's content in flat tables (schemas/report-sqlite.sql).
#include "report/render_sqlite.hpp"

#include <optional>

#include <SQLiteCpp/SQLiteCpp.h>

#include "report/flat_finding.hpp"
#include "util/sqlite_image.hpp"
#include "util/text.hpp"

namespace report {
namespace {

constexpr const char* kSqliteSchema =
#include "report_sqlite_schema_sql.inc"
    ;

// NULL where the JSON report has null.
std::optional<std::string> unless_empty(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return text;
}

std::optional<std::string> value_text(const core::FieldValue& value) {
  if (std::holds_alternative<std::monostate>(value)) return std::nullopt;
  return core::field_value_text(value);
}

// One INSERT of `columns`, bound by position in that order.
class Insert {
 public:
  Insert(SQLite::Database& db, const std::string& table, const std::vector<std::string>& columns)
      : statement_(db, "INSERT INTO " + table + " (" + util::join(columns, ", ") + ") VALUES (" + placeholders(columns.size()) + ")") {}

  Insert& text(const std::string& value) {
    statement_.bind(++index_, util::valid_utf8(value));
    return *this;
  }
  Insert& text(const std::optional<std::string>& value) {
    if (value) return text(*value);
    statement_.bind(++index_);
    return *this;
  }
  Insert& integer(std::int64_t value) {
    statement_.bind(++index_, value);
    return *this;
  }
  Insert& integer(const std::optional<std::int64_t>& value) {
    if (value) return integer(*value);
    statement_.bind(++index_);
    return *this;
  }
  void run() {
    statement_.exec();
    statement_.reset();
    statement_.clearBindings();
    index_ = 0;
  }

 private:
  static std::string placeholders(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
    return out;
  }
  SQLite::Statement statement_;
  int index_ = 0;
};

// host, machine_id, generated_at: the first three columns of every table.
void identity(Insert& insert, const RunIdentity& run) {
  insert.text(run.host).text(unless_empty(run.machine_id)).text(run.generated_at);
}

void insert_run(SQLite::Database& db, const core::Report& report, const RunIdentity& run) {
  std::int64_t unreadable = 0;
  for (const auto& s : report.sources) {
    if (s.status == core::SourceStatus::Error || s.status == core::SourceStatus::Damaged) ++unreadable;
  }
  Insert insert(db, "runs",
                {"host", "machine_id", "generated_at", "generated_unix", "tool_version", "probed", "sources",
                 "unreadable_sources", "accounts", "errors", "warnings", "infos", "not_counted"});
  identity(insert, run);
  const core::FindingTally tally = report.tally();
  SQLite::Statement unix_time(db, "SELECT CAST(strftime('%s', ?) AS INTEGER)");
  unix_time.bind(1, run.generated_at);
  unix_time.executeStep();
  insert.integer(unix_time.getColumn(0).isNull() ? std::optional<std::int64_t>() : unix_time.getColumn(0).getInt64())
      .text(run.tool_version)
      .integer(report.probes ? 1 : 0)
      .integer(static_cast<std::int64_t>(report.sources.size()))
      .integer(unreadable)
      .integer(static_cast<std::int64_t>(report.accounts.size()))
      .integer(static_cast<std::int64_t>(tally.errors))
      .integer(static_cast<std::int64_t>(tally.warnings))
      .integer(static_cast<std::int64_t>(tally.infos))
      .integer(static_cast<std::int64_t>(tally.uncounted))
      .run();
}

void insert_sources(SQLite::Database& db, const core::Report& report, const RunIdentity& run) {
  Insert insert(db, "sources", {"host", "machine_id", "generated_at", "client", "source", "status", "message"});
  for (const auto& s : report.sources) {
    identity(insert, run);
    insert.text(s.client).text(s.path).text(std::string(core::to_string(s.status))).text(s.message).run();
  }
}

void endpoint(Insert& insert, const std::optional<core::Endpoint>& ep) {
  if (!ep) {
    insert.text(std::nullopt).text(std::nullopt).integer(std::nullopt).text(std::nullopt).text(std::nullopt).text(std::nullopt);
    return;
  }
  insert.text(std::string(core::to_string(ep->protocol)))
      .text(ep->host.value)
      .integer(ep->port.value)
      .text(std::string(core::to_string(ep->security.value)))
      .text(std::string(core::to_string(ep->auth.value)))
      .text(ep->username.value);
}

void insert_accounts(SQLite::Database& db, const core::Report& report, const RunIdentity& run) {
  Insert insert(db, "accounts",
                {"host", "machine_id", "generated_at", "account", "client", "source", "key", "profile", "name", "email",
                 "managed", "stale", "provider", "provider_name", "provider_matched_by", "incoming_protocol",
                 "incoming_host", "incoming_port", "incoming_security", "incoming_auth", "incoming_username",
                 "outgoing_protocol", "outgoing_host", "outgoing_port", "outgoing_security", "outgoing_auth",
                 "outgoing_username"});
  for (const auto& ar : report.accounts) {
    const core::Account& a = ar.account;
    identity(insert, run);
    insert.text(a.id).text(a.client).text(a.source).text(a.key).text(a.profile).text(a.name).text(a.email);
    insert.integer(a.managed ? 1 : 0).integer(a.stale ? 1 : 0);
    if (ar.provider) {
      insert.text(ar.provider->id).text(ar.provider->name).text(ar.provider->matched_by);
    } else {
      insert.text(std::nullopt).text(std::nullopt).text(std::nullopt);
    }
    endpoint(insert, a.incoming);
    endpoint(insert, a.outgoing);
    insert.run();
  }
}

void insert_findings(SQLite::Database& db, const core::Report& report, const RunIdentity& run) {
  Insert insert(db, "findings",
                {"host", "machine_id", "generated_at", "tool_version", "client", "source", "account", "email",
                 "provider", "rule", "severity", "field", "actual", "expected", "fixable", "counted", "message", "file",
                 "key", "line", "related_rules", "probe"});
  for (const auto& flat : flatten_findings(report)) {
    const core::Finding& f = *flat.finding;
    const bool has_origin = !f.origin.file.empty();
    identity(insert, run);
    insert.text(run.tool_version)
        .text(flat.client)
        .text(flat.source)
        .text(unless_empty(f.account))
        .text(flat.account ? std::optional<std::string>(flat.email()) : std::nullopt)
        .text(unless_empty(flat.provider_id()))
        .text(f.rule)
        .text(std::string(core::to_string(f.severity)))
        .text(unless_empty(f.field))
        .text(value_text(f.actual))
        .text(value_text(f.expected))
        .integer(f.fixable ? 1 : 0)
        .integer(flat.counted ? 1 : 0)
        .text(f.message)
        .text(has_origin ? std::optional<std::string>(f.origin.file) : std::nullopt)
        .text(has_origin ? std::optional<std::string>(f.origin.key) : std::nullopt)
        .integer(has_origin && f.origin.line > 0 ? std::optional<std::int64_t>(f.origin.line) : std::nullopt)
        .text(util::join(f.also, " "))
        .text(unless_empty(f.probe))
        .run();
  }
}

}  // namespace

std::string_view report_sqlite_schema() { return kSqliteSchema; }

std::string render_sqlite(const core::Report& report) {
  const RunIdentity run = run_identity(report);
  return util::sqlite_file_image([&](SQLite::Database& db) {
    db.exec(kSqliteSchema);
    SQLite::Transaction transaction(db);
    insert_run(db, report, run);
    insert_sources(db, report, run);
    insert_accounts(db, report, run);
    insert_findings(db, report, run);
    transaction.commit();
  });
}

}  // namespace report
