#!/bin/sh
# Jamf Pro policy script (runs as root): applies the fixes mailmend can make unambiguously to every
# user's mail settings and keeps the JSON result. Jamf parameter 4: "allow-accounts-db" also lets
# it change the Internet Accounts database (Accounts4.sqlite; off by default, see README
# "Fixing"). Needs Full Disk Access for the mailmend binary (a PPPC profile). Mail must be quit:
# files of a running Mail are refused (exit 3, reported, retried next run).
# MAILMEND and MAILMEND_OUT override the binary's path and the output folder (tests).
mailmend=${MAILMEND:-/usr/local/bin/mailmend}
out=${MAILMEND_OUT:-/Library/Application Support/mailmend}
mkdir -p "$out"
set -- "${4:-}"
extra=""
case "$1" in
  allow-accounts-db) extra="--allow-accounts-db" ;;
  "") ;;
  *) echo "mailmend: unknown parameter 4 \"$1\" (expected allow-accounts-db or nothing)" >&2; exit 2 ;;
esac
# shellcheck disable=SC2086 # $extra is one flag or nothing
"$mailmend" fix --all-users --apply $extra --format json --output "$out/fix.json"
code=$?
case $code in
  0) echo "mailmend: nothing left to fix" ;;
  3) echo "mailmend: some files refused or rolled back (Mail running?); see $out/fix.json" ;;
  *) echo "mailmend: fix failed (exit $code)" ;;
esac
exit $code
