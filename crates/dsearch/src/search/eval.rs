//! Evaluating one candidate document in one segment: how it matched each unit (exact,
//! folded, bigrams), where (body, title), how close the words stand, and its BM25, read
//! from the postings of every query term; the result is its [`RankKey`].

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::Scorer;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, SegmentReader};

use super::exec::{Compiled, GramSlots, UnitMatch, WordMatch, WordSpec, PLACES};
use super::rank::{pair_cost, RankKey, FAR};
use super::SortBy;
use crate::analysis::han_script::HanScript;
use crate::analysis::Representation as R;
use crate::error::{Engine, Error, Result};
use crate::query::Bond;

/// True when `s` holds `doc` (moving it forward).
fn at(s: &mut dyn Scorer, doc: DocId) -> bool {
    if s.doc() < doc {
        s.seek(doc);
    }
    s.doc() == doc
}

/// The evaluation state of one segment: a cursor per query term and per unit.
pub(super) struct SegmentEval<'c, 'a> {
    c: &'c Compiled<'a>,
    postings: Vec<Option<SegmentPostings>>,
    prefixes: Vec<Box<dyn Scorer>>,
    norms: Vec<Option<FieldNormReader>>,
    units: Vec<Box<dyn Scorer>>,
    /// Membership without the diacritics typed (empty when no word has them).
    loose: Vec<Box<dyn Scorer>>,
    /// The sort field's values: dates, else numbers.
    sort: Option<SortColumn>,
    /// The documents' Chinese scripts, read only when a query word has one.
    scripts: Option<tantivy::columnar::Column<u64>>,
    /// The documents' places among ties ([`crate::index::schema::name::TIE`]).
    ties: Option<tantivy::columnar::Column<u64>>,
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
    /// The evaluation of `reader`'s documents. Without `some_missing` every candidate
    /// holds every unit (the tier of all of them) and membership is not read.
    pub(super) fn new(
        c: &'c Compiled<'a>,
        reader: &SegmentReader,
        some_missing: bool,
    ) -> Result<SegmentEval<'c, 'a>> {
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
        let units = if some_missing {
            c.units
                .iter()
                .map(|u| u.weight.scorer(reader, 1.0))
                .collect::<tantivy::Result<Vec<_>>>()
                .engine()?
        } else {
            Vec::new()
        };
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
            scripts: if c.scripts {
                reader
                    .fast_fields()
                    .column_opt::<u64>(crate::index::schema::name::HAN_SCRIPT)
                    .ok()
                    .flatten()
            } else {
                None
            },
            ties: reader
                .fast_fields()
                .column_opt::<u64>(crate::index::schema::name::TIE)
                .ok()
                .flatten(),
            buf: Vec::new(),
        })
    }

    /// The document's place among hits that tie under every rule, lower first.
    pub(super) fn tie(&self, doc: DocId) -> u64 {
        self.ties
            .as_ref()
            .and_then(|c| c.first(doc))
            .unwrap_or(u64::MAX)
    }

    /// Which content units the document holds, into `out`.
    pub(super) fn held_into(&mut self, doc: DocId, out: &mut Vec<bool>) {
        out.clear();
        if self.units.is_empty() {
            out.resize(self.c.units.len(), true);
        } else {
            out.extend(self.units.iter_mut().map(|s| at(s.as_mut(), doc)));
        }
    }

    /// The best key `doc` can have, from what is cheap to read: the words held, the
    /// sort value, and for a unit of one word whether one of its exact or folded terms
    /// is there at all (else it matched through bigrams, level 1). Proximity, levels
    /// and titles are taken at their best, BM25 as unbounded. [`SegmentEval::key`] is
    /// never above it.
    pub(super) fn bound(
        &mut self,
        doc: DocId,
        held: &[bool],
        pairs: &[(usize, usize, u32)],
    ) -> RankKey {
        let c = self.c;
        let mut key = RankKey {
            words: held.iter().filter(|&&h| h).count() as u32,
            sort: self.sort.as_ref().and_then(|s| s.value(doc)),
            bm25: f32::INFINITY,
            ..RankKey::default()
        };
        for (i, u) in c.units.iter().enumerate() {
            // As in `key`: a unit not held adds nothing to rules 3 to 5.
            if !held[i] {
                continue;
            }
            let (level, title) = match u.alts.as_slice() {
                [alt] => match alt.as_slice() {
                    [w] => self.word_bound(w, doc),
                    _ => (3, true),
                },
                _ => (3, true),
            };
            key.exactness += u32::from(level);
            key.title += u32::from(title);
        }
        let required = c.required.len() as u32;
        key.exactness += 3 * required;
        key.title += required;
        for &(a, b, _) in pairs {
            if held[a] && held[b] {
                key.proximity += 1;
                key.exact_pairs += 1;
            } else {
                key.proximity += FAR;
            }
        }
        // A function word beside its content word ([`Bond`]): side by side at best,
        // when the document holds both (reading positions costs more than this).
        for b in &c.bonds {
            if held[b.unit] && self.holds(&c.optional[b.optional], b.exact_only, doc) {
                key.proximity += 1;
                key.exact_pairs += 1;
            } else {
                key.proximity += FAR;
            }
        }
        key
    }

    /// True when `doc` holds the word `w` as a term of the words fields (its exact form,
    /// or unless `exact_only` its folded or base form), in the body or the title.
    fn holds(&mut self, w: &WordSpec, exact_only: bool, doc: DocId) -> bool {
        (0..2).any(|p| {
            let loose: &[usize] = if exact_only { &[] } else { &w.loose[p] };
            w.exact[p].iter().chain(loose).any(|&s| self.tf(s, doc) > 0)
        })
    }

    /// The best level `doc` can have for the word `w` (3 when an exact term is there,
    /// 2 when a folded or base form is, else 1), and whether the title may hold it.
    fn word_bound(&mut self, w: &WordSpec, doc: DocId) -> (u8, bool) {
        let mut level = 1;
        let mut title = false;
        for p in 0..2 {
            if w.title_only && p == 0 {
                continue;
            }
            let found = if w.exact[p].iter().any(|&s| self.tf(s, doc) > 0) {
                level = 3;
                true
            } else if w.loose[p].iter().any(|&s| self.tf(s, doc) > 0) {
                level = level.max(2);
                true
            } else {
                p == 1 && self.grams_hold(&w.grams[p], doc)
            };
            title |= p == 1 && found;
        }
        (level, title)
    }

    /// True when `doc` holds the word through its bigrams (or its prefix, one char).
    fn grams_hold(&mut self, grams: &GramSlots, doc: DocId) -> bool {
        match grams {
            GramSlots::None => false,
            GramSlots::All(slots) => slots
                .iter()
                .all(|&(b, w)| self.tf(b, doc) > 0 || self.tf(w, doc) > 0),
            GramSlots::Prefix(b, w) => self.prefix_holds(*b, doc) || self.prefix_holds(*w, doc),
        }
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

    /// A bigram's slot and term frequency in `doc`: from the bigrams field, else from the
    /// words field, where a two-char word stood for it (tf 0 when in neither).
    fn gram_tf(&mut self, (bigrams, words): (usize, usize), doc: DocId) -> (usize, u32) {
        match self.tf(bigrams, doc) {
            0 => (words, self.tf(words, doc)),
            tf => (bigrams, tf),
        }
    }

    /// The BM25 of a one-character word from the bigrams it forms with its query
    /// neighbours: the mean over them, a missing one counting 0.
    fn junctions(&mut self, slots: &[(usize, usize)], doc: DocId) -> f32 {
        let mut sum = 0f32;
        for &pair in slots {
            let (s, tf) = self.gram_tf(pair, doc);
            if tf > 0 {
                sum += self.bm25(s, doc, tf);
            }
        }
        sum / slots.len().max(1) as f32
    }

    fn prefix_holds(&mut self, i: usize, doc: DocId) -> bool {
        let s = &mut self.prefixes[i];
        if s.doc() < doc {
            s.seek(doc);
        }
        s.doc() == doc
    }

    /// Whether `doc` is written in the other Chinese script than word `w` was typed in.
    fn other_script(&self, w: &WordSpec, doc: DocId) -> bool {
        let Some(typed) = w.script else {
            return false;
        };
        self.scripts
            .as_ref()
            .and_then(|c| c.first(doc))
            .and_then(HanScript::from_code)
            .is_some_and(|written| written != typed)
    }

    /// How `doc` matches the word `w`; positions only when asked. A Chinese word held in
    /// a document of the other script (`基础` typed, `基礎` written) matches like a
    /// folded form: its exact terms count 2, and its positions are not exact.
    fn word(&mut self, w: &WordSpec, doc: DocId, positions: bool) -> WordMatch {
        let mut m = WordMatch::default();
        let folded_script = self.other_script(w, doc);
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
                    let exact = exact && !folded_script;
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
                    for &pair in slots {
                        let (s, tf) = self.gram_tf(pair, doc);
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
                GramSlots::Prefix(b, ws) => {
                    if self.prefix_holds(*b, doc) || self.prefix_holds(*ws, doc) {
                        level = level.max(1);
                        if best == 0.0 {
                            best = self.junctions(&w.junctions[p], doc);
                        }
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
                // Positions are sorted and unique ([`Self::word`]): a binary search, so
                // a text that repeats the phrase costs n log n, not n².
                let found = ms.iter().zip(offsets).skip(1).all(|(m, &off)| {
                    let at = start + off;
                    let ps = &m.positions[p];
                    match ps.binary_search_by_key(&at, |x| x.0) {
                        Ok(i) => {
                            exact &= ps[i].1;
                            true
                        }
                        Err(_) => false,
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
    pub(super) fn key(
        &mut self,
        doc: DocId,
        held: &[bool],
        pairs: &[(usize, usize, u32)],
    ) -> (RankKey, Vec<UnitMatch>) {
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
                // A document of the last tier that holds no unit: the syllables of a
                // word of several, apart, rank it by their BM25.
                let mut apart = false;
                if key.words == 0 && u.syllables {
                    let (level, _, bm25) = self.unit(&u.alts, doc);
                    if level > 0 {
                        key.bm25 += bm25;
                        apart = true;
                    }
                }
                singles.push(None);
                matches.push(UnitMatch {
                    apart,
                    ..UnitMatch::default()
                });
                continue;
            };
            let (level, title, bm25) = match &u.anchored {
                Some(_) if !u.positional => {
                    singles.push(None);
                    let m = self.word(&u.alts[0][0], doc, false);
                    (m.level.min(cap), m.title, m.bm25)
                }
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
            // Rules 3 to 5 look at the units the document holds. One it holds only with
            // other diacritics (another word, in Vietnamese) is named in the explanation
            // and adds its BM25, nothing else: not in the title either.
            if held[i] {
                key.exactness += u32::from(level);
                key.title += u32::from(title);
            } else if let Some(s) = singles.last_mut() {
                *s = None;
            }
            key.bm25 += bm25;
            matches.push(UnitMatch {
                level,
                title: title && held[i],
                apart: false,
            });
        }
        for r in &c.required {
            let (level, title, bm25) = self.unit(r, doc);
            key.exactness += u32::from(level);
            key.title += u32::from(title);
            key.bm25 += bm25;
        }
        let mut optional: Vec<WordMatch> = Vec::with_capacity(c.optional.len());
        for (o, w) in c.optional.iter().enumerate() {
            let positions = c.bonds.iter().any(|b| b.optional == o);
            let m = self.word(w, doc, positions);
            key.bm25 += m.bm25;
            optional.push(m);
        }
        for bond in &c.bonds {
            let (cost, exact) = match (&singles[bond.unit], held[bond.unit]) {
                (Some(unit), true) => {
                    let span = c.units[bond.unit].last - c.units[bond.unit].first;
                    bond_cost(unit, &optional[bond.optional], span, bond)
                }
                _ => (FAR, false),
            };
            key.proximity += cost;
            key.exact_pairs += u32::from(exact);
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
                let (c, e) = near(&shifted(&ma.positions[p], span), &mb.positions[p], gap);
                cost = cost.min(c);
                exact |= e;
            }
            key.proximity += cost;
            key.exact_pairs += u32::from(exact);
        }
        (key, matches)
    }
}

/// The positions of a unit's last word, from those of its first: `span` later.
fn shifted(positions: &[(u32, bool)], span: u32) -> Vec<(u32, bool)> {
    positions.iter().map(|&(x, e)| (x + span, e)).collect()
}

/// The proximity cost of `second` after `first` ([`pair_cost`]: 1 or [`FAR`]), and
/// whether they stand so in their exact forms.
fn near(first: &[(u32, bool)], second: &[(u32, bool)], gap: u32) -> (u32, bool) {
    let cost = pair_cost(first, second, gap, false);
    (cost, cost == 1 && pair_cost(first, second, gap, true) == 1)
}

/// The proximity cost (1 or [`FAR`]) of the function word of `bond`, whose matches
/// are `word`, beside its unit, whose matches are `unit` and whose last word is `span`
/// positions after its first; and whether they are side by side in their exact forms.
/// A function word typed with its diacritics counts in its exact form only (`có` of
/// `có thể` is not `cơ`); the unit, as in the pairs of content words, in any form.
fn bond_cost(unit: &WordMatch, word: &WordMatch, span: u32, bond: &Bond) -> (u32, bool) {
    let mut cost = FAR;
    let mut exact = false;
    for p in 0..2 {
        let word: Vec<(u32, bool)> = word.positions[p]
            .iter()
            .filter(|x| x.1 || !bond.exact_only)
            .copied()
            .collect();
        let (c, e) = if bond.before {
            near(&word, &unit.positions[p], 1)
        } else {
            near(&shifted(&unit.positions[p], span), &word, 1)
        };
        cost = cost.min(c);
        exact |= e;
    }
    (cost, exact)
}
