//! Crash safety: `ingest` killed with SIGKILL at random moments leaves a store that opens,
//! answers queries and holds only complete document graphs; a re-run completes the work. And
//! the store's locking between a writer and readers.

use std::collections::HashMap;
use std::process::Stdio;
use std::time::Duration;

use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use treatygraph::extract::Extractor;
use treatygraph::query::{self, PreparedQuery};
use treatygraph::store::GraphStore;

use super::common::{binary, corpus};

/// Citation count and source file of every document graph in the store.
fn document_graphs(store: &GraphStore) -> HashMap<String, (usize, Option<String>)> {
    let sparql = r#"
        PREFIX tg: <https://w3id.org/treatygraph/ontology#>
        SELECT ?g (COUNT(DISTINCT ?c) AS ?citations) (SAMPLE(?name) AS ?file) WHERE {
          GRAPH ?g {
            OPTIONAL { ?doc tg:sourceFile/tg:fileName ?name }
            OPTIONAL { ?c a tg:Citation }
          }
          FILTER(STRSTARTS(STR(?g), "https://w3id.org/treatygraph/graph/doc/"))
        } GROUP BY ?g"#;
    let prepared = PreparedQuery {
        sparql: sparql.to_owned(),
        substitutions: Vec::new(),
    };
    let QueryResults::Solutions(solutions) =
        query::execute(store.inner(), &prepared, None).unwrap()
    else {
        panic!("select gives solutions")
    };
    solutions
        .map(|s| {
            let s = s.unwrap();
            let graph = s.get("g").unwrap().to_string();
            let citations = match s.get("citations") {
                Some(Term::Literal(l)) => l.value().parse().unwrap(),
                _ => 0,
            };
            let file = match s.get("file") {
                Some(Term::Literal(l)) => Some(l.value().to_owned()),
                _ => None,
            };
            (graph, (citations, file))
        })
        .collect()
}

/// A small deterministic generator (xorshift), so a failing round can be replayed.
fn delays(seed: u64, n: usize) -> Vec<u64> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            50 + state % 1451
        })
        .collect()
}

#[test]
fn ingest_killed_at_random_moments_leaves_complete_graphs_and_a_rerun_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let sc = corpus("sc");
    let extractor = Extractor::bundled().unwrap();
    let mut expected: HashMap<String, usize> = HashMap::new();
    for path in treatygraph::store::collect_inputs(std::slice::from_ref(&sc)).unwrap() {
        if let Ok(extraction) = extractor.extract_path(&path) {
            expected.insert(
                extraction.source.file_name.clone(),
                extraction.citations.len(),
            );
        }
    }
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    for (round, delay) in delays(seed, 8).into_iter().enumerate() {
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
        if !store_dir.exists() {
            continue;
        }
        let store = GraphStore::open_read_only(&store_dir)
            .unwrap_or_else(|e| panic!("round {round} (seed {seed}, {delay} ms): {e}"));
        for (graph, (citations, file)) in document_graphs(&store) {
            let file = file.unwrap_or_else(|| {
                panic!("round {round} (seed {seed}): {graph} has no tg:sourceFile")
            });
            assert_eq!(
                Some(&citations),
                expected.get(&file),
                "round {round} (seed {seed}, {delay} ms): {graph} from {file} is partial"
            );
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
    let graphs = document_graphs(&store);
    assert_eq!(graphs.len(), 871);
    assert_eq!(graphs.len(), expected.len());
}

#[test]
fn readers_open_a_store_while_ingest_writes_and_a_second_writer_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let writer = GraphStore::open(&store_dir).unwrap();
    let extraction = Extractor::bundled()
        .unwrap()
        .extract_path(&corpus(super::common::SEED))
        .unwrap();
    writer.replace_document(&extraction).unwrap();
    writer.flush().unwrap();

    // A reader opens the store while the writer holds it, and sees what was committed.
    let reader = GraphStore::open_read_only(&store_dir).unwrap();
    assert_eq!(reader.document_graphs().unwrap().len(), 1);
    let query = binary()
        .arg("--store")
        .arg(&store_dir)
        .args(["query", "resolution-citations", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(
        query.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&query.stderr)
    );

    // A second writer (another ingest) is refused with a clear message and a usage exit code.
    let ingest = binary()
        .args(["--quiet", "--store"])
        .arg(&store_dir)
        .arg("ingest")
        .arg(corpus(super::common::SEED))
        .output()
        .unwrap();
    assert_eq!(ingest.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&ingest.stderr);
    assert!(
        stderr.contains("is in use by another treatygraph process"),
        "{stderr}"
    );
}
