#pragma once
// Shared fixture text for the fix tests (example.com / example.org data only).
#include <string>

namespace fixture {

inline const std::string kTwoAccounts =
    "a.email=alice@example.com\n"
    "a.incoming.host=imap.example.com\n"
    "a.incoming.port=143\n"
    "a.incoming.security=tls\n"
    "a.incoming.username=alice\n"
    "b.email=bob@example.org\n"
    "b.incoming.host=pop.example.org\n"
    "b.incoming.port=993\n"
    "b.incoming.security=tls\n"
    "b.incoming.username=bob\n";

inline const std::string kTwoAccountsFixed =
    "a.email=alice@example.com\n"
    "a.incoming.host=imap.example.com\n"
    "a.incoming.port=993\n"
    "a.incoming.security=tls\n"
    "a.incoming.username=alice\n"
    "b.email=bob@example.org\n"
    "b.incoming.host=imap.example.org\n"
    "b.incoming.port=993\n"
    "b.incoming.security=tls\n"
    "b.incoming.username=bob\n";

inline const std::string kClean =
    "c.email=carol@example.com\n"
    "c.incoming.host=imap.example.com\n"
    "c.incoming.port=993\n"
    "c.incoming.security=tls\n"
    "c.incoming.username=carol\n";

}  // namespace fixture
