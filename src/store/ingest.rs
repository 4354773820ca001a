//! Ingestion: walk the inputs, extract in parallel (all cores), write each document's graph in
//! its own transaction. A file that cannot be read is reported and skipped; the others go in.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::GraphStore;
use crate::error::{Error, Result};
use crate::extract::Extractor;

/// Files and folders to ingest, expanded to files in a stable order (hidden files skipped).
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .follow_links(true)
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                })
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .collect();
            found.sort();
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(Error::input(path, "no such file or directory"));
        }
    }
    Ok(files)
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
    let mut report = IngestReport::default();
    let mut instruments = BTreeSet::new();
    for batch in files.chunks(BATCH) {
        let extracted: Vec<_> = batch
            .par_iter()
            .map(|path| extractor.extract_path(path))
            .collect();
        for (path, outcome) in batch.iter().zip(extracted) {
            match outcome.and_then(|extraction| {
                let quads = store.replace_document(&extraction)?;
                Ok((extraction, quads))
            }) {
                Ok((extraction, quads)) => {
                    report.documents += 1;
                    report.citations += extraction.citations.len();
                    report.quads += quads;
                    instruments.extend(
                        extraction
                            .targets()
                            .into_iter()
                            .filter(|t| t.is_instrument())
                            .map(|t| t.iri.clone()),
                    );
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
            progress.document_done(path);
        }
    }
    store.flush()?;
    report.instruments = instruments.len();
    Ok(report)
}
