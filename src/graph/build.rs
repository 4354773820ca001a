//! Building a [`Network`] from [`Rows`]: filter the citations, aggregate them into edges with
//! their provenance, prune (minimum degree, ego network), then compute the metrics.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use oxigraph::model::Term;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction;

use super::fetch::{CitationRow, Rows, TargetClass};
use super::{
    metrics, year_of, Edge, Network, Node, NodeClass, NodeMetrics, Relation, Selection, View,
};
use crate::error::{Error, Result};
use crate::model::vocab;
use crate::resolve::registry::Registry;
use crate::symbols::Organ;

/// A [`Selection`] with its focus node resolved to an IRI.
#[derive(Debug, Clone, Default)]
pub struct Criteria {
    pub organ: Option<String>,
    pub since: Option<i32>,
    pub until: Option<i32>,
    pub kind: Option<String>,
    pub function: Option<String>,
    pub min_degree: usize,
    pub focus: Option<String>,
    pub depth: usize,
}

impl Criteria {
    /// Resolves `--focus` like a query parameter (IRI, registry key or alias, UN symbol).
    pub fn resolve(selection: &Selection, registry: &Registry) -> Result<Self> {
        let focus = match &selection.focus {
            Some(value) => match crate::query::parameter_term(value, registry)? {
                Term::NamedNode(node) => Some(node.into_string()),
                other => {
                    return Err(Error::Usage(format!(
                        "--focus {value:?} is not a node: {other}"
                    )))
                }
            },
            None => None,
        };
        Ok(Criteria {
            organ: selection.organ.as_ref().map(|o| o.to_uppercase()),
            since: selection.since,
            until: selection.until,
            kind: selection.kind.clone(),
            function: selection.function.clone(),
            min_degree: selection.min_degree,
            focus,
            depth: selection.depth,
        })
    }

    /// Whether a resolution passes the organ and year filters.
    fn keeps_resolution(&self, rows: &Rows, iri: &str) -> bool {
        let info = rows.resolutions.get(iri);
        if let Some(organ) = &self.organ {
            let own = info.and_then(|i| i.organ.clone()).or_else(|| {
                let symbol = info
                    .and_then(|i| i.symbol.as_deref())
                    .unwrap_or(symbol_of(iri));
                Organ::of_symbol(symbol).map(|o| o.code().to_owned())
            });
            if own.as_deref() != Some(organ.as_str()) {
                return false;
            }
        }
        if self.since.is_some() || self.until.is_some() {
            let Some(year) = info.and_then(|i| i.date.as_deref()).and_then(year_of) else {
                return false;
            };
            if self.since.is_some_and(|since| year < since)
                || self.until.is_some_and(|until| year > until)
            {
                return false;
            }
        }
        true
    }

    /// Whether an instrument passes the kind filter.
    fn keeps_instrument(&self, rows: &Rows, iri: &str) -> bool {
        match &self.kind {
            Some(kind) => {
                rows.instruments.get(iri).and_then(|i| i.kind.as_deref()) == Some(kind.as_str())
            }
            None => true,
        }
    }

    /// Whether a citation passes every filter that applies to it in a citation-based view.
    pub fn keeps_citation(&self, rows: &Rows, row: &CitationRow) -> bool {
        self.function.as_ref().is_none_or(|f| *f == row.function)
            && self.keeps_resolution(rows, &row.resolution)
            && (row.target != TargetClass::Instrument || self.keeps_instrument(rows, &row.cited))
    }
}

/// Builds the network of `view` from `rows`, keeping what `criteria` selects, and computes the
/// metrics on what is kept.
pub fn build(rows: &Rows, view: View, criteria: &Criteria) -> Network {
    let mut builder = Builder::new(rows, view);
    match view {
        View::Citations | View::Resolutions => {
            let wanted = match view {
                View::Citations => TargetClass::Instrument,
                _ => TargetClass::Resolution,
            };
            let relation = match view {
                View::Citations => Relation::Cites,
                _ => Relation::CitesResolution,
            };
            for row in &rows.citations {
                if row.target == wanted
                    && row.resolution != row.cited
                    && criteria.keeps_citation(rows, row)
                {
                    let edge = builder.edge(&row.resolution, &row.cited, relation);
                    edge.weight += 1.0;
                    builder.provenance(&row.resolution, row);
                }
            }
        }
        View::Cocitation => {
            // Instruments cited per resolution, then one edge per pair of them.
            let mut cited: BTreeMap<&str, BTreeMap<&str, Vec<&CitationRow>>> = BTreeMap::new();
            for row in &rows.citations {
                if row.target == TargetClass::Instrument && criteria.keeps_citation(rows, row) {
                    cited
                        .entry(&row.resolution)
                        .or_default()
                        .entry(&row.cited)
                        .or_default()
                        .push(row);
                }
            }
            for (resolution, instruments) in &cited {
                let list: Vec<(&str, &Vec<&CitationRow>)> =
                    instruments.iter().map(|(k, v)| (*k, v)).collect();
                for i in 0..list.len() {
                    for j in i + 1..list.len() {
                        let ((first, first_rows), (second, second_rows)) = (list[i], list[j]);
                        builder.edge(first, second, Relation::CoCited).weight += 1.0;
                        for row in first_rows.iter().chain(second_rows) {
                            builder.provenance(resolution, row);
                        }
                    }
                }
            }
        }
        View::Hierarchy => {
            for row in &rows.hierarchy {
                let relation = match row.relation.as_str() {
                    "parent_instrument" => Relation::ParentInstrument,
                    "member_of" => Relation::MemberOf,
                    "adopted_by" => Relation::AdoptedBy,
                    _ => continue,
                };
                let kept_to = match relation {
                    Relation::AdoptedBy => criteria.keeps_resolution(rows, &row.to),
                    _ => criteria.keeps_instrument(rows, &row.to),
                };
                if kept_to && criteria.keeps_instrument(rows, &row.from) {
                    builder.edge(&row.from, &row.to, relation).weight = 1.0;
                }
            }
        }
    }
    let mut network = builder.finish();
    prune(&mut network, criteria);
    metrics::compute(&mut network);
    network
}

/// Accumulates nodes and aggregated edges.
struct Builder<'r> {
    rows: &'r Rows,
    view: View,
    graph: DiGraph<Node, Edge>,
    nodes: HashMap<&'r str, NodeIndex>,
    edges: HashMap<(NodeIndex, NodeIndex), petgraph::graph::EdgeIndex>,
    last: Option<petgraph::graph::EdgeIndex>,
}

impl<'r> Builder<'r> {
    fn new(rows: &'r Rows, view: View) -> Self {
        Builder {
            rows,
            view,
            graph: DiGraph::new(),
            nodes: HashMap::new(),
            edges: HashMap::new(),
            last: None,
        }
    }

    fn node(&mut self, iri: &'r str) -> NodeIndex {
        if let Some(&index) = self.nodes.get(iri) {
            return index;
        }
        let index = self.graph.add_node(describe(self.rows, iri));
        self.nodes.insert(iri, index);
        index
    }

    /// The edge between two nodes (created empty), which later calls to `provenance` enrich.
    fn edge(&mut self, from: &'r str, to: &'r str, relation: Relation) -> &mut Edge {
        let (from, to) = if self.view.directed() || from <= to {
            (from, to)
        } else {
            (to, from)
        };
        let (a, b) = (self.node(from), self.node(to));
        let index = *self
            .edges
            .entry((a, b))
            .or_insert_with(|| self.graph.add_edge(a, b, Edge::new(relation)));
        self.last = Some(index);
        &mut self.graph[index]
    }

    /// Records a citation's provenance on the edge last returned by `edge`.
    fn provenance(&mut self, resolution: &str, row: &CitationRow) {
        let symbol = self
            .rows
            .resolutions
            .get(resolution)
            .and_then(|i| i.symbol.clone())
            .unwrap_or_else(|| symbol_of(resolution).to_owned());
        let date = self
            .rows
            .resolutions
            .get(resolution)
            .and_then(|i| i.date.clone());
        let Some(index) = self.last else { return };
        let edge = &mut self.graph[index];
        edge.paragraphs
            .insert(format!("{symbol}#{}", row.paragraph));
        edge.functions.insert(row.function.clone());
        edge.verbs.extend(row.verb.clone());
        edge.resolutions.insert(symbol);
        edge.dates.extend(date);
    }

    fn finish(self) -> Network {
        Network {
            view: self.view,
            directed: self.view.directed(),
            graph: self.graph,
        }
    }
}

/// The node for an IRI, from what the store says about it.
fn describe(rows: &Rows, iri: &str) -> Node {
    if let Some(info) = rows.instruments.get(iri) {
        let label = info
            .key
            .clone()
            .or_else(|| info.label.clone())
            .unwrap_or_else(|| iri.rsplit('/').next().unwrap_or(iri).to_owned());
        return Node {
            iri: iri.to_owned(),
            class: NodeClass::Instrument,
            kind: info.kind.clone().unwrap_or_else(|| "instrument".to_owned()),
            label,
            title: info.label.clone(),
            symbol: None,
            date: info.date.clone(),
            organ: None,
            key: info.key.clone(),
            unts_volume: info.unts_volume,
            unts_number: info.unts_number,
            mtdsg: info.mtdsg.clone(),
            ilo: info.ilo.clone(),
            metrics: NodeMetrics::default(),
        };
    }
    let info = rows.resolutions.get(iri).cloned().unwrap_or_default();
    let symbol = info.symbol.unwrap_or_else(|| symbol_of(iri).to_owned());
    let organ = info
        .organ
        .or_else(|| Organ::of_symbol(&symbol).map(|o| o.code().to_owned()));
    Node {
        iri: iri.to_owned(),
        class: NodeClass::Resolution,
        kind: "resolution".to_owned(),
        label: symbol.clone(),
        title: info.title,
        symbol: Some(symbol),
        date: info.date,
        organ,
        key: None,
        unts_volume: None,
        unts_number: None,
        mtdsg: None,
        ilo: None,
        metrics: NodeMetrics::default(),
    }
}

/// The UN symbol in a document IRI.
fn symbol_of(iri: &str) -> &str {
    iri.strip_prefix(vocab::DOC).unwrap_or(iri)
}

/// Drops nodes under the minimum degree, then keeps the ego network of the focus node.
fn prune(network: &mut Network, criteria: &Criteria) {
    let graph = &network.graph;
    let mut keep: Vec<bool> = graph
        .node_indices()
        .map(|n| {
            let degree = graph.neighbors_directed(n, Direction::Outgoing).count()
                + graph.neighbors_directed(n, Direction::Incoming).count();
            degree >= criteria.min_degree
        })
        .collect();
    if let Some(focus) = &criteria.focus {
        let start = graph
            .node_indices()
            .find(|&n| graph[n].iri == *focus && keep[n.index()]);
        let mut reached = vec![false; graph.node_count()];
        if let Some(start) = start {
            let mut queue = VecDeque::from([(start, 0)]);
            reached[start.index()] = true;
            while let Some((node, distance)) = queue.pop_front() {
                if distance == criteria.depth {
                    continue;
                }
                for next in graph.neighbors_undirected(node) {
                    if keep[next.index()] && !reached[next.index()] {
                        reached[next.index()] = true;
                        queue.push_back((next, distance + 1));
                    }
                }
            }
        }
        keep = reached;
    }
    if keep.iter().all(|&k| k) {
        return;
    }
    let kept: BTreeSet<NodeIndex> = graph.node_indices().filter(|n| keep[n.index()]).collect();
    network.graph = graph.filter_map(
        |n, node| kept.contains(&n).then(|| node.clone()),
        |_, edge| Some(edge.clone()),
    );
}
