// The live registry: what every build knows about "HKCU" / "HKU\<SID>" sources, and — on Windows
// only (the suite runs under Wine) — the real RegOpenKeyExW/RegSetValueExW path on a test key
// under HKCU\Software\mailmend-test. The Windows cases are skipped elsewhere (doctest's skip
// decorator: they show in the skipped count) and the POSIX case is skipped on Windows.
#include <doctest/doctest.h>

#include <cstdlib>

#include "adapters/outlook/adapter.hpp"
#include "adapters/outlook/live_registry.hpp"
#include "adapters/outlook/live_store.hpp"
#include "adapters/outlook/regwrite.hpp"
#include "outlook_test_helpers.hpp"
#include "support/testutil.hpp"
#include "util/system.hpp"

namespace fs = std::filesystem;
using namespace adapters::outlook;

namespace {

const bool kWindows = live_registry_available();
const std::string kTestKey = "Software\\mailmend-test\\live";
const std::string kTestKeyFull = "HKCU\\" + kTestKey;

core::Edit registry_edit(const std::string& field, const std::string& value_name, core::FieldValue value) {
  return core::Edit{"outlook:HKCU#test", field, core::Origin{"HKCU", kTestKeyFull + "\\" + value_name, 0, false}, value};
}

// The test key as regedit would import it: Outlook's REG_BINARY UTF-16 string, a DWORD and a
// REG_SZ string (PRF-created accounts); no "SMTP Port" (the fix adds it).
std::vector<RegFileKey> test_key() {
  return {{"HKEY_CURRENT_USER\\" + kTestKey,
           {{"IMAP Server", make_binary_text("IMAP Server", "imap.example.com")},
            {"IMAP Port", make_dword("IMAP Port", 143)},
            {"SMTP User", make_sz("SMTP User", "alice")}}}};
}

// Imports the test key with the system's own reg.exe (not through mailmend's writer).
void import_test_key() {
  std::system("reg delete HKCU\\Software\\mailmend-test /f >NUL 2>&1");
  const fs::path file = testutil::scratch() / "live.reg";
  testutil::write_bytes(file, write_reg_file(test_key()));
  REQUIRE(std::system(("reg import \"" + file.string() + "\" >NUL 2>&1").c_str()) == 0);
}

outlook_test::FlatValues live_values() {
  auto snap = read_live_registry("HKCU", {kTestKey});
  REQUIRE(snap.ok());
  return outlook_test::flatten(*snap);
}

std::string utf16(const std::string& text) { return utf8_to_utf16le_nul(text); }

}  // namespace

TEST_SUITE("outlook::live_registry") {
  TEST_CASE("HKCU and HKU\\<SID> name live registries; anything else is a path") {
    CHECK(core::is_live_registry_source("HKCU"));
    CHECK(core::is_live_registry_source("HKU\\S-1-5-21-1004336348-1177238915-682003330-1001"));
    CHECK_FALSE(core::is_live_registry_source("hkcu"));
    CHECK_FALSE(core::is_live_registry_source("./HKCU"));
    CHECK_FALSE(core::is_live_registry_source("HKU\\S-1-5-21-1\\..\\x"));
    CHECK_FALSE(core::is_live_registry_source("HKU\\.DEFAULT"));
    const OutlookAdapter adapter;
    CHECK(adapter.recognizes("HKCU"));
    CHECK(adapter.database_store("HKCU") != nullptr);
    CHECK(adapter.database_store("HKCU")->kind() == core::DatabaseStore::Kind::LiveRegistry);
    CHECK(adapter.database_store(testutil::scratch() / "NTUSER.DAT") == nullptr);
  }

  TEST_CASE("the undo document is a regedit 5.00 file of the old types and bytes, deleting added values") {
    core::CellChange port{"HKCU\\Software\\X\\IMAP Port", "HKCU\\Software\\X", "IMAP Port", 0, false,
                          std::string("\x8f\0\0\0", 4), std::string("\xe1\x03\0\0", 4), "143 (REG_DWORD)", "993 (REG_DWORD)",
                          4, false, false};
    core::CellChange host{"HKU\\S-1-5-21-9\\Software\\Y\\IMAP Server", "HKU\\S-1-5-21-9\\Software\\Y", "IMAP Server", 0,
                          false, utf16("a.example"), utf16("b.example"), "", "", 3, false, false};
    core::CellChange added{"HKCU\\Software\\X\\SMTP Port", "HKCU\\Software\\X", "SMTP Port", 0, false, "",
                           std::string("\x4b\x02\0\0", 4), "(missing)", "587 (REG_DWORD)", 4, true, false};
    const auto undo = LiveRegistryStore().undo_document({port, host, added});
    REQUIRE(undo.has_value());
    CHECK(undo->name == "undo.reg");
    CHECK(outlook_test::utf16_text(undo->bytes) ==
          "Windows Registry Editor Version 5.00\r\n\r\n"
          "[HKEY_CURRENT_USER\\Software\\X]\r\n"
          "\"IMAP Port\"=dword:0000008f\r\n"
          "\"SMTP Port\"=-\r\n\r\n"
          "[HKEY_USERS\\S-1-5-21-9\\Software\\Y]\r\n"
          "\"IMAP Server\"=hex:61,00,2e,00,65,00,78,00,61,00,6d,00,70,00,6c,00,65,00,00,00\r\n\r\n");
  }

  TEST_CASE("without Windows there is no live registry: reading one is an error that says so" * doctest::skip(kWindows)) {
    const OutlookAdapter adapter;
    const core::ReadOutput out = adapter.read("HKCU");
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Error);
    CHECK(out.sources[0].message ==
          "HKCU: the live Windows registry exists only on Windows; audit a .reg export or the user's NTUSER.DAT file "
          "instead");
    CHECK_FALSE(live_registry_for_home(testutil::scratch()).has_value());
    CHECK_FALSE(adapter.lock_state("HKCU").locked);
  }

  TEST_CASE("Windows only: a key imported by reg.exe is read live with its exact types and bytes" *
            doctest::skip(!kWindows)) {
    import_test_key();
    const auto values = live_values();
    const std::string key = "\\Software\\mailmend-test\\live|";
    CHECK(values.at(key + "IMAP Server") == std::pair{std::uint32_t{3}, utf16("imap.example.com")});
    CHECK(values.at(key + "IMAP Port") == std::pair{std::uint32_t{4}, std::string("\x8f\0\0\0", 4)});
    CHECK(values.at(key + "SMTP User") == std::pair{std::uint32_t{1}, utf16("alice")});
    auto one = read_live_value("HKCU", kTestKey, "smtp user");  // names are case-insensitive
    REQUIRE(one.ok());
    REQUIRE(one->has_value());
    CHECK((*one)->data == utf16("alice"));
    auto none = read_live_value("HKCU", kTestKey, "SMTP Port");
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());
    std::system("reg delete HKCU\\Software\\mailmend-test /f >NUL 2>&1");
  }

  TEST_CASE("Windows only: the live store changes values keeping their types, adds missing ones, and undoes exactly" *
            doctest::skip(!kWindows)) {
    import_test_key();
    const auto before = live_values();
    const LiveRegistryStore store;
    auto cells = store.prepare("HKCU", {registry_edit("incoming.host", "IMAP Server", std::string("imap.example.net")),
                                        registry_edit("incoming.port", "IMAP Port", std::int64_t{993}),
                                        registry_edit("outgoing.username", "SMTP User", std::string("alice@example.com")),
                                        registry_edit("outgoing.port", "SMTP Port", std::int64_t{587})});
    REQUIRE(cells.ok());
    REQUIRE(cells->size() == 4);
    CHECK((*cells)[0].before_text == "\"imap.example.com\" (REG_BINARY)");
    CHECK((*cells)[1].after_text == "993 (REG_DWORD)");
    CHECK((*cells)[3].missing_before);
    CHECK(before == live_values());  // prepare only reads

    int backups = 0;
    auto written = store.write("HKCU", *cells, core::CellCheck::Before, [&](const std::vector<core::CellChange>&) { ++backups; return util::Status{}; });
    REQUIRE(written.ok());
    CHECK(*written == core::WriteOutcome::Written);
    CHECK(backups == 1);
    const auto after = live_values();
    const std::string key = "\\Software\\mailmend-test\\live|";
    CHECK(after.at(key + "IMAP Server") == std::pair{std::uint32_t{3}, utf16("imap.example.net")});
    CHECK(after.at(key + "IMAP Port") == std::pair{std::uint32_t{4}, std::string("\xe1\x03\0\0", 4)});
    CHECK(after.at(key + "SMTP User") == std::pair{std::uint32_t{1}, utf16("alice@example.com")});
    CHECK(after.at(key + "SMTP Port") == std::pair{std::uint32_t{4}, std::string("\x4b\x02\0\0", 4)});

    // Changed behind mailmend's back: the undo is refused unless forced.
    REQUIRE(write_live_value("HKCU", kTestKey, make_dword("IMAP Port", 995)).ok());
    auto refused = store.write("HKCU", core::reversed(*cells), core::CellCheck::Before, {});
    REQUIRE(refused.ok());
    CHECK(*refused == core::WriteOutcome::Changed);
    std::vector<core::CellChange> found;
    auto forced = store.write("HKCU", core::reversed(*cells), core::CellCheck::Any,
                              [&](const std::vector<core::CellChange>& cells_found) {
                                found = cells_found;
                                return util::Status{};
                              });
    REQUIRE(forced.ok());
    // What the forced write replaced, as restore --force backs it up: the port as changed, the
    // others as the fix wrote them.
    REQUIRE(found.size() == 4);
    CHECK(found[1].before == std::string("\xe3\x03\0\0", 4));
    CHECK(found[1].before_text == "995 (REG_DWORD)");
    CHECK(found[0].before == utf16("imap.example.net"));
    CHECK(found[0].type == 3);
    CHECK_FALSE(found[3].missing_before);
    CHECK(*forced == core::WriteOutcome::Written);
    CHECK(live_values() == before);
    auto again = store.write("HKCU", core::reversed(*cells), core::CellCheck::Before, {});
    REQUIRE(again.ok());
    CHECK(*again == core::WriteOutcome::AlreadyDone);
    std::system("reg delete HKCU\\Software\\mailmend-test /f >NUL 2>&1");
  }

  TEST_CASE("Windows only: the current user's profile folder is read as HKCU, other folders as files" *
            doctest::skip(!kWindows)) {
    CHECK(live_registry_for_home(util::current_user_home()) == std::optional<std::string>("HKCU"));
    CHECK_FALSE(live_registry_for_home(testutil::scratch()).has_value());
    const OutlookAdapter adapter;
    const auto found = adapter.discover(util::current_user_home());
    REQUIRE_FALSE(found.empty());
    CHECK(found.front() == fs::path("HKCU"));
    CHECK_FALSE(outlook_process_for("HKCU").has_value());  // no Outlook runs in the test prefix
    CHECK_FALSE(adapter.lock_state("HKCU").locked);
  }
}
