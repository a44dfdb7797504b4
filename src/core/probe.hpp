#pragma once
// What a probe of one mail server endpoint observed: plain data, filled by src/probe (the network
// engine), turned into findings by probe::findings and rendered by src/report. No credential is
// ever part of it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"

namespace core {

// How a TCP connection to one address ended.
enum class TcpOutcome { Connected, Refused, Timeout, Unreachable };
std::string_view to_string(TcpOutcome t);
std::optional<TcpOutcome> parse_tcp_outcome(std::string_view s);

// One distinct endpoint: probed once however many accounts share it.
struct ProbeTarget {
  std::string host;
  int port = 0;
  Protocol protocol = Protocol::Unknown;  // Imap, Pop3 or Smtp
  Security security = Security::Unknown;  // what the accounts configure (or the --server URL implies)
  std::vector<std::string> accounts;      // Account::id of every account using it (empty for --server)
  std::string proxy;                      // the accounts' Endpoint::proxy: probed through it when it is SOCKS5
};

struct ProbeAddress {
  std::string address;  // "127.0.0.1", "::1"; the host name when a SOCKS proxy resolves it
  std::string family;   // "ipv4" | "ipv6" | "name" (resolved by the proxy)
  TcpOutcome tcp = TcpOutcome::Unreachable;
  std::optional<std::int64_t> connect_ms;
};

struct ProbeTls {
  std::string version;  // "TLSv1.3"
  std::string cipher;   // "TLS_AES_256_GCM_SHA384"
  std::string sni;      // the name sent as SNI (always the host, unless it is an IP address)
};

struct ProbeCertificate {
  std::string subject;            // one line, RFC 2253
  std::string issuer;             // one line, RFC 2253
  std::vector<std::string> san;   // "DNS:imap.example.net", "IP:127.0.0.1"
  std::string not_before;         // RFC 3339 UTC
  std::string not_after;          // RFC 3339 UTC
  std::int64_t days_left = 0;     // whole days from now to not_after; negative once expired
  std::string sha256;             // lower-case hex of the leaf's DER
  bool chain_trusted = false;     // verified against the system store plus --ca-file
  bool hostname_match = false;    // RFC 6125 (X509_check_host / X509_check_ip_asc)
  bool expired = false;
  bool not_yet_valid = false;
  std::string error;              // OpenSSL's verify error in words when not trusted, else empty
  // Subject and issuer of every certificate the server sent, leaf first: a TLS-inspecting
  // antivirus or proxy shows here by name.
  std::vector<std::string> chain;
};

struct ProbeTimings {
  std::optional<std::int64_t> resolve_ms;
  std::optional<std::int64_t> connect_ms;
  std::optional<std::int64_t> tls_ms;
  std::int64_t total_ms = 0;
};

// The result of an explicit --login test of one account (never the credential itself).
struct ProbeLogin {
  std::string account;  // Account::id, or the user name given for a --server probe
  bool ok = false;
  std::string code;     // the server's status code: "AUTHENTICATIONFAILED", "535 5.7.8", "534 5.7.9", "-ERR [AUTH]"
  std::string text;     // the server's last response line, control characters escaped
};

struct ProbeResult {
  std::string id;  // stable: "<protocol>:<host>:<port>:<configured security>", e.g. "imap:imap.example.net:993:tls"
  ProbeTarget target;
  std::vector<ProbeAddress> addresses;  // every address of the host, in resolver order
  bool via_proxy = false;               // connected through target.proxy (SOCKS5); false: direct
  std::string dns_error;                // non-empty: the name did not resolve (the resolver's words)
  Security observed_security = Security::Unknown;  // what the port really speaks
  bool silent = false;                  // connected, then no byte from the server within the timeout
  std::string tls_error;                // the handshake's failure in OpenSSL's words ("wrong version number")
  std::optional<ProbeTls> tls;
  std::optional<ProbeCertificate> certificate;
  std::string greeting;                 // the server's first line, control characters escaped, at most 512 bytes
  std::vector<std::string> capabilities_before_tls;
  std::vector<std::string> capabilities_after_tls;
  std::vector<std::string> auth_mechanisms;  // upper-case, as offered where the client would log in
  bool starttls_offered = false;        // STARTTLS (IMAP, SMTP) or STLS (POP3) among the capabilities
  bool starttls_injection = false;      // bytes after the STARTTLS go-ahead, before the handshake
  bool login_disabled = false;          // IMAP LOGINDISABLED before TLS
  std::string plaintext_refusal;        // the server's own words refusing authentication before TLS
  std::optional<std::int64_t> smtp_max_size;
  ProbeTimings timings;
  std::string error;                    // what ended the probe early, one line (empty when it ran to the end)
  std::vector<ProbeLogin> logins;       // only with --login
};

// "<protocol>:<host>:<port>:<security>", then "@<proxy>" when the accounts use a proxy
std::string probe_id(const ProbeTarget& t);
// The endpoint of `account` that the target is (protocol, host in any case, port, security), and
// whether it is the incoming one; nullptr when the account does not use the target.
const Endpoint* endpoint_for(const Account& account, const ProbeTarget& t, bool* incoming = nullptr);
// Whether a TCP connection to any address of the endpoint succeeded.
bool connected_anywhere(const ProbeResult& p);
// The capabilities where the accounts log in: before TLS for no encryption, after it otherwise.
const std::vector<std::string>& capabilities_at_login(const ProbeResult& p);
// "127.0.0.1 refused, ::1 timeout"
std::string address_outcomes(const ProbeResult& p);

}  // namespace core
