//! Shared by the benchmarks: the corpus (built by `scripts/bench-corpus.sh`), the
//! indexes every engine searches, the query set, and result files.
//!
//! Everything lives under `target/bench-corpus/s<SCALE>/` (`BENCH_SCALE`, default 1):
//! `jsonl/` (the documents), `index/` (dsearch and FTS5 indexes), `results/` (one
//! JSON file per benchmark, read by `scripts/bench.sh` to write BENCHMARKS.md).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

mod fts5;
mod queries;

// Each benchmark uses some of these.
#[allow(unused_imports)]
pub use fts5::{ensure_fts5, fts5_build, fts5_load, Fts5, Tokenizer};
#[allow(unused_imports)]
pub use queries::{queries, Fts, Query};

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// True when the binary runs as a benchmark (`cargo bench`), false under
/// `cargo test --benches`, where the heavy work is skipped.
pub fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// The corpus of this run.
pub struct Corpus {
    /// `target/bench-corpus/s<SCALE>`.
    pub dir: PathBuf,
    /// The JSONL shards.
    pub jsonl: PathBuf,
    /// `manifest.json`.
    pub manifest: Value,
}

impl Corpus {
    pub fn docs(&self) -> u64 {
        self.manifest["docs"].as_u64().unwrap_or(0)
    }
    pub fn text_bytes(&self) -> u64 {
        self.manifest["text_bytes"].as_u64().unwrap_or(0)
    }
    pub fn jsonl_bytes(&self) -> u64 {
        self.manifest["jsonl_bytes"].as_u64().unwrap_or(0)
    }
    pub fn index_dir(&self) -> PathBuf {
        self.dir.join("index")
    }
    /// The dsearch index the query benchmarks search.
    pub fn dsearch_index(&self) -> PathBuf {
        self.index_dir().join("dsearch")
    }
    pub fn fts5_db(&self, tokenizer: Tokenizer) -> PathBuf {
        self.index_dir()
            .join(format!("fts5-{}.db", tokenizer.name()))
    }
    /// The shards, sorted.
    pub fn shards(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(&self.jsonl)
            .expect("jsonl dir")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
            .collect();
        v.sort();
        v
    }
    pub fn write_result(&self, name: &str, value: &Value) {
        let dir = self.dir.join("results");
        std::fs::create_dir_all(&dir).expect("results dir");
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, serde_json::to_string_pretty(value).expect("json"))
            .expect("write result");
        eprintln!("wrote {}", path.display());
    }
}

pub fn scale() -> String {
    std::env::var("BENCH_SCALE").unwrap_or_else(|_| "1".into())
}

/// The corpus, built first when missing (idempotent and cached).
pub fn corpus() -> Corpus {
    let scale = scale();
    let dir = repo().join("target/bench-corpus").join(format!("s{scale}"));
    if !dir.join(".complete").is_file() {
        let status = Command::new(repo().join("scripts/bench-corpus.sh"))
            .args(["--scale", &scale])
            .status()
            .expect("run scripts/bench-corpus.sh");
        assert!(status.success(), "scripts/bench-corpus.sh failed");
    }
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("manifest.json")).expect("manifest.json"),
    )
    .expect("manifest json");
    Corpus {
        jsonl: dir.join("jsonl"),
        dir,
        manifest,
    }
}

/// The release `dsearch` binary (built by `scripts/bench.sh`).
pub fn dsearch_bin() -> PathBuf {
    let p = repo().join("target/release/dsearch");
    assert!(
        p.is_file(),
        "{} is missing: run `cargo build --release -p dsearch-cli` (scripts/bench.sh does)",
        p.display()
    );
    p
}

/// `rg`, which `scripts/bench.sh` installs from Debian when missing.
pub fn rg_bin() -> PathBuf {
    let out = Command::new("sh")
        .args(["-c", "command -v rg"])
        .output()
        .expect("sh");
    let s = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(!s.is_empty(), "rg is missing: apt-get install ripgrep");
    PathBuf::from(s)
}

/// Indexes the corpus with the CLI into `dir` (a fresh directory); returns the
/// seconds and the `dsearch index` summary line.
pub fn dsearch_build(c: &Corpus, dir: &Path, extra: &[&str]) -> (f64, String) {
    let _ = std::fs::remove_dir_all(dir);
    let started = Instant::now();
    let out = Command::new(dsearch_bin())
        .arg("--index")
        .arg(dir)
        .arg("index")
        .args(extra)
        .arg(&c.jsonl)
        .output()
        .expect("run dsearch index");
    let secs = started.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "dsearch index failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        secs,
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
    )
}

/// The dsearch index of the corpus, built with the defaults when missing.
pub fn ensure_dsearch_index(c: &Corpus) -> PathBuf {
    let dir = c.dsearch_index();
    let stamp = dir.join("bench.stamp");
    let want = format!("{}", c.docs());
    let ok = std::fs::read_to_string(&stamp).is_ok_and(|s| s == want)
        && dsearch::Index::open(&dir).is_ok();
    if !ok {
        eprintln!("building the dsearch index in {}", dir.display());
        let (secs, line) = dsearch_build(c, &dir, &[]);
        eprintln!("{line} ({secs:.1} s)");
        std::fs::write(&stamp, &want).expect("stamp");
    }
    dir
}

/// Every document of the corpus as (title, text), in shard order.
pub fn load_docs(c: &Corpus) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for shard in c.shards() {
        let text = std::fs::read_to_string(&shard).expect("read shard");
        for line in text.lines() {
            let v: Value = serde_json::from_str(line).expect("jsonl line");
            out.push((
                v["title"].as_str().unwrap_or("").to_string(),
                v["text"].as_str().unwrap_or("").to_string(),
            ));
        }
    }
    out
}

/// Median and 95th percentile (nearest rank) of `v`, in the unit of `v`.
pub fn median_p95(v: &[f64]) -> (f64, f64) {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    if s.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let rank = |p: f64| {
        let i = ((p * s.len() as f64).ceil() as usize).clamp(1, s.len()) - 1;
        s[i]
    };
    let median = if s.len() % 2 == 1 {
        s[s.len() / 2]
    } else {
        (s[s.len() / 2 - 1] + s[s.len() / 2]) / 2.0
    };
    (median, rank(0.95))
}

/// `/proc/loadavg` (1, 5 and 15 minutes): other work on the machine skews timings.
pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Machine facts for the report.
pub fn machine() -> Value {
    let sh = |cmd: &str| {
        Command::new("sh")
            .args(["-c", cmd])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    serde_json::json!({
        "nproc": sh("nproc"),
        "cpu": sh("lscpu | sed -n 's/^Model name: *//p' | head -n 1"),
        "memory": sh("free -h | awk '/^Mem:/ {print $2}'"),
        "kernel": sh("uname -r"),
        "rustc": sh("rustc --version"),
        "sqlite": rusqlite::version(),
        "rg": sh("rg --version | head -n 1"),
    })
}
