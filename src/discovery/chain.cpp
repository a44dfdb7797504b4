#include "discovery/chain.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "discovery/autodiscover_xml.hpp"
#include "discovery/config_xml.hpp"
#include "providers/ispdb.hpp"
#include "i18n/text.hpp"
#include "util/text.hpp"

namespace discovery {
namespace {

using i18n::msg;
using i18n::Text;
using std::chrono::seconds;

// What one step gives: a configuration, nothing (with the reason), or a timeout (the chain stops:
// with the network gone, a domain costs one timeout, not one per step).
struct StepResult {
  std::optional<Found> found;
  std::vector<Text> reasons;
  bool timed_out = false;
};

// "mx: <why>": a step's reason, named by the step (its id, the same in every language).
Text step_reason(std::string_view step, const Text& why) { return msg("{1}: {2}", {std::string(step), why}); }

// `text` with a leading `from` replaced by `to` in both languages (a URL without its query).
Text with_prefix_replaced(Text text, const std::string& from, const std::string& to) {
  for (std::string* side : {&text.english, &text.localized}) {
    if (side->rfind(from, 0) == 0) side->replace(0, from.size(), to);
  }
  return text;
}

std::string without_query(const std::string& url) { return url.substr(0, url.find('?')); }

std::string percent_encoded(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

// An echoed address never reaches the cache: it becomes the placeholder again.
std::string address_as_placeholder(std::string body, const std::string& address) {
  if (address.empty()) return body;
  for (auto at = body.find(address); at != std::string::npos; at = body.find(address, at)) {
    body.replace(at, address.size(), "%EMAILADDRESS%");
  }
  return body;
}

seconds clamp_ttl(seconds ttl) { return std::clamp(ttl, seconds(0), kMaxTtl); }

void mark(providers::Provider& p, Step step, const std::string& where, bool authenticated) {
  p.origin = "online " + std::string(to_string(step)) + (authenticated ? "" : " (unauthenticated)");
  p.source = where;
}

// Imports a clientConfig document as the embedded data is imported; nullopt (and the reason) when
// it is not one or lists no server.
std::optional<providers::Provider> import_config(const std::string& xml, const std::string& where, const std::string& domain,
                                                 Text& reason) {
  auto parsed = providers::parse_client_config(xml, where, false);
  if (!parsed) {
    reason = msg("not an autoconfig file: {1}", {i18n::text_of(parsed.error())});
    return std::nullopt;
  }
  if (parsed->provider.incoming.empty() && parsed->provider.outgoing.empty()) {
    reason = msg("{1}: the autoconfig file lists no server", {where});
    return std::nullopt;
  }
  parsed->provider.id = "online:" + domain;
  return std::move(parsed->provider);
}

StepResult fetch_config(Step step, const std::string& domain, const std::string& url, const std::string& address, const Options& o) {
  StepResult r;
  const std::string where = without_query(url);
  auto answer = http_fetch(url, o.net);
  if (!answer) {
    // The address stays out of reports.
    r.timed_out = is_timeout(answer.error(), o.net);
    r.reasons.push_back(step_reason(to_string(step), with_prefix_replaced(i18n::text_of(answer.error()), url, where)));
    return r;
  }
  const std::string xml = address_as_placeholder(answer->body, address);
  Text reason;
  auto provider = import_config(xml, where, domain, reason);
  if (!provider) {
    r.reasons.push_back(step_reason(to_string(step), reason));
    return r;
  }
  Found f;
  f.step = step;
  f.where = where;
  f.authenticated = answer->encrypted;
  f.ttl = clamp_ttl(answer->max_age.value_or(o.default_ttl));
  f.recipe = {Recipe::Kind::Config, xml};
  f.provider = std::move(*provider);
  mark(f.provider, step, where, f.authenticated);
  r.found = std::move(f);
  return r;
}

std::string autoconfig_url(const std::string& scheme, const std::string& domain, const std::string& address) {
  std::string url = scheme + "://autoconfig." + domain + "/mail/config-v1.1.xml";
  if (!address.empty()) url += "?emailaddress=" + percent_encoded(address);
  return url;
}

std::string well_known_url(const std::string& scheme, const std::string& domain) {
  return scheme + "://" + domain + "/.well-known/autoconfig/mail/config-v1.1.xml";
}

// Runs steps in order until one answers or one times out; collects the reasons.
template <class... Steps>
StepResult first_of(Steps&&... steps) {
  StepResult total;
  auto run = [&](auto&& step) {
    if (total.found || total.timed_out) return;
    StepResult r = step();
    for (auto& reason : r.reasons) total.reasons.push_back(std::move(reason));
    total.found = std::move(r.found);
    total.timed_out = r.timed_out;
  };
  (run(steps), ...);
  return total;
}

// Steps 1–3 for `domain`: https only (the MX step), or with Thunderbird's http fallback.
StepResult ispdb_chain(const std::string& domain, const std::string& address, const Options& o, bool with_http) {
  auto ispdb = [&] { return fetch_config(Step::Ispdb, domain, o.ispdb_url + domain, "", o); };
  auto https_autoconfig = [&] { return fetch_config(Step::Autoconfig, domain, autoconfig_url("https", domain, address), address, o); };
  auto https_well_known = [&] { return fetch_config(Step::WellKnown, domain, well_known_url("https", domain), "", o); };
  if (!with_http) return first_of(https_autoconfig, https_well_known, ispdb);
  auto http_autoconfig = [&] { return fetch_config(Step::Autoconfig, domain, autoconfig_url("http", domain, address), address, o); };
  auto http_well_known = [&] { return fetch_config(Step::WellKnown, domain, well_known_url("http", domain), "", o); };
  return first_of(https_autoconfig, https_well_known, http_autoconfig, http_well_known, ispdb);
}

// Suffixes of `host` from its parent down to its registrable domain, longest first.
std::vector<std::string> parent_domains(const std::string& host) {
  std::vector<std::string> out;
  const std::string base = registrable_domain(host);
  for (auto dot = host.find('.'); dot != std::string::npos; dot = host.find('.', dot + 1)) {
    std::string parent = host.substr(dot + 1);
    if (parent.size() < base.size()) break;
    out.push_back(std::move(parent));
  }
  if (out.empty() || out.back() != base) out.push_back(base);
  return out;
}

StepResult mx_step(const std::string& domain, const providers::Database& db, const Options& o) {
  StepResult r;
  auto mx = query_mx(domain, o.net);
  if (!mx) {
    r.timed_out = is_timeout(mx.error(), o.net);
    r.reasons.push_back(step_reason("mx", i18n::text_of(mx.error())));
    return r;
  }
  auto records = mx->records;
  std::stable_sort(records.begin(), records.end(), [](const MxRecord& a, const MxRecord& b) { return a.preference < b.preference; });
  if (records.empty() || records.front().host.empty()) {
    r.reasons.push_back(step_reason("mx", records.empty() ? msg("{1} has no MX record", {domain})
                                                          : msg("{1} accepts no mail (null MX)", {domain})));
    return r;
  }
  const std::string host = records.front().host;
  const std::string record = "MX " + domain + " " + std::to_string(records.front().preference) + " " + host;
  // A host the data names first (mxbiz1.qq.com is Tencent Exmail, not QQ Mail under qq.com).
  if (auto mx_match = db.by_mx_host(host)) {
    const std::string listed = mx_match->pattern + (mx_match->unverified ? ", unverified" : "");
    Found f{Step::Mx, record + " → " + mx_match->service + " (embedded MX list: " + listed + ")", true,
            clamp_ttl(mx->ttl), {Recipe::Kind::DatabaseMx, host}, std::move(mx_match->provider)};
    mark(f.provider, f.step, f.where, true);
    r.found = std::move(f);
    return r;
  }
  for (const auto& parent : parent_domains(host)) {
    if (parent == domain) continue;
    if (auto p = db.by_domain(parent)) {
      Found f{Step::Mx, record + " → " + parent + " (embedded database)", true, clamp_ttl(mx->ttl),
              {Recipe::Kind::DatabaseDomain, parent}, std::move(*p)};
      mark(f.provider, f.step, f.where, true);
      r.found = std::move(f);
      return r;
    }
  }
  const std::string base = registrable_domain(host);
  if (base == domain) {
    r.reasons.push_back(step_reason("mx", msg("{1} is in the domain itself", {record})));
    return r;
  }
  r.reasons.push_back(step_reason("mx", msg("{1}: {2} is not in the embedded database", {record, base})));
  StepResult online = ispdb_chain(base, "", o, false);
  for (auto& reason : online.reasons) r.reasons.push_back(step_reason("mx", reason));
  r.timed_out = online.timed_out;
  if (online.found) {
    Found f = std::move(*online.found);
    f.where = record + " → " + f.where;
    f.ttl = std::min(f.ttl, clamp_ttl(mx->ttl));
    f.step = Step::Mx;
    mark(f.provider, f.step, f.where, f.authenticated);
    r.found = std::move(f);
  }
  return r;
}

struct SrvService {
  const char* label;
  core::Protocol protocol;
  core::Security security;
};
constexpr std::array<SrvService, 6> kSrvServices{{{"_imaps._tcp.", core::Protocol::Imap, core::Security::Tls},
                                                   {"_imap._tcp.", core::Protocol::Imap, core::Security::StartTls},
                                                   {"_pop3s._tcp.", core::Protocol::Pop3, core::Security::Tls},
                                                   {"_pop3._tcp.", core::Protocol::Pop3, core::Security::StartTls},
                                                   {"_submissions._tcp.", core::Protocol::Smtp, core::Security::Tls},
                                                   {"_submission._tcp.", core::Protocol::Smtp, core::Security::StartTls}}};

// RFC 2782 order: lowest priority first, then the heaviest weight.
bool srv_before(const SrvRecord& a, const SrvRecord& b) {
  return a.priority != b.priority ? a.priority < b.priority : a.weight > b.weight;
}

StepResult srv_step(const std::string& domain, const Options& o) {
  StepResult r;
  struct Offered {
    SrvRecord record;
    ConfigServer server;
    std::string text;
  };
  std::vector<Offered> offered;
  std::vector<std::string> not_offered;
  seconds ttl = kMaxTtl;
  for (const auto& service : kSrvServices) {
    const std::string name = service.label + domain;
    auto answer = query_srv(name, o.net);
    if (!answer) {
      r.reasons.push_back(step_reason("srv", i18n::text_of(answer.error())));
      if (is_timeout(answer.error(), o.net)) {
        r.timed_out = true;
        return r;
      }
      continue;
    }
    if (answer->records.empty()) continue;
    auto best = *std::min_element(answer->records.begin(), answer->records.end(), srv_before);
    ttl = std::min(ttl, answer->ttl);
    if (best.target.empty()) {
      not_offered.push_back(name);
      continue;
    }
    offered.push_back({best, {service.protocol, best.target, best.port, service.security, "", ""},
                       "SRV " + name + " " + std::to_string(best.priority) + " " + std::to_string(best.weight) + " " +
                           std::to_string(best.port) + " " + best.target});
  }
  if (offered.empty()) {
    r.reasons.push_back(step_reason("srv", not_offered.empty() ? msg("no RFC 6186 record for {1}", {domain})
                                                               : msg("no RFC 6186 record for {1} (not offered: {2})",
                                                                     {domain, i18n::join_values(not_offered)})));
    return r;
  }
  std::stable_sort(offered.begin(), offered.end(), [](const Offered& a, const Offered& b) { return srv_before(a.record, b.record); });
  std::vector<ConfigServer> servers;
  std::vector<std::string> records;
  for (const auto& s : offered) {
    servers.push_back(s.server);
    records.push_back(s.text);
  }
  const std::string where = util::join(records, "; ");
  const std::string xml = client_config_xml(domain, domain + " (RFC 6186 SRV records)", servers);
  Text reason;
  auto provider = import_config(xml, "SRV records of " + domain, domain, reason);
  if (!provider) {
    r.reasons.push_back(step_reason("srv", reason));
    return r;
  }
  Found f{Step::Srv, where, false, clamp_ttl(ttl), {Recipe::Kind::Config, xml}, std::move(*provider)};
  mark(f.provider, f.step, f.where, false);
  r.found = std::move(f);
  return r;
}

std::string autodiscover_request(const std::string& address) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
         "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\">\n"
         "  <Request>\n"
         "    <EMailAddress>" + address + "</EMailAddress>\n"
         "    <AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>\n"
         "  </Request>\n"
         "</Autodiscover>\n";
}

std::string protocol_list(const std::vector<ConfigServer>& servers) {
  std::vector<std::string> names;
  for (const auto& s : servers) {
    std::string name(core::to_string(s.protocol));
    for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return util::join(names, ", ");
}

// The settings an Autodiscover answer publishes in its own IMAP/POP3/SMTP <Protocol> entries,
// imported as every discovered configuration is.
std::optional<Found> from_protocols(const std::string& domain, const std::string& url, const AutodiscoverAnswer& answer,
                                    bool encrypted, seconds ttl, StepResult& r) {
  const std::string xml = client_config_xml(domain, domain + " (Exchange Autodiscover)", answer.servers);
  const std::string where = url + " → its " + protocol_list(answer.servers) + " settings" +
                            (answer.exchange_host.empty() ? "" : " (Exchange server " + answer.exchange_host + ")");
  Text reason;
  auto provider = import_config(xml, url, domain, reason);
  if (!provider) {
    r.reasons.push_back(step_reason("autodiscover", reason));
    return std::nullopt;
  }
  Found f{Step::Autodiscover, where, encrypted, ttl, {Recipe::Kind::Config, xml}, std::move(*provider)};
  mark(f.provider, f.step, f.where, encrypted);
  return f;
}

StepResult autodiscover_step(const std::string& domain, const std::string& address, const providers::Database& db, const Options& o) {
  StepResult r;
  std::vector<std::string> urls{"https://autodiscover." + domain + "/autodiscover/autodiscover.xml"};
  auto srv = query_srv("_autodiscover._tcp." + domain, o.net);
  if (!srv) {
    r.reasons.push_back(step_reason("autodiscover", i18n::text_of(srv.error())));
    if (is_timeout(srv.error(), o.net)) r.timed_out = true;
  } else if (!srv->records.empty()) {
    auto best = *std::min_element(srv->records.begin(), srv->records.end(), srv_before);
    if (!best.target.empty()) {
      urls.push_back("https://" + best.target + (best.port == 443 ? "" : ":" + std::to_string(best.port)) +
                     "/autodiscover/autodiscover.xml");
    }
  }
  const std::string request = autodiscover_request(address.empty() ? "postmaster@" + domain : address);
  for (const auto& url : urls) {
    if (r.timed_out) break;
    auto answer = http_fetch(url, o.net, request);
    if (!answer) {
      r.reasons.push_back(step_reason("autodiscover", i18n::text_of(answer.error())));
      r.timed_out = is_timeout(answer.error(), o.net);
      continue;
    }
    auto parsed = parse_autodiscover(answer->body, address);
    if (!parsed) {
      r.reasons.push_back(step_reason("autodiscover", msg("{1}: not an Exchange Autodiscover answer", {url})));
      continue;
    }
    const seconds ttl = clamp_ttl(answer->max_age.value_or(o.default_ttl));
    // A hosted Exchange the database knows (Microsoft 365) brings its facts (OAuth2 only, ...);
    // otherwise the answer's own IMAP/POP3/SMTP entries are the settings.
    const std::string& host = parsed->exchange_host;
    if (auto provider = host.empty() ? std::nullopt : db.by_host(host)) {
      Found f{Step::Autodiscover, url + " → Exchange server " + host, answer->encrypted, ttl,
              {Recipe::Kind::DatabaseHost, host}, std::move(*provider)};
      mark(f.provider, f.step, f.where, f.authenticated);
      r.found = std::move(f);
      return r;
    }
    if (!parsed->servers.empty()) {
      if (auto f = from_protocols(domain, url, *parsed, answer->encrypted, ttl, r)) {
        r.found = std::move(f);
        return r;
      }
      continue;
    }
    r.reasons.push_back(step_reason(
        "autodiscover", msg("{1}: Exchange server {2} (on-premises; the answer publishes no IMAP, POP or SMTP settings to "
                            "judge accounts by)",
                            {url, host})));
  }
  return r;
}

}  // namespace

std::string_view to_string(Step step) {
  switch (step) {
    case Step::Autoconfig: return "autoconfig";
    case Step::WellKnown: return "well-known";
    case Step::Ispdb: return "ispdb";
    case Step::Mx: return "mx";
    case Step::Srv: return "srv";
    case Step::Autodiscover: return "autodiscover";
  }
  return "unknown";
}

Text Outcome::headline() const {
  if (found) return summary();
  return stopped_by_timeout ? msg("{1}: online discovery found no settings (stopped after a timeout)", {domain})
                            : msg("{1}: online discovery found no settings", {domain});
}

namespace {

// "(unauthenticated: plain http; its findings are never fixed)", or nothing for an authenticated answer.
Text unauthenticated_note(const Found& found) {
  if (found.authenticated) return {};
  return found.step == Step::Srv ? msg(" (unauthenticated: DNS records; its findings are never fixed)")
                                 : msg(" (unauthenticated: plain http; its findings are never fixed)");
}

}  // namespace

Text Outcome::summary() const {
  if (found) {
    Text line = msg("{1}: {2} found by {3} at {4}",
                    {domain, found->provider.name, std::string(to_string(found->step)), found->where});
    line += unauthenticated_note(*found);
    if (from_cache) line += msg(" (cached)");
    return line;
  }
  Text line = headline();
  if (tried.empty()) return line;
  Text reasons = tried.front();
  for (std::size_t i = 1; i < tried.size(); ++i) reasons = msg("{1}; {2}", {reasons, tried[i]});
  return msg("{1}: {2}", {line, reasons});
}

Outcome discover(const std::string& address_or_domain, const providers::Database& db, const Options& o) {
  const auto at = address_or_domain.rfind('@');
  const std::string domain = util::to_lower(at == std::string::npos ? address_or_domain : address_or_domain.substr(at + 1));
  const std::string address = at == std::string::npos ? "" : address_or_domain;
  Outcome out;
  out.domain = domain;
  StepResult r = first_of([&] { return ispdb_chain(domain, address, o, true); },
                          [&] { return mx_step(domain, db, o); },
                          [&] { return srv_step(domain, o); },
                          [&] { return autodiscover_step(domain, address, db, o); });
  out.found = std::move(r.found);
  out.tried = std::move(r.reasons);
  out.stopped_by_timeout = r.timed_out && !out.found;
  return out;
}

std::optional<providers::Provider> rebuild(const std::string& domain, const Recipe& recipe, Step step, const std::string& where,
                                           bool authenticated, const providers::Database& db) {
  std::optional<providers::Provider> p;
  Text reason;
  switch (recipe.kind) {
    case Recipe::Kind::Config: p = import_config(recipe.payload, where, domain, reason); break;
    case Recipe::Kind::DatabaseDomain: p = db.by_domain(recipe.payload); break;
    case Recipe::Kind::DatabaseHost: p = db.by_host(recipe.payload); break;
    case Recipe::Kind::DatabaseMx:
      if (auto mx = db.by_mx_host(recipe.payload)) p = std::move(mx->provider);
      break;
  }
  if (p) mark(*p, step, where, authenticated);
  return p;
}

}  // namespace discovery
