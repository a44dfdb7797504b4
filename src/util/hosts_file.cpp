#include "util/hosts_file.hpp"

#include "util/error_text.hpp"
#include "util/file.hpp"
#include "util/ip_address.hpp"
#include "util/text.hpp"

namespace util {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }

// The blank-separated fields of one line, up to its comment.
std::vector<std::string_view> fields_of(std::string_view line) {
  line = line.substr(0, line.find('#'));
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_blank(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

}  // namespace

std::string hosts_key(std::string_view host) {
  std::string key = to_lower(host);
  if (!key.empty() && key.back() == '.') key.pop_back();
  return key;
}

const std::vector<HostsMapping>* HostsFile::find(std::string_view host) const {
  auto it = names.find(hosts_key(host));
  return it == names.end() ? nullptr : &it->second;
}

Result<HostsFile> parse_hosts(std::string_view text, const std::function<bool(std::string_view)>& keep) {
  if (text.size() > kMaxHostsFileBytes) {
    return error_from("larger than {1} MB, refused", {std::to_string(kMaxHostsFileBytes / (1024 * 1024))});
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  HostsFile out;
  std::size_t kept = 0;
  int number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++number;
    const auto fields = fields_of(line);
    if (fields.empty()) continue;
    if (!parse_ip_address(fields[0])) {
      if (++out.ignored_lines == 1) out.first_ignored_line = number;
      continue;
    }
    for (std::size_t i = 1; i < fields.size(); ++i) {
      std::string key = hosts_key(fields[i]);
      if (key.empty() || (keep && !keep(key))) continue;
      auto it = out.names.find(key);
      if (it == out.names.end()) {
        if (kept == kMaxHostsNames) {
          out.names_capped = true;
          continue;
        }
        ++kept;
        it = out.names.emplace(std::move(key), std::vector<HostsMapping>{}).first;
      }
      if (it->second.size() < kMaxMappingsPerName) it->second.push_back({std::string(fields[0]), number});
    }
  }
  out.lines = static_cast<std::size_t>(number);
  return out;
}

Result<HostsFile> read_hosts_file(const std::filesystem::path& path, const std::function<bool(std::string_view)>& keep) {
  auto bytes = read_file(path, kMaxHostsFileBytes);
  if (!bytes) return bytes.error();
  auto parsed = parse_hosts(*bytes, keep);
  if (!parsed) return error_from("{1}: {2}", {path.string(), parsed.error()});
  return parsed;
}

}  // namespace util
