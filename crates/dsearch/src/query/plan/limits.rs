//! What bounds a query's cost: at most [`MAX_WORDS`] words read, at most [`MAX_UNITS`]
//! content units searched; what is left out is counted for the warning.

use crate::query::words::QueryWord;

/// Most content units (words, phrases, `OR` groups; required ones first) a query is
/// searched with; function words after the last of them are left out too. Each unit
/// costs a few term lookups and a prefix search per one-character word: a query of
/// 1,000 Chinese characters took 2.6 s and 820 MB. 32 words are a long sentence in any
/// of the languages, enough to find the page that holds it.
pub const MAX_UNITS: usize = 32;

/// Most words read from a query, in every clause (phrases, `OR` groups, exclusions and
/// function words included), so one long clause cannot get round [`MAX_UNITS`]: those
/// of required clauses first, then of exclusions, each clause whole or not at all, then
/// plain words and `OR` alternatives in the order typed.
pub const MAX_WORDS: usize = 64;

/// The words a query may still read ([`MAX_WORDS`]), and how many it left out.
pub(super) struct Budget {
    pub(super) left: usize,
    pub(super) dropped: usize,
}

impl Budget {
    /// Keeps `words` whole, or none of them when they do not fit.
    pub(super) fn whole(&mut self, words: &mut Vec<QueryWord>) {
        if words.len() > self.left {
            self.dropped += words.len();
            words.clear();
        } else {
            self.left -= words.len();
        }
    }

    /// Keeps the first of `words` that fit.
    pub(super) fn cut(&mut self, words: &mut Vec<QueryWord>) {
        if words.len() > self.left {
            self.dropped += words.len() - self.left;
            words.truncate(self.left);
        }
        self.left -= words.len();
    }
}
