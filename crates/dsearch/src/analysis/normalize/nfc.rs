//! Unicode NFC composition, one character cluster at a time so offsets stay mappable.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The end of the cluster whose marks start at `i`: combining marks (non-zero canonical
/// combining class) belong to the character before them.
pub fn cluster_end(text: &str, mut i: usize) -> usize {
    while let Some(c) = text[i..].chars().next() {
        if canonical_combining_class(c) == 0 && !is_hangul_continuation(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

fn is_hangul_continuation(c: char) -> bool {
    // Hangul medial vowels and final consonants compose with the preceding jamo.
    matches!(c as u32, 0x1160..=0x11FF)
}

/// True for a combining mark (a char that belongs to the char before it).
pub fn is_mark(c: char) -> bool {
    canonical_combining_class(c) != 0 || is_hangul_continuation(c)
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
