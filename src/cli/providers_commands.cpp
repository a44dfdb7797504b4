#include <iostream>

#include "cli/commands.hpp"
#include "core/error.hpp"

namespace cli {

// Wired to the provider component once it lands.
int run_providers_import(const ProvidersArgs&) {
  throw core::AppError(core::ExitCode::Usage, "providers import is not available in this build yet");
}

int run_providers_lookup(const ProvidersArgs&) {
  throw core::AppError(core::ExitCode::Usage, "providers lookup is not available in this build yet");
}

}  // namespace cli
