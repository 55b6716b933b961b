//! English inflection for the folded form of Latin words: `table` and `tables` → `tabl`,
//! `inserting` → `insert`, with the Snowball English stemmer (Porter2, from
//! `rust-stemmers`, which tantivy uses too).
//!
//! Applied to a folded word of letters `a`–`z`, four or more of them, that is no
//! Vietnamese syllable: Vietnamese syllables never change (they are not English), and
//! the check makes that a rule rather than a property of the stemmer.

use std::borrow::Cow;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::analysis::vietnamese;

/// Shortest word stemmed, in letters: Porter2 leaves shorter words alone but `its`.
const MIN_LETTERS: usize = 4;

/// The stem of `folded`, a folded word, when it has one other than itself.
pub fn stem(folded: &str) -> Option<Cow<'_, str>> {
    if folded.len() < MIN_LETTERS
        || !folded.bytes().all(|b| b.is_ascii_lowercase())
        || vietnamese::is_syllable(folded)
    {
        return None;
    }
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    let stemmed = STEMMER
        .get_or_init(|| Stemmer::create(Algorithm::English))
        .stem(folded);
    (stemmed != folded && !stemmed.is_empty()).then_some(stemmed)
}

/// The loose form of `folded`: its stem, or itself.
pub fn loose(folded: &str) -> Cow<'_, str> {
    stem(folded).unwrap_or(Cow::Borrowed(folded))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loose_of(w: &str) -> String {
        loose(w).into_owned()
    }

    #[test]
    fn inflections_share_a_stem() {
        for group in [
            &["table", "tables"][..],
            &["insert", "inserting", "inserted", "inserts"],
            &["copy", "copies", "copied", "copying"],
            &["file", "files"],
            &["running", "runs"],
            &["hangs", "hanging", "hanged"],
        ] {
            let stems: Vec<String> = group.iter().map(|w| loose_of(w)).collect();
            assert!(stems.iter().all(|s| *s == stems[0]), "{group:?}: {stems:?}");
        }
        // Porter2 stems, not dictionary words.
        assert_eq!(loose_of("tables"), "tabl");
        assert_eq!(loose_of("inserting"), "insert");
    }

    #[test]
    fn short_words_words_with_other_chars_and_syllables_stay_whole() {
        // Shorter than four letters; digits, apostrophes, non-ASCII letters.
        for w in ["its", "ran", "v2ray", "don't", "größe", "straße", "ábcs"] {
            assert_eq!(stem(w), None, "{w}");
        }
        // Vietnamese syllables, folded (`nghỉ`, `thuyền`, `khoáng`, `giường`), and
        // English words spelled as one: Porter2 would turn `nghy` into `nghi`.
        for w in [
            "nghi", "nghy", "thuyen", "khoang", "giuong", "hang", "going",
        ] {
            assert_eq!(stem(w), None, "{w}");
        }
        assert_eq!(stem("hangs").as_deref(), Some("hang"));
    }
}
