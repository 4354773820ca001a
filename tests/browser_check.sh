#!/usr/bin/env bash
# Loads the `treatygraph serve` page in headless Chromium (Debian `chromium`, driven by
# playwright-core from npm): runs a query, checks result rows and the citation network, clicks
# a node, and saves a screenshot when $SCREENSHOT names a file
# (SCREENSHOT=docs/screenshots/serve.png refreshes the one in docs/). Builds a temporary store from a few corpus
# documents, serves it on a free loopback port, and removes everything on exit.
#
#   bash tests/browser_check.sh [path/to/treatygraph]
#
# Needs: apt-get install chromium; node and npm (playwright-core is installed into a temp dir).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-${TREATYGRAPH_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/treatygraph}}"
PLAYWRIGHT_VERSION="1.65.1"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

WORK="$(mktemp -d -t treatygraph-browser-XXXXXX)"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

[[ -x "$BIN" ]] || { echo "no treatygraph binary at $BIN (cargo build --release)" >&2; exit 2; }
[[ -x "$CHROMIUM" ]] || { echo "no Chromium at $CHROMIUM (apt-get install chromium)" >&2; exit 2; }

npm install --silent --no-audit --no-fund --prefix "$WORK/node" "playwright-core@$PLAYWRIGHT_VERSION" >/dev/null

cd "$ROOT"
# A/RES/63/156 and a few Security Council resolutions that cite instruments.
"$BIN" --quiet --store "$WORK/store" ingest data/corpus/ga/A_RES_63_156-EN.ods.txt \
  data/corpus/sc/S_RES_{0515_1982,0674_1990,0787_1992,0827_1993,0867_1993,1445_2002}_EN_GOLD.txt
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
"$BIN" --store "$WORK/store" serve --bind "127.0.0.1:$PORT" 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "$BASE/sparql" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 3; }
  sleep 0.2
done

mkdir -p "$WORK/profile"
PLAYWRIGHT_CORE="$WORK/node/node_modules/playwright-core" BASE_URL="$BASE" CHROMIUM="$CHROMIUM" \
  SCREENSHOT="${SCREENSHOT:-}" PROFILE_DIR="$WORK/profile" \
  node "$ROOT/tests/browser/check.cjs"
