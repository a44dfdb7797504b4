#pragma once
// Declarative device management mail account (com.apple.configuration.account.mail, JSON,
// macOS 13+; reference §4.2). It has no TLS key: the system chooses TLS, so security is Unknown.
#include <string>
#include <string_view>

#include "core/adapter.hpp"

namespace adapters::apple {

inline constexpr std::string_view kMailDeclarationType = "com.apple.configuration.account.mail";

bool looks_like_mail_declaration(std::string_view bytes);

// Reads a declaration file's bytes; the output includes its Source.
core::ReadOutput read_declaration_bytes(std::string_view bytes, const std::string& file);

}  // namespace adapters::apple
