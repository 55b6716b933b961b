//! Words of every non-CJK script (Latin, Vietnamese, Cyrillic, Hangul, ...): Unicode
//! word boundaries (UAX #29), lower case, one Vietnamese tone placement for the exact
//! form, and diacritic folding for the folded form. No stemming: see ARCHITECTURE.md.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use super::normalize::diacritics;
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
    let lower: Cow<'_, str> = if word.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
        if word.is_ascii() {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Owned(word.to_lowercase())
        }
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

/// Calls `emit` for every word of `text`, in order.
pub fn words<'a>(text: &'a str, mut emit: impl FnMut(Word<'a>)) {
    for (from, w) in text.unicode_word_indices() {
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
    fn tone_placement_in_exact_form() {
        check("Hoà bình", &[("hòa", "hoa", 0, 4), ("bình", "binh", 5, 10)]);
    }
}
