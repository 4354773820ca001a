//! A bounded fuzz driver on the stable toolchain: mutates the bundled documents and feeds them to
//! every reader and to the extraction pipeline (structure, recognisers, resolution), each under
//! `catch_unwind`, for a fixed time per target. It complements the cargo-fuzz targets in `fuzz/`
//! (coverage-guided, but they need nightly and a sanitizer build of RocksDB).
//!
//! `cargo run --release --example fuzz -- [--seconds N] [--seed S] [--target NAME …]`
//! `cargo run --release --example fuzz -- --target NAME --replay FILE` runs one saved input.
//!
//! A panic, or an input that takes longer than [`SLOW`], is saved under `fuzz/artifacts/stable/`
//! and reported; turn each into a regression test in `tests/robustness/`. An input that runs
//! past [`HANG`] aborts the run after saving itself.

use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use treatygraph::read::read_bytes;
use treatygraph::symbols::{normalise_symbol, roman_value};
use treatygraph::Extractor;

/// Inputs slower than this are reported (and saved) as slow.
const SLOW: Duration = Duration::from_secs(2);
/// An input running longer than this is a hang: the driver saves it and exits.
const HANG: Duration = Duration::from_secs(30);
/// Largest input the mutator produces.
const MAX_LEN: usize = 256 * 1024;

/// Words the mutator splices in: markers and phrases the recognisers react to.
const DICTIONARY: &[&str] = &[
    "United Nations, Treaty Series, vol. 2237, No. 39574",
    "League of Nations, Treaty Series, vol. ",
    "resolution 1325 (2000)",
    "A/RES/63/156",
    "S/RES/827 (1993)",
    "Ibid.",
    "the Optional Protocol thereto",
    "the Convention",
    "Convention No. 182",
    "article 7",
    "Chapter VII",
    "1. Decides",
    "Recalling",
    "\n\n",
    "\n1 ",
    "\n999 ",
    ",1",
    "1/",
    "<<ODS JOB NO>>",
    "<authorialNote marker=\"4000000000\">",
    "<container>",
    "<ref href=\"https://undocs.org/S/RES/713(1991)\">",
    "<sup>",
    "<w:footnoteReference w:id=\"1\"/>",
    "stream\n",
    "endstream",
    "\u{feff}",
    "\u{a0}",
    "\r\n",
    "MMMCMXCIX",
];

/// The targets: a name and what runs one input.
type Run = Box<dyn Fn(&[u8]) + Sync>;

fn targets(extractor: &'static Extractor) -> Vec<(&'static str, Run)> {
    let read: Run = Box::new(|bytes: &[u8]| {
        if let Err(reason) = read_bytes(bytes) {
            assert!(!reason.contains('\n'), "reasons are one line: {reason:?}");
        }
    });
    let extract: Run = Box::new(move |bytes: &[u8]| {
        if let Err(error) = extractor.extract_bytes(Path::new("fuzz"), bytes) {
            assert!(!error.to_string().contains('\n'), "one line: {error}");
        }
    });
    let normalise: Run = Box::new(|bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        let once = normalise_symbol(&text);
        assert_eq!(
            normalise_symbol(&once),
            once,
            "normalise_symbol is idempotent"
        );
        for word in text.split_whitespace().take(64) {
            let _ = roman_value(word);
        }
    });
    // The body XML of a Word document, zipped as the reader expects it (mutated archives
    // mostly fail their checksums, so this reaches the XML walker).
    let docx_xml: Run = Box::new(|xml: &[u8]| {
        let archive = zip_parts(&[("word/document.xml", xml), ("word/footnotes.xml", xml)]);
        drop(read_bytes(&archive));
    });
    // Every reader sees its own seeds (the format is detected from content), then the pipeline.
    vec![
        ("text", read),
        ("docx", Box::new(|b: &[u8]| drop(read_bytes(b)))),
        ("docx-xml", docx_xml),
        ("pdf", Box::new(|b: &[u8]| drop(read_bytes(b)))),
        ("markup", Box::new(|b: &[u8]| drop(read_bytes(b)))),
        ("extract", extract),
        ("normalise", normalise),
    ]
}

/// Seed inputs of each target, from the bundled corpus and samples.
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pick = |dir: &str, keep: &dyn Fn(&str) -> bool, most: usize| -> Vec<Vec<u8>> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .map(|d| d.filter_map(|e| Some(e.ok()?.path())).collect())
            .unwrap_or_default();
        files.sort();
        files
            .into_iter()
            .filter(|p| keep(&p.file_name().unwrap_or_default().to_string_lossy()))
            .filter_map(|p| std::fs::read(p).ok())
            .filter(|b| b.len() <= 4 * MAX_LEN)
            .take(most)
            .collect()
    };
    match target {
        "docx" => pick("data/samples", &|n| n.ends_with(".docx"), 10),
        "docx-xml" => pick("data/samples", &|n| n.ends_with(".docx"), 10)
            .iter()
            .flat_map(|docx| {
                let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).ok()?;
                let mut xml = Vec::new();
                std::io::Read::read_to_end(
                    &mut archive.by_name("word/document.xml").ok()?,
                    &mut xml,
                )
                .ok()?;
                Some(xml)
            })
            .collect(),
        "pdf" => pick("data/corpus/ga", &|n| n.ends_with(".pdf"), 10),
        "markup" => pick(
            "data/samples",
            &|n| n.ends_with(".xml") || n.ends_with(".html"),
            10,
        ),
        _ => {
            let mut seeds = pick("data/corpus/ga", &|n| n.ends_with(".txt"), 40);
            seeds.extend(pick("data/corpus/sc", &|n| n.ends_with(".txt"), 40));
            seeds
        }
    }
}

/// A ZIP archive of the given parts, stored (fast to build).
fn zip_parts(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in parts {
        writer.start_file(*name, options).expect("in-memory ZIP");
        writer.write_all(content).expect("in-memory ZIP");
    }
    writer.finish().expect("in-memory ZIP");
    out.into_inner()
}

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One to four random mutations of a seed.
fn mutate(rng: &mut Rng, seed: &[u8], other: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(data.len() + 1);
        match rng.below(9) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] = rng.next() as u8;
            }
            2 => {
                let word = DICTIONARY[rng.below(DICTIONARY.len())].as_bytes();
                data.splice(at..at, word.iter().copied());
            }
            3 => {
                let end = (at + rng.below(256)).min(data.len());
                data.drain(at..end);
            }
            4 => data.truncate(at),
            5 if !data.is_empty() => {
                // Repeat a chunk: long runs, many footnotes, deep nesting.
                let end = (at + 1 + rng.below(64)).min(data.len());
                let chunk = data[at.min(end)..end].to_vec();
                let times = 1 + rng.below(200);
                for _ in 0..times {
                    data.splice(at..at, chunk.iter().copied());
                }
            }
            6 if !other.is_empty() => {
                // Splice in part of another seed.
                let from = rng.below(other.len());
                let end = (from + rng.below(4096)).min(other.len());
                data.splice(at..at, other[from..end].iter().copied());
            }
            7 => {
                let number = rng.next() % 100_000;
                data.splice(at..at, number.to_string().bytes());
            }
            _ => {
                let byte = [0u8, b'\n', b' ', b'<', b'>', 0xff, 0xc3, b'(', b')'][rng.below(9)];
                data.insert(at, byte);
            }
        }
        data.truncate(MAX_LEN);
    }
    data
}

fn save(target: &str, kind: &str, input: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/artifacts/stable");
    let _ = std::fs::create_dir_all(&dir);
    let hash: u64 = input.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let path = dir.join(format!("{target}-{kind}-{hash:016x}"));
    let _ = std::fs::write(&path, input);
    path
}

fn main() -> Result<(), String> {
    let mut seconds = 50u64;
    let mut seed = 0x5EED_u64;
    let mut only: Vec<String> = Vec::new();
    let mut replay: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--seconds" => seconds = value()?.parse().map_err(|e| format!("--seconds: {e}"))?,
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--target" => only.push(value()?),
            "--replay" => replay = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let extractor: &'static Extractor =
        Box::leak(Box::new(Extractor::bundled().map_err(|e| e.to_string())?));
    // Panics are expected findings: record the message instead of printing a backtrace.
    let last_panic = Arc::new(Mutex::new(String::new()));
    {
        let last_panic = Arc::clone(&last_panic);
        std::panic::set_hook(Box::new(move |info| {
            *last_panic.lock().unwrap() = info.to_string().replace('\n', " ");
        }));
    }
    // The watchdog: the start time (ms since `epoch`) of the input being run, 0 when idle.
    let epoch = Instant::now();
    let running_since = Arc::new(AtomicU64::new(0));
    let current: Arc<Mutex<(String, Vec<u8>)>> = Arc::default();
    {
        let running_since = Arc::clone(&running_since);
        let current = Arc::clone(&current);
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_secs(1));
            let since = running_since.load(Ordering::SeqCst);
            let now = epoch.elapsed().as_millis() as u64 + 1;
            if since > 0 && now.saturating_sub(since) > HANG.as_millis() as u64 {
                let (target, input) = &*current.lock().unwrap();
                let path = save(target, "hang", input);
                eprintln!("HANG in {target}: saved {}", path.display());
                std::process::exit(70);
            }
        });
    }

    if let Some(path) = replay {
        let input = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (name, run) in targets(extractor) {
            if only.iter().any(|o| o == name) {
                let began = Instant::now();
                let outcome = catch_unwind(AssertUnwindSafe(|| run(&input)));
                let panic = last_panic.lock().unwrap().clone();
                println!(
                    "{name}: {} in {:.3} s",
                    if outcome.is_ok() {
                        "ok"
                    } else {
                        panic.as_str()
                    },
                    began.elapsed().as_secs_f64()
                );
            }
        }
        return Ok(());
    }
    let mut rng = Rng(seed | 1);
    let mut total_crashes = 0;
    println!("| target | seconds | executions | exec/s | crashes | slow |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, run) in targets(extractor) {
        if !only.is_empty() && !only.iter().any(|o| o == name) {
            continue;
        }
        let seeds = seeds(name);
        if seeds.is_empty() {
            return Err(format!("no seeds for {name}"));
        }
        let (mut executions, mut crashes, mut slow) = (0u64, 0usize, 0usize);
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(seconds) {
            let seed_input = &seeds[rng.below(seeds.len())];
            let other = &seeds[rng.below(seeds.len())];
            let input = mutate(&mut rng, seed_input, other);
            *current.lock().unwrap() = (name.to_owned(), input.clone());
            let began = Instant::now();
            running_since.store(epoch.elapsed().as_millis() as u64 + 1, Ordering::SeqCst);
            let outcome = catch_unwind(AssertUnwindSafe(|| run(&input)));
            running_since.store(0, Ordering::SeqCst);
            executions += 1;
            if outcome.is_err() {
                crashes += 1;
                let path = save(name, "crash", &input);
                eprintln!(
                    "CRASH in {name}: {} (saved {})",
                    last_panic.lock().unwrap(),
                    path.display()
                );
            } else if began.elapsed() > SLOW {
                slow += 1;
                let path = save(name, "slow", &input);
                eprintln!(
                    "SLOW in {name}: {:.1} s (saved {})",
                    began.elapsed().as_secs_f64(),
                    path.display()
                );
            }
        }
        let elapsed = started.elapsed().as_secs_f64();
        println!(
            "| {name} | {elapsed:.0} | {executions} | {:.0} | {crashes} | {slow} |",
            executions as f64 / elapsed
        );
        std::io::stdout().flush().ok();
        total_crashes += crashes;
    }
    if total_crashes > 0 {
        return Err(format!("{total_crashes} crashes"));
    }
    Ok(())
}
