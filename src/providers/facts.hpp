#pragma once
// The project's own provider facts (data/overrides/*.xml, and data/lists/*.xml generated from
// FairEmail's and Delta Chat's lists by scripts/gen-provider-lists): what the ISPDB lacks, each fact with its
// source and the date it was last checked.
//
//   <providerFacts version="1">
//     <provider domain="outlook.com">                 (amends the provider that holds this domain;
//                                                      create="true" id=".." name=".." adds a new one)
//       <oauth2Only value="true" source="..." lastChecked="2024-09-16"/>
//                   (smtpFrom="YYYY-MM-DD": SMTP still takes passwords until that day)
//       <appPasswordRequired value="true" source="..." lastChecked="..."/>
//       <imapMustBeEnabled value="true" source="..." lastChecked="..."/>
//       <retiredHost host="pop3.live.com" replacement="outlook.office365.com" since="2024-09"
//                    note="..." source="..." lastChecked="..."/>
//       <server direction="incoming|outgoing" type="imap|pop3|smtp" hostname="..." port="993"
//               socketType="SSL|STARTTLS|plain" auth="OAuth2 password-cleartext" username="%EMAILADDRESS%"
//               source="..." lastChecked="..."/>            (appended as an alternative)
//       <acceptedServer direction=".." type=".." hostname=".." port="587" socketType="STARTTLS"
//               source="..." lastChecked="..."/>   (works, but the provider recommends another server;
//                                                   auth and username default to the first server
//                                                   of that type)
//       <acceptedUsername direction="incoming" type="imap" username="%EMAILADDRESS%"
//               source="..." lastChecked="..."/>   (a username form the servers of that type also take)
//       <domain source="..." lastChecked="...">fastmail.fm</domain>
//       <documentation url="..." source="..." lastChecked="..."/>
//       <mxHost pattern="*.mail.protection.outlook.com" service="Microsoft 365" source="..."
//               lastChecked="..."/>          (an MX host name, or *.suffix, that reveals this provider
//                                             behind a company domain; online discovery's MX step)
//       <oauth2Supported value="true" .../>      (the provider also offers OAuth2 sign-in)
//       <maxTls value="1.2" .../>                (the newest TLS version the servers speak)
//       <status list="Delta Chat" value="ok|preparation|broken" .../>   (a client list's rating)
//       <listDisagrees list="FairEmail" servers="imap host:993 SSL, ..." follows="the ISPDB (x.xml)"
//               .../>                           (a list gives other servers; mailmend keeps `follows`)
//     </provider>
//   Any fact may carry unverified="true" (no source confirms it yet): its note's value ends in
//   " (unverified)" and rules do not fix accounts towards an unverified server.
//   </providerFacts>
#include <string>

#include "providers/ispdb.hpp"

namespace providers {

// True when the bytes are a <providerFacts> document rather than an ISPDB clientConfig.
bool is_facts_document(const std::string& bytes);

// Applies one facts document to the imported providers. Problems become warnings (or one error when
// the file cannot be parsed, then false is returned and nothing is applied).
bool apply_facts(const std::string& bytes, const std::string& file, ImportResult& result);

}  // namespace providers
