//! The interactive page: one HTML file with Cytoscape.js (MIT, vendored in
//! `assets/vendor/cytoscape/`), the network as JSON with force-directed preset positions, and
//! the page script (`assets/graph/page.html`) inlined, so that it opens offline.

use std::collections::BTreeMap;
use std::io::{Result, Write};

use super::{colour, escape_xml, json};
use crate::graph::Network;

const TEMPLATE: &str = include_str!("../../../assets/graph/page.html");
const CYTOSCAPE: &str = include_str!("../../../assets/vendor/cytoscape/cytoscape.min.js");

pub(super) fn page(network: &Network, positions: &[(f64, f64)], out: &mut dyn Write) -> Result<()> {
    let elements = json::elements(network, Some(positions));
    let colours: BTreeMap<&str, &str> = network
        .graph
        .node_weights()
        .map(|n| (n.kind.as_str(), colour(&n.kind)))
        .collect();
    let title = format!("treatygraph: {} network", network.view.name());
    // The template is filled before the library goes in, so that nothing in the library can be
    // taken for a placeholder.
    let page = TEMPLATE
        .replace("/*@TITLE@*/", &escape_xml(&title))
        .replace("/*@ELEMENTS@*/", &script_json(&elements))
        .replace("/*@COLOURS@*/", &script_json(&serde_json::json!(colours)));
    let (before, after) = page
        .split_once("/*@CYTOSCAPE@*/")
        .expect("the template has a library slot");
    out.write_all(before.as_bytes())?;
    out.write_all(CYTOSCAPE.as_bytes())?;
    out.write_all(after.as_bytes())
}

/// JSON that is safe inside `<script>`: `<` only occurs inside strings, where `\u003c` means
/// the same, so no `</script>` or `<!--` can appear.
fn script_json(value: &serde_json::Value) -> String {
    value.to_string().replace('<', "\\u003c")
}
