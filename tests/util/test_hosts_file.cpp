#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "util/hosts_file.hpp"
#include "util/ip_address.hpp"

namespace {

std::vector<util::HostsMapping> mappings_of(const util::HostsFile& file, std::string_view host) {
  const auto* found = file.find(host);
  return found ? *found : std::vector<util::HostsMapping>{};
}

// A hosts file as admins leave them: comments, tabs, aliases, IPv6, CRLF (Windows), a BOM (Notepad).
constexpr std::string_view kRealistic =
    "\xEF\xBB\xBF# Copyright (c) 1993-2009 Microsoft Corp.\r\n"
    "#\r\n"
    "127.0.0.1       localhost\r\n"
    "::1             localhost ip6-localhost ip6-loopback\r\n"
    "\r\n"
    "# migration to the new mail server, 2024 -- remove afterwards\r\n"
    "10.20.30.40\tmail.example.com\tIMAP.Example.com.   smtp.example.com # old cluster\r\n"
    "   fe80::1%eth0 imap.gmail.com\r\n"
    "2001:db8::25 smtp.gmail.com\r\n"
    "imap.example.org 10.0.0.1\r\n"  // the wrong way round: the resolvers ignore it
    "0.0.0.0 ads.example.net\r\n"
    "10.20.30.41 imap.example.com\r\n";  // a second line for the same name: the first wins

}  // namespace

TEST_SUITE("util hosts file") {
  TEST_CASE("a realistic hosts file: comments, tabs, aliases, IPv6 with a zone, CRLF, a BOM") {
    auto parsed = util::parse_hosts(kRealistic);
    REQUIRE(parsed);
    CHECK(parsed->lines == 12);
    CHECK(mappings_of(*parsed, "mail.example.com") == std::vector<util::HostsMapping>{{"10.20.30.40", 7}});
    CHECK(mappings_of(*parsed, "imap.example.com") ==
          std::vector<util::HostsMapping>{{"10.20.30.40", 7}, {"10.20.30.41", 12}});
    CHECK(mappings_of(*parsed, "IMAP.EXAMPLE.COM.") == mappings_of(*parsed, "imap.example.com"));
    CHECK(mappings_of(*parsed, "smtp.example.com") == std::vector<util::HostsMapping>{{"10.20.30.40", 7}});
    CHECK(mappings_of(*parsed, "imap.gmail.com") == std::vector<util::HostsMapping>{{"fe80::1%eth0", 8}});
    CHECK(mappings_of(*parsed, "smtp.gmail.com") == std::vector<util::HostsMapping>{{"2001:db8::25", 9}});
    CHECK(mappings_of(*parsed, "old").empty());      // a word of a comment is no name
    CHECK(mappings_of(*parsed, "cluster").empty());
    CHECK(mappings_of(*parsed, "10.0.0.1").empty());  // the reversed line maps nothing
    CHECK(parsed->ignored_lines == 1);
    CHECK(parsed->first_ignored_line == 10);
    CHECK(mappings_of(*parsed, "localhost") ==
          std::vector<util::HostsMapping>{{"127.0.0.1", 3}, {"::1", 4}});
  }

  TEST_CASE("LF, CR-only and no final newline are all lines; a '#' right after a name ends it") {
    auto parsed = util::parse_hosts("10.0.0.1 a.example#comment\n10.0.0.2 b.example");
    REQUIRE(parsed);
    CHECK(mappings_of(*parsed, "a.example") == std::vector<util::HostsMapping>{{"10.0.0.1", 1}});
    CHECK(mappings_of(*parsed, "b.example") == std::vector<util::HostsMapping>{{"10.0.0.2", 2}});
    CHECK(parsed->lines == 2);
  }

  TEST_CASE("keep chooses the names kept; the rest cost nothing") {
    auto parsed = util::parse_hosts(kRealistic, [](std::string_view name) { return name == "smtp.gmail.com"; });
    REQUIRE(parsed);
    CHECK(parsed->names.size() == 1);
    CHECK(mappings_of(*parsed, "smtp.gmail.com").size() == 1);
    CHECK(mappings_of(*parsed, "mail.example.com").empty());
  }

  TEST_CASE("hostile input stays bounded: too big is an error, a name is kept 8 times, names are capped") {
    auto big = util::parse_hosts(std::string(util::kMaxHostsFileBytes + 1, ' '));
    REQUIRE_FALSE(big);
    CHECK(big.error().message == "larger than 32 MB, refused");

    std::string repeated;
    for (int i = 0; i < 1000; ++i) repeated += "10.0.0.1 same.example\n";
    auto same = util::parse_hosts(repeated);
    REQUIRE(same);
    CHECK(mappings_of(*same, "same.example").size() == util::kMaxMappingsPerName);

    std::string many = "10.0.0.1";
    for (std::size_t i = 0; i < util::kMaxHostsNames + 10; ++i) many += " n" + std::to_string(i);
    auto capped = util::parse_hosts(many);
    REQUIRE(capped);
    CHECK(capped->names.size() == util::kMaxHostsNames);
    CHECK(capped->names_capped);

    auto binary = util::parse_hosts(std::string("10.0.0.1 a\0b\n\xff\xfe 1.2.3.4\n", 23));
    REQUIRE(binary);
    CHECK(binary->names.size() == 1);  // the name with a NUL is kept as written; it matches no real host
    CHECK(binary->ignored_lines == 1);
  }

  TEST_CASE("read_hosts_file names the file in its errors") {
    auto missing = util::read_hosts_file("no-such-hosts");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.find("no-such-hosts") != std::string::npos);
    std::ofstream("hosts", std::ios::binary) << "192.168.1.9 imap.example.com\n";
    auto read = util::read_hosts_file("hosts");
    REQUIRE(read);
    CHECK(mappings_of(*read, "imap.example.com") == std::vector<util::HostsMapping>{{"192.168.1.9", 1}});
  }

  TEST_CASE("the system hosts file is the platform's") {
    const std::string path = util::system_hosts_file().string();
    const bool known = path == "/etc/hosts" || path == "/private/etc/hosts" ||
                       path.ends_with("\\System32\\drivers\\etc\\hosts");
    CHECK_MESSAGE(known, path);
  }
}

TEST_SUITE("util ip address") {
  TEST_CASE("IPv4 is strict dotted quad") {
    CHECK(util::parse_ip_address("10.20.30.40"));
    CHECK(util::parse_ip_address("0.0.0.0"));
    for (const char* bad : {"10.20.30", "10.20.30.256", "010.1.1.1", "1.2.3.4.", "1..2.3", "a.b.c.d", "", "1.2.3.4 "}) {
      INFO(bad);
      CHECK_FALSE(util::parse_ip_address(bad));
    }
  }

  TEST_CASE("IPv6 with ::, an IPv4 tail and a zone") {
    auto a = util::parse_ip_address("2001:db8::25");
    REQUIRE(a);
    CHECK(a->family == util::IpAddress::Family::V6);
    CHECK(a->bytes[0] == 0x20);
    CHECK(a->bytes[1] == 0x01);
    CHECK(a->bytes[15] == 0x25);
    for (const char* good : {"::", "::1", "fe80::1%eth0", "::ffff:127.0.0.1", "1:2:3:4:5:6:7:8", "1::", "1:2:3:4:5:6:1.2.3.4"}) {
      INFO(good);
      CHECK(util::parse_ip_address(good));
    }
    for (const char* bad : {":::", "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::", "1:", "12345::", "g::1", "fe80::1%",
                            "1:2:3:4:5:6:7:8::", "::1.2.3.4:5"}) {
      INFO(bad);
      CHECK_FALSE(util::parse_ip_address(bad));
    }
  }

  TEST_CASE("loopback, private and unspecified addresses") {
    auto kind = [](const char* text) {
      auto a = util::parse_ip_address(text);
      REQUIRE(a);
      return std::string(util::is_loopback(*a) ? "loopback" : util::is_private(*a) ? "private"
                                                              : util::is_unspecified(*a) ? "unspecified" : "public");
    };
    CHECK(kind("127.0.0.1") == "loopback");
    CHECK(kind("127.45.1.2") == "loopback");
    CHECK(kind("::1") == "loopback");
    CHECK(kind("::ffff:127.0.0.1") == "loopback");
    CHECK(kind("10.1.2.3") == "private");
    CHECK(kind("172.16.0.1") == "private");
    CHECK(kind("172.31.255.255") == "private");
    CHECK(kind("172.32.0.1") == "public");
    CHECK(kind("192.168.0.10") == "private");
    CHECK(kind("100.64.0.1") == "private");
    CHECK(kind("169.254.1.1") == "private");
    CHECK(kind("fd12::1") == "private");
    CHECK(kind("fe80::1%eth0") == "private");
    CHECK(kind("0.0.0.0") == "unspecified");
    CHECK(kind("::") == "unspecified");
    CHECK(kind("8.8.8.8") == "public");
    CHECK(kind("2001:db8::1") == "public");
  }
}
