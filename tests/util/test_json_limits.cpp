#include <doctest/doctest.h>

#include <string>

#include "util/json_limits.hpp"

TEST_SUITE("util json limits") {
  TEST_CASE("nesting is counted outside strings only") {
    CHECK_FALSE(util::json_nests_deeper_than("{\"a\": [1, {\"b\": 2}]}", 3));
    CHECK(util::json_nests_deeper_than("{\"a\": [1, {\"b\": 2}]}", 2));
    CHECK(util::json_nests_deeper_than("{\"a\": [1, {\"b\": [2]}]}", 3));
    CHECK_FALSE(util::json_nests_deeper_than("{\"a\": \"[[[[[[\\\"[[[[\"}", 1));
    CHECK(util::json_nests_deeper_than(std::string(65, '['), 64));
    CHECK_FALSE(util::json_nests_deeper_than(std::string(64, '[') + std::string(64, ']'), 64));
  }
}
