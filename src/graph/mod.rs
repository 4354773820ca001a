//! Citation networks: the store, read back through SPARQL, as a [petgraph] network of
//! resolutions and instruments, with network metrics, and written as DOT, GraphML, GEXF,
//! Cytoscape.js JSON, a self-contained HTML page or an SVG picture.
//!
//! The pipeline is [`fetch`] (SPARQL → [`Rows`]) → [`build`] (rows + [`View`] + [`Selection`] →
//! [`Network`], metrics included) → [`write()`]. Building is a pure function of the rows, so
//! what is drawn is exactly what is stored, and the benchmark can feed it synthetic rows.

mod build;
mod fetch;
pub mod layout;
pub mod metrics;
mod stats;
mod write;

use std::collections::BTreeSet;

use petgraph::graph::DiGraph;

pub use build::{build, Criteria};
pub use fetch::{
    fetch, CitationRow, HierarchyRow, InstrumentInfo, ResolutionInfo, Rows, TargetClass,
};
pub use stats::{
    per_year, summary, top, write_per_year, write_summary, Metric, StatsFormat, YearCount,
};
pub use write::{write, GraphFormat, Layout};

/// Which network to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum View {
    /// Resolution → instrument it cites (bipartite).
    Citations,
    /// Resolution → resolution it cites: who builds on whom.
    Resolutions,
    /// Instrument — instrument, weighted by the number of resolutions citing both.
    Cocitation,
    /// Protocol → convention, member → group, instrument → adopting resolution (registry).
    Hierarchy,
}

impl View {
    pub fn name(self) -> &'static str {
        match self {
            View::Citations => "citations",
            View::Resolutions => "resolutions",
            View::Cocitation => "cocitation",
            View::Hierarchy => "hierarchy",
        }
    }

    /// Whether edges have a direction (co-citation is symmetric).
    pub fn directed(self) -> bool {
        self != View::Cocitation
    }
}

/// Which part of the network to keep (the `graph` and `stats` filter options).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Selection {
    /// Only citations made by resolutions of this organ (GA, SC, ECOSOC, HRC, CHR, TC, WHA)
    #[arg(long, value_name = "ORGAN")]
    pub organ: Option<String>,
    /// Only citations made by resolutions adopted in or after this year
    #[arg(long, value_name = "YEAR")]
    pub since: Option<i32>,
    /// Only citations made by resolutions adopted in or before this year
    #[arg(long, value_name = "YEAR")]
    pub until: Option<i32>,
    /// Only instruments of this kind (treaty, treaty_group, ilo_convention, declaration,
    /// conference, unregistered)
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// Only citations with this function (e.g. calls_for_ratification, recalls, urges)
    #[arg(long, value_name = "FUNCTION")]
    pub function: Option<String>,
    /// Drop nodes with fewer than N edges (after the other filters)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub min_degree: usize,
    /// Keep only the ego network of this node: an IRI, registry key or alias, or UN symbol
    #[arg(long, value_name = "NODE")]
    pub focus: Option<String>,
    /// Radius of the ego network around --focus, in edges (either direction)
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub depth: usize,
}

/// Whether a node is a resolution or an instrument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeClass {
    Resolution,
    Instrument,
}

/// A node: a resolution or an instrument, with its identifiers and metrics.
#[derive(Debug, Clone)]
pub struct Node {
    pub iri: String,
    pub class: NodeClass,
    /// `resolution`, or the instrument kind (`treaty`, `ilo_convention`, …, `unregistered`).
    pub kind: String,
    /// Short display label: the UN symbol, or the registry key / label of an instrument.
    pub label: String,
    pub title: Option<String>,
    pub symbol: Option<String>,
    /// Adoption date (`YYYY-MM-DD`).
    pub date: Option<String>,
    pub organ: Option<String>,
    pub key: Option<String>,
    pub unts_volume: Option<i64>,
    pub unts_number: Option<i64>,
    pub mtdsg: Option<String>,
    pub ilo: Option<String>,
    pub metrics: NodeMetrics,
}

impl Node {
    /// The adoption year, when the date is known.
    pub fn year(&self) -> Option<i32> {
        year_of(self.date.as_deref()?)
    }
}

/// Network metrics of a node (see [`metrics`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NodeMetrics {
    /// Distinct nodes with an edge to this one (all neighbours, for co-citation).
    pub in_degree: usize,
    pub out_degree: usize,
    /// Sum of the weights of all edges at the node.
    pub weighted_degree: f64,
    /// Sum of the weights of incoming edges: citations received (co-citation: shared resolutions).
    pub citations: f64,
    pub pagerank: f64,
    /// Betweenness in the resolution network (`None` in the other views: see [`metrics`]).
    pub betweenness: Option<f64>,
    /// Weakly connected component, numbered from 0 by decreasing size.
    pub component: usize,
}

/// What an edge stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relation {
    /// A resolution cites an instrument.
    Cites,
    /// A resolution cites another resolution.
    CitesResolution,
    /// Two instruments cited by the same resolutions.
    CoCited,
    /// Protocol → convention (`tg:parentInstrument`).
    ParentInstrument,
    /// Member → treaty group (`tg:memberOf`).
    MemberOf,
    /// Instrument → adopting resolution (`tg:adoptedBy`).
    AdoptedBy,
}

impl Relation {
    pub fn name(self) -> &'static str {
        match self {
            Relation::Cites => "cites",
            Relation::CitesResolution => "cites_resolution",
            Relation::CoCited => "co_cited",
            Relation::ParentInstrument => "parent_instrument",
            Relation::MemberOf => "member_of",
            Relation::AdoptedBy => "adopted_by",
        }
    }
}

/// An edge, aggregating every citation between its two ends, with their provenance.
#[derive(Debug, Clone)]
pub struct Edge {
    pub relation: Relation,
    /// Citations (co-citation: resolutions citing both; hierarchy: 1).
    pub weight: f64,
    /// Citing paragraphs, as `SYMBOL#OP9`.
    pub paragraphs: BTreeSet<String>,
    /// Citation functions (`calls_for_ratification`, `recalls`, …).
    pub functions: BTreeSet<String>,
    /// Opening verbs as written (`Urges`, `Recalling`).
    pub verbs: BTreeSet<String>,
    /// Symbols of the citing resolutions.
    pub resolutions: BTreeSet<String>,
    /// Adoption dates of the citing resolutions.
    pub dates: BTreeSet<String>,
}

impl Edge {
    pub fn new(relation: Relation) -> Self {
        Edge {
            relation,
            weight: 0.0,
            paragraphs: BTreeSet::new(),
            functions: BTreeSet::new(),
            verbs: BTreeSet::new(),
            resolutions: BTreeSet::new(),
            dates: BTreeSet::new(),
        }
    }
}

/// A citation network. Co-citation edges are stored once, from the smaller to the larger IRI,
/// and read as undirected (`directed` is false).
#[derive(Debug, Clone)]
pub struct Network {
    pub view: View,
    pub directed: bool,
    pub graph: DiGraph<Node, Edge>,
}

/// The value of an exported attribute.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Integer(i64),
    Float(f64),
}

/// The type of an exported attribute (GraphML `attr.type`, GEXF `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    Text,
    Integer,
    Float,
}

/// The node attributes every export carries, in order; [`Node::attributes`] yields a subset.
pub const NODE_ATTRIBUTES: &[(&str, ValueType)] = &[
    ("label", ValueType::Text),
    ("class", ValueType::Text),
    ("kind", ValueType::Text),
    ("title", ValueType::Text),
    ("symbol", ValueType::Text),
    ("date", ValueType::Text),
    ("year", ValueType::Integer),
    ("organ", ValueType::Text),
    ("key", ValueType::Text),
    ("unts_volume", ValueType::Integer),
    ("unts_number", ValueType::Integer),
    ("mtdsg", ValueType::Text),
    ("ilo", ValueType::Text),
    ("in_degree", ValueType::Integer),
    ("out_degree", ValueType::Integer),
    ("weighted_degree", ValueType::Float),
    ("citations", ValueType::Float),
    ("pagerank", ValueType::Float),
    ("betweenness", ValueType::Float),
    ("component", ValueType::Integer),
];

/// The edge attributes every export carries, in order; [`Edge::attributes`] yields a subset.
pub const EDGE_ATTRIBUTES: &[(&str, ValueType)] = &[
    ("relation", ValueType::Text),
    ("weight", ValueType::Float),
    ("paragraphs", ValueType::Text),
    ("functions", ValueType::Text),
    ("verbs", ValueType::Text),
    ("resolutions", ValueType::Text),
    ("dates", ValueType::Text),
];

/// Separator of multi-valued attributes (GraphML and GEXF have no lists).
pub const LIST_SEPARATOR: &str = "; ";

impl Node {
    /// The attributes that have a value, in [`NODE_ATTRIBUTES`] order.
    pub fn attributes(&self) -> Vec<(&'static str, Value)> {
        let text = |s: &Option<String>| s.clone().map(Value::Text);
        let m = &self.metrics;
        let class = match self.class {
            NodeClass::Resolution => "resolution",
            NodeClass::Instrument => "instrument",
        };
        let values = [
            Some(Value::Text(self.label.clone())),
            Some(Value::Text(class.to_owned())),
            Some(Value::Text(self.kind.clone())),
            text(&self.title),
            text(&self.symbol),
            text(&self.date),
            self.year().map(|y| Value::Integer(y.into())),
            text(&self.organ),
            text(&self.key),
            self.unts_volume.map(Value::Integer),
            self.unts_number.map(Value::Integer),
            text(&self.mtdsg),
            text(&self.ilo),
            Some(Value::Integer(m.in_degree as i64)),
            Some(Value::Integer(m.out_degree as i64)),
            Some(Value::Float(m.weighted_degree)),
            Some(Value::Float(m.citations)),
            Some(Value::Float(m.pagerank)),
            m.betweenness.map(Value::Float),
            Some(Value::Integer(m.component as i64)),
        ];
        zip_present(NODE_ATTRIBUTES, values)
    }
}

impl Edge {
    /// The attributes that have a value, in [`EDGE_ATTRIBUTES`] order.
    pub fn attributes(&self) -> Vec<(&'static str, Value)> {
        let list = |set: &BTreeSet<String>| {
            (!set.is_empty())
                .then(|| Value::Text(set.iter().cloned().collect::<Vec<_>>().join(LIST_SEPARATOR)))
        };
        let values = [
            Some(Value::Text(self.relation.name().to_owned())),
            Some(Value::Float(self.weight)),
            list(&self.paragraphs),
            list(&self.functions),
            list(&self.verbs),
            list(&self.resolutions),
            list(&self.dates),
        ];
        zip_present(EDGE_ATTRIBUTES, values)
    }
}

fn zip_present<const N: usize>(
    schema: &[(&'static str, ValueType)],
    values: [Option<Value>; N],
) -> Vec<(&'static str, Value)> {
    debug_assert_eq!(schema.len(), N);
    schema
        .iter()
        .zip(values)
        .filter_map(|((name, _), value)| value.map(|v| (*name, v)))
        .collect()
}

/// The year of an `xsd:date` lexical form.
pub(crate) fn year_of(date: &str) -> Option<i32> {
    date.get(..4)?.parse().ok()
}
