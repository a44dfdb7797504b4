#pragma once
// SHA-256 of a byte string, as lower-case hex (OpenSSL EVP).
#include <string>
#include <string_view>

namespace util {

std::string sha256_hex(std::string_view bytes);

}  // namespace util
