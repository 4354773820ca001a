//! Evaluation against a hand-annotated gold set (`data/gold/`): precision, recall and F1 per
//! category, at document level (the set of distinct things each document cites).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::extract::Extractor;
use crate::resolve::registry::InstrumentKind;
use crate::resolve::{Target, TargetKind};

/// Scored categories, in report order.
pub const CATEGORIES: [&str; 5] = ["treaty", "ilo", "declaration", "resolution", "document"];

/// One gold document: its source file and the (category, identifier) pairs it cites.
#[derive(Debug, Clone)]
pub struct GoldDocument {
    pub gold_file: PathBuf,
    pub source: PathBuf,
    pub items: BTreeSet<(String, String)>,
}

/// Counts for one category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Differences for one document, for `--details`.
#[derive(Debug, Clone)]
pub struct DocumentErrors {
    pub source: PathBuf,
    pub missed: Vec<(String, String)>,
    pub spurious: Vec<(String, String)>,
}

/// The outcome of an evaluation.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub documents: usize,
    pub scores: BTreeMap<String, Score>,
    pub errors: Vec<DocumentErrors>,
    /// Gold documents that could not be read.
    pub failures: Vec<String>,
}

/// Reads every `*.tsv` gold file of a directory.
pub fn read_gold(dir: &Path) -> Result<Vec<GoldDocument>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::input(dir, format!("cannot read gold directory: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    files.iter().map(|f| read_gold_file(f)).collect()
}

fn read_gold_file(path: &Path) -> Result<GoldDocument> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::input(path, format!("cannot read: {e}")))?;
    let mut source = None;
    let mut items = BTreeSet::new();
    for line in text.lines() {
        if let Some(s) = line.strip_prefix("# source:") {
            source = Some(locate_source(path, s.trim()));
            continue;
        }
        if line.starts_with('#') || line.starts_with("category\t") || line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(category), Some(identifier)) = (fields.next(), fields.next()) else {
            return Err(Error::input(path, format!("malformed line {line:?}")));
        };
        if !CATEGORIES.contains(&category) {
            return Err(Error::input(path, format!("unknown category {category:?}")));
        }
        items.insert((category.to_owned(), identifier.trim().to_owned()));
    }
    let source = source.ok_or_else(|| Error::input(path, "no `# source:` line"))?;
    Ok(GoldDocument {
        gold_file: path.to_path_buf(),
        source,
        items,
    })
}

/// Sources are written relative to the repository root; find them from the gold file upwards.
fn locate_source(gold_file: &Path, source: &str) -> PathBuf {
    let relative = PathBuf::from(source);
    gold_file
        .ancestors()
        .skip(1)
        .map(|dir| dir.join(&relative))
        .find(|candidate| candidate.exists())
        .unwrap_or(relative)
}

/// The gold category and identifier of an extracted target (`None`: not scored, e.g. conferences).
pub fn category_of(target: &Target) -> Option<(String, String)> {
    let identifier = target.key.clone().or(target.symbol.clone());
    let (category, identifier) = match target.kind {
        TargetKind::Treaty => ("treaty", identifier?),
        TargetKind::IloConvention => ("ilo", target.ilo.clone()?),
        TargetKind::Declaration => ("declaration", identifier?),
        TargetKind::Resolution => ("resolution", target.symbol.clone()?),
        TargetKind::Document => ("document", target.symbol.clone()?),
        TargetKind::Conference => return None,
        TargetKind::UnknownInstrument => ("treaty", format!("unregistered:{}", target.label)),
    };
    Some((category.to_owned(), identifier))
}

/// Normalises unregistered titles for comparison: lower case, letters and digits only.
fn normalise_identifier(identifier: &str) -> String {
    match identifier.strip_prefix("unregistered:") {
        Some(label) => {
            let label = label
                .trim()
                .trim_start_matches("the ")
                .trim_start_matches("The ");
            format!(
                "unregistered:{}",
                label
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<String>()
                    .to_lowercase()
            )
        }
        None => identifier.to_owned(),
    }
}

/// Runs the extractor on every gold document and scores it.
pub fn evaluate(extractor: &Extractor, gold: &[GoldDocument]) -> Result<Evaluation> {
    let registry = extractor.registry();
    let mut evaluation = Evaluation {
        documents: gold.len(),
        ..Evaluation::default()
    };
    for category in CATEGORIES {
        evaluation
            .scores
            .insert(category.to_owned(), Score::default());
    }
    for document in gold {
        // An unreadable document scores as extracting nothing; the failure is listed.
        let extraction = match extractor.extract_path(&document.source) {
            Ok(extraction) => Some(extraction),
            Err(error) => {
                evaluation.failures.push(error.to_string());
                None
            }
        };
        // Unregistered declarations are scored as declarations; groups as their members.
        let expected: BTreeSet<(String, String)> = document
            .items
            .iter()
            .flat_map(|(category, identifier)| {
                let members: Vec<(String, String)> = registry
                    .get(identifier)
                    .filter(|i| i.kind() == InstrumentKind::TreatyGroup)
                    .map(|group| {
                        registry
                            .members(&group.key)
                            .map(|m| (category.clone(), m.key.clone()))
                            .collect()
                    })
                    .unwrap_or_default();
                if members.is_empty() {
                    vec![(category.clone(), normalise_identifier(identifier))]
                } else {
                    members
                }
            })
            .map(|(c, i)| {
                (
                    if i.starts_with("unregistered:") {
                        "treaty".to_owned()
                    } else {
                        c
                    },
                    i,
                )
            })
            .collect();
        let found: BTreeSet<(String, String)> = extraction
            .iter()
            .flat_map(|e| &e.citations)
            .filter_map(|c| category_of(&c.target))
            .map(|(c, i)| (c, normalise_identifier(&i)))
            .collect();
        for category in CATEGORIES {
            let score = evaluation
                .scores
                .get_mut(category)
                .expect("all categories present");
            let e: BTreeSet<_> = expected.iter().filter(|(c, _)| c == category).collect();
            let f: BTreeSet<_> = found.iter().filter(|(c, _)| c == category).collect();
            score.true_positives += e.intersection(&f).count();
            score.false_positives += f.difference(&e).count();
            score.false_negatives += e.difference(&f).count();
        }
        let missed: Vec<_> = expected.difference(&found).cloned().collect();
        let spurious: Vec<_> = found.difference(&expected).cloned().collect();
        if !missed.is_empty() || !spurious.is_empty() {
            evaluation.errors.push(DocumentErrors {
                source: document.source.clone(),
                missed,
                spurious,
            });
        }
    }
    Ok(evaluation)
}

impl Evaluation {
    /// Totals over all categories (micro-average).
    pub fn overall(&self) -> Score {
        self.scores.values().fold(Score::default(), |a, s| Score {
            true_positives: a.true_positives + s.true_positives,
            false_positives: a.false_positives + s.false_positives,
            false_negatives: a.false_negatives + s.false_negatives,
        })
    }

    /// A Markdown table of the scores.
    pub fn report(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} documents, {} unreadable\n",
            self.documents,
            self.failures.len()
        );
        for failure in &self.failures {
            let _ = writeln!(out, "unreadable: {failure}");
        }
        let _ = writeln!(
            out,
            "| category | gold | found | correct | precision | recall | F1 |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|");
        let rows = CATEGORIES
            .iter()
            .map(|c| (c.to_string(), self.scores[*c]))
            .chain(std::iter::once(("all".to_owned(), self.overall())));
        for (name, s) in rows {
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {} | {:.3} | {:.3} | {:.3} |",
                s.true_positives + s.false_negatives,
                s.true_positives + s.false_positives,
                s.true_positives,
                s.precision(),
                s.recall(),
                s.f1()
            );
        }
        out
    }
}
