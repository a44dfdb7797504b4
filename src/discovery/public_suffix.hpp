#pragma once
// Registrable domains by the public suffix list (publicsuffix.org, embedded at build time from
// Debian's publicsuffix package; ICANN and private sections, as browsers and Thunderbird use it).
#include <string>

namespace discovery {

// "mail.example.co.uk" → "example.co.uk", "mx.foo.xn--55qx5d.cn" → "foo.xn--55qx5d.cn" (公司.cn is
// a suffix): the public suffix of `host` and one label more. A host that is itself a public suffix
// (or has no dot) is returned as it is. Unicode labels are compared in their xn-- form and
// returned as given; matching ignores case and a trailing dot.
std::string registrable_domain(const std::string& host);

// The number of rules embedded (a test checks the list is there).
std::size_t public_suffix_rule_count();

}  // namespace discovery
