#!/usr/bin/env bash
# Runs each fuzz target for a bounded time (default 60 s each): fuzz/run.sh [seconds]
# cargo-fuzz needs nightly compiler flags (-Z sanitizer); on a stable toolchain
# RUSTC_BOOTSTRAP=1 unlocks them. Crashes land in fuzz/artifacts/<target>/; turn each into a
# regression test under tests/robustness/.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
if ! rustc --version | grep -q nightly; then
    export RUSTC_BOOTSTRAP=1
fi
# Seed the corpora with the bundled documents.
for target in read_bytes extract_text; do
    mkdir -p "corpus/$target"
    cp -n ../data/corpus/ga/*.txt ../data/corpus/sc/S_RES_000*.txt "corpus/$target/" 2>/dev/null || true
done
for target in read_bytes extract_text; do
    echo "== $target ($seconds s)"
    cargo fuzz run --release "$target" -- -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048
done
