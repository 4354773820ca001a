#!/usr/bin/env bash
# Pushes the bundled corpus to a real Virtuoso and checks that the shipped queries give there the
# answers they give locally (issue 7, point 5).
#
#   bash tests/virtuoso_push.sh [TREATYGRAPH_BINARY]
#
# Starts `virtuoso-t` (Debian package virtuoso-opensource) in a temporary directory, on two free
# loopback ports, with a fresh database; ingests data/corpus into a temporary store; pushes it to
# Virtuoso's authenticated Graph Store endpoint /sparql-graph-crud-auth as dba/dba (Virtuoso asks
# for digest authentication there, which `treatygraph push` answers); checks that a second push
# with --changed-only sends nothing; then runs resolutions-citing-palermo and
# most-cited-instruments (prepared by `treatygraph query --print`) on Virtuoso's /sparql endpoint,
# whose default graph is the union of all graphs as in treatygraph, and compares the result rows
# with `treatygraph query -f json` (values, datatypes and languages; GROUP_CONCAT lists as sets).
# Virtuoso is stopped on exit. Exit 0 pass, 1 fail, 77 skipped (no virtuoso-t).
set -euo pipefail
cd "$(dirname "$0")/.."

TG="${1:-${TREATYGRAPH:-${CARGO_TARGET_DIR:-target}/release/treatygraph}}"
if ! command -v virtuoso-t >/dev/null 2>&1; then
  echo "virtuoso_push: SKIPPED: virtuoso-t not found (apt-get install -y virtuoso-opensource)" >&2
  exit 77
fi
[ -x "$TG" ] || { echo "virtuoso_push: no treatygraph binary at $TG" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tg-virtuoso.XXXXXX")"
VIRTUOSO_PID=""
cleanup() {
  if [ -n "$VIRTUOSO_PID" ] && kill -0 "$VIRTUOSO_PID" 2>/dev/null; then
    kill "$VIRTUOSO_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$VIRTUOSO_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$VIRTUOSO_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# Two free loopback ports (SQL, HTTP), chosen by the kernel.
read -r SQL_PORT HTTP_PORT < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')

cat > "$WORK/virtuoso.ini" <<EOF
[Database]
DatabaseFile       = $WORK/virtuoso.db
ErrorLogFile       = $WORK/virtuoso.log
LockFile           = $WORK/virtuoso.lck
TransactionFile    = $WORK/virtuoso.trx
xa_persistent_file = $WORK/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase
[TempDatabase]
DatabaseFile       = $WORK/virtuoso-temp.db
TransactionFile    = $WORK/virtuoso-temp.trx
Striping           = 0
[Parameters]
ServerPort         = 127.0.0.1:$SQL_PORT
DisableUnixSocket  = 1
CheckpointInterval = 60
CaseMode           = 2
DirsAllowed        = .
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
ThreadsPerQuery    = 2
[HTTPServer]
ServerPort           = 127.0.0.1:$HTTP_PORT
ServerRoot           = $WORK
ServerThreads        = 4
MaxClientConnections = 4
Charset              = UTF-8
[SPARQL]
ResultSetMaxRows      = 100000
MaxQueryExecutionTime = 60
EOF

started=$(date +%s)
(cd "$WORK" && exec virtuoso-t -f -c virtuoso.ini >"$WORK/stdout.log" 2>&1) &
VIRTUOSO_PID=$!
BASE="http://127.0.0.1:$HTTP_PORT"
for _ in $(seq 1 120); do
  if python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=2)" \
      "$BASE/sparql?query=ASK%7B%7D" >/dev/null 2>&1; then
    break
  fi
  kill -0 "$VIRTUOSO_PID" 2>/dev/null || { cat "$WORK/virtuoso.log" >&2; echo "virtuoso_push: virtuoso-t died" >&2; exit 1; }
  sleep 0.5
done
echo "virtuoso_push: Virtuoso up on $BASE after $(( $(date +%s) - started ))s"

STORE="$WORK/store"
"$TG" -q --store "$STORE" ingest data/corpus

ENDPOINT="$BASE/sparql-graph-crud-auth"
t0=$(date +%s.%N)
TREATYGRAPH_PUSH_PASSWORD=dba "$TG" -q --store "$STORE" push --endpoint "$ENDPOINT" --user dba \
  2> "$WORK/push.log" || { cat "$WORK/push.log" >&2; exit 1; }
t1=$(date +%s.%N)
cat "$WORK/push.log" >&2
echo "virtuoso_push: first push took $(python3 -c "print(f'{$t1 - $t0:.1f}')")s"
grep -q ", 0 unchanged, 0 failed" "$WORK/push.log"

TREATYGRAPH_PUSH_PASSWORD=dba "$TG" -q --store "$STORE" push --endpoint "$ENDPOINT" --user dba \
  --changed-only 2> "$WORK/push2.log"
cat "$WORK/push2.log" >&2
grep -q ": 0 graphs sent" "$WORK/push2.log" \
  || { echo "virtuoso_push: --changed-only resent unchanged graphs" >&2; exit 1; }

# The same query, locally and on Virtuoso.
compare() {
  local name="$1"
  "$TG" query "$name" --print > "$WORK/$name.rq"
  "$TG" --store "$STORE" query "$name" -f json > "$WORK/$name.local.json"
  python3 - "$BASE/sparql" "$WORK/$name.rq" "$WORK/$name.local.json" "$name" <<'PY'
import json, sys, urllib.parse, urllib.request

endpoint, query_file, local_file, name = sys.argv[1:]
request = urllib.request.Request(
    endpoint,
    data=urllib.parse.urlencode({"query": open(query_file).read()}).encode(),
    headers={"Accept": "application/sparql-results+json"},
)
remote = json.load(urllib.request.urlopen(request, timeout=60))
local = json.load(open(local_file))

def term(binding):
    value = binding["value"]
    if ", " in value and binding.get("datatype") is None and binding.get("xml:lang") is None:
        value = ", ".join(sorted(value.split(", ")))  # GROUP_CONCAT order is unspecified
    return (value, binding.get("datatype"), binding.get("xml:lang"))

def rows(results):
    return sorted(
        tuple(sorted((var, term(b)) for var, b in row.items()))
        for row in results["results"]["bindings"]
    )

here, there = rows(local), rows(remote)
if not here:
    sys.exit(f"virtuoso_push: {name}: no local rows, nothing to compare")
if here != there:
    print(f"virtuoso_push: {name}: local {len(here)} rows, Virtuoso {len(there)} rows", file=sys.stderr)
    for row in sorted(set(here) ^ set(there))[:20]:
        print(("  only local:   " if row in here else "  only remote:  ") + repr(row), file=sys.stderr)
    sys.exit(1)
print(f"virtuoso_push: {name}: the same {len(here)} rows locally and on Virtuoso")
PY
}
compare resolutions-citing-palermo
compare most-cited-instruments
echo "virtuoso_push: passed in $(( $(date +%s) - started ))s"
