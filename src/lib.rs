//! treatygraph turns United Nations resolutions into a knowledge graph of the instruments they
//! cite.
//!
//! The modules follow the data: [`read`] (formats) → [`structure`] (header, paragraphs,
//! footnotes) → [`recognise`] (references in text) → [`resolve`] (registry) → [`extract`]
//! (the pipeline and its JSON interface) → [`model`] (RDF) → [`store`] / [`query`] →
//! [`serve`] (the SPARQL endpoint and web page).
//! The `treatygraph` binary is a thin command-line layer over this library.

pub mod error;
pub mod eval;
pub mod extract;
pub mod generate;
pub mod graph;
pub mod model;
pub mod pattern;
pub mod query;
pub mod read;
pub mod recognise;
pub mod resolve;
pub mod serve;
pub mod store;
pub mod structure;
pub mod symbols;
pub mod why;

pub use error::{Error, Result};
pub use extract::{Citation, Extraction, Extractor};

/// The version recorded in provenance (`prov:wasGeneratedBy`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
