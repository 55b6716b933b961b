//! Function words beside their query word in a snippet: `do` of `tự do` is marked where
//! it stands right after `tự` (no clause punctuation between), as the ranking pairs
//! them ([`crate::query::Plan::bonds`]).

use std::collections::BTreeSet;

use crate::analysis::latin;
use crate::analysis::normalize::{self, diacritics};
use crate::query::BondForms;

/// How far to look for the word beside a highlight, in bytes.
const WINDOW: usize = 64;

/// Adds to `out` the byte ranges of `text` where a function word of `bonds` stands
/// beside one of the highlighted words already in `out`.
pub(super) fn mark(text: &str, bonds: &BTreeSet<BondForms>, out: &mut Vec<(usize, usize)>) {
    if bonds.is_empty() {
        return;
    }
    // The ranges found before: those pushed here are function words, no neighbours.
    for i in 0..out.len() {
        let (s, e) = out[i];
        let word = forms(&text[s..e]);
        for b in bonds
            .iter()
            .filter(|b| word.as_ref().is_some_and(|w| w.1 == b.neighbour))
        {
            let beside = if b.before {
                word_before(text, s)
            } else {
                word_after(text, e)
            };
            let Some((from, to)) = beside else { continue };
            if forms(&text[from..to])
                .is_some_and(|(exact, folded)| b.word == if b.exact_only { exact } else { folded })
            {
                out.push((from, to));
            }
        }
    }
}

/// The exact and folded forms of one word as written.
fn forms(word: &str) -> Option<(String, String)> {
    let exact = latin::exact_form(&normalize::normalize(word).text);
    let folded = diacritics::fold(&exact).into_owned();
    (!exact.is_empty()).then_some((exact, folded))
}

/// The word right before `at`: the last one that ends before it, when what stands
/// between them joins words as documents do (white space, a hyphen: no clause
/// punctuation, [`latin::breaks_phrase`]).
fn word_before(text: &str, at: usize) -> Option<(usize, usize)> {
    let mut from = at.saturating_sub(WINDOW);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut last = None;
    latin::word_ranges(&text[from..at], |a, b| last = Some((from + a, from + b)));
    last.filter(|&(_, b)| joins(&text[b..at]))
}

/// The word right after `at`: the first one that starts after it, when what stands
/// between them joins words (see [`word_before`]).
fn word_after(text: &str, at: usize) -> Option<(usize, usize)> {
    let mut to = (at + WINDOW).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let mut first = None;
    latin::word_ranges(&text[at..to], |a, b| {
        first.get_or_insert((at + a, at + b));
    });
    first.filter(|&(a, _)| joins(&text[at..a]))
}

/// True when `gap`, the text between two words, leaves them side by side in documents'
/// positions: something, and no clause punctuation.
fn joins(gap: &str) -> bool {
    !gap.is_empty() && !latin::breaks_phrase(gap)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bond(word: &str, neighbour: &str, before: bool) -> BondForms {
        BondForms {
            word: word.into(),
            exact_only: false,
            neighbour: neighbour.into(),
            before,
        }
    }

    fn marked(text: &str, bonds: &[BondForms], words: &[&str]) -> Vec<String> {
        let mut out: Vec<(usize, usize)> = words
            .iter()
            .flat_map(|w| text.match_indices(w).map(|(i, m)| (i, i + m.len())))
            .collect();
        let before = out.len();
        mark(text, &bonds.iter().cloned().collect(), &mut out);
        out[before..]
            .iter()
            .map(|&(a, b)| text[a..b].to_string())
            .collect()
    }

    #[test]
    fn a_function_word_is_marked_beside_its_word_only() {
        let after = [bond("do", "tu", false)];
        assert_eq!(marked("quyền tự do báo chí", &after, &["tự"]), ["do"]);
        // Folded as the query was: `Do` and `dò` too; not across punctuation, not
        // before the word, not elsewhere.
        assert_eq!(marked("Tự Do", &after, &["Tự"]), ["Do"]);
        assert_eq!(marked("tự, do", &after, &["tự"]), Vec::<String>::new());
        // Side by side as documents' positions have them: across a hyphen too.
        assert_eq!(marked("tự-do", &after, &["tự"]), ["do"]);
        assert_eq!(marked("do tự", &after, &["tự"]), Vec::<String>::new());
        assert_eq!(marked("tự động do", &after, &["tự"]), Vec::<String>::new());
        let before = [bond("theo", "doi", true)];
        assert_eq!(marked("để theo dõi gói", &before, &["dõi"]), ["theo"]);
        assert_eq!(marked("dõi theo", &before, &["dõi"]), Vec::<String>::new());
        // Typed with diacritics, the exact form only.
        let exact = [BondForms {
            word: "có".into(),
            exact_only: true,
            neighbour: "the".into(),
            before: true,
        }];
        assert_eq!(marked("có thể", &exact, &["thể"]), ["có"]);
        assert_eq!(marked("cơ thể", &exact, &["thể"]), Vec::<String>::new());
    }
}
