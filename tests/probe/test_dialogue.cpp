// The probe's reply framers and capability parsers on real transcripts (Dovecot 2.3, Gmail,
// Microsoft 365, Postfix, aiosmtpd) and on what hostile servers send.
#include <doctest/doctest.h>

#include <string>

#include "probe/dialogue.hpp"

using namespace probe;

namespace {

Reply complete(const Framed& f) {
  REQUIRE_MESSAGE(f.ok(), (f.ok() ? std::string() : f.error().message));
  REQUIRE(f->has_value());
  return **f;
}

std::string error_of(const Framed& f) {
  REQUIRE_FALSE(f.ok());
  return f.error().message;
}

}  // namespace

TEST_SUITE("probe dialogue") {
  TEST_CASE("IMAP greeting of Dovecot before TLS: capabilities from the response code, LOGINDISABLED") {
    std::string bytes =
        "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS LOGINDISABLED] "
        "Dovecot (Debian) ready.\r\n";
    Reply r = complete(frame_imap(bytes, ""));
    CHECK(r.consumed == bytes.size());
    CHECK(r.lines.size() == 1);
    Capabilities c = imap_capabilities(r);
    CHECK(c.items == std::vector<std::string>{"IMAP4REV1", "SASL-IR", "LOGIN-REFERRALS", "ID", "ENABLE", "IDLE",
                                              "LITERAL+", "STARTTLS", "LOGINDISABLED"});
    CHECK(c.starttls);
    CHECK(c.login_disabled);
    CHECK(c.auth_mechanisms.empty());
  }

  TEST_CASE("IMAP CAPABILITY reply: untagged lines up to our tag, mechanisms from AUTH=, the rest kept") {
    std::string bytes =
        "* CAPABILITY IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST CHILDREN X-GM-EXT-1 XYZZY SASL-IR "
        "AUTH=XOAUTH2 AUTH=PLAIN AUTH=PLAIN-CLIENTTOKEN AUTH=OAUTHBEARER\r\n"
        "a1 OK Thats all she wrote! ll22mb40823491ejb\r\n"
        "* BYE extra";
    Reply r = complete(frame_imap(bytes, "a1"));
    CHECK(r.lines.size() == 2);
    CHECK(bytes.substr(r.consumed) == "* BYE extra");
    Capabilities c = imap_capabilities(r);
    CHECK(c.auth_mechanisms == std::vector<std::string>{"XOAUTH2", "PLAIN", "PLAIN-CLIENTTOKEN", "OAUTHBEARER"});
    CHECK_FALSE(c.starttls);
    CHECK_FALSE(c.login_disabled);
    CHECK(imap_status(r.lines.back()).status == "OK");
  }

  TEST_CASE("IMAP: an unfinished reply asks for more bytes; a tag prefix is not the tag") {
    auto f = frame_imap("* CAPABILITY IMAP4rev1\r\na1 OK do", "a1");
    REQUIRE(f.ok());
    CHECK_FALSE(f->has_value());
    auto g = frame_imap("a10 OK not ours\r\n", "a1");
    REQUIRE(g.ok());
    CHECK_FALSE(g->has_value());
  }

  TEST_CASE("IMAP status lines: response codes and texts as servers send them") {
    auto s = imap_status("a3 NO [AUTHENTICATIONFAILED] Authentication failed.");
    CHECK(s.tag == "a3");
    CHECK(s.status == "NO");
    CHECK(s.code == "AUTHENTICATIONFAILED");
    CHECK(s.text == "Authentication failed.");
    auto l = imap_status("a2 NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.");
    CHECK(l.code == "PRIVACYREQUIRED");
    auto o = imap_status("a1 ok [CAPABILITY IMAP4rev1 AUTH=PLAIN] Logged in");
    CHECK(o.status == "OK");
    CHECK(o.code == "CAPABILITY");
    CHECK(o.text == "Logged in");
    auto plus = imap_status("+ ");
    CHECK(plus.tag == "+");
    CHECK(plus.status.empty());
    CHECK(imap_status("a4 BAD").status == "BAD");
  }

  TEST_CASE("IMAP: a continuation request or BYE ends the reply") {
    CHECK(complete(frame_imap("+ \r\n", "a2")).lines == std::vector<std::string>{"+ "});
    CHECK(complete(frame_imap("* BYE Too many invalid commands\r\n", "a2")).lines.size() == 1);
  }

  TEST_CASE("POP3 CAPA of Dovecot before STLS: empty SASL (plaintext refused), STLS") {
    std::string bytes = "+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\nSTLS\r\nUSER\r\nSASL\r\n.\r\n";
    Reply r = complete(frame_pop3_multiline(bytes));
    CHECK(r.consumed == bytes.size());
    Capabilities c = pop3_capabilities(r);
    CHECK(c.items ==
          std::vector<std::string>{"CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "STLS", "USER", "SASL"});
    CHECK(c.starttls);
    CHECK(c.sasl_listed);
    CHECK(c.auth_mechanisms.empty());
  }

  TEST_CASE("POP3 CAPA after TLS: SASL mechanisms, dot-stuffing undone, -ERR ends at its line") {
    Reply r = complete(frame_pop3_multiline("+OK Capability list follows\r\nSASL PLAIN login XOAUTH2\r\n..odd\r\n.\r\n"));
    Capabilities c = pop3_capabilities(r);
    CHECK(c.auth_mechanisms == std::vector<std::string>{"PLAIN", "LOGIN", "XOAUTH2"});
    CHECK(r.lines.back() == ".odd");
    Reply e = complete(frame_pop3_multiline("-ERR unknown command\r\nTOP\r\n"));
    CHECK(e.lines.size() == 1);
    CHECK(pop3_capabilities(e).items.empty());
    auto more = frame_pop3_multiline("+OK\r\nTOP\r\n");
    REQUIRE(more.ok());
    CHECK_FALSE(more->has_value());
  }

  TEST_CASE("POP3 status lines") {
    CHECK(pop3_ok("+OK Dovecot (Debian) ready."));
    CHECK(pop3_ok("+ok"));
    CHECK_FALSE(pop3_ok("+OKAY"));
    CHECK_FALSE(pop3_ok("-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections."));
    CHECK(complete(frame_pop3_line("+OK Begin TLS negotiation now.\r\n")).lines.size() == 1);
  }

  TEST_CASE("SMTP multi-line greeting and Gmail's EHLO before TLS: SIZE, STARTTLS, no AUTH") {
    Reply g = complete(frame_smtp("220-mail.example.net ESMTP\r\n220 no UCE\r\n"));
    CHECK(g.lines.size() == 2);
    CHECK(smtp_status(g).code == 220);
    std::string ehlo =
        "250-smtp.gmail.com at your service, [203.0.113.9]\r\n250-SIZE 35882577\r\n250-8BITMIME\r\n250-STARTTLS\r\n"
        "250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 SMTPUTF8\r\n";
    Reply r = complete(frame_smtp(ehlo));
    CHECK(r.consumed == ehlo.size());
    Capabilities c = smtp_capabilities(r);
    CHECK(c.starttls);
    CHECK(c.max_size == 35882577);
    CHECK(c.auth_mechanisms.empty());
    CHECK(c.items == std::vector<std::string>{"SIZE 35882577", "8BITMIME", "STARTTLS", "ENHANCEDSTATUSCODES", "PIPELINING",
                                              "CHUNKING", "SMTPUTF8"});
  }

  TEST_CASE("SMTP EHLO after TLS: AUTH with XOAUTH2/OAUTHBEARER, the old AUTH= form, SIZE without a number") {
    Reply r = complete(frame_smtp(
        "250-smtp.office365.com Hello [203.0.113.9]\r\n250-SIZE\r\n250-AUTH LOGIN XOAUTH2\r\n250-AUTH=LOGIN PLAIN\r\n"
        "250-auth oauthbearer\r\n250 8BITMIME\r\n"));
    Capabilities c = smtp_capabilities(r);
    CHECK(c.auth_mechanisms == std::vector<std::string>{"LOGIN", "XOAUTH2", "PLAIN", "OAUTHBEARER"});
    CHECK_FALSE(c.max_size.has_value());
    CHECK_FALSE(c.starttls);
  }

  TEST_CASE("SMTP status: enhanced codes of Gmail's 534 5.7.9, 535 5.7.8 and aiosmtpd's 530") {
    Reply app = complete(frame_smtp(
        "534-5.7.9 Application-specific password required. Learn more at\r\n"
        "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor d2sm1234567wrc.1 - gsmtp\r\n"));
    auto s = smtp_status(app);
    CHECK(s.code == 534);
    CHECK(s.enhanced == "5.7.9");
    CHECK(s.text == "https://support.google.com/mail/?p=InvalidSecondFactor d2sm1234567wrc.1 - gsmtp");
    auto bad = smtp_status(complete(frame_smtp("535 5.7.8 Username and Password not accepted.\r\n")));
    CHECK(bad.code == 535);
    CHECK(bad.enhanced == "5.7.8");
    auto tls = smtp_status(complete(frame_smtp("530 Must issue a STARTTLS command first\r\n")));
    CHECK(tls.code == 530);
    CHECK(tls.enhanced.empty());
    CHECK(tls.text == "Must issue a STARTTLS command first");
    CHECK(smtp_status(complete(frame_smtp("250\r\n"))).code == 250);
  }

  TEST_CASE("SMTP: a line that is no reply line is an error naming it; an unfinished reply asks for more") {
    CHECK(error_of(frame_smtp("* OK IMAP4rev1 ready\r\n")) == "SMTP reply: unexpected line \"* OK IMAP4rev1 ready\"");
    CHECK(error_of(frame_smtp("250-a\r\n25x b\r\n")) == "SMTP reply: unexpected line \"25x b\"");
    auto f = frame_smtp("250-a\r\n250-b\r\n");
    REQUIRE(f.ok());
    CHECK_FALSE(f->has_value());
  }

  TEST_CASE("Limits: an endless line, too many lines and too many bytes end the reply with an error") {
    Limits small{16, 3, 40};
    CHECK(error_of(frame_imap(std::string(17, 'x'), "", small)) == "IMAP reply: a line longer than 16 bytes");
    CHECK(error_of(frame_imap(std::string(17, 'x') + "\r\n", "", small)) == "IMAP reply: a line longer than 16 bytes");
    // 16 bytes plus CRLF is allowed; a bare LF ends a line too.
    CHECK(complete(frame_imap(std::string(16, 'x') + "\r\n", "", small)).lines.front().size() == 16);
    CHECK(complete(frame_imap("* OK hi\n", "", small)).lines.front() == "* OK hi");
    CHECK(error_of(frame_smtp("250-a\r\n250-b\r\n250-c\r\n250 d\r\n", small)) == "SMTP reply: more than 3 lines");
    Limits bytes_only{16, 10, 40};
    auto within = frame_pop3_multiline("+OK\r\n0123456789abcd\r\n0123456789abcd\r\n", bytes_only);  // 37 bytes
    REQUIRE(within.ok());
    CHECK_FALSE(within->has_value());
    CHECK(error_of(frame_pop3_multiline("+OK\r\n0123456789abcd\r\n0123456789abcd\r\n0123", bytes_only)) ==
          "POP3 reply: longer than 40 bytes");
    // The default limits: 8 KiB lines, 1000 lines, 1 MiB.
    std::string capability = "* CAPABILITY";
    while (capability.size() < 8 * 1024 + 10) capability += " X";
    CHECK(error_of(frame_imap(capability, "a1")) == "IMAP reply: a line longer than 8192 bytes");
    std::string many;
    for (int i = 0; i < 1001; ++i) many += "250-X\r\n";
    CHECK(error_of(frame_smtp(many)) == "SMTP reply: more than 1000 lines");
  }

  TEST_CASE("Binary garbage before a greeting is kept as an (escaped) line, not a crash") {
    std::string garbage("\x16\x03\x01\x00\x05\x02\x00\r\n", 9);
    Reply r = complete(frame_imap(garbage, ""));
    CHECK(r.lines.front().size() == 7);
    CHECK(imap_capabilities(r).items.empty());
    CHECK(error_of(frame_smtp(garbage)).starts_with("SMTP reply: unexpected line \"\\x16\\x03"));
  }

  TEST_CASE("base64 and IMAP quoted strings for the login") {
    CHECK(base64(std::string("\0user\0pass", 10)) == "AHVzZXIAcGFzcw==");
    CHECK(base64("ab") == "YWI=");
    CHECK(base64("") == "");
    std::string out = "LOGIN ";
    CHECK(append_imap_quoted(out, "a\"b\\c"));
    CHECK(out == "LOGIN \"a\\\"b\\\\c\"");
    std::string refused = "x";
    CHECK_FALSE(append_imap_quoted(refused, "a\r\nb"));
    CHECK(refused == "x");
  }
}
