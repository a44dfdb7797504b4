// `mailmend probe` and `audit --probe`: ask the servers what they speak, without credentials
// unless --login asks for an explicit test.
#include <CLI/CLI.hpp>
#include <cmath>

#include "i18n/messages.hpp"
#include "cli/commands.hpp"
#include "cli/probe_targets.hpp"
#include "core/error.hpp"
#include "i18n/text.hpp"
#include "probe/engine.hpp"
#include "rules/probe_findings.hpp"
#include "util/secret_input.hpp"
#include "util/text.hpp"

namespace cli {
namespace {

std::vector<core::ProbeTarget> server_targets(const ProbeOptionArgs& a) {
  std::optional<core::Security> security;
  if (!a.security.empty()) security = core::parse_security(a.security);
  std::vector<core::ProbeTarget> targets;
  for (const auto& url : a.servers) {
    auto t = parse_server_url(url, security);
    if (!t) usage_error(t.error());
    const bool seen = std::any_of(targets.begin(), targets.end(), [&](const core::ProbeTarget& o) { return core::probe_id(o) == core::probe_id(*t); });
    if (!seen) targets.push_back(std::move(*t));
  }
  return targets;
}

probe::Options engine_options(const ProbeOptionArgs& a) {
  probe::Options o;
  o.step_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(a.timeout_seconds * 1000)));
  o.concurrency = a.concurrency;
  o.ca_file = a.ca_file;
  o.family = a.ipv4_only ? probe::AddressFamily::V4 : a.ipv6_only ? probe::AddressFamily::V6 : probe::AddressFamily::Any;
  for (const auto& text : a.resolve) {
    auto r = parse_resolve(text);
    if (!r) usage_error(r.error());
    o.resolve.push_back(std::move(*r));
  }
  return o;
}

std::string read_password(const std::string& who, const core::ProbeTarget& t) {
  auto password = util::read_secret_line(
      i18n::format(i18n::tr("Password for {1} at {2}: "), {who, t.host + ":" + std::to_string(t.port)}));
  if (!password) usage_error(i18n::msg("--login: no password given for {1} (end of input)", {who}));
  return std::move(*password);
}

// The credentials of an explicit --login test: one password per account (or the --user of a
// --server probe), read in target order. Only over TLS: a target without encryption gets none.
void add_logins(std::vector<probe::Target>& targets, const core::Report& report, const ProbeOptionArgs& a) {
  for (auto& target : targets) {
    const auto& t = target.endpoint;
    if (t.security == core::Security::None) continue;
    if (t.accounts.empty()) {
      target.logins.push_back({a.user, a.user, read_password(a.user, t)});
      continue;
    }
    for (const auto& id : t.accounts) {
      const auto it = std::find_if(report.accounts.begin(), report.accounts.end(),
                                   [&](const core::AccountReport& ar) { return ar.account.id == id; });
      if (it == report.accounts.end()) continue;
      const auto* ep = core::endpoint_for(it->account, t);
      if (ep == nullptr || ep->username.value.empty()) continue;
      target.logins.push_back({id, ep->username.value, read_password(ep->username.value, t)});
    }
  }
}

void wipe_logins(std::vector<probe::Target>& targets) {
  for (auto& target : targets) {
    for (auto& login : target.logins) util::wipe_secret(login.password);
  }
}

void check_options(const ProbeOptionArgs& a) {
  if (!(a.timeout_seconds > 0 && a.timeout_seconds <= 600)) usage_error(i18n::msg("--timeout: give seconds from 0.001 to 600"));
  if (a.concurrency < 1 || a.concurrency > 1024) usage_error(i18n::msg("--concurrency: give a number from 1 to 1024"));
  if (a.ipv4_only && a.ipv6_only) usage_error(i18n::msg("-4 and -6 exclude each other"));
  if (!a.security.empty() && a.servers.empty()) usage_error(i18n::msg("--security applies to --server URLs only"));
  if (a.login && !a.servers.empty() && a.user.empty()) usage_error(i18n::msg("--login with --server needs --user NAME"));
  if (!a.user.empty() && (a.servers.empty() || !a.login)) usage_error(i18n::msg("--user applies to --login with --server only"));
}

}  // namespace

void add_probe_options(CLI::App& cmd, ProbeOptionArgs& a) {
  cmd.add_option("--timeout", a.timeout_seconds, "Seconds each step may take (resolve, connect, greeting, TLS, each reply)")
      ->capture_default_str();
  cmd.add_option("--concurrency", a.concurrency, "Endpoints probed at the same time")->capture_default_str();
  add_repeatable_option(cmd, "--resolve", a.resolve,
                        "HOST:PORT:ADDRESS: connect to ADDRESS for HOST:PORT instead of asking DNS (curl's form; repeatable)");
  cmd.add_option("--ca-file", a.ca_file, "PEM file of extra trust anchors (e.g. the organisation's own CA), on top of the system's");
  cmd.add_flag("-4", a.ipv4_only, "IPv4 addresses only");
  cmd.add_flag("-6", a.ipv6_only, "IPv6 addresses only");
  cmd.add_flag("--login", a.login,
               "Also test the login, over TLS only, with a password read from the terminal (or one line per account from "
               "standard input); never stored or shown");
}

void add_probe_command(CLI::App& app, AuditArgs& a) {
  auto* cmd = app.add_subcommand(
      "probe", std::string(i18n::tr("Ask the mail servers of the accounts found (or --server URLs) what they speak; "
                                     "no credentials are sent")));
  cmd->add_option("paths", a.paths, "Files or folders, as for audit");
  add_selection_options(*cmd, a);
  add_output_options(*cmd, a, all_output_formats());
  add_report_identity_options(*cmd, a);
  cmd->add_option("--fail-on", a.fail_on, "Lowest severity that makes the exit code 1: error|warning|info|never")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}))
      ->capture_default_str();
  add_repeatable_option(*cmd, "--server", a.probing.servers,
                        "Probe this server instead of the accounts': imap://HOST[:143], imaps://HOST[:993], pop3://, "
                        "pop3s://, smtp://HOST[:587], smtps://HOST[:465] (repeatable)");
  cmd->add_option("--security", a.probing.security, "With --server: none|starttls|tls instead of what the scheme implies")
      ->check(CLI::IsMember({"none", "starttls", "tls"}));
  cmd->add_option("--user", a.probing.user, "With --server and --login: the user name to log in as");
  add_probe_options(*cmd, a.probing);
  add_online_options(*cmd, a.online, false);
  set_exit_codes_help(*cmd, {{"0", i18n::tr("nothing at or above --fail-on")},
                             {"1", i18n::tr("findings at or above --fail-on")},
                             {"2", i18n::tr("usage error, or sources were found but none could be read")},
                             {"3", i18n::tr("some sources could not be read or are damaged (the rest is probed)")}});
  cmd->callback([&a] {
    a.probe = true;
    set_command_exit(run_audit(a));
  });
}

void probe_into(core::Report& report, const ProbeOptionArgs& a) {
  check_options(a);
  const auto options = engine_options(a);
  std::vector<probe::Target> targets;
  for (auto& t : a.servers.empty() ? probe_targets(report) : server_targets(a)) targets.push_back({std::move(t), {}});
  if (a.login) add_logins(targets, report, a);
  std::vector<core::ProbeResult> results;
  try {
    results = probe::run(targets, options);
  } catch (...) {
    wipe_logins(targets);
    throw;
  }
  wipe_logins(targets);
  std::vector<core::Account> accounts;
  for (const auto& ar : report.accounts) accounts.push_back(ar.account);
  for (const auto& r : results) {
    for (auto& f : rules::probe_findings(r, accounts)) report.findings.push_back(std::move(f));
  }
  report.probes = std::move(results);
}

}  // namespace cli
