#include <doctest/doctest.h>

#include "adapters/outlook/registry.hpp"

using namespace adapters::outlook;

TEST_SUITE("registry") {
  TEST_CASE("UTF-16LE strings stop at NUL and tolerate a missing terminator and an odd length") {
    CHECK(utf16le_to_utf8(std::string("a\0b\0\0\0c\0", 8)) == "ab");
    CHECK(utf16le_to_utf8(std::string("a\0b\0", 4)) == "ab");
    CHECK(utf16le_to_utf8(std::string("a\0b\0c", 5)) == "ab");
    CHECK(utf16le_to_utf8(std::string("\xE9\0", 2)) == "\xC3\xA9");
    CHECK(utf16le_to_utf8(std::string("\x3D\xD8\x00\xDE", 4)) == "\xF0\x9F\x98\x80");
    CHECK(utf16le_to_utf8(std::string("a\0\x00\xD8z\0", 6)) == "a\xEF\xBF\xBDz");
    CHECK(utf16le_to_utf8("") == "");
  }

  TEST_CASE("UTF-8 text becomes UTF-16LE with a 2-byte NUL") {
    CHECK(utf8_to_utf16le_nul("ab") == std::string("a\0b\0\0\0", 6));
    CHECK(utf8_to_utf16le_nul("") == std::string("\0\0", 2));
  }

  TEST_CASE("numbers come from DWORD, QWORD and decimal REG_SZ values") {
    CHECK(value_number(make_dword("p", 993)) == 993);
    CHECK(value_number(RegValue{"q", regtype::Qword, std::string("\x01\0\0\0\0\0\0\x01", 8), 0}) == 0x0100000000000001ULL);
    CHECK(value_number(make_sz("s", " 587 ")) == 587);
    CHECK_FALSE(value_number(make_sz("s", "abc")).has_value());
    CHECK_FALSE(value_number(RegValue{"d", regtype::Dword, "\x01\x02", 0}).has_value());
    CHECK_FALSE(value_text(make_dword("p", 1)).has_value());
    CHECK(value_text(make_binary_text("b", "host")) == "host");
  }

  TEST_CASE("keys and values are found case-insensitively; removal keeps the order of the rest") {
    RegKey k("K", "HKCU\\K");
    k.set_value(make_dword("One", 1));
    k.set_value(make_dword("Two", 2));
    k.set_value(make_dword("Three", 3));
    k.set_value(make_dword("TWO", 22));
    CHECK(value_number(*k.value("two")) == 22);
    CHECK(k.value("two")->name == "TWO");
    CHECK(k.remove_value("ONE"));
    CHECK_FALSE(k.remove_value("missing"));
    REQUIRE(k.values().size() == 2);
    CHECK(k.values()[0].name == "TWO");
    CHECK(k.values()[1].name == "Three");
    CHECK(value_number(*k.value("three")) == 3);
    auto& c = k.ensure_child("Sub", "HKCU\\K\\Sub");
    CHECK(&k.ensure_child("SUB", "ignored") == &c);
    CHECK(k.child("sub")->full_path() == "HKCU\\K\\Sub");
    CHECK(k.remove_child("sub"));
    CHECK(k.child("Sub") == nullptr);
    CHECK(k.children().empty());
  }

  TEST_CASE("snapshot lookups walk relative paths") {
    RegistrySnapshot s;
    s.root.ensure_child("Software", "Software").ensure_child("X", "Software\\X");
    CHECK(s.find("software\\x")->full_path() == "Software\\X");
    CHECK(s.find("") == &s.root);
    CHECK(s.find("Software\\Y") == nullptr);
    CHECK(split_key_path("\\A\\\\B\\") == std::vector<std::string>{"A", "B"});
  }
}

TEST_SUITE("registry") {
  TEST_CASE("Windows-1252 text becomes UTF-8; valid UTF-8 is kept") {
    CHECK(windows1252_to_utf8("a\xE9\x80\x81") == "a\xC3\xA9\xE2\x82\xAC\xEF\xBF\xBD");
    CHECK(utf8_or_windows1252("\xC3\xA9") == "\xC3\xA9");
    CHECK(utf8_or_windows1252("\xE9") == "\xC3\xA9");
  }
}
