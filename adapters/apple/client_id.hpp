#pragma once
// The client id Apple Mail's accounts and sources carry (core::Account::client, core::Source).
#include <string_view>

namespace adapters::apple {

inline constexpr std::string_view kClient = "applemail";

}  // namespace adapters::apple
