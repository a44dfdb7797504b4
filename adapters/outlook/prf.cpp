#include "adapters/outlook/prf.hpp"

#include <map>
#include <optional>
#include <set>
#include <vector>

#include "adapters/outlook/accounts.hpp"
#include "adapters/outlook/registry.hpp"
#include "adapters/outlook/rules.hpp"
#include "util/file.hpp"
#include "i18n/text.hpp"
#include "util/text.hpp"

namespace adapters::outlook {
namespace {

constexpr std::size_t kMaxPrfBytes = 4u * 1024u * 1024u;

struct Entry {
  std::string key;
  std::string value;
  int line = 0;
};
struct Section {
  std::string name;
  int line = 0;
  std::vector<Entry> entries;
  const Entry* get(std::string_view key) const {
    for (const auto& e : entries) {
      if (util::iequals(e.key, key)) return &e;
    }
    return nullptr;
  }
};

// What an account property means, whichever dialect named it.
enum class Prop { AccountName, DisplayName, Email, InServer, InUser, InPort, InSsl, InSpa, SmtpServer, SmtpPort,
                  SmtpSecure, SmtpSsl, SmtpUseAuth, SmtpAuthMethod, SmtpUser, SmtpSpa };

// Property ids of section 7 maps: the Account Management API ids (2003+) and the 97-2000 ids.
std::optional<Prop> prop_of_id(unsigned id) {
  static const std::map<unsigned, Prop> ids{
      {0x0002, Prop::AccountName}, {0x000B, Prop::DisplayName}, {0x000C, Prop::Email},
      {0x0100, Prop::InServer},    {0x0101, Prop::InUser},      {0x0104, Prop::InPort},
      {0x0105, Prop::InSsl},       {0x0108, Prop::InSpa},       {0x0200, Prop::SmtpServer},
      {0x0201, Prop::SmtpPort},    {0x0202, Prop::SmtpSsl},     {0x0203, Prop::SmtpUseAuth},
      {0x0204, Prop::SmtpUser},    {0x0207, Prop::SmtpSpa},     {0x0208, Prop::SmtpAuthMethod},
      {0x020A, Prop::SmtpSecure},  {0x1235, Prop::AccountName}, {0x13C4, Prop::InServer},
      {0x13C5, Prop::InUser},      {0x13C8, Prop::InSpa},       {0x13C9, Prop::InPort},
      {0x13CA, Prop::InSsl},       {0x1428, Prop::SmtpServer},  {0x1429, Prop::SmtpUser},
      {0x142C, Prop::SmtpSpa},     {0x142D, Prop::SmtpPort},    {0x142E, Prop::SmtpSsl},
      {0x1430, Prop::DisplayName}, {0x1432, Prop::Email}};
  auto it = ids.find(id);
  return it == ids.end() ? std::nullopt : std::optional<Prop>(it->second);
}

// Key names used when a PRF carries no section 7 map.
std::optional<Prop> prop_of_name(std::string_view key) {
  static const std::map<std::string, Prop> names{
      {"accountname", Prop::AccountName},       {"displayname", Prop::DisplayName},
      {"emailaddress", Prop::Email},            {"pop3server", Prop::InServer},
      {"imapserver", Prop::InServer},           {"pop3username", Prop::InUser},
      {"imapusername", Prop::InUser},           {"pop3logonname", Prop::InUser},
      {"pop3port", Prop::InPort},               {"imapport", Prop::InPort},
      {"pop3usessl", Prop::InSsl},              {"imapusessl", Prop::InSsl},
      {"pop3ssl", Prop::InSsl},                 {"pop3usespa", Prop::InSpa},
      {"imapusespa", Prop::InSpa},              {"pop3usesicily", Prop::InSpa},
      {"smtpserver", Prop::SmtpServer},         {"smtpport", Prop::SmtpPort},
      {"smtpsecureconnection", Prop::SmtpSecure}, {"smtpssl", Prop::SmtpSsl},
      {"smtpuseauth", Prop::SmtpUseAuth},       {"smtpauthmethod", Prop::SmtpAuthMethod},
      {"smtpusername", Prop::SmtpUser},         {"smtplogonname", Prop::SmtpUser},
      {"smtpusespa", Prop::SmtpSpa},            {"smtpusesicily", Prop::SmtpSpa},
      {"smtpdisplayname", Prop::DisplayName},   {"smtpemailaddress", Prop::Email}};
  auto it = names.find(util::to_lower(key));
  return it == names.end() ? std::nullopt : std::optional<Prop>(it->second);
}

util::Result<std::vector<Section>> parse_ini(std::string_view bytes, const std::string& file) {
  std::vector<Section> sections;
  int line_no = 0;
  std::size_t start = 0;
  while (start < bytes.size()) {
    auto end = bytes.find_first_of("\r\n", start);
    auto line = bytes.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    ++line_no;
    start = end == std::string_view::npos ? bytes.size() : end + 1;
    if (end != std::string_view::npos && bytes[end] == '\r' && start < bytes.size() && bytes[start] == '\n') ++start;
    if (line.find('\0') != std::string_view::npos) {
      return util::make_error(file + ":" + std::to_string(line_no) + ": NUL byte: not a text PRF (UTF-16 is not supported)");
    }
    auto t = util::trim(line);
    if (t.empty() || t.front() == ';' || t.front() == '\'') continue;
    if (t.front() == '[' && t.back() == ']') {
      sections.push_back({std::string(util::trim(t.substr(1, t.size() - 2))), line_no, {}});
      continue;
    }
    auto eq = t.find('=');
    if (eq == std::string_view::npos || sections.empty()) continue;  // wrapped comments in pasted PRFs
    sections.back().entries.push_back(
        {std::string(util::trim(t.substr(0, eq))), std::string(util::trim(t.substr(eq + 1))), line_no});
  }
  return sections;
}

std::optional<long long> prf_number(std::string_view v) {
  auto t = util::to_lower(util::trim(v));
  if (t == "true" || t == "yes") return 1;
  if (t == "false" || t == "no") return 0;
  if (t.starts_with("0x")) {
    try {
      std::size_t used = 0;
      long long n = std::stoll(t.substr(2), &used, 16);
      if (used == t.size() - 2) return n;
    } catch (...) {
    }
    return std::nullopt;
  }
  return util::parse_int(t, -2147483648LL, 4294967295LL);
}

class PrfAccount {
 public:
  PrfAccount(const std::string& file, const Section& section, const std::map<std::string, Prop>& map)
      : file_(file), section_(section) {
    for (const auto& e : section.entries) {
      auto it = map.find(util::to_lower(e.key));
      auto p = it != map.end() ? std::optional<Prop>(it->second) : prop_of_name(e.key);
      if (p) props_[*p] = &e;
    }
  }
  const Entry* get(Prop p) const {
    auto it = props_.find(p);
    return it == props_.end() ? nullptr : it->second;
  }
  core::Origin origin(Prop p, std::string_view default_key) const {
    const Entry* e = get(p);
    return {file_, section_.name + "\\" + (e ? e->key : std::string(default_key)), e ? e->line : section_.line, e == nullptr};
  }
  std::string text(Prop p) const { return get(p) ? get(p)->value : std::string(); }
  int port(Prop p, int fallback) const {
    auto n = number(p, fallback);
    return n >= 1 && n <= 65535 ? static_cast<int>(n) : fallback;
  }
  long long number(Prop p, long long fallback) const {
    auto n = get(p) ? prf_number(get(p)->value) : std::nullopt;
    return n ? *n : fallback;
  }

 private:
  const std::string& file_;
  const Section& section_;
  std::map<Prop, const Entry*> props_;
};

core::Security security_of(long long code) {
  return code < 0 ? core::Security::Unknown : security_of_code(static_cast<std::uint64_t>(code));
}

std::pair<core::Account, AccountFacts> prf_account(const std::string& file, const std::string& profile,
                                                   const Section& section, const std::map<std::string, Prop>& map,
                                                   bool imap) {
  PrfAccount p(file, section, map);
  std::string pre = imap ? "IMAP" : "POP3";
  core::Account a;
  a.client = "outlook";
  a.read_only = true;  // a PRF is a re-creation recipe: its author edits it, mailmend does not
  a.source = file;
  a.key = profile + "\\" + section.name;
  a.id = core::make_account_id("outlook", file, a.key);
  a.profile = profile;
  a.name = p.text(Prop::DisplayName);
  if (a.name.empty()) a.name = p.text(Prop::AccountName);
  a.email = p.text(Prop::Email);
  AccountFacts facts;
  facts.from_prf = true;
  core::Endpoint in;
  in.protocol = imap ? core::Protocol::Imap : core::Protocol::Pop3;
  in.host = {p.text(Prop::InServer), p.origin(Prop::InServer, pre + "Server")};
  in.port = {p.port(Prop::InPort, imap ? 143 : 110), p.origin(Prop::InPort, pre + "Port")};
  auto in_code = p.number(Prop::InSsl, 0);
  facts.incoming_security_auto = in_code == static_cast<long long>(kSecurityAuto);
  in.security = {security_of(in_code), p.origin(Prop::InSsl, pre + "UseSSL")};
  in.auth = {p.number(Prop::InSpa, 0) ? core::Auth::Ntlm : core::Auth::PasswordCleartext, p.origin(Prop::InSpa, pre + "UseSPA")};
  in.username = {p.text(Prop::InUser), p.origin(Prop::InUser, pre + "UserName")};
  core::Endpoint out;
  out.protocol = core::Protocol::Smtp;
  out.host = {p.text(Prop::SmtpServer), p.origin(Prop::SmtpServer, "SMTPServer")};
  out.port = {p.port(Prop::SmtpPort, 25), p.origin(Prop::SmtpPort, "SMTPPort")};
  if (!p.get(Prop::SmtpSecure) && p.get(Prop::SmtpSsl)) {
    out.security = {p.number(Prop::SmtpSsl, 0) ? core::Security::Tls : core::Security::None, p.origin(Prop::SmtpSsl, "SMTPSSL")};
  } else {
    auto code = p.number(Prop::SmtpSecure, 0);
    facts.outgoing_security_auto = code == static_cast<long long>(kSecurityAuto);
    out.security = {security_of(code), p.origin(Prop::SmtpSecure, "SMTPSecureConnection")};
  }
  bool spa = p.number(Prop::SmtpSpa, 0) != 0;
  bool use_auth = p.number(Prop::SmtpUseAuth, 0) != 0 || spa;
  if (spa) {
    out.auth = {core::Auth::Ntlm, p.origin(Prop::SmtpSpa, "SMTPUseSPA")};
  } else {
    out.auth = {use_auth ? core::Auth::PasswordCleartext : core::Auth::None, p.origin(Prop::SmtpUseAuth, "SMTPUseAuth")};
  }
  if (!use_auth) {
    out.username = {"", p.origin(Prop::SmtpUser, "SMTPUserName")};
  } else {
    out.username = p.number(Prop::SmtpAuthMethod, 0) == 1 || p.get(Prop::SmtpUser)
                       ? core::Value<std::string>{p.text(Prop::SmtpUser), p.origin(Prop::SmtpUser, "SMTPUserName")}
                       : in.username;
  }
  a.incoming = in;
  a.outgoing = out;
  return {a, facts};
}

// Section 7 maps ("POP3Server=PT_UNICODE,0x0100") of one account type.
std::map<std::string, Prop> property_map(const Section* s) {
  std::map<std::string, Prop> map;
  if (!s) return map;
  for (const auto& e : s->entries) {
    auto comma = e.value.find(",0x");
    if (!util::to_lower(e.value).starts_with("pt_") || comma == std::string::npos) continue;
    auto id = prf_number(e.value.substr(comma + 1));
    if (id && *id >= 0) {
      if (auto p = prop_of_id(static_cast<unsigned>(*id))) map[util::to_lower(e.key)] = *p;
    }
  }
  return map;
}

bool is_imap_type(const std::string& list_type, const Section* map_section, const Section& account) {
  if (const Entry* t = map_section ? map_section->get("AccountType") : nullptr) return util::iequals(t->value, "IMAP");
  if (util::to_lower(list_type).find("imap") != std::string::npos) return true;
  return account.get("IMAPServer") && !account.get("POP3Server");
}

}  // namespace

util::Result<core::ReadOutput> parse_prf(std::string_view bytes, const std::string& file) {
  auto sections = parse_ini(utf8_or_windows1252(bytes), file);
  if (!sections.ok()) return sections.error();
  // Sections by name, case-insensitively (the first of a name wins), in a map: a 4 MB
  // PRF can list 100,000 accounts, all naming one section of 100,000 entries.
  std::map<std::string, const Section*> by_name;
  for (const auto& sec : *sections) by_name.emplace(util::to_lower(sec.name), &sec);
  auto section = [&](std::string_view name) -> const Section* {
    auto it = by_name.find(util::to_lower(name));
    return it == by_name.end() ? nullptr : it->second;
  };
  const Section* general = section("General");
  if (!general) return util::make_error(file + ": no [General] section: not an Outlook PRF file");
  std::string profile = general->get("ProfileName") ? general->get("ProfileName")->value : "Outlook";
  core::ReadOutput out;
  const Section* list = section("Internet Account List");
  std::set<const Section*> read_sections;
  for (const auto& e : list ? list->entries : std::vector<Entry>{}) {
    const Section* account = section(e.key);
    if (!account || util::iequals(e.value, "INET_HTTP")) continue;
    if (!read_sections.insert(account).second) continue;  // listed again: the same account
    const Section* map_section = section(e.value);
    auto [a, facts] = prf_account(file, profile, *account, property_map(map_section), is_imap_type(e.value, map_section, *account));
    for (auto& f : outlook_findings(a, facts)) {
      f.fixable = false;  // a PRF is a re-creation recipe: its author edits it, mailmend does not
      out.findings.push_back(std::move(f));
    }
    out.accounts.push_back(std::move(a));
  }
  const Section* services = section("Service List");
  for (const auto& e : services ? services->entries : std::vector<Entry>{}) {
    if (!util::iequals(e.value, "Microsoft Exchange Server")) continue;
    core::Account a;
    a.client = "outlook";
    a.read_only = true;
    a.source = file;
    a.key = profile + "\\" + e.key;
    a.id = core::make_account_id("outlook", file, a.key);
    a.profile = profile;
    const Section* s = section(e.key);
    if (const Entry* m = s ? s->get("MailboxName") : nullptr) {
      (m->value.find('@') == std::string::npos ? a.name : a.email) = m->value;
    }
    core::Endpoint ex;
    ex.protocol = core::Protocol::Exchange;
    a.incoming = ex;
    out.accounts.push_back(std::move(a));
  }
  bool is_default = general->get("DefaultProfile") && util::iequals(general->get("DefaultProfile")->value, "Yes");
  const std::string accounts = std::to_string(out.accounts.size());
  out.sources.push_back(core::Source::noted(
      "outlook", file, core::SourceStatus::Ok,
      is_default ? i18n::msg("PRF for profile \"{1}\" (default), {2} account(s)", {profile, accounts})
                 : i18n::msg("PRF for profile \"{1}\", {2} account(s)", {profile, accounts})));
  return out;
}

core::ReadOutput read_prf(const std::filesystem::path& path) {
  auto bytes = util::read_file(path, kMaxPrfBytes);
  util::Result<core::ReadOutput> parsed = bytes.ok() ? parse_prf(*bytes, path.string()) : util::Result<core::ReadOutput>(bytes.error());
  if (parsed.ok()) return std::move(parsed).value();
  core::ReadOutput out;
  out.sources.push_back(core::Source::noted("outlook", path.string(), core::SourceStatus::Error, i18n::text_of(parsed.error())));
  return out;
}

}  // namespace adapters::outlook
