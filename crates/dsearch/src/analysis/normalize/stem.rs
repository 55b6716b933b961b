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
//! - Plurals alone found more right pages in English; in the other languages a few
//!   queries with English words moved either way (zh-Hant lost 3 of 660).
//!
//! Applied to a folded word (`cafés` → `cafes` → `cafe`) of letters `a`–`z`, four or
//! more of them (`has`, `its` stay whole), and never when the word or its singular is
//! spelled as a Vietnamese syllable: English `days`, `bans`, `maps` and French `très`,
//! `dans` would otherwise fold like `đây`, `bạn`, `mập`, `trẻ`, `dân`, so an English
//! plural would find Vietnamese pages and `-days` would leave them out. Vietnamese
//! folding and its syllable pairs are unchanged.
//!
//! Not met: singulars in `-ie` (`cookies` → `cooky`), `-che` (`caches` would be
//! `cach`, a syllable: kept whole), `-s` (`aliases` → `aliase`) and doubled `quizzes`.

use std::borrow::Cow;

use crate::analysis::vietnamese;

/// Shortest word stemmed, in letters.
const MIN_LETTERS: usize = 4;

/// Words that end as plurals do and are none, or whose singular is another word.
const NOT_PLURALS: &[&str] = &["news", "always", "perhaps", "whereas"];

/// The singular of `folded`, a folded word, when it is an English plural and neither
/// it nor its singular is spelled as a Vietnamese syllable.
pub fn stem(folded: &str) -> Option<String> {
    if folded.len() < MIN_LETTERS
        || !folded.bytes().all(|b| b.is_ascii_lowercase())
        || vietnamese::is_syllable(folded)
        || NOT_PLURALS.contains(&folded)
    {
        return None;
    }
    singular(folded).filter(|s| !vietnamese::is_syllable(s))
}

/// Replaces the folded word `out[start..]` with its singular ([`stem`]), when it has
/// one.
pub fn to_singular(out: &mut String, start: usize) {
    if let Some(s) = stem(&out[start..]) {
        out.truncate(start);
        out.push_str(&s);
    }
}

/// The loose form of `folded`: its singular ([`stem`]), or itself.
pub fn loose(folded: &str) -> Cow<'_, str> {
    stem(folded).map_or(Cow::Borrowed(folded), Cow::Owned)
}

/// The singular of `w` (letters `a`–`z`) when it ends as an English plural does:
/// `copies` → `copy`, `classes` → `class`, `boxes` → `box`, `matches` → `match`,
/// `tables` → `table`, `menus` → `menu`, `apis` → `api`; not `class`, `analysis`,
/// `axis` (`status` → `statu`, which no other word is).
fn singular(w: &str) -> Option<String> {
    let keep = |n: usize| w[..w.len() - n].to_string();
    if w.len() >= 5 && w.ends_with("ies") && !w.ends_with("eies") && !w.ends_with("aies") {
        Some(keep(3) + "y")
    } else if ["sses", "xes", "ches", "shes", "zzes"]
        .iter()
        .any(|e| w.ends_with(e))
    {
        Some(keep(2))
    } else if w.ends_with('s') && !["ss", "sis", "xis"].iter().any(|e| w.ends_with(e)) {
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
            &["layer", "layers"],
            &["menu", "menus"],
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
    fn short_words_other_chars_and_non_plurals_stay_whole() {
        // Shorter than four letters; digits, apostrophes, letters no fold makes a–z;
        // no plural.
        for w in [
            "has", "its", "bus", "v2ray", "don't", "größe", "class", "analysis", "axis", "table",
            "news",
        ] {
            assert_eq!(stem(w), None, "{w}");
        }
        for (plural, singular) in [("menus", "menu"), ("apis", "api"), ("emojis", "emoji")] {
            assert_eq!(stem(plural).as_deref(), Some(singular));
        }
    }

    #[test]
    fn a_singular_spelled_as_a_vietnamese_syllable_is_not_made() {
        // `đây`, `bạn`, `mập`, `cách`, `lên`, `bia`, `chào`, `trẻ`, `dân`, `sông`.
        for w in [
            "days", "bans", "maps", "caches", "lens", "bias", "chaos", "tres", "dans", "songs",
            "this",
        ] {
            assert_eq!(stem(w), None, "{w}");
        }
    }
}
