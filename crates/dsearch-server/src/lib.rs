//! dsearch-server: `dsearch serve`, a JSON API and a search page over a dsearch index,
//! on axum and tokio.
//!
//! The server reads the index the command line reads and answers from its last commit:
//! [`dsearch::Index::search`] reloads its reader when a commit happened, so documents
//! that `dsearch index` (or a write through the API) commits are found without a
//! restart.
//!
//! | route | answer |
//! |---|---|
//! | `GET /` | the search page |
//! | `GET /search?q=&limit=&offset=&lang=&sort=` | [`wire::SearchResponse`] |
//! | `GET /documents/{id}` | [`wire::DocumentResponse`] |
//! | `GET /analyze?text=&lang=` | [`dsearch::wire::JsonAnalysis`] |
//! | `GET /health`, `GET /stats` | [`wire::HealthResponse`], [`wire::StatsResponse`] |
//! | `POST /documents`, `DELETE /documents/{id}` | with a write token only |
//!
//! Every error is `{"error": "one line"}` ([`wire::ErrorBody`]) with a 4xx or 5xx
//! status; the library's errors map by kind ([`ApiError`]).
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use dsearch::Index;
//! use dsearch_server::{ServeOptions, Server};
//! let index = Index::open("docs/.dsearch")?;
//! let server = Server::bind(index, ServeOptions::default()).await?;
//! let shutdown = dsearch_server::shutdown_signal(); // handlers installed now
//! println!("http://{}/", server.local_addr());
//! server.run(shutdown).await?;
//! # Ok(()) }
//! ```

mod auth;
mod error;
mod handlers;
mod ingest;
mod options;
mod page;
mod params;
mod routes;
mod state;
pub mod wire;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use dsearch::Index;
use tokio::net::TcpListener;

pub use error::{ApiError, Error};
pub use options::{ServeOptions, DEFAULT_BIND, DEFAULT_PORT};

/// A server bound to its address, not yet answering.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    addr: SocketAddr,
    router: axum::Router,
}

impl Server {
    /// Checks the options and binds the address.
    pub async fn bind(index: Index, options: ServeOptions) -> Result<Server, Error> {
        if let Some(token) = &options.write_token {
            if token.trim().is_empty() {
                return Err(Error::InvalidOption("the write token is empty".into()));
            }
            if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(Error::InvalidOption(
                    "the write token holds whitespace or control characters".into(),
                ));
            }
        }
        let listener = TcpListener::bind(options.bind)
            .await
            .map_err(|source| Error::Bind {
                addr: options.bind,
                source,
            })?;
        let addr = listener.local_addr().map_err(Error::Io)?;
        let app = Arc::new(state::App::new(index, options));
        Ok(Server {
            listener,
            addr,
            router: routes::router(app),
        })
    }

    /// The address the server listens on (the port chosen when port 0 was asked).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Answers requests until `shutdown` completes, then finishes the requests under way.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), Error> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(Error::Io)
    }
}

/// Binds and serves until Ctrl-C or SIGTERM.
pub async fn serve(index: Index, options: ServeOptions) -> Result<(), Error> {
    let shutdown = shutdown_signal();
    Server::bind(index, options).await?.run(shutdown).await
}

/// A future that completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM. The handlers are
/// installed when this is called, not when the future is first polled: call it (inside
/// the tokio runtime) before telling anyone the server is up, so that a signal sent
/// right after cannot kill the process instead of stopping it.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, Signal, SignalKind};
        let int = signal(SignalKind::interrupt()).ok();
        let term = signal(SignalKind::terminate()).ok();
        async fn recv(s: Option<Signal>) {
            match s {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        }
        async move {
            tokio::select! {
                _ = recv(int) => {}
                _ = recv(term) => {}
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
