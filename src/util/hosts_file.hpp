#pragma once
// The system hosts file (/etc/hosts, %SystemRoot%\System32\drivers\etc\hosts) read as the
// resolvers read it: "address name [alias...]" per line, '#' to the end of the line is a comment,
// blanks and tabs separate fields, CRLF or LF, a UTF-8 BOM (Notepad) skipped. A line whose first
// field is not an IPv4 or IPv6 address is ignored by the resolvers, and counted here.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace util {

struct HostsMapping {
  std::string address;  // as written ("10.0.0.5", "fe80::1%eth0")
  int line = 0;         // 1-based
  bool operator==(const HostsMapping&) const = default;
};

struct HostsFile {
  // Lower-case name without a trailing dot -> every line that maps it, in file order (the first wins
  // for the resolver). At most kMaxMappingsPerName per name.
  std::map<std::string, std::vector<HostsMapping>, std::less<>> names;
  std::size_t lines = 0;
  std::size_t ignored_lines = 0;  // a first field that is no address
  int first_ignored_line = 0;
  bool names_capped = false;      // more names than kMaxNames: the rest were not kept

  const std::vector<HostsMapping>* find(std::string_view host) const;
};

inline constexpr std::size_t kMaxHostsFileBytes = 32u * 1024u * 1024u;
inline constexpr std::size_t kMaxHostsNames = 200'000;
inline constexpr std::size_t kMaxMappingsPerName = 8;

// `keep` (when given) chooses the names worth keeping (lower case, no trailing dot), so that a
// block list of a million names costs no memory when only a few mail hosts are looked up.
// Errors only for input above kMaxHostsFileBytes.
Result<HostsFile> parse_hosts(std::string_view text, const std::function<bool(std::string_view)>& keep = {});

// Reads and parses a hosts file (a regular file, never blocking, at most kMaxHostsFileBytes).
Result<HostsFile> read_hosts_file(const std::filesystem::path& path,
                                  const std::function<bool(std::string_view)>& keep = {});

// The name a host is looked up under: lower case, one trailing dot removed.
std::string hosts_key(std::string_view host);

// This machine's hosts file: /etc/hosts (macOS: /private/etc/hosts), on Windows
// %SystemRoot%\System32\drivers\etc\hosts (hosts_file_posix.cpp / hosts_file_win.cpp).
std::filesystem::path system_hosts_file();

}  // namespace util
