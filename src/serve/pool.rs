//! The server's side of query isolation (see `worker.rs`): a pool of worker processes, at most
//! one per evaluation slot, each answering one query at a time; a worker that does not answer
//! within the time limit plus [`GRACE`] is killed and replaced.

use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader, BufWriter};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::OwnedSemaphorePermit;

use super::response::Problem;
use super::worker::{Answer, Request, READY};
use super::TOKEN_ENV;
use crate::error::{Error, Result};

/// How long past the time limit a worker may take to notice its cooperative cancellation and
/// answer before it is killed.
pub const GRACE: Duration = Duration::from_millis(500);

/// The least memory limit a worker can start with: an idle worker maps about 80 MB of data
/// (thread stacks, allocator arenas, the store's caches).
pub const MIN_MEMORY: u64 = 128 << 20;

/// How long a new worker may take to open the store.
const STARTUP: Duration = Duration::from_secs(60);

/// How to run query workers; see [`super::ServeConfig::isolation`].
#[derive(Debug, Clone)]
pub struct Isolation {
    /// The treatygraph binary, run as `PROGRAM --store PATH serve-worker [--max-memory BYTES]`
    /// (the `treatygraph` command's hidden subcommand, which calls [`super::run_worker`]).
    pub program: PathBuf,
    /// Most data memory one worker, and so one query, may use, in bytes (`None`: no limit;
    /// at least [`MIN_MEMORY`]).
    pub max_memory: Option<u64>,
}

/// The workers of one server.
pub(super) struct WorkerPool {
    isolation: Isolation,
    store: PathBuf,
    /// Workers waiting for a query. With the busy ones they never outnumber the evaluation
    /// slots: a worker is taken or started only by a request holding a slot.
    idle: Mutex<Vec<Worker>>,
    /// Process ids of the live workers, idle or busy.
    pids: Mutex<Vec<u32>>,
}

impl WorkerPool {
    pub fn new(isolation: Isolation, store: &Path) -> Result<Self> {
        let store = store
            .canonicalize()
            .map_err(|e| Error::io(format!("cannot find the store {}", store.display()), e))?;
        Ok(WorkerPool {
            isolation,
            store,
            idle: Mutex::new(Vec::new()),
            pids: Mutex::new(Vec::new()),
        })
    }

    /// Starts a worker and keeps it idle; fails when a worker cannot start or open the store.
    ///
    /// Call it from a task of the server's runtime, never from `block_on` on another thread:
    /// on Linux a worker dies with the thread that started it (see `worker.rs`), and the
    /// runtime's threads live as long as the server.
    pub async fn warm(&self) -> Result<()> {
        let worker = self.spawn().await.map_err(|e| {
            Error::io(
                format!(
                    "cannot start a query worker ({})",
                    self.isolation.program.display()
                ),
                e,
            )
        })?;
        self.idle.lock().expect("pool lock").push(worker);
        Ok(())
    }

    /// Process ids of the live workers.
    pub fn pids(&self) -> Vec<u32> {
        self.pids.lock().expect("pool lock").clone()
    }

    /// Evaluates `request` in a worker, holding the evaluation slot `permit` until the worker
    /// is free again (or replaced). Returns the body and whether it was truncated.
    pub async fn run(
        self: Arc<Self>,
        request: Request,
        permit: OwnedSemaphorePermit,
    ) -> Result<(Vec<u8>, bool), Problem> {
        let frame = serde_json::to_vec(&request).expect("requests serialise");
        let idle = self.idle.lock().expect("pool lock").pop();
        let mut worker = match idle {
            Some(worker) => worker,
            None => self
                .spawn()
                .await
                .map_err(|e| Problem::internal(&format!("cannot start a query worker: {e}")))?,
        };
        match tokio::time::timeout(request.timeout + GRACE, worker.ask(&frame)).await {
            Ok(Ok((answer, body))) => {
                self.idle.lock().expect("pool lock").push(worker);
                drop(permit);
                let truncated = matches!(answer, Answer::Results { truncated: true });
                match answer.into_error() {
                    None => Ok((body, truncated)),
                    Some(error) => Err(error.into()),
                }
            }
            Ok(Err(error)) => {
                // The worker died: most likely of its memory limit.
                let status = worker.child.wait().await.ok();
                let problem = self.death(status, &error);
                self.replace(worker, permit);
                Err(problem)
            }
            Err(_) => {
                self.replace(worker, permit);
                Err(Error::Timeout.into())
            }
        }
    }

    /// Kills `worker` (if it still runs), waits for its end and starts a replacement, in the
    /// background and holding the slot meanwhile, so the pool never holds more workers than
    /// slots.
    fn replace(self: &Arc<Self>, mut worker: Worker, permit: OwnedSemaphorePermit) {
        let pool = Arc::clone(self);
        tokio::spawn(async move {
            let _permit = permit;
            let _ = worker.child.start_kill();
            let _ = worker.child.wait().await;
            pool.pids
                .lock()
                .expect("pool lock")
                .retain(|&pid| pid != worker.pid);
            drop(worker);
            if let Err(error) = pool.warm().await {
                eprintln!("treatygraph serve: {error}");
            }
        });
    }

    /// The answer for a query whose worker died.
    fn death(&self, status: Option<ExitStatus>, error: &std::io::Error) -> Problem {
        let aborted = status.is_some_and(|status| {
            #[cfg(unix)]
            {
                use std::os::unix::process::ExitStatusExt;
                status.signal() == Some(libc::SIGABRT)
            }
            #[cfg(not(unix))]
            {
                !status.success()
            }
        });
        match self.isolation.max_memory {
            // A failed allocation aborts the process.
            Some(bytes) if aborted => Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the query was stopped: it needed more than the {} MB of memory a query may use",
                    bytes >> 20
                ),
            ),
            _ => Problem::internal(&format!(
                "query worker ended ({}): {error}",
                status.map_or_else(|| "status unknown".to_owned(), |s| s.to_string())
            )),
        }
    }

    async fn spawn(&self) -> std::io::Result<Worker> {
        let mut command = Command::new(&self.isolation.program);
        command
            .arg("--store")
            .arg(&self.store)
            .arg("serve-worker")
            // Workers only read: they have no use for the token that authorises updates.
            .env_remove(TOKEN_ENV)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        if let Some(bytes) = self.isolation.max_memory {
            command.arg("--max-memory").arg(bytes.to_string());
        }
        let mut child = command.spawn()?;
        let pid = child.id().unwrap_or_default();
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(std::io::Error::other("the worker has no pipes"));
        };
        let mut worker = Worker {
            child,
            pid,
            input: BufWriter::new(input),
            output: BufReader::new(output),
        };
        match tokio::time::timeout(STARTUP, read_frame(&mut worker.output)).await {
            Ok(Ok(frame)) if frame == READY => {
                self.pids.lock().expect("pool lock").push(pid);
                Ok(worker)
            }
            Ok(_) => Err(std::io::Error::other(
                "the worker ended before it was ready (its message is above)",
            )),
            Err(_) => Err(std::io::Error::other(format!(
                "the worker was not ready within {} s",
                STARTUP.as_secs()
            ))),
        }
    }
}

/// One worker process and its pipes. Dropping it kills the process.
struct Worker {
    child: Child,
    pid: u32,
    input: BufWriter<ChildStdin>,
    output: BufReader<ChildStdout>,
}

impl Worker {
    /// Sends a request frame; returns the answer and the body.
    async fn ask(&mut self, request: &[u8]) -> std::io::Result<(Answer, Vec<u8>)> {
        self.input
            .write_all(&(request.len() as u64).to_le_bytes())
            .await?;
        self.input.write_all(request).await?;
        self.input.flush().await?;
        let answer = read_frame(&mut self.output).await?;
        let answer: Answer = serde_json::from_slice(&answer).map_err(std::io::Error::other)?;
        let body = read_frame(&mut self.output).await?;
        Ok((answer, body))
    }
}

/// Reads one frame (see `worker.rs`); the end of the stream is an error here, since the server
/// reads only what it is owed.
async fn read_frame(output: &mut BufReader<ChildStdout>) -> std::io::Result<Vec<u8>> {
    let length = output.read_u64_le().await?;
    let length = usize::try_from(length).map_err(std::io::Error::other)?;
    let mut frame = vec![0; length];
    output.read_exact(&mut frame).await?;
    Ok(frame)
}
