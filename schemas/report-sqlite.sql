-- The per-host results database that `mailmend audit --output sqlite=PATH` (and `probe`) writes;
-- README "Output formats", docs/osquery.md. The program creates every file from exactly this text
-- (it is embedded at build time), so this file is the contract.
--
-- One run per file: each run replaces the whole file atomically (a temporary file renamed into
-- place; rollback-journal format, never WAL), because osquery reads it without locks. Flat TEXT
-- and INTEGER columns only. The content is the JSON report's, nothing more: no password or token.
-- NULL where the JSON report has null (an unknown machine id, a finding about a file itself, a
-- value that is not set, an unknown line). Booleans are INTEGER 0 or 1. Every table repeats
-- host, machine_id and generated_at, so each one reads on its own. No column is called `path`:
-- osquery adds that one (the file a row came from).
PRAGMA user_version = 1;

-- One row: the run.
CREATE TABLE runs (
  host TEXT NOT NULL,                -- the host name, or --host-id
  machine_id TEXT,                   -- /etc/machine-id, IOPlatformUUID, MachineGuid
  generated_at TEXT NOT NULL,        -- RFC 3339 UTC: 2026-12-06T12:00:00Z
  generated_unix INTEGER NOT NULL,   -- the same instant in seconds since 1970 (osquery: time.unix_time)
  tool_version TEXT NOT NULL,
  probed INTEGER NOT NULL,           -- 1 when servers were probed (probe, audit --probe)
  sources INTEGER NOT NULL,          -- rows of `sources`
  unreadable_sources INTEGER NOT NULL, -- sources with status error or damaged
  accounts INTEGER NOT NULL,         -- the JSON report's summary.accounts
  errors INTEGER NOT NULL,           -- summary.errors (counted findings only)
  warnings INTEGER NOT NULL,         -- summary.warnings
  infos INTEGER NOT NULL,            -- summary.infos
  not_counted INTEGER NOT NULL       -- summary.not_counted (findings of stale files)
);

-- Every file (or registry root) looked at, as the JSON report's `sources`.
CREATE TABLE sources (
  host TEXT NOT NULL,
  machine_id TEXT,
  generated_at TEXT NOT NULL,
  client TEXT NOT NULL,
  source TEXT NOT NULL,              -- the file or registry root (JSON: path)
  status TEXT NOT NULL,              -- ok, error, locked, skipped, damaged
  message TEXT NOT NULL
);

-- Every account found, as the JSON report's `accounts` (never a password).
CREATE TABLE accounts (
  host TEXT NOT NULL,
  machine_id TEXT,
  generated_at TEXT NOT NULL,
  account TEXT NOT NULL,             -- the account id, as findings.account
  client TEXT NOT NULL,
  source TEXT NOT NULL,
  key TEXT NOT NULL,                 -- the client's own key (account1)
  profile TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  managed INTEGER NOT NULL,
  stale INTEGER NOT NULL,
  provider TEXT,                     -- the provider id; NULL when none matched
  provider_name TEXT,
  provider_matched_by TEXT,          -- email-domain, server-host, policy
  incoming_protocol TEXT,            -- the incoming_* columns are NULL when there is no incoming server
  incoming_host TEXT,
  incoming_port INTEGER,
  incoming_security TEXT,            -- none, starttls, tls
  incoming_auth TEXT,
  incoming_username TEXT,
  outgoing_protocol TEXT,            -- the outgoing_* columns are NULL when there is no outgoing server
  outgoing_host TEXT,
  outgoing_port INTEGER,
  outgoing_security TEXT,
  outgoing_auth TEXT,
  outgoing_username TEXT
);

-- Every finding: the CSV columns, in the CSV's order, then the probe that made it.
CREATE TABLE findings (
  host TEXT NOT NULL,
  machine_id TEXT,
  generated_at TEXT NOT NULL,
  tool_version TEXT NOT NULL,
  client TEXT NOT NULL,              -- '' when no client can be told
  source TEXT NOT NULL,
  account TEXT,                      -- NULL for a finding about a source file itself
  email TEXT,
  provider TEXT,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,            -- error, warning, info
  field TEXT,                        -- incoming.port, ...; NULL when about the file
  actual TEXT,                       -- as text: 995, tls, true
  expected TEXT,
  fixable INTEGER NOT NULL,
  counted INTEGER NOT NULL,          -- 0 for a finding of a stale file (shown, not counted)
  message TEXT NOT NULL,
  file TEXT,                         -- where the value is set (origin); NULL when unknown
  key TEXT,
  line INTEGER,
  related_rules TEXT NOT NULL,       -- space-separated
  probe TEXT                         -- the probe id, for probe-* findings
);
