//! `treatygraph serve` over HTTP: the SPARQL 1.1 Protocol, the Graph Store read side, the
//! safety limits and the page, exercised with a real client against a server on an ephemeral
//! loopback port, over a store built from corpus documents.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};
use treatygraph::extract::Extractor;
use treatygraph::resolve::registry::BUNDLED_REGISTRY;
use treatygraph::serve::{Isolation, ServeConfig, Server};
use treatygraph::store::{self, GraphStore};

const CORPUS: [&str; 4] = [
    "data/corpus/ga/A_RES_63_156-EN.ods.txt",
    "data/corpus/sc/S_RES_0001_1946_EN_GOLD.txt",
    "data/corpus/sc/S_RES_0827_1993_EN_GOLD.txt",
    "data/corpus/sc/S_RES_1445_2002_EN_GOLD.txt",
];
const TOKEN: &str = "s3cret-test-token-0123456789";
const RESOLUTION_GRAPH: &str = "https://w3id.org/treatygraph/graph/doc/A/RES/63/156";
const REGISTRY_GRAPH: &str = "https://w3id.org/treatygraph/graph/registry";
const PREFIXES: &str = "PREFIX tg: <https://w3id.org/treatygraph/ontology#>\nPREFIX cito: <http://purl.org/spar/cito/>\n";

fn ingest_into(store: &GraphStore) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files: Vec<PathBuf> = CORPUS.iter().map(|f| root.join(f)).collect();
    let extractor = Extractor::bundled().expect("bundled extractor");
    let report = store::ingest(store, &extractor, BUNDLED_REGISTRY, &files, &()).expect("ingest");
    assert_eq!(
        report.documents,
        CORPUS.len(),
        "failures: {:?}",
        report.failures
    );
}

/// An on-disk store built once, then opened read-only by each server.
fn store_path() -> &'static Path {
    static STORE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = STORE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("store");
        ingest_into(&GraphStore::open(&path).expect("open store"));
        (dir, path)
    });
    path
}

/// What `treatygraph serve` runs: queries in worker processes of the crate's binary.
fn loopback() -> ServeConfig {
    ServeConfig {
        bind: "127.0.0.1:0".parse().unwrap(),
        isolation: Some(Isolation {
            program: PathBuf::from(env!("CARGO_BIN_EXE_treatygraph")),
            max_memory: Some(1 << 30),
        }),
        ..ServeConfig::default()
    }
}

/// Queries in the server's process, as with `--allow-updates` or `--in-process`.
fn in_process() -> ServeConfig {
    ServeConfig {
        isolation: None,
        ..loopback()
    }
}

fn read_only_server(config: ServeConfig) -> Server {
    let store = GraphStore::open_read_only(store_path()).expect("open read-only");
    Server::start(store, config).expect("start server")
}

/// The default, read-only server, shared by the tests that need no special configuration.
fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| read_only_server(loopback()))
}

fn url(server: &Server, path: &str) -> String {
    format!("http://{}{path}", server.addr())
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// Status, content type and body.
type Reply = (u16, String, Vec<u8>);

fn reply(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut response = response.expect("HTTP exchange");
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_vec()
        .expect("body");
    (response.status().as_u16(), content_type, body)
}

fn get_query(server: &Server, query: &str, accept: &str) -> Reply {
    let params = serde_urlencoded::to_string([("query", query)]).unwrap();
    reply(
        agent()
            .get(url(server, &format!("/sparql?{params}")))
            .header("Accept", accept)
            .call(),
    )
}

fn text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

fn palermo() -> String {
    treatygraph::query::shipped()
        .into_iter()
        .find(|q| q.name == "resolutions-citing-palermo")
        .expect("shipped query")
        .with_defaults()
}

/// Parses SELECT results; returns the rows as strings, in order.
fn solutions(format: QueryResultsFormat, body: &[u8]) -> Vec<String> {
    match QueryResultsParser::from_format(format)
        .for_slice(body)
        .expect("results parse")
    {
        SliceQueryResultsParserOutput::Solutions(rows) => rows
            .map(|row| {
                let row = row.expect("row parses");
                row.iter()
                    .map(|(v, t)| format!("{v}={t}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect(),
        SliceQueryResultsParserOutput::Boolean(_) => panic!("expected solutions"),
    }
}

fn boolean(format: QueryResultsFormat, body: &[u8]) -> bool {
    match QueryResultsParser::from_format(format)
        .for_slice(body)
        .expect("results parse")
    {
        SliceQueryResultsParserOutput::Boolean(value) => value,
        SliceQueryResultsParserOutput::Solutions(_) => panic!("expected a boolean"),
    }
}

fn triples(format: RdfFormat, body: &[u8]) -> usize {
    RdfParser::from_format(format)
        .for_slice(body)
        .collect::<Result<Vec<_>, _>>()
        .expect("RDF parses")
        .len()
}

#[test]
fn select_results_in_every_format_agree() {
    let server = server();
    let query = palermo();
    let (status, content_type, body) = get_query(server, &query, "application/sparql-results+json");
    assert_eq!(status, 200, "{}", text(&body));
    assert_eq!(content_type, "application/sparql-results+json");
    let json = solutions(QueryResultsFormat::Json, &body);
    assert!(
        json.iter().any(|row| row.contains("A/RES/63/156")),
        "{json:?}"
    );
    for (accept, format) in [
        ("application/sparql-results+xml", QueryResultsFormat::Xml),
        ("text/tab-separated-values", QueryResultsFormat::Tsv),
    ] {
        let (status, content_type, body) = get_query(server, &query, accept);
        assert_eq!(status, 200, "{accept}: {}", text(&body));
        assert!(
            content_type.starts_with(accept),
            "{accept} answered with {content_type}"
        );
        assert_eq!(solutions(format, &body), json, "{accept}");
    }
    // CSV is lossy (no datatypes or languages), so oxigraph does not parse it: count records.
    let (status, content_type, body) = get_query(server, &query, "text/csv");
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/csv"));
    let csv = text(&body);
    assert!(
        csv.starts_with("symbol,adopted,title,paragraphs\r\n"),
        "{csv}"
    );
    assert_eq!(csv_records(&csv), json.len() + 1, "{csv}");
    assert!(csv.contains("A/RES/63/156"));
}

/// Records of a CSV text (line breaks inside quoted fields do not count).
fn csv_records(csv: &str) -> usize {
    let mut quoted = false;
    let mut records = 0;
    for c in csv.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => records += 1,
            _ => {}
        }
    }
    records
}

#[test]
fn ask_results_parse() {
    let server = server();
    let ask = format!("{PREFIXES}ASK {{ ?r a tg:Resolution }}");
    for (accept, format) in [
        ("application/sparql-results+json", QueryResultsFormat::Json),
        ("application/sparql-results+xml", QueryResultsFormat::Xml),
    ] {
        let (status, _, body) = get_query(server, &ask, accept);
        assert_eq!(status, 200);
        assert!(boolean(format, &body));
    }
    let (status, _, body) = get_query(server, &ask, "text/csv");
    assert_eq!((status, text(&body).trim()), (200, "true"));
}

#[test]
fn construct_results_in_every_rdf_format_agree() {
    let server = server();
    let construct = format!(
        "{PREFIXES}CONSTRUCT {{ ?resolution cito:cites ?instrument }} WHERE {{ ?c cito:hasCitingEntity ?resolution ; cito:hasCitedEntity ?instrument . ?instrument a tg:Instrument }}"
    );
    let mut counts = Vec::new();
    for (accept, format) in [
        ("text/turtle", RdfFormat::Turtle),
        ("application/n-triples", RdfFormat::NTriples),
        ("application/rdf+xml", RdfFormat::RdfXml),
        (
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        ),
    ] {
        let (status, content_type, body) = get_query(server, &construct, accept);
        assert_eq!(status, 200, "{accept}: {}", text(&body));
        assert!(
            content_type.starts_with(accept),
            "{accept} answered with {content_type}"
        );
        counts.push(triples(format, &body));
    }
    assert!(counts[0] > 0);
    assert!(counts.iter().all(|&n| n == counts[0]), "{counts:?}");
    // DESCRIBE is a graph too.
    let describe = "DESCRIBE <https://w3id.org/treatygraph/id/doc/A/RES/63/156>";
    let (status, _, body) = get_query(server, describe, "application/n-triples");
    assert_eq!(status, 200);
    assert!(triples(RdfFormat::NTriples, &body) > 5);
}

#[test]
fn post_form_and_post_direct_answer_like_get() {
    let server = server();
    let query = palermo();
    let (_, _, by_get) = get_query(server, &query, "application/sparql-results+json");
    let by_form = reply(
        agent()
            .post(url(server, "/sparql"))
            .header("Accept", "application/sparql-results+json")
            .send_form([("query", query.as_str())]),
    );
    let by_body = reply(
        agent()
            .post(url(server, "/sparql"))
            .header("Accept", "application/sparql-results+json")
            .header("Content-Type", "application/sparql-query")
            .send(query.as_str()),
    );
    assert_eq!((by_form.0, by_body.0), (200, 200));
    assert_eq!(by_form.2, by_get);
    assert_eq!(by_body.2, by_get);
    let wrong_type = reply(
        agent()
            .post(url(server, "/sparql"))
            .header("Content-Type", "text/plain")
            .send(query.as_str()),
    );
    assert_eq!(wrong_type.0, 415);
}

#[test]
fn protocol_dataset_replaces_the_union_default_graph() {
    let server = server();
    let ask = format!("{PREFIXES}ASK {{ ?r a tg:Resolution }}");
    let with_default = |graph: &str| {
        let params =
            serde_urlencoded::to_string([("query", ask.as_str()), ("default-graph-uri", graph)])
                .unwrap();
        let (status, _, body) = reply(
            agent()
                .get(url(server, &format!("/sparql?{params}")))
                .header("Accept", "application/sparql-results+json")
                .call(),
        );
        assert_eq!(status, 200, "{}", text(&body));
        boolean(QueryResultsFormat::Json, &body)
    };
    assert!(with_default(RESOLUTION_GRAPH));
    assert!(!with_default(REGISTRY_GRAPH));
    // named-graph-uri restricts GRAPH to the listed graphs (direct POST: dataset in the URL).
    let graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }";
    let params = serde_urlencoded::to_string([("named-graph-uri", RESOLUTION_GRAPH)]).unwrap();
    let (status, _, body) = reply(
        agent()
            .post(url(server, &format!("/sparql?{params}")))
            .header("Content-Type", "application/sparql-query")
            .header("Accept", "application/sparql-results+json")
            .send(graphs),
    );
    assert_eq!(status, 200);
    assert_eq!(
        solutions(QueryResultsFormat::Json, &body),
        vec![format!("?g=<{RESOLUTION_GRAPH}>")]
    );
    let (_, _, body) = get_query(server, graphs, "application/sparql-results+json");
    assert_eq!(
        solutions(QueryResultsFormat::Json, &body).len(),
        CORPUS.len() + 3,
        "the documents, the registry, the ontology and the statistics"
    );
}

#[test]
fn malformed_query_is_400_with_the_parser_message() {
    let server = server();
    let (status, content_type, body) = get_query(server, "SELEKT ?x WHERE { ?x ?p ?o }", "*/*");
    assert_eq!(status, 400);
    assert!(content_type.starts_with("text/plain"));
    let message = text(&body);
    assert!(
        message.contains("error at 1:1") || message.contains("expected"),
        "{message}"
    );
    assert!(
        !message.contains(&*store_path().to_string_lossy()),
        "{message}"
    );
    let (status, _, _) = reply(
        agent()
            .get(url(
                server,
                "/sparql?query=ASK%7B%7D&default-graph-uri=not%20an%20iri",
            ))
            .call(),
    );
    assert_eq!(status, 400);
}

#[test]
fn unsupported_accept_is_406() {
    let server = server();
    let (status, _, body) = get_query(server, &palermo(), "image/png");
    assert_eq!(status, 406);
    assert!(text(&body).contains("application/sparql-results+json"));
    // A SELECT cannot be Turtle, a CONSTRUCT cannot be CSV.
    assert_eq!(get_query(server, &palermo(), "text/turtle").0, 406);
    assert_eq!(
        get_query(server, "CONSTRUCT WHERE { ?s ?p ?o }", "text/csv").0,
        406
    );
}

#[test]
fn oversized_body_is_413() {
    use std::io::{Read, Write};
    // The server answers as soon as it reads the announced length and closes the connection
    // without reading the body, so the client sends the head alone and reads the answer.
    let server = server();
    let mut stream = std::net::TcpStream::connect(server.addr()).expect("connect");
    let head = format!(
        "POST /sparql HTTP/1.1\r\nHost: {}\r\nContent-Type: application/sparql-query\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        server.addr(),
        ServeConfig::default().max_body + 1
    );
    stream.write_all(head.as_bytes()).expect("send head");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    // Within the limit, the same query is fine.
    let query = format!("{}\nASK {{}}", "#".repeat(1000));
    let (status, _, _) = reply(
        agent()
            .post(url(server, "/sparql"))
            .header("Content-Type", "application/sparql-query")
            .send(query.as_str()),
    );
    assert_eq!(status, 200);
}

#[test]
fn query_past_its_time_limit_is_503() {
    let server = read_only_server(ServeConfig {
        query_timeout: Duration::from_millis(1),
        ..loopback()
    });
    // A cartesian product of all triples, four times over: it cannot finish in a millisecond.
    let query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
    let (status, _, body) = get_query(&server, query, "application/sparql-results+json");
    assert_eq!(status, 503, "{}", text(&body));
    assert!(text(&body).contains("time limit"));
    server.shutdown().expect("clean shutdown");
}

/// Every triple against every triple against every triple: its solutions are joined in memory,
/// where oxigraph never checks the cancellation, so only killing its worker stops it.
const CARTESIAN: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
const JSON: &str = "application/sparql-results+json";

/// True while the process exists (a zombie too, until its parent reaps it).
fn process_exists(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

#[test]
fn runaway_query_is_stopped_by_killing_its_worker() {
    let server = read_only_server(ServeConfig {
        query_timeout: Duration::from_secs(1),
        max_concurrent: 2,
        queue_wait: Duration::from_secs(30),
        ..loopback()
    });
    let palermo = palermo();
    let answers = |server: &Server| {
        let (status, _, body) = get_query(server, &palermo, JSON);
        assert_eq!(status, 200, "{}", text(&body));
        assert!(!solutions(QueryResultsFormat::Json, &body).is_empty());
    };
    answers(&server);
    let mut seen: HashSet<u32> = server.worker_pids().into_iter().collect();
    let (status, body, elapsed) = std::thread::scope(|scope| {
        let runaway = scope.spawn(|| {
            let started = Instant::now();
            let (status, _, body) = get_query(&server, CARTESIAN, JSON);
            (status, body, started.elapsed())
        });
        // Meanwhile the other slot keeps answering.
        let mut answered = 0;
        while !runaway.is_finished() || answered == 0 {
            seen.extend(server.worker_pids());
            answers(&server);
            answered += 1;
        }
        runaway.join().expect("runaway request")
    });
    assert_eq!(status, 503, "{}", text(&body));
    assert!(text(&body).contains("time limit"), "{}", text(&body));
    // In the server's own process the query would run on for hours; here it ends with its
    // worker, at the time limit and the grace (the bound leaves room for a loaded machine).
    assert!(
        elapsed < Duration::from_secs(30),
        "answered after {elapsed:?}"
    );
    // The worker that ran it is killed, reaped and replaced; the pool stays within its slots.
    let deadline = Instant::now() + Duration::from_secs(60);
    let killed = loop {
        let live = server.worker_pids();
        let gone: Vec<u32> = seen
            .iter()
            .copied()
            .filter(|pid| !live.contains(pid))
            .collect();
        if !gone.is_empty() && !live.is_empty() {
            assert!(live.len() <= 2, "workers: {live:?}");
            assert!(live.iter().all(|&pid| process_exists(pid)), "{live:?}");
            break gone;
        }
        assert!(
            Instant::now() < deadline,
            "no worker was replaced: {live:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        killed.iter().all(|&pid| !process_exists(pid)),
        "{killed:?} still exist"
    );
    answers(&server);
    server.shutdown().expect("clean shutdown");
}

#[test]
fn query_over_the_memory_limit_is_503_and_its_worker_replaced() {
    let server = read_only_server(ServeConfig {
        max_concurrent: 1,
        isolation: Some(Isolation {
            program: PathBuf::from(env!("CARGO_BIN_EXE_treatygraph")),
            max_memory: Some(256 << 20),
        }),
        ..loopback()
    });
    let first = server.worker_pids();
    // Sorting every pair of triples holds all of them in memory at once.
    let sort = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f";
    let (status, _, body) = get_query(&server, sort, JSON);
    assert_eq!(status, 503, "{}", text(&body));
    assert!(text(&body).contains("256 MB of memory"), "{}", text(&body));
    // The next query waits for the replacement worker and is answered by it.
    let (status, _, body) = get_query(&server, &palermo(), JSON);
    assert_eq!(status, 200, "{}", text(&body));
    let second = server.worker_pids();
    assert_eq!(second.len(), 1);
    assert_ne!(first, second);
    server.shutdown().expect("clean shutdown");
}

#[test]
fn results_beyond_the_limit_are_cut_and_flagged() {
    let server = read_only_server(ServeConfig {
        max_results: 3,
        ..loopback()
    });
    let params = serde_urlencoded::to_string([("query", "SELECT * WHERE { ?s ?p ?o }")]).unwrap();
    let response = agent()
        .get(url(&server, &format!("/sparql?{params}")))
        .call()
        .unwrap();
    assert_eq!(
        response.headers().get("treatygraph-truncated").unwrap(),
        "true"
    );
    let (_, _, body) = reply(Ok(response));
    assert_eq!(solutions(QueryResultsFormat::Json, &body).len(), 3);
}

#[test]
fn read_only_server_refuses_writes_with_403() {
    let server = server();
    let insert =
        "INSERT DATA { <http://example.org/s> <http://example.org/p> <http://example.org/o> }";
    let direct = reply(
        agent()
            .post(url(server, "/sparql"))
            .header("Content-Type", "application/sparql-update")
            .header("Authorization", format!("Bearer {TOKEN}"))
            .send(insert),
    );
    assert_eq!(direct.0, 403);
    assert!(text(&direct.2).contains("read-only"));
    let form = reply(
        agent()
            .post(url(server, "/sparql"))
            .send_form([("update", insert)]),
    );
    assert_eq!(form.0, 403);
    let put = reply(
        agent()
            .put(url(server, "/store?graph=http%3A%2F%2Fexample.org%2Fg"))
            .header("Content-Type", "text/turtle")
            .send("<http://example.org/s> <http://example.org/p> 1 ."),
    );
    assert_eq!(put.0, 403);
    let delete = reply(
        agent()
            .delete(url(
                server,
                &format!("/store?graph={}", urlencode(RESOLUTION_GRAPH)),
            ))
            .call(),
    );
    assert_eq!(delete.0, 403);
    // Nothing was written.
    let ask = "ASK { GRAPH ?g { <http://example.org/s> ?p ?o } }";
    assert!(!boolean(
        QueryResultsFormat::Json,
        &get_query(server, ask, "application/sparql-results+json").2
    ));
}

fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)]).unwrap()[1..].to_owned()
}

#[test]
fn updates_need_allow_updates_and_the_token() {
    let store = GraphStore::in_memory().expect("memory store");
    ingest_into(&store);
    assert!(Server::start(
        GraphStore::in_memory().unwrap(),
        ServeConfig {
            allow_updates: true,
            ..in_process()
        }
    )
    .is_err());
    // Query workers read the store read-only: they would not see the writes.
    let refused = Server::start(
        GraphStore::in_memory().unwrap(),
        ServeConfig {
            allow_updates: true,
            token: Some(TOKEN.to_owned()),
            ..loopback()
        },
    );
    assert!(refused.is_err_and(|e| e.to_string().contains("updates")));
    let server = Server::start(
        store,
        ServeConfig {
            allow_updates: true,
            token: Some(TOKEN.to_owned()),
            ..in_process()
        },
    )
    .expect("start");
    let insert = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }";
    let update = |token: Option<&str>| {
        let mut request = agent()
            .post(url(&server, "/sparql"))
            .header("Content-Type", "application/sparql-update");
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        reply(request.send(insert)).0
    };
    let ask =
        "ASK { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }";
    let present = || {
        boolean(
            QueryResultsFormat::Json,
            &get_query(&server, ask, "application/sparql-results+json").2,
        )
    };
    assert_eq!(update(None), 401);
    assert_eq!(update(Some("s3cret-test-token-0123456788")), 403);
    assert!(!present());
    assert_eq!(update(Some(TOKEN)), 204);
    assert!(present());
    let malformed = reply(
        agent()
            .post(url(&server, "/sparql"))
            .header("Authorization", format!("Bearer {TOKEN}"))
            .send_form([("update", "INSERT NONSENSE")]),
    );
    assert_eq!(malformed.0, 400);

    // Graph Store writes: PUT creates, GET reads back, POST adds, DELETE removes.
    let graph = format!("/store?graph={}", urlencode("http://example.org/new"));
    let put = reply(
        agent()
            .put(url(&server, &graph))
            .header("Content-Type", "text/turtle")
            .header("Authorization", format!("Bearer {TOKEN}"))
            .send("<http://example.org/a> <http://example.org/b> \"c\" ."),
    );
    assert_eq!(put.0, 201, "{}", text(&put.2));
    let post = reply(
        agent()
            .post(url(&server, &graph))
            .header("Content-Type", "application/n-triples")
            .header("Authorization", format!("Bearer {TOKEN}"))
            .send("<http://example.org/a> <http://example.org/b> \"d\" .\n"),
    );
    assert_eq!(post.0, 204);
    let (status, _, body) = reply(
        agent()
            .get(url(&server, &graph))
            .header("Accept", "application/n-triples")
            .call(),
    );
    assert_eq!(status, 200);
    assert_eq!(triples(RdfFormat::NTriples, &body), 2);
    let unauthorised = reply(agent().delete(url(&server, &graph)).call());
    assert_eq!(unauthorised.0, 401);
    let delete = reply(
        agent()
            .delete(url(&server, &graph))
            .header("Authorization", format!("Bearer {TOKEN}"))
            .call(),
    );
    assert_eq!(delete.0, 204);
    assert_eq!(reply(agent().get(url(&server, &graph)).call()).0, 404);
    server.shutdown().expect("clean shutdown");
}

#[test]
fn graph_store_reads_named_and_default_graphs() {
    let server = server();
    let graph = format!("/store?graph={}", urlencode(RESOLUTION_GRAPH));
    let (status, content_type, body) = reply(agent().get(url(server, &graph)).call());
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/turtle"));
    let turtle = triples(RdfFormat::Turtle, &body);
    assert!(turtle > 50);
    let (_, _, body) = reply(
        agent()
            .get(url(server, &graph))
            .header("Accept", "application/rdf+xml")
            .call(),
    );
    assert_eq!(triples(RdfFormat::RdfXml, &body), turtle);
    let (status, _, body) = reply(
        agent()
            .get(url(server, "/store?default"))
            .header("Accept", "application/n-triples")
            .call(),
    );
    assert_eq!(status, 200);
    assert!(triples(RdfFormat::NTriples, &body) > turtle);
    let missing = format!(
        "/store?graph={}",
        urlencode("https://w3id.org/treatygraph/graph/doc/X/1")
    );
    assert_eq!(reply(agent().get(url(server, &missing)).call()).0, 404);
    assert_eq!(reply(agent().get(url(server, "/store")).call()).0, 400);
    assert_eq!(
        reply(agent().get(url(server, &format!("{graph}&default"))).call()).0,
        400
    );
    assert_eq!(
        reply(
            agent()
                .get(url(server, &graph))
                .header("Accept", "text/csv")
                .call()
        )
        .0,
        406
    );
}

#[test]
fn service_description_without_a_query() {
    let server = server();
    let (status, content_type, body) = reply(agent().get(url(server, "/sparql")).call());
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/turtle"));
    let description = text(&body);
    assert!(
        description.contains("sd:Service") && description.contains("sd:UnionDefaultGraph"),
        "{description}"
    );
    assert!(
        !description.contains("SPARQL11Update"),
        "a read-only server offers no update"
    );
    assert!(triples(RdfFormat::Turtle, &body) >= 10);
    assert!(
        description.contains(&format!("<http://{}/sparql>", server.addr())),
        "{description}"
    );
}

#[test]
fn cors_preflight_allows_any_origin() {
    let server = server();
    let request = ureq::http::Request::builder()
        .method("OPTIONS")
        .uri(url(server, "/sparql"))
        .header("Origin", "https://example.org")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")
        .body(())
        .unwrap();
    let response = agent().run(request).expect("preflight");
    assert!(response.status().is_success());
    let headers = response.headers();
    assert_eq!(headers.get("access-control-allow-origin").unwrap(), "*");
    let methods = headers
        .get("access-control-allow-methods")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        methods.contains("POST") && methods.contains("GET"),
        "{methods}"
    );
    let (status, _, _) = reply(
        agent()
            .get(url(server, "/sparql"))
            .header("Origin", "https://example.org")
            .call(),
    );
    assert_eq!(status, 200);
}

#[test]
fn page_and_assets_are_served_from_the_binary() {
    let server = server();
    let (status, content_type, body) = reply(agent().get(url(server, "/")).call());
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/html"));
    assert!(text(&body).contains("<textarea id=\"editor\""));
    let (status, _, body) = reply(
        agent()
            .get(url(server, "/assets/vendor/cytoscape.min.js"))
            .call(),
    );
    assert_eq!(status, 200);
    assert!(body.len() > 100_000);
    let (status, _, body) = reply(agent().get(url(server, "/queries.json")).call());
    assert_eq!(status, 200);
    let queries: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let palermo = queries
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == "resolutions-citing-palermo")
        .unwrap();
    assert!(palermo["sparql"]
        .as_str()
        .unwrap()
        .contains("VALUES ?instrument"));
    // Nothing else is reachable, in particular no file.
    for path in [
        "/assets/../Cargo.toml",
        "/assets/serve/app.js",
        "/Cargo.toml",
        "/data/registry.ttl",
    ] {
        assert_eq!(
            reply(agent().get(url(server, path)).call()).0,
            404,
            "{path}"
        );
    }
}

/// Independent clients, as users would point them at the endpoint: Python's SPARQLWrapper and
/// rdflib run every shipped query in every format (tests/sparql_client_check.py), and headless
/// Chromium loads the page, runs a query, finds the rows and the drawn network
/// (tests/browser_check.sh). `.ci/prerequisites` installs SPARQLWrapper, chromium, node and npm.
#[test]
fn independent_sparql_client_and_browser_use_the_endpoint() {
    let root = env!("CARGO_MANIFEST_DIR");
    let binary = env!("CARGO_BIN_EXE_treatygraph");
    for (program, arguments) in [
        (
            "python3",
            vec!["tests/sparql_client_check.py", "--binary", binary],
        ),
        ("bash", vec!["tests/browser_check.sh", binary]),
    ] {
        let output = std::process::Command::new(program)
            .args(&arguments)
            .current_dir(root)
            .env_remove("SCREENSHOT")
            .output()
            .expect("the checker runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{}: {stdout}\n{stderr}",
            arguments[0]
        );
        assert!(!stdout.contains("FAIL"), "{}: {stdout}", arguments[0]);
    }
}
