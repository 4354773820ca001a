#!/usr/bin/env python3
"""Checks `treatygraph serve` with standard Python SPARQL clients (SPARQLWrapper, rdflib).

Builds a temporary store from a few corpus documents, starts the server on a free loopback
port, runs every shipped query (as the server lists them at /queries.json, parameters bound to
their defaults) by GET and by POST in every results format, parses each answer with rdflib,
checks that the formats agree, does the same for a CONSTRUCT in every RDF format, then stops
the server and removes the store.

    python3 tests/sparql_client_check.py [--binary target/release/treatygraph]

Needs: pip install SPARQLWrapper rdflib. Exit status 0 when every check passed.
"""

import argparse
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import rdflib
from rdflib.query import Result
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, GET, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = [
    "data/corpus/ga/A_RES_63_156-EN.ods.txt",
    "data/corpus/sc/S_RES_0001_1946_EN_GOLD.txt",
    "data/corpus/sc/S_RES_0827_1993_EN_GOLD.txt",
    "data/corpus/sc/S_RES_1445_2002_EN_GOLD.txt",
]
RESULT_FORMATS = [(JSON, "json"), (XML, "xml"), (CSV, "csv"), (TSV, "tsv")]
# SPARQLWrapper's return format for each graph media type; the media type is also sent as the
# only Accept value, since SPARQLWrapper's own Accept lists for N3 and Turtle overlap.
GRAPH_FORMATS = [
    ("text/turtle", TURTLE),
    ("application/n-triples", N3),
    ("application/rdf+xml", RDFXML),
    ("application/ld+json", JSONLD),
]
# rdflib parser for each media type the server may answer a graph with.
RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
CONSTRUCT = """PREFIX tg: <https://w3id.org/treatygraph/ontology#>
PREFIX cito: <http://purl.org/spar/cito/>
CONSTRUCT { ?resolution cito:cites ?instrument }
WHERE { ?c cito:hasCitingEntity ?resolution ; cito:hasCitedEntity ?instrument . ?instrument a tg:Instrument }"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(base, server, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/sparql", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def run(binary):
    workdir = tempfile.mkdtemp(prefix="treatygraph-sparql-check-")
    store = os.path.join(workdir, "store")
    server = None
    passed, failed = 0, 0
    try:
        subprocess.run([binary, "--quiet", "--store", store, "ingest", *CORPUS], cwd=ROOT, check=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [binary, "--store", store, "serve", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            stderr=subprocess.DEVNULL,
        )
        wait_ready(base, server)
        with urllib.request.urlopen(base + "/queries.json") as response:
            shipped = json.load(response)
        endpoint = base + "/sparql"

        def check(name, action):
            nonlocal passed, failed
            try:
                detail = action()
                passed += 1
                print(f"ok   {name}: {detail}")
            except Exception as error:  # noqa: BLE001 - report and go on
                failed += 1
                print(f"FAIL {name}: {error!r}")

        def fetch(query, return_format, method, accept=None):
            client = SPARQLWrapper(endpoint)
            client.setQuery(query)
            client.setReturnFormat(return_format)
            client.setMethod(method)
            if accept:
                client.addCustomHttpHeader("Accept", accept)
            response = client.query().response
            return response.read(), response.headers.get("Content-Type", "").split(";")[0]

        for query in shipped:
            for method in (GET, POST):
                def select(query=query, method=method):
                    counts = {}
                    for return_format, rdflib_format in RESULT_FORMATS:
                        body, _ = fetch(query["sparql"], return_format, method)
                        result = Result.parse(io.BytesIO(body), format=rdflib_format)
                        counts[rdflib_format] = len(list(result))
                    if len(set(counts.values())) != 1:
                        raise AssertionError(f"formats disagree: {counts}")
                    return f"{counts['json']} rows in json, xml, csv, tsv"

                check(f"{query['name']} ({method})", select)

        def construct():
            counts = {}
            for accept, return_format in GRAPH_FORMATS:
                body, media_type = fetch(CONSTRUCT, return_format, GET, accept)
                if media_type != accept:
                    raise AssertionError(f"asked for {accept}, got {media_type}")
                graph = rdflib.Graph().parse(data=body, format=RDFLIB_FORMATS[media_type])
                counts[media_type] = len(graph)
            if len(counts) < 4 or len(set(counts.values())) != 1 or 0 in counts.values():
                raise AssertionError(f"formats missing, disagreeing or empty: {counts}")
            return f"{counts['text/turtle']} triples in each of {', '.join(counts)}"

        check("CONSTRUCT", construct)

        def service_description():
            graph = rdflib.Graph().parse(endpoint, format="turtle")
            sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
            services = list(graph.subjects(rdflib.RDF.type, sd.Service))
            if len(services) != 1:
                raise AssertionError("no sd:Service")
            return f"{len(graph)} triples"

        check("service description", service_description)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return failed == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("TREATYGRAPH_BIN") or os.path.join(
        os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "treatygraph"
    )
    parser.add_argument("--binary", default=default, help="treatygraph binary (default: %(default)s)")
    args = parser.parse_args()
    sys.exit(0 if run(os.path.abspath(args.binary)) else 1)


if __name__ == "__main__":
    main()
