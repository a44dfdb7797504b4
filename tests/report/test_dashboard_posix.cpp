// The dashboard in a real browser: headless Chromium (Debian `chromium`) loads the file, runs its
// script, and the DOM it renders must show the summary's numbers, also with a #rule= filter from
// the URL fragment. POSIX only (the Windows build leaves this file out: Chromium is a tool of the
// build machine); skipped with a message where Chromium is not installed.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <regex>

#include "report/render.hpp"
#include "report/summary.hpp"
#include "sample_report.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;

namespace {

const char* const kChromium = "/usr/bin/chromium";

// The dashboard is a local file and needs no network; Chromium's own background traffic (DNS
// lookups, DNS-over-HTTPS probes of public resolvers, component updates) is switched off, and any
// name it still looks up fails and any connection goes to a closed loopback port: the tests talk
// to loopback only. (At start-up it still connect()s a UDP socket to a public IPv6 address to
// learn whether IPv6 is routed; that sends no packet.)
std::vector<std::string> chromium(const std::vector<std::string>& args) {
  std::vector<std::string> argv{kChromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                "--user-data-dir=" + (fs::current_path() / "chromium-profile").string(),
                                "--virtual-time-budget=10000", "--disable-background-networking",
                                "--disable-component-update", "--disable-sync", "--no-pings",
                                "--dns-prefetch-disable", "--disable-features=DnsOverHttps",
                                "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=socks5://127.0.0.1:9"};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

std::string dump_dom(const std::string& url) {
  auto r = testutil::run_program(chromium({"--dump-dom", url}), {}, std::chrono::seconds(120));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

// The number an element with `id` shows, from the DOM text.
long number_in(const std::string& dom, const std::string& id) {
  std::smatch m;
  REQUIRE_MESSAGE(std::regex_search(dom, m, std::regex("id=\"" + id + "\">([0-9]+)<")), id);
  return std::stol(m[1]);
}

long status_attribute(const std::string& dom, const std::string& name) {
  std::smatch m;
  REQUIRE(std::regex_search(dom, m, std::regex("<p[^>]*id=\"table-status\"[^>]*>")));
  const std::string tag = m[0];
  REQUIRE_MESSAGE(std::regex_search(tag, m, std::regex("data-" + name + "=\"([0-9]+)\"")), tag);
  return std::stol(m[1]);
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_SUITE("dashboard") {
  TEST_CASE("Chromium renders the dashboard with the summary's numbers, with and without a #rule= filter") {
    if (!fs::exists(kChromium)) {
      MESSAGE("skipped: " << kChromium << " is not installed (Debian package chromium; scripts/setup installs it)");
      return;
    }
    fs::create_directories("fleet");
    for (int i = 0; i < 30; ++i) {
      auto r = reporttest::sample_report();
      r.host = i == 7 ? "</script><img src=x onerror=document.title='owned'>" : "pc-" + std::to_string(i);
      r.machine_id = "m" + std::to_string(i);
      r.generated_at = i % 10 == 0 ? "2026-10-01T00:00:00Z" : "2026-11-27T09:00:00Z";
      if (i % 3 == 0) r.findings.erase(r.findings.begin());  // no retired-host error
      testutil::write_bytes("fleet/r" + std::to_string(i) + ".json", report::render_json(r));
    }
    report::SummaryOptions o;
    o.now = *report::parse_rfc3339("2026-11-27T10:00:00Z");
    const auto s = report::summarise_reports({"fleet"}, o);
    REQUIRE(s.hosts == 30);
    REQUIRE(s.errors == 20);
    testutil::write_bytes("fleet.html", report::render_summary_html(s, {}));
    const std::string url = "file://" + fs::absolute("fleet.html").string();

    const std::string dom = dump_dom(url);
    CHECK(number_in(dom, "count-errors") == 20);
    CHECK(number_in(dom, "count-warnings") == 30);
    CHECK(number_in(dom, "count-hosts") == 30);
    CHECK(number_in(dom, "count-hosts-with-errors") == 20);
    CHECK(number_in(dom, "count-stale-hosts") == 3);
    CHECK(number_in(dom, "count-accounts") == 30);
    // The script ran and built the table: one row per host and rule (20 + 30), every finding.
    CHECK(status_attribute(dom, "rows") == 50);
    CHECK(status_attribute(dom, "findings") == 50);
    CHECK(count_of(dom, "<tr class=\"finding\">") == 50);
    // The hostile host name is text: no element came of it, and its script never ran.
    CHECK(dom.find("<img src=\"x\"") == std::string::npos);
    CHECK(dom.find("<title>mailmend fleet summary</title>") != std::string::npos);
    CHECK(dom.find("&lt;/script&gt;&lt;img src=x onerror=document.title='owned'&gt;") != std::string::npos);

    const std::string filtered = dump_dom(url + "#rule=retired-host");
    CHECK(status_attribute(filtered, "rows") == 20);
    auto retired = std::find_if(s.rules.begin(), s.rules.end(), [](const auto& r) { return r.rule == "retired-host"; });
    REQUIRE(retired != s.rules.end());
    CHECK(retired->findings == 20);
    CHECK(status_attribute(filtered, "findings") == static_cast<long>(retired->findings));
    CHECK(count_of(filtered, "<tr class=\"finding\">") == 20);
    CHECK(count_of(filtered, "#explain-thunderbird-pref-syntax\">thunderbird-pref-syntax</a></td>") == 0);

    const std::string by_host = dump_dom(url + "#host=pc-1&severity=warning");
    CHECK(status_attribute(by_host, "rows") == 1);

    auto shot = testutil::run_program(chromium({"--screenshot=" + (fs::current_path() / "fleet.png").string(),
                                                "--window-size=1280,900", "--hide-scrollbars", url}),
                                      {}, std::chrono::seconds(120));
    INFO(shot.err);
    CHECK(shot.exit_code == 0);
    CHECK(testutil::read_bytes("fleet.png").substr(0, 8) == "\x89PNG\r\n\x1a\n");
  }
}
