#include "providers/ispdb.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "providers/facts.hpp"
#include "providers/xmlload.hpp"
#include "util/text.hpp"

namespace providers {
namespace fs = std::filesystem;
using detail::text_of;
using detail::XmlFile;

std::string ImportIssue::text() const {
  std::string place = file;
  if (line > 0) place += ":" + std::to_string(line);
  if (line > 0 && column > 0) place += ":" + std::to_string(column);
  return place + ": " + reason;
}

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
      warnings.push_back(xml.issue(node, what + " " + in_quotes(text) + " has an unterminated placeholder (kept as written)"));
      return;
    }
    if (!contains(kKnownPlaceholders, token)) {
      warnings.push_back(xml.issue(node, what + " " + in_quotes(text) + " uses the unknown placeholder %" + token + "%"));
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
    warnings.push_back(xml.note(node, "deprecated authentication " + in_quotes(value) + " read as " +
                                           std::string(core::to_string(mapped))));
    return mapped;
  }
  // Outgoing "no authentication" spellings of the ISPDB format.
  if (value == "client-IP-address" || value == "smtp-after-pop") return core::Auth::None;
  warnings.push_back(xml.issue(node, "unknown authentication " + in_quotes(value)));
  return core::Auth::Unknown;
}

// A port whose number does not fit its TLS mode is kept and reported (thunderbird.md §4.3).
void check_port_security(const XmlFile& xml, const pugi::xml_node& node, const ServerSpec& s,
                         std::vector<ImportIssue>& warnings) {
  if (!core::is_host_audited(s.protocol) || s.port == 0) return;
  std::string proto(core::to_string(s.protocol));
  std::string where = proto + " server uses " + std::string(socket_type_name(s.security)) + " on port " +
                      std::to_string(s.port);
  int expected = core::standard_port(s.protocol, s.security);
  // A port of the other TLS mode (993 with STARTTLS) is a contradiction; any other port may be the
  // organisation's own choice, and is only a note.
  const auto other = s.security == core::Security::Tls ? core::Security::StartTls : core::Security::Tls;
  const bool contradiction = s.port == core::standard_port(s.protocol, other);
  auto report = [&](std::string reason) {
    warnings.push_back(contradiction ? xml.issue(node, std::move(reason)) : xml.note(node, std::move(reason)));
  };
  if (s.security == core::Security::Tls && s.port != expected) {
    report(where + "; the implicit-TLS port for " + proto + " is " + std::to_string(expected));
  } else if (s.security == core::Security::StartTls && s.protocol == core::Protocol::Smtp && s.port == 25) {
    report(where + " (server-to-server relay); the submission port is 587");
  } else if (s.security == core::Security::StartTls && s.port != expected &&
             (s.protocol != core::Protocol::Smtp || contradiction)) {  // SMTP submission also runs on 25, 2525...
    report(where + "; the STARTTLS port for " + proto + " is " + std::to_string(expected));
  }
}

ServerSpec parse_server(const XmlFile& xml, const pugi::xml_node& node, bool incoming,
                        std::vector<ImportIssue>& warnings) {
  ServerSpec s;
  s.type = std::string(util::trim(node.attribute("type").value()));
  s.protocol = core::parse_protocol(util::to_lower(s.type)).value_or(core::Protocol::Unknown);
  std::string label = std::string(incoming ? "incoming " : "outgoing ") + s.type + " server";
  if (!incoming && s.type != "smtp") {
    warnings.push_back(xml.issue(node, "outgoing server type " + in_quotes(s.type) + " is not smtp"));
  } else if (incoming && !contains(kIncomingTypes, s.type)) {
    warnings.push_back(xml.issue(node, "unknown incoming server type " + in_quotes(s.type)));
  }
  if (incoming && s.type == "exchange") {
    warnings.push_back(xml.note(node, "legacy incoming server type \"exchange\" (owaURL/ewsURL) kept as listed"));
  }

  s.hostname = text_of(node.child("hostname"));
  s.username = text_of(node.child("username"));
  s.url = text_of(node.child("url"));
  if (s.url.empty() && node.child("ewsURL")) s.url = text_of(node.child("ewsURL"));

  bool url_only = node.child("url") && !node.child("hostname");
  if (url_only) {
    warnings.push_back(xml.note(node, label + " has only a <url>, no hostname, port or socketType"));
    s.security = s.url.rfind("https:", 0) == 0 ? core::Security::Tls
                 : s.url.rfind("http:", 0) == 0 ? core::Security::None
                                                : core::Security::Unknown;
  } else if (!node.child("hostname") || s.hostname.empty()) {
    warnings.push_back(xml.issue(node, label + " has no <hostname>"));
  }

  if (auto port = node.child("port")) {
    auto value = util::parse_int(text_of(port), 1, 65535);
    if (value) {
      s.port = static_cast<int>(*value);
    } else {
      warnings.push_back(xml.issue(port, "port " + in_quotes(text_of(port)) + " is not a number in 1..65535"));
    }
  } else if (!url_only) {
    warnings.push_back(xml.issue(node, label + " has no <port>"));
  }

  auto socket = node.child("socketType");
  if (socket) {
    if (auto sec = parse_socket_type(text_of(socket))) {
      s.security = *sec;
    } else {
      warnings.push_back(xml.issue(socket, "unknown socketType " + in_quotes(text_of(socket))));
    }
    if (socket.next_sibling("socketType")) {
      warnings.push_back(xml.issue(socket.next_sibling("socketType"),
                                   "several <socketType> elements; the first (" + in_quotes(text_of(socket)) + ") is used"));
    }
  } else if (!url_only) {
    warnings.push_back(xml.issue(node, label + " has no <socketType> (security unknown)"));
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
    warnings.push_back(xml.issue(node, "empty <domain> ignored"));
  } else if (!is_domain_text(domain)) {
    warnings.push_back(xml.issue(node, "<domain> " + in_quotes(domain) + " is not a domain name (ignored)"));
  } else if (std::find(p.domains.begin(), p.domains.end(), domain) != p.domains.end()) {
    warnings.push_back(xml.note(node, "domain " + in_quotes(domain) + " is listed twice in this file (kept once)"));
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
      warnings.push_back(xml.issue(child, "unknown element <displayNameShort> ignored (a typo for <displayShortName>?)"));
    } else if (!contains(kProviderElements, name)) {
      warnings.push_back(xml.issue(child, "unknown element <" + util::printable(name, 60) + "> ignored"));
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
    return util::make_error(xml.issue(root, "root element is <" + util::printable(root.name(), 60) +
                                                ">, not <clientConfig>").text());
  }
  auto ep = root.child("emailProvider");
  if (!ep) return util::make_error(xml.issue(root, "no <emailProvider> element").text());
  if (auto extra = ep.next_sibling("emailProvider")) {
    out.warnings.push_back(xml.issue(extra, "more than one <emailProvider>; only the first is read"));
  }

  Provider& p = out.provider;
  p.id = file_stem(file);
  p.source = fs::path(file).filename().string();
  std::string id_attr(util::trim(ep.attribute("id").value()));
  if (check_file_name && id_attr != p.id) {
    out.warnings.push_back(xml.issue(ep, "emailProvider id " + in_quotes(id_attr) + " differs from the file name " + in_quotes(p.id)));
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
      if (ec) result.errors.push_back({input.string(), 0, "cannot list the folder: " + ec.message()});
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(input, ec)) {
      files.push_back(input);
    } else {
      result.errors.push_back({input.string(), 0, "no such file or folder"});
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
      parsed.warnings.push_back({file, 0, "domain \"" + d + "\" is already provided by " + it->second + " (kept there)"});
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
      result.errors.push_back(ImportIssue::from_text(file, bytes.error().message));
      continue;
    }
    if (is_facts_document(*bytes)) {
      fact_files.emplace_back(file, std::move(*bytes));
      continue;
    }
    auto parsed = parse_client_config(*bytes, file, true);
    if (!parsed) {
      result.errors.push_back(ImportIssue::from_text(file, parsed.error().message));
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
