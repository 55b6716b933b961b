//! Query latency on a warm searcher, top 10 with and without snippets, for every query
//! of the set (`common::queries`), through dsearch and, in the same run, SQLite FTS5
//! (`unicode61 remove_diacritics 2` for Vietnamese, `trigram` for CJK, `LIKE` where a
//! CJK term is shorter than a trigram).
//!
//! Two measurements: criterion's (`query/<name>/<engine>`), and a summary pass that
//! times every query `BENCH_QUERY_REPS` times (default 30) per engine and writes the
//! per-query and pooled median and p95 to `results/latency.json`. Every timed call
//! asserts the hit count it measured first.
//!
//! Run: `scripts/bench.sh` (or `cargo bench -p dsearch --bench latency` once the
//! corpus is built). `--profile-loop SECONDS` only runs the dsearch queries in a loop,
//! for `perf record`.

mod common;

use std::time::{Duration, Instant};

use criterion::{black_box, Criterion};
use dsearch::{Index, SearchOptions};
use serde_json::json;

use common::{Fts, Fts5, Query};

struct Expected {
    /// dsearch: documents matched.
    total: usize,
    /// dsearch: hits returned (top 10).
    hits: usize,
    /// FTS5: documents matched.
    fts_count: u64,
    /// FTS5: rows returned by the top-10 statement.
    fts_rows: usize,
}

fn options(snippets: bool) -> SearchOptions {
    SearchOptions::default().limit(10).snippets(snippets)
}

fn dsearch_top10(index: &Index, q: &Query, snippets: bool, e: &Expected) -> usize {
    let r = index.search(q.dsearch, &options(snippets)).expect("search");
    assert_eq!(r.total, e.total, "{}: dsearch total changed", q.name);
    assert_eq!(r.hits.len(), e.hits, "{}: dsearch hits changed", q.name);
    if snippets {
        assert!(
            r.hits.iter().all(|h| !h.snippet.text.is_empty()),
            "{}: a hit has no snippet",
            q.name
        );
    }
    black_box(r.hits.len())
}

fn fts_top10(fts: &Fts5, q: &Query, snippets: bool, e: &Expected) -> usize {
    let rows = fts.top10(&q.fts, snippets);
    assert_eq!(rows.len(), e.fts_rows, "{}: FTS5 rows changed", q.name);
    black_box(rows.len())
}

fn time_reps(reps: usize, mut f: impl FnMut()) -> Vec<f64> {
    for _ in 0..3.min(reps) {
        f();
    }
    (0..reps)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let profile_loop = args
        .iter()
        .position(|a| a == "--profile-loop")
        .map(|i| args[i + 1].parse::<f64>().expect("seconds"));
    // `--profile-reps N`: the same loop, N rounds instead of a time: a fixed amount of
    // work, for instruction counts (`valgrind --tool=callgrind`) that noise cannot move.
    let profile_reps = args
        .iter()
        .position(|a| a == "--profile-reps")
        .map(|i| args[i + 1].parse::<u64>().expect("rounds"));
    if !common::benchmarking() && profile_loop.is_none() && profile_reps.is_none() {
        return;
    }
    let c = common::corpus();
    let index = Index::open(common::ensure_dsearch_index(&c)).expect("open dsearch index");
    let queries = common::queries();

    if profile_loop.is_some() || profile_reps.is_some() {
        // `BENCH_PROFILE_QUERY=NAME` profiles the queries whose name holds NAME.
        let only = std::env::var("BENCH_PROFILE_QUERY").unwrap_or_default();
        let until = Instant::now() + Duration::from_secs_f64(profile_loop.unwrap_or(0.0));
        let mut n = 0u64;
        let mut round = 0u64;
        while profile_reps.map_or(Instant::now() < until, |reps| round < reps) {
            round += 1;
            for q in queries.iter().filter(|q| q.name.contains(&only)) {
                for snippets in [false, true] {
                    n += index
                        .search(q.dsearch, &options(snippets))
                        .expect("search")
                        .hits
                        .len() as u64;
                }
            }
        }
        eprintln!("profile loop: {n} hits");
        return;
    }

    let fts = Fts5::open(&c);

    // Hit counts, asserted in every timed call below.
    let mut expected = Vec::new();
    for q in &queries {
        let r = index.search(q.dsearch, &options(false)).expect("search");
        assert!(r.total > 0, "{}: dsearch found nothing", q.name);
        assert_eq!(r.hits.len(), r.total.min(10), "{}", q.name);
        let fts_count = fts.count(&q.fts);
        let fts_rows = fts.top10(&q.fts, false).len();
        assert_eq!(fts_rows as u64, fts_count.min(10), "{}", q.name);
        eprintln!("{:32} dsearch {:7} FTS5 {:7}", q.name, r.total, fts_count);
        expected.push(Expected {
            total: r.total,
            hits: r.hits.len(),
            fts_count,
            fts_rows,
        });
    }

    // Summary pass.
    let load_start = common::loadavg();
    let reps: usize = std::env::var("BENCH_QUERY_REPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let engines = ["dsearch", "dsearch_snippets", "fts5", "fts5_snippets"];
    let mut pooled: Vec<Vec<f64>> = vec![Vec::new(); engines.len()];
    let mut rows = Vec::new();
    for (q, e) in queries.iter().zip(&expected) {
        let mut row = json!({
            "name": q.name, "class": q.class, "query": q.dsearch, "script": q.script,
            "dsearch_total": e.total, "fts5_total": e.fts_count,
            "fts5_mode": match q.fts { Fts::Match(t, _) => format!("MATCH ({})", t.name()), Fts::Like(..) => "LIKE scan (trigram table)".to_string() },
        });
        for (i, engine) in engines.iter().enumerate() {
            let samples = match i {
                0 => time_reps(reps, || {
                    dsearch_top10(&index, q, false, e);
                }),
                1 => time_reps(reps, || {
                    dsearch_top10(&index, q, true, e);
                }),
                2 => time_reps(reps, || {
                    fts_top10(&fts, q, false, e);
                }),
                _ => time_reps(reps, || {
                    fts_top10(&fts, q, true, e);
                }),
            };
            let (median, p95) = common::median_p95(&samples);
            pooled[i].extend_from_slice(&samples);
            row[*engine] = json!({"median_ms": median, "p95_ms": p95});
        }
        eprintln!(
            "{:32} dsearch {:8.3} ms  +snippets {:8.3} ms  FTS5 {:8.3} ms  +snippets {:8.3} ms",
            q.name,
            row["dsearch"]["median_ms"].as_f64().unwrap_or(0.0),
            row["dsearch_snippets"]["median_ms"].as_f64().unwrap_or(0.0),
            row["fts5"]["median_ms"].as_f64().unwrap_or(0.0),
            row["fts5_snippets"]["median_ms"].as_f64().unwrap_or(0.0),
        );
        rows.push(row);
    }
    let mut summary = json!({});
    for (i, engine) in engines.iter().enumerate() {
        let (median, p95) = common::median_p95(&pooled[i]);
        // Median over the query set of the per-query medians, as well.
        let per_query: Vec<f64> = rows
            .iter()
            .map(|r| r[*engine]["median_ms"].as_f64().unwrap_or(f64::NAN))
            .collect();
        let (mq, pq) = common::median_p95(&per_query);
        summary[*engine] = json!({
            "pooled_median_ms": median, "pooled_p95_ms": p95,
            "query_median_ms": mq, "query_p95_ms": pq,
        });
    }
    eprintln!("{}", serde_json::to_string_pretty(&summary).expect("json"));
    c.write_result(
        "latency",
        &json!({
            "reps": reps,
            "docs": c.docs(),
            "queries": rows,
            "summary": summary,
            "load_start": load_start, "load_end": common::loadavg(),
            "machine": common::machine(),
        }),
    );

    if std::env::var("BENCH_NO_CRITERION").is_ok_and(|v| v == "1") {
        return;
    }
    let mut crit = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    for (q, e) in queries.iter().zip(&expected) {
        let mut g = crit.benchmark_group(format!("query/{}", q.name));
        g.bench_function("dsearch_top10", |b| {
            b.iter(|| dsearch_top10(&index, q, false, e))
        });
        g.bench_function("dsearch_top10_snippets", |b| {
            b.iter(|| dsearch_top10(&index, q, true, e))
        });
        g.bench_function("fts5_top10", |b| b.iter(|| fts_top10(&fts, q, false, e)));
        if matches!(q.fts, Fts::Match(..)) {
            g.bench_function("fts5_top10_snippets", |b| {
                b.iter(|| fts_top10(&fts, q, true, e))
            });
        }
        g.finish();
    }
    crit.final_summary();
}
