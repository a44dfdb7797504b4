#include "adapters/apple/declaration.hpp"

#include <nlohmann/json.hpp>

#include "adapters/apple/auth_scheme.hpp"
#include "adapters/apple/client_id.hpp"
#include "adapters/apple/findings.hpp"
#include "adapters/apple/tls_mode.hpp"
#include "util/json_limits.hpp"

namespace adapters::apple {
namespace {

constexpr std::size_t kMaxJsonBytes = 4u * 1024u * 1024u;

std::string text(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

class DeclarationReader {
 public:
  DeclarationReader(const nlohmann::json& payload, std::string file, std::string account, core::ReadOutput& out)
      : payload_(payload), file_(std::move(file)), account_(std::move(account)), out_(out) {}

  std::optional<core::Endpoint> endpoint(const char* side, core::Protocol protocol) {
    auto it = payload_.find(side);
    if (it == payload_.end() || !it->is_object()) {
      invalid(std::string("Payload.") + side, i18n::msg("is missing"));
      return std::nullopt;
    }
    const nlohmann::json& server = *it;
    std::string base = std::string("Payload.") + side + ".";
    if (protocol == core::Protocol::Unknown) {
      std::string type = text(server, "ServerType");
      protocol = type == "IMAP" ? core::Protocol::Imap : type == "POP" ? core::Protocol::Pop3 : core::Protocol::Unknown;
      if (protocol == core::Protocol::Unknown) invalid(base + "ServerType", i18n::msg("is \"{1}\", not IMAP or POP", {type}));
    }
    core::Endpoint e;
    e.protocol = protocol;
    e.host = {text(server, "HostName"), origin(base + "HostName", server.contains("HostName"))};
    auto port = server.find("Port");
    bool has_port = port != server.end() && port->is_number_integer() && port->get<std::int64_t>() > 0 &&
                    port->get<std::int64_t>() <= 65535;
    e.port = {has_port ? port->get<int>() : default_port(protocol, true), origin(base + "Port", has_port)};
    e.security = {core::Security::Unknown, origin(base + "Port", false)};
    std::string method = text(server, "AuthenticationMethod");
    auto auth = auth_from_declaration(method);
    if (!auth) invalid(base + "AuthenticationMethod",
                       i18n::msg("is \"{1}\", not None, Password, CRAMMD5, NTLM or HTTPMD5", {method}));
    e.auth = {auth.value_or(core::Auth::Unknown), origin(base + "AuthenticationMethod", server.contains("AuthenticationMethod"))};
    e.username = {"", origin(base + "AuthenticationCredentialsAssetReference", false)};
    return e;
  }

 private:
  core::Origin origin(const std::string& key, bool present) const { return core::Origin{file_, key, 0, !present}; }
  void invalid(const std::string& key, const i18n::Text& why) {
    out_.findings.push_back(make_finding(rule::kProfileInvalidValue, core::Severity::Error, account_,
                                         i18n::msg("{1} {2}: the device rejects this declaration", {key, why}),
                                         origin(key, true)));
  }

  const nlohmann::json& payload_;
  std::string file_;
  std::string account_;
  core::ReadOutput& out_;
};

}  // namespace

bool looks_like_mail_declaration(std::string_view bytes) {
  return bytes.find(kMailDeclarationType) != std::string_view::npos;
}

core::ReadOutput read_declaration_bytes(std::string_view bytes, const std::string& file) {
  core::ReadOutput out;
  auto source = [&](core::SourceStatus status, const i18n::Text& note) {
    out.sources.push_back(core::Source::noted(std::string(kClient), file, status, note));
    return out;
  };
  if (bytes.size() > kMaxJsonBytes) return source(core::SourceStatus::Error, i18n::msg("{1}: larger than 4 MB, refused", {file}));
  if (util::json_nests_deeper_than(bytes, util::kMaxJsonDepth)) {
    return source(core::SourceStatus::Error,
                  i18n::msg("{1}: JSON nested deeper than {2} levels", {file, std::to_string(util::kMaxJsonDepth)}));
  }
  nlohmann::json doc = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return source(core::SourceStatus::Error, i18n::msg("{1}: not a JSON object", {file}));
  if (text(doc, "Type") != kMailDeclarationType)
    return source(core::SourceStatus::Skipped, i18n::msg("not a {1} declaration", {std::string(kMailDeclarationType)}));
  auto payload = doc.find("Payload");
  if (payload == doc.end() || !payload->is_object())
    return source(core::SourceStatus::Error, i18n::msg("{1}: declaration has no Payload object", {file}));
  core::Account a;
  a.client = std::string(kClient);
  a.source = file;
  a.key = text(doc, "Identifier").empty() ? "Payload" : text(doc, "Identifier");
  a.id = core::make_account_id(kClient, file, a.key);
  a.name = text(*payload, "VisibleName");
  DeclarationReader reader(*payload, file, a.id, out);
  a.incoming = reader.endpoint("IncomingServer", core::Protocol::Unknown);
  a.outgoing = reader.endpoint("OutgoingServer", core::Protocol::Smtp);
  out.accounts.push_back(std::move(a));
  return source(core::SourceStatus::Ok, i18n::msg("declaration (TLS is chosen by the system)"));
}

}  // namespace adapters::apple
