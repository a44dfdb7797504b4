#include "audit/audit.hpp"


#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <map>
#include <set>

#include "adapters/apple/adapter.hpp"
#include "adapters/outlook/adapter.hpp"
#include "adapters/thunderbird/adapter.hpp"
#include "rules/rules.hpp"
#include "util/file_identity.hpp"
#include "util/identity.hpp"
#include "util/system.hpp"
#include "util/text.hpp"

namespace fs = std::filesystem;

namespace audit {
namespace {

std::string now_rfc3339() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  const std::tm tm = util::utc_time(t);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

core::Source skipped(std::string path, std::string message) {
  return core::Source{"", std::move(path), core::SourceStatus::Skipped, std::move(message)};
}

// A provider from online discovery: its origin is "online <step>" (src/discovery).
bool is_discovered(const providers::Provider& p) { return p.origin.rfind("online ", 0) == 0; }

core::ProviderRef provider_ref(const providers::Match& m) {
  core::ProviderRef ref;
  ref.id = m.provider.id;
  ref.name = m.provider.name;
  ref.matched_by = m.from_policy ? "policy"
                   : is_discovered(m.provider) ? "discovered"
                   : (m.by == providers::MatchedBy::EmailDomain ? "email-domain" : "server-host");
  ref.matched_on = m.matched_on;
  return ref;
}

constexpr std::size_t kMaxAccountsPerSource = 1000;

// As root, a home is read with its owner's ids (a no-op otherwise, and for homes root owns): the
// client itself runs so, and nothing a user links to (another user's profile, a root-only file)
// can make root read what the user could not.
util::Result<util::ScopedIdentity> become_home_owner(const fs::path& home) {
  const auto owner = util::home_owner_account(home);
  return owner ? util::ScopedIdentity::become(owner->uid, owner->gid) : util::ScopedIdentity::become(0, 0);
}

class Collector {
 public:
  explicit Collector(const std::vector<std::unique_ptr<core::Adapter>>& adapters) : adapters_(adapters) {}

  void read_home(const fs::path& home) {
    std::error_code ec;
    if (!fs::is_directory(home, ec)) {
      out_.sources.push_back(core::Source{"", home.string(), core::SourceStatus::Error,
                                          ec ? "cannot open home folder: " + ec.message() : "not a folder"});
      return;
    }
    auto as_owner = become_home_owner(home);
    if (!as_owner) {
      out_.sources.push_back(core::Source{"", home.string(), core::SourceStatus::Error,
                                          "cannot read it with its owner's ids: " + as_owner.error().message});
      return;
    }
    bool found = false;
    for (const auto& adapter : adapters_) {
      for (const auto& source : adapter->discover(home)) {
        found = true;
        read_with(*adapter, source);
      }
    }
    if (!found) {
      out_.sources.push_back(core::Source{"", home.string(), core::SourceStatus::Skipped,
                                          "no Thunderbird, Outlook or Apple Mail settings in this home folder" +
                                              folder_of_homes_hint(home)});
    }
  }

  void read_path(const fs::path& path) {
    std::error_code ec;
    if (!core::is_live_registry_source(path.string()) && !fs::exists(fs::symlink_status(path, ec))) {
      out_.sources.push_back(core::Source{"", path.string(), core::SourceStatus::Error, "no such file or folder"});
      return;
    }
    for (const auto& adapter : adapters_) {
      if (adapter->recognizes(path)) {
        read_with(*adapter, path);
        return;
      }
    }
    out_.sources.push_back(core::Source{"", path.string(), core::SourceStatus::Error,
                                        "not a mail client file or folder mailmend knows (prefs.js, profiles.ini, "
                                        ".reg, NTUSER.DAT, .prf, Accounts.plist, Accounts4.sqlite, .mobileconfig)" +
                                            home_hint(path)});
  }

  void add_source(core::Source s) { out_.sources.push_back(std::move(s)); }

  core::ReadOutput take() { return std::move(out_); }

 private:
  bool looks_like_home(const fs::path& folder) const {
    return std::any_of(adapters_.begin(), adapters_.end(),
                       [&](const auto& adapter) { return !adapter->discover(folder).empty(); });
  }

  // Up to three subfolders of `folder` that hold mail client settings of their own (a copied
  // home each), from the first entries of the listing; links are not followed.
  std::vector<std::string> home_like_subfolders(const fs::path& folder) const {
    constexpr std::size_t kEntriesLooked = 200, kNamesKept = 3;
    std::vector<std::string> names;
    std::error_code ec;
    fs::directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
    for (std::size_t seen = 0; !ec && it != fs::directory_iterator() && seen < kEntriesLooked && names.size() < kNamesKept;
         it.increment(ec), ++seen) {
      std::error_code e2;
      if (it->is_symlink(e2) || !it->is_directory(e2)) continue;
      if (looks_like_home(it->path())) names.push_back(it->path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  std::string folder_of_homes_hint(const fs::path& folder) const {
    auto names = home_like_subfolders(folder);
    if (names.empty()) return {};
    return "; its subfolders look like home folders (" + util::join(names, ", ") +
           "): to audit each of them use --homes " + folder.string();
  }

  // For a PATH that is a folder no adapter reads: a home (use --home) or a folder of homes (--homes).
  std::string home_hint(const fs::path& path) const {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) return {};
    if (looks_like_home(path)) {
      fs::path folder = path.lexically_normal();
      if (!folder.has_filename()) folder = folder.parent_path();  // "homes/ann/"
      const fs::path parent = folder.has_parent_path() ? folder.parent_path() : fs::path(".");
      return "; it looks like a home folder: audit it with --home " + path.string() +
             ", or every home folder beside it with --homes " + parent.string();
    }
    return folder_of_homes_hint(path);
  }

  void read_with(const core::Adapter& adapter, const fs::path& source) {
    std::error_code ec;
    const bool live = core::is_live_registry_source(source.string());  // a registry root, not a file
    std::string key = live ? source.string() : fs::weakly_canonical(source, ec).string();
    if (!seen_.insert(std::string(adapter.client()) + "\n" + (ec ? source.string() : key)).second) return;
    // The same file under another name (a hard link, NTUSER.DAT's case variants) is read once.
    if (!live && !seen_files_[std::string(adapter.client())].first_time(source)) return;
    out_.append(at_most_accounts(adapter.read(source), source, adapter.client()));
  }

  // A 64 MB prefs.js can define 400,000 accounts, and each costs its findings and report: kept
  // unbounded, a few such files made the audit take gigabytes. No real source holds this many.
  static core::ReadOutput at_most_accounts(core::ReadOutput read, const fs::path& source, std::string_view client) {
    if (read.accounts.size() <= kMaxAccountsPerSource) return read;
    const std::size_t total = read.accounts.size();
    read.accounts.resize(kMaxAccountsPerSource);
    std::set<std::string> kept;
    for (const auto& a : read.accounts) kept.insert(a.id);
    std::erase_if(read.findings, [&](const core::Finding& f) { return !f.account.empty() && !kept.count(f.account); });
    read.sources.push_back(core::Source{std::string(client), source.string(), core::SourceStatus::Skipped,
                                        std::to_string(total) + " mail accounts; only the first " +
                                            std::to_string(kMaxAccountsPerSource) + " were audited"});
    return read;
  }

  const std::vector<std::unique_ptr<core::Adapter>>& adapters_;
  core::ReadOutput out_;
  std::set<std::string> seen_;
  std::map<std::string, util::SeenFiles> seen_files_;
};

// A policy with problems still judges its accounts, but nothing is fixed on its word: a mistake in
// it (an unknown socketType, a misspelt element) would otherwise be written into every profile.
void hold_fixes(std::vector<core::Finding>& findings, std::size_t first, const std::string& because) {
  if (because.empty()) return;
  for (std::size_t i = first; i < findings.size(); ++i) {
    if (!findings[i].fixable) continue;
    findings[i].fixable = false;
    findings[i].message += " Not fixed automatically: " + because + ".";
  }
}

// One source per policy file, and one per problem in it (client "policy").
std::vector<core::Source> policy_sources(const providers::Database& db) {
  std::vector<core::Source> out;
  for (const auto& policy : db.policy_files()) {
    const bool usable = policy.usable_to_fix();
    std::string covers = policy.domains.empty() ? "no domain" : util::join(policy.domains, ", ");
    out.push_back({"policy", policy.file, usable ? core::SourceStatus::Ok : core::SourceStatus::Damaged,
                   "organisation policy for " + covers + " (" + std::to_string(policy.servers) + " servers)" +
                       (usable ? "" : "; it has problems: its accounts are judged against it, never fixed by it")});
    for (const auto& problem : policy.problems) {
      out.push_back({"policy", policy.file, problem.harmless ? core::SourceStatus::Ok : core::SourceStatus::Damaged,
                     problem.text()});
    }
  }
  return out;
}

void dedupe_accounts(std::vector<core::Account>& accounts) {
  std::set<std::string> ids;
  accounts.erase(std::remove_if(accounts.begin(), accounts.end(),
                                [&](const core::Account& a) { return !ids.insert(a.id).second; }),
                 accounts.end());
}

}  // namespace

std::vector<std::unique_ptr<core::Adapter>> all_adapters() {
  std::vector<std::unique_ptr<core::Adapter>> out;
  out.push_back(std::make_unique<adapters::thunderbird::ThunderbirdAdapter>());
  out.push_back(std::make_unique<adapters::outlook::OutlookAdapter>());
  out.push_back(std::make_unique<adapters::apple::AppleMailAdapter>());
  return out;
}

namespace {

// The subfolders of a folder of homes, sorted; links are skipped and said so.
std::vector<fs::path> homes_under(const fs::path& root, std::vector<core::Source>& problems) {
  std::vector<fs::path> homes;
  std::error_code ec;
  fs::directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    problems.push_back(skipped(root.string(), "cannot list: " + ec.message()));
    return homes;
  }
  // increment(ec), not ++: a listing error must not throw out of the whole audit.
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    const auto& entry = *it;
    std::error_code e2;
    if (entry.is_symlink(e2)) {
      problems.push_back(skipped(entry.path().string(), "home folder is a symbolic link; not followed"));
      continue;
    }
    if (entry.is_directory(e2)) homes.push_back(entry.path());
  }
  if (ec) problems.push_back(skipped(root.string(), "cannot list: " + ec.message()));
  std::sort(homes.begin(), homes.end());
  return homes;
}

}  // namespace

std::vector<fs::path> all_user_homes(std::vector<core::Source>& problems) {
  const util::AllUsersHomes where = util::all_users_homes();
  std::vector<fs::path> homes = where.homes;
  for (const auto& parent : where.parents) {
    std::error_code ec;
    if (!fs::is_directory(parent, ec)) continue;
    for (auto& home : homes_under(parent, problems)) homes.push_back(std::move(home));
  }
  std::sort(homes.begin(), homes.end());
  return homes;
}

std::vector<fs::path> home_folders(const Options& options, std::vector<core::Source>& problems) {
  std::vector<fs::path> homes = options.homes;
  for (const auto& parent : options.homes_parents) {
    std::error_code ec;
    if (!fs::is_directory(parent, ec)) {
      problems.push_back(core::Source{"", parent.string(), core::SourceStatus::Error,
                                      "--homes takes a folder whose subfolders are home folders; this is not a folder"});
      continue;
    }
    auto under = homes_under(parent, problems);
    if (under.empty()) {
      problems.push_back(skipped(parent.string(), "no subfolders: --homes takes a folder whose subfolders are home folders"));
    }
    for (auto& home : under) homes.push_back(std::move(home));
  }
  if (options.all_users) {
    auto all = all_user_homes(problems);
    if (all.empty()) problems.push_back(skipped(util::all_users_homes().described, "no home folders found for --all-users"));
    for (auto& home : all) homes.push_back(std::move(home));
  }
  return homes;
}

core::ReadOutput collect(const Options& options, const std::vector<std::unique_ptr<core::Adapter>>& adapters) {
  Collector collector(adapters);
  for (const auto& p : options.paths) collector.read_path(p);
  std::vector<core::Source> problems;
  for (const auto& h : home_folders(options, problems)) collector.read_home(h);
  for (auto& s : problems) collector.add_source(std::move(s));
  if (options.paths.empty() && options.homes.empty() && options.homes_parents.empty() && !options.all_users) {
    fs::path home = util::current_user_home();
    if (home.empty()) {
      collector.add_source(core::Source{"", "~", core::SourceStatus::Error, "cannot tell the current user's home folder"});
    } else {
      collector.read_home(home);
    }
  }
  auto out = collector.take();
  dedupe_accounts(out.accounts);
  return out;
}

namespace {

// The database's match, unless online discovery knows the email domain better.
std::optional<providers::Match> match_provider(const core::Account& account, const providers::Database& db,
                                               const DomainFallback& fallback) {
  auto match = db.match(account);
  if (!fallback || (match && match->by == providers::MatchedBy::EmailDomain)) return match;
  const std::string domain = util::email_domain(account.email);
  if (domain.empty()) return match;
  if (auto found = fallback(account.email)) return providers::Match{std::move(*found), providers::MatchedBy::EmailDomain, domain, false};
  return match;
}

// Settings fetched over plain http or read from DNS records judge accounts but never fix them.
std::string discovery_hold_reason(const providers::Provider& p) {
  if (!is_discovered(p) || p.origin.find("(unauthenticated)") == std::string::npos) return {};
  return "the settings it is judged against were discovered without authentication (" + p.source + ")";
}

}  // namespace

core::Report build_report(core::ReadOutput read, const providers::Database& db, const DomainFallback& fallback) {
  core::Report report;
  report.host = util::host_name();
  report.machine_id = util::machine_id();
  report.generated_at = now_rfc3339();
  const std::string today = report.generated_at.substr(0, 10);  // dated provider facts are judged on the report's day
  report.sources = std::move(read.sources);
  report.findings = std::move(read.findings);
  for (auto& account : read.accounts) {
    auto match = match_provider(account, db, fallback);
    const std::size_t first = report.findings.size();
    for (auto& f : rules::evaluate(account, match, today)) report.findings.push_back(std::move(f));
    if (match) hold_fixes(report.findings, first, db.fix_hold_reason(match->provider));
    if (match) hold_fixes(report.findings, first, discovery_hold_reason(match->provider));
    core::AccountReport ar{std::move(account), std::nullopt};
    if (match) ar.provider = provider_ref(*match);
    report.accounts.push_back(std::move(ar));
  }
  // A client's own rule and a shared rule that found the same problem become one finding.
  rules::merge_related(report.findings);
  return report;
}

core::Report run(const Options& options, const providers::Database& db, const DomainFallback& fallback) {
  auto adapters = all_adapters();
  core::Report report = build_report(collect(options, adapters), db, fallback);
  for (auto& s : policy_sources(db)) report.sources.push_back(std::move(s));
  return report;
}

}  // namespace audit

namespace audit {

core::ExitCode exit_code(const core::Report& report, std::optional<core::Severity> fail_on) {
  std::size_t failed = 0;
  std::size_t readable = 0;
  std::size_t damaged = 0;
  for (const auto& s : report.sources) {
    if (s.status == core::SourceStatus::Error) ++failed;
    if (s.status == core::SourceStatus::Damaged) ++damaged;
    if (s.status == core::SourceStatus::Ok || s.status == core::SourceStatus::Locked ||
        s.status == core::SourceStatus::Damaged) {
      ++readable;
    }
  }
  if (failed > 0 && readable == 0) return core::ExitCode::Usage;
  if (failed > 0 || damaged > 0) return core::ExitCode::Partial;  // partly unreadable
  if (fail_on) {
    // Report::count leaves out stale files: shown, never changed, so they never fail the audit.
    for (auto s : {core::Severity::Info, core::Severity::Warning, core::Severity::Error}) {
      if (s >= *fail_on && report.count(s) > 0) return core::ExitCode::Findings;
    }
  }
  return core::ExitCode::Ok;
}

}  // namespace audit
