//! What bounds a query's cost: at most [`MAX_QUERY_CHARS`] characters analysed, at most
//! [`MAX_WORDS`] words read, at most [`MAX_UNITS`] content units searched; what is left
//! out is counted for the warning.

use crate::query::words::QueryWord;

/// Most characters of a query analysed. The word limits below apply once the query is
/// cut into words, and cutting costs with the length: a katakana run of 40,000
/// characters took 8 s and 590 MB to cut, one of 2,000 takes 0.06 s. 2,000 characters
/// are a long paragraph in any of the languages.
pub const MAX_QUERY_CHARS: usize = 2_000;

/// The part of `query` that is analysed: all of it, or its first [`MAX_QUERY_CHARS`]
/// characters, cut after the last white space in their second half if there is one
/// (a word is not cut in two). Also says whether it was cut.
pub fn analysed_part(query: &str) -> (&str, bool) {
    match crate::truncate::cut_between_words(query, MAX_QUERY_CHARS, MAX_QUERY_CHARS / 2) {
        Some(end) => (&query[..end], true),
        None => (query, false),
    }
}

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

#[cfg(test)]
mod tests {
    use super::{analysed_part, MAX_QUERY_CHARS};

    #[test]
    fn a_long_query_is_cut_between_words() {
        let short = "khoáng sản xanh";
        assert_eq!(analysed_part(short), (short, false));
        let exact = "ả".repeat(MAX_QUERY_CHARS);
        assert_eq!(analysed_part(&exact), (exact.as_str(), false));
        // Cut after the last white space before the limit: `khoáng` is not cut in two.
        let words = "khoáng ".repeat(MAX_QUERY_CHARS / 7 + 10);
        let (part, cut) = analysed_part(&words);
        assert!(cut);
        assert!(part.ends_with("khoáng"), "{:?}", &part[part.len() - 20..]);
        assert!(part.chars().count() <= MAX_QUERY_CHARS);
        // No white space: cut at the limit, on a char boundary.
        let run = "綠".repeat(MAX_QUERY_CHARS + 5);
        assert_eq!(analysed_part(&run), (&run[..3 * MAX_QUERY_CHARS], true));
    }
}
