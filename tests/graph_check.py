#!/usr/bin/env python3
"""Cross-check `treatygraph graph` against networkx and SPARQL.

For each view with a counting query in queries/graph/, networkx reads the GraphML that
`treatygraph graph` writes, and its node and edge counts must equal the counts that
`treatygraph query` computes from the store. A store holding data/corpus is built in a temporary
directory unless --store is given.

Usage: python3 tests/graph_check.py [--store DIR] [--bin PATH]
Needs: networkx (pip install networkx).
"""

import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile

import networkx as nx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VIEWS = {
    "citations": "queries/graph/count-citations-view.rq",
    "resolutions": "queries/graph/count-resolutions-view.rq",
}


def default_binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "treatygraph")


def run(binary, store, *args, tolerated=(0,)):
    result = subprocess.run([binary, "--quiet", "--store", store, *args], cwd=ROOT,
                            capture_output=True, text=True)
    if result.returncode not in tolerated:
        sys.exit(f"treatygraph {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="existing store (default: ingest data/corpus into a temporary one)")
    parser.add_argument("--bin", default=default_binary(), help="treatygraph binary")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        store = args.store or os.path.join(scratch, "store")
        if not args.store:
            # Exit code 1: some inputs were skipped (PDFs in builds without PDF support).
            run(args.bin, store, "ingest", "data/corpus", tolerated=(0, 1))
        failures = 0
        for view, count_query in VIEWS.items():
            graphml = os.path.join(scratch, f"{view}.graphml")
            run(args.bin, store, "graph", "--view", view, "--format", "graphml", "--output", graphml)
            graph = nx.read_graphml(graphml)
            row = next(csv.DictReader(io.StringIO(run(args.bin, store, "query", count_query, "--format", "csv"))))
            expected = (int(row["nodes"]), int(row["edges"]))
            actual = (graph.number_of_nodes(), graph.number_of_edges())
            status = "ok" if actual == expected else "MISMATCH"
            failures += actual != expected
            print(f"{view:12} networkx nodes={actual[0]} edges={actual[1]}  "
                  f"SPARQL nodes={expected[0]} edges={expected[1]}  {status}")
        sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
