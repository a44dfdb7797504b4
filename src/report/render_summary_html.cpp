// The fleet dashboard: one HTML file with its style, script, data and charts (inline SVG) inside,
// so it opens from a file share without any network. Every value from a report is escaped: text
// and attributes through html(), the data block through script_json(), and the script builds the
// findings table from text nodes only. Its human texts are in the run's language (i18n::tr): the
// script's own ones come in the data block's "texts" member.
#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <map>
#include <sstream>

#include "i18n/messages.hpp"
#include "report/dashboard_assets.hpp"
#include "report/json_writer.hpp"
#include "report/summary.hpp"
#include "util/text.hpp"

namespace report {
namespace {

using i18n::tr;

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

// A text of the page (translated already) escaped, its placeholders filled with `markup`: values
// escaped already, links, numbers.
std::string page_text(std::string_view translated, std::initializer_list<std::string_view> markup = {}) {
  return i18n::format(html(translated), markup);
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

std::string card(const char* id, std::size_t n, std::string_view label, const char* cls = "") {
  return std::string("<div class=\"card ") + cls + "\"><span class=\"n\" id=\"" + id + "\">" + std::to_string(n) +
         "</span><span class=\"l\">" + page_text(label) + "</span></div>";
}

// Errors, warnings and infos as one stacked bar.
std::string severity_chart(const FleetSummary& s) {
  const double total = static_cast<double>(s.errors + s.warnings + s.infos);
  std::string out = "<svg class=\"bar\" viewBox=\"0 0 1000 14\" preserveAspectRatio=\"none\" width=\"100%\" height=\"14\" "
                    "role=\"img\" aria-label=\"" + page_text(tr("findings by severity")) + "\">";
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
  std::string out = "<section class=\"panel\" id=\"top-rules\"><h2>" + page_text(tr("Top rules by hosts affected")) +
                    "</h2><div class=\"scroll\"><table><thead><tr><th>" + page_text(tr("rule")) + "</th><th>" +
                    page_text(tr("severity")) + "</th><th class=\"num\">" + page_text(tr("hosts")) +
                    "</th><th class=\"barcell\"></th><th class=\"num\">" + page_text(tr("findings")) + "</th></tr></thead><tbody>";
  for (const auto* r : rules) {
    out += "<tr data-rule=\"" + html(r->rule) + "\" data-hosts=\"" + std::to_string(r->hosts) + "\" data-findings=\"" +
           std::to_string(r->findings) + "\"><td><a href=\"#explain-" + html(fragment_value(r->rule)) + "\">" + html(r->rule) +
           "</a> · <a href=\"#rule=" + html(fragment_value(r->rule)) + "\">" + page_text(tr("show")) + "</a></td><td>" +
           severity_badge(r->severity) + "</td><td class=\"num\">" + std::to_string(r->hosts) + "</td><td class=\"barcell\">" + bar(r->hosts, max, "#b42318") +
           "</td><td class=\"num\">" + std::to_string(r->findings) + "</td></tr>";
  }
  if (rules.empty()) out += "<tr><td colspan=\"5\">" + page_text(tr("No findings.")) + "</td></tr>";
  return out + "</tbody></table></div></section>";
}

template <class Count>
std::string breakdown(const char* id, std::string_view title, std::string_view column, const std::vector<Count>& counts,
                      std::string (*name)(const Count&)) {
  std::size_t max = 0;
  for (const auto& c : counts) max = std::max(max, c.accounts);
  std::string out = std::string("<section class=\"panel\" id=\"") + id + "\"><h2>" + page_text(title) +
                    "</h2><div class=\"scroll\"><table><thead><tr><th>" + page_text(column) + "</th><th class=\"num\">" +
                    page_text(tr("accounts")) + "</th><th class=\"barcell\"></th><th class=\"num\">" + page_text(tr("hosts")) +
                    "</th><th class=\"num\">" + page_text(tr("findings")) + "</th></tr></thead><tbody>";
  for (const auto& c : counts) {
    out += "<tr><td>" + html(name(c)) + "</td><td class=\"num\">" + std::to_string(c.accounts) + "</td><td class=\"barcell\">" +
           bar(c.accounts, max, "#175cd3", 90) + "</td><td class=\"num\">" + std::to_string(c.hosts) +
           "</td><td class=\"num\">" + std::to_string(c.findings) + "</td></tr>";
  }
  if (counts.empty()) out += "<tr><td colspan=\"5\">" + page_text(tr("None.")) + "</td></tr>";
  return out + "</tbody></table></div></section>";
}

std::string provider_name(const FleetSummary::ProviderCount& p) { return p.provider; }
std::string client_name(const FleetSummary::ClientCount& c) { return c.client; }

std::string host_link(const std::string& name) {
  return "<a href=\"#host=" + html(fragment_value(name)) + "\">" + html(name) + "</a>";
}

std::string more_line(std::size_t listed, std::size_t total) {
  if (listed >= total) return {};
  return "<p class=\"note\">" +
         page_text(tr("and {1} more (--format json or csv lists them all)"), {std::to_string(total - listed)}) + "</p>";
}

std::string error_hosts(const FleetSummary& s) {
  std::string out = "<section class=\"panel\" id=\"error-hosts\"><h2>" +
                    page_text(tr("Hosts with errors ({1})"), {std::to_string(s.hosts_with_errors)}) + "</h2>";
  if (s.error_hosts.empty()) return out + "<p>" + page_text(tr("None.")) + "</p></section>";
  out += "<ul class=\"hosts\">";
  for (std::size_t i = 0; i < s.error_hosts.size() && i < kHostsListed; ++i) out += "<li>" + host_link(s.error_hosts[i]) + "</li>";
  return out + "</ul>" + more_line(std::min(kHostsListed, s.error_hosts.size()), s.error_hosts.size()) + "</section>";
}

std::string stale_hosts(const FleetSummary& s) {
  std::string out = "<section class=\"panel\" id=\"stale-hosts\"><h2>" +
                    page_text(tr("Stale hosts ({1}): no report in the last {2} days"),
                              {std::to_string(s.stale_hosts), std::to_string(s.stale_days)}) +
                    "</h2>";
  if (s.stale_hosts == 0) return out + "<p>" + page_text(tr("None.")) + "</p></section>";
  std::vector<const FleetSummary::Host*> stale;
  for (const auto& h : s.host_list) {
    if (h.stale) stale.push_back(&h);
  }
  std::stable_sort(stale.begin(), stale.end(), [](auto a, auto b) { return a->age_days.value_or(1 << 30) > b->age_days.value_or(1 << 30); });
  out += "<div class=\"scroll\"><table><thead><tr><th>" + page_text(tr("host")) + "</th><th>" + page_text(tr("newest report")) +
         "</th><th class=\"num\">" + page_text(tr("days ago")) + "</th></tr></thead><tbody>";
  for (std::size_t i = 0; i < stale.size() && i < kHostsListed; ++i) {
    const auto& h = *stale[i];
    out += "<tr><td>" + host_link(h.name) + "</td><td>" + (h.generated_at.empty() ? page_text(tr("(no time)")) : html(h.generated_at)) +
           "</td><td class=\"num\">" + (h.age_days ? std::to_string(*h.age_days) : "?") + "</td></tr>";
  }
  return out + "</tbody></table></div>" + more_line(std::min(kHostsListed, stale.size()), stale.size()) + "</section>";
}

// A column of the findings table (and its filters) by its key, in the run's language.
std::string_view column_label(std::string_view key) {
  if (key == "rule") return tr("rule");
  if (key == "severity") return tr("severity");
  if (key == "provider") return tr("provider");
  if (key == "client") return tr("client");
  if (key == "host") return tr("host");
  return tr("findings");
}

// The first option of a filter: no filter on that column.
std::string_view every_label(std::string_view key) {
  if (key == "rule") return tr("every rule");
  if (key == "severity") return tr("every severity");
  if (key == "provider") return tr("every provider");
  return tr("every client");
}

std::string findings_table() {
  std::string out = "<section class=\"panel\" id=\"findings\"><h2>" + page_text(tr("Findings")) +
                    "</h2><div class=\"controls\"><input id=\"table-search\" type=\"search\" placeholder=\"" +
                    page_text(tr("Search rule, host, provider, client")) + "\" aria-label=\"" + page_text(tr("search")) + "\">";
  for (const char* k : {"rule", "severity", "provider", "client"}) {
    out += std::string("<select id=\"filter-") + k + "\" aria-label=\"" + page_text(column_label(k)) + "\"><option value=\"\">" +
           page_text(every_label(k)) + "</option></select>";
  }
  out += "<button type=\"button\" id=\"table-clear\">" + page_text(tr("clear")) +
         "</button><span id=\"table-filters\"></span></div><p class=\"note\" id=\"table-status\">" +
         page_text(tr("The findings table needs JavaScript.")) + "</p><div class=\"scroll\"><table><thead><tr>";
  for (const char* k : {"rule", "severity", "provider", "client", "host", "findings"}) {
    out += std::string("<th class=\"sortable") + (k == std::string("findings") ? " num" : "") + "\" data-key=\"" + k + "\">" +
           page_text(column_label(k)) + "</th>";
  }
  return out + "</tr></thead><tbody id=\"findings-body\"></tbody></table></div>"
               "<button type=\"button\" id=\"table-more\" hidden>" + page_text(tr("show more")) + "</button></section>";
}

std::string explanations(const FleetSummary& s, const std::vector<core::RuleGroup>& catalogue) {
  std::map<std::string, const core::RuleInfo*, std::less<>> known;
  for (const auto& group : catalogue) {
    for (const auto& r : group.rules) known.emplace(std::string(r.id), &r);
  }
  std::vector<std::string> ids;
  for (const auto& r : s.rules) ids.push_back(r.rule);
  std::sort(ids.begin(), ids.end());
  std::string out = "<section class=\"panel\" id=\"explanations\"><h2>" + page_text(tr("What the rules mean")) + "</h2><dl class=\"explain\">";
  for (const auto& id : ids) {
    auto it = known.find(id);
    out += "<dt id=\"explain-" + html(fragment_value(id)) + "\">" + html(id) + "</dt><dd>" +
           (it != known.end() ? page_text(tr("{1} (usually {2})"),
                                          {html(tr(it->second->summary)), core::to_string(it->second->severity)})
                              : page_text(tr("Not a rule of this mailmend (a newer or older version wrote it)."))) +
           "</dd>";
  }
  if (ids.empty()) out += "<dt>" + page_text(tr("No findings.")) + "</dt>";
  return out + "</dl><p class=\"note\">" + page_text(tr("{1} lists every rule."), {"<code>mailmend rules</code>"}) + "</p></section>";
}

std::string problems(const FleetSummary& s) {
  if (s.problems.empty() && s.empty_inputs.empty()) return {};
  std::string out = "<section class=\"panel\" id=\"problems\"><h2>" +
                    page_text(tr("Unreadable ({1})"), {std::to_string(s.unreadable_reports)}) + "</h2><ul>";
  for (std::size_t i = 0; i < s.problems.size(); ++i) out += "<li>" + html(s.problem_shown(i)) + "</li>";
  for (const auto& f : s.empty_inputs) out += "<li>" + page_text(tr("{1}: no report in this folder"), {html(f)}) + "</li>";
  return out + "</ul>" + more_line(s.problems.size(), s.unreadable_reports) + "</section>";
}

// The texts the script shows, in the run's language ({1}.. filled by the script).
void script_texts(JsonWriter& w) {
  w.begin_object().key("columns").begin_object();
  for (const char* k : {"client", "host", "provider", "rule", "severity"}) w.member(k, column_label(k));
  w.end_object();
  w.member("rows_left_out", tr("{1}; {2} rows are not in this file (use --format sqlite for all)"));
  w.member("rows_shown", tr("Showing {1} of {2} rows ({3} findings)"));
  w.end_object();
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
  w.end_array().key("severities").strings(s.severities);
  script_texts(w.key("texts"));
  w.end_object();
  return out;
}

std::string header(const FleetSummary& s) {
  std::string meta = page_text(tr("{1} reports from {2} hosts"), {std::to_string(s.reports), std::to_string(s.hosts)}) + " · " +
                     page_text(tr("measured at {1}"), {html(s.now)}) + " · " +
                     page_text(tr("a host is stale after {1} days without a report"), {std::to_string(s.stale_days)});
  if (s.superseded_reports) {
    meta += " · " + page_text(tr("{1} older reports of the same hosts left out"), {std::to_string(s.superseded_reports)});
  }
  if (s.stale_accounts) meta += " · " + page_text(tr("{1} stale accounts left out"), {std::to_string(s.stale_accounts)});
  return "<header><h1>" + page_text(tr("Mail settings across the fleet")) + "</h1><p class=\"meta\">" + meta + "</p></header>";
}

}  // namespace

std::string render_summary_html(const FleetSummary& s, const std::vector<core::RuleGroup>& rules) {
  std::string out =
      "<!doctype html>\n<html lang=\"" + std::string(i18n::tag(i18n::language())) + "\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'; img-src data:\">"
      "<title>" + page_text(tr("mailmend fleet summary")) + "</title><style>";
  out += dashboard::kStyle;
  out += "</style></head><body>" + header(s) + "<main><div class=\"cards\" id=\"counts\">" +
         card("count-errors", s.errors, tr("errors"), "error") + card("count-warnings", s.warnings, tr("warnings"), "warning") +
         card("count-infos", s.infos, tr("infos"), "info") + card("count-hosts", s.hosts, tr("hosts")) +
         card("count-hosts-with-errors", s.hosts_with_errors, tr("hosts with errors"), "error") +
         card("count-stale-hosts", s.stale_hosts, tr("stale hosts")) + card("count-accounts", s.accounts, tr("accounts")) +
         card("count-unreadable", s.unreadable_reports, tr("unreadable")) + "</div>" + severity_chart(s) + top_rules(s) +
         "<div class=\"grid2\">" + breakdown("providers", tr("Providers"), tr("provider"), s.providers, &provider_name) +
         breakdown("clients", tr("Clients"), tr("client"), s.clients, &client_name) + "</div><div class=\"grid2\">" +
         error_hosts(s) + stale_hosts(s) + "</div>" + findings_table() + explanations(s, rules) + problems(s) +
         "</main><footer>mailmend " MAILMEND_VERSION " · " + page_text(tr("one self-contained file: no network is used")) +
         "</footer>"
         "<script type=\"application/json\" id=\"fleet-data\">" + script_json(table_data(s)) + "</script><script>";
  out += dashboard::kScript;
  return out + "</script></body></html>\n";
}

}  // namespace report
