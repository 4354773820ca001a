//! Pages per second of the PDF reader: reads the given PDFs (default: the two bundled General
//! Assembly resolutions) a number of times and reports the rate.
//!
//! `cargo run --release --example pdf_throughput -- [--rounds N] [FILE.pdf …]`

use std::path::PathBuf;
use std::time::Instant;

use treatygraph::read::read_bytes;

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1).peekable();
    let mut rounds = 20;
    let mut files = Vec::new();
    while let Some(arg) = args.next() {
        if arg == "--rounds" {
            let value = args.next().ok_or("--rounds needs a number")?;
            rounds = value
                .parse()
                .map_err(|e| format!("--rounds {value}: {e}"))?;
        } else {
            files.push(PathBuf::from(arg));
        }
    }
    if files.is_empty() {
        let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/corpus/ga");
        files = vec![
            corpus.join("A_RES_73_7-EN.pdf"),
            corpus.join("A_RES_73_3-EN.pdf"),
        ];
    }
    let inputs: Vec<(PathBuf, Vec<u8>)> = files
        .into_iter()
        .map(|f| {
            std::fs::read(&f)
                .map(|b| (f.clone(), b))
                .map_err(|e| format!("{}: {e}", f.display()))
        })
        .collect::<Result<_, _>>()?;
    let pages_per_round: usize = inputs.iter().map(|(_, bytes)| page_count(bytes)).sum();
    let start = Instant::now();
    for _ in 0..rounds {
        for (path, bytes) in &inputs {
            read_bytes(bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let pages = pages_per_round * rounds;
    println!(
        "{} files × {rounds} rounds = {pages} pages in {seconds:.2} s: {:.1} pages/s",
        inputs.len(),
        pages as f64 / seconds
    );
    Ok(())
}

/// Pages as the document's page tree counts them.
fn page_count(bytes: &[u8]) -> usize {
    pdf_extract::Document::load_mem(bytes).map_or(0, |doc| doc.get_pages().len())
}
