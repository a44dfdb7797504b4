#include <doctest/doctest.h>

#include "adapters/outlook/regfile.hpp"
#include "adapters/outlook/regwrite.hpp"
#include "outlook/outlook_test_helpers.hpp"
#include "support/testutil.hpp"

using namespace adapters::outlook;

namespace {
const char* kKey =
    "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\"
    "9375CFF0413111d3B88A00104B2A6676\\00000002";

std::vector<RegFileKey> example_fix() {
  return {{kKey,
           {{"IMAP Server", make_binary_text("IMAP Server", "outlook.office365.com")},
            {"IMAP Port", make_dword("IMAP Port", 993)},
            {"IMAP Use SSL", make_dword("IMAP Use SSL", 1)},
            {"SMTP Server", make_binary_text("SMTP Server", "smtp.office365.com")},
            {"SMTP Port", make_dword("SMTP Port", 587)},
            {"SMTP Secure Connection", make_dword("SMTP Secure Connection", 2)},
            {"SMTP Use Auth", make_dword("SMTP Use Auth", 1)}}}};
}
}  // namespace

TEST_SUITE("regwrite") {
  TEST_CASE("the writer reproduces the reference fix example byte for byte") {
    REQUIRE_SHARED();
    auto golden = testutil::read_bytes(testutil::shared_dir() / "reference" / "demos" / "regfile" / "outlook-fix-example.reg");
    CHECK(write_reg_file(example_fix()) == golden);
  }

  TEST_CASE("the file is UTF-16LE with BOM and CRLF, wrapped like Wine at 77 columns") {
    auto bytes = write_reg_file(example_fix());
    CHECK(bytes.starts_with("\xFF\xFEW\0i\0"));
    auto text = outlook_test::utf16_text(bytes);
    std::string expected = std::string("Windows Registry Editor Version 5.00\r\n\r\n[") + kKey + "]\r\n" +
        "\"IMAP Server\"=hex:6f,00,75,00,74,00,6c,00,6f,00,6f,00,6b,00,2e,00,6f,00,66,00,\\\r\n"
        "  66,00,69,00,63,00,65,00,33,00,36,00,35,00,2e,00,63,00,6f,00,6d,00,00,00\r\n"
        "\"IMAP Port\"=dword:000003e1\r\n"
        "\"IMAP Use SSL\"=dword:00000001\r\n"
        "\"SMTP Server\"=hex:73,00,6d,00,74,00,70,00,2e,00,6f,00,66,00,66,00,69,00,63,00,\\\r\n"
        "  65,00,33,00,36,00,35,00,2e,00,63,00,6f,00,6d,00,00,00\r\n"
        "\"SMTP Port\"=dword:0000024b\r\n"
        "\"SMTP Secure Connection\"=dword:00000002\r\n"
        "\"SMTP Use Auth\"=dword:00000001\r\n\r\n";
    CHECK(text == expected);
  }

  TEST_CASE("REG_SZ is quoted with escapes unless it is not one clean string; deletions are name=-") {
    CHECK(format_reg_value(make_sz("Name", "a \"b\" c\\d")) == "\"Name\"=\"a \\\"b\\\" c\\\\d\"");
    CHECK(format_reg_value(make_sz("", "x")) == "@=\"x\"");
    RegValue unterminated{"Odd", regtype::Sz, std::string("a\0b", 3), 0};
    CHECK(format_reg_value(unterminated) == "\"Odd\"=hex(1):61,00,62");
    CHECK(format_reg_value(RegValue{"Q", regtype::Qword, std::string(8, '\0'), 0}) ==
          "\"Q\"=hex(b):00,00,00,00,00,00,00,00");
    auto text = outlook_test::utf16_text(write_reg_file({{"HKCU\\Software\\T", {{"Gone", std::nullopt}}}}));
    CHECK(text == "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\T]\r\n\"Gone\"=-\r\n\r\n");
  }

  TEST_CASE("key paths without a root (from a hive) are written under HKEY_CURRENT_USER") {
    CHECK(reg_key_header_path("Software\\X") == "HKEY_CURRENT_USER\\Software\\X");
    CHECK(reg_key_header_path("HKU\\S-1-5-21-1\\Software") == "HKEY_USERS\\S-1-5-21-1\\Software");
    CHECK(reg_key_header_path("HKEY_USERS\\S\\Software") == "HKEY_USERS\\S\\Software");
  }

  TEST_CASE("what the writer writes, the parser reads back value for value") {
    std::string big(300, '\x7f');
    std::vector<RegFileKey> keys{{"HKEY_CURRENT_USER\\Software\\T",
                                  {{"Bin", make_binary("Bin", big)},
                                   {"Text", make_sz("Text", "Gr\xC3\xBC\xC3\x9F" "e \"x\"")},
                                   {"N", make_dword("N", 0xFFFFFFFFu)}}}};
    auto snap = parse_reg(write_reg_file(keys), "rt.reg");
    REQUIRE(snap.ok());
    const RegKey* k = snap->find("Software\\T");
    CHECK(k->value("Bin")->data == big);
    CHECK(value_text(*k->value("Text")) == "Gr\xC3\xBC\xC3\x9F" "e \"x\"");
    CHECK(value_number(*k->value("N")) == 0xFFFFFFFFu);
  }
}
