//! What every handler shares ([`App`]): the index, the options, and the two gates of
//! blocking work: a semaphore bounding the library calls that run at once, and the
//! write lock that lets one write at a time through.

use std::path::Path;
use std::sync::Arc;

use dsearch::Index;
use tokio::sync::{Mutex, OwnedMutexGuard, Semaphore};

use crate::error::ApiError;
use crate::options::ServeOptions;

/// The server's state.
pub(crate) struct App {
    /// The index searched and written.
    pub(crate) index: Index,
    /// The options the server started with.
    pub(crate) options: ServeOptions,
    /// Permits for library calls (searches, reads, writes) running at once.
    work: Arc<Semaphore>,
    /// Held for the whole of a write, commit included.
    write_lock: Arc<Mutex<()>>,
}

/// The state as handlers receive it.
pub(crate) type Shared = Arc<App>;

impl App {
    pub(crate) fn new(index: Index, options: ServeOptions) -> App {
        App {
            index,
            work: Arc::new(Semaphore::new(options.max_concurrent_searches.max(1))),
            options,
            write_lock: Arc::new(Mutex::new(())),
        }
    }

    /// Runs `f`, a blocking library call, on tokio's blocking threads once a permit is
    /// free. The permit is held until `f` returns, even when the request timed out
    /// meanwhile (the call cannot be stopped, and the permit keeps the work on the
    /// cores bounded); a call that returns after the time limit is a 503; a panic in
    /// `f` becomes a 500.
    pub(crate) async fn blocking<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&App) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        self.run(f, true).await
    }

    async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&App) -> Result<T, ApiError> + Send + 'static,
        time_limit: bool,
    ) -> Result<T, ApiError> {
        let started = std::time::Instant::now();
        let permit = self
            .work
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("the server is shutting down"))?;
        let app = self.clone();
        let task = tokio::task::spawn_blocking(move || {
            let out = f(&app);
            drop(permit);
            out
        });
        let out = task.await;
        // The timeout layer's timer ticks by the millisecond: a call that finished after
        // the limit, before the timer fired, is late all the same.
        if time_limit && started.elapsed() >= self.options.timeout {
            return Err(too_long());
        }
        match out {
            Ok(out) => out,
            Err(e) if e.is_panic() => Err(ApiError::internal(
                "internal error: the request failed (see the server's log)",
            )),
            Err(_) => Err(ApiError::internal("the request was cancelled")),
        }
    }

    /// Runs `f` like [`App::blocking`], holding the write lock until it returns: writes
    /// of this server never meet each other; another process's writer still can, and
    /// that is [`dsearch::ErrorKind::Busy`]. A write has no time limit: it is applied
    /// once it runs, so its answer says what happened (a 503 after it committed would
    /// tell the client it failed).
    pub(crate) async fn write<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&App) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let guard: OwnedMutexGuard<()> = self.write_lock.clone().lock_owned().await;
        self.run(
            move |app| {
                let out = f(app);
                drop(guard);
                out
            },
            false,
        )
        .await
    }

    /// A stored path as clients see it: relative to the index root when under it.
    pub(crate) fn shown_path(&self, path: &Path) -> String {
        path.strip_prefix(self.index.root())
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned()
    }
}

/// The 503 of a read over the time limit. Its work may still be running: the library
/// call cannot be stopped, and keeps its permit until it returns.
pub(crate) fn too_long() -> ApiError {
    ApiError::new(axum::http::StatusCode::SERVICE_UNAVAILABLE, TOO_LONG)
}

/// The message of [`too_long`], also given to the time limit layer's empty 503.
pub(crate) const TOO_LONG: &str = "the request took longer than the server's time limit";
