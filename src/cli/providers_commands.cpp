#include <iostream>

#include "cli/commands.hpp"
#include "cli/online.hpp"
#include "core/error.hpp"
#include "i18n/text.hpp"
#include "providers/lookup.hpp"
#include "providers/lookup_query.hpp"
#include "providers/store.hpp"
#include "util/text.hpp"

namespace cli {

int run_providers_import(const ProvidersArgs& a) {
  std::vector<std::filesystem::path> inputs(a.inputs.begin(), a.inputs.end());
  auto summary = providers::import_to_database(inputs, a.out);
  for (const auto& w : summary.warnings) std::cerr << i18n::msg("warning: {1}", {w.message()}).localized << "\n";
  for (const auto& e : summary.errors) std::cerr << i18n::msg("error: {1}", {e.message()}).localized << "\n";
  auto count = [](auto n) { return i18n::Text(std::to_string(n)); };
  std::cout << i18n::msg("imported {1} files: {2} providers, {3} domains, {4} incoming and {5} outgoing servers; {6} "
                         "warnings, {7} files skipped",
                         {count(summary.files), count(summary.providers), count(summary.domains), count(summary.incoming),
                          count(summary.outgoing), count(summary.warnings.size()), count(summary.errors.size())})
                   .localized
            << "\n"
            << i18n::msg("wrote {1}", {a.out}).localized << "\n";
  return static_cast<int>(summary.errors.empty() ? core::ExitCode::Ok : core::ExitCode::Partial);
}

namespace {

// A lookup that gives no provider: the reason on stderr, and with --format json also as an
// object on stdout, so a script reading the JSON always gets JSON.
// The JSON's message stays English, as every machine format's.
int lookup_failed(const ProvidersArgs& a, core::ExitCode code, const i18n::Text& message) {
  std::cerr << "mailmend: " << message.localized << "\n";
  if (a.format == "json") {
    const nlohmann::json error{{"query", a.address},
                               {"error", {{"exit_code", static_cast<int>(code)}, {"message", message.english}}}};
    std::cout << json_text(error);
  }
  return static_cast<int>(code);
}

}  // namespace

int run_providers_lookup(const ProvidersArgs& a) {
  if (auto query = providers::check_lookup_query(a.address); !query) {
    return lookup_failed(a, core::ExitCode::Usage, i18n::text_of(query.error()));
  }
  const auto session = online_session(a.online);
  auto db = load_database(a.providers_db, a.policies);  // says what is wrong in a policy file
  auto provider = db.lookup(a.address);
  if (!provider && session) {
    const auto& outcome = session->lookup(a.address, db);
    for (const auto& problem : session->cache_problems()) std::cerr << "mailmend: " << printable_line(problem).localized << "\n";
    if (outcome.found) {
      std::cerr << "mailmend: " << printable_line(outcome.headline()).localized << "\n";
      provider = outcome.found->provider;
    } else {
      return lookup_failed(a, core::ExitCode::Findings, printable_line(outcome.summary()));
    }
  }
  if (!provider) {
    return lookup_failed(a, core::ExitCode::Findings,
                         i18n::msg("no provider known for {1} (describe your own domains with --policy FILE.xml, or "
                                   "look it up with --online)",
                                   {util::printable(a.address)}));
  }
  if (a.format == "json") {
    std::cout << providers::lookup_json(*provider, a.address).dump(2) << "\n";
  } else {
    std::cout << providers::render_lookup_text(*provider, a.address);
  }
  return 0;
}

}  // namespace cli
