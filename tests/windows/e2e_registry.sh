#!/usr/bin/env bash
# End to end under Wine: Outlook accounts in the live registry (HKCU).
#   e2e_registry.sh SOURCE_DIR MAILMEND_EXE LINUX_MAILMEND
# In a fresh WINEPREFIX: `reg import` of a real regedit export (fixtures/outlook/regedit-export.reg);
# `mailmend.exe audit --format json` with no arguments must list the same accounts and findings as
# the Linux build does for the .reg file; `fix --apply` is refused while an OUTLOOK.EXE of the user
# runs, then changes the values keeping their types (checked with `reg query`, and against the
# fix/undo .reg pair the Linux build makes for the same export); `restore` brings back the exact
# old types and bytes (a byte-exact `reg export`), and refuses values changed since unless --force.
# KEEP=1 keeps the scratch folder (prefix, JSON outputs, reg exports) for inspection.
set -euo pipefail
root=$(cd "$1" && pwd) exe=$(realpath "$2") linux=$(realpath "$3")
fixture=$root/fixtures/outlook/regedit-export.reg
WINE=${MAILMEND_WINE:-/usr/lib/wine/wine64}
WINESERVER=${MAILMEND_WINESERVER:-/usr/lib/wine/wineserver}
export WINEDEBUG=-all
tmp=$(mktemp -d /tmp/mailmend-e2e-registry.XXXXXX)
export WINEPREFIX=$tmp/prefix
mkdir -p "$WINEPREFIX"
fake_outlook_pid=
cleanup() {
  [ -n "$fake_outlook_pid" ] && kill "$fake_outlook_pid" 2>/dev/null
  "$WINESERVER" -k 2>/dev/null || true
  "$WINESERVER" -w 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
win_path() { printf 'Z:%s' "${1//\//\\}"; }
wine_run() { "$WINE" "$@"; }
mailmend() { "$WINE" "$exe" "$@"; }

"$WINESERVER" -p
WINEDLLOVERRIDES="mscoree=;mshtml=" "$WINE" wineboot -i >/dev/null 2>&1

office='HKCU\Software\Microsoft\Office'
accounts="$office\\16.0\\Outlook\\Profiles"
manager=9375CFF0413111d3B88A00104B2A6676
export_office() { wine_run reg export "$office" "$(win_path "$1")" /y >/dev/null; }
# "TYPE DATA" of one value, as reg query prints it.
query() {
  wine_run reg query "$accounts\\$1\\$manager\\$2" /v "$3" | tr -d '\r' |
    awk -v name="$3" 'index($0, "    " name "    ") == 1 { sub("^    " name "    ", ""); sub("    ", " "); print }'
}
# Outlook's REG_BINARY string: UTF-16LE with its NUL, as reg query prints it.
utf16_hex() { printf '%s\0' "$1" | iconv -f UTF-8 -t UTF-16LE | od -An -tx1 -v | tr -d ' \n' | tr a-f A-F; }
backups='C:\mm-backups'
# Wine 8 keeps no ACLs of its own: it reports a folder's Unix mode as its ACL (others' bits as
# Everyone). 0700 is what the ACL mailmend sets for its backup folder means.
mkdir -p "$WINEPREFIX/drive_c/mm-backups" && chmod 700 "$WINEPREFIX/drive_c/mm-backups"

wine_run reg import "$(win_path "$fixture")" >/dev/null 2>&1 || fail "reg import of $fixture"
export_office "$tmp/before.reg"

# 1. The audit of the live HKCU equals the Linux audit of the export (but for source names).
status=0
mailmend audit --format json >"$tmp/win.json" || status=$?
linux_status=0
"$linux" audit --format json "$fixture" >"$tmp/linux.json" || linux_status=$?
[ "$status" = "$linux_status" ] || fail "audit exit code: Windows $status, Linux $linux_status"
normal='{
  sources: [.sources[] | select(.client == "outlook") | {status, message}],
  accounts: [.accounts[] | del(.id, .source)] | sort_by(.key),
  findings: [.findings[] | .account |= sub("^outlook:[^#]*#"; "")
             | .origin |= (if . == null then null else {default, key: (.key | sub("^(HKEY_CURRENT_USER|HKCU)\\\\"; ""))} end)]
            | sort_by(.account, .field, .rule)
}'
jq -S "$normal" "$tmp/win.json" >"$tmp/win.normal"
jq -S "$normal" "$tmp/linux.json" >"$tmp/linux.normal"
diff -u "$tmp/linux.normal" "$tmp/win.normal" || fail "the live audit differs from the Linux audit of the export"
[ "$(jq '.accounts | length' "$tmp/win.json")" = 4 ] || fail "expected 4 accounts in HKCU"
jq -e '[.sources[] | select(.client == "outlook")][0].path == "HKCU"' "$tmp/win.json" >/dev/null ||
  fail "the Outlook source is not HKCU"
echo "ok: audit with no arguments reads HKCU: same accounts and findings as the Linux build on the .reg export"

# 2. While an OUTLOOK.EXE of this user runs, nothing is written (exit 3).
printf '#include <windows.h>\nint main(void) { Sleep(60000); return 0; }\n' >"$tmp/sleep.c"
x86_64-w64-mingw32-gcc -o "$tmp/OUTLOOK.EXE" "$tmp/sleep.c"
wine_run "$tmp/OUTLOOK.EXE" &
fake_outlook_pid=$!
sleep 2
status=0
mailmend fix --apply --backup-dir "$backups" >"$tmp/locked.txt" 2>&1 || status=$?
wine_run taskkill /F /IM OUTLOOK.EXE >/dev/null 2>&1 || true
wait "$fake_outlook_pid" 2>/dev/null || true
fake_outlook_pid=
[ "$status" = 3 ] || fail "fix --apply while OUTLOOK.EXE runs: exit $status, expected 3: $(cat "$tmp/locked.txt")"
grep -q 'refused: HKCU: Outlook is running for this user (OUTLOOK.EXE, pid ' "$tmp/locked.txt" ||
  fail "no Outlook-running refusal: $(cat "$tmp/locked.txt")"
export_office "$tmp/now.reg"
cmp -s "$tmp/before.reg" "$tmp/now.reg" || fail "the registry changed although Outlook was running"
echo "ok: fix --apply is refused while the user's OUTLOOK.EXE runs; nothing changed"

# 3. The dry run plans the registry in place and changes nothing.
status=0
mailmend fix --format json >"$tmp/plan.json" || status=$?
[ "$status" = 1 ] || fail "fix (dry run): exit $status, expected 1"
jq -e '.files | length == 1 and .[0].file == "HKCU" and .[0].kind == "registry" and .[0].status == "pending"' \
  "$tmp/plan.json" >/dev/null || fail "dry run: $(jq -c '.files' "$tmp/plan.json")"
"$linux" fix --format json "$fixture" >"$tmp/linux-plan.json" || true
[ "$(jq '.pending_changes' "$tmp/plan.json")" = "$(jq '.reg_fixes[0].changes' "$tmp/linux-plan.json")" ] ||
  fail "the live plan and the Linux .reg plan differ in size"
export_office "$tmp/now.reg"
cmp -s "$tmp/before.reg" "$tmp/now.reg" || fail "the dry run changed the registry"
echo "ok: the dry run plans $(jq '.pending_changes' "$tmp/plan.json") value changes in HKCU and changes nothing"

# 4. fix --apply writes with the types kept.
status=0
mailmend fix --apply --backup-dir "$backups" --format json >"$tmp/apply.json" || status=$?
[ "$status" = 0 ] || fail "fix --apply: exit $status: $(jq -c '.files' "$tmp/apply.json")"
jq -e '.files[0].outcome == "applied"' "$tmp/apply.json" >/dev/null || fail "not applied: $(jq -c '.files' "$tmp/apply.json")"
run=$(jq -r '.run_id' "$tmp/apply.json")
backup_id=$(jq -r '.files[0].backup_id' "$tmp/apply.json")
export_office "$tmp/fixed.reg"
expect() {
  local got
  got=$(query "$1" "$2" "$3")
  [ "$got" = "$4" ] || fail "$1 \"$3\": reg query shows \"$got\", expected \"$4\""
}
expect Work 00000002 "POP3 Server" "REG_BINARY $(utf16_hex outlook.office365.com)"
expect Work 00000002 "SMTP Server" "REG_BINARY $(utf16_hex smtp-mail.outlook.com)"
expect Work 00000002 "POP3 Use SSL" "REG_DWORD 0x1"
expect Work 00000002 "SMTP Secure Connection" "REG_DWORD 0x2"
expect Work 00000001 "SMTP Port" "REG_DWORD 0x1d1"
expect Home 00000001 "IMAP User" "REG_BINARY $(utf16_hex frank.example@yahoo.com)"
expect Home 00000001 "IMAP Port" "REG_DWORD 0x3e1"  # added: the export had none
expect Work 00000003 "SMTP User" "REG_SZ bob-smtp"   # a REG_SZ account mailmend leaves alone
mailmend audit --format json >"$tmp/after.json" || true
[ "$(jq '[.findings[] | select(.fixable)] | length' "$tmp/after.json")" = 0 ] || fail "fixable findings left after the fix"
echo "ok: fix --apply changed HKCU keeping REG_BINARY strings and DWORDs (reg query); no fixable finding is left"

# 5. The live fix equals the Linux fix .reg; the backup's undo .reg equals the Linux undo.
mkdir -p "$tmp/linux"
"$linux" fix --apply --reg-out "$tmp/linux" "$fixture" >/dev/null || true
wine_run reg import "$(win_path "$tmp/linux/regedit-export.mailmend-fix.reg")" >/dev/null 2>&1
export_office "$tmp/now.reg"
cmp -s "$tmp/fixed.reg" "$tmp/now.reg" || fail "the Linux fix .reg changes the live fix"
undo=$WINEPREFIX/drive_c/mm-backups/$backup_id/undo.reg
[ -f "$undo" ] || fail "no undo.reg beside the backup manifest"
jq -e '.kind == "registry" and (.cells | length) > 0 and all(.cells[]; has("type") and has("before_hex"))' \
  "$WINEPREFIX/drive_c/mm-backups/$backup_id/manifest.json" >/dev/null || fail "the manifest is not a registry backup"
wine_run reg import "$(win_path "$undo")" >/dev/null 2>&1
export_office "$tmp/now.reg"
cmp -s "$tmp/before.reg" "$tmp/now.reg" || fail "importing the backup's undo.reg does not give the original back"
wine_run reg import "$(win_path "$tmp/linux/regedit-export.mailmend-fix.reg")" >/dev/null 2>&1
echo "ok: the live fix writes what the Linux fix .reg writes; the backup's undo.reg puts the original back"

# 6. restore puts back the exact old types and bytes; a second restore has nothing to do.
status=0
mailmend restore "$run" --backup-dir "$backups" >"$tmp/restore.txt" 2>&1 || status=$?
[ "$status" = 0 ] || fail "restore $run: exit $status: $(cat "$tmp/restore.txt")"
export_office "$tmp/now.reg"
cmp -s "$tmp/before.reg" "$tmp/now.reg" || { diff <(iconv -f UTF-16 "$tmp/before.reg") <(iconv -f UTF-16 "$tmp/now.reg") || true; fail "restore did not give the exact original back"; }
mailmend restore "$run" --backup-dir "$backups" >"$tmp/restore.txt" 2>&1 || fail "second restore: $(cat "$tmp/restore.txt")"
grep -q 'already-original' "$tmp/restore.txt" || fail "second restore: $(cat "$tmp/restore.txt")"
echo "ok: restore $run gives back the exact types and bytes (reg export is byte-identical)"

# 7. A value changed since the fix: restore refuses (exit 3) unless --force.
mailmend fix --apply --backup-dir "$backups" --format json >"$tmp/apply2.json" || fail "second fix --apply"
run=$(jq -r '.run_id' "$tmp/apply2.json")
wine_run reg add "$accounts\\Work\\$manager\\00000002" /v "POP3 Use SSL" /t REG_DWORD /d 0 /f >/dev/null
status=0
mailmend restore "$run" --backup-dir "$backups" >"$tmp/restore.txt" 2>&1 || status=$?
[ "$status" = 3 ] || fail "restore of a changed registry: exit $status: $(cat "$tmp/restore.txt")"
grep -q 'HKCU: changed since mailmend wrote it; use --force' "$tmp/restore.txt" || fail "$(cat "$tmp/restore.txt")"
expect Work 00000002 "POP3 Use SSL" "REG_DWORD 0x0"
mailmend restore "$run" --force --backup-dir "$backups" >"$tmp/restore.txt" 2>&1 || fail "restore --force: $(cat "$tmp/restore.txt")"
export_office "$tmp/now.reg"
cmp -s "$tmp/before.reg" "$tmp/now.reg" || fail "restore --force did not give the exact original back"
echo "ok: restore refuses values changed since the fix (exit 3); --force writes the old types and bytes back"
