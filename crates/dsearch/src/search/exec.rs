//! Running a [`Plan`] on the index.
//!
//! Candidates come tier by tier: first the documents that hold every content word, then,
//! when those do not fill the page, the documents that hold at least one fewer, and so
//! on (tantivy boolean queries with a minimum number of matching clauses find them).
//! Each candidate is then evaluated against the ranking rules of [`super::rank`] from
//! the postings of every query term, positions included ([`super::eval`]), and the best
//! ones are kept. The tantivy queries themselves are built in [`super::clauses`].
//!
//! A unit's *membership* (does the document hold it?) is decided by the same tantivy
//! query that finds candidates; the postings only say *how* it matched.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use tantivy::query::{Bm25Weight, EnableScoring, Occur, Query, Weight};
use tantivy::{DocAddress, DocId, Searcher, Term, TERMINATED};

use super::clauses::{field_index, filter_query, nothing, starting_with, term_query, union};
use super::eval::SegmentEval;
use super::rank::{query_pairs, RankKey};
use super::SortBy;
use crate::analysis::han_script::HanScript;
use crate::analysis::Representation as R;
use crate::error::{Engine, Result};
use crate::index::schema::{Fields, KIND_DOC, KIND_FILE};
use crate::query::{Alt, Bond, Grams, Plan, QueryWord, Unit};

/// Body, then title.
pub(super) const PLACES: [bool; 2] = [false, true];

/// One distinct term of the query, with its BM25 weight over the whole index.
pub(super) struct Slot {
    pub(super) term: Term,
    /// Index of the field among the six analysed fields (place * 3 + representation).
    pub(super) field: usize,
    pub(super) positions: bool,
    pub(super) bm25: Bm25Weight,
}

/// How a word matches through bigrams, in one place.
#[derive(Clone)]
pub(super) enum GramSlots {
    None,
    /// Every bigram must be in the document: in the bigrams field, or in the words
    /// field where a two-char word stood for it (the index keeps it only there). Slots
    /// of (bigrams, words).
    All(Vec<(usize, usize)>),
    /// The prefix queries (bigrams, words) of a single character.
    Prefix(usize, usize),
}

/// The slots of one query word, per place (body, title).
pub(super) struct WordSpec {
    pub(super) exact: [Vec<usize>; 2],
    pub(super) loose: [Vec<usize>; 2],
    pub(super) grams: [GramSlots; 2],
    /// Slots (bigrams, words) of the word's [`QueryWord::junctions`], per place.
    pub(super) junctions: [Vec<(usize, usize)>; 2],
    pub(super) title_only: bool,
    /// [`QueryWord::script`]: held in a document of the other script, the word's exact
    /// form counts as folded.
    pub(super) script: Option<HanScript>,
}

/// How one document matched one word.
#[derive(Default)]
pub(super) struct WordMatch {
    /// 3 exact, 2 base or folded, 1 bigrams only, 0 not at all.
    pub(super) level: u8,
    pub(super) title: bool,
    pub(super) bm25: f32,
    /// Positions in body and title, flagged exact.
    pub(super) positions: [Vec<(u32, bool)>; 2],
}

/// A unit compiled: its words per alternative, and the query that decides membership.
pub(super) struct UnitSpec {
    pub(super) alts: Vec<Vec<WordSpec>>,
    /// For a unit of one word or one phrase (anywhere, not `title:`): the query offsets
    /// of its words from the first; such units have positions and take part in proximity.
    pub(super) anchored: Option<Vec<u32>>,
    /// Query positions of its first and last word.
    pub(super) first: u32,
    pub(super) last: u32,
    /// Query positions of the first word of its later occurrences ([`Unit::repeats`]).
    pub(super) repeats: Vec<u32>,
    /// Its positions are read: it takes part in a pair (proximity), or it is a phrase
    /// (side by side or not decides its level). A lone word needs none.
    pub(super) positional: bool,
    /// [`Unit::syllables`].
    pub(super) syllables: bool,
    pub(super) weight: Box<dyn Weight>,
}

/// A hit before its stored fields are read.
pub(crate) struct Ranked {
    pub key: RankKey,
    pub address: DocAddress,
    /// Which content units the document holds.
    pub held: Vec<bool>,
    /// How each content unit matched.
    pub matches: Vec<UnitMatch>,
}

/// How a document holds one content unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct UnitMatch {
    /// Exact 3, base or folded form 2, bigrams only 1, not held 0.
    pub level: u8,
    /// The title holds it (counted only when the unit is held).
    pub title: bool,
    /// Not held, but the document holds the syllables of this Vietnamese word of
    /// several apart ([`Unit::syllables`]): a hit of the last tier.
    pub apart: bool,
}

/// The outcome of a search before the documents are read.
pub(crate) struct Outcome {
    /// The best documents, best first (offset included).
    pub top: Vec<Ranked>,
    /// Documents matching in the last tier searched.
    pub total: usize,
    /// Units of the query that rules 4 and 5 count, content and required (for
    /// [`RankKey::score`]).
    pub units: u32,
    /// Pairs of rule 3, of consecutive anchored units and of a function word with its
    /// unit (for [`RankKey::score`]).
    pub pairs: u32,
}

/// A plan compiled against a searcher.
pub(crate) struct Compiled<'a> {
    pub(super) searcher: &'a Searcher,
    pub(super) fields: &'a Fields,
    pub(super) slots: Vec<Slot>,
    pub(super) slot_ids: HashMap<(usize, String), usize>,
    pub(super) prefixes: Vec<Box<dyn Weight>>,
    pub(super) units: Vec<UnitSpec>,
    pub(super) required: Vec<Vec<Vec<WordSpec>>>,
    pub(super) optional: Vec<WordSpec>,
    /// Must-match queries: kind, required units, languages; must-not: exclusions.
    pub(super) filters: Vec<(Occur, Box<dyn Query>)>,
    pub(super) unit_queries: Vec<Box<dyn Query>>,
    /// The queries of the documents that hold each unit at least without the diacritics
    /// typed, when some unit has a word whose diacritics count (else empty).
    pub(super) loose_queries: Vec<Box<dyn Query>>,
    pub(super) loose_weights: Vec<Box<dyn Weight>>,
    /// The queries of the documents that hold the syllables of a word of several
    /// ([`Unit::syllables`]), apart or not: they join the last tier.
    pub(super) apart_queries: Vec<Box<dyn Query>>,
    pub(super) sort: Option<SortBy>,
    /// Some word has a Chinese script ([`QueryWord::script`]): documents' scripts are read.
    pub(super) scripts: bool,
    /// Pairs of consecutive anchored units (see [`Compiled::pairs`]).
    pub(super) pairs: Vec<(usize, usize, u32)>,
    /// Function words that count in proximity ([`Plan::bonds`]).
    pub(super) bonds: Vec<Bond>,
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
            apart_queries: Vec::new(),
            sort: None,
            scripts: false,
            pairs: Vec::new(),
            bonds: Vec::new(),
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
            let anchored = unit.anchored().then(|| {
                words
                    .iter()
                    .map(|w| w.position - words[0].position)
                    .collect()
            });
            if unit.syllables {
                let apart = Alt {
                    phrase: false,
                    ..unit.alts[0].clone()
                };
                c.apart_queries.push(c.alt_query(&apart, true)?);
            }
            c.units.push(UnitSpec {
                syllables: unit.syllables,
                positional: anchored.as_ref().is_some_and(|o: &Vec<u32>| o.len() > 1),
                anchored,
                first: words[0].position,
                last: words[words.len() - 1].position,
                repeats: unit.repeats.clone(),
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
        // Documents, not file records. Excluding the few file records costs less than
        // intersecting with every document, when the query holds something to match.
        c.filters
            .push(if plan.units.is_empty() && plan.required.is_empty() {
                (
                    Occur::Must,
                    term_query(Term::from_field_text(fields.kind, KIND_DOC)),
                )
            } else {
                (
                    Occur::MustNot,
                    term_query(Term::from_field_text(fields.kind, KIND_FILE)),
                )
            });
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
        for langs in [&plan.langs, &plan.only_langs] {
            if !langs.is_empty() {
                let any = langs
                    .iter()
                    .map(|l| term_query(Term::from_field_text(fields.lang, l)))
                    .collect();
                c.filters
                    .push((Occur::Must, union(any).unwrap_or_else(nothing)));
            }
        }
        for l in &plan.not_langs {
            c.filters.push((
                Occur::MustNot,
                term_query(Term::from_field_text(fields.lang, l)),
            ));
        }
        for group in &plan.filters {
            match group.as_slice() {
                [f] if f.negated => c.filters.push((Occur::MustNot, filter_query(fields, f))),
                _ => {
                    let any = group.iter().map(|f| filter_query(fields, f)).collect();
                    c.filters
                        .push((Occur::Must, union(any).unwrap_or_else(nothing)));
                }
            }
        }
        c.pairs = c.pairs();
        for &(a, b, _) in &c.pairs {
            c.units[a].positional = true;
            c.units[b].positional = true;
        }
        c.bonds = plan.bonds();
        for b in &c.bonds {
            c.units[b.unit].positional = true;
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
            junctions: [Vec::new(), Vec::new()],
            title_only,
            script: w.script,
        };
        self.scripts |= w.script.is_some();
        for title in PLACES {
            if title_only && !title {
                continue;
            }
            let p = usize::from(title);
            if w.indexed_as_word() {
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
                    let disabled = EnableScoring::disabled_from_searcher(self.searcher);
                    for r in [R::Bigrams, R::Words] {
                        let q = starting_with(self.fields.analysed(r, title), *ch);
                        self.prefixes.push(q.weight(disabled).engine()?);
                    }
                    GramSlots::Prefix(self.prefixes.len() - 2, self.prefixes.len() - 1)
                }
            };
            for j in &w.junctions {
                let pair = (
                    self.slot(R::Bigrams, title, j)?,
                    self.slot(R::Words, title, j)?,
                );
                spec.junctions[p].push(pair);
            }
        }
        Ok(spec)
    }

    fn alt_spec(&mut self, a: &Alt) -> Result<Vec<WordSpec>> {
        a.words
            .iter()
            .map(|w| self.word_spec(w, a.title_only))
            .collect()
    }

    /// Pairs of consecutive anchored units (one word or one phrase), in query order:
    /// (unit, unit, query gap from the first's last word to the second's first). A unit
    /// typed twice pairs at each place ([`query_pairs`]).
    fn pairs(&self) -> Vec<(usize, usize, u32)> {
        // (first position, last position, unit) of every occurrence.
        let mut occurrences: Vec<(u32, u32, usize)> = Vec::new();
        for (i, u) in self.units.iter().enumerate() {
            if u.anchored.is_some() {
                occurrences.push((u.first, u.last, i));
                for &p in &u.repeats {
                    occurrences.push((p, p + (u.last - u.first), i));
                }
            }
        }
        query_pairs(occurrences)
    }

    /// Runs the tiers until `want` documents are found (or the last tier is done).
    pub fn run(&self, want: usize) -> Result<Outcome> {
        let n = self.units.len();
        let pairs = &self.pairs;
        let mut outcome = Outcome {
            top: Vec::new(),
            total: 0,
            units: (n + self.required.len()) as u32,
            pairs: (pairs.len() + self.bonds.len()) as u32,
        };
        let mut tiers = tier_steps(n);
        // The last tier, "0 of n words": documents that hold the query's words only
        // without the diacritics typed or, for a word of several syllables, apart
        // (`lưu` … `tệp` for `lưu tệp`), or, with a phrase or a `title:` clause, every
        // document that holds it (`"khoáng sản" gimp` finds the phrase without `gimp`).
        if n > 0
            && (!self.loose_queries.is_empty()
                || !self.apart_queries.is_empty()
                || !self.required.is_empty())
        {
            tiers.push(0);
        }
        for k in tiers {
            let weight = self
                .tier_query(k)
                .weight(EnableScoring::disabled_from_searcher(self.searcher))
                .engine()?;
            let mut heap: BinaryHeap<Reverse<Entry>> = BinaryHeap::new();
            let mut total = 0;
            let mut held = Vec::new();
            for (ord, reader) in self.searcher.segment_readers().iter().enumerate() {
                let mut seg = SegmentEval::new(self, reader, k < n)?;
                let mut driver = weight.scorer(reader, 1.0).engine()?;
                let alive = reader.alive_bitset();
                let mut doc = driver.doc();
                while doc != TERMINATED {
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        seg.held_into(doc, &mut held);
                        let words = held.iter().filter(|&&h| h).count();
                        if words >= k {
                            total += 1;
                            // With the page full, a document whose best possible key is
                            // below the last one kept is not evaluated further.
                            let worst = heap.peek().filter(|_| heap.len() >= want);
                            let hopeless = want == 0
                                || worst.is_some_and(|w| {
                                    (words as u32) < w.0.key.words
                                        || seg.bound(doc, &held, pairs) < w.0.key
                                });
                            if !hopeless {
                                let (key, matches) = seg.key(doc, &held, pairs);
                                let entry = Entry {
                                    key,
                                    tie: Reverse(seg.tie(doc)),
                                    address: Reverse((ord as u32, doc)),
                                    held: held.clone(),
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
            // A page of 0 (a count) stops at the first tier that holds a document.
            if total >= want.max(1) {
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

/// A candidate in the heap: greater is better.
#[derive(PartialEq, Eq)]
struct Entry {
    pub(super) key: RankKey,
    /// Among equals, the lower tie order first ([`crate::index::prepare::tie_order`]),
    /// so a rebuild does not reorder them; then the earlier document.
    pub(super) tie: Reverse<u64>,
    pub(super) address: Reverse<(u32, DocId)>,
    pub(super) held: Vec<bool>,
    pub(super) matches: Vec<UnitMatch>,
}

impl Ord for Entry {
    fn cmp(&self, other: &Entry) -> std::cmp::Ordering {
        self.key
            .cmp(&other.key)
            .then_with(|| self.tie.cmp(&other.tie))
            .then_with(|| self.address.cmp(&other.address))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Entry) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
