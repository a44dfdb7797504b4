// End-to-end tests of fix and restore through the binary (issue 18 items 3, 10): a partial fix
// never breaks a working account, the texts say what was and was not done, restore by run id and
// a forced restore that can be undone.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli/thunderbird_home.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using testutil::run_mailmend;

namespace {

using cli_test::kProfilesIni;
using cli_test::make_home;
using cli_test::prefs_of;

// A company account: IMAP on 993 with SSL/TLS, SMTP on 587 with STARTTLS (try_ssl 2).
std::string corp_prefs(int imap_port, int imap_socket_type) {
  return "// Mozilla User Preferences\n"
         "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
         "user_pref(\"mail.account.account1.server\", \"server1\");\n"
         "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
         "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n"
         "user_pref(\"mail.identity.id1.useremail\", \"ann@corp.example\");\n"
         "user_pref(\"mail.server.server1.authMethod\", 3);\n"
         "user_pref(\"mail.server.server1.hostname\", \"mail.corp.example\");\n"
         "user_pref(\"mail.server.server1.port\", " + std::to_string(imap_port) + ");\n"
         "user_pref(\"mail.server.server1.socketType\", " + std::to_string(imap_socket_type) + ");\n"
         "user_pref(\"mail.server.server1.type\", \"imap\");\n"
         "user_pref(\"mail.server.server1.userName\", \"ann@corp.example\");\n"
         "user_pref(\"mail.smtpserver.smtp1.authMethod\", 3);\n"
         "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.corp.example\");\n"
         "user_pref(\"mail.smtpserver.smtp1.port\", 587);\n"
         "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 2);\n"
         "user_pref(\"mail.smtpserver.smtp1.username\", \"ann@corp.example\");\n"
         "user_pref(\"mail.smtpservers\", \"smtp1\");\n";
}

std::string server(const std::string& kind, const std::string& type, const std::string& host, int port,
                   const std::string& socket_type) {
  return "<" + kind + " type=\"" + type + "\"><hostname>" + host + "</hostname><port>" + std::to_string(port) +
         "</port><socketType>" + socket_type +
         "</socketType><authentication>password-cleartext</authentication><username>%EMAILADDRESS%</username></" +
         kind + ">\n";
}

// The organisation's policy: IMAP and SMTP as given.
void write_policy(const fs::path& file, int imap_port, const std::string& imap_security, int smtp_port,
                  const std::string& smtp_security) {
  testutil::write_bytes(file, "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\">\n"
                              "<emailProvider id=\"corp.example\"><domain>corp.example</domain>\n"
                              "<displayName>Corp Mail</displayName>\n" +
                                  server("incomingServer", "imap", "mail.corp.example", imap_port, imap_security) +
                                  server("outgoingServer", "smtp", "smtp.corp.example", smtp_port, smtp_security) +
                                  "</emailProvider></clientConfig>\n");
}

bool has_rule(const std::string& audit_json, const std::string& rule) {
  const auto report = nlohmann::json::parse(audit_json);  // the loop must not outlive it
  for (const auto& f : report["findings"]) {
    if (f["rule"] == rule) return true;
  }
  return false;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

// An Outlook.com account still on the retired Windows Live host (as in test_cli.cpp).
const char* kRetiredHostPrefs =
    "// Mozilla User Preferences\n"
    "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
    "user_pref(\"mail.identity.id1.useremail\", \"ann@outlook.com\");\n"
    "user_pref(\"mail.server.server1.authMethod\", 10);\n"
    "user_pref(\"mail.server.server1.hostname\", \"pop3.live.com\");\n"
    "user_pref(\"mail.server.server1.port\", 995);\n"
    "user_pref(\"mail.server.server1.socketType\", 3);\n"
    "user_pref(\"mail.server.server1.type\", \"pop3\");\n"
    "user_pref(\"mail.server.server1.userName\", \"ann@outlook.com\");\n";

}  // namespace

TEST_SUITE("cli fix") {
  TEST_CASE("--only port-not-provider moves SMTP 587/STARTTLS to 465 together with SSL/TLS, never alone") {
    // Issue 18 item 3: the plan wrote 465 and kept STARTTLS, printed "1 of 1 file(s) fixed", exit 0.
    const std::string before = corp_prefs(993, 3);
    auto home = make_home("ann", before);
    write_policy("corp.xml", 993, "SSL", 465, "SSL");
    const std::vector<std::string> fix = {"fix", "--home", home.string(), "--policy", "corp.xml",
                                          "--only", "port-not-provider"};
    auto dry = run_mailmend(fix);
    INFO(dry.out << dry.err);
    CHECK(dry.exit_code == 1);
    CHECK(dry.out.find("outgoing.port: 587 -> 465  (rule port-not-provider)\n") != std::string::npos);
    CHECK(dry.out.find("outgoing.security: starttls -> tls  (rule security-not-provider; goes with the outgoing.port "
                       "change)\n") != std::string::npos);
    CHECK(dry.out.ends_with("\nNothing was changed; run again with --apply to make these changes.\n"));
    CHECK(testutil::read_bytes(prefs_of(home)) == before);

    auto with_apply = fix;
    with_apply.insert(with_apply.end(), {"--apply", "--backup-dir", "backups"});
    auto applied = run_mailmend(with_apply);
    INFO(applied.out << applied.err);
    CHECK(applied.exit_code == 0);
    CHECK(testutil::read_bytes(prefs_of(home)) ==
          replaced(replaced(before, "smtp1.port\", 587", "smtp1.port\", 465"), "try_ssl\", 2", "try_ssl\", 3"));
    auto audit = run_mailmend({"audit", "--home", home.string(), "--policy", "corp.xml", "--format", "json"});
    CHECK(!has_rule(audit.out, "port-security-mismatch"));
    CHECK(!has_rule(audit.out, "port-not-provider"));
  }

  TEST_CASE("a policy typo (993 with STARTTLS) changes nothing, names the problem and exits 3") {
    // The policy entry contradicts itself: it judges the account but never fixes it (the planner's
    // own port/security check is tested with such findings in tests/fix/test_plan_consistency.cpp).
    const std::string before = corp_prefs(143, 2);  // IMAP 143 with STARTTLS: works
    auto home = make_home("ann", before);
    write_policy("typo.xml", 993, "STARTTLS", 587, "STARTTLS");
    auto dry = run_mailmend({"fix", "--home", home.string(), "--policy", "typo.xml"});
    INFO(dry.out << dry.err);
    CHECK(dry.exit_code == 3);
    CHECK(dry.err == "mailmend: policy typo.xml:5: imap server uses STARTTLS on port 993; the STARTTLS port for imap is 143\n");
    CHECK(dry.out.find("Nothing to fix.") != std::string::npos);
    CHECK(dry.out.find("account1 (ann@corp.example)  incoming.port  (error port-not-provider)\n") != std::string::npos);
    CHECK(dry.out.find("Nothing was changed; run again") == std::string::npos);
    auto applied =
        run_mailmend({"fix", "--home", home.string(), "--policy", "typo.xml", "--apply", "--backup-dir", "backups"});
    INFO(applied.out << applied.err);
    CHECK(applied.exit_code == 3);
    CHECK(applied.out.find("file(s) fixed") == std::string::npos);
    CHECK(testutil::read_bytes(prefs_of(home)) == before);
    CHECK(!fs::exists("backups"));
  }

  TEST_CASE("fix on a saved copy says saved copies are never fixed") {
    auto home = make_home("ann", kRetiredHostPrefs);
    const fs::path saved = home / ".thunderbird/abcd1234.default/prefs.js.bak";
    testutil::write_bytes(saved, kRetiredHostPrefs);
    auto r = run_mailmend({"fix", saved.string()});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == saved.string() + ": a saved copy: saved copies are never fixed; fix the file the client reads\n");
    auto applied = run_mailmend({"fix", saved.string(), "--apply", "--backup-dir", "backups"});
    CHECK(applied.exit_code == 0);
    CHECK(applied.out == r.out);
    CHECK(testutil::read_bytes(saved) == kRetiredHostPrefs);
  }

  TEST_CASE("fix over a prefs.js cut before its first account names the damage and exits 3, dry run and apply") {
    const std::string cut = "user_pref(\"mail.accountmanager.accounts\", \"account1\"\n";
    auto home = make_home("ann", cut);
    const std::string prefs = prefs_of(home).string();
    const std::string message = prefs + ":2: the file ends inside a statement (expected ')' after pref value); it looks "
                                "cut; profile 'default', the default profile (Default=1): 0 mail accounts";
    const std::string expected = "Not read whole, so nothing in it is fixed (1 source(s)):\n  damaged  " + message + "\n";
    auto r = run_mailmend({"fix", "--home", home.string()});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.out == expected);
    auto json = nlohmann::json::parse(run_mailmend({"fix", "--home", home.string(), "--format", "json"}).out);
    CHECK(json["unread_sources"] ==
          nlohmann::json::array({{{"path", prefs}, {"status", "damaged"}, {"message", message}}}));
    auto applied = run_mailmend({"fix", "--home", home.string(), "--apply", "--backup-dir", "backups"});
    CHECK(applied.exit_code == 3);
    CHECK(applied.out == expected);
    CHECK(testutil::read_bytes(prefs_of(home)) == cut);
    CHECK(!fs::exists("backups"));

    // Nothing readable at all ends with 2, as `audit` does.
    auto missing = run_mailmend({"fix", "--home", "no-such-home", "--apply", "--backup-dir", "backups"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.out.rfind("Not read whole, so nothing in it is fixed (1 source(s)):\n  error  no-such-home: cannot open home folder", 0) == 0);
    CHECK(run_mailmend({"audit", "--home", "no-such-home"}).exit_code == 2);
  }

  TEST_CASE("restore RUN-ID restores every file of one apply run") {
    auto ann = make_home("ann", kRetiredHostPrefs);
    auto bob = make_home("bob", kRetiredHostPrefs);
    auto applied =
        run_mailmend({"fix", "--home", ann.string(), "--home", bob.string(), "--apply", "--backup-dir", "backups",
                      "--format", "json"});
    INFO(applied.out << applied.err);
    REQUIRE(applied.exit_code == 0);
    const auto result = nlohmann::json::parse(applied.out);
    const std::string run = result["run_id"];
    CHECK(run.starts_with("run-"));
    REQUIRE(result["files"].size() == 2);
    CHECK(testutil::read_bytes(prefs_of(ann)) != kRetiredHostPrefs);

    auto list = run_mailmend({"backups", "list", "--backup-dir", "backups"});
    CHECK(std::count(list.out.begin(), list.out.end(), '\n') == 2);
    CHECK(list.out.find(", " + run + ")\n") != std::string::npos);

    auto restored = run_mailmend({"restore", run, "--backup-dir", "backups"});
    INFO(restored.out << restored.err);
    CHECK(restored.exit_code == 0);
    CHECK(std::count(restored.out.begin(), restored.out.end(), '\n') == 2);
    CHECK(testutil::read_bytes(prefs_of(ann)) == kRetiredHostPrefs);
    CHECK(testutil::read_bytes(prefs_of(bob)) == kRetiredHostPrefs);

    auto unknown = run_mailmend({"restore", "run-20260101-000000.000-abcdef", "--backup-dir", "backups"});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err == "mailmend: error: no backup of run run-20260101-000000.000-abcdef in backups\n");
  }

  TEST_CASE("restore --force saves the state it replaces and prints its id, so it can be undone") {
    auto home = make_home("ann", kRetiredHostPrefs);
    auto applied = run_mailmend({"fix", "--home", home.string(), "--apply", "--backup-dir", "backups"});
    INFO(applied.out << applied.err);
    REQUIRE(applied.exit_code == 0);
    CHECK(applied.out.find("1 of 1 file(s) fixed; backups in backups (run run-") != std::string::npos);
    auto list = nlohmann::json::parse(run_mailmend({"backups", "list", "--backup-dir", "backups", "--format", "json"}).out);
    REQUIRE(list.size() == 1);
    const std::string id = list[0]["id"];
    const std::string edited = testutil::read_bytes(prefs_of(home)) + "user_pref(\"mail.edited\", true);\n";
    testutil::write_bytes(prefs_of(home), edited);

    CHECK(run_mailmend({"restore", id, "--backup-dir", "backups"}).exit_code == 3);
    auto forced = run_mailmend({"restore", id, "--force", "--backup-dir", "backups"});
    INFO(forced.out << forced.err);
    CHECK(forced.exit_code == 0);
    CHECK(testutil::read_bytes(prefs_of(home)) == kRetiredHostPrefs);
    list = nlohmann::json::parse(run_mailmend({"backups", "list", "--backup-dir", "backups", "--format", "json"}).out);
    REQUIRE(list.size() == 2);
    const std::string saved = list[1]["id"];
    CHECK(list[1]["note"] == "state before restore --force of backup " + id);
    CHECK(forced.out == "mailmend: restored: " + prefs_of(home).string() + ": restored from backup " + id +
                            "; the state it replaced is backup " + saved + " (mailmend restore " + saved +
                            " puts it back)\n");
    CHECK(run_mailmend({"restore", saved, "--backup-dir", "backups"}).exit_code == 0);
    CHECK(testutil::read_bytes(prefs_of(home)) == edited);
  }
}
