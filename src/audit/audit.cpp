#include "audit/audit.hpp"


#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdint>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "adapters/apple/adapter.hpp"
#include "adapters/outlook/adapter.hpp"
#include "adapters/thunderbird/adapter.hpp"
#include "i18n/messages.hpp"
#include "i18n/text.hpp"
#include "rules/hosts_override.hpp"
#include "rules/rules.hpp"
#include "trust/system_roots.hpp"
#include "util/file_identity.hpp"
#include "util/hosts_file.hpp"
#include "util/identity.hpp"
#include "util/parallel.hpp"
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

// A path no adapter read, with its note: client "".
core::Source unclaimed(std::string path, core::SourceStatus status, const i18n::Text& note) {
  return core::Source::noted("", std::move(path), status, note);
}

core::Source skipped(std::string path, const i18n::Text& note) {
  return unclaimed(std::move(path), core::SourceStatus::Skipped, note);
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

// What reading yields, in order: a source reported as it is (no key), or what one adapter read from
// one source, which counts only the first time that source (its path, or its file) comes up.
struct Step {
  std::string key;                    // client + "\n" + the source's canonical path
  std::string client;
  std::optional<util::FileKey> file;  // the file read, when it can be told
  core::ReadOutput out;
};

// A file as one client read it.
using ClientFile = std::pair<std::string, util::FileKey>;

struct ClientFileHash {
  std::size_t operator()(const ClientFile& f) const noexcept {
    std::size_t h = std::hash<std::string>{}(f.first);
    for (const std::uint64_t part : {f.second.first, f.second.second}) h = (h ^ part) * 0x100000001b3ULL;
    return h;
  }
};

// The sources already read, by path and by file (a hard link, NTUSER.DAT's case variants).
class SeenSources {
 public:
  bool first_time(const Step& step) {
    if (step.key.empty()) return true;
    if (!keys_.insert(step.key).second) return false;
    return !step.file || files_.insert({step.client, *step.file}).second;
  }

 private:
  std::unordered_set<std::string> keys_;
  std::unordered_set<ClientFile, ClientFileHash> files_;
};

// Which reading (homes in their order) claimed a file first, shared by the threads that read homes:
// a file linked into many homes is read once, by the first of them. A home that comes earlier but got
// there later reads it too (its result is the one kept), so the report does not depend on timing.
class FileClaims {
 public:
  bool claim(const std::string& client, const util::FileKey& file, std::size_t order) {
    std::lock_guard lock(mutex_);
    auto [it, fresh] = claims_.try_emplace({client, file}, order);
    if (!fresh && it->second <= order) return false;
    it->second = order;
    return true;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<ClientFile, std::size_t, ClientFileHash> claims_;
};

class Collector {
 public:
  Collector(const std::vector<std::unique_ptr<core::Adapter>>& adapters, FileClaims& claims, std::size_t order)
      : adapters_(adapters), claims_(claims), order_(order) {}

  void read_home(const fs::path& home) {
    std::error_code ec;
    if (!fs::is_directory(home, ec)) {
      add_source(unclaimed(home.string(), core::SourceStatus::Error,
                           ec ? i18n::msg("cannot open home folder: {1}", {ec.message()}) : i18n::msg("not a folder")));
      return;
    }
    auto as_owner = become_home_owner(home);
    if (!as_owner) {
      add_source(unclaimed(home.string(), core::SourceStatus::Error,
                           i18n::msg("cannot read it with its owner's ids: {1}", {i18n::text_of(as_owner.error())})));
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
      core::Source none = skipped(home.string(), i18n::msg("no Thunderbird, Outlook or Apple Mail settings in this home folder"));
      none.note_further(folder_of_homes_hint(home));
      add_source(std::move(none));
    }
  }

  void read_path(const fs::path& path) {
    std::error_code ec;
    if (!core::is_live_registry_source(path.string()) && !fs::exists(fs::symlink_status(path, ec))) {
      add_source(unclaimed(path.string(), core::SourceStatus::Error, i18n::msg("no such file or folder")));
      return;
    }
    for (const auto& adapter : adapters_) {
      if (adapter->recognizes(path)) {
        read_with(*adapter, path);
        return;
      }
    }
    core::Source unknown = unclaimed(path.string(), core::SourceStatus::Error,
                                     i18n::msg("not a mail client file or folder mailmend knows (prefs.js, profiles.ini, "
                                               ".reg, NTUSER.DAT, .prf, Accounts.plist, Accounts4.sqlite, .mobileconfig)"));
    unknown.note_further(home_hint(path));
    add_source(std::move(unknown));
  }

  void add_source(core::Source s) { steps_.push_back(Step{{}, {}, {}, core::ReadOutput{{std::move(s)}, {}, {}}}); }

  std::vector<Step> take() { return std::move(steps_); }

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

  // A clause of the note (empty when there is nothing to hint at).
  i18n::Text folder_of_homes_hint(const fs::path& folder) const {
    auto names = home_like_subfolders(folder);
    if (names.empty()) return {};
    return i18n::msg("its subfolders look like home folders ({1}): to audit each of them use --homes {2}",
                     {i18n::join_values(names), folder.string()});
  }

  // For a PATH that is a folder no adapter reads: a home (use --home) or a folder of homes (--homes).
  i18n::Text home_hint(const fs::path& path) const {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) return {};
    if (looks_like_home(path)) {
      fs::path folder = path.lexically_normal();
      if (!folder.has_filename()) folder = folder.parent_path();  // "homes/ann/"
      const fs::path parent = folder.has_parent_path() ? folder.parent_path() : fs::path(".");
      return i18n::msg("it looks like a home folder: audit it with --home {1}, or every home folder beside it with --homes {2}",
                       {path.string(), parent.string()});
    }
    return folder_of_homes_hint(path);
  }

  void read_with(const core::Adapter& adapter, const fs::path& source) {
    std::error_code ec;
    const bool live = core::is_live_registry_source(source.string());  // a registry root, not a file
    std::string key = live ? source.string() : fs::weakly_canonical(source, ec).string();
    Step step{std::string(adapter.client()) + "\n" + (ec ? source.string() : key), std::string(adapter.client()),
              live ? std::nullopt : util::file_identity(source), {}};
    if (!seen_.first_time(step)) return;
    // Read earlier in the order (another home): that reading is the one the report keeps.
    if (step.file && !claims_.claim(step.client, *step.file, order_)) return;
    step.out = at_most_accounts(adapter.read(source), source, adapter.client());
    steps_.push_back(std::move(step));
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
    read.sources.push_back(core::Source::noted(std::string(client), source.string(), core::SourceStatus::Skipped,
                                               i18n::msg("{1} mail accounts; only the first {2} were audited",
                                                         {std::to_string(total), std::to_string(kMaxAccountsPerSource)})));
    return read;
  }

  const std::vector<std::unique_ptr<core::Adapter>>& adapters_;
  FileClaims& claims_;
  std::size_t order_;
  std::vector<Step> steps_;
  SeenSources seen_;
};

// Whether reading `homes` switches ids (as root, homes of other users).
bool switches_identity(const std::vector<fs::path>& homes) {
  return std::any_of(homes.begin(), homes.end(), [](const fs::path& h) { return util::home_owner_account(h).has_value(); });
}

// Reads each home with its own Collector, on up to `jobs` threads; the steps come back in the homes' order.
std::vector<std::vector<Step>> read_homes(const std::vector<fs::path>& homes,
                                          const std::vector<std::unique_ptr<core::Adapter>>& adapters,
                                          FileClaims& claims, std::size_t first_order, unsigned jobs) {
  std::vector<std::vector<Step>> steps(homes.size());
  // Where the ids belong to the whole process (not Linux), homes of other users are read one at a time;
  // on Linux each thread takes its home owner's ids for itself (util::ScopedIdentity::per_thread).
  if (!util::ScopedIdentity::per_thread() && switches_identity(homes)) jobs = 1;
  util::for_each_index(homes.size(), jobs, [&](std::size_t i) {
    Collector collector(adapters, claims, first_order + i);
    collector.read_home(homes[i]);
    steps[i] = collector.take();
  });
  return steps;
}

void replay(std::vector<Step> steps, SeenSources& seen, core::ReadOutput& out) {
  for (auto& step : steps) {
    if (seen.first_time(step)) out.append(std::move(step.out));
  }
}

// Room in `out` for everything the homes' steps hold, so that replaying them moves each item once.
void reserve_for(const std::vector<std::vector<Step>>& homes, core::ReadOutput& out) {
  std::size_t sources = out.sources.size(), accounts = out.accounts.size(), findings = out.findings.size();
  for (const auto& steps : homes) {
    for (const auto& step : steps) {
      sources += step.out.sources.size();
      accounts += step.out.accounts.size();
      findings += step.out.findings.size();
    }
  }
  out.sources.reserve(sources);
  out.accounts.reserve(accounts);
  out.findings.reserve(findings);
}

// A policy with problems still judges its accounts, but nothing is fixed on its word: a mistake in
// it (an unknown socketType, a misspelt element) would otherwise be written into every profile.
void hold_fixes(std::vector<core::Finding>& findings, std::size_t first, const i18n::Text& because) {
  if (because.empty()) return;
  for (std::size_t i = first; i < findings.size(); ++i) {
    if (!findings[i].fixable) continue;
    findings[i].fixable = false;
    findings[i].explain_further(i18n::msg("Not fixed automatically: {1}.", {because}));
  }
}

// One source per policy file, and one per problem in it (client "policy").
std::vector<core::Source> policy_sources(const providers::Database& db) {
  std::vector<core::Source> out;
  for (const auto& policy : db.policy_files()) {
    const bool usable = policy.usable_to_fix();
    const i18n::Text covers = policy.domains.empty() ? i18n::msg("no domain") : i18n::join_values(policy.domains);
    const std::string servers = std::to_string(policy.servers);
    out.push_back(core::Source::noted(
        "policy", policy.file, usable ? core::SourceStatus::Ok : core::SourceStatus::Damaged,
        usable ? i18n::msg("organisation policy for {1} ({2} servers)", {covers, servers})
               : i18n::msg("organisation policy for {1} ({2} servers); it has problems: its accounts are judged against "
                           "it, never fixed by it",
                           {covers, servers})));
    for (const auto& problem : policy.problems) {
      out.push_back(core::Source::noted("policy", policy.file,
                                        problem.harmless ? core::SourceStatus::Ok : core::SourceStatus::Damaged,
                                        problem.message()));
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
    problems.push_back(skipped(root.string(), i18n::msg("cannot list: {1}", {ec.message()})));
    return homes;
  }
  // increment(ec), not ++: a listing error must not throw out of the whole audit.
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    const auto& entry = *it;
    std::error_code e2;
    if (entry.is_symlink(e2)) {
      problems.push_back(skipped(entry.path().string(), i18n::msg("home folder is a symbolic link; not followed")));
      continue;
    }
    if (entry.is_directory(e2)) homes.push_back(entry.path());
  }
  if (ec) problems.push_back(skipped(root.string(), i18n::msg("cannot list: {1}", {ec.message()})));
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
      problems.push_back(unclaimed(parent.string(), core::SourceStatus::Error,
                                   i18n::msg("--homes takes a folder whose subfolders are home folders; this is not a folder")));
      continue;
    }
    auto under = homes_under(parent, problems);
    if (under.empty()) {
      problems.push_back(
          skipped(parent.string(), i18n::msg("no subfolders: --homes takes a folder whose subfolders are home folders")));
    }
    for (auto& home : under) homes.push_back(std::move(home));
  }
  if (options.all_users) {
    auto all = all_user_homes(problems);
    if (all.empty()) problems.push_back(skipped(util::all_users_homes().described, i18n::msg("no home folders found for --all-users")));
    for (auto& home : all) homes.push_back(std::move(home));
  }
  return homes;
}

unsigned jobs_to_use(unsigned jobs) { return jobs ? jobs : util::kOnePerCore; }

core::ReadOutput collect(const Options& options, const std::vector<std::unique_ptr<core::Adapter>>& adapters) {
  FileClaims claims;
  SeenSources seen;
  core::ReadOutput out;
  // Order 0: the paths; 1..n: the homes; n+1: what comes after them.
  Collector paths(adapters, claims, 0);
  for (const auto& p : options.paths) paths.read_path(p);
  replay(paths.take(), seen, out);
  std::vector<core::Source> problems;
  const auto homes = home_folders(options, problems);
  auto all_steps = read_homes(homes, adapters, claims, 1, jobs_to_use(options.jobs));
  reserve_for(all_steps, out);
  for (auto& steps : all_steps) {
    replay(std::move(steps), seen, out);
  }
  Collector after(adapters, claims, homes.size() + 1);
  for (auto& s : problems) after.add_source(std::move(s));
  if (options.paths.empty() && options.homes.empty() && options.homes_parents.empty() && !options.all_users) {
    fs::path home = util::current_user_home();
    if (home.empty()) {
      after.add_source(unclaimed("~", core::SourceStatus::Error, i18n::msg("cannot tell the current user's home folder")));
    } else {
      after.read_home(home);
    }
  }
  replay(after.take(), seen, out);
  dedupe_accounts(out.accounts);
  return out;
}

namespace {

// The system's (or the chosen) hosts file, reading only the names the accounts look up (a block
// list of a million names costs nothing); none when there is no file to check. A missing system file
// is no problem; a chosen one that cannot be read is a source with an error.
std::optional<util::HostsFile> read_hosts_for(const std::set<std::string, std::less<>>& wanted, const HostsFileChoice& hosts,
                                              std::vector<core::Source>& sources) {
  if (hosts.path.empty()) return std::nullopt;
  std::error_code ec;
  if (!hosts.chosen && !fs::exists(fs::symlink_status(hosts.path, ec))) return std::nullopt;
  auto file = util::read_hosts_file(hosts.path, [&](std::string_view name) { return wanted.count(name) > 0; });
  if (!file) {
    sources.push_back(unclaimed(hosts.path.string(), hosts.chosen ? core::SourceStatus::Error : core::SourceStatus::Skipped,
                                i18n::msg("hosts file not checked: {1}", {i18n::text_of(file.error())})));
    return std::nullopt;
  }
  return std::move(*file);
}

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
i18n::Text discovery_hold_reason(const providers::Provider& p) {
  if (!is_discovered(p) || p.origin.find("(unauthenticated)") == std::string::npos) return {};
  return i18n::msg("the settings it is judged against were discovered without authentication ({1})", {p.source});
}

}  // namespace

core::Report build_report(core::ReadOutput read, const providers::Database& db, const HostsFileChoice& hosts,
                          const DomainFallback& fallback, unsigned jobs) {
  core::Report report;
  report.host = util::host_name();
  report.machine_id = util::machine_id();
  report.generated_at = now_rfc3339();
  if (i18n::language() != i18n::Language::English) report.lang = std::string(i18n::tag(i18n::language()));
  const std::string today = report.generated_at.substr(0, 10);  // dated provider facts are judged on the report's day
  report.sources = std::move(read.sources);
  report.findings = std::move(read.findings);
  // Each account's provider and findings, worked out on up to `jobs` threads (one when online
  // discovery may be asked: it asks servers one account at a time), then taken in order.
  std::vector<std::optional<providers::Match>> matches(read.accounts.size());
  std::vector<std::vector<core::Finding>> judged(read.accounts.size());
  std::vector<std::set<std::string>> looked_up(hosts.path.empty() ? 0 : read.accounts.size());
  constexpr std::size_t kAccountsPerThread = 32;  // fewer are judged in less time than a thread takes to start
  const unsigned threads = fallback ? 1 : jobs;
  util::for_each_index(read.accounts.size(), threads, [&](std::size_t i) {
    matches[i] = match_provider(read.accounts[i], db, fallback);
    judged[i] = rules::evaluate(read.accounts[i], matches[i], today);
    if (!looked_up.empty()) looked_up[i] = rules::hosts_looked_up(read.accounts[i], matches[i]);
  }, kAccountsPerThread);
  // hosts-file-override: the file read once for the names every account looks up, then each
  // account checked against it (and its match let go of) on the threads again.
  std::set<std::string, std::less<>> wanted;
  for (auto& names : looked_up) wanted.merge(names);
  const auto hosts_file = read_hosts_for(wanted, hosts, report.sources);
  std::vector<std::vector<core::Finding>> hosts_findings(read.accounts.size());
  std::vector<i18n::Text> hold_reasons(read.accounts.size());
  std::vector<std::optional<core::ProviderRef>> provider_refs(read.accounts.size());
  util::for_each_index(read.accounts.size(), threads, [&](std::size_t i) {
    auto& match = matches[i];
    if (hosts_file) hosts_findings[i] = rules::hosts_file_findings(read.accounts[i], match, *hosts_file, hosts.path.string());
    if (!match) return;
    hold_reasons[i] = db.fix_hold_reason(match->provider);
    if (hold_reasons[i].empty()) hold_reasons[i] = discovery_hold_reason(match->provider);
    provider_refs[i] = provider_ref(*match);
    match.reset();
  }, kAccountsPerThread);
  std::size_t findings = report.findings.size();
  for (std::size_t i = 0; i < judged.size(); ++i) findings += judged[i].size() + hosts_findings[i].size();
  report.findings.reserve(findings);
  report.accounts.reserve(read.accounts.size());
  for (std::size_t i = 0; i < read.accounts.size(); ++i) {
    const std::size_t first = report.findings.size();
    for (auto& f : judged[i]) report.findings.push_back(std::move(f));
    hold_fixes(report.findings, first, hold_reasons[i]);
    report.accounts.push_back(core::AccountReport{std::move(read.accounts[i]), std::move(provider_refs[i])});
  }
  for (auto& list : hosts_findings) {
    for (auto& f : list) report.findings.push_back(std::move(f));
  }
  // A client's own rule and a shared rule that found the same problem become one finding.
  rules::merge_related(report.findings, jobs);
  return report;
}

core::Report run(const Options& options, const providers::Database& db, const DomainFallback& fallback) {
  auto adapters = all_adapters();
  const HostsFileChoice hosts{options.hosts_file.empty() ? util::system_hosts_file() : options.hosts_file,
                              !options.hosts_file.empty()};
  core::Report report = build_report(collect(options, adapters), db, hosts, fallback, jobs_to_use(options.jobs));
  // The machine's own ROOT stores (Windows; none elsewhere), where mail shields put their roots too.
  if (auto roots = trust::system_root_certificates()) {
    for (auto& f : trust::system_store_inspection_findings(*roots)) report.findings.push_back(std::move(f));
  }
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
    // The tally leaves out stale files: shown, never changed, so they never fail the audit.
    const core::FindingTally tally = report.tally();
    for (auto s : {core::Severity::Info, core::Severity::Warning, core::Severity::Error}) {
      if (s >= *fail_on && tally.of(s) > 0) return core::ExitCode::Findings;
    }
  }
  return core::ExitCode::Ok;
}

}  // namespace audit
