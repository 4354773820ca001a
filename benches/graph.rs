//! Citation-network benchmarks.
//!
//! - `network/build+pagerank/100k`: building the resolution → instrument network (petgraph,
//!   aggregated edges with provenance, degrees, components, PageRank) from 100 000 synthetic
//!   resolutions' citation rows held in memory.
//! - `network/pagerank/100k`: PageRank alone on the same edges.
//! - `network/sparql-fetch/bundled`: the SPARQL retrieval of those rows from a store holding the
//!   bundled corpus (data/corpus).
//!
//! Run: `cargo bench --bench graph`.

use std::collections::HashMap;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use petgraph::visit::EdgeRef;

use treatygraph::graph::{
    self, metrics, CitationRow, Criteria, InstrumentInfo, ResolutionInfo, Rows, TargetClass, View,
};
use treatygraph::model::vocab;
use treatygraph::resolve::registry::BUNDLED_REGISTRY;
use treatygraph::store::{self, GraphStore};
use treatygraph::Extractor;

const RESOLUTIONS: usize = 100_000;
const INSTRUMENTS: usize = 2_000;

/// Rows as `graph::fetch` would return them: each resolution cites 1–8 instruments, drawn with a
/// skew towards a few popular ones (as the Charter and the core treaties are in reality), in
/// 1–3 paragraphs each.
fn synthetic_rows() -> Rows {
    let mut state: u64 = 42;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        state >> 33
    };
    let instrument = |i: u64| format!("{}SYN-{i}", vocab::INSTRUMENT);
    let mut rows = Rows {
        citations: Vec::new(),
        resolutions: HashMap::new(),
        instruments: HashMap::new(),
        hierarchy: Vec::new(),
    };
    for i in 0..INSTRUMENTS as u64 {
        rows.instruments.insert(
            instrument(i),
            InstrumentInfo {
                key: Some(format!("SYN-{i}")),
                label: Some(format!("Synthetic Convention {i}")),
                kind: Some("treaty".into()),
                unts_volume: Some(1000 + i as i64),
                unts_number: Some(20000 + i as i64),
                ..Default::default()
            },
        );
    }
    for r in 0..RESOLUTIONS {
        let resolution = format!("{}A/RES/{}/{}", vocab::DOC, r / 300, r % 300);
        rows.resolutions.insert(
            resolution.clone(),
            ResolutionInfo {
                symbol: Some(format!("A/RES/{}/{}", r / 300, r % 300)),
                date: Some(format!("{}-12-18", 1946 + r / 1400)),
                title: Some("Synthetic resolution".into()),
                organ: Some("GA".into()),
            },
        );
        for _ in 0..1 + next() % 8 {
            let (a, b) = (next() % INSTRUMENTS as u64, next() % INSTRUMENTS as u64);
            let cited = instrument(a * b / INSTRUMENTS as u64);
            for p in 0..1 + next() % 3 {
                rows.citations.push(CitationRow {
                    resolution: resolution.clone(),
                    cited: cited.clone(),
                    target: TargetClass::Instrument,
                    paragraph: format!("OP{}", p + 1),
                    function: "recalls".into(),
                    verb: Some("Recalling".into()),
                });
            }
        }
    }
    rows
}

fn network(c: &mut Criterion) {
    let rows = synthetic_rows();
    let mut group = c.benchmark_group("network");
    group.sample_size(10);
    group.bench_function("build+pagerank/100k", |b| {
        b.iter(|| graph::build(&rows, View::Citations, &Criteria::default()))
    });
    let built = graph::build(&rows, View::Citations, &Criteria::default());
    eprintln!(
        "synthetic network: {} citation rows, {} nodes, {} edges",
        rows.citations.len(),
        built.graph.node_count(),
        built.graph.edge_count()
    );
    let edges: Vec<(usize, usize, f64)> = built
        .graph
        .edge_references()
        .map(|e| (e.source().index(), e.target().index(), e.weight().weight))
        .collect();
    group.bench_function("pagerank/100k", |b| {
        b.iter(|| metrics::pagerank(built.graph.node_count(), &edges, true, metrics::DAMPING))
    });

    let directory = tempfile::tempdir().expect("temporary directory");
    let store = GraphStore::open(directory.path()).expect("store");
    let extractor = Extractor::bundled().expect("bundled registry");
    let files =
        store::collect_inputs(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/corpus")])
            .expect("corpus");
    store::ingest(&store, &extractor, BUNDLED_REGISTRY, &files, &()).expect("ingest");
    group.bench_function("sparql-fetch/bundled", |b| {
        b.iter(|| graph::fetch(store.inner(), View::Citations, None).expect("fetch"))
    });
    let fetched = graph::fetch(store.inner(), View::Citations, None).expect("fetch");
    eprintln!(
        "bundled store: {} citation rows fetched",
        fetched.citations.len()
    );
    group.finish();
}

criterion_group!(benches, network);
criterion_main!(benches);
