//! Load on `dsearch serve`: N clients, each on its own keep-alive connection to
//! loopback, send searches back to back (top 10 with snippets, a query mix from the
//! benchmark corpus in Vietnamese, Chinese and Japanese) for a bounded time, while a
//! loop beside them writes small files into an indexed folder and runs `dsearch index`
//! on it, each run a commit the server must pick up. Reports queries per second,
//! latency percentiles and errors (which must be zero), and writes
//! `target/bench-serve/results.json`.
//!
//! Every answer is checked (status 200, a JSON object of hits); every query of the
//! mix is checked once to find something; at the end the word of the last commit must
//! be found through the server.
//!
//! Run: `scripts/bench-serve.sh` (builds the corpus when missing), or
//! `cargo bench -p dsearch-cli --bench serve` once `target/bench-corpus/s1/jsonl` exists.
//! Environment: `BENCH_SERVE_CLIENTS` (default 16), `BENCH_SERVE_SECONDS` (20),
//! `BENCH_SERVE_MAX_REQUESTS` (2,000,000), `BENCH_SERVE_CORPUS` (the JSONL directory),
//! `BENCH_SERVE_COMMIT_PAUSE_MS` (pause between `dsearch index` runs, default 500),
//! `BENCH_SERVE_QUERIES` (a file of queries, one a line, instead of the mix below).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader as AsyncBufReader};
use tokio::net::TcpStream;

/// The query mix: words, phrases, text without diacritics, traditional characters,
/// exclusions, rare and frequent words, in the three languages of the corpus.
const QUERIES: &[&str] = &[
    "hộp thoại",
    "mật khẩu",
    "\"định dạng ô\"",
    "bảng tính",
    "hop thoai",
    "mat khau",
    "hoàn tác",
    "hộp thoại -\"định dạng\"",
    "của",
    "数据库",
    "文档",
    "數據庫",
    "電子表格",
    "明月 -春风",
    "乾隆",
    "人",
    "ファイルを開く",
    "データベース",
    "パッケージ",
    "設定",
];

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn dsearch() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dsearch"))
}

/// `q` percent-encoded for a query string.
fn enc(q: &str) -> String {
    let mut out = String::new();
    for b in q.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The index of the corpus, built once (about a minute on two cores) and reused.
fn ensure_index(corpus: &Path, index: &Path) {
    let stamp = index.join("bench-serve.corpus");
    let wanted = corpus.display().to_string();
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(&wanted[..]) {
        return;
    }
    let _ = std::fs::remove_dir_all(index);
    eprintln!("indexing {} into {} ...", corpus.display(), index.display());
    let t = Instant::now();
    let status = dsearch()
        .arg("--index")
        .arg(index)
        .arg("index")
        .arg(corpus)
        .status()
        .expect("run dsearch index");
    assert!(status.success(), "dsearch index failed");
    eprintln!("indexed in {:.1} s", t.elapsed().as_secs_f64());
    std::fs::write(&stamp, wanted).expect("write the stamp");
}

/// `dsearch serve` on a port the system picks.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(index: &Path) -> Server {
        let child = dsearch()
            .arg("--index")
            .arg(index)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dsearch serve");
        // Killed by `drop` if this fails half-way.
        let mut server = Server {
            child,
            addr: String::new(),
        };
        let mut lines = BufReader::new(server.child.stderr.take().expect("stderr"));
        let mut line = String::new();
        lines.read_line(&mut line).expect("read the first line");
        server.addr = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        server
    }

    /// CPU time the server has used so far (user and system), in seconds, from /proc.
    fn cpu_seconds(&self) -> Option<f64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        // Fields after the command name, which is in parentheses: utime and stime are
        // the 14th and 15th fields of the line, in clock ticks.
        let rest = &stat[stat.rfind(')')? + 2..];
        let f: Vec<&str> = rest.split_whitespace().collect();
        let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
        let hz = Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.trim().parse::<f64>().ok())
            .unwrap_or(100.0);
        Some(ticks / hz)
    }

    /// Peak resident memory, in MB, from /proc.
    fn peak_rss_mb(&self) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb / 1024.0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One keep-alive HTTP/1.1 connection.
struct Client {
    stream: AsyncBufReader<TcpStream>,
    addr: String,
}

impl Client {
    async fn connect(addr: &str) -> std::io::Result<Client> {
        let s = TcpStream::connect(addr).await?;
        s.set_nodelay(true)?;
        Ok(Client {
            stream: AsyncBufReader::new(s),
            addr: addr.to_string(),
        })
    }

    /// `GET path`: the status and the body.
    async fn get(&mut self, path: &str) -> std::io::Result<(u16, Vec<u8>)> {
        let request = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr);
        self.stream.get_mut().write_all(request.as_bytes()).await?;
        let mut line = String::new();
        self.stream.read_line(&mut line).await?;
        let status: u16 = line
            .get(9..12)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut length = None;
        loop {
            line.clear();
            if self.stream.read_line(&mut line).await? == 0 {
                return Err(std::io::Error::other("connection closed in the headers"));
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse::<usize>().ok();
                }
            }
        }
        let length =
            length.ok_or_else(|| std::io::Error::other("an answer without Content-Length"))?;
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await?;
        Ok((status, body))
    }
}

/// What the clients measured.
#[derive(Default)]
struct Tally {
    latencies_us: Vec<u32>,
    /// The query of each latency (an index into the mix).
    queries: Vec<u16>,
    errors: u64,
    first_error: Option<String>,
}

async fn client(
    addr: String,
    paths: Arc<Vec<String>>,
    seed: usize,
    deadline: Instant,
    budget: Arc<AtomicI64>,
) -> Tally {
    let mut tally = Tally::default();
    let mut conn: Option<Client> = None;
    let mut i = seed;
    while Instant::now() < deadline && budget.fetch_sub(1, Ordering::Relaxed) > 0 {
        i = (i + 1) % paths.len();
        let start = Instant::now();
        let c = match conn.as_mut() {
            Some(c) => c,
            None => match Client::connect(&addr).await {
                Ok(c) => conn.insert(c),
                Err(e) => {
                    tally.errors += 1;
                    tally.first_error.get_or_insert(format!("connect: {e}"));
                    continue;
                }
            },
        };
        match c.get(&paths[i]).await {
            Ok((200, body)) if body.starts_with(b"{\"hits\":[") => {
                tally
                    .latencies_us
                    .push(start.elapsed().as_micros().min(u32::MAX as u128) as u32);
                tally.queries.push(i as u16);
            }
            Ok((status, body)) => {
                tally.errors += 1;
                tally.first_error.get_or_insert(format!(
                    "{status} for {}: {}",
                    paths[i],
                    String::from_utf8_lossy(&body[..body.len().min(200)])
                ));
            }
            Err(e) => {
                tally.errors += 1;
                tally
                    .first_error
                    .get_or_insert(format!("{}: {e}", paths[i]));
                conn = None;
            }
        }
    }
    tally
}

/// Writes small files into `live` and runs `dsearch index live` until `stop`; returns
/// each run's duration and the word of the last commit.
fn churn(index: &Path, live: &Path, stop: &AtomicBool, pause: Duration) -> (Vec<f64>, String) {
    const TEXTS: [&str; 3] = [
        "Hộp thoại mới cho phép đặt mật khẩu và định dạng ô trong bảng tính",
        "新的数据库文档说明了如何设置密码和表格格式",
        "新しいデータベースの設定ファイルを開く手順を説明します",
    ];
    let mut runs = Vec::new();
    let mut last = String::new();
    let mut n = 0usize;
    while !stop.load(Ordering::Relaxed) {
        // Twenty files, rewritten in turn: each run adds one or updates one.
        let word = format!("zzlive{n}");
        let text = format!("Tin {n}\n{} {word}\n", TEXTS[n % 3]);
        std::fs::write(live.join(format!("live-{:02}.txt", n % 20)), text).expect("write");
        let t = Instant::now();
        let out = dsearch()
            .arg("--index")
            .arg(index)
            .args(["index", "--wait", "--threads", "1"])
            .arg(live)
            .output()
            .expect("run dsearch index");
        assert!(
            out.status.success(),
            "dsearch index failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        runs.push(t.elapsed().as_secs_f64());
        last = word;
        n += 1;
        std::thread::sleep(pause);
    }
    (runs, last)
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[i]) / 1000.0
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let clients = env_num("BENCH_SERVE_CLIENTS", 16).max(1) as usize;
    let seconds = env_num("BENCH_SERVE_SECONDS", 20).clamp(1, 600);
    let max_requests = env_num("BENCH_SERVE_MAX_REQUESTS", 2_000_000);
    let pause = Duration::from_millis(env_num("BENCH_SERVE_COMMIT_PAUSE_MS", 500));
    let corpus = std::env::var_os("BENCH_SERVE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target/bench-corpus/s1/jsonl"));
    assert!(
        corpus.is_dir(),
        "no corpus at {} (scripts/bench-corpus.sh builds it, or set BENCH_SERVE_CORPUS)",
        corpus.display()
    );
    let corpus = corpus.canonicalize().expect("corpus path");
    let work = repo().join("target/bench-serve");
    let index = work.join("root/.dsearch");
    ensure_index(&corpus, &index);
    // The folder `dsearch index` keeps writing to, emptied first (its documents too).
    let live = work.join("root/live");
    let _ = std::fs::remove_dir_all(&live);
    std::fs::create_dir_all(&live).expect("mkdir live");
    std::fs::write(live.join("live-start.txt"), "Start\nzzlivestart\n").expect("write");
    let out = dsearch()
        .arg("--index")
        .arg(&index)
        .arg("index")
        .arg(&live)
        .output()
        .expect("index live");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let server = Server::start(&index);
    let addr = server.addr.clone();
    let queries: Vec<String> = match std::env::var_os("BENCH_SERVE_QUERIES") {
        Some(file) => std::fs::read_to_string(&file)
            .expect("read BENCH_SERVE_QUERIES")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect(),
        None => QUERIES.iter().map(|q| q.to_string()).collect(),
    };
    assert!(!queries.is_empty(), "no queries");
    let paths: Arc<Vec<String>> = Arc::new(
        queries
            .iter()
            .map(|q| format!("/search?q={}&limit=10", enc(q)))
            .collect(),
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");

    // Every query of the mix finds something (this also warms the server).
    runtime.block_on(async {
        let mut c = Client::connect(&addr).await.expect("connect");
        for (q, p) in queries.iter().zip(paths.iter()) {
            let (status, body) = c.get(p).await.expect("warm-up request");
            assert_eq!(status, 200, "{q}: {}", String::from_utf8_lossy(&body));
            let v: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
            let hits = v["hits"].as_array().map_or(0, Vec::len);
            assert!(hits > 0, "the query {q:?} finds nothing in the corpus");
            assert!(
                v["hits"][0]["snippet"]
                    .as_str()
                    .is_some_and(|s| !s.is_empty()),
                "{q}: no snippet"
            );
        }
    });

    eprintln!(
        "load: {clients} clients for {seconds} s on http://{addr}/ ({} queries in the mix), \
         dsearch index committing beside them",
        queries.len()
    );
    let stop = Arc::new(AtomicBool::new(false));
    let churner = {
        let (index, live, stop) = (index.clone(), live.clone(), stop.clone());
        std::thread::spawn(move || churn(&index, &live, &stop, pause))
    };
    let budget = Arc::new(AtomicI64::new(max_requests as i64));
    let cpu_before = server.cpu_seconds();
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let tallies: Vec<Tally> = runtime.block_on(async {
        let tasks: Vec<_> = (0..clients)
            .map(|c| {
                tokio::spawn(client(
                    addr.clone(),
                    paths.clone(),
                    c * 3,
                    deadline,
                    budget.clone(),
                ))
            })
            .collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.expect("client task"));
        }
        out
    });
    let elapsed = start.elapsed().as_secs_f64();
    let cpu = server
        .cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    stop.store(true, Ordering::Relaxed);
    let (runs, last_word) = churner.join().expect("the churn loop");

    // The last commit is visible through the server.
    let seen = runtime.block_on(async {
        let mut c = Client::connect(&addr).await.expect("connect");
        let (status, body) = c
            .get(&format!("/search?q={last_word}"))
            .await
            .expect("final query");
        status == 200 && String::from_utf8_lossy(&body).contains(&last_word)
    });

    let mut latencies: Vec<u32> = tallies
        .iter()
        .flat_map(|t| t.latencies_us.iter().copied())
        .collect();
    latencies.sort_unstable();
    let errors: u64 = tallies.iter().map(|t| t.errors).sum();
    let first_error = tallies.iter().find_map(|t| t.first_error.clone());
    let ok = latencies.len() as f64;
    let qps = ok / elapsed;
    let (p50, p90, p99, max) = (
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.90),
        percentile(&latencies, 0.99),
        percentile(&latencies, 1.0),
    );
    // Per query of the mix: median and p99, to see which queries make the tail.
    let mut per_query: Vec<Vec<u32>> = vec![Vec::new(); queries.len()];
    for t in &tallies {
        for (&l, &q) in t.latencies_us.iter().zip(&t.queries) {
            per_query[q as usize].push(l);
        }
    }
    let per_query: Vec<serde_json::Value> = per_query
        .iter_mut()
        .zip(&queries)
        .map(|(l, q)| {
            l.sort_unstable();
            serde_json::json!({
                "query": q,
                "requests": l.len(),
                "p50_ms": percentile(l, 0.5),
                "p99_ms": percentile(l, 0.99),
            })
        })
        .collect();
    let mut sorted_runs = runs.clone();
    sorted_runs.sort_by(f64::total_cmp);
    let index_median = sorted_runs
        .get(sorted_runs.len() / 2)
        .copied()
        .unwrap_or(f64::NAN);
    let rss = server.peak_rss_mb();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "requests {} in {elapsed:.1} s: {qps:.0} queries/s; latency p50 {p50:.2} ms, p90 {p90:.2} ms, \
         p99 {p99:.2} ms, max {max:.2} ms; errors {errors}; commits {} (dsearch index median {:.2} s); \
         last commit seen: {seen}; server CPU {:.2} cores, {:.2} ms per query; server peak RSS {:.0} MB; \
         load average {}",
        latencies.len(),
        runs.len(),
        index_median,
        cpu.map_or(f64::NAN, |c| c / elapsed),
        cpu.map_or(f64::NAN, |c| c * 1e3 / ok),
        rss.unwrap_or(f64::NAN),
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    );
    let result = serde_json::json!({
        "clients": clients,
        "seconds": elapsed,
        "requests": latencies.len(),
        "queries_per_second": qps,
        "p50_ms": p50,
        "p90_ms": p90,
        "p99_ms": p99,
        "max_ms": max,
        "errors": errors,
        "first_error": first_error,
        "commits": runs.len(),
        "index_run_median_s": index_median,
        "last_commit_seen": seen,
        "server_peak_rss_mb": rss,
        "server_cpu_cores": cpu.map(|c| c / elapsed),
        "server_cpu_ms_per_query": cpu.map(|c| c * 1e3 / ok),
        "load_average": load.trim(),
        "per_query": per_query,
        "corpus": corpus,
    });
    std::fs::write(
        work.join("results.json"),
        serde_json::to_string_pretty(&result).expect("json"),
    )
    .expect("write results");
    assert_eq!(errors, 0, "errors under load; the first: {first_error:?}");
    assert!(!runs.is_empty(), "no commit happened during the load");
    assert!(
        seen,
        "the server did not find {last_word} of the last commit"
    );
}
