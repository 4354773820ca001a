//! The instrument registry: every instrument treatygraph can name, with its identifiers
//! (UNTS volume and number, MTDSG reference, ILO code, adopting resolution, parent), loaded
//! from the project's own RDF (`data/registry.ttl`).

use std::collections::HashMap;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term, Triple};

use crate::error::{Error, Result};
use crate::model::vocab;

/// The registry as shipped in the binary.
pub const BUNDLED_REGISTRY: &str = include_str!("../../data/registry.ttl");

/// What sort of thing an instrument is; also the `kind` of a citation target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InstrumentKind {
    Treaty,
    TreatyGroup,
    IloConvention,
    Declaration,
    Conference,
}

impl InstrumentKind {
    fn from_literal(value: &str) -> Option<Self> {
        Some(match value {
            "treaty" => InstrumentKind::Treaty,
            "treaty_group" | "treaty-group" => InstrumentKind::TreatyGroup,
            "ilo_convention" | "ilo" => InstrumentKind::IloConvention,
            "declaration" => InstrumentKind::Declaration,
            "conference" => InstrumentKind::Conference,
            _ => return None,
        })
    }
}

/// One registry entry.
#[derive(Debug, Clone, Default)]
pub struct Instrument {
    /// Registry key, e.g. `TIP-PROTOCOL`; also the last segment of its IRI.
    pub key: String,
    pub kind: Option<InstrumentKind>,
    pub label: String,
    pub alt_labels: Vec<String>,
    /// Surface forms used for recognition only ("the Charter").
    pub match_labels: Vec<String>,
    /// UNTS (volume, registration number).
    pub unts: Option<(u32, u32)>,
    /// League of Nations Treaty Series (volume, number), for pre-1946 treaties.
    pub lnts: Option<(u32, u32)>,
    pub mtdsg: Option<String>,
    pub ilo: Option<String>,
    /// Symbol of the adopting resolution.
    pub adopted_by: Option<String>,
    pub parent: Option<String>,
    /// Groups this instrument belongs to.
    pub member_of: Vec<String>,
    pub date: Option<String>,
}

impl Instrument {
    /// The instrument's IRI.
    pub fn iri(&self) -> String {
        format!("{}{}", vocab::INSTRUMENT, self.key)
    }

    /// All labels used to recognise the instrument in text.
    pub fn surface_forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.label.as_str())
            .chain(self.alt_labels.iter().map(String::as_str))
            .chain(self.match_labels.iter().map(String::as_str))
    }

    pub fn kind(&self) -> InstrumentKind {
        self.kind.unwrap_or(InstrumentKind::Treaty)
    }
}

/// The registry, indexed for the lookups resolution needs.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    instruments: Vec<Instrument>,
    by_key: HashMap<String, usize>,
    by_unts: HashMap<(u32, u32), usize>,
    by_unts_number: HashMap<u32, Vec<usize>>,
    by_lnts: HashMap<(u32, u32), usize>,
    by_ilo: HashMap<String, usize>,
    /// Every title, alias and acronym in ASCII lower case; the first instrument keeps a shared one.
    by_surface_form: HashMap<String, usize>,
    children: HashMap<String, Vec<usize>>,
    members: HashMap<String, Vec<usize>>,
}

impl Registry {
    /// The registry compiled into the binary.
    pub fn bundled() -> Result<Self> {
        Self::from_turtle(BUNDLED_REGISTRY)
    }

    /// Parses a registry from Turtle.
    pub fn from_turtle(turtle: &str) -> Result<Self> {
        let mut entries: HashMap<String, Instrument> = HashMap::new();
        for triple in RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes()) {
            let triple: Triple = triple
                .map_err(|e| Error::Registry(format!("invalid Turtle: {e}")))?
                .into();
            let NamedOrBlankNode::NamedNode(subject) = &triple.subject else {
                continue;
            };
            let Some(key) = subject.as_str().strip_prefix(vocab::INSTRUMENT) else {
                continue;
            };
            let entry = entries.entry(key.to_owned()).or_insert_with(|| Instrument {
                key: key.to_owned(),
                ..Instrument::default()
            });
            apply_property(entry, triple.predicate.as_str(), &triple.object);
        }
        let mut instruments: Vec<Instrument> = entries
            .into_values()
            .filter(|i| !i.label.is_empty())
            .collect();
        instruments.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(Self::index(instruments))
    }

    fn index(instruments: Vec<Instrument>) -> Self {
        let mut registry = Registry::default();
        for (i, instrument) in instruments.iter().enumerate() {
            registry.by_key.insert(instrument.key.clone(), i);
            if let Some(unts) = instrument.unts.filter(|u| u.0 > 0 && u.1 > 0) {
                registry.by_unts.insert(unts, i);
                registry.by_unts_number.entry(unts.1).or_default().push(i);
            }
            if let Some(lnts) = instrument.lnts.filter(|l| l.0 > 0 && l.1 > 0) {
                registry.by_lnts.insert(lnts, i);
            }
            if let Some(code) = &instrument.ilo {
                registry.by_ilo.insert(code.clone(), i);
            }
            for form in instrument.surface_forms() {
                registry
                    .by_surface_form
                    .entry(form.to_ascii_lowercase())
                    .or_insert(i);
            }
            if let Some(parent) = &instrument.parent {
                registry.children.entry(parent.clone()).or_default().push(i);
            }
            for group in &instrument.member_of {
                registry.members.entry(group.clone()).or_default().push(i);
            }
        }
        registry.instruments = instruments;
        registry
    }

    /// All instruments, sorted by key.
    pub fn instruments(&self) -> &[Instrument] {
        &self.instruments
    }

    pub fn get(&self, key: &str) -> Option<&Instrument> {
        self.by_key.get(key).map(|&i| &self.instruments[i])
    }

    /// The instrument registered with this UNTS volume and number. A registration number alone
    /// identifies the parent treaty; its protocols share it and differ by volume.
    pub fn by_unts(&self, volume: u32, number: u32) -> Option<&Instrument> {
        if let Some(&i) = self.by_unts.get(&(volume, number)) {
            return Some(&self.instruments[i]);
        }
        None
    }

    /// The instrument with this League of Nations Treaty Series volume and number.
    pub fn by_lnts(&self, volume: u32, number: u32) -> Option<&Instrument> {
        self.by_lnts
            .get(&(volume, number))
            .map(|&i| &self.instruments[i])
    }

    /// Instruments registered under a UNTS registration number, whatever their volume.
    pub fn by_unts_number(&self, number: u32) -> impl Iterator<Item = &Instrument> {
        self.by_unts_number
            .get(&number)
            .into_iter()
            .flatten()
            .map(|&i| &self.instruments[i])
    }

    /// The ILO instrument with this code ("C182", "P029").
    pub fn by_ilo(&self, code: &str) -> Option<&Instrument> {
        self.by_ilo.get(code).map(|&i| &self.instruments[i])
    }

    /// Instruments whose parent is `key` (the protocols of a convention).
    pub fn children(&self, key: &str) -> impl Iterator<Item = &Instrument> {
        self.children
            .get(key)
            .into_iter()
            .flatten()
            .map(|&i| &self.instruments[i])
    }

    /// Instruments adopted by the resolution with this symbol (a declaration in its annex).
    pub fn adopted_by<'a>(&'a self, symbol: &'a str) -> impl Iterator<Item = &'a Instrument> {
        self.instruments
            .iter()
            .filter(move |i| i.adopted_by.as_deref() == Some(symbol))
    }

    /// Members of a treaty group.
    pub fn members(&self, key: &str) -> impl Iterator<Item = &Instrument> {
        self.members
            .get(key)
            .into_iter()
            .flatten()
            .map(|&i| &self.instruments[i])
    }

    /// Finds an instrument by key, label, alias or ILO code (for command-line arguments).
    pub fn lookup(&self, name: &str) -> Option<&Instrument> {
        let name = name.trim();
        self.get(name)
            .or_else(|| self.get(&name.to_uppercase()))
            .or_else(|| self.by_ilo(&name.to_uppercase()))
            .or_else(|| {
                let form = self.by_surface_form.get(&name.to_ascii_lowercase());
                form.map(|&i| &self.instruments[i])
            })
    }
}

/// Sets one half (0: volume, 1: number) of a Treaty Series reference read triple by triple,
/// keeping the other half; a value that is not an integer clears the reference.
fn set_part(pair: &mut Option<(u32, u32)>, value: Option<u32>, half: usize) {
    let (volume, number) = pair.unwrap_or((0, 0));
    *pair = value.map(|v| if half == 0 { (v, number) } else { (volume, v) });
}

fn apply_property(entry: &mut Instrument, predicate: &str, object: &Term) {
    let literal = match object {
        Term::Literal(l) => Some(l.value().to_owned()),
        _ => None,
    };
    let iri = match object {
        Term::NamedNode(n) => Some(n.as_str()),
        _ => None,
    };
    let integer = || literal.as_deref().and_then(|v| v.parse::<u32>().ok());
    let instrument_key = || {
        iri.and_then(|i| i.strip_prefix(vocab::INSTRUMENT))
            .map(str::to_owned)
    };
    match predicate {
        vocab::SKOS_PREF_LABEL => entry.label = literal.unwrap_or_default(),
        vocab::SKOS_ALT_LABEL => entry.alt_labels.extend(literal),
        vocab::TG_MATCH_LABEL => entry.match_labels.extend(literal),
        vocab::TG_UNTS_VOLUME => set_part(&mut entry.unts, integer(), 0),
        vocab::TG_UNTS_NUMBER => set_part(&mut entry.unts, integer(), 1),
        vocab::TG_LNTS_VOLUME => set_part(&mut entry.lnts, integer(), 0),
        vocab::TG_LNTS_NUMBER => set_part(&mut entry.lnts, integer(), 1),
        vocab::TG_MTDSG_REF => entry.mtdsg = literal,
        vocab::TG_ILO_CODE => entry.ilo = literal,
        vocab::TG_ADOPTED_BY => {
            entry.adopted_by = iri
                .and_then(|i| i.strip_prefix(vocab::DOC))
                .map(str::to_owned)
                .or(literal)
        }
        vocab::TG_PARENT_INSTRUMENT => entry.parent = instrument_key(),
        vocab::TG_MEMBER_OF => entry.member_of.extend(instrument_key()),
        vocab::TG_INSTRUMENT_KIND => {
            entry.kind = literal.as_deref().and_then(InstrumentKind::from_literal)
        }
        vocab::DCTERMS_DATE => entry.date = literal,
        _ => {}
    }
}
