#!/usr/bin/env python3
"""Independent checks of treatygraph's RDF with rdflib and pyshacl (not with oxigraph):

1. the Turtle export of a store parses, with as many triples as the store's distinct triples;
2. the data conforms to the shipped SHACL shapes (ontology/shapes.ttl).

Usage: rdf_check.py TREATYGRAPH_BINARY [INPUT ...]   (inputs default to a sample of data/corpus)
Prints 'N passed, M failed' and exits non-zero on failure.
"""
import subprocess
import sys
import tempfile
from pathlib import Path

import rdflib
from pyshacl import validate

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUTS = [
    "data/corpus/ga/A_RES_63_156-EN.ods.txt",
    "data/corpus/sc/S_RES_0827_1993_EN_GOLD.txt",
    "data/corpus/sc/S_RES_0242_1967_EN_GOLD.txt",
    "data/corpus/sc/S_RES_0095_1951_EN_GOLD.txt",
    "data/corpus/sc/S_RES_0674_1990_EN_GOLD.txt",
]


def run(binary, store, *args):
    result = subprocess.run([binary, "--quiet", "--store", store, *args], capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {result.stderr}")
    return result.stdout


def main():
    binary = sys.argv[1]
    inputs = sys.argv[2:] or DEFAULT_INPUTS
    passed, failed = 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "store")
        run(binary, store, "ingest", *inputs)
        turtle = run(binary, store, "export", "--format", "turtle")
        graph = rdflib.Graph()
        graph.parse(data=turtle, format="turtle")
        counted = run(binary, store, "query", "--format", "csv",
                      "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
        expected = int(counted.splitlines()[1])
        if len(graph) == expected:
            passed += 1
            print(f"ok: Turtle export parses with rdflib: {len(graph)} triples, as in the store")
        else:
            failed += 1
            print(f"FAILED: rdflib read {len(graph)} triples, the store has {expected}")

        shapes = rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
        ontology = rdflib.Graph().parse(ROOT / "ontology" / "treatygraph.ttl", format="turtle")
        conforms, _, report = validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="none")
        if conforms:
            passed += 1
            print("ok: the data conforms to ontology/shapes.ttl")
        else:
            failed += 1
            print("FAILED: SHACL violations\n" + report[:4000])

        for name in ("treatygraph.ttl", "functions.ttl", "shapes.ttl"):
            rdflib.Graph().parse(ROOT / "ontology" / name, format="turtle")
        rdflib.Graph().parse(ROOT / "data" / "registry.ttl", format="turtle")
        passed += 1
        print("ok: ontology, function scheme, shapes and registry parse with rdflib")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
