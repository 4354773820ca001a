//! The citation statistics graph on the bundled corpus: after an ingest, after re-ingesting a
//! changed document, after a repeated ingest and after an interrupted bulk load, the shipped
//! `most-cited-instruments` (which reads the statistics) gives exactly the rows of
//! `most-cited-instruments-live` (which counts every citation).

#[path = "support/corpus.rs"]
mod corpus_files;

use std::path::PathBuf;

use oxigraph::sparql::QueryResults;
use treatygraph::extract::Extractor;
use treatygraph::model::{self, vocab};
use treatygraph::query::{self, PreparedQuery};
use treatygraph::resolve::registry::BUNDLED_REGISTRY;
use treatygraph::store::{self, GraphStore};

use corpus_files::{corpus, SEED};

/// The rows of a shipped query, as printed terms; `all` drops its `LIMIT`.
fn rows(store: &GraphStore, name: &str, all: bool) -> Vec<Vec<String>> {
    let named = query::shipped()
        .into_iter()
        .find(|q| q.name == name)
        .expect("shipped query");
    let sparql = if all {
        named.sparql.replace("LIMIT 25", "")
    } else {
        named.sparql.to_owned()
    };
    let prepared = PreparedQuery {
        sparql,
        substitutions: Vec::new(),
    };
    let QueryResults::Solutions(solutions) =
        query::execute(store.inner(), &prepared, None).expect("query runs")
    else {
        panic!("{name} is a SELECT")
    };
    solutions
        .map(|s| {
            let s = s.expect("solution");
            ["instrument", "label", "resolutions", "citations"]
                .iter()
                .map(|v| s.get(*v).map(ToString::to_string).unwrap_or_default())
                .collect()
        })
        .collect()
}

/// The statistics agree with the live count, for the shipped 25 rows and for all of them.
/// Returns all rows.
fn assert_statistics_agree(store: &GraphStore, context: &str) -> Vec<Vec<String>> {
    assert_eq!(
        rows(store, "most-cited-instruments", false),
        rows(store, "most-cited-instruments-live", false),
        "{context}: top 25"
    );
    let all = rows(store, "most-cited-instruments", true);
    assert_eq!(
        all,
        rows(store, "most-cited-instruments-live", true),
        "{context}: all rows"
    );
    all
}

fn counts_of<'r>(rows: &'r [Vec<String>], key: &str) -> Option<(&'r str, &'r str)> {
    let iri = format!("<{}{key}>", vocab::INSTRUMENT);
    rows.iter()
        .find(|r| r[0] == iri)
        .map(|r| (r[2].as_str(), r[3].as_str()))
}

fn ingest(store: &GraphStore, files: &[PathBuf]) {
    let extractor = Extractor::bundled().unwrap();
    store::ingest(store, &extractor, BUNDLED_REGISTRY, files, &()).expect("ingest");
}

#[test]
fn statistics_follow_ingest_reingest_of_a_changed_document_and_repeated_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let store = GraphStore::open(&dir.path().join("store")).unwrap();
    let files = store::collect_inputs(&[corpus("")]).unwrap();
    ingest(&store, &files);
    let before = assert_statistics_agree(&store, "after ingesting the corpus");
    assert!(before.len() > 25, "the corpus cites many instruments");

    // The seed without its operative paragraph 9, the only place it cites the ILO conventions
    // and where it urges ratification of the Palermo Protocol.
    let seed = std::fs::read_to_string(corpus(SEED)).unwrap();
    assert!(seed.contains("\t9.\tAlso urges Governments"));
    let changed: String = seed
        .lines()
        .filter(|line| !line.starts_with("\t9.\tAlso urges Governments"))
        .map(|line| format!("{line}\n"))
        .collect();
    let changed_dir = tempfile::tempdir().unwrap();
    let changed_file = changed_dir.path().join("A_RES_63_156-EN.ods.txt");
    std::fs::write(&changed_file, changed).unwrap();
    ingest(&store, std::slice::from_ref(&changed_file));
    let after = assert_statistics_agree(&store, "after re-ingesting a changed document");
    assert_ne!(before, after, "the change moved the counts");
    // The Palermo Protocol keeps the seed as a citing resolution (PP1) with one citation less.
    let (resolutions_before, citations_before) = counts_of(&before, "TIP-PROTOCOL").unwrap();
    let (resolutions_after, citations_after) = counts_of(&after, "TIP-PROTOCOL").unwrap();
    assert_eq!(resolutions_before, resolutions_after);
    assert_ne!(citations_before, citations_after);

    // The original back, twice over: the statistics are what the first ingest gave.
    ingest(&store, &[corpus(SEED)]);
    ingest(&store, &files);
    assert_eq!(
        assert_statistics_agree(&store, "after a repeated ingest"),
        before
    );
}

#[test]
fn an_interrupted_bulk_load_is_repaired_when_the_store_is_next_opened_for_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let extractor = Extractor::bundled().unwrap();
    let files = store::collect_inputs(&[corpus("sc")]).unwrap();
    let (first, rest) = files.split_at(files.len() / 2);
    {
        let store = GraphStore::open(&path).unwrap();
        ingest(&store, first);
        assert_statistics_agree(&store, "after the first half");
        // A bulk load of the other half that dies before its final recount: its graphs are
        // written, the statistics are not.
        let graphs: Vec<(String, Vec<_>)> = rest
            .iter()
            .filter_map(|path| extractor.extract_path(path).ok())
            .filter(|extraction| extraction.document.symbol.is_some())
            .map(|extraction| {
                (
                    vocab::doc_graph_iri(&extraction.graph_key()),
                    model::document_quads(&extraction),
                )
            })
            .collect();
        store.bulk_replace_graphs(graphs).unwrap();
        // Readers see the statistics of the first half only: they disagree, and say so.
        assert_ne!(
            rows(&store, "most-cited-instruments", true),
            rows(&store, "most-cited-instruments-live", true),
        );
        assert!(store.statistics_are_stale().unwrap());
    }
    let store = GraphStore::open(&path).unwrap();
    assert!(!store.statistics_are_stale().unwrap());
    assert_statistics_agree(&store, "after reopening for writing");
}
