// report_from_json: a saved JSON audit report read back into a core::Report.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <limits>

#include "report/read_json.hpp"
#include "report/render.hpp"
#include "util/file.hpp"

namespace {

using nlohmann::json;

core::Endpoint endpoint(core::Protocol protocol, std::string host, int port, core::Security security,
                        core::Auth auth, std::string username) {
  core::Endpoint ep;
  ep.protocol = protocol;
  ep.host.value = std::move(host);
  ep.port.value = port;
  ep.security.value = security;
  ep.auth.value = auth;
  ep.username.value = std::move(username);
  return ep;
}

core::Finding finding(std::string rule, core::Severity severity, std::string account, std::string field,
                      core::FieldValue actual, core::FieldValue expected, bool fixable, core::Origin origin) {
  core::Finding f;
  f.rule = std::move(rule);
  f.severity = severity;
  f.account = std::move(account);
  f.field = std::move(field);
  f.actual = std::move(actual);
  f.expected = std::move(expected);
  f.message = "Plain words about " + f.rule + ".";
  f.fixable = fixable;
  f.origin = std::move(origin);
  return f;
}

// Every shape the JSON can take: each source status, both endpoints and none, a provider and
// none, managed and stale accounts, each FieldValue type, origins with and without a line.
core::Report full_report() {
  core::Report r;
  r.host = "mac-017";
  r.generated_at = "2026-11-27T10:00:00Z";
  r.sources = {{"applemail", "/Users/erin/Library/Mail/V10/MailData/Accounts.plist", core::SourceStatus::Ok, ""},
               {"thunderbird", "/Users/erin/Library/Thunderbird", core::SourceStatus::Locked, "Thunderbird is running"},
               {"outlook", "/Users/erin/NTUSER.DAT", core::SourceStatus::Error, "not a registry hive"},
               {"", "/Users/erin/notes.txt", core::SourceStatus::Skipped, "not a mail client file"}};
  core::Account mac;
  mac.id = "applemail:/Users/erin/Library/Mail/V10/MailData/Accounts.plist#ABC-1";
  mac.client = "applemail";
  mac.source = "/Users/erin/Library/Mail/V10/MailData/Accounts.plist";
  mac.key = "ABC-1";
  mac.name = "Erin \"work\" \xC3\xA9";
  mac.email = "erin@example.com";
  mac.incoming = endpoint(core::Protocol::Imap, "mail.example.com", 993, core::Security::StartTls,
                          core::Auth::PasswordCleartext, "erin");
  mac.outgoing = endpoint(core::Protocol::Smtp, "smtp.example.com", 465, core::Security::None, core::Auth::OAuth2,
                          "erin@example.com");
  core::Account managed;
  managed.id = "applemail:/p.mobileconfig#M-2";
  managed.client = "applemail";
  managed.source = "/p.mobileconfig";
  managed.key = "M-2";
  managed.profile = "Work profile";
  managed.managed = true;
  managed.stale = true;
  managed.incoming = endpoint(core::Protocol::Pop3, "pop.example.org", 0, core::Security::Unknown,
                              core::Auth::Unknown, "");
  core::Account tb;
  tb.id = "thunderbird:/tb/prefs.js#account1";
  tb.client = "thunderbird";
  tb.source = "/tb/prefs.js";
  tb.key = "account1";
  tb.profile = "default";
  tb.outgoing = endpoint(core::Protocol::Exchange, "", 65535, core::Security::Tls, core::Auth::TlsClientCert, "x");
  r.accounts = {{mac, core::ProviderRef{"example.com", "Example Mail", "email-domain", "example.com"}},
                {managed, std::nullopt},
                {tb, core::ProviderRef{"example.org", "Example Org", "policy", "pop.example.org"}}};
  core::Origin with_line{"/tb/prefs.js", "mail.server.server1.port", 12, false};
  core::Origin without_line{"/Users/erin/Library/Mail/V10/MailData/Accounts.plist", "PortNumber", 0, true};
  r.findings = {
      finding("port-security-mismatch", core::Severity::Error, mac.id, "incoming.security", std::string("starttls"),
              std::string("tls"), true, without_line),
      finding("port-not-provider", core::Severity::Warning, tb.id, "outgoing.port", std::int64_t{65535},
              std::int64_t{587}, true, with_line),
      finding("odd-flag", core::Severity::Info, managed.id, "incoming.use_ssl", false, true, false, {}),
      finding("big-number", core::Severity::Info, managed.id, "x", std::numeric_limits<std::int64_t>::min(),
              std::numeric_limits<std::int64_t>::max(), false, {}),
      finding("thunderbird-pref-syntax", core::Severity::Warning, "", "", {}, {}, false,
              {"/tb/prefs.js", "", 7, false})};
  r.findings[0].also = {"security-not-provider", "starttls-where-tls-offered"};
  return r;
}

std::string report_text() { return report::render_json(full_report()); }

// The error for the full report with one JSON place changed.
std::string error_after(const std::function<void(json&)>& change) {
  json j = report::to_json(full_report());
  change(j);
  auto r = report::report_from_json(j.dump(2), "r.json");
  REQUIRE_FALSE(r.ok());
  return r.error().message;
}

std::string error_of(const std::string& text) {
  auto r = report::report_from_json(text, "r.json");
  REQUIRE_FALSE(r.ok());
  return r.error().message;
}

}  // namespace

TEST_SUITE("read_json") {
  TEST_CASE("a report survives to_json and back byte for byte") {
    std::string text = report_text();
    auto back = report::report_from_json(text, "r.json");
    REQUIRE_MESSAGE(back.ok(), back.error().message);
    CHECK(report::render_json(*back) == text);
    CHECK(report::to_json(*back) == report::to_json(full_report()));
  }

  TEST_CASE("a report in another language carries each source's note in it too, in every format that has lang") {
    core::Report r = full_report();
    r.lang = "zh-CN";
    r.sources[2].message_localized = "不是注册表配置单元";
    const json j = report::to_json(r);
    CHECK(j["sources"][2]["message"] == "not a registry hive");
    CHECK(j["sources"][2]["message_localized"] == "不是注册表配置单元");
    CHECK(j["sources"][1]["message_localized"] == "Thunderbird is running");  // no translation: the English
    auto back = report::report_from_json(j.dump(2), "r.json");
    REQUIRE_MESSAGE(back.ok(), back.error().message);
    CHECK(report::to_json(*back) == j);
    CHECK(report::render_text(*back, false).find("\n  error   outlook  /Users/erin/NTUSER.DAT  不是注册表配置单元\n") !=
          std::string::npos);
    const std::string nd = report::render_ndjson(r);
    const json run = json::parse(nd.substr(0, nd.find('\n')));
    CHECK(run["mailmend"]["sources"][2]["message"] == "not a registry hive");
    CHECK(run["mailmend"]["sources"][2]["message_localized"] == "不是注册表配置单元");
    const json notes = json::parse(report::render_sarif(r, {}, {}))["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    CHECK(notes[0]["message"]["text"] == "error: /Users/erin/NTUSER.DAT: not a registry hive");
    CHECK(notes[0]["properties"]["messageLocalized"] == "error: /Users/erin/NTUSER.DAT: 不是注册表配置单元");
    // An English report has no such member anywhere.
    CHECK_FALSE(report::to_json(full_report())["sources"][2].contains("message_localized"));
    CHECK(report::render_ndjson(full_report()).find("message_localized") == std::string::npos);
    CHECK(report::render_sarif(full_report(), {}, {}).find("messageLocalized") == std::string::npos);
  }

  TEST_CASE("the values read back have their types: ports as numbers, null as empty, origins as written") {
    auto back = report::report_from_json(report_text(), "r.json");
    REQUIRE(back.ok());
    const core::Report& r = *back;
    REQUIRE(r.sources.size() == 4);
    CHECK(r.sources[1].status == core::SourceStatus::Locked);
    CHECK(r.sources[3].client.empty());
    REQUIRE(r.accounts.size() == 3);
    const auto& mac = r.accounts[0].account;
    CHECK(mac.name == "Erin \"work\" \xC3\xA9");
    REQUIRE(mac.incoming.has_value());
    CHECK(mac.incoming->port.value == 993);
    CHECK(mac.incoming->security.value == core::Security::StartTls);
    CHECK(mac.incoming->host.origin == core::Origin{});  // not in the JSON
    CHECK(mac.outgoing->auth.value == core::Auth::OAuth2);
    CHECK(r.accounts[0].provider->matched_by == "email-domain");
    CHECK_FALSE(r.accounts[1].provider.has_value());
    CHECK(r.accounts[1].account.managed);
    CHECK(r.accounts[1].account.stale);
    CHECK_FALSE(r.accounts[1].account.outgoing.has_value());
    CHECK_FALSE(r.accounts[2].account.incoming.has_value());
    CHECK(r.accounts[2].account.outgoing->protocol == core::Protocol::Exchange);
    REQUIRE(r.findings.size() == 5);
    CHECK(std::get<std::string>(r.findings[0].expected) == "tls");
    CHECK(r.findings[0].origin.is_default);
    CHECK(r.findings[0].origin.line == 0);
    CHECK(std::get<std::int64_t>(r.findings[1].expected) == 587);
    CHECK(r.findings[1].origin == core::Origin{"/tb/prefs.js", "mail.server.server1.port", 12, false});
    CHECK(std::get<bool>(r.findings[2].actual) == false);
    CHECK(r.findings[2].origin == core::Origin{});
    CHECK(std::get<std::int64_t>(r.findings[3].actual) == std::numeric_limits<std::int64_t>::min());
    CHECK(std::get<std::int64_t>(r.findings[3].expected) == std::numeric_limits<std::int64_t>::max());
    CHECK(r.findings[4].account.empty());
    CHECK(r.findings[4].field.empty());
    CHECK(std::holds_alternative<std::monostate>(r.findings[4].expected));
    CHECK(r.findings[4].severity == core::Severity::Warning);
    CHECK(r.findings[0].also == std::vector<std::string>{"security-not-provider", "starttls-where-tls-offered"});
    CHECK(r.findings[1].also.empty());
  }

  TEST_CASE("members the schema marks optional may be absent, and unknown members are ignored") {
    json j = report::to_json(full_report());
    j["accounts"][1].erase("profile");
    j["accounts"][1].erase("managed");
    j["accounts"][1].erase("stale");
    j["accounts"][0]["provider"].erase("matched_by");
    j["findings"][0].erase("origin");
    j["findings"][0].erase("related_rules");  // reports before 0.2
    j["accounts"][0]["added_in_a_later_version"] = 1;
    auto r = report::report_from_json(j.dump(), "r.json");
    REQUIRE_MESSAGE(r.ok(), r.error().message);
    CHECK(r->accounts[1].account.profile.empty());
    CHECK_FALSE(r->accounts[1].account.managed);
    CHECK(r->accounts[0].provider->matched_by.empty());
    CHECK(r->findings[0].origin == core::Origin{});
    CHECK(r->findings[0].also.empty());
  }

  TEST_CASE("a JSON document that is not a mailmend audit report is named as such") {
    CHECK(error_of("[]") == "r.json: not a mailmend audit report (not a JSON object)");
    CHECK(error_of(R"({"findings": []})") == "r.json: not a mailmend audit report (no schema)");
    CHECK(error_of(R"({"schema": "https://example.com/other.json"})") ==
          "r.json: not a mailmend audit report (schema \"https://example.com/other.json\", expected "
          "\"https://mailmend.invalid/schemas/report-1.json\")");
    CHECK(error_of(R"({"schema": {"id": 1}})") ==
          "r.json: not a mailmend audit report (schema {\"id\":1}, expected "
          "\"https://mailmend.invalid/schemas/report-1.json\")");
    CHECK(error_of("{\"schema\": \"a\\nb\"}") ==
          "r.json: not a mailmend audit report (schema \"a\\x0Ab\", expected "
          "\"https://mailmend.invalid/schemas/report-1.json\")");
  }

  TEST_CASE("a value of the wrong type is named by its JSON place") {
    CHECK(error_after([](json& j) { j["accounts"][0]["incoming"]["port"] = "993"; }) ==
          "r.json: accounts[0].incoming.port: not an integer");
    CHECK(error_after([](json& j) { j["accounts"][0]["incoming"]["port"] = 993.5; }) ==
          "r.json: accounts[0].incoming.port: not an integer");
    CHECK(error_after([](json& j) { j["accounts"][2]["outgoing"]["port"] = 65536; }) ==
          "r.json: accounts[2].outgoing.port: out of range 0..65535");
    CHECK(error_after([](json& j) { j["accounts"][0]["incoming"]["port"] = -1; }) ==
          "r.json: accounts[0].incoming.port: out of range 0..65535");
    CHECK(error_after([](json& j) { j["accounts"][0]["outgoing"] = "smtp.example.com"; }) ==
          "r.json: accounts[0].outgoing: not an object or null");
    CHECK(error_after([](json& j) { j["accounts"][1]["incoming"]["security"] = "ssl"; }) ==
          "r.json: accounts[1].incoming.security: unknown security \"ssl\"");
    CHECK(error_after([](json& j) { j["accounts"][1]["incoming"]["auth"] = "oauth2"; }) ==
          "r.json: accounts[1].incoming.auth: unknown auth \"oauth2\"");
    CHECK(error_after([](json& j) { j["accounts"][0]["incoming"]["protocol"] = 4; }) ==
          "r.json: accounts[0].incoming.protocol: not a string");
    CHECK(error_after([](json& j) { j["accounts"][0]["client"] = "mutt"; }) ==
          "r.json: accounts[0].client: unknown client \"mutt\"");
    CHECK(error_after([](json& j) { j["accounts"][0]["managed"] = "yes"; }) ==
          "r.json: accounts[0].managed: not a boolean");
    CHECK(error_after([](json& j) { j["accounts"][2].erase("email"); }) == "r.json: accounts[2].email: missing");
    CHECK(error_after([](json& j) { j["accounts"][1] = 5; }) == "r.json: accounts[1]: not an object");
    CHECK(error_after([](json& j) { j["accounts"] = json::object(); }) == "r.json: accounts: not an array");
    CHECK(error_after([](json& j) { j["accounts"][0]["provider"]["id"] = nullptr; }) ==
          "r.json: accounts[0].provider.id: not a string");
    CHECK(error_after([](json& j) { j["sources"][2]["status"] = "broken"; }) ==
          "r.json: sources[2].status: unknown status \"broken\"");
    CHECK(error_after([](json& j) { j.erase("host"); }) == "r.json: host: missing");
    CHECK(error_after([](json& j) { j["generated_at"] = json::array(); }) == "r.json: generated_at: not a string");
  }

  TEST_CASE("a finding with a wrong value is named by its JSON place") {
    CHECK(error_after([](json& j) { j["findings"][1]["severity"] = "fatal"; }) ==
          "r.json: findings[1].severity: unknown severity \"fatal\"");
    CHECK(error_after([](json& j) { j["findings"][0]["actual"] = 1.5; }) ==
          "r.json: findings[0].actual: not a string, integer, boolean or null");
    CHECK(error_after([](json& j) { j["findings"][0]["expected"] = json::array({"tls"}); }) ==
          "r.json: findings[0].expected: not a string, integer, boolean or null");
    CHECK(error_after([](json& j) { j["findings"][0]["expected"] = std::numeric_limits<std::uint64_t>::max(); }) ==
          "r.json: findings[0].expected: out of range -9223372036854775808..9223372036854775807");
    CHECK(error_after([](json& j) { j["findings"][4]["account"] = 7; }) ==
          "r.json: findings[4].account: not a string or null");
    CHECK(error_after([](json& j) { j["findings"][3]["fixable"] = nullptr; }) ==
          "r.json: findings[3].fixable: not a boolean");
    CHECK(error_after([](json& j) { j["findings"][1]["origin"]["line"] = 0; }) ==
          "r.json: findings[1].origin.line: out of range 1..2147483647");
    CHECK(error_after([](json& j) { j["findings"][1]["origin"]["line"] = 4294967296LL; }) ==
          "r.json: findings[1].origin.line: out of range 1..2147483647");
    CHECK(error_after([](json& j) { j["findings"][1]["origin"] = true; }) ==
          "r.json: findings[1].origin: not an object or null");
    CHECK(error_after([](json& j) { j["findings"][1]["origin"].erase("default"); }) ==
          "r.json: findings[1].origin.default: missing");
    CHECK(error_after([](json& j) { j["findings"][0]["related_rules"] = "plaintext"; }) ==
          "r.json: findings[0].related_rules: not an array");
    CHECK(error_after([](json& j) { j["findings"][0]["related_rules"][1] = 3; }) ==
          "r.json: findings[0].related_rules[1]: not a string");
  }

  TEST_CASE("invalid JSON is named by line and column") {
    CHECK(error_of("") == "r.json:1:1: invalid JSON (unexpected end)");
    CHECK(error_of("{\"schema\": ") == "r.json:1:12: invalid JSON (unexpected end)");
    CHECK(error_of("{\n  \"a\": tru }") == "r.json:2:11: invalid JSON");
    CHECK(error_of("{\"a\": \"\xFF\"}") == "r.json:1:8: invalid JSON");
    CHECK(error_of("{\"a\": 1e999}") == "r.json: invalid JSON (a number too large for a double)");
    std::string text = report_text();
    std::string truncated = text.substr(0, text.size() / 2);
    std::size_t lines = static_cast<std::size_t>(std::count(truncated.begin(), truncated.end(), '\n'));
    std::size_t column = truncated.size() - truncated.rfind('\n');
    CHECK(error_of(truncated) ==
          "r.json:" + std::to_string(lines + 1) + ":" + std::to_string(column) + ": invalid JSON (unexpected end)");
  }

  TEST_CASE("deep nesting and oversized text are refused before a DOM is built") {
    CHECK(error_of(std::string(65, '[') + std::string(65, ']')) ==
          "r.json: JSON nested deeper than 64 levels, refused");
    json j = report::to_json(full_report());
    json deep = "x";
    for (int i = 0; i < 70; ++i) deep = json::array({deep});
    j["findings"][0]["actual"] = deep;
    CHECK(error_of(j.dump()) == "r.json: JSON nested deeper than 64 levels, refused");
    CHECK(error_of(std::string(util::kDefaultMaxFileBytes + 1, ' ')) == "r.json: larger than 64 MB, refused");
  }

  TEST_CASE("looks_like_report knows a report, a damaged report and other JSON apart") {
    std::string text = report_text();
    CHECK(report::looks_like_report(text));
    CHECK(report::looks_like_report(text.substr(0, 40)));  // truncated before the schema member
    CHECK(report::looks_like_report("{\"schema\": \"https://mailmend.invalid/schemas/report-1.json\", \"host\": 3}"));
    CHECK(report::looks_like_report("\xEF\xBB\xBF{ \"accounts\" : [ {"));
    CHECK_FALSE(report::looks_like_report(R"({"Type": "com.apple.configuration.account.mail", "Payload": {}})"));
    CHECK_FALSE(report::looks_like_report(R"({"schema": "https://example.com/other.json", "accounts": []})"));
    CHECK_FALSE(report::looks_like_report(R"({"accounts": []})"));  // valid JSON without the schema
    CHECK_FALSE(report::looks_like_report("{\"Type\": \"com.apple.configuration.account.mail\", "));
    CHECK_FALSE(report::looks_like_report(""));
    CHECK(report::looks_like_report(text.substr(0, 40) + "1e999"));
    CHECK_FALSE(report::looks_like_report("{\"a\": 1e999}"));
    CHECK_FALSE(report::looks_like_report("user_pref(\"mail.server.server1.port\", 993);"));
  }
}
