#!/usr/bin/env bash
# End to end under Wine: mailmend.exe on a Thunderbird profile in the Wine user's %APPDATA% and in a
# home folder named 张伟, against the Linux build on the same bytes. Run inside a fresh prefix:
#   scripts/wine-run --session bash tests/windows/e2e_files.sh build-windows/mailmend.exe build/mailmend
# Every check prints "ok: ..." or "FAIL: ..."; the exit code is the number of failures (0 = all passed).
# What Debian 12's Wine 8.0 cannot show: reparse points (mklink makes nothing there), so the
# refusal of junctions and symbolic links is covered by the unit tests' code path only on Windows.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
exe=$(realpath "$1")
native=$(realpath "$2")
wine=${MAILMEND_WINE:-/usr/lib/wine/wine64}
work=$(mktemp -d /tmp/mailmend-e2e-files.XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0

ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() {  # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}
run_exe() { "$wine" "$exe" "$@"; }
unix_path() { "$wine" winepath -u "$1" 2>/dev/null | tr -d '\r'; }
# (account's email, rule, field, severity, actual, expected) of every finding, sorted: what must
# not depend on the platform (source paths do).
findings_of() {
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
email = {a["id"]: a.get("email") for a in r["accounts"]}
rows = sorted("%s %s %s %s %s %s" % (email.get(f.get("account")), f["rule"], f.get("field"), f["severity"],
                                     f.get("actual"), f.get("expected")) for f in r["findings"])
print("\n".join(rows))' "$1"
}

appdata_win=$("$wine" cmd /c echo %APPDATA% | tr -d '\r')
appdata=$(unix_path "$appdata_win")
backups="$WINEPREFIX/drive_c/ProgramData/mailmend/backups"
# mailmend creates its backup folder itself (with its ACL); Wine 8 keeps no ACLs of its own but turns
# the one a folder is created with into its Unix mode, and reports the mode back as the ACL (others'
# bits as Everyone): section 4 opens the folder to others with chmod 755 to see the refusal.
mkdir -p "$appdata"
profile="$appdata/Thunderbird/Profiles/k7k7k7k7.default"
cp -r "$root/fixtures/homes/tb-windows-erin/AppData/Roaming/Thunderbird" "$appdata/"
rm -f "$profile/parent.lock"
cp "$profile/prefs.js" "$work/original.js"

# 1. No arguments: the current user's %APPDATA%\Thunderbird, findings as on Linux, schema-valid JSON.
run_exe audit --format json >"$work/win.json"
check "audit with no arguments exits 1 (findings)" test $? -eq 1
check "the Windows report validates against schemas/report.schema.json" \
  python3 "$root/scripts/validate-json" "$root/schemas/report.schema.json" "$work/win.json"
check "the report names the profile in %APPDATA%" grep -qF 'Roaming\\Thunderbird\\Profiles\\k7k7k7k7.default\\prefs.js' "$work/win.json"
"$native" audit --format json "$appdata/Thunderbird" >"$work/linux.json"
findings_of "$work/win.json" >"$work/win.findings"
findings_of "$work/linux.json" >"$work/linux.findings"
check "the same findings as the Linux build on the same profile ($(wc -l <"$work/win.findings") findings)" \
  cmp -s "$work/win.findings" "$work/linux.findings"
check "lines end in LF only (byte-identical reports across platforms)" sh -c "! grep -q $'\r' '$work/win.json'"

# 2. Thunderbird running: parent.lock held open without sharing by another process.
x86_64-w64-mingw32-gcc -municode -static -O1 "$root/tests/windows/hold_open.c" -o "$work/hold_open.exe"
"$wine" "$work/hold_open.exe" "$appdata_win\\Thunderbird\\Profiles\\k7k7k7k7.default\\parent.lock" 60 >"$work/hold.out" &
holder=$!
for _ in $(seq 100); do grep -q held "$work/hold.out" 2>/dev/null && break; sleep 0.1; done
run_exe fix --apply >"$work/locked.txt" 2>&1
check "fix while parent.lock is held exits 3" test $? -eq 3
check "... and says Thunderbird is running" grep -q "Thunderbird is running (another process holds the lock on" "$work/locked.txt"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
check "... and leaves prefs.js untouched" cmp -s "$profile/prefs.js" "$work/original.js"

# 3. A file with a second hard link elsewhere is refused.
ln "$profile/prefs.js" "$WINEPREFIX/drive_c/second-link.js"
run_exe fix --apply >"$work/hardlink.txt" 2>&1
check "fix on a hard-linked prefs.js exits 3" test $? -eq 3
check "... naming the two links" grep -q "has 2 hard links; refusing" "$work/hardlink.txt"
rm "$WINEPREFIX/drive_c/second-link.js"

# 4. Fix, re-audit, restore the whole run: byte-identical. The first fix creates the backup folder.
run_exe fix --apply >"$work/fix.txt" 2>&1
check "fix --apply exits 0" test $? -eq 0
check "re-audit: no error-level finding left" sh -c "'$wine' '$exe' audit | tail -1 | grep -q ', 0 errors,'"
check "the profile changed" sh -c "! cmp -s '$profile/prefs.js' '$work/original.js'"
run_id=$(grep -o 'mailmend restore run-[0-9a-f.-]*' "$work/fix.txt" | head -1 | cut -d' ' -f3)
run_exe restore "$run_id" >"$work/restore.txt" 2>&1
check "restore $run_id exits 0" test $? -eq 0 || cat "$work/fix.txt" "$work/restore.txt"
check "prefs.js is byte-identical to before the fix" cmp -s "$profile/prefs.js" "$work/original.js"

# 5. A backup folder other users can read is refused while elevated.
chmod 755 "$backups"
run_exe fix --apply >"$work/acl.txt" 2>&1
check "fix with a readable backup folder exits 3" test $? -eq 3
check "... saying why" grep -q "the backup folder must be a folder only SYSTEM, Administrators" "$work/acl.txt"
chmod 700 "$backups"

# 6. A user called 张伟: the home folder's name in arguments, paths, reports, fix and restore.
zhang_win='C:\Users\张伟'
zhang=$(unix_path "$zhang_win")
mkdir -p "$zhang/AppData/Roaming"
cp -r "$root/fixtures/homes/tb-windows-erin/AppData/Roaming/Thunderbird" "$zhang/AppData/Roaming/"
rm -f "$zhang/AppData/Roaming/Thunderbird/Profiles/k7k7k7k7.default/parent.lock"
zprefs="$zhang/AppData/Roaming/Thunderbird/Profiles/k7k7k7k7.default/prefs.js"
run_exe audit --home "$zhang_win" --format json >"$work/zhang.json"
check "audit --home C:\\Users\\张伟 exits 1" test $? -eq 1
check "... the report carries the name in UTF-8" grep -qF 'C:\\Users\\张伟\\AppData\\Roaming\\Thunderbird' "$work/zhang.json"
findings_of "$work/zhang.json" >"$work/zhang.findings"
check "... the same findings as the Linux build" cmp -s "$work/zhang.findings" "$work/linux.findings"
run_exe audit --home "$zhang_win" >"$work/zhang.txt"
check "... the text report prints the name" grep -qF '张伟' "$work/zhang.txt"
run_exe fix --home "$zhang_win" --apply >"$work/zfix.txt" 2>&1
check "fix --home C:\\Users\\张伟 --apply exits 0" test $? -eq 0
zrun=$(grep -o 'mailmend restore run-[0-9a-f.-]*' "$work/zfix.txt" | head -1 | cut -d' ' -f3)
run_exe restore "$zrun" >/dev/null 2>&1
check "... restore puts the original bytes back" cmp -s "$zprefs" "$work/original.js"

# 7. The Group Policy logon script, as Windows runs it (cmd /c).
share="$WINEPREFIX/drive_c/share"
mkdir -p "$share"
MAILMEND_SHARE='C:\share' MAILMEND_EXE="$(echo "Z:$exe" | tr / '\\')" \
  "$wine" cmd /c "$(echo "Z:$root/scripts/deploy/login-script.cmd" | tr / '\\')" >"$work/login.txt" 2>&1
check "login-script.cmd exits 0" test $? -eq 0
report=$(ls "$share"/*.json 2>/dev/null | head -1)
check "... it wrote <COMPUTERNAME>-<USERNAME>.json on the share ($(basename "${report:-none}"))" test -n "$report"
check "... a valid report" python3 "$root/scripts/validate-json" "$root/schemas/report.schema.json" "${report:-/dev/null}"
results=$(ls "$WINEPREFIX"/drive_c/users/*/AppData/Local/mailmend/results.sqlite 2>/dev/null | head -1)
check "... and the results database in %LOCALAPPDATA%\\mailmend with the same findings" \
  test -n "$results" -a "$(sqlite3 -readonly "${results:-/dev/null}" 'SELECT count(*) FROM findings' 2>/dev/null)" = \
  "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "${report:-/dev/null}" 2>/dev/null)"

echo "e2e_files: $failures failure(s)"
exit "$failures"
