//! Graphviz DOT. Every attribute is written (Graphviz ignores the ones it does not know), so a
//! DOT file carries the same provenance and metrics as the other formats.

use std::io::{Result, Write};

use petgraph::visit::EdgeRef;

use super::{colour, display};
use crate::graph::Network;

pub(super) fn dot(network: &Network, out: &mut dyn Write) -> Result<()> {
    let (keyword, arrow) = if network.directed {
        ("digraph", "->")
    } else {
        ("graph", "--")
    };
    writeln!(
        out,
        "{keyword} {} {{",
        quote(&format!("treatygraph {}", network.view.name()))
    )?;
    writeln!(out, "  graph [overlap=false, splines=true];")?;
    writeln!(
        out,
        "  node [shape=ellipse, style=filled, fontname=\"Helvetica\", fontsize=10];"
    )?;
    let graph = &network.graph;
    for index in graph.node_indices() {
        let node = &graph[index];
        let mut attributes: Vec<String> = node
            .attributes()
            .iter()
            .map(|(name, value)| format!("{name}={}", quote(&display(value))))
            .collect();
        attributes.push(format!("fillcolor={}", quote(colour(&node.kind))));
        attributes.push(format!(
            "tooltip={}",
            quote(node.title.as_deref().unwrap_or(&node.label))
        ));
        writeln!(out, "  {} [{}];", quote(&node.iri), attributes.join(", "))?;
    }
    for edge in graph.edge_references() {
        let attributes: Vec<String> = edge
            .weight()
            .attributes()
            .iter()
            .map(|(name, value)| format!("{name}={}", quote(&display(value))))
            .collect();
        writeln!(
            out,
            "  {} {arrow} {} [{}];",
            quote(&graph[edge.source()].iri),
            quote(&graph[edge.target()].iri),
            attributes.join(", ")
        )?;
    }
    writeln!(out, "}}")
}

/// A DOT double-quoted string.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
