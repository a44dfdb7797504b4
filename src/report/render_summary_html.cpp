// The fleet dashboard: one HTML file with its style, script, data and charts (inline SVG) inside,
// so it opens from a file share without any network. Every value from a report is escaped: text
// and attributes through html(), the data block through script_json(), and the script builds the
// findings table from text nodes only.
#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

#include "report/dashboard_assets.hpp"
#include "report/json_writer.hpp"
#include "report/summary.hpp"
#include "util/text.hpp"

namespace report {
namespace {

constexpr std::size_t kTopRules = 15;
constexpr std::size_t kHostsListed = 200;
// The findings table's rows in the file; more would make a file browsers open slowly.
constexpr std::size_t kMaxTableRows = 200000;

std::string html(std::string_view text) {
  std::string out;
  for (char c : util::valid_utf8(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// A value inside a URL fragment ("#host=..."): everything but unreserved characters percent-encoded.
std::string fragment_value(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : util::valid_utf8(text)) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// JSON that cannot end the <script> element it sits in: '<', '>' and '&' only occur inside
// strings, where \u escapes mean the same.
std::string script_json(std::string_view compact_json) {
  std::string out;
  out.reserve(compact_json.size());
  for (char c : compact_json) {
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out += c;
  }
  return out;
}

std::string severity_badge(const std::string& severity) {
  const bool known = severity == "error" || severity == "warning" || severity == "info";
  return "<span class=\"sev" + (known ? " " + severity : std::string()) + "\">" + html(severity) + "</span>";
}

// A horizontal bar of `value` out of `max`, `width` pixels at most.
std::string bar(std::size_t value, std::size_t max, const char* colour, int width = 120) {
  const int w = max ? static_cast<int>(static_cast<double>(value) * width / static_cast<double>(max) + 0.5) : 0;
  return "<svg class=\"bar\" width=\"" + std::to_string(width) + "\" height=\"10\" role=\"img\" aria-label=\"" +
         std::to_string(value) + "\"><rect width=\"" + std::to_string(std::max(w, value ? 1 : 0)) +
         "\" height=\"10\" rx=\"2\" fill=\"" + colour + "\"/></svg>";
}

std::string card(const char* id, std::size_t n, const char* label, const char* cls = "") {
  return std::string("<div class=\"card ") + cls + "\"><span class=\"n\" id=\"" + id + "\">" + std::to_string(n) +
         "</span><span class=\"l\">" + label + "</span></div>";
}

// Errors, warnings and infos as one stacked bar.
std::string severity_chart(const FleetSummary& s) {
  const double total = static_cast<double>(s.errors + s.warnings + s.infos);
  std::string out = "<svg class=\"bar\" viewBox=\"0 0 1000 14\" preserveAspectRatio=\"none\" width=\"100%\" height=\"14\" "
                    "role=\"img\" aria-label=\"findings by severity\">";
  double x = 0;
  for (auto [n, colour] : {std::pair{s.errors, "#b42318"}, {s.warnings, "#b54708"}, {s.infos, "#175cd3"}}) {
    if (total == 0 || n == 0) continue;
    const double w = 1000.0 * static_cast<double>(n) / total;
    std::ostringstream rect;
    rect << "<rect x=\"" << x << "\" width=\"" << w << "\" height=\"14\" fill=\"" << colour << "\"/>";
    out += rect.str();
    x += w;
  }
  return out + "</svg>";
}

std::string top_rules(const FleetSummary& s) {
  std::vector<const FleetSummary::RuleCount*> rules;
  for (const auto& r : s.rules) rules.push_back(&r);
  std::stable_sort(rules.begin(), rules.end(), [](auto a, auto b) { return a->hosts > b->hosts; });
  if (rules.size() > kTopRules) rules.resize(kTopRules);
  const std::size_t max = rules.empty() ? 0 : rules.front()->hosts;
  std::string out =
      "<section class=\"panel\" id=\"top-rules\"><h2>Top rules by hosts affected</h2><div class=\"scroll\"><table><thead><tr>"
      "<th>rule</th><th>severity</th><th class=\"num\">hosts</th><th class=\"barcell\"></th><th class=\"num\">findings</th></tr></thead><tbody>";
  for (const auto* r : rules) {
    out += "<tr data-rule=\"" + html(r->rule) + "\" data-hosts=\"" + std::to_string(r->hosts) + "\" data-findings=\"" +
           std::to_string(r->findings) + "\"><td><a href=\"#explain-" + html(fragment_value(r->rule)) + "\">" + html(r->rule) +
           "</a> · <a href=\"#rule=" + html(fragment_value(r->rule)) + "\">show</a></td><td>" + severity_badge(r->severity) +
           "</td><td class=\"num\">" + std::to_string(r->hosts) + "</td><td class=\"barcell\">" + bar(r->hosts, max, "#b42318") +
           "</td><td class=\"num\">" + std::to_string(r->findings) + "</td></tr>";
  }
  if (rules.empty()) out += "<tr><td colspan=\"5\">No findings.</td></tr>";
  return out + "</tbody></table></div></section>";
}

template <class Count>
std::string breakdown(const char* id, const char* title, const char* column, const std::vector<Count>& counts,
                      std::string (*name)(const Count&)) {
  std::size_t max = 0;
  for (const auto& c : counts) max = std::max(max, c.accounts);
  std::string out = std::string("<section class=\"panel\" id=\"") + id + "\"><h2>" + title +
                    "</h2><div class=\"scroll\"><table><thead><tr><th>" + column +
                    "</th><th class=\"num\">accounts</th><th class=\"barcell\"></th><th class=\"num\">hosts</th><th class=\"num\">findings</th>"
                    "</tr></thead><tbody>";
  for (const auto& c : counts) {
    out += "<tr><td>" + html(name(c)) + "</td><td class=\"num\">" + std::to_string(c.accounts) + "</td><td class=\"barcell\">" +
           bar(c.accounts, max, "#175cd3", 90) + "</td><td class=\"num\">" + std::to_string(c.hosts) +
           "</td><td class=\"num\">" + std::to_string(c.findings) + "</td></tr>";
  }
  if (counts.empty()) out += "<tr><td colspan=\"5\">None.</td></tr>";
  return out + "</tbody></table></div></section>";
}

std::string provider_name(const FleetSummary::ProviderCount& p) { return p.provider; }
std::string client_name(const FleetSummary::ClientCount& c) { return c.client; }

std::string host_link(const std::string& name) {
  return "<a href=\"#host=" + html(fragment_value(name)) + "\">" + html(name) + "</a>";
}

std::string more_line(std::size_t listed, std::size_t total) {
  if (listed >= total) return {};
  return "<p class=\"note\">and " + std::to_string(total - listed) + " more (--format json or csv lists them all)</p>";
}

std::string error_hosts(const FleetSummary& s) {
  std::string out = "<section class=\"panel\" id=\"error-hosts\"><h2>Hosts with errors (" +
                    std::to_string(s.hosts_with_errors) + ")</h2>";
  if (s.error_hosts.empty()) return out + "<p>None.</p></section>";
  out += "<ul class=\"hosts\">";
  for (std::size_t i = 0; i < s.error_hosts.size() && i < kHostsListed; ++i) out += "<li>" + host_link(s.error_hosts[i]) + "</li>";
  return out + "</ul>" + more_line(std::min(kHostsListed, s.error_hosts.size()), s.error_hosts.size()) + "</section>";
}

std::string stale_hosts(const FleetSummary& s) {
  std::string out = "<section class=\"panel\" id=\"stale-hosts\"><h2>Stale hosts (" + std::to_string(s.stale_hosts) +
                    "): no report in the last " + std::to_string(s.stale_days) + " days</h2>";
  if (s.stale_hosts == 0) return out + "<p>None.</p></section>";
  std::vector<const FleetSummary::Host*> stale;
  for (const auto& h : s.host_list) {
    if (h.stale) stale.push_back(&h);
  }
  std::stable_sort(stale.begin(), stale.end(), [](auto a, auto b) { return a->age_days.value_or(1 << 30) > b->age_days.value_or(1 << 30); });
  out += "<div class=\"scroll\"><table><thead><tr><th>host</th><th>newest report</th><th class=\"num\">days ago</th></tr></thead><tbody>";
  for (std::size_t i = 0; i < stale.size() && i < kHostsListed; ++i) {
    const auto& h = *stale[i];
    out += "<tr><td>" + host_link(h.name) + "</td><td>" + html(h.generated_at.empty() ? "(no time)" : h.generated_at) +
           "</td><td class=\"num\">" + (h.age_days ? std::to_string(*h.age_days) : "?") + "</td></tr>";
  }
  return out + "</tbody></table></div>" + more_line(std::min(kHostsListed, stale.size()), stale.size()) + "</section>";
}

std::string findings_table() {
  std::string out = "<section class=\"panel\" id=\"findings\"><h2>Findings</h2><div class=\"controls\">"
                    "<input id=\"table-search\" type=\"search\" placeholder=\"Search rule, host, provider, client\" aria-label=\"search\">";
  for (const char* k : {"rule", "severity", "provider", "client"}) {
    out += std::string("<select id=\"filter-") + k + "\" aria-label=\"" + k + "\"><option value=\"\">every " + k + "</option></select>";
  }
  out += "<button type=\"button\" id=\"table-clear\">clear</button><span id=\"table-filters\"></span></div>"
         "<p class=\"note\" id=\"table-status\">The findings table needs JavaScript.</p><div class=\"scroll\"><table><thead><tr>";
  for (const char* k : {"rule", "severity", "provider", "client", "host", "findings"}) {
    out += std::string("<th class=\"sortable") + (k == std::string("findings") ? " num" : "") + "\" data-key=\"" + k + "\">" + k + "</th>";
  }
  return out + "</tr></thead><tbody id=\"findings-body\"></tbody></table></div>"
               "<button type=\"button\" id=\"table-more\" hidden>show more</button></section>";
}

std::string explanations(const FleetSummary& s, const std::vector<core::RuleGroup>& catalogue) {
  std::map<std::string, const core::RuleInfo*, std::less<>> known;
  for (const auto& group : catalogue) {
    for (const auto& r : group.rules) known.emplace(std::string(r.id), &r);
  }
  std::vector<std::string> ids;
  for (const auto& r : s.rules) ids.push_back(r.rule);
  std::sort(ids.begin(), ids.end());
  std::string out = "<section class=\"panel\" id=\"explanations\"><h2>What the rules mean</h2><dl class=\"explain\">";
  for (const auto& id : ids) {
    auto it = known.find(id);
    out += "<dt id=\"explain-" + html(fragment_value(id)) + "\">" + html(id) + "</dt><dd>" +
           (it != known.end() ? html(it->second->summary) + " (usually " + std::string(core::to_string(it->second->severity)) + ")"
                              : std::string("Not a rule of this mailmend (a newer or older version wrote it).")) +
           "</dd>";
  }
  if (ids.empty()) out += "<dt>No findings.</dt>";
  return out + "</dl><p class=\"note\"><code>mailmend rules</code> lists every rule.</p></section>";
}

std::string problems(const FleetSummary& s) {
  if (s.problems.empty() && s.empty_inputs.empty()) return {};
  std::string out = "<section class=\"panel\" id=\"problems\"><h2>Unreadable (" + std::to_string(s.unreadable_reports) + ")</h2><ul>";
  for (const auto& p : s.problems) out += "<li>" + html(p) + "</li>";
  for (const auto& f : s.empty_inputs) out += "<li>" + html(f) + ": no report in this folder</li>";
  return out + "</ul>" + more_line(s.problems.size(), s.unreadable_reports) + "</section>";
}

// The findings table's data, compact JSON (keys sorted, as everywhere): names listed once, rows
// of numbers pointing into them.
std::string table_data(const FleetSummary& s) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("clients").begin_array();
  for (const auto& c : s.clients) w.value(c.client);
  w.end_array().key("hosts").begin_array();
  for (const auto& h : s.host_list) w.value(h.name);
  w.end_array().key("providers").begin_array();
  for (const auto& p : s.providers) w.value(p.provider);
  w.end_array().key("rows").begin_array();
  for (std::size_t i = 0; i < s.rows.size() && i < kMaxTableRows; ++i) {
    const auto& r = s.rows[i];
    w.begin_array().value(r.host).value(r.rule).value(r.severity).value(r.provider).value(r.client).value(r.findings);
    w.end_array();
  }
  w.end_array().member("rows_left_out", s.rows.size() > kMaxTableRows ? s.rows.size() - kMaxTableRows : 0);
  w.key("rules").begin_array();
  for (const auto& r : s.rules) w.value(r.rule);
  w.end_array().key("severities").strings(s.severities).end_object();
  return out;
}

std::string header(const FleetSummary& s) {
  std::string notes;
  if (s.superseded_reports) notes += " · " + std::to_string(s.superseded_reports) + " older reports of the same hosts left out";
  if (s.stale_accounts) notes += " · " + std::to_string(s.stale_accounts) + " stale accounts left out";
  return "<header><h1>Mail settings across the fleet</h1><p class=\"meta\">" + std::to_string(s.reports) + " reports from " +
         std::to_string(s.hosts) + " hosts · measured at " + html(s.now) + " · a host is stale after " +
         std::to_string(s.stale_days) + " days without a report" + notes + "</p></header>";
}

}  // namespace

std::string render_summary_html(const FleetSummary& s, const std::vector<core::RuleGroup>& rules) {
  std::string out =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'; img-src data:\">"
      "<title>mailmend fleet summary</title><style>";
  out += dashboard::kStyle;
  out += "</style></head><body>" + header(s) + "<main><div class=\"cards\" id=\"counts\">" +
         card("count-errors", s.errors, "errors", "error") + card("count-warnings", s.warnings, "warnings", "warning") +
         card("count-infos", s.infos, "infos", "info") + card("count-hosts", s.hosts, "hosts") +
         card("count-hosts-with-errors", s.hosts_with_errors, "hosts with errors", "error") +
         card("count-stale-hosts", s.stale_hosts, "stale hosts") + card("count-accounts", s.accounts, "accounts") +
         card("count-unreadable", s.unreadable_reports, "unreadable") + "</div>" + severity_chart(s) + top_rules(s) +
         "<div class=\"grid2\">" + breakdown("providers", "Providers", "provider", s.providers, &provider_name) +
         breakdown("clients", "Clients", "client", s.clients, &client_name) + "</div><div class=\"grid2\">" + error_hosts(s) +
         stale_hosts(s) + "</div>" + findings_table() + explanations(s, rules) + problems(s) +
         "</main><footer>mailmend " MAILMEND_VERSION " · one self-contained file: no network is used</footer>"
         "<script type=\"application/json\" id=\"fleet-data\">" + script_json(table_data(s)) + "</script><script>";
  out += dashboard::kScript;
  return out + "</script></body></html>\n";
}

}  // namespace report
