#include <doctest/doctest.h>

#include "adapters/outlook/hosts.hpp"

using namespace adapters::outlook;

TEST_SUITE("hosts") {
  TEST_CASE("Microsoft mail hosts are matched on whole labels") {
    CHECK(is_microsoft_mail_host("outlook.office365.com"));
    CHECK(is_microsoft_mail_host("SMTP.Office365.com."));
    CHECK(is_microsoft_mail_host("imap-mail.outlook.com"));
    CHECK(is_microsoft_mail_host("pop3.live.com"));
    CHECK(is_microsoft_mail_host("pop3.email.hotmail.com"));
    CHECK_FALSE(is_microsoft_mail_host("notoutlook.com"));
    CHECK_FALSE(is_microsoft_mail_host("outlook.com.example.org"));
    CHECK_FALSE(is_microsoft_mail_host(""));
  }

  TEST_CASE("Microsoft consumer domains are outlook.*, hotmail.*, live.*, msn.com") {
    CHECK(is_microsoft_consumer_domain("outlook.com"));
    CHECK(is_microsoft_consumer_domain("hotmail.co.uk"));
    CHECK(is_microsoft_consumer_domain("Live.de"));
    CHECK(is_microsoft_consumer_domain("msn.com"));
    CHECK_FALSE(is_microsoft_consumer_domain("outlook"));
    CHECK_FALSE(is_microsoft_consumer_domain("example.com"));
    CHECK_FALSE(is_microsoft_consumer_domain("myoutlook.com"));
  }

  TEST_CASE("public providers are matched by host or domain suffix") {
    CHECK(is_public_provider("imap.gmail.com"));
    CHECK(is_public_provider("smtp.mail.yahoo.com"));
    CHECK(is_public_provider("gmx.net"));
    CHECK(is_public_provider("smtp.office365.com"));
    CHECK_FALSE(is_public_provider("mail.example.com"));
    CHECK_FALSE(is_public_provider("gmail.com.example.net"));
  }
}
