#include "providers/lookup.hpp"

#include <sstream>

#include "util/text.hpp"

namespace providers {
namespace {

std::string auth_text(const std::vector<core::Auth>& auths) {
  std::vector<std::string> names;
  for (auto a : auths) names.emplace_back(core::to_string(a));
  return names.empty() ? "not listed" : util::join(names, ", ");
}

void render_servers(std::ostringstream& out, const char* title, const Provider& p, bool incoming,
                    const std::string& query) {
  const auto& servers = incoming ? p.incoming : p.outgoing;
  out << title << " (provider's preference order):\n";
  if (servers.empty()) out << "  none listed\n";
  int n = 1;
  for (const auto& s : servers) {
    out << "  " << n++ << ". " << (s.type.empty() ? std::string(core::to_string(s.protocol)) : s.type) << "  ";
    if (!s.hostname.empty()) {
      out << expand_for(s.hostname, query) << "  port " << s.port << "  " << core::to_string(s.security);
    } else {
      out << s.url;
    }
    if (s.accepted) out << "  (accepted, not recommended)";
    if (is_unverified_server(p, incoming, s)) out << "  (unverified)";
    out << "\n     auth " << auth_text(s.auths);
    if (!s.username.empty()) out << "; username " << expand_for(s.username, query) << " (" << describe_username(s.username) << ")";
    for (const auto& form : s.accepted_usernames) {
      out << "; also accepts " << expand_for(form, query) << " (" << describe_username(form) << ")";
    }
    out << "\n";
  }
}

const char* yes_no(bool b) { return b ? "yes" : "no"; }

nlohmann::json server_json(const Provider& p, bool incoming, const ServerSpec& s, const std::string& query) {
  nlohmann::json auths = nlohmann::json::array();
  for (auto a : s.auths) auths.push_back(std::string(core::to_string(a)));
  return {{"protocol", std::string(core::to_string(s.protocol))},
          {"type", s.type},
          {"host", expand_for(s.hostname, query)},
          {"host_template", s.hostname},
          {"port", s.port},
          {"security", std::string(core::to_string(s.security))},
          {"auth", auths},
          {"username", expand_for(s.username, query)},
          {"username_template", s.username},
          {"accepted_username_templates", s.accepted_usernames},
          {"accepted", s.accepted},
          {"unverified", is_unverified_server(p, incoming, s)},
          {"url", s.url}};
}

}  // namespace

std::string describe_username(const std::string& tmpl) {
  if (tmpl == "%EMAILADDRESS%") return "the full email address";
  if (tmpl == "%EMAILLOCALPART%") return "the part before the @";
  if (tmpl.empty()) return "not listed";
  return "template " + tmpl;
}

std::string render_lookup_text(const Provider& p, const std::string& query) {
  std::ostringstream out;
  out << query << ": " << p.name << " [" << p.id << "]\n";
  out << "Data: " << p.origin << (p.source.empty() ? "" : " (" + p.source + ")") << "\n";
  render_servers(out, "Incoming servers", p, true, query);
  render_servers(out, "Outgoing servers", p, false, query);
  out << "OAuth2 only (password login refused): " << yes_no(p.oauth2_only);
  if (p.oauth2_only && !p.oauth2_only_smtp_from.empty()) out << " (for SMTP from " << p.oauth2_only_smtp_from << ")";
  out << "\n";
  out << "App password or authorisation code instead of the web password: " << yes_no(p.app_password_required) << "\n";
  out << "IMAP/POP must be enabled in webmail first: " << yes_no(p.imap_must_be_enabled) << "\n";
  if (const FactNote* status = find_note(p, kStatusFact)) {
    out << "Status in a client's provider list: " << status->value
        << (status->last_checked.empty() ? "" : " (checked " + status->last_checked + ")") << "\n";
  }
  if (!p.retired.empty()) {
    out << "Retired hosts:\n";
    for (const auto& r : p.retired) {
      out << "  " << r.host << " -> " << (r.replacement.empty() ? "(no replacement)" : r.replacement);
      if (!r.since.empty()) out << " (since " << r.since << ")";
      if (!r.note.empty()) out << ": " << r.note;
      out << "\n";
    }
  }
  if (!p.documentation_url.empty()) out << "Documentation: " << p.documentation_url << "\n";
  out << "Last checked: " << (p.last_checked.empty() ? "unknown (ISPDB data only)" : p.last_checked) << "\n";
  if (!p.notes.empty()) {
    out << "Sources:\n";
    for (const auto& n : p.notes) {
      out << "  " << n.fact << " = " << n.value << ": " << n.source;
      if (!n.last_checked.empty()) out << " (checked " << n.last_checked << ")";
      out << "\n";
    }
  }
  return out.str();
}

nlohmann::json lookup_json(const Provider& p, const std::string& query) {
  nlohmann::json incoming = nlohmann::json::array(), outgoing = nlohmann::json::array();
  for (const auto& s : p.incoming) incoming.push_back(server_json(p, true, s, query));
  for (const auto& s : p.outgoing) outgoing.push_back(server_json(p, false, s, query));
  nlohmann::json retired = nlohmann::json::array();
  for (const auto& r : p.retired) {
    retired.push_back({{"host", r.host}, {"replacement", r.replacement}, {"since", r.since}, {"note", r.note}});
  }
  nlohmann::json facts = nlohmann::json::array();
  for (const auto& n : p.notes) {
    facts.push_back({{"fact", n.fact}, {"value", n.value}, {"source", n.source}, {"last_checked", n.last_checked}});
  }
  return {{"query", query},
          {"provider", {{"id", p.id}, {"name", p.name}, {"short_name", p.short_name}, {"domains", p.domains}}},
          {"origin", p.origin},
          {"source", p.source},
          {"incoming", incoming},
          {"outgoing", outgoing},
          {"oauth2_only", p.oauth2_only},
          {"oauth2_only_smtp_from", p.oauth2_only_smtp_from},
          {"app_password_required", p.app_password_required},
          {"imap_must_be_enabled", p.imap_must_be_enabled},
          {"list_status", find_note(p, kStatusFact) ? find_note(p, kStatusFact)->value : std::string()},
          {"retired_hosts", retired},
          {"documentation_url", p.documentation_url},
          {"last_checked", p.last_checked},
          {"facts", facts}};
}

}  // namespace providers
