//! Indexing throughput: `dsearch index` (the CLI, under `/usr/bin/time -v` for its
//! peak memory) on one thread and on all cores, and SQLite FTS5 building its
//! `unicode61` and `trigram` indexes of the same JSONL shards in the same run. Each
//! build asserts the number of documents it indexed. Writes `results/indexing.json`;
//! the last builds are kept as the indexes the query benchmarks search.
//!
//! `BENCH_INDEX_RUNS` (default 1) builds each configuration that many times and keeps
//! the median. Not a criterion benchmark: one build of the full corpus takes tens of
//! seconds and criterion wants at least ten.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::json;

use common::{Corpus, Tokenizer};

fn dir_size(p: &Path) -> u64 {
    let mut n = 0;
    if let Ok(rd) = std::fs::read_dir(p) {
        for e in rd.flatten() {
            let md = e.metadata().expect("metadata");
            n += if md.is_dir() {
                dir_size(&e.path())
            } else {
                md.len()
            };
        }
    } else if let Ok(md) = std::fs::metadata(p) {
        n = md.len();
    }
    n
}

struct Build {
    seconds: f64,
    peak_rss_kb: u64,
    peak_anon_kb: u64,
    line: String,
}

/// Peak anonymous memory (heap, not mapped files) of a process, sampled.
fn rss_anon_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("RssAnon:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// `dsearch index` under `/usr/bin/time -v` (and `taskset -c 0` for `one_core`).
fn dsearch_build(c: &Corpus, dir: &Path, args: &[&str], one_core: bool) -> Build {
    let _ = std::fs::remove_dir_all(dir);
    let started = Instant::now();
    let mut cmd = if one_core {
        let mut t = Command::new("taskset");
        t.args(["-c", "0", "/usr/bin/time"]);
        t
    } else {
        Command::new("/usr/bin/time")
    };
    let mut child = cmd
        .arg("-v")
        .arg(common::dsearch_bin())
        .arg("--index")
        .arg(dir)
        .arg("index")
        .args(args)
        .arg(&c.jsonl)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run /usr/bin/time -v dsearch index");
    // `time` (taskset execs it) forks dsearch: sample the child's anonymous memory.
    // Both print little, so the pipes never fill while we poll.
    let time_pid = child.id();
    let mut peak_anon_kb = 0u64;
    let mut dsearch_pid = None;
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if dsearch_pid.is_none() {
            let children = format!("/proc/{time_pid}/task/{time_pid}/children");
            dsearch_pid = std::fs::read_to_string(children).ok().and_then(|s| {
                s.split_whitespace()
                    .next()
                    .and_then(|p| p.parse::<u32>().ok())
            });
        }
        if let Some(kb) = dsearch_pid.and_then(rss_anon_kb) {
            peak_anon_kb = peak_anon_kb.max(kb);
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut stdout)
        .expect("read stdout");
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    let seconds = started.elapsed().as_secs_f64();
    assert!(status.success(), "dsearch index failed: {stderr}");
    let peak_rss_kb = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
        .expect("time -v reports the peak RSS");
    let line = stdout.trim().to_string();
    // "added A, updated U, removed R, unchanged N, skipped S in X s (D documents)"
    let docs: u64 = line
        .rsplit_once('(')
        .and_then(|(_, r)| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected summary line: {line}"));
    assert_eq!(
        docs,
        c.docs(),
        "dsearch indexed {docs} of {} documents",
        c.docs()
    );
    Build {
        seconds,
        peak_rss_kb,
        peak_anon_kb,
        line,
    }
}

/// Where the bytes of a dsearch index go: per component, and per field for the term
/// dictionaries, postings and positions (tantivy's space usage of the last commit).
fn space_usage(dir: &Path) -> serde_json::Value {
    let index = tantivy::Index::open_in_dir(dir).expect("open index with tantivy");
    let schema = index.schema();
    let searcher = index.reader().expect("reader").searcher();
    let usage = searcher.space_usage().expect("space usage");
    let mut components = std::collections::BTreeMap::<&str, u64>::new();
    let mut fields = std::collections::BTreeMap::<String, u64>::new();
    for seg in usage.segments() {
        let per_field = [
            ("term dictionary", seg.termdict()),
            ("postings", seg.postings()),
            ("positions", seg.positions()),
            ("fast fields", seg.fast_fields()),
            ("field norms", seg.fieldnorms()),
        ];
        for (name, u) in per_field {
            *components.entry(name).or_default() += u.total().get_bytes();
            if matches!(name, "term dictionary" | "postings" | "positions") {
                for (field, f) in u.fields() {
                    *fields
                        .entry(format!("{} {name}", schema.get_field_name(*field)))
                        .or_default() += f.total().get_bytes();
                }
            }
        }
        *components.entry("stored documents").or_default() += seg.store().total().get_bytes();
        *components.entry("deletes").or_default() += seg.deletes().get_bytes();
    }
    let mut top: Vec<(String, u64)> = fields.into_iter().collect();
    top.sort_by_key(|(_, bytes)| std::cmp::Reverse(*bytes));
    serde_json::json!({
        "total": usage.total().get_bytes(),
        "segments": usage.segments().len(),
        "components": components,
        "fields": top.into_iter().take(12).collect::<Vec<_>>(),
    })
}

fn runs() -> usize {
    std::env::var("BENCH_INDEX_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .max(1)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    v[v.len() / 2]
}

fn main() {
    if !common::benchmarking() {
        return;
    }
    let c = common::corpus();
    let nproc = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mb = c.text_bytes() as f64 / 1e6;
    let jsonl_mb = c.jsonl_bytes() as f64 / 1e6;
    let work = c.index_dir().join("work");
    std::fs::create_dir_all(&work).expect("work dir");
    // Warm the page cache: every engine reads the shards from memory.
    for s in c.shards() {
        let _ = std::fs::read(s);
    }

    let mut results = Vec::new();
    let nproc_s = nproc.to_string();
    // (label, arguments, pinned to one core)
    let configs: Vec<(String, Vec<&str>, bool)> = vec![
        (
            "dsearch, --threads 1, one core (taskset -c 0)".into(),
            vec!["--threads", "1"],
            true,
        ),
        (
            format!("dsearch, --threads {nproc} (all cores)"),
            vec!["--threads", &nproc_s],
            false,
        ),
        (
            format!("dsearch, --threads {nproc}, --memory 64"),
            vec!["--threads", &nproc_s, "--memory", "64"],
            false,
        ),
    ];
    let mut kept = None;
    let load_start = common::loadavg();
    for (i, (label, args, one_core)) in configs.iter().enumerate() {
        let dir = work.join(format!("dsearch-{i}"));
        let builds: Vec<Build> = (0..runs())
            .map(|_| dsearch_build(&c, &dir, args, *one_core))
            .collect();
        let secs = median(builds.iter().map(|b| b.seconds).collect());
        let rss = builds.iter().map(|b| b.peak_rss_kb).max().unwrap_or(0);
        let anon = builds.iter().map(|b| b.peak_anon_kb).max().unwrap_or(0);
        let size = dir_size(&dir);
        eprintln!(
            "{label}: {secs:.1} s, {:.1} MB/s, {:.0} docs/s, peak RSS {:.0} MB (anonymous {:.0} MB), index {:.1} MB ({})",
            mb / secs,
            c.docs() as f64 / secs,
            rss as f64 / 1024.0,
            anon as f64 / 1024.0,
            size as f64 / 1e6,
            builds[0].line
        );
        results.push(json!({
            "engine": "dsearch", "label": label, "args": args,
            "seconds": secs, "all_seconds": builds.iter().map(|b| b.seconds).collect::<Vec<_>>(),
            "mb_per_s": mb / secs, "docs_per_s": c.docs() as f64 / secs,
            "peak_rss_mb": rss as f64 / 1024.0, "peak_anon_mb": anon as f64 / 1024.0, "memory_budget_mb": if args.contains(&"--memory") { 64 } else { 256 },
            "index_bytes": size, "ratio_to_text": size as f64 / c.text_bytes() as f64,
            "summary": builds[0].line,
        }));
        if i == 1 {
            kept = Some(dir);
        }
    }

    for t in [Tokenizer::Unicode61, Tokenizer::Trigram] {
        let path = work.join(format!("fts5-{}.db", t.name()));
        let secs = median(
            (0..runs())
                .map(|_| common::fts5_build(&c, t, &path))
                .collect(),
        );
        let conn = rusqlite::Connection::open(&path).expect("open");
        let n: i64 = conn
            .query_row("SELECT count(*) FROM docs", [], |r| r.get(0))
            .expect("count");
        assert_eq!(n as u64, c.docs(), "FTS5 indexed {n} documents");
        drop(conn);
        let size = dir_size(&path);
        eprintln!(
            "FTS5 {}: {secs:.1} s, {:.1} MB/s, index {:.1} MB",
            t.name(),
            mb / secs,
            size as f64 / 1e6
        );
        results.push(json!({
            "engine": "fts5", "label": format!("SQLite FTS5 {}, 1 thread", t.name()),
            "seconds": secs, "mb_per_s": mb / secs, "docs_per_s": c.docs() as f64 / secs,
            "index_bytes": size, "ratio_to_text": size as f64 / c.text_bytes() as f64,
        }));
        // Keep it for the query benchmarks.
        let dest = c.fts5_db(t);
        std::fs::rename(&path, &dest).expect("keep fts5 db");
        std::fs::write(dest.with_extension("stamp"), format!("{}", c.docs())).expect("stamp");
    }

    // Keep the all-cores dsearch index for the query benchmarks.
    let mut usage = serde_json::Value::Null;
    if let Some(dir) = kept {
        usage = space_usage(&dir);
        eprintln!("{}", serde_json::to_string_pretty(&usage).expect("json"));
        let dest = c.dsearch_index();
        let _ = std::fs::remove_dir_all(&dest);
        std::fs::rename(&dir, &dest).expect("keep dsearch index");
        std::fs::write(dest.join("bench.stamp"), format!("{}", c.docs())).expect("stamp");
    }
    let _ = std::fs::remove_dir_all(&work);

    c.write_result(
        "indexing",
        &json!({
            "docs": c.docs(), "text_mb": mb, "jsonl_mb": jsonl_mb, "nproc": nproc,
            "runs": runs(), "builds": results, "corpus": c.manifest,
            "space_usage": usage,
            "load_start": load_start, "load_end": common::loadavg(),
            "machine": common::machine(),
        }),
    );
}
