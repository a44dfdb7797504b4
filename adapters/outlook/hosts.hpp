#pragma once
// What the Outlook rules need to know about hosts: Microsoft's own mail service, and public
// providers that neither speak NTLM (SPA) nor accept mail without SMTP authentication.
#include <string_view>

namespace adapters::outlook {

// outlook.office365.com, *.office365.com, *.outlook.com, *.live.com, *.hotmail.com.
bool is_microsoft_mail_host(std::string_view host);
// outlook.*, hotmail.*, live.*, msn.com, windowslive.com addresses.
bool is_microsoft_consumer_domain(std::string_view email_domain);
// A public mail provider (Gmail, Yahoo, iCloud, Microsoft, GMX, ...) by host or domain suffix.
bool is_public_provider(std::string_view host_or_domain);

}  // namespace adapters::outlook
