// util file cases that only mean something on Windows: names are UTF-16 there.
#include <doctest/doctest.h>

#include <filesystem>

#include "util/file.hpp"

TEST_SUITE("util file") {
  TEST_CASE("path_from_utf8 turns ill-formed UTF-8 into U+FFFD instead of throwing, as Thunderbird does") {
    CHECK(util::path_from_utf8("p.default/\xE5\xBC\xA0\xE4\xBC\x9F").wstring() == L"p.default/\u5F20\u4F1F");
    CHECK(util::path_from_utf8("p\xFF").wstring() == L"p\uFFFD");
  }
}
