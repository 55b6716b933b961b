//! Words of every non-CJK script (Latin, Vietnamese, Cyrillic, Hangul, ...): runs of
//! letters, digits and combining marks (an apostrophe between letters and a point or
//! comma between digits stay inside: `don't`, `3.14`), lower case, one Vietnamese tone
//! placement for the exact form, and for the folded form diacritic folding and, for
//! English plurals, their singular ([`push_loose`]).
//!
//! The word rule is a simplification of UAX #29 that agrees with it on the scripts
//! dsearch serves and runs about twice as fast.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::normalize::{diacritics, nfc, stem, LatinTable};
use super::vietnamese;

/// Longest word indexed, in bytes; longer "words" (base64, hashes) are skipped.
pub const MAX_WORD_BYTES: usize = 120;

/// English function words (articles, common prepositions and conjunctions, forms of
/// "be"): in a query they add score but never exclude a document.
pub const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "and", "or", "to", "in", "on", "at", "by", "for", "from", "with", "as",
    "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those",
    "into", "than", "then", "so", "if", "but",
];

/// Which list makes a word a function word ([`function_word`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionWord {
    /// [`vietnamese::FUNCTION_WORDS`].
    Vietnamese,
    /// [`ENGLISH_FUNCTION_WORDS`]. A few are Vietnamese words too, written without a
    /// mark ([`VIETNAMESE_LOOKALIKES`]).
    English,
}

/// English function words that are also common Vietnamese syllables, written without a
/// mark: `an` (`an toàn`, `công an`), `in` (`máy in`), `so` (`so sánh`), `to` (`to
/// lớn`), `than` (`than đá`). Next to a word only Vietnamese writes they are read as
/// Vietnamese (see [`crate::analysis::vietnamese::spelled_only_in_vietnamese`]). The
/// others (`the`, `at`, `be`, `on`) are no Vietnamese word anyone types without a mark.
pub const VIETNAMESE_LOOKALIKES: &[&str] = &["an", "in", "so", "to", "than"];

/// The list `word`, an exact form, is on, if any: a function word of a language written
/// in Latin letters, Vietnamese or English.
///
/// Asked of every Vietnamese syllable a document holds: one hash lookup (Fx, not the
/// standard library's SipHash, which cost 5 % of Vietnamese analysis), not a scan of
/// the two lists (which had made Vietnamese analysis several times slower).
pub fn function_word(word: &str) -> Option<FunctionWord> {
    static MAP: OnceLock<rustc_hash::FxHashMap<&'static str, FunctionWord>> = OnceLock::new();
    MAP.get_or_init(|| {
        let english = ENGLISH_FUNCTION_WORDS
            .iter()
            .map(|&w| (w, FunctionWord::English));
        let vietnamese = vietnamese::FUNCTION_WORDS
            .iter()
            .map(|&w| (w, FunctionWord::Vietnamese));
        english.chain(vietnamese).collect()
    })
    .get(word)
    .copied()
}

/// True when `word`, an exact form, is a function word of a language written in Latin
/// letters: Vietnamese ([`vietnamese::FUNCTION_WORDS`]) or English.
pub fn is_function_word(word: &str) -> bool {
    function_word(word).is_some()
}

/// The exact form of one word: lower case, canonical Vietnamese tone placement.
pub fn exact_form(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    push_exact(word, &mut out);
    out
}

/// Appends the exact form of `word` (see [`exact_form`]) to `out`.
pub fn push_exact(word: &str, out: &mut String) {
    let start = out.len();
    if word.is_ascii() {
        out.push_str(word);
        out[start..].make_ascii_lowercase();
        // ASCII words carry no tone mark.
        return;
    }
    if word.contains(['Σ']) {
        // Final sigma depends on context: `str::to_lowercase` knows the rule.
        out.push_str(&word.to_lowercase());
    } else {
        let table = lower_table();
        for c in word.chars() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else if let Some(l) = table.get(c) {
                out.push(l);
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
    if let Cow::Owned(t) = vietnamese::canonical_tone(&out[start..]) {
        out.truncate(start);
        out.push_str(&t);
    }
}

/// Appends the loose form of `exact`, an exact form ([`exact_form`]), to `out`: its
/// folded form (diacritics off), in the singular when it is an English plural
/// (`tables` → `table`: see [`stem::stem`]). The folded fields hold this form.
pub fn push_loose(exact: &str, out: &mut String) {
    let start = out.len();
    diacritics::push_folded(exact, out);
    stem::to_singular(out, start);
}

/// The loose form of `exact` (see [`push_loose`]).
pub fn loose_form(exact: &str) -> String {
    let mut out = String::with_capacity(exact.len());
    push_loose(exact, &mut out);
    out
}

/// The lower case of every Latin letter that lowers to one char (not `İ`).
fn lower_table() -> &'static LatinTable {
    static TABLE: OnceLock<LatinTable> = OnceLock::new();
    TABLE.get_or_init(|| LatinTable::build(|c, out| out.extend(c.to_lowercase())))
}

fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        // Latin-1 letters, Latin Extended A and B, Latin Extended Additional (every
        // precomposed Vietnamese letter): letters but for × and ÷.
        0xC0..=0x24F | 0x1E00..=0x1EFF => c != '×' && c != '÷',
        _ => c.is_alphanumeric() || nfc::is_mark(c),
    }
}

/// True when `sep`, the text between two words, ends a clause, so documents leave a gap
/// in positions there and no phrase spans it: `, ; ! ?`, or `.` `:` before white space
/// (`bán hàng. Hóa đơn`). A hyphen, a slash or a dot inside a name joins
/// (`fonts-lxgw-wenkai`, `TCP/IP`, `example.com`).
pub fn breaks_phrase(sep: &str) -> bool {
    let mut chars = sep.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ',' | ';' | '!' | '?' => return true,
            '.' | ':' if chars.peek().is_some_and(|n| n.is_whitespace()) => return true,
            _ => {}
        }
    }
    false
}

/// Calls `emit(from, to)` for the byte range of every word of `text`.
pub fn word_ranges(text: &str, mut emit: impl FnMut(usize, usize)) {
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    let mut prev = ' ';
    while let Some((i, c)) = chars.next() {
        let inside = is_word_char(c)
            || (start.is_some() && {
                let next = chars.peek().map_or(' ', |&(_, n)| n);
                match c {
                    '\'' | '’' => {
                        is_word_char(prev) && is_word_char(next) && !prev.is_ascii_digit()
                    }
                    '.' | ',' => prev.is_ascii_digit() && next.is_ascii_digit(),
                    _ => false,
                }
            });
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                emit(s, i);
                start = None;
            }
            _ => {}
        }
        prev = c;
    }
    if let Some(s) = start {
        emit(s, text.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::normalize::diacritics;

    #[test]
    fn clause_punctuation_breaks_phrases_and_joiners_do_not() {
        for sep in [". ", "; ", ";", ", ", "?", "! ", ": "] {
            assert!(breaks_phrase(sep), "{sep:?}");
        }
        for sep in [" ", "-", "/", ".", ":", " - ", "'", "\n", " (", "_"] {
            assert!(!breaks_phrase(sep), "{sep:?}");
        }
    }

    #[test]
    fn function_words_are_listed_in_their_exact_form() {
        for w in ENGLISH_FUNCTION_WORDS
            .iter()
            .chain(vietnamese::FUNCTION_WORDS)
        {
            assert_eq!(exact_form(w), *w, "list {w:?} in its exact form");
        }
        assert!(is_function_word("của") && is_function_word("the"));
        assert_eq!(function_word("của"), Some(FunctionWord::Vietnamese));
        assert_eq!(function_word("an"), Some(FunctionWord::English));
        let both = ENGLISH_FUNCTION_WORDS
            .iter()
            .filter(|w| vietnamese::FUNCTION_WORDS.contains(w))
            .count();
        assert_eq!(both, 0, "no word on both lists");
        for w in VIETNAMESE_LOOKALIKES {
            assert_eq!(function_word(w), Some(FunctionWord::English), "{w}");
        }
        assert!(!is_function_word("cua") && !is_function_word("khoáng"));
    }

    /// Checks the words of `text`: (exact, folded, from, to) each.
    fn check(text: &str, expected: &[(&str, &str, usize, usize)]) {
        let mut got = Vec::new();
        word_ranges(text, |from, to| {
            let exact = exact_form(&text[from..to]);
            let mut folded = String::new();
            diacritics::push_folded(&exact, &mut folded);
            got.push((exact, folded, from, to))
        });
        let got: Vec<(&str, &str, usize, usize)> = got
            .iter()
            .map(|(e, f, a, b)| (e.as_str(), f.as_str(), *a, *b))
            .collect();
        assert_eq!(
            got, expected,
            "words of {text:?}; see latin::word_ranges and push_exact"
        );
    }

    #[test]
    fn vietnamese_words() {
        check(
            "Khoáng sản XANH, Đà Nẵng",
            &[
                ("khoáng", "khoang", 0, 7),
                ("sản", "san", 8, 13),
                ("xanh", "xanh", 14, 18),
                ("đà", "da", 20, 24),
                ("nẵng", "nang", 25, 31),
            ],
        );
    }

    #[test]
    fn word_rule() {
        check(
            "don't 3.14, U.S. e-mail",
            &[
                ("don't", "don't", 0, 5),
                ("3.14", "3.14", 6, 10),
                ("u", "u", 12, 13),
                ("s", "s", 14, 15),
                ("e", "e", 17, 18),
                ("mail", "mail", 19, 23),
            ],
        );
        check(
            "Vie\u{0302}\u{0323}t",
            &[("vie\u{0302}\u{0323}t", "viet", 0, 8)],
        );
    }

    #[test]
    fn lower_case_agrees_with_std() {
        for c in '\u{80}'..='\u{2FFF}' {
            let w = format!("{c}x{c}");
            let mut got = String::new();
            push_exact(&w, &mut got);
            let want = vietnamese::canonical_tone(&w.to_lowercase()).into_owned();
            assert_eq!(got, want, "lower case of U+{:04X}", c as u32);
        }
        assert_eq!(exact_form("ΑΣ"), "ας");
    }

    #[test]
    fn tone_placement_in_exact_form() {
        check("Hoà bình", &[("hòa", "hoa", 0, 4), ("bình", "binh", 5, 10)]);
    }
}
