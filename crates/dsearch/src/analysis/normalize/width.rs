//! Width folding: full-width ASCII and the ideographic space to ASCII, half-width
//! katakana to full-width (as NFKC does, voiced marks composed).

use unicode_normalization::UnicodeNormalization;

/// The half-width form of a full-width character, or `None` when `c` is unchanged.
/// Half-width katakana are handled by [`fold_str`] because a voiced mark may follow.
pub fn fold_char(c: char) -> Option<char> {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0),
        0x3000 => Some(' '),
        0xFF61..=0xFF9F => fold_halfwidth_kana(c),
        _ => None,
    }
}

fn fold_halfwidth_kana(c: char) -> Option<char> {
    let mut s = std::iter::once(c).nfkc();
    let f = s.next()?;
    if s.next().is_none() {
        Some(f)
    } else {
        None
    }
}

/// The end of the width cluster starting at `i` with char `c`: a half-width katakana
/// takes the half-width voiced marks that follow it.
pub fn cluster_end(text: &str, i: usize, c: char) -> usize {
    let mut end = i + c.len_utf8();
    if matches!(c as u32, 0xFF66..=0xFF9D) {
        if let Some(m) = text[end..].chars().next() {
            if matches!(m, '\u{FF9E}' | '\u{FF9F}') {
                end += m.len_utf8();
            }
        }
    }
    end
}

/// Appends the width-folded form of `s` to `out`.
pub fn fold_str(s: &str, out: &mut String) {
    if s.chars().any(|c| matches!(c as u32, 0xFF61..=0xFF9F)) {
        out.extend(s.nfkc());
    } else {
        out.extend(s.chars().map(|c| fold_char(c).unwrap_or(c)));
    }
}
