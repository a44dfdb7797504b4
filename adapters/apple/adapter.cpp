#include "adapters/apple/adapter.hpp"

#include "adapters/apple/accounts_db.hpp"
#include "adapters/apple/accounts_db_writer.hpp"
#include "adapters/apple/client_id.hpp"
#include "adapters/apple/declaration.hpp"
#include "adapters/apple/findings.hpp"
#include "adapters/apple/home_layout.hpp"
#include "adapters/apple/legacy_accounts.hpp"
#include "adapters/apple/mail_process.hpp"
#include "adapters/apple/plist_render.hpp"
#include "adapters/apple/profile.hpp"
#include "adapters/apple/signed_profile.hpp"
#include "util/file.hpp"
#include "util/file_identity.hpp"
#include "util/text.hpp"
#include "i18n/text.hpp"

namespace fs = std::filesystem;

namespace adapters::apple {
namespace {

constexpr std::size_t kMaxVersionFolders = 100;

core::Source source(const fs::path& path, core::SourceStatus status, const i18n::Text& note) {
  return core::Source::noted(std::string(kClient), path.string(), status, note);
}

core::ReadOutput only_source(const fs::path& path, core::SourceStatus status, const i18n::Text& note) {
  core::ReadOutput out;
  out.sources.push_back(source(path, status, note));
  return out;
}

bool is_mail_folder(const fs::path& p) {
  std::error_code ec;
  return p.filename() == "Mail" && p.parent_path().filename() == "Library" && fs::is_directory(p, ec);
}

bool present(const fs::path& p) {
  std::error_code ec;
  bool exists = fs::exists(p, ec);
  return exists || is_access_denied(ec);
}

// Full Disk Access exists only on macOS; elsewhere (a Mac home copied or mounted on Linux) a denied
// read is a plain permission error, reported as such.
bool blame_full_disk_access(bool denied) {
#ifdef __APPLE__
  return denied;
#else
  (void)denied;
  return false;
#endif
}

core::ReadOutput unreadable(const fs::path& path, const util::Error& error) {
  return only_source(path, core::SourceStatus::Error,
                     blame_full_disk_access(read_access_denied(path)) ? full_disk_access_message(current_binary())
                                                                      : i18n::text_of(error));
}

core::ReadOutput read_plist_bytes(const fs::path& path, const std::string& bytes,
                                  const std::vector<MailVersionFolder>* mail_versions) {
  if (looks_like_cms(bytes)) return read_profile_bytes(bytes, path.string());
  auto parsed = parse_plist(bytes, path.string());
  if (!parsed) return only_source(path, core::SourceStatus::Error, i18n::text_of(parsed.error()));
  plist_t root = parsed->root.get();
  if (has_legacy_accounts(root)) {
    std::string stale = stale_reason(path, mail_versions);
    core::ReadOutput out = read_legacy_accounts(root, path.string(), stale);
    out.sources.push_back(source(path, core::SourceStatus::Ok,
                                 stale.empty() ? i18n::msg("legacy Mail accounts (live)")
                                               : i18n::msg("leftover legacy plist: {1}", {stale})));
    return out;
  }
  if (is_profile(root)) return read_profile_bytes(bytes, path.string());
  return only_source(path, core::SourceStatus::Ok, i18n::msg("no mail accounts in this property list"));
}

// An XML plist cut short is damaged, whether libplist refused it or read what was there.
core::ReadOutput read_plist_file(const fs::path& path, const std::vector<MailVersionFolder>* mail_versions = nullptr) {
  auto bytes = util::read_file(path, kMaxPlistBytes);
  if (!bytes) return unreadable(path, bytes.error());
  core::ReadOutput out = read_plist_bytes(path, *bytes, mail_versions);
  const i18n::Text cut = xml_plist_cut(*bytes, path.string());
  if (cut.empty()) return out;
  for (auto& s : out.sources) {
    if (s.path != path.string() || (s.status != core::SourceStatus::Ok && s.status != core::SourceStatus::Error)) continue;
    if (s.status == core::SourceStatus::Error) {
      s.note(i18n::msg("{1} (no account could be read)", {cut}));
    } else {
      s.note_first(cut);
    }
    s.status = core::SourceStatus::Damaged;
  }
  return out;
}

// "version folders V9, V10", or how many were read when there were too many (`first`: the first read).
i18n::Text version_folders_note(const std::vector<std::string>& names, std::size_t first) {
  if (names.empty()) return i18n::msg("no V* folder");
  if (first == 0) return i18n::msg("version folders {1}", {i18n::join_values(names)});
  std::vector<std::string> read(names.begin() + static_cast<std::ptrdiff_t>(first), names.end());
  return i18n::msg("{1} version folders; only the newest {2} were read ({3})",
                   {std::to_string(names.size()), std::to_string(kMaxVersionFolders), i18n::join_values(read)});
}

core::ReadOutput read_mail_folder(const fs::path& mail_dir) {
  auto listing = list_mail_versions(mail_dir);
  if (auto* err = std::get_if<ListError>(&listing)) {
    return only_source(mail_dir, core::SourceStatus::Error,
                       blame_full_disk_access(err->denied) ? full_disk_access_message(current_binary())
                                                           : i18n::Text(err->message));
  }
  const auto& versions = std::get<std::vector<MailVersionFolder>>(listing);
  core::ReadOutput out;
  std::vector<std::string> names;
  for (const auto& v : versions) names.push_back("V" + std::to_string(v.number));
  if (versions.size() > 1) {
    out.findings.push_back(make_finding(
        rule::kMultipleMailVersions, core::Severity::Warning, "",
        i18n::msg("~/Library/Mail holds several version folders ({1}): Mail uses only the newest; the others are "
                  "leftovers of an upgrade that may confuse tools and backups. Quit Mail and move the older ones aside "
                  "once the newest works.",
                  {i18n::join_values(names)}),
        core::Origin{mail_dir.string(), "", 0, false}));
  }
  std::size_t plists = 0;
  util::SeenFiles seen;  // V10 -> V9, or hard links: one plist is read once
  // Mail reads only the newest; V1 ... V1000, each with a 16 MB plist, would be 16 GB to read.
  const std::size_t first = versions.size() > kMaxVersionFolders ? versions.size() - kMaxVersionFolders : 0;
  for (std::size_t i = first; i < versions.size(); ++i) {
    const auto& v = versions[i];
    fs::path plist = v.path / "MailData" / "Accounts.plist";
    if (!present(plist) || !seen.first_time(plist)) continue;
    ++plists;
    out.append(read_plist_file(plist, &versions));
  }
  core::Source folder = source(mail_dir, core::SourceStatus::Ok, version_folders_note(names, first));
  if (plists == 0) folder.note_further(i18n::msg("no MailData/Accounts.plist (accounts live in ~/Library/Accounts)"));
  out.sources.insert(out.sources.begin(), std::move(folder));
  return out;
}

core::ReadOutput read_db(const fs::path& path) {
  auto result = read_accounts_db(path);
  if (!result) return unreadable(path, result.error());
  core::ReadOutput out = std::move(*result);
  out.sources.push_back(source(path, core::SourceStatus::Ok,
                               out.accounts.empty() ? i18n::msg("Internet Accounts database: no mail accounts")
                                                    : i18n::msg("Internet Accounts database (read from a private copy)")));
  return out;
}

// The bytes of a file (up to the plist size limit), for recognising it by content.
std::string sniff_bytes(const fs::path& path) {
  auto bytes = util::read_file(path, kMaxPlistBytes);
  return bytes ? *bytes : std::string{};
}

}  // namespace

std::vector<fs::path> AppleMailAdapter::discover(const fs::path& home) const {
  std::vector<fs::path> out;
  fs::path library = home / "Library";
  for (fs::path p : {library / "Mail", library / "Preferences" / "com.apple.mail.plist",
                     library / "Accounts" / "Accounts4.sqlite", library / "Accounts" / "Accounts3.sqlite"}) {
    if (present(p)) out.push_back(p);
  }
  return out;
}

bool AppleMailAdapter::recognizes(const fs::path& path) const {
  std::string ext = util::to_lower(path.extension().string());
  if (ext == ".mobileconfig" || is_accounts_db_name(path) || is_mail_folder(path)) return true;
  if (ext == ".json") return looks_like_mail_declaration(sniff_bytes(path));
  if (ext != ".plist") return false;
  std::string bytes = sniff_bytes(path);
  for (std::string_view marker : {std::string_view("MailAccounts"), std::string_view("DeliveryAccounts"), kMailPayloadType})
    if (bytes.find(marker) != std::string::npos) return true;
  return false;
}

core::ReadOutput AppleMailAdapter::read(const fs::path& path) const {
  std::error_code ec;
  if (is_mail_folder(path) || (path.filename() == "Mail" && present(path) && !fs::is_regular_file(path, ec)))
    return read_mail_folder(path);
  if (is_accounts_db_name(path)) return read_db(path);
  if (util::to_lower(path.extension().string()) == ".json") {
    auto bytes = util::read_file(path, kMaxPlistBytes);
    if (!bytes) return unreadable(path, bytes.error());
    return read_declaration_bytes(*bytes, path.string());
  }
  return read_plist_file(path);
}

util::Result<std::string> AppleMailAdapter::render(const fs::path& file, std::string_view original,
                                                   const std::vector<core::Edit>& edits) const {
  const i18n::Text path(file.string());
  if (is_accounts_db_name(file)) {
    return i18n::error(i18n::msg("{1}: the Accounts database is changed in place, never re-rendered", {path}));
  }
  if (file.filename() == "com.apple.mail.plist") {
    return i18n::error(i18n::msg("{1}: preferences are cached by cfprefsd; mailmend does not write them", {path}));
  }
  if (file.filename() == "Accounts.plist") {
    if (std::string stale = stale_reason(file); !stale.empty())
      return i18n::error(i18n::msg("{1}: leftover that Mail no longer reads ({2}), not fixed", {path, stale}));
  }
  if (looks_like_cms(original)) {
    return i18n::error(i18n::msg("{1}: signed profile: editing would break the signature; use mailmend profile", {path}));
  }
  return render_plist_edits(file.string(), original, edits);
}

core::LockState AppleMailAdapter::lock_state(const fs::path& file) const {
  std::string ext = util::to_lower(file.extension().string());
  if (ext == ".mobileconfig" || ext == ".json") return {};
  if (auto pid = find_mail_process()) {
    return core::LockState{true, i18n::msg("Mail is running (pid {1}): quit Mail first, it overwrites account changes "
                                           "when it saves",
                                           {std::to_string(*pid)})};
  }
  return {};
}

const core::DatabaseStore* AppleMailAdapter::database_store(const fs::path& file) const {
  static const AccountsDbStore store;
  return is_accounts_db_name(file) ? &store : nullptr;
}

}  // namespace adapters::apple
