//! Function words beside their query word in a snippet: `do` of `tự do` is marked where
//! it stands right after `tự` (no clause punctuation between), as the ranking pairs
//! them ([`crate::query::Plan::bonds`]).

use std::collections::BTreeSet;

use super::neighbours::{forms, word_after, word_before};
use crate::query::BondForms;

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
