//! Reading the network's raw material from the store with the SELECT queries in
//! `queries/graph/`: citations, resolution and instrument descriptions, and the registry's
//! instrument hierarchy.

use std::collections::HashMap;
use std::time::Duration;

use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, QuerySolution};
use oxigraph::store::Store;

use super::View;
use crate::error::{Error, Result};
use crate::query::{execute, PreparedQuery};

const CITATIONS: &str = include_str!("../../queries/graph/citations.rq");
const RESOLUTIONS: &str = include_str!("../../queries/graph/resolutions.rq");
const INSTRUMENTS: &str = include_str!("../../queries/graph/instruments.rq");
const HIERARCHY: &str = include_str!("../../queries/graph/hierarchy.rq");

/// What a citation points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetClass {
    Instrument,
    Resolution,
    /// Reports and other documents (no view draws them).
    Document,
}

/// One stored citation (`tg:Citation`).
#[derive(Debug, Clone)]
pub struct CitationRow {
    pub resolution: String,
    pub cited: String,
    pub target: TargetClass,
    /// Paragraph id within the resolution (`OP9`, `PP3`, `FN2`).
    pub paragraph: String,
    /// Citation function name (`calls_for_ratification`).
    pub function: String,
    pub verb: Option<String>,
}

/// What the store says about a resolution.
#[derive(Debug, Clone, Default)]
pub struct ResolutionInfo {
    pub symbol: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    /// Organ code (`GA`, `SC`).
    pub organ: Option<String>,
}

/// What the store says about an instrument.
#[derive(Debug, Clone, Default)]
pub struct InstrumentInfo {
    pub key: Option<String>,
    pub label: Option<String>,
    /// `tg:instrumentKind`, or `unregistered`.
    pub kind: Option<String>,
    pub unts_volume: Option<i64>,
    pub unts_number: Option<i64>,
    pub mtdsg: Option<String>,
    pub ilo: Option<String>,
    pub date: Option<String>,
}

/// A registry hierarchy link.
#[derive(Debug, Clone)]
pub struct HierarchyRow {
    pub from: String,
    /// `parent_instrument`, `member_of` or `adopted_by`.
    pub relation: String,
    pub to: String,
}

/// Everything a network is built from, keyed by IRI.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub citations: Vec<CitationRow>,
    pub resolutions: HashMap<String, ResolutionInfo>,
    pub instruments: HashMap<String, InstrumentInfo>,
    pub hierarchy: Vec<HierarchyRow>,
}

/// Reads what `view` needs from the store (the hierarchy rows only for the hierarchy view, the
/// citations for the others). `timeout` bounds each query.
pub fn fetch(store: &Store, view: View, timeout: Option<Duration>) -> Result<Rows> {
    let mut rows = Rows::default();
    if view == View::Hierarchy {
        select(store, HIERARCHY, timeout, |s| {
            rows.hierarchy.push(HierarchyRow {
                from: iri(s, "from")?,
                relation: text(s, "relation")?,
                to: iri(s, "to")?,
            });
            Some(())
        })?;
    } else {
        select(store, CITATIONS, timeout, |s| {
            rows.citations.push(CitationRow {
                resolution: iri(s, "resolution")?,
                cited: iri(s, "cited")?,
                target: match text(s, "target")?.as_str() {
                    "instrument" => TargetClass::Instrument,
                    "resolution" => TargetClass::Resolution,
                    _ => TargetClass::Document,
                },
                paragraph: text(s, "paragraph")?,
                function: text(s, "function")?,
                verb: text(s, "verb"),
            });
            Some(())
        })?;
    }
    select(store, RESOLUTIONS, timeout, |s| {
        let info = rows.resolutions.entry(iri(s, "resolution")?).or_default();
        fill(&mut info.symbol, text(s, "symbol"));
        fill(&mut info.date, text(s, "date"));
        fill(&mut info.title, text(s, "title"));
        fill(
            &mut info.organ,
            iri(s, "organ").and_then(|o| o.rsplit('/').next().map(str::to_owned)),
        );
        Some(())
    })?;
    select(store, INSTRUMENTS, timeout, |s| {
        let info = rows.instruments.entry(iri(s, "instrument")?).or_default();
        fill(&mut info.key, text(s, "key"));
        fill(&mut info.label, text(s, "label"));
        let unregistered = text(s, "unregistered").is_some_and(|v| v == "true");
        fill(
            &mut info.kind,
            text(s, "kind").or(unregistered.then(|| "unregistered".to_owned())),
        );
        fill(&mut info.unts_volume, integer(s, "untsVolume"));
        fill(&mut info.unts_number, integer(s, "untsNumber"));
        fill(&mut info.mtdsg, text(s, "mtdsg"));
        fill(&mut info.ilo, text(s, "ilo"));
        fill(&mut info.date, text(s, "date"));
        Some(())
    })?;
    Ok(rows)
}

/// Runs a SELECT query and hands each solution to `row`; solutions for which `row` returns
/// `None` (a required variable unbound) are skipped.
fn select(
    store: &Store,
    sparql: &str,
    timeout: Option<Duration>,
    mut row: impl FnMut(&QuerySolution) -> Option<()>,
) -> Result<()> {
    let prepared = PreparedQuery {
        sparql: sparql.to_owned(),
        substitutions: Vec::new(),
    };
    let QueryResults::Solutions(solutions) = execute(store, &prepared, timeout)? else {
        return Err(Error::Query("graph queries must be SELECT queries".into()));
    };
    for solution in solutions {
        let solution = solution.map_err(|e| Error::Query(e.to_string()))?;
        row(&solution);
    }
    Ok(())
}

/// Keeps the first value seen (a resolution may be described in several graphs).
fn fill<T>(slot: &mut Option<T>, value: Option<T>) {
    if slot.is_none() {
        *slot = value;
    }
}

fn iri(solution: &QuerySolution, variable: &str) -> Option<String> {
    match solution.get(variable)? {
        Term::NamedNode(node) => Some(node.as_str().to_owned()),
        _ => None,
    }
}

fn text(solution: &QuerySolution, variable: &str) -> Option<String> {
    match solution.get(variable)? {
        Term::Literal(literal) => Some(literal.value().to_owned()),
        _ => None,
    }
}

fn integer(solution: &QuerySolution, variable: &str) -> Option<i64> {
    text(solution, variable)?.parse().ok()
}
