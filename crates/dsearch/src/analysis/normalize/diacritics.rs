//! Diacritic folding for Latin words: every combining mark removed and `đ`/`Đ` mapped to
//! `d`, so that `khoang san` matches `khoáng sản`. Used on lower-cased tokens.

use std::borrow::Cow;
use std::sync::OnceLock;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use super::LatinTable;

/// The folded form of `word`.
pub fn fold(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    push_folded(word, &mut out);
    Cow::Owned(out)
}

/// Appends the folded form of `word` to `out`.
pub fn push_folded(word: &str, out: &mut String) {
    if word.is_ascii() {
        out.push_str(word);
        return;
    }
    let table = table();
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if let Some(f) = table.get(c) {
            out.push(f);
        } else {
            fold_char(c, out);
        }
    }
}

/// The fold of every Latin letter that folds to one char.
fn table() -> &'static LatinTable {
    static TABLE: OnceLock<LatinTable> = OnceLock::new();
    TABLE.get_or_init(|| LatinTable::build(fold_char))
}

/// Appends the fold of one char: the rule the table is built from.
fn fold_char(c: char, out: &mut String) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_and_latin() {
        assert_eq!(fold("khoáng"), "khoang");
        assert_eq!(fold("sản"), "san");
        assert_eq!(fold("đường"), "duong");
        assert_eq!(fold("nghiệp"), "nghiep");
        assert_eq!(fold("café"), "cafe");
        assert_eq!(fold("straße"), "strasse");
        assert_eq!(fold("xanh"), "xanh");
        assert_eq!(fold("Ǣ"), "Æ");
        assert_eq!(fold("a\u{301}"), "a");
    }

    #[test]
    fn table_agrees_with_the_rule() {
        for i in 0..0x3000u32 {
            let Some(c) = char::from_u32(i) else { continue };
            let mut slow = String::new();
            fold_char(c, &mut slow);
            let mut fast = String::new();
            push_folded(c.encode_utf8(&mut [0; 4]), &mut fast);
            assert_eq!(fast, slow, "fold of U+{i:04X}");
        }
    }
}
