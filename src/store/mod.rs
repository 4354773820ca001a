//! The embedded, on-disk oxigraph store (RocksDB). One named graph per source document, plus the
//! registry and ontology graphs. Every write of a document is one transaction that replaces
//! its graph, so a store never holds half a document and re-ingesting never duplicates.
//!
//! One writer or many readers: RocksDB locks a store against a second writer, but a read-only
//! open next to a live writer is undefined behaviour in RocksDB (a reader can find the files
//! it listed compacted away). So every process also takes an advisory lock on
//! [`LOCK_FILE`] in the store directory — exclusive to write (`ingest`), shared to read
//! (`query`, `export`, `why`, `serve`) — and one that cannot have it is refused at once with a
//! message saying who holds the store, instead of waiting or reading a store in flux. The
//! operating system releases the lock when a process ends, killed or not.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::extract::Extraction;
use crate::model::{self, vocab};

mod export;
mod ingest;
pub mod push;
mod statistics;

pub use export::{export, export_at_most, ExportFormat};
pub use ingest::{
    collect_inputs, ingest, walk_inputs, IngestProgress, IngestReport, BULK_THRESHOLD,
};

/// Environment variable that overrides the default store location.
pub const STORE_ENV: &str = "TREATYGRAPH_STORE";
/// Default store location, relative to the working directory.
pub const DEFAULT_STORE: &str = ".treatygraph/store";

/// The store location: `--store`, else `$TREATYGRAPH_STORE`, else `.treatygraph/store`.
pub fn store_path(explicit: Option<&Path>) -> PathBuf {
    explicit
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os(STORE_ENV).map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_STORE))
}

/// The advisory lock file in a store directory (see the module documentation).
pub const LOCK_FILE: &str = "treatygraph.lock";

/// The graph store.
pub struct GraphStore {
    store: Store,
    path: PathBuf,
    /// The advisory lock, held while the store is open (`None` in memory).
    _lock: Option<File>,
}

/// How a process uses a store, for its advisory lock.
#[derive(Clone, Copy)]
enum Access {
    Write,
    Read,
}

/// Takes the advisory lock of the store at `path`, or says who holds it.
fn lock(path: &Path, access: Access) -> Result<Option<File>> {
    let lock_path = path.join(LOCK_FILE);
    let file = match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
    {
        Ok(file) => file,
        // A store on read-only media cannot be written to, so a reader needs no lock there.
        Err(_) if matches!(access, Access::Read) => return Ok(None),
        Err(e) => {
            return Err(Error::io(
                format!("cannot create lock file {}", lock_path.display()),
                e,
            ))
        }
    };
    let taken = match access {
        Access::Write => file.try_lock(),
        Access::Read => file.try_lock_shared(),
    };
    match taken {
        Ok(()) => Ok(Some(file)),
        Err(TryLockError::WouldBlock) => Err(Error::Usage(match access {
            Access::Write => format!(
                "the store at {} is in use by another treatygraph process (ingest writes alone: \
                 stop the query, export or serve that reads it, or the other ingest)",
                path.display()
            ),
            Access::Read => format!(
                "the store at {} is in use by another treatygraph process (an ingest is writing \
                 it; run this when the ingest has finished)",
                path.display()
            ),
        })),
        Err(TryLockError::Error(e)) => {
            Err(Error::io(format!("cannot lock {}", lock_path.display()), e))
        }
    }
}

impl GraphStore {
    /// Opens (or creates) a store for reading and writing.
    pub fn open(path: &Path) -> Result<Self> {
        if !path.join("CURRENT").exists() {
            create(path)?;
        }
        let lock = lock(path, Access::Write)?;
        let store = Store::open(path).map_err(|e| open_error(path, e))?;
        // An interrupted bulk load, or a store from before the statistics: repair them before
        // anything reads or updates them.
        if statistics::needs_recomputation(&store)? {
            statistics::recompute(&store)?;
        }
        Ok(GraphStore {
            store,
            path: path.to_path_buf(),
            _lock: lock,
        })
    }

    /// Opens an existing store read-only, next to other readers (never next to a writer).
    pub fn open_read_only(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Err(Error::Usage(format!(
                "no store at {}: run `treatygraph ingest` first or pass --store",
                path.display()
            )));
        }
        let lock = lock(path, Access::Read)?;
        let store = Store::open_read_only(path).map_err(|e| open_error(path, e))?;
        Ok(GraphStore {
            store,
            path: path.to_path_buf(),
            _lock: lock,
        })
    }

    /// An in-memory store (tests, `extract --format turtle`).
    pub fn in_memory() -> Result<Self> {
        Ok(GraphStore {
            store: Store::new()?,
            path: PathBuf::new(),
            _lock: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying oxigraph store, for queries and exports.
    pub fn inner(&self) -> &Store {
        &self.store
    }

    /// Replaces the registry and ontology graphs.
    pub fn load_reference_graphs(&self, registry_turtle: &str) -> Result<()> {
        let registry = model::turtle_quads(registry_turtle, vocab::REGISTRY_GRAPH, "registry")?;
        self.replace_graph(vocab::REGISTRY_GRAPH, &registry)?;
        self.replace_graph(vocab::ONTOLOGY_GRAPH, &model::ontology_quads()?)
    }

    /// Stores one extraction, replacing any earlier version of its graph; returns the number of
    /// quads written.
    pub fn replace_document(&self, extraction: &Extraction) -> Result<usize> {
        let quads = model::document_quads(extraction);
        let graph = vocab::doc_graph_iri(&extraction.graph_key());
        self.replace_graph(&graph, &quads)?;
        Ok(quads.len())
    }

    /// Replaces a named graph's content in one transaction, which also moves a document
    /// graph's contribution to the citation statistics from the old content to the new.
    pub fn replace_graph(&self, graph_iri: &str, quads: &[Quad]) -> Result<()> {
        let graph = NamedNode::new_unchecked(graph_iri);
        let mut transaction = self.store.start_transaction()?;
        statistics::replace_graph_in(&mut transaction, graph_iri, quads)?;
        transaction.remove_named_graph(graph.as_ref())?;
        transaction.insert_named_graph(graph.as_ref());
        transaction.extend(quads);
        transaction.commit()?;
        Ok(())
    }

    /// Replaces many named graphs at once: one transaction removes them (and marks the citation
    /// statistics stale), then the bulk loader writes the new quads (not atomic per graph: see
    /// [`ingest`]'s module documentation). [`GraphStore::recompute_statistics`] must follow.
    /// The quads are moved into the loader: cloning them cost a copy of every IRI and literal.
    pub fn bulk_replace_graphs(&self, graphs: Vec<(String, Vec<Quad>)>) -> Result<()> {
        let mut transaction = self.store.start_transaction()?;
        statistics::mark_stale(&mut transaction);
        for (graph_iri, _) in &graphs {
            transaction.remove_named_graph(NamedNodeRef::new_unchecked(graph_iri))?;
        }
        transaction.commit()?;
        let mut loader = self.store.bulk_loader();
        loader.load_quads(graphs.into_iter().flat_map(|(_, quads)| quads))?;
        loader.commit()?;
        Ok(())
    }

    /// Recounts the citation statistics from the document graphs and clears the stale marker,
    /// in one transaction (after bulk loads).
    pub fn recompute_statistics(&self) -> Result<()> {
        statistics::recompute(&self.store)
    }

    /// Whether the citation statistics disagree with the document graphs until the next open
    /// for writing (an interrupted bulk load, or a store written before statistics existed).
    pub fn statistics_are_stale(&self) -> Result<bool> {
        statistics::needs_recomputation(&self.store)
    }

    /// Number of quads in the store.
    pub fn len(&self) -> Result<usize> {
        Ok(self.store.len()?)
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.store.is_empty()?)
    }

    /// Names of the document graphs.
    pub fn document_graphs(&self) -> Result<Vec<String>> {
        let prefix = format!("{}doc/", vocab::GRAPH);
        let mut graphs = Vec::new();
        for graph in self.store.named_graphs() {
            let name = graph?.to_string();
            let name = name.trim_matches(['<', '>']);
            if name.starts_with(&prefix) {
                graphs.push(name.to_owned());
            }
        }
        Ok(graphs)
    }

    /// IRIs of all named graphs: documents, registry and ontology (treatygraph names no graph
    /// with a blank node).
    pub fn named_graphs(&self) -> Result<Vec<String>> {
        let mut graphs = Vec::new();
        for graph in self.store.named_graphs() {
            if let NamedOrBlankNode::NamedNode(graph) = graph? {
                graphs.push(graph.into_string());
            }
        }
        Ok(graphs)
    }

    /// Quads of one named graph, or of the default graph.
    pub fn graph_len(&self, graph_iri: Option<&str>) -> Result<usize> {
        let graph = graph_iri.map(NamedNodeRef::new_unchecked);
        let graph_ref = match &graph {
            Some(g) => GraphNameRef::NamedNode(*g),
            None => GraphNameRef::DefaultGraph,
        };
        let mut n = 0;
        for quad in self
            .store
            .quads_for_pattern(None, None, None, Some(graph_ref))
        {
            quad?;
            n += 1;
        }
        Ok(n)
    }

    /// Writes what is buffered in memory to disk.
    pub fn flush(&self) -> Result<()> {
        self.store.flush()?;
        Ok(())
    }

    /// Compacts the store's files: after a bulk load, RocksDB otherwise compacts them in the
    /// background of later processes, one of which then waits (a 21.9 s re-ingest at 100,000
    /// resolutions), and every lookup visits more files (Palermo: 130 ms from the command line
    /// before, 67 ms after). Takes minutes on a large store.
    pub fn compact(&self) -> Result<()> {
        self.store.optimize()?;
        Ok(())
    }
}

/// Creates a new, empty store at `path` atomically: RocksDB creates its files and oxigraph its
/// column families in a hidden sibling directory, which is then renamed into place. A process
/// killed while creating leaves no half-made store (one that a read-only open would refuse),
/// at worst a stray `.NAME.creating-PID` directory next to it.
fn create(path: &Path) -> Result<()> {
    let io = |what: &str, e| {
        Error::io(
            format!("cannot {what} store directory {}", path.display()),
            e,
        )
    };
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| io("create the parent of the", e))?;
    let name = path
        .file_name()
        .map_or_else(|| "store".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.creating-{}", std::process::id()));
    // A leftover of this process id from an earlier run.
    let _ = std::fs::remove_dir_all(&staging);
    drop(Store::open(&staging).map_err(|e| open_error(&staging, e))?);
    // An empty directory made beforehand (by the user, or `mkdir -p`) gives way to the store.
    if path.is_dir() {
        let _ = std::fs::remove_dir(path);
    }
    match std::fs::rename(&staging, path) {
        Ok(()) => Ok(()),
        // Another process created it meanwhile: use theirs.
        Err(_) if path.join("CURRENT").exists() => {
            let _ = std::fs::remove_dir_all(&staging);
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(io("create the", e))
        }
    }
}

fn open_error(path: &Path, error: oxigraph::store::StorageError) -> Error {
    let message = error.to_string();
    if message.contains("lock") || message.contains("LOCK") {
        Error::Usage(format!(
            "the store at {} is in use by another treatygraph process (ingest holds it exclusively; query and serve open it read-only)",
            path.display()
        ))
    } else {
        Error::Usage(format!(
            "cannot open store at {}: {message}",
            path.display()
        ))
    }
}
