# Dependencies of the Windows cross build (mingw-w64), included by CMakeLists.txt instead of the
# native find_package calls. scripts/build-windows passes the variables below.
#
# Compiled libraries: static mingw-w64 builds from Debian's source packages, one prefix each
# (scripts/build-windows-deps --prefixes). Each prefix becomes a find root, so find_package and
# pkg-config see these and nothing of the build machine's own /usr.
# Header-only libraries (CLI11, nlohmann-json, utfcpp, doctest): Debian's -dev packages of the build
# machine, reached through a private folder of symbolic links (build-windows/host-headers), never
# through /usr/include itself, which would put Linux's C headers before mingw's.
set(MAILMEND_MINGW_PREFIXES "" CACHE STRING
    "name=prefix pairs of the static mingw-w64 libraries (scripts/build-windows-deps --prefixes)")
set(MAILMEND_HOST_INCLUDE_DIR /usr/include CACHE PATH
    "Where the build machine keeps the header-only libraries (Debian's -dev packages)")

# A library rebuilt with other options gets a new prefix (its cache entry is named by a hash of its
# build): what CMakeCache.txt remembers of the old prefixes (find_package and find_library results,
# pkg-config's answers) is forgotten, or an existing build folder would go on linking the old build.
set(replaced_prefixes "")
foreach(pair IN LISTS MAILMEND_MINGW_PREFIXES_USED)
  if(NOT pair IN_LIST MAILMEND_MINGW_PREFIXES)
    string(REGEX REPLACE "^[^=]*=" "" old_prefix "${pair}")
    list(APPEND replaced_prefixes "${old_prefix}")
  endif()
endforeach()
if(replaced_prefixes)
  get_cmake_property(cached_variables CACHE_VARIABLES)
  list(FILTER cached_variables EXCLUDE REGEX "^MAILMEND_MINGW_PREFIXES")
  foreach(variable IN LISTS cached_variables)
    get_property(value CACHE ${variable} PROPERTY VALUE)
    set(stale OFF)
    if(variable MATCHES "^__pkg_config_checked_")
      set(stale ON)
    endif()
    foreach(old_prefix IN LISTS replaced_prefixes)
      string(FIND "${value}" "${old_prefix}" at)
      if(at GREATER -1)
        set(stale ON)
      endif()
    endforeach()
    if(stale)
      unset(${variable} CACHE)
    endif()
  endforeach()
endif()
set(MAILMEND_MINGW_PREFIXES_USED "${MAILMEND_MINGW_PREFIXES}" CACHE INTERNAL "the prefixes CMakeCache.txt's find results come from")

set(pkg_config_dirs "")
foreach(pair IN LISTS MAILMEND_MINGW_PREFIXES)
  if(NOT pair MATCHES "^([A-Za-z0-9_.+-]+)=(.+)$")
    message(FATAL_ERROR "MAILMEND_MINGW_PREFIXES: '${pair}' is not name=prefix")
  endif()
  set(MAILMEND_PREFIX_${CMAKE_MATCH_1} ${CMAKE_MATCH_2})
  list(APPEND CMAKE_FIND_ROOT_PATH ${CMAKE_MATCH_2})
  list(APPEND pkg_config_dirs ${CMAKE_MATCH_2}/lib/pkgconfig)
endforeach()
set(required_prefixes sqlite3 pugixml sqlitecpp openssl libplist)
if(MAILMEND_TESTS)
  list(APPEND required_prefixes utf8proc)
endif()
if(MAILMEND_DISCOVERY_NETWORK)
  list(APPEND required_prefixes curl c-ares)
endif()
foreach(required IN LISTS required_prefixes)
  if(NOT MAILMEND_PREFIX_${required})
    message(FATAL_ERROR "Windows build: no prefix for ${required} in MAILMEND_MINGW_PREFIXES "
                        "(run scripts/build-windows, which passes scripts/build-windows-deps --prefixes)")
  endif()
endforeach()
# pkg-config reads only the prefixes' .pc files (LIBDIR replaces the default search path).
string(REPLACE ";" ":" pkg_config_libdir "${pkg_config_dirs}")
set(ENV{PKG_CONFIG_LIBDIR} "${pkg_config_libdir}")
set(ENV{PKG_CONFIG_PATH} "")

find_package(PkgConfig REQUIRED)
find_package(pugixml REQUIRED)
set(SQLite3_INCLUDE_DIR ${MAILMEND_PREFIX_sqlite3}/include)
set(SQLite3_LIBRARY ${MAILMEND_PREFIX_sqlite3}/lib/libsqlite3.a)
find_package(SQLiteCpp REQUIRED)
set(OPENSSL_USE_STATIC_LIBS TRUE)  # FindOpenSSL then adds ws2_32 and crypt32
set(OPENSSL_ROOT_DIR ${MAILMEND_PREFIX_openssl})
find_package(OpenSSL REQUIRED)
pkg_check_modules(PLIST REQUIRED IMPORTED_TARGET libplist-2.0)
# utf8proc (the tests' reference for util::char_width's table): a static library, so its header
# must not ask for a DLL import.
if(MAILMEND_TESTS)
  pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
  target_compile_definitions(PkgConfig::UTF8PROC INTERFACE UTF8PROC_STATIC)
endif()

set(host_headers ${CMAKE_BINARY_DIR}/host-headers)
file(MAKE_DIRECTORY ${host_headers})
foreach(dir CLI nlohmann utf8cpp doctest)
  if(NOT EXISTS ${MAILMEND_HOST_INCLUDE_DIR}/${dir})
    message(FATAL_ERROR "Windows build: ${MAILMEND_HOST_INCLUDE_DIR}/${dir} is missing "
                        "(Debian packages libcli11-dev nlohmann-json3-dev libutfcpp-dev doctest-dev)")
  endif()
  file(CREATE_LINK ${MAILMEND_HOST_INCLUDE_DIR}/${dir} ${host_headers}/${dir} SYMBOLIC)
endforeach()
foreach(target CLI11::CLI11 nlohmann_json::nlohmann_json utf8cpp doctest::doctest)
  add_library(${target} INTERFACE IMPORTED)
  target_include_directories(${target} INTERFACE ${host_headers})
endforeach()
# Standalone Asio (libasio-dev, header-only) for the probe: Winsock and its extensions.
foreach(entry asio asio.hpp)
  if(NOT EXISTS ${MAILMEND_HOST_INCLUDE_DIR}/${entry})
    message(FATAL_ERROR "Windows build: ${MAILMEND_HOST_INCLUDE_DIR}/${entry} is missing (Debian package libasio-dev)")
  endif()
  file(CREATE_LINK ${MAILMEND_HOST_INCLUDE_DIR}/${entry} ${host_headers}/${entry} SYMBOLIC)
endforeach()
add_library(asio::asio INTERFACE IMPORTED)
target_include_directories(asio::asio INTERFACE ${host_headers})
target_link_libraries(asio::asio INTERFACE ws2_32 mswsock)

# hivex: scripts/build-windows-deps builds libhivex.a for mingw-w64 and prints it as
# "hivex=<prefix>" (no .pc file). Without that prefix only hivex.h is borrowed from the build
# machine, so everything compiles and only what links mm_outlook fails (undefined hivex_* symbols).
add_library(PkgConfig::HIVEX INTERFACE IMPORTED)
if(MAILMEND_PREFIX_hivex)
  target_include_directories(PkgConfig::HIVEX INTERFACE ${MAILMEND_PREFIX_hivex}/include)
  target_link_libraries(PkgConfig::HIVEX INTERFACE ${MAILMEND_PREFIX_hivex}/lib/libhivex.a)
else()
  message(WARNING "Windows build: no hivex prefix (scripts/build-windows-deps has not built hivex): "
                  "mm_outlook compiles but anything linking it fails on hivex_* symbols")
  file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/hivex-header-only)
  file(CREATE_LINK ${MAILMEND_HOST_INCLUDE_DIR}/hivex.h ${CMAKE_BINARY_DIR}/hivex-header-only/hivex.h SYMBOLIC)
  target_include_directories(PkgConfig::HIVEX INTERFACE ${CMAKE_BINARY_DIR}/hivex-header-only)
endif()

if(MAILMEND_TESTS)
  find_package(tinyxml2 REQUIRED)
endif()

# One file to copy: libgcc, libstdc++ and winpthread linked in, so the only imports are Windows
# system DLLs (scripts/check-windows-imports checks the import table).
add_link_options(-static -static-libgcc -static-libstdc++ $<$<CONFIG:Release>:-s>)
# Release at -O2 like the Linux build (RelWithDebInfo): at -O3, GCC 12 warns -Wrestrict inside
# libstdc++'s `"literal" + std::string&&` (GCC bug 105651), which -Werror turns into a failure.
set(CMAKE_CXX_FLAGS_RELEASE "-O2 -DNDEBUG")
set(CMAKE_C_FLAGS_RELEASE "-O2 -DNDEBUG")
add_compile_definitions(_WIN32_WINNT=0x0601)
