//! Cytoscape.js elements JSON (also fine for d3): `{"nodes":[{"data":{"id":…,…}}],
//! "edges":[{"data":{"id":…,"source":…,"target":…,…}}]}`, with the view and direction at the
//! top and, for the HTML page, preset positions.

use petgraph::visit::EdgeRef;
use serde_json::{json, Map, Value as Json};

use crate::graph::{Network, Value};

/// The elements of `network`; `positions` (unit square) become Cytoscape `position`s.
pub(super) fn elements(network: &Network, positions: Option<&[(f64, f64)]>) -> Json {
    let graph = &network.graph;
    let nodes: Vec<Json> = graph
        .node_indices()
        .map(|index| {
            let node = &graph[index];
            let mut data = Map::new();
            data.insert("id".into(), node.iri.clone().into());
            data.extend(
                node.attributes()
                    .into_iter()
                    .map(|(n, v)| (n.to_owned(), to_json(v))),
            );
            let mut element = json!({ "data": data });
            if let Some(&(x, y)) = positions.and_then(|p| p.get(index.index())) {
                element["position"] = json!({ "x": x * 1000.0, "y": y * 1000.0 });
            }
            element
        })
        .collect();
    let edges: Vec<Json> = graph
        .edge_references()
        .map(|edge| {
            let mut data = Map::new();
            data.insert("id".into(), format!("e{}", edge.id().index()).into());
            data.insert("source".into(), graph[edge.source()].iri.clone().into());
            data.insert("target".into(), graph[edge.target()].iri.clone().into());
            data.extend(
                edge.weight()
                    .attributes()
                    .into_iter()
                    .map(|(n, v)| (n.to_owned(), to_json(v))),
            );
            json!({ "data": data })
        })
        .collect();
    json!({
        "view": network.view.name(),
        "directed": network.directed,
        "nodes": nodes,
        "edges": edges,
    })
}

fn to_json(value: Value) -> Json {
    match value {
        Value::Text(text) => text.into(),
        Value::Integer(i) => i.into(),
        Value::Float(f) => f.into(),
    }
}
