#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "adapters/outlook/hive.hpp"
#include "adapters/outlook/hivebuild.hpp"
#include "outlook/outlook_test_helpers.hpp"
#include "support/testutil.hpp"

using namespace adapters::outlook;
namespace fs = std::filesystem;

namespace {

const char* kAcct = "Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\9375CFF0413111d3B88A00104B2A6676\\00000001";

std::string sample_hive() {
  auto bytes = build_hive({
      {"Software\\Microsoft\\Office\\16.0\\Outlook", {make_sz("DefaultProfile", "Outlook")}},
      {kAcct,
       {make_sz("clsid", "{ED475412-B0D6-11D2-8C3B-00104B2A6676}"), make_binary_text("IMAP Server", "imap.example.com"),
        make_dword("IMAP Port", 143), make_dword("IMAP Use SSL", 0), make_binary("IMAP Password", std::string("\x02secret-blob", 12)),
        make_binary_text("SMTP Server", "smtp.example.com"), make_dword("SMTP Port", 25), make_sz("", "default"),
        make_binary("Caf\xC3\xA9 \xE2\x82\xAC", "non-ASCII name"), RegValue{"Odd type", 0x12345678u, "raw", 0}}},
      {"Software\\Other", {make_dword("Keep", 42), make_binary("Opaque", std::string(40000, '\x5a'))}},
  });
  REQUIRE(bytes.ok());
  return *bytes;
}

void set32(std::string& b, std::size_t off, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) b[off + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

}  // namespace

TEST_SUITE("hive") {
  TEST_CASE("a hive reads whole or by subtree, with exact value bytes and full key paths") {
    testutil::write_bytes("NTUSER.DAT", sample_hive());
    auto all = read_hive("NTUSER.DAT");
    REQUIRE(all.ok());
    CHECK(all->kind == RegistryKind::Hive);
    CHECK(all->file == "NTUSER.DAT");
    const RegKey* acct = all->find(kAcct);
    REQUIRE(acct);
    CHECK(acct->full_path() == kAcct);
    CHECK(acct->values().size() == 10);
    CHECK(acct->value("IMAP Port")->data == le32(143));
    CHECK(all->find("Software\\Other")->value("Opaque")->data == std::string(40000, '\x5a'));
    auto part = read_hive("NTUSER.DAT", {"Software\\Microsoft\\Office\\16.0\\Outlook", "Software\\Missing"});
    REQUIRE(part.ok());
    CHECK(part->find(kAcct) != nullptr);
    CHECK(part->find("Software\\Other") == nullptr);
    CHECK(part->find("Software\\Microsoft\\Office\\16.0\\Outlook")->full_path() == "Software\\Microsoft\\Office\\16.0\\Outlook");
  }

  TEST_CASE("wrong magic, truncation, junk and missing files give one-line errors") {
    testutil::write_bytes("wrong.dat", "regx" + sample_hive().substr(4));
    CHECK(read_hive("wrong.dat").error().message == "wrong.dat: not a registry hive (no \"regf\" magic)");
    testutil::write_bytes("short.dat", "re");
    CHECK(read_hive("short.dat").error().message == "short.dat: cannot read the hive (missing or shorter than 4 bytes)");
    CHECK(read_hive("absent.dat").error().message == "absent.dat: cannot open: " + testutil::missing_file_error());
    if (testutil::make_fifo("fifo.dat")) {  // a FIFO never blocks the read
      CHECK(read_hive("fifo.dat").error().message == "fifo.dat: is not a regular file (a FIFO, device or socket); refused");
    }
    auto hive = sample_hive();
    for (std::size_t cut : {std::size_t(100), std::size_t(4096), std::size_t(5000), hive.size() / 2}) {
      testutil::write_bytes("cut.dat", hive.substr(0, cut));
      auto r = read_hive("cut.dat");
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().message.starts_with("cut.dat: "));
      CHECK(r.error().message.find('\n') == std::string::npos);
    }
    std::string junk = "regf";
    for (int i = 0; i < 20000; ++i) junk.push_back(static_cast<char>((i * 7919 + 13) % 256));
    testutil::write_bytes("junk.dat", junk);
    auto r = read_hive("junk.dat");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.starts_with("junk.dat: cannot open the hive (hivex: "));
  }

  TEST_CASE("the first hbin overwritten with junk after a valid header is refused or read, never a crash") {
    auto hive = sample_hive();
    for (std::size_t i = 4096 + 32; i < hive.size(); i += 97) hive[i] = static_cast<char>(i * 31);
    testutil::write_bytes("mangled.dat", hive);
    auto r = read_hive("mangled.dat");
    if (!r.ok()) CHECK(r.error().message.starts_with("mangled.dat: "));
  }

  TEST_CASE("a clean hive is writable; differing sequence numbers, a bad checksum or a newer log are not") {
    auto hive = sample_hive();
    testutil::write_bytes("NTUSER.DAT", hive);
    CHECK(hive_dirty_reason("NTUSER.DAT", hive).english == "");
    auto dirty = hive;
    set32(dirty, 4, 7);
    CHECK(hive_dirty_reason("NTUSER.DAT", dirty).english ==
          "the hive's sequence numbers differ (7 != 2): changes are still in its .LOG1/.LOG2 files");
    auto badsum = hive;
    badsum[0x30] ^= 1;
    CHECK(hive_dirty_reason("NTUSER.DAT", badsum).english == "the hive's header checksum is wrong");
    CHECK(hive_dirty_reason("NTUSER.DAT", "regf").english == "not a registry hive");

    testutil::write_bytes("ntuser.dat.LOG1", "");
    auto past = fs::last_write_time("NTUSER.DAT") - std::chrono::hours(1);
    fs::last_write_time("NTUSER.DAT", past);
    CHECK(hive_dirty_reason("NTUSER.DAT", hive).english == "");  // empty logs hold nothing
    testutil::write_bytes("ntuser.dat.LOG1", "DIRT");
    CHECK(hive_dirty_reason("NTUSER.DAT", hive).english ==
          "a non-empty .LOG1/.LOG2 file is newer than the hive: it may hold unreplayed changes");
    fs::last_write_time("ntuser.dat.LOG1", past - std::chrono::hours(1));
    CHECK(hive_dirty_reason("NTUSER.DAT", hive).english == "");
  }

  TEST_CASE("editing one value through hivex changes only that value; all others stay byte-identical") {
    auto hive = sample_hive();
    testutil::write_bytes("before.dat", hive);
    auto before = read_hive("before.dat");
    REQUIRE(before.ok());
    auto edited = edit_hive_bytes("before.dat", hive,
                                  {{kAcct, "IMAP Port", regtype::Dword, le32(993)},
                                   {kAcct, "IMAP Server", regtype::Binary, utf8_to_utf16le_nul("imap.example.org")},
                                   {kAcct, "SMTP Secure Connection", regtype::Dword, le32(2)}});
    REQUIRE(edited.ok());
    CHECK(hive_dirty_reason("after.dat", *edited).english == "");
    testutil::write_bytes("after.dat", *edited);
    auto after = read_hive("after.dat");
    REQUIRE(after.ok());
    auto a = outlook_test::flatten(*before), b = outlook_test::flatten(*after);
    std::string acct = std::string("\\") + kAcct;
    a[acct + "|IMAP Port"] = {regtype::Dword, le32(993)};
    a[acct + "|IMAP Server"] = {regtype::Binary, utf8_to_utf16le_nul("imap.example.org")};
    a[acct + "|SMTP Secure Connection"] = {regtype::Dword, le32(2)};
    CHECK(a == b);
    CHECK(a.size() == 14);
    CHECK(testutil::read_bytes("before.dat") == hive);  // the input file is never touched
  }

  TEST_CASE("an edit of a missing key is an error and leaves nothing behind") {
    auto hive = sample_hive();
    auto r = edit_hive_bytes("h.dat", hive, {{"Software\\Nope", "X", regtype::Dword, le32(1)}});
    CHECK(r.error().message == "h.dat: key Software\\Nope not found in the hive");
    auto bad = edit_hive_bytes("j.dat", "regf-not-really", {});
    CHECK(bad.error().message == "j.dat: cannot open the hive for writing");
  }

  TEST_CASE("hive files are recognised by their magic, whatever their name") {
    testutil::write_bytes("anything.bin", sample_hive());
    testutil::write_bytes("text.txt", "hello");
    CHECK(is_hive_file("anything.bin"));
    CHECK_FALSE(is_hive_file("text.txt"));
    CHECK_FALSE(is_hive_file("absent"));
    auto snap = read_hive_bytes(sample_hive(), "mem.dat", {"Software\\Other"});
    REQUIRE(snap.ok());
    CHECK(snap->file == "mem.dat");
    CHECK(value_number(*snap->find("Software\\Other")->value("Keep")) == 42);
    CHECK(read_hive_bytes("regf", "m.dat").error().message.starts_with("m.dat: cannot open the hive (hivex: "));
  }
}

TEST_SUITE("hive") {
  TEST_CASE("deterministic mutations of a hive are read or refused, never a crash or a hang") {
    auto hive = sample_hive();
    std::uint32_t seed = 12345;
    auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
    int refused = 0, read = 0;
    for (int round = 0; round < 1500; ++round) {
      auto m = hive;
      int flips = 1 + static_cast<int>(next() % 8);
      for (int i = 0; i < flips; ++i) {
        std::size_t pos = 4096 + next() % (m.size() - 4096);  // keep the base block: hivex checks it first
        m[pos] = static_cast<char>(next() >> 24);
      }
      auto r = read_hive_bytes(m, "m.dat");
      if (r.ok()) {
        ++read;
      } else {
        ++refused;
        CHECK(r.error().message.starts_with("m.dat: "));
      }
    }
    CHECK(read + refused == 1500);
  }
}

TEST_SUITE("hive") {
  TEST_CASE("a key holding a value over 16344 bytes is not edited: hivex would break its big-data form") {
    std::string big(70000, '\0');
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 13);
    auto hive = build_hive({{"Software\\K", {make_binary("Delivery Store EntryID", big), make_dword("SMTP Port", 25)}},
                            {"Software\\L", {make_binary("Small", std::string(16344, 'x')), make_dword("SMTP Port", 25)}}});
    REQUIRE(hive.ok());
    auto refused = edit_hive_bytes("h.dat", *hive, {{"Software\\K", "SMTP Port", regtype::Dword, le32(587)}});
    CHECK(refused.error().message ==
          "h.dat: Software\\K holds a value larger than 16344 bytes, which hivex cannot rewrite in a form Windows reads; refused");
    auto too_big = edit_hive_bytes("h.dat", *hive, {{"Software\\L", "New", regtype::Binary, std::string(16345, 'y')}});
    CHECK(too_big.error().message ==
          "h.dat: Software\\L would get a value larger than 16344 bytes, which hivex cannot rewrite in a form Windows reads; refused");
    auto edited = edit_hive_bytes("h.dat", *hive, {{"Software\\L", "SMTP Port", regtype::Dword, le32(587)}});
    REQUIRE(edited.ok());
    auto snap = read_hive_bytes(*edited, "h.dat");
    REQUIRE(snap.ok());
    CHECK(snap->find("Software\\L")->value("Small")->data == std::string(16344, 'x'));
    CHECK(snap->find("Software\\L")->value("SMTP Port")->data == le32(587));
    CHECK(snap->find("Software\\K")->value("Delivery Store EntryID")->data == big);
  }
}
