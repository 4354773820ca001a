//! A deterministic generator of synthetic resolutions for benchmarks and scale tests.
//!
//! Synthetic documents recombine real material: the preambular and operative paragraphs of the
//! bundled corpus, with the footnotes they point to, and the titles found in its headers. Only
//! the header is new — fresh symbols, dates and meetings, alternating General Assembly
//! ("Resolution adopted by the General Assembly on …" / "63/456. Title") and Security Council
//! ("Resolution 4321 (1993)" / "Adopted by the Security Council at its …th meeting, on …")
//! layouts — so citation density and the shapes of paragraphs stay those of real documents.
//! The same seed and corpus give the same files, byte for byte, on every machine.

use crate::structure::MONTHS;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::read;
use crate::store::collect_inputs;
use crate::structure::{self, ParagraphKind};

/// SplitMix64 (Steele, Lea & Flood 2014): tiny, fast and good enough to shuffle text; the
/// generator must be reproducible, not unpredictable.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`); the modulo bias is irrelevant at these sizes.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: u32, high: u32) -> u32 {
        low + self.below((high - low + 1) as usize) as u32
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A paragraph harvested from the corpus, with the footnotes its markers pointed to.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    /// Byte offset of each marker in `text` and the text of its footnote.
    notes: Vec<(usize, String)>,
}

/// The material synthetic resolutions are made of.
#[derive(Debug, Default)]
pub struct Material {
    titles: Vec<String>,
    preambular: Vec<Piece>,
    operative: Vec<Piece>,
    /// (preambular, operative) paragraph counts of real documents.
    shapes: Vec<(usize, usize)>,
    /// Documents harvested.
    pub documents: usize,
}

impl Material {
    /// Harvests paragraphs, footnotes and titles from the readable files under `corpus`
    /// (files that cannot be read, such as PDFs in a build without PDF support, are skipped).
    pub fn harvest(corpus: &Path) -> Result<Self> {
        let mut material = Material::default();
        for path in collect_inputs(&[corpus.to_path_buf()])? {
            let Ok(source) = read::read_path(&path) else {
                continue;
            };
            let document = structure::structure(&source);
            let mut shape = (0, 0);
            for paragraph in &document.paragraphs {
                let bucket = match paragraph.kind {
                    ParagraphKind::Preambular => {
                        shape.0 += 1;
                        &mut material.preambular
                    }
                    ParagraphKind::Operative => {
                        shape.1 += 1;
                        &mut material.operative
                    }
                    _ => continue,
                };
                let notes = paragraph
                    .footnote_refs
                    .iter()
                    .filter_map(|r| {
                        let note = document.footnote(r.number)?;
                        Some((r.offset, note.text.clone()))
                    })
                    .collect();
                bucket.push(Piece {
                    text: paragraph.text.clone(),
                    notes,
                });
            }
            if shape.1 == 0 {
                continue;
            }
            material.shapes.push(shape);
            if let Some(title) = document.meta.title.filter(|t| t.len() < 200) {
                material.titles.push(title);
            }
            material.documents += 1;
        }
        if material.operative.is_empty() {
            return Err(Error::input(
                corpus,
                "no operative paragraphs found to generate from",
            ));
        }
        if material.titles.is_empty() {
            material
                .titles
                .push("Maintenance of international peace and security".into());
        }
        Ok(material)
    }
}

const COMMITTEES: [&str; 6] = [
    "First Committee",
    "Second Committee",
    "Third Committee",
    "Fourth Committee",
    "Fifth Committee",
    "Sixth Committee",
];

/// Highest General Assembly session and Security Council year used for synthetic symbols.
const LAST_SESSION: u32 = 79;
/// Synthetic numbers start above the real ones so that symbols never collide with real
/// documents (General Assembly sessions adopt at most a few hundred resolutions, the Security
/// Council has adopted fewer than 3,000); the ranges leave room for 100k+ documents of each.
const GA_NUMBERS: (u32, u32) = (300, 1999);
const SC_NUMBERS: (u32, u32) = (3000, 199_999);
/// Documents of one organ the symbol ranges can hold (half the count goes to each organ);
/// beyond a fraction of it, drawing unused symbols at random would slow down and then spin.
const MAX_PER_ORGAN: usize = (LAST_SESSION * (GA_NUMBERS.1 - GA_NUMBERS.0 + 1)) as usize / 2;

/// The largest `count` the symbol space allows (half General Assembly, half Security Council).
pub const MAX_COUNT: usize =
    2 * (LAST_SESSION as usize) * (GA_NUMBERS.1 - GA_NUMBERS.0 + 1) as usize * 9 / 10;

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A generator of synthetic resolutions.
pub struct Generator<'a> {
    material: &'a Material,
    rng: SplitMix64,
    used_ga: HashSet<(u32, u32)>,
    used_sc: HashSet<u32>,
    produced: usize,
}

/// One synthetic resolution: a file name and its text.
pub struct Synthetic {
    pub file_name: String,
    pub text: String,
}

impl<'a> Generator<'a> {
    pub fn new(material: &'a Material, seed: u64) -> Self {
        Generator {
            material,
            rng: SplitMix64::new(seed),
            used_ga: HashSet::new(),
            used_sc: HashSet::new(),
            produced: 0,
        }
    }

    fn date(&mut self, year: u32) -> (u32, &'static str, u32) {
        (self.rng.between(1, 28), *self.rng.pick(&MONTHS), year)
    }

    /// The next resolution: General Assembly and Security Council alternate.
    pub fn next_resolution(&mut self) -> Result<Synthetic> {
        if self.produced >= MAX_COUNT {
            return Err(Error::Usage(format!(
                "cannot generate more than {MAX_COUNT} resolutions with fresh symbols"
            )));
        }
        let general_assembly = self.produced.is_multiple_of(2);
        self.produced += 1;
        let mut text = String::with_capacity(8 * 1024);
        let mut notes = Vec::new();
        let (file_name, trailer) = if general_assembly {
            self.ga_header(&mut text)
        } else {
            self.sc_header(&mut text)
        };
        let material = self.material;
        let (preambular, operative) = *self.rng.pick(&material.shapes);
        for _ in 0..preambular {
            let piece = self.rng.pick(&material.preambular);
            write_piece(&mut text, None, piece, &mut notes);
        }
        for n in 1..=operative.max(1) {
            let piece = self.rng.pick(&material.operative);
            write_piece(&mut text, Some(n), piece, &mut notes);
        }
        text.push_str(&trailer);
        for (i, note) in notes.iter().enumerate() {
            wrap_into(&mut text, &format!("{} {note}", i + 1), "");
        }
        Ok(Synthetic { file_name, text })
    }

    /// Writes a General Assembly header; returns the file name and the trailer.
    fn ga_header(&mut self, text: &mut String) -> (String, String) {
        let (session, number) = loop {
            let candidate = (
                self.rng.between(1, LAST_SESSION),
                self.rng.between(GA_NUMBERS.0, GA_NUMBERS.1),
            );
            if self.used_ga.insert(candidate) {
                break candidate;
            }
        };
        // Session n opens in September of 1945 + n; most resolutions pass before January.
        let year = 1945 + session + u32::from(self.rng.below(4) == 0);
        let (day, month, year) = self.date(year);
        let symbol = format!("A/RES/{session}/{number}");
        let material = self.material;
        let title = self.rng.pick(&material.titles);
        let _ = write!(
            text,
            "United Nations {symbol}\n\nGeneral Assembly Distr.: General\n{} {month} {year}\n\n\
             Agenda item {}\n\n\
             Resolution adopted by the General Assembly on {day} {month} {year}\n\n",
            self.rng.between(1, 28),
            self.rng.between(10, 150)
        );
        if self.rng.below(3) != 0 {
            let committee = self.rng.pick(&COMMITTEES);
            let _ = write!(
                text,
                "[on the report of the {committee} (A/{session}/{})]\n\n",
                self.rng.between(400, 700)
            );
        }
        let _ = write!(
            text,
            "{session}/{number}. {title}\n\nThe General Assembly,\n\n"
        );
        let trailer = format!(
            "{} plenary meeting\n{day} {month} {year}\n\n",
            ordinal(self.rng.between(40, 110))
        );
        (format!("A_RES_{session}_{number}-EN.txt"), trailer)
    }

    /// Writes a Security Council header; returns the file name and the trailer.
    fn sc_header(&mut self, text: &mut String) -> (String, String) {
        let number = loop {
            let candidate = self.rng.between(SC_NUMBERS.0, SC_NUMBERS.1);
            if self.used_sc.insert(candidate) {
                break candidate;
            }
        };
        let year = self.rng.between(1946, 1945 + LAST_SESSION);
        let (day, month, year) = self.date(year);
        // Roughly the pace of real meetings: about 120 a year.
        let meeting = (year - 1946) * 120 + self.rng.between(1, 120);
        let _ = write!(
            text,
            "United Nations S/RES/{number} ({year})\n\nSecurity Council Distr.: General\n\
             {day} {month} {year}\n\n\nResolution {number} ({year})\n\n\
             Adopted by the Security Council at its {} meeting,\non {day} {month} {year}\n\n\
             The Security Council,\n\n",
            ordinal(meeting)
        );
        (format!("S_RES_{number}_{year}_EN.txt"), String::from("\n"))
    }
}

/// Appends a paragraph (numbered when operative), re-inserting its footnote markers with the
/// document's running numbers.
fn write_piece(text: &mut String, number: Option<usize>, piece: &Piece, notes: &mut Vec<String>) {
    let mut body = String::with_capacity(piece.text.len() + 8);
    let mut last = 0;
    for (offset, note) in &piece.notes {
        if *offset < last || *offset > piece.text.len() || !piece.text.is_char_boundary(*offset) {
            continue;
        }
        body.push_str(&piece.text[last..*offset]);
        notes.push(note.clone());
        let _ = write!(body, "{}", notes.len());
        last = *offset;
    }
    body.push_str(&piece.text[last..]);
    match number {
        Some(n) => wrap_into(text, &format!("{n}. {body}"), ""),
        None => wrap_into(text, &body, ""),
    }
    text.push('\n');
}

/// Appends `paragraph` wrapped at about 80 columns, as printed documents are. A line never
/// starts with a digit, so that wrapped numbers ("1325 (2000)") do not look like paragraph
/// numbers or footnotes.
fn wrap_into(text: &mut String, paragraph: &str, indent: &str) {
    const WIDTH: usize = 80;
    let mut line_len = 0;
    for (i, word) in paragraph.split_whitespace().enumerate() {
        let starts_digit = word.starts_with(|c: char| c.is_ascii_digit());
        if i > 0 {
            if line_len + 1 + word.len() > WIDTH && !starts_digit {
                text.push('\n');
                text.push_str(indent);
                line_len = indent.len();
            } else {
                text.push(' ');
                line_len += 1;
            }
        }
        text.push_str(word);
        line_len += word.len();
    }
    text.push('\n');
}

/// What [`generate`] wrote.
#[derive(Debug, Default)]
pub struct GenerateReport {
    pub files: usize,
    pub bytes: u64,
    pub harvested_documents: usize,
}

/// Writes `count` synthetic resolutions to `output/ga` and `output/sc`, one file at a time.
pub fn generate(corpus: &Path, count: usize, seed: u64, output: &Path) -> Result<GenerateReport> {
    if count.div_ceil(2) > MAX_PER_ORGAN {
        return Err(Error::Usage(format!(
            "--count {count} is more than the synthetic symbol ranges hold ({} resolutions)",
            MAX_PER_ORGAN * 2
        )));
    }
    let material = Material::harvest(corpus)?;
    let mut generator = Generator::new(&material, seed);
    let mut report = GenerateReport {
        harvested_documents: material.documents,
        ..GenerateReport::default()
    };
    for organ in ["ga", "sc"] {
        let dir = output.join(organ);
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
    }
    for _ in 0..count {
        let synthetic = generator.next_resolution()?;
        let dir = if synthetic.file_name.starts_with('A') {
            "ga"
        } else {
            "sc"
        };
        let path: PathBuf = output.join(dir).join(&synthetic.file_name);
        let mut file = std::fs::File::create(&path)
            .map_err(|e| Error::io(format!("cannot create {}", path.display()), e))?;
        file.write_all(synthetic.text.as_bytes())
            .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
        report.files += 1;
        report.bytes += synthetic.text.len() as u64;
    }
    Ok(report)
}
