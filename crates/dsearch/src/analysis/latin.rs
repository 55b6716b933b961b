//! Words of every non-CJK script (Latin, Vietnamese, Cyrillic, Hangul, ...): runs of
//! letters, digits and combining marks (an apostrophe between letters and a point or
//! comma between digits stay inside: `don't`, `3.14`), lower case, one Vietnamese tone
//! placement for the exact form, and diacritic folding for the folded form. No
//! stemming: see ARCHITECTURE.md.
//!
//! The word rule is a simplification of UAX #29 that agrees with it on the scripts
//! dsearch serves and runs about twice as fast.

use std::borrow::Cow;

use super::normalize::diacritics;
use super::normalize::nfc;
use super::vietnamese;

/// Longest word indexed, in bytes; longer "words" (base64, hashes) are skipped.
pub const MAX_WORD_BYTES: usize = 120;

/// One word: its byte range in the analysed text, its exact and its folded form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    /// Byte offset of the word in the analysed text.
    pub from: usize,
    /// Byte offset of the end of the word.
    pub to: usize,
    /// Lower case, NFC, canonical Vietnamese tone placement.
    pub exact: Cow<'a, str>,
    /// `exact` without diacritics, `đ` as `d`.
    pub folded: Cow<'a, str>,
}

/// The exact form of one word.
pub fn exact_form(word: &str) -> Cow<'_, str> {
    let lower: Cow<'_, str> = if word.is_ascii() {
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        }
    } else if word
        .chars()
        .any(|c| !c.is_lowercase() && c.to_lowercase().next() != Some(c))
    {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    };
    match lower {
        Cow::Borrowed(w) => vietnamese::canonical_tone(w),
        Cow::Owned(w) => match vietnamese::canonical_tone(&w) {
            Cow::Borrowed(_) => Cow::Owned(w),
            Cow::Owned(t) => Cow::Owned(t),
        },
    }
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

/// Calls `emit` for every word of `text`, in order.
pub fn words<'a>(text: &'a str, mut emit: impl FnMut(Word<'a>)) {
    let mut ranges = Vec::new();
    word_ranges(text, |a, b| ranges.push((a, b)));
    for (from, to) in ranges {
        let w = &text[from..to];
        if w.len() > MAX_WORD_BYTES {
            continue;
        }
        let exact = exact_form(w);
        let folded = match &exact {
            Cow::Borrowed(e) => diacritics::fold(e),
            Cow::Owned(e) => Cow::Owned(diacritics::fold(e).into_owned()),
        };
        emit(Word {
            from,
            to: from + w.len(),
            exact,
            folded,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[(&str, &str, usize, usize)]) {
        let mut got = Vec::new();
        words(text, |w| {
            got.push((w.exact.into_owned(), w.folded.into_owned(), w.from, w.to))
        });
        let got: Vec<(&str, &str, usize, usize)> = got
            .iter()
            .map(|(e, f, a, b)| (e.as_str(), f.as_str(), *a, *b))
            .collect();
        assert_eq!(got, expected, "words of {text:?}; see latin::words");
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
    fn tone_placement_in_exact_form() {
        check("Hoà bình", &[("hòa", "hoa", 0, 4), ("bình", "binh", 5, 10)]);
    }
}
