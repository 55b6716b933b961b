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

use rusqlite::Connection;
use serde_json::Value;

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

/// FTS5 tokenizers compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tokenizer {
    /// `unicode61 remove_diacritics 2`: words; diacritics folded.
    Unicode61,
    /// `trigram`: substrings of three characters (and LIKE on them).
    Trigram,
}

impl Tokenizer {
    pub fn name(self) -> &'static str {
        match self {
            Tokenizer::Unicode61 => "unicode61",
            Tokenizer::Trigram => "trigram",
        }
    }
    /// The tokenizer [`Tokenizer::name`] names.
    pub fn from_name(name: &str) -> Option<Tokenizer> {
        [Tokenizer::Unicode61, Tokenizer::Trigram]
            .into_iter()
            .find(|t| t.name() == name)
    }
    fn spec(self) -> &'static str {
        match self {
            Tokenizer::Unicode61 => "unicode61 remove_diacritics 2",
            Tokenizer::Trigram => "trigram",
        }
    }
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

/// Builds an FTS5 database of the corpus at `path`, in one transaction, reading and
/// parsing the same JSONL shards as dsearch. Returns the seconds (reading included).
pub fn fts5_build(c: &Corpus, tokenizer: Tokenizer, path: &Path) -> f64 {
    let started = Instant::now();
    fts5_load(path, tokenizer, |insert| {
        for shard in c.shards() {
            let text = std::fs::read_to_string(&shard).expect("read shard");
            text.lines().for_each(&mut *insert);
        }
    });
    started.elapsed().as_secs_f64()
}

/// Builds an FTS5 table `docs(title, text)` at `path` (replacing any file there) from
/// JSONL records: `feed` is given the function that inserts one line. One transaction,
/// then `optimize`. Returns the number of rows.
pub fn fts5_load(
    path: &Path,
    tokenizer: Tokenizer,
    feed: impl FnOnce(&mut dyn FnMut(&str)),
) -> u64 {
    let _ = std::fs::remove_file(path);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("index dir");
    let mut conn = Connection::open(path).expect("open sqlite");
    conn.execute_batch("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
        .expect("pragmas");
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE docs USING fts5(title, text, tokenize = '{}');",
        tokenizer.spec()
    ))
    .expect("create fts5 table");
    let tx = conn.transaction().expect("transaction");
    let mut rows = 0u64;
    {
        let mut ins = tx
            .prepare("INSERT INTO docs(rowid, title, text) VALUES (?1, ?2, ?3)")
            .expect("prepare insert");
        feed(&mut |line: &str| {
            let v: Value = serde_json::from_str(line).expect("jsonl line");
            rows += 1;
            ins.execute(rusqlite::params![
                rows as i64,
                v["title"].as_str().unwrap_or(""),
                v["text"].as_str().unwrap_or("")
            ])
            .expect("insert");
        });
    }
    tx.commit().expect("commit");
    conn.execute_batch("INSERT INTO docs(docs) VALUES('optimize');")
        .expect("optimize");
    rows
}

/// The FTS5 database of `tokenizer`, built when missing.
pub fn ensure_fts5(c: &Corpus, tokenizer: Tokenizer) -> PathBuf {
    let path = c.fts5_db(tokenizer);
    let stamp = path.with_extension("stamp");
    let want = format!("{}", c.docs());
    if !(path.is_file() && std::fs::read_to_string(&stamp).is_ok_and(|s| s == want)) {
        eprintln!("building {}", path.display());
        let secs = fts5_build(c, tokenizer, &path);
        eprintln!("built in {secs:.1} s");
        std::fs::write(&stamp, &want).expect("stamp");
    }
    path
}

/// How FTS5 answers a query.
#[derive(Debug, Clone, Copy)]
pub enum Fts {
    /// `docs MATCH expr ORDER BY rank LIMIT 10` on the table of a tokenizer.
    Match(Tokenizer, &'static str),
    /// Terms of one or two CJK characters are shorter than a trigram: FTS5 can only
    /// scan with `LIKE` (no ranking, no snippet). Title or text must contain every
    /// `pos` and no `neg`.
    Like(&'static [&'static str], &'static [&'static str]),
}

/// One query of the set, as each engine is given it.
#[derive(Debug, Clone, Copy)]
pub struct Query {
    /// Short name (criterion id).
    pub name: &'static str,
    /// The class of the issue.
    pub class: &'static str,
    /// dsearch syntax.
    pub dsearch: &'static str,
    /// FTS5.
    pub fts: Fts,
    /// `rg -F` literal, and a literal whose lines are then dropped (`| rg -v -F`).
    pub rg: (&'static str, Option<&'static str>),
    /// Script of the query: `vi`, `zh` or `ja` (the process targets differ).
    pub script: &'static str,
}

/// The query set: two queries per class.
pub fn queries() -> Vec<Query> {
    use Fts::*;
    use Tokenizer::*;
    vec![
        Query {
            name: "vi_word_hop_thoai",
            class: "Vietnamese word",
            dsearch: "hộp thoại",
            fts: Match(Unicode61, "hộp thoại"),
            rg: ("hộp thoại", None),
            script: "vi",
        },
        Query {
            name: "vi_word_mat_khau",
            class: "Vietnamese word",
            dsearch: "mật khẩu",
            fts: Match(Unicode61, "mật khẩu"),
            rg: ("mật khẩu", None),
            script: "vi",
        },
        Query {
            name: "vi_phrase_dinh_dang_o",
            class: "Vietnamese phrase",
            dsearch: "\"định dạng ô\"",
            fts: Match(Unicode61, "\"định dạng ô\""),
            rg: ("định dạng ô", None),
            script: "vi",
        },
        Query {
            name: "vi_phrase_bang_tinh",
            class: "Vietnamese phrase",
            dsearch: "\"bảng tính\"",
            fts: Match(Unicode61, "\"bảng tính\""),
            rg: ("bảng tính", None),
            script: "vi",
        },
        Query {
            name: "vi_nodiac_hop_thoai",
            class: "Vietnamese without diacritics",
            dsearch: "hop thoai",
            fts: Match(Unicode61, "hop thoai"),
            rg: ("hop thoai", None),
            script: "vi",
        },
        Query {
            name: "vi_nodiac_mat_khau",
            class: "Vietnamese without diacritics",
            dsearch: "mat khau",
            fts: Match(Unicode61, "mat khau"),
            rg: ("mat khau", None),
            script: "vi",
        },
        Query {
            name: "zh_word_shujuku",
            class: "Chinese simplified word",
            dsearch: "数据库",
            fts: Match(Trigram, "\"数据库\""),
            rg: ("数据库", None),
            script: "zh",
        },
        Query {
            name: "zh_word_wendang",
            class: "Chinese simplified word",
            dsearch: "文档",
            fts: Like(&["文档"], &[]),
            rg: ("文档", None),
            script: "zh",
        },
        Query {
            name: "zh_trad_shujuku",
            class: "traditional query, simplified documents",
            dsearch: "數據庫",
            fts: Match(Trigram, "\"數據庫\""),
            rg: ("數據庫", None),
            script: "zh",
        },
        Query {
            name: "zh_trad_dianzi_biaoge",
            class: "traditional query, simplified documents",
            dsearch: "電子表格",
            fts: Match(Trigram, "\"電子表格\""),
            rg: ("電子表格", None),
            script: "zh",
        },
        Query {
            name: "ja_file_open",
            class: "Japanese",
            dsearch: "ファイルを開く",
            fts: Match(Trigram, "\"ファイルを開く\""),
            rg: ("ファイルを開く", None),
            script: "ja",
        },
        Query {
            name: "ja_database",
            class: "Japanese",
            dsearch: "データベース",
            fts: Match(Trigram, "\"データベース\""),
            rg: ("データベース", None),
            script: "ja",
        },
        Query {
            name: "excl_mingyue_not_chunfeng",
            class: "exclusion",
            dsearch: "明月 -春风",
            fts: Like(&["明月"], &["春风"]),
            rg: ("明月", Some("春风")),
            script: "zh",
        },
        Query {
            name: "excl_hop_thoai_not_dinh_dang",
            class: "exclusion",
            dsearch: "hộp thoại -\"định dạng\"",
            fts: Match(Unicode61, "hộp thoại NOT \"định dạng\""),
            rg: ("hộp thoại", Some("định dạng")),
            script: "vi",
        },
        Query {
            name: "rare_qianlong",
            class: "rare term",
            dsearch: "乾隆",
            fts: Like(&["乾隆"], &[]),
            rg: ("乾隆", None),
            script: "zh",
        },
        Query {
            name: "rare_hoan_tac",
            class: "rare term",
            dsearch: "hoàn tác",
            fts: Match(Unicode61, "hoàn tác"),
            rg: ("hoàn tác", None),
            script: "vi",
        },
        Query {
            name: "frequent_ren",
            class: "frequent term",
            dsearch: "人",
            fts: Like(&["人"], &[]),
            rg: ("人", None),
            script: "zh",
        },
        Query {
            name: "frequent_cua",
            class: "frequent term",
            dsearch: "của",
            fts: Match(Unicode61, "của"),
            rg: ("của", None),
            script: "vi",
        },
    ]
}

/// An open FTS5 database and the statements of the query set.
pub struct Fts5 {
    pub unicode61: Connection,
    pub trigram: Connection,
}

impl Fts5 {
    pub fn open(c: &Corpus) -> Fts5 {
        let open = |t| {
            let conn = Connection::open_with_flags(
                ensure_fts5(c, t),
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )
            .expect("open fts5 db");
            // Enough page cache to hold the hot part of the index in memory, as a
            // long-running process would.
            conn.execute_batch("PRAGMA cache_size = -262144; PRAGMA mmap_size = 1073741824;")
                .expect("pragmas");
            conn
        };
        Fts5 {
            unicode61: open(Tokenizer::Unicode61),
            trigram: open(Tokenizer::Trigram),
        }
    }

    fn conn(&self, t: Tokenizer) -> &Connection {
        match t {
            Tokenizer::Unicode61 => &self.unicode61,
            Tokenizer::Trigram => &self.trigram,
        }
    }

    fn like_where(pos: &[&str], neg: &[&str]) -> (String, Vec<String>) {
        let mut clauses = Vec::new();
        let mut params = Vec::new();
        for p in pos {
            clauses.push("(title LIKE ? OR text LIKE ?)".to_string());
            params.push(format!("%{p}%"));
            params.push(format!("%{p}%"));
        }
        for n in neg {
            clauses.push("NOT (title LIKE ? OR text LIKE ?)".to_string());
            params.push(format!("%{n}%"));
            params.push(format!("%{n}%"));
        }
        (clauses.join(" AND "), params)
    }

    /// Top 10 (rowid, title[, snippet]). `snippets` is ignored for `Like` (FTS5 has
    /// no snippet without MATCH).
    pub fn top10(&self, q: &Fts, snippets: bool) -> Vec<(i64, String)> {
        match *q {
            Fts::Match(t, expr) => {
                let sql = if snippets {
                    "SELECT rowid, title || ' ' || snippet(docs, 1, '[', ']', '…', 24) FROM docs WHERE docs MATCH ?1 ORDER BY rank LIMIT 10"
                } else {
                    "SELECT rowid, title FROM docs WHERE docs MATCH ?1 ORDER BY rank LIMIT 10"
                };
                let mut st = self.conn(t).prepare_cached(sql).expect("prepare");
                let rows = st
                    .query_map([expr], |r| Ok((r.get(0)?, r.get(1)?)))
                    .expect("query");
                rows.map(|r| r.expect("row")).collect()
            }
            Fts::Like(pos, neg) => {
                let (w, params) = Self::like_where(pos, neg);
                let sql = format!("SELECT rowid, title FROM docs WHERE {w} LIMIT 10");
                let mut st = self
                    .conn(Tokenizer::Trigram)
                    .prepare_cached(&sql)
                    .expect("prepare");
                let rows = st
                    .query_map(rusqlite::params_from_iter(params.iter()), |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .expect("query");
                rows.map(|r| r.expect("row")).collect()
            }
        }
    }

    /// Matching documents in all.
    pub fn count(&self, q: &Fts) -> u64 {
        match *q {
            Fts::Match(t, expr) => self
                .conn(t)
                .query_row(
                    "SELECT count(*) FROM docs WHERE docs MATCH ?1",
                    [expr],
                    |r| r.get::<_, i64>(0),
                )
                .expect("count") as u64,
            Fts::Like(pos, neg) => {
                let (w, params) = Self::like_where(pos, neg);
                self.conn(Tokenizer::Trigram)
                    .query_row(
                        &format!("SELECT count(*) FROM docs WHERE {w}"),
                        rusqlite::params_from_iter(params.iter()),
                        |r| r.get::<_, i64>(0),
                    )
                    .expect("count") as u64
            }
        }
    }
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
