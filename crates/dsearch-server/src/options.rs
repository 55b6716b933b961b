//! What a server is started with: where it listens, whether it takes writes, and the
//! limits it puts on every request ([`ServeOptions`]).

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use dsearch::Dictionaries;

/// The address `dsearch serve` listens on by default: loopback only.
pub const DEFAULT_BIND: SocketAddr = SocketAddr::new(
    std::net::IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1)),
    DEFAULT_PORT,
);

/// The default port.
pub const DEFAULT_PORT: u16 = 7700;

/// Options of [`crate::Server::bind`].
///
/// ```
/// use dsearch_server::ServeOptions;
/// let options = ServeOptions::default().write_token(Some("s3cret".into()));
/// assert!(options.bind.ip().is_loopback());
/// assert_eq!(options.max_limit, 100);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServeOptions {
    /// Where to listen (default [`DEFAULT_BIND`]; port 0 picks a free port, which
    /// [`crate::Server::local_addr`] tells).
    pub bind: SocketAddr,
    /// With a token, `POST /documents` and `DELETE /documents/{id}` exist and need
    /// `Authorization: Bearer TOKEN`; without one the server only reads.
    pub write_token: Option<String>,
    /// The dictionaries `GET /analyze` analyses with (searches use the index's own).
    pub dictionaries: Dictionaries,
    /// The largest request body accepted, in bytes (default 1 MiB); larger ones get
    /// 413.
    pub max_body_bytes: usize,
    /// The longest a read may take (default 10 s); slower ones get 503. Writes have no
    /// limit: once they run they are applied, and answer what happened.
    pub timeout: Duration,
    /// The largest `limit` of `GET /search` (default 100); a larger one is capped, with
    /// a warning in the response.
    pub max_limit: usize,
    /// The largest `offset` of `GET /search` (default 10,000); a larger one gets 400.
    pub max_offset: usize,
    /// The longest query `q`, in characters (default 1,000).
    pub max_query_chars: usize,
    /// The longest `text` of `GET /analyze`, in bytes (default 64 KiB).
    pub max_analyze_bytes: usize,
    /// Library calls (searches, reads, writes) that run at once; more wait in line,
    /// first come first served (default: one per core). Searches are CPU work: more at
    /// once than cores only share the cores, and a slow query shared with many others
    /// takes many times as long, which is what the tail latency sees.
    pub max_concurrent_searches: usize,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions {
            bind: DEFAULT_BIND,
            write_token: None,
            dictionaries: Dictionaries::default_ref().clone(),
            max_body_bytes: 1 << 20,
            timeout: Duration::from_secs(10),
            max_limit: 100,
            max_offset: 10_000,
            max_query_chars: 1_000,
            max_analyze_bytes: 64 << 10,
            max_concurrent_searches: std::thread::available_parallelism().map_or(2, |n| n.get()),
        }
    }
}

impl ServeOptions {
    /// Sets [`ServeOptions::bind`].
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.bind = addr;
        self
    }

    /// Sets [`ServeOptions::write_token`].
    pub fn write_token(mut self, token: Option<String>) -> Self {
        self.write_token = token;
        self
    }

    /// Sets [`ServeOptions::dictionaries`].
    pub fn dictionaries(mut self, dictionaries: Dictionaries) -> Self {
        self.dictionaries = dictionaries;
        self
    }

    /// Sets [`ServeOptions::max_body_bytes`].
    pub fn max_body_bytes(mut self, n: usize) -> Self {
        self.max_body_bytes = n;
        self
    }

    /// Sets [`ServeOptions::timeout`].
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }

    /// True when the server is reachable only from this machine.
    pub fn is_loopback(&self) -> bool {
        self.bind.ip().is_loopback()
    }
}
