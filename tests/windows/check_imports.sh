#!/usr/bin/env bash
# scripts/check-windows-imports must refuse an .exe that needs a DLL Windows does not ship (here the
# dynamically linked libstdc++-6.dll) and accept the same program linked statically, printing its
# exact imports. Usage: check_imports.sh SOURCE_DIR MINGW_CXX
set -euo pipefail
root=$1 cxx=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#include <iostream>\nint main() { std::cout << "hello" << std::endl; }\n' >"$tmp/hello.cpp"
"$cxx" "$tmp/hello.cpp" -o "$tmp/dynamic.exe"
"$cxx" -static "$tmp/hello.cpp" -o "$tmp/static.exe"
fail() { echo "FAIL: $*"; exit 1; }

if out=$(bash "$root/scripts/check-windows-imports" "$tmp/dynamic.exe" 2>&1); then
  fail "a libstdc++-6.dll import was accepted: $out"
fi
expected="$tmp/dynamic.exe imports: KERNEL32.dll libstdc++-6.dll msvcrt.dll
check-windows-imports: $tmp/dynamic.exe imports libstdc++-6.dll, which is not a Windows system DLL (link it statically)"
[ "$out" = "$expected" ] || fail "dynamic.exe: expected
$expected
got
$out"

out=$(bash "$root/scripts/check-windows-imports" "$tmp/static.exe" 2>&1) || fail "static.exe refused: $out"
[ "$out" = "$tmp/static.exe imports: KERNEL32.dll msvcrt.dll" ] || fail "static.exe: got $out"
echo "ok: check-windows-imports refuses libstdc++-6.dll and accepts the static build"
