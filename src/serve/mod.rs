//! `treatygraph serve`: a SPARQL 1.1 endpoint (`/sparql`), the read side of the Graph Store
//! Protocol (`/store`) and a web page (`/`) over a store.
//!
//! Safe by default: the store is meant to be opened read-only, updates and graph writes are
//! refused unless the server is configured with `allow_updates` and a bearer token, every query
//! runs under a time limit on a bounded pool, request bodies and result sizes are capped, and
//! no request reaches the file system (the page's assets are compiled in).
//!
//! The HTTP stack is axum on tokio (with tower-http for CORS and body limits). Evaluation is
//! synchronous oxigraph code, bounded by a semaphore of `max_concurrent` slots while the async
//! side keeps accepting connections, answering with 503 when no slot frees up in time. With
//! [`ServeConfig::isolation`] (what `treatygraph serve` uses unless updates are allowed) SPARQL
//! queries run in worker processes that are killed at the time limit (`worker.rs`, `pool.rs`),
//! since oxigraph cannot cancel every query from within; the Graph Store reads, which only scan
//! quads and so do see their cancellation, and updates, which need the read-write store, run on
//! tokio's blocking pool.

mod graph_store;
mod negotiate;
mod page;
mod pool;
mod response;
mod sparql;
mod worker;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderMap, Method};
use axum::routing::get;
use axum::Router;
use oxigraph::sparql::CancellationToken;
use tokio::sync::{oneshot, OwnedSemaphorePermit, Semaphore};
use tower_http::cors::{Any, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;

use crate::error::{Error, Result};
use crate::store::GraphStore;

pub use pool::{Isolation, GRACE, MIN_MEMORY};
pub use worker::run_worker;

use pool::WorkerPool;
use response::Problem;

/// Where `treatygraph serve` listens unless told otherwise: loopback only.
pub const DEFAULT_BIND: &str = "127.0.0.1:7878";
/// Environment variable holding the bearer token that authorises updates.
pub const TOKEN_ENV: &str = "TREATYGRAPH_TOKEN";

/// How the server behaves; [`ServeConfig::default`] is the safe configuration.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Address to listen on (port 0: any free port; see [`Server::addr`]).
    pub bind: SocketAddr,
    /// Accept SPARQL Update and Graph Store writes (which also need `token`).
    pub allow_updates: bool,
    /// Bearer token that authorises updates.
    pub token: Option<String>,
    /// Time limit of one query or update.
    pub query_timeout: Duration,
    /// Largest request body accepted, in bytes.
    pub max_body: usize,
    /// Most rows (or triples) one response carries; beyond it the response is cut and carries
    /// the `Treatygraph-Truncated: true` header.
    pub max_results: usize,
    /// Queries evaluated at once.
    pub max_concurrent: usize,
    /// How long a request waits for a free evaluation slot before a 503.
    pub queue_wait: Duration,
    /// Evaluate SPARQL queries in worker processes, killed when a query runs past its time
    /// limit plus [`GRACE`]. `None` evaluates them in the server's process, where a query that
    /// ignores its cancellation (a large cartesian product) keeps running after its 503. Needs
    /// an on-disk store and no `allow_updates` (the workers' read-only view of the store would
    /// not see the writes).
    pub isolation: Option<Isolation>,
}

impl Default for ServeConfig {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        ServeConfig {
            bind: DEFAULT_BIND.parse().expect("valid default address"),
            allow_updates: false,
            token: None,
            query_timeout: Duration::from_secs(30),
            max_body: 1024 * 1024,
            max_results: 100_000,
            max_concurrent: 2 * cores,
            queue_wait: Duration::from_secs(5),
            isolation: None,
        }
    }
}

impl ServeConfig {
    fn validate(&self) -> Result<()> {
        if self.allow_updates && self.token.as_deref().is_none_or(|t| t.trim().is_empty()) {
            return Err(Error::Usage(format!(
                "--allow-updates needs a bearer token: pass --token or set {TOKEN_ENV}"
            )));
        }
        if self.max_concurrent == 0 || self.max_results == 0 || self.max_body == 0 {
            return Err(Error::Usage(
                "--max-concurrent, --max-results and --max-body must be positive".to_owned(),
            ));
        }
        if let Some(bytes) = self.isolation.as_ref().and_then(|i| i.max_memory) {
            if bytes < pool::MIN_MEMORY {
                return Err(Error::Usage(format!(
                    "--max-query-memory must be at least {} MB: a query worker needs about 80 MB before its first query",
                    pool::MIN_MEMORY >> 20
                )));
            }
        }
        if self.isolation.is_some() && self.allow_updates {
            return Err(Error::Usage(
                "queries are evaluated in this process when updates are allowed: query workers read the store read-only and would not see the writes".to_owned(),
            ));
        }
        Ok(())
    }
}

/// A running server: its address and the means to stop it.
pub struct Server {
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
    pool: Option<Arc<WorkerPool>>,
}

impl Server {
    /// Binds the address and serves `store` on a runtime of its own thread. Returns once the
    /// socket is bound, so that [`Server::addr`] is the real address (also with port 0).
    pub fn start(store: GraphStore, config: ServeConfig) -> Result<Server> {
        config.validate()?;
        let listener = std::net::TcpListener::bind(config.bind)
            .map_err(|e| Error::io(format!("cannot listen on {}", config.bind), e))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::io("cannot configure the listening socket", e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::io("cannot read the listening address", e))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("treatygraph-serve")
            .build()
            .map_err(|e| Error::io("cannot start the HTTP runtime", e))?;
        let pool = match &config.isolation {
            Some(isolation) => {
                if store.path().as_os_str().is_empty() {
                    return Err(Error::Usage(
                        "query workers need a store on disk".to_owned(),
                    ));
                }
                let pool = Arc::new(WorkerPool::new(isolation.clone(), store.path())?);
                // A first worker now, on a runtime thread (see `WorkerPool::warm`), so that a
                // worker that cannot start is an error here rather than a 500 later.
                let warming = Arc::clone(&pool);
                runtime
                    .block_on(runtime.spawn(async move { warming.warm().await }))
                    .map_err(|_| {
                        Error::io(
                            "starting a query worker",
                            std::io::Error::other("the task failed"),
                        )
                    })??;
                Some(pool)
            }
            None => None,
        };
        let state = Arc::new(AppState::new(store, config, addr, pool.clone()));
        let (shutdown, stop) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("treatygraph-serve".to_owned())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)?;
                    axum::serve(listener, router(state))
                        .with_graceful_shutdown(async {
                            let _ = stop.await;
                        })
                        .await
                })
            })
            .map_err(|e| Error::io("cannot start the server thread", e))?;
        Ok(Server {
            addr,
            shutdown: Some(shutdown),
            thread: Some(thread),
            pool,
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Process ids of the live query workers (none without [`ServeConfig::isolation`]).
    pub fn worker_pids(&self) -> Vec<u32> {
        self.pool
            .as_ref()
            .map(|pool| pool.pids())
            .unwrap_or_default()
    }

    /// Stops accepting connections, lets requests in flight finish, and waits for the end.
    pub fn shutdown(mut self) -> Result<()> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        self.join()
    }

    /// Serves until the process receives Ctrl-C (SIGINT) or, on Unix, SIGTERM, then shuts
    /// down gracefully.
    pub fn run_until_interrupted(self) -> Result<()> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::io("cannot wait for signals", e))?;
        runtime
            .block_on(interrupted())
            .map_err(|e| Error::io("cannot wait for signals", e))?;
        self.shutdown()
    }

    fn join(&mut self) -> Result<()> {
        match self.thread.take().map(|thread| thread.join()) {
            Some(Ok(outcome)) => outcome.map_err(|e| Error::io("serving", e)),
            Some(Err(_)) => Err(Error::io(
                "serving",
                std::io::Error::other("the server thread panicked"),
            )),
            None => Ok(()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
            let _ = self.join();
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
async fn interrupted() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            outcome = tokio::signal::ctrl_c() => outcome,
            _ = terminate.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c().await
}

/// What every handler shares.
struct AppState {
    store: GraphStore,
    config: ServeConfig,
    /// Free evaluation slots.
    slots: Arc<Semaphore>,
    /// The bound address, for the service description when a request has no `Host`.
    addr: SocketAddr,
    /// The query workers, with [`ServeConfig::isolation`].
    pool: Option<Arc<WorkerPool>>,
}

impl AppState {
    fn new(
        store: GraphStore,
        config: ServeConfig,
        addr: SocketAddr,
        pool: Option<Arc<WorkerPool>>,
    ) -> Self {
        AppState {
            slots: Arc::new(Semaphore::new(config.max_concurrent)),
            store,
            config,
            addr,
            pool,
        }
    }

    /// Waits (at most `queue_wait`) for an evaluation slot.
    async fn slot(&self) -> Result<OwnedSemaphorePermit, Problem> {
        match tokio::time::timeout(self.config.queue_wait, self.slots.clone().acquire_owned()).await
        {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(Problem::busy()),
        }
    }

    /// Refuses writes unless they are enabled and the request carries the token.
    fn authorise_write(&self, headers: &HeaderMap, what: &str) -> Result<(), Problem> {
        let expected = match (&self.config.token, self.config.allow_updates) {
            (Some(token), true) => token,
            _ => {
                return Err(Problem::forbidden(format!(
                    "{what} is disabled: this endpoint is read-only (start the server with --allow-updates and a token to enable it)"
                )))
            }
        };
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        match given {
            None => Err(Problem::unauthorised(format!(
                "{what} needs an `Authorization: Bearer` token"
            ))),
            Some(given) if tokens_match(given, expected) => Ok(()),
            Some(_) => Err(Problem::forbidden(
                "the bearer token is not valid".to_owned(),
            )),
        }
    }

    /// Runs `work` on the blocking pool in an evaluation slot, cancelling `token` (which the
    /// work must have been bound to) when the time limit is reached.
    async fn evaluate<T: Send + 'static>(
        self: &Arc<Self>,
        token: CancellationToken,
        work: impl FnOnce(&AppState) -> T + Send + 'static,
    ) -> Result<T, Problem> {
        let permit = self.slot().await?;
        let limit = self.config.query_timeout;
        let timer = tokio::spawn(async move {
            tokio::time::sleep(limit).await;
            token.cancel();
        });
        let state = Arc::clone(self);
        let outcome = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work(&state)
        })
        .await;
        timer.abort();
        outcome.map_err(|_| Problem::internal("evaluation task failed"))
    }

    /// Runs a query in a worker in an evaluation slot; returns the body and whether it was
    /// truncated. The exchange runs in a task of its own, so that a client that goes away
    /// leaves the worker to finish (or be killed) and return to the pool.
    async fn evaluate_in_worker(
        &self,
        pool: &Arc<WorkerPool>,
        request: worker::Request,
    ) -> Result<(Vec<u8>, bool), Problem> {
        let permit = self.slot().await?;
        tokio::spawn(Arc::clone(pool).run(request, permit))
            .await
            .map_err(|_| Problem::internal("evaluation task failed"))?
    }
}

/// Compares tokens in time independent of where they differ.
fn tokens_match(given: &str, expected: &str) -> bool {
    use subtle::ConstantTimeEq;
    given.len() == expected.len() && bool::from(given.as_bytes().ct_eq(expected.as_bytes()))
}

fn router(state: Arc<AppState>) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT, header::AUTHORIZATION])
        .expose_headers([header::CONTENT_TYPE, response::TRUNCATED.clone()]);
    let max_body = state.config.max_body;
    Router::new()
        .route("/sparql", get(sparql::get).post(sparql::post))
        .route(
            "/store",
            get(graph_store::get)
                .put(graph_store::put)
                .post(graph_store::post)
                .delete(graph_store::delete),
        )
        .merge(page::routes())
        .with_state(state)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(cors)
}
