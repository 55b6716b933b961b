//! Script classification of characters and the split of text into runs of one script.

/// The scripts that decide routing (see the routing table in [`crate::analysis`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Han ideographs (Chinese hanzi, Japanese kanji), including 々 and 〇.
    Han,
    /// Hiragana, katakana and the prolonged sound mark.
    Kana,
    /// Everything else: Latin, Cyrillic, Hangul, digits, punctuation, spaces.
    Other,
}

/// True for Han ideographs of every CJK block, compatibility ideographs included.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF      // CJK Unified Ideographs
        | 0x3400..=0x4DBF    // Extension A
        | 0x20000..=0x2A6DF  // Extension B
        | 0x2A700..=0x2EBEF  // Extensions C to F
        | 0x2EBF0..=0x2EE5F  // Extension I
        | 0x30000..=0x323AF  // Extensions G and H
        | 0xF900..=0xFAFF    // Compatibility Ideographs
        | 0x2F800..=0x2FA1F  // Compatibility Supplement
        | 0x3005 | 0x3007 | 0x3006 | 0x303B // 々 〇 〆 〻
    )
}

/// True for hiragana, katakana (full-width) and the prolonged sound mark.
pub fn is_kana(c: char) -> bool {
    matches!(c as u32,
        0x3041..=0x3096 | 0x309D..=0x309F // hiragana and iteration marks
        | 0x30A1..=0x30FA | 0x30FC..=0x30FF // katakana, ー, iteration marks
        | 0x31F0..=0x31FF // katakana phonetic extensions
        | 0x1B000..=0x1B16F // kana supplement and extended
    )
}

/// True for full-width katakana and the prolonged sound mark (`ー`), the characters
/// lindera groups into one unknown word.
pub fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FC}')
}

/// True for Hangul syllables and jamo.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F)
}

/// The routing script of `c`.
pub fn script(c: char) -> Script {
    if (c as u32) < 0x2E80 {
        Script::Other
    } else if is_han(c) {
        Script::Han
    } else if is_kana(c) {
        Script::Kana
    } else {
        Script::Other
    }
}

/// A maximal run of text: either CJK (Han and kana together, since Japanese words mix
/// them) or everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Byte offset where the run starts.
    pub start: usize,
    /// Byte offset where the run ends.
    pub end: usize,
    /// True for a run of Han and kana characters.
    pub cjk: bool,
    /// True when a CJK run contains kana (so it can only be Japanese).
    pub has_kana: bool,
}

/// Splits `text` into alternating CJK and non-CJK runs that together cover `text`.
pub fn runs(text: &str) -> Vec<Run> {
    let bytes = text.as_bytes();
    let mut out: Vec<Run> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Chars below U+2000 (lead byte below 0xE2) are never CJK: no decoding needed.
        let (s, len) = match b {
            0..=0x7F => (Script::Other, 1),
            0x80..=0xDF => (Script::Other, 2),
            0xE0..=0xE1 => (Script::Other, 3),
            _ => {
                let c = text[i..].chars().next().expect("i is on a char boundary");
                (script(c), c.len_utf8())
            }
        };
        let cjk = s != Script::Other;
        match out.last_mut() {
            Some(run) if run.cjk == cjk => {
                run.end = i + len;
                run.has_kana |= s == Script::Kana;
            }
            _ => out.push(Run {
                start: i,
                end: i + len,
                cjk,
                has_kana: s == Script::Kana,
            }),
        }
        i += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_agree_with_char_scripts() {
        let text = "Việt Nam ĐÀ (習近平) ｶﾞ ー 〇 𠀀 \u{1E00}ー、東京";
        let rs = runs(text);
        for (i, c) in text.char_indices() {
            let r = rs
                .iter()
                .find(|r| r.start <= i && i < r.end)
                .expect("covered");
            assert_eq!(r.cjk, script(c) != Script::Other, "{c:?} at {i}");
            assert!(r.end >= i + c.len_utf8());
        }
    }

    #[test]
    fn runs_cover_the_text() {
        let text = "Tập Cận Bình (习近平) nói: 東京に行きます";
        let rs = runs(text);
        let joined: String = rs.iter().map(|r| &text[r.start..r.end]).collect();
        assert_eq!(joined, text);
        let cjk: Vec<&str> = rs
            .iter()
            .filter(|r| r.cjk)
            .map(|r| &text[r.start..r.end])
            .collect();
        assert_eq!(cjk, ["习近平", "東京に行きます"]);
        assert!(rs.iter().any(|r| r.cjk && r.has_kana));
    }
}
