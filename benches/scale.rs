//! How cost grows with the input: the benchmark corpus written as ONE JSONL file at
//! about 0.1×, 1× and 4× its size (4× repeats it with unique ids), indexed by
//! `dsearch index` (the CLI, under `/usr/bin/time -v`) and by SQLite FTS5 building
//! the same rows (`unicode61` and `trigram`, each in a child process under
//! `/usr/bin/time -v`, JSON parsing included). For each size: index time, peak RSS,
//! index size, and the warm median query latency of the query set (top 10 with
//! snippets; FTS5 as in `benches/latency.rs`). At 1× it also times `--threads 1`
//! against all cores. Writes `results/scale.json`; `scripts/bench.sh` puts the table
//! into BENCHMARKS.md.
//!
//! `BENCH_SCALES` (default `0.1,1,4`) chooses the sizes.

mod common;

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use dsearch::{Index, SearchOptions};
use rusqlite::Connection;
use serde_json::{json, Value};

use common::{Fts5, Tokenizer};

/// What `/usr/bin/time -v` saw of a command.
struct Timed {
    seconds: f64,
    peak_rss_mb: f64,
    stdout: String,
}

fn timed(cmd: &mut Command) -> Timed {
    let started = Instant::now();
    let mut time = Command::new("/usr/bin/time");
    time.arg("-v").arg(cmd.get_program()).args(cmd.get_args());
    let out = time.output().expect("run /usr/bin/time -v");
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{:?} failed: {stderr}",
        cmd.get_program()
    );
    let kb: f64 = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
        .expect("time -v reports the peak RSS");
    Timed {
        seconds,
        peak_rss_mb: kb / 1024.0,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    }
}

fn dir_size(p: &Path) -> u64 {
    match std::fs::read_dir(p) {
        Ok(rd) => rd.flatten().map(|e| dir_size(&e.path())).sum(),
        Err(_) => std::fs::metadata(p).map_or(0, |m| m.len()),
    }
}

/// Writes the corpus as one JSONL file at `scale` (0.1: every tenth line; 4: four
/// copies, ids made unique). Returns (path, documents, bytes of title and text).
fn scaled_file(c: &common::Corpus, scale: f64, dir: &Path) -> (PathBuf, u64, u64) {
    let path = dir.join(format!("corpus-x{scale}.jsonl"));
    let meta = path.with_extension("stamp");
    if let Some((docs, bytes)) = std::fs::read_to_string(&meta).ok().and_then(|s| {
        let (d, b) = s.trim().split_once(' ')?;
        Some((d.parse().ok()?, b.parse().ok()?))
    }) {
        if path.is_file() {
            return (path, docs, bytes);
        }
    }
    let mut out = BufWriter::new(std::fs::File::create(&path).expect("create scaled file"));
    let (copies, every) = if scale >= 1.0 {
        (scale.round() as usize, 1)
    } else {
        (1, (1.0 / scale).round() as usize)
    };
    let (mut docs, mut bytes, mut n) = (0u64, 0u64, 0usize);
    for copy in 0..copies {
        for shard in c.shards() {
            let f = BufReader::new(std::fs::File::open(&shard).expect("shard"));
            for line in f.lines() {
                let line = line.expect("line");
                n += 1;
                if n % every != 0 {
                    continue;
                }
                let mut v: Value = serde_json::from_str(&line).expect("jsonl line");
                if copy > 0 {
                    let id = v["id"].as_str().unwrap_or_default().to_string();
                    v["id"] = Value::String(format!("{id}#copy{copy}"));
                }
                bytes += (v["title"].as_str().unwrap_or("").len()
                    + v["text"].as_str().unwrap_or("").len()) as u64;
                docs += 1;
                serde_json::to_writer(&mut out, &v).expect("write");
                out.write_all(b"\n").expect("write");
            }
        }
    }
    out.flush().expect("flush");
    std::fs::write(&meta, format!("{docs} {bytes}")).expect("stamp");
    (path, docs, bytes)
}

/// The child process: builds an FTS5 table of `file` into `db` and prints its rows.
fn fts5_child(tokenizer: &str, db: &Path, file: &Path) {
    let tokenizer = Tokenizer::from_name(tokenizer).expect("tokenizer name");
    let rows = common::fts5_load(db, tokenizer, |insert| {
        for line in BufReader::new(std::fs::File::open(file).expect("jsonl")).lines() {
            insert(&line.expect("line"));
        }
    });
    println!("{rows}");
}

/// Warm median latency (ms) of the query set, top 10 with snippets.
fn dsearch_latency(index: &Index) -> f64 {
    let options = SearchOptions::default().limit(10);
    warm_median(|q| {
        index
            .search(q.dsearch, &options)
            .expect("search")
            .hits
            .len()
    })
}

fn fts5_latency(fts: &Fts5) -> f64 {
    warm_median(|q| fts.top10(&q.fts, true).len())
}

/// The median (ms) over the query set of `search`, 20 timed runs per query after 3
/// warm-up runs.
fn warm_median(mut search: impl FnMut(&common::Query) -> usize) -> f64 {
    let mut times = Vec::new();
    for q in common::queries() {
        for rep in 0..23 {
            let t = Instant::now();
            let hits = search(&q);
            let ms = t.elapsed().as_secs_f64() * 1e3;
            std::hint::black_box(hits);
            if rep >= 3 {
                times.push(ms);
            }
        }
    }
    common::median_p95(&times).0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, tokenizer, db, file, ..] = args.as_slice() {
        if flag == "--fts5-build" {
            fts5_child(tokenizer, Path::new(db), Path::new(file));
            return;
        }
    }
    if !common::benchmarking() {
        return;
    }
    let c = common::corpus();
    let work = common::repo().join("target/bench-corpus/scale");
    std::fs::create_dir_all(&work).expect("work dir");
    let scales: Vec<f64> = std::env::var("BENCH_SCALES")
        .unwrap_or_else(|_| "0.1,1,4".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let nproc = std::thread::available_parallelism().map_or(1, |n| n.get());
    let me = std::env::current_exe().expect("bench binary");
    let mut rows = Vec::new();
    for &scale in &scales {
        let (file, docs, text_bytes) = scaled_file(&c, scale, &work);
        let jsonl_bytes = std::fs::metadata(&file).expect("file").len();
        let _ = std::fs::read(&file); // warm the page cache for every engine
        eprintln!(
            "scale {scale}: {docs} documents, {:.1} MB of JSONL",
            jsonl_bytes as f64 / 1e6
        );

        let dir = work.join(format!("dsearch-x{scale}"));
        let _ = std::fs::remove_dir_all(&dir);
        let build = |threads: usize| {
            let _ = std::fs::remove_dir_all(&dir);
            timed(
                Command::new(common::dsearch_bin())
                    .arg("--index")
                    .arg(&dir)
                    .arg("index")
                    .args(["--max-file-size", "4G", "--threads", &threads.to_string()])
                    .arg(&file),
            )
        };
        let one_thread = (scale == 1.0 && nproc > 1).then(|| build(1));
        let ds = build(nproc);
        assert!(
            ds.stdout.contains(&format!("({docs} documents)")),
            "dsearch indexed all {docs} documents: {}",
            ds.stdout
        );
        let ds_size = dir_size(&dir);
        let index = Index::open(&dir).expect("open index");
        let ds_ms = dsearch_latency(&index);
        drop(index);

        let mut fts = Vec::new();
        for t in [Tokenizer::Unicode61, Tokenizer::Trigram] {
            let db = work.join(format!("fts5-{}-x{scale}.db", t.name()));
            let run = timed(
                Command::new(&me)
                    .args(["--fts5-build", t.name()])
                    .arg(&db)
                    .arg(&file),
            );
            assert_eq!(run.stdout.trim(), docs.to_string(), "FTS5 rows");
            fts.push((
                t,
                db.clone(),
                run,
                std::fs::metadata(&db).expect("db").len(),
            ));
        }
        let open = |p: &Path| {
            let conn = Connection::open_with_flags(p, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .expect("open fts5");
            conn.execute_batch("PRAGMA cache_size = -262144; PRAGMA mmap_size = 1073741824;")
                .expect("pragmas");
            conn
        };
        let fts5 = Fts5 {
            unicode61: open(&fts[0].1),
            trigram: open(&fts[1].1),
        };
        let fts_ms = fts5_latency(&fts5);
        drop(fts5);
        let fts_row = |i: usize| {
            json!({
                "seconds": fts[i].2.seconds,
                "peak_rss_mb": fts[i].2.peak_rss_mb,
                "size_bytes": fts[i].3,
            })
        };
        rows.push(json!({
            "scale": scale,
            "docs": docs,
            "text_bytes": text_bytes,
            "jsonl_bytes": jsonl_bytes,
            "dsearch": {
                "seconds": ds.seconds,
                "threads": nproc,
                "one_thread_seconds": one_thread.as_ref().map(|t| t.seconds),
                "peak_rss_mb": ds.peak_rss_mb,
                "size_bytes": ds_size,
                "median_query_ms": ds_ms,
            },
            "fts5_unicode61": fts_row(0),
            "fts5_trigram": fts_row(1),
            "fts5_median_query_ms": fts_ms,
        }));
        eprintln!("{}", rows.last().expect("row"));
        for (_, db, _, _) in &fts {
            let _ = std::fs::remove_file(db);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    c.write_result(
        "scale",
        &json!({ "machine": common::machine(), "load": common::loadavg(), "rows": rows }),
    );
}
