//! `treatygraph stats`: network summary, top-N tables by each metric, and the yearly series of
//! citations to one instrument.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Result, Write};

use super::build::Criteria;
use super::fetch::Rows;
use super::{year_of, Network, Node, NodeClass};
use crate::query::write_table;

/// Output formats of `treatygraph stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum StatsFormat {
    /// Aligned columns.
    #[default]
    Table,
    Csv,
}

/// A metric to rank nodes by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    InDegree,
    WeightedDegree,
    PageRank,
    Betweenness,
}

impl Metric {
    pub const ALL: [Metric; 4] = [
        Metric::InDegree,
        Metric::WeightedDegree,
        Metric::PageRank,
        Metric::Betweenness,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Metric::InDegree => "in_degree",
            Metric::WeightedDegree => "weighted_degree",
            Metric::PageRank => "pagerank",
            Metric::Betweenness => "betweenness",
        }
    }

    pub fn of(self, node: &Node) -> f64 {
        let m = &node.metrics;
        match self {
            Metric::InDegree => m.in_degree as f64,
            Metric::WeightedDegree => m.weighted_degree,
            Metric::PageRank => m.pagerank,
            Metric::Betweenness => m.betweenness.unwrap_or(0.0),
        }
    }
}

/// The `n` nodes ranking highest by `metric` (ties by IRI, so the order is stable).
pub fn top(network: &Network, metric: Metric, n: usize) -> Vec<&Node> {
    let mut nodes: Vec<&Node> = network.graph.node_weights().collect();
    nodes.sort_by(|a, b| {
        metric
            .of(b)
            .total_cmp(&metric.of(a))
            .then_with(|| a.iri.cmp(&b.iri))
    });
    nodes.truncate(n);
    nodes
}

/// Counts describing a network.
pub fn summary(network: &Network) -> Vec<(&'static str, String)> {
    let graph = &network.graph;
    let count = |class: NodeClass| graph.node_weights().filter(|n| n.class == class).count();
    let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
    for node in graph.node_weights() {
        *sizes.entry(node.metrics.component).or_default() += 1;
    }
    let citations: f64 = graph.edge_weights().map(|e| e.weight).sum();
    vec![
        ("view", network.view.name().to_owned()),
        ("nodes", graph.node_count().to_string()),
        ("edges", graph.edge_count().to_string()),
        ("resolutions", count(NodeClass::Resolution).to_string()),
        ("instruments", count(NodeClass::Instrument).to_string()),
        ("total edge weight", citations.to_string()),
        ("connected components", sizes.len().to_string()),
        (
            "largest component",
            sizes.values().max().copied().unwrap_or(0).to_string(),
        ),
    ]
}

/// Writes the summary and a top-`n` table for each metric.
pub fn write_summary(
    network: &Network,
    n: usize,
    format: StatsFormat,
    out: &mut dyn Write,
) -> Result<()> {
    let summary: Vec<Vec<String>> = summary(network)
        .into_iter()
        .map(|(k, v)| vec![k.to_owned(), v])
        .collect();
    write_rows(&["measure", "value"], &summary, format, out)?;
    let has_betweenness = network
        .graph
        .node_weights()
        .any(|n| n.metrics.betweenness.is_some());
    for metric in Metric::ALL
        .into_iter()
        .filter(|m| *m != Metric::Betweenness || has_betweenness)
    {
        writeln!(out)?;
        if format == StatsFormat::Table {
            writeln!(out, "Top {n} by {}", metric.name())?;
        }
        let rows: Vec<Vec<String>> = top(network, metric, n)
            .into_iter()
            .enumerate()
            .map(|(i, node)| {
                vec![
                    (i + 1).to_string(),
                    node.label.clone(),
                    node.kind.clone(),
                    format_metric(metric.of(node)),
                    node.title.clone().unwrap_or_default(),
                ]
            })
            .collect();
        write_rows(
            &["rank", "node", "kind", metric.name(), "title"],
            &rows,
            format,
            out,
        )?;
    }
    Ok(())
}

fn format_metric(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value}")
    } else {
        format!("{value:.6}")
    }
}

/// Citations to one instrument in one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearCount {
    pub year: i32,
    /// Citations (paragraph-level).
    pub citations: usize,
    /// Distinct citing resolutions.
    pub resolutions: usize,
}

/// Per-year citations of `instrument` (an IRI) by resolutions that pass `criteria`, from the
/// first to the last year with a citation, years without citations included as zeros.
/// Citations by resolutions without a known date are not counted.
pub fn per_year(rows: &Rows, instrument: &str, criteria: &Criteria) -> Vec<YearCount> {
    let mut years: BTreeMap<i32, (usize, BTreeSet<&str>)> = BTreeMap::new();
    for row in rows.citations.iter().filter(|r| r.cited == instrument) {
        let year = rows
            .resolutions
            .get(&row.resolution)
            .and_then(|i| i.date.as_deref())
            .and_then(year_of);
        if let Some(year) = year.filter(|_| criteria.keeps_citation(rows, row)) {
            let entry = years.entry(year).or_default();
            entry.0 += 1;
            entry.1.insert(&row.resolution);
        }
    }
    let (Some(&first), Some(&last)) = (years.keys().next(), years.keys().next_back()) else {
        return Vec::new();
    };
    (first..=last)
        .map(|year| {
            let (citations, resolutions) = years
                .get(&year)
                .map(|(c, r)| (*c, r.len()))
                .unwrap_or((0, 0));
            YearCount {
                year,
                citations,
                resolutions,
            }
        })
        .collect()
}

/// Writes a yearly series.
pub fn write_per_year(
    series: &[YearCount],
    format: StatsFormat,
    out: &mut dyn Write,
) -> Result<()> {
    let rows: Vec<Vec<String>> = series
        .iter()
        .map(|y| {
            vec![
                y.year.to_string(),
                y.citations.to_string(),
                y.resolutions.to_string(),
            ]
        })
        .collect();
    write_rows(&["year", "citations", "resolutions"], &rows, format, out)
}

fn write_rows(
    header: &[&str],
    rows: &[Vec<String>],
    format: StatsFormat,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        StatsFormat::Table => {
            let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
            write_table(&header, rows, out)
        }
        StatsFormat::Csv => {
            writeln!(out, "{}", header.join(","))?;
            for row in rows {
                let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
                writeln!(out, "{}", cells.join(","))?;
            }
            Ok(())
        }
    }
}

/// RFC 4180 quoting.
fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}
