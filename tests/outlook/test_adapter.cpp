#include <doctest/doctest.h>

#include "adapters/outlook/adapter.hpp"
#include "adapters/outlook/hive.hpp"
#include "adapters/outlook/hivebuild.hpp"
#include "fixtures/outlook/homes_spec.hpp"
#include "outlook/outlook_test_helpers.hpp"
#include "support/testutil.hpp"

using namespace adapters::outlook;
namespace fs = std::filesystem;
namespace spec = fixtures::outlook;

namespace {

fs::path homes() { return testutil::source_dir() / "fixtures" / "homes"; }

std::string hive_of(const std::vector<HiveKeySpec>& keys) {
  auto bytes = build_hive(keys);
  REQUIRE(bytes.ok());
  return *bytes;
}

// Edits that apply every fixable finding with its expected value.
std::vector<core::Edit> edits_for(const core::ReadOutput& out) {
  std::vector<core::Edit> edits;
  for (const auto& f : out.findings) {
    if (f.fixable) edits.push_back({f.account, f.field, f.origin, f.expected});
  }
  return edits;
}

}  // namespace

TEST_SUITE("adapter") {
  TEST_CASE("the committed fixture homes are exactly what the spec builds (run scripts/gen-outlook-fixtures)") {
    for (const auto& [name, keys] : spec::fixture_homes()) {
      CAPTURE(name);
      CHECK(testutil::read_bytes(homes() / name / "NTUSER.DAT") == hive_of(keys));
    }
  }

  TEST_CASE("discover finds NTUSER.DAT in any case, never through a symlink, and the olk/Mac folders") {
    OutlookAdapter a;
    fs::create_directories("home1");
    testutil::write_bytes("home1/ntuser.dat", hive_of({}));
    testutil::write_bytes("home1/NTUSER.DAT.LOG1", "");
    CHECK(a.discover("home1") == std::vector<fs::path>{"home1/ntuser.dat"});
    fs::create_directories("home2/AppData/Local/Microsoft/Olk");
    fs::create_directories("home2/Library/Group Containers/UBF8T346G9.Office/Outlook/Outlook 15 Profiles");
    if (!testutil::make_symlink(fs::absolute("home1/ntuser.dat"), "home2/NTUSER.DAT")) MESSAGE(testutil::kNoSymlinks);
    CHECK(a.discover("home2") ==
          std::vector<fs::path>{"home2/AppData/Local/Microsoft/Olk",
                                "home2/Library/Group Containers/UBF8T346G9.Office/Outlook/Outlook 15 Profiles"});
    CHECK(a.discover("missing").empty());
    CHECK(a.discover(homes() / "ol-newoutlook") ==
          std::vector<fs::path>{homes() / "ol-newoutlook" / "NTUSER.DAT", homes() / "ol-newoutlook" / "AppData/Local/Microsoft/Olk"});
  }

  TEST_CASE("recognizes .reg, .prf, hives by magic and the detection folders, nothing else") {
    OutlookAdapter a;
    testutil::write_bytes("user-hive.bin", hive_of({}));
    testutil::write_bytes("notes.txt", "hello");
    fs::create_directories("x/AppData/Local/Microsoft/Olk");
    fs::create_directories("plain");
    CHECK(a.recognizes("export.REG"));
    CHECK(a.recognizes("deploy.prf"));
    CHECK(a.recognizes("user-hive.bin"));
    CHECK(a.recognizes("x/AppData/Local/Microsoft/Olk"));
    CHECK_FALSE(a.recognizes("notes.txt"));
    testutil::write_bytes("export.txt", outlook_test::regedit_utf16("Windows Registry Editor Version 5.00\n\n"));
    CHECK(a.recognizes("export.txt"));
    CHECK_FALSE(a.recognizes("plain"));
    CHECK_FALSE(a.recognizes("prefs.js"));
  }

  TEST_CASE("read dispatches by content: hive, .reg, .prf, folders; errors become error sources") {
    OutlookAdapter a;
    auto healthy = a.read(homes() / "ol-healthy" / "NTUSER.DAT");
    CHECK(healthy.accounts.size() == 3);
    CHECK(healthy.sources.at(0).status == core::SourceStatus::Ok);
    testutil::write_bytes("export.reg", outlook_test::regedit_utf16(
                                            "Windows Registry Editor Version 5.00\n\n[HKEY_CURRENT_USER\\Software\\Microsoft\\"
                                            "Office\\16.0\\Outlook\\Profiles\\A\\9375CFF0413111d3B88A00104B2A6676\\00000001]\n"
                                            "\"POP3 Server\"=\"pop.example.com\"\n"));
    auto reg = a.read("export.reg");
    REQUIRE(reg.accounts.size() == 1);
    CHECK(reg.accounts[0].incoming->port.value == 110);
    testutil::write_bytes("broken.reg", "Windows Registry Editor Version 5.00\n[HKCU\\Software\\X]\n\"a\"=hex:zz\n");
    auto bad = a.read("broken.reg");
    REQUIRE(bad.sources.size() == 1);
    CHECK(bad.sources[0].status == core::SourceStatus::Error);
    CHECK(bad.sources[0].message == "broken.reg:3: bad hex byte \"zz\"");
    testutil::write_bytes("cut.dat", testutil::read_bytes(homes() / "ol-broken" / "NTUSER.DAT").substr(0, 6000));
    auto cut = a.read("cut.dat");
    CHECK(cut.sources.at(0).status == core::SourceStatus::Error);
    CHECK(cut.sources.at(0).message.starts_with("cut.dat: cannot open the hive (hivex: "));
    auto olk = a.read(homes() / "ol-newoutlook" / "AppData/Local/Microsoft/Olk");
    CHECK(olk.sources.at(0).status == core::SourceStatus::Skipped);
    CHECK(olk.sources.at(0).message == "new Outlook (olk.exe): settings are server-side / not supported");
    fs::create_directories("m/Library/Group Containers/UBF8T346G9.Office/Outlook/Outlook 15 Profiles");
    auto mac = a.read("m/Library/Group Containers/UBF8T346G9.Office/Outlook/Outlook 15 Profiles");
    CHECK(mac.sources.at(0).message == "Outlook for Mac: settings are server-side / not supported");
    auto newol = a.read(homes() / "ol-newoutlook" / "NTUSER.DAT");
    REQUIRE(newol.sources.size() == 2);
    CHECK(newol.sources[1].status == core::SourceStatus::Skipped);
  }

  TEST_CASE("fixing the broken home: findings gone, only the targeted values changed, type kept") {
    OutlookAdapter a;
    auto original = testutil::read_bytes(homes() / "ol-broken" / "NTUSER.DAT");
    testutil::write_bytes("NTUSER.DAT", original);
    auto before = a.read("NTUSER.DAT");
    auto edits = edits_for(before);
    REQUIRE(edits.size() == 5);
    auto rendered = a.render("NTUSER.DAT", original, edits);
    REQUIRE(rendered.ok());
    testutil::write_bytes("fixed.dat", *rendered);
    auto after = a.read("fixed.dat");
    std::vector<std::string> left;
    for (const auto& f : after.findings) left.push_back(f.rule);
    CHECK(left == std::vector<std::string>{"outlook-basic-auth-microsoft"});

    auto old_snap = read_hive("NTUSER.DAT"), new_snap = read_hive("fixed.dat");
    REQUIRE(old_snap.ok());
    REQUIRE(new_snap.ok());
    auto expected = outlook_test::flatten(*old_snap);
    std::string home = "\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Home\\9375CFF0413111d3B88A00104B2A6676\\00000001|";
    std::string work = "\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Work\\9375CFF0413111d3B88A00104B2A6676\\";
    expected[home + "IMAP Use SPA"] = {regtype::Dword, le32(0)};
    expected[home + "SMTP Use SPA"] = {regtype::Dword, le32(0)};
    expected[work + "00000001|SMTP Use Auth"] = {regtype::Dword, le32(1)};
    expected[work + "00000002|POP3 Use SSL"] = {regtype::Dword, le32(1)};
    expected[work + "00000002|SMTP Secure Connection"] = {regtype::Dword, le32(2)};
    CHECK(outlook_test::flatten(*new_snap) == expected);
  }

  TEST_CASE("a missing value is created as the right type: host strings as REG_BINARY UTF-16LE") {
    OutlookAdapter a;
    auto original = testutil::read_bytes(homes() / "ol-broken" / "NTUSER.DAT");
    std::string key = "Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Home\\9375CFF0413111d3B88A00104B2A6676\\00000001";
    std::vector<core::Edit> edits{
        {"id", "incoming.port", core::Origin{"NTUSER.DAT", key + "\\IMAP Port", 0, true}, std::int64_t{993}},
        {"id", "incoming.host", core::Origin{"NTUSER.DAT", key + "\\IMAP Server", 0, false}, std::string("imap.mail.yahoo.example")}};
    auto rendered = a.render("NTUSER.DAT", original, edits);
    REQUIRE(rendered.ok());
    auto snap = read_hive_bytes(*rendered, "fixed");
    REQUIRE(snap.ok());
    const RegKey* k = snap->find(key);
    CHECK(k->value("IMAP Port")->type == regtype::Dword);
    CHECK(k->value("IMAP Port")->data == le32(993));
    CHECK(k->value("IMAP Server")->type == regtype::Binary);
    CHECK(k->value("IMAP Server")->data == utf8_to_utf16le_nul("imap.mail.yahoo.example"));
  }

  TEST_CASE("render refuses hives with unreplayed logs, .reg exports and PRFs, with reasons") {
    OutlookAdapter a;
    auto original = testutil::read_bytes(homes() / "ol-broken" / "NTUSER.DAT");
    auto dirty = original;
    dirty[4] = 9;  // primary sequence number != secondary
    CHECK(a.render("NTUSER.DAT", dirty, {}).error().message ==
          "NTUSER.DAT: refusing to write: the hive's sequence numbers differ (9 != 2): changes are still in its "
          ".LOG1/.LOG2 files; let Windows replay the logs first (log the user on and off, or reg load/unload)");
    CHECK(a.render("export.reg", "REGEDIT4\n", {}).error().message ==
          "export.reg: a .reg export is not edited in place: import the fix .reg (and keep its undo .reg) that mailmend writes for it");
    CHECK(a.render("deploy.prf", "[General]\n", {}).error().message ==
          "deploy.prf: PRF files are not edited: fix the values in the PRF by hand");
    std::vector<core::Edit> gone{{"id", "incoming.port", core::Origin{"NTUSER.DAT", "Software\\Nope\\IMAP Port", 0, true}, std::int64_t{1}}};
    CHECK(a.render("NTUSER.DAT", original, gone).error().message == "NTUSER.DAT: key Software\\Nope not found in the hive");
  }

  TEST_CASE("a hive with a newer non-empty LOG1 reads fine but says fixes are refused") {
    OutlookAdapter a;
    testutil::write_bytes("NTUSER.DAT", testutil::read_bytes(homes() / "ol-healthy" / "NTUSER.DAT"));
    fs::last_write_time("NTUSER.DAT", fs::file_time_type::clock::now() - std::chrono::hours(2));
    testutil::write_bytes("NTUSER.DAT.LOG1", "pending");
    auto out = a.read("NTUSER.DAT");
    CHECK(out.accounts.size() == 3);
    CHECK(out.sources.at(0).message ==
          "16.0: 1 profile(s), default \"Outlook\"; fixes refused: a non-empty .LOG1/.LOG2 file is newer than the hive: "
          "it may hold unreplayed changes");
  }
}

TEST_SUITE("adapter") {
  TEST_CASE("offline sources are never locked") {
    OutlookAdapter a;
    CHECK_FALSE(a.lock_state(homes() / "ol-healthy" / "NTUSER.DAT").locked);
    CHECK_FALSE(a.lock_state("export.reg").locked);
  }
}

namespace {

// Two IMAP accounts as regedit exports them (UTF-16LE, CRLF, a blank line after each key).
std::string two_account_reg() {
  const std::string base = "[HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\"
                           "9375CFF0413111d3B88A00104B2A6676\\";
  return outlook_test::regedit_utf16("Windows Registry Editor Version 5.00\n\n" + base + "00000001]\n"
                                     "\"IMAP Server\"=\"imap.one.example\"\n\"IMAP Port\"=dword:000003e1\n\n" +
                                     base + "00000002]\n"
                                     "\"IMAP Server\"=hex:69,00,6d,00,61,00,70,00,2e,00,74,00,77,00,6f,00,2e,00,\\\n"
                                     "  65,00,78,00,00,00\n\"IMAP Port\"=dword:000003e1\n\n");
}

}  // namespace

TEST_SUITE("adapter") {
  TEST_CASE("issue 18: a .reg export cut inside a value is damaged, with the line, its first account read") {
    const std::string full = two_account_reg();
    testutil::write_bytes("cut.reg", full.substr(0, full.size() - 40));  // inside the last IMAP Port line
    auto out = OutlookAdapter().read("cut.reg");
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Damaged);
    CHECK(out.sources[0].message.starts_with(
        "cut.reg:10: the file ends inside this line (no line break after it); it looks cut; "));
    CHECK(out.accounts.size() == 2);  // the second account's server was read before the cut
    testutil::write_bytes("wrapped.reg", full.substr(0, full.find(outlook_test::regedit_utf16("  65,00").substr(2))));
    auto wrapped = OutlookAdapter().read("wrapped.reg");
    CHECK(wrapped.sources.at(0).status == core::SourceStatus::Damaged);
    CHECK(wrapped.sources[0].message.starts_with("wrapped.reg:8: the file ends inside a wrapped value; it looks cut; "));
    CHECK(wrapped.accounts.size() == 1);
  }

  TEST_CASE("a .reg export cut at every byte: damaged or whole lines, never a crash") {
    const std::string full = two_account_reg();
    const std::size_t header = outlook_test::regedit_utf16("Windows Registry Editor Version 5.00\n").size();
    std::size_t damaged = 0;
    for (std::size_t n = header; n < full.size(); ++n) {
      CAPTURE(n);
      const std::string cut = full.substr(0, n);
      testutil::write_bytes("cut.reg", cut);
      auto out = OutlookAdapter().read("cut.reg");
      REQUIRE(out.sources.size() == 1);
      CHECK(out.accounts.size() <= 2);
      if (out.sources[0].status == core::SourceStatus::Damaged) {
        ++damaged;
        CHECK(out.sources[0].message.starts_with("cut.reg:"));
        continue;
      }
      REQUIRE(out.sources[0].status == core::SourceStatus::Ok);
      CHECK((cut.ends_with(std::string("\n\0", 2)) || cut.ends_with(std::string("\r\0", 2))));  // whole lines
      CHECK_FALSE(cut.ends_with(outlook_test::regedit_utf16("\\\n").substr(2)));
    }
    CHECK(damaged > (full.size() - header) / 2);
  }
}
