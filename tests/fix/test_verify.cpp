#include <doctest/doctest.h>

#include "fix/verify.hpp"

namespace {

core::Account account(const std::string& id, const std::string& host, int port) {
  core::Account a;
  a.id = id;
  a.client = "fake";
  a.email = id + "@example.com";
  core::Endpoint in;
  in.protocol = core::Protocol::Imap;
  in.host.value = host;
  in.port.value = port;
  in.security.value = core::Security::Tls;
  a.incoming = in;
  return a;
}

fix::PlanItem port_item(const std::string& id, std::int64_t port) {
  fix::PlanItem item;
  item.account = id;
  item.field = "incoming.port";
  item.new_value = port;
  item.rules = {"port-security-mismatch"};
  return item;
}

core::ReadOutput output(std::vector<core::Account> accounts) {
  core::ReadOutput out;
  out.accounts = std::move(accounts);
  return out;
}

// The English of verify_rewrite's problems (what JSON and the logs carry).
std::vector<std::string> english_problems(const core::ReadOutput& before, const core::ReadOutput& after,
                                          const std::vector<fix::PlanItem>& items) {
  std::vector<std::string> out;
  for (const auto& problem : fix::verify_rewrite(before, after, items)) out.push_back(problem.english);
  return out;
}

}  // namespace

TEST_SUITE("fix::verify") {
  TEST_CASE("the edited field at its planned value and nothing else changed passes") {
    const auto before = output({account("a", "imap.example.com", 143), account("b", "imap.example.org", 993)});
    auto after = before;
    after.accounts[0].incoming->port.value = 993;
    after.accounts[0].incoming->port.origin.line = 7;  // origins may move; values may not
    CHECK(fix::verify_rewrite(before, after, {port_item("a", 993)}).empty());
  }

  TEST_CASE("a wrong edited value, another changed value, a lost and a new account are each reported") {
    const auto before = output({account("a", "imap.example.com", 143), account("b", "imap.example.org", 993)});
    auto after = output({account("a", "imap.example.net", 995), account("c", "imap.example.org", 993)});
    CHECK(english_problems(before, after, {port_item("a", 993)}) ==
          std::vector<std::string>{"a incoming.host changed from imap.example.com to imap.example.net",
                                   "a incoming.port is 995, expected 993", "account b disappeared",
                                   "account c appeared"});
  }

  TEST_CASE("a lost endpoint, a source that no longer reads and a remaining finding are reported") {
    const auto before = output({account("a", "imap.example.com", 143)});
    auto after = output({account("a", "imap.example.com", 993)});
    after.accounts[0].outgoing = core::Endpoint{};
    after.sources.push_back({"fake", "/x/fake.conf", core::SourceStatus::Error, "/x/fake.conf:3: no '='"});
    core::Finding still;
    still.rule = "port-security-mismatch";
    still.account = "a";
    still.field = "incoming.port";
    after.findings.push_back(still);
    CHECK(english_problems(before, after, {port_item("a", 993)}) ==
          std::vector<std::string>{"/x/fake.conf no longer reads: /x/fake.conf:3: no '='",
                                   "a outgoing.present changed from no to yes",
                                   "a incoming.port still has finding port-security-mismatch"});
  }
}
