#include "adapters/apple/auth_scheme.hpp"

#include "util/text.hpp"

namespace adapters::apple {

core::Auth auth_from_scheme(const std::optional<std::string>& scheme) {
  if (!scheme || util::trim(*scheme).empty()) return core::Auth::PasswordCleartext;
  std::string s = util::to_lower(util::trim(*scheme));
  if (s == "password" || s == "plain" || s == "login") return core::Auth::PasswordCleartext;
  if (s == "cram-md5" || s == "digest-md5" || s == "apop") return core::Auth::PasswordEncrypted;
  if (s == "ntlm") return core::Auth::Ntlm;
  if (s == "gssapi" || s == "kerberos") return core::Auth::Gssapi;
  if (s == "xoauth2" || s == "oauthbearer" || s == "atoken") return core::Auth::OAuth2;
  if (s == "none") return core::Auth::None;
  return core::Auth::Unknown;
}

std::optional<core::Auth> auth_from_profile(std::string_view v) {
  if (v == "EmailAuthPassword") return core::Auth::PasswordCleartext;
  if (v == "EmailAuthCRAMMD5" || v == "EmailAuthHTTPMD5") return core::Auth::PasswordEncrypted;
  if (v == "EmailAuthNTLM") return core::Auth::Ntlm;
  if (v == "EmailAuthNone") return core::Auth::None;
  return std::nullopt;
}

std::optional<core::Auth> auth_from_declaration(std::string_view v) {
  if (v == "Password") return core::Auth::PasswordCleartext;
  if (v == "CRAMMD5" || v == "HTTPMD5") return core::Auth::PasswordEncrypted;
  if (v == "NTLM") return core::Auth::Ntlm;
  if (v == "None") return core::Auth::None;
  return std::nullopt;
}

std::string profile_auth_name(core::Auth auth) {
  switch (auth) {
    case core::Auth::PasswordEncrypted: return "EmailAuthCRAMMD5";
    case core::Auth::Ntlm: return "EmailAuthNTLM";
    case core::Auth::None: return "EmailAuthNone";
    default: return "EmailAuthPassword";
  }
}

std::optional<std::string> scheme_name(core::Auth auth) {
  switch (auth) {
    case core::Auth::PasswordEncrypted: return "CRAM-MD5";
    case core::Auth::Ntlm: return "NTLM";
    case core::Auth::Gssapi: return "GSSAPI";
    default: return std::nullopt;
  }
}

}  // namespace adapters::apple
