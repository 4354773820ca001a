//! The bundled corpus and the built binary, shared by the test crates.

// Each test crate uses a part of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The seed resolution, A/RES/63/156, under `data/corpus`.
pub const SEED: &str = "ga/A_RES_63_156-EN.ods.txt";

/// A file of the bundled corpus.
pub fn corpus(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/corpus")
        .join(path)
}

/// The treatygraph binary built for the tests.
pub fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_treatygraph"))
}

/// Runs `command`, which must succeed (its stderr is the failure message), and returns its
/// standard output.
pub fn stdout_of_success(command: &mut Command) -> String {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}
