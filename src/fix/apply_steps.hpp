#pragma once
// Steps shared by the two ways apply writes: replacing a file's bytes (apply.cpp) and changing a
// database in place (database_fix.cpp).
#include <filesystem>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fix/apply.hpp"

namespace fix::detail {

// Ends the process abruptly (util::die_abruptly) when MAILMEND_TEST_CRASH_AT names `step` (tests only).
void crash_hook(std::string_view step);

// The plan items of one file, as the manifest records them.
nlohmann::json items_json(const PlanFile& file);

FileResult file_result(const PlanFile& file, FileOutcome outcome, const i18n::Text& message, std::string backup_id = {});

// Re-reads the file's sources (through `reread`, or the adapter); an adapter that throws is an
// error here, so a rollback is never skipped.
util::Result<core::ReadOutput> reread_sources(const PlanFile& file, const Reread& reread);

// "problem (and N more)", from verify_rewrite's list.
i18n::Text first_problem(const std::vector<i18n::Text>& problems);

// "FILE: changed since planning; plan again".
i18n::Text changed_since_planning(const std::filesystem::path& file);

// "verification failed (problem (and N more))".
i18n::Text verification_failed(const std::vector<i18n::Text>& problems);

}  // namespace fix::detail
