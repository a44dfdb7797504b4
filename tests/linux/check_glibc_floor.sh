#!/usr/bin/env bash
# The Linux binary must start on glibc FLOOR (2.35: Ubuntu 22.04; Debian 12 has 2.36): every glibc
# symbol version it needs, read from its dynamic symbol table, is at most FLOOR. A newer one (a
# static libstdc++'s std::random_device needs 2.36's arc4random) fails, naming the symbols.
# Usage: check_glibc_floor.sh BINARY FLOOR
# A build host with a glibc newer than Debian 12's (2.36) links against its own, newer symbols:
# the floor is then that host's business, and the check skips (exit 77).
set -euo pipefail
binary=$1 floor=$2
host=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
if [ -n "$host" ] && [ "$(printf '%s\n2.36\n' "$host" | sort -V | tail -1)" != 2.36 ]; then
  echo "skipped: built against glibc $host, newer than Debian 12's 2.36"
  exit 77
fi
# Lines such as "0000000000000000      DF *UND*  0000000000000000 (GLIBC_2.34) pthread_join".
symbols=$(objdump -T "$binary" | awk 'match($0, /\(GLIBC_[0-9.]+\) [^ ]+$/) {
  s = substr($0, RSTART + 1, RLENGTH - 1); sub(/\) /, " ", s); print s }' | sort -u)
[ -n "$symbols" ] || { echo "FAIL: $binary: no glibc symbol versions read (objdump -T)"; exit 1; }
newest=$(printf '%s\n' "$symbols" | grep -o '^GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
too_new=$(printf '%s\n' "$symbols" | awk -v floor="$floor" '{
  v = $1; sub(/^GLIBC_/, "", v); split(v, a, "."); split(floor, f, ".");
  if (a[1] + 0 > f[1] + 0 || (a[1] + 0 == f[1] + 0 && a[2] + 0 > f[2] + 0)) print }')
if [ -n "$too_new" ]; then
  echo "FAIL: $binary needs glibc $newest, newer than $floor, for:"
  printf '  %s\n' "$too_new"
  exit 1
fi
echo "ok: $binary needs glibc $newest at most (floor $floor)"
