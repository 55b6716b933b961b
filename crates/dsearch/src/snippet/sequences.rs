//! Words of a phrase or of a Vietnamese word of several syllables in a snippet: each is
//! marked only where the others of its sequence stand beside it, in order, as the
//! ranking holds the unit (`cơ thể` marks `cơ thể`, not the `thể` of `có thể`;
//! `"hàng hóa"` marks `hàng hóa`, not `Hàng. Hóa đơn`).

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use super::neighbours::{forms, joins};
use crate::query::SequenceWord;

/// Drops from `out` (byte ranges of `text`) the words of `sequences` that stand apart
/// from the rest of every sequence they belong to. A word also typed alone (its folded
/// form in `alone`), and any range that is no word of a sequence, stays. Sorts `out`.
///
/// Every word of a sequence is highlighted, so the word beside one in the text, if it
/// is of the sequence, is the next range of `out`: side by side means only white space
/// or a hyphen between two ranges (no clause punctuation, no other word). Each distinct
/// word's forms are made once.
pub(super) fn keep(
    text: &str,
    sequences: &BTreeSet<Vec<SequenceWord>>,
    alone: &BTreeSet<String>,
    out: &mut Vec<(usize, usize)>,
) {
    if sequences.is_empty() {
        return;
    }
    out.sort_unstable();
    out.dedup();
    let mut cache: FxHashMap<&str, Option<(String, String)>> = FxHashMap::default();
    let words: Vec<Option<(String, String)>> = out
        .iter()
        .map(|&(s, e)| {
            cache
                .entry(&text[s..e])
                .or_insert_with(|| forms(&text[s..e]))
                .clone()
        })
        .collect();
    let beside = |a: usize| {
        let (gap_from, gap_to) = (out[a].1, out[a + 1].0);
        gap_from <= gap_to && {
            let gap = &text[gap_from..gap_to];
            joins(gap) && !gap.chars().any(char::is_alphanumeric)
        }
    };
    let is = |i: usize, w: &SequenceWord| {
        words[i]
            .as_ref()
            .is_some_and(|(exact, folded)| w.matches(exact, folded))
    };
    let kept: Vec<bool> = (0..out.len())
        .map(|i| {
            let Some((exact, folded)) = &words[i] else {
                return true;
            };
            if alone.contains(folded) {
                return true;
            }
            let mut member = false;
            for seq in sequences {
                for (k, w) in seq.iter().enumerate() {
                    if !w.matches(exact, folded) {
                        continue;
                    }
                    member = true;
                    let before = (1..=k).all(|d| i >= d && beside(i - d) && is(i - d, &seq[k - d]));
                    let after = (1..seq.len() - k)
                        .all(|d| i + d < out.len() && beside(i + d - 1) && is(i + d, &seq[k + d]));
                    if before && after {
                        return true;
                    }
                }
            }
            !member
        })
        .collect();
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        kept[i - 1]
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(exact: &str, folded: &str, exact_only: bool) -> SequenceWord {
        SequenceWord {
            exact: vec![exact.into()],
            folded: vec![folded.into()],
            exact_only,
        }
    }

    /// What stays of the words of `text` that a highlight search finds for `words`
    /// (their folded forms; their exact forms when every word of `seqs` is exact only,
    /// as the search then finds those only).
    fn kept(text: &str, seqs: &[Vec<SequenceWord>], alone: &[&str], words: &[&str]) -> Vec<String> {
        let exact = seqs.iter().flatten().all(|w| w.exact_only);
        let mut out: Vec<(usize, usize)> = Vec::new();
        crate::analysis::latin::word_ranges(text, |a, b| {
            let lower = text[a..b].to_lowercase();
            let w = if exact {
                lower
            } else {
                crate::analysis::normalize::diacritics::fold(&lower).into_owned()
            };
            if words.contains(&w.as_str()) {
                out.push((a, b));
            }
        });
        let alone = alone.iter().map(|s| s.to_string()).collect();
        keep(text, &seqs.iter().cloned().collect(), &alone, &mut out);
        out.iter().map(|&(a, b)| text[a..b].to_string()).collect()
    }

    #[test]
    fn a_word_of_a_sequence_is_kept_beside_the_others_only() {
        let co_the = vec![word("cơ", "co", true), word("thể", "the", true)];
        let text = "Cơ thể khỏe mạnh. Có thể làm được.";
        assert_eq!(kept(text, &[co_the], &[], &["cơ", "thể"]), ["Cơ", "thể"]);
        // Folded, as typed without diacritics: both places.
        let co_the_loose = vec![word("co", "co", false), word("the", "the", false)];
        assert_eq!(
            kept(text, &[co_the_loose], &[], &["co", "the"]),
            ["Cơ", "thể", "Có", "thể"]
        );
        // Not across clause punctuation; across a hyphen, as positions join.
        let hang_hoa = vec![word("hàng", "hang", false), word("hóa", "hoa", false)];
        let text = "Bán hàng. Hóa đơn. Hàng hóa nhập khẩu, hàng-hóa.";
        assert_eq!(
            kept(text, std::slice::from_ref(&hang_hoa), &[], &["hang", "hoa"]),
            ["Hàng", "hóa", "hàng", "hóa"]
        );
        // A word typed alone too is marked everywhere.
        assert_eq!(
            kept(text, &[hang_hoa], &["hang"], &["hang", "hoa"]),
            ["hàng", "Hàng", "hóa", "hàng", "hóa"]
        );
        // Three words: the middle one needs both sides.
        let three = vec![
            word("hệ", "he", false),
            word("điều", "dieu", false),
            word("hành", "hanh", false),
        ];
        let text = "điều hành hệ điều hành";
        assert_eq!(
            kept(text, &[three], &[], &["he", "dieu", "hanh"]),
            ["hệ", "điều", "hành"]
        );
    }
}
