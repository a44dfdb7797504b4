#include "adapters/apple/profile_writer.hpp"

#include <openssl/evp.h>

#include <cstdio>

#include "adapters/apple/auth_scheme.hpp"
#include "adapters/apple/plist_tree.hpp"

namespace adapters::apple {
namespace {

void apply_edit(core::Account& a, const core::Edit& e) {
  auto field = core::parse_field_path(e.field);
  if (!field) return;
  std::optional<core::Endpoint>& endpoint = field->first ? a.incoming : a.outgoing;
  if (!endpoint) return;
  std::string text = core::field_value_text(e.value);
  switch (field->second) {
    case core::Field::Host: endpoint->host.value = text; break;
    case core::Field::Username: endpoint->username.value = text; break;
    case core::Field::Port:
      if (auto port = std::get_if<std::int64_t>(&e.value)) endpoint->port.value = static_cast<int>(*port);
      break;
    case core::Field::Security:
      if (auto s = core::parse_security(text)) endpoint->security.value = *s;
      break;
    case core::Field::Auth:
      if (auto auth = core::parse_auth(text)) endpoint->auth.value = *auth;
      break;
  }
}

void set_string(plist_t dict, const char* key, const std::string& value) {
  plist_dict_set_item(dict, key, plist_new_string(value.c_str()));
}

// Keys in Apple's (alphabetical) order.
void add_server(plist_t dict, const std::string& side, const core::Endpoint& e) {
  set_string(dict, (side + "MailServerAuthentication").c_str(), profile_auth_name(e.auth.value));
  set_string(dict, (side + "MailServerHostName").c_str(), e.host.value);
  plist_dict_set_item(dict, (side + "MailServerPortNumber").c_str(), plist_new_uint(static_cast<uint64_t>(e.port.value)));
  bool ssl = e.security.value == core::Security::Tls || e.security.value == core::Security::StartTls;
  plist_dict_set_item(dict, (side + "MailServerUseSSL").c_str(), plist_new_bool(ssl ? 1 : 0));
  if (!e.username.value.empty()) set_string(dict, (side + "MailServerUsername").c_str(), e.username.value);
}

plist_t mail_payload(const core::Account& a) {
  std::string uuid = stable_uuid("mailmend-payload:" + a.id);
  plist_t p = plist_new_dict();
  std::string description = !a.name.empty() ? a.name : !a.email.empty() ? a.email : a.incoming->host.value;
  set_string(p, "EmailAccountDescription", description);
  set_string(p, "EmailAccountType", a.incoming->protocol == core::Protocol::Pop3 ? "EmailTypePOP" : "EmailTypeIMAP");
  if (!a.email.empty()) set_string(p, "EmailAddress", a.email);
  add_server(p, "Incoming", *a.incoming);
  if (a.outgoing) add_server(p, "Outgoing", *a.outgoing);
  set_string(p, "PayloadDisplayName", "Mail: " + description);
  set_string(p, "PayloadIdentifier", "com.mailmend.mail." + uuid);
  set_string(p, "PayloadType", "com.apple.mail.managed");
  set_string(p, "PayloadUUID", uuid);
  plist_dict_set_item(p, "PayloadVersion", plist_new_uint(1));
  return p;
}

}  // namespace

std::string stable_uuid(const std::string& name) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(name.data(), name.size(), digest, &len, EVP_sha1(), nullptr);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x50);
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);
  std::string out;
  char hex[3];
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    std::snprintf(hex, sizeof hex, "%02X", digest[i]);
    out += hex;
  }
  return out;
}

std::string write_corrected_mobileconfig(const std::vector<core::Account>& accounts,
                                         const std::vector<core::Edit>& edits) {
  PlistPtr root(plist_new_dict());
  plist_t content = plist_new_array();
  std::string ids;
  for (core::Account a : accounts) {
    if (!a.incoming || (a.incoming->protocol != core::Protocol::Imap && a.incoming->protocol != core::Protocol::Pop3))
      continue;
    for (const auto& e : edits)
      if (e.account == a.id) apply_edit(a, e);
    plist_array_append_item(content, mail_payload(a));
    ids += a.id + "\n";
  }
  std::string uuid = stable_uuid("mailmend-profile:" + ids);
  plist_dict_set_item(root.get(), "PayloadContent", content);
  set_string(root.get(), "PayloadDescription",
             "Mail account settings corrected by mailmend. Passwords are not included: Mail asks for them.");
  set_string(root.get(), "PayloadDisplayName", "Corrected mail settings");
  set_string(root.get(), "PayloadIdentifier", "com.mailmend.corrected-mail." + uuid);
  set_string(root.get(), "PayloadScope", "User");
  set_string(root.get(), "PayloadType", "Configuration");
  set_string(root.get(), "PayloadUUID", uuid);
  plist_dict_set_item(root.get(), "PayloadVersion", plist_new_uint(1));
  return serialise_plist(root.get(), PlistFormat::Xml);
}

}  // namespace adapters::apple
