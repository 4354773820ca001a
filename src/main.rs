//! The `treatygraph` command: a thin layer over the library.
//!
//! Exit codes: 0 success; 1 some inputs failed (the others were processed); 2 usage error
//! (bad arguments, unknown query, malformed SPARQL); 3 fatal error (store, I/O).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use treatygraph::error::Error;
use treatygraph::extract::Extractor;
use treatygraph::query::{self, ResultFormat};
use treatygraph::read::limits::{Limits, Size};
use treatygraph::resolve::registry::{Registry, BUNDLED_REGISTRY};
use treatygraph::store::{self, ExportFormat, GraphStore, IngestProgress};

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
    let mut out = BufWriter::new(stdout.lock());
    let code = match cli.command {
        Command::Extract { inputs, format } => {
            let extractor = Extractor::new(Registry::from_turtle(&registry_turtle)?)
                .with_limits(cli.limits.limits());
            extract(&extractor, &inputs, format, &mut out)?
        }
        Command::Ingest { inputs } => {
            let extractor = Extractor::new(Registry::from_turtle(&registry_turtle)?)
                .with_limits(cli.limits.limits());
            ingest(
                &extractor,
                &registry_turtle,
                &store_path,
                &inputs,
                cli.quiet,
            )?
        }
        Command::Query {
            query,
            params,
            format,
            timeout,
        } => {
            let registry = Registry::from_turtle(&registry_turtle)?;
            let prepared = query::prepare(&query, &params, &registry)?;
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
    };
    out.flush().map_err(write_error)?;
    Ok(code)
}

fn write_error(e: std::io::Error) -> Error {
    Error::io("writing output", e)
}

/// Files extracted in parallel at a time: enough to keep every core busy, few enough that the
/// rendered output of one chunk stays small (memory does not grow with the number of inputs).
const EXTRACT_CHUNK: usize = 256;

fn extract(
    extractor: &Extractor,
    inputs: &[PathBuf],
    format: ExtractFormat,
    out: &mut dyn Write,
) -> treatygraph::Result<u8> {
    use rayon::prelude::*;

    let files = store::collect_inputs(inputs)?;
    let single = files.len() == 1 && inputs.len() == 1 && inputs[0].is_file();
    let mut failed = false;
    for chunk in files.chunks(EXTRACT_CHUNK) {
        // Extract and render in parallel; write in input order.
        let rendered: Vec<treatygraph::Result<Vec<u8>>> = chunk
            .par_iter()
            .map(|path| {
                let extraction = extractor.extract_path(path)?;
                let mut buffer = Vec::with_capacity(4096);
                render_extraction(&extraction, format, single, &mut buffer)?;
                Ok(buffer)
            })
            .collect();
        for outcome in rendered {
            match outcome {
                Ok(buffer) => out.write_all(&buffer).map_err(write_error)?,
                Err(error @ Error::Input { .. }) => {
                    eprintln!("treatygraph: {error}");
                    failed = true;
                }
                Err(error) => return Err(error),
            }
        }
    }
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

fn ingest(
    extractor: &Extractor,
    registry_turtle: &str,
    store_path: &Path,
    inputs: &[PathBuf],
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
    Ok(if report.failures.is_empty() {
        0
    } else {
        EXIT_INPUTS_FAILED
    })
}
