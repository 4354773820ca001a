// The treatygraph page: a SPARQL editor with the shipped queries, a results table, and the
// citation network (resolutions → instruments) drawn with cytoscape.js. Everything it shows
// comes from the /sparql endpoint of the server that served it.
"use strict";

const PREFIXES = [
  ["inst:", "https://w3id.org/treatygraph/id/instrument/"],
  ["doc:", "https://w3id.org/treatygraph/id/doc/"],
  ["tgfn:", "https://w3id.org/treatygraph/function/"],
  ["organ:", "https://w3id.org/treatygraph/id/organ/"],
  ["tg:", "https://w3id.org/treatygraph/ontology#"],
  ["graph:", "https://w3id.org/treatygraph/graph/"],
];

const HEADER = `PREFIX tg: <https://w3id.org/treatygraph/ontology#>
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
`;

const $ = (id) => document.getElementById(id);

function shortIri(iri) {
  for (const [prefix, ns] of PREFIXES) {
    if (iri.startsWith(ns)) return prefix + iri.slice(ns.length);
  }
  return iri;
}

function iriLiteral(iri) {
  return "<" + iri.replace(/[<>"{}|^`\\\s]/g, "") + ">";
}

function stringLiteral(text) {
  return '"' + text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, " ") + '"';
}

/** Runs a query against /sparql; resolves to the SPARQL-results JSON and whether it was cut. */
async function sparql(query) {
  const response = await fetch("/sparql", {
    method: "POST",
    headers: {
      "Content-Type": "application/sparql-query",
      Accept: "application/sparql-results+json",
    },
    body: query,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status}: ${text.trim()}`);
  return { json: JSON.parse(text), truncated: response.headers.get("Treatygraph-Truncated") === "true" };
}

// ---- editor and results -------------------------------------------------------------------

let shipped = [];

async function loadShipped() {
  const response = await fetch("/queries.json");
  shipped = await response.json();
  const select = $("shipped");
  for (const query of shipped) {
    const option = document.createElement("option");
    option.value = query.name;
    option.textContent = query.name;
    select.appendChild(option);
  }
  select.addEventListener("change", () => choose(select.value));
  if (shipped.length) choose(shipped[0].name);
}

function choose(name) {
  const query = shipped.find((q) => q.name === name);
  if (!query) return;
  $("editor").value = query.sparql;
  $("description").textContent = query.description;
}

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") {
    const a = document.createElement("a");
    a.href = "#";
    a.title = term.value;
    a.textContent = shortIri(term.value);
    a.dataset.iri = term.value;
    a.addEventListener("click", (event) => {
      event.preventDefault();
      explore(term.value);
    });
    td.appendChild(a);
  } else {
    td.textContent = term.value;
  }
  return td;
}

function showResults(json) {
  const thead = $("results").tHead;
  const tbody = $("results").tBodies[0];
  thead.replaceChildren();
  tbody.replaceChildren();
  if ("boolean" in json) {
    const row = tbody.insertRow();
    row.insertCell().textContent = String(json.boolean);
    return 1;
  }
  const vars = json.head.vars;
  const head = thead.insertRow();
  for (const v of vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.appendChild(th);
  }
  for (const binding of json.results.bindings) {
    const row = document.createElement("tr");
    for (const v of vars) row.appendChild(cell(binding[v]));
    tbody.appendChild(row);
  }
  return json.results.bindings.length;
}

async function run() {
  const status = $("status");
  status.className = "";
  status.textContent = "running…";
  const started = performance.now();
  try {
    const { json, truncated } = await sparql($("editor").value);
    const n = showResults(json);
    const ms = Math.round(performance.now() - started);
    status.textContent = `${n} row${n === 1 ? "" : "s"} in ${ms} ms${truncated ? " (cut at the server's limit)" : ""}`;
  } catch (error) {
    status.className = "error";
    status.textContent = error.message;
  }
}

/** Shows what the store says about an IRI (clicked in the table). */
function explore(iri) {
  $("editor").value = `# What the graph says about ${shortIri(iri)}
SELECT ?property ?value WHERE {
  ${iriLiteral(iri)} ?property ?value .
}
ORDER BY ?property ?value
LIMIT 500`;
  $("description").textContent = `Everything about ${iri}`;
  run();
}

// ---- citation network ---------------------------------------------------------------------

let cy = null;

function networkQuery(filter) {
  const match = filter
    ? `FILTER(CONTAINS(LCASE(STR(?instrument)), LCASE(${stringLiteral(filter)})) || CONTAINS(LCASE(STR(?label)), LCASE(${stringLiteral(filter)})))`
    : "";
  return `${HEADER}SELECT ?resolution ?symbol ?instrument ?label (GROUP_CONCAT(DISTINCT ?paragraph; separator=", ") AS ?paragraphs)
WHERE {
  ?citation a tg:Citation ;
            cito:hasCitingEntity ?resolution ;
            cito:hasCitedEntity ?instrument ;
            tg:inParagraph ?p .
  ?instrument a tg:Instrument .
  ?resolution dcterms:identifier ?symbol .
  ?p tg:paragraphId ?paragraph .
  OPTIONAL { ?instrument skos:prefLabel ?prefLabel }
  BIND(COALESCE(?prefLabel, ?instrument) AS ?label)
  ${match}
}
GROUP BY ?resolution ?symbol ?instrument ?label
LIMIT 3000`;
}

function shorten(text, max) {
  return text.length > max ? text.slice(0, max - 1) + "…" : text;
}

async function draw() {
  const status = $("network-status");
  status.className = "";
  status.textContent = "loading…";
  try {
    const { json } = await sparql(networkQuery($("filter").value.trim()));
    const nodes = new Map();
    const edges = [];
    for (const b of json.results.bindings) {
      const resolution = b.resolution.value;
      const instrument = b.instrument.value;
      if (!nodes.has(resolution)) {
        nodes.set(resolution, { data: { id: resolution, label: b.symbol.value, kind: "resolution" } });
      }
      if (!nodes.has(instrument)) {
        const label = b.label ? b.label.value : shortIri(instrument);
        nodes.set(instrument, {
          data: { id: instrument, label: shorten(label.startsWith("http") ? shortIri(label) : label, 40), full: label, kind: "instrument" },
        });
      }
      edges.push({
        data: { id: resolution + " " + instrument, source: resolution, target: instrument, paragraphs: b.paragraphs.value },
      });
    }
    render([...nodes.values()], edges);
    status.textContent = `${nodes.size} nodes, ${edges.length} citing links`;
  } catch (error) {
    status.className = "error";
    status.textContent = error.message;
  }
}

function render(nodes, edges) {
  if (cy) cy.destroy();
  const large = nodes.length > 600;
  cy = cytoscape({
    container: $("network"),
    elements: { nodes, edges },
    wheelSensitivity: 0.3,
    style: [
      {
        selector: "node",
        style: {
          label: "data(label)",
          "font-size": 8,
          "text-valign": "bottom",
          "text-margin-y": 2,
          width: "mapData(degree, 1, 60, 8, 40)",
          height: "mapData(degree, 1, 60, 8, 40)",
        },
      },
      { selector: "node[kind = 'resolution']", style: { "background-color": "#2c7fb8", shape: "ellipse" } },
      { selector: "node[kind = 'instrument']", style: { "background-color": "#e6550d", shape: "round-rectangle" } },
      { selector: "edge", style: { width: 1, "line-color": "#b9c3cc", "curve-style": "haystack", opacity: 0.7 } },
      { selector: ":selected", style: { "border-width": 3, "border-color": "#111" } },
      { selector: "edge.highlight", style: { "line-color": "#111", opacity: 1, width: 2 } },
    ],
    layout: { name: "preset" },
  });
  cy.nodes().forEach((n) => n.data("degree", n.degree()));
  cy.layout(large ? { name: "concentric", concentric: (n) => n.degree(), levelWidth: () => 4, animate: false }
                  : { name: "cose", animate: false, numIter: 600, nodeRepulsion: () => 8000 }).run();
  cy.on("tap", "node", (event) => showNode(event.target));
  window.treatygraph.cy = cy;
  $("network").dataset.nodes = String(cy.nodes().length);
}

/** Lists a node's citations with the text of the citing paragraphs. */
async function showNode(node) {
  cy.edges().removeClass("highlight");
  node.connectedEdges().addClass("highlight");
  const details = $("details");
  const iri = node.id();
  const isResolution = node.data("kind") === "resolution";
  details.replaceChildren();
  const title = document.createElement("h3");
  title.textContent = isResolution ? node.data("label") : node.data("full") || node.data("label");
  details.appendChild(title);
  const info = document.createElement("p");
  info.className = "hint";
  info.textContent = `${node.degree()} linked ${isResolution ? "instruments" : "resolutions"} · loading paragraphs…`;
  details.appendChild(info);
  const pattern = isResolution
    ? `?citation cito:hasCitingEntity ${iriLiteral(iri)} ; cito:hasCitedEntity ?other .
  ?other a tg:Instrument .
  OPTIONAL { ?other skos:prefLabel ?prefLabel }
  BIND(COALESCE(?prefLabel, STR(?other)) AS ?name)`
    : `?citation cito:hasCitedEntity ${iriLiteral(iri)} ; cito:hasCitingEntity ?other .
  ?other dcterms:identifier ?name .`;
  const query = `${HEADER}SELECT ?other ?name ?paragraph ?surface ?text WHERE {
  ${pattern}
  ?citation tg:inParagraph ?p .
  ?p tg:paragraphId ?paragraph .
  OPTIONAL { ?citation tg:surfaceText ?surface }
  OPTIONAL { ?p tg:text ?text }
}
ORDER BY ?name ?paragraph
LIMIT 300`;
  try {
    const { json } = await sparql(query);
    const rows = json.results.bindings;
    info.textContent = `${node.degree()} linked ${isResolution ? "instruments" : "resolutions"}, ${rows.length} citations`;
    for (const b of rows) {
      const div = document.createElement("div");
      div.className = "citation";
      const head = document.createElement("div");
      const strong = document.createElement("strong");
      strong.textContent = `${isResolution ? node.data("label") : b.name.value} ${b.paragraph.value}`;
      head.appendChild(strong);
      head.append(isResolution ? ` → ${shorten(b.name.value.startsWith("http") ? shortIri(b.name.value) : b.name.value, 80)}` : "");
      if (b.surface) head.append(` (“${shorten(b.surface.value, 80)}”)`);
      div.appendChild(head);
      if (b.text) {
        const p = document.createElement("div");
        p.className = "paragraph";
        p.textContent = shorten(b.text.value, 600);
        div.appendChild(p);
      }
      details.appendChild(div);
    }
  } catch (error) {
    info.textContent = error.message;
  }
}

// ---- start --------------------------------------------------------------------------------

window.treatygraph = { cy: null, run, draw };
$("run").addEventListener("click", run);
$("draw").addEventListener("click", draw);
$("filter").addEventListener("keydown", (e) => { if (e.key === "Enter") draw(); });
$("editor").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    run();
  }
});
loadShipped().catch((e) => { $("status").textContent = e.message; });
draw();
