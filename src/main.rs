//! The `treatygraph` command: a thin layer over the library.
//!
//! Exit codes: 0 success; 1 some inputs failed (the others were processed); 2 usage error
//! (bad arguments, unknown query, malformed SPARQL); 3 fatal error (store, I/O).

use std::io::{BufWriter, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use treatygraph::error::Error;
use treatygraph::extract::Extractor;
use treatygraph::graph::{self, Criteria, GraphFormat, Layout, Selection, StatsFormat, View};
use treatygraph::query::{self, ResultFormat};
use treatygraph::read::limits::{Limits, Size};
use treatygraph::resolve::registry::{Registry, BUNDLED_REGISTRY};
use treatygraph::serve;
use treatygraph::store::{self, ExportFormat, GraphStore, IngestProgress};

/// jemalloc instead of the system allocator: extraction allocates many small strings per
/// paragraph across threads, and glibc's malloc/free were ~8% of its CPU time. (mimalloc, as
/// fast here, maps its arenas writable up front, which the query workers' `RLIMIT_DATA` cap
/// counts against them; jemalloc maps as it goes and fails an allocation past the cap cleanly.)
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

const EXIT_INPUTS_FAILED: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_FATAL: u8 = 3;

/// Turn United Nations resolutions into a knowledge graph of the instruments they cite.
///
/// Typical use: `treatygraph ingest data/corpus` then
/// `treatygraph query resolutions-citing-palermo`.
#[derive(Parser)]
#[command(name = "treatygraph", version, about, long_about = None, after_help = "Exit codes: 0 success, 1 some inputs failed, 2 usage error, 3 fatal error.")]
struct Cli {
    /// Store directory [default: $TREATYGRAPH_STORE, else .treatygraph/store]
    #[arg(long, global = true, value_name = "PATH")]
    store: Option<PathBuf>,
    /// Registry to use instead of the bundled data/registry.ttl (Turtle)
    #[arg(long, global = true, value_name = "FILE")]
    registry: Option<PathBuf>,
    /// No progress bar
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(subcommand)]
    command: Command,
}

/// Limits on untrusted input (see docs/SECURITY.md); an input over a limit is skipped with a
/// one-line reason and the run exits with 1. The defaults are those of [`Limits::default`].
#[derive(clap::Args)]
struct LimitArgs {
    /// Largest input file (K, M, G suffixes)
    #[arg(long, global = true, value_name = "SIZE", default_value_t = Size(Limits::default().max_file_size))]
    max_file_size: Size,
    /// Most footnotes in one document
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_footnotes)]
    max_footnotes: usize,
    /// Most paragraphs in one document
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_paragraphs)]
    max_paragraphs: usize,
    /// Deepest element nesting (XML and HTML readers)
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_xml_depth)]
    max_xml_depth: usize,
    /// Most bytes inflated from one file, all parts or streams together (DOCX, PDF)
    #[arg(long, global = true, value_name = "SIZE", default_value_t = Size(Limits::default().max_decompressed_size))]
    max_decompressed_size: Size,
    /// Most pages in one PDF
    #[arg(long, global = true, value_name = "N", default_value_t = Limits::default().max_pdf_pages)]
    max_pdf_pages: usize,
}

impl LimitArgs {
    fn limits(&self) -> Limits {
        Limits {
            max_file_size: self.max_file_size.0,
            max_footnotes: self.max_footnotes,
            max_paragraphs: self.max_paragraphs,
            max_xml_depth: self.max_xml_depth,
            max_decompressed_size: self.max_decompressed_size.0,
            max_pdf_pages: self.max_pdf_pages,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Print what documents cite, without a store (JSON, JSON Lines or Turtle)
    Extract {
        /// Files or folders
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[arg(long, short, value_enum, default_value = "json")]
        format: ExtractFormat,
    },
    /// Extract documents and store them, one named graph each (re-ingest replaces)
    Ingest {
        /// Files or folders (folders are walked; formats are detected from content)
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Compact the store's files afterwards, whatever the number of inputs. By default
        /// the store is compacted after a bulk load (more than 1,000 files: about two minutes
        /// at 100,000 resolutions), so that later queries and small re-ingests are fast
        #[arg(long, conflicts_with = "no_compact")]
        compact: bool,
        /// Do not compact, not even after a bulk load (RocksDB then compacts in the background
        /// of later processes, which are slower until it has)
        #[arg(long)]
        no_compact: bool,
    },
    /// Run SPARQL: a shipped query name, a .rq file or query text
    Query {
        /// Query name (see `treatygraph queries`), .rq file or SPARQL text
        query: String,
        /// Query parameter, NAME=VALUE (value: IRI, UN symbol, registry key or alias)
        #[arg(long = "param", short = 'p', value_name = "NAME=VALUE", value_parser = parse_param)]
        params: Vec<(String, String)>,
        #[arg(long, short, value_enum, default_value = "table")]
        format: ResultFormat,
        /// Time limit in seconds
        #[arg(long, default_value = "60")]
        timeout: u64,
        /// Print the prepared SPARQL (parameters bound) instead of running it, e.g. to run it
        /// on another store
        #[arg(long)]
        print: bool,
    },
    /// List the shipped named queries
    Queries,
    /// Show the sentences of a resolution that justify its link to an instrument
    Why {
        /// The citing resolution: symbol ("A/RES/63/156") or IRI
        resolution: String,
        /// The cited instrument, resolution or document: registry key, alias, symbol or IRI
        cited: String,
    },
    /// Score extraction against a gold set: precision, recall and F1 per category
    Eval {
        /// Directory of gold `.tsv` files [default: data/gold]
        #[arg(default_value = "data/gold")]
        gold: PathBuf,
        /// Also list what was missed and what was spurious, per document
        #[arg(long)]
        details: bool,
    },
    /// Serve the store: a SPARQL 1.1 endpoint (/sparql), graphs (/store) and a web page (/)
    ///
    /// Read-only unless --allow-updates is given with a bearer token.
    Serve {
        /// Address to listen on (loopback by default; 0.0.0.0:7878 exposes it to the network)
        #[arg(long, default_value = serve::DEFAULT_BIND, value_name = "ADDR")]
        bind: SocketAddr,
        /// Accept SPARQL Update and graph writes from requests carrying the bearer token
        #[arg(long)]
        allow_updates: bool,
        /// Bearer token for updates [default: $TREATYGRAPH_TOKEN]
        #[arg(long, env = serve::TOKEN_ENV, hide_env_values = true)]
        token: Option<String>,
        /// Time limit of one query, in seconds (fractions allowed)
        #[arg(long, default_value = "30", value_name = "SECONDS")]
        query_timeout: f64,
        /// Largest request body, in bytes
        #[arg(long, default_value = "1048576", value_name = "BYTES")]
        max_body: usize,
        /// Most rows (or triples) in one response; longer results are cut
        #[arg(long, default_value = "100000", value_name = "ROWS")]
        max_results: usize,
        /// Queries evaluated at once [default: 2 × cores]
        #[arg(long, value_name = "N")]
        max_concurrent: Option<usize>,
        /// Seconds a request waits for a free evaluation slot before a 503
        #[arg(long, default_value = "5", value_name = "SECONDS")]
        queue_wait: f64,
        /// Most memory one query may use, in MB, enforced on its worker process (0: no limit)
        #[arg(long, default_value = "1024", value_name = "MB")]
        max_query_memory: u64,
        /// Evaluate queries in the server process instead of worker processes: no process
        /// start-up, but a query that ignores its cancellation keeps running after its time
        /// limit. Always the case with --allow-updates (workers read the store read-only)
        #[arg(long)]
        in_process: bool,
    },
    /// Evaluate queries for `serve` (internal: framed requests on stdin, answers on stdout)
    #[command(hide = true)]
    ServeWorker {
        /// Most data memory of the process, in bytes
        #[arg(long, value_name = "BYTES")]
        max_memory: Option<u64>,
    },
    /// Export the store (or one graph) as RDF
    Export {
        #[arg(long, short, value_enum, default_value = "turtle")]
        format: ExportFormat,
        /// Only this named graph (IRI)
        #[arg(long)]
        graph: Option<String>,
        /// Output file [default: standard output]
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Send every named graph to a SPARQL store (Graph Store Protocol: one PUT per graph)
    #[command(
        after_help = "See docs/PUSH.md for the endpoints of Virtuoso, Fuseki, GraphDB, QLever and Oxigraph server."
    )]
    Push(PushArgs),
    /// Write synthetic resolutions recombined from a corpus (benchmarks, scale tests)
    #[command(hide = true)]
    Generate {
        /// Number of resolutions (General Assembly and Security Council alternate)
        #[arg(long, default_value = "1000")]
        count: usize,
        /// Seed of the pseudo-random generator: same seed, same files
        #[arg(long, default_value = "1")]
        seed: u64,
        /// Output directory (files go to its ga/ and sc/ subfolders)
        #[arg(long, short)]
        output: PathBuf,
        /// Corpus to harvest paragraphs, footnotes and titles from
        #[arg(long, default_value = "data/corpus")]
        corpus: PathBuf,
    },
    /// Build a citation network from the store and write it (DOT, GraphML, GEXF, JSON, HTML, SVG)
    Graph {
        #[arg(long, value_enum, default_value = "citations")]
        view: View,
        #[command(flatten)]
        selection: Selection,
        #[arg(long, short, value_enum, default_value = "graphml")]
        format: GraphFormat,
        /// Layout of --format svg: built-in force-directed, or Graphviz dot if installed
        #[arg(long, value_enum, default_value = "force")]
        layout: Layout,
        /// Output file [default: standard output]
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Time limit of each SPARQL query, in seconds
        #[arg(long, default_value = "600")]
        timeout: u64,
    },
    /// Network statistics: summary and top-N tables, or citations of one instrument per year
    Stats {
        #[arg(long, value_enum, default_value = "citations")]
        view: View,
        #[command(flatten)]
        selection: Selection,
        /// Rows per top-N table
        #[arg(long, default_value = "10")]
        top: usize,
        /// Instrument for --per-year: IRI, registry key or alias
        #[arg(long, requires = "per_year")]
        instrument: Option<String>,
        /// Print the yearly series of citations to --instrument
        #[arg(long, requires = "instrument")]
        per_year: bool,
        #[arg(long, short, value_enum, default_value = "table")]
        format: StatsFormat,
        /// Time limit of each SPARQL query, in seconds
        #[arg(long, default_value = "600")]
        timeout: u64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExtractFormat {
    /// One JSON object (one input) — the documented interface
    Json,
    /// One JSON object per line, in input order
    Jsonl,
    /// The triples `ingest` would store
    Turtle,
}

fn parse_param(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .ok_or_else(|| format!("expected NAME=VALUE, got {text:?}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        // A reader that stopped early (`| head`) is not an error.
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("treatygraph: {error}");
            ExitCode::from(match error {
                Error::Usage(_) | Error::Query(_) => EXIT_USAGE,
                Error::Input { .. } => EXIT_INPUTS_FAILED,
                _ => EXIT_FATAL,
            })
        }
    }
}

fn run(cli: Cli) -> treatygraph::Result<u8> {
    let registry_turtle = match &cli.registry {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| Error::input(path, format!("cannot read registry: {e}")))?,
        None => BUNDLED_REGISTRY.to_owned(),
    };
    let store_path = store::store_path(cli.store.as_deref());
    let stdout = std::io::stdout();
    // Large writes: a batch extraction writes tens of megabytes.
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let code = match cli.command {
        Command::Extract { inputs, format } => {
            let extractor = Extractor::new(Registry::from_turtle(&registry_turtle)?)
                .with_limits(cli.limits.limits());
            extract(&extractor, &inputs, format, &mut out)?
        }
        Command::Ingest {
            inputs,
            compact,
            no_compact,
        } => {
            let extractor = Extractor::new(Registry::from_turtle(&registry_turtle)?)
                .with_limits(cli.limits.limits());
            ingest(
                &extractor,
                &registry_turtle,
                &store_path,
                &inputs,
                Compaction::chosen(compact, no_compact),
                cli.quiet,
            )?
        }
        Command::Query {
            query,
            params,
            format,
            timeout,
            print,
        } => {
            let registry = Registry::from_turtle(&registry_turtle)?;
            let prepared = query::prepare(&query, &params, &registry)?;
            if print {
                writeln!(out, "{}", prepared.text()).map_err(write_error)?;
                out.flush().map_err(write_error)?;
                return Ok(0);
            }
            let store = GraphStore::open_read_only(&store_path)?;
            let results =
                query::execute(store.inner(), &prepared, Some(Duration::from_secs(timeout)))?;
            query::write_results(results, format, &mut out)?;
            0
        }
        Command::Eval { gold, details } => {
            let extractor = Extractor::new(Registry::from_turtle(&registry_turtle)?)
                .with_limits(cli.limits.limits());
            let gold = treatygraph::eval::read_gold(&gold)?;
            let evaluation = treatygraph::eval::evaluate(&extractor, &gold)?;
            if details {
                for document in &evaluation.errors {
                    writeln!(out, "{}", document.source.display()).map_err(write_error)?;
                    for (category, identifier) in &document.missed {
                        writeln!(out, "  missed   {category:<11} {identifier}")
                            .map_err(write_error)?;
                    }
                    for (category, identifier) in &document.spurious {
                        writeln!(out, "  spurious {category:<11} {identifier}")
                            .map_err(write_error)?;
                    }
                }
                writeln!(out).map_err(write_error)?;
            }
            write!(out, "{}", evaluation.report()).map_err(write_error)?;
            0
        }
        Command::Why { resolution, cited } => {
            let registry = Registry::from_turtle(&registry_turtle)?;
            let store = GraphStore::open_read_only(&store_path)?;
            let reasons = treatygraph::why::why(&store, &registry, &resolution, &cited)?;
            if reasons.is_empty() {
                return Err(Error::Usage(format!(
                    "the store holds no citation of {cited} by {resolution}"
                )));
            }
            for reason in &reasons {
                write!(out, "{reason}").map_err(write_error)?;
            }
            0
        }
        Command::Queries => {
            for named in query::shipped() {
                writeln!(out, "{}\n    {}", named.name, named.description).map_err(write_error)?;
                for (name, default) in &named.params {
                    writeln!(out, "    --param {name}=…   (default {default})")
                        .map_err(write_error)?;
                }
            }
            0
        }
        Command::Serve {
            bind,
            allow_updates,
            token,
            query_timeout,
            max_body,
            max_results,
            max_concurrent,
            queue_wait,
            max_query_memory,
            in_process,
        } => {
            let defaults = serve::ServeConfig::default();
            // Updates need the server's read-write store, which workers cannot share.
            let isolation = if in_process || allow_updates {
                None
            } else {
                let program = std::env::current_exe()
                    .map_err(|e| Error::io("cannot find the treatygraph binary", e))?;
                Some(serve::Isolation {
                    program,
                    max_memory: (max_query_memory > 0)
                        .then_some(max_query_memory.saturating_mul(1 << 20)),
                })
            };
            let config = serve::ServeConfig {
                bind,
                allow_updates,
                token,
                query_timeout: seconds(query_timeout, "--query-timeout")?,
                max_body,
                max_results,
                max_concurrent: max_concurrent.unwrap_or(defaults.max_concurrent),
                queue_wait: seconds(queue_wait, "--queue-wait")?,
                isolation,
            };
            // Writes need a read-write store; otherwise open it read-only, so that an ingest can
            // run beside the server.
            let store = if allow_updates {
                GraphStore::open(&store_path)?
            } else {
                GraphStore::open_read_only(&store_path)?
            };
            let isolated = config.isolation.is_some();
            let server = serve::Server::start(store, config)?;
            eprintln!(
                "serving {} on http://{} ({}, queries evaluated {}); Ctrl-C stops",
                store_path.display(),
                server.addr(),
                if allow_updates {
                    "updates allowed with the token"
                } else {
                    "read-only"
                },
                if isolated {
                    "in worker processes"
                } else {
                    "in this process"
                }
            );
            server.run_until_interrupted()?;
            0
        }
        Command::ServeWorker { max_memory } => {
            serve::run_worker(&store_path, max_memory)?;
            0
        }
        Command::Export {
            format,
            graph,
            output,
        } => {
            let store = GraphStore::open_read_only(&store_path)?;
            let written = match output {
                Some(path) => {
                    let file = std::fs::File::create(&path)
                        .map_err(|e| Error::io(format!("cannot create {}", path.display()), e))?;
                    let mut file = BufWriter::new(file);
                    let n = store::export(&store, format, graph.as_deref(), &mut file)?;
                    file.flush().map_err(write_error)?;
                    n
                }
                None => store::export(&store, format, graph.as_deref(), &mut out)?,
            };
            if !cli.quiet {
                eprintln!("exported {written} statements");
            }
            0
        }
        Command::Push(args) => push(&store_path, args, cli.quiet)?,
        Command::Generate {
            count,
            seed,
            output,
            corpus,
        } => {
            let started = Instant::now();
            let report = treatygraph::generate::generate(&corpus, count, seed, &output)?;
            if !cli.quiet {
                eprintln!(
                    "generated {} resolutions ({:.1} MB) from {} corpus documents into {} in {:.1}s",
                    report.files,
                    report.bytes as f64 / 1e6,
                    report.harvested_documents,
                    output.display(),
                    started.elapsed().as_secs_f64()
                );
            }
            0
        }
        Command::Graph {
            view,
            selection,
            format,
            layout,
            output,
            timeout,
        } => {
            let criteria =
                Criteria::resolve(&selection, &Registry::from_turtle(&registry_turtle)?)?;
            let store = GraphStore::open_read_only(&store_path)?;
            let rows = graph::fetch(store.inner(), view, Some(Duration::from_secs(timeout)))?;
            let network = graph::build(&rows, view, &criteria);
            match output {
                Some(path) => {
                    let file = std::fs::File::create(&path)
                        .map_err(|e| Error::io(format!("cannot create {}", path.display()), e))?;
                    let mut file = BufWriter::new(file);
                    graph::write(&network, format, layout, &mut file)?;
                    file.flush().map_err(write_error)?;
                }
                None => graph::write(&network, format, layout, &mut out)?,
            }
            if !cli.quiet {
                eprintln!(
                    "{} network: {} nodes, {} edges",
                    view.name(),
                    network.graph.node_count(),
                    network.graph.edge_count()
                );
            }
            0
        }
        Command::Stats {
            view,
            selection,
            top,
            instrument,
            per_year: _,
            format,
            timeout,
        } => {
            let registry = Registry::from_turtle(&registry_turtle)?;
            let criteria = Criteria::resolve(&selection, &registry)?;
            let store = GraphStore::open_read_only(&store_path)?;
            let timeout = Some(Duration::from_secs(timeout));
            match instrument {
                Some(instrument) => {
                    let iri = match query::parameter_term(&instrument, &registry)? {
                        oxigraph::model::Term::NamedNode(node) => node.into_string(),
                        other => {
                            return Err(Error::Usage(format!(
                                "--instrument {instrument:?} is not an IRI: {other}"
                            )))
                        }
                    };
                    let rows = graph::fetch(store.inner(), View::Citations, timeout)?;
                    graph::write_per_year(
                        &graph::per_year(&rows, &iri, &criteria),
                        format,
                        &mut out,
                    )
                    .map_err(write_error)?;
                }
                None => {
                    let rows = graph::fetch(store.inner(), view, timeout)?;
                    let network = graph::build(&rows, view, &criteria);
                    graph::write_summary(&network, top, format, &mut out).map_err(write_error)?;
                }
            }
            0
        }
    };
    out.flush().map_err(write_error)?;
    Ok(code)
}

fn seconds(value: f64, flag: &str) -> treatygraph::Result<Duration> {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| Error::Usage(format!("{flag} must be a positive number of seconds")))
}

fn write_error(e: std::io::Error) -> Error {
    Error::io("writing output", e)
}

fn extract(
    extractor: &Extractor,
    inputs: &[PathBuf],
    format: ExtractFormat,
    out: &mut dyn Write,
) -> treatygraph::Result<u8> {
    let files = store::walk_inputs(inputs)?;
    let single = inputs.len() == 1 && inputs[0].is_file();
    let mut failed = false;
    treatygraph::extract::batch::in_input_order(
        files,
        |path| {
            let extraction = extractor.extract_path(path)?;
            let mut buffer = Vec::with_capacity(4096);
            render_extraction(&extraction, format, single, &mut buffer)?;
            Ok(buffer)
        },
        |rendered| match rendered {
            Ok(buffer) => out.write_all(&buffer).map_err(write_error),
            Err(error @ Error::Input { .. }) => {
                eprintln!("treatygraph: {error}");
                failed = true;
                Ok(())
            }
            Err(error) => Err(error),
        },
    )?;
    Ok(if failed { EXIT_INPUTS_FAILED } else { 0 })
}

/// Writes one extraction in the requested format.
fn render_extraction(
    extraction: &treatygraph::Extraction,
    format: ExtractFormat,
    single: bool,
    out: &mut Vec<u8>,
) -> treatygraph::Result<()> {
    match format {
        ExtractFormat::Json if single => {
            serde_json::to_writer_pretty(&mut *out, extraction).map_err(json_error)?;
            out.push(b'\n');
        }
        ExtractFormat::Json | ExtractFormat::Jsonl => {
            serde_json::to_writer(&mut *out, extraction).map_err(json_error)?;
            out.push(b'\n');
        }
        ExtractFormat::Turtle => {
            let quads = treatygraph::model::document_quads(extraction);
            let mut serializer = query::format_prefixes(oxigraph::io::RdfSerializer::from_format(
                oxigraph::io::RdfFormat::Turtle,
            ))
            .for_writer(&mut *out);
            for quad in quads {
                serializer
                    .serialize_triple(&oxigraph::model::Triple::from(quad))
                    .map_err(write_error)?;
            }
            serializer.finish().map_err(write_error)?;
        }
    }
    Ok(())
}

fn json_error(e: serde_json::Error) -> Error {
    Error::io("writing JSON", std::io::Error::other(e))
}

/// A progress bar on standard error.
struct Bar(ProgressBar);

impl IngestProgress for Bar {
    fn started(&self, total: usize) {
        self.0.set_length(total as u64);
    }
    fn document_done(&self, _path: &Path) {
        self.0.inc(1);
    }
    /// Each failure is reported once, as it happens, with or without the bar (`--quiet`).
    fn failed(&self, error: &Error) {
        self.0.suspend(|| eprintln!("treatygraph: skipped {error}"));
    }
}

/// Whether `ingest` compacts the store afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compaction {
    Always,
    Never,
    /// After the bulk loader wrote the documents: its files, left as they are, slow every later
    /// process down until RocksDB has compacted them in the background.
    AfterBulkLoad,
}

impl Compaction {
    fn chosen(compact: bool, no_compact: bool) -> Compaction {
        match (compact, no_compact) {
            (true, _) => Compaction::Always,
            (_, true) => Compaction::Never,
            _ => Compaction::AfterBulkLoad,
        }
    }

    fn wanted(self, report: &store::IngestReport) -> bool {
        match self {
            Compaction::Always => true,
            Compaction::Never => false,
            Compaction::AfterBulkLoad => report.bulk_loaded,
        }
    }
}

fn ingest(
    extractor: &Extractor,
    registry_turtle: &str,
    store_path: &Path,
    inputs: &[PathBuf],
    compaction: Compaction,
    quiet: bool,
) -> treatygraph::Result<u8> {
    let started = Instant::now();
    let files = store::collect_inputs(inputs)?;
    let store = GraphStore::open(store_path)?;
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(files.len() as u64)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} ingesting [{bar:40}] {pos}/{len} documents ({per_sec}, {eta} left)",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    let progress = Bar(bar);
    let report = store::ingest(&store, extractor, registry_turtle, &files, &progress)?;
    progress.0.finish_and_clear();
    eprintln!(
        "ingested {} documents into {} in {:.1}s: {} citations of {} distinct instruments, {} quads; {} failed",
        report.documents,
        store_path.display(),
        started.elapsed().as_secs_f64(),
        report.citations,
        report.instruments,
        report.quads,
        report.failures.len()
    );
    if compaction.wanted(&report) {
        let compacting = Instant::now();
        let spinner = if quiet {
            ProgressBar::hidden()
        } else {
            ProgressBar::new_spinner()
        };
        spinner.set_message("compacting the store");
        spinner.enable_steady_tick(Duration::from_millis(200));
        store.compact()?;
        spinner.finish_and_clear();
        eprintln!(
            "compacted {} in {:.1}s",
            store_path.display(),
            compacting.elapsed().as_secs_f64()
        );
    }
    Ok(if report.failures.is_empty() {
        0
    } else {
        EXIT_INPUTS_FAILED
    })
}

#[derive(clap::Args)]
struct PushArgs {
    /// Graph Store endpoint, e.g. http://localhost:3030/ds/data (`?graph=IRI` is appended)
    #[arg(long, value_name = "URL")]
    endpoint: String,
    /// User name (basic authentication, or digest when the server asks for it)
    #[arg(long, env = "TREATYGRAPH_PUSH_USER")]
    user: Option<String>,
    /// Password (better from the environment than on the command line)
    #[arg(long, env = "TREATYGRAPH_PUSH_PASSWORD", hide_env_values = true)]
    password: Option<String>,
    /// Bearer token (better from the environment than on the command line)
    #[arg(long, env = "TREATYGRAPH_PUSH_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Send only the graphs changed since the last push to this endpoint
    #[arg(long)]
    changed_only: bool,
    /// Retries of a graph after a 5xx, 429 or connection error (backoff 1 s, 2 s, 4 s, …)
    #[arg(long, default_value = "3")]
    retries: u32,
    /// Time limit of one request in seconds
    #[arg(long, default_value = "60")]
    timeout: u64,
    /// Body format of each PUT
    #[arg(long, short, value_enum, default_value = "ntriples")]
    format: store::push::PushFormat,
    /// Report what would be sent without contacting the server
    #[arg(long)]
    dry_run: bool,
}

impl store::push::PushProgress for Bar {
    fn started(&self, total: usize) {
        self.0.set_length(total as u64);
    }
    fn graph_done(&self, _graph: &str, _outcome: store::push::GraphOutcome) {
        self.0.inc(1);
    }
    fn failed(&self, failure: &store::push::PushFailure) {
        self.0
            .suspend(|| eprintln!("treatygraph: failed {}: {}", failure.graph, failure.reason));
    }
}

fn push(store_path: &Path, args: PushArgs, quiet: bool) -> treatygraph::Result<u8> {
    use store::push::{Auth, PushOptions};
    let started = Instant::now();
    let auth = match (args.user, args.password, args.token) {
        (Some(user), Some(password), _) => Auth::Password { user, password },
        (Some(_), None, _) => {
            return Err(Error::Usage(
                "--user needs --password (or $TREATYGRAPH_PUSH_PASSWORD)".into(),
            ))
        }
        (None, _, Some(token)) => Auth::Bearer(token),
        (None, _, None) => Auth::None,
    };
    let options = PushOptions {
        auth,
        format: args.format,
        changed_only: args.changed_only,
        retries: args.retries,
        timeout: Duration::from_secs(args.timeout),
        dry_run: args.dry_run,
        state: Some(store::push::state_path(store_path)),
        ..PushOptions::new(args.endpoint)
    };
    let store = GraphStore::open_read_only(store_path)?;
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(0)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} pushing [{bar:40}] {pos}/{len} graphs ({per_sec}, {eta} left)",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    let progress = Bar(bar);
    let report = store::push::push(&store, &options, &progress)?;
    progress.0.finish_and_clear();
    let (verb, sent) = if options.dry_run {
        ("dry run for", "to send")
    } else {
        ("pushed to", "sent")
    };
    eprintln!(
        "{verb} {} in {:.1}s: {} graphs {sent} ({} triples, {:.1} MB), {} unchanged, {} failed",
        options.endpoint,
        started.elapsed().as_secs_f64(),
        report.sent,
        report.triples,
        report.bytes as f64 / 1e6,
        report.unchanged,
        report.failures.len()
    );
    if quiet {
        for failure in &report.failures {
            eprintln!("treatygraph: failed {}: {}", failure.graph, failure.reason);
        }
    }
    Ok(if report.failures.is_empty() {
        0
    } else {
        EXIT_INPUTS_FAILED
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bulk_load_is_compacted_unless_the_operator_says_otherwise() {
        let bulk = store::IngestReport {
            bulk_loaded: true,
            ..Default::default()
        };
        let small = store::IngestReport::default();
        let by_default = Compaction::chosen(false, false);
        assert!(by_default.wanted(&bulk));
        assert!(!by_default.wanted(&small));
        assert!(Compaction::chosen(true, false).wanted(&small));
        assert!(!Compaction::chosen(false, true).wanted(&bulk));
    }
}
