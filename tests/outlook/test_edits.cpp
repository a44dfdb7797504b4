#include <doctest/doctest.h>

#include "adapters/outlook/edits.hpp"
#include "adapters/outlook/regfile.hpp"
#include "outlook/outlook_test_helpers.hpp"

using namespace adapters::outlook;

namespace {

const std::string kKey =
    "HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\16.0\\Outlook\\Profiles\\Outlook\\9375CFF0413111d3B88A00104B2A6676\\00000002";

core::Edit edit(const std::string& field, const std::string& value_name, core::FieldValue v, int line = 0, bool is_default = false) {
  return core::Edit{"outlook:export.reg#Outlook\\00000002", field, core::Origin{"export.reg", kKey + "\\" + value_name, line, is_default}, v};
}

RegistrySnapshot export_snapshot() {
  std::string text = "Windows Registry Editor Version 5.00\n\n[" + kKey + "]\n" +
                     "\"IMAP Server\"=hex:69,00,6d,00,61,00,70,00,2d,00,6d,00,61,00,69,00,6c,00,2e,00,6f,00,75,00,\\\n"
                     "  74,00,6c,00,6f,00,6f,00,6b,00,2e,00,63,00,6f,00,6d,00,00,00\n"
                     "\"imap port\"=dword:0000008f\n"
                     "\"SMTP Server\"=\"smtp.live.com\"\n"
                     "\"IMAP Password\"=hex:02,aa,bb\n";
  auto snap = parse_reg(outlook_test::regedit_utf16(text), "export.reg");
  REQUIRE(snap.ok());
  return std::move(snap).value();
}

}  // namespace

TEST_SUITE("edits") {
  TEST_CASE("edits keep the stored type and string convention") {
    RegValue bin = make_binary_text("IMAP Server", "old");
    CHECK(encode_edit(edit("incoming.host", "IMAP Server", std::string("new")), "IMAP Server", &bin)->data ==
          utf8_to_utf16le_nul("new"));
    RegValue bare{"IMAP Server", regtype::Binary, std::string("o\0l\0d\0", 6), 0};
    auto v = encode_edit(edit("incoming.host", "IMAP Server", std::string("new")), "IMAP Server", &bare);
    CHECK(v->type == regtype::Binary);
    CHECK(v->data == std::string("n\0e\0w\0", 6));
    RegValue sz = make_sz("SMTP Server", "old");
    CHECK(encode_edit(edit("outgoing.host", "SMTP Server", std::string("n")), "SMTP Server", &sz)->type == regtype::Sz);
    auto missing = encode_edit(edit("incoming.username", "IMAP User", std::string("u")), "IMAP User", nullptr);
    CHECK(missing->type == regtype::Binary);
    CHECK(missing->data == utf8_to_utf16le_nul("u"));
    RegValue lower = make_dword("imap port", 143);
    auto port = encode_edit(edit("incoming.port", "IMAP Port", std::int64_t{993}), "IMAP Port", &lower);
    CHECK(port->name == "imap port");
    CHECK(port->type == regtype::Dword);
    CHECK(port->data == le32(993));
    RegValue port_sz = make_sz("SMTP Port", "25");
    CHECK(encode_edit(edit("outgoing.port", "SMTP Port", std::int64_t{587}), "SMTP Port", &port_sz)->data ==
          utf8_to_utf16le_nul("587"));
  }

  TEST_CASE("security and auth values become Outlook's codes") {
    auto code = [](const std::string& field, const std::string& name, const std::string& v) {
      auto r = encode_edit(edit(field, name, v), name, nullptr);
      return r.ok() ? std::to_string(*value_number(*r)) : r.error().message;
    };
    CHECK(code("incoming.security", "IMAP Use SSL", "tls") == "1");
    CHECK(code("incoming.security", "POP3 Use SSL", "none") == "0");
    CHECK(code("outgoing.security", "SMTP Secure Connection", "starttls") == "2");
    CHECK(code("outgoing.security", "SMTP Use SSL", "tls") == "1");
    CHECK(code("outgoing.security", "SMTP Use SSL", "starttls") ==
          "export.reg: outgoing.security = \"starttls\" cannot be written to \"SMTP Use SSL\": this older value holds only none or tls");
    CHECK(code("incoming.auth", "IMAP Use SPA", "password-cleartext") == "0");
    CHECK(code("incoming.auth", "IMAP Use SPA", "NTLM") == "1");
    CHECK(code("outgoing.auth", "SMTP Use Auth", "password-cleartext") == "1");
    CHECK(code("outgoing.auth", "SMTP Use Auth", "none") == "0");
    CHECK(code("outgoing.auth", "SMTP Use Auth", "OAuth2") ==
          "export.reg: outgoing.auth = \"OAuth2\" cannot be written to \"SMTP Use Auth\": classic Outlook's POP/IMAP "
          "accounts cannot be switched to this method in the registry");
    CHECK(code("incoming.auth", "POP3 Use SPA", "OAuth2") ==
          "export.reg: incoming.auth = \"OAuth2\" cannot be written to \"POP3 Use SPA\": Outlook's SPA switch holds only "
          "NTLM or password-cleartext");
    CHECK(code("incoming.port", "IMAP Port", "0") ==
          "export.reg: incoming.port = \"0\" cannot be written to \"IMAP Port\": a port from 1 to 65535 is needed");
    CHECK(code("incoming.security", "IMAP Use SSL", "sometimes") ==
          "export.reg: incoming.security = \"sometimes\" cannot be written to \"IMAP Use SSL\": one of none, tls, starttls is needed");
    CHECK(code("incoming.host", "IMAP Password", "x") ==
          "export.reg: incoming.host = \"x\" cannot be written to \"IMAP Password\": mailmend does not edit this value");
  }

  TEST_CASE("edit targets split the origin key at the last backslash") {
    auto t = edit_target(core::Origin{"f", "A\\B\\SMTP Port", 0, false});
    CHECK(t.key_path == "A\\B");
    CHECK(t.value_name == "SMTP Port");
    CHECK(snapshot_relative_path("HKEY_CURRENT_USER\\Software\\X") == "Software\\X");
    CHECK(snapshot_relative_path("Software\\X") == "Software\\X");
    CHECK(snapshot_relative_path("HKCU\\Software\\X") == "Software\\X");
  }

  TEST_CASE("the fix .reg sets only the edited values; the undo .reg restores or deletes them") {
    auto snap = export_snapshot();
    auto files = make_fix_and_undo_reg({edit("incoming.host", "IMAP Server", std::string("outlook.office365.com"), 4),
                                        edit("incoming.port", "IMAP Port", std::int64_t{993}, 6),
                                        edit("incoming.security", "IMAP Use SSL", std::string("tls"), 3, true),
                                        edit("outgoing.host", "SMTP Server", std::string("smtp-mail.outlook.com"), 7)},
                                       snap);
    REQUIRE(files.ok());
    CHECK(files->first.starts_with("\xFF\xFE"));
    CHECK(files->second.starts_with("\xFF\xFE"));
    CHECK(outlook_test::utf16_text(files->first) ==
          "Windows Registry Editor Version 5.00\r\n\r\n[" + kKey + "]\r\n"
          "\"IMAP Server\"=hex:6f,00,75,00,74,00,6c,00,6f,00,6f,00,6b,00,2e,00,6f,00,66,00,\\\r\n"
          "  66,00,69,00,63,00,65,00,33,00,36,00,35,00,2e,00,63,00,6f,00,6d,00,00,00\r\n"
          "\"imap port\"=dword:000003e1\r\n"
          "\"IMAP Use SSL\"=dword:00000001\r\n"
          "\"SMTP Server\"=\"smtp-mail.outlook.com\"\r\n\r\n");
    CHECK(outlook_test::utf16_text(files->second) ==
          "Windows Registry Editor Version 5.00\r\n\r\n[" + kKey + "]\r\n"
          "\"IMAP Server\"=hex:69,00,6d,00,61,00,70,00,2d,00,6d,00,61,00,69,00,6c,00,2e,00,\\\r\n"
          "  6f,00,75,00,74,00,6c,00,6f,00,6f,00,6b,00,2e,00,63,00,6f,00,6d,00,00,00\r\n"
          "\"imap port\"=dword:0000008f\r\n"
          "\"IMAP Use SSL\"=-\r\n"
          "\"SMTP Server\"=\"smtp.live.com\"\r\n\r\n");
    // Applying fix then undo to the snapshot's values gives back the original values.
    auto fixed = parse_reg(files->first, "fix.reg");
    REQUIRE(fixed.ok());
    CHECK(value_text(*fixed->find(snapshot_relative_path(kKey))->value("IMAP Server")) == "outlook.office365.com");
    CHECK(files->first.find(std::string("\x02\0", 2)) == std::string::npos);  // no password bytes
  }

  TEST_CASE("an edit that cannot be encoded fails the whole pair") {
    auto r = make_fix_and_undo_reg({edit("incoming.host", "IMAP Password", std::string("x"))}, export_snapshot());
    CHECK(r.error().message ==
          "export.reg: incoming.host = \"x\" cannot be written to \"IMAP Password\": mailmend does not edit this value");
  }
}

TEST_SUITE("edits") {
  TEST_CASE("a fix .reg can also be made for a hive: keys are written under HKEY_CURRENT_USER") {
    RegistrySnapshot snap;
    snap.kind = RegistryKind::Hive;
    snap.file = "NTUSER.DAT";
    auto& k = snap.root.ensure_child("Software", "Software").ensure_child("K", "Software\\K");
    k.set_value(make_dword("SMTP Port", 25));
    core::Edit e{"id", "outgoing.port", core::Origin{"NTUSER.DAT", "Software\\K\\SMTP Port", 0, false}, std::int64_t{587}};
    auto files = make_fix_and_undo_reg({e}, snap);
    REQUIRE(files.ok());
    CHECK(outlook_test::utf16_text(files->first) ==
          "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\K]\r\n\"SMTP Port\"=dword:0000024b\r\n\r\n");
    CHECK(outlook_test::utf16_text(files->second) ==
          "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\K]\r\n\"SMTP Port\"=dword:00000019\r\n\r\n");
  }
}
