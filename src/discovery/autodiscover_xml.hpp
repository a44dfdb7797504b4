#pragma once
// What an Exchange Autodiscover (POX, responseschema 2006a) answer says: the Exchange server, and
// the IMAP, POP3 and SMTP servers it publishes in its own <Protocol> entries. Pure: no network.
#include <optional>
#include <string>
#include <vector>

#include "discovery/config_xml.hpp"

namespace discovery {

struct AutodiscoverAnswer {
  std::string exchange_host;            // host of the EWS URL or of an EXCH/EXPR <Server>; "" if none
  std::vector<ConfigServer> servers;   // the IMAP/POP3/SMTP <Protocol> entries, in answer order
};

// nullopt when the body is not an Autodiscover answer (not XML, or neither an Exchange server nor
// a mail protocol in it). Security follows Thunderbird's reading of the answer: SSL "off" or
// Encryption "None" is plain; otherwise STARTTLS on ports 143, 110, 25 and 587, TLS on any other
// port. SPA "on" is NTLM, else password-cleartext. A <LoginName> becomes %EMAILADDRESS% or
// %EMAILLOCALPART% when it is the asked address or its local part; any other login name is not
// kept (an answer's literal user names never reach the cache).
std::optional<AutodiscoverAnswer> parse_autodiscover(const std::string& body, const std::string& address);

}  // namespace discovery
