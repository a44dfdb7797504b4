#include "discovery/config_xml.hpp"

#include <pugixml.hpp>
#include <sstream>

namespace discovery {
namespace {

const char* socket_type(core::Security s) {
  switch (s) {
    case core::Security::Tls: return "SSL";
    case core::Security::StartTls: return "STARTTLS";
    default: return "plain";
  }
}

}  // namespace

std::string client_config_xml(const std::string& domain, const std::string& name, const std::vector<ConfigServer>& servers) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto config = doc.append_child("clientConfig");
  config.append_attribute("version") = "1.1";
  auto provider = config.append_child("emailProvider");
  provider.append_attribute("id") = domain.c_str();
  provider.append_child("domain").text() = domain.c_str();
  provider.append_child("displayName").text() = name.c_str();
  for (const bool incoming : {true, false}) {
    for (const auto& s : servers) {
      if ((s.protocol == core::Protocol::Smtp) == incoming) continue;
      auto server = provider.append_child(incoming ? "incomingServer" : "outgoingServer");
      server.append_attribute("type") = std::string(core::to_string(s.protocol)).c_str();
      server.append_child("hostname").text() = s.host.c_str();
      server.append_child("port").text() = s.port;
      server.append_child("socketType").text() = socket_type(s.security);
      if (!s.auth.empty()) server.append_child("authentication").text() = s.auth.c_str();
      if (!s.username.empty()) server.append_child("username").text() = s.username.c_str();
    }
  }
  std::ostringstream out;
  doc.save(out, "  ");
  return out.str();
}

}  // namespace discovery
