#include "providers/ispdb.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "i18n/text.hpp"
#include "providers/facts.hpp"
#include "providers/xmlload.hpp"
#include "util/text.hpp"

namespace providers {
namespace fs = std::filesystem;
using detail::text_of;
using detail::XmlFile;

ImportIssue ImportIssue::of(std::string file, int line, const i18n::Text& reason, bool harmless) {
  return ImportIssue{std::move(file), line, reason.english, 0, harmless, reason.localized};
}

namespace {

// "file:line:column", "file:line" or "file".
std::string issue_place(const ImportIssue& issue) {
  std::string place = issue.file;
  if (issue.line > 0) place += ":" + std::to_string(issue.line);
  if (issue.line > 0 && issue.column > 0) place += ":" + std::to_string(issue.column);
  return place;
}

}  // namespace

i18n::Text ImportIssue::message() const {
  i18n::Text why(reason);
  if (!reason_localized.empty()) why.localized = reason_localized;
  return i18n::msg("{1}: {2}", {issue_place(*this), why});
}

std::string ImportIssue::text() const { return message().english; }

ImportIssue ImportIssue::from_text(const std::string& file, const std::string& message) {
  ImportIssue issue{file, 0, message, 0};
  if (message.rfind(file + ":", 0) != 0) return issue;
  std::string rest = message.substr(file.size() + 1);
  auto take_number = [&rest](int& out) {
    auto colon = rest.find(':');
    if (colon == std::string::npos) return false;
    auto n = util::parse_int(rest.substr(0, colon), 1, 1'000'000'000);
    if (!n) return false;
    out = static_cast<int>(*n);
    rest = rest.substr(colon + 1);
    return true;
  };
  if (take_number(issue.line)) take_number(issue.column);
  issue.reason = std::string(util::trim(rest));
  return issue;
}

ImportIssue ImportIssue::from_error(const std::string& file, const util::Error& error) {
  ImportIssue issue = from_text(file, error.message);
  const std::string place = issue_place(issue);
  for (const std::string separator : {"：", ": "}) {
    if (error.localized.starts_with(place + separator)) issue.reason_localized = error.localized.substr(place.size() + separator.size());
  }
  return issue;
}

std::size_t ImportResult::domain_count() const {
  std::size_t n = 0;
  for (const auto& p : providers) n += p.domains.size();
  return n;
}
std::size_t ImportResult::incoming_count() const {
  std::size_t n = 0;
  for (const auto& p : providers) n += p.incoming.size();
  return n;
}
std::size_t ImportResult::outgoing_count() const {
  std::size_t n = 0;
  for (const auto& p : providers) n += p.outgoing.size();
  return n;
}

namespace {

constexpr std::array kKnownPlaceholders{"EMAILADDRESS", "EMAILLOCALPART", "EMAILDOMAIN", "REALNAME"};
constexpr std::array kProviderElements{"domain",    "displayName",  "displayShortName", "incomingServer",
                                       "outgoingServer", "documentation", "enable", "instruction",
                                       "instructions", "inputField", "addressBook", "calendar", "fileShare"};
constexpr std::array kIncomingTypes{"imap", "pop3", "ews", "owa", "graph", "exchange", "nntp", "jmap", "activeSync"};

template <std::size_t N>
bool contains(const std::array<const char*, N>& names, std::string_view s) {
  return std::any_of(names.begin(), names.end(), [&](const char* n) { return s == n; });
}

std::string in_quotes(std::string_view s) { return "\"" + util::printable(s, 120) + "\""; }

// Placeholders are kept as templates; unknown or unterminated ones are reported, never fixed.
void check_placeholders(const XmlFile& xml, const pugi::xml_node& node, const std::string& what,
                        const std::string& text, std::vector<ImportIssue>& warnings) {
  for (std::size_t i = text.find('%'); i != std::string::npos; i = text.find('%', i)) {
    std::size_t j = text.find('%', i + 1);
    std::string token = j == std::string::npos ? text.substr(i + 1) : text.substr(i + 1, j - i - 1);
    bool word = !token.empty() && std::all_of(token.begin(), token.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || c == '_';
    });
    if (j == std::string::npos || !word) {
      warnings.push_back(xml.issue(node, i18n::msg("{1} {2} has an unterminated placeholder (kept as written)", {what, in_quotes(text)})));
      return;
    }
    if (!contains(kKnownPlaceholders, token)) {
      warnings.push_back(xml.issue(node, i18n::msg("{1} {2} uses the unknown placeholder %{3}%", {what, in_quotes(text), token})));
    }
    i = j + 1;
  }
}

std::optional<core::Security> parse_socket_type(std::string_view s) {
  if (util::iequals(s, "SSL")) return core::Security::Tls;
  if (util::iequals(s, "STARTTLS")) return core::Security::StartTls;
  if (util::iequals(s, "plain")) return core::Security::None;
  return std::nullopt;
}

std::string_view socket_type_name(core::Security s) {
  return s == core::Security::Tls ? "SSL" : s == core::Security::StartTls ? "STARTTLS" : "plain";
}

core::Auth parse_auth_value(const XmlFile& xml, const pugi::xml_node& node, const std::string& value,
                            std::vector<ImportIssue>& warnings) {
  if (auto a = core::parse_auth(value); a && *a != core::Auth::Any && *a != core::Auth::Unknown) return *a;
  if (value == "plain" || value == "secure") {
    auto mapped = value == "plain" ? core::Auth::PasswordCleartext : core::Auth::PasswordEncrypted;
    warnings.push_back(xml.note(node, i18n::msg("deprecated authentication {1} read as {2}",
                                                     {in_quotes(value), std::string(core::to_string(mapped))})));
    return mapped;
  }
  // Outgoing "no authentication" spellings of the ISPDB format.
  if (value == "client-IP-address" || value == "smtp-after-pop") return core::Auth::None;
  warnings.push_back(xml.issue(node, i18n::msg("unknown authentication {1}", {in_quotes(value)})));
  return core::Auth::Unknown;
}

// A port whose number does not fit its TLS mode is kept and reported (thunderbird.md §4.3).
void check_port_security(const XmlFile& xml, const pugi::xml_node& node, const ServerSpec& s,
                         std::vector<ImportIssue>& warnings) {
  if (!core::is_host_audited(s.protocol) || s.port == 0) return;
  const std::string proto(core::to_string(s.protocol));
  const std::string socket_type(socket_type_name(s.security));
  const std::string port = std::to_string(s.port);
  int expected = core::standard_port(s.protocol, s.security);
  // A port of the other TLS mode (993 with STARTTLS) is a contradiction; any other port may be the
  // organisation's own choice, and is only a note.
  const auto other = s.security == core::Security::Tls ? core::Security::StartTls : core::Security::Tls;
  const bool contradiction = s.port == core::standard_port(s.protocol, other);
  auto report = [&](const i18n::Text& reason) {
    warnings.push_back(contradiction ? xml.issue(node, reason) : xml.note(node, reason));
  };
  if (s.security == core::Security::Tls && s.port != expected) {
    report(i18n::msg("{1} server uses {2} on port {3}; the implicit-TLS port for {1} is {4}",
                     {proto, socket_type, port, std::to_string(expected)}));
  } else if (s.security == core::Security::StartTls && s.protocol == core::Protocol::Smtp && s.port == 25) {
    report(i18n::msg("{1} server uses {2} on port {3} (server-to-server relay); the submission port is 587",
                     {proto, socket_type, port}));
  } else if (s.security == core::Security::StartTls && s.port != expected &&
             (s.protocol != core::Protocol::Smtp || contradiction)) {  // SMTP submission also runs on 25, 2525...
    report(i18n::msg("{1} server uses {2} on port {3}; the STARTTLS port for {1} is {4}",
                     {proto, socket_type, port, std::to_string(expected)}));
  }
}

ServerSpec parse_server(const XmlFile& xml, const pugi::xml_node& node, bool incoming,
                        std::vector<ImportIssue>& warnings) {
  ServerSpec s;
  s.type = std::string(util::trim(node.attribute("type").value()));
  s.protocol = core::parse_protocol(util::to_lower(s.type)).value_or(core::Protocol::Unknown);
  const i18n::Text label = incoming ? i18n::msg("incoming {1} server", {s.type}) : i18n::msg("outgoing {1} server", {s.type});
  if (!incoming && s.type != "smtp") {
    warnings.push_back(xml.issue(node, i18n::msg("outgoing server type {1} is not smtp", {in_quotes(s.type)})));
  } else if (incoming && !contains(kIncomingTypes, s.type)) {
    warnings.push_back(xml.issue(node, i18n::msg("unknown incoming server type {1}", {in_quotes(s.type)})));
  }
  if (incoming && s.type == "exchange") {
    warnings.push_back(xml.note(node, i18n::msg("legacy incoming server type \"exchange\" (owaURL/ewsURL) kept as listed")));
  }

  s.hostname = text_of(node.child("hostname"));
  s.username = text_of(node.child("username"));
  s.url = text_of(node.child("url"));
  if (s.url.empty() && node.child("ewsURL")) s.url = text_of(node.child("ewsURL"));

  bool url_only = node.child("url") && !node.child("hostname");
  if (url_only) {
    warnings.push_back(xml.note(node, i18n::msg("{1} has only a <url>, no hostname, port or socketType", {label})));
    s.security = s.url.rfind("https:", 0) == 0 ? core::Security::Tls
                 : s.url.rfind("http:", 0) == 0 ? core::Security::None
                                                : core::Security::Unknown;
  } else if (!node.child("hostname") || s.hostname.empty()) {
    warnings.push_back(xml.issue(node, i18n::msg("{1} has no <hostname>", {label})));
  }

  if (auto port = node.child("port")) {
    auto value = util::parse_int(text_of(port), 1, 65535);
    if (value) {
      s.port = static_cast<int>(*value);
    } else {
      warnings.push_back(xml.issue(port, i18n::msg("port {1} is not a number in 1..65535", {in_quotes(text_of(port))})));
    }
  } else if (!url_only) {
    warnings.push_back(xml.issue(node, i18n::msg("{1} has no <port>", {label})));
  }

  auto socket = node.child("socketType");
  if (socket) {
    if (auto sec = parse_socket_type(text_of(socket))) {
      s.security = *sec;
    } else {
      warnings.push_back(xml.issue(socket, i18n::msg("unknown socketType {1}", {in_quotes(text_of(socket))})));
    }
    if (socket.next_sibling("socketType")) {
      warnings.push_back(xml.issue(socket.next_sibling("socketType"),
                                   i18n::msg("several <socketType> elements; the first ({1}) is used",
                                             {in_quotes(text_of(socket))})));
    }
  } else if (!url_only) {
    warnings.push_back(xml.issue(node, i18n::msg("{1} has no <socketType> (security unknown)", {label})));
  }

  for (auto auth : node.children("authentication")) s.auths.push_back(parse_auth_value(xml, auth, text_of(auth), warnings));
  check_placeholders(xml, node.child("hostname"), "hostname", s.hostname, warnings);
  check_placeholders(xml, node.child("username"), "username", s.username, warnings);
  check_port_security(xml, socket ? socket : node, s, warnings);
  return s;
}

void read_domain(const XmlFile& xml, const pugi::xml_node& node, Provider& p, std::vector<ImportIssue>& warnings) {
  std::string domain = util::to_lower(text_of(node));
  if (domain.empty()) {
    warnings.push_back(xml.issue(node, i18n::msg("empty <domain> ignored")));
  } else if (!is_domain_text(domain)) {
    warnings.push_back(xml.issue(node, i18n::msg("<domain> {1} is not a domain name (ignored)", {in_quotes(domain)})));
  } else if (std::find(p.domains.begin(), p.domains.end(), domain) != p.domains.end()) {
    warnings.push_back(xml.note(node, i18n::msg("domain {1} is listed twice in this file (kept once)", {in_quotes(domain)})));
  } else {
    p.domains.push_back(domain);
  }
}

void read_enable(const pugi::xml_node& node, Provider& p) {
  p.imap_must_be_enabled = true;
  p.notes.push_back({"imap_must_be_enabled", "true",
                     "ISPDB <enable visiturl=\"" + util::printable(node.attribute("visiturl").value()) + "\">", ""});
}

void read_provider_children(const XmlFile& xml, const pugi::xml_node& ep, Provider& p, std::vector<ImportIssue>& warnings) {
  for (auto child : ep.children()) {
    if (child.type() != pugi::node_element) continue;
    std::string_view name = child.name();
    if (name == "domain") {
      read_domain(xml, child, p, warnings);
    } else if (name == "displayName") {
      if (p.name.empty()) p.name = text_of(child);
    } else if (name == "displayShortName") {
      if (p.short_name.empty()) p.short_name = text_of(child);
    } else if (name == "incomingServer") {
      p.incoming.push_back(parse_server(xml, child, true, warnings));
    } else if (name == "outgoingServer") {
      p.outgoing.push_back(parse_server(xml, child, false, warnings));
    } else if (name == "documentation") {
      if (p.documentation_url.empty()) p.documentation_url = std::string(util::trim(child.attribute("url").value()));
    } else if (name == "enable") {
      read_enable(child, p);
    } else if (name == "displayNameShort") {
      warnings.push_back(xml.issue(child, i18n::msg("unknown element <displayNameShort> ignored (a typo for <displayShortName>?)")));
    } else if (!contains(kProviderElements, name)) {
      warnings.push_back(xml.issue(child, i18n::msg("unknown element <{1}> ignored", {util::printable(name, 60)})));
    }
  }
}

std::string file_stem(const std::string& file) {
  std::string name = fs::path(file).filename().string();
  if (name.size() > 4 && util::ends_with_icase(name, ".xml")) name.resize(name.size() - 4);
  return name;
}

}  // namespace

util::Result<ParsedConfig> parse_client_config(const std::string& bytes, const std::string& file, bool check_file_name) {
  ParsedConfig out;
  auto loaded = detail::load_xml(bytes, file, out.warnings);
  if (!loaded) return loaded.error();
  const XmlFile& xml = **loaded;
  auto root = xml.doc.document_element();
  if (std::string_view(root.name()) != "clientConfig") {
    return i18n::error(
        xml.issue(root, i18n::msg("root element is <{1}>, not <clientConfig>", {util::printable(root.name(), 60)})).message());
  }
  auto ep = root.child("emailProvider");
  if (!ep) return i18n::error(xml.issue(root, i18n::msg("no <emailProvider> element")).message());
  if (auto extra = ep.next_sibling("emailProvider")) {
    out.warnings.push_back(xml.issue(extra, i18n::msg("more than one <emailProvider>; only the first is read")));
  }

  Provider& p = out.provider;
  p.id = file_stem(file);
  p.source = fs::path(file).filename().string();
  std::string id_attr(util::trim(ep.attribute("id").value()));
  if (check_file_name && id_attr != p.id) {
    out.warnings.push_back(xml.issue(ep, i18n::msg("emailProvider id {1} differs from the file name {2}", {in_quotes(id_attr), in_quotes(p.id)})));
  }
  read_provider_children(xml, ep, p, out.warnings);
  for (auto enable : root.children("enable")) read_enable(enable, p);
  if (p.name.empty()) p.name = id_attr.empty() ? p.id : id_attr;
  return out;
}

namespace {

void collect_files(const std::vector<fs::path>& inputs, std::vector<fs::path>& files, ImportResult& result) {
  for (const auto& input : inputs) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      std::vector<fs::path> found;
      for (fs::directory_iterator it(input, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().extension() == ".xml" && it->is_regular_file(ec)) found.push_back(it->path());
      }
      if (ec) result.errors.push_back(ImportIssue::of(input.string(), 0, i18n::msg("cannot list the folder: {1}", {ec.message()})));
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(input, ec)) {
      files.push_back(input);
    } else {
      result.errors.push_back(ImportIssue::of(input.string(), 0, i18n::msg("no such file or folder")));
    }
  }
}

std::string unique_id(const std::string& wanted, const std::set<std::string>& taken) {
  if (!taken.count(wanted)) return wanted;
  for (int n = 2;; ++n) {
    std::string candidate = wanted + "~" + std::to_string(n);
    if (!taken.count(candidate)) return candidate;
  }
}

// Adds a parsed provider; a domain that an earlier file already holds stays with that file.
void add_provider(ParsedConfig parsed, const std::string& file, ImportResult& result,
                  std::map<std::string, std::string>& domain_owner, std::set<std::string>& ids) {
  Provider& p = parsed.provider;
  p.id = unique_id(p.id, ids);
  ids.insert(p.id);
  std::vector<std::string> kept;
  for (auto& d : p.domains) {
    auto [it, inserted] = domain_owner.emplace(d, file);
    if (inserted) {
      kept.push_back(d);
    } else {
      parsed.warnings.push_back(
          ImportIssue::of(file, 0, i18n::msg("domain \"{1}\" is already provided by {2} (kept there)", {d, it->second})));
    }
  }
  p.domains = std::move(kept);
  result.providers.push_back(std::move(p));
  result.warnings.insert(result.warnings.end(), parsed.warnings.begin(), parsed.warnings.end());
}

}  // namespace

ImportResult import_ispdb(const std::vector<fs::path>& dirs_or_files) {
  ImportResult result;
  std::vector<fs::path> files;
  collect_files(dirs_or_files, files, result);

  std::map<std::string, std::string> domain_owner;
  std::set<std::string> ids;
  std::vector<std::pair<std::string, std::string>> fact_files;  // applied after every ISPDB file
  for (const auto& path : files) {
    std::string file = path.string();
    auto bytes = detail::read_xml_bytes(file);
    if (!bytes) {
      result.errors.push_back(ImportIssue::from_error(file, bytes.error()));
      continue;
    }
    if (is_facts_document(*bytes)) {
      fact_files.emplace_back(file, std::move(*bytes));
      continue;
    }
    auto parsed = parse_client_config(*bytes, file, true);
    if (!parsed) {
      result.errors.push_back(ImportIssue::from_error(file, parsed.error()));
      continue;
    }
    ++result.files_read;
    add_provider(std::move(*parsed), file, result, domain_owner, ids);
  }
  for (const auto& [file, bytes] : fact_files) {
    if (apply_facts(bytes, file, result)) ++result.files_read;
  }
  return result;
}

}  // namespace providers
