#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <sstream>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "adapters/apple/adapter.hpp"
#include "adapters/apple/profile.hpp"
#include "adapters/apple/signed_profile.hpp"
#include "apple_test_helpers.hpp"
#include "cms_builder.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using namespace adapters::apple;
using namespace cms_test;

namespace {


std::string error_of(std::string_view cms) {
  auto r = embedded_plist(cms);
  return r ? "(no error)" : r.error().message;
}

std::string origin_text(const core::Origin& o) {
  return o.file + "|" + o.key + "|" + std::to_string(o.line) + (o.is_default ? "|default" : "");
}

template <class T>
std::string value_text(const core::Value<T>& v) {
  std::ostringstream s;
  if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, int>)
    s << v.value;
  else
    s << core::to_string(v.value);
  return s.str() + " @" + origin_text(v.origin);
}

std::string endpoint_text(const std::optional<core::Endpoint>& e) {
  if (!e) return "none";
  return std::string(core::to_string(e->protocol)) + " host=" + value_text(e->host) + " port=" + value_text(e->port) +
         " security=" + value_text(e->security) + " auth=" + value_text(e->auth) + " user=" + value_text(e->username);
}

// Every account and finding field, one line each, to compare two reads.
std::string accounts_and_findings(const core::ReadOutput& out) {
  std::string text;
  for (const auto& a : out.accounts) {
    text += "account " + a.id + " key=" + a.key + " name=" + a.name + " email=" + a.email +
            " managed=" + std::to_string(a.managed) + " in: " + endpoint_text(a.incoming) +
            " out: " + endpoint_text(a.outgoing) + "\n";
  }
  for (const auto& f : out.findings) {
    text += "finding " + f.rule + " " + std::string(core::to_string(f.severity)) + " " + f.account + " " + f.field +
            " actual=" + core::field_value_text(f.actual) + " expected=" + core::field_value_text(f.expected) +
            " fixable=" + std::to_string(f.fixable) + " @" + origin_text(f.origin) + " " + f.message + "\n";
  }
  return text;
}

// broken-providers.mobileconfig with a long first account description of 3-byte UTF-8 characters
// ("€") placed so that bytes 1000 and 2000 fall inside one: a 1000-byte chunking splits them.
std::string profile_with_split_characters() {
  std::string xml = testutil::read_bytes(apple_test::profile_path("broken-providers.mobileconfig"));
  const std::string original = "<string>Gmail</string>";
  std::size_t at = xml.find(original);
  std::string head = "<string>Gmail ";
  std::size_t first_euro = at + head.size();
  while ((1000 - first_euro) % 3 != 1) {
    head += "x";
    ++first_euro;
  }
  std::string euros;
  for (int i = 0; i < 900; ++i) euros += "\xE2\x82\xAC";
  xml.replace(at, original.size(), head + euros + "</string>");
  return xml;
}

bool is_continuation_byte(char c) { return (static_cast<std::uint8_t>(c) & 0xC0) == 0x80; }

const std::string kSmallXml = apple_test::xml_plist("<dict><key>PayloadType</key><string>Configuration</string></dict>\n");

}  // namespace

TEST_SUITE("apple.signed_profile") {
  TEST_CASE("DER content is returned exactly, XML or binary") {
    CHECK(embedded_plist(signed_profile(kSmallXml)).value() == kSmallXml);
    std::string binary = apple_test::to_binary(kSmallXml);
    CHECK(embedded_plist(signed_profile(binary)).value() == binary);
    std::string large(70000, 'a');  // three length bytes (0x83) in every enclosing header
    CHECK(embedded_plist(signed_profile(large)).value() == large);
  }

  TEST_CASE("a plist inside a certificate is never taken for the content") {
    std::string binary = apple_test::to_binary(kSmallXml);
    std::string cms = signed_profile(binary);
    REQUIRE(cms.find("<?xml version=\"1.0\"?><plist><dict/></plist>") != std::string::npos);
    CHECK(embedded_plist(cms).value() == binary);
    CHECK(error_of(signed_data(std::nullopt)) == "detached signature: no embedded content");
  }

  TEST_CASE("BER indefinite lengths with 1000-byte chunks are joined, even inside a UTF-8 character") {
    std::string xml = profile_with_split_characters();
    REQUIRE(xml.size() > 3000);
    REQUIRE(is_continuation_byte(xml[1000]));
    REQUIRE(is_continuation_byte(xml[2000]));
    std::string cms = signed_data(chunked_octets(xml, 1000, Lengths::Indefinite), Lengths::Indefinite);
    REQUIRE(cms.substr(0, 2) == "\x30\x80");
    CHECK(embedded_plist(cms).value() == xml);

    auto plain = read_profile_bytes(xml, "p.mobileconfig");
    auto from_cms = read_profile_bytes(cms, "p.mobileconfig");
    REQUIRE(from_cms.accounts.size() == 2);
    CHECK(from_cms.accounts[0].name.substr(0, 9) == "Gmail xx\xE2");
    CHECK(from_cms.accounts[0].name.size() == 9 + 3 * 899 + 2);
    CHECK(accounts_and_findings(from_cms) == accounts_and_findings(plain));
    CHECK(from_cms.sources[0].message == "signed profile (signature not verified)");
  }

  TEST_CASE("constructed chunks inside constructed chunks, definite and indefinite, are joined in order") {
    std::string inner_indefinite = indefinite(0x24, tlv(0x04, "<plist>") + tlv(0x04, ""));
    std::string inner_definite = tlv(0x24, tlv(0x04, "<dict/>") + indefinite(0x24, tlv(0x04, "</pl")));
    std::string econtent = indefinite(0x24, tlv(0x04, "<?xml?>") + inner_indefinite + inner_definite + tlv(0x04, "ist>"));
    CHECK(embedded_plist(signed_data(econtent, Lengths::Indefinite)).value() == "<?xml?><plist><dict/></plist>");
    CHECK(embedded_plist(signed_data(econtent, Lengths::Definite)).value() == "<?xml?><plist><dict/></plist>");
    CHECK(embedded_plist(signed_data(chunked_octets(kSmallXml, 7, Lengths::Definite))).value() == kSmallXml);
    CHECK(embedded_plist(signed_data(indefinite(0x24, ""), Lengths::Indefinite)).value() == "");
  }

  TEST_CASE("chunks nested four deep are read, five deep are refused") {
    std::string four = tlv(0x04, "abc");
    for (int i = 0; i < 4; ++i) four = indefinite(0x24, four);
    CHECK(embedded_plist(signed_data(four, Lengths::Indefinite)).value() == "abc");
    std::string cms = signed_data(indefinite(0x24, four), Lengths::Indefinite);
    std::size_t fifth = cms.find("\x24\x80") + 8;
    CHECK(error_of(cms) == "eContent chunks nested too deeply at byte " + std::to_string(fifth));
  }

  TEST_CASE("a detached signature has no content, definite or indefinite") {
    CHECK(error_of(signed_data(std::nullopt, Lengths::Definite)) == "detached signature: no embedded content");
    CHECK(error_of(signed_data(std::nullopt, Lengths::Indefinite)) == "detached signature: no embedded content");
  }

  TEST_CASE("an envelopedData profile is encrypted for its recipient") {
    CHECK(error_of(enveloped_data()) == "encrypted profile: cannot be read without the recipient's key");
    auto out = read_profile_bytes(enveloped_data(), "e.mobileconfig");
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Error);
    CHECK(out.sources[0].message == "e.mobileconfig: encrypted profile: cannot be read without the recipient's key");
    CHECK(out.accounts.empty());
  }

  TEST_CASE("other structures are not a CMS SignedData, and say where") {
    CHECK(error_of(tlv(0x30, kIdData + tlv(0xA0, tlv(0x04, "x")))) ==
          "not a CMS SignedData: content type 1.2.840.113549.1.7.1 at byte 2");
    CHECK(error_of(tlv(0x30, tlv(0x02, "\x01"))) == "not a CMS SignedData: expected the contentType OBJECT IDENTIFIER at byte 2");
    CHECK(error_of("<?xml") == "not a CMS SignedData: expected a SEQUENCE at byte 0");
    CHECK(error_of(tlv(0x30, kIdSignedData)) == "not a CMS SignedData: expected the [0] content at byte 13");
    CHECK(error_of(tlv(0x30, kIdSignedData + tlv(0xA0, tlv(0x30, tlv(0x02, "\x01") + tlv(0x30, ""))))) ==
          "not a CMS SignedData: expected the digestAlgorithms SET at byte 20");
    std::string ended = indefinite(0x30, kIdSignedData + indefinite(0xA0, indefinite(0x30, tlv(0x02, "\x01"))));
    CHECK(error_of(ended) == "not a CMS SignedData: expected the digestAlgorithms SET at byte 20");
    std::string tst_info("\x06\x0B\x2A\x86\x48\x86\xF7\x0D\x01\x09\x10\x01\x04", 13);
    std::string cms = tlv(0x30, kIdSignedData + tlv(0xA0, tlv(0x30, tlv(0x02, "\x03") + tlv(0x31, "") +
                                                                        tlv(0x30, tst_info + tlv(0xA0, tlv(0x04, "x"))))));
    CHECK(error_of(cms) == "not a CMS SignedData: eContentType 1.2.840.113549.1.9.16.1.4 at byte 24 is not data "
                           "(1.2.840.113549.1.7.1)");
    std::string utf8_string = signed_data(tlv(0x0C, "<plist/>"));
    CHECK(error_of(utf8_string) == "not a CMS SignedData: expected an eContent OCTET STRING chunk at byte " +
                                       std::to_string(utf8_string.find(tlv(0x0C, "<plist/>"))));
    std::string primitive_indefinite = signed_data(std::string("\x04\x80", 2) + kEndOfContents, Lengths::Indefinite);
    CHECK(error_of(primitive_indefinite) == "indefinite length on a primitive element at byte " +
                                               std::to_string(primitive_indefinite.find("\x04\x80")));
  }

  TEST_CASE("a message cut at any byte is an error naming that byte, DER or BER") {
    for (Lengths lengths : {Lengths::Definite, Lengths::Indefinite}) {
      std::string cms = signed_data(chunked_octets(kSmallXml, 40, lengths), lengths);
      REQUIRE(embedded_plist(cms).value() == kSmallXml);
      for (std::size_t cut = 0; cut < cms.size(); ++cut) {
        std::string prefix = cms.substr(0, cut);
        auto r = embedded_plist(prefix);
        INFO("cut at " << cut);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.rfind("truncated at byte " + std::to_string(cut) + " (", 0) == 0);
      }
    }
    CHECK(error_of("") == "truncated at byte 0 (element at byte 0 is incomplete)");
    CHECK(error_of("\x30\x80") == "truncated at byte 2 (element at byte 2 is incomplete)");
  }

  TEST_CASE("lengths larger than the input or than their enclosing element are refused") {
    CHECK(error_of(std::string("\x30\x84\x7F\xFF\xFF\xFF", 6) + kIdSignedData) ==
          "truncated at byte 17 (element at byte 0 declares 2147483647 bytes)");
    CHECK(error_of(std::string("\x30\x88\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 10) + kIdSignedData) ==
          "truncated at byte 21 (element at byte 0 declares 18446744073709551615 bytes)");
    CHECK(error_of(std::string("\x30\x89\x00\x00\x00\x00\x00\x00\x00\x00\x05", 11)) == "length of 9 bytes at byte 0");
    CHECK(error_of(std::string("\x30\xFF", 2)) == "length of 127 bytes at byte 0");
    std::string huge("\x04\x88\x7F\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 10);  // inside a [0] of 10 bytes
    std::string cms = signed_data(huge);
    std::size_t octets = cms.find(huge);
    CHECK(error_of(cms) == "element at byte " + std::to_string(octets) +
                               " declares 9223372036854775807 bytes, past the end of the element holding it at byte " +
                               std::to_string(octets + 10));
    std::string cut_header = signed_data(huge.substr(0, 5));
    CHECK(error_of(cut_header) == "element at byte " + std::to_string(cut_header.find(huge.substr(0, 5))) +
                                      " is incomplete, past the end of the element holding it at byte " +
                                      std::to_string(cut_header.find(huge.substr(0, 5)) + 5));
  }

  TEST_CASE("0x84 and 0x88 long-form lengths are read like short ones") {
    std::string content = kSmallXml;
    std::string octets4 = byte(0x04) + long_length(content.size(), 4) + content;
    std::string octets8 = byte(0x04) + long_length(content.size(), 8) + content;
    CHECK(embedded_plist(signed_data(octets4)).value() == content);
    CHECK(embedded_plist(signed_data(octets8)).value() == content);
    CHECK(embedded_plist(signed_data(byte(0x24) + long_length(octets8.size(), 8) + octets8)).value() == content);
    std::string der = signed_data(octets8);
    REQUIRE(der.substr(0, 2) == "\x30\x82");  // rewrite the outer header with eight length bytes
    std::string inner = der.substr(4);
    std::string outer = byte(0x30) + long_length(inner.size(), 8) + inner;
    CHECK(embedded_plist(outer).value() == content);
  }

  TEST_CASE("thousands of nested indefinite lengths are refused at a fixed depth, without recursion") {
    std::string bomb;
    for (int i = 0; i < 5000; ++i) bomb += "\x30\x80";
    CHECK(error_of(bomb) == "not a CMS SignedData: expected the contentType OBJECT IDENTIFIER at byte 2");

    std::string head = indefinite(0x30, kIdSignedData + indefinite(0xA0, indefinite(0x30, tlv(0x02, "\x01"))));
    head = head.substr(0, head.size() - 6);  // reopen the SignedData after its version
    std::size_t set = head.size();
    CHECK(error_of(head + "\x31\x80" + bomb) == "indefinite length nested too deeply at byte " + std::to_string(set + 2 + 31 * 2));

    std::string chunk_bomb;
    for (int i = 0; i < 5000; ++i) chunk_bomb += "\x24\x80";
    std::string cms = signed_data(indefinite(0x24, tlv(0x04, "x")), Lengths::Indefinite);
    std::size_t econtent = cms.find("\x24\x80");
    CHECK(error_of(cms.substr(0, econtent) + chunk_bomb) ==
          "eContent chunks nested too deeply at byte " + std::to_string(econtent + 8));

    // After the content: the walk to the end of the ContentInfo is bounded too.
    std::string after = cms.substr(0, cms.find(std::string("\xA0\x80\x30\x80\x0C", 5)));
    CHECK(error_of(after + bomb) == "indefinite length nested too deeply at byte " + std::to_string(after.size() + 2 * 29));
  }

  TEST_CASE("the reader's errors reach the source message with the file name") {
    auto cut = read_profile_bytes(signed_profile(kSmallXml).substr(0, 100), "t.mobileconfig");
    REQUIRE(cut.sources.size() == 1);
    CHECK(cut.sources[0].status == core::SourceStatus::Error);
    CHECK(cut.sources[0].message.rfind("t.mobileconfig: truncated at byte 100 (", 0) == 0);
    auto detached = read_profile_bytes(signed_data(std::nullopt), "d.mobileconfig");
    CHECK(detached.sources[0].message == "d.mobileconfig: detached signature: no embedded content");
  }

  TEST_CASE("profiles signed by openssl cms, DER and streamed BER, read like the unsigned file") {
    if (!testutil::host_tools_available()) {
      MESSAGE(testutil::host_tool_skipped("openssl cms"));
      return;
    }
    if (testutil::run_program({"openssl", "version"}).exit_code != 0) {
      MESSAGE("skipped: no openssl command on this machine");
      return;
    }
    auto key = testutil::run_program({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                                      "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=Example Profile Signer",
                                      "-keyout", "key.pem", "-out", "cert.pem", "-days", "2"});
    REQUIRE_MESSAGE(key.exit_code == 0, key.err);
    testutil::write_bytes("large.mobileconfig", profile_with_split_characters());
    for (std::string name : {apple_test::profile_path("broken-providers.mobileconfig").string(), std::string("large.mobileconfig")}) {
      std::string unsigned_bytes = testutil::read_bytes(name);
      auto plain = read_profile_bytes(unsigned_bytes, "p.mobileconfig");
      REQUIRE(plain.accounts.size() == 2);
      REQUIRE(plain.findings.size() >= 2);
      for (bool stream : {false, true}) {
        INFO(name << (stream ? " -stream" : " DER"));
        std::vector<std::string> argv = {"openssl", "cms", "-sign", "-nodetach", "-binary", "-outform", "DER", "-in", name,
                                         "-signer", "cert.pem", "-inkey", "key.pem", "-out", "signed.mobileconfig"};
        if (stream) argv.push_back("-stream");
        auto sign = testutil::run_program(argv);
        REQUIRE_MESSAGE(sign.exit_code == 0, sign.err);
        std::string cms = testutil::read_bytes("signed.mobileconfig");
        CHECK((cms.substr(0, 2) == "\x30\x80") == stream);  // -stream writes indefinite lengths
        if (stream && unsigned_bytes.size() > 4096) CHECK(cms.find("\x24\x80\x04\x82\x10\x00") != std::string::npos);
        CHECK(embedded_plist(cms).value() == unsigned_bytes);
        auto from_cms = read_profile_bytes(cms, "p.mobileconfig");
        CHECK(accounts_and_findings(from_cms) == accounts_and_findings(plain));
        REQUIRE(from_cms.sources.size() == 1);
        CHECK(from_cms.sources[0].message == "signed profile (signature not verified)");
        auto via_adapter = AppleMailAdapter().read("signed.mobileconfig");
        CHECK(via_adapter.accounts.size() == 2);
        CHECK(via_adapter.sources[0].status == core::SourceStatus::Ok);
      }
    }
  }

  TEST_CASE("the committed BER fixture reads like its unsigned original") {
    std::string cms = testutil::read_bytes(apple_test::profile_path("broken-providers-signed-ber.mobileconfig"));
    std::string unsigned_bytes = testutil::read_bytes(apple_test::profile_path("broken-providers.mobileconfig"));
    REQUIRE(cms.substr(0, 2) == "\x30\x80");
    CHECK(cms.find(std::string("\x24\x80", 2)) != std::string::npos);
    CHECK(embedded_plist(cms).value() == unsigned_bytes);
    CHECK(accounts_and_findings(read_profile_bytes(cms, "p.mobileconfig")) ==
          accounts_and_findings(read_profile_bytes(unsigned_bytes, "p.mobileconfig")));
    auto out = AppleMailAdapter().read(apple_test::profile_path("broken-providers-signed-ber.mobileconfig"));
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Ok);
    CHECK(out.sources[0].message == "signed profile (signature not verified)");
    CHECK(apple_test::rules_of(out) == apple_test::rules_of(AppleMailAdapter().read(apple_test::profile_path("broken-providers.mobileconfig"))));
    CHECK(out.accounts.size() == 2);
  }

  TEST_CASE("looks_like_cms is the first byte 0x30") {
    CHECK(looks_like_cms("\x30"));
    CHECK_FALSE(looks_like_cms("<?xml"));
    CHECK_FALSE(looks_like_cms(""));
  }
}
