#pragma once
// Scalars archived by NSKeyedArchiver (ZACCOUNTPROPERTY.ZVALUE in the Accounts DB):
// { $archiver, $version, $top = { root = UID(n) }, $objects = [ "$null", value, ... ] }.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "util/result.hpp"

namespace adapters::apple {

using ArchivedScalar = std::variant<std::string, std::int64_t, bool>;

// The root scalar of a keyed archive (or of a plain binary plist). nullopt (no error) when the
// root is a container (arrays, dicts, NSData...); an error for bytes that are not a valid plist.
util::Result<std::optional<ArchivedScalar>> decode_archived_scalar(std::string_view blob);

// A keyed archive holding one scalar, as Apple writes it (binary).
std::string encode_archived_scalar(const ArchivedScalar& value);

std::optional<std::string> scalar_text(const std::optional<ArchivedScalar>& v);
std::optional<std::int64_t> scalar_int(const std::optional<ArchivedScalar>& v);
std::optional<bool> scalar_bool(const std::optional<ArchivedScalar>& v);

}  // namespace adapters::apple
