#include "providers/facts.hpp"

#include <algorithm>
#include <filesystem>

#include "i18n/text.hpp"
#include "providers/xmlload.hpp"
#include "util/text.hpp"

namespace providers {
namespace {
using detail::XmlFile;

struct FactContext {
  const XmlFile& xml;
  ImportResult& result;
  std::string file_name;
};

std::string attr(const pugi::xml_node& n, const char* name) { return std::string(util::trim(n.attribute(name).value())); }

Provider* provider_for_domain(ImportResult& result, const std::string& domain) {
  for (auto& p : result.providers) {
    if (std::find(p.domains.begin(), p.domains.end(), domain) != p.domains.end()) return &p;
  }
  return nullptr;
}

// unverified="true": no source confirms the fact yet (it rests on the project brief or a guess
// from a sister service); the note says so wherever it is shown.
bool read_unverified(FactContext& ctx, const pugi::xml_node& n) {
  const std::string v = attr(n, "unverified");
  if (v.empty() || v == "false") return false;
  if (v != "true") {
    ctx.result.warnings.push_back(ctx.xml.issue(n, i18n::msg("unverified of <{1}> must be true or false", {std::string(n.name())})));
    return false;
  }
  return true;
}

// Records provenance; every fact needs a source and a date, or it is reported.
void note(FactContext& ctx, Provider& p, const pugi::xml_node& n, const std::string& fact, const std::string& value) {
  FactNote fn{fact, value, attr(n, "source"), attr(n, "lastChecked")};
  if (read_unverified(ctx, n)) fn.value += std::string(kUnverifiedSuffix);
  if (fn.source.empty() || fn.last_checked.empty()) {
    ctx.result.warnings.push_back(ctx.xml.issue(n, i18n::msg("fact <{1}> lacks source or lastChecked", {std::string(n.name())})));
  }
  if (fn.last_checked > p.last_checked) p.last_checked = fn.last_checked;
  p.notes.push_back(std::move(fn));
}

bool read_flag(FactContext& ctx, const pugi::xml_node& n) {
  std::string v = attr(n, "value");
  if (v != "true" && v != "false") {
    ctx.result.warnings.push_back(ctx.xml.issue(n, i18n::msg("value of <{1}> must be true or false", {std::string(n.name())})));
    return false;
  }
  return v == "true";
}

// An optional ISO date attribute (YYYY-MM-DD); "" when absent or malformed (with a warning).
std::string read_date(FactContext& ctx, const pugi::xml_node& n, const char* name) {
  std::string v = attr(n, name);
  if (v.empty()) return v;
  const bool iso = v.size() == 10 && v[4] == '-' && v[7] == '-' &&
                   std::all_of(v.begin(), v.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
  if (!iso) {
    ctx.result.warnings.push_back(
        ctx.xml.issue(n, i18n::msg("{1} of <{2}> must be a date YYYY-MM-DD", {std::string(name), std::string(n.name())})));
    return {};
  }
  return v;
}

std::optional<ServerSpec> read_server(FactContext& ctx, const pugi::xml_node& n) {
  ServerSpec s;
  s.type = attr(n, "type");
  s.protocol = core::parse_protocol(s.type).value_or(core::Protocol::Unknown);
  s.hostname = attr(n, "hostname");
  s.username = attr(n, "username");
  s.url = attr(n, "url");
  auto port = util::parse_int(attr(n, "port"), 1, 65535);
  std::string socket = attr(n, "socketType");
  s.security = socket == "SSL" ? core::Security::Tls
               : socket == "STARTTLS" ? core::Security::StartTls
               : socket == "plain" ? core::Security::None
                                   : core::Security::Unknown;
  if (s.protocol == core::Protocol::Unknown || s.hostname.empty() || !port || s.security == core::Security::Unknown) {
    ctx.result.warnings.push_back(ctx.xml.issue(n, i18n::msg("<{1}> needs type, hostname, port and socketType; ignored", {std::string(n.name())})));
    return std::nullopt;
  }
  s.port = static_cast<int>(*port);
  for (const auto& a : util::split(attr(n, "auth"), ' ', true)) {
    auto auth = core::parse_auth(a);
    if (!auth) ctx.result.warnings.push_back(ctx.xml.issue(n, i18n::msg("unknown authentication {1}", {"\"" + util::printable(a) + "\""})));
    s.auths.push_back(auth.value_or(core::Auth::Unknown));
  }
  return s;
}

void add_domain(FactContext& ctx, Provider& p, const pugi::xml_node& n, const std::string& domain) {
  if (domain.empty()) return;
  if (!is_domain_text(domain)) {
    ctx.result.warnings.push_back(ctx.xml.issue(n, i18n::msg("domain \"{1}\" is not a domain name; ignored", {util::printable(domain, 120)})));
    return;
  }
  if (Provider* owner = provider_for_domain(ctx.result, domain)) {
    if (owner != &p) {
      ctx.result.warnings.push_back(ctx.xml.issue(n, i18n::msg("domain \"{1}\" already belongs to {2}; not moved", {domain, owner->id})));
    }
    return;
  }
  p.domains.push_back(domain);
  note(ctx, p, n, "domain", domain);
}

// <mxHost pattern="*.mail.protection.outlook.com" service="Microsoft 365" .../>: an MX host that
// reveals this provider (online discovery's MX step). One pattern belongs to one provider.
void add_mx_host(FactContext& ctx, Provider& p, const pugi::xml_node& n) {
  MxHost mx{util::to_lower(attr(n, "pattern")), attr(n, "service")};
  if (!is_mx_pattern(mx.pattern)) {
    ctx.result.warnings.push_back(ctx.xml.issue(
        n, i18n::msg("<mxHost> pattern \"{1}\" is neither a host name nor *.suffix; ignored",
                     {util::printable(mx.pattern, 120)})));
    return;
  }
  for (const auto& other : ctx.result.providers) {
    for (const auto& known : other.mx_hosts) {
      if (known.pattern != mx.pattern) continue;
      ctx.result.warnings.push_back(ctx.xml.issue(n, i18n::msg("<mxHost> {1} already belongs to {2}; ignored", {mx.pattern, other.id})));
      return;
    }
  }
  note(ctx, p, n, "mx_host", mx.pattern + (mx.service.empty() ? "" : " (" + mx.service + ")"));
  p.mx_hosts.push_back(std::move(mx));
}

std::vector<ServerSpec>& servers_of(Provider& p, const std::string& direction) {
  return direction == "outgoing" ? p.outgoing : p.incoming;
}

std::string server_text(const ServerSpec& s) {
  return s.hostname + ":" + std::to_string(s.port) + " " + std::string(core::to_string(s.security));
}

// A server the provider also accepts but does not recommend. Authentication and username, when
// not given, are those of the provider's first server of the same type.
void add_accepted_server(FactContext& ctx, Provider& p, const pugi::xml_node& n) {
  auto s = read_server(ctx, n);
  if (!s) return;
  const std::string direction = attr(n, "direction");
  auto& list = servers_of(p, direction);
  auto same_type = std::find_if(list.begin(), list.end(), [&](const ServerSpec& r) { return r.protocol == s->protocol; });
  if (same_type != list.end()) {
    if (s->auths.empty()) s->auths = same_type->auths;
    if (s->username.empty()) s->username = same_type->username;
    s->accepted_usernames = same_type->accepted_usernames;
  }
  s->accepted = true;
  s->source = attr(n, "source");
  note(ctx, p, n, direction + "_accepted_server", server_text(*s));
  list.push_back(std::move(*s));
}

// A username form a server accepts beside its recommended one; applies to every server of that
// direction and type listed so far (recommended and accepted).
void add_accepted_username(FactContext& ctx, Provider& p, const pugi::xml_node& n) {
  const std::string direction = attr(n, "direction");
  const std::string type = attr(n, "type");
  const std::string form = attr(n, "username");
  auto protocol = core::parse_protocol(type);
  if ((direction != "incoming" && direction != "outgoing") || !protocol || form.empty() ||
      form.find(' ') != std::string::npos) {
    ctx.result.warnings.push_back(
        ctx.xml.issue(n, i18n::msg("<acceptedUsername> needs direction, type and one username template; ignored")));
    return;
  }
  bool applied = false;
  for (auto& s : servers_of(p, direction)) {
    if (s.protocol != *protocol || s.username == form) continue;
    if (std::find(s.accepted_usernames.begin(), s.accepted_usernames.end(), form) == s.accepted_usernames.end()) {
      s.accepted_usernames.push_back(form);
    }
    applied = true;
  }
  if (!applied) {
    ctx.result.warnings.push_back(ctx.xml.issue(n, i18n::msg("<acceptedUsername>: the provider lists no {1} {2} server; ignored",
                                                             {direction, util::printable(type, 20)})));
    return;
  }
  note(ctx, p, n, direction + "_accepted_username", type + " " + form);
}

// A value from a closed set, or "" with a warning naming the allowed ones.
std::string read_choice(FactContext& ctx, const pugi::xml_node& n, const std::vector<std::string>& allowed) {
  const std::string v = util::to_lower(attr(n, "value"));
  if (std::find(allowed.begin(), allowed.end(), v) != allowed.end()) return v;
  ctx.result.warnings.push_back(ctx.xml.issue(
      n, i18n::msg("value of <{1}> must be one of {2}; ignored", {std::string(n.name()), i18n::join_values(allowed)})));
  return {};
}

// <status list="Delta Chat" value="ok|preparation|broken">: how a client's provider list rates the
// provider (Delta Chat: BROKEN means its users cannot use the provider with it).
void add_list_status(FactContext& ctx, Provider& p, const pugi::xml_node& n) {
  const std::string list = attr(n, "list");
  const std::string value = read_choice(ctx, n, {"ok", "preparation", "broken"});
  if (value.empty()) return;
  if (list.empty()) {
    ctx.result.warnings.push_back(ctx.xml.issue(n, i18n::msg("<status> needs list (the provider list that rates it); ignored")));
    return;
  }
  note(ctx, p, n, std::string(kStatusFact), value + " (" + list + ")");
}

// <listDisagrees list="FairEmail" servers="..." follows="ISPDB">: a provider list gives other
// servers for this provider's domain; mailmend keeps the servers named by `follows`.
void add_list_disagreement(FactContext& ctx, Provider& p, const pugi::xml_node& n) {
  const std::string list = attr(n, "list"), servers = attr(n, "servers"), follows = attr(n, "follows");
  if (list.empty() || servers.empty() || follows.empty()) {
    ctx.result.warnings.push_back(ctx.xml.issue(n, i18n::msg("<listDisagrees> needs list, servers and follows; ignored")));
    return;
  }
  note(ctx, p, n, std::string(kListDisagreesFact), list + " lists " + servers + "; mailmend follows " + follows);
}

void apply_fact(FactContext& ctx, Provider& p, const pugi::xml_node& n) {
  std::string_view name = n.name();
  if (name == "oauth2Only") {
    p.oauth2_only = read_flag(ctx, n);
    p.oauth2_only_smtp_from = read_date(ctx, n, "smtpFrom");
    note(ctx, p, n, "oauth2_only",
         std::string(p.oauth2_only ? "true" : "false") +
             (p.oauth2_only_smtp_from.empty() ? "" : " (SMTP from " + p.oauth2_only_smtp_from + ")"));
  } else if (name == "appPasswordRequired") {
    p.app_password_required = read_flag(ctx, n);
    note(ctx, p, n, "app_password_required", p.app_password_required ? "true" : "false");
  } else if (name == "imapMustBeEnabled") {
    p.imap_must_be_enabled = read_flag(ctx, n);
    note(ctx, p, n, "imap_must_be_enabled", p.imap_must_be_enabled ? "true" : "false");
  } else if (name == "retiredHost") {
    RetiredHost r{util::to_lower(attr(n, "host")), attr(n, "replacement"), attr(n, "since"), attr(n, "note")};
    if (r.host.empty()) {
      ctx.result.warnings.push_back(ctx.xml.issue(n, i18n::msg("<retiredHost> without host ignored")));
      return;
    }
    note(ctx, p, n, "retired_host", r.host + " -> " + r.replacement);
    p.retired.push_back(std::move(r));
  } else if (name == "server") {
    auto s = read_server(ctx, n);
    if (!s) return;
    std::string direction = attr(n, "direction");
    note(ctx, p, n, direction + "_server", s->hostname + ":" + std::to_string(s->port));
    (direction == "outgoing" ? p.outgoing : p.incoming).push_back(std::move(*s));
  } else if (name == "acceptedServer") {
    add_accepted_server(ctx, p, n);
  } else if (name == "acceptedUsername") {
    add_accepted_username(ctx, p, n);
  } else if (name == "domain") {
    add_domain(ctx, p, n, util::to_lower(util::trim(n.child_value())));
  } else if (name == "mxHost") {
    add_mx_host(ctx, p, n);
  } else if (name == "oauth2Supported") {
    note(ctx, p, n, "oauth2_supported", read_flag(ctx, n) ? "true" : "false");
  } else if (name == "maxTls") {
    const std::string v = read_choice(ctx, n, {"1.0", "1.1", "1.2", "1.3"});
    if (!v.empty()) note(ctx, p, n, "max_tls", v);
  } else if (name == "status") {
    add_list_status(ctx, p, n);
  } else if (name == "listDisagrees") {
    add_list_disagreement(ctx, p, n);
  } else if (name == "documentation") {
    p.documentation_url = attr(n, "url");
    note(ctx, p, n, "documentation_url", p.documentation_url);
  } else {
    ctx.result.warnings.push_back(ctx.xml.issue(n, i18n::msg("unknown fact <{1}> ignored", {util::printable(name, 60)})));
  }
}

Provider* provider_to_amend(FactContext& ctx, const pugi::xml_node& n) {
  std::string domain = util::to_lower(attr(n, "domain"));
  if (Provider* p = provider_for_domain(ctx.result, domain)) return p;
  if (attr(n, "create") != "true") {
    ctx.result.warnings.push_back(ctx.xml.issue(n, i18n::msg("no provider holds the domain \"{1}\"; facts ignored", {domain})));
    return nullptr;
  }
  if (!domain.empty() && !is_domain_text(domain)) {
    ctx.result.warnings.push_back(ctx.xml.issue(n, i18n::msg("domain \"{1}\" is not a domain name; facts ignored", {util::printable(domain, 120)})));
    return nullptr;
  }
  Provider p;
  p.id = attr(n, "id").empty() ? domain : attr(n, "id");
  p.name = attr(n, "name").empty() ? p.id : attr(n, "name");
  p.source = ctx.file_name;
  if (!domain.empty()) p.domains.push_back(domain);
  ctx.result.providers.push_back(std::move(p));
  return &ctx.result.providers.back();
}

}  // namespace

bool is_facts_document(const std::string& bytes) { return bytes.find("<providerFacts") != std::string::npos; }

bool apply_facts(const std::string& bytes, const std::string& file, ImportResult& result) {
  auto loaded = detail::load_xml(bytes, file, result.warnings);
  if (!loaded) {
    result.errors.push_back(ImportIssue::from_error(file, loaded.error()));
    return false;
  }
  const XmlFile& xml = **loaded;
  auto root = xml.doc.document_element();
  if (std::string_view(root.name()) != "providerFacts") {
    result.errors.push_back(xml.issue(root, i18n::msg("root element is <{1}>, not <providerFacts>", {util::printable(root.name(), 60)})));
    return false;
  }
  FactContext ctx{xml, result, std::filesystem::path(file).filename().string()};
  for (auto pn : root.children("provider")) {
    Provider* p = provider_to_amend(ctx, pn);
    if (!p) continue;
    if (p->source.find(ctx.file_name) == std::string::npos) p->source += " + " + ctx.file_name;
    for (auto fact : pn.children()) {
      if (fact.type() == pugi::node_element) apply_fact(ctx, *p, fact);
    }
  }
  return true;
}

}  // namespace providers
