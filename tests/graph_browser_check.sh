#!/bin/sh
# Opens the interactive page of `treatygraph graph --format html` in headless Chromium (offline:
# no network access is needed or attempted), checks that Cytoscape.js rendered as many nodes and
# edges as the network has, and saves a screenshot when $SCREENSHOT names a file.
#
# Usage: [SCREENSHOT=docs/screenshots/graph.png] sh tests/graph_browser_check.sh [STORE]
#        (default store: data/corpus ingested into a temporary one)
# Needs: chromium (Debian package), python3. Binary: $TREATYGRAPH, else $CARGO_TARGET_DIR/release.
set -eu
cd "$(dirname "$0")/.."
BIN=${TREATYGRAPH:-${CARGO_TARGET_DIR:-target}/release/treatygraph}
CHROMIUM=${CHROMIUM:-chromium}
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
STORE=${1:-$SCRATCH/store}
# Exit code 1 means some inputs were skipped (PDFs in builds without PDF support): fine here.
if [ -z "${1:-}" ]; then
    "$BIN" --quiet --store "$STORE" ingest data/corpus 2>/dev/null || [ $? -eq 1 ]
fi

"$BIN" --quiet --store "$STORE" graph --view citations --format html --output "$SCRATCH/graph.html"
"$BIN" --quiet --store "$STORE" graph --view citations --format json --output "$SCRATCH/graph.json"
EXPECTED=$(python3 -c 'import json,sys; g=json.load(open(sys.argv[1])); print(len(g["nodes"]), len(g["edges"]))' "$SCRATCH/graph.json")

browse() {
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d -p "$SCRATCH")" --virtual-time-budget=15000 \
        --window-size=1400,1000 "$@" "file://$SCRATCH/graph.html" 2>"$SCRATCH/chromium.log"
}

browse --dump-dom >"$SCRATCH/dom.html"
RENDERED=$(python3 - "$SCRATCH/dom.html" <<'PY'
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
nodes = re.search(r'data-rendered-nodes="(\d+)"', dom)
edges = re.search(r'data-rendered-edges="(\d+)"', dom)
print(nodes.group(1) if nodes else "none", edges.group(1) if edges else "none")
PY
)
echo "network: $EXPECTED (nodes edges); rendered by Cytoscape.js: $RENDERED"
if [ "$RENDERED" != "$EXPECTED" ]; then
    echo "FAIL: the page did not render the network" >&2
    tail -20 "$SCRATCH/chromium.log" >&2
    exit 1
fi

if [ -n "${SCREENSHOT:-}" ]; then
    browse --screenshot="$SCRATCH/graph.png" >/dev/null
    mkdir -p "$(dirname "$SCREENSHOT")"
    cp "$SCRATCH/graph.png" "$SCREENSHOT"
    echo "ok: screenshot saved to $SCREENSHOT"
else
    echo "ok"
fi
