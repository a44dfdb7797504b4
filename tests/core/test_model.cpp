#include <doctest/doctest.h>

#include "core/finding.hpp"
#include "core/model.hpp"
#include "core/report.hpp"
#include "core/source.hpp"
#include "i18n/messages.hpp"

TEST_SUITE("core model") {
  TEST_CASE("enum names round-trip and use the report vocabulary") {
    for (auto p : {core::Protocol::Imap, core::Protocol::Pop3, core::Protocol::Smtp, core::Protocol::Ews,
                   core::Protocol::Graph, core::Protocol::Exchange}) {
      CHECK(core::parse_protocol(core::to_string(p)) == p);
    }
    CHECK(core::to_string(core::Security::StartTls) == "starttls");
    CHECK(core::to_string(core::Auth::OAuth2) == "OAuth2");
    CHECK(core::to_string(core::Auth::TlsClientCert) == "TLS-client-cert");
    CHECK(core::parse_auth("password-encrypted") == core::Auth::PasswordEncrypted);
    CHECK_FALSE(core::parse_auth("oauth2").has_value());  // exact ISPDB spelling only
    CHECK(core::parse_severity("warning") == core::Severity::Warning);
    CHECK_FALSE(core::parse_security("ssl").has_value());
  }

  TEST_CASE("standard ports by protocol and security") {
    CHECK(core::standard_port(core::Protocol::Imap, core::Security::Tls) == 993);
    CHECK(core::standard_port(core::Protocol::Imap, core::Security::StartTls) == 143);
    CHECK(core::standard_port(core::Protocol::Pop3, core::Security::Tls) == 995);
    CHECK(core::standard_port(core::Protocol::Pop3, core::Security::None) == 110);
    CHECK(core::standard_port(core::Protocol::Smtp, core::Security::Tls) == 465);
    CHECK(core::standard_port(core::Protocol::Smtp, core::Security::StartTls) == 587);
  }

  TEST_CASE("only IMAP, POP3 and SMTP are host-audited") {
    CHECK(core::is_host_audited(core::Protocol::Imap));
    CHECK(core::is_host_audited(core::Protocol::Smtp));
    CHECK_FALSE(core::is_host_audited(core::Protocol::Ews));
    CHECK_FALSE(core::is_host_audited(core::Protocol::Exchange));
  }

  TEST_CASE("field paths") {
    CHECK(core::field_path(true, core::Field::Port) == "incoming.port");
    CHECK(core::field_path(false, core::Field::Username) == "outgoing.username");
    auto f = core::parse_field_path("outgoing.security");
    REQUIRE(f);
    CHECK_FALSE(f->first);
    CHECK(f->second == core::Field::Security);
    CHECK_FALSE(core::parse_field_path("incoming.colour"));
    CHECK_FALSE(core::parse_field_path("port"));
  }

  TEST_CASE("account ids and field values") {
    CHECK(core::make_account_id("thunderbird", "/p/prefs.js", "account2") == "thunderbird:/p/prefs.js#account2");
    CHECK(core::field_value_text(core::FieldValue{std::int64_t{993}}) == "993");
    CHECK(core::field_value_text(core::FieldValue{std::string("tls")}) == "tls");
    CHECK(core::field_value_text(core::FieldValue{}).empty());
  }

  TEST_CASE("a report counts findings by severity") {
    core::Report r;
    r.findings.resize(3);
    r.findings[0].severity = core::Severity::Error;
    r.findings[1].severity = core::Severity::Info;
    r.findings[2].severity = core::Severity::Error;
    CHECK(r.count(core::Severity::Error) == 2);
    CHECK(r.count(core::Severity::Warning) == 0);
  }

  TEST_CASE("a source keeps its note in English and, in another language, beside it; clauses join with ；") {
    auto en = core::Source::noted("", "x", core::SourceStatus::Error, i18n::msg("no such file or folder"));
    en.note_further(i18n::Text(std::string("locked")));
    CHECK(en.message == "no such file or folder; locked");
    CHECK(en.message_localized.empty());
    CHECK(en.shown_message() == en.message);
    i18n::set_language(i18n::Language::SimplifiedChinese);
    auto zh = core::Source::noted("", "x", core::SourceStatus::Error, i18n::msg("no such file or folder"));
    zh.note_first(i18n::Text(std::string("prefs.js:3: cut")));
    // A lower layer's error goes in with its own words.
    zh.note_further(i18n::msg("{1}: {2}", {std::string("cert9.db"), i18n::text_of(util::make_error("database is locked"))}));
    core::Source empty{"outlook", "x.reg", core::SourceStatus::Ok, {}};
    empty.note_further(i18n::msg("no domain"));
    i18n::set_language(i18n::Language::English);
    CHECK(zh.message == "prefs.js:3: cut; no such file or folder; cert9.db: database is locked");
    CHECK(zh.message_localized == "prefs.js:3: cut；文件或文件夹不存在；cert9.db：database is locked");
    CHECK(zh.shown_message() == zh.message_localized);
    CHECK(zh.note_text().english == zh.message);
    CHECK(zh.note_text().localized == zh.message_localized);
    CHECK(empty.message == "no domain");  // no separator before the first clause
    CHECK(empty.message_localized == "没有域名");
  }

  TEST_CASE("a finding keeps its message in English and, in another language, beside it") {
    core::Finding f;
    f.explain(i18n::msg("Use {1} instead.", {std::string("imap.example.com")}));
    CHECK(f.message == "Use imap.example.com instead.");
    CHECK(f.message_localized.empty());  // an English run has nothing to add
    CHECK(f.shown_message() == "Use imap.example.com instead.");
    i18n::set_language(i18n::Language::SimplifiedChinese);
    core::Finding zh;
    zh.explain(i18n::msg("Use {1} instead.", {std::string("imap.example.com")}));
    zh.explain_further(i18n::msg("Not fixed automatically: {1}.", {std::string("x")}));
    i18n::set_language(i18n::Language::English);
    CHECK(zh.message == "Use imap.example.com instead. Not fixed automatically: x.");
    CHECK(zh.message_localized == "请改用 imap.example.com。未自动修复：x。");
    CHECK(zh.shown_message() == zh.message_localized);
  }
}
