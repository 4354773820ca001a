//! Robustness: bad input never takes a run down, limits give one-line reasons, a killed ingest
//! leaves a consistent store, and the provenance command shows its sentences.

#[path = "support/archive.rs"]
mod archive;
#[path = "robustness/common.rs"]
mod common;
#[path = "support/corpus.rs"]
mod corpus_files;
#[path = "robustness/crash.rs"]
mod crash;
#[path = "robustness/inputs.rs"]
mod inputs;
#[path = "robustness/properties.rs"]
mod properties;
#[path = "robustness/why.rs"]
mod why;
