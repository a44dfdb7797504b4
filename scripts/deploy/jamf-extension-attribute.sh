#!/bin/sh
# Jamf Pro extension attribute (string): the number of error-level mail settings findings on this
# Mac, or "unreadable" when mailmend could not read (for example without Full Disk Access).
mailmend=/usr/local/bin/mailmend
report=/Library/Application\ Support/mailmend/report.json
mkdir -p "$(dirname "$report")"
"$mailmend" audit --all-users --format json --fail-on never --output "$report" 2>/dev/null
code=$?
if [ "$code" -eq 2 ]; then
  echo "<result>unreadable</result>"
  exit 0
fi
errors=$(/usr/bin/plutil -extract summary.errors raw -o - "$report" 2>/dev/null || echo "?")
echo "<result>$errors</result>"
