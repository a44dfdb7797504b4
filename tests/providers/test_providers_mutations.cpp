// Hostile-input sweep for the ISPDB and fact-file readers: every truncation and a set of byte
// substitutions of small valid files must parse or fail with one line naming the file, never crash.
#include <doctest/doctest.h>

#include "providers/facts.hpp"
#include "providers/ispdb.hpp"

namespace {

const std::string kConfig =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<clientConfig version=\"1.1\">\n<emailProvider id=\"example.com\">\n"
    "<domain>example.com</domain>\n<displayName>Example &amp; Co</displayName>\n<!-- a comment -->\n"
    "<incomingServer type=\"imap\"><hostname>imap.%EMAILDOMAIN%</hostname><port>993</port>"
    "<socketType>SSL</socketType><authentication>OAuth2</authentication><username>%EMAILADDRESS%</username>"
    "</incomingServer>\n<outgoingServer type=\"smtp\"><hostname>smtp.example.com</hostname><port>587</port>"
    "<socketType>STARTTLS</socketType><authentication>password-cleartext</authentication></outgoingServer>\n"
    "<documentation url=\"https://example.com/help\"/>\n</emailProvider>\n</clientConfig>\n";

const std::string kFacts =
    "<?xml version=\"1.0\"?>\n<providerFacts version=\"1\">\n<provider domain=\"example.com\">\n"
    "<oauth2Only value=\"true\" source=\"s\" lastChecked=\"2024-01\"/>\n"
    "<retiredHost host=\"old.example.com\" replacement=\"imap.example.com\" source=\"s\" lastChecked=\"2024-01\"/>\n"
    "<server direction=\"outgoing\" type=\"smtp\" hostname=\"smtp2.example.com\" port=\"465\" socketType=\"SSL\" "
    "auth=\"OAuth2\" source=\"s\" lastChecked=\"2024-01\"/>\n<domain source=\"s\" lastChecked=\"2024-01\">example.org</domain>\n"
    "</provider>\n</providerFacts>\n";

bool one_line_naming(const std::string& message, const std::string& file) {
  return message.find('\n') == std::string::npos && message.rfind(file, 0) == 0;
}

void check_config(const std::string& bytes) {
  auto r = providers::parse_client_config(bytes, "m.xml", true);
  if (!r) {
    CHECK(one_line_naming(r.error().message, "m.xml"));
    return;
  }
  for (const auto& w : r->warnings) CHECK(w.text().find('\n') == std::string::npos);
}

void check_facts(const std::string& bytes) {
  auto base = providers::parse_client_config(kConfig, "example.com.xml", true);
  REQUIRE(base);
  providers::ImportResult result;
  result.providers.push_back(base->provider);
  bool applied = providers::apply_facts(bytes, "f.xml", result);
  if (!applied) {
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].file == "f.xml");
    CHECK(result.errors[0].text().find('\n') == std::string::npos);
  }
}

}  // namespace

TEST_SUITE("providers.mutations") {
  TEST_CASE("every truncation of a provider file parses or fails with one line") {
    for (std::size_t n = 0; n <= kConfig.size(); ++n) check_config(kConfig.substr(0, n));
  }

  TEST_CASE("byte substitutions in a provider file never crash") {
    const char replacements[] = {'<', '>', '&', '%', '"', '\0', '\xff', '\n'};
    for (std::size_t i = 0; i < kConfig.size(); ++i) {
      for (char c : replacements) {
        std::string mutated = kConfig;
        mutated[i] = c;
        check_config(mutated);
      }
    }
  }

  TEST_CASE("every truncation and substitution of a fact file is applied or is one error") {
    for (std::size_t n = 0; n <= kFacts.size(); ++n) check_facts(kFacts.substr(0, n));
    for (std::size_t i = 0; i < kFacts.size(); i += 3) {
      for (char c : {'<', '"', '\0'}) {
        std::string mutated = kFacts;
        mutated[i] = c;
        check_facts(mutated);
      }
    }
  }
}
