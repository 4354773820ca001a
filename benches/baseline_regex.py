#!/usr/bin/env python3
"""Regex baseline: resolution-to-resolution links the way peer R/Python scripts extract them.

Walks the given files/folders, reads every text file and collects, per file, the matches of
"resolution(s) NNN (YYYY)" (Security Council style) and "NN/NNN" (General Assembly style),
as edges (file, cited symbol). No structure, no footnotes, no registry: this is the yardstick
that treatygraph's extraction throughput is compared with in docs/BENCHMARKS.md.

Usage: benches/baseline_regex.py PATH... [--jsonl]   (prints a summary with MB/s on stderr)
"""
import json
import os
import re
import sys
import time

SC = re.compile(r"[Rr]esolutions?\s+(\d{1,4})\s*\((\d{4})\)")
GA = re.compile(r"\b(\d{1,2})/(\d{1,3})\b")


def files(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs.sort()
                for name in sorted(names):
                    if not name.startswith("."):
                        yield os.path.join(root, name)
        else:
            yield path


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    jsonl = "--jsonl" in sys.argv
    started = time.perf_counter()
    total_bytes = edges = documents = 0
    out = sys.stdout
    for path in files(args):
        with open(path, "rb") as handle:
            data = handle.read()
        total_bytes += len(data)
        text = data.decode("utf-8", errors="replace")
        links = [f"S/RES/{n} ({y})" for n, y in SC.findall(text)]
        links += [f"A/RES/{s}/{n}" for s, n in GA.findall(text)]
        edges += len(links)
        documents += 1
        if jsonl:
            out.write(json.dumps({"file": path, "cites": links}) + "\n")
    elapsed = time.perf_counter() - started
    print(
        f"baseline_regex: {documents} files, {total_bytes / 1e6:.1f} MB, {edges} links "
        f"in {elapsed:.3f}s = {total_bytes / 1e6 / elapsed:.1f} MB/s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
