#pragma once
// The normalised account model that every adapter reads into.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace core {

enum class Protocol { Imap, Pop3, Smtp, Ews, Graph, Exchange, Unknown };
enum class Security { None, StartTls, Tls, Unknown };
// The ISPDB vocabulary, plus Any and Unknown.
enum class Auth { PasswordCleartext, PasswordEncrypted, OAuth2, Ntlm, Gssapi, TlsClientCert, None, Any, Unknown };

std::string_view to_string(Protocol p);
std::string_view to_string(Security s);
std::string_view to_string(Auth a);
std::optional<Protocol> parse_protocol(std::string_view s);
std::optional<Security> parse_security(std::string_view s);
std::optional<Auth> parse_auth(std::string_view s);

// Labels for people: "IMAP", "POP3", "SMTP"; "SSL/TLS", "STARTTLS", "no encryption".
std::string label_of(Protocol p);
std::string label_of(Security s);

// Protocols whose host, port and security are audited (EWS/Graph/Exchange are listed only).
bool is_host_audited(Protocol p);
// The standard port for a protocol over a security mode (993, 143, 995, 110, 465, 587).
int standard_port(Protocol p, Security s);

// Where a value came from, so that a fix can target it and a report can name it.
struct Origin {
  std::string file;         // file path, or a live-registry root such as "HKCU"
  std::string key;          // pref name, "Key\\Path\\Value name", or plist key path
  int line = 0;             // 1-based line where known, 0 otherwise
  bool is_default = false;  // absent in the file: the client's default applies
  bool operator==(const Origin&) const = default;
};

template <class T>
struct Value {
  T value{};
  Origin origin;
};

struct Endpoint {
  Protocol protocol = Protocol::Unknown;
  Value<std::string> host;
  Value<int> port;  // effective port after defaults; 0 when the protocol has none
  Value<Security> security{Security::Unknown, {}};
  Value<Auth> auth{Auth::Unknown, {}};
  Value<std::string> username;
  // The proxy the client sends this endpoint's connections through, as a URL: "socks5://host:port",
  // "socks5h://host:port" (the proxy resolves names), "socks4://host:port"; empty: direct. Set by
  // adapters that know it (Thunderbird's manual SOCKS proxy); the client-proxy finding reports it
  // in the account's findings, the probe connects through it.
  std::string proxy;
};

struct Account {
  std::string id;       // unique within one run: "<client>:<source>#<key>", see make_account_id
  std::string client;   // "thunderbird", "outlook", "applemail"
  std::string source;   // the file (or registry root) the account was read from
  std::string key;      // the client's own key, e.g. "account1"
  std::string profile;  // the client profile it belongs to, when the client has profiles
  std::string name;     // display name
  std::string email;
  std::optional<Endpoint> incoming;
  std::optional<Endpoint> outgoing;
  bool managed = false;  // owned by MDM or a provider account: reported, never fixed
  bool stale = false;    // a leftover file the client no longer reads: reported, never fixed
  bool read_only = false;  // a deployment recipe (PRF) its author edits: reported, never fixed in place
};

std::string make_account_id(std::string_view client, std::string_view source, std::string_view key);

// A typed field value as it appears in findings and edits.
using FieldValue = std::variant<std::monostate, std::string, std::int64_t, bool>;
std::string field_value_text(const FieldValue& v);

// Field names used in findings and edits: "incoming.host", "outgoing.port", ...
enum class Field { Host, Port, Security, Auth, Username };
// Where the endpoint's value of `field` came from.
const Origin& origin_of(const Endpoint& endpoint, Field field);
std::string_view to_string(Field f);
std::string field_path(bool incoming, Field f);
// Parses "incoming.port" into (incoming?, field).
std::optional<std::pair<bool, Field>> parse_field_path(std::string_view path);

}  // namespace core
