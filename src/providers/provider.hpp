#pragma once
// What is correct for a mail domain: the provider model the rules compare accounts against.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.hpp"

namespace providers {

struct ServerSpec {
  core::Protocol protocol = core::Protocol::Unknown;
  std::string hostname;  // may hold placeholders such as %EMAILDOMAIN%
  int port = 0;
  core::Security security = core::Security::Unknown;
  std::vector<core::Auth> auths;  // preference order
  std::string username;           // template: %EMAILADDRESS%, %EMAILLOCALPART%, ...
  std::string url;                // for URL-based protocols (ews, graph)
  std::string type;               // the ISPDB type attribute as written ("imap", "owa", ...)
  // True for a server the provider also accepts but does not recommend (data/overrides
  // <acceptedServer>): an account that uses it works, so it is never an error to fix. The ISPDB
  // lists recommended servers only.
  bool accepted = false;
  // Username templates the server also accepts beside `username` (data/overrides
  // <acceptedUsername>), e.g. iCloud IMAP takes the full address when the local part fails.
  std::vector<std::string> accepted_usernames;
  std::string source;  // where an accepted server or username form is documented (empty for the ISPDB)
  // No source confirms this server (data marked unverified="true"). Not stored in the database:
  // the rules fill it from the provider's notes (is_unverified_server) when they expand the servers.
  bool unverified = false;
};

// A host the provider no longer serves, and what replaced it.
struct RetiredHost {
  std::string host;
  std::string replacement;
  std::string since;  // e.g. "2024-09"
  std::string note;
};

// An MX host name that reveals the provider behind a company domain (data/overrides <mxHost>):
// "mxbiz1.qq.com" names Tencent Exmail although the host is under qq.com. A pattern is a host
// name, or "*." and a suffix that matches any host with one or more labels before it.
struct MxHost {
  std::string pattern;
  std::string service;  // what the MX reveals ("Google Workspace"); the provider's name when empty
};

// Where a fact the ISPDB lacks comes from (data/overrides, a policy file, an ISPDB element).
struct FactNote {
  std::string fact;  // "oauth2_only", "retired_host", "server", "domain", ...
  std::string value;
  std::string source;
  std::string last_checked;
};

struct Provider {
  std::string id;
  std::string name;
  std::vector<std::string> domains;      // lower-cased email domains
  std::vector<ServerSpec> incoming;      // provider preference order
  std::vector<ServerSpec> outgoing;
  bool oauth2_only = false;              // password login refused for IMAP/POP/SMTP
  // ISO date from which oauth2_only covers SMTP too ("" = it already does): until then SMTP still
  // takes a password (Microsoft 365 SMTP AUTH: off by default from the end of December 2026).
  std::string oauth2_only_smtp_from;
  bool app_password_required = false;    // app password / authorisation code instead of the web password
  bool imap_must_be_enabled = false;     // IMAP/POP must be switched on in webmail first
  std::vector<RetiredHost> retired;
  std::vector<MxHost> mx_hosts;          // MX host names that reveal this provider
  std::string documentation_url;
  std::string last_checked;  // ISO date
  std::string origin;        // "embedded", a database path, or "policy:<file>"
  std::string short_name;    // ISPDB displayShortName
  std::string source;        // the data files it was built from, e.g. "hotmail.com.xml + microsoft.xml"
  std::vector<FactNote> notes;  // provenance of the facts the ISPDB lacks
};

// Fact notes with a meaning beyond provenance (data/overrides, data/lists): the fact names and the
// suffix of a value that no source confirms yet (a fact marked unverified="true").
inline constexpr std::string_view kStatusFact = "list_status";          // "broken (Delta Chat)"
inline constexpr std::string_view kListDisagreesFact = "list_disagrees";
inline constexpr std::string_view kUnverifiedSuffix = " (unverified)";

// The last note of that fact, or nullptr.
const FactNote* find_note(const Provider& provider, std::string_view fact);
// True when the provider's last note of that fact is marked unverified.
bool is_unverified(const Provider& provider, std::string_view fact);
// True when a provider list rates the provider broken (Delta Chat's status BROKEN).
bool listed_as_broken(const Provider& provider);
// True when the provider's server (as listed, before placeholders are expanded) rests on a fact
// marked unverified (<server unverified="true">): findings that would move an account to it are
// not fixed, and lookup marks it.
bool is_unverified_server(const Provider& provider, bool incoming, const ServerSpec& server);
// True when the provider's <mxHost> of that pattern is marked unverified.
bool is_unverified_mx_host(const Provider& provider, std::string_view pattern);
// True when one of the provider's servers of that direction and protocol is unverified.
bool has_unverified_server(const Provider& provider, bool incoming, core::Protocol protocol);

// Substitutes %EMAILADDRESS%, %EMAILLOCALPART%, %EMAILDOMAIN% in a template.
std::string expand_template(const std::string& tmpl, const std::string& email);
// Like expand_template, but `address_or_domain` may be a bare domain: then only %EMAILDOMAIN% is
// substituted and the other placeholders stay as written.
std::string expand_for(const std::string& tmpl, const std::string& address_or_domain);
// True when the text holds no %...% placeholder (a literal host name).
bool is_literal(const std::string& text);
// True for an <mxHost> pattern: domain text, optionally after "*." (then with a dot in the rest).
bool is_mx_pattern(const std::string& text);
// Whether `host` (lower-cased, no trailing dot) matches the pattern.
bool mx_pattern_matches(const std::string& pattern, const std::string& host);

// True for text that can be a lower-cased email domain: 1 to 253 bytes of a-z, 0-9, '-', '.', '_'
// or UTF-8 bytes of an internationalised name; no blanks or control characters.
bool is_domain_text(const std::string& text);

}  // namespace providers
