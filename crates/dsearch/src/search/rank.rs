//! The ranking rules, in order. A hit's [`RankKey`] compares rule by rule; a later rule
//! only breaks ties of the earlier ones (as Meilisearch documents its ranking rules):
//!
//! 1. **Words**: how many of the query's content words (units: a word, an `OR` group, a
//!    phrase) the document holds. All of them first, then one fewer, and so on; the
//!    page is always filled from the lower tiers. Last, "0 of n words": documents that
//!    hold a word only without the diacritics typed, or the syllables of a Vietnamese
//!    word of several only apart (`lưu` … `tệp` for `lưu tệp`): these rank by BM25.
//! 2. **Sort** (only with [`crate::SearchOptions::sort`]): the chosen metadata field.
//! 3. **Proximity**: the content words side by side, in query order. Each pair of
//!    consecutive query words costs 1 when found side by side in query order (with no
//!    more words between them than the query has: `中国与中亚` and `中国和中亚` both
//!    count) and [`FAR`] otherwise (farther apart, in reverse order, or not found with
//!    positions at all: a match through bigrams only). Lower total first: the more
//!    pairs side by side, the better. A word typed twice pairs at each place (`選択
//!    楕円選択`: `選択`→`楕円` and `楕円`→`選択`). Distance beyond "side by side" is not graded: on
//!    the judged sets (`scripts/relevance.sh`) grading it (2 for one word between, 3 for
//!    two, ...) put it above BM25 and lost 0.5–1.6 points of R@10 and MRR@10 in every
//!    language.
//!    A Vietnamese or English function word typed beside one content word and no
//!    other, with white space only between them (`do` of `tự do`, `theo` of `theo
//!    dõi`: Vietnamese words with a function syllable, which documents never pair),
//!    pairs with it the same way, in the order typed, so `tự do` ranks pages that say
//!    `tự do` above pages with `tự` alone; it still never excludes a page. Typed with
//!    diacritics, it counts in that form only (`có thể` is not `cơ thể`). One between
//!    two content words (`vị trí của ảnh`) is left out, as they pair already, and so
//!    are CJK particles. On the judged sets: vi MRR@10 42.39 → 42.51, R@10 unchanged,
//!    other languages unchanged ([`crate::query::Plan::bonds`]).
//! 4. **Exactness**: first the pairs found side by side in their exact forms (`bạn hàng`
//!    before `bán hàng` for the query `bạn hàng`), then the sum over words of how each
//!    matched: exact form 3, base form (Japanese inflection) or folded form (without
//!    diacritics, an English plural in the singular) 2, bigrams only 1. A Chinese word
//!    held in a document of the other script than it was typed in (`基础` typed,
//!    `基礎` written) matches like a folded form: 2, and not exact in a pair (see
//!    [`crate::analysis::han_script`]). On the
//!    judged sets this put zh-Hans 77.3 / 59.1 → 77.6 / 59.4 and zh-Hant 79.3 / 60.7 →
//!    79.9 / 61.7 (R@10 / MRR@10). So does a word with kanji of a Japanese query held
//!    in a document with a Chinese script (ja 81.98 / 65.50 → 82.03 / 65.54).
//! 5. **Title**: how many content words the title holds.
//! 6. **BM25**: the sum over the query's words (function words included) of the best
//!    BM25 of their terms, in the body plus in the title. A kanji alone in a Japanese
//!    query (an affix: `再` of `再インストール`) is no term of the index; it scores the
//!    mean BM25 of the bigrams it forms with its neighbours in the query
//!    ([`crate::query::QueryWord::junctions`]).
//!
//! Hits that tie under every rule are ordered by a hash of their ids (the `tie` fast
//! field), lower first, so a rebuild or another thread count never reorders them.
//!
//! Rules 3 to 5 look only at the units the document holds (rule 1). A unit typed with
//! diacritics that it holds only with others (`lúa` typed, `lửa` written: another word
//! in Vietnamese) is missing: it adds its BM25 and nothing else. On the Vietnamese
//! judged sets, crediting it like a folded form put such pages above pages that hold
//! fewer stray words: 0.5 points of R@10 lost.

use std::cmp::Ordering;

/// The proximity cost of a pair of words that are not found near each other.
pub const FAR: u32 = 8;

/// The value of a hit under each ranking rule.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RankKey {
    /// Rule 1: content words held.
    pub words: u32,
    /// Rule 2: the sort value (already negated for a descending sort); `None` sorts last.
    pub sort: Option<i64>,
    /// Rule 3: total proximity cost (lower is better).
    pub proximity: u32,
    /// Rule 4a: pairs side by side in their exact forms.
    pub exact_pairs: u32,
    /// Rule 4b: sum of match levels (exact 3, base or folded 2, bigrams 1).
    pub exactness: u32,
    /// Rule 5: content words in the title.
    pub title: u32,
    /// Rule 6: BM25.
    pub bm25: f32,
}

impl Eq for RankKey {}

impl Ord for RankKey {
    /// Greater is better.
    fn cmp(&self, other: &RankKey) -> Ordering {
        self.words
            .cmp(&other.words)
            .then_with(|| match (self.sort, other.sort) {
                (Some(a), Some(b)) => b.cmp(&a),
                (Some(_), None) => Ordering::Greater,
                (None, Some(_)) => Ordering::Less,
                (None, None) => Ordering::Equal,
            })
            .then_with(|| other.proximity.cmp(&self.proximity))
            .then_with(|| self.exact_pairs.cmp(&other.exact_pairs))
            .then_with(|| self.exactness.cmp(&other.exactness))
            .then_with(|| self.title.cmp(&other.title))
            .then_with(|| self.bm25.total_cmp(&other.bm25))
    }
}

impl PartialOrd for RankKey {
    fn partial_cmp(&self, other: &RankKey) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl RankKey {
    /// One number that orders hits of one query as their keys do (rule 2 aside): a
    /// mixed-radix number of the integer rules with BM25 squashed into the fraction.
    /// `units` and `pairs` are the query's units that rules 4 and 5 count (content
    /// and required) and the pairs of rule 3.
    pub fn score(&self, units: u32, pairs: u32) -> f64 {
        let proximity_gain = f64::from((pairs * FAR).saturating_sub(self.proximity));
        let mut s = f64::from(self.words);
        s = s * f64::from(pairs * FAR + 1) + proximity_gain;
        s = s * f64::from(pairs + 1) + f64::from(self.exact_pairs);
        s = s * f64::from(3 * units + 1) + f64::from(self.exactness);
        s = s * f64::from(units + 1) + f64::from(self.title);
        let bm25 = f64::from(self.bm25.max(0.0));
        s + bm25 / (bm25 + 10.0)
    }
}

/// The pairs of rule 3 from the query occurrences of its units, `(first position,
/// last position, unit)`: each occurrence with the next one in query order, of another
/// unit and after its end, as `(unit, unit, gap from the first's last word to the
/// second's first)`. A unit typed twice pairs at each place (`選択 楕円選択`: `選択`→`楕円`
/// and `楕円`→`選択`); a pair found twice counts once, with the larger of its gaps.
pub fn query_pairs(mut occurrences: Vec<(u32, u32, usize)>) -> Vec<(usize, usize, u32)> {
    occurrences.sort_unstable();
    let mut pairs: Vec<(usize, usize, u32)> = Vec::new();
    for w in occurrences.windows(2) {
        let ((_, last, a), (first, _, b)) = (w[0], w[1]);
        if a == b || first <= last {
            continue;
        }
        let gap = first - last;
        match pairs.iter_mut().find(|p| (p.0, p.1) == (a, b)) {
            Some(p) => p.2 = p.2.max(gap),
            None => pairs.push((a, b, gap)),
        }
    }
    pairs
}

/// The proximity cost of two words whose positions (sorted, each flagged exact or not)
/// are `a` and `b`, `gap` apart in the query (1 when adjacent there): 1 when some `b`
/// follows some `a` by at most `gap` positions, else [`FAR`]. With `exact_only`, only
/// exact positions count.
pub fn pair_cost(a: &[(u32, bool)], b: &[(u32, bool)], gap: u32, exact_only: bool) -> u32 {
    let gap = gap.max(1);
    let usable = |&&(_, exact): &&(u32, bool)| exact || !exact_only;
    let mut bs = b.iter().filter(usable).peekable();
    for &(pos, _) in a.iter().filter(usable) {
        // The first `b` after this `a`; `a` is sorted, so earlier ones never serve again.
        while bs.peek().is_some_and(|&&(p, _)| p <= pos) {
            bs.next();
        }
        match bs.peek() {
            Some(&&(p, _)) if p - pos <= gap => return 1,
            Some(_) => {}
            None => break,
        }
    }
    FAR
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(v: &[u32]) -> Vec<(u32, bool)> {
        v.iter().map(|&x| (x, true)).collect()
    }

    #[test]
    fn side_by_side_in_query_order_costs_one() {
        assert_eq!(pair_cost(&p(&[3]), &p(&[4]), 1, false), 1);
        // The query has a function word between them; the document may have it or not.
        assert_eq!(pair_cost(&p(&[3]), &p(&[5]), 2, false), 1);
        assert_eq!(pair_cost(&p(&[3]), &p(&[4]), 2, false), 1);
        assert_eq!(pair_cost(&p(&[3]), &p(&[6]), 2, false), FAR);
        // Farther apart, in reverse order, or missing: not side by side.
        assert_eq!(pair_cost(&p(&[3]), &p(&[5]), 1, false), FAR);
        assert_eq!(pair_cost(&p(&[4]), &p(&[3]), 1, false), FAR);
        assert_eq!(pair_cost(&p(&[3]), &p(&[3]), 1, false), FAR);
        assert_eq!(pair_cost(&[], &p(&[1]), 1, false), FAR);
        assert_eq!(pair_cost(&p(&[1]), &[], 1, false), FAR);
        // The pair found late in the document, after near misses.
        assert_eq!(pair_cost(&p(&[1, 7, 40]), &p(&[0, 5, 20, 41]), 1, false), 1);
        assert_eq!(
            pair_cost(&p(&[1, 7, 40]), &p(&[0, 5, 20, 43]), 1, false),
            FAR
        );
    }

    #[test]
    fn query_pairs_follow_every_occurrence() {
        // 選択 楕円 選択: units 0 and 1, 選択 again at 2.
        assert_eq!(
            query_pairs(vec![(2, 2, 0), (0, 0, 0), (1, 1, 1)]),
            [(0, 1, 1), (1, 0, 1)]
        );
        // quoll và numbat quoll numbat: quoll→numbat twice (gaps 2 and 1) counts once.
        assert_eq!(
            query_pairs(vec![(0, 0, 0), (2, 2, 1), (3, 3, 0), (4, 4, 1)]),
            [(0, 1, 2), (1, 0, 1)]
        );
        // xanh xanh: no pair of a unit with itself; a phrase pairs from its last word.
        assert_eq!(query_pairs(vec![(0, 0, 0), (1, 1, 0)]), []);
        assert_eq!(query_pairs(vec![(0, 2, 0), (3, 3, 1)]), [(0, 1, 1)]);
    }

    #[test]
    fn exact_adjacency_needs_exact_positions() {
        let a = [(3, true)];
        let b = [(4, false), (9, true)];
        assert_eq!(pair_cost(&a, &b, 1, false), 1);
        assert_eq!(pair_cost(&a, &b, 1, true), FAR);
        let b = [(4, false), (4, true)];
        assert_eq!(pair_cost(&a, &b, 1, true), 1);
    }

    /// The merge above against the plain definition, on every small case.
    #[test]
    fn pair_cost_is_the_definition() {
        let sets: Vec<Vec<(u32, bool)>> = (0u32..64)
            .map(|m| {
                (0..6)
                    .filter(|i| m >> i & 1 == 1)
                    .map(|i| (i, i % 2 == 0))
                    .collect()
            })
            .collect();
        for a in &sets {
            for b in &sets {
                for gap in 1..3 {
                    for exact_only in [false, true] {
                        let ok = |x: &&(u32, bool)| x.1 || !exact_only;
                        let near = a.iter().filter(ok).any(|&(x, _)| {
                            b.iter().filter(ok).any(|&(y, _)| y > x && y - x <= gap)
                        });
                        let want = if near { 1 } else { FAR };
                        assert_eq!(pair_cost(a, b, gap, exact_only), want, "{a:?} {b:?} {gap}");
                    }
                }
            }
        }
    }

    #[test]
    fn keys_compare_rule_by_rule_and_scores_agree() {
        let base = RankKey {
            words: 2,
            proximity: 9,
            exactness: 4,
            bm25: 3.0,
            ..RankKey::default()
        };
        let more_words = RankKey {
            words: 3,
            proximity: 16,
            bm25: 0.1,
            ..RankKey::default()
        };
        let closer = RankKey {
            proximity: 8,
            exactness: 0,
            ..base
        };
        let exact = RankKey {
            exact_pairs: 1,
            exactness: 0,
            ..base
        };
        let more_bm25 = RankKey { bm25: 4.0, ..base };
        let mut keys = [base, more_words, closer, exact, more_bm25];
        keys.sort_by(|a, b| b.cmp(a));
        assert_eq!(keys, [more_words, closer, exact, more_bm25, base]);
        let scores: Vec<f64> = keys.iter().map(|k| k.score(3, 2)).collect();
        assert!(scores.windows(2).all(|w| w[0] > w[1]), "{scores:?}");
    }
}
