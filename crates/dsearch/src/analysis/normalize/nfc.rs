//! Unicode NFC composition, one character cluster at a time so offsets stay mappable.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The end of the cluster whose marks start at `i`: combining marks (non-zero canonical
/// combining class) belong to the character before them.
pub fn cluster_end(text: &str, mut i: usize) -> usize {
    while let Some(c) = text[i..].chars().next() {
        if !is_mark(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// Blocks of letters without a combining mark (canonical combining class 0 throughout,
/// checked by a test): below U+0300, Latin Extended Additional (precomposed
/// Vietnamese), kana but the two combining voicing marks, CJK ideographs, Hangul
/// syllables. A char there needs no table lookup.
const WITHOUT_MARKS: &[(u32, u32)] = &[
    (0, 0x2FF),
    (0x1E00, 0x1EFF),
    (0x3041, 0x3098),
    (0x309B, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3),
];

fn without_marks(c: char) -> bool {
    let u = c as u32;
    WITHOUT_MARKS.iter().any(|&(a, b)| (a..=b).contains(&u))
}

fn is_hangul_continuation(c: char) -> bool {
    // Hangul medial vowels and final consonants compose with the preceding jamo.
    matches!(c as u32, 0x1160..=0x11FF)
}

/// True for a combining mark (a char that belongs to the char before it).
pub fn is_mark(c: char) -> bool {
    !without_marks(c) && (canonical_combining_class(c) != 0 || is_hangul_continuation(c))
}

/// True when `c` alone is in NFC.
pub fn is_nfc_char(c: char) -> bool {
    is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Appends the NFC form of `s` to `out`.
pub fn push_nfc(s: &str, out: &mut String) {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        out.push_str(s);
    } else {
        out.extend(s.nfc());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_without_marks_hold_none() {
        for &(a, b) in WITHOUT_MARKS {
            for c in (a..=b).filter_map(char::from_u32) {
                assert!(
                    canonical_combining_class(c) == 0 && !is_hangul_continuation(c),
                    "U+{:04X} is a mark",
                    c as u32
                );
            }
        }
        // Marks just outside them still are marks.
        for c in [
            '\u{0300}', '\u{0323}', '\u{3099}', '\u{309A}', '\u{1DC0}', '\u{1160}',
        ] {
            assert!(is_mark(c), "U+{:04X}", c as u32);
        }
        assert_eq!(cluster_end("a\u{0301}\u{0323}b", 1), 1 + 2 + 2);
        assert_eq!(cluster_end("か\u{3099}", "か".len()), "か\u{3099}".len());
    }
}
