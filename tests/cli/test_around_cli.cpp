// Issue 17 through the mailmend binary: --hosts-file, and the "around the client" rules listed.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli/thunderbird_home.hpp"
#include "support/testutil.hpp"

using testutil::run_mailmend;

TEST_SUITE("cli around the client") {
  TEST_CASE("audit --hosts-file: a line mapping the provider's SMTP host is hosts-file-override naming the line") {
    const auto home = cli_test::make_home("ann", cli_test::kBrokenPrefs);
    testutil::write_bytes("hosts", "127.0.0.1 localhost\n\n# helpdesk test, 2022\n198.51.100.7  smtp.office365.com  "
                                   "smtp-test\n");
    auto r = run_mailmend({"audit", "--home", home.string(), "--hosts-file", "hosts", "--format", "json"});
    CHECK(r.exit_code == 1);
    const auto report = nlohmann::json::parse(r.out);
    std::vector<std::string> hits;
    for (const auto& f : report["findings"]) {
      if (f["rule"] != "hosts-file-override") continue;
      hits.push_back(f["field"].get<std::string>() + " " + f["severity"].get<std::string>() + " " +
                     f["origin"]["file"].get<std::string>() + ":" + std::to_string(f["origin"]["line"].get<int>()));
      CHECK(f["message"].get<std::string>().find("at line 4 to 198.51.100.7") != std::string::npos);
    }
    CHECK(hits == std::vector<std::string>{"outgoing.host error hosts:4"});

    auto missing = run_mailmend({"audit", "--home", home.string(), "--hosts-file", "nowhere", "--format", "json"});
    CHECK(missing.exit_code == 3);
    CHECK(missing.out.find("hosts file not checked: ") != std::string::npos);
  }

  TEST_CASE("mailmend rules lists the around-the-client group") {
    auto r = run_mailmend({"rules"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("\n\nAround the client (every client: the machine's hosts file, the client's proxy and trust store):\n"
                     "error   hosts-file-override  ") != std::string::npos);
  }
}
