//! Scale: batch extraction in parallel keeps input order; the corpus generator is deterministic
//! and its synthetic resolutions go through the real pipeline like real ones.

#[path = "support/corpus.rs"]
mod corpus_files;

use std::path::{Path, PathBuf};

use treatygraph::extract::Extractor;
use treatygraph::generate::generate;
use treatygraph::store::collect_inputs;

use corpus_files::{binary, corpus, stdout_of_success};

#[test]
fn jsonl_has_one_line_per_input_in_order() {
    // More files than one parallel chunk, so that chunk boundaries are crossed.
    let inputs = [corpus("sc"), corpus("ga/A_RES_63_156-EN.ods.txt")];
    let expected = collect_inputs(&inputs).unwrap();
    assert!(expected.len() > 300);
    let stdout = stdout_of_success(
        binary()
            .args(["extract", "--format", "jsonl"])
            .args(&inputs),
    );
    let paths: Vec<String> = stdout
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            value["source"]["path"].as_str().unwrap().to_owned()
        })
        .collect();
    let expected: Vec<String> = expected.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(paths, expected);
}

#[test]
fn bad_inputs_in_a_batch_are_named_and_the_others_still_come_out_in_order() {
    // Real texts with unreadable ones among them, over several parallel chunks.
    let directory = tempfile::tempdir().unwrap();
    let texts = collect_inputs(&[corpus("sc")]).unwrap();
    let mut expected = Vec::new();
    let mut bad = Vec::new();
    for (i, text) in texts.iter().take(200).enumerate() {
        let path = directory.path().join(format!("{i:03}.txt"));
        if i % 70 == 5 {
            std::fs::write(&path, [0u8, 159, 146, 150]).unwrap();
            bad.push(path);
        } else {
            std::fs::copy(text, &path).unwrap();
            expected.push(path.display().to_string());
        }
    }
    let output = binary()
        .args(["-q", "extract", "--format", "jsonl"])
        .arg(directory.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "some inputs failed");
    let paths: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            value["source"]["path"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(paths, expected);
    let errors = String::from_utf8(output.stderr).unwrap();
    let named: Vec<&str> = errors.lines().collect();
    assert_eq!(named.len(), bad.len(), "{errors}");
    for (line, path) in named.iter().zip(&bad) {
        assert!(line.contains(&path.display().to_string()), "{line}");
    }
}

fn files_of(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    collect_inputs(&[dir.to_path_buf()])
        .unwrap()
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path.strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

#[test]
fn generator_is_deterministic_and_realistic() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let report = generate(&corpus(""), 40, 11, a.path()).unwrap();
    assert_eq!(report.files, 40);
    generate(&corpus(""), 40, 11, b.path()).unwrap();
    generate(&corpus(""), 40, 12, c.path()).unwrap();
    let first = files_of(a.path());
    assert_eq!(first.len(), 40);
    assert_eq!(first, files_of(b.path()), "same seed, same files");
    assert_ne!(first, files_of(c.path()), "another seed, other files");

    // The pipeline reads the fresh headers: symbol and organ agree with the file name.
    let extractor = Extractor::bundled().unwrap();
    let (mut ga, mut sc, mut citations) = (0, 0, 0);
    for (relative, _) in &first {
        let extraction = extractor.extract_path(&a.path().join(relative)).unwrap();
        let symbol = extraction.document.symbol.clone().unwrap();
        let stem = relative.file_name().unwrap().to_string_lossy().into_owned();
        if relative.starts_with("ga") {
            ga += 1;
            assert_eq!(extraction.document.organ, Some("General Assembly"));
            let expected = stem.trim_end_matches("-EN.txt").replace('_', "/");
            assert_eq!(symbol, expected);
            assert!(extraction.document.adopted.is_some());
        } else {
            sc += 1;
            assert_eq!(extraction.document.organ, Some("Security Council"));
            let parts: Vec<&str> = stem.split('_').collect();
            assert_eq!(symbol, format!("S/RES/{}({})", parts[2], parts[3]));
        }
        citations += extraction.citations.len();
    }
    assert_eq!((ga, sc), (20, 20));
    // Recombined real paragraphs keep real citations.
    assert!(
        citations >= 40,
        "only {citations} citations in 40 documents"
    );
}
