#pragma once
// Outlook PRF files (profile deployment): the accounts a PRF would create, in both dialects
// (Outlook 2003+ "PT_UNICODE,0x0100" maps and Outlook 97-2000 "PT_STRING8,0x13C4" maps).
#include <filesystem>
#include <string>
#include <string_view>

#include "core/adapter.hpp"
#include "util/result.hpp"

namespace adapters::outlook {

// Accounts (origins: file, "Section\\Key", line; absent keys are defaults at the section
// header), Outlook findings (never fixable: PRFs are edited by their author), and one Source.
util::Result<core::ReadOutput> parse_prf(std::string_view bytes, const std::string& file);
core::ReadOutput read_prf(const std::filesystem::path& path);

}  // namespace adapters::outlook
