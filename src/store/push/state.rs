//! The push state: per endpoint, the SHA-256 of the content of each graph last delivered there
//! (sorted N-Triples, blank nodes canonicalised: see `content_hash`).
//!
//! It lives next to the store directory, not inside it (RocksDB owns that directory):
//! `.treatygraph/store` → `.treatygraph/store.push-state.json`. The file is JSON,
//!
//! ```json
//! {"version": 1, "endpoints": {"http://localhost:3030/ds/data": {"<graph IRI>": "<sha256>"}}}
//! ```
//!
//! and is rewritten whole (to a temporary file, then renamed) at the end of each push. Deleting
//! it, or pushing without `--changed-only`, sends everything again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

const VERSION: u32 = 1;

/// The push state file of the store at `store`.
pub fn state_path(store: &Path) -> PathBuf {
    let mut name = store
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "store".into());
    name.push(".push-state.json");
    store.with_file_name(name)
}

/// Hashes of the graph bodies delivered, per endpoint.
#[derive(Debug, Serialize, Deserialize)]
pub struct PushState {
    version: u32,
    /// Endpoint URL → graph IRI → SHA-256 of the content (hex).
    endpoints: BTreeMap<String, BTreeMap<String, String>>,
}

impl Default for PushState {
    fn default() -> Self {
        PushState {
            version: VERSION,
            endpoints: BTreeMap::new(),
        }
    }
}

impl PushState {
    /// Reads a state file; a missing file is an empty state.
    pub fn load(path: &Path) -> Result<Self> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(PushState::default()),
            Err(e) => return Err(Error::io(format!("cannot read {}", path.display()), e)),
        };
        let unreadable = |reason: String| {
            Error::Usage(format!(
                "{}: {reason}: delete it to resend everything",
                path.display()
            ))
        };
        let state: PushState = serde_json::from_str(&text)
            .map_err(|e| unreadable(format!("not a push state file ({e})")))?;
        if state.version != VERSION {
            return Err(unreadable(format!(
                "push state version {} (expected {VERSION})",
                state.version
            )));
        }
        Ok(state)
    }

    /// Writes the state atomically (temporary file, then rename).
    pub fn save(&self, path: &Path) -> Result<()> {
        let io = |e| Error::io(format!("cannot write {}", path.display()), e);
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(".tmp");
        let temporary = PathBuf::from(temporary);
        let json = serde_json::to_vec(self).map_err(|e| io(std::io::Error::other(e)))?;
        std::fs::write(&temporary, json).map_err(io)?;
        std::fs::rename(&temporary, path).map_err(io)
    }

    /// The hash last delivered for `graph` at `endpoint`.
    pub fn hash(&self, endpoint: &str, graph: &str) -> Option<&str> {
        self.endpoints.get(endpoint)?.get(graph).map(String::as_str)
    }

    /// Records a delivery.
    pub fn record(&mut self, endpoint: &str, graph: &str, hash: String) {
        self.endpoints
            .entry(endpoint.to_owned())
            .or_default()
            .insert(graph.to_owned(), hash);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_a_damaged_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = state_path(&dir.path().join("store"));
        assert_eq!(path, dir.path().join("store.push-state.json"));
        let mut state = PushState::load(&path).unwrap();
        assert_eq!(state.hash("http://e/", "http://g"), None);
        state.record("http://e/", "http://g", "abc".into());
        state.save(&path).unwrap();
        let loaded = PushState::load(&path).unwrap();
        assert_eq!(loaded.hash("http://e/", "http://g"), Some("abc"));
        assert_eq!(loaded.hash("http://other/", "http://g"), None);

        std::fs::write(&path, "{\"version\":1,").unwrap();
        let error = PushState::load(&path).unwrap_err();
        assert!(matches!(error, Error::Usage(_)), "{error}");
        assert!(error.to_string().contains("delete it"), "{error}");
    }
}
