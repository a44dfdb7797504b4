# Builds the provider database from data/ at build time and embeds it (owned by src/providers).
# Included after the components are declared. mm_providers_gen (linking mm_providers only) imports
# data/ispdb and data/overrides into providers.sqlite and writes its bytes as a C++ source;
# mm_providers_data compiles that source together with Database::embedded(). data/lists holds the
# facts generated from FairEmail's and Delta Chat's provider lists (scripts/gen-provider-lists),
# applied after data/overrides.
set(MAILMEND_DATA_DIR ${CMAKE_CURRENT_SOURCE_DIR}/data)
# schemas/providers.sql as a C++ raw string literal for src/providers/schema.cpp (one source of truth).
file(READ ${CMAKE_CURRENT_SOURCE_DIR}/schemas/providers.sql MAILMEND_SCHEMA_SQL)
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/generated/providers_schema_sql.inc.tmp "R\"sql(${MAILMEND_SCHEMA_SQL})sql\"\n")
configure_file(${CMAKE_CURRENT_BINARY_DIR}/generated/providers_schema_sql.inc.tmp
               ${CMAKE_CURRENT_BINARY_DIR}/generated/providers_schema_sql.inc COPYONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/schemas/providers.sql)
target_include_directories(mm_providers PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/generated)

# The facts from FairEmail's list (GPL-3.0, data/lists/README.md) can be left out of the embedded
# database: its domains then answer only where the ISPDB, the overrides or Delta Chat know them.
option(MAILMEND_EMBED_FAIREMAIL_FACTS "Embed data/lists/fairemail.xml (facts from FairEmail's GPL-3.0 providers.xml)" ON)
set(MAILMEND_PROVIDER_LISTS ${MAILMEND_DATA_DIR}/lists/deltachat.xml)
if(MAILMEND_EMBED_FAIREMAIL_FACTS)
  list(APPEND MAILMEND_PROVIDER_LISTS ${MAILMEND_DATA_DIR}/lists/fairemail.xml)
endif()
file(GLOB MAILMEND_PROVIDER_DATA CONFIGURE_DEPENDS
  ${MAILMEND_DATA_DIR}/ispdb/*.xml ${MAILMEND_DATA_DIR}/overrides/*.xml)
list(APPEND MAILMEND_PROVIDER_DATA ${MAILMEND_PROVIDER_LISTS})

# The generator runs during the build, so it must run on the build machine: a cross build (Windows)
# takes a native mm_providers_gen built from the same sources (scripts/build-windows builds it) and
# embeds the same bytes the Linux build does.
if(CMAKE_CROSSCOMPILING)
  set(MAILMEND_HOST_PROVIDERS_GEN "" CACHE FILEPATH
      "mm_providers_gen built for the build machine (cross builds only)")
  if(NOT EXISTS "${MAILMEND_HOST_PROVIDERS_GEN}")
    message(FATAL_ERROR "Cross build: set MAILMEND_HOST_PROVIDERS_GEN to a native mm_providers_gen "
                        "(scripts/build-windows builds one)")
  endif()
  set(providers_gen ${MAILMEND_HOST_PROVIDERS_GEN})
else()
  add_executable(mm_providers_gen ${CMAKE_CURRENT_SOURCE_DIR}/src/providers/tools/gen_providers_db.cpp)
  target_link_libraries(mm_providers_gen PRIVATE mm_providers)
  set(providers_gen mm_providers_gen)
endif()

set(MAILMEND_PROVIDERS_DB ${CMAKE_CURRENT_BINARY_DIR}/providers.sqlite)
set(MAILMEND_PROVIDERS_CPP ${CMAKE_CURRENT_BINARY_DIR}/generated/providers_data.cpp)
add_custom_command(
  OUTPUT ${MAILMEND_PROVIDERS_DB} ${MAILMEND_PROVIDERS_CPP}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/generated
  COMMAND ${providers_gen} ${MAILMEND_PROVIDERS_DB} ${MAILMEND_PROVIDERS_CPP}
          ${MAILMEND_DATA_DIR}/ispdb ${MAILMEND_DATA_DIR}/overrides ${MAILMEND_PROVIDER_LISTS}
  DEPENDS ${providers_gen} ${MAILMEND_PROVIDER_DATA}
  COMMENT "Building the embedded provider database from data/"
  VERBATIM)

add_library(mm_providers_data STATIC
  ${MAILMEND_PROVIDERS_CPP}
  ${CMAKE_CURRENT_SOURCE_DIR}/src/providers/embedded/embedded_database.cpp)
target_link_libraries(mm_providers_data PUBLIC mm_providers)
# Tests that count FairEmail's domains know whether they were embedded.
if(MAILMEND_EMBED_FAIREMAIL_FACTS)
  target_compile_definitions(mm_providers_data PUBLIC MAILMEND_EMBEDS_FAIREMAIL=1)
else()
  target_compile_definitions(mm_providers_data PUBLIC MAILMEND_EMBEDS_FAIREMAIL=0)
endif()

# Everything that runs the pipeline gets Database::embedded().
target_link_libraries(mm_audit PUBLIC mm_providers_data)
