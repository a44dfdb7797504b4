#!/usr/bin/env bash
# End to end under Wine: mailmend.exe probe against the real test servers (tests/probe/servers:
# Dovecot, aiosmtpd, certificates chosen by SNI) on loopback, with the Windows build's own OpenSSL,
# sockets and trust loading; its findings and observations must equal the Linux build's.
#   scripts/wine-run --session bash tests/windows/e2e_probe.sh build-windows/mailmend.exe build/mailmend
# Prints "ok: ..." or "FAIL: ..." per check; the exit code is the number of failures.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
exe=$(realpath "$1")
native=$(realpath "$2")
wine=${MAILMEND_WINE:-/usr/lib/wine/wine64}
work=$(mktemp -d /tmp/mailmend-e2e-probe.XXXXXX)
failures=0
. "$root/tests/windows/test_servers.sh"
start_test_servers "test servers" tests/probe/servers/servers.py
port() { field "j['endpoints']['$1']['port']"; }
ca=$(field "j['ca_file']")
args=(probe --timeout 3 --format json
      --server "imaps://good.test:$(port imap_tls)" --resolve "good.test:$(port imap_tls):127.0.0.2"
      --server "imaps://good.test:$(port imap_starttls)" --resolve "good.test:$(port imap_starttls):127.0.0.2"
      --server "imaps://expired.test:$(port imap_tls)" --resolve "expired.test:$(port imap_tls):127.0.0.2"
      --server "imaps://inspected.test:$(port imap_tls)" --resolve "inspected.test:$(port imap_tls):127.0.0.2"
      --server "smtp://good.test:$(port smtp_starttls)" --resolve "good.test:$(port smtp_starttls):127.0.0.2"
      --server "imap://127.0.0.2:$(port closed)")
"$native" "${args[@]}" --ca-file "$ca" > "$work/linux.json"
linux_status=$?
"$wine" "$exe" "${args[@]}" --ca-file "Z:$ca" > "$work/windows.json"
windows_status=$?
# What must not depend on the platform: each probe's observations and each finding.
observed() {
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
for p in r["probes"]:
    c = p["certificate"] or {}
    print(p["id"], p["observed_security"], [a["tcp"] for a in p["addresses"]], p["auth_mechanisms"],
          p["starttls_offered"], c.get("chain_trusted"), c.get("hostname_match"), c.get("expired"))
for f in r["findings"]:
    print(f["probe"], f["rule"], f["field"], f["actual"], f["expected"])' "$1"
}
if [ "$windows_status" = "$linux_status" ] && [ "$linux_status" = 1 ]; then
  echo "ok: exit code 1 from both builds"
else
  echo "FAIL: exit codes: Linux $linux_status, Windows $windows_status (expected 1)"; failures=$((failures + 1))
fi
if diff <(observed "$work/linux.json") <(observed "$work/windows.json"); then
  echo "ok: mailmend.exe probe observes and finds what the Linux build does ($(observed "$work/linux.json" | wc -l) lines)"
else
  echo "FAIL: mailmend.exe probe differs from the Linux build"; failures=$((failures + 1))
fi
if python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if {f["rule"] for f in r["findings"]} == {"probe-tls-mode-mismatch","probe-cert-expired","probe-tls-intercepted","probe-unreachable"} else 1)' "$work/windows.json"; then
  echo "ok: the expected findings (mode mismatch, expired, intercepted, unreachable)"
else
  echo "FAIL: unexpected findings: $(python3 -c 'import json,sys; print(sorted({f["rule"] for f in json.load(open(sys.argv[1]))["findings"]}))' "$work/windows.json")"
  failures=$((failures + 1))
fi
if /usr/bin/python3 "$root/scripts/validate-json" "$root/schemas/report.schema.json" "$work/windows.json"; then
  echo "ok: the exe's probe report validates against the schema"
else
  echo "FAIL: schema"; failures=$((failures + 1))
fi
exit "$failures"
