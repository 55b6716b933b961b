//! The SQLite FTS5 side of the relevance benchmark: its setups (tokenizer `unicode61
//! remove_diacritics 2` or `trigram`; query words joined by AND, by OR, or CJK runs cut
//! into overlapping trigrams and OR-ed), the MATCH expression of a query under each,
//! and the tables, built once per data digest.

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use rusqlite::Connection;

use super::Doc;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Tokenizer {
    Unicode61,
    Trigram,
}

impl Tokenizer {
    fn name(self) -> &'static str {
        match self {
            Tokenizer::Unicode61 => "unicode61",
            Tokenizer::Trigram => "trigram",
        }
    }
    fn spec(self) -> &'static str {
        match self {
            Tokenizer::Unicode61 => "unicode61 remove_diacritics 2",
            Tokenizer::Trigram => "trigram",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    And,
    Or,
    /// CJK runs cut into overlapping trigrams, other words whole, all OR-ed.
    CjkTrigramsOr,
}

#[derive(Clone, Copy)]
pub(super) struct Setup {
    pub(super) tokenizer: Tokenizer,
    pub(super) form: Form,
}

impl Setup {
    pub(super) fn name(self) -> String {
        let form = match self.form {
            Form::And => "AND",
            Form::Or => "OR",
            Form::CjkTrigramsOr => "CJK trigrams OR",
        };
        format!("fts5 {} {form}", self.tokenizer.name())
    }
}

pub(super) fn setups() -> Vec<Setup> {
    use Form::*;
    use Tokenizer::*;
    [
        (Unicode61, And),
        (Unicode61, Or),
        (Trigram, And),
        (Trigram, Or),
        (Trigram, CjkTrigramsOr),
    ]
    .into_iter()
    .map(|(tokenizer, form)| Setup { tokenizer, form })
    .collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0x20000..=0x3134f)
}

/// The query's words: split on white space and punctuation.
fn words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A word's CJK runs as overlapping trigrams, its other runs whole.
fn cjk_trigrams(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let cjk = is_cjk(chars[i]);
        let mut j = i;
        while j < chars.len() && is_cjk(chars[j]) == cjk {
            j += 1;
        }
        let run = &chars[i..j];
        if cjk {
            out.extend(run.windows(3).map(|w| w.iter().collect::<String>()));
        } else {
            out.push(run.iter().collect());
        }
        i = j;
    }
    out
}

/// FTS5 MATCH expression: every term double-quoted (a quote inside doubled), so no
/// query is a syntax error. On trigram tables, terms under three characters cannot
/// match through MATCH and are left out; returns the expression (None when no term
/// is left: the setup finds nothing) and whether terms were left out.
pub(super) fn fts_expr(q: &str, setup: Setup) -> (Option<String>, bool) {
    let mut terms: Vec<String> = match setup.form {
        Form::And | Form::Or => words(q),
        Form::CjkTrigramsOr => words(q).iter().flat_map(|w| cjk_trigrams(w)).collect(),
    };
    let before = terms.len();
    if setup.tokenizer == Tokenizer::Trigram {
        terms.retain(|t| t.chars().count() >= 3);
    }
    let dropped = terms.len() < before;
    let mut seen = HashSet::new();
    terms.retain(|t| seen.insert(t.clone()));
    if terms.is_empty() {
        return (None, dropped);
    }
    let sep = if setup.form == Form::And {
        " AND "
    } else {
        " OR "
    };
    let expr = terms
        .iter()
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(sep);
    (Some(expr), dropped)
}

/// The FTS5 database of `tokenizer` over `docs`, rebuilt when the data changed.
pub(super) fn fts5_open(
    dir: &Path,
    tokenizer: Tokenizer,
    variant: &str,
    docs: &[Doc],
    digest: &str,
) -> Connection {
    let path = dir.join(format!("fts5-{}{variant}.db", tokenizer.name()));
    let stamp = path.with_extension("stamp");
    if !(path.is_file() && std::fs::read_to_string(&stamp).is_ok_and(|s| s == digest)) {
        let _ = std::fs::remove_file(&path);
        let started = Instant::now();
        let mut conn = Connection::open(&path).expect("open sqlite");
        conn.execute_batch("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
            .expect("pragmas");
        conn.execute_batch(&format!(
            "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, text, tokenize = '{}');",
            tokenizer.spec()
        ))
        .expect("create fts5 table");
        let tx = conn.transaction().expect("transaction");
        {
            let mut ins = tx
                .prepare("INSERT INTO docs(id, title, text) VALUES (?1, ?2, ?3)")
                .expect("prepare insert");
            for d in docs {
                ins.execute([&d.id, &d.title, &d.text]).expect("insert");
            }
        }
        tx.commit().expect("commit");
        conn.execute_batch("INSERT INTO docs(docs) VALUES('optimize');")
            .expect("optimize");
        std::fs::write(&stamp, digest).expect("stamp");
        eprintln!(
            "built {} in {:.1} s",
            path.display(),
            started.elapsed().as_secs_f64()
        );
    }
    Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open fts5 db")
}

pub(super) fn fts5_top(conn: &Connection, expr: &str) -> Vec<String> {
    let mut st = conn
        .prepare_cached("SELECT id FROM docs WHERE docs MATCH ?1 ORDER BY rank LIMIT 10")
        .expect("prepare");
    let rows = st
        .query_map([expr], |r| r.get::<_, String>(0))
        .unwrap_or_else(|e| panic!("FTS5 query {expr:?}: {e}"));
    rows.map(|r| r.expect("row")).collect()
}
