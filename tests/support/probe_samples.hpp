#pragma once
// A report with probe results, for the report and CLI tests.
#include "core/report.hpp"

namespace testsamples {

// Two Thunderbird accounts of ann@example.net: account1 on imap.example.net:993 (TLS, healthy),
// account2 with TLS on port 143, where the server speaks STARTTLS (one probe-tls-mode-mismatch).
core::Report report_with_probes();

}  // namespace testsamples
