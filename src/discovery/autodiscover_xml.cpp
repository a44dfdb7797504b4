#include "discovery/autodiscover_xml.hpp"

#include <pugixml.hpp>

#include <array>

#include "util/text.hpp"

namespace discovery {
namespace {

std::string child_text(const pugi::xml_node& node, const char* name) {
  for (auto c : node.children()) {
    std::string_view tag = c.name();
    if (const auto colon = tag.find(':'); colon != std::string_view::npos) tag.remove_prefix(colon + 1);
    if (tag == name) return std::string(util::trim(c.text().get()));
  }
  return {};
}

std::string host_of(const std::string& url_or_host) {
  auto start = url_or_host.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  const auto end = url_or_host.find_first_of(":/?#", start);
  return util::to_lower(url_or_host.substr(start, end == std::string::npos ? std::string::npos : end - start));
}

core::Security security_of(const pugi::xml_node& protocol, int port) {
  if (util::to_lower(child_text(protocol, "SSL")) == "off" || util::to_lower(child_text(protocol, "Encryption")) == "none") {
    return core::Security::None;
  }
  constexpr std::array<int, 4> kStartTlsPorts{143, 110, 25, 587};
  for (int p : kStartTlsPorts) {
    if (p == port) return core::Security::StartTls;
  }
  return core::Security::Tls;
}

std::string username_template(const std::string& login, const std::string& address) {
  if (login.empty() || address.empty()) return {};
  if (util::to_lower(login) == util::to_lower(address)) return "%EMAILADDRESS%";
  if (util::to_lower(login) == util::to_lower(address.substr(0, address.rfind('@')))) return "%EMAILLOCALPART%";
  return {};
}

std::optional<ConfigServer> mail_server(const pugi::xml_node& protocol, const std::string& type, const std::string& address) {
  ConfigServer s;
  if (type == "imap") {
    s.protocol = core::Protocol::Imap;
  } else if (type == "pop3") {
    s.protocol = core::Protocol::Pop3;
  } else if (type == "smtp") {
    s.protocol = core::Protocol::Smtp;
  } else {
    return std::nullopt;
  }
  s.host = host_of(child_text(protocol, "Server"));
  const auto port = util::parse_int(child_text(protocol, "Port"), 1, 65535);
  if (s.host.empty() || !port) return std::nullopt;
  s.port = static_cast<int>(*port);
  s.security = security_of(protocol, s.port);
  s.auth = util::to_lower(child_text(protocol, "SPA")) == "on" ? "NTLM" : "password-cleartext";
  s.username = username_template(child_text(protocol, "LoginName"), address);
  return s;
}

}  // namespace

std::optional<AutodiscoverAnswer> parse_autodiscover(const std::string& body, const std::string& address) {
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size())) return std::nullopt;
  AutodiscoverAnswer out;
  if (auto ews = doc.select_node("//*[local-name()='EwsUrl']").node()) out.exchange_host = host_of(std::string(util::trim(ews.text().get())));
  for (const auto& hit : doc.select_nodes("//*[local-name()='Protocol']")) {
    const pugi::xml_node protocol = hit.node();
    const std::string type = util::to_lower(child_text(protocol, "Type"));
    if (auto server = mail_server(protocol, type, address)) {
      out.servers.push_back(std::move(*server));
    } else if (out.exchange_host.empty() && (type == "exch" || type == "expr")) {
      out.exchange_host = host_of(child_text(protocol, "Server"));
    }
  }
  if (out.exchange_host.empty() && out.servers.empty()) return std::nullopt;
  return out;
}

}  // namespace discovery
