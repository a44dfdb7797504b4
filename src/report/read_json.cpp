#include "report/read_json.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <optional>

#include <nlohmann/json.hpp>

#include "report/render.hpp"
#include "util/file.hpp"
#include "util/json_limits.hpp"
#include "util/text.hpp"

namespace report {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxEchoedChars = 80;

// A wrong value deep in the document. Thrown only between the helpers below and caught in
// report_from_json, which turns it into a util::Error: it never leaves this file.
struct Invalid {
  std::string place;
  std::string what;
};

[[noreturn]] void fail(const std::string& place, std::string what) { throw Invalid{place, std::move(what)}; }

std::string member_place(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string index_place(const std::string& parent, std::size_t i) {
  return parent + "[" + std::to_string(i) + "]";
}

std::string echo(const json& j) {
  return j.is_string() ? "\"" + util::printable(j.get_ref<const std::string&>(), kMaxEchoedChars) + "\""
                       : util::printable(j.dump(-1, ' ', false, json::error_handler_t::replace), kMaxEchoedChars);
}

// A JSON object at `place`, and typed access to its members.
class Object {
 public:
  Object(const json& j, std::string place) : j_(j), place_(std::move(place)) {
    if (!j_.is_object()) fail(place_, "not an object");
  }

  const std::string& place() const { return place_; }
  std::string place_of(std::string_view key) const { return member_place(place_, key); }

  const json* find(const char* key) const {
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }

  const json& at(const char* key) const {
    const json* v = find(key);
    if (!v) fail(place_of(key), "missing");
    return *v;
  }

  std::string string(const char* key) const {
    const json& v = at(key);
    if (!v.is_string()) fail(place_of(key), "not a string");
    return v.get<std::string>();
  }

  // A string, or empty for null.
  std::string string_or_null(const char* key) const {
    const json& v = at(key);
    if (v.is_null()) return {};
    if (!v.is_string()) fail(place_of(key), "not a string or null");
    return v.get<std::string>();
  }

  std::string optional_string(const char* key) const { return find(key) ? string(key) : std::string(); }

  bool boolean(const char* key) const {
    const json& v = at(key);
    if (!v.is_boolean()) fail(place_of(key), "not a boolean");
    return v.get<bool>();
  }

  bool optional_boolean(const char* key) const { return find(key) ? boolean(key) : false; }

  std::int64_t integer(const char* key, std::int64_t min, std::int64_t max) const {
    const json& v = at(key);
    if (!v.is_number_integer()) fail(place_of(key), "not an integer");
    std::optional<std::int64_t> n;
    if (!v.is_number_unsigned()) {
      n = v.get<std::int64_t>();
    } else if (v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      n = static_cast<std::int64_t>(v.get<std::uint64_t>());
    }
    if (!n || *n < min || *n > max) {
      fail(place_of(key), "out of range " + std::to_string(min) + ".." + std::to_string(max));
    }
    return *n;
  }

  const json& array(const char* key) const {
    const json& v = at(key);
    if (!v.is_array()) fail(place_of(key), "not an array");
    return v;
  }

  template <class E, class Parse>
  E named(const char* key, std::string_view what, Parse parse) const {
    const json& v = at(key);
    if (!v.is_string()) fail(place_of(key), "not a string");
    auto e = parse(v.get_ref<const std::string&>());
    if (!e) fail(place_of(key), "unknown " + std::string(what) + " " + echo(v));
    return *e;
  }

 private:
  const json& j_;
  std::string place_;
};

std::optional<core::SourceStatus> parse_source_status(std::string_view s) {
  for (auto status : {core::SourceStatus::Ok, core::SourceStatus::Error, core::SourceStatus::Locked,
                      core::SourceStatus::Skipped, core::SourceStatus::Damaged}) {
    if (core::to_string(status) == s) return status;
  }
  return std::nullopt;
}

std::optional<std::string> parse_client(std::string_view s) {
  for (std::string_view client : {"thunderbird", "outlook", "applemail"}) {
    if (client == s) return std::string(client);
  }
  return std::nullopt;
}

core::Source read_source(const Object& o) {
  core::Source s;
  s.client = o.string("client");
  s.path = o.string("path");
  s.status = o.named<core::SourceStatus>("status", "status", parse_source_status);
  s.message = o.string("message");
  s.message_localized = o.optional_string("message_localized");
  return s;
}

std::optional<core::Endpoint> read_endpoint(const Object& account, const char* key) {
  const json& v = account.at(key);
  if (v.is_null()) return std::nullopt;
  if (!v.is_object()) fail(account.place_of(key), "not an object or null");
  Object o(v, account.place_of(key));
  core::Endpoint ep;
  ep.protocol = o.named<core::Protocol>("protocol", "protocol", core::parse_protocol);
  ep.host.value = o.string("host");
  ep.port.value = static_cast<int>(o.integer("port", 0, 65535));
  ep.security.value = o.named<core::Security>("security", "security", core::parse_security);
  ep.auth.value = o.named<core::Auth>("auth", "auth", core::parse_auth);
  ep.username.value = o.string("username");
  return ep;
}

std::optional<core::ProviderRef> read_provider(const Object& account) {
  const json& v = account.at("provider");
  if (v.is_null()) return std::nullopt;
  if (!v.is_object()) fail(account.place_of("provider"), "not an object or null");
  Object o(v, account.place_of("provider"));
  return core::ProviderRef{o.string("id"), o.string("name"), o.optional_string("matched_by"),
                           o.optional_string("matched_on")};
}

core::AccountReport read_account(const Object& o) {
  core::AccountReport ar;
  auto& a = ar.account;
  a.id = o.string("id");
  a.client = o.named<std::string>("client", "client", parse_client);
  a.source = o.string("source");
  a.key = o.string("key");
  a.profile = o.optional_string("profile");
  a.name = o.string("name");
  a.email = o.string("email");
  a.managed = o.optional_boolean("managed");
  a.stale = o.optional_boolean("stale");
  a.incoming = read_endpoint(o, "incoming");
  a.outgoing = read_endpoint(o, "outgoing");
  ar.provider = read_provider(o);
  return ar;
}

core::FieldValue read_value(const Object& o, const char* key) {
  const json& v = o.at(key);
  if (v.is_null()) return std::monostate{};
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) {
    return o.integer(key, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max());
  }
  fail(o.place_of(key), "not a string, integer, boolean or null");
}

core::Origin read_origin(const Object& finding) {
  const json* v = finding.find("origin");
  if (!v || v->is_null()) return {};
  if (!v->is_object()) fail(finding.place_of("origin"), "not an object or null");
  Object o(*v, finding.place_of("origin"));
  core::Origin origin;
  origin.file = o.string("file");
  origin.key = o.string("key");
  origin.line = o.at("line").is_null() ? 0 : static_cast<int>(o.integer("line", 1, std::numeric_limits<int>::max()));
  origin.is_default = o.boolean("default");
  return origin;
}

std::vector<std::string> read_strings(const Object& o, const char* key) {
  std::vector<std::string> out;
  const json& list = o.array(key);
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_string()) fail(index_place(o.place_of(key), i), "not a string");
    out.push_back(list[i].get<std::string>());
  }
  return out;
}

// A list of rule ids; absent in reports written before 0.2 (then empty).
std::vector<std::string> read_rule_ids(const Object& o, const char* key) {
  return o.find(key) ? read_strings(o, key) : std::vector<std::string>{};
}

template <class T, class Read>
std::vector<T> read_objects(const Object& parent, const char* key, Read read) {
  const json& list = parent.array(key);
  std::vector<T> out;
  for (std::size_t i = 0; i < list.size(); ++i) out.push_back(read(Object(list[i], index_place(parent.place_of(key), i))));
  return out;
}

core::Finding read_finding(const Object& o) {
  core::Finding f;
  f.rule = o.string("rule");
  f.severity = o.named<core::Severity>("severity", "severity", core::parse_severity);
  f.account = o.string_or_null("account");
  f.field = o.string_or_null("field");
  f.actual = read_value(o, "actual");
  f.expected = read_value(o, "expected");
  f.message = o.string("message");
  f.fixable = o.boolean("fixable");
  f.also = read_rule_ids(o, "related_rules");
  f.origin = read_origin(o);
  f.probe = o.optional_string("probe");
  f.message_localized = o.optional_string("message_localized");
  return f;
}


std::optional<std::int64_t> optional_integer(const Object& o, const char* key) {
  if (o.at(key).is_null()) return std::nullopt;
  return o.integer(key, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max());
}


// A nested object or null.
template <class T, class Read>
std::optional<T> read_nullable(const Object& parent, const char* key, Read read) {
  const json& v = parent.at(key);
  if (v.is_null()) return std::nullopt;
  return read(Object(v, parent.place_of(key)));
}

core::ProbeAddress read_probe_address(const Object& o) {
  return core::ProbeAddress{o.string("address"), o.string("family"),
                            o.named<core::TcpOutcome>("tcp", "TCP outcome", core::parse_tcp_outcome),
                            optional_integer(o, "connect_ms")};
}

core::ProbeCertificate read_probe_certificate(const Object& o) {
  core::ProbeCertificate c;
  c.subject = o.string("subject");
  c.issuer = o.string("issuer");
  c.san = read_strings(o, "san");
  c.not_before = o.string("not_before");
  c.not_after = o.string("not_after");
  c.days_left = o.integer("days_left", std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max());
  c.sha256 = o.string("sha256");
  c.chain_trusted = o.boolean("chain_trusted");
  c.hostname_match = o.boolean("hostname_match");
  c.expired = o.boolean("expired");
  c.not_yet_valid = o.boolean("not_yet_valid");
  c.error = o.string_or_null("error");
  c.chain = read_strings(o, "chain");
  return c;
}

core::ProbeLogin read_probe_login(const Object& o) {
  return core::ProbeLogin{o.string("account"), o.boolean("ok"), o.string("code"), o.string("text")};
}

core::ProbeResult read_probe(const Object& o) {
  core::ProbeResult p;
  p.id = o.string("id");
  p.target.host = o.string("host");
  p.target.port = static_cast<int>(o.integer("port", 0, 65535));
  p.target.protocol = o.named<core::Protocol>("protocol", "protocol", core::parse_protocol);
  p.target.security = o.named<core::Security>("configured_security", "security", core::parse_security);
  p.target.accounts = read_strings(o, "accounts");
  p.addresses = read_objects<core::ProbeAddress>(o, "addresses", read_probe_address);
  // Reports from before the probe knew the client's proxy have neither field.
  if (o.find("proxy")) p.target.proxy = o.string_or_null("proxy");
  if (o.find("via_proxy")) p.via_proxy = o.boolean("via_proxy");
  p.dns_error = o.string_or_null("dns_error");
  p.observed_security = o.named<core::Security>("observed_security", "security", core::parse_security);
  p.silent = o.boolean("silent");
  p.tls_error = o.string_or_null("tls_error");
  p.tls = read_nullable<core::ProbeTls>(o, "tls", [](const Object& t) {
    return core::ProbeTls{t.string("version"), t.string("cipher"), t.string("sni")};
  });
  p.certificate = read_nullable<core::ProbeCertificate>(o, "certificate", read_probe_certificate);
  p.greeting = o.string("greeting");
  p.capabilities_before_tls = read_strings(o, "capabilities_before_tls");
  p.capabilities_after_tls = read_strings(o, "capabilities_after_tls");
  p.auth_mechanisms = read_strings(o, "auth_mechanisms");
  p.starttls_offered = o.boolean("starttls_offered");
  p.starttls_injection = o.boolean("starttls_injection");
  p.login_disabled = o.boolean("login_disabled");
  p.plaintext_refusal = o.string_or_null("plaintext_refusal");
  p.smtp_max_size = optional_integer(o, "smtp_max_size");
  const Object timings(o.at("timings"), o.place_of("timings"));
  p.timings = core::ProbeTimings{optional_integer(timings, "resolve_ms"), optional_integer(timings, "connect_ms"),
                                 optional_integer(timings, "tls_ms"),
                                 timings.integer("total_ms", 0, std::numeric_limits<std::int64_t>::max())};
  p.error = o.string_or_null("error");
  p.logins = read_objects<core::ProbeLogin>(o, "logins", read_probe_login);
  return p;
}

core::Report read_report(const Object& root) {
  core::Report r;
  r.host = root.string("host");
  r.machine_id = root.find("machine_id") ? root.string_or_null("machine_id") : std::string();
  r.generated_at = root.string("generated_at");
  if (root.find("lang") && root.string("lang") != "en") r.lang = root.string("lang");
  r.sources = read_objects<core::Source>(root, "sources", read_source);
  r.accounts = read_objects<core::AccountReport>(root, "accounts", read_account);
  r.findings = read_objects<core::Finding>(root, "findings", read_finding);
  if (root.find("probes")) r.probes = read_objects<core::ProbeResult>(root, "probes", read_probe);
  return r;
}

// "file:line:column" of byte offset `byte` (0-based) in `text`.
std::string text_place(std::string_view text, const std::string& file, std::size_t byte) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

util::Result<json> parse_bounded(std::string_view text, const std::string& file) {
  if (text.size() > util::kDefaultMaxFileBytes) {
    return util::make_error(file + ": larger than " + std::to_string(util::kDefaultMaxFileBytes / (1024 * 1024)) +
                            " MB, refused");
  }
  if (util::json_nests_deeper_than(text)) {
    return util::make_error(file + ": JSON nested deeper than " + std::to_string(util::kMaxJsonDepth) +
                            " levels, refused");
  }
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    // e.byte is 1-based: the byte at which the parser gave up.
    std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
    bool truncated = at >= text.size();
    return util::make_error(text_place(text, file, at) + ": invalid JSON" + (truncated ? " (unexpected end)" : ""));
  } catch (const json::out_of_range&) {
    return util::make_error(file + ": invalid JSON (a number too large for a double)");
  } catch (const json::exception&) {
    return util::make_error(file + ": invalid JSON");
  }
}

const std::string_view kSchema = kSchemaId;

// render_json writes members in name order, so a report (even a truncated one, whose schema
// member at the end is lost) opens with {"accounts": [.
bool opens_like_rendered_report(std::string_view text) {
  constexpr std::string_view kBlank = " \t\r\n";
  auto next = [&](std::string_view token) {
    auto at = text.find_first_not_of(kBlank);
    if (at == std::string_view::npos || text.substr(at, token.size()) != token) return false;
    text.remove_prefix(at + token.size());
    return true;
  };
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return next("{") && next("\"accounts\"") && next(":") && next("[");
}

}  // namespace

util::Result<core::Report> report_from_json(std::string_view text, const std::string& file) {
  auto parsed = parse_bounded(text, file);
  if (!parsed) return parsed.error();
  const json& j = *parsed;
  std::string not_report = file + ": not a mailmend audit report";
  if (!j.is_object()) return util::make_error(not_report + " (not a JSON object)");
  auto schema = j.find("schema");
  if (schema == j.end()) return util::make_error(not_report + " (no schema)");
  if (!schema->is_string() || schema->get_ref<const std::string&>() != kSchema) {
    return util::make_error(not_report + " (schema " + echo(*schema) + ", expected \"" + std::string(kSchema) + "\")");
  }
  try {
    return read_report(Object(j, ""));
  } catch (const Invalid& e) {
    return util::make_error(file + ": " + e.place + ": " + e.what);
  }
}

bool looks_like_report(std::string_view text) {
  if (text.size() > util::kDefaultMaxFileBytes || util::json_nests_deeper_than(text)) {
    return text.find(kSchema) != std::string_view::npos;
  }
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) return text.find(kSchema) != std::string_view::npos || opens_like_rendered_report(text);
  auto schema = j.is_object() ? j.find("schema") : j.end();
  return j.is_object() && schema != j.end() && schema->is_string() && schema->get_ref<const std::string&>() == kSchema;
}

}  // namespace report
