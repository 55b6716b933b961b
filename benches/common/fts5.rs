//! SQLite FTS5, the engine the benchmarks compare dsearch with: its tokenizers, building
//! a table from the corpus's JSONL, and running the query set on it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::Connection;
use serde_json::Value;

use super::{Corpus, Fts};

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
