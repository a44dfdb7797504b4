#pragma once
// What surrounds a profile's accounts (README "Around the client"): the TLS-inspection roots in its
// certificate store (cert9.db) and the proxy its prefs send connections through.
#include <filesystem>

#include "adapters/thunderbird/pref_store.hpp"
#include "core/adapter.hpp"

namespace adapters::thunderbird {

// Adds tls-inspection-root and client-proxy findings to `out`; what cannot be read is said in the
// profile's source message (the accounts are unaffected).
void read_surroundings(const std::filesystem::path& profile_dir, const PrefStore& prefs, core::ReadOutput& out,
                       core::Source& source);

}  // namespace adapters::thunderbird
