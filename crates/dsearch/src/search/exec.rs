//! Running a [`Plan`] on the index.
//!
//! Candidates come tier by tier: first the documents that hold every content word, then,
//! when those do not fill the page, the documents that hold at least one fewer, and so
//! on (tantivy boolean queries with a minimum number of matching clauses find them).
//! Each candidate is then evaluated against the ranking rules of [`super::rank`] from
//! the postings of every query term, positions included, and the best ones are kept.
//!
//! A unit's *membership* (does the document hold it?) is decided by the same tantivy
//! query that finds candidates; the postings only say *how* it matched.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{
    Bm25Weight, BooleanQuery, EnableScoring, Occur, PhraseQuery, Query, RegexQuery, Scorer,
    TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Searcher, SegmentReader, Term, TERMINATED};

use std::ops::Bound;

use tantivy::query::RangeQuery;

use super::rank::{pair_cost, RankKey, FAR};
use super::SortBy;
use crate::analysis::{self, Representation as R};
use crate::error::{Engine, Error, Result};
use crate::index::schema::{Fields, KIND_DOC};
use crate::query::{Alt, FilterSpec, Grams, Plan, QueryWord, Unit};

/// Body, then title.
const PLACES: [bool; 2] = [false, true];

/// One distinct term of the query, with its BM25 weight over the whole index.
struct Slot {
    term: Term,
    /// Index of the field among the six analysed fields (place * 3 + representation).
    field: usize,
    positions: bool,
    bm25: Bm25Weight,
}

/// How a word matches through bigrams, in one place.
#[derive(Clone)]
enum GramSlots {
    None,
    /// Every bigram must be in the document: in the bigrams field, or in the words
    /// field where a two-char word stood for it (the index keeps it only there). Slots
    /// of (bigrams, words).
    All(Vec<(usize, usize)>),
    /// The prefix queries (bigrams, words) of a single character.
    Prefix(usize, usize),
}

/// A query on bigram `b`: in the bigrams field, or as a two-char word (where the index
/// keeps it instead; see the analysis of CJK runs).
fn bigram_query(fields: &Fields, title: bool, b: &str) -> Box<dyn Query> {
    let parts = [R::Bigrams, R::Words]
        .into_iter()
        .map(|r| term_query(Term::from_field_text(fields.analysed(r, title), b)))
        .collect();
    union(parts).unwrap_or_else(nothing)
}

/// The documents with a bigram (or a two-char word) starting with `c`, or `c` alone.
fn prefix_query(fields: &Fields, title: bool, c: char) -> Result<Box<dyn Query>> {
    let pattern = format!("{}.?", regex_escape(c));
    let parts = [R::Bigrams, R::Words]
        .into_iter()
        .map(|r| {
            RegexQuery::from_pattern(&pattern, fields.analysed(r, title))
                .map(|q| Box::new(q) as Box<dyn Query>)
                .engine()
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(union(parts).unwrap_or_else(nothing))
}

/// The slots of one query word, per place (body, title).
struct WordSpec {
    exact: [Vec<usize>; 2],
    loose: [Vec<usize>; 2],
    grams: [GramSlots; 2],
    title_only: bool,
}

/// How one document matched one word.
#[derive(Default)]
struct WordMatch {
    /// 3 exact, 2 base or folded, 1 bigrams only, 0 not at all.
    level: u8,
    title: bool,
    bm25: f32,
    /// Positions in body and title, flagged exact.
    positions: [Vec<(u32, bool)>; 2],
}

/// A unit compiled: its words per alternative, and the query that decides membership.
struct UnitSpec {
    alts: Vec<Vec<WordSpec>>,
    /// For a unit of one word or one phrase (anywhere, not `title:`): the query offsets
    /// of its words from the first; such units have positions and take part in proximity.
    anchored: Option<Vec<u32>>,
    /// Query positions of its first and last word.
    first: u32,
    last: u32,
    weight: Box<dyn Weight>,
}

/// A hit before its stored fields are read.
pub(crate) struct Ranked {
    pub key: RankKey,
    pub address: DocAddress,
    /// Which content units the document holds.
    pub held: Vec<bool>,
    /// How each content unit matched: (level, in the title).
    pub matches: Vec<(u8, bool)>,
}

/// The outcome of a search before the documents are read.
pub(crate) struct Outcome {
    /// The best documents, best first (offset included).
    pub top: Vec<Ranked>,
    /// Documents matching in the last tier searched.
    pub total: usize,
    /// Content units of the query.
    pub units: u32,
    /// Pairs of consecutive one-word units (for [`RankKey::score`]).
    pub pairs: u32,
}

/// A plan compiled against a searcher.
pub(crate) struct Compiled<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    slots: Vec<Slot>,
    slot_ids: HashMap<(usize, String), usize>,
    prefixes: Vec<Box<dyn Weight>>,
    units: Vec<UnitSpec>,
    required: Vec<Vec<Vec<WordSpec>>>,
    optional: Vec<WordSpec>,
    /// Must-match queries: kind, required units, languages; must-not: exclusions.
    filters: Vec<(Occur, Box<dyn Query>)>,
    unit_queries: Vec<Box<dyn Query>>,
    /// The queries of the documents that hold each unit at least without the diacritics
    /// typed, when some unit has a word whose diacritics count (else empty).
    loose_queries: Vec<Box<dyn Query>>,
    loose_weights: Vec<Box<dyn Weight>>,
    sort: Option<SortBy>,
}

/// The query of a metadata filter: its text, its numbers, its dates (any of them).
fn filter_query(fields: &Fields, f: &FilterSpec) -> Box<dyn Query> {
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

fn field_index(r: R, title: bool) -> usize {
    usize::from(title) * 3 + r as usize
}

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

fn union(mut parts: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(Box::new(BooleanQuery::union(parts))),
    }
}

fn intersection(mut parts: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(Box::new(BooleanQuery::intersection(parts))),
    }
}

/// A query that matches nothing.
fn nothing() -> Box<dyn Query> {
    Box::new(tantivy::query::EmptyQuery)
}

fn regex_escape(c: char) -> String {
    if c.is_alphanumeric() {
        c.to_string()
    } else {
        format!("\\{c}")
    }
}

/// True when the words fields hold `w` as a term (single-character CJK function words
/// are left to the bigrams: see [`analysis::is_word`]).
fn indexed_as_word(w: &QueryWord) -> bool {
    !w.is_cjk() || analysis::is_word(&w.exact[0], || w.function)
}

impl<'a> Compiled<'a> {
    pub fn new(searcher: &'a Searcher, fields: &'a Fields, plan: &Plan) -> Result<Compiled<'a>> {
        let mut c = Compiled {
            searcher,
            fields,
            slots: Vec::new(),
            slot_ids: HashMap::new(),
            prefixes: Vec::new(),
            units: Vec::new(),
            required: Vec::new(),
            optional: Vec::new(),
            filters: Vec::new(),
            unit_queries: Vec::new(),
            loose_queries: Vec::new(),
            loose_weights: Vec::new(),
            sort: None,
        };
        let disabled = EnableScoring::disabled_from_searcher(searcher);
        for unit in &plan.units {
            let query = c.unit_query(unit, true)?;
            let weight = query.weight(disabled).engine()?;
            let alts = unit
                .alts
                .iter()
                .map(|a| c.alt_spec(a))
                .collect::<Result<Vec<_>>>()?;
            let words = &unit.alts[0].words;
            let anchored = match unit.alts.as_slice() {
                [a] if !a.title_only && (a.phrase || a.words.len() == 1) => Some(
                    a.words
                        .iter()
                        .map(|w| w.position - a.words[0].position)
                        .collect(),
                ),
                _ => None,
            };
            c.units.push(UnitSpec {
                anchored,
                first: words[0].position,
                last: words[words.len() - 1].position,
                alts,
                weight,
            });
            c.unit_queries.push(query);
        }
        let exact_only = |u: &Unit| u.alts.iter().flat_map(|a| &a.words).any(|w| w.exact_only);
        if plan.units.iter().any(exact_only) {
            for unit in &plan.units {
                let q = c.unit_query(unit, false)?;
                c.loose_weights.push(q.weight(disabled).engine()?);
                c.loose_queries.push(q);
            }
        }
        c.filters.push((
            Occur::Must,
            term_query(Term::from_field_text(fields.kind, KIND_DOC)),
        ));
        for unit in &plan.required {
            let q = c.unit_query(unit, true)?;
            c.filters.push((Occur::Must, q));
            let alts = unit
                .alts
                .iter()
                .map(|a| c.alt_spec(a))
                .collect::<Result<Vec<_>>>()?;
            c.required.push(alts);
        }
        for w in &plan.optional {
            let spec = c.word_spec(w, false)?;
            c.optional.push(spec);
        }
        for unit in &plan.excluded {
            let q = c.unit_query(unit, true)?;
            c.filters.push((Occur::MustNot, q));
        }
        if !plan.langs.is_empty() {
            let any = plan
                .langs
                .iter()
                .map(|l| term_query(Term::from_field_text(fields.lang, l)))
                .collect();
            c.filters
                .push((Occur::Must, union(any).unwrap_or_else(nothing)));
        }
        for f in &plan.filters {
            let occur = if f.negated {
                Occur::MustNot
            } else {
                Occur::Must
            };
            c.filters.push((occur, filter_query(fields, f)));
        }
        Ok(c)
    }

    /// Sets the sort of rule 2 (see [`super::rank`]).
    pub fn sort_by(&mut self, sort: Option<&SortBy>) {
        self.sort = sort.cloned();
    }

    /// The slot of `text` in the analysed field (`r`, `title`), created on first use.
    fn slot(&mut self, r: R, title: bool, text: &str) -> Result<usize> {
        let field = field_index(r, title);
        if let Some(&id) = self.slot_ids.get(&(field, text.to_string())) {
            return Ok(id);
        }
        let term = Term::from_field_text(self.fields.analysed(r, title), text);
        let bm25 = Bm25Weight::for_terms(self.searcher, std::slice::from_ref(&term)).engine()?;
        self.slots.push(Slot {
            term,
            field,
            positions: r != R::Bigrams,
            bm25,
        });
        let id = self.slots.len() - 1;
        self.slot_ids.insert((field, text.to_string()), id);
        Ok(id)
    }

    fn word_spec(&mut self, w: &QueryWord, title_only: bool) -> Result<WordSpec> {
        let mut spec = WordSpec {
            exact: [Vec::new(), Vec::new()],
            loose: [Vec::new(), Vec::new()],
            grams: [GramSlots::None, GramSlots::None],
            title_only,
        };
        for title in PLACES {
            if title_only && !title {
                continue;
            }
            let p = usize::from(title);
            if indexed_as_word(w) {
                for e in &w.exact {
                    let s = self.slot(R::Words, title, e)?;
                    spec.exact[p].push(s);
                }
            }
            for f in &w.folded {
                let s = self.slot(R::Folded, title, f)?;
                spec.loose[p].push(s);
            }
            for b in &w.base {
                let s = self.slot(R::Words, title, b)?;
                spec.loose[p].push(s);
            }
            spec.grams[p] = match &w.grams {
                Grams::None => GramSlots::None,
                Grams::All(g) => GramSlots::All(
                    g.iter()
                        .map(|b| {
                            Ok((
                                self.slot(R::Bigrams, title, b)?,
                                self.slot(R::Words, title, b)?,
                            ))
                        })
                        .collect::<Result<_>>()?,
                ),
                Grams::Prefix(ch) => {
                    let pattern = format!("{}.?", regex_escape(*ch));
                    let disabled = EnableScoring::disabled_from_searcher(self.searcher);
                    for r in [R::Bigrams, R::Words] {
                        let field = self.fields.analysed(r, title);
                        let q = RegexQuery::from_pattern(&pattern, field).engine()?;
                        self.prefixes.push(q.weight(disabled).engine()?);
                    }
                    GramSlots::Prefix(self.prefixes.len() - 2, self.prefixes.len() - 1)
                }
            };
        }
        Ok(spec)
    }

    fn alt_spec(&mut self, a: &Alt) -> Result<Vec<WordSpec>> {
        a.words
            .iter()
            .map(|w| self.word_spec(w, a.title_only))
            .collect()
    }

    /// The query of documents that hold `w` in any form, in the body or the title.
    /// With `strict`, a word typed with diacritics is held by its exact form only (see
    /// [`QueryWord::exact_only`]).
    fn word_query(&self, w: &QueryWord, title_only: bool, strict: bool) -> Result<Box<dyn Query>> {
        let mut parts: Vec<Box<dyn Query>> = Vec::new();
        for title in PLACES {
            if title_only && !title {
                continue;
            }
            let field = |r| self.fields.analysed(r, title);
            if indexed_as_word(w) {
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
                    parts.push(prefix_query(self.fields, title, *ch)?);
                }
            }
        }
        Ok(union(parts).unwrap_or_else(nothing))
    }

    /// The query of a quoted phrase: its words side by side in their exact forms, or in
    /// their folded forms (Latin), or, for a CJK phrase, every bigram of the phrase.
    fn phrase_query(&self, a: &Alt, strict: bool) -> Result<Box<dyn Query>> {
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
            let indexed = |w: &QueryWord| indexed_as_word(w);
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

    fn alt_query(&self, a: &Alt, strict: bool) -> Result<Box<dyn Query>> {
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
    fn unit_query(&self, u: &Unit, strict: bool) -> Result<Box<dyn Query>> {
        let alts = u
            .alts
            .iter()
            .map(|a| self.alt_query(a, strict))
            .collect::<Result<Vec<_>>>()?;
        Ok(union(alts).unwrap_or_else(nothing))
    }

    /// The query of the documents of tier `k`: at least `k` content units, and every
    /// filter.
    fn tier_query(&self, k: usize) -> Box<dyn Query> {
        let mut parts: Vec<(Occur, Box<dyn Query>)> = self
            .filters
            .iter()
            .map(|(o, q)| (*o, q.box_clone()))
            .collect();
        if k == 0 && !self.loose_queries.is_empty() {
            // The last tier: documents that hold some unit only without the diacritics
            // typed (`bán hàng` for `bạn hàng`).
            let any = self.loose_queries.iter().map(|q| q.box_clone()).collect();
            parts.extend(union(any).map(|q| (Occur::Must, q)));
        } else if k > 0 {
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
        }
        Box::new(BooleanQuery::new(parts))
    }

    /// Pairs of consecutive anchored units (one word or one phrase), in query order:
    /// (unit, unit, query gap from the first's last word to the second's first).
    fn pairs(&self) -> Vec<(usize, usize, u32)> {
        let mut anchored: Vec<usize> = (0..self.units.len())
            .filter(|&i| self.units[i].anchored.is_some())
            .collect();
        anchored.sort_by_key(|&i| self.units[i].first);
        anchored
            .windows(2)
            .filter(|w| self.units[w[1]].first > self.units[w[0]].last)
            .map(|w| (w[0], w[1], self.units[w[1]].first - self.units[w[0]].last))
            .collect()
    }

    /// Runs the tiers until `want` documents are found (or the last tier is done).
    pub fn run(&self, want: usize) -> Result<Outcome> {
        let n = self.units.len();
        let pairs = self.pairs();
        let mut outcome = Outcome {
            top: Vec::new(),
            total: 0,
            units: n as u32,
            pairs: pairs.len() as u32,
        };
        let mut tiers = tier_steps(n);
        if !self.loose_queries.is_empty() {
            tiers.push(0);
        }
        for k in tiers {
            let weight = self
                .tier_query(k)
                .weight(EnableScoring::disabled_from_searcher(self.searcher))
                .engine()?;
            let mut heap: BinaryHeap<Reverse<Entry>> = BinaryHeap::new();
            let mut total = 0;
            for (ord, reader) in self.searcher.segment_readers().iter().enumerate() {
                let mut seg = SegmentEval::new(self, reader)?;
                let mut driver = weight.scorer(reader, 1.0).engine()?;
                let alive = reader.alive_bitset();
                let mut doc = driver.doc();
                while doc != TERMINATED {
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        let held = seg.held(doc);
                        let words = held.iter().filter(|&&h| h).count();
                        if words >= k {
                            total += 1;
                            let worst = heap.peek().map(|e| e.0.key.words);
                            let hopeless =
                                heap.len() >= want && worst.is_some_and(|w| (words as u32) < w);
                            if !hopeless {
                                let (key, matches) = seg.key(doc, &held, &pairs);
                                let entry = Entry {
                                    key,
                                    address: Reverse((ord as u32, doc)),
                                    held,
                                    matches,
                                };
                                if heap.len() < want {
                                    heap.push(Reverse(entry));
                                } else if heap.peek().is_some_and(|w| entry > w.0) {
                                    heap.pop();
                                    heap.push(Reverse(entry));
                                }
                            }
                        }
                    }
                    doc = driver.advance();
                }
            }
            outcome.total = total;
            let mut top: Vec<Entry> = heap.into_iter().map(|e| e.0).collect();
            top.sort_by(|a, b| b.cmp(a));
            outcome.top = top
                .into_iter()
                .map(|e| Ranked {
                    key: e.key,
                    address: DocAddress::new(e.address.0 .0, e.address.0 .1),
                    held: e.held,
                    matches: e.matches,
                })
                .collect();
            if total >= want {
                break;
            }
        }
        Ok(outcome)
    }
}

/// The tiers searched for `n` content units, most words first: every count for a short
/// query, a few geometric steps for a long one (a pasted paragraph).
pub(crate) fn tier_steps(n: usize) -> Vec<usize> {
    if n <= 6 {
        return (1..=n.max(1)).rev().map(|k| k.min(n)).collect();
    }
    let mut steps = vec![n, n - 1, n * 3 / 4, n / 2, n / 4, 1];
    steps.dedup();
    steps.retain(|&k| k >= 1);
    steps
}

/// True when `s` holds `doc` (moving it forward).
fn at(s: &mut dyn Scorer, doc: DocId) -> bool {
    if s.doc() < doc {
        s.seek(doc);
    }
    s.doc() == doc
}

/// A candidate in the heap: greater is better.
#[derive(PartialEq, Eq)]
struct Entry {
    key: RankKey,
    /// Earlier documents first among equals.
    address: Reverse<(u32, DocId)>,
    held: Vec<bool>,
    matches: Vec<(u8, bool)>,
}

impl Ord for Entry {
    fn cmp(&self, other: &Entry) -> std::cmp::Ordering {
        self.key
            .cmp(&other.key)
            .then_with(|| self.address.cmp(&other.address))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Entry) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The evaluation state of one segment: a cursor per query term and per unit.
struct SegmentEval<'c, 'a> {
    c: &'c Compiled<'a>,
    postings: Vec<Option<SegmentPostings>>,
    prefixes: Vec<Box<dyn Scorer>>,
    norms: Vec<Option<FieldNormReader>>,
    units: Vec<Box<dyn Scorer>>,
    /// Membership without the diacritics typed (empty when no word has them).
    loose: Vec<Box<dyn Scorer>>,
    /// The sort field's values: dates, else numbers.
    sort: Option<SortColumn>,
    buf: Vec<u32>,
}

/// A metadata column to sort by.
enum SortColumn {
    Date(tantivy::columnar::Column<tantivy::DateTime>, bool),
    Number(tantivy::columnar::Column<f64>, bool),
}

impl SortColumn {
    fn open(reader: &SegmentReader, sort: &SortBy) -> Option<SortColumn> {
        let name = format!("{}.{}", crate::index::schema::name::META, sort.field);
        let ff = reader.fast_fields();
        if let Ok(Some(c)) = ff.column_opt::<tantivy::DateTime>(&name) {
            return Some(SortColumn::Date(c, sort.descending));
        }
        if let Ok(Some(c)) = ff.column_opt::<f64>(&name) {
            return Some(SortColumn::Number(c, sort.descending));
        }
        None
    }

    /// The sort value of `doc`, ordered as [`RankKey::sort`] wants (negated when
    /// descending); the first value of a list.
    fn value(&self, doc: DocId) -> Option<i64> {
        let (v, descending) = match self {
            SortColumn::Date(c, d) => (c.first(doc).map(|t| t.into_timestamp_secs()), *d),
            SortColumn::Number(c, d) => (c.first(doc).map(sortable), *d),
        };
        v.map(|x| if descending { -x } else { x })
    }
}

/// An i64 that orders as the f64 does.
fn sortable(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    if bits < 0 {
        bits ^ i64::MAX
    } else {
        bits
    }
}

impl<'c, 'a> SegmentEval<'c, 'a> {
    fn new(c: &'c Compiled<'a>, reader: &SegmentReader) -> Result<SegmentEval<'c, 'a>> {
        let mut postings = Vec::with_capacity(c.slots.len());
        for s in &c.slots {
            let option = if s.positions {
                IndexRecordOption::WithFreqsAndPositions
            } else {
                IndexRecordOption::WithFreqs
            };
            let inv = reader.inverted_index(s.term.field()).engine()?;
            postings.push(
                inv.read_postings(&s.term, option)
                    .map_err(Error::engine_io)?,
            );
        }
        let prefixes = c
            .prefixes
            .iter()
            .map(|w| w.scorer(reader, 1.0))
            .collect::<tantivy::Result<Vec<_>>>()
            .engine()?;
        let mut norms = Vec::with_capacity(6);
        for title in PLACES {
            for r in R::ALL {
                norms.push(
                    reader
                        .get_fieldnorms_reader(c.fields.analysed(r, title))
                        .ok(),
                );
            }
        }
        let units = c
            .units
            .iter()
            .map(|u| u.weight.scorer(reader, 1.0))
            .collect::<tantivy::Result<Vec<_>>>()
            .engine()?;
        let loose = c
            .loose_weights
            .iter()
            .map(|w| w.scorer(reader, 1.0))
            .collect::<tantivy::Result<Vec<_>>>()
            .engine()?;
        Ok(SegmentEval {
            c,
            postings,
            prefixes,
            norms,
            units,
            loose,
            sort: c.sort.as_ref().and_then(|s| SortColumn::open(reader, s)),
            buf: Vec::new(),
        })
    }

    /// Which content units the document holds.
    fn held(&mut self, doc: DocId) -> Vec<bool> {
        self.units.iter_mut().map(|s| at(s.as_mut(), doc)).collect()
    }

    /// The slot's term frequency in `doc` (0 when absent).
    fn tf(&mut self, slot: usize, doc: DocId) -> u32 {
        let Some(p) = self.postings[slot].as_mut() else {
            return 0;
        };
        if p.doc() < doc {
            p.seek(doc);
        }
        if p.doc() == doc {
            p.term_freq()
        } else {
            0
        }
    }

    fn bm25(&self, slot: usize, doc: DocId, tf: u32) -> f32 {
        let s = &self.c.slots[slot];
        let norm = self.norms[s.field]
            .as_ref()
            .map_or(0, |n| n.fieldnorm_id(doc));
        s.bm25.score(norm, tf)
    }

    fn prefix_holds(&mut self, i: usize, doc: DocId) -> bool {
        let s = &mut self.prefixes[i];
        if s.doc() < doc {
            s.seek(doc);
        }
        s.doc() == doc
    }

    /// How `doc` matches the word `w`; positions only when asked.
    fn word(&mut self, w: &WordSpec, doc: DocId, positions: bool) -> WordMatch {
        let mut m = WordMatch::default();
        for title in PLACES {
            if w.title_only && !title {
                continue;
            }
            let p = usize::from(title);
            let mut best = 0f32;
            let mut level = 0u8;
            for (exact, slots) in [(true, &w.exact[p]), (false, &w.loose[p])] {
                for &s in slots {
                    let tf = self.tf(s, doc);
                    if tf == 0 {
                        continue;
                    }
                    level = level.max(if exact { 3 } else { 2 });
                    best = best.max(self.bm25(s, doc, tf));
                    if positions && self.c.slots[s].positions {
                        if let Some(post) = self.postings[s].as_mut() {
                            post.positions(&mut self.buf);
                            m.positions[p].extend(self.buf.iter().map(|&x| (x, exact)));
                        }
                    }
                }
            }
            match &w.grams[p] {
                GramSlots::None => {}
                GramSlots::All(slots) => {
                    let mut sum = 0f32;
                    let mut all = true;
                    for &(b, w) in slots {
                        let (s, tf) = match self.tf(b, doc) {
                            0 => (w, self.tf(w, doc)),
                            tf => (b, tf),
                        };
                        if tf == 0 {
                            all = false;
                            break;
                        }
                        sum += self.bm25(s, doc, tf);
                    }
                    if all {
                        level = level.max(1);
                        if best == 0.0 {
                            best = sum / slots.len().max(1) as f32;
                        }
                    }
                }
                GramSlots::Prefix(b, w) => {
                    if self.prefix_holds(*b, doc) || self.prefix_holds(*w, doc) {
                        level = level.max(1);
                    }
                }
            }
            if level > 0 && title {
                m.title = true;
            }
            m.level = m.level.max(level);
            m.bm25 += best;
        }
        if positions {
            // A position held in its exact form and its folded form counts as exact.
            for ps in &mut m.positions {
                ps.sort_unstable_by_key(|&(pos, exact)| (pos, !exact));
                ps.dedup_by_key(|x| x.0);
            }
        }
        m
    }

    /// How `doc` matches an anchored unit (one word, or one phrase whose words are at
    /// `offsets`): the positions where it starts, exact when every word is there in its
    /// exact form. A phrase found side by side is exact or loose; found only through
    /// bigrams (a CJK phrase another segmentation cut), its weakest word's level.
    fn anchor(&mut self, words: &[WordSpec], offsets: &[u32], doc: DocId) -> WordMatch {
        if let [w] = words {
            return self.word(w, doc, true);
        }
        let ms: Vec<WordMatch> = words.iter().map(|w| self.word(w, doc, true)).collect();
        let mut out = WordMatch {
            level: ms.iter().map(|m| m.level).min().unwrap_or(0),
            title: ms.iter().all(|m| m.title),
            bm25: ms.iter().map(|m| m.bm25).sum(),
            ..WordMatch::default()
        };
        for p in 0..2 {
            for &(start, first_exact) in &ms[0].positions[p] {
                let mut exact = first_exact;
                let found = ms.iter().zip(offsets).skip(1).all(|(m, &off)| {
                    let at = start + off;
                    match m.positions[p].iter().find(|x| x.0 == at) {
                        Some(x) => {
                            exact &= x.1;
                            true
                        }
                        None => false,
                    }
                });
                if found {
                    out.positions[p].push((start, exact));
                }
            }
            out.positions[p].dedup_by_key(|x| x.0);
        }
        let side_by_side = out.positions.iter().flatten().map(|x| x.1).max();
        if let Some(exact) = side_by_side {
            out.level = if exact { 3 } else { 2 };
        }
        out
    }

    /// The level, title flag and BM25 of a unit of several words or alternatives: the
    /// best alternative, whose level is its weakest word's.
    fn unit(&mut self, alts: &[Vec<WordSpec>], doc: DocId) -> (u8, bool, f32) {
        let mut best = (0u8, false, 0f32);
        for alt in alts {
            let mut level = u8::MAX;
            let mut title = false;
            let mut bm25 = 0f32;
            for w in alt {
                let m = self.word(w, doc, false);
                level = level.min(m.level);
                title |= m.title;
                bm25 += m.bm25;
            }
            if alt.is_empty() {
                level = 0;
            }
            if (level, bm25) > (best.0, best.2) {
                best = (level, title, bm25);
            }
        }
        best
    }

    /// The ranking key of `doc`, and how each content unit matched (level, title).
    fn key(
        &mut self,
        doc: DocId,
        held: &[bool],
        pairs: &[(usize, usize, u32)],
    ) -> (RankKey, Vec<(u8, bool)>) {
        let c = self.c;
        let mut key = RankKey {
            words: held.iter().filter(|&&h| h).count() as u32,
            sort: self.sort.as_ref().and_then(|s| s.value(doc)),
            ..RankKey::default()
        };
        let mut singles: Vec<Option<WordMatch>> = Vec::with_capacity(c.units.len());
        let mut matches = Vec::with_capacity(c.units.len());
        for (i, u) in c.units.iter().enumerate() {
            // A unit held only without the diacritics typed counts as loose at best.
            let cap = if held[i] {
                3
            } else if self.loose.get_mut(i).is_some_and(|s| at(s.as_mut(), doc)) {
                2
            } else {
                singles.push(None);
                matches.push((0, false));
                continue;
            };
            let (level, title, bm25) = match &u.anchored {
                Some(offsets) => {
                    let a = self.anchor(&u.alts[0], offsets, doc);
                    let r = (a.level.min(cap), a.title, a.bm25);
                    singles.push(Some(a));
                    r
                }
                None => {
                    singles.push(None);
                    let (level, title, bm25) = self.unit(&u.alts, doc);
                    (level.min(cap), title, bm25)
                }
            };
            key.exactness += u32::from(level);
            key.title += u32::from(title);
            key.bm25 += bm25;
            matches.push((level, title));
        }
        for r in &c.required {
            let (level, title, bm25) = self.unit(r, doc);
            key.exactness += u32::from(level);
            key.title += u32::from(title);
            key.bm25 += bm25;
        }
        for w in &c.optional {
            key.bm25 += self.word(w, doc, false).bm25;
        }
        for &(a, b, gap) in pairs {
            let (Some(ma), Some(mb)) = (&singles[a], &singles[b]) else {
                key.proximity += FAR;
                continue;
            };
            let span = c.units[a].last - c.units[a].first;
            let mut cost = FAR;
            let mut exact = false;
            for p in 0..2 {
                let ends: Vec<(u32, bool)> = ma.positions[p]
                    .iter()
                    .map(|&(x, e)| (x + span, e))
                    .collect();
                let c = pair_cost(&ends, &mb.positions[p], gap, false);
                cost = cost.min(c);
                if c == 1 && pair_cost(&ends, &mb.positions[p], gap, true) == 1 {
                    exact = true;
                }
            }
            key.proximity += cost;
            key.exact_pairs += u32::from(exact);
        }
        (key, matches)
    }
}
