//! A static SVG picture: edges as lines (arrows when directed), nodes as circles sized by
//! citations and coloured by kind, with a `<title>` tooltip each, labels on the most cited
//! nodes, and a legend.

use std::collections::BTreeSet;
use std::io::{Result, Write};

use petgraph::visit::EdgeRef;

use super::{colour, escape_xml as esc};
use crate::graph::{Network, Node};

const SIZE: f64 = 1200.0;
const MARGIN: f64 = 60.0;
/// Nodes with the most citations that get a visible label.
const LABELLED: usize = 25;

/// Circle radius of a node: grows with the square root of its citations.
pub(super) fn radius(node: &Node) -> f64 {
    (3.0 + 2.5 * node.metrics.citations.sqrt()).min(30.0)
}

pub(super) fn picture(
    network: &Network,
    positions: &[(f64, f64)],
    out: &mut dyn Write,
) -> Result<()> {
    let graph = &network.graph;
    let at = |i: usize| {
        let (x, y) = positions[i];
        (
            MARGIN + x * (SIZE - 2.0 * MARGIN),
            MARGIN + y * (SIZE - 2.0 * MARGIN),
        )
    };
    writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}" font-family="Helvetica, Arial, sans-serif">"#
    )?;
    writeln!(
        out,
        "<title>treatygraph {} network</title>",
        network.view.name()
    )?;
    writeln!(
        out,
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#888\"/></marker></defs>"
    )?;
    writeln!(
        out,
        r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
    )?;
    writeln!(
        out,
        r##"<g id="edges" stroke="#999" stroke-opacity="0.5">"##
    )?;
    for edge in graph.edge_references() {
        let (s, t) = (edge.source().index(), edge.target().index());
        let ((x1, y1), (x2, y2)) = (at(s), at(t));
        // Stop the line at the target's rim so that the arrow head shows.
        let (dx, dy) = (x2 - x1, y2 - y1);
        let length = (dx * dx + dy * dy).sqrt().max(1e-9);
        let shorten = radius(&graph[edge.target()]).min(length / 2.0);
        let (x2, y2) = (x2 - dx / length * shorten, y2 - dy / length * shorten);
        let width = 0.5 + edge.weight().weight.ln_1p();
        let marker = if network.directed {
            r#" marker-end="url(#arrow)""#
        } else {
            ""
        };
        writeln!(
            out,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke-width="{width:.2}"{marker}/>"#
        )?;
    }
    writeln!(out, "</g>")?;
    writeln!(out, r##"<g id="nodes" stroke="#fff" stroke-width="0.8">"##)?;
    for index in graph.node_indices() {
        let node = &graph[index];
        let (x, y) = at(index.index());
        writeln!(
            out,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="{:.1}" fill="{}"><title>{}</title></circle>"#,
            radius(node),
            colour(&node.kind),
            esc(&tooltip(node))
        )?;
    }
    writeln!(out, "</g>")?;
    let mut ranked: Vec<_> = graph.node_indices().collect();
    ranked.sort_by(|a, b| {
        graph[*b]
            .metrics
            .citations
            .total_cmp(&graph[*a].metrics.citations)
            .then(a.cmp(b))
    });
    writeln!(out, r##"<g id="labels" font-size="11" fill="#222">"##)?;
    for &index in ranked
        .iter()
        .take(LABELLED)
        .filter(|i| graph[**i].metrics.citations > 0.0)
    {
        let node = &graph[index];
        let (x, y) = at(index.index());
        writeln!(
            out,
            r#"<text x="{:.1}" y="{y:.1}" dy="4">{}</text>"#,
            x + radius(node) + 2.0,
            esc(&node.label)
        )?;
    }
    writeln!(out, "</g>")?;
    let kinds: BTreeSet<&str> = graph.node_weights().map(|n| n.kind.as_str()).collect();
    writeln!(out, r#"<g id="legend" font-size="12">"#)?;
    for (i, kind) in kinds.iter().enumerate() {
        let y = 20.0 + 18.0 * i as f64;
        writeln!(
            out,
            r#"<circle cx="20" cy="{y}" r="6" fill="{}"/><text x="32" y="{}">{}</text>"#,
            colour(kind),
            y + 4.0,
            esc(kind)
        )?;
    }
    writeln!(out, "</g>\n</svg>")
}

/// Title and identifiers of a node, one per line.
fn tooltip(node: &Node) -> String {
    let mut lines = vec![node.label.clone()];
    lines.extend(node.title.clone());
    let identifiers = [
        ("symbol", node.symbol.clone()),
        ("date", node.date.clone()),
        ("key", node.key.clone()),
        (
            "UNTS",
            node.unts_volume
                .zip(node.unts_number)
                .map(|(v, n)| format!("vol. {v}, No. {n}")),
        ),
        ("MTDSG", node.mtdsg.clone()),
        ("ILO", node.ilo.clone()),
    ];
    lines.extend(
        identifiers
            .into_iter()
            .filter_map(|(name, value)| Some(format!("{name}: {}", value?))),
    );
    lines.push(format!("citations: {}", node.metrics.citations));
    lines.join("\n")
}
