//! Whole processes, cold process and warm page cache: `dsearch query` (top 10, JSON,
//! with snippets) against `rg -F` over the same JSONL shards, for every query of the
//! set. The first run of each command warms the cache and is not counted. Every run
//! asserts its hit count: dsearch prints min(10, total) hits, rg counts the same
//! matching lines each time. Writes `results/process.json`.
//!
//! `BENCH_PROCESS_REPS` (default 20) dsearch runs and `BENCH_RG_REPS` (default 5) rg
//! runs per query. Not a criterion benchmark: rg takes about a second a run, and the
//! report needs p95 over the runs.

mod common;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Instant;

use dsearch::{Index, SearchOptions};
use serde_json::json;

use common::Query;

fn reps(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
        .max(1)
}

/// One `dsearch query`; returns (ms, hits printed).
fn dsearch_once(index: &std::path::Path, q: &Query) -> (f64, usize) {
    let t = Instant::now();
    let out = Command::new(common::dsearch_bin())
        .arg("--index")
        .arg(index)
        .args(["query", "--json", "--color", "never", "--limit", "10", "--"])
        .arg(q.dsearch)
        .stderr(Stdio::inherit())
        .output()
        .expect("run dsearch query");
    let ms = t.elapsed().as_secs_f64() * 1e3;
    assert!(
        out.status.code() == Some(0),
        "{}: dsearch query exited with {:?}",
        q.name,
        out.status
    );
    (
        ms,
        out.stdout
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .count(),
    )
}

/// One `rg -F -c` (piped into `rg -v -F -c` for an exclusion); returns (ms, lines).
fn rg_once(rg: &std::path::Path, dir: &std::path::Path, q: &Query) -> (f64, u64) {
    let t = Instant::now();
    let (lit, neg) = q.rg;
    let count = match neg {
        None => {
            let out = Command::new(rg)
                .args(["-F", "-c", "--no-filename", "-e", lit])
                .arg(dir)
                .output()
                .expect("run rg");
            assert!(out.status.code().is_some_and(|c| c <= 1), "rg failed");
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .filter_map(|l| l.trim().parse::<u64>().ok())
                .sum()
        }
        Some(neg) => {
            let mut first = Command::new(rg)
                .args(["-F", "--no-filename", "-e", lit])
                .arg(dir)
                .stdout(Stdio::piped())
                .spawn()
                .expect("run rg");
            let mut second = Command::new(rg)
                .args(["-F", "-v", "-c", "-e", neg])
                .stdin(first.stdout.take().expect("pipe"))
                .stdout(Stdio::piped())
                .spawn()
                .expect("run rg -v");
            let mut s = String::new();
            second
                .stdout
                .take()
                .expect("stdout")
                .read_to_string(&mut s)
                .expect("read");
            second.wait().expect("wait rg -v");
            first.wait().expect("wait rg");
            s.trim().parse().unwrap_or(0)
        }
    };
    (t.elapsed().as_secs_f64() * 1e3, count)
}

/// `rg -F -l` over one plain-text file per document (and, for an exclusion, `rg -F
/// --files-without-match` over the files it lists); returns (ms, matching documents).
fn rg_files_once(rg: &std::path::Path, dir: &std::path::Path, q: &Query) -> (f64, u64) {
    let t = Instant::now();
    let (lit, neg) = q.rg;
    let script = match neg {
        None => r#""$0" -F -l -e "$1" "$2" | wc -l"#,
        Some(_) => {
            r#""$0" -F -l -e "$1" "$2" | xargs -r -d '\n' "$0" -F --files-without-match -e "$3" | wc -l"#
        }
    };
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(rg)
        .arg(lit)
        .arg(dir)
        .arg(neg.unwrap_or(""))
        .output()
        .expect("run rg over files");
    let n = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("wc -l");
    (t.elapsed().as_secs_f64() * 1e3, n)
}

fn main() {
    if !common::benchmarking() {
        return;
    }
    let c = common::corpus();
    let index_dir = common::ensure_dsearch_index(&c);
    let index = Index::open(&index_dir).expect("open index");
    let rg = common::rg_bin();
    let dsearch_reps = reps("BENCH_PROCESS_REPS", 20);
    let rg_reps = reps("BENCH_RG_REPS", 5);
    for s in c.shards() {
        let _ = std::fs::read(s);
    }

    let load_start = common::loadavg();
    let mut rows = Vec::new();
    for q in common::queries() {
        let total = index
            .search(
                q.dsearch,
                &SearchOptions::default().limit(10).snippets(false),
            )
            .expect("search")
            .total;
        let want = total.min(10);
        let (_, warm) = dsearch_once(&index_dir, &q);
        assert_eq!(warm, want, "{}: dsearch printed {warm} hits", q.name);
        let ds: Vec<f64> = (0..dsearch_reps)
            .map(|_| {
                let (ms, hits) = dsearch_once(&index_dir, &q);
                assert_eq!(hits, want, "{}", q.name);
                ms
            })
            .collect();
        let (_, rg_count) = rg_once(&rg, &c.jsonl, &q);
        let rgs: Vec<f64> = (0..rg_reps)
            .map(|_| {
                let (ms, n) = rg_once(&rg, &c.jsonl, &q);
                assert_eq!(n, rg_count, "{}: rg count changed", q.name);
                ms
            })
            .collect();
        let files = c.dir.join("files");
        let (_, files_count) = rg_files_once(&rg, &files, &q);
        let rfs: Vec<f64> = (0..rg_reps)
            .map(|_| {
                let (ms, n) = rg_files_once(&rg, &files, &q);
                assert_eq!(n, files_count, "{}: rg (files) count changed", q.name);
                ms
            })
            .collect();
        let (dm, dp) = common::median_p95(&ds);
        let (rm, rp) = common::median_p95(&rgs);
        let (fm, fp) = common::median_p95(&rfs);
        eprintln!(
            "{:32} dsearch {dm:7.1} ms (p95 {dp:7.1})  rg {rm:7.1} ms (p95 {rp:7.1})  rg files {fm:7.1} ms (p95 {fp:7.1})  hits: dsearch {total} rg {rg_count} rg files {files_count}",
            q.name
        );
        rows.push(json!({
            "name": q.name, "class": q.class, "query": q.dsearch, "script": q.script,
            "dsearch_total": total, "rg_lines": rg_count,
            "rg_command": match q.rg.1 { None => format!("rg -F -c '{}'", q.rg.0), Some(n) => format!("rg -F '{}' | rg -F -v -c '{}'", q.rg.0, n) },
            "dsearch": {"median_ms": dm, "p95_ms": dp, "samples": ds},
            "rg": {"median_ms": rm, "p95_ms": rp, "samples": rgs},
            "rg_over_dsearch": rm / dm,
            "rg_files_docs": files_count,
            "rg_files": {"median_ms": fm, "p95_ms": fp, "samples": rfs},
            "rg_files_over_dsearch": fm / dm,
        }));
    }
    c.write_result(
        "process",
        &json!({
            "dsearch_reps": dsearch_reps, "rg_reps": rg_reps, "docs": c.docs(),
            "jsonl_mb": c.jsonl_bytes() as f64 / 1e6,
            "queries": rows, "machine": common::machine(),
            "load_start": load_start, "load_end": common::loadavg(),
        }),
    );
}
