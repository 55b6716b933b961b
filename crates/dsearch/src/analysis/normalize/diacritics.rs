//! Diacritic folding for Latin words: every combining mark removed and `đ`/`Đ` mapped to
//! `d`, so that `khoang san` matches `khoáng sản`. Used on lower-cased tokens.

use std::borrow::Cow;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// The folded form of `word`.
pub fn fold(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            'đ' | 'Đ' => out.push('d'),
            'ł' => out.push('l'),
            'ø' => out.push('o'),
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            c if (c as u32) < 0x80 => out.push(c),
            c => decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.push(d)
                }
            }),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_vietnamese_and_latin() {
        assert_eq!(fold("khoáng"), "khoang");
        assert_eq!(fold("sản"), "san");
        assert_eq!(fold("đường"), "duong");
        assert_eq!(fold("nghiệp"), "nghiep");
        assert_eq!(fold("café"), "cafe");
        assert_eq!(fold("straße"), "strasse");
        assert_eq!(fold("xanh"), "xanh");
    }
}
