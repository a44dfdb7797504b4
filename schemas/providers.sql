-- mailmend provider database (SQLite). Written by `mailmend providers import`, embedded in the
-- binary at build time from data/. The build compiles this file into src/providers/schema.cpp.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
-- One row per ISPDB file (or provider added by data/overrides).
CREATE TABLE providers (
  id                    TEXT PRIMARY KEY,   -- ISPDB file name without .xml, e.g. "hotmail.com"
  name                  TEXT NOT NULL,      -- displayName
  short_name            TEXT NOT NULL DEFAULT '',
  documentation_url     TEXT NOT NULL DEFAULT '',
  oauth2_only           INTEGER NOT NULL DEFAULT 0 CHECK (oauth2_only IN (0, 1)),
  oauth2_only_smtp_from TEXT NOT NULL DEFAULT '',  -- ISO date: SMTP takes passwords until then
  app_password_required INTEGER NOT NULL DEFAULT 0 CHECK (app_password_required IN (0, 1)),
  imap_must_be_enabled  INTEGER NOT NULL DEFAULT 0 CHECK (imap_must_be_enabled IN (0, 1)),
  last_checked          TEXT NOT NULL DEFAULT '',  -- ISO date of the newest checked fact
  origin                TEXT NOT NULL DEFAULT ''   -- data files it was built from
);
-- Email domains, lower-cased and trimmed; each belongs to exactly one provider.
CREATE TABLE domains (
  domain      TEXT PRIMARY KEY,
  provider_id TEXT NOT NULL REFERENCES providers(id)
);
CREATE INDEX domains_provider ON domains(provider_id);
-- Servers in the provider's preference order (position 0 first) per direction: the recommended
-- ones first, then those it also accepts.
CREATE TABLE servers (
  provider_id TEXT NOT NULL REFERENCES providers(id),
  direction   TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
  position    INTEGER NOT NULL,
  protocol    TEXT NOT NULL,               -- ISPDB type as written: imap, pop3, smtp, ews, owa, graph, exchange
  hostname    TEXT NOT NULL DEFAULT '',    -- template; may hold %EMAILDOMAIN%
  port        INTEGER NOT NULL DEFAULT 0,  -- 0 when not given (URL-based servers)
  socket_type TEXT NOT NULL DEFAULT '',    -- tls | starttls | none | unknown
  auth        TEXT NOT NULL DEFAULT '',    -- ISPDB auth values in preference order, space-separated
  username    TEXT NOT NULL DEFAULT '',    -- template: %EMAILADDRESS%, %EMAILLOCALPART%, ...
  url         TEXT NOT NULL DEFAULT '',
  -- 1: a server the provider also accepts but does not recommend (data/overrides <acceptedServer>);
  -- an account using it works. The ISPDB lists recommended servers only.
  accepted    INTEGER NOT NULL DEFAULT 0 CHECK (accepted IN (0, 1)),
  -- username templates the server accepts beside `username`, space-separated (<acceptedUsername>)
  accepted_usernames TEXT NOT NULL DEFAULT '',
  source      TEXT NOT NULL DEFAULT '',    -- where an accepted server or username form is documented
  PRIMARY KEY (provider_id, direction, position)
);
-- Hosts the provider no longer serves, and what replaced them.
CREATE TABLE retired_hosts (
  provider_id TEXT NOT NULL REFERENCES providers(id),
  host        TEXT NOT NULL,
  replacement TEXT NOT NULL DEFAULT '',
  since       TEXT NOT NULL DEFAULT '',
  note        TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (provider_id, host)
);
-- Literal host names (incoming, outgoing, retired) for matching accounts by server. A host may
-- serve several providers; the highest rank wins (the provider whose own domain the host is in).
CREATE TABLE hosts (
  host        TEXT NOT NULL,
  provider_id TEXT NOT NULL REFERENCES providers(id),
  role        TEXT NOT NULL CHECK (role IN ('incoming', 'outgoing', 'retired')),
  rank        INTEGER NOT NULL,
  PRIMARY KEY (host, provider_id, role)
);
-- MX host names that reveal a provider behind a company domain (data/overrides <mxHost>): a host
-- name, or "*." and a suffix matching hosts with one or more labels before it. Online discovery's
-- MX step looks the lowest-preference MX host up here before it tries the host's parent domains.
CREATE TABLE mx_hosts (
  pattern     TEXT PRIMARY KEY,
  provider_id TEXT NOT NULL REFERENCES providers(id),
  service     TEXT NOT NULL DEFAULT ''   -- what the MX reveals, e.g. "Google Workspace"
);
CREATE INDEX mx_hosts_provider ON mx_hosts(provider_id);
-- Provenance of the facts the ISPDB lacks: source note and date last checked.
CREATE TABLE facts (
  provider_id  TEXT NOT NULL REFERENCES providers(id),
  fact         TEXT NOT NULL,
  value        TEXT NOT NULL,
  source       TEXT NOT NULL,
  last_checked TEXT NOT NULL
);
CREATE INDEX facts_provider ON facts(provider_id);
