#include "cli/reg_fix.hpp"

#include <algorithm>
#include <sstream>

#include "adapters/outlook/edits.hpp"
#include "adapters/outlook/regfile.hpp"
#include "i18n/messages.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace cli {
namespace {

bool is_reg_export(const fix::PlanFile& f) {
  return f.client == "outlook" && util::ends_with_icase(f.file.string(), ".reg") && !f.edits.empty();
}

RegFix make_pair_for(const fix::PlanFile& f, const fs::path& out_dir) {
  RegFix r;
  r.source = f.file;
  r.changes = f.items.size();
  const fs::path dir = out_dir.empty() ? f.file.parent_path() : out_dir;
  const std::string stem = f.file.stem().string();
  r.fix_file = dir / (stem + ".mailmend-fix.reg");
  r.undo_file = dir / (stem + ".mailmend-undo.reg");
  auto snapshot = adapters::outlook::read_reg_file(f.file);
  if (!snapshot) {
    r.error = i18n::text_of(snapshot.error());
    return r;
  }
  auto pair = adapters::outlook::make_fix_and_undo_reg(f.edits, *snapshot);
  if (!pair) {
    r.error = i18n::text_of(pair.error());
    return r;
  }
  r.fix_bytes = std::move(pair->first);
  r.undo_bytes = std::move(pair->second);
  return r;
}

}  // namespace

std::vector<RegFix> take_reg_fixes(fix::Plan& plan, const fs::path& out_dir) {
  std::vector<RegFix> out;
  for (const auto& f : plan.files) {
    if (is_reg_export(f)) out.push_back(make_pair_for(f, out_dir));
  }
  plan.files.erase(std::remove_if(plan.files.begin(), plan.files.end(), is_reg_export), plan.files.end());
  return out;
}

std::string render_reg_fixes_text(const std::vector<RegFix>& fixes, bool applied) {
  using i18n::format;
  using i18n::tr;
  std::ostringstream out;
  for (const auto& r : fixes) {
    out << "\n" << format(tr("{1}  [outlook .reg export: not edited in place]"), {util::printable(r.source.string())}) << "\n";
    if (!r.error.empty()) {
      out << "  " << format(tr("refused: {1}"), {util::printable(r.error.localized)}) << "\n";
      continue;
    }
    const std::string changes = std::to_string(r.changes), fix_file = util::printable(r.fix_file.string()),
                      undo_file = util::printable(r.undo_file.string());
    out << "  "
        << format(applied ? tr("{1} change(s) written to {2} (import it with regedit on the machine), undo: {3}")
                          : tr("{1} change(s) to be written by --apply to {2} (import it with regedit on the machine), undo: {3}"),
                  {changes, fix_file, undo_file})
        << "\n";
  }
  return out.str();
}

nlohmann::json reg_fixes_json(const std::vector<RegFix>& fixes) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& r : fixes) {
    arr.push_back({{"source", r.source.string()},
                   {"fix_file", r.fix_file.string()},
                   {"undo_file", r.undo_file.string()},
                   {"changes", r.changes},
                   {"error", r.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.error.english)}});
  }
  return arr;
}

void write_reg_fixes(std::vector<RegFix>& fixes) {
  for (auto& r : fixes) {
    if (!r.error.empty()) continue;
    for (const auto& [path, bytes] : {std::pair{r.fix_file, &r.fix_bytes}, std::pair{r.undo_file, &r.undo_bytes}}) {
      if (auto st = util::write_file_atomic(path, *bytes); !st) {
        r.error = i18n::text_of(st.error());
        break;
      }
    }
  }
}

bool any_failed(const std::vector<RegFix>& fixes) {
  return std::any_of(fixes.begin(), fixes.end(), [](const RegFix& r) { return !r.error.empty(); });
}

}  // namespace cli
