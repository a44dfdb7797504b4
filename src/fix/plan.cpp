#include "fix/plan.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "fix/database_folder.hpp"
#include "fix/target.hpp"
#include "util/diff.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace fix {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

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

std::string account_label(const core::Account& account) {
  std::string label = account.key.empty() ? account.id : account.key;
  if (!account.email.empty()) label += " (" + account.email + ")";
  return label;
}

// Why a selected, fixable finding is not applied; empty when it is.
std::string skip_reason(const core::Finding& finding, const core::Account* account,
                        const std::vector<const core::Adapter*>& adapters) {
  if (std::holds_alternative<std::monostate>(finding.expected)) return "no single expected value";
  if (auto text = std::get_if<std::string>(&finding.expected); text && text->empty()) {
    return "the expected value is empty";
  }
  if (!core::parse_field_path(finding.field)) return "not about one stored field";
  if (!account) return "the account is not in the report";
  if (account->managed) return "managed account (MDM or provider): reported, never fixed";
  if (account->stale) return "stale file that the client no longer reads: reported, never fixed";
  if (finding.origin.file.empty()) return "no file holds this value";
  if (!find_adapter(adapters, account->client)) return "no adapter for client " + account->client;
  return {};
}

std::string value_text(const core::FieldValue& value) {
  if (std::holds_alternative<std::monostate>(value)) return "(unset)";
  return util::printable(core::field_value_text(value));
}

// "143", "993 (default)" when the client's default applies, "(default)" when that is unknown.
std::string old_value_text(const PlanItem& item) {
  const std::string text = core::field_value_text(item.old_value);
  if (!item.old_is_default) return value_text(item.old_value);
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
std::string add_edit(PlanFile& file, const core::Finding& finding, const core::Account& account) {
  for (const auto& edit : file.edits) {
    bool same_key = edit.target.key == finding.origin.key;
    bool same_field = edit.account == finding.account && edit.field == finding.field;
    if (!same_key && !same_field) continue;
    // One stored value may back two fields (Outlook's SMTP login "same as incoming"): the same
    // new value for it is one edit, not a conflict.
    if (same_key && edit.value == finding.expected) return {};
    return "conflicting fixes for " + (same_key ? finding.origin.key : finding.account + " " + finding.field) +
           ": " + value_text(edit.value) + " and " + value_text(finding.expected);
  }
  if (file.client.empty()) file.client = account.client;
  if (file.client != account.client) return "accounts of two clients (" + file.client + ", " + account.client + ")";
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
    file.refused = target.error().message;
    return;
  }
  auto contents = read_target(*target);
  if (!contents) {
    file.refused = contents.error().message;
    return;
  }
  auto rendered = file.adapter->render(file.file, contents->bytes, file.edits);
  if (!rendered) {
    file.refused = rendered.error().message;
    return;
  }
  file.new_bytes = std::move(rendered.value());
  if (file.new_bytes == contents->bytes) {
    file.refused = file.file.string() + ": the edits change nothing in the file";
    return;
  }
  file.sha256_before = util::sha256_hex(contents->bytes);
  file.sha256_after = util::sha256_hex(file.new_bytes);
  file.diff = describe_diff(file, contents->bytes);
}

std::string describe_cells(const PlanFile& file) {
  std::string out = "Database " + file.file.string() + " changes in place, in one transaction:\n";
  for (const auto& c : file.cells) {
    out += "  " + c.table + " row " + std::to_string(c.row) + " " + c.column + " (" + util::printable(c.location) +
           "): " + c.before_text + " -> " + c.after_text + "\n";
  }
  return out;
}

// A database changed in place: checks its folder as apply will, and reads the cells to change.
void prepare_database(PlanFile& file, const std::vector<fs::path>& homes, const PlanOptions& options) {
  if (!options.allow_accounts_db) {
    file.refused = file.file.string() +
                   ": a database changed in place only with --allow-accounts-db (the whole folder is backed up "
                   "first); or fix the account in the client, or push a corrected profile (mailmend profile)";
    return;
  }
  auto folder = open_database_folder(file.file, homes);
  if (!folder) {
    file.refused = folder.error().message;
    return;
  }
  auto cells = file.database->prepare(file.file, file.edits);
  if (!cells) {
    file.refused = cells.error().message;
    return;
  }
  file.cells = std::move(cells.value());
  if (std::all_of(file.cells.begin(), file.cells.end(), [](const auto& c) { return c.before == c.after; })) {
    file.refused = file.file.string() + ": the edits change nothing in the database";
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
  return (only.empty() || contains(only, rule)) && !contains(skip, rule);
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

Plan make_plan(const core::Report& report, const std::vector<const core::Adapter*>& adapters,
               const Selection& selection, const std::vector<fs::path>& homes, const PlanOptions& options) {
  Plan plan;
  plan.homes = homes;
  for (const auto& finding : report.findings) {
    if (!finding.fixable || !selection.selects(finding.rule)) continue;
    const core::Account* account = find_account(report, finding.account);
    if (std::string reason = skip_reason(finding, account, adapters); !reason.empty()) {
      plan.skipped.push_back({finding.account, finding.field, finding.rule, reason});
      continue;
    }
    PlanFile& file = file_entry(plan.files, fs::absolute(finding.origin.file).lexically_normal());
    if (std::string conflict = add_edit(file, finding, *account); !conflict.empty() && file.refused.empty()) {
      file.refused = file.file.string() + ": " + conflict;
    }
    file.adapter = find_adapter(adapters, file.client);
    file.database = file.adapter ? file.adapter->database_store(file.file) : nullptr;
    const std::string source = account->source.empty() ? file.file.string() : account->source;
    if (!contains(file.sources, source)) file.sources.push_back(source);
    file.items.push_back(PlanItem{finding.account, account_label(*account), finding.field, finding.actual,
                                  finding.expected, finding.origin.is_default, finding.rule, finding.origin.key,
                                  finding.origin.line});
  }
  for (auto& file : plan.files) {
    if (!file.is_refused()) file.in_place() ? prepare_database(file, homes, options) : render_file(file, homes);
    if (file.is_refused()) {
      file.new_bytes.clear();
      file.cells.clear();
      file.diff.clear();
    }
  }
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

std::string render_plan_text(const Plan& plan) {
  if (plan.files.empty() && plan.skipped.empty()) return "Nothing to fix.\n";
  std::string out = "Fix plan: " + std::to_string(plan.pending_changes()) + " change(s) in " +
                    std::to_string(plan.pending_files()) + " file(s)";
  if (plan.refused_files() > 0) out += ", " + std::to_string(plan.refused_files()) + " file(s) refused";
  out += "\n";
  for (const auto& file : plan.files) {
    out += "\n" + shown(file.file.string()) + (file.client.empty() ? "" : "  [" + file.client + "]") + "\n";
    for (const auto& item : file.items) {
      out += "  " + shown(item.account_label) + "  " + item.field + ": " + old_value_text(item) + " -> " +
             value_text(item.new_value) + "  (rule " + item.rule + ")\n";
    }
    if (file.is_refused()) {
      out += "  refused: " + shown(file.refused) + "\n";
    } else {
      out += shown_lines(file.diff);
    }
  }
  if (!plan.skipped.empty()) out += "\nNot fixed:\n";
  for (const auto& s : plan.skipped) {
    out += "  " + shown(s.account) + "  " + s.field + "  (rule " + s.rule + "): " + shown(s.reason) + "\n";
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
                       {"rule", item.rule},
                       {"target_key", item.target_key},
                       {"target_line", item.target_line}});
    }
    nlohmann::json entry = {{"file", file.file.string()},
                            {"client", file.client},
                            {"kind", file.in_place() ? "database" : "file"},
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
  nlohmann::json skipped = nlohmann::json::array();
  for (const auto& s : plan.skipped) {
    skipped.push_back({{"account", s.account}, {"field", s.field}, {"rule", s.rule}, {"reason", s.reason}});
  }
  return {{"pending_changes", plan.pending_changes()},
          {"pending_files", plan.pending_files()},
          {"refused_files", plan.refused_files()},
          {"files", files},
          {"skipped", skipped}};
}

core::ExitCode plan_exit_code(const Plan& plan) {
  if (plan.refused_files() > 0) return core::ExitCode::Partial;
  if (plan.pending_files() > 0) return core::ExitCode::Findings;
  return core::ExitCode::Ok;
}

}  // namespace fix
