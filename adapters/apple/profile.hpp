#pragma once
// Configuration profiles (.mobileconfig) with com.apple.mail.managed payloads (reference §4):
// unsigned XML or binary, signed CMS (content extracted, signature not verified), encrypted
// payloads reported as unreadable.
#include <string>
#include <string_view>

#include "adapters/apple/plist_tree.hpp"
#include "core/adapter.hpp"

namespace adapters::apple {

inline constexpr std::string_view kMailPayloadType = "com.apple.mail.managed";

// Whether a parsed plist is a profile or a bare payload.
bool is_profile(plist_t root);

// Reads a profile file's bytes; the output includes its Source.
core::ReadOutput read_profile_bytes(std::string_view bytes, const std::string& file);

// Reads an already-parsed profile (accounts and findings; no Source).
core::ReadOutput read_profile_tree(plist_t root, const std::string& file);

}  // namespace adapters::apple
