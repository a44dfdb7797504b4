#pragma once
// What c-ares does not hand back: the TTLs of a DNS answer's records (RFC 1035 §4.1).
#include <chrono>
#include <cstddef>
#include <optional>

namespace discovery {

// The smallest TTL among the answer section's records; nullopt for a message that is cut or
// malformed, or that has no answer record.
std::optional<std::chrono::seconds> smallest_answer_ttl(const unsigned char* message, std::size_t size);

}  // namespace discovery
