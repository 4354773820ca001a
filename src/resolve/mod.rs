//! Resolution: turn what the text says ([`Cited`]) into canonical targets — a registry
//! instrument, an ILO node, a resolution or document symbol, or an unregistered instrument with
//! a label — using the registry and what the document said before (antecedents of "thereto",
//! the series of an "Ibid.").

pub mod registry;
mod remention;

use serde::Serialize;

use crate::model::vocab;
use crate::recognise::{Cited, Series, SAME_VOLUME};
use registry::{Instrument, InstrumentKind, Registry};

/// Kind of a citation target, as the JSON interface names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Treaty,
    IloConvention,
    Declaration,
    Resolution,
    Document,
    Conference,
    UnknownInstrument,
}

/// UNTS volume and registration number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Unts {
    pub volume: u32,
    pub number: u32,
}

/// A canonical thing that can be cited.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Target {
    pub iri: String,
    pub kind: TargetKind,
    pub label: String,
    /// Registry key, when the target is in the registry.
    pub key: Option<String>,
    pub unts: Option<Unts>,
    pub ilo: Option<String>,
    pub mtdsg: Option<String>,
    /// UN symbol of a resolution or document.
    pub symbol: Option<String>,
}

impl Target {
    /// A registry instrument.
    pub fn instrument(instrument: &Instrument) -> Target {
        let kind = match instrument.kind() {
            InstrumentKind::Treaty | InstrumentKind::TreatyGroup => TargetKind::Treaty,
            InstrumentKind::IloConvention => TargetKind::IloConvention,
            InstrumentKind::Declaration => TargetKind::Declaration,
            InstrumentKind::Conference => TargetKind::Conference,
        };
        Target {
            iri: instrument.iri(),
            kind,
            label: instrument.label.clone(),
            key: Some(instrument.key.clone()),
            unts: instrument
                .unts
                .filter(|u| u.0 > 0 && u.1 > 0)
                .map(|(volume, number)| Unts { volume, number }),
            ilo: instrument.ilo.clone(),
            mtdsg: instrument.mtdsg.clone(),
            symbol: None,
        }
    }

    /// A resolution or document by symbol.
    pub fn symbol(symbol: &str, kind: TargetKind) -> Target {
        Target {
            iri: vocab::doc_iri(symbol),
            kind,
            label: symbol.to_owned(),
            key: None,
            unts: None,
            ilo: None,
            mtdsg: None,
            symbol: Some(symbol.to_owned()),
        }
    }

    /// An instrument the registry does not know, named by its title.
    pub fn unregistered(label: &str, unts: Option<Unts>) -> Target {
        let local = match unts {
            Some(u) => format!("unts-{}-{}", u.volume, u.number),
            None => format!("unregistered-{}", vocab::slug(label)),
        };
        Target {
            iri: format!("{}{local}", vocab::INSTRUMENT),
            kind: TargetKind::UnknownInstrument,
            label: label.to_owned(),
            key: None,
            unts,
            ilo: None,
            mtdsg: None,
            symbol: None,
        }
    }

    /// Whether the target is an instrument (as opposed to a resolution or document).
    pub fn is_instrument(&self) -> bool {
        !matches!(self.kind, TargetKind::Resolution | TargetKind::Document)
    }
}

/// Resolves references of one document in reading order.
pub struct Resolver<'r> {
    registry: &'r Registry,
    /// Registry instruments named so far, most recent last (antecedents).
    named: Vec<&'r Instrument>,
    /// The series the last Treaty Series reference used ("Ibid." continues it).
    last_series: Series,
    /// The volume it printed last ("ibid., No. 5476" stays in it).
    last_volume: Option<u32>,
    /// Labels of the instruments outside the registry named so far, first mention first: a
    /// shorter or dated re-mention is the same instrument.
    unregistered: Vec<String>,
}

impl<'r> Resolver<'r> {
    pub fn new(registry: &'r Registry) -> Self {
        Resolver {
            registry,
            named: Vec::new(),
            last_series: Series::UnitedNations,
            last_volume: None,
            unregistered: Vec::new(),
        }
    }

    pub fn registry(&self) -> &'r Registry {
        self.registry
    }

    /// Resolves one reference. A group resolves to its members; "the Protocols thereto" to
    /// every protocol.
    pub fn resolve(&mut self, cited: &Cited) -> Resolved {
        let registry = self.registry;
        match cited {
            Cited::Instrument { key } => match registry.get(key) {
                Some(instrument) => {
                    self.named.push(instrument);
                    Resolved::found(self.expand_group(instrument))
                }
                None => Resolved::default(),
            },
            // "the Protocols thereto, in particular A and B": A and B are cited by name.
            Cited::Thereto {
                particular: true, ..
            } => Resolved::default(),
            Cited::Thereto {
                plural, qualifier, ..
            } => self.resolve_thereto(*plural, qualifier.as_deref()),
            Cited::ShortForm { head } => {
                let head = head.as_str();
                let antecedent = self
                    .named
                    .iter()
                    .rev()
                    .find(|i| i.label.split_whitespace().any(|w| w == head))
                    .copied();
                Resolved::found(antecedent.map(Target::instrument).into_iter().collect())
            }
            Cited::TreatySeries { series, entries } => {
                let series = match series {
                    Series::Ibid => self.last_series,
                    other => *other,
                };
                self.last_series = series;
                let mut targets = Vec::with_capacity(entries.len());
                for &(volume, number) in entries {
                    let volume = if volume == SAME_VOLUME {
                        // No volume printed and none before: nothing to identify.
                        let Some(last) = self.last_volume else {
                            continue;
                        };
                        last
                    } else {
                        volume
                    };
                    self.last_volume = Some(volume);
                    targets.push(self.by_treaty_series(series, volume, number));
                }
                Resolved {
                    targets,
                    treaty_series: true,
                    ..Resolved::default()
                }
            }
            Cited::Ilo { code } => {
                let target = match registry.by_ilo(code) {
                    Some(instrument) => {
                        self.named.push(instrument);
                        Target::instrument(instrument)
                    }
                    None => ilo_node(code),
                };
                Resolved::found(vec![target])
            }
            Cited::Resolution { symbol, .. } => {
                Resolved::found(vec![Target::symbol(symbol, TargetKind::Resolution)])
            }
            Cited::Document { symbol } => {
                Resolved::found(vec![Target::symbol(symbol, TargetKind::Document)])
            }
            Cited::Unregistered { label, kind } => {
                // A registry title the index could not take where it stands: "the Geneva
                // Conventions of 19493" (S/RES/512 (1982), a footnote number glued to the year).
                if let Some(instrument) = registry.lookup(label) {
                    self.named.push(instrument);
                    return Resolved::found(self.expand_group(instrument));
                }
                // "the above-mentioned Geneva Convention": a shortened title named before.
                if let Some(antecedent) = self.named.iter().rev().find(|i| {
                    i.surface_forms()
                        .any(|f| f.len() > label.len() && f.starts_with(label.as_str()))
                }) {
                    return Resolved {
                        targets: vec![Target::instrument(antecedent)],
                        anaphora: true,
                        ..Resolved::default()
                    };
                }
                // "the General Armistice Agreement" after "the Israel-Jordan General Armistice
                // Agreement", "the Joint Declaration of 14 February 1989" after the declaration
                // "adopted … on 14 February 1989": the instrument named before.
                let first = self
                    .unregistered
                    .iter()
                    .rev()
                    .find(|earlier| remention::same_instrument(earlier, label))
                    .cloned();
                let anaphora = first.is_some();
                let label = first.unwrap_or_else(|| {
                    self.unregistered.push(label.clone());
                    label.clone()
                });
                let mut target = Target::unregistered(&label, None);
                if *kind == InstrumentKind::Declaration {
                    target.kind = TargetKind::UnknownInstrument;
                }
                Resolved {
                    targets: vec![target],
                    unregistered: true,
                    anaphora,
                    ..Resolved::default()
                }
            }
        }
    }

    /// Members of a group (the four Geneva Conventions), or the instrument itself.
    fn expand_group(&self, instrument: &'r Instrument) -> Vec<Target> {
        let members: Vec<Target> = self
            .registry
            .members(&instrument.key)
            .map(Target::instrument)
            .collect();
        if instrument.kind() == InstrumentKind::TreatyGroup && !members.is_empty() {
            members
        } else {
            vec![Target::instrument(instrument)]
        }
    }

    fn resolve_thereto(&mut self, plural: bool, qualifier: Option<&str>) -> Resolved {
        let registry = self.registry;
        let Some(parent) = self
            .named
            .iter()
            .rev()
            .find(|i| registry.children(&i.key).next().is_some())
            .copied()
        else {
            return Resolved::default();
        };
        let children: Vec<&Instrument> = registry
            .children(&parent.key)
            .filter(|c| c.label.contains("Protocol"))
            .collect();
        let mut matched_len = None;
        let chosen: Vec<&Instrument> = match qualifier {
            Some(q) => {
                let q_lower = q.to_lowercase();
                children
                    .iter()
                    .filter_map(|c| {
                        let label = c.label.to_lowercase();
                        let at = label.rfind(" on ")?;
                        let suffix = &label[at + 1..];
                        // The qualifier starts with the child's "on …" words.
                        let common = suffix
                            .bytes()
                            .zip(q_lower.bytes())
                            .take_while(|(a, b)| a == b)
                            .count();
                        (common >= suffix.len().min(20)).then(|| {
                            matched_len = Some(common.min(suffix.len()));
                            *c
                        })
                    })
                    .take(1)
                    .collect()
            }
            None if plural => children.clone(),
            None => children
                .iter()
                .filter(|c| c.label.starts_with("Optional Protocol") || children.len() == 1)
                .take(2)
                .copied()
                .collect(),
        };
        // One optional protocol unambiguously; several only when the text says "Protocols".
        if chosen.is_empty() || (!plural && chosen.len() > 1) {
            return Resolved {
                antecedent_missing: true,
                ..Resolved::default()
            };
        }
        Resolved {
            targets: chosen.into_iter().map(Target::instrument).collect(),
            qualifier_len: matched_len,
            anaphora: true,
            ..Resolved::default()
        }
    }

    fn by_treaty_series(&self, series: Series, volume: u32, number: u32) -> Target {
        let registered = match series {
            Series::LeagueOfNations => self.registry.by_lnts(volume, number),
            _ => self.registry.by_unts(volume, number),
        };
        if let Some(instrument) = registered {
            return Target::instrument(instrument);
        }
        let label = match series {
            Series::LeagueOfNations => {
                format!("League of Nations Treaty Series vol. {volume}, No. {number}")
            }
            _ => format!("United Nations Treaty Series vol. {volume}, No. {number}"),
        };
        let mut target = Target::unregistered(&label, Some(Unts { volume, number }));
        if series == Series::LeagueOfNations {
            target.iri = format!("{}lnts-{volume}-{number}", vocab::INSTRUMENT);
            target.unts = None;
        }
        target
    }
}

/// An ILO convention the registry has no entry for still gets its node (keyless, like any
/// instrument outside the registry).
fn ilo_node(code: &str) -> Target {
    let number: u32 = code[1..].parse().unwrap_or(0);
    let word = if code.starts_with('P') {
        "Protocol"
    } else {
        "Convention"
    };
    Target {
        iri: format!("{}ILO-{code}", vocab::INSTRUMENT),
        kind: TargetKind::IloConvention,
        label: format!("ILO {word} No. {number}"),
        key: None,
        unts: None,
        ilo: Some(code.to_owned()),
        mtdsg: None,
        symbol: None,
    }
}

/// The outcome of resolving one reference.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub targets: Vec<Target>,
    /// Resolved from a Treaty Series reference (a footnote).
    pub treaty_series: bool,
    /// Resolved through an anaphor.
    pub anaphora: bool,
    /// An anaphor whose antecedent could not be settled (a footnote may settle it).
    pub antecedent_missing: bool,
    /// A title shape absent from the registry (a footnote may identify it).
    pub unregistered: bool,
    /// For "thereto on …": how many bytes of the qualifier the protocol's title covers.
    pub qualifier_len: Option<usize>,
    /// The footnote ("FN7") whose Treaty Series reference settled or confirmed the targets.
    pub footnote: Option<String>,
}

impl Resolved {
    fn found(targets: Vec<Target>) -> Resolved {
        Resolved {
            targets,
            ..Resolved::default()
        }
    }
}
