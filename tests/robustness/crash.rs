//! Crash safety: `ingest` killed with SIGKILL at random moments leaves a store that opens,
//! answers queries and holds only complete document graphs; a re-run completes the work. And
//! the store's locking: one writer or many readers, a process that cannot have the store is
//! refused with a clear message.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::Duration;

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use treatygraph::extract::Extractor;
use treatygraph::model::{document_quads, vocab};
use treatygraph::query::{self, PreparedQuery};
use treatygraph::resolve::registry::Registry;
use treatygraph::store::GraphStore;

use super::common::{binary, corpus, SEED};

/// What a complete document graph holds for one source file.
struct Expected {
    graph: String,
    quads: usize,
    citations: usize,
}

/// One document graph as found in the store.
#[derive(Debug)]
struct Found {
    /// Source file names (one for a complete graph).
    files: Vec<String>,
    /// Nodes typed `tg:Resolution` with a source file: the document node.
    documents: usize,
    citations: usize,
    quads: usize,
}

/// The solutions of a SELECT over the store, as (variable → lexical form) rows.
fn select(store: &GraphStore, sparql: &str) -> Vec<HashMap<String, String>> {
    let prepared = PreparedQuery {
        sparql: format!("PREFIX tg: <https://w3id.org/treatygraph/ontology#>\n{sparql}"),
        substitutions: Vec::new(),
    };
    let QueryResults::Solutions(solutions) =
        query::execute(store.inner(), &prepared, None).unwrap()
    else {
        panic!("select gives solutions")
    };
    solutions
        .map(|s| {
            s.unwrap()
                .iter()
                .map(|(variable, term)| {
                    let value = match term {
                        Term::Literal(l) => l.value().to_owned(),
                        Term::NamedNode(n) => n.as_str().to_owned(),
                        other => other.to_string(),
                    };
                    (variable.as_str().to_owned(), value)
                })
                .collect()
        })
        .collect()
}

/// The rows of a shipped query.
fn shipped_rows(store: &GraphStore, name: &str) -> Vec<HashMap<String, String>> {
    let named = query::shipped()
        .into_iter()
        .find(|q| q.name == name)
        .expect("shipped query");
    select(store, named.sparql)
}

/// Every document graph in the store, read back by SPARQL.
fn document_graphs(store: &GraphStore) -> HashMap<String, Found> {
    const DOCUMENT_GRAPHS: &str =
        r#"FILTER(STRSTARTS(STR(?g), "https://w3id.org/treatygraph/graph/doc/"))"#;
    let mut graphs: HashMap<String, Found> = HashMap::new();
    let sparql = format!(
        "SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {DOCUMENT_GRAPHS} }} GROUP BY ?g"
    );
    for row in select(store, &sparql) {
        graphs.insert(
            row["g"].clone(),
            Found {
                files: Vec::new(),
                documents: 0,
                citations: 0,
                quads: row["n"].parse().unwrap(),
            },
        );
    }
    // The document node is the one with a source file (cited resolutions are typed too).
    let sparql = format!(
        "SELECT ?g ?name WHERE {{ GRAPH ?g {{ ?doc a tg:Resolution ; tg:sourceFile/tg:fileName ?name }} {DOCUMENT_GRAPHS} }}"
    );
    for row in select(store, &sparql) {
        let found = graphs.get_mut(&row["g"]).unwrap();
        found.documents += 1;
        found.files.push(row["name"].clone());
    }
    let sparql = format!(
        "SELECT ?g (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH ?g {{ ?c a tg:Citation }} {DOCUMENT_GRAPHS} }} GROUP BY ?g"
    );
    for row in select(store, &sparql) {
        graphs.get_mut(&row["g"]).unwrap().citations = row["n"].parse().unwrap();
    }
    graphs
}

/// A small deterministic generator (xorshift), so that a failing round can be replayed with
/// `TREATYGRAPH_CRASH_SEED`.
fn delays(seed: u64, n: usize) -> Vec<u64> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            30 + state % 1200
        })
        .collect()
}

/// Every graph is complete: its one document node, the quads and citations `extract` gives
/// for the file it names.
fn assert_complete(store: &GraphStore, expected: &HashMap<String, Expected>, context: &str) {
    for (graph, found) in document_graphs(store) {
        assert_eq!(found.files.len(), 1, "{context}: {graph}: {found:?}");
        assert_eq!(found.documents, 1, "{context}: {graph}: {found:?}");
        let file = &found.files[0];
        let want = expected
            .get(file)
            .unwrap_or_else(|| panic!("{context}: {graph} names unknown file {file}"));
        assert_eq!(graph, want.graph, "{context}: {file}");
        assert_eq!(
            (found.quads, found.citations),
            (want.quads, want.citations),
            "{context}: {graph} from {file} is partial"
        );
    }
}

#[test]
fn ingest_killed_at_random_moments_leaves_complete_graphs_and_a_rerun_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let sc = corpus("sc");
    let extractor = Extractor::bundled().unwrap();
    let files = treatygraph::store::collect_inputs(std::slice::from_ref(&sc)).unwrap();
    let expected: HashMap<String, Expected> = {
        use rayon::prelude::*;
        files
            .par_iter()
            .map(|path| {
                let extraction = extractor.extract_path(path).unwrap();
                let quads: HashSet<_> = document_quads(&extraction).into_iter().collect();
                let expected = Expected {
                    graph: vocab::doc_graph_iri(&extraction.graph_key()),
                    quads: quads.len(),
                    citations: extraction.citations.len(),
                };
                (extraction.source.file_name, expected)
            })
            .collect()
    };
    let graphs: HashSet<&str> = expected.values().map(|e| e.graph.as_str()).collect();
    let seed = std::env::var("TREATYGRAPH_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        })
        | 1;
    let registry = Registry::bundled().unwrap();
    let palermo = query::prepare("resolutions-citing-palermo", &[], &registry).unwrap();
    let mut killed_with_graphs = 0;
    for (round, delay) in delays(seed, 6).into_iter().enumerate() {
        let mut child = binary()
            .args(["--quiet", "--store"])
            .arg(&store_dir)
            .arg("ingest")
            .arg(&sc)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let context =
            format!("round {round} (TREATYGRAPH_CRASH_SEED={seed}, killed at {delay} ms)");
        if !store_dir.join("CURRENT").exists() {
            // Killed before RocksDB created the store.
            continue;
        }
        let store = GraphStore::open_read_only(&store_dir)
            .unwrap_or_else(|e| panic!("{context}: the store does not open: {e}"));
        assert_complete(&store, &expected, &context);
        // It answers a shipped query.
        let QueryResults::Solutions(solutions) =
            query::execute(store.inner(), &palermo, Some(Duration::from_secs(60))).unwrap()
        else {
            panic!("{context}: select gives solutions")
        };
        for solution in solutions {
            solution.unwrap_or_else(|e| panic!("{context}: the query fails: {e}"));
        }
        // Each document went in with its citation statistics, in one transaction.
        assert_eq!(
            shipped_rows(&store, "most-cited-instruments"),
            shipped_rows(&store, "most-cited-instruments-live"),
            "{context}: the statistics disagree with the graphs"
        );
        if !store.document_graphs().unwrap().is_empty() {
            killed_with_graphs += 1;
        }
    }
    let rerun = binary()
        .args(["--quiet", "--store"])
        .arg(&store_dir)
        .arg("ingest")
        .arg(&sc)
        .output()
        .unwrap();
    assert_eq!(
        rerun.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&rerun.stderr)
    );
    let store = GraphStore::open_read_only(&store_dir).unwrap();
    assert_complete(&store, &expected, "after the re-run");
    let found = document_graphs(&store);
    let found: HashSet<&str> = found.keys().map(String::as_str).collect();
    assert_eq!(found, graphs, "the re-run completes the work");
    // Not a timing assertion: a note when every kill came before the first graph.
    if killed_with_graphs == 0 {
        eprintln!("note: no kill landed after the first document graph (seed {seed})");
    }
}

fn run(args: &[&str], store: &Path) -> Output {
    binary()
        .arg("--store")
        .arg(store)
        .args(args)
        .output()
        .unwrap()
}

fn refused(output: &Output) -> String {
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn one_writer_or_many_readers_and_the_others_are_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let seed = corpus(SEED);
    let seed_arg = seed.to_str().unwrap();
    let extraction = Extractor::bundled().unwrap().extract_path(&seed).unwrap();

    // A writer holds the store: readers and a second writer are refused.
    let writer = GraphStore::open(&store_dir).unwrap();
    writer.replace_document(&extraction).unwrap();
    let stderr = refused(&run(&["query", "resolution-citations"], &store_dir));
    assert!(
        stderr.contains("is in use by another treatygraph process (an ingest is writing it"),
        "{stderr}"
    );
    assert!(stderr.lines().count() == 1, "{stderr}");
    let stderr = refused(&run(&["--quiet", "ingest", seed_arg], &store_dir));
    assert!(stderr.contains("ingest writes alone"), "{stderr}");
    let Err(error) = GraphStore::open_read_only(&store_dir) else {
        panic!("a reader opened a store being written")
    };
    assert!(error.to_string().contains("an ingest is writing it"));
    drop(writer);

    // Readers share the store, and keep a writer out while they read.
    let reader = GraphStore::open_read_only(&store_dir).unwrap();
    assert_eq!(reader.document_graphs().unwrap().len(), 1);
    let query = run(
        &["query", "resolution-citations", "--format", "csv"],
        &store_dir,
    );
    assert_eq!(query.status.code(), Some(0), "{query:?}");
    assert!(String::from_utf8_lossy(&query.stdout).contains("TIP-PROTOCOL"));
    let stderr = refused(&run(&["--quiet", "ingest", seed_arg], &store_dir));
    assert!(stderr.contains("ingest writes alone"), "{stderr}");
    drop(reader);

    // Free again: the ingest goes in.
    let ingest = run(&["--quiet", "ingest", seed_arg], &store_dir);
    assert_eq!(ingest.status.code(), Some(0), "{ingest:?}");
}

#[test]
fn queries_during_a_live_ingest_answer_or_are_refused_never_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let mut ingest = binary()
        .args(["--quiet", "--store"])
        .arg(&store_dir)
        .arg("ingest")
        .arg(corpus("sc"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut answered = 0;
    loop {
        let finished = ingest.try_wait().unwrap().is_some();
        let query = run(
            &["query", "most-cited-instruments", "--format", "csv"],
            &store_dir,
        );
        let stderr = String::from_utf8_lossy(&query.stderr);
        match query.status.code() {
            Some(0) => answered += 1,
            Some(2) if stderr.contains("no store at") => {}
            // Refused while the ingest holds the store, with the clear message.
            Some(2) if stderr.contains("an ingest is writing it") => {}
            other => panic!("query during ingest: {other:?}: {stderr}"),
        }
        if finished {
            break;
        }
    }
    assert_eq!(ingest.wait().unwrap().code(), Some(0));
    assert!(answered >= 1, "the query after the ingest answers");
}
