// Issue 17 through the mailmend binary, with host tools (certutil, openssl): an inspection root in
// a profile's cert9.db is tls-inspection-root naming the product; the audit leaves cert9.db as it was.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli/thunderbird_home.hpp"
#include "support/testutil.hpp"
#include "trust/nss_test_db.hpp"

using testutil::run_mailmend;

TEST_SUITE("cli around the client") {
  TEST_CASE("audit: a Kaspersky root in the profile's cert9.db is tls-inspection-root naming the product") {
    if (!trust_test::certutil_available()) {
      MESSAGE("skipped: certutil (Debian libnss3-tools) is not installed");
      return;
    }
    const auto home = cli_test::make_home("ann", cli_test::kBrokenPrefs);
    const auto profile = cli_test::prefs_of(home).parent_path();
    trust_test::make_db(profile);
    trust_test::add_root(profile, "kav", "/O=AO Kaspersky Lab/CN=Kaspersky Anti-Virus Personal Root Certificate",
                         "Kaspersky Anti-Virus Personal Root Certificate");
    trust_test::add_root(profile, "corp", "/O=Example Corp/CN=Example Corp Root CA", "Example Corp Root CA");
    const std::string before = testutil::read_bytes(profile / "cert9.db");
    auto r = run_mailmend({"audit", "--home", home.string(), "--format", "json"});
    const auto report = nlohmann::json::parse(r.out);
    std::vector<std::string> hits;
    for (const auto& f : report["findings"]) {
      if (f["rule"] != "tls-inspection-root") continue;
      hits.push_back(f["severity"].get<std::string>() + " " + f["origin"]["key"].get<std::string>());
      CHECK(f["message"].get<std::string>().rfind("A root certificate of Kaspersky (encrypted connection scanning) is "
                                                  "in Thunderbird's certificate store ", 0) == 0);
      CHECK(f["message"].get<std::string>().find(", SHA-256 " + trust_test::sha256_of(profile / "kav.pem")) !=
            std::string::npos);
    }
    CHECK(hits == std::vector<std::string>{"warning Kaspersky Anti-Virus Personal Root Certificate"});
    CHECK(testutil::read_bytes(profile / "cert9.db") == before);
  }
}
