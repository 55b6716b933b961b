//! The words beside a word of a stored text, as documents' positions have them side by
//! side (white space or a hyphen between, no clause punctuation), and a word's forms:
//! what [`super::bonds`] and [`super::sequences`] look at around a highlight.

use crate::analysis::latin;
use crate::analysis::normalize;

/// How far to look for the word beside a highlight, in bytes.
const WINDOW: usize = 64;

/// The exact and loose forms ([`latin::push_loose`]) of one word as written.
pub(super) fn forms(word: &str) -> Option<(String, String)> {
    let exact = latin::exact_form(&normalize::normalize(word).text);
    let folded = latin::loose_form(&exact);
    (!exact.is_empty()).then_some((exact, folded))
}

/// The word right before `at`: the last one that ends before it, when what stands
/// between them joins words as documents do (white space, a hyphen: no clause
/// punctuation, [`latin::breaks_phrase`]).
pub(super) fn word_before(text: &str, at: usize) -> Option<(usize, usize)> {
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
pub(super) fn word_after(text: &str, at: usize) -> Option<(usize, usize)> {
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
pub(super) fn joins(gap: &str) -> bool {
    !gap.is_empty() && !latin::breaks_phrase(gap)
}
