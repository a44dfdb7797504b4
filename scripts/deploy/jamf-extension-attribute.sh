#!/bin/sh
# Jamf Pro extension attribute (string): the number of error-level mail settings findings on this
# Mac, or "unreadable" when mailmend could not run its audit. Prints exactly one <result> line.
# Keeps the JSON report and the results database osquery reads (docs/osquery.md) beside each other.
# Give the binary Full Disk Access (a PPPC profile), or ~/Library/Mail reads as unreadable sources.
# MAILMEND, MAILMEND_OUT and MAILMEND_SELECT override the binary, the folder and "--all-users" (tests).
mailmend=${MAILMEND:-/usr/local/bin/mailmend}
out=${MAILMEND_OUT:-/Library/Application Support/mailmend}
select=${MAILMEND_SELECT:---all-users}
mkdir -p "$out" 2>/dev/null
# shellcheck disable=SC2086 # $select is one or more words
"$mailmend" audit $select --fail-on never --output "json=$out/report.json" --output "sqlite=$out/results.sqlite" >/dev/null 2>&1
code=$?
errors=""
if [ "$code" -eq 0 ] || [ "$code" -eq 3 ]; then
  errors=$(/usr/bin/sqlite3 -readonly "$out/results.sqlite" "SELECT errors FROM runs" 2>/dev/null)
fi
echo "<result>${errors:-unreadable}</result>"
exit 0
