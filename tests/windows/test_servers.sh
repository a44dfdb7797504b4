# Sourced by the end-to-end scripts that need real servers (e2e_probe.sh, e2e_discovery.sh):
#   start_test_servers WHAT SCRIPT   # e.g. "discovery servers" tests/discovery/servers/discovery_servers.py
# starts SCRIPT (a server set of tests/: it prints one JSON line when ready, runs until its stdin
# closes) in "$work/servers", waits up to 30 s for "$work/ready.json", and stops the servers and
# removes "$work" when the calling script exits. field EXPR prints a Python expression over that
# JSON (j). Expects $root (the source tree) and $work (a scratch folder) to be set.

start_test_servers() {
  local what=$1 script=$2
  mkdir -p "$work/servers"
  exec 3> >(/usr/bin/python3 "$root/$script" --dir "$work/servers" > "$work/ready.json")
  trap 'exec 3>&-; sleep 0.5; rm -rf "$work"' EXIT
  for _ in $(seq 150); do [ -s "$work/ready.json" ] && break; sleep 0.2; done
  [ -s "$work/ready.json" ] || { echo "FAIL: the $what did not start"; exit 1; }
}

field() { python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"j": j}))' "$work/ready.json" "$1"; }
