// Report cases that need python3 (scripts/validate-json), a tool of the build machine that a
// Windows test cannot start (testutil::host_tools_available).
#include <doctest/doctest.h>

#include "report/render.hpp"
#include "sample_report.hpp"

TEST_SUITE("report") {
  TEST_CASE("the schema check catches a report that breaks the contract") {
    auto j = report::to_json(reporttest::sample_report());
    j["accounts"][0]["incoming"]["port"] = "995";
    CHECK(reporttest::validate(j.dump()) == 1);
  }
}
