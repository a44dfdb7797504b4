#include "fix/plan.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "fix/changes.hpp"
#include "fix/database_folder.hpp"
#include "fix/target.hpp"
#include "i18n/messages.hpp"
#include "util/contains.hpp"
#include "util/diff.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace fix {
namespace {

std::string account_label(const core::Account& account) {
  std::string label = account.key.empty() ? account.id : account.key;
  if (!account.email.empty()) label += " (" + account.email + ")";
  return label;
}

std::string value_or_unset_text(const core::FieldValue& value) {
  if (std::holds_alternative<std::monostate>(value)) return "(unset)";
  return util::printable(core::field_value_text(value));
}

// "143", "993 (default)" when the client's default applies, "(default)" when that is unknown.
std::string old_value_text(const PlanItem& item) {
  const std::string text = core::field_value_text(item.old_value);
  if (!item.old_is_default) return value_or_unset_text(item.old_value);
  return text.empty() ? "(default)" : util::printable(text) + " (default)";
}

PlanFile& file_entry(std::vector<PlanFile>& files, const fs::path& path) {
  for (auto& file : files) {
    if (file.file == path) return file;
  }
  files.push_back(PlanFile{});
  files.back().file = path;
  return files.back();
}

// Adds the finding's edit, merging duplicates; returns a refusal reason on a conflict.
i18n::Text add_edit(PlanFile& file, const core::Finding& finding, const core::Account& account) {
  for (const auto& edit : file.edits) {
    bool same_key = edit.target.key == finding.origin.key;
    bool same_field = edit.account == finding.account && edit.field == finding.field;
    if (!same_key && !same_field) continue;
    // One stored value may back two fields (Outlook's SMTP login "same as incoming"): the same
    // new value for it is one edit, not a conflict.
    if (same_key && edit.value == finding.expected) return {};
    return i18n::msg("conflicting fixes for {1}: {2} and {3}",
                     {same_key ? finding.origin.key : finding.account + " " + finding.field, value_or_unset_text(edit.value),
                      value_or_unset_text(finding.expected)});
  }
  if (file.client.empty()) file.client = account.client;
  if (file.client != account.client) {
    return i18n::msg("accounts of two clients ({1}, {2})", {file.client, account.client});
  }
  file.edits.push_back(core::Edit{finding.account, finding.field, finding.origin, finding.expected});
  return {};
}

std::string describe_diff(const PlanFile& file, const std::string& before) {
  auto binary = [](const std::string& s) { return s.find('\0') != std::string::npos; };
  if (binary(before) || binary(file.new_bytes)) {
    return "Binary file " + file.file.string() + " changes: " + std::to_string(before.size()) + " -> " +
           std::to_string(file.new_bytes.size()) + " bytes\n";
  }
  return util::unified_diff(before, file.new_bytes, file.file.string() + "\t(current)",
                            file.file.string() + "\t(after fix)");
}

// Reads the file safely, renders the edits and fills hashes and diff; sets `refused` on failure.
void render_file(PlanFile& file, const std::vector<fs::path>& homes) {
  auto target = open_target(file.file, homes);
  if (!target) {
    file.refuse(i18n::text_of(target.error()));
    return;
  }
  auto contents = read_target(*target);
  if (!contents) {
    file.refuse(i18n::text_of(contents.error()));
    return;
  }
  auto rendered = file.adapter->render(file.file, contents->bytes, file.edits);
  if (!rendered) {
    file.refuse(i18n::text_of(rendered.error()));
    return;
  }
  file.new_bytes = std::move(rendered.value());
  if (file.new_bytes == contents->bytes) {
    file.refuse(i18n::msg("{1}: the edits change nothing in the file", {file.file.string()}));
    return;
  }
  file.sha256_before = util::sha256_hex(contents->bytes);
  file.sha256_after = util::sha256_hex(file.new_bytes);
  file.diff = describe_diff(file, contents->bytes);
}

std::string describe_cells(const PlanFile& file) {
  if (file.live_registry()) {
    std::string out = "Registry " + file.file.string() + " changes in place, value by value (each keeps its type):\n";
    for (const auto& c : file.cells) out += "  " + util::printable(c.location) + ": " + c.before_text + " -> " + c.after_text + "\n";
    return out;
  }
  std::string out = "Database " + file.file.string() + " changes in place, in one transaction:\n";
  for (const auto& c : file.cells) {
    out += "  " + c.table + " row " + std::to_string(c.row) + " " + c.column + " (" + util::printable(c.location) +
           "): " + c.before_text + " -> " + c.after_text + "\n";
  }
  return out;
}

// A store changed in place: checks a database's folder as apply will, and reads the cells to change.
void prepare_database(PlanFile& file, const std::vector<fs::path>& homes, const PlanOptions& options) {
  if (!file.live_registry() && !options.allow_accounts_db) {
    file.refuse(i18n::msg("{1}: a database changed in place only with --allow-accounts-db (the whole folder is backed "
                          "up first); or fix the account in the client, or push a corrected profile (mailmend profile)",
                          {file.file.string()}));
    return;
  }
  if (!file.live_registry()) {
    auto folder = open_database_folder(file.file, homes);
    if (!folder) {
      file.refuse(i18n::text_of(folder.error()));
      return;
    }
  }
  auto cells = file.database->prepare(file.file, file.edits);
  if (!cells) {
    file.refuse(i18n::text_of(cells.error()));
    return;
  }
  file.cells = std::move(cells.value());
  if (std::all_of(file.cells.begin(), file.cells.end(), [](const auto& c) { return c.before == c.after; })) {
    file.refuse(file.live_registry() ? i18n::msg("{1}: the edits change nothing in the registry", {file.file.string()})
                                     : i18n::msg("{1}: the edits change nothing in the database", {file.file.string()}));
    file.cells.clear();
    return;
  }
  file.diff = describe_cells(file);
}

nlohmann::json value_json(const core::FieldValue& value) {
  if (auto s = std::get_if<std::string>(&value)) return *s;
  if (auto i = std::get_if<std::int64_t>(&value)) return *i;
  if (auto b = std::get_if<bool>(&value)) return *b;
  return nullptr;
}

}  // namespace

bool Selection::selects(const std::string& rule) const {
  return (only.empty() || util::contains(only, rule)) && !util::contains(skip, rule);
}

std::size_t Plan::pending_files() const {
  return static_cast<std::size_t>(
      std::count_if(files.begin(), files.end(), [](const PlanFile& f) { return !f.is_refused(); }));
}

std::size_t Plan::pending_changes() const {
  std::size_t n = 0;
  for (const auto& f : files) n += f.is_refused() ? 0 : f.items.size();
  return n;
}

std::size_t Plan::refused_files() const { return files.size() - pending_files(); }

std::size_t Unapplied::refused() const {
  return static_cast<std::size_t>(
      std::count_if(skipped.begin(), skipped.end(), [](const Skipped& s) { return s.refused; }));
}

std::string PlanItem::rule_text() const { return util::join(rules, ", "); }

namespace {

// A file's absolute path; a live registry root stays as it is named.
fs::path normal(const std::string& path) {
  return core::is_live_registry_source(path) ? fs::path(path) : fs::absolute(path).lexically_normal();
}

// Places one change in its file (creating the file entry); a conflict refuses the file.
void place_change(Plan& plan, const Change& change, const core::Account& account,
                  const std::vector<const core::Adapter*>& adapters) {
  const core::Finding& finding = *change.finding;
  PlanFile& file = file_entry(plan.files, normal(finding.origin.file));
  if (i18n::Text conflict = add_edit(file, finding, account); !conflict.empty() && file.refused.empty()) {
    file.refuse(i18n::msg("{1}: {2}", {file.file.string(), conflict}));
  }
  file.adapter = find_adapter(adapters, file.client);
  file.database = file.adapter ? file.adapter->database_store(file.file) : nullptr;
  const std::string source = account.source.empty() ? file.file.string() : account.source;
  if (!util::contains(file.sources, source)) file.sources.push_back(source);
  file.items.push_back(PlanItem{finding.account, account_label(account), finding.field, finding.actual,
                                finding.expected, finding.origin.is_default, change.rules, finding.origin.key,
                                finding.origin.line, change.needed_by});
}

// Why a file must not be written because the audit found it (or the source it belongs to)
// damaged; empty when it was not.
bool belongs_to(const PlanFile& file, const core::Source& source) {
  return normal(source.path) == file.file || std::any_of(file.sources.begin(), file.sources.end(), [&](const std::string& s) {
           return normal(s) == normal(source.path);
         });
}

i18n::Text damage_of(const core::Report& report, const PlanFile& file) {
  for (const auto& source : report.sources) {
    if (source.status != core::SourceStatus::Damaged) continue;
    if (belongs_to(file, source)) {
      return i18n::msg("{1} is damaged ({2}); mailmend never writes a damaged file: repair it in the client or restore a "
                       "backup first",
                       {source.path, source.note_text()});
    }
  }
  return {};
}

// Damaged and unreadable sources that no file of the plan names.
std::vector<UnreadSource> unread_sources(const core::Report& report, const std::vector<PlanFile>& files) {
  std::vector<UnreadSource> out;
  for (const auto& source : report.sources) {
    if (source.status != core::SourceStatus::Damaged && source.status != core::SourceStatus::Error) continue;
    if (std::any_of(files.begin(), files.end(), [&](const PlanFile& f) { return belongs_to(f, source); })) continue;
    out.push_back({source.path, std::string(core::to_string(source.status)), source.message, source.message_localized});
  }
  return out;
}

i18n::Text read_only_reason(const core::Account& account) {
  if (account.client == "outlook") {
    return i18n::msg("a deployment recipe (PRF) that its author edits: never fixed in place; correct the recipe itself");
  }
  return i18n::msg("a saved copy: saved copies are never fixed; fix the file the client reads");
}

// The setting a field belongs to: a side's port and security are one (judged together).
std::string setting_of(const std::string& field) {
  for (const char* side : {"incoming.", "outgoing."}) {
    if (field == std::string(side) + "port" || field == std::string(side) + "security") return std::string(side) + "endpoint";
  }
  return field;
}

// Whether a planned change touches the setting a finding is about (a port-security-mismatch goes
// with the provider rule's port change).
bool touched_by(const std::vector<Change>& changes, const core::Finding& f) {
  return std::any_of(changes.begin(), changes.end(), [&](const Change& c) {
    return c.finding->account == f.account && setting_of(c.finding->field) == setting_of(f.field);
  });
}

// Selected warnings and errors that no fix carries, on accounts that could be fixed and settings
// the plan does not change; and the read-only files with such findings.
void collect_unfixable(const core::Report& report, const Selection& selection, const std::vector<Change>& changes,
                       Unapplied& out) {
  for (const auto& f : report.findings) {
    if (f.fixable || f.severity == core::Severity::Info || !selection.selects(f.rule)) continue;
    if (touched_by(changes, f)) continue;
    const core::Account* account = f.account.empty() ? nullptr : find_account(report, f.account);
    if (!account || account->stale) continue;
    if (account->read_only) {
      bool listed = std::any_of(out.read_only.begin(), out.read_only.end(),
                                [&](const ReadOnlySource& r) { return r.path == account->source; });
      if (!listed) {
        const i18n::Text reason = read_only_reason(*account);
        out.read_only.push_back({account->source, reason.english, reason.localized});
      }
      continue;
    }
    out.manual.push_back({f.account, account_label(*account), f.field, f.rule, f.severity});
  }
}

}  // namespace

Plan make_plan(const core::Report& report, const std::vector<const core::Adapter*>& adapters,
               const Selection& selection, const std::vector<fs::path>& homes, const PlanOptions& options) {
  Plan plan;
  plan.homes = homes;
  Changes changes = plan_changes(report, adapters, selection);
  plan.unapplied.skipped = std::move(changes.skipped);
  for (const auto& change : changes.changes) {
    place_change(plan, change, *find_account(report, change.finding->account), adapters);
  }
  collect_unfixable(report, selection, changes.changes, plan.unapplied);
  plan.unapplied.unread = unread_sources(report, plan.files);
  for (auto& file : plan.files) {
    if (i18n::Text damage = damage_of(report, file); !damage.empty()) file.refuse(damage);
    if (!file.is_refused()) file.in_place() ? prepare_database(file, homes, options) : render_file(file, homes);
    if (file.is_refused()) {
      file.new_bytes.clear();
      file.cells.clear();
      file.diff.clear();
    }
  }
  plan_saved_logins(plan, report, homes);
  return plan;
}

// Paths, reasons and diff lines come from users' files and folders: no control byte reaches the
// terminal (JSON keeps the exact text).
std::string shown(std::string_view text) { return util::printable(text, 4000); }

// A unified diff with control bytes escaped; tabs (indentation, the header's "\t(current)") and
// long lines stay as they are.
std::string shown_lines(const std::string& text) {
  std::string out;
  for (const auto& line : util::split(text, '\n')) {
    if (!out.empty()) out += '\n';
    std::string cells;
    for (const auto& cell : util::split(line, '\t')) {
      if (!cells.empty()) cells += '\t';
      cells += util::printable(cell, line.size() + 1);
    }
    out += cells;
  }
  return out;
}

namespace {

using i18n::format;
using i18n::tr;

std::string item_text(const PlanItem& item) {
  const std::string rules = item.rules.size() > 1 ? format(tr("rules {1}"), {item.rule_text()})
                                                  : format(tr("rule {1}"), {item.rule_text()});
  std::string out = "  " + shown(item.account_label) + "  " + item.field + ": " + old_value_text(item) + " -> " +
                    value_or_unset_text(item.new_value) + "  (" + rules;
  if (!item.needed_by.empty()) out += format(tr("; goes with the {1} change"), {item.needed_by});
  return out + ")\n";
}

std::string skipped_text(const Skipped& s) {
  return "  " + shown(s.account) + "  " + s.field + "  (" + format(tr("rule {1}"), {s.rule}) + "): " + shown(s.reason_text()) +
         "\n";
}

std::string manual_text(const ManualAction& m) {
  return "  " + shown(m.account_label) + (m.field.empty() ? "" : "  " + m.field) + "  (" +
         std::string(core::to_string(m.severity)) + " " + m.rule + ")\n";
}

}  // namespace

std::string render_unapplied_text(const Unapplied& u) {
  std::string refused, not_fixed, out;
  for (const auto& s : u.skipped) (s.refused ? refused : not_fixed) += skipped_text(s);
  if (!refused.empty()) {
    out += "\n" + format(tr("Refused ({1} change(s), ambiguous or unsafe):"), {std::to_string(u.refused())}) + "\n" + refused;
  }
  if (!not_fixed.empty()) out += "\n" + std::string(tr("Not fixed:")) + "\n" + not_fixed;
  if (!u.manual.empty()) {
    out += "\n" +
           format(tr("{1} finding(s) need manual action (no fix can carry them; `mailmend audit` says what to do):"),
                  {std::to_string(u.manual.size())}) +
           "\n";
    for (const auto& m : u.manual) out += manual_text(m);
  }
  for (const auto& r : u.read_only) out += "\n" + shown(r.path) + ": " + r.reason_localized + "\n";
  if (!u.unread.empty()) {
    out += "\n" + format(tr("Not read whole, so nothing in it is fixed ({1} source(s)):"), {std::to_string(u.unread.size())}) +
           "\n";
    for (const auto& r : u.unread) {
      const bool names_itself = r.message.rfind(r.path, 0) == 0;  // "prefs.js:2: the file ends ..."
      const std::string& note = r.message_localized.empty() ? r.message : r.message_localized;
      out += "  " + r.status + "  " + shown(names_itself ? note : format(tr("{1}: {2}"), {r.path, note})) + "\n";
    }
  }
  return out;
}

void add_unapplied_json(nlohmann::json& out, const Unapplied& u) {
  nlohmann::json skipped = nlohmann::json::array(), manual = nlohmann::json::array(),
                 read_only = nlohmann::json::array();
  for (const auto& s : u.skipped) {
    skipped.push_back({{"account", s.account}, {"field", s.field}, {"rule", s.rule}, {"reason", s.reason},
                       {"refused", s.refused}});
  }
  for (const auto& m : u.manual) {
    manual.push_back({{"account", m.account}, {"account_label", m.account_label}, {"field", m.field},
                      {"rule", m.rule}, {"severity", core::to_string(m.severity)}});
  }
  for (const auto& r : u.read_only) read_only.push_back({{"path", r.path}, {"reason", r.reason}});
  nlohmann::json unread = nlohmann::json::array();
  for (const auto& r : u.unread) unread.push_back({{"path", r.path}, {"status", r.status}, {"message", r.message}});
  out["refused_changes"] = u.refused();
  out["skipped"] = std::move(skipped);
  out["manual_actions"] = std::move(manual);
  out["read_only"] = std::move(read_only);
  out["unread_sources"] = std::move(unread);
}

std::string render_plan_text(const Plan& plan) {
  const std::string unapplied = render_unapplied_text(plan.unapplied);
  if (plan.files.empty() && plan.unapplied.skipped.empty()) {
    // Only manual actions or read-only files: say what they are, not only "Nothing to fix."
    if (!plan.unapplied.read_only.empty() || !plan.unapplied.unread.empty()) return unapplied.substr(1);
    return std::string(tr("Nothing to fix.")) + "\n" + unapplied;
  }
  std::string out = format(tr("Fix plan: {1} change(s) in {2} file(s)"),
                           {std::to_string(plan.pending_changes()), std::to_string(plan.pending_files())});
  if (plan.refused_files() > 0) out += format(tr(", {1} file(s) refused"), {std::to_string(plan.refused_files())});
  if (plan.unapplied.refused() > 0) {
    out += format(tr(", {1} change(s) refused"), {std::to_string(plan.unapplied.refused())});
  }
  out += "\n";
  for (const auto& file : plan.files) {
    out += "\n" + shown(file.file.string()) + (file.client.empty() ? "" : "  [" + file.client + "]") + "\n";
    for (const auto& item : file.items) out += item_text(item);
    if (file.is_refused()) {
      out += "  " + format(tr("refused: {1}"), {shown(file.refused_text())}) + "\n";
    } else {
      out += shown_lines(file.diff);
    }
  }
  if (!plan.login_notes.empty()) {
    out += "\n" + std::string(tr("Saved passwords:")) + "\n";
    for (const auto& note : plan.login_notes) out += "  " + shown(note.account_label) + ": " + shown(note.text) + "\n";
  }
  out += unapplied;
  if (plan.pending_changes() > 0) {
    out += "\n" + std::string(tr("Nothing was changed; run again with --apply to make these changes.")) + "\n";
  }
  return out;
}

nlohmann::json plan_json(const Plan& plan) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& file : plan.files) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : file.items) {
      items.push_back({{"account", item.account},
                       {"account_label", item.account_label},
                       {"field", item.field},
                       {"old", value_json(item.old_value)},
                       {"old_is_default", item.old_is_default},
                       {"new", value_json(item.new_value)},
                       {"rule", item.rules.empty() ? std::string() : item.rules.front()},
                       {"rules", item.rules},
                       {"needed_by", item.needed_by},
                       {"target_key", item.target_key},
                       {"target_line", item.target_line}});
    }
    nlohmann::json entry = {{"file", file.file.string()},
                            {"client", file.client},
                            {"kind", file.kind()},
                            {"status", file.is_refused() ? "refused" : "pending"},
                            {"items", items}};
    if (file.is_refused()) {
      entry["reason"] = file.refused;
    } else if (file.in_place()) {
      entry["cells"] = cells_json(file.cells);
      entry["diff"] = file.diff;
    } else {
      entry["sha256_before"] = file.sha256_before;
      entry["sha256_after"] = file.sha256_after;
      entry["diff"] = file.diff;
    }
    files.push_back(std::move(entry));
  }
  nlohmann::json out = {{"pending_changes", plan.pending_changes()},
                        {"pending_files", plan.pending_files()},
                        {"refused_files", plan.refused_files()},
                        {"files", files}};
  nlohmann::json notes = nlohmann::json::array();
  for (const auto& note : plan.login_notes) {
    notes.push_back({{"account", note.account}, {"account_label", note.account_label}, {"text", note.text}});
  }
  out["login_notes"] = std::move(notes);
  add_unapplied_json(out, plan.unapplied);
  return out;
}

core::ExitCode plan_exit_code(const Plan& plan) {
  if (plan.refused_files() > 0 || plan.unapplied.blocks()) return core::ExitCode::Partial;
  if (plan.pending_files() > 0) return core::ExitCode::Findings;
  return core::ExitCode::Ok;
}

}  // namespace fix
