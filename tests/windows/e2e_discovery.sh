#!/usr/bin/env bash
# End to end under Wine: mailmend.exe providers discover / audit --online against the real
# discovery servers (tests/discovery/servers: dnsmasq, HTTPS and HTTP on loopback) with the
# Windows build's own libcurl, c-ares, OpenSSL and trust loading; each domain's answer must equal
# the Linux build's. Then: the cache. (c-ares without --dns-server, which asks the DNS servers
# Windows lists for its adapters, is not run here: tests talk only to servers on loopback.)
#   scripts/wine-run --session bash tests/windows/e2e_discovery.sh build-windows/mailmend.exe build/mailmend
# Prints "ok: ..." or "FAIL: ..." per check; the exit code is the number of failures.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
exe=$(realpath "$1")
native=$(realpath "$2")
wine=${MAILMEND_WINE:-/usr/lib/wine/wine64}
work=$(mktemp -d /tmp/mailmend-e2e-discovery.XXXXXX)
failures=0
. "$root/tests/windows/test_servers.sh"
start_test_servers "discovery servers" tests/discovery/servers/discovery_servers.py
ca=$(field "j['ca_file']")
server_args=(--dns-server "$(field "j['dns']['host']"):$(field "j['dns']['port']")")
while read -r c; do server_args+=(--connect-to "$c"); done < <(field "'\n'.join(j['connect_to'])")
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# What must not depend on the platform: the step, where, whether authenticated, the provider and
# its servers, and every reason a step gave nothing.
answer() {
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
d = r["discovery"]
print(sys.argv[2], d["found"], d.get("step"), d.get("where"), d.get("authenticated"), d["stopped_by_timeout"])
print(" provider", r.get("id"), r.get("name"))
for s in r.get("incoming", []) + r.get("outgoing", []):
    print(" server", s["type"], s["host"], s["port"], s["security"], s.get("username"))
for t in d["tried"]:
    print(" tried", t)' "$1" "$2"
}

queries=(auto.test wk.test listed.test plain.test m365.test google.test exmail.test qqmx.test hosted.test
         srv.test carol@exch.test exsrv.test dave@poxmail.test onprem.test broken.test loop.test downgrade.test
         big.test servfail.test unknown.test qiye.test)
for q in "${queries[@]}"; do
  "$native" providers discover "$q" --format json --timeout 2 --cache-dir "$work/linux-cache" "${server_args[@]}" \
    --ca-file "$ca" > "$work/linux.json" 2>/dev/null
  linux_status=$?
  "$wine" "$exe" providers discover "$q" --format json --timeout 2 --cache-dir "Z:$work/windows-cache" "${server_args[@]}" \
    --ca-file "Z:$ca" > "$work/windows.json" 2>"$work/windows.err"
  windows_status=$?
  if [ "$linux_status" != "$windows_status" ]; then
    fail "$q: exit codes: Linux $linux_status, Windows $windows_status ($(head -c 300 "$work/windows.err"))"
    continue
  fi
  if diff <(answer "$work/linux.json" "$q") <(answer "$work/windows.json" "$q") > "$work/diff"; then
    echo "ok: $q: $(python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))["discovery"]
print("%s at %s" % (d["step"], d["where"]) if d["found"] else "nothing found (%d reasons)" % len(d["tried"]))' "$work/windows.json") (exit $windows_status, as on Linux)"
  else
    fail "$q: mailmend.exe differs from the Linux build:"; cat "$work/diff"
  fi
done

# The Windows cache answers a second lookup without asking any server.
before=$(wc -l < "$(field "j['requests_log']")")
"$wine" "$exe" providers discover auto.test --format json --timeout 2 --cache-dir "Z:$work/windows-cache" "${server_args[@]}" \
  --ca-file "Z:$ca" > "$work/cached.json" 2>/dev/null
after=$(wc -l < "$(field "j['requests_log']")")
if python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["discovery"]["from_cache"] else 1)' "$work/cached.json" &&
   [ "$before" = "$after" ]; then
  echo "ok: the second lookup of auto.test comes from the Windows cache (no request)"
else
  fail "auto.test was not answered from the cache (requests $before -> $after)"
fi

# audit --online: the discovered Microsoft 365 judges a Thunderbird account of m365.test that
# points at the old on-premises host, as on Linux.
tb="$work/tb/Thunderbird"
profile="$tb/Profiles/a.default"
mkdir -p "$profile"
printf '[Profile0]\nName=default\nIsRelative=1\nPath=Profiles/a.default\nDefault=1\n' > "$tb/profiles.ini"
cat > "$profile/prefs.js" <<'PREFS'
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.identity.id1.useremail", "erin@m365.test");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.server.server1.hostname", "mail.m365.test");
user_pref("mail.server.server1.port", 993);
user_pref("mail.server.server1.socketType", 3);
user_pref("mail.server.server1.type", "imap");
user_pref("mail.server.server1.userName", "erin@m365.test");
user_pref("mail.smtpserver.smtp1.hostname", "mail.m365.test");
user_pref("mail.smtpserver.smtp1.port", 587);
user_pref("mail.smtpserver.smtp1.try_ssl", 2);
user_pref("mail.smtpservers", "smtp1");
PREFS
findings() {
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
for f in r["findings"]:
    print(f["rule"], f["field"], f.get("actual"), f.get("expected"))' "$1"
}
"$native" audit "$tb" --online --format json --timeout 2 --cache-dir "$work/linux-audit-cache" \
  "${server_args[@]}" --ca-file "$ca" > "$work/linux-audit.json" 2>/dev/null
linux_status=$?
"$wine" "$exe" audit "Z:$tb" --online --format json --timeout 2 \
  --cache-dir "Z:$work/windows-audit-cache" "${server_args[@]}" --ca-file "Z:$ca" > "$work/windows-audit.json" 2>"$work/windows.err"
windows_status=$?
if [ "$linux_status" = "$windows_status" ] && diff <(findings "$work/linux-audit.json") <(findings "$work/windows-audit.json") > "$work/diff" &&
   findings "$work/windows-audit.json" | grep 'outlook.office365.com' > /dev/null; then
  echo "ok: audit --online: the same findings against the discovered Microsoft 365 (exit $windows_status; $(findings "$work/windows-audit.json" | wc -l) findings)"
else
  fail "audit --online: Linux exit $linux_status, Windows $windows_status ($(head -c 300 "$work/windows.err"))"; cat "$work/diff"
fi

exit "$failures"
