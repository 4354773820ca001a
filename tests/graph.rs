//! Citation networks built from a store holding the whole bundled corpus (data/corpus): the
//! exports agree with independent SPARQL counts, parse as what they claim to be, and carry the
//! stored provenance.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::OnceLock;

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use quick_xml::events::Event;
use quick_xml::Reader;

use treatygraph::graph::{
    self, Criteria, GraphFormat, Layout, Network, NodeClass, Rows, Selection, View,
};
use treatygraph::query::{self, PreparedQuery};
use treatygraph::resolve::registry::{Registry, BUNDLED_REGISTRY};
use treatygraph::store::{self, GraphStore};
use treatygraph::Extractor;

const PALERMO: &str = "https://w3id.org/treatygraph/id/instrument/TIP-PROTOCOL";
const A_RES_63_156: &str = "https://w3id.org/treatygraph/id/doc/A/RES/63/156";

/// The store, ingested once for all tests (the directory lives as long as the process).
fn store() -> &'static GraphStore {
    static STORE: OnceLock<(tempfile::TempDir, GraphStore)> = OnceLock::new();
    &STORE
        .get_or_init(|| {
            let directory = tempfile::tempdir().expect("temporary directory");
            let store = GraphStore::open(directory.path()).expect("store");
            let extractor = Extractor::bundled().expect("bundled registry");
            let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/corpus");
            let files = store::collect_inputs(&[corpus]).expect("corpus files");
            let report =
                store::ingest(&store, &extractor, BUNDLED_REGISTRY, &files, &()).expect("ingest");
            // PDFs are skipped by builds without PDF support; the 871 text resolutions go in.
            assert!(report.documents >= 871, "{report:?}");
            (directory, store)
        })
        .1
}

fn rows(view: View) -> Rows {
    graph::fetch(store().inner(), view, None).expect("fetch")
}

fn network(view: View, selection: Selection) -> Network {
    let criteria =
        Criteria::resolve(&selection, &Registry::bundled().expect("registry")).expect("criteria");
    graph::build(&rows(view), view, &criteria)
}

fn export(network: &Network, format: GraphFormat) -> String {
    let mut out = Vec::new();
    graph::write(network, format, Layout::Force, &mut out).expect("write");
    String::from_utf8(out).expect("UTF-8")
}

/// Runs a SELECT and returns its single row as variable → integer.
fn counts(sparql: &str) -> HashMap<String, usize> {
    let prepared = PreparedQuery {
        sparql: sparql.to_owned(),
        substitutions: Vec::new(),
    };
    let QueryResults::Solutions(mut solutions) =
        query::execute(store().inner(), &prepared, None).expect("query")
    else {
        panic!("not a SELECT");
    };
    let solution = solutions.next().expect("one row").expect("solution");
    solution
        .iter()
        .map(|(variable, term)| match term {
            Term::Literal(l) => (
                variable.as_str().to_owned(),
                l.value().parse().expect("integer"),
            ),
            other => panic!("{other} is not a count"),
        })
        .collect()
}

/// Element names of an XML document, in order; panics if it is not well-formed.
fn xml_elements(text: &str) -> Vec<String> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut names = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                names.push(String::from_utf8_lossy(e.name().as_ref()).into_owned())
            }
            Ok(Event::Eof) => return names,
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML at {}: {e}", reader.buffer_position()),
        }
    }
}

fn count(names: &[String], name: &str) -> usize {
    names.iter().filter(|n| *n == name).count()
}

#[test]
fn graphml_of_the_citation_network_has_the_sparql_counts() {
    let expected = counts(include_str!("../queries/graph/count-citations-view.rq"));
    let network = network(View::Citations, Selection::default());
    let names = xml_elements(&export(&network, GraphFormat::Graphml));
    assert!(expected["edges"] > 100, "{expected:?}");
    assert_eq!(count(&names, "node"), expected["nodes"]);
    assert_eq!(count(&names, "edge"), expected["edges"]);
    let resolutions = network
        .graph
        .node_weights()
        .filter(|n| n.class == NodeClass::Resolution)
        .count();
    assert_eq!(resolutions, expected["resolutions"]);
}

#[test]
fn graphml_of_the_resolution_network_has_the_sparql_counts() {
    let expected = counts(include_str!("../queries/graph/count-resolutions-view.rq"));
    let network = network(View::Resolutions, Selection::default());
    let names = xml_elements(&export(&network, GraphFormat::Graphml));
    assert!(expected["edges"] > 0, "{expected:?}");
    assert_eq!(count(&names, "node"), expected["nodes"]);
    assert_eq!(count(&names, "edge"), expected["edges"]);
    // Betweenness is computed on the resolution network and only there.
    assert!(network
        .graph
        .node_weights()
        .all(|n| n.metrics.betweenness.is_some()));
}

#[test]
fn hierarchy_has_every_registry_link() {
    let expected = counts(
        "PREFIX tg: <https://w3id.org/treatygraph/ontology#>
         SELECT (COUNT(*) AS ?edges) WHERE {
           SELECT DISTINCT ?from ?to WHERE {
             ?from a tg:Instrument ; tg:parentInstrument|tg:memberOf|tg:adoptedBy ?to } }",
    );
    let network = network(View::Hierarchy, Selection::default());
    assert!(expected["edges"] > 10);
    assert_eq!(network.graph.edge_count(), expected["edges"]);
}

#[test]
fn citation_edges_carry_provenance_and_identifiers() {
    let network = network(View::Citations, Selection::default());
    let graph = &network.graph;
    let find = |iri: &str| {
        graph
            .node_indices()
            .find(|&i| graph[i].iri == iri)
            .expect(iri)
    };
    let (resolution, palermo) = (find(A_RES_63_156), find(PALERMO));
    let edge = &graph[graph
        .find_edge(resolution, palermo)
        .expect("A/RES/63/156 cites the Palermo Protocol")];
    assert!(
        edge.paragraphs
            .iter()
            .all(|p| p.starts_with("A/RES/63/156#")),
        "{:?}",
        edge.paragraphs
    );
    assert_eq!(edge.weight as usize, edge_citations(A_RES_63_156, PALERMO));
    assert!(edge.dates.contains("2008-12-18"), "{:?}", edge.dates);
    assert!(!edge.functions.is_empty());
    let node = &graph[palermo];
    assert_eq!(node.key.as_deref(), Some("TIP-PROTOCOL"));
    assert_eq!(
        (node.unts_volume, node.unts_number),
        (Some(2237), Some(39574))
    );
    assert_eq!(node.mtdsg.as_deref(), Some("XVIII-12-a"));
    assert_eq!(graph[resolution].organ.as_deref(), Some("GA"));
}

/// Stored citations from one document to one target.
fn edge_citations(from: &str, to: &str) -> usize {
    counts(&format!(
        "PREFIX cito: <http://purl.org/spar/cito/>
         SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c cito:hasCitingEntity <{from}> ; cito:hasCitedEntity <{to}> }}"
    ))["n"]
}

#[test]
fn json_parses_as_cytoscape_elements() {
    let network = network(View::Citations, Selection::default());
    let json: serde_json::Value =
        serde_json::from_str(&export(&network, GraphFormat::Json)).expect("JSON");
    let nodes = json["nodes"].as_array().expect("nodes");
    let edges = json["edges"].as_array().expect("edges");
    assert_eq!(nodes.len(), network.graph.node_count());
    assert_eq!(edges.len(), network.graph.edge_count());
    let ids: BTreeSet<&str> = nodes
        .iter()
        .map(|n| n["data"]["id"].as_str().expect("id"))
        .collect();
    for edge in edges {
        assert!(ids.contains(edge["data"]["source"].as_str().expect("source")));
        assert!(ids.contains(edge["data"]["target"].as_str().expect("target")));
    }
    let palermo = nodes
        .iter()
        .find(|n| n["data"]["id"] == PALERMO)
        .expect("Palermo node");
    assert_eq!(palermo["data"]["kind"], "treaty");
    assert!(palermo["data"]["pagerank"].as_f64().expect("pagerank") > 0.0);
}

#[test]
fn svg_is_well_formed_with_a_circle_per_node() {
    let network = network(View::Citations, Selection::default());
    let svg = export(&network, GraphFormat::Svg);
    let names = xml_elements(&svg);
    let kinds: BTreeSet<&str> = network
        .graph
        .node_weights()
        .map(|n| n.kind.as_str())
        .collect();
    // One circle per node, one per legend entry.
    assert_eq!(
        count(&names, "circle"),
        network.graph.node_count() + kinds.len()
    );
    assert_eq!(count(&names, "line"), network.graph.edge_count());
}

#[test]
fn gexf_and_dot_describe_every_node_and_edge() {
    let network = network(View::Cocitation, Selection::default());
    let names = xml_elements(&export(&network, GraphFormat::Gexf));
    assert_eq!(count(&names, "node"), network.graph.node_count());
    assert_eq!(count(&names, "edge"), network.graph.edge_count());
    let dot = export(&network, GraphFormat::Dot);
    assert!(dot.starts_with("graph "));
    assert_eq!(dot.matches(" -- ").count(), network.graph.edge_count());
}

#[test]
fn html_page_is_self_contained() {
    let network = network(View::Citations, Selection::default());
    let html = export(&network, GraphFormat::Html);
    assert!(html.contains("The Cytoscape Consortium"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    // Exactly the two inline scripts: the library and the page.
    assert_eq!(html.matches("<script").count(), 2);
    assert_eq!(html.matches("</script>").count(), 2);
    assert!(html.contains(PALERMO));
}

#[test]
fn co_citation_weights_agree_with_the_shipped_query() {
    let network = network(View::Cocitation, Selection::default());
    let graph = &network.graph;
    let named = query::shipped()
        .into_iter()
        .find(|q| q.name == "co-cited-instruments")
        .expect("query");
    let prepared = PreparedQuery {
        sparql: named.sparql.to_owned(),
        substitutions: Vec::new(),
    };
    let QueryResults::Solutions(solutions) =
        query::execute(store().inner(), &prepared, None).expect("query")
    else {
        panic!("not a SELECT");
    };
    let mut checked = 0;
    for solution in solutions {
        let solution = solution.expect("solution");
        let iri = |v: &str| match solution.get(v) {
            Some(Term::NamedNode(n)) => n.as_str().to_owned(),
            other => panic!("{other:?}"),
        };
        let Some(Term::Literal(n)) = solution.get("resolutions") else {
            panic!()
        };
        let (a, b) = (iri("first"), iri("second"));
        let find = |iri: &str| {
            graph
                .node_indices()
                .find(|&i| graph[i].iri == iri)
                .expect("node")
        };
        let edge = graph
            .find_edge(find(&a), find(&b))
            .expect("co-citation edge");
        assert_eq!(graph[edge].weight.to_string(), n.value(), "{a} {b}");
        checked += 1;
    }
    assert!(checked > 0);
    assert!(!network.directed);
}

#[test]
fn focus_keeps_the_ego_network() {
    let selection = Selection {
        focus: Some("Palermo Protocol".into()),
        depth: 1,
        ..Selection::default()
    };
    let network = network(View::Citations, selection);
    let citing = counts(&format!(
        "PREFIX cito: <http://purl.org/spar/cito/> SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r cito:cites <{PALERMO}> }}"
    ))["n"];
    assert!(citing > 0);
    assert_eq!(network.graph.node_count(), citing + 1);
    assert_eq!(network.graph.edge_count(), citing);
}

#[test]
fn filters_select_organ_years_and_function() {
    let by_organ = network(
        View::Citations,
        Selection {
            organ: Some("sc".into()),
            since: Some(1990),
            until: Some(1999),
            ..Selection::default()
        },
    );
    assert!(by_organ.graph.node_count() > 0);
    for node in by_organ
        .graph
        .node_weights()
        .filter(|n| n.class == NodeClass::Resolution)
    {
        assert_eq!(node.organ.as_deref(), Some("SC"));
        assert!(
            (1990..=1999).contains(&node.year().expect("dated")),
            "{:?}",
            node.date
        );
    }
    let ratification = network(
        View::Citations,
        Selection {
            function: Some("calls_for_ratification".into()),
            ..Selection::default()
        },
    );
    let expected = counts(
        "PREFIX tg: <https://w3id.org/treatygraph/ontology#> PREFIX tgfn: <https://w3id.org/treatygraph/function/>
         PREFIX cito: <http://purl.org/spar/cito/>
         SELECT (COUNT(*) AS ?edges) WHERE { SELECT DISTINCT ?r ?i WHERE {
           ?c tg:function tgfn:calls_for_ratification ; cito:hasCitingEntity ?r ; cito:hasCitedEntity ?i . ?i a tg:Instrument } }",
    );
    assert!(expected["edges"] > 0);
    assert_eq!(ratification.graph.edge_count(), expected["edges"]);
    assert!(ratification
        .graph
        .edge_weights()
        .all(|e| e.functions.iter().eq(["calls_for_ratification"].iter())));
}

#[test]
fn min_degree_drops_sparse_nodes() {
    let network = network(
        View::Citations,
        Selection {
            min_degree: 3,
            ..Selection::default()
        },
    );
    let full = self::network(View::Citations, Selection::default());
    assert!(network.graph.node_count() < full.graph.node_count());
    // One pass: a node is kept exactly when its degree in the unpruned network is at least 3.
    let kept: BTreeSet<&str> = network
        .graph
        .node_weights()
        .map(|n| n.iri.as_str())
        .collect();
    for node in full.graph.node_indices() {
        let degree = full.graph.neighbors_undirected(node).count();
        assert_eq!(kept.contains(full.graph[node].iri.as_str()), degree >= 3);
    }
}

#[test]
fn per_year_series_counts_the_stored_citations() {
    let rows = rows(View::Citations);
    let series = graph::per_year(&rows, PALERMO, &Criteria::default());
    let total: usize = series.iter().map(|y| y.citations).sum();
    let expected = counts(&format!(
        "PREFIX cito: <http://purl.org/spar/cito/> PREFIX dcterms: <http://purl.org/dc/terms/>
         PREFIX tg: <https://w3id.org/treatygraph/ontology#>
         SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{
           ?c a tg:Citation ; cito:hasCitedEntity <{PALERMO}> ; cito:hasCitingEntity ?r . ?r dcterms:date ?d }}"
    ))["n"];
    assert!(expected > 0);
    assert_eq!(total, expected);
    let year_2008 = series
        .iter()
        .find(|y| y.year == 2008)
        .expect("A/RES/63/156 is from 2008");
    assert!(year_2008.resolutions >= 1);
}

#[test]
fn pagerank_sums_to_one_and_favours_the_most_cited() {
    let network = network(View::Citations, Selection::default());
    let sum: f64 = network
        .graph
        .node_weights()
        .map(|n| n.metrics.pagerank)
        .sum();
    assert!((sum - 1.0).abs() < 1e-9, "{sum}");
    let top_rank = graph::top(&network, graph::Metric::PageRank, 1)[0];
    let top_cited = graph::top(&network, graph::Metric::InDegree, 1)[0];
    assert_eq!(
        top_rank.iri, top_cited.iri,
        "the most cited instrument ranks first"
    );
}

/// Independent readers of the exports, run as the README's users would run them: networkx reads
/// the GraphML with the node and edge counts of the SPARQL counting queries, and headless
/// Chromium renders the HTML page with every node and edge (tests/graph_check.py,
/// tests/graph_browser_check.sh; `.ci/prerequisites` installs networkx and chromium).
#[test]
fn networkx_and_chromium_read_the_exports_of_the_bundled_corpus() {
    let root = env!("CARGO_MANIFEST_DIR");
    let binary = env!("CARGO_BIN_EXE_treatygraph");
    let directory = tempfile::tempdir().expect("temporary directory");
    let store = directory.path().join("store");
    let ingest = std::process::Command::new(binary)
        .args(["--quiet", "--store"])
        .arg(&store)
        .args(["ingest", "data/corpus"])
        .current_dir(root)
        .status()
        .expect("treatygraph runs");
    assert_eq!(ingest.code(), Some(0), "ingest of the bundled corpus");
    for (program, script) in [
        ("python3", "tests/graph_check.py"),
        ("sh", "tests/graph_browser_check.sh"),
    ] {
        let mut command = std::process::Command::new(program);
        command
            .arg(script)
            .current_dir(root)
            .env("TREATYGRAPH", binary);
        if script.ends_with(".py") {
            command.args(["--bin", binary, "--store"]).arg(&store);
        } else {
            command.arg(&store).env_remove("SCREENSHOT");
        }
        let output = command.output().expect("the checker runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{script}: {stdout}\n{stderr}");
        assert!(stdout.contains("ok"), "{script}: {stdout}");
    }
}
