// Tests for the ISPDB importer (src/providers/ispdb.cpp): the real snapshot in ../shared/ispdb and
// small synthetic files for every anomaly of thunderbird.md §4.3 and for broken input.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "providers/ispdb.hpp"
#include "support/printers.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;


using providers::import_ispdb;
using providers::ImportResult;

namespace {

// Warnings as text, with the file's folder removed so that they do not depend on where it lives.
std::vector<std::string> warning_lines(const ImportResult& r) {
  std::vector<std::string> out;
  for (auto w : r.warnings) {
    w.file = fs::path(w.file).filename().string();
    out.push_back(w.text());
  }
  return out;
}

std::vector<std::string> error_lines(const ImportResult& r) {
  std::vector<std::string> out;
  for (auto e : r.errors) {
    e.file = fs::path(e.file).filename().string();
    out.push_back(e.text());
  }
  return out;
}

// One provider file around the given emailProvider body.
std::string ispdb_config(const std::string& body, const std::string& id = "example.com") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<clientConfig version=\"1.1\">\n<emailProvider id=\"" + id +
         "\">\n" + body + "</emailProvider>\n</clientConfig>\n";
}

ImportResult import_one(const std::string& name, const std::string& bytes) {
  testutil::write_bytes(name, bytes);
  return import_ispdb({fs::path(name)});
}

const providers::Provider* find(const ImportResult& r, const std::string& id) {
  for (const auto& p : r.providers) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

}  // namespace

TEST_SUITE("providers.ispdb") {
  TEST_CASE("the whole ISPDB snapshot gives 163 providers and 962 domains") {
    REQUIRE_SHARED();
    auto r = import_ispdb({testutil::shared_dir() / "ispdb"});
    CHECK(r.errors.empty());
    CHECK(r.files_read == 163);
    CHECK(r.providers.size() == 163);
    CHECK(r.domain_count() == 962);
    CHECK(r.incoming_count() == 311);
    CHECK(r.outgoing_count() == 202);
  }

  TEST_CASE("the ISPDB snapshot's server, socket, auth and username counts match the reference") {
    REQUIRE_SHARED();
    auto r = import_ispdb({testutil::shared_dir() / "ispdb"});
    std::map<std::string, int> types, sockets_in, sockets_out, auths, usernames;
    int first_imap = 0, first_pop3 = 0, multi_outgoing = 0;
    for (const auto& p : r.providers) {
      if (!p.incoming.empty()) (p.incoming.front().type == "imap" ? first_imap : first_pop3)++;
      if (p.outgoing.size() > 1) ++multi_outgoing;
      for (const auto* list : {&p.incoming, &p.outgoing}) {
        for (const auto& s : *list) {
          ++types[s.type];
          if (!s.hostname.empty()) ++(list == &p.incoming ? sockets_in : sockets_out)[std::string(core::to_string(s.security))];
          for (auto a : s.auths) ++auths[std::string(core::to_string(a))];
          ++usernames[s.username];
        }
      }
    }
    CHECK(types == std::map<std::string, int>{{"pop3", 165}, {"imap", 142}, {"ews", 1}, {"owa", 1}, {"graph", 1},
                                              {"exchange", 1}, {"smtp", 202}});
    // thunderbird.md §4.3: SSL 227 + 101, STARTTLS 45 + 67, plain 36 + 34 (227 includes the exchange element).
    CHECK(sockets_in == std::map<std::string, int>{{"tls", 227}, {"starttls", 45}, {"none", 36}});
    CHECK(sockets_out == std::map<std::string, int>{{"tls", 101}, {"starttls", 67}, {"none", 34}});
    CHECK(auths == std::map<std::string, int>{{"password-cleartext", 468}, {"OAuth2", 43}, {"password-encrypted", 38}, {"none", 1}});
    CHECK(usernames["%EMAILADDRESS%"] == 384);
    CHECK(usernames["%EMAILLOCALPART%"] == 121);
    CHECK(usernames["%EMAILLOCALPART%.%EMAILDOMAIN%"] == 4);
    CHECK(usernames["%EMAILADDRESS"] == 2);
    CHECK(first_imap == 114);
    CHECK(first_pop3 == 49);
    CHECK(multi_outgoing == 36);
  }

  TEST_CASE("every anomaly of the ISPDB snapshot is reported with file, line and reason") {
    REQUIRE_SHARED();
    auto r = import_ispdb({testutil::shared_dir() / "ispdb"});
    std::vector<std::string> expected{
      "126.com.xml:1: no <?xml?> declaration",
      "163.com.xml:1: no <?xml?> declaration",
      "a1.net.xml:1: no <?xml?> declaration",
      "arubapec.it.xml:21: pop3 server uses SSL on port 993; the implicit-TLS port for pop3 is 995",
      "att.net.xml:1: no <?xml?> declaration",
      "bluewin.ch.xml:3: emailProvider id \"swisscom.ch\" differs from the file name \"bluewin.ch\"",
      "blueyonder.co.uk.xml: CRLF line endings",
      "charter.net.xml:1: no <?xml?> declaration",
      "charter.net.xml:26: smtp server uses SSL on port 587; the implicit-TLS port for smtp is 465",
      "clustermail.de.xml:45: smtp server uses STARTTLS on port 25 (server-to-server relay); the submission port is 587",
      "cty-net.ne.jp.xml: CRLF line endings",
      "cty-net.ne.jp.xml:5: domain \"cty-net.ne.jp\" is listed twice in this file (kept once)",
      "gransy.com.xml:1: no <?xml?> declaration",
      "gransy.com.xml:52: smtp server uses STARTTLS on port 25 (server-to-server relay); the submission port is 587",
      "kelcom.net.xml:1: no <?xml?> declaration",
      "me.com.xml:1: no <?xml?> declaration",
      "me.com.xml: CRLF line endings",
      "messagingengine.com.xml:3: emailProvider id \"MessagingEngine\" differs from the file name \"messagingengine.com\"",
      "nili.ca.xml:6: unknown element <displayNameShort> ignored (a typo for <displayShortName>?)",
      "ntlworld.com.xml: CRLF line endings",
      "office365.com.xml:28: incoming ews server has only a <url>, no hostname, port or socketType",
      "office365.com.xml:29: username \"%EMAILADDRESS\" has an unterminated placeholder (kept as written)",
      "office365.com.xml:33: incoming owa server has only a <url>, no hostname, port or socketType",
      "office365.com.xml:34: username \"%EMAILADDRESS\" has an unterminated placeholder (kept as written)",
      "office365.com.xml:38: incoming graph server has only a <url>, no hostname, port or socketType",
      "office365.com.xml:44: legacy incoming server type \"exchange\" (owaURL/ewsURL) kept as listed",
      "oxcloud-eu.xml:3: emailProvider id \"OXCloud-EU\" differs from the file name \"oxcloud-eu\"",
      "oxcloud-us.xml:3: emailProvider id \"OXCloud-US\" differs from the file name \"oxcloud-us\"",
      "pdx.edu.xml:18: imap server uses STARTTLS on port 587; the STARTTLS port for imap is 143",
      "pobox.com.xml: CRLF line endings",
      "posteo.de.xml: CRLF line endings",
      "qq.com.xml:1: no <?xml?> declaration",
      "qq.com.xml: CRLF line endings",
      "rediffmail.com.xml:25: smtp server uses SSL on port 586; the implicit-TLS port for smtp is 465",
      "seznam.cz.xml:1: no <?xml?> declaration",
      "sfr.fr.xml:1: no <?xml?> declaration",
      "sky.com.xml: CRLF line endings",
      "thinline.cz.xml:1: no <?xml?> declaration",
      "thinline.cz.xml:51: smtp server uses STARTTLS on port 25 (server-to-server relay); the submission port is 587",
      "verizon.net.xml:1: no <?xml?> declaration",
      "virgin.net.xml: CRLF line endings",
      "virginmedia.com.xml: CRLF line endings",
      "websupport.sk.xml:45: smtp server uses STARTTLS on port 25 (server-to-server relay); the submission port is 587",
      "wp.pl.xml:1: no <?xml?> declaration",
      "yeah.net.xml:1: no <?xml?> declaration",
      "zoho.com.au.xml:3: emailProvider id \"zoho.com\" differs from the file name \"zoho.com.au\"",
      "zoho.eu.xml:3: emailProvider id \"zoho.com\" differs from the file name \"zoho.eu\"",
      "zoho.in.xml:3: emailProvider id \"zoho.com\" differs from the file name \"zoho.in\"",
      "zoho.jp.xml:3: emailProvider id \"zoho.com\" differs from the file name \"zoho.jp\"",
      "zohocloud.ca.xml:3: emailProvider id \"zoho.com\" differs from the file name \"zohocloud.ca\"",
    };
    CHECK(warning_lines(r) == expected);
  }

  TEST_CASE("anomalies are kept as written, not corrected") {
    REQUIRE_SHARED();
    auto r = import_ispdb({testutil::shared_dir() / "ispdb"});
    const auto* aruba = find(r, "arubapec.it");
    REQUIRE(aruba);
    bool pop3_on_993 = false;
    for (const auto& s : aruba->incoming) pop3_on_993 |= s.protocol == core::Protocol::Pop3 && s.port == 993 && s.security == core::Security::Tls;
    CHECK(pop3_on_993);
    const auto* o365 = find(r, "office365.com");
    REQUIRE(o365);
    REQUIRE(o365->incoming.size() == 6);
    CHECK(o365->incoming[2].type == "ews");
    CHECK(o365->incoming[2].username == "%EMAILADDRESS");
    CHECK(o365->incoming[2].url == "https://outlook.office365.com/ews/exchange.asmx");
    CHECK(o365->incoming[2].hostname.empty());
    CHECK(o365->incoming[2].port == 0);
    CHECK(o365->incoming[3].type == "owa");
    CHECK(o365->incoming[3].protocol == core::Protocol::Unknown);
    CHECK(o365->incoming[5].type == "exchange");
    CHECK(o365->incoming[5].hostname == "outlook.office365.com");
    CHECK(o365->incoming[5].port == 443);
    const auto* zoho = find(r, "zoho.eu");
    REQUIRE(zoho);
    CHECK(zoho->name == "Zoho Mail - Europe");
    const auto* cty = find(r, "cty-net.ne.jp");
    REQUIRE(cty);
    CHECK(std::count(cty->domains.begin(), cty->domains.end(), "cty-net.ne.jp") == 1);
    CHECK(cty->domains.size() == 10);
    const auto* inbox = find(r, "inbox.lv");
    REQUIRE(inbox);
    CHECK(inbox->incoming.front().hostname == "mail.%EMAILDOMAIN%");
    const auto* nili = find(r, "nili.ca");
    REQUIRE(nili);
    CHECK(nili->short_name.empty());
  }

  TEST_CASE("the ISPDB enable element marks IMAP as something to switch on first") {
    REQUIRE_SHARED();
    auto r = import_ispdb({testutil::shared_dir() / "ispdb"});
    const auto* gmx = find(r, "gmx.net");
    REQUIRE(gmx);
    CHECK(gmx->imap_must_be_enabled);
    REQUIRE(gmx->notes.size() == 1);
    CHECK(gmx->notes[0].source == "ISPDB <enable visiturl=\"https://hilfe.gmx.net/pop-imap/einschalten.html\">");
    const auto* gmail = find(r, "googlemail.com");
    REQUIRE(gmail);
    CHECK(gmail->imap_must_be_enabled);  // <enable> at clientConfig level
    const auto* qq = find(r, "qq.com");
    REQUIRE(qq);
    CHECK_FALSE(qq->imap_must_be_enabled);
  }

  TEST_CASE("domains are keyed lower-cased and trimmed") {
    auto r = import_one("example.com.xml", ispdb_config("<domain>  Example.COM \n</domain><domain>example.org</domain>"
                                                  "<displayName>Example</displayName>\n"));
    REQUIRE(r.providers.size() == 1);
    CHECK(r.providers[0].domains == std::vector<std::string>{"example.com", "example.org"});
    CHECK(r.providers[0].id == "example.com");
    CHECK(r.providers[0].name == "Example");
    CHECK(warning_lines(r).empty());
  }

  TEST_CASE("a port that does not fit its TLS mode is reported for each protocol") {
    auto server = [](const std::string& dir, const std::string& type, int port, const std::string& socket) {
      return "<" + dir + "Server type=\"" + type + "\">\n<hostname>h.example.com</hostname><port>" + std::to_string(port) +
             "</port>\n<socketType>" + socket + "</socketType></" + dir + "Server>\n";
    };
    auto r = import_one("example.com.xml",
                        ispdb_config("<domain>example.com</domain>\n" + server("incoming", "pop3", 993, "SSL") +
                               server("incoming", "imap", 587, "STARTTLS") + server("incoming", "imap", 993, "SSL") +
                               server("outgoing", "smtp", 587, "SSL") + server("outgoing", "smtp", 586, "SSL") +
                               server("outgoing", "smtp", 25, "STARTTLS") + server("outgoing", "smtp", 587, "STARTTLS") +
                               server("outgoing", "smtp", 25, "plain")));
    CHECK(warning_lines(r) == std::vector<std::string>{
                                  "example.com.xml:7: pop3 server uses SSL on port 993; the implicit-TLS port for pop3 is 995",
                                  "example.com.xml:10: imap server uses STARTTLS on port 587; the STARTTLS port for imap is 143",
                                  "example.com.xml:16: smtp server uses SSL on port 587; the implicit-TLS port for smtp is 465",
                                  "example.com.xml:19: smtp server uses SSL on port 586; the implicit-TLS port for smtp is 465",
                                  "example.com.xml:22: smtp server uses STARTTLS on port 25 (server-to-server relay); the "
                                  "submission port is 587",
                              });
    REQUIRE(r.providers[0].incoming.size() == 3);
    CHECK(r.providers[0].incoming[0].port == 993);
    CHECK(r.providers[0].incoming[0].security == core::Security::Tls);
    CHECK(r.providers[0].outgoing[2].port == 25);
  }

  TEST_CASE("placeholder typos and unknown placeholders are reported and kept") {
    auto r = import_one("example.com.xml",
                        ispdb_config("<domain>example.com</domain>\n<incomingServer type=\"imap\">\n"
                               "<hostname>%EMAILDOMAIN%</hostname><port>993</port><socketType>SSL</socketType>\n"
                               "<username>%EMAILADDRESS</username>\n</incomingServer>\n"
                               "<outgoingServer type=\"smtp\">\n<hostname>smtp.%DOMAIN%</hostname><port>465</port>"
                               "<socketType>SSL</socketType>\n<username>%EMAILLOCALPART%.%EMAILDOMAIN%</username>\n"
                               "</outgoingServer>\n"));
    CHECK(warning_lines(r) == std::vector<std::string>{
                                  "example.com.xml:7: username \"%EMAILADDRESS\" has an unterminated placeholder (kept as written)",
                                  "example.com.xml:10: hostname \"smtp.%DOMAIN%\" uses the unknown placeholder %DOMAIN%",
                              });
    CHECK(r.providers[0].incoming[0].username == "%EMAILADDRESS");
    CHECK(r.providers[0].incoming[0].hostname == "%EMAILDOMAIN%");
    CHECK(r.providers[0].outgoing[0].username == "%EMAILLOCALPART%.%EMAILDOMAIN%");
  }

  TEST_CASE("id, displayNameShort, duplicate domains and unknown elements are reported") {
    auto r = import_one("example.com.xml",
                        ispdb_config("<domain>example.com</domain>\n<domain>EXAMPLE.com</domain>\n"
                               "<displayNameShort>Ex</displayNameShort>\n<frobnicate/>\n<domain> </domain>\n",
                               "example.net"));
    CHECK(warning_lines(r) == std::vector<std::string>{
                                  "example.com.xml:3: emailProvider id \"example.net\" differs from the file name \"example.com\"",
                                  "example.com.xml:5: domain \"example.com\" is listed twice in this file (kept once)",
                                  "example.com.xml:6: unknown element <displayNameShort> ignored (a typo for <displayShortName>?)",
                                  "example.com.xml:7: unknown element <frobnicate> ignored",
                                  "example.com.xml:8: empty <domain> ignored",
                              });
    CHECK(r.providers[0].domains == std::vector<std::string>{"example.com"});
    CHECK(r.providers[0].name == "example.net");
  }

  TEST_CASE("url-only servers and the legacy exchange element are kept and reported") {
    auto r = import_one("example.com.xml",
                        ispdb_config("<domain>example.com</domain>\n<incomingServer type=\"ews\">\n"
                               "<url>https://mail.example.com/ews/exchange.asmx</url><authentication>OAuth2</authentication>\n"
                               "</incomingServer>\n<incomingServer type=\"exchange\">\n<hostname>mail.example.com</hostname>"
                               "<port>443</port><socketType>SSL</socketType>\n"
                               "<ewsURL>https://mail.example.com/ews/exchange.asmx</ewsURL>\n</incomingServer>\n"));
    CHECK(warning_lines(r) == std::vector<std::string>{
                                  "example.com.xml:5: incoming ews server has only a <url>, no hostname, port or socketType",
                                  "example.com.xml:8: legacy incoming server type \"exchange\" (owaURL/ewsURL) kept as listed",
                              });
    REQUIRE(r.providers[0].incoming.size() == 2);
    CHECK(r.providers[0].incoming[0].protocol == core::Protocol::Ews);
    CHECK(r.providers[0].incoming[0].security == core::Security::Tls);
    CHECK(r.providers[0].incoming[0].auths == std::vector<core::Auth>{core::Auth::OAuth2});
    CHECK(r.providers[0].incoming[1].protocol == core::Protocol::Exchange);
    CHECK(r.providers[0].incoming[1].url == "https://mail.example.com/ews/exchange.asmx");
  }

  TEST_CASE("missing or invalid server values and unknown enumerations are reported") {
    auto r = import_one("example.com.xml",
                        ispdb_config("<domain>example.com</domain>\n<incomingServer type=\"imap\">\n"
                               "<hostname>imap.example.com</hostname>\n<port>99999</port>\n<socketType>TLS</socketType>\n"
                               "<authentication>plain</authentication>\n<authentication>magic</authentication>\n"
                               "</incomingServer>\n<incomingServer type=\"carrier-pigeon\">\n</incomingServer>\n"
                               "<outgoingServer type=\"smtp\">\n<hostname>smtp.example.com</hostname><port>465</port>\n"
                               "<socketType>SSL</socketType><socketType>plain</socketType>\n"
                               "<authentication>client-IP-address</authentication>\n</outgoingServer>\n"));
    CHECK(warning_lines(r) == std::vector<std::string>{
                                  "example.com.xml:7: port \"99999\" is not a number in 1..65535",
                                  "example.com.xml:8: unknown socketType \"TLS\"",
                                  "example.com.xml:9: deprecated authentication \"plain\" read as password-cleartext",
                                  "example.com.xml:10: unknown authentication \"magic\"",
                                  "example.com.xml:12: unknown incoming server type \"carrier-pigeon\"",
                                  "example.com.xml:12: incoming carrier-pigeon server has no <hostname>",
                                  "example.com.xml:12: incoming carrier-pigeon server has no <port>",
                                  "example.com.xml:12: incoming carrier-pigeon server has no <socketType> (security unknown)",
                                  "example.com.xml:16: several <socketType> elements; the first (\"SSL\") is used",
                              });
    const auto& imap = r.providers[0].incoming[0];
    CHECK(imap.port == 0);
    CHECK(imap.security == core::Security::Unknown);
    CHECK(imap.auths == std::vector<core::Auth>{core::Auth::PasswordCleartext, core::Auth::Unknown});
    CHECK(r.providers[0].outgoing[0].auths == std::vector<core::Auth>{core::Auth::None});
    CHECK(r.providers[0].outgoing[0].security == core::Security::Tls);
  }

  TEST_CASE("byte-level anomalies are reported: BOM, no declaration, CRLF, invalid UTF-8") {
    auto r = import_one("example.com.xml", "\xEF\xBB\xBF<clientConfig version=\"1.1\">\r\n<emailProvider id=\"example.com\">\r\n"
                                           "<domain>example.com</domain>\r\n<displayName>Ex\xFF</displayName>\r\n"
                                           "</emailProvider></clientConfig>\r\n");
    CHECK(warning_lines(r) == std::vector<std::string>{
                                  "example.com.xml:1: starts with a UTF-8 byte-order mark",
                                  "example.com.xml:4: invalid UTF-8 (byte offset 112)",
                                  "example.com.xml:1: no <?xml?> declaration",
                                  "example.com.xml: CRLF line endings",
                              });
    REQUIRE(r.providers.size() == 1);
    CHECK(r.providers[0].domains == std::vector<std::string>{"example.com"});
  }

  TEST_CASE("a domain already held by an earlier file stays there") {
    testutil::write_bytes("in/a.example.xml", ispdb_config("<domain>shared.example</domain><domain>a.example</domain>\n", "a.example"));
    testutil::write_bytes("in/b.example.xml", ispdb_config("<domain>b.example</domain><domain>Shared.Example</domain>\n", "b.example"));
    auto r = import_ispdb({fs::path("in")});
    CHECK(warning_lines(r) ==
          std::vector<std::string>{"b.example.xml: domain \"shared.example\" is already provided by " +
                                   testutil::native("in/a.example.xml") + " (kept there)"});
    REQUIRE(r.providers.size() == 2);
    CHECK(r.providers[0].domains == std::vector<std::string>{"shared.example", "a.example"});
    CHECK(r.providers[1].domains == std::vector<std::string>{"b.example"});
  }

  TEST_CASE("malformed XML gives one error line with line and column, and the rest still imports") {
    testutil::write_bytes("in/good.example.xml", ispdb_config("<domain>good.example</domain>\n", "good.example"));
    testutil::write_bytes("in/bad.example.xml", "<?xml version=\"1.0\"?>\n<clientConfig>\n  <emailProvider id=\"x\">\n"
                                                "    <domain>bad.example</domian>\n</emailProvider></clientConfig>\n");
    testutil::write_bytes("in/truncated.example.xml", "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\">\n"
                                                      "<emailProvider id=\"truncated.example\">\n<domain>truncated.example</domain>\n");
    testutil::write_bytes("in/binary.example.xml", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    testutil::write_bytes("in/empty.example.xml", "");
    testutil::write_bytes("in/notisp.example.xml", "<html><body/></html>");
    testutil::write_bytes("in/noprovider.example.xml", "<clientConfig version=\"1.1\">\n</clientConfig>");
    testutil::write_bytes("in/README.md", "not xml, not imported");
    auto r = import_ispdb({fs::path("in")});
    CHECK(error_lines(r) == std::vector<std::string>{
                                "bad.example.xml:4:26: malformed XML: Start-end tags mismatch",
                                "binary.example.xml: binary data (NUL byte at offset 8), not XML",
                                "empty.example.xml: empty file, not XML",
                                "noprovider.example.xml:1: no <emailProvider> element",
                                "notisp.example.xml:1: root element is <html>, not <clientConfig>",
                                "truncated.example.xml:4:35: malformed XML: Start-end tags mismatch",
                            });
    REQUIRE(r.providers.size() == 1);
    CHECK(r.providers[0].id == "good.example");
    CHECK(r.files_read == 1);
  }

  TEST_CASE("a missing input is an error naming it") {
    auto r = import_ispdb({fs::path("no-such-folder")});
    CHECK(error_lines(r) == std::vector<std::string>{"no-such-folder: no such file or folder"});
    CHECK(r.providers.empty());
  }

  TEST_CASE("deeply nested and oversized input does not crash") {
    std::string deep = "<clientConfig><emailProvider id=\"x\"><domain>deep.example</domain>";
    for (int i = 0; i < 100000; ++i) deep += "<a>";
    testutil::write_bytes("deep.example.xml", deep);
    auto r = import_ispdb({fs::path("deep.example.xml")});
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].reason == "malformed XML: Start-end tags mismatch");
    testutil::write_bytes("big.example.xml", std::string(9u * 1024u * 1024u, ' '));
    auto big = import_ispdb({fs::path("big.example.xml")});
    CHECK(error_lines(big) == std::vector<std::string>{"big.example.xml: larger than 8 MB, refused"});
  }

  TEST_CASE("an import warning formats as file:line: reason") {
    CHECK(providers::ImportIssue{"a.xml", 3, "bad", 0}.text() == "a.xml:3: bad");
    CHECK(providers::ImportIssue{"a.xml", 3, "bad", 7}.text() == "a.xml:3:7: bad");
    CHECK(providers::ImportIssue{"a.xml", 0, "bad", 0}.text() == "a.xml: bad");
    CHECK(providers::ImportIssue::from_text("a.xml", "a.xml:4:33: malformed XML: x") == providers::ImportIssue{"a.xml", 4, "malformed XML: x", 33});
  }
}
