#include <map>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include "i18n/messages.hpp"
#include "i18n/text.hpp"
#include "report/render.hpp"
#include "util/display_width.hpp"
#include "util/parallel.hpp"
#include "util/text.hpp"

namespace report {
namespace {

using i18n::format;
using i18n::tr;
using i18n::trn;

struct Style {
  bool colour;
  std::string paint(std::string_view code, std::string_view text) const {
    if (!colour) return std::string(text);
    return "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m";
  }
  std::string severity(core::Severity s) const {
    switch (s) {
      case core::Severity::Error: return paint("1;31", util::pad_to_width(tr("ERROR"), 7));
      case core::Severity::Warning: return paint("33", util::pad_to_width(tr("WARNING"), 7));
      case core::Severity::Info: return paint("36", util::pad_to_width(tr("INFO"), 7));
    }
    return "";
  }
  std::string status(core::SourceStatus s) const {
    std::string label(core::to_string(s));
    label.resize(7, ' ');
    return s == core::SourceStatus::Ok ? paint("32", label) : paint("1;31", label);
  }
};

// Values from users' files go through util::printable: no control bytes reach the terminal.
std::string p(std::string_view s) { return util::printable(s); }

std::string security_text(core::Security s) {
  switch (s) {
    case core::Security::None: return std::string(tr("no TLS"));
    case core::Security::StartTls: return "STARTTLS";
    case core::Security::Tls: return "SSL/TLS";
    case core::Security::Unknown: return std::string(tr("security unknown"));
  }
  return "";
}

void write_endpoint(std::ostream& out, std::string_view side, const core::Endpoint& ep) {
  out << "  " << side << "  " << core::to_string(ep.protocol) << "  ";
  if (core::is_host_audited(ep.protocol) || !ep.host.value.empty()) out << p(ep.host.value);
  if (ep.port.value > 0) out << ":" << ep.port.value;
  out << "  " << security_text(ep.security.value) << "  " << tr("auth") << " " << core::to_string(ep.auth.value);
  if (!ep.username.value.empty()) out << "  " << tr("user") << " " << p(ep.username.value);
  out << "\n";
}

// Lines of at most `width` terminal columns (a CJK character takes two), indented.
void write_wrapped(std::ostream& out, const std::string& text, std::size_t indent, std::size_t width = 100) {
  const std::string pad(indent, ' ');
  for (const auto& line : util::wrap_to_width(util::printable(text, 4000), width - indent)) out << pad << line << "\n";
}

void write_finding(std::ostream& out, const Style& st, const core::Finding& f, const std::string& for_account = {}) {
  out << "  " << st.severity(f.severity) << " " << f.rule;
  if (!f.field.empty()) out << "  " << f.field;
  std::string actual = core::field_value_text(f.actual);
  std::string expected = core::field_value_text(f.expected);
  if (!actual.empty() || !expected.empty()) {
    out << ": " << (actual.empty() ? std::string(tr("(none)")) : p(actual));
    if (!expected.empty()) out << " -> " << p(expected);
  }
  if (f.fixable) out << "  " << st.paint("32", tr("[fixable]"));
  out << "\n";
  if (!for_account.empty()) out << "           " << tr("account:") << " " << p(for_account) << "\n";
  write_wrapped(out, f.shown_message(), 11);
  if (!f.also.empty()) out << "           " << tr("also found by:") << " " << p(i18n::join_values(f.also).localized) << "\n";
  if (!f.origin.file.empty()) {
    std::string where = p(f.origin.file);
    if (f.origin.line > 0) where += ":" + std::to_string(f.origin.line);
    if (!f.origin.key.empty()) {
      where += " (" + p(f.origin.key) + (f.origin.is_default ? std::string(tr(", not set: default")) : "") + ")";
    }
    out << "           " << format(tr("at {1}"), {where}) << "\n";
  }
}

std::string tls_version_label(std::string_view version) {
  if (version.rfind("TLSv", 0) == 0) return "TLS " + std::string(version.substr(4));
  return std::string(version);
}

std::string security_part(const core::ProbeResult& p) {
  const std::string version = p.tls ? tls_version_label(p.tls->version) : std::string("TLS");
  switch (p.observed_security) {
    case core::Security::Tls: return version;
    case core::Security::StartTls: return p.tls ? format(tr("STARTTLS, {1}"), {version}) : std::string(tr("STARTTLS offered"));
    case core::Security::None: return std::string(tr("no TLS"));
    case core::Security::Unknown: break;
  }
  if (p.silent) return std::string(tr("connects, then silence"));
  if (!p.tls_error.empty()) return format(tr("TLS fails: {1}"), {util::printable(p.tls_error, 80)});
  return std::string(tr("unknown security"));
}

std::string certificate_part(const core::ProbeCertificate& c) {
  if (c.expired) return format(tr("certificate expired {1}"), {c.not_after.substr(0, 10)});
  if (c.not_yet_valid) return format(tr("certificate valid only from {1}"), {c.not_before.substr(0, 10)});
  const auto days = static_cast<unsigned long>(c.days_left < 0 ? 0 : c.days_left);
  std::string text = format(trn("certificate valid {1} day", "certificate valid {1} days", days), {std::to_string(c.days_left)});
  if (!c.chain_trusted) text += tr(", untrusted");
  if (!c.hostname_match) text += tr(", other host name");
  return text;
}

}  // namespace

// How the probe went when the client uses a proxy: through it, or not (a proxy it cannot use).
std::string proxy_part(const core::ProbeResult& p) {
  if (p.target.proxy.empty()) return {};
  if (p.via_proxy) return format(tr("via the client's proxy {1}"), {util::printable(p.target.proxy)});
  return format(tr("direct, not through the client's proxy {1}"), {util::printable(p.target.proxy)});
}

std::string probe_summary_line(const core::ProbeResult& p) {
  const std::string dot = " \u00b7 ";
  std::string line = util::printable(p.target.host) + ":" + std::to_string(p.target.port);
  if (const auto proxy = proxy_part(p); !proxy.empty()) line += dot + proxy;
  if (!p.dns_error.empty()) return line + dot + std::string(tr("name does not resolve"));
  if (!p.addresses.empty() && !core::connected_anywhere(p)) {
    return line + dot + format(tr("no connection ({1})"), {core::address_outcomes(p)});
  }
  line += dot + security_part(p);
  if (p.certificate) line += dot + certificate_part(*p.certificate);
  if (!core::capabilities_at_login(p).empty() || !p.auth_mechanisms.empty()) {
    line += dot + (p.auth_mechanisms.empty() ? std::string(tr("no AUTH")) : "AUTH " + util::printable(util::join(p.auth_mechanisms, " ")));
  }
  if (!p.error.empty() && p.observed_security != core::Security::Unknown) line += dot + util::printable(p.error, 80);
  return line;
}

namespace {

std::string account_title(const core::Account& a) {
  return a.email.empty() ? (a.name.empty() ? a.key : a.name) : a.email;
}

void write_account(std::ostream& out, const Style& st, const core::AccountReport& ar,
                   const std::vector<const core::Finding*>& findings) {
  const auto& a = ar.account;
  std::string title = account_title(a);
  out << st.paint("1", p(title)) << "  (" << a.client << " " << p(a.key);
  if (!a.profile.empty()) out << format(tr(", profile {1}"), {p(a.profile)});
  out << ")";
  if (ar.provider) {
    out << "  " << format(tr("provider: {1} (by {2} {3})"), {p(ar.provider->name), ar.provider->matched_by, p(ar.provider->matched_on)});
  }
  out << "\n  " << format(tr("source: {1}"), {p(a.source)}) << "\n";
  if (a.managed) out << "  " << tr("managed: settings come from a profile or provider account; mailmend will not change them") << "\n";
  if (a.stale) out << "  " << tr("stale: this file is a leftover the client no longer reads; mailmend will not change it") << "\n";
  if (a.incoming) write_endpoint(out, tr("incoming"), *a.incoming);
  if (a.outgoing) write_endpoint(out, tr("outgoing"), *a.outgoing);
  if (findings.empty()) out << "  " << st.paint("32", "OK") << "  " << tr("no problems found") << "\n";
  for (const auto* f : findings) write_finding(out, st, *f);
  out << "\n";
}

// Each probed endpoint: one line of what the server speaks, then its findings with the account
// each is for.
void write_probes(std::ostream& out, const Style& st, const core::Report& report) {
  out << format(tr("Servers probed ({1})"), {std::to_string(report.probes->size())}) << "\n";
  if (report.probes->empty()) out << "  " << tr("no server to probe") << "\n";
  std::map<std::string, std::string> titles;
  for (const auto& ar : report.accounts) {
    titles[ar.account.id] = account_title(ar.account) + " (" + ar.account.client + " " + ar.account.key + ")";
  }
  for (const auto& probe : *report.probes) {
    out << "  " << st.paint("1", probe_summary_line(probe)) << "\n";
    for (const auto& f : report.findings) {
      if (f.probe != probe.id) continue;
      const auto title = titles.find(f.account);
      write_finding(out, st, f, title == titles.end() ? f.account : title->second);
    }
  }
  out << "\n";
}

// Each account's findings, by account id (viewing the report's strings).
using FindingsByAccount = std::unordered_map<std::string_view, std::vector<const core::Finding*>>;

// The text of `count` items, written by write(out, i) in order, in parts of `per_part` items
// written on up to `threads` threads (a terminal server's thousands of homes), appended to `pieces`.
template <class Write>
void render_in_parts(std::size_t count, std::size_t per_part, unsigned threads, std::vector<std::string>& pieces,
                     const Write& write) {
  const std::size_t parts = (count + per_part - 1) / per_part;
  std::vector<std::string> text(parts);
  util::for_each_index(parts, threads, [&](std::size_t part) {
    std::ostringstream out;
    const std::size_t end = std::min(count, (part + 1) * per_part);
    for (std::size_t i = part * per_part; i < end; ++i) write(out, i);
    text[part] = std::move(out).str();
  });
  for (auto& t : text) pieces.push_back(std::move(t));
}

// The pieces, copied once into one string of the right size (a report of 1,000 homes is ~7 MB).
std::string joined(const std::vector<std::string>& pieces) {
  std::size_t size = 0;
  for (const auto& p : pieces) size += p.size();
  std::string out;
  out.reserve(size);
  for (const auto& p : pieces) out += p;
  return out;
}

}  // namespace

std::string render_text(const core::Report& report, bool colour, unsigned threads) {
  Style st{colour};
  std::vector<std::string> pieces;
  std::ostringstream head;
  if (report.machine_id.empty()) {
    head << format(tr("mailmend {1} audit of {2} at {3}"), {MAILMEND_VERSION, p(report.host), report.generated_at});
  } else {
    head << format(tr("mailmend {1} audit of {2} (machine id {3}) at {4}"),
                   {MAILMEND_VERSION, p(report.host), p(report.machine_id), report.generated_at});
  }
  head << "\n\n" << format(tr("Sources ({1})"), {std::to_string(report.sources.size())}) << "\n";
  if (report.sources.empty()) head << "  " << tr("no mail client settings were found") << "\n";
  pieces.push_back(std::move(head).str());
  render_in_parts(report.sources.size(), 256, threads, pieces, [&](std::ostream& out, std::size_t i) {
    const core::Source& s = report.sources[i];
    // Paths and messages in full (up to a bound): cut at 200, a long path hid the reason it failed.
    out << "  " << st.status(s.status) << " " << s.client << "  " << util::printable(s.path, 4000);
    if (!s.message.empty()) out << "  " << util::printable(s.shown_message(), 4000);
    out << "\n";
  });
  pieces.emplace_back("\n");
  FindingsByAccount by_account;
  by_account.reserve(report.accounts.size());
  std::vector<const core::Finding*> loose;
  for (const auto& ar : report.accounts) by_account[ar.account.id];  // every account has its list (read on threads)
  for (const auto& f : report.findings) {
    if (!f.probe.empty()) continue;  // shown under the server probed
    (f.account.empty() ? loose : by_account[f.account]).push_back(&f);
  }
  render_in_parts(report.accounts.size(), 64, threads, pieces, [&](std::ostream& out, std::size_t i) {
    write_account(out, st, report.accounts[i], by_account.at(report.accounts[i].account.id));
  });
  if (!loose.empty()) {
    pieces.push_back(st.paint("1", tr("Not tied to one account")) + "\n");
    render_in_parts(loose.size(), 256, threads, pieces,
                    [&](std::ostream& out, std::size_t i) { write_finding(out, st, *loose[i]); });
    pieces.emplace_back("\n");
  }
  std::ostringstream tail;
  if (report.probes) write_probes(tail, st, report);
  const auto count = [](std::size_t n) { return std::to_string(n); };
  const core::FindingTally tally = report.tally();
  const std::size_t accounts = report.accounts.size();
  tail << format(tr("Summary: {1}, {2}, {3}, {4}"),
                 {format(trn("{1} account", "{1} accounts", accounts), {count(accounts)}),
                  format(trn("{1} error", "{1} errors", tally.errors), {count(tally.errors)}),
                  format(trn("{1} warning", "{1} warnings", tally.warnings), {count(tally.warnings)}),
                  format(trn("{1} info", "{1} infos", tally.infos), {count(tally.infos)})});
  if (tally.uncounted > 0) {
    tail << format(trn(" ({1} finding in stale files shown, not counted)", " ({1} findings in stale files shown, not counted)",
                       tally.uncounted),
                   {count(tally.uncounted)});
  }
  tail << "\n";
  pieces.push_back(std::move(tail).str());
  return joined(pieces);
}

}  // namespace report
