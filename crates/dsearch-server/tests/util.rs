//! Shared helpers: a fresh index per test (the corpus in `docs/`, plus `docs/news.jsonl`),
//! a server on a free loopback port in a thread of its own, and a small HTTP/1.1 client.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use dsearch::{Index, UpdateOptions};
use dsearch_server::wire::ErrorBody;
use dsearch_server::{ServeOptions, Server};
use serde::de::DeserializeOwned;
use tempfile::TempDir;

/// Documents with ids, URLs and metadata, one per language, written beside the corpus.
pub const NEWS: &str = r#"{"id":"ja-kix","title":"関西国際空港の新しいターミナル","text":"関西国際空港は大阪湾に浮かぶ人工島にあります。新しいターミナルが開業しました。","lang":"ja","url":"https://example.org/ja/kix","source":"nhk","date":"2024-05-01"}
{"id":"vi-mo","title":"Khai thác khoáng sản bền vững","text":"Việt Nam đẩy mạnh hợp tác khoáng sản xanh với các đối tác.","url":"https://example.org/vi/mo","source":"vov","date":"2024-03-05","pages":3}
{"id":"zh-tw","title":"綠色礦產合作","text":"雙方同意拓展綠色礦產合作，推動能源轉型。","source":"cna","date":"2023-11-20"}
{"id":"en-1","title":"Release notes","text":"The search server answers JSON over HTTP.","lang":"en","source":"dsearch","date":"2024-01-10"}
"#;

/// Documents in the test index: the five corpus files and the four of [`NEWS`].
pub const DOCUMENTS: u64 = 9;

/// The corpus shipped with the repository.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

/// A temporary directory with `docs/` (corpus and news) indexed in `.dsearch/`.
pub fn indexed_dir() -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix("dsearch-server-test-")
        .tempdir()
        .expect("temporary directory");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir docs");
    for entry in std::fs::read_dir(corpus_dir()).expect("the corpus exists") {
        let entry = entry.expect("corpus entry");
        std::fs::copy(entry.path(), docs.join(entry.file_name())).expect("copy corpus file");
    }
    std::fs::write(docs.join("news.jsonl"), NEWS).expect("write news.jsonl");
    let index = Index::open_or_create(dir.path().join(".dsearch")).expect("create index");
    let report = index
        .update(&[docs], &UpdateOptions::default(), &mut |_| {})
        .expect("index the documents");
    assert_eq!(report.documents, DOCUMENTS, "{report:?}");
    dir
}

/// A running server; dropping it stops the server and removes its index.
pub struct TestServer {
    pub addr: SocketAddr,
    pub dir: TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestServer {
    /// A read-only server with the default options.
    pub fn start() -> TestServer {
        TestServer::with(|o| o)
    }

    /// A server whose options `f` changes.
    pub fn with(f: impl FnOnce(ServeOptions) -> ServeOptions) -> TestServer {
        let dir = indexed_dir();
        let bind: SocketAddr = "127.0.0.1:0".parse().expect("address");
        let options = f(ServeOptions::default().bind(bind));
        let index = Index::open(dir.path().join(".dsearch")).expect("open index");
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let server = Server::bind(index, options).await.expect("bind");
                addr_tx.send(server.local_addr()).expect("send address");
                server
                    .run(async {
                        let _ = stop_rx.await;
                    })
                    .await
                    .expect("serve");
            });
        });
        let addr = addr_rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the server starts");
        TestServer {
            addr,
            dir,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    /// The index directory.
    pub fn index_dir(&self) -> PathBuf {
        self.dir.path().join(".dsearch")
    }

    /// `GET path`.
    #[track_caller]
    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[], None)
    }

    /// `GET path`, which must answer `status`, decoded as `T`.
    #[track_caller]
    pub fn get_json<T: DeserializeOwned>(&self, path: &str, status: u16) -> T {
        self.get(path).expect(status).json()
    }

    /// Any request.
    #[track_caller]
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Response {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if let Some(b) = body {
            head.push_str(&format!("Content-Length: {}\r\n", b.len()));
        }
        head.push_str("\r\n");
        let mut raw = head.into_bytes();
        raw.extend_from_slice(body.unwrap_or_default());
        self.raw(&raw)
    }

    /// Sends `raw` bytes as they are and reads the answer.
    #[track_caller]
    pub fn raw(&self, raw: &[u8]) -> Response {
        let mut stream = TcpStream::connect(self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        // The server may answer (413) before reading all of a large body and close.
        let _ = stream.write_all(raw);
        let mut out = Vec::new();
        let _ = stream.read_to_end(&mut out);
        Response::parse(&out)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    #[track_caller]
    fn parse(raw: &[u8]) -> Response {
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no end of headers in {:?}", String::from_utf8_lossy(raw)));
        let head = std::str::from_utf8(&raw[..end]).expect("headers are UTF-8");
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .expect("status line");
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut body = raw[end + 4..].to_vec();
        let chunked = headers
            .iter()
            .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
        if chunked {
            body = dechunk(&body);
        }
        Response {
            status,
            headers,
            body,
        }
    }

    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("body is UTF-8")
    }

    /// Asserts the status, showing the body when it differs.
    #[track_caller]
    pub fn expect(self, status: u16) -> Response {
        assert_eq!(
            self.status,
            status,
            "status; body: {}",
            String::from_utf8_lossy(&self.body)
        );
        self
    }

    /// The body decoded as JSON.
    #[track_caller]
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "unexpected JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// Asserts a JSON error with this status and returns its message, which must be
    /// one line.
    #[track_caller]
    pub fn error(self, status: u16) -> String {
        let r = self.expect(status);
        assert_eq!(r.header("content-type"), Some("application/json"), "{r:?}");
        let e: ErrorBody = r.json();
        assert!(!e.error.is_empty() && !e.error.contains('\n'), "{e:?}");
        e.error
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = body.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = std::str::from_utf8(&body[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 {
            return out;
        }
        let start = eol + 2;
        out.extend_from_slice(&body[start..start + size]);
        body = &body[start + size + 2..];
    }
}

/// Percent-encodes a query-string value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
