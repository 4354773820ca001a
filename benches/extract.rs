//! Extraction throughput (text → citations, MB/s): the bundled corpus and generated text.
//!
//! `cargo bench --bench extract`. Inputs are read into memory first, so the figures measure
//! reading from bytes, structure, recognition and resolution — not the disk.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rayon::prelude::*;

use treatygraph::extract::Extractor;
use treatygraph::read::{read_bytes, SourceText};
use treatygraph::recognise::{Context, Recogniser};
use treatygraph::store::collect_inputs;
use treatygraph::structure::{structure, Document};

fn load(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    collect_inputs(&[dir.to_path_buf()])
        .unwrap()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// A group of ten samples whose throughput is the bytes of `files`.
fn byte_group<'c>(
    c: &'c mut Criterion,
    name: &str,
    files: &[(PathBuf, Vec<u8>)],
) -> criterion::BenchmarkGroup<'c, criterion::measurement::WallTime> {
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group
}

fn bench_set(c: &mut Criterion, name: &str, files: &[(PathBuf, Vec<u8>)], extractor: &Extractor) {
    let mut group = byte_group(c, name, files);
    group.bench_function("single-threaded", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|(path, bytes)| {
                    extractor
                        .extract_bytes(path, bytes)
                        .map_or(0, |e| e.citations.len())
                })
                .sum::<usize>()
        })
    });
    group.bench_function("parallel", |b| {
        b.iter(|| {
            files
                .par_iter()
                .map(|(path, bytes)| {
                    extractor
                        .extract_bytes(path, bytes)
                        .map_or(0, |e| e.citations.len())
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

/// The stages one at a time, single-threaded, over the same bytes: where a document's time goes
/// (resolution and rendering are the rest).
fn bench_stages(c: &mut Criterion, files: &[(PathBuf, Vec<u8>)], extractor: &Extractor) {
    let sources: Vec<SourceText> = files
        .iter()
        .filter_map(|(_, bytes)| read_bytes(bytes).ok())
        .collect();
    let documents: Vec<Document> = sources.iter().map(structure).collect();
    let recogniser = &Recogniser::new(extractor.registry());
    let mut group = byte_group(c, "stages/generated-1000", files);
    group.bench_function("read", |b| {
        b.iter(|| {
            files
                .iter()
                .filter_map(|(_, bytes)| read_bytes(bytes).ok())
                .count()
        })
    });
    group.bench_function("structure", |b| {
        b.iter(|| {
            sources
                .iter()
                .map(|source| structure(source).paragraphs.len())
                .sum::<usize>()
        })
    });
    group.bench_function("recognise", |b| {
        b.iter(|| {
            documents
                .iter()
                .flat_map(|document| {
                    let context = Context {
                        organ: document.meta.organ_id,
                        own_symbol: document.meta.symbol.as_deref(),
                    };
                    document
                        .paragraphs
                        .iter()
                        .map(move |p| recogniser.recognise(&p.text, &context).len())
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

fn extraction(c: &mut Criterion) {
    let extractor = Extractor::bundled().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = load(&root.join("data/corpus"));
    bench_set(c, "extract/corpus", &corpus, &extractor);

    let generated_dir = tempfile::tempdir().unwrap();
    treatygraph::generate::generate(&root.join("data/corpus"), 1000, 1, generated_dir.path())
        .unwrap();
    let generated = load(generated_dir.path());
    bench_set(c, "extract/generated-1000", &generated, &extractor);
    bench_stages(c, &generated, &extractor);
}

criterion_group!(benches, extraction);
criterion_main!(benches);
