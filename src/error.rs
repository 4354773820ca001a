//! Errors of the library. Every error that concerns an input names the file and the reason,
//! so that the CLI can print one line per failed input and carry on with the rest.

use std::path::PathBuf;

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong in treatygraph.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file could not be read or understood.
    #[error("{path}: {reason}")]
    Input { path: PathBuf, reason: String },
    /// The registry or ontology files are malformed.
    #[error("registry: {0}")]
    Registry(String),
    /// The embedded store failed.
    #[error("store: {0}")]
    Store(#[from] oxigraph::store::StorageError),
    /// A SPARQL query could not be parsed or evaluated.
    #[error("query: {0}")]
    Query(String),
    /// A SPARQL query was cancelled because it ran past its time limit.
    #[error("query: the time limit was reached before the query finished")]
    Timeout,
    /// The user asked for something that does not exist (a named query, a format, …).
    #[error("{0}")]
    Usage(String),
    /// Any other I/O failure (writing output, …).
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// An error about one input file.
    pub fn input(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        Error::Input {
            path: path.into(),
            reason: reason.into(),
        }
    }

    /// An I/O error with what was being done.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}
