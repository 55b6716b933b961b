//! From a query string to a tantivy query and the terms to highlight.
//!
//! Queries are too short to detect their language, so each clause is analysed under
//! every reading that applies to its scripts ([`readings`]) and the readings are
//! combined. Per clause:
//! - **recall** (required): the folded words of each non-CJK run as a phrase, and the
//!   CJK bigrams of each CJK run as a phrase (a single CJK character: any bigram that
//!   starts with it), in the body or the title;
//! - **precision** (optional, adds score): all the exact words under each reading
//!   (the index's own vocabulary and lindera's for Han text), in body and title.
//!
//! Boosts: exact words 1.5 (exact diacritics and whole CJK words rank first), title
//! twice the body, and each pair of consecutive unquoted words found side by side adds
//! [`PAIR_BONUS`], a tier above any BM25 difference, so the exact phrase ranks above
//! scattered words. See [`build`].

pub mod parser;

use std::collections::BTreeSet;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::analysis::{self, script, Analysis, Representation, Token, Tokens};
use crate::index::Fields;
pub use parser::{parse, Clause, ParsedQuery};

/// Boost of exact-word matches over folded or bigram matches.
pub const EXACT_BOOST: f32 = 1.5;
/// Boost of title matches over body matches.
pub const TITLE_BOOST: f32 = 2.0;
/// Score added for each pair of consecutive query words found side by side (in body
/// or title). It is large on purpose: documents are ranked first by how much of the
/// query they hold as a phrase, then by BM25.
pub const PAIR_BONUS: f32 = 100.0;

/// Whether a word is a term of the index's word fields.
pub type Vocabulary<'a> = &'a dyn Fn(&str) -> bool;

/// Longest word, in chars, looked up when cutting a Chinese query.
const MAX_QUERY_WORD_CHARS: usize = 8;

/// Cuts a run of simplified Chinese into the fewest pieces that are words of the
/// index (single characters always qualify). The index's words come from jieba at
/// indexing time, so this agrees with how documents were cut without loading jieba's
/// dictionary (0.2 s) for a query.
pub fn segment_by_vocabulary(
    text: &str,
    vocabulary: Vocabulary<'_>,
    out: &mut Vec<(usize, usize)>,
) {
    let mut bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    bounds.push(text.len());
    let n = bounds.len() - 1;
    // best[j] = (pieces, start of the last piece) for the prefix of j chars.
    let mut best = vec![(usize::MAX, 0usize); n + 1];
    best[0] = (0, 0);
    for i in 0..n {
        if best[i].0 == usize::MAX {
            continue;
        }
        for j in i + 1..=n.min(i + MAX_QUERY_WORD_CHARS) {
            if (j == i + 1 || vocabulary(&text[bounds[i]..bounds[j]])) && best[i].0 + 1 < best[j].0
            {
                best[j] = (best[i].0 + 1, i);
            }
        }
    }
    let start = out.len();
    let mut j = n;
    while j > 0 {
        let i = best[j].1;
        out.push((bounds[i], bounds[j]));
        j = i;
    }
    out[start..].reverse();
}

/// The analyses of a clause under every reading that applies: Chinese first (cut with
/// the index's vocabulary), then Japanese when the text has Han characters (kana-only
/// runs are Japanese in both).
pub fn readings(text: &str, vocabulary: Vocabulary<'_>) -> Vec<Analysis> {
    let segment =
        |t: &str, out: &mut Vec<(usize, usize)>| segment_by_vocabulary(t, vocabulary, out);
    let zh = analysis::analyze_with(text, "zh", &segment);
    let mut out = vec![zh];
    if text.chars().any(script::is_han) {
        let ja = analysis::analyze(text, "ja");
        if ja.words != out[0].words && !ja.words.is_empty() {
            out.push(ja);
        }
    }
    out
}

/// What to highlight in a hit.
#[derive(Debug, Clone, Default)]
pub struct Highlight {
    /// Exact word forms.
    pub exact: BTreeSet<String>,
    /// Folded word forms.
    pub folded: BTreeSet<String>,
    /// Bigram sequences of CJK runs (two or more characters).
    pub cjk: BTreeSet<Vec<String>>,
    /// Single CJK characters (simplified).
    pub cjk_chars: BTreeSet<char>,
}

/// A term of the query, for `--explain`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct QueryTerm {
    /// The field name (`body_words`, `title_bigrams`, ...).
    pub field: &'static str,
    /// The term.
    pub text: String,
}

/// A built query.
pub struct Built {
    /// The query that requires every group.
    pub strict: Box<dyn Query>,
    /// Relaxed queries for when no document has every group: at least `k` groups, for
    /// `k` from `groups - 1` down to 1.
    pub relaxed: Vec<Box<dyn Query>>,
    /// Terms to highlight.
    pub highlight: Highlight,
    /// Every term the query looks up, for `--explain`.
    pub terms: Vec<QueryTerm>,
    /// True when the query has nothing to search for.
    pub empty: bool,
}

struct Builder<'a> {
    fields: &'a Fields,
    vocabulary: Vocabulary<'a>,
    highlight: Highlight,
    terms: BTreeSet<QueryTerm>,
}

fn field_name(r: Representation, title: bool) -> &'static str {
    match (r, title) {
        (Representation::Words, false) => "body_words",
        (Representation::Folded, false) => "body_folded",
        (Representation::Bigrams, false) => "body_bigrams",
        (Representation::Words, true) => "title_words",
        (Representation::Folded, true) => "title_folded",
        (Representation::Bigrams, true) => "title_bigrams",
    }
}

/// Groups tokens into runs of consecutive positions.
fn consecutive<'a, 't>(tokens: &'a [Token<'t>]) -> Vec<&'a [Token<'t>]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=tokens.len() {
        if i == tokens.len() || tokens[i].position != tokens[i - 1].position + 1 {
            if i > start {
                out.push(&tokens[start..i]);
            }
            start = i;
        }
    }
    out
}

impl Builder<'_> {
    fn field(&self, r: Representation, title: bool) -> Field {
        if title {
            self.fields.title(r)
        } else {
            self.fields.body(r)
        }
    }

    /// A term or phrase query over `tokens` (positions relative to the first).
    fn sequence(
        &mut self,
        r: Representation,
        title: bool,
        tokens: &[Token<'_>],
        slop: u32,
    ) -> Option<Box<dyn Query>> {
        let field = self.field(r, title);
        for t in tokens {
            self.terms.insert(QueryTerm {
                field: field_name(r, title),
                text: t.text.to_string(),
            });
        }
        match tokens {
            [] => None,
            [t] => Some(Box::new(TermQuery::new(
                Term::from_field_text(field, t.text),
                IndexRecordOption::WithFreqs,
            ))),
            _ => {
                let base = tokens[0].position;
                let terms = tokens
                    .iter()
                    .map(|t| {
                        (
                            (t.position - base) as usize,
                            Term::from_field_text(field, t.text),
                        )
                    })
                    .collect();
                Some(Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop)))
            }
        }
    }

    /// Every exact word of the clause (the words fields keep no positions: order is
    /// checked by the folded and bigram phrases of the recall part).
    fn all_words(&mut self, title: bool, tokens: &Tokens) -> Option<Box<dyn Query>> {
        let field = self.field(Representation::Words, title);
        let mut terms: Vec<&str> = tokens.iter().map(|t| t.text).collect();
        terms.sort_unstable();
        terms.dedup();
        let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for t in terms {
            self.terms.insert(QueryTerm {
                field: field_name(Representation::Words, title),
                text: t.to_string(),
            });
            let q = TermQuery::new(
                Term::from_field_text(field, t),
                IndexRecordOption::WithFreqs,
            );
            parts.push((Occur::Must, Box::new(q)));
        }
        match parts.len() {
            0 => None,
            1 => parts.pop().map(|(_, q)| q),
            _ => Some(Box::new(BooleanQuery::new(parts))),
        }
    }

    /// The required part of a clause in one field set: every run must match.
    fn recall(&mut self, a: &Analysis, title: bool, slop: u32) -> Option<Box<dyn Query>> {
        let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for run in consecutive(&a.folded.to_vec()) {
            if let Some(q) = self.sequence(Representation::Folded, title, run, slop) {
                parts.push((Occur::Must, q));
            }
        }
        for run in consecutive(&a.bigrams.to_vec()) {
            let q: Box<dyn Query> = if run.len() == 1 {
                // One character: any bigram (or final unigram) starting with it.
                let c = run[0].text.chars().next().expect("tokens are not empty");
                let field = self.field(Representation::Bigrams, title);
                self.terms.insert(QueryTerm {
                    field: field_name(Representation::Bigrams, title),
                    text: format!("{c}*"),
                });
                let pattern = format!("{}.?", regex_escape(c));
                match RegexQuery::from_pattern(&pattern, field) {
                    Ok(q) => Box::new(ConstScoreQuery::new(Box::new(q), 1.0)),
                    Err(_) => continue,
                }
            } else {
                // Drop the run's final unigram: the query run may end inside a document run.
                match self.sequence(Representation::Bigrams, title, &run[..run.len() - 1], 0) {
                    Some(q) => q,
                    None => continue,
                }
            };
            parts.push((Occur::Must, q));
        }
        match parts.len() {
            0 => None,
            1 => parts.pop().map(|(_, q)| q),
            _ => Some(Box::new(BooleanQuery::new(parts))),
        }
    }

    fn note_highlight(&mut self, a: &Analysis) {
        for t in &a.words {
            if !t
                .text
                .chars()
                .any(|c| script::script(c) != script::Script::Other)
            {
                self.highlight.exact.insert(t.text.to_string());
            }
        }
        for t in &a.folded {
            self.highlight.folded.insert(t.text.to_string());
        }
        for run in consecutive(&a.bigrams.to_vec()) {
            if run.len() == 1 {
                if let Some(c) = run[0].text.chars().next() {
                    self.highlight.cjk_chars.insert(c);
                }
            } else {
                self.highlight.cjk.insert(
                    run[..run.len() - 1]
                        .iter()
                        .map(|t| t.text.to_string())
                        .collect(),
                );
            }
        }
    }

    /// The query of one clause: required recall in body or title, optional precision.
    fn clause(&mut self, clause: &Clause, negated: bool) -> Option<Box<dyn Query>> {
        let readings = readings(&clause.text, self.vocabulary);
        if !negated {
            self.note_highlight(&readings[0]);
        }
        let slop = 0;
        let places: &[bool] = if clause.title_only {
            &[true]
        } else {
            &[false, true]
        };
        let mut recall: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for &title in places {
            if let Some(q) = self.recall(&readings[0], title, slop) {
                let q: Box<dyn Query> = if title && !clause.title_only {
                    Box::new(BoostQuery::new(q, TITLE_BOOST))
                } else {
                    q
                };
                recall.push((Occur::Should, q));
            }
        }
        if recall.is_empty() {
            return None;
        }
        let recall: Box<dyn Query> = Box::new(BooleanQuery::new(recall));
        if negated {
            return Some(recall);
        }
        let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, recall)];
        for a in &readings {
            for &title in places {
                let boost = if title {
                    EXACT_BOOST * TITLE_BOOST
                } else {
                    EXACT_BOOST
                };
                if let Some(q) = self.all_words(title, &a.words) {
                    parts.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
                }
            }
        }
        Some(Box::new(BooleanQuery::new(parts)))
    }
}

/// How many of `n` groups the relaxed queries require, most first: every count for a
/// short query, a few geometric steps for a long one (a pasted paragraph), so a query
/// never runs more than a handful of searches.
fn relaxation_steps(n: usize) -> Vec<usize> {
    if n <= 6 {
        return (1..n).rev().collect();
    }
    let mut steps = vec![n - 1, n * 3 / 4, n / 2, n / 4, 1];
    steps.dedup();
    steps.retain(|&k| k >= 1 && k < n);
    steps
}

fn regex_escape(c: char) -> String {
    if c.is_alphanumeric() {
        c.to_string()
    } else {
        format!("\\{c}")
    }
}

/// Builds the tantivy query of a parsed query. `extra_langs` adds `lang` filters;
/// `vocabulary` tells which words the index holds (see [`segment_by_vocabulary`]).
pub fn build(
    fields: &Fields,
    q: &ParsedQuery,
    extra_langs: &[String],
    vocabulary: Vocabulary<'_>,
) -> Built {
    let mut b = Builder {
        fields,
        vocabulary,
        highlight: Highlight::default(),
        terms: BTreeSet::new(),
    };
    let mut groups: Vec<Box<dyn Query>> = Vec::new();
    for group in &q.groups {
        let alts: Vec<Box<dyn Query>> = group.iter().filter_map(|c| b.clause(c, false)).collect();
        match alts.len() {
            0 => {}
            1 => groups.extend(alts),
            _ => groups.push(Box::new(BooleanQuery::union(alts))),
        }
    }
    // Proximity bonus: each pair of consecutive unquoted words found side by side, in
    // order. An exact phrase collects every pair; a query with an unknown word still
    // rewards the pairs it has.
    let mut bonus: Vec<Box<dyn Query>> = Vec::new();
    let loose: Vec<&Clause> = q
        .groups
        .iter()
        .filter(|g| g.len() == 1 && !g[0].phrase && !g[0].title_only)
        .map(|g| &g[0])
        .collect();
    if loose.len() >= 2 {
        let joined = loose
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let a = analysis::analyze_without_dictionaries(&joined);
        let mut seen = BTreeSet::new();
        for run in consecutive(&a.folded.to_vec()) {
            for pair in run.windows(2) {
                if !seen.insert((pair[0].text, pair[1].text)) {
                    continue;
                }
                let either: Vec<Box<dyn Query>> = [false, true]
                    .into_iter()
                    .filter_map(|title| b.sequence(Representation::Folded, title, pair, 0))
                    .collect();
                let q = ConstScoreQuery::new(Box::new(BooleanQuery::union(either)), PAIR_BONUS);
                bonus.push(Box::new(q));
            }
        }
    }
    let excluded: Vec<Box<dyn Query>> = q
        .excluded
        .iter()
        .filter_map(|c| b.clause(c, true))
        .collect();
    let langs: Vec<&String> = q.langs.iter().chain(extra_langs.iter()).collect();
    let filters = |occurs: &mut Vec<(Occur, Box<dyn Query>)>| {
        for e in &excluded {
            occurs.push((Occur::MustNot, e.box_clone()));
        }
        if !langs.is_empty() {
            let any: Vec<Box<dyn Query>> = langs
                .iter()
                .map(|l| {
                    Box::new(TermQuery::new(
                        Term::from_field_text(fields.lang, l),
                        IndexRecordOption::Basic,
                    )) as Box<dyn Query>
                })
                .collect();
            occurs.push((Occur::Must, Box::new(BooleanQuery::union(any))));
        }
        for p in &bonus {
            occurs.push((Occur::Should, p.box_clone()));
        }
    };
    let empty = groups.is_empty() && excluded.is_empty() && langs.is_empty();
    let mut strict: Vec<(Occur, Box<dyn Query>)> = groups
        .iter()
        .map(|g| (Occur::Must, g.box_clone()))
        .collect();
    if groups.is_empty() {
        strict.push((
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(fields.kind, crate::index::schema::KIND_DOC),
                IndexRecordOption::Basic,
            )),
        ));
    }
    filters(&mut strict);
    let mut relaxed = Vec::new();
    if groups.len() >= 2 {
        for k in relaxation_steps(groups.len()) {
            let any: Vec<(Occur, Box<dyn Query>)> = groups
                .iter()
                .map(|g| (Occur::Should, g.box_clone()))
                .collect();
            let mut outer: Vec<(Occur, Box<dyn Query>)> = vec![(
                Occur::Must,
                Box::new(BooleanQuery::with_minimum_required_clauses(any, k)),
            )];
            filters(&mut outer);
            relaxed.push(Box::new(BooleanQuery::new(outer)) as Box<dyn Query>);
        }
    }
    Built {
        strict: Box::new(BooleanQuery::new(strict)),
        relaxed,
        highlight: b.highlight,
        terms: b.terms.into_iter().collect(),
        empty: empty || (groups.is_empty() && !q.groups.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, words: &[&str]) -> Vec<String> {
        let vocab = |w: &str| words.contains(&w);
        let mut out = Vec::new();
        segment_by_vocabulary(text, &vocab, &mut out);
        out.iter().map(|&(a, b)| text[a..b].to_string()).collect()
    }

    #[test]
    fn vocabulary_segmentation_prefers_few_long_words() {
        assert_eq!(
            cut("绿色矿产资源", &["绿色", "矿产", "矿产资源", "资源"]),
            ["绿色", "矿产资源"]
        );
        assert_eq!(cut("中亚峰会", &["中亚", "峰会"]), ["中亚", "峰会"]);
        assert_eq!(cut("未知词", &[]), ["未", "知", "词"]);
        assert_eq!(cut("", &[]), Vec::<String>::new());
    }

    #[test]
    fn relaxation_is_short_for_long_queries() {
        assert_eq!(relaxation_steps(3), [2, 1]);
        assert_eq!(relaxation_steps(1000), [999, 750, 500, 250, 1]);
        assert_eq!(relaxation_steps(7), [6, 5, 3, 1]);
    }

    #[test]
    fn han_queries_get_a_japanese_reading_too() {
        let vocab = |_: &str| false;
        let r = readings("khoáng sản", &vocab);
        assert_eq!(r.len(), 1, "no Han, one reading");
    }
}
