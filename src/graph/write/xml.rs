//! GraphML and GEXF: the same attribute tables ([`NODE_ATTRIBUTES`], [`EDGE_ATTRIBUTES`])
//! declared once per file, then a value per element.

use std::io::{Result, Write};

use petgraph::visit::EdgeRef;

use super::{colour, display, escape_xml as esc};
use crate::graph::{Network, ValueType, EDGE_ATTRIBUTES, NODE_ATTRIBUTES};

pub(super) fn graphml(network: &Network, out: &mut dyn Write) -> Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    let graphml_type = |t: ValueType| match t {
        ValueType::Text => "string",
        ValueType::Integer => "long",
        ValueType::Float => "double",
    };
    for (element, prefix, schema) in [
        ("node", "n_", NODE_ATTRIBUTES),
        ("edge", "e_", EDGE_ATTRIBUTES),
    ] {
        for (name, kind) in schema {
            writeln!(
                out,
                r#"  <key id="{prefix}{name}" for="{element}" attr.name="{name}" attr.type="{}"/>"#,
                graphml_type(*kind)
            )?;
        }
    }
    let direction = if network.directed {
        "directed"
    } else {
        "undirected"
    };
    writeln!(
        out,
        r#"  <graph id="{}" edgedefault="{direction}">"#,
        network.view.name()
    )?;
    let graph = &network.graph;
    for index in graph.node_indices() {
        let node = &graph[index];
        writeln!(out, r#"    <node id="{}">"#, esc(&node.iri))?;
        for (name, value) in node.attributes() {
            writeln!(
                out,
                r#"      <data key="n_{name}">{}</data>"#,
                esc(&display(&value))
            )?;
        }
        writeln!(out, "    </node>")?;
    }
    for edge in graph.edge_references() {
        writeln!(
            out,
            r#"    <edge id="e{}" source="{}" target="{}">"#,
            edge.id().index(),
            esc(&graph[edge.source()].iri),
            esc(&graph[edge.target()].iri)
        )?;
        for (name, value) in edge.weight().attributes() {
            writeln!(
                out,
                r#"      <data key="e_{name}">{}</data>"#,
                esc(&display(&value))
            )?;
        }
        writeln!(out, "    </edge>")?;
    }
    writeln!(out, "  </graph>\n</graphml>")
}

pub(super) fn gexf(network: &Network, out: &mut dyn Write) -> Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">"#
    )?;
    writeln!(
        out,
        "  <meta><creator>treatygraph {}</creator><description>{} network</description></meta>",
        crate::VERSION,
        network.view.name()
    )?;
    let direction = if network.directed {
        "directed"
    } else {
        "undirected"
    };
    writeln!(
        out,
        r#"  <graph mode="static" defaultedgetype="{direction}">"#
    )?;
    let gexf_type = |t: ValueType| match t {
        ValueType::Text => "string",
        ValueType::Integer => "long",
        ValueType::Float => "double",
    };
    // "label" and "weight" are GEXF's own node and edge attributes.
    let attribute_id =
        |schema: &[(&str, ValueType)], name: &str| schema.iter().position(|(n, _)| *n == name);
    for (class, schema, own) in [
        ("node", NODE_ATTRIBUTES, "label"),
        ("edge", EDGE_ATTRIBUTES, "weight"),
    ] {
        writeln!(out, r#"    <attributes class="{class}">"#)?;
        for (id, (name, kind)) in schema.iter().enumerate().filter(|(_, (n, _))| *n != own) {
            writeln!(
                out,
                r#"      <attribute id="{id}" title="{name}" type="{}"/>"#,
                gexf_type(*kind)
            )?;
        }
        writeln!(out, "    </attributes>")?;
    }
    let graph = &network.graph;
    writeln!(out, "    <nodes>")?;
    for index in graph.node_indices() {
        let node = &graph[index];
        writeln!(
            out,
            r#"      <node id="{}" label="{}">"#,
            esc(&node.iri),
            esc(&node.label)
        )?;
        writeln!(out, "        <attvalues>")?;
        for (name, value) in node.attributes().iter().filter(|(n, _)| *n != "label") {
            let id = attribute_id(NODE_ATTRIBUTES, name).expect("attributes follow the schema");
            writeln!(
                out,
                r#"          <attvalue for="{id}" value="{}"/>"#,
                esc(&display(value))
            )?;
        }
        writeln!(out, "        </attvalues>")?;
        let (r, g, b) = rgb(colour(&node.kind));
        writeln!(out, r#"        <viz:color r="{r}" g="{g}" b="{b}"/>"#)?;
        writeln!(
            out,
            r#"        <viz:size value="{}"/>"#,
            4.0 + 3.0 * node.metrics.citations.sqrt()
        )?;
        writeln!(out, "      </node>")?;
    }
    writeln!(out, "    </nodes>\n    <edges>")?;
    for edge in graph.edge_references() {
        writeln!(
            out,
            r#"      <edge id="{}" source="{}" target="{}" weight="{}">"#,
            edge.id().index(),
            esc(&graph[edge.source()].iri),
            esc(&graph[edge.target()].iri),
            edge.weight().weight
        )?;
        writeln!(out, "        <attvalues>")?;
        for (name, value) in edge
            .weight()
            .attributes()
            .iter()
            .filter(|(n, _)| *n != "weight")
        {
            let id = attribute_id(EDGE_ATTRIBUTES, name).expect("attributes follow the schema");
            writeln!(
                out,
                r#"          <attvalue for="{id}" value="{}"/>"#,
                esc(&display(value))
            )?;
        }
        writeln!(out, "        </attvalues>\n      </edge>")?;
    }
    writeln!(out, "    </edges>\n  </graph>\n</gexf>")
}

/// `#rrggbb` as numbers.
fn rgb(hex: &str) -> (u8, u8, u8) {
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
    (channel(1), channel(3), channel(5))
}
