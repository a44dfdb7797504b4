#include "adapters/apple/profile.hpp"

#include "adapters/apple/auth_scheme.hpp"
#include "adapters/apple/client_id.hpp"
#include "adapters/apple/findings.hpp"
#include "adapters/apple/plist_fields.hpp"
#include "adapters/apple/signed_profile.hpp"
#include "adapters/apple/tls_mode.hpp"

namespace adapters::apple {
namespace {

core::Source make_source(const std::string& file, core::SourceStatus status, const i18n::Text& note) {
  return core::Source::noted(std::string(kClient), file, status, note);
}

class PayloadReader {
 public:
  PayloadReader(const PlistFields& f, core::ReadOutput& out) : f_(f), out_(out) {}

  void run() {
    core::Account a;
    a.client = std::string(kClient);
    a.source = f_.file();
    a.key = first_nonempty({"PayloadUUID", "PayloadIdentifier"}).value_or(f_.path());
    a.id = core::make_account_id(kClient, f_.file(), a.key);
    account_ = a.id;
    a.name = f_.text("EmailAccountDescription").value_or("");
    a.email = f_.text("EmailAddress").value_or("");
    a.incoming = endpoint("Incoming", incoming_protocol());
    a.outgoing = endpoint("Outgoing", core::Protocol::Smtp);
    check_passwords();
    out_.accounts.push_back(std::move(a));
  }

 private:
  std::optional<std::string> first_nonempty(std::initializer_list<const char*> keys) const {
    for (const char* k : keys)
      if (auto v = f_.text(k); v && !v->empty()) return v;
    return std::nullopt;
  }

  void invalid(const std::string& key, const i18n::Text& why) {
    out_.findings.push_back(make_finding(rule::kProfileInvalidValue, core::Severity::Error, account_,
                                         i18n::msg("{1} {2}: macOS refuses to install this profile", {key, why}),
                                         f_.origin(key.c_str())));
  }

  core::Protocol incoming_protocol() {
    auto type = f_.text("EmailAccountType");
    if (type == "EmailTypeIMAP") return core::Protocol::Imap;
    if (type == "EmailTypePOP") return core::Protocol::Pop3;
    invalid("EmailAccountType", type ? i18n::msg("is \"{1}\", not EmailTypeIMAP or EmailTypePOP", {*type})
                                    : i18n::msg("is missing"));
    return core::Protocol::Unknown;
  }

  core::Endpoint endpoint(const std::string& side, core::Protocol protocol) {
    std::string host_key = side + "MailServerHostName", port_key = side + "MailServerPortNumber",
                ssl_key = side + "MailServerUseSSL", auth_key = side + "MailServerAuthentication",
                user_key = side + "MailServerUsername";
    core::Endpoint e;
    e.protocol = protocol;
    e.host = f_.text_value(host_key.c_str());
    if (!f_.has(host_key.c_str())) invalid(host_key, i18n::msg("is missing"));
    std::int64_t raw_port = f_.integer(port_key.c_str()).value_or(0);
    if (raw_port < 0 || raw_port > 65535) raw_port = 0;
    bool ssl = f_.flag(ssl_key.c_str()).value_or(false);
    core::Security security = account_store_security(protocol, ssl, std::nullopt, raw_port);
    e.security = {security, f_.origin(ssl_key.c_str())};
    int port = raw_port > 0 ? static_cast<int>(raw_port) : default_port(protocol, security == core::Security::Tls);
    e.port = {port, f_.origin(port_key.c_str())};
    auto auth_name = f_.text(auth_key.c_str());
    auto auth = auth_name ? auth_from_profile(*auth_name) : std::nullopt;
    if (!auth) {
      invalid(auth_key, auth_name ? i18n::msg("is \"{1}\", not one of EmailAuthNone, EmailAuthPassword, "
                                              "EmailAuthCRAMMD5, EmailAuthNTLM, EmailAuthHTTPMD5",
                                              {*auth_name})
                                  : i18n::msg("is missing"));
    }
    e.auth = {auth.value_or(core::Auth::Unknown), f_.origin(auth_key.c_str())};
    e.username = f_.text_value(user_key.c_str());
    return e;
  }

  void check_passwords() {
    for (const char* key : {"IncomingPassword", "OutgoingPassword"}) {
      if (f_.text(key).value_or("").empty()) continue;
      out_.findings.push_back(make_finding(rule::kProfilePassword, core::Severity::Warning, account_,
                                           i18n::msg("the profile stores a password in {1} without encrypting the "
                                                     "profile: anyone who gets the file can read it; leave it out "
                                                     "(Mail asks) or encrypt the profile",
                                                     {std::string(key)}),
                                           f_.origin(key)));
    }
  }

  const PlistFields& f_;
  core::ReadOutput& out_;
  std::string account_;
};

}  // namespace

bool is_profile(plist_t root) {
  return dict_item(root, "PayloadContent") || dict_item(root, "EncryptedPayloadContent") ||
         dict_item(root, "PayloadType");
}

core::ReadOutput read_profile_tree(plist_t root, const std::string& file) {
  core::ReadOutput out;
  if (dict_item(root, "EncryptedPayloadContent")) {
    out.findings.push_back(make_finding(
        rule::kEncryptedPayload, core::Severity::Warning, "",
        i18n::msg("the payloads of this profile are encrypted (EncryptedPayloadContent) for one device; mailmend "
                  "cannot read them without that device's key: audit the unencrypted profile before encrypting it"),
        core::Origin{file, "EncryptedPayloadContent", 0, false}));
  }
  if (string_value(dict_item(root, "PayloadType")) == kMailPayloadType) {
    PayloadReader(PlistFields(root, file, ""), out).run();
    return out;
  }
  const std::vector<plist_t> payloads = array_items(dict_item(root, "PayloadContent"));
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    plist_t dict = payloads[i];
    if (string_value(dict_item(dict, "PayloadType")) != kMailPayloadType) continue;
    PayloadReader(PlistFields(dict, file, index_path("PayloadContent", i)), out).run();
  }
  return out;
}

core::ReadOutput read_profile_bytes(std::string_view bytes, const std::string& file) {
  core::ReadOutput out;
  bool is_signed = looks_like_cms(bytes);
  std::string signed_content;
  if (is_signed) {
    auto content = embedded_plist(bytes);
    if (!content) {
      out.sources.push_back(make_source(file, core::SourceStatus::Error, i18n::msg("{1}: {2}", {file, i18n::text_of(content.error())})));
      return out;
    }
    signed_content = std::move(content).value();
    bytes = signed_content;
  }
  auto parsed = parse_plist(bytes, is_signed ? file + " (signed content)" : file);
  if (!parsed) {
    out.sources.push_back(make_source(file, core::SourceStatus::Error, i18n::text_of(parsed.error())));
    return out;
  }
  out = read_profile_tree(parsed->root.get(), file);
  bool encrypted = dict_item(parsed->root.get(), "EncryptedPayloadContent") != nullptr;
  core::Source source = make_source(file, encrypted ? core::SourceStatus::Skipped : core::SourceStatus::Ok,
                                    is_signed ? i18n::msg("signed profile (signature not verified)") : i18n::msg("unsigned profile"));
  if (encrypted) {
    source.note_further(i18n::msg("payloads encrypted, not readable"));
  } else if (out.accounts.empty()) {
    source.note_further(i18n::msg("no com.apple.mail.managed payload"));
  }
  out.sources.push_back(std::move(source));
  return out;
}

}  // namespace adapters::apple
