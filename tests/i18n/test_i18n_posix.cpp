// The catalogue template is what the sources give: a text added or changed without running
// scripts/update-po fails here (xgettext is a tool of the build machine, hence POSIX only).
#include <doctest/doctest.h>

#include "support/testutil.hpp"

TEST_SUITE("i18n sources") {
  TEST_CASE("po/mailmend.pot lists exactly the texts the sources mark with tr and trn") {
    auto r = testutil::run_program({"bash", std::string(MAILMEND_SOURCE_DIR) + "/scripts/update-po", "--check"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
  }
}
