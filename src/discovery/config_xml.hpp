#pragma once
// Settings that arrive as DNS records or Autodiscover XML are written as ISPDB clientConfig XML,
// so that they go through the same importer (providers::parse_client_config) as every other
// provider, and so that the cache keeps one form.
#include <string>
#include <vector>

#include "core/model.hpp"

namespace discovery {

struct ConfigServer {
  core::Protocol protocol = core::Protocol::Imap;
  std::string host;
  int port = 0;
  core::Security security = core::Security::Tls;
  std::string username;  // a template (%EMAILADDRESS%, ...); empty: not claimed
  std::string auth;      // an ISPDB authentication value; empty: not claimed
};

// A clientConfig document for `domain` with the servers in the order given (incoming and
// outgoing each keep their relative order); username and authentication only where a server
// says them.
std::string client_config_xml(const std::string& domain, const std::string& name, const std::vector<ConfigServer>& servers);

}  // namespace discovery
