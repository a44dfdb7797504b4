#include "adapters/apple/legacy_accounts.hpp"

#include <map>

#include "adapters/apple/auth_scheme.hpp"
#include "adapters/apple/client_id.hpp"
#include "adapters/apple/findings.hpp"
#include "adapters/apple/plist_fields.hpp"
#include "adapters/apple/tls_mode.hpp"

namespace adapters::apple {
namespace {

core::Endpoint read_endpoint(const PlistFields& f, core::Protocol protocol) {
  core::Endpoint e;
  e.protocol = protocol;
  e.host = f.text_value("Hostname");
  e.username = f.text_value("Username");

  std::int64_t raw_port = f.integer("PortNumber").value_or(0);
  if (raw_port < 0 || raw_port > 65535) raw_port = 0;
  bool ssl = f.flag("SSLEnabled").value_or(false);
  auto layer = f.integer("SecurityLayerType");
  core::Security security = legacy_security(protocol, ssl, layer, raw_port);
  bool layer_decides = ssl && (layer == 2 || layer == 3);
  e.security = {security, f.origin(layer_decides ? "SecurityLayerType" : "SSLEnabled")};

  int port = raw_port > 0 ? static_cast<int>(raw_port) : default_port(protocol, security == core::Security::Tls);
  e.port = {port, f.origin("PortNumber")};

  auto use_auth = f.flag("ShouldUseAuthentication");
  if (protocol == core::Protocol::Smtp && use_auth == false) {
    e.auth = {core::Auth::None, f.origin("ShouldUseAuthentication")};
  } else {
    e.auth = {auth_from_scheme(f.text("AuthenticationScheme")), f.origin("AuthenticationScheme")};
  }
  return e;
}

std::string smtp_identifier(const PlistFields& f) {
  std::string id = f.text("Hostname").value_or("");
  if (auto user = f.text("Username"); user && !user->empty()) id += ":" + *user;
  return id;
}

std::string primary_email(const PlistFields& f) {
  if (auto first = string_value(array_item(f.node("EmailAddresses"), 0)); first && !first->empty()) return *first;
  return f.text("CanonicalEmailAddress").value_or("");
}

class LegacyReader {
 public:
  LegacyReader(plist_t root, std::string file, std::string stale_reason)
      : root_(root), file_(std::move(file)), stale_reason_(std::move(stale_reason)) {}

  core::ReadOutput run() {
    index_delivery_accounts();
    const std::vector<plist_t> accounts = array_items(dict_item(root_, "MailAccounts"));
    for (std::size_t i = 0; i < accounts.size(); ++i) {
      plist_t dict = accounts[i];
      if (plist_get_node_type(dict) != PLIST_DICT) continue;
      read_account(PlistFields(dict, file_, index_path("MailAccounts", i)));
    }
    return std::move(out_);
  }

 private:
  void index_delivery_accounts() {
    const std::vector<plist_t> delivery = array_items(dict_item(root_, "DeliveryAccounts"));
    for (std::size_t i = 0; i < delivery.size(); ++i) {
      plist_t dict = delivery[i];
      if (plist_get_node_type(dict) != PLIST_DICT) continue;
      PlistFields f(dict, file_, index_path("DeliveryAccounts", i));
      smtp_by_id_.emplace(smtp_identifier(f), f);
      if (auto host = f.text("Hostname")) smtp_by_id_.emplace(*host, f);
    }
  }

  void read_account(const PlistFields& f) {
    auto protocol = protocol_for_account_type(f.text("AccountType").value_or(""));
    if (!protocol) return;
    core::Account a;
    a.client = std::string(kClient);
    a.source = file_;
    a.key = f.text("uniqueId").value_or(f.path());
    a.id = core::make_account_id(kClient, file_, a.key);
    a.name = f.text("AccountName").value_or("");
    a.email = primary_email(f);
    a.incoming = read_endpoint(f, *protocol);
    a.stale = !stale_reason_.empty();
    bool from_internet_account = f.has("ParentACAccountIdentifier");
    a.managed = from_internet_account;
    link_outgoing(a, f, from_internet_account);
    add_account_findings(a, f, from_internet_account);
    out_.accounts.push_back(std::move(a));
  }

  void link_outgoing(core::Account& a, const PlistFields& f, bool from_internet_account) {
    auto id = f.text("SMTPIdentifier");
    if (!id || id->empty()) return;
    if (auto it = smtp_by_id_.find(*id); it != smtp_by_id_.end()) {
      a.outgoing = read_endpoint(it->second, core::Protocol::Smtp);
      return;
    }
    const i18n::Text message =
        from_internet_account
            ? i18n::msg("SMTPIdentifier \"{1}\" names no entry in DeliveryAccounts, so this account has no outgoing "
                        "server in {2}; Mail takes it from the Internet Account that owns this account",
                        {*id, file_})
            : i18n::msg("SMTPIdentifier \"{1}\" names no entry in DeliveryAccounts, so this account has no outgoing "
                        "server in {2}; Mail cannot send from it until one is chosen in Mail > Settings > Accounts",
                        {*id, file_});
    out_.findings.push_back(make_finding(rule::kMissingDeliveryAccount,
                                         from_internet_account ? core::Severity::Info : core::Severity::Warning, a.id,
                                         message, f.origin("SMTPIdentifier")));
  }

  void add_account_findings(const core::Account& a, const PlistFields& f, bool from_internet_account) {
    if (from_internet_account) {
      out_.findings.push_back(make_finding(
          rule::kInternetAccount, core::Severity::Info, a.id,
          i18n::msg("servers of this account come from Internet Account {1} (System Settings > Internet Accounts); "
                    "change them there, not in this file",
                    {f.text("ParentACAccountIdentifier").value_or("")}),
          f.origin("ParentACAccountIdentifier")));
    }
    if (f.flag("ConfigureDynamically") == true) {
      out_.findings.push_back(make_finding(rule::kDynamicConfiguration, core::Severity::Info, a.id,
                                           i18n::msg("\"Automatically manage connection settings\" is on: Mail "
                                                     "may choose ports and TLS itself instead of the stored values"),
                                           f.origin("ConfigureDynamically")));
    }
    if (!stale_reason_.empty()) {
      out_.findings.push_back(make_finding(rule::kStalePlist, core::Severity::Info, a.id,
                                           i18n::msg("{1} is a leftover that Mail no longer reads ({2}); the live "
                                                     "settings are in the Accounts database",
                                                     {file_, stale_reason_}),
                                           core::Origin{file_, f.path(), 0, false}));
    }
  }

  plist_t root_;
  std::string file_;
  std::string stale_reason_;
  std::map<std::string, PlistFields> smtp_by_id_;
  core::ReadOutput out_;
};

}  // namespace

std::optional<core::Protocol> protocol_for_account_type(std::string_view t) {
  if (t == "IMAPAccount" || t == "iToolsAccount" || t == "MobileMeAccount" || t == ".Mac" || t == "GmailAccount" ||
      t == "YahooAccount" || t == "AOLAccount")
    return core::Protocol::Imap;
  if (t == "POPAccount") return core::Protocol::Pop3;
  if (t == "EWSAccount" || t == "ExchangeAccount") return core::Protocol::Ews;
  return std::nullopt;
}

bool has_legacy_accounts(plist_t root) {
  return dict_item(root, "MailAccounts") != nullptr || dict_item(root, "DeliveryAccounts") != nullptr;
}

core::ReadOutput read_legacy_accounts(plist_t root, const std::string& file, const std::string& stale_reason) {
  return LegacyReader(root, file, stale_reason).run();
}

}  // namespace adapters::apple
