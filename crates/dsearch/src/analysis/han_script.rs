//! Which Chinese script a text is written in: simplified, traditional, or neither
//! (no Han character whose form differs between the two).
//!
//! The index folds traditional characters to simplified ones, so `绿色矿产` finds
//! `綠色礦產`. What the fold loses is kept per document as its script, and per query
//! word as the script it was typed in: a word typed in one script that a document holds
//! in the other matches like a folded form (rule 4 of [`crate::search::rank`]).

use std::sync::OnceLock;

use super::normalize::traditional::{
    is_simplified_only, is_traditional_only, opencc_entries, TS_CHARACTERS,
};
use super::script::is_kana;

/// OpenCC's table of Japanese shinjitai (`拡` then `擴`: the Japanese form, then the older
/// forms), vendored unchanged in `crates/dsearch/data/opencc/`.
const JP_SHINJITAI: &str = include_str!("../../data/opencc/JPShinjitaiCharacters.txt");

/// Shinjitai that Chinese text writes as well, though OpenCC's Chinese table does not
/// list them: in jieba's dictionary, the frequencies of the words that hold each sum
/// to more than 1,000 (`研究`, `概念`, `翻译`, `给予`), or it is common Chinese (`褒`;
/// `痺` of `麻痺`, as traditional Chinese writes it).
const ALSO_CHINESE: &str = "研概翻予郎浜瓶晃慎欠萌褒痺";

/// A script of Han characters: one of the two Chinese ones, or Japanese kanji.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HanScript {
    /// Simplified characters (`国`, `发`).
    Simplified,
    /// Traditional characters (`國`, `發`).
    Traditional,
    /// The kanji of a Japanese query word (`関係`). Documents never record it (a
    /// document with kana records no script), so a Chinese document of either script
    /// is in another one.
    Japanese,
}

impl HanScript {
    /// The value the index stores for the script.
    pub fn code(self) -> u64 {
        match self {
            HanScript::Simplified => 1,
            HanScript::Traditional => 2,
            HanScript::Japanese => 3,
        }
    }

    /// The script of a value the index stores (a Chinese one); `None` for any other
    /// value.
    pub fn from_code(code: u64) -> Option<HanScript> {
        match code {
            1 => Some(HanScript::Simplified),
            2 => Some(HanScript::Traditional),
            _ => None,
        }
    }
}

/// The script `text` is written in: the one with more characters of its own (a
/// traditional character that has a simplified form, against a simplified character
/// that is the form of another). `None` when neither has more: no such character at
/// all (`工具`, Latin text, kana), or as many of each.
pub fn detect(text: &str) -> Option<HanScript> {
    count(text, false).flatten()
}

/// The script with more characters of its own; `None` on a tie.
fn majority(traditional: usize, simplified: usize) -> Option<HanScript> {
    match traditional.cmp(&simplified) {
        std::cmp::Ordering::Greater => Some(HanScript::Traditional),
        std::cmp::Ordering::Less => Some(HanScript::Simplified),
        std::cmp::Ordering::Equal => None,
    }
}

/// Whether `c` is a kanji that only Japanese writes (`拡`, `択`, `仮`, `駅`): a Japanese
/// shinjitai (OpenCC's `JPShinjitaiCharacters`) that OpenCC's Chinese table knows
/// neither as a traditional nor as a simplified form, less a short list of forms that
/// Chinese writes too (`研`, `概`). A query of kanji alone that holds one is Japanese.
pub fn is_japanese_only(c: char) -> bool {
    static ONLY: OnceLock<Vec<char>> = OnceLock::new();
    if (c as u32) < 0x3400 {
        return false;
    }
    ONLY.get_or_init(|| {
        let chinese: std::collections::HashSet<char> = opencc_entries(TS_CHARACTERS)
            .flat_map(|(k, v)| k.chars().chain(v.chars()))
            .chain(ALSO_CHINESE.chars())
            .collect();
        let mut only: Vec<char> = opencc_entries(JP_SHINJITAI)
            .filter_map(|(k, _)| {
                let mut chars = k.chars();
                chars.next().filter(|_| chars.next().is_none())
            })
            .filter(|c| !chinese.contains(c))
            .collect();
        only.sort_unstable();
        only.dedup();
        only
    })
    .binary_search(&c)
    .is_ok()
}

/// The script a document records ([`crate::index`]): that of its body, else of its
/// title, and none when either holds kana. Japanese writes kanji in forms of its own,
/// and a document with kana is Japanese text in part, whatever its language (a manual
/// page left mostly in English). One pass over each text, ending at the first kana.
pub fn of_document(body: &str, title: &str) -> Option<HanScript> {
    let (body, title) = (count(body, true)?, count(title, true)?);
    body.or(title)
}

/// [`detect`] of `text`, in one pass; with `stop_at_kana`, `None` at its first kana.
fn count(text: &str, stop_at_kana: bool) -> Option<Option<HanScript>> {
    let (mut traditional, mut simplified) = (0usize, 0usize);
    for c in text.chars() {
        if is_traditional_only(c) {
            traditional += 1;
        } else if is_simplified_only(c) {
            simplified += 1;
        } else if stop_at_kana && is_kana(c) {
            return None;
        }
    }
    Some(majority(traditional, simplified))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_of_words_and_texts() {
        assert_eq!(detect("绿色矿产"), Some(HanScript::Simplified));
        assert_eq!(detect("綠色礦產"), Some(HanScript::Traditional));
        assert_eq!(detect("基础"), Some(HanScript::Simplified));
        assert_eq!(detect("基礎"), Some(HanScript::Traditional));
        // The same in both scripts, or no Han at all.
        assert_eq!(detect("工具"), None);
        assert_eq!(detect("khoáng sản xanh"), None);
        assert_eq!(detect("すべて"), None);
        assert_eq!(detect(""), None);
        // A traditional text that quotes a simplified name is still traditional.
        assert_eq!(
            detect("中國與中亞國家發表聯合聲明，简体"),
            Some(HanScript::Traditional)
        );
    }

    #[test]
    fn a_document_with_kana_records_no_script() {
        assert_eq!(of_document("绿色矿产", "標題"), Some(HanScript::Simplified));
        assert_eq!(
            of_document("工具", "綠色礦產"),
            Some(HanScript::Traditional)
        );
        // Mostly English with a Japanese sentence, in the body or in the title.
        assert_eq!(of_document("Credits: 映画です。", "Film"), None);
        assert_eq!(of_document("绿色矿产", "映画の紹介"), None);
    }

    #[test]
    fn kanji_only_japanese_writes() {
        for c in ['拡', '択', '仮', '駅', '図', '変', '実', '県'] {
            assert!(is_japanese_only(c), "{c}");
        }
        // Forms Chinese writes too: the same in every script, simplified, traditional,
        // or listed as shinjitai but common in Chinese.
        for c in ['人', '工', '学', '国', '國', '画', '研', '概', 'a', 'の'] {
            assert!(!is_japanese_only(c), "{c}");
        }
        // Some two hundred of them.
        let n = ('\u{3400}'..='\u{9fff}')
            .filter(|&c| is_japanese_only(c))
            .count();
        assert!((150..300).contains(&n), "{n}");
    }

    #[test]
    fn codes_round_trip() {
        for s in [HanScript::Simplified, HanScript::Traditional] {
            assert_eq!(HanScript::from_code(s.code()), Some(s));
        }
        assert_eq!(HanScript::from_code(0), None);
        assert_eq!(HanScript::from_code(3), None);
    }
}
