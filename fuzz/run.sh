#!/usr/bin/env bash
# Runs each cargo-fuzz target for a bounded time (default 60 s each): fuzz/run.sh [seconds]
#
# Targets: read_bytes (every reader, format detected from content), docx_xml (the DOCX XML
# walker inside a valid archive), extract_text (structure, recognisers, resolution) and
# normalise (symbols, roman numerals). Crashes land in fuzz/artifacts/<target>/; turn each into
# a regression test under tests/robustness/.
#
# cargo-fuzz needs a nightly toolchain (sanitizer flags) and builds the whole dependency tree,
# RocksDB included, with them: expect 15-40 minutes for the first build. Without nightly, or for
# a quick bounded run, use the stable driver instead:
#     cargo run --release --example fuzz -- --seconds 45
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
targets=(read_bytes docx_xml extract_text normalise)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
toolchain=()
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    toolchain=(+nightly)
elif ! rustc --version | grep -q nightly; then
    # A stable toolchain accepts the nightly flags with RUSTC_BOOTSTRAP (unsupported, works).
    export RUSTC_BOOTSTRAP=1
fi
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-/var/tmp/treatygraph-fuzz-target}"
# Seed the corpora with the bundled documents.
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
done
cp -n ../data/corpus/ga/* ../data/samples/* ../data/corpus/sc/S_RES_000*.txt corpus/read_bytes/ 2>/dev/null || true
cp -n ../data/corpus/ga/*.txt ../data/corpus/sc/S_RES_000*.txt corpus/extract_text/ 2>/dev/null || true
for docx in ../data/samples/*.docx; do
    unzip -p "$docx" word/document.xml > "corpus/docx_xml/$(basename "$docx" .docx).xml" || true
done
printf 'A/RES/63/156' > corpus/normalise/symbol
printf 'MMMCMXCIX' > corpus/normalise/roman
for target in "${targets[@]}"; do
    echo "== $target ($seconds s)"
    cargo "${toolchain[@]}" fuzz run --release "$target" -- \
        -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048 -timeout=30
done
