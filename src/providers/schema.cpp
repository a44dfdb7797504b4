#include "providers/schema.hpp"

namespace providers {

// schemas/providers.sql itself, turned into a string literal at configure time
// (cmake/embed_providers.cmake), so that the one binary needs no file beside it.
const char* const kSchemaSql =
#include "providers_schema_sql.inc"
    ;

}  // namespace providers
