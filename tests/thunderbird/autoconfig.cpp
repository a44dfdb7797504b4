#include "adapters/thunderbird/autoconfig.hpp"

#include <doctest/doctest.h>

#include <filesystem>

#include "adapters/thunderbird/adapter.hpp"
#include "adapters/thunderbird/discovery.hpp"
#include "support/testutil.hpp"
#include "tb_testutil.hpp"
#include "util/system.hpp"

namespace fs = std::filesystem;
using namespace adapters::thunderbird;
using V = std::vector<std::string>;

namespace {

const std::string kAutoconfigPrefs =
    "// Mozilla User Preferences\n"
    "\n"
    "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
    "user_pref(\"mail.identity.id1.useremail\", \"bob@example.org\");\n"
    "user_pref(\"mail.server.server1.hostname\", \"old.example.org\");\n"
    "user_pref(\"mail.server.server1.socketType\", 2);\n"
    "user_pref(\"mail.server.server1.type\", \"imap\");\n"
    "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.example.org\");\n"
    "user_pref(\"mail.smtpservers\", \"smtp1\");\n";

// An install folder in the scratch folder: defaults/pref/autoconfig.js naming `cfg_name`, and the .cfg.
fs::path make_install(const std::string& cfg, int obscure = 0, const std::string& cfg_name = "mozilla.cfg") {
  fs::path dir = testutil::scratch() / "install";
  testutil::write_bytes(dir / "defaults/pref/autoconfig.js",
                        "pref(\"general.config.filename\", \"" + cfg_name + "\");\npref(\"general.config.obscure_value\", " +
                            std::to_string(obscure) + ");\n");
  if (!cfg.empty()) testutil::write_bytes(dir / cfg_name, cfg);
  return dir;
}

core::ReadOutput read_with(const fs::path& install) {
  testutil::write_bytes("p/prefs.js", kAutoconfigPrefs);
  return ThunderbirdAdapter(Options{{}, {install}}).read("p");
}

core::Edit host_edit(const core::Origin& target, const std::string& host) {
  return core::Edit{"thunderbird:p/prefs.js#account1", "incoming.host", target, host};
}

std::string strip(std::string s, const std::string& what) {
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what)) s.erase(p, what.size());
  return s;
}

}  // namespace

TEST_SUITE("autoconfig") {
  TEST_CASE("a lockPref of the server hostname is the audited value, with the .cfg and its line as origin") {
    fs::path install = make_install(
        "// first line, skipped\n"
        "lockPref(\"mail.server.server1.hostname\", \"imap.example.com\");\n"
        "pref(\"browser.startup.homepage\", \"https://intranet.example.com/\");\n");
    auto out = read_with(install);
    REQUIRE(out.accounts.size() == 1);
    const auto& host = out.accounts[0].incoming->host;
    CHECK(host.value == "imap.example.com");
    CHECK(host.origin == core::Origin{(install / "mozilla.cfg").string(), "mail.server.server1.hostname", 2, false});
    CHECK(tbtest::finding_lines(out, testutil::folder_prefix(install)) ==
          V{"thunderbird-autoconfig-locked info incoming.host: mail.server.server1.hostname is locked by AutoConfig "
            "lockPref() in mozilla.cfg:2; change it there, not in the profile"});
    CHECK_FALSE(out.accounts[0].read_only);
  }

  TEST_CASE("a fix of a locked hostname is refused, naming the .cfg and the line of the lock") {
    fs::path install = make_install("//\n\nlockPref(\"mail.server.server1.hostname\", \"imap.example.com\");\n");
    std::string cfg = (install / "mozilla.cfg").string();
    ThunderbirdAdapter tb(Options{{}, {install}});
    // The audited origin is the .cfg: the fix engine asks the adapter to render that file.
    auto in_cfg = tb.render(cfg, testutil::read_bytes(cfg),
                            {host_edit({cfg, "mail.server.server1.hostname", 3, false}, "mail.example.com")});
    REQUIRE_FALSE(in_cfg.ok());
    CHECK(in_cfg.error().message ==
          cfg + ":3: mail.server.server1.hostname: set by the Thunderbird installation (AutoConfig or defaults/pref); "
                "mailmend does not edit installation files; change it there");
    // An edit of the same pref in prefs.js is refused too: the lock would win at the next start.
    auto in_prefs = tb.render("prefs.js", kAutoconfigPrefs,
                              {host_edit({"prefs.js", "mail.server.server1.hostname", 7, false}, "mail.example.com")});
    REQUIRE_FALSE(in_prefs.ok());
    CHECK(in_prefs.error().message == "prefs.js: mail.server.server1.hostname: locked by AutoConfig lockPref() in " +
                                          cfg + ":3; change it there");
    // Other prefs are still fixed.
    auto other = tb.render("prefs.js", kAutoconfigPrefs,
                           {core::Edit{"a", "outgoing.host", {"prefs.js", "mail.smtpserver.smtp1.hostname", 10, false},
                                       std::string("smtp.example.com")}});
    REQUIRE(other.ok());
    CHECK(other->find("\"smtp.example.com\"") != std::string::npos);
  }

  TEST_CASE("pref() in the .cfg overrides prefs.js at every start: audited as its value, a fix is refused") {
    fs::path install = make_install("#\npref(\"mail.server.server1.socketType\", 3);\n");
    auto out = read_with(install);
    REQUIRE(out.accounts.size() == 1);
    CHECK(tbtest::summary(out.accounts[0]) ==
          "account1 <bob@example.org> | imap old.example.org:993 tls password-cleartext  | "
          "smtp smtp.example.org:587 none password-cleartext ");
    CHECK(tbtest::finding_lines(out, testutil::folder_prefix(install)) ==
          V{"thunderbird-autoconfig-set info incoming.security: mail.server.server1.socketType is set at every start "
            "by AutoConfig pref() in mozilla.cfg:2, over prefs.js; change it there, not in the profile"});
    auto r = ThunderbirdAdapter(Options{{}, {install}})
                 .render("prefs.js", kAutoconfigPrefs,
                         {core::Edit{"a", "incoming.security", {"prefs.js", "mail.server.server1.socketType", 8, false},
                                     std::string("starttls")}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "prefs.js: mail.server.server1.socketType: set at every start by AutoConfig pref() in " +
                                   (install / "mozilla.cfg").string() + ":2; change it there");
  }

  TEST_CASE("defaultPref() only fills a gap: prefs.js wins, an absent pref takes it, and a fix may insert it") {
    fs::path install = make_install(
        "\n"
        "defaultPref(\"mail.server.server1.hostname\", \"ignored.example.com\");\n"
        "defaultPref(\"mail.server.server1.port\", 1993);\n");
    auto out = read_with(install);
    REQUIRE(out.accounts.size() == 1);
    const auto& in = *out.accounts[0].incoming;
    CHECK(in.host.value == "old.example.org");
    CHECK(in.port.value == 1993);
    CHECK(in.port.origin == core::Origin{testutil::native("p/prefs.js"), "mail.server.server1.port", 0, true});
    CHECK(tbtest::finding_lines(out, testutil::folder_prefix(install)) ==
          V{"thunderbird-autoconfig-default info incoming.port: mail.server.server1.port has no value in the profile; "
            "the installation's default from AutoConfig defaultPref() in mozilla.cfg:3 applies (a value in prefs.js "
            "would override it)"});
    auto r = ThunderbirdAdapter(Options{{}, {install}})
                 .render("p/prefs.js", kAutoconfigPrefs,
                         {core::Edit{"a", "incoming.port", in.port.origin, std::int64_t{993}}});
    REQUIRE(r.ok());
    CHECK(r->find("user_pref(\"mail.server.server1.port\", 993);\n") != std::string::npos);
  }

  TEST_CASE("general.config.obscure_value 13: every byte of the .cfg is shifted by 13 and decoded") {
    std::string plain = "// skipped\nlockPref(\"mail.server.server1.hostname\", \"imap.example.com\");\n";
    std::string shifted = plain;
    for (char& c : shifted) c = static_cast<char>(static_cast<unsigned char>(c) + 13);
    fs::path install = make_install(shifted, 13);
    auto out = read_with(install);
    REQUIRE(out.accounts.size() == 1);
    CHECK(out.accounts[0].incoming->host.value == "imap.example.com");
    CHECK(decode_obscured(shifted, 13) == plain);
    CHECK(decode_obscured("abc", 0) == "abc");
    CHECK(decode_obscured("abc", -1) == "abc");  // Thunderbird decodes only for a value above 0
    // Read without the shift, the same bytes are not a script mailmend understands.
    fs::remove_all(install);
    fs::path wrong = make_install(shifted, 0);
    auto garbled = read_with(wrong);
    CHECK(garbled.accounts.at(0).incoming->host.value == "old.example.org");
  }

  TEST_CASE("the first line of the .cfg is skipped: a lockPref there is ignored") {
    auto scan = scan_autoconfig("lockPref(\"mail.server.server1.port\", 1);\r\nlockPref(\"mail.a\", 2);\n", "x.cfg");
    REQUIRE(scan.ok());
    REQUIRE(scan->prefs.size() == 1);
    CHECK(scan->prefs[0].name == "mail.a");
    CHECK(scan->prefs[0].line == 2);
    CHECK(scan->code_line == 0);
    fs::path install = make_install("lockPref(\"mail.server.server1.hostname\", \"imap.example.com\");\n");
    auto out = read_with(install);
    CHECK(out.accounts.at(0).incoming->host.value == "old.example.org");
    CHECK(out.findings.empty());
  }

  TEST_CASE("literal calls: strings with escapes, signed ints, booleans, double and single quotes, comments") {
    auto scan = scan_autoconfig(
        "//\n"
        "/* a block\n comment */ lockPref('mail.s', \"a\\\"b\\u00e9\\x41\");\n"
        "defaultPref(\"mail.i\", -5); pref(\"mailnews.b\", true)\n"
        "pref(\"mail.late\", +7);\n",
        "x.cfg");
    REQUIRE(scan.ok());
    REQUIRE(scan->prefs.size() == 4);
    CHECK(scan->prefs[0].value == PrefValue{std::string("a\"b\xC3\xA9" "A")});
    CHECK(scan->prefs[0].line == 3);
    CHECK(scan->prefs[0].status == PrefStore::PolicyStatus::Locked);
    CHECK(scan->prefs[1].value == PrefValue{std::int32_t{-5}});
    CHECK(scan->prefs[1].status == PrefStore::PolicyStatus::Default);
    CHECK(scan->prefs[2].value == PrefValue{true});
    CHECK(scan->prefs[2].status == PrefStore::PolicyStatus::User);
    CHECK(scan->prefs[3].value == PrefValue{std::int32_t{7}});
    CHECK(scan->prefs[3].line == 5);
    for (const auto& p : scan->prefs) CHECK(p.certain);
    CHECK(scan->code_line == 0);
  }

  TEST_CASE("code mailmend cannot evaluate is one info finding per file; conditional locks still refuse a fix") {
    fs::path install = make_install(
        "// AutoConfig\n"
        "lockPref(\"mail.server.server1.port\", 993);\n"
        "var user = getenv(\"USER\");\n"
        "if (user == \"bob\") {\n"
        "  lockPref(\"mail.server.server1.hostname\", \"imap.example.com\");\n"
        "}\n"
        "lockPref(\"mail.smtpserver.smtp1.hostname\", getenv(\"SMTP\"));\n");
    auto out = read_with(install);
    std::string cfg = (install / "mozilla.cfg").string();
    REQUIRE(out.accounts.size() == 1);
    CHECK(out.accounts[0].incoming->host.value == "old.example.org");  // conditional: not applied
    CHECK(out.accounts[0].incoming->port.value == 993);
    CHECK(tbtest::finding_lines(out, testutil::folder_prefix(install)) ==
          V{"thunderbird-autoconfig-code info: AutoConfig mozilla.cfg:3 runs code mailmend does not evaluate; values "
            "it sets at startup may differ",
            "thunderbird-autoconfig-locked info incoming.port: mail.server.server1.port is locked by AutoConfig "
            "lockPref() in mozilla.cfg:2; change it there, not in the profile"});
    ThunderbirdAdapter tb(Options{{}, {install}});
    auto r = tb.render("prefs.js", kAutoconfigPrefs,
                       {host_edit({"prefs.js", "mail.server.server1.hostname", 7, false}, "mail.example.com")});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "prefs.js: mail.server.server1.hostname: maybe locked by AutoConfig lockPref() in " +
                                   cfg + ":5 (in code mailmend does not evaluate); change it there");
    auto smtp = tb.render("prefs.js", kAutoconfigPrefs,
                          {core::Edit{"a", "outgoing.host", {"prefs.js", "mail.smtpserver.smtp1.hostname", 10, false},
                                      std::string("smtp.example.com")}});
    REQUIRE_FALSE(smtp.ok());
    CHECK(smtp.error().message == "prefs.js: mail.smtpserver.smtp1.hostname: maybe locked by AutoConfig lockPref() in " +
                                      cfg + ":7 (in code mailmend does not evaluate); change it there");
  }

  TEST_CASE("a regular expression with a quote in it is code, not the start of a string") {
    auto scan = scan_autoconfig("//\nvar s = getenv(\"U\").replace(/[\"']/g, '');\nvar half = 4 / 2;\n"
                                "lockPref(\"mail.server.server1.port\", 993);\n",
                                "r.cfg");
    REQUIRE(scan.ok());
    CHECK(scan->code_line == 2);
    REQUIRE(scan->prefs.size() == 1);
    CHECK(scan->prefs[0].line == 4);
    CHECK(scan->prefs[0].certain);
  }

  TEST_CASE("a remote configuration URL counts as code that is not evaluated, and is named") {
    auto scan = scan_autoconfig("//\n\npref(\"autoadmin.global_config_url\", \"https://config.example.com/tb.js\");\n",
                                "x.cfg");
    REQUIRE(scan.ok());
    CHECK(scan->code_line == 3);
    CHECK(scan->remote_url == "https://config.example.com/tb.js");
    fs::path install = make_install("//\npref(\"autoadmin.global_config_url\", \"https://config.example.com/tb.js\");\n");
    auto out = read_with(install);
    CHECK(tbtest::finding_lines(out, testutil::folder_prefix(install)) ==
          V{"thunderbird-autoconfig-code info: AutoConfig mozilla.cfg:2 runs code mailmend does not evaluate (it also "
            "loads https://config.example.com/tb.js); values it sets at startup may differ"});
  }

  TEST_CASE("a defaults/pref file with pref(..., locked) locks; a plain pref() there is a default; sticky is not a lock") {
    fs::path install = testutil::scratch() / "install";
    testutil::write_bytes(install / "defaults/pref/site.js",
                          "// site defaults\n"
                          "pref(\"mail.server.server1.socketType\", 3, locked);\n"
                          "pref(\"mail.server.server1.port\", 1993);\n"
                          "pref(\"mail.smtpserver.smtp1.port\", 2525, sticky);\n");
    auto out = read_with(install);
    std::string site = (install / "defaults" / "pref" / "site.js").string();
    REQUIRE(out.accounts.size() == 1);
    CHECK(tbtest::summary(out.accounts[0]) ==
          "account1 <bob@example.org> | imap old.example.org:1993 tls password-cleartext  | "
          "smtp smtp.example.org:2525 none password-cleartext ");
    CHECK(out.accounts[0].incoming->security.origin == core::Origin{site, "mail.server.server1.socketType", 2, false});
    CHECK(
        tbtest::finding_lines(out, testutil::folder_prefix(install)) ==
        V{"thunderbird-autoconfig-default info incoming.port: mail.server.server1.port has no value in the profile; "
          "the installation's default from pref() in " +
              testutil::native("defaults/pref/site.js") +
              ":3 applies (a value in prefs.js would "
              "override it)",
          "thunderbird-autoconfig-default info outgoing.port: mail.smtpserver.smtp1.port has no value in the profile; "
          "the installation's default from sticky_pref() in " +
              testutil::native("defaults/pref/site.js") +
              ":4 applies (a value in prefs.js "
              "would override it)",
          "thunderbird-autoconfig-locked info incoming.security: mail.server.server1.socketType is locked by "
          "pref(..., locked) in " +
              testutil::native("defaults/pref/site.js") + ":2; change it there, not in the profile"});
    ThunderbirdAdapter tb(Options{{}, {install}});
    auto r = tb.render("prefs.js", kAutoconfigPrefs,
                       {core::Edit{"a", "incoming.security", {"prefs.js", "mail.server.server1.socketType", 8, false},
                                   std::string("starttls")}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "prefs.js: mail.server.server1.socketType: locked by pref(..., locked) in " + site +
                                   ":2; change it there");
    auto in_site = tb.render(site, "", {core::Edit{"a", "incoming.security",
                                                   {site, "mail.server.server1.socketType", 2, false}, std::string("tls")}});
    REQUIRE_FALSE(in_site.ok());
    CHECK(in_site.error().message.starts_with(site + ":2: mail.server.server1.socketType: set by the Thunderbird installation"));
  }

  TEST_CASE("a .cfg lockPref wins over a defaults/pref lock of the same pref") {
    fs::path install = make_install("//\nlockPref(\"mail.server.server1.socketType\", 0);\n");
    testutil::write_bytes(install / "defaults/pref/site.js", "pref(\"mail.server.server1.socketType\", 3, locked);\n");
    auto out = read_with(install);
    CHECK(out.accounts.at(0).incoming->security.value == core::Security::None);
    CHECK(out.accounts.at(0).incoming->security.origin.file == (install / "mozilla.cfg").string());
  }

  TEST_CASE("a missing .cfg named by general.config.filename is a warning naming both files") {
    fs::path install = make_install("", 0, "site.cfg");
    auto out = read_with(install);
    CHECK(out.accounts.size() == 1);
    CHECK(tbtest::finding_lines(out, testutil::folder_prefix(install)) ==
          V{"thunderbird-autoconfig-error warning: " + testutil::native("defaults/pref/autoconfig.js") +
            ":1: general.config.filename names "
            "'site.cfg', but site.cfg: cannot open: " +
            testutil::missing_file_error() +
            "; Thunderbird reports an error at startup "
            "and applies none of its prefs"});
    fs::path pathlike = make_install("", 0, "../etc/x.cfg");
    auto out2 = read_with(pathlike);
    CHECK(tbtest::finding_lines(out2, testutil::folder_prefix(pathlike)) ==
          V{"thunderbird-autoconfig-error warning: " + testutil::native("defaults/pref/autoconfig.js") +
            ":1: general.config.filename names "
            "'../etc/x.cfg', but Thunderbird accepts only a file name in " +
            pathlike.string() + "; Thunderbird reports an error at startup and applies none of its prefs"});
  }

  TEST_CASE("an unreadable .cfg is a warning naming it") {
    fs::path install = make_install("", 0, "site.cfg");
    fs::create_directories(install / "site.cfg");
    auto folder = read_with(install);
    CHECK(tbtest::finding_lines(folder, testutil::folder_prefix(install)) ==
          V{"thunderbird-autoconfig-error warning: " + testutil::native("defaults/pref/autoconfig.js") +
            ":1: general.config.filename names "
            "'site.cfg', but site.cfg: is a folder, not a file; Thunderbird reports an error at startup and applies "
            "none of its prefs"});
    if (util::running_privileged() || !testutil::files_have_posix_modes()) {
      MESSAGE("permission case skipped: root reads any file, and Windows has no permission bits");
      return;
    }
    fs::remove_all(install);
    install = make_install("//\nlockPref(\"mail.server.server1.port\", 1);\n");
    fs::permissions(install / "mozilla.cfg", fs::perms::none);
    auto out = read_with(install);
    fs::permissions(install / "mozilla.cfg", fs::perms::owner_read | fs::perms::owner_write);
    CHECK(tbtest::rules_of(out) == V{"thunderbird-autoconfig-error"});
    CHECK(out.findings.at(0).message.find("mozilla.cfg: cannot open: Permission denied") != std::string::npos);
  }

  TEST_CASE("no general.config.filename, or no install folder: nothing is applied and nothing reported") {
    fs::path install = testutil::scratch() / "install";
    testutil::write_bytes(install / "defaults/pref/channel-prefs.js", "pref(\"app.update.channel\", \"esr\");\n");
    testutil::write_bytes(install / "mozilla.cfg", "//\nlockPref(\"mail.server.server1.port\", 1);\n");
    auto out = read_with(install);
    CHECK(out.findings.empty());
    CHECK(out.accounts.at(0).incoming->port.value == 143);
    auto none = read_with(testutil::scratch() / "absent");
    CHECK(none.findings.empty());
    // A user_pref of general.config.filename is not on the default branch, which Thunderbird reads.
    testutil::write_bytes(install / "defaults/pref/channel-prefs.js", "user_pref(\"general.config.filename\", \"mozilla.cfg\");\n");
    CHECK(read_with(install).accounts.at(0).incoming->port.value == 143);
  }

  TEST_CASE("hostile .cfg input: unterminated strings, templates and comments are one-line errors with the line") {
    CHECK(scan_autoconfig("//\n\nlockPref(\"mail.a\", \"open\n", "a.cfg").error().message ==
          "a.cfg:3: unterminated string literal");
    CHECK(scan_autoconfig("//\nx = `never closed", "a.cfg").error().message == "a.cfg:2: unterminated template literal");
    CHECK(scan_autoconfig("//\n\n\n/* forever", "a.cfg").error().message == "a.cfg:4: unterminated comment");
    CHECK(scan_autoconfig("//\n\"\\x4\"", "a.cfg").error().message == "a.cfg:2: malformed \\x escape in a string");
    fs::path install = make_install("//\nlockPref(\"mail.server.server1.port\", 1);\nlockPref(\"mail.x\", 'open\n");
    auto out = read_with(install);
    CHECK(out.accounts.at(0).incoming->port.value == 143);  // a script that does not compile applies nothing
    CHECK(tbtest::finding_lines(out, testutil::folder_prefix(install)) ==
          V{"thunderbird-autoconfig-error warning: mozilla.cfg:3: unterminated string literal (AutoConfig); "
            "Thunderbird reports an error at startup and applies none of its prefs"});
  }

  TEST_CASE("hostile .cfg input: NULs, binary noise, deep nesting and huge files are bounded") {
    std::string noise = "//\n";
    for (int i = 0; i < 200000; ++i) noise += static_cast<char>((i * 7919) % 256 == '"' ? 'x' : (i * 7919) % 256);
    auto scan = scan_autoconfig(noise, "n.cfg");
    CHECK((scan.ok() || scan.error().message.starts_with("n.cfg:")));
    std::string nul = std::string("//\n") + '\0' + "lockPref(\"mail.a\", 1);\0\0" + std::string(1000, '\0');
    auto with_nul = scan_autoconfig(nul, "z.cfg");
    REQUIRE(with_nul.ok());
    CHECK(with_nul->code_line == 2);
    CHECK(with_nul->prefs.size() == 1);
    std::string deep = "//\n" + std::string(500000, '(') + "lockPref(\"mail.a\", 1)" + std::string(500000, ')');
    auto nested = scan_autoconfig(deep, "d.cfg");
    REQUIRE(nested.ok());
    CHECK(nested->prefs.size() == 1);
    CHECK_FALSE(nested->prefs[0].certain);
    CHECK(scan_autoconfig(std::string(kMaxAutoConfigBytes + 1, ' '), "h.cfg").error().message ==
          "h.cfg: larger than 4 MB, refused");
    fs::path install = make_install("//\n");
    testutil::write_bytes(install / "mozilla.cfg", std::string(kMaxAutoConfigBytes + 10, 'a'));
    auto out = read_with(install);
    CHECK(out.accounts.size() == 1);
    CHECK(tbtest::finding_lines(out, testutil::folder_prefix(install)) ==
          V{"thunderbird-autoconfig-error warning: " + testutil::native("defaults/pref/autoconfig.js") +
            ":1: general.config.filename names "
            "'mozilla.cfg', but mozilla.cfg: larger than 4 MB, refused; Thunderbird reports an error at startup and "
            "applies none of its prefs"});
  }

  TEST_CASE("hostile defaults/pref input: syntax errors are one warning per file with the first line") {
    fs::path install = testutil::scratch() / "install";
    testutil::write_bytes(install / "defaults/pref/bad.js",
                          "pref(\"mail.server.server1.port\", 995, locked);\npref(\"x\", \"open\n" + std::string(100, ';'));
    auto out = read_with(install);
    CHECK(out.accounts.at(0).incoming->port.value == 995);
    REQUIRE(tbtest::rules_of(out) == V{"thunderbird-autoconfig-error", "thunderbird-autoconfig-locked"});
    CHECK(strip(out.findings.at(0).message, testutil::folder_prefix(install)) ==
          testutil::native("defaults/pref/bad.js") +
              ":3: unterminated string literal; Thunderbird skips the statement");
  }

  TEST_CASE("default pref files load in reverse alphabetical order: the first name wins general.config.filename") {
    fs::path install = testutil::scratch() / "install";
    testutil::write_bytes(install / "defaults/pref/a.js", "pref(\"general.config.filename\", \"a.cfg\");\n");
    testutil::write_bytes(install / "defaults/pref/b.js", "pref(\"general.config.filename\", \"b.cfg\");\n");
    testutil::write_bytes(install / "a.cfg", "//\nlockPref(\"mail.server.server1.port\", 1001);\n");
    testutil::write_bytes(install / "b.cfg", "//\nlockPref(\"mail.server.server1.port\", 1002);\n");
    CHECK(read_with(install).accounts.at(0).incoming->port.value == 1001);
  }

  TEST_CASE("the default install folders are this platform's usual places") {
    auto dirs = Options::default_install_dirs();
    REQUIRE_FALSE(dirs.empty());
#if defined(__linux__)
    CHECK(dirs[0] == "/usr/lib/thunderbird");
    CHECK(std::find(dirs.begin(), dirs.end(), fs::path("/opt/thunderbird")) != dirs.end());
    CHECK(std::find(dirs.begin(), dirs.end(), fs::path("/snap/thunderbird/current/usr/lib/thunderbird")) != dirs.end());
#endif
  }
}

TEST_SUITE("saved prefs") {
  TEST_CASE("a prefs.js saved under another name is recognised by its content and read read-only") {
    testutil::write_bytes("p/prefs.js.bak", kAutoconfigPrefs);
    testutil::write_bytes("p/prefs-old.js", "\n# Mozilla User Preferences\n\n/* Do not edit this file.\n */\n" +
                                                kAutoconfigPrefs.substr(kAutoconfigPrefs.find("user_pref")));
    testutil::write_bytes("p/only-statements.txt", "// a comment\nuser_pref(\"a\", 1);\n");
    testutil::write_bytes("p/notes.txt", "Mozilla User Preferences are great\nuser_pref(\n");
    testutil::write_bytes("p/user.js", "user_pref(\"mail.server.server1.port\", 993);\n");
    ThunderbirdAdapter tb(Options{{}, {}});
    CHECK(tb.recognizes("p/prefs.js.bak"));
    CHECK(tb.recognizes("p/prefs-old.js"));
    CHECK(tb.recognizes("p/only-statements.txt"));
    CHECK_FALSE(tb.recognizes("p/notes.txt"));
    CHECK_FALSE(tb.recognizes("p/user.js"));
    CHECK(looks_like_prefs_js("\xEF\xBB\xBFuser_pref(\"a\", 1);"));
    CHECK_FALSE(looks_like_prefs_js(""));
    CHECK_FALSE(looks_like_prefs_js("/* never closed\nuser_pref(\"a\", 1);"));

    auto out = tb.read("p/prefs.js.bak");
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].path == "p/prefs.js.bak");
    CHECK(out.sources[0].status == core::SourceStatus::Ok);
    CHECK(out.sources[0].message ==
          "a saved copy of a prefs.js (Thunderbird does not read it; reported, never fixed): 1 mail account");
    REQUIRE(out.accounts.size() == 1);
    CHECK(out.accounts[0].read_only);
    CHECK(out.accounts[0].source == "p/prefs.js.bak");
    CHECK(out.accounts[0].id == "thunderbird:p/prefs.js.bak#account1");
    // user.js next to it belongs to the live profile and is not applied to the copy.
    CHECK(out.accounts[0].incoming->port.value == 143);
    CHECK(out.accounts[0].incoming->host.origin == core::Origin{"p/prefs.js.bak", "mail.server.server1.hostname", 7, false});
    auto old = tb.read("p/prefs-old.js");
    REQUIRE(old.accounts.size() == 1);
    CHECK(old.accounts[0].read_only);

    auto r = tb.render("p/prefs.js.bak", kAutoconfigPrefs,
                       {host_edit({"p/prefs.js.bak", "mail.server.server1.hostname", 7, false}, "mail.example.com")});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "p/prefs.js.bak: a saved copy of a prefs.js that Thunderbird does not read; "
                               "mailmend does not fix it");
  }

  TEST_CASE("a live profile read through prefs.js is not read-only") {
    testutil::write_bytes("p/prefs.js", kAutoconfigPrefs);
    auto out = ThunderbirdAdapter(Options{{}, {}}).read("p/prefs.js");
    REQUIRE(out.accounts.size() == 1);
    CHECK_FALSE(out.accounts[0].read_only);
  }
}
