#include "adapters/outlook/edits.hpp"

#include "adapters/outlook/regfile.hpp"
#include "adapters/outlook/regwrite.hpp"
#include "i18n/text.hpp"
#include "util/text.hpp"

namespace adapters::outlook {
namespace {

enum class ValueClass { Text, Number, SecurityCode, SecurityBool, Spa, UseAuth, Unknown };

ValueClass classify(std::string_view value_name) {
  auto n = util::to_lower(value_name);
  if (n.ends_with(" server") || n.ends_with(" user") || n == "email" || n == "display name" || n == "account name") {
    return ValueClass::Text;
  }
  if (n.ends_with(" port")) return ValueClass::Number;
  if (n == "imap use ssl" || n == "pop3 use ssl" || n == "smtp secure connection") return ValueClass::SecurityCode;
  if (n == "smtp use ssl") return ValueClass::SecurityBool;
  if (n.ends_with(" use spa")) return ValueClass::Spa;
  if (n == "smtp use auth") return ValueClass::UseAuth;
  return ValueClass::Unknown;
}

util::Error cannot(const core::Edit& e, std::string_view value_name, const i18n::Text& why) {
  return i18n::error(i18n::msg("{1}: {2} = \"{3}\" cannot be written to \"{4}\": {5}",
                               {e.target.file, e.field, core::field_value_text(e.value), std::string(value_name), why}));
}

RegValue number_value(std::string name, std::uint32_t n, const RegValue* existing) {
  if (existing && existing->type == regtype::Sz) return make_sz(std::move(name), std::to_string(n));
  return make_dword(std::move(name), n);
}

RegValue text_value(std::string name, const std::string& text, const RegValue* existing) {
  if (!existing) return make_binary_text(std::move(name), text);
  RegValue v{std::move(name), existing->type, utf8_to_utf16le_nul(text), 0};
  bool had_nul = existing->data.size() >= 2 && existing->data.size() % 2 == 0 &&
                 existing->data.ends_with(std::string(2, '\0'));
  if (existing->type == regtype::Binary && !had_nul) v.data.resize(v.data.size() - 2);
  if (existing->type != regtype::Binary && existing->type != regtype::ExpandSz) v.type = regtype::Sz;
  return v;
}

std::optional<std::uint32_t> security_code(std::string_view text) {
  auto s = core::parse_security(text);
  if (s == core::Security::None) return 0;
  if (s == core::Security::Tls) return 1;
  if (s == core::Security::StartTls) return 2;
  return std::nullopt;
}

}  // namespace

EditTarget edit_target(const core::Origin& origin) {
  auto slash = origin.key.rfind('\\');
  if (slash == std::string::npos) return {"", origin.key};
  return {origin.key.substr(0, slash), origin.key.substr(slash + 1)};
}

std::string snapshot_relative_path(std::string_view key_path) {
  auto parts = split_key_path(key_path);
  if (!parts.empty() && is_registry_root(parts.front())) return user_relative_path(key_path);
  return util::join(parts, "\\");
}

util::Result<RegValue> encode_edit(const core::Edit& e, std::string_view value_name, const RegValue* existing) {
  std::string name = existing ? existing->name : std::string(value_name);
  const auto* text = std::get_if<std::string>(&e.value);
  const auto* number = std::get_if<std::int64_t>(&e.value);
  switch (classify(value_name)) {
    case ValueClass::Text:
      if (!text) return cannot(e, value_name, i18n::msg("a text value is needed"));
      return text_value(name, *text, existing);
    case ValueClass::Number: {
      long long port = 0;  // 0: none given
      if (number) port = *number;
      else if (text) port = util::parse_int(*text, 1, 65535).value_or(0);
      if (port < 1 || port > 65535) return cannot(e, value_name, i18n::msg("a port from 1 to 65535 is needed"));
      return number_value(name, static_cast<std::uint32_t>(port), existing);
    }
    case ValueClass::SecurityCode: {
      auto code = text ? security_code(*text) : std::nullopt;
      if (!code) return cannot(e, value_name, i18n::msg("one of none, tls, starttls is needed"));
      return number_value(name, *code, existing);
    }
    case ValueClass::SecurityBool: {
      auto code = text ? security_code(*text) : std::nullopt;
      if (!code || *code == 2) return cannot(e, value_name, i18n::msg("this older value holds only none or tls"));
      return number_value(name, *code, existing);
    }
    case ValueClass::Spa: {
      // SPA is NTLM; without it Outlook sends the password as typed (protected by TLS).
      auto auth = text ? core::parse_auth(*text) : std::nullopt;
      if (auth != core::Auth::Ntlm && auth != core::Auth::PasswordCleartext) {
        return cannot(e, value_name, i18n::msg("Outlook's SPA switch holds only NTLM or password-cleartext"));
      }
      return number_value(name, auth == core::Auth::Ntlm ? 1u : 0u, existing);
    }
    case ValueClass::UseAuth: {
      auto auth = text ? core::parse_auth(*text) : std::nullopt;
      if (auth != core::Auth::None && auth != core::Auth::PasswordCleartext && auth != core::Auth::PasswordEncrypted &&
          auth != core::Auth::Ntlm) {
        return cannot(e, value_name, i18n::msg("classic Outlook's POP/IMAP accounts cannot be switched to this method in the registry"));
      }
      return number_value(name, auth == core::Auth::None ? 0u : 1u, existing);
    }
    case ValueClass::Unknown: break;
  }
  return cannot(e, value_name, i18n::msg("mailmend does not edit this value"));
}

util::Result<std::pair<std::string, std::string>> make_fix_and_undo_reg(const std::vector<core::Edit>& edits,
                                                                        const RegistrySnapshot& snap) {
  std::vector<RegFileKey> fix, undo;
  auto key_for = [](std::vector<RegFileKey>& keys, const std::string& path) -> RegFileKey& {
    for (auto& k : keys) {
      if (util::iequals(k.path, path)) return k;
    }
    keys.push_back({path, {}});
    return keys.back();
  };
  for (const auto& e : edits) {
    auto target = edit_target(e.target);
    const RegKey* key = snap.find(snapshot_relative_path(target.key_path));
    const RegValue* existing = key ? key->value(target.value_name) : nullptr;
    auto value = encode_edit(e, target.value_name, existing);
    if (!value.ok()) return value.error();
    auto path = key ? key->full_path() : target.key_path;
    key_for(fix, path).entries.push_back({value->name, *value});
    auto& undo_key = key_for(undo, path);
    if (existing) {
      undo_key.entries.push_back({existing->name, *existing});
    } else {
      undo_key.entries.push_back({value->name, std::nullopt});
    }
  }
  return std::pair{write_reg_file(fix), write_reg_file(undo)};
}

}  // namespace adapters::outlook
