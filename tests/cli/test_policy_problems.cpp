// Issue 18 item 7: a policy file with mistakes is reported the same way by every command that loads
// it (one stderr line per problem, and the report's sources), and nothing is fixed on its word.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/testutil.hpp"

namespace fs = std::filesystem;
using testutil::run_mailmend;

namespace {

// An IMAP account at corp.example on 143 with STARTTLS, which a policy says should be 993.
const char* kCorpPrefs =
    "// Mozilla User Preferences\n"
    "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
    "user_pref(\"mail.identity.id1.useremail\", \"ann@corp.example\");\n"
    "user_pref(\"mail.server.server1.hostname\", \"mail.corp.example\");\n"
    "user_pref(\"mail.server.server1.port\", 143);\n"
    "user_pref(\"mail.server.server1.socketType\", 2);\n"
    "user_pref(\"mail.server.server1.type\", \"imap\");\n"
    "user_pref(\"mail.server.server1.userName\", \"ann\");\n";

fs::path corp_home() {
  fs::path home = testutil::scratch() / "ann";
  testutil::write_bytes(home / ".thunderbird/profiles.ini",
                        "[Profile0]\nName=default\nIsRelative=1\nPath=abcd1234.default\nDefault=1\n");
  testutil::write_bytes(home / ".thunderbird/abcd1234.default/prefs.js", kCorpPrefs);
  return home;
}

std::string policy(const std::string& domain_element, const std::string& socket_type) {
  return "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\">\n<emailProvider id=\"corp.example\">\n" +
         domain_element + "\n<displayName>Corp Mail</displayName>\n<incomingServer type=\"imap\">\n"
         "<hostname>mail.corp.example</hostname>\n<port>993</port>\n<socketType>" + socket_type +
         "</socketType>\n<authentication>password-cleartext</authentication>\n<username>%EMAILLOCALPART%</username>\n"
         "</incomingServer>\n</emailProvider>\n</clientConfig>\n";
}

const nlohmann::json* finding(const nlohmann::json& report, const std::string& rule) {
  for (const auto& f : report["findings"]) {
    if (f["rule"] == rule) return &f;
  }
  return nullptr;
}

std::vector<std::string> policy_sources(const nlohmann::json& report) {
  std::vector<std::string> out;
  for (const auto& s : report["sources"]) {
    if (s["client"] == "policy") out.push_back(s["status"].get<std::string>() + " " + s["message"].get<std::string>());
  }
  return out;
}

}  // namespace

TEST_SUITE("cli policy problems") {
  TEST_CASE("issue 18: <socketType>SLL is reported by audit, fix, profile and lookup alike, and not fixed") {
    const auto home = corp_home();
    testutil::write_bytes("corp.xml", policy("<domain>corp.example</domain>", "SLL"));
    const std::string line = "mailmend: policy corp.xml:9: unknown socketType \"SLL\"\n";

    auto audit = run_mailmend({"audit", "--home", home.string(), "--format", "json", "--policy", "corp.xml"});
    CHECK(audit.err == line);
    CHECK(audit.exit_code == 3);  // a damaged source: the judgement is partial
    auto j = nlohmann::json::parse(audit.out);
    CHECK(policy_sources(j) ==
          std::vector<std::string>{"damaged organisation policy for corp.example (1 servers); it has problems: its "
                                   "accounts are judged against it, never fixed by it",
                                   "damaged corp.xml:9: unknown socketType \"SLL\""});
    const auto* port = finding(j, "port-not-provider");
    REQUIRE(port);
    CHECK((*port)["fixable"] == false);
    CHECK((*port)["message"].get<std::string>().ends_with(
        " Not fixed automatically: the policy corp.xml it is judged against has problems (listed with the sources)."));
    // In Chinese the reason is Chinese too (the English message stays as it is).
    auto zh = run_mailmend({"--lang", "zh-CN", "audit", "--home", home.string(), "--format", "json", "--policy", "corp.xml"});
    const auto zh_report = nlohmann::json::parse(zh.out);
    const auto* zh_port = finding(zh_report, "port-not-provider");
    REQUIRE(zh_port);
    CHECK((*zh_port)["message"] == (*port)["message"]);
    CHECK((*zh_port)["message_localized"].get<std::string>().ends_with(
        "未自动修复：用来判断它的策略文件 corp.xml 有问题（见来源列表）。"));

    auto fix = run_mailmend({"fix", "--home", home.string(), "--policy", "corp.xml", "--apply"});
    CHECK(fix.err == line);
    CHECK(testutil::read_bytes(home / ".thunderbird/abcd1234.default/prefs.js") == kCorpPrefs);

    auto lookup = run_mailmend({"providers", "lookup", "corp.example", "--policy", "corp.xml"});
    CHECK(lookup.err == line);
    CHECK(lookup.exit_code == 0);

    auto profile = run_mailmend({"profile", "--home", home.string(), "--policy", "corp.xml"});
    CHECK(profile.err.starts_with(line));
  }

  TEST_CASE("a misspelt <domian> is a problem; a policy with only notes (BOM, CRLF) is used to fix") {
    const auto home = corp_home();
    testutil::write_bytes("typo.xml", policy("<domain>corp.example</domain><domian>corp2.example</domian>", "SSL"));
    auto typo = run_mailmend({"audit", "--home", home.string(), "--format", "json", "--policy", "typo.xml"});
    CHECK(typo.err == "mailmend: policy typo.xml:4: unknown element <domian> ignored\n");
    const auto typo_report = nlohmann::json::parse(typo.out);
    const auto* held = finding(typo_report, "port-not-provider");
    REQUIRE(held);
    CHECK((*held)["fixable"] == false);

    std::string crlf = "\xEF\xBB\xBF" + policy("<domain>corp.example</domain>", "SSL");
    for (std::size_t p = crlf.find('\n'); p != std::string::npos; p = crlf.find('\n', p + 2)) crlf.insert(p, "\r");
    testutil::write_bytes("notes.xml", crlf);
    auto notes = run_mailmend({"audit", "--home", home.string(), "--format", "json", "--policy", "notes.xml"});
    CHECK(notes.err == "mailmend: policy notes.xml:1: starts with a UTF-8 byte-order mark\n"
                       "mailmend: policy notes.xml: CRLF line endings\n");
    auto j = nlohmann::json::parse(notes.out);
    CHECK(policy_sources(j) == std::vector<std::string>{"ok organisation policy for corp.example (1 servers)",
                                                        "ok notes.xml:1: starts with a UTF-8 byte-order mark",
                                                        "ok notes.xml: CRLF line endings"});
    const auto* port = finding(j, "port-not-provider");
    REQUIRE(port);
    CHECK((*port)["fixable"] == true);
    CHECK(notes.exit_code == 1);
  }

  TEST_CASE("993 with STARTTLS and a policy with no server are problems; a custom TLS port is a note") {
    const auto home = corp_home();
    testutil::write_bytes("mismatch.xml", policy("<domain>corp.example</domain>", "STARTTLS"));
    auto mismatch = run_mailmend({"audit", "--home", home.string(), "--policy", "mismatch.xml"});
    CHECK(mismatch.err ==
          "mailmend: policy mismatch.xml:9: imap server uses STARTTLS on port 993; the STARTTLS port for imap is 143\n");
    CHECK(mismatch.exit_code == 3);
    CHECK(mismatch.out.find("[fixable]") == std::string::npos);

    std::string none = policy("<domain>corp.example</domain>", "SSL");
    none.erase(none.find("<incomingServer"), none.find("</emailProvider>") - none.find("<incomingServer"));
    testutil::write_bytes("none.xml", none);
    auto empty = run_mailmend({"providers", "lookup", "corp.example", "--policy", "none.xml"});
    CHECK(empty.err == "mailmend: policy none.xml: policy lists no <incomingServer> or <outgoingServer>: nothing to judge accounts by\n");

    std::string custom = policy("<domain>corp.example</domain>", "SSL");
    custom.replace(custom.find("993"), 3, "1993");
    testutil::write_bytes("custom.xml", custom);
    auto c = run_mailmend({"audit", "--home", home.string(), "--policy", "custom.xml"});
    CHECK(c.err == "mailmend: policy custom.xml:9: imap server uses SSL on port 1993; the implicit-TLS port for imap is 993\n");
    CHECK(c.exit_code == 1);
    CHECK(c.out.find("[fixable]") != std::string::npos);
  }
}
