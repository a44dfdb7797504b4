#!/usr/bin/env bash
# The Linux program as it ships (scripts/build: -O2, the C++ runtime linked in; SQLite, OpenSSL and
# libplist loaded when a run first calls them) against the build the suite checked (sanitized, its
# libraries linked as usual): it starts on glibc 2.35, and its reports of the bundled sample homes
# are the same bytes, as JSON and as the sqlite output. The homes make each loaded library work:
# Apple property lists (libplist), an Accounts4.sqlite (SQLite), and a copy of tb-linux-alice whose
# cert9.db holds a TLS-inspection root (OpenSSL; made with certutil and openssl).
# Usage: release_matches.sh SOURCE_DIR RELEASE_BINARY CHECKED_BINARY
set -euo pipefail
root=$1 release=$2 checked=$3
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

floor=0
bash "$root/tests/linux/check_glibc_floor.sh" "$release" 2.35 || floor=$?
[ "$floor" = 0 ] || [ "$floor" = 77 ] || fail "$release: glibc floor"

cp -r "$root/fixtures/homes" "$tmp/homes"
profile="$tmp/homes/tb-inspected/.thunderbird/a1b2c3d4.default-release"
cp -r "$root/fixtures/homes/tb-linux-alice" "$tmp/homes/tb-inspected"
certutil -N -d "sql:$profile" --empty-password >/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/root.key" -out "$tmp/root.pem" -days 3650 \
  -subj "/O=Avast Web\/Mail Shield/CN=Avast Web\/Mail Shield Root" \
  -addext basicConstraints=critical,CA:TRUE 2>/dev/null
certutil -A -d "sql:$profile" -n "Avast Web/Mail Shield Root" -t "C,," -i "$tmp/root.pem"

# One run of a binary: its exit code, its JSON report (the time it was made left out) and a dump of
# its sqlite output (times left out).
report() {
  local binary=$1 name=$2 code=0
  "$binary" audit --homes "$tmp/homes" -o "json=$tmp/$name.json" -o "sqlite=$tmp/$name.sqlite" || code=$?
  echo "$code" >"$tmp/$name.code"
  sed -i 's/"generated_at": "[^"]*"/"generated_at": ""/' "$tmp/$name.json"
  sqlite3 "$tmp/$name.sqlite" .dump | sed -E "s/'[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z'/'TIME'/g" >"$tmp/$name.dump"
}
report "$release" release
report "$checked" checked

[ "$(cat "$tmp/release.code")" = 1 ] || fail "the shipped build's audit exited $(cat "$tmp/release.code"), not 1 (findings)"
[ "$(cat "$tmp/checked.code")" = 1 ] || fail "the checked build's audit exited $(cat "$tmp/checked.code"), not 1"
grep -q '"tls-inspection-root"' "$tmp/release.json" || fail "no tls-inspection-root finding: OpenSSL's path not taken"
grep -q 'Accounts4.sqlite' "$tmp/release.json" || fail "no Accounts4.sqlite in the report: SQLite's path not taken"
grep -q 'Accounts.plist' "$tmp/release.json" || fail "no Accounts.plist in the report: libplist's path not taken"
cmp -s "$tmp/release.json" "$tmp/checked.json" || { diff "$tmp/checked.json" "$tmp/release.json" | head -20 || true; fail "JSON reports differ"; }
cmp -s "$tmp/release.dump" "$tmp/checked.dump" || { diff "$tmp/checked.dump" "$tmp/release.dump" | head -20 || true; fail "sqlite outputs differ"; }
echo "ok: $release reports $(grep -c '"rule":' "$tmp/release.json") findings over $(ls "$tmp/homes" | wc -l) homes, the same bytes as $checked (JSON and sqlite), exit 1"
