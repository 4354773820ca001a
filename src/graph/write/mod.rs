//! Writing a [`Network`]: DOT, GraphML, GEXF, Cytoscape.js JSON, a self-contained HTML page,
//! or an SVG picture (laid out here, or by Graphviz `dot` when asked).

mod html;
mod json;
mod svg;
mod text;
mod xml;

use std::io::Write;

use petgraph::visit::EdgeRef;

use super::layout;
use super::{Network, Value};
use crate::error::{Error, Result};

/// Output formats of `treatygraph graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// GraphML (yEd, Gephi, networkx, igraph).
    Graphml,
    /// GEXF 1.3 (Gephi).
    Gexf,
    /// Cytoscape.js elements JSON: `{"nodes":[{"data":{…}}],"edges":[{"data":{…}}]}`.
    Json,
    /// A self-contained interactive page (works offline).
    Html,
    /// A static picture.
    Svg,
}

/// How `--format svg` lays the network out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Layout {
    /// Fruchterman–Reingold, built in, deterministic.
    #[default]
    Force,
    /// Graphviz `dot` (must be installed): DOT piped through `dot -Tsvg`.
    Dot,
}

/// Writes `network` in `format`.
pub fn write(
    network: &Network,
    format: GraphFormat,
    layout: Layout,
    out: &mut dyn Write,
) -> Result<()> {
    let io = |e: std::io::Error| Error::io("writing the network", e);
    match format {
        GraphFormat::Dot => text::dot(network, out).map_err(io),
        GraphFormat::Graphml => xml::graphml(network, out).map_err(io),
        GraphFormat::Gexf => xml::gexf(network, out).map_err(io),
        GraphFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &json::elements(network, None))
                .map_err(|e| io(e.into()))?;
            writeln!(out).map_err(io)
        }
        GraphFormat::Html => html::page(network, &positions(network), out).map_err(io),
        GraphFormat::Svg if layout == Layout::Dot => graphviz(network, out),
        GraphFormat::Svg => svg::picture(network, &positions(network), out).map_err(io),
    }
}

/// Force-directed positions in the unit square, fewer iterations for large networks.
fn positions(network: &Network) -> Vec<(f64, f64)> {
    let edges: Vec<(usize, usize)> = network
        .graph
        .edge_references()
        .map(|e| (e.source().index(), e.target().index()))
        .collect();
    let n = network.graph.node_count().max(1);
    let iterations = (300 * 500 / n).clamp(30, 300);
    layout::fruchterman_reingold(network.graph.node_count(), &edges, iterations, layout::SEED)
}

/// Lays the network out with Graphviz: DOT in, SVG out.
fn graphviz(network: &Network, out: &mut dyn Write) -> Result<()> {
    use std::process::{Command, Stdio};
    let mut dot = Vec::new();
    text::dot(network, &mut dot).map_err(|e| Error::io("writing DOT", e))?;
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| {
            Error::Usage(format!(
                "--layout dot needs Graphviz `dot` on the PATH: {e}"
            ))
        })?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let feeder = std::thread::spawn(move || stdin.write_all(&dot));
    let output = child
        .wait_with_output()
        .map_err(|e| Error::io("running dot", e))?;
    feeder
        .join()
        .expect("the DOT writer does not panic")
        .map_err(|e| Error::io("writing DOT to dot", e))?;
    if !output.status.success() {
        return Err(Error::io(
            "running dot",
            std::io::Error::other(format!("dot exited with {}", output.status)),
        ));
    }
    out.write_all(&output.stdout)
        .map_err(|e| Error::io("writing the network", e))
}

/// Fill colour of a node kind (Tableau 10), shared by the SVG, HTML and DOT outputs.
pub(crate) fn colour(kind: &str) -> &'static str {
    match kind {
        "resolution" => "#4e79a7",
        "treaty" => "#e15759",
        "treaty_group" => "#f28e2b",
        "ilo_convention" => "#59a14f",
        "declaration" => "#b07aa1",
        "conference" => "#edc948",
        "unregistered" => "#9c755f",
        _ => "#bab0ac",
    }
}

/// An attribute value as text.
pub(crate) fn display(value: &Value) -> String {
    match value {
        Value::Text(text) => text.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
    }
}

/// Escapes text for XML content and attribute values.
pub(crate) fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids (control characters from PDFs) are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}
