#include <doctest/doctest.h>

#include <cstring>

#include "util/shared_library.hpp"

TEST_SUITE("shared_library") {
  TEST_CASE("the first name the loader finds is loaded, and its functions are called through the address") {
    auto libc = util::SharedLibrary::open({"libmailmend-no-such.so.9", "libc.so.6", "libSystem.B.dylib"});
    REQUIRE(libc.ok());
    CHECK(libc->name() != "libmailmend-no-such.so.9");
    auto length = libc->function<std::size_t(const char*)>("strlen");
    REQUIRE(length.ok());
    CHECK((*length)("mailmend") == 8);
  }

  TEST_CASE("a symbol the library lacks is an error naming the library and the symbol") {
    auto libc = util::SharedLibrary::open({"libc.so.6", "libSystem.B.dylib"});
    REQUIRE(libc.ok());
    auto missing = libc->address("mailmend_no_such_symbol");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message == libc->name() + ": no symbol mailmend_no_such_symbol");
  }

  TEST_CASE("no library found is an error with the loader's reason for the first name") {
    auto none = util::SharedLibrary::open({"libmailmend-no-such.so.9", "libmailmend-nor-this.so.1"});
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().message.find("libmailmend-no-such.so.9") != std::string::npos);
    CHECK(util::SharedLibrary::open({}).error().message == "no shared library to load");
  }
}
