//! Query evaluation in worker processes, so that a query past its time limit is really stopped.
//!
//! oxigraph checks a query's cancellation token only when it reads quads from the store. A query
//! that spends its time joining solutions it already holds (`{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }`
//! is a cartesian product) never sees the token: run in the server's process, it would keep a
//! thread, a CPU and a growing amount of memory until it finishes, hours later. So `serve`
//! evaluates queries in worker processes — the same binary, run as `treatygraph --store PATH
//! serve-worker` — each opening the store read-only and answering one query at a time. The
//! worker cancels its query cooperatively at the time limit, which stops most queries; when the
//! answer has not come a short grace later the server kills the worker and starts another (see
//! `pool.rs`). A worker can also be given a memory ceiling, so that one query cannot take the
//! machine's memory.
//!
//! The protocol on the worker's standard input and output is a sequence of frames, each an
//! 8-byte little-endian length followed by that many bytes. Once the store is open the worker
//! writes the frame `ready`; then each request is one frame holding a JSON [`Request`], and each
//! answer two frames: a JSON [`Answer`], then the result body (empty unless the query succeeded).
//! The worker writes nothing else on standard output; its diagnostics go to standard error,
//! which it shares with the server. It exits when its standard input closes, and (on Linux) when
//! the server dies.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use oxigraph::model::NamedNode;
use oxigraph::sparql::CancellationToken;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::query::{self, DatasetSpec, PreparedQuery, ResultFormat};
use crate::store::GraphStore;

/// The frame a worker writes once it is ready for requests.
pub(super) const READY: &[u8] = b"ready";

/// Largest request frame a worker accepts (the server's body limit is far below it).
const MAX_REQUEST: u64 = 1 << 30;

/// One query for a worker: what the server has already parsed, negotiated and bounded.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Request {
    pub query: String,
    /// The protocol's `default-graph-uri` and `named-graph-uri` (both empty: the union).
    pub default_graphs: Vec<String>,
    pub named_graphs: Vec<String>,
    pub format: ResultFormat,
    /// Most rows (or triples) written.
    pub limit: usize,
    /// The time limit, after which the worker cancels the query.
    pub timeout: Duration,
}

impl Request {
    pub fn new(
        query: String,
        dataset: &DatasetSpec,
        format: ResultFormat,
        limit: usize,
        timeout: Duration,
    ) -> Self {
        let iris = |graphs: &[NamedNode]| graphs.iter().map(|g| g.as_str().to_owned()).collect();
        Request {
            query,
            default_graphs: iris(&dataset.default_graphs),
            named_graphs: iris(&dataset.named_graphs),
            format,
            limit,
            timeout,
        }
    }

    fn dataset(&self) -> Result<DatasetSpec> {
        let nodes = |iris: &[String]| {
            iris.iter()
                .map(|iri| {
                    NamedNode::new(iri.as_str())
                        .map_err(|e| Error::Query(format!("invalid graph IRI {iri:?}: {e}")))
                })
                .collect::<Result<Vec<_>>>()
        };
        Ok(DatasetSpec {
            default_graphs: nodes(&self.default_graphs)?,
            named_graphs: nodes(&self.named_graphs)?,
        })
    }
}

/// How a worker's query ended; the body follows in the next frame.
#[derive(Debug, Serialize, Deserialize)]
pub(super) enum Answer {
    /// The body holds the results; `truncated` when rows beyond the limit were left out.
    Results { truncated: bool },
    /// The query is malformed or failed on its own terms (the client's error: 400).
    Malformed(String),
    /// The query was cancelled at its time limit.
    Timeout,
    /// Anything else (storage, I/O): logged by the server, never shown to the client.
    Failed(String),
}

impl From<Error> for Answer {
    /// The same classification as the server's own (`Problem::from(Error)`).
    fn from(error: Error) -> Self {
        match error {
            Error::Query(message) | Error::Usage(message) => Answer::Malformed(message),
            Error::Timeout => Answer::Timeout,
            other => Answer::Failed(other.to_string()),
        }
    }
}

impl Answer {
    /// The error a non-result answer stands for.
    pub fn into_error(self) -> Option<Error> {
        match self {
            Answer::Results { .. } => None,
            Answer::Malformed(message) => Some(Error::Query(message)),
            Answer::Timeout => Some(Error::Timeout),
            Answer::Failed(message) => Some(Error::Io {
                context: "query worker".to_owned(),
                source: std::io::Error::other(message),
            }),
        }
    }
}

/// The worker process: opens the store read-only, then answers requests from standard input
/// on standard output until standard input closes. `max_memory` (bytes) caps the process's data
/// memory, so that a query that needs more fails its allocation and ends the process.
pub fn run_worker(store: &Path, max_memory: Option<u64>) -> Result<()> {
    process::die_with_parent();
    if let Some(bytes) = max_memory {
        process::limit_memory(bytes)?;
    }
    let store = GraphStore::open_read_only(store)?;
    let watchdog = Watchdog::start();
    let io = |e| Error::io("query worker: talking to the server", e);
    let mut input = BufReader::new(std::io::stdin().lock());
    let mut output = BufWriter::new(std::io::stdout().lock());
    write_frame(&mut output, READY).map_err(io)?;
    output.flush().map_err(io)?;
    while let Some(frame) = read_frame(&mut input, MAX_REQUEST).map_err(io)? {
        let request: Request = serde_json::from_slice(&frame)
            .map_err(|e| io(std::io::Error::other(format!("malformed request: {e}"))))?;
        let mut body = Vec::new();
        let answer = match evaluate(&store, &request, &watchdog, &mut body) {
            Ok(truncated) => Answer::Results { truncated },
            Err(error) => {
                body.clear();
                Answer::from(error)
            }
        };
        let answer = serde_json::to_vec(&answer).expect("answers serialise");
        write_frame(&mut output, &answer).map_err(io)?;
        write_frame(&mut output, &body).map_err(io)?;
        output.flush().map_err(io)?;
    }
    Ok(())
}

/// Evaluates one request into `body`; returns whether the results were truncated.
fn evaluate(
    store: &GraphStore,
    request: &Request,
    watchdog: &Watchdog,
    body: &mut Vec<u8>,
) -> Result<bool> {
    let token = CancellationToken::new();
    let prepared = PreparedQuery {
        sparql: request.query.clone(),
        substitutions: Vec::new(),
    };
    let parsed = query::parse(&prepared, &request.dataset()?, &token)?;
    let _watch = watchdog.watch(request.timeout, token);
    let results = parsed.run(store.inner())?;
    let written = query::write_at_most(results, request.format, request.limit, body)?;
    Ok(written.truncated)
}

/// Cancels the running query at its time limit, from a thread of its own (one for the
/// worker's life rather than one per query).
struct Watchdog {
    jobs: mpsc::Sender<Watch>,
}

enum Watch {
    Start {
        deadline: Instant,
        token: CancellationToken,
    },
    Done,
}

/// Ends the watch over one query when dropped.
struct Watching<'a>(&'a Watchdog);

impl Watchdog {
    fn start() -> Self {
        let (jobs, watches) = mpsc::channel::<Watch>();
        std::thread::spawn(move || {
            // Watches alternate: a start, then the done of the same query.
            while let Ok(Watch::Start { deadline, token }) = watches.recv() {
                let left = deadline.saturating_duration_since(Instant::now());
                match watches.recv_timeout(left) {
                    Ok(_) => {}
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        token.cancel();
                        if watches.recv().is_err() {
                            return;
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
        });
        Watchdog { jobs }
    }

    fn watch(&self, timeout: Duration, token: CancellationToken) -> Watching<'_> {
        let _ = self.jobs.send(Watch::Start {
            deadline: Instant::now() + timeout,
            token,
        });
        Watching(self)
    }
}

impl Drop for Watching<'_> {
    fn drop(&mut self) {
        let _ = self.0.jobs.send(Watch::Done);
    }
}

/// Writes one frame.
pub(super) fn write_frame(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(bytes)
}

/// Reads one frame of at most `max` bytes; `None` at the end of the input.
fn read_frame(input: &mut impl Read, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut length = [0; 8];
    match input.read_exact(&mut length) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let length = u64::from_le_bytes(length);
    if length > max {
        return Err(std::io::Error::other(format!(
            "a frame of {length} bytes is over the limit of {max}"
        )));
    }
    let mut frame = vec![0; length as usize];
    input.read_exact(&mut frame)?;
    Ok(Some(frame))
}

/// What the worker asks of the operating system.
mod process {
    use crate::error::{Error, Result};

    /// Asks Linux to kill the worker when the server thread that started it ends, so that a
    /// worker busy on a runaway query does not outlive a server that was killed. (Elsewhere the
    /// worker ends when it next reads its closed standard input.)
    pub fn die_with_parent() {
        #[cfg(target_os = "linux")]
        // SAFETY: prctl with PR_SET_PDEATHSIG takes a signal number and touches no memory.
        unsafe {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            // The server may have died before the request took effect.
            if libc::getppid() == 1 {
                libc::_exit(1);
            }
        }
    }

    /// Caps the process's data memory (heap and private mappings, `RLIMIT_DATA`) at `bytes`:
    /// beyond it allocations fail and the process aborts, which the server reports.
    #[cfg(unix)]
    pub fn limit_memory(bytes: u64) -> Result<()> {
        let limit = libc::rlimit {
            rlim_cur: bytes as libc::rlim_t,
            rlim_max: bytes as libc::rlim_t,
        };
        // SAFETY: setrlimit reads the struct we pass and nothing else.
        if unsafe { libc::setrlimit(libc::RLIMIT_DATA, &limit) } != 0 {
            return Err(Error::io(
                "query worker: cannot limit its memory",
                std::io::Error::last_os_error(),
            ));
        }
        Ok(())
    }

    #[cfg(not(unix))]
    pub fn limit_memory(_bytes: u64) -> Result<()> {
        Err(Error::Usage(
            "--max-query-memory is only supported on Unix".to_owned(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_end_cleanly() {
        let mut stream = Vec::new();
        write_frame(&mut stream, READY).unwrap();
        write_frame(&mut stream, b"").unwrap();
        let mut input = stream.as_slice();
        assert_eq!(read_frame(&mut input, 16).unwrap().unwrap(), READY);
        assert_eq!(read_frame(&mut input, 16).unwrap().unwrap(), b"");
        assert!(read_frame(&mut input, 16).unwrap().is_none());
        let mut big = Vec::new();
        write_frame(&mut big, &[0; 17]).unwrap();
        assert!(read_frame(&mut big.as_slice(), 16).is_err());
    }
}
