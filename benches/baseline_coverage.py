#!/usr/bin/env python3
"""Does treatygraph extract everything the regex baseline extracts?

Reads the baseline's JSON Lines (`baseline_regex.py PATH... --jsonl`) and treatygraph's
(`treatygraph extract -f jsonl PATH...`) for the same inputs and sorts every distinct link the
baseline reports for a file (other than the file's own symbol) into:
  resolution  treatygraph cites the same resolution symbol;
  document    treatygraph cites a UN document or resolution whose symbol holds the same number
              ("A/71/53/Add.1" for the baseline's "A/RES/71/53", "A/RES/S-14/1" for its
              "A/RES/14/1"): the baseline misread that symbol;
  missed      neither — printed one per line for a person to check.

Usage: benches/baseline_coverage.py BASELINE.jsonl TREATYGRAPH.jsonl
"""
import json
import re
import sys


def compact(symbol):
    return symbol.replace(" ", "")


def main():
    baseline_path, treatygraph_path = sys.argv[1:3]
    baseline = {}
    with open(baseline_path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            baseline[record["file"]] = {compact(s) for s in record["cites"]}
    counts = {"resolution": 0, "document": 0, "missed": 0}
    missed = []
    with open(treatygraph_path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            path = record["source"]["path"]
            own = compact(record["document"].get("symbol") or "")
            symbols = {
                c["target"]["symbol"] for c in record["citations"] if c["target"].get("symbol")
            }
            for link in sorted(baseline.pop(path, set()) - {own}):
                # "A/RES/71/53" → "71/53"; "S/RES/446(1979)" → "446(1979)"
                number = link.split("/RES/", 1)[1]
                if link in symbols:
                    counts["resolution"] += 1
                elif any(re.search(rf"(?<![\d.])[/-]{re.escape(number)}(?![\d])", s) for s in symbols):
                    counts["document"] += 1
                else:
                    counts["missed"] += 1
                    missed.append(f"{path}\t{link}")
    for line in missed:
        print(line)
    total = sum(counts.values())
    print(
        f"baseline links: {total}; cited by treatygraph as the same resolution: "
        f"{counts['resolution']}, as the UN document or resolution the number belongs to: {counts['document']}, "
        f"not cited: {counts['missed']} (listed above); files only the baseline read: {len(baseline)}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
