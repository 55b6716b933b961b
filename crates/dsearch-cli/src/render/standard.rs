//! Human-readable output: path, language and score, how many of the query's words the
//! hit holds (`k of n words`, and which are missing), the title, the snippet with the
//! matched words highlighted (ANSI colour only when asked or on a terminal).

use std::io::Write;
use std::path::Path;

use dsearch::analysis::{Analysis, Representation};
use dsearch::{Hit, SearchResults};

const PATH: &str = "\x1b[35m";
const TITLE: &str = "\x1b[1m";
const MATCH: &str = "\x1b[1;31m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// `s` with control characters and bidi overrides and isolates replaced, so a document
/// can neither send escape sequences to the terminal nor reorder what it shows.
fn safe(s: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if s.chars().any(unsafe_char) {
        s.chars()
            .map(|c| if unsafe_char(c) { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// `s` cut to `max` chars, with `…` when cut.
fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Writes the hits for a person.
pub fn hits(
    out: &mut impl Write,
    results: &SearchResults,
    cwd: &Path,
    color: bool,
) -> std::io::Result<()> {
    let paint = |code: &str, s: &str| {
        if color {
            format!("{code}{s}{RESET}")
        } else {
            s.to_string()
        }
    };
    for (i, h) in results.hits.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let path = h
            .path
            .as_ref()
            .map(|p| super::display_path(p, cwd).display().to_string())
            .unwrap_or_default();
        // A document of a whole file has the file as its id, and a JSONL line without
        // one the file and its line (`docs/a.jsonl#10`): the file is not shown twice.
        let id = match (&h.id, &h.path) {
            (Some(id), Some(p)) if p.ends_with(id) => String::new(),
            (Some(id), Some(p)) => match id.rsplit_once('#') {
                Some((file, line)) if p.ends_with(file) => format!("#{line}"),
                _ => format!("#{id}"),
            },
            (Some(id), None) => format!("#{id}"),
            (None, _) => String::new(),
        };
        writeln!(
            out,
            "{}{}  {}  {}",
            paint(PATH, &safe(&path)),
            paint(PATH, &safe(&id)),
            h.lang,
            paint(DIM, &format!("{:.2}", h.score))
        )?;
        // Every hit says how many of the query's content words it holds (rule 1), and
        // which are missing; a query of phrases or `title:` clauses alone has none.
        if h.query_words > 0 {
            let mut line = format!("{} of {} words", h.matched_words, h.query_words);
            if h.matched_words < h.query_words {
                line.push_str(&format!(" ({})", safe(&why_missing(h))));
            }
            writeln!(out, "{}", paint(DIM, &line))?;
        }
        if !h.title.is_empty() {
            writeln!(out, "{}", paint(TITLE, &safe(&h.title)))?;
        }
        if !h.fields.is_empty() {
            let line = h
                .fields
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(" · ");
            writeln!(out, "{}", paint(DIM, &safe(&shorten(&line, 160))))?;
        }
        let s = &h.snippet;
        let mut line = String::new();
        let mut at = 0;
        for &(a, b) in &s.highlights {
            line.push_str(&safe(&s.text[at..a]));
            line.push_str(&paint(MATCH, &safe(&s.text[a..b])));
            at = b;
        }
        line.push_str(&safe(&s.text[at..]));
        writeln!(out, "  {line}")?;
        if let Some(e) = &h.explanation {
            writeln!(
                out,
                "  rank: words {}, proximity {}, exact pairs {}, exactness {}, title {}, bm25 {:.3}",
                e.words, e.proximity, e.exact_pairs, e.exactness, e.title, e.bm25
            )?;
            for m in &e.matches {
                let title = if m.title { ", in the title" } else { "" };
                writeln!(out, "    {}: {}{title}", safe(&m.word), m.matched)?;
            }
        }
    }
    Ok(())
}

/// Writes an analysis for a person: one line per token.
pub fn analysis(out: &mut impl Write, text: &str, lang: &str, a: &Analysis) -> std::io::Result<()> {
    writeln!(out, "lang: {lang}")?;
    for r in Representation::ALL {
        for t in a.tokens(r) {
            writeln!(
                out,
                "{:<8} {:>4}  {:>5}..{:<5} {}  ({})",
                r.name(),
                t.position,
                t.from,
                t.to,
                t.text,
                &text[t.from..t.to]
            )?;
        }
    }
    Ok(())
}

/// Why a hit lacks words: those it does not hold, those it holds only with other
/// diacritics than typed, and those whose syllables it holds apart (`missing: sản
/// xanh; with other diacritics: khoáng`, `syllables apart: lưu tệp`).
fn why_missing(h: &Hit) -> String {
    let absent: Vec<&str> = h
        .missing
        .iter()
        .filter(|m| !h.other_forms.contains(m) && !h.apart.contains(m))
        .map(String::as_str)
        .collect();
    let mut parts = Vec::new();
    if !absent.is_empty() {
        parts.push(format!("missing: {}", absent.join(", ")));
    }
    if !h.other_forms.is_empty() {
        parts.push(format!(
            "with other diacritics: {}",
            h.other_forms.join(", ")
        ));
    }
    if !h.apart.is_empty() {
        parts.push(format!("syllables apart: {}", h.apart.join(", ")));
    }
    parts.join("; ")
}
