// End-to-end tests of the mailmend binary: exit codes, report contract, fix round trip.
#include <doctest/doctest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "cli/thunderbird_home.hpp"
#include "support/report_schema.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using testutil::run_mailmend;

namespace {

using cli_test::kBrokenPrefs;
using cli_test::kProfilesIni;
using cli_test::make_home;
using cli_test::prefs_of;

std::string healthy_prefs() {
  std::string s = kBrokenPrefs;
  s.replace(s.find("pop3.live.com"), 13, "outlook.office365.com");
  return s;
}

nlohmann::json parse(const testutil::RunResult& r) {
  INFO(r.err);
  return nlohmann::json::parse(r.out);
}

void check_schema(const std::string& json_file) { testutil::check_report_schema(json_file); }

const nlohmann::json* finding(const nlohmann::json& report, const std::string& rule, const std::string& field) {
  for (const auto& f : report["findings"]) {
    if (f["rule"] == rule && f["field"] == field) return &f;
  }
  return nullptr;
}

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("audit of a broken home: exact finding, exit 1, JSON that validates against the schema") {
    auto home = make_home("ann", kBrokenPrefs);
    auto r = run_mailmend({"audit", "--home", home.string(), "--format", "json"});
    CHECK(r.exit_code == 1);
    auto j = parse(r);
    REQUIRE(j["accounts"].size() == 1);
    const auto& a = j["accounts"][0];
    CHECK(a["client"] == "thunderbird");
    CHECK(a["key"] == "account1");
    CHECK(a["incoming"] == nlohmann::json{{"protocol", "pop3"}, {"host", "pop3.live.com"}, {"port", 995},
                                          {"security", "tls"}, {"auth", "OAuth2"}, {"username", "ann@outlook.com"}});
    CHECK(a["provider"]["matched_by"] == "email-domain");
    const auto* f = finding(j, "retired-host", "incoming.host");
    REQUIRE(f);
    CHECK((*f)["severity"] == "error");
    CHECK((*f)["actual"] == "pop3.live.com");
    CHECK((*f)["expected"] == "outlook.office365.com");
    CHECK((*f)["fixable"] == true);
    CHECK((*f)["origin"]["key"] == "mail.server.server1.hostname");
    CHECK((*f)["origin"]["line"] == 8);
    // smtp.office365.com works for Outlook.com but is not the host Microsoft names: a note (issue 18).
    const auto* note = finding(j, "accepted-alternative", "outgoing.host");
    REQUIRE(note);
    CHECK((*note)["severity"] == "info");
    CHECK((*note)["fixable"] == false);
    CHECK(j["findings"].size() == 2);
    testutil::write_bytes("report.json", r.out);
    check_schema("report.json");
  }

  TEST_CASE("a healthy home exits 0 and --fail-on decides what counts") {
    auto home = make_home("ann", healthy_prefs());
    CHECK(run_mailmend({"audit", "--home", home.string()}).exit_code == 0);
    auto broken = make_home("bob", kBrokenPrefs);
    CHECK(run_mailmend({"audit", "--home", broken.string(), "--fail-on", "never"}).exit_code == 0);
    CHECK(run_mailmend({"audit", "--home", broken.string(), "--fail-on", "error"}).exit_code == 1);
    CHECK(run_mailmend({"audit", "--home", broken.string(), "--fail-on", "sometimes"}).exit_code == 2);
  }

  TEST_CASE("exit 3 when a source cannot be read and the rest is audited, exit 2 when nothing can") {
    auto home = make_home("ann", healthy_prefs());
    auto r = run_mailmend({"audit", "--home", home.string(), "missing.prefs.js", "--format", "json"});
    CHECK(r.exit_code == 3);
    auto j = parse(r);
    CHECK(j["accounts"].size() == 1);
    bool listed = false;
    for (const auto& s : j["sources"]) {
      if (s["path"] == "missing.prefs.js") listed = s["status"] == "error" && s["message"] == "no such file or folder";
    }
    CHECK(listed);
    CHECK(run_mailmend({"audit", "missing.prefs.js"}).exit_code == 2);
    testutil::write_bytes("notes.txt", "hello");
    CHECK(run_mailmend({"audit", "notes.txt"}).exit_code == 2);
  }

  TEST_CASE("usage errors exit 2 with one line on stderr; help and version exit 0") {
    auto r = run_mailmend({"audit", "--bogus"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("--bogus") != std::string::npos);
    CHECK(run_mailmend({}).exit_code == 2);
    auto v = run_mailmend({"--version"});
    CHECK(v.exit_code == 0);
    CHECK(v.out.rfind("mailmend ", 0) == 0);
    CHECK(run_mailmend({"audit", "--help"}).exit_code == 0);
  }

  TEST_CASE("audit's probe and online options, built only when named, parse as the others do") {
    auto home = make_home("ann", kBrokenPrefs);
    const auto without_header = [](const std::string& text) { return text.substr(text.find('\n')); };  // it has the time
    const auto plain = run_mailmend({"audit", "--home", home.string()});
    CHECK(plain.exit_code == 1);
    for (const std::vector<std::string>& extra : {std::vector<std::string>{"--timeout", "3"}, {"--timeout=3"},
                                                  {"--concurrency", "2", "-4"}}) {
      std::vector<std::string> args{"audit", "--home", home.string()};
      args.insert(args.end(), extra.begin(), extra.end());
      const auto r = run_mailmend(args);
      INFO(extra.front());
      CHECK(r.exit_code == plain.exit_code);
      CHECK(without_header(r.out) == without_header(plain.out));
    }
    const auto refresh = run_mailmend({"audit", "--home", home.string(), "--refresh"});  // parsed, then refused
    CHECK(refresh.exit_code == 2);
    CHECK(refresh.err.find("--online") != std::string::npos);
    const auto misspelt = run_mailmend({"audit", "--home", home.string(), "--tiemout", "3"});
    CHECK(misspelt.exit_code == 2);
    CHECK(misspelt.err.find("--tiemout") != std::string::npos);
    const auto help = run_mailmend({"audit", "--help"});
    CHECK(help.exit_code == 0);
    for (const char* option : {"--home", "--online", "--dns-server", "--timeout", "--login", "--fail-on"}) {
      CHECK_MESSAGE(help.out.find(option) != std::string::npos, option);
    }
  }

  TEST_CASE("--output writes the report atomically and nothing to stdout") {
    auto home = make_home("ann", kBrokenPrefs);
    auto r = run_mailmend({"audit", "--home", home.string(), "--format", "json", "-o", "out.json"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    check_schema("out.json");
    auto bad = run_mailmend({"audit", "--home", home.string(), "-o", "no/such/dir/out.json"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("no/such/dir/out.json") != std::string::npos);
  }

  TEST_CASE("the text report has no colour when not on a terminal and names the place") {
    auto home = make_home("ann", kBrokenPrefs);
    auto r = run_mailmend({"audit", "--home", home.string()});
    CHECK(r.out.find('\x1b') == std::string::npos);
    CHECK(r.out.find("ERROR   retired-host  incoming.host: pop3.live.com -> outlook.office365.com  [fixable]") !=
          std::string::npos);
    CHECK(r.out.find("prefs.js:8 (mail.server.server1.hostname)") != std::string::npos);
  }

  TEST_CASE("a --policy file describes the organisation's own server and wins") {
    std::string prefs = healthy_prefs();
    prefs.replace(prefs.find("ann@outlook.com\");\nuser_pref(\"mail.server.server1.authMethod"), 15, "ann@corp.example");
    prefs.replace(prefs.find("outlook.office365.com"), 21, "mail.corp.example");
    prefs.replace(prefs.find("smtp.office365.com"), 18, "mail.corp.example");  // else it matches Microsoft by host
    auto home = make_home("ann", prefs);
    testutil::write_bytes("corp.xml",
                          "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\">\n"
                          "<emailProvider id=\"corp.example\"><domain>corp.example</domain>\n"
                          "<displayName>Corp Mail</displayName>\n"
                          "<incomingServer type=\"pop3\"><hostname>mail.corp.example</hostname><port>1995</port>"
                          "<socketType>SSL</socketType><authentication>OAuth2</authentication>"
                          "<username>%EMAILADDRESS%</username></incomingServer>\n"
                          "</emailProvider></clientConfig>\n");
    auto without = parse(run_mailmend({"audit", "--home", home.string(), "--format", "json"}));
    CHECK(finding(without, "unknown-domain", "") == nullptr);  // field is null, not ""
    bool unknown = false;
    for (const auto& f : without["findings"]) unknown = unknown || f["rule"] == "unknown-domain";
    CHECK(unknown);
    auto r = run_mailmend({"audit", "--home", home.string(), "--format", "json", "--policy", "corp.xml"});
    CHECK(r.exit_code == 1);
    auto j = parse(r);
    CHECK(j["accounts"][0]["provider"]["matched_by"] == "policy");
    CHECK(j["accounts"][0]["provider"]["name"] == "Corp Mail");
    const auto* f = finding(j, "port-not-provider", "incoming.port");
    REQUIRE(f);
    CHECK((*f)["expected"] == 1995);
    auto missing = run_mailmend({"audit", "--home", home.string(), "--policy", "nope.xml"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("nope.xml") != std::string::npos);
  }

  TEST_CASE("providers lookup prints the expected settings; unknown domains exit 1") {
    auto r = run_mailmend({"providers", "lookup", "ann@gmail.com", "--format", "json"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("imap.gmail.com") != std::string::npos);
    CHECK_NOTHROW(nlohmann::json::parse(r.out));
    auto t = run_mailmend({"providers", "lookup", "outlook.com"});
    CHECK(t.exit_code == 0);
    CHECK(t.out.find("outlook.office365.com") != std::string::npos);
    CHECK(run_mailmend({"providers", "lookup", "nobody.invalid"}).exit_code == 1);
  }

  TEST_CASE("providers import of the ISPDB snapshot gives a database the audit can use") {
    REQUIRE_SHARED();
    auto r = run_mailmend({"providers", "import", (testutil::shared_dir() / "ispdb").string(), "--out", "isp.sqlite"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("962 domains") != std::string::npos);
    auto home = make_home("ann", kBrokenPrefs);
    auto audit = run_mailmend({"audit", "--home", home.string(), "--providers", "isp.sqlite", "--format", "json"});
    CHECK(audit.exit_code <= 1);
    CHECK(parse(audit)["accounts"][0]["provider"].is_object());
    CHECK(run_mailmend({"audit", "--providers", "missing.sqlite"}).exit_code == 2);
  }

  TEST_CASE("fix: dry run changes nothing, apply fixes exactly the plan, restore gives the original bytes") {
    auto home = make_home("ann", kBrokenPrefs);
    const auto prefs = prefs_of(home);
    const auto before_mtime = fs::last_write_time(prefs);
    auto dry = run_mailmend({"fix", "--home", home.string()});
    CHECK(dry.exit_code == 1);
    CHECK(dry.out.find("-user_pref(\"mail.server.server1.hostname\", \"pop3.live.com\");") != std::string::npos);
    CHECK(dry.out.find("+user_pref(\"mail.server.server1.hostname\", \"outlook.office365.com\");") != std::string::npos);
    CHECK(testutil::read_bytes(prefs) == kBrokenPrefs);
    CHECK(fs::last_write_time(prefs) == before_mtime);

    const auto mode_0640 = fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read;
    fs::permissions(prefs, mode_0640);
    auto applied = run_mailmend({"fix", "--home", home.string(), "--apply", "--backup-dir", "backups"});
    INFO(applied.out << applied.err);
    CHECK(applied.exit_code == 0);
    CHECK(testutil::read_bytes(prefs) == healthy_prefs());
    if (testutil::files_have_posix_modes()) CHECK((fs::status(prefs).permissions() & fs::perms::all) == mode_0640);

    CHECK(run_mailmend({"fix", "--home", home.string()}).exit_code == 0);  // idempotent
    CHECK(run_mailmend({"audit", "--home", home.string()}).exit_code == 0);

    auto list = run_mailmend({"backups", "list", "--backup-dir", "backups", "--format", "json"});
    CHECK(list.exit_code == 0);
    auto backups = nlohmann::json::parse(list.out);
    REQUIRE(backups.size() == 1);
    std::string id = backups[0]["id"];
    auto restored = run_mailmend({"restore", id, "--backup-dir", "backups"});
    INFO(restored.out << restored.err);
    CHECK(restored.exit_code == 0);
    CHECK(testutil::read_bytes(prefs) == kBrokenPrefs);
  }

  TEST_CASE("fix --only and --skip choose the rules") {
    auto home = make_home("ann", kBrokenPrefs);
    CHECK(run_mailmend({"fix", "--home", home.string(), "--skip", "retired-host"}).exit_code == 0);
    CHECK(run_mailmend({"fix", "--home", home.string(), "--only", "port-not-provider,retired-host"}).exit_code == 1);
  }

  TEST_CASE("summary folds many reports into one view") {
    auto a = make_home("ann", kBrokenPrefs);
    auto b = make_home("bob", healthy_prefs());
    fs::create_directory("reports");
    run_mailmend({"audit", "--home", a.string(), "--format", "json", "-o", "reports/a.json"});
    run_mailmend({"audit", "--home", b.string(), "--format", "json", "-o", "reports/b.json"});
    // Both ran on this machine: one host, and its newest report (b.json, same second: the later file) counts.
    auto same_host = nlohmann::json::parse(run_mailmend({"summary", "reports", "--format", "json"}).out);
    CHECK(same_host["hosts"] == 1);
    CHECK(same_host["superseded_reports"] == 1);
    CHECK(same_host["errors"] == 0);
    auto b_report = nlohmann::json::parse(testutil::read_bytes("reports/b.json"));
    b_report["host"] = "pc-bob";
    b_report["machine_id"] = "0123456789abcdef0123456789abcdef";  // another machine: a host is its machine id
    testutil::write_bytes("reports/b.json", b_report.dump());
    auto r = run_mailmend({"summary", "reports", "--format", "json"});
    CHECK(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["reports"] == 2);
    CHECK(j["hosts"] == 2);
    CHECK(j["accounts"] == 2);
    CHECK(j["errors"] == 1);
    CHECK(j["error_hosts"] == nlohmann::json::array({parse(run_mailmend({"audit", "--home", a.string(), "--format", "json"}))["host"]}));
    CHECK(std::any_of(j["rules"].begin(), j["rules"].end(), [](const auto& rule) {
      return rule["rule"] == "retired-host" && rule["severity"] == "error";
    }));
    auto text = run_mailmend({"summary", "reports"});
    CHECK(text.out.find("\nHosts with errors: 1 (") != std::string::npos);
    auto missing = run_mailmend({"summary", "nothing-here"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.out.find("unreadable: nothing-here: ") != std::string::npos);
    fs::create_directories("empty/sub");
    // Standard input: NDJSON records (here of the same two runs) and an --now that is not a time.
    const std::string stream = run_mailmend({"audit", "--home", a.string(), "--format", "ndjson", "--host-id", "pc-ann"}).out;
    auto piped = run_mailmend({"summary", "-", "--format", "json", "--now", "2000-01-01T00:00:00Z", "--stale-days", "0"}, stream);
    INFO(piped.err);
    CHECK(piped.exit_code == 0);
    auto pj = nlohmann::json::parse(piped.out);
    CHECK(pj["reports"] == 1);
    CHECK(pj["errors"] == 1);
    CHECK(pj["error_hosts"] == nlohmann::json::array({"pc-ann"}));
    CHECK(pj["stale_hosts"] == 0);  // measured from 2000, the report is from the future
    auto bad_now = run_mailmend({"summary", "reports", "--now", "yesterday"});
    CHECK(bad_now.exit_code == 2);
    CHECK(bad_now.err == "mailmend: --now yesterday: not an RFC 3339 time (e.g. 2026-11-27T10:00:00Z)\n");
    CHECK(run_mailmend({"summary", "reports", "--format", "html", "-o", "fleet.html"}).exit_code == 0);
    CHECK(testutil::read_bytes("fleet.html").rfind("<!doctype html>\n<html lang=\"en\">", 0) == 0);
    auto empty = run_mailmend({"summary", "empty"});
    CHECK(empty.exit_code == 2);
    CHECK(empty.out.find("no report in empty: the folder and its subfolders hold no *.json, *.ndjson or *.jsonl report") != std::string::npos);
  }

}

TEST_SUITE("cli outlook") {
  TEST_CASE("fix on an offline NTUSER.DAT: apply, verify, idempotent, restore byte-exact") {
    fs::copy(testutil::source_dir() / "fixtures/homes/ol-broken", "home", fs::copy_options::recursive);
    const std::string original = testutil::read_bytes("home/NTUSER.DAT");
    const auto plan = nlohmann::json::parse(run_mailmend({"fix", "--home", "home", "--format", "json"}).out);
    std::set<std::pair<std::string, std::string>> planned;
    for (const auto& file : plan["files"]) {
      for (const auto& item : file["items"]) {
        const bool first = planned.insert({item["account"].get<std::string>(), item["field"].get<std::string>()}).second;
        CHECK_MESSAGE(first, item.dump());
      }
    }
    auto applied = run_mailmend({"fix", "--home", "home", "--apply", "--backup-dir", "backups"});
    INFO(applied.out << applied.err);
    CHECK(applied.exit_code == 0);
    // Each (account, field) once: the plan listed incoming.auth NTLM -> password-cleartext twice (18 items).
    CHECK(applied.out.find("14 change(s) applied") != std::string::npos);
    // What no fix carries is named: Outlook stores no OAuth2, the account has to be added again.
    CHECK(applied.out.find("finding(s) need manual action") != std::string::npos);
    // One finding per field: outlook-basic-auth-microsoft carries password-not-accepted as evidence.
    CHECK(applied.out.find("2 finding(s) need manual action") != std::string::npos);
    CHECK(applied.out.find("(erin.example@outlook.com)  incoming.auth  (error outlook-basic-auth-microsoft)\n") !=
          std::string::npos);
    CHECK(applied.out.find("(erin.example@outlook.com)  outgoing.auth  (error password-not-accepted)\n") !=
          std::string::npos);
    CHECK(testutil::read_bytes("home/NTUSER.DAT") != original);
    auto again = run_mailmend({"fix", "--home", "home"});
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("Nothing to fix.") != std::string::npos);
    auto audit = nlohmann::json::parse(run_mailmend({"audit", "--home", "home", "--format", "json"}).out);
    for (const auto& f : audit["findings"]) CHECK_MESSAGE(f["fixable"] == false, f.dump());
    auto list = nlohmann::json::parse(run_mailmend({"backups", "list", "--backup-dir", "backups", "--format", "json"}).out);
    REQUIRE(list.size() == 1);
    CHECK(run_mailmend({"restore", list[0]["id"], "--backup-dir", "backups"}).exit_code == 0);
    CHECK(testutil::read_bytes("home/NTUSER.DAT") == original);
  }

  TEST_CASE("findings in a PRF are reported, never planned") {
    auto r = run_mailmend({"fix", (testutil::source_dir() / "fixtures/outlook/deploy-2016.prf").string()});
    CHECK(r.exit_code == 0);
    auto audit = run_mailmend({"audit", (testutil::source_dir() / "fixtures/outlook/deploy-2016.prf").string(),
                               "--format", "json"});
    CHECK(audit.exit_code <= 1);
    CHECK(nlohmann::json::parse(audit.out)["accounts"].size() > 0);
  }
}

#include <utf8cpp/utf8.h>

namespace {

std::string utf16le_with_bom(const std::string& utf8) {
  std::u16string u16 = utf8::utf8to16(utf8);
  std::string out("\xFF\xFE", 2);
  for (char16_t c : u16) {
    out.push_back(static_cast<char>(c & 0xFF));
    out.push_back(static_cast<char>(c >> 8));
  }
  return out;
}

}  // namespace

TEST_SUITE("cli outlook") {
  TEST_CASE("fix on a .reg export writes the fix and undo .reg pair beside it, never the export") {
    const std::string key =
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\"
        "9375CFF0413111d3B88A00104B2A6676\\00000001]\r\n";
    const std::string export_text = "REGEDIT4\r\n\r\n" + key +
                                    "\"Account Name\"=\"ann@outlook.com\"\r\n\"Email\"=\"ann@outlook.com\"\r\n"
                                    "\"POP3 Server\"=\"pop3.live.com\"\r\n\"POP3 User\"=\"ann@outlook.com\"\r\n"
                                    "\"POP3 Port\"=dword:000003e3\r\n\"POP3 Use SSL\"=dword:00000001\r\n"
                                    "\"SMTP Server\"=\"smtp-mail.outlook.com\"\r\n\"SMTP Port\"=dword:0000024b\r\n"
                                    "\"SMTP Secure Connection\"=dword:00000002\r\n\"SMTP Use Auth\"=dword:00000001\r\n";
    testutil::write_bytes("ann.reg", export_text);
    auto dry = run_mailmend({"fix", "ann.reg"});
    CHECK(dry.exit_code == 1);
    CHECK(dry.out.find("1 change(s) to be written by --apply to ") != std::string::npos);
    CHECK(dry.out.find("ann.mailmend-fix.reg (import it with regedit on the machine)") != std::string::npos);
    CHECK_FALSE(fs::exists("ann.mailmend-fix.reg"));
    auto applied = run_mailmend({"fix", "ann.reg", "--apply", "--reg-out", "out"});
    CHECK(applied.exit_code == 3);  // --reg-out folder missing: refused with the reason, nothing half-written
    CHECK(applied.out.find("refused: " + testutil::native("out/ann.mailmend-fix.reg") +
                           ": cannot create a temporary file") != std::string::npos);
    fs::create_directory("out");
    applied = run_mailmend({"fix", "ann.reg", "--apply", "--reg-out", "out"});
    INFO(applied.out << applied.err);
    CHECK(applied.exit_code == 0);
    CHECK(testutil::read_bytes("ann.reg") == export_text);
    const std::string header = "Windows Registry Editor Version 5.00\r\n\r\n";
    CHECK(testutil::read_bytes("out/ann.mailmend-fix.reg") ==
          utf16le_with_bom(header + key + "\"POP3 Server\"=\"outlook.office365.com\"\r\n\r\n"));
    CHECK(testutil::read_bytes("out/ann.mailmend-undo.reg") ==
          utf16le_with_bom(header + key + "\"POP3 Server\"=\"pop3.live.com\"\r\n\r\n"));
  }
}

TEST_SUITE("cli apple") {
  TEST_CASE("fix --allow-accounts-db on the Accounts database: refused without it, applied, verified, restored") {
    fs::copy(testutil::source_dir() / "fixtures/homes/mac-modern-erin", "home", fs::copy_options::recursive);
    const fs::path db = fs::absolute("home/Library/Accounts/Accounts4.sqlite");
    const std::string original = testutil::read_bytes(db);
    auto refused = run_mailmend({"fix", "--home", "home"});
    CHECK(refused.exit_code == 3);
    CHECK(refused.out.find("refused: " + db.string() + ": a database changed in place only with --allow-accounts-db") !=
          std::string::npos);

    auto dry = run_mailmend({"fix", "--home", "home", "--allow-accounts-db", "--format", "json"});
    CHECK(dry.exit_code == 1);
    auto plan = parse(dry);
    REQUIRE(plan["files"].size() == 1);
    CHECK(plan["files"][0]["kind"] == "database");
    CHECK(plan["files"][0]["cells"].size() == 4);
    CHECK(testutil::read_bytes(db) == original);

    auto applied = run_mailmend({"fix", "--home", "home", "--allow-accounts-db", "--apply", "--backup-dir", "backups"});
    INFO(applied.out << applied.err);
    CHECK(applied.exit_code == 0);
    CHECK(applied.out.find("4 change(s) applied in place (4 cell(s))") != std::string::npos);
    auto audit = nlohmann::json::parse(run_mailmend({"audit", "--home", "home", "--format", "json"}).out);
    for (const auto& f : audit["findings"]) {
      CHECK_MESSAGE(!(f["fixable"] == true && f["origin"]["file"] == db.string()), f.dump());
    }
    CHECK(run_mailmend({"fix", "--home", "home", "--allow-accounts-db"}).exit_code == 0);  // nothing left

    auto list = nlohmann::json::parse(run_mailmend({"backups", "list", "--backup-dir", "backups", "--format", "json"}).out);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["kind"] == "database");
    CHECK(testutil::read_bytes("backups/" + list[0]["id"].get<std::string>() + "/original/Accounts4.sqlite") == original);
    auto restored = run_mailmend({"restore", list[0]["id"], "--backup-dir", "backups"});
    INFO(restored.out << restored.err);
    CHECK(restored.exit_code == 0);
    CHECK(run_mailmend({"fix", "--home", "home", "--allow-accounts-db"}).exit_code == 1);  // the findings are back
  }
}
