#include <iostream>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "providers/lookup.hpp"
#include "providers/store.hpp"

namespace cli {

int run_providers_import(const ProvidersArgs& a) {
  std::vector<std::filesystem::path> inputs(a.inputs.begin(), a.inputs.end());
  auto summary = providers::import_to_database(inputs, a.out);
  for (const auto& w : summary.warnings) std::cerr << "warning: " << w.text() << "\n";
  for (const auto& e : summary.errors) std::cerr << "error: " << e.text() << "\n";
  std::cout << "imported " << summary.files << " files: " << summary.providers << " providers, " << summary.domains
            << " domains, " << summary.incoming << " incoming and " << summary.outgoing << " outgoing servers; "
            << summary.warnings.size() << " warnings, " << summary.errors.size() << " files skipped\n"
            << "wrote " << a.out << "\n";
  return static_cast<int>(summary.errors.empty() ? core::ExitCode::Ok : core::ExitCode::Partial);
}

int run_providers_lookup(const ProvidersArgs& a) {
  auto db = load_database(a.providers_db, a.policies);  // says what is wrong in a policy file
  auto provider = db.lookup(a.address);
  if (!provider) {
    std::cerr << "mailmend: no provider known for " << a.address
              << " (describe your own domains with --policy FILE.xml)\n";
    return static_cast<int>(core::ExitCode::Findings);
  }
  if (a.format == "json") {
    std::cout << providers::lookup_json(*provider, a.address).dump(2) << "\n";
  } else {
    std::cout << providers::render_lookup_text(*provider, a.address);
  }
  return 0;
}

}  // namespace cli
