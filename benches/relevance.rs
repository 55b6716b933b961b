//! Relevance benchmark: R@10, MRR@10 and the share of queries with no hit, per
//! language (vi, zh-Hans, zh-Hant, ja, en), for dsearch and for SQLite FTS5 in every
//! setup (tokenizer `unicode61 remove_diacritics 2` or `trigram`; query words joined by
//! AND, by OR, or, on trigram tables, CJK runs cut into overlapping trigrams and OR-ed:
//! for English, the same as OR).
//!
//! The judged query sets and the documents come from `scripts/relevance_data.py`
//! (`target/relevance/data/`: GIMP manual index entries, in Japanese, Chinese and the
//! English original; translated Debian documentation headings; translated Debian
//! package descriptions; see that script for the rules). Every document of every
//! language is in ONE index per engine, as on the held-out set.
//!
//! Writes `target/relevance/results.json`, `target/relevance/report.md` (also printed)
//! and, for dsearch, `target/relevance/failures-<lang>.tsv`: the queries with no
//! relevant document in the top 10, with what dsearch returned and the rank the best
//! FTS5 setup gave the first relevant document.
//!
//! Run: `scripts/relevance.sh` (builds the data first), or `cargo bench -p dsearch
//! --bench relevance` once the data is built. Environment: `RELEVANCE_LANGS` (e.g.
//! `vi,ja`), `RELEVANCE_SETS` (only these sets' queries; a name also selects the sets
//! it is a prefix of, `debian-descriptions` its four sets), `RELEVANCE_EXCLUDE_SETS`
//! (leave these sets out, their queries and their documents, e.g.
//! `debian-descriptions`), `RELEVANCE_LIMIT_QUERIES` (the first N queries of each
//! language, a fixed pseudo-random sample), `RELEVANCE_DOC_LANG=1` (give dsearch each
//! document's language instead of letting it detect it), `RELEVANCE_REUSE_INDEX=1`
//! (keep the dsearch index of the last run instead of rebuilding it with the current
//! code).
//! Under `cargo test --benches` it does nothing.

mod common;
#[path = "relevance/fts5.rs"]
mod fts5;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{json, Value};

use fts5::{fts5_open, fts5_top, fts_expr, setups, Tokenizer};

const LANGS: [&str; 5] = ["vi", "zh-Hans", "zh-Hant", "ja", "en"];
const TOP: usize = 10;

// ---- dsearch: the only code that calls the library (adapt it when the API changes) --

struct Dsearch {
    index: dsearch::Index,
}

impl Dsearch {
    /// Indexes the JSONL files `files` into `dir`, from scratch unless `reuse`.
    fn build(dir: &Path, files: &[PathBuf], reuse: bool) -> Dsearch {
        if !reuse {
            let _ = std::fs::remove_dir_all(dir);
        }
        let index = dsearch::Index::open_or_create(dir).expect("open dsearch index");
        let report = index
            .update(files, &dsearch::UpdateOptions::default(), &mut |_| {})
            .expect("dsearch update");
        assert_eq!(report.skipped, 0, "dsearch skipped files");
        eprintln!("dsearch index: {} documents", report.documents);
        Dsearch { index }
    }

    /// The ids of the top 10 and the number of matching documents. A query dsearch
    /// rejects (nothing searchable in it) is an empty answer.
    fn search(&self, query: &str) -> (Vec<String>, usize) {
        let options = dsearch::SearchOptions::default().limit(TOP).snippets(false);
        match self.index.search(query, &options) {
            Ok(r) => (
                r.hits
                    .into_iter()
                    .map(|h| h.id.unwrap_or_default())
                    .collect(),
                r.total,
            ),
            Err(_) => (Vec::new(), 0),
        }
    }
}

// ---- data and metrics -------------------------------------------------------------

struct Doc {
    id: String,
    title: String,
    text: String,
}

struct Query {
    lang: String,
    set: String,
    text: String,
    /// Relevant documents, each a group of equivalent ids (a page and its twin in the
    /// other Chinese script).
    relevant: Vec<Vec<String>>,
}

fn read_jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).expect("jsonl line"))
        .collect()
}

/// True when `set` is `name` or starts with `name` and a dash (`debian-descriptions`
/// names `debian-descriptions-ja`).
fn set_matches(set: &str, names: &[String]) -> bool {
    names.iter().any(|n| {
        set == n
            || set
                .strip_prefix(n.as_str())
                .is_some_and(|rest| rest.starts_with('-'))
    })
}

/// The document files (`docs-<set>.jsonl`) of `jsonl`, but those of the `excluded` sets.
fn doc_files(jsonl: &Path, excluded: &[String]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(jsonl)
        .expect("jsonl dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .filter(|p| {
            let stem = p.file_stem().map(|s| s.to_string_lossy().to_string());
            let set = stem.as_deref().and_then(|s| s.strip_prefix("docs-"));
            !set.is_some_and(|set| set_matches(set, excluded))
        })
        .collect();
    files.sort();
    files
}

fn load_docs(files: &[PathBuf]) -> Vec<Doc> {
    let s = |v: &Value, k: &str| v[k].as_str().unwrap_or("").to_string();
    files
        .iter()
        .flat_map(|f| read_jsonl(f))
        .map(|v| Doc {
            id: s(&v, "id"),
            title: s(&v, "title"),
            text: s(&v, "text"),
        })
        .collect()
}

/// The queries of `langs`, of the `sets` (all when None) but the `excluded` ones.
fn load_queries(
    path: &Path,
    langs: &[String],
    sets: Option<&[String]>,
    excluded: &[String],
    limit: Option<usize>,
) -> Vec<Query> {
    let mut per_lang: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for v in read_jsonl(path) {
        let lang = v["lang"].as_str().expect("lang").to_string();
        let set = v["set"].as_str().expect("set");
        if !langs.contains(&lang)
            || sets.is_some_and(|s| !set_matches(set, s))
            || set_matches(set, excluded)
        {
            continue;
        }
        let n = per_lang.entry(lang.clone()).or_default();
        if limit.is_some_and(|l| *n >= l) {
            continue;
        }
        *n += 1;
        out.push(Query {
            lang,
            set: v["set"].as_str().expect("set").to_string(),
            text: v["query"].as_str().expect("query").to_string(),
            relevant: serde_json::from_value(v["relevant"].clone()).expect("relevant"),
        });
    }
    out
}

/// The 1-based rank of the first relevant hit, and the share of relevant documents in
/// `hits`.
fn judge(q: &Query, hits: &[String]) -> (Option<usize>, f64) {
    let in_group = |id: &String| q.relevant.iter().any(|g| g.contains(id));
    let first = hits.iter().position(in_group).map(|i| i + 1);
    let found = q
        .relevant
        .iter()
        .filter(|g| hits.iter().any(|h| g.contains(h)))
        .count();
    (first, found as f64 / q.relevant.len() as f64)
}

#[derive(Default, Clone)]
struct Tally {
    n: usize,
    recall: f64,
    rr: f64,
    no_hit: usize,
    hit10: usize,
    /// Trigram setups: queries where short terms were left out / nothing was left.
    terms_dropped: usize,
    no_terms: usize,
}

impl Tally {
    fn add(&mut self, q: &Query, hits: &[String]) {
        let (first, recall) = judge(q, hits);
        self.n += 1;
        self.recall += recall;
        self.rr += first.map_or(0.0, |r| 1.0 / r as f64);
        self.no_hit += usize::from(hits.is_empty());
        self.hit10 += usize::from(first.is_some());
    }
    fn r10(&self) -> f64 {
        self.recall / self.n.max(1) as f64
    }
    fn mrr(&self) -> f64 {
        self.rr / self.n.max(1) as f64
    }
    fn no_hit_pct(&self) -> f64 {
        100.0 * self.no_hit as f64 / self.n.max(1) as f64
    }
    fn json(&self) -> Value {
        json!({
            "queries": self.n, "r10": self.r10(), "mrr10": self.mrr(),
            "no_hit_pct": self.no_hit_pct(),
            "hit10_pct": 100.0 * self.hit10 as f64 / self.n.max(1) as f64,
            "terms_dropped": self.terms_dropped, "no_terms": self.no_terms,
        })
    }
}

fn git_commit() -> String {
    let sh = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(common::repo())
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    let head = sh(&["rev-parse", "--short", "HEAD"]);
    let dirty = !sh(&["status", "--porcelain", "--untracked-files=no"]).is_empty();
    if dirty {
        format!("{head} (with uncommitted changes)")
    } else {
        head
    }
}

fn main() {
    if !common::benchmarking() {
        return;
    }
    let started = Instant::now();
    let root = common::repo().join("target/relevance");
    let data = root.join("data");
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(data.join("manifest.json"))
            .expect("target/relevance/data/manifest.json: run scripts/relevance.sh"),
    )
    .expect("manifest");
    let digest = manifest["digest"].as_str().expect("digest").to_string();
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let langs: Vec<String> = env("RELEVANCE_LANGS").map_or_else(
        || LANGS.iter().map(|s| s.to_string()).collect(),
        |s| s.split(',').map(|l| l.trim().to_string()).collect(),
    );
    let list = |k: &str| -> Option<Vec<String>> {
        env(k).map(|s| {
            s.split(',')
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect()
        })
    };
    let sets = list("RELEVANCE_SETS");
    let excluded = list("RELEVANCE_EXCLUDE_SETS").unwrap_or_default();
    let limit = env("RELEVANCE_LIMIT_QUERIES").map(|s| s.parse().expect("limit"));
    let doc_lang = env("RELEVANCE_DOC_LANG").is_some_and(|v| v == "1");
    let reuse = env("RELEVANCE_REUSE_INDEX").is_some_and(|v| v == "1");

    let jsonl = data.join(if doc_lang { "jsonl-lang" } else { "jsonl" });
    let docs = load_docs(&doc_files(&data.join("jsonl"), &excluded));
    let queries = load_queries(
        &data.join("queries.jsonl"),
        &langs,
        sets.as_deref(),
        &excluded,
        limit,
    );
    eprintln!("{} documents, {} queries", docs.len(), queries.len());

    // Indexes without some sets' documents are kept apart (no rebuild when switching).
    let variant = if excluded.is_empty() {
        String::new()
    } else {
        format!("-without-{}", excluded.join("+"))
    };
    let digest = format!("{digest}{variant}");
    let index_dir = root.join("index");
    std::fs::create_dir_all(&index_dir).expect("index dir");
    let t = Instant::now();
    let ds_dir = index_dir.join(format!(
        "{}{variant}",
        if doc_lang { "dsearch-lang" } else { "dsearch" }
    ));
    let ds = Dsearch::build(&ds_dir, &doc_files(&jsonl, &excluded), reuse);
    let dsearch_index_secs = t.elapsed().as_secs_f64();
    eprintln!("dsearch index: {dsearch_index_secs:.1} s");
    let fts = [Tokenizer::Unicode61, Tokenizer::Trigram]
        .map(|t| (t, fts5_open(&index_dir, t, &variant, &docs, &digest)));
    let conn = |t: Tokenizer| &fts.iter().find(|(x, _)| *x == t).expect("tokenizer").1;

    // Evaluate: engine name -> (lang -> tally, set -> tally).
    let setups = setups();
    let mut engines: Vec<String> = vec!["dsearch".to_string()];
    engines.extend(setups.iter().map(|s| s.name()));
    let mut by_lang: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let mut by_set: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let mut failures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut ranks: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let t = Instant::now();
    for q in &queries {
        let (ds_hits, ds_total) = ds.search(&q.text);
        let mut all = vec![(engines[0].clone(), ds_hits.clone(), false, false)];
        for s in &setups {
            let (expr, dropped) = fts_expr(&q.text, *s);
            let hits = expr
                .as_deref()
                .map_or_else(Vec::new, |e| fts5_top(conn(s.tokenizer), e));
            all.push((s.name(), hits, dropped, expr.is_none()));
        }
        for (name, hits, dropped, none) in &all {
            for map in [
                by_lang.entry((q.lang.clone(), name.clone())).or_default(),
                by_set.entry((q.set.clone(), name.clone())).or_default(),
            ] {
                map.add(q, hits);
                map.terms_dropped += usize::from(*dropped);
                map.no_terms += usize::from(*none);
            }
        }
        // Every query's first relevant rank per engine, to compare engines query by query.
        let rank_of = |h: &[String]| judge(q, h).0.map_or("-".into(), |r: usize| r.to_string());
        ranks.entry(q.lang.clone()).or_default().push(format!(
            "{}\t{}\t{}",
            q.text,
            q.set,
            all.iter()
                .map(|(_, h, _, _)| rank_of(h))
                .collect::<Vec<_>>()
                .join("\t")
        ));
        if judge(q, &ds_hits).0.is_none() {
            // The best FTS5 setup is known only at the end: record every setup's rank.
            let fts_ranks: Vec<String> = all[1..]
                .iter()
                .map(|(_, h, _, _)| judge(q, h).0.map_or("-".into(), |r| r.to_string()))
                .collect();
            failures.entry(q.lang.clone()).or_default().push(format!(
                "{}\t{}\t{}\t{}\t{}\t{}",
                q.text,
                q.set,
                q.relevant
                    .iter()
                    .map(|g| g.join("|"))
                    .collect::<Vec<_>>()
                    .join(" "),
                ds_total,
                ds_hits
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" "),
                fts_ranks.join(" "),
            ));
        }
    }
    let eval_secs = t.elapsed().as_secs_f64();

    // Best FTS5 setup per language: by R@10, ties by MRR@10, then the simpler setup
    // (earlier in the list: `max_by` keeps the last of equals, hence `rev`).
    let mut best: BTreeMap<String, String> = BTreeMap::new();
    for lang in &langs {
        let pick = engines[1..]
            .iter()
            .rev()
            .filter_map(|e| by_lang.get(&(lang.clone(), e.clone())).map(|t| (e, t)))
            .max_by(|a, b| {
                (a.1.r10(), a.1.mrr())
                    .partial_cmp(&(b.1.r10(), b.1.mrr()))
                    .expect("no NaN")
            });
        if let Some((e, _)) = pick {
            best.insert(lang.clone(), e.clone());
        }
    }

    // Failures, for the ranking work.
    for old in std::fs::read_dir(&root)
        .expect("target/relevance")
        .flatten()
    {
        let name = old.file_name().to_string_lossy().to_string();
        if name.starts_with("failures-") && name.ends_with(".tsv") {
            std::fs::remove_file(old.path()).expect("remove old failures");
        }
    }
    for lang in &langs {
        let rows = failures.get(lang).map_or(&[][..], |v| &v[..]);
        let path = root.join(format!("failures-{lang}.tsv"));
        let mut s = String::from(
            "query\tset\trelevant (twins joined by |)\tdsearch_total\tdsearch_top3\tfts5_first_relevant_rank (",
        );
        s += &engines[1..].join(", ");
        s += ")\n";
        for r in rows {
            s += r;
            s.push('\n');
        }
        std::fs::write(&path, s).expect("write failures");
        let rows = ranks.get(lang).map_or(&[][..], |v| &v[..]);
        let mut s = format!("query\tset\t{}\n", engines.join("\t"));
        for r in rows {
            s.push_str(r);
            s.push('\n');
        }
        std::fs::write(root.join(format!("ranks-{lang}.tsv")), s).expect("write ranks");
    }

    // Results and report.
    let commit = git_commit();
    let mut results = json!({
        "commit": commit, "docs": docs.len(), "data_digest": digest,
        "doc_lang_given": doc_lang, "limit_queries": limit,
        "sets_selected": sets, "sets_excluded": excluded,
        "dsearch_index_secs": dsearch_index_secs, "eval_secs": eval_secs,
        "sets": manifest["sets"], "langs": {}, "by_set": {},
    });
    for ((lang, engine), t) in &by_lang {
        results["langs"][lang]["queries"] = json!(t.n);
        results["langs"][lang]["engines"][engine] = t.json();
        results["langs"][lang]["best_fts5"] = json!(best.get(lang));
    }
    for ((set, engine), t) in &by_set {
        results["by_set"][set][engine] = t.json();
    }
    std::fs::write(
        root.join("results.json"),
        serde_json::to_string_pretty(&results).expect("json"),
    )
    .expect("write results");

    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Relevance: dsearch vs SQLite FTS5\n\nGenerated by `scripts/relevance.sh` on dsearch commit {commit}: {} documents in one index{}, {} queries{}{}{}. R@10 and MRR@10 in %; \"no hit\": the engine returned nothing.\n",
        docs.len(),
        if excluded.is_empty() {
            String::new()
        } else {
            format!(" (sets left out: {})", excluded.join(", "))
        },
        queries.len(),
        sets.as_ref()
            .map_or(String::new(), |s| format!(" of the sets {}", s.join(", "))),
        limit.map_or(String::new(), |l| format!(" (at most {l} per language)")),
        if doc_lang { "; dsearch given each document's language" } else { "; dsearch detects each document's language" },
    );
    let _ = writeln!(md, "| lang | queries | dsearch R@10 | MRR@10 | no hit | best FTS5 setup | R@10 | MRR@10 | no hit |\n|---|---:|---:|---:|---:|---|---:|---:|---:|");
    for lang in &langs {
        let Some(d) = by_lang.get(&(lang.clone(), engines[0].clone())) else {
            continue;
        };
        let b = &best[lang];
        let f = &by_lang[&(lang.clone(), b.clone())];
        let _ = writeln!(
            md,
            "| {lang} | {} | {:.1} | {:.1} | {:.1} % | {b} | {:.1} | {:.1} | {:.1} % |",
            d.n,
            100.0 * d.r10(),
            100.0 * d.mrr(),
            d.no_hit_pct(),
            100.0 * f.r10(),
            100.0 * f.mrr(),
            f.no_hit_pct()
        );
    }
    let _ = writeln!(md, "\n## Every setup\n\n\"hit@10\": a relevant document in the top 10. \"terms left out\": trigram setups drop terms under three characters (MATCH cannot find them); \"none left\": queries with no term left (they find nothing). The best FTS5 setup of each language (R@10, ties by MRR@10) is in bold.\n\n| lang | engine | R@10 | MRR@10 | hit@10 | no hit | terms left out | none left |\n|---|---|---:|---:|---:|---:|---:|---:|");
    for lang in &langs {
        for e in &engines {
            let Some(t) = by_lang.get(&(lang.clone(), e.clone())) else {
                continue;
            };
            let name = if best.get(lang) == Some(e) {
                format!("**{e}**")
            } else {
                e.clone()
            };
            let _ = writeln!(
                md,
                "| {lang} | {name} | {:.1} | {:.1} | {:.1} % | {:.1} % | {} | {} |",
                100.0 * t.r10(),
                100.0 * t.mrr(),
                100.0 * t.hit10 as f64 / t.n.max(1) as f64,
                t.no_hit_pct(),
                t.terms_dropped,
                t.no_terms
            );
        }
    }
    let _ = writeln!(md, "\n## Per query set\n\ndsearch and the best FTS5 setup of the set's language.\n\n| set | lang | docs | queries | dsearch R@10 | MRR@10 | no hit | FTS5 R@10 | MRR@10 | no hit |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for s in manifest["sets"].as_array().expect("sets") {
        let set = s["set"].as_str().unwrap_or("");
        let lang = s["lang"].as_str().unwrap_or("");
        let (Some(d), Some(b)) = (
            by_set.get(&(set.into(), engines[0].clone())),
            best.get(lang),
        ) else {
            continue;
        };
        let f = &by_set[&(set.to_string(), b.clone())];
        let _ = writeln!(
            md,
            "| {set} | {lang} | {} | {} | {:.1} | {:.1} | {:.1} % | {:.1} | {:.1} | {:.1} % |",
            s["docs"],
            d.n,
            100.0 * d.r10(),
            100.0 * d.mrr(),
            d.no_hit_pct(),
            100.0 * f.r10(),
            100.0 * f.mrr(),
            f.no_hit_pct()
        );
    }
    let _ = writeln!(
        md,
        "\ndsearch index built in {dsearch_index_secs:.1} s; all queries of all engines evaluated in {eval_secs:.1} s; {:.0} s in all. dsearch misses: `target/relevance/failures-<lang>.tsv`.",
        started.elapsed().as_secs_f64()
    );
    std::fs::write(root.join("report.md"), &md).expect("write report");
    println!("{md}");
}
