#!/usr/bin/env bash
# Loopback load runs against `treatygraph serve` with wrk (Debian package `wrk`):
#   palermo  — N connections for D seconds, all GET /sparql with the shipped Palermo query;
#   mixed    — N connections for D seconds cycling through valid, malformed (400) and expensive
#              (cancelled by the time limit: 503) queries plus the service description.
# Prints wrk's latency distribution, the status counts, and the peak resident memory of the server
# and of its query worker processes (each worker's VmHWM, summed, for the workers alive at the
# end; and the peak of server + workers RSS sampled every 0.2 s during the run, which also covers
# workers killed at the time limit). Extra `serve` options can be given in $SERVE_ARGS
# (e.g. SERVE_ARGS=--in-process).
#
#   bash benches/load/run.sh palermo [CONNECTIONS=8] [SECONDS=20] [STORE]
#   bash benches/load/run.sh mixed   [CONNECTIONS=32] [SECONDS=30] [STORE]
#
# Without STORE, data/corpus is ingested into a temporary store. Binary: $TREATYGRAPH, else
# $CARGO_TARGET_DIR/release/treatygraph. Only 127.0.0.1 is ever contacted.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${TREATYGRAPH:-${CARGO_TARGET_DIR:-$ROOT/target}/release/treatygraph}"
MODE="${1:?palermo or mixed}"
CONNECTIONS="${2:-$([ "$MODE" = mixed ] && echo 32 || echo 8)}"
SECONDS_="${3:-$([ "$MODE" = mixed ] && echo 30 || echo 20)}"
WORK="$(mktemp -d -t treatygraph-load-XXXXXX)"
STORE="${4:-$WORK/store}"
SERVER=""
SAMPLER=""
cleanup() {
  [ -n "$SAMPLER" ] && kill "$SAMPLER" 2>/dev/null
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
cd "$ROOT"
[ -n "${4:-}" ] || "$BIN" --quiet --store "$STORE" ingest data/corpus
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
"$BIN" --store "$STORE" serve --bind "127.0.0.1:$PORT" --query-timeout 2 ${SERVE_ARGS:-} 2>"$WORK/server.log" &
SERVER=$!
for _ in $(seq 1 100); do curl -fsS -o /dev/null "$BASE/sparql" 2>/dev/null && break; sleep 0.2; done

# The shipped Palermo query with its parameter bound, as the server lists it.
curl -fsS "$BASE/queries.json" | python3 -c '
import json, sys, urllib.parse
queries = {q["name"]: q["sparql"] for q in json.load(sys.stdin)}
print(urllib.parse.quote(queries["resolutions-citing-palermo"], safe=""))' >"$WORK/palermo"

cat >"$WORK/load.lua" <<LUA
local palermo = "/sparql?query=" .. io.open("$WORK/palermo"):read("*l")
local malformed = "/sparql?query=SELECT%20%3Fx%20WHERE%20%7B%20%3Fx"
-- Every triple against every triple against every triple: only the time limit ends it.
local expensive = "/sparql?query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%20%3Fa%20%3Fb%20%3Fc%20.%20%3Fd%20%3Fe%20%3Ff%20.%20%3Fg%20%3Fh%20%3Fi%20%7D"
local paths
if "$MODE" == "mixed" then
  paths = { palermo, palermo, palermo, malformed, "/sparql", palermo, expensive, palermo }
else
  paths = { palermo }
end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) i = 0; statuses = {} end
function request()
  i = i + 1
  local path = paths[(i % #paths) + 1]
  -- The service description (a query-less GET) is RDF; query results are SPARQL JSON.
  local accept = path == "/sparql" and "text/turtle" or "application/sparql-results+json"
  return wrk.format("GET", path, { ["Accept"] = accept })
end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + n end
  end
  for status, n in pairs(total) do io.write(string.format("status %d: %d\n", status, n)) end
  io.write(string.format("p50 %.2f ms, p99 %.2f ms, %d requests, %.0f req/s, errors: connect %d read %d write %d timeout %d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests,
    summary.requests / (summary.duration / 1e6), summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
end
LUA
# kB of a /proc status field (0 for a process that has gone).
field() {
  local kb
  kb=$(awk -v f="$1:" '$1 == f { print $2 }' "/proc/$2/status" 2>/dev/null || true)
  echo "${kb:-0}"
}
workers() { pgrep -P "$SERVER" || true; }
# Samples server + workers RSS; the peak (kB) and the most workers seen go to $WORK/peak.
sample() {
  local peak=0 most=0
  while kill -0 "$SERVER" 2>/dev/null; do
    local total n=0
    total=$(field VmRSS "$SERVER")
    for pid in $(workers); do total=$((total + $(field VmRSS "$pid"))); n=$((n + 1)); done
    [ "$total" -gt "$peak" ] && peak=$total
    [ "$n" -gt "$most" ] && most=$n
    echo "$peak $most" >"$WORK/peak"
    sleep 0.2
  done
}
sample &
SAMPLER=$!
echo "load: $MODE, $CONNECTIONS connections, ${SECONDS_} s, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
wrk --latency -t 2 -c "$CONNECTIONS" -d "${SECONDS_}s" --timeout 10s -s "$WORK/load.lua" "$BASE"
# The server must still answer a valid query after the run.
curl -fsS -o /dev/null -w "after the run: palermo query HTTP %{http_code}\n" "$BASE$(printf '/sparql?query=%s' "$(cat "$WORK/palermo")")"
grep -E "VmHWM|VmRSS" "/proc/$SERVER/status" | sed 's/^/server /'
hwm=0 rss=0 n=0
for pid in $(workers); do
  hwm=$((hwm + $(field VmHWM "$pid"))); rss=$((rss + $(field VmRSS "$pid"))); n=$((n + 1))
done
echo "workers alive at the end: $n, VmHWM summed $hwm kB, VmRSS summed $rss kB"
# CPU time (user + system) the server and its workers use in the 2 s after the run: near zero
# unless some evaluation is still running.
ticks() {
  local total=0
  for pid in "$SERVER" $(workers); do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
before=$(ticks); sleep 2; after=$(ticks)
echo "CPU used by server + workers in the 2 s after the run: $(( (after - before) * 1000 / $(getconf CLK_TCK) )) ms"
kill "$SAMPLER" 2>/dev/null; SAMPLER=""
read -r peak most <"$WORK/peak"
echo "peak sampled during the run: server + workers RSS $peak kB, at most $most workers at once"
echo "server log: $(grep -c . "$WORK/server.log") lines; $(grep -c 'memory allocation' "$WORK/server.log" || true) workers ended on the memory limit"
