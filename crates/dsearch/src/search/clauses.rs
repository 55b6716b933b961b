//! The tantivy queries of a compiled plan: which documents hold a word, a phrase, a
//! unit, a tier of units, a metadata filter. They decide *membership*; how a document
//! matched is read from the postings by [`super::eval`].

use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, InvertedIndexRangeQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::exec::{Compiled, PLACES};
use crate::analysis::Representation as R;
use crate::error::Result;
use crate::index::schema::Fields;
use crate::query::{Alt, FilterSpec, Grams, QueryWord, Unit};

/// A query on bigram `b`: in the bigrams field, or as a two-char word (where the index
/// keeps it instead; see the analysis of CJK runs).
pub(super) fn bigram_query(fields: &Fields, title: bool, b: &str) -> Box<dyn Query> {
    let parts = [R::Bigrams, R::Words]
        .into_iter()
        .map(|r| term_query(Term::from_field_text(fields.analysed(r, title), b)))
        .collect();
    union(parts).unwrap_or_else(nothing)
}

/// The documents with a bigram (or a two-char word) starting with `c`, or `c` alone.
pub(super) fn prefix_query(fields: &Fields, title: bool, c: char) -> Box<dyn Query> {
    let parts = [R::Bigrams, R::Words]
        .into_iter()
        .map(|r| Box::new(starting_with(fields.analysed(r, title), c)) as Box<dyn Query>)
        .collect::<Vec<_>>();
    union(parts).unwrap_or_else(nothing)
}

/// The terms of `field` that start with `c`: a range of its term dictionary, from `c`
/// to the next byte string. A word of three chars or more starting with `c` is among
/// them, but the bigram of its first two chars is indexed too, so the documents are
/// those of `c` alone and of the bigrams (or two-char words) starting with `c`. A
/// range costs no automaton: the regex `c.?` this replaces was built, a UTF-8 DFA of
/// every char, at each search (a third of a Japanese query with a one-char word).
pub(super) fn starting_with(field: Field, c: char) -> InvertedIndexRangeQuery {
    let from = c.to_string();
    let mut to = from.clone().into_bytes();
    // The last byte of a char's UTF-8 is at most 0xBF: adding one never carries.
    *to.last_mut().expect("a char is at least one byte") += 1;
    InvertedIndexRangeQuery::new(
        Bound::Included(Term::from_field_text(field, &from)),
        Bound::Excluded(Term::from_field_bytes(field, &to)),
    )
}

/// The query of a metadata filter: its text, its numbers, its dates (any of them).
pub(super) fn filter_query(fields: &Fields, f: &FilterSpec) -> Box<dyn Query> {
    let path = |t: &dyn Fn(&mut Term)| {
        let mut term = Term::from_field_json_path(fields.meta, &f.name, false);
        t(&mut term);
        term
    };
    let mut parts: Vec<Box<dyn Query>> = Vec::new();
    if let Some(text) = &f.text {
        parts.push(term_query(path(&|t| t.append_type_and_str(text))));
    }
    let range =
        |lo: Bound<Term>, hi: Bound<Term>| -> Box<dyn Query> { Box::new(RangeQuery::new(lo, hi)) };
    if let Some((lo, hi)) = f.number {
        let at = |x: f64| path(&|t| t.append_type_and_fast_value(x));
        let lo = lo.map_or(Bound::Unbounded, |x| Bound::Included(at(x)));
        let hi = hi.map_or(Bound::Unbounded, |x| Bound::Included(at(x)));
        parts.push(range(lo, hi));
    }
    if let Some((lo, hi)) = f.date {
        let at = |s: i64| {
            path(&|t| t.append_type_and_fast_value(tantivy::DateTime::from_timestamp_secs(s)))
        };
        let lo = lo.map_or(Bound::Unbounded, |s| Bound::Included(at(s)));
        let hi = hi.map_or(Bound::Unbounded, |s| Bound::Excluded(at(s)));
        parts.push(range(lo, hi));
    }
    union(parts).unwrap_or_else(nothing)
}

pub(super) fn field_index(r: R, title: bool) -> usize {
    usize::from(title) * 3 + r as usize
}

pub(super) fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

pub(super) fn union(mut parts: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(Box::new(BooleanQuery::union(parts))),
    }
}

pub(super) fn intersection(mut parts: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(Box::new(BooleanQuery::intersection(parts))),
    }
}

/// A query that matches nothing.
pub(super) fn nothing() -> Box<dyn Query> {
    Box::new(tantivy::query::EmptyQuery)
}

impl<'a> Compiled<'a> {
    /// The query of documents that hold `w` in any form, in the body or the title.
    /// With `strict`, a word typed with diacritics is held by its exact form only (see
    /// [`QueryWord::exact_only`]).
    pub(super) fn word_query(
        &self,
        w: &QueryWord,
        title_only: bool,
        strict: bool,
    ) -> Result<Box<dyn Query>> {
        let mut parts: Vec<Box<dyn Query>> = Vec::new();
        for title in PLACES {
            if title_only && !title {
                continue;
            }
            let field = |r| self.fields.analysed(r, title);
            if w.indexed_as_word() {
                for e in w.exact.iter().chain(&w.base) {
                    parts.push(term_query(Term::from_field_text(field(R::Words), e)));
                }
            }
            if !(strict && w.exact_only) {
                for f in &w.folded {
                    parts.push(term_query(Term::from_field_text(field(R::Folded), f)));
                }
            }
            match &w.grams {
                Grams::None => {}
                Grams::All(g) => {
                    let all = g
                        .iter()
                        .map(|b| bigram_query(self.fields, title, b))
                        .collect();
                    parts.extend(intersection(all));
                }
                Grams::Prefix(ch) => {
                    parts.push(prefix_query(self.fields, title, *ch));
                }
            }
        }
        Ok(union(parts).unwrap_or_else(nothing))
    }

    /// The query of a quoted phrase: its words side by side in their exact forms, or in
    /// their folded forms (Latin), or, for a CJK phrase, every bigram of the phrase.
    pub(super) fn phrase_query(&self, a: &Alt, strict: bool) -> Result<Box<dyn Query>> {
        let exact_only = |w: &QueryWord| strict && w.exact_only;
        let p0 = a.words[0].position;
        let mut parts: Vec<Box<dyn Query>> = Vec::new();
        for title in PLACES {
            if a.title_only && !title {
                continue;
            }
            let sequence = |r: R, pick: &dyn Fn(&QueryWord) -> Option<String>| {
                let terms: Vec<(usize, Term)> = a
                    .words
                    .iter()
                    .filter_map(|w| {
                        let t = pick(w)?;
                        let field = self.fields.analysed(r, title);
                        Some(((w.position - p0) as usize, Term::from_field_text(field, &t)))
                    })
                    .collect();
                match terms.len() {
                    0 => None,
                    1 => Some(term_query(terms[0].1.clone())),
                    _ => Some(Box::new(PhraseQuery::new_with_offset(terms)) as Box<dyn Query>),
                }
            };
            let indexed = |w: &QueryWord| w.indexed_as_word();
            parts.extend(sequence(R::Words, &|w| {
                indexed(w).then(|| w.exact[0].clone())
            }));
            if a.words.iter().any(|w| w.exact.len() > 1) {
                parts.extend(sequence(R::Words, &|w| {
                    indexed(w).then(|| w.exact.last().cloned().unwrap_or_default())
                }));
            }
            // Folded adjacency, unless diacritics were typed that documents have
            // (`bạn hàng` is not `bán hàng`); mixed, the exact words must be there too.
            if a.words.iter().all(|w| !w.is_cjk()) && !a.words.iter().all(exact_only) {
                let folded = sequence(R::Folded, &|w| w.folded.first().cloned());
                let exact: Vec<Box<dyn Query>> = a
                    .words
                    .iter()
                    .filter(|w| exact_only(w))
                    .map(|w| {
                        term_query(Term::from_field_text(
                            self.fields.analysed(R::Words, title),
                            &w.exact[0],
                        ))
                    })
                    .collect();
                if let Some(f) = folded {
                    let mut all = vec![f];
                    all.extend(exact);
                    parts.extend(intersection(all));
                }
            }
            if a.words.iter().all(QueryWord::is_cjk) {
                let text: String = a.words.iter().map(|w| w.exact[0].as_str()).collect();
                let chars: Vec<char> = text.chars().collect();
                if chars.len() >= 2 {
                    let all = chars
                        .windows(2)
                        .map(|p| bigram_query(self.fields, title, &p.iter().collect::<String>()))
                        .collect();
                    parts.extend(intersection(all));
                }
            }
        }
        Ok(union(parts).unwrap_or_else(nothing))
    }

    pub(super) fn alt_query(&self, a: &Alt, strict: bool) -> Result<Box<dyn Query>> {
        if a.phrase && a.words.len() > 1 {
            return self.phrase_query(a, strict);
        }
        let words = a
            .words
            .iter()
            .map(|w| self.word_query(w, a.title_only, strict))
            .collect::<Result<Vec<_>>>()?;
        Ok(intersection(words).unwrap_or_else(nothing))
    }

    /// The query of the documents that hold `u` (`strict`: as rule 1 counts it).
    pub(super) fn unit_query(&self, u: &Unit, strict: bool) -> Result<Box<dyn Query>> {
        let alts = u
            .alts
            .iter()
            .map(|a| self.alt_query(a, strict))
            .collect::<Result<Vec<_>>>()?;
        Ok(union(alts).unwrap_or_else(nothing))
    }

    /// The query of the documents of tier `k`: at least `k` content units, and every
    /// filter.
    pub(super) fn tier_query(&self, k: usize) -> Box<dyn Query> {
        let mut parts: Vec<(Occur, Box<dyn Query>)> = self
            .filters
            .iter()
            .map(|(o, q)| (*o, q.box_clone()))
            .collect();
        if k > 0 {
            let units: Vec<(Occur, Box<dyn Query>)> = self
                .unit_queries
                .iter()
                .map(|q| (Occur::Should, q.box_clone()))
                .collect();
            let q: Box<dyn Query> = if units.len() == 1 || k == units.len() {
                Box::new(BooleanQuery::new(
                    units.into_iter().map(|(_, q)| (Occur::Must, q)).collect(),
                ))
            } else {
                Box::new(BooleanQuery::with_minimum_required_clauses(units, k))
            };
            parts.push((Occur::Must, q));
        } else if self.required.is_empty() {
            // The last tier: documents that hold some unit only without the diacritics
            // typed (`bán hàng` for `bạn hàng`), or the syllables of a word of several
            // only apart. With a phrase or a `title:` clause the filters require it,
            // and every document that holds it is in the tier.
            // Every document of the tiers above too: the loose queries hold them all,
            // but without them the apart ones do not.
            let units = if self.loose_queries.is_empty() {
                &self.unit_queries[..]
            } else {
                &[]
            };
            let any = self
                .loose_queries
                .iter()
                .chain(&self.apart_queries)
                .chain(units)
                .map(|q| q.box_clone())
                .collect();
            parts.extend(union(any).map(|q| (Occur::Must, q)));
        }
        Box::new(BooleanQuery::new(parts))
    }
}
