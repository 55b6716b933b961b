//! English plurals for the folded form of Latin words: `tables` → `table`, `copies` →
//! `copy`, `boxes` → `box` (and the third person of verbs, which is spelled alike:
//! `inserts` → `insert`).
//!
//! Plurals only, measured on the judged sets (BENCHMARKS.md, "English inflection"):
//! - Porter2 (Snowball English) also strips `-ed`, `-ing` and derivational suffixes
//!   (`selection` → `select`, `eraser` → `erase`), and found fewer right pages than
//!   no stemming on the English set, whose queries are a help index's entries: an
//!   entry names its parent entry too (`Layer Mask managing Delete layer mask`), and
//!   the more pages hold every word, the lower the one page lacking a parent word.
//! - `-ed` and `-ing` alone did the same (`managing` found `manage`, `managed`).
//! - Plurals alone found more right pages in English and as many in the other
//!   languages.
//!
//! Applied to a folded word of letters `a`–`z`, four or more of them (`has`, `its`,
//! `bus` stay whole: their stems fold like Vietnamese `hà`, `ít`, `bù`), that is no
//! Vietnamese syllable: Vietnamese syllables never change, so neither do Vietnamese
//! folding and its syllable pairs.

use std::borrow::Cow;

use crate::analysis::vietnamese;

/// Shortest word stemmed, in letters.
const MIN_LETTERS: usize = 4;

/// The stem of `folded`, a folded word, when it has one other than itself.
pub fn stem(folded: &str) -> Option<Cow<'_, str>> {
    if folded.len() < MIN_LETTERS
        || !folded.bytes().all(|b| b.is_ascii_lowercase())
        || vietnamese::is_syllable(folded)
    {
        return None;
    }
    singular(folded).map(Cow::Owned)
}

/// The loose form of `folded`: its stem, or itself.
pub fn loose(folded: &str) -> Cow<'_, str> {
    stem(folded).unwrap_or(Cow::Borrowed(folded))
}

/// The singular of `w` (letters `a`–`z`) when it ends as an English plural does:
/// `copies` → `copy`, `classes` → `class`, `boxes` → `box`, `matches` → `match`,
/// `tables` → `table`; not `status`, `analysis`, `class`.
fn singular(w: &str) -> Option<String> {
    let keep = |n: usize| w[..w.len() - n].to_string();
    if w.len() >= 5 && w.ends_with("ies") && !w.ends_with("eies") && !w.ends_with("aies") {
        Some(keep(3) + "y")
    } else if ["sses", "xes", "ches", "shes", "zzes"]
        .iter()
        .any(|e| w.ends_with(e))
    {
        Some(keep(2))
    } else if w.ends_with('s') && !["ss", "us", "is"].iter().any(|e| w.ends_with(e)) {
        Some(keep(1))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loose_of(w: &str) -> String {
        loose(w).into_owned()
    }

    #[test]
    fn plurals_meet_their_singular() {
        for group in [
            &["table", "tables"][..],
            &["copy", "copies"],
            &["file", "files"],
            &["box", "boxes"],
            &["class", "classes"],
            &["match", "matches"],
            &["key", "keys"],
            &["use", "uses"],
            &["insert", "inserts"],
        ] {
            let stems: Vec<String> = group.iter().map(|w| loose_of(w)).collect();
            assert!(stems.iter().all(|s| *s == stems[0]), "{group:?}: {stems:?}");
        }
        assert_eq!(loose_of("tables"), "table");
        assert_eq!(loose_of("copies"), "copy");
    }

    #[test]
    fn other_inflections_and_derivations_stay_apart() {
        for (a, b) in [
            ("insert", "inserted"),
            ("insert", "inserting"),
            ("manage", "managing"),
            ("select", "selection"),
            ("erase", "eraser"),
        ] {
            assert_ne!(loose_of(a), loose_of(b), "{a} {b}");
        }
    }

    #[test]
    fn short_words_words_with_other_chars_and_syllables_stay_whole() {
        // Shorter than four letters; digits, apostrophes, non-ASCII letters; no plural.
        for w in [
            "has", "its", "bus", "v2ray", "don't", "größe", "ábcs", "status", "analysis", "class",
            "table",
        ] {
            assert_eq!(stem(w), None, "{w}");
        }
        // Vietnamese syllables, folded (`nghỉ`, `thuyền`, `khoáng`, `giường`), and
        // English words spelled as one.
        for w in ["nghi", "thuyen", "khoang", "giuong", "hang", "going"] {
            assert_eq!(stem(w), None, "{w}");
        }
        assert_eq!(stem("hangs").as_deref(), Some("hang"));
    }
}
