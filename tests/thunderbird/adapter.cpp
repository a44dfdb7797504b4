#include "adapters/thunderbird/adapter.hpp"

#include <doctest/doctest.h>

#include <filesystem>

#include "support/testutil.hpp"
#include "tb_testutil.hpp"

namespace fs = std::filesystem;
using adapters::thunderbird::Options;
using adapters::thunderbird::ThunderbirdAdapter;
using V = std::vector<std::string>;

namespace {

using tbtest::kPrefs;

fs::path policies() { return testutil::source_dir() / "fixtures" / "thunderbird" / "policies" / "policies.json"; }

}  // namespace

TEST_SUITE("adapter") {
  TEST_CASE("recognizes a root, a profile folder, a prefs.js and a profiles.ini, nothing else") {
    ThunderbirdAdapter tb(Options{{}});
    testutil::write_bytes("root/profiles.ini", "[General]\n");
    testutil::write_bytes("prof/prefs.js", "");
    testutil::write_bytes("other/notes.txt", "");
    CHECK(tb.recognizes("root"));
    CHECK(tb.recognizes("root/profiles.ini"));
    CHECK(tb.recognizes("prof"));
    CHECK(tb.recognizes("prof/prefs.js"));
    CHECK_FALSE(tb.recognizes("other"));
    CHECK_FALSE(tb.recognizes("other/notes.txt"));
    CHECK_FALSE(tb.recognizes("missing"));
    CHECK(tb.client() == "thunderbird");
  }

  TEST_CASE("policies.json locking and setting mail prefs is applied and reported as the source") {
    testutil::write_bytes("p/prefs.js", kPrefs);
    auto out = ThunderbirdAdapter(Options{{policies(), testutil::scratch() / "absent.json"}}).read("p");
    CHECK(tbtest::summaries(out) == V{"account1 <bob@example.org> | imap mail.example.org:993 tls password-cleartext  | "
                                      "smtp mail.example.org:465 tls password-cleartext "});
    CHECK(tbtest::finding_lines(out, policies().string()) ==
          V{"thunderbird-policy-default info outgoing.security: mail.smtpserver.smtp1.try_ssl has no value in the "
            "profile; the enterprise policy  gives its default (a value in prefs.js would override it)",
            "thunderbird-policy-locked info incoming.port: mail.server.server1.port is set by the enterprise policy ; "
            "change it in the policy, not in the profile",
            "thunderbird-policy-locked info incoming.security: mail.server.server1.socketType is locked by the "
            "enterprise policy ; change it in the policy, not in the profile"});
    REQUIRE(out.accounts.size() == 1);
    CHECK(out.accounts[0].incoming->security.origin ==
          core::Origin{policies().string(), "mail.server.server1.socketType", 0, false});
    // A policy default is not where a fix goes: prefs.js is, and its value would win.
    CHECK(out.accounts[0].outgoing->security.origin ==
          core::Origin{testutil::native("p/prefs.js"), "mail.smtpserver.smtp1.try_ssl", 0, true});
  }

  TEST_CASE("a broken policies.json is a finding, and the profile is still read") {
    testutil::write_bytes("p/prefs.js", kPrefs);
    testutil::write_bytes("bad.json", "{");
    auto out = ThunderbirdAdapter(Options{{testutil::scratch() / "bad.json"}}).read("p");
    CHECK(out.accounts.size() == 1);
    CHECK(tbtest::finding_lines(out, testutil::folder_prefix(testutil::scratch())) ==
          V{"thunderbird-policy-error warning: bad.json: not valid JSON (Thunderbird ignores this policy file)"});
  }

  TEST_CASE("syntax errors in user.js are reported against user.js") {
    testutil::write_bytes("p/prefs.js", kPrefs);
    testutil::write_bytes("p/user.js", "user_pref(\"mail.server.server1.port\", 993);\nuser_pref(\"x\", \"\\t\");\n");
    auto out = ThunderbirdAdapter(Options{{}}).read("p");
    CHECK(tbtest::finding_lines(out) ==
          V{"thunderbird-pref-syntax warning: " + testutil::native("p/user.js") +
                ":2: unexpected escape sequence character after '\\' (Thunderbird "
                "skips this statement and drops it at its next save)",
            "thunderbird-userjs-override info incoming.port: mail.server.server1.port is set in " +
                testutil::native("p/user.js") +
                ":1, which "
                "Thunderbird applies at every start over prefs.js; change it there"});
  }

  TEST_CASE("profiles.ini entries whose folder or prefs.js is missing are skipped sources") {
    testutil::write_bytes("root/profiles.ini",
                          "[Profile0]\nName=gone\nIsRelative=1\nPath=gone\n[Profile1]\nName=new\nIsRelative=1\nPath=new\n");
    fs::create_directories("root/new");
    auto out = ThunderbirdAdapter(Options{{}}).read("root");
    REQUIRE(out.sources.size() == 2);
    CHECK(out.sources[0].status == core::SourceStatus::Skipped);
    CHECK(out.sources[0].message == "profile 'gone': the profile folder does not exist");
    CHECK(out.sources[1].message == "profile 'new': no prefs.js (Thunderbird has not used this profile yet)");
    testutil::write_bytes("empty/profiles.ini", "[General]\nVersion=2\n");
    auto none = ThunderbirdAdapter(Options{{}}).read("empty");
    REQUIRE(none.sources.size() == 1);
    CHECK(none.sources[0].message == "profiles.ini lists no profiles");
  }

  TEST_CASE("a profile read from its prefs.js is named after its folder") {
    testutil::write_bytes("abcd.default/prefs.js", kPrefs);
    auto out = ThunderbirdAdapter(Options{{}}).read("abcd.default/prefs.js");
    REQUIRE(out.accounts.size() == 1);
    CHECK(out.accounts[0].profile == "abcd.default");
    CHECK(out.accounts[0].id == "thunderbird:" + testutil::native("abcd.default/prefs.js") + "#account1");
  }

  TEST_CASE("the default policy files are the system-wide one and the installs' distribution folders") {
    auto files = Options::default_policy_files();
    REQUIRE_FALSE(files.empty());
    CHECK(files[0] == "/etc/thunderbird/policies/policies.json");
  }
}

TEST_SUITE("adapter") {
  TEST_CASE("a profile folder or prefs.js given directly takes its name and default status from profiles.ini") {
    fs::path root = testutil::source_dir() / "fixtures/homes/tb-snap-bob/snap/thunderbird/common/.thunderbird";
    ThunderbirdAdapter tb(Options{{}});
    auto out = tb.read(root / "p0p0p0p0.default" / "prefs.js");
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].message ==
          "profile 'default', not the default profile (the default is 'default-esr'): 1 mail account");
    CHECK(out.accounts.at(0).profile == "default");
    fs::path mac = testutil::source_dir() / "fixtures/homes/tb-macos-dave/Library/Thunderbird/Profiles/d5d5d5d5.default-release";
    auto dave = tb.read(mac);
    CHECK(dave.sources.at(0).message ==
          "profile 'default-release', the default profile ([Install7A2B4C1D9E0F3A5B] Default): 2 mail accounts");
  }
}
