//! Ingestion: walk the inputs, extract in parallel (all cores), write each document's graph in
//! its own transaction. A file that cannot be read is reported and skipped; the others go in.
//!
//! Large ingests (more than [`BULK_THRESHOLD`] files) take a bulk path instead: per batch of
//! [`BULK_BATCH`] documents, one transaction removes the earlier versions of the batch's graphs,
//! then oxigraph's bulk loader writes the new quads (sorted runs ingested as RocksDB SST files,
//! several times faster than transactions). Each document still has its own named graph and a
//! re-ingest still replaces it. The trade-off is atomicity per document: the batch becomes
//! visible at once when the loader commits, but if the process dies between the removal and
//! that commit, the batch's documents are missing from the store (their old versions are gone,
//! the new ones not yet written) until the same ingest is run again. No document is ever
//! half-written or duplicated.
//!
//! The citation statistics (`statistics.rs`) follow each document's transaction on the small
//! path; the bulk path marks them stale before the first batch and recounts them at the end.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::GraphStore;
use crate::error::{Error, Result};
use crate::extract::{Extraction, Extractor};

/// Files and folders to ingest, expanded to files in a stable order (hidden files skipped).
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    Ok(walk_inputs(paths)?.collect())
}

/// `collect_inputs` as an iterator: the same files in the same order, found while the caller
/// works on the first ones (walking 100,000 files takes a few tenths of a second). A named path
/// that does not exist is an error before any file is yielded.
pub fn walk_inputs(paths: &[PathBuf]) -> Result<impl Iterator<Item = PathBuf> + Send + '_> {
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        return Err(Error::input(missing, "no such file or directory"));
    }
    Ok(paths.iter().flat_map(|path| {
        // Children in name order, depth first: the order of sorting every path found.
        let found = path.is_dir().then(|| {
            walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                })
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
        });
        let file = (!path.is_dir()).then(|| path.clone());
        found.into_iter().flatten().chain(file)
    }))
}

/// What an ingest did.
#[derive(Debug, Default)]
pub struct IngestReport {
    pub documents: usize,
    pub citations: usize,
    /// Distinct instruments cited across the ingested documents.
    pub instruments: usize,
    pub quads: usize,
    /// Inputs that could not be ingested, with the reason.
    pub failures: Vec<Error>,
    /// Whether the bulk loader wrote the documents (more than [`BULK_THRESHOLD`] files): its
    /// files are best compacted ([`GraphStore::compact`](super::GraphStore::compact)).
    pub bulk_loaded: bool,
}

/// Progress callbacks, so that the CLI can draw a bar and the library stays silent.
pub trait IngestProgress: Sync {
    fn started(&self, _total: usize) {}
    fn document_done(&self, _path: &Path) {}
    fn failed(&self, _error: &Error) {}
}

impl IngestProgress for () {}

/// Documents extracted in parallel per batch, then written one transaction each.
const BATCH: usize = 64;
/// Above this many files, [`ingest`] uses the bulk loader (see the module documentation).
pub const BULK_THRESHOLD: usize = 1000;
/// Documents per bulk-loaded batch: large enough to amortise the loader's sort and SST
/// ingestion, small enough to bound memory (a few hundred MB of quads at most).
const BULK_BATCH: usize = 4096;

/// Ingests files into the store. The registry and ontology graphs are refreshed first.
pub fn ingest(
    store: &GraphStore,
    extractor: &Extractor,
    registry_turtle: &str,
    files: &[PathBuf],
    progress: &dyn IngestProgress,
) -> Result<IngestReport> {
    store.load_reference_graphs(registry_turtle)?;
    progress.started(files.len());
    let bulk = files.len() > BULK_THRESHOLD;
    let mut report = IngestReport {
        bulk_loaded: bulk,
        ..IngestReport::default()
    };
    let mut instruments = BTreeSet::new();
    for batch in files.chunks(if bulk { BULK_BATCH } else { BATCH }) {
        let extracted: Vec<_> = batch
            .par_iter()
            .map(|path| {
                extractor
                    .extract_path(path)
                    .and_then(|extraction| un_document(path, extraction))
                    .map(|extraction| {
                        let quads = crate::model::document_quads(&extraction);
                        (extraction, quads)
                    })
            })
            .collect();
        let mut loaded = Vec::new();
        for (path, outcome) in batch.iter().zip(extracted) {
            let outcome = outcome.and_then(|(extraction, quads)| {
                if !bulk {
                    store.replace_graph(&graph_of(&extraction), &quads)?;
                }
                Ok((extraction, quads))
            });
            match outcome {
                Ok((extraction, quads)) => {
                    report.documents += 1;
                    report.citations += extraction.citations.len();
                    report.quads += quads.len();
                    instruments.extend(
                        extraction
                            .targets()
                            .into_iter()
                            .filter(|t| t.is_instrument())
                            .map(|t| t.iri.clone()),
                    );
                    if bulk {
                        loaded.push((graph_of(&extraction), quads));
                    }
                }
                Err(error) => {
                    let error = match error {
                        Error::Input { .. } => error,
                        other => Error::input(path, other.to_string()),
                    };
                    progress.failed(&error);
                    report.failures.push(error);
                }
            }
            if !bulk {
                progress.document_done(path);
            }
        }
        if bulk {
            store.bulk_replace_graphs(loaded)?;
            for path in batch {
                progress.document_done(path);
            }
        }
    }
    if bulk {
        store.recompute_statistics()?;
    }
    store.flush()?;
    report.instruments = instruments.len();
    Ok(report)
}

fn graph_of(extraction: &crate::extract::Extraction) -> String {
    crate::model::vocab::doc_graph_iri(&extraction.graph_key())
}

/// Only UN documents go into the graph: a file whose header names neither a symbol nor an organ
/// (a README or notes lying in the input folder) would become a nameless node.
fn un_document(path: &Path, extraction: Extraction) -> Result<Extraction> {
    let meta = &extraction.document;
    if meta.symbol.is_none() && meta.organ.is_none() {
        return Err(Error::input(
            path,
            "not a UN document: its header names no symbol and no organ",
        ));
    }
    Ok(extraction)
}
