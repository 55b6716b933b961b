//! Pinyin glosses glued after Chinese characters, as web pages print them:
//! `聯(lián)合`, `建設(shè)性`. They are readings, not text, and would split words.

/// The byte length of a pinyin gloss at the start of `s` (`(lián)` or `（lián）`), or
/// `None` when `s` does not start with one. A gloss is one to eight lowercase Latin
/// letters with at least one pinyin tone mark, in ASCII or full-width brackets.
pub fn gloss_len(s: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    let (_, open) = chars.next()?;
    let close = match open {
        '(' => ')',
        '（' => '）',
        _ => return None,
    };
    let mut letters = 0;
    let mut toned = false;
    for (i, c) in chars {
        if c == close {
            return (letters > 0 && toned).then_some(i + c.len_utf8());
        }
        if c.is_ascii_lowercase() || c == 'ü' {
            letters += 1;
        } else if is_toned_vowel(c) {
            letters += 1;
            toned = true;
        } else if matches!(c, '\u{0300}' | '\u{0301}' | '\u{0304}' | '\u{030C}') {
            toned = true;
        } else {
            return None;
        }
        if letters > 8 {
            return None;
        }
    }
    None
}

fn is_toned_vowel(c: char) -> bool {
    "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ".contains(c)
}

#[cfg(test)]
mod tests {
    use super::gloss_len;

    #[test]
    fn glosses() {
        assert_eq!(gloss_len("(lián)合"), Some("(lián)".len()));
        assert_eq!(gloss_len("（guān）系"), Some("（guān）".len()));
        assert_eq!(gloss_len("(de)"), None);
        assert_eq!(gloss_len("(China)"), None);
        assert_eq!(gloss_len("(以下稱)"), None);
        assert_eq!(gloss_len("(lián"), None);
    }
}
