#include <doctest/doctest.h>

#include <chrono>

#include "adapters/outlook/regfile.hpp"
#include "outlook/outlook_test_helpers.hpp"
#include "support/testutil.hpp"

using namespace adapters::outlook;
using outlook_test::regedit_utf16;

namespace {

const char* kAccount =
    "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\"
    "9375CFF0413111d3B88A00104B2A6676\\00000002";

std::string golden_text() {
  return std::string("Windows Registry Editor Version 5.00\n"
                     "\n"
                     "[HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook]\n"
                     "\"DefaultProfile\"=\"Outlook\"\n"
                     "\n"
                     "[") + kAccount + "]\n"
                     "; a comment line\n"
                     "\"IMAP Server\"=hex:6f,00,75,00,74,00,6c,00,6f,00,6f,00,6b,00,2e,00,6f,00,66,00,\\\n"
                     "  66,00,69,00,63,00,65,00,33,00,36,00,35,00,2e,00,63,00,6f,00,6d,00,00,00\n"
                     "\"IMAP Port\"=dword:000003e1\n"
                     "\"Display Name\"=\"J\xC3\xBCrgen \\\"Jo\\\" Example\\\\HQ\"\n"
                     "@=\"default value\"\n"
                     "\"Gone\"=\"soon\"\n"
                     "\"Gone\"=-\n"
                     "\"Multi\"=hex(7):61,00,00,00,62,00,00,00,00,00\n"
                     "\"Big\"=hex(b):01,00,00,00,00,00,00,00\n"
                     "\n"
                     "[HKEY_CURRENT_USER\\Software\\Obsolete\\Child]\n"
                     "\"x\"=dword:1\n"
                     "[-HKEY_CURRENT_USER\\Software\\Obsolete]\n"
                     "\n";
}

}  // namespace

TEST_SUITE("regfile") {
  TEST_CASE("a regedit 5.00 file in UTF-16LE with BOM and CRLF reads every value with its line") {
    auto snap = parse_reg(regedit_utf16(golden_text()), "fix.reg");
    REQUIRE(snap.ok());
    const RegKey* outlook = snap->find("Software\\Microsoft\\Office\\16.0\\Outlook");
    REQUIRE(outlook);
    CHECK(outlook->full_path() == "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook");
    CHECK(value_text(*outlook->value("defaultprofile")) == "Outlook");
    CHECK(outlook->value("DefaultProfile")->line == 4);

    const RegKey* acct = snap->find("software\\microsoft\\office\\16.0\\outlook\\profiles\\outlook\\"
                                    "9375cff0413111d3b88a00104b2a6676\\00000002");
    REQUIRE(acct);
    CHECK(acct->full_path() == kAccount);
    CHECK(acct->line == 6);
    const RegValue* server = acct->value("IMAP Server");
    REQUIRE(server);
    CHECK(server->type == regtype::Binary);
    CHECK(server->line == 8);
    CHECK(server->data == utf8_to_utf16le_nul("outlook.office365.com"));
    CHECK(value_number(*acct->value("IMAP Port")) == 993);
    CHECK(acct->value("IMAP Port")->line == 10);
    CHECK(value_text(*acct->value("Display Name")) == "J\xC3\xBCrgen \"Jo\" Example\\HQ");
    CHECK(value_text(*acct->value("")) == "default value");
    CHECK(acct->value("Gone") == nullptr);
    CHECK(acct->value("Multi")->type == regtype::MultiSz);
    CHECK(acct->value("Multi")->data == std::string("a\0\0\0b\0\0\0\0\0", 10));
    CHECK(value_number(*acct->value("Big")) == 1);
    CHECK(acct->values().size() == 6);
    CHECK(snap->find("Software\\Obsolete") == nullptr);
  }

  TEST_CASE("the same file as UTF-8 without BOM and with LF reads the same") {
    auto a = parse_reg(regedit_utf16(golden_text()), "a.reg");
    auto b = parse_reg(golden_text(), "b.reg");
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(outlook_test::flatten(*a) == outlook_test::flatten(*b));
  }

  TEST_CASE("REGEDIT4 files are ANSI: quoted text and hex(2) bytes are Windows-1252") {
    std::string text =
        "REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Software\\Test]\r\n\"Name\"=\"Caf\xE9 \x80\"\r\n"
        "\"Path\"=hex(2):25,41,25,e9,00\r\n\"Raw\"=hex:e9,00\r\n";
    auto snap = parse_reg(text, "old.reg");
    REQUIRE(snap.ok());
    const RegKey* k = snap->find("Software\\Test");
    REQUIRE(k);
    CHECK(value_text(*k->value("Name")) == "Caf\xC3\xA9 \xE2\x82\xAC");
    CHECK(k->value("Path")->type == regtype::ExpandSz);
    CHECK(k->value("Path")->data == std::string("%\0A\0%\0\xE9\0\0\0", 10));
    CHECK(k->value("Raw")->data == std::string("\xE9\0", 2));
  }

  TEST_CASE("hivexregedit's dialect (hex(1), hex(3), no wrapping, LF) reads as regedit's") {
    std::string text =
        "Windows Registry Editor Version 5.00\n\n"
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook]\n"
        "\"DefaultProfile\"=hex(1):4f,00,75,00,74,00,6c,00,6f,00,6f,00,6b,00,00,00\n\n"
        "[HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\"
        "9375CFF0413111d3B88A00104B2A6676\\00000002]\n"
        "\"IMAP Server\"=hex(3):69,00,6d,00,61,00,70,00,00,00\n";
    auto snap = parse_reg(text, "hivex.reg");
    REQUIRE(snap.ok());
    const RegKey* o = snap->find("Software\\Microsoft\\Office\\16.0\\Outlook");
    CHECK(o->value("DefaultProfile")->type == regtype::Sz);
    CHECK(value_text(*o->value("DefaultProfile")) == "Outlook");
    const RegKey* a = snap->find("Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\"
                                 "9375CFF0413111d3B88A00104B2A6676\\00000002");
    CHECK(a->value("IMAP Server")->type == regtype::Binary);
    CHECK(value_text(*a->value("IMAP Server")) == "imap");
  }

  TEST_CASE("the shared demo files parse: the hivexregedit export and the UTF-16 fix example") {
    REQUIRE_SHARED();
    auto demos = testutil::shared_dir() / "reference" / "demos";
    auto exported = read_reg_file(demos / "hivex" / "export-by-hivexregedit.reg");
    REQUIRE(exported.ok());
    const RegKey* a = exported->find("Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\"
                                     "9375CFF0413111d3B88A00104B2A6676\\00000002");
    REQUIRE(a);
    CHECK(value_text(*a->value("IMAP Server")) == "imap-mail.outlook.com");
    CHECK(value_number(*a->value("SMTP Port")) == 587);
    auto fix = read_reg_file(demos / "regfile" / "outlook-fix-example.reg");
    REQUIRE(fix.ok());
    const RegKey* f = fix->find("Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\"
                                "9375CFF0413111d3B88A00104B2A6676\\00000002");
    REQUIRE(f);
    CHECK(value_text(*f->value("SMTP Server")) == "smtp.office365.com");
    CHECK(f->value("SMTP Server")->line == 8);
    CHECK(value_number(*f->value("SMTP Use Auth")) == 1);
  }

  TEST_CASE("any HKEY prefix maps to the user hive root") {
    CHECK(user_relative_path("HKEY_CURRENT_USER\\Software\\X") == "Software\\X");
    CHECK(user_relative_path("HKCU\\Software\\X") == "Software\\X");
    CHECK(user_relative_path("HKEY_USERS\\S-1-5-21-1-2-3-1001\\Software\\X") == "Software\\X");
    CHECK(user_relative_path("HKEY_USERS\\.DEFAULT\\Control Panel") == "Control Panel");
    CHECK(user_relative_path("HKEY_LOCAL_MACHINE\\TempHive\\Software\\X") == "Software\\X");
    CHECK(user_relative_path("HKEY_LOCAL_MACHINE\\SOFTWARE\\X") == "SOFTWARE\\X");
    CHECK(user_relative_path("NOT_A_ROOT\\Software") == "");
    std::string text = "REGEDIT4\n\n[HKEY_USERS\\S-1-5-21-1-2-3-1001\\Software\\Test]\n\"a\"=dword:00000002\n";
    auto snap = parse_reg(text, "u.reg");
    REQUIRE(snap.ok());
    CHECK(snap->find("Software\\Test")->full_path() == "HKEY_USERS\\S-1-5-21-1-2-3-1001\\Software\\Test");
  }

  TEST_CASE("malformed lines give file:line errors") {
    auto err = [](const std::string& body) {
      auto r = parse_reg("REGEDIT4\n\n[HKCU\\Software\\T]\n" + body, "bad.reg");
      return r.ok() ? std::string("ok") : r.error().message;
    };
    CHECK(err("\"a\"=dword:123456789\n") == "bad.reg:4: dword: needs 1 to 8 hex digits");
    CHECK(err("\"a\"=hex:01,zz\n") == "bad.reg:4: bad hex byte \"zz\"");
    CHECK(err("\"a\"=hex:012\n") == "bad.reg:4: hex byte with more than two digits");
    CHECK(err("\"a\"=\"open\n") == "bad.reg:4: unterminated quoted string");
    CHECK(err("\"a\"=\"x\\q\"\n") == "bad.reg:4: unknown escape \\q in a quoted string");
    CHECK(err("\"a\" \"b\"\n") == "bad.reg:4: expected '=' after the value name");
    CHECK(err("\"a\"=text\n") == "bad.reg:4: unrecognised value data \"text\"");
    CHECK(err("garbage here\n") == "bad.reg:4: unexpected text \"garbage here\"");
    CHECK(err("[HKCU\\Software\\T\n") == "bad.reg:4: key header without closing ']'");
    CHECK(err("[NOWHERE\\Software]\n") == "bad.reg:4: unknown registry root in [NOWHERE\\Software]");
    CHECK(err("\"a\"=hex:01,\\\n  02,\\\n  0x\n\"b\"=\n") == "bad.reg:4: expected ',' between hex bytes");
    CHECK(err("\"a\"=hex:01,\\\n  02\n\"b\"=\n") == "bad.reg:6: unrecognised value data \"\"");
    auto outside = parse_reg("REGEDIT4\n\"a\"=dword:1\n", "o.reg");
    CHECK(outside.error().message == "o.reg:2: value outside of a [key] section");
  }

  TEST_CASE("values after a deleted key are ignored, as regedit does") {
    auto snap = parse_reg("REGEDIT4\n[-HKCU\\Software\\T]\n\"a\"=dword:1\n", "d.reg");
    REQUIRE(snap.ok());
    CHECK(snap->find("Software\\T") == nullptr);
  }

  TEST_CASE("hostile input: odd-length UTF-16, lone surrogates, binary junk, empty file") {
    auto odd = regedit_utf16(golden_text()) + "x";
    CHECK(parse_reg(odd, "odd.reg")->damage.english == "odd.reg: the file ends inside a UTF-16 character; it looks cut");
    auto odd_line = regedit_utf16(golden_text() + "\"x\"=dword:1") + "x";
    CHECK(parse_reg(odd_line, "odd.reg")->damage.english ==
          "odd.reg:22: the file ends inside this line (no line break after it, and half a UTF-16 character); it looks cut");
    CHECK(parse_reg(regedit_utf16(golden_text()), "whole.reg")->damage.empty());
    std::string surrogate = regedit_utf16("Windows Registry Editor Version 5.00\n\n[HKCU\\Software\\T]\n");
    surrogate += std::string("\"\0\x00\xD8\"\0=\0-\0", 10);
    CHECK(parse_reg(surrogate, "s.reg").error().message == "s.reg:4: invalid UTF-16 (unpaired surrogate)");
    std::string junk;
    for (int i = 0; i < 5000; ++i) junk.push_back(static_cast<char>((i * 7919) % 251));
    CHECK(parse_reg(junk, "junk.bin").error().message ==
          "junk.bin:1: not a .reg file (expected \"Windows Registry Editor Version 5.00\" or \"REGEDIT4\")");
    CHECK(parse_reg("", "empty.reg").error().message == "empty.reg:1: empty file, not a .reg file");
    CHECK(parse_reg("\xFE\xFFxx", "be.reg").error().message == "be.reg: UTF-16 big-endian .reg files are not supported");
  }

  TEST_CASE("a 10 MB single value in a UTF-16 file is read in bounded time; a 17 MB one is refused") {
    auto big_file = [](std::size_t bytes) {
      std::string text = "Windows Registry Editor Version 5.00\n\n[HKCU\\Software\\Big]\n\"Blob\"=hex:";
      text.reserve(bytes * 4 + 200);
      for (std::size_t i = 0; i < bytes; ++i) {
        text += "ab";
        if (i + 1 < bytes) text += (i % 25 == 24) ? ",\\\n  " : ",";
      }
      return text + "\n";
    };
    auto start = std::chrono::steady_clock::now();
    auto snap = parse_reg(regedit_utf16(big_file(10u * 1024u * 1024u)), "big.reg");
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(snap.ok());
    CHECK(snap->find("Software\\Big")->value("Blob")->data.size() == 10u * 1024u * 1024u);
    CHECK(seconds < 60);  // a hang guard only: linear parsing takes a few seconds at most
    auto refused = parse_reg(big_file(17u * 1024u * 1024u), "huge.reg");
    CHECK(refused.error().message == "huge.reg:4: value larger than 16 MB, refused");
  }

  TEST_CASE("looks_like_reg checks the header in any encoding") {
    CHECK(looks_like_reg(regedit_utf16(golden_text())));
    CHECK(looks_like_reg("REGEDIT4\r\n"));
    CHECK(looks_like_reg("\xEF\xBB\xBFWindows Registry Editor Version 5.00\n"));
    CHECK_FALSE(looks_like_reg("regf\x01\x00"));
    CHECK_FALSE(looks_like_reg("[General]\nCustom=1\n"));
    CHECK_FALSE(looks_like_reg("\xFF\xFEW"));                     // odd length
    CHECK_FALSE(looks_like_reg(std::string("\xFF\xFE\x00\xD8\n\0", 6)));  // lone surrogate
    CHECK(looks_like_reg(regedit_utf16("REGEDIT4\n" + std::string(300, ';'))));
    CHECK(looks_like_reg(regedit_utf16("REGEDIT4\n; " + std::string(86, 'x') + "\xF0\x9F\x98\x80 cut pair")));
  }
}

TEST_SUITE("regfile") {
  TEST_CASE("deterministic mutations of a .reg file parse or fail with file:line, never crash") {
    auto base = regedit_utf16(golden_text());
    std::uint32_t seed = 99;
    auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
    for (int round = 0; round < 3000; ++round) {
      auto m = round % 2 ? base : golden_text();
      int flips = 1 + static_cast<int>(next() % 6);
      for (int i = 0; i < flips; ++i) m[next() % m.size()] = static_cast<char>(next() >> 24);
      if (round % 7 == 0) m.resize(next() % m.size());
      auto r = parse_reg(m, "m.reg");
      if (!r.ok()) {
        CHECK(r.error().message.starts_with("m.reg"));
        CHECK(r.error().message.find('\n') == std::string::npos);
      }
    }
  }
}

TEST_SUITE("regfile") {
  TEST_CASE("only real registry roots are accepted, alone or with a path") {
    CHECK(is_registry_root("HKEY_CURRENT_USER"));
    CHECK(is_registry_root("hkcu"));
    CHECK_FALSE(is_registry_root("HKXYZ"));
    CHECK(parse_reg("REGEDIT4\n[HKXYZ\\Software]\n", "r.reg").error().message == "r.reg:2: unknown registry root in [HKXYZ\\Software]");
    auto root_only = parse_reg("REGEDIT4\n[HKEY_CURRENT_USER]\n\"a\"=dword:1\n", "r.reg");
    REQUIRE(root_only.ok());
    CHECK(value_number(*root_only->root.value("a")) == 1);
  }
}
