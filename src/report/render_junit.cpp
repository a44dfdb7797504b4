// JUnit XML as GitLab and Jenkins read it (README "Output formats"): a testsuite per source, a
// testcase per account and rule checked, a <failure> per finding.
#include <algorithm>
#include <map>
#include <sstream>

#include "report/flat_finding.hpp"
#include "report/render.hpp"
#include "util/text.hpp"

namespace report {
namespace {

// XML 1.0 admits no control characters: values are escaped as in the text report, then quoted.
std::string xml(std::string_view value) {
  std::string out;
  for (char c : util::printable(value, 1 << 20)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

struct Case {
  std::string classname;
  std::string name;
  std::vector<const FlatFinding*> findings;
  std::string error;    // the source could not be read: why
  std::string skipped;  // why the case was not run
};

struct Suite {
  std::string client;
  std::string path;
  std::string status = "ok";
  std::vector<Case> cases;
};

std::string account_label(const core::Account& a) {
  const std::string& who = a.email.empty() ? a.name : a.email;
  return who.empty() ? a.key : who + " (" + a.key + ")";
}

bool found_by(const core::Finding& f, std::string_view rule) {
  return f.rule == rule || std::find(f.also.begin(), f.also.end(), rule) != f.also.end();
}

// The rule ids an account of `client` is checked with: the shared ones, then its client's.
std::vector<std::string> rules_for(const std::vector<core::RuleGroup>& groups, const std::string& client) {
  std::vector<std::string> ids;
  for (const auto& group : groups) {
    if (!group.client.empty() && group.client != client) continue;
    for (const auto& rule : group.rules) ids.emplace_back(rule.id);
  }
  return ids;
}

void add_rule_cases(Suite& suite, const std::string& classname, std::vector<std::string> rules,
                    const std::vector<const FlatFinding*>& findings) {
  for (const auto* flat : findings) {
    if (std::find(rules.begin(), rules.end(), flat->finding->rule) == rules.end()) rules.push_back(flat->finding->rule);
  }
  for (const auto& rule : rules) {
    Case c{classname, rule, {}, {}, {}};
    for (const auto* flat : findings) {
      if (found_by(*flat->finding, rule)) c.findings.push_back(flat);
    }
    const bool all_stale = !c.findings.empty() && std::none_of(c.findings.begin(), c.findings.end(),
                                                               [](const FlatFinding* f) { return f->counted; });
    if (all_stale) {
      c.findings.clear();
      c.skipped = "in a stale file the client no longer reads: shown, not counted";
    }
    suite.cases.push_back(std::move(c));
  }
}

class SuiteBuilder {
 public:
  SuiteBuilder(const core::Report& report, const std::vector<core::RuleGroup>& rules) : rules_(rules) {
    for (const auto& s : report.sources) suite(s.client, s.path).status = core::to_string(s.status);
    for (auto& s : suites_) add_read_case(s, report);
    flats_ = flatten_findings(report);
    std::map<std::string, std::vector<const FlatFinding*>> by_account, by_source;
    for (const auto& flat : flats_) (flat.account ? by_account[flat.finding->account] : by_source[flat.source]).push_back(&flat);
    for (const auto& ar : report.accounts) {
      const auto& a = ar.account;
      add_rule_cases(suite(a.client, a.source), account_label(a), rules_for(rules_, a.client), by_account[a.id]);
    }
    for (const auto& [source, findings] : by_source) {
      add_rule_cases(suite(findings.front()->client, source), "source", {}, findings);
    }
  }

  const std::vector<Suite>& suites() const { return suites_; }

 private:
  Suite& suite(const std::string& client, const std::string& path) {
    for (auto& s : suites_) {
      if (s.path == path) return s;
    }
    suites_.push_back(Suite{client, path, "ok", {}});
    return suites_.back();
  }

  static void add_read_case(Suite& s, const core::Report& report) {
    Case c{"source", "read", {}, {}, {}};
    for (const auto& src : report.sources) {
      if (src.path != s.path) continue;
      if (src.status == core::SourceStatus::Error || src.status == core::SourceStatus::Damaged) c.error = src.message;
      if (src.status == core::SourceStatus::Skipped) c.skipped = src.message.empty() ? "skipped" : src.message;
    }
    s.cases.push_back(std::move(c));
  }

  const std::vector<core::RuleGroup>& rules_;
  std::vector<FlatFinding> flats_;
  std::vector<Suite> suites_;
};

std::string finding_text(const core::Finding& f) {
  std::string text = f.message;
  if (!f.field.empty()) {
    text += "\n" + f.field + ": " + core::field_value_text(f.actual);
    if (!std::holds_alternative<std::monostate>(f.expected)) text += " -> " + core::field_value_text(f.expected);
  }
  if (!f.origin.file.empty()) {
    text += "\nat " + f.origin.file + (f.origin.line > 0 ? ":" + std::to_string(f.origin.line) : "");
    if (!f.origin.key.empty()) text += " (" + f.origin.key + ")";
  }
  return text;
}

void write_failure(std::ostream& out, const Case& c) {
  const core::Finding& first = *c.findings.front()->finding;
  std::string message = first.rule == c.name ? first.message : "found with " + first.rule + ": " + first.message;
  if (c.findings.size() > 1) message = std::to_string(c.findings.size()) + " findings; the first: " + message;
  std::vector<std::string> bodies;
  for (const auto* flat : c.findings) {
    std::vector<std::string> lines;
    for (const auto& line : util::split(finding_text(*flat->finding), '\n')) lines.push_back(xml(line));
    bodies.push_back(util::join(lines, "\n"));
  }
  out << "      <failure type=\"" << core::to_string(first.severity) << "\" message=\"" << xml(message) << "\">"
      << util::join(bodies, "\n\n") << "</failure>\n";
}

void write_case(std::ostream& out, const Case& c) {
  out << "    <testcase classname=\"" << xml(c.classname) << "\" name=\"" << xml(c.name) << "\"";
  if (c.findings.empty() && c.error.empty() && c.skipped.empty()) {
    out << "/>\n";
    return;
  }
  out << ">\n";
  if (!c.error.empty()) out << "      <error type=\"unreadable\" message=\"" << xml(c.error) << "\"/>\n";
  if (!c.skipped.empty()) out << "      <skipped message=\"" << xml(c.skipped) << "\"/>\n";
  if (!c.findings.empty()) write_failure(out, c);
  out << "    </testcase>\n";
}

struct Counts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  void add(const Case& c) {
    ++tests;
    failures += c.findings.empty() ? 0 : 1;
    errors += c.error.empty() ? 0 : 1;
    skipped += c.skipped.empty() ? 0 : 1;
  }
  void add(const Counts& o) {
    tests += o.tests, failures += o.failures, errors += o.errors, skipped += o.skipped;
  }
};

std::ostream& operator<<(std::ostream& out, const Counts& n) {
  return out << " tests=\"" << n.tests << "\" failures=\"" << n.failures << "\" errors=\"" << n.errors
             << "\" skipped=\"" << n.skipped << "\"";
}

}  // namespace

std::string render_junit(const core::Report& report, const std::vector<core::RuleGroup>& rules) {
  const SuiteBuilder builder(report, rules);
  const RunIdentity run = run_identity(report);
  Counts total;
  std::ostringstream suites;
  for (const auto& suite : builder.suites()) {
    Counts n;
    for (const auto& c : suite.cases) n.add(c);
    total.add(n);
    suites << "  <testsuite name=\"" << xml(suite.client + " " + suite.path) << "\"" << n << " hostname=\""
           << xml(run.host) << "\" timestamp=\"" << xml(run.generated_at) << "\">\n"
           << "    <properties>\n"
           << "      <property name=\"machine_id\" value=\"" << xml(run.machine_id) << "\"/>\n"
           << "      <property name=\"client\" value=\"" << xml(suite.client) << "\"/>\n"
           << "      <property name=\"status\" value=\"" << xml(suite.status) << "\"/>\n"
           << "    </properties>\n";
    for (const auto& c : suite.cases) write_case(suites, c);
    suites << "  </testsuite>\n";
  }
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"mailmend " << xml(run.tool_version) << " audit of " << xml(run.host) << "\"" << total
      << ">\n"
      << suites.str() << "</testsuites>\n";
  return out.str();
}

}  // namespace report
