#pragma once
// The fleet summary's reader: one pass over the bytes of a JSON report or an NDJSON record that
// validates the JSON grammar and keeps only what the summary counts (host, time, accounts, sources,
// findings), without building a document. It is what makes 100,000 reports a few seconds' work.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace report::scan {

struct Account {
  std::string id, client, provider_id, provider_name;
  bool has_provider = false;
  bool stale = false;
};

struct Finding {
  std::string rule = "?", severity = "?", account;
  std::string client, provider_id;  // NDJSON records carry these; a report's come from its accounts
  bool counted = true;              // NDJSON `mailmend.counted`
};

enum class Kind { Report, RunRecord, FindingRecord, Other };

// What one JSON value holds, as far as the summary cares. Members of the wrong type are ignored.
struct Digest {
  Kind kind = Kind::Other;
  std::string host, machine_id, generated_at;  // report: host, machine_id, generated_at;
                                               // record: host.name, host.id, @timestamp
  std::vector<Account> accounts;  // a report's
  std::size_t record_accounts = 0;  // a run record's mailmend.summary.accounts
  std::vector<std::string> source_clients;
  std::size_t sources_failed = 0;  // sources with status "error"
  std::vector<Finding> findings;
};

enum class Outcome {
  Value,      // a complete value; `end` is one past it
  NeedMore,   // the text ends inside the value and more may follow
  Invalid,    // not JSON: `end` is where it goes wrong (text.size() when it breaks off)
  TooDeep,    // objects and arrays nested deeper than util::kMaxJsonDepth
};

struct Scanned {
  Outcome outcome;
  std::size_t end;
};

// Reads the JSON value starting at `pos` (leading white space allowed). `final`: no more text follows.
Scanned scan_value(std::string_view text, std::size_t pos, bool final, Digest& out);

}  // namespace report::scan
