#include "adapters/thunderbird/profile_surroundings.hpp"

#include "trust/nss_db.hpp"

namespace adapters::thunderbird {
namespace fs = std::filesystem;
namespace {

void read_certificate_store(const fs::path& profile_dir, core::ReadOutput& out, core::Source& source) {
  const fs::path db = profile_dir / "cert9.db";
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(db, ec))) return;  // a profile Thunderbird has not started yet
  auto findings = trust::nss_inspection_findings(db, "Thunderbird's certificate store");
  if (!findings) {
    source.message += "; certificate store not checked: " + findings.error().message;
    return;
  }
  for (auto& f : *findings) out.findings.push_back(std::move(f));
}

}  // namespace

void read_surroundings(const fs::path& profile_dir, const PrefStore& /*prefs*/, core::ReadOutput& out,
                       core::Source& source) {
  read_certificate_store(profile_dir, out, source);
}

}  // namespace adapters::thunderbird
