// Probe results in reports: the JSON members (and their exact inverse) and the text section.
#include <doctest/doctest.h>

#include "report/read_json.hpp"
#include "report/render.hpp"
#include "support/probe_samples.hpp"

TEST_SUITE("probe report") {
  TEST_CASE("probes survive to_json and back byte for byte; an audit without probes has no probes member") {
    const auto report = testsamples::report_with_probes();
    const std::string text = report::render_json(report);
    auto back = report::report_from_json(text, "r.json");
    REQUIRE_MESSAGE(back.ok(), back.error().message);
    CHECK(report::render_json(*back) == text);
    REQUIRE(back->probes);
    CHECK(back->probes->size() == 2);
    CHECK(back->findings.back().probe == "imap:imap.example.net:143:tls");
    auto plain = report;
    plain.probes.reset();
    CHECK_FALSE(report::to_json(plain).contains("probes"));
    auto read_plain = report::report_from_json(report::render_json(plain), "r.json");
    REQUIRE(read_plain.ok());
    CHECK_FALSE(read_plain->probes);
  }

  TEST_CASE("a wrong probe member is named by its JSON place") {
    auto j = report::to_json(testsamples::report_with_probes());
    j["probes"][1]["addresses"][0]["tcp"] = "maybe";
    auto r = report::report_from_json(j.dump(), "r.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "r.json: probes[1].addresses[0].tcp: unknown TCP outcome \"maybe\"");
  }

  TEST_CASE("the summary line says what the server speaks") {
    const auto report = testsamples::report_with_probes();
    CHECK(report::probe_summary_line(report.probes->at(0)) ==
          "imap.example.net:993 \u00b7 TLS 1.3 \u00b7 certificate valid 63 days \u00b7 AUTH PLAIN XOAUTH2");
    CHECK(report::probe_summary_line(report.probes->at(1)) ==
          "imap.example.net:143 \u00b7 STARTTLS offered \u00b7 AUTH PLAIN");
    core::ProbeResult down;
    down.target = {"mail.example.org", 995, core::Protocol::Pop3, core::Security::Tls, {}, {}};
    down.addresses = {{"192.0.2.7", "ipv4", core::TcpOutcome::Refused, std::nullopt}};
    CHECK(report::probe_summary_line(down) == "mail.example.org:995 \u00b7 no connection (192.0.2.7 refused)");
    down.dns_error = "Name or service not known";
    CHECK(report::probe_summary_line(down) == "mail.example.org:995 \u00b7 name does not resolve");
  }

  TEST_CASE("the text report shows each server probed above its findings, with the account each is for") {
    const std::string text = report::render_text(testsamples::report_with_probes(), false);
    const std::string section =
        "Servers probed (2)\n"
        "  imap.example.net:993 \u00b7 TLS 1.3 \u00b7 certificate valid 63 days \u00b7 AUTH PLAIN XOAUTH2\n"
        "  imap.example.net:143 \u00b7 STARTTLS offered \u00b7 AUTH PLAIN\n"
        "  ERROR   probe-tls-mode-mismatch  incoming.security: tls -> starttls\n"
        "           account: ann@example.net (thunderbird account2)\n";
    CHECK(text.find(section) != std::string::npos);
    // Shown once: not again under the account.
    CHECK(text.find("probe-tls-mode-mismatch") == text.rfind("probe-tls-mode-mismatch"));
  }
}
