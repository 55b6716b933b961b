//! Japanese: words from lindera with an IPADIC dictionary, each with its part of speech
//! (function word or not) and its dictionary base form.
//!
//! Segmentation runs lindera's decompose ("search") mode: `MeCab`'s normal
//! segmentation, except that long compound nouns the dictionary lists whole are split
//! into their parts (`関西国際空港` gives `関西` `国際` `空港`), so a query for a part finds
//! the compound. A katakana run it does not know is cut before the known katakana words
//! that end it (`レイヤーマスク` gives `レイヤー` `マスク`). Where the dictionary is and how it is built is [`dictionary`]'s job.

pub mod dictionary;
mod entries;

pub use dictionary::{build_ipadic, is_loaded, standard_locations};

use std::borrow::Cow;
use std::cell::RefCell;
use std::path::{Path, PathBuf};

use lindera::dictionary::{load_fs_dictionary_with_options, Lattice};
use lindera::mode::{Mode, Penalty};
use lindera::segmenter::Segmenter;

use crate::error::{Error, ErrorKind};
use dictionary::dictionary_error;
use entries::{Entry, EntryCache};

/// One word of a Japanese text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'d> {
    /// Byte offset of the word in the text.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// True for a function word (see [`is_function_word`]).
    pub function: bool,
    /// The dictionary base form, when it differs from the word as written (`され` →
    /// `する`, `増加し` → … `する`); `None` for uninflected and unknown words.
    pub base: Option<&'d str>,
    /// True when the dictionary does not know the word: lindera grouped it by character
    /// class (a run of katakana, `ヤッツィーサイコロゲーム`).
    pub unknown: bool,
}

/// Verbs that mostly carry grammar, not meaning: `改装する`, `印刷できる`, `している`.
const LIGHT_VERBS: [&str; 10] = [
    "する",
    "ある",
    "いる",
    "なる",
    "おる",
    "できる",
    "れる",
    "られる",
    "せる",
    "させる",
];

/// The rule for Japanese function words, from IPADIC's part of speech (`pos`, its first
/// subcategory `sub`) and the base form: particles (助詞), auxiliaries (助動詞), symbols,
/// conjunctions, adnominals (この, その), interjections, fillers and prefixes (お, ご);
/// non-independent verbs, adjectives and nouns (ている, てほしい, こと); pronouns;
/// one-character suffixes (的, 化, 性, 用, 者, 版, 市: bound to the word before them,
/// `対話的` is `対話` made an adjective); and the light verbs (する, ある, いる, なる, おる,
/// できる, れる, られる, せる, させる). Everything else (nouns, longer suffixes such as
/// 塗り or アンペア, independent verbs and adjectives, adverbs, unknown words) is content.
pub fn is_function_word(pos: &str, sub: &str, base: &str) -> bool {
    match pos {
        "助詞" | "助動詞" | "記号" | "接続詞" | "連体詞" | "感動詞" | "フィラー" | "接頭詞" => {
            true
        }
        "動詞" => sub == "非自立" || LIGHT_VERBS.contains(&base),
        "形容詞" => sub == "非自立",
        "名詞" => {
            sub == "非自立" || sub == "代名詞" || (sub == "接尾" && base.chars().nth(1).is_none())
        }
        _ => false,
    }
}

thread_local! {
    /// The Viterbi lattice, reused across calls on a thread to avoid reallocating it per
    /// text.
    static LATTICE: RefCell<Lattice> = RefCell::new(Lattice::default());
}

/// Splits Japanese text into words with a lindera IPADIC dictionary (decompose mode,
/// default penalties).
pub struct JapaneseSegmenter {
    inner: Segmenter,
    path: PathBuf,
    entries: EntryCache,
}

impl std::fmt::Debug for JapaneseSegmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JapaneseSegmenter")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl JapaneseSegmenter {
    /// Loads the compiled dictionary in directory `dir`, memory-mapping its large files.
    pub fn load(dir: &Path) -> Result<JapaneseSegmenter, Error> {
        if !dir.is_dir() {
            return Err(Error::new(ErrorKind::MissingPath(dir.to_path_buf())));
        }
        let dictionary = load_fs_dictionary_with_options(dir, true).map_err(|err| {
            dictionary_error(format!(
                "cannot load the IPADIC dictionary at {}: {err}",
                dir.display()
            ))
        })?;
        let entries = EntryCache::new(dictionary.prefix_dictionary.words_idx_data.len() / 4);
        Ok(JapaneseSegmenter {
            entries,
            // Whitespace is dropped by `words` itself: lindera's own filter drops
            // IPADIC's SPACE class, which lists U+00D0 (Ð) by a typo for U+000D.
            inner: Segmenter::new(Mode::Decompose(Penalty::default()), dictionary, None)
                .keep_whitespace(true),
            path: dir.to_path_buf(),
        })
    }

    /// The directory the dictionary was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Word byte ranges of `text`, in order, non-overlapping, on char boundaries, each
    /// within text; whitespace-only pieces omitted. `out` is cleared first.
    pub fn segment(&self, text: &str, out: &mut Vec<(usize, usize)>) {
        let mut words = Vec::new();
        self.words(text, &mut words);
        out.clear();
        out.extend(words.iter().map(|w| (w.start, w.end)));
    }

    /// The words of `text`, in order, non-overlapping, on char boundaries, never empty
    /// and never containing whitespace (a word lindera returns with whitespace in it is
    /// split there, and its pieces keep no base form). A run of katakana the dictionary
    /// does not know is cut before the known words that end it ([`Self::known_tail`]).
    /// `out` is cleared first.
    pub fn words<'s>(&'s self, text: &str, out: &mut Vec<Word<'s>>) {
        out.clear();
        if text.trim().is_empty() {
            return;
        }
        let done = LATTICE
            .try_with(|cell| match cell.try_borrow_mut() {
                Ok(mut lattice) => {
                    self.words_with(text, &mut lattice, out);
                    true
                }
                Err(_) => false,
            })
            .unwrap_or(false);
        if !done {
            // Thread-local storage is being torn down, or a re-entrant call.
            self.words_with(text, &mut Lattice::default(), out);
        }
    }

    fn words_with<'s>(&'s self, text: &str, lattice: &mut Lattice, out: &mut Vec<Word<'s>>) {
        let Ok(tokens) = self
            .inner
            .segment_with_lattice(Cow::Borrowed(text), lattice)
        else {
            // lindera 6.2 never fails here; degrade to whitespace-separated pieces.
            push_trimmed(text, 0, text.len(), 0, Info::UNKNOWN, out);
            return;
        };
        let mut covered = 0;
        let mut cover = Vec::new();
        for token in &tokens {
            let info = self.info(token.word_id, token.surface.as_ref());
            let (start, end) = (token.byte_start, token.byte_end);
            if info.unknown && start >= covered {
                if let Some(split) = text
                    .get(start..end)
                    .and_then(|w| self.known_tail(w, &mut cover))
                {
                    let at = start + split;
                    push_trimmed(text, start, at, covered, info, out);
                    let mut i = at;
                    while let Some(&(_, e)) = cover.iter().find(|&&(s, _)| start + s == i) {
                        let known = Info {
                            unknown: false,
                            ..Info::UNKNOWN
                        };
                        push_trimmed(text, i, start + e, i, known, out);
                        i = start + e;
                    }
                    covered = end;
                    continue;
                }
            }
            if push_trimmed(text, start, end, covered, info, out) {
                covered = end;
            }
        }
    }

    /// Where to cut a word the dictionary does not know, `word`: before the longest tail
    /// made of katakana words it knows, each of [`MIN_TAIL_CHARS`] characters or more,
    /// when the head left is as long (`レイヤーマスク`: `レイヤー` + `マスク`;
    /// `ダイアログボックス`: `ダイアログ` + `ボックス`). lindera groups an unknown katakana
    /// run whole, so a known word that ends it is never read: a query for `マスク` would
    /// find `レイヤーマスク` through bigrams only. A known word that starts such a run is
    /// read already (the run after it is unknown on its own). `None` when there is no such
    /// tail or `word` is not all katakana. `cover` receives the tail's words, as byte
    /// ranges within `word`.
    fn known_tail(&self, word: &str, cover: &mut Vec<(usize, usize)>) -> Option<usize> {
        if !word.chars().all(is_katakana) {
            return None;
        }
        let bounds: Vec<usize> = word
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(word.len()))
            .collect();
        let n = bounds.len() - 1;
        if n < 2 * MIN_TAIL_CHARS {
            return None;
        }
        // best[i]: the longest known word at char i whose end is covered to the end.
        let mut best: Vec<Option<usize>> = vec![None; n + 1];
        let mut covered_from = vec![false; n + 1];
        covered_from[n] = true;
        let dict = &self.inner.dictionary.prefix_dictionary;
        for i in (MIN_TAIL_CHARS..=n - MIN_TAIL_CHARS).rev() {
            for (end_byte, _) in dict.prefix(&word[bounds[i]..]) {
                let Ok(j) = bounds.binary_search(&(bounds[i] + end_byte)) else {
                    continue;
                };
                if j - i >= MIN_TAIL_CHARS && covered_from[j] && best[i].is_none_or(|b| j > b) {
                    best[i] = Some(j);
                }
            }
            covered_from[i] = best[i].is_some();
        }
        let first = (MIN_TAIL_CHARS..=n - MIN_TAIL_CHARS).find(|&i| covered_from[i])?;
        cover.clear();
        let mut i = first;
        while let Some(j) = best[i] {
            cover.push((bounds[i], bounds[j]));
            i = j;
        }
        Some(bounds[first])
    }

    /// Part of speech and base form of a token: read from the dictionary's own bytes,
    /// once per entry for the system dictionary ([`entries`]).
    fn info<'s>(&'s self, id: lindera::dictionary::WordId, surface: &str) -> Info<'s> {
        let dict = &self.inner.dictionary;
        if id.is_unknown() {
            let (function, _) = read_entry(dict.unknown_word_details_iter(id.id() as usize));
            // Unknown-word entries have no base form (`*`).
            return Info {
                function,
                base: None,
                unknown: true,
            };
        }
        if !id.is_system() {
            return Info::UNKNOWN;
        }
        let words: &'s [u8] = &dict.prefix_dictionary.words_data;
        let entry = self.entries.get(id.id() as usize, || {
            let (function, base) = read_entry(dict.word_details_iter(id.id() as usize));
            Entry {
                function,
                base: base.and_then(|b| range_in(words, b)),
            }
        });
        let base = entry
            .base
            .and_then(|(at, len)| words.get(at..at + len))
            .and_then(|b| std::str::from_utf8(b).ok());
        Info {
            function: entry.function,
            base: base.filter(|&b| b != surface),
            unknown: false,
        }
    }
}

/// The fewest characters of a katakana word read inside an unknown run, and of the
/// head left before it ([`JapaneseSegmenter::known_tail`]): two katakana are mostly a
/// fragment of another word (`ランタイム` is no `ラン` + `タイム`).
const MIN_TAIL_CHARS: usize = 3;

/// Katakana, with the prolonged sound mark (`ー`).
fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FC}')
}

/// Whether an entry is a function word, and its base form (`None` for `*`), from its
/// IPADIC details: pos, sub 1, sub 2, sub 3, conjugation type and form, base form.
fn read_entry<'d>(mut fields: impl Iterator<Item = &'d str>) -> (bool, Option<&'d str>) {
    let pos = fields.next().unwrap_or("");
    let sub = fields.next().unwrap_or("");
    let base = fields.nth(4).unwrap_or("*");
    (
        is_function_word(pos, sub, base),
        (base != "*" && !base.is_empty()).then_some(base),
    )
}

/// The byte range of `part` within `whole`, when `part` is a slice of it.
fn range_in(whole: &[u8], part: &str) -> Option<(usize, usize)> {
    let at = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (at + part.len() <= whole.len()).then_some((at, part.len()))
}

/// What [`JapaneseSegmenter::info`] knows of one token.
#[derive(Clone, Copy)]
struct Info<'d> {
    function: bool,
    base: Option<&'d str>,
    unknown: bool,
}

impl Info<'_> {
    const UNKNOWN: Info<'static> = Info {
        function: false,
        base: None,
        unknown: true,
    };
}

/// Pushes the whitespace-free pieces of `text[start..end]` when that range is valid and
/// starts at or after `covered`; returns whether the range was valid. A token split by
/// whitespace keeps its part of speech but not its base form.
fn push_trimmed<'d>(
    text: &str,
    start: usize,
    end: usize,
    covered: usize,
    info: Info<'d>,
    out: &mut Vec<Word<'d>>,
) -> bool {
    if start < covered || start >= end {
        return false;
    }
    let Some(piece) = text.get(start..end) else {
        return false;
    };
    let first = out.len();
    let mut word_start = None;
    let mut push = |s: usize, e: usize| {
        out.push(Word {
            start: start + s,
            end: start + e,
            function: info.function,
            base: info.base,
            unknown: info.unknown,
        })
    };
    for (i, c) in piece.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = word_start.take() {
                push(s, i);
            }
        } else if word_start.is_none() {
            word_start = Some(i);
        }
    }
    if let Some(s) = word_start {
        push(s, piece.len());
    }
    if out.len() - first > 1 {
        for w in &mut out[first..] {
            w.base = None;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ja() -> &'static JapaneseSegmenter {
        crate::analysis::Dictionaries::default_ref()
            .japanese()
            .expect("IPADIC dictionary not found: run scripts/ipadic.sh")
    }

    /// The words and byte ranges of `text`.
    fn words(text: &str) -> Vec<(&str, usize, usize)> {
        let mut ranges = Vec::new();
        ja().segment(text, &mut ranges);
        ranges.iter().map(|&(s, e)| (&text[s..e], s, e)).collect()
    }

    fn surfaces(text: &str) -> Vec<&str> {
        words(text).into_iter().map(|(w, _, _)| w).collect()
    }

    fn assert_valid(text: &str, ranges: &[(usize, usize)]) {
        let mut prev_end = 0;
        for &(s, e) in ranges {
            assert!(
                s >= prev_end,
                "overlap or disorder at {s}..{e} in {text:?}: {ranges:?}"
            );
            assert!(s < e && e <= text.len(), "bad range {s}..{e} in {text:?}");
            assert!(
                text.is_char_boundary(s) && text.is_char_boundary(e),
                "not on char boundary: {s}..{e} in {text:?}"
            );
            assert!(
                !text[s..e].trim().is_empty(),
                "whitespace-only range {s}..{e} in {text:?}"
            );
            assert_eq!(
                text[s..e].trim(),
                &text[s..e],
                "untrimmed range {s}..{e} in {text:?}"
            );
            prev_end = e;
        }
    }

    #[test]
    fn tokyo_sentence_exact() {
        assert_eq!(
            words("東京都に住んでいます"),
            vec![
                ("東京", 0, 6),
                ("都", 6, 9),
                ("に", 9, 12),
                ("住ん", 12, 18),
                ("で", 18, 21),
                ("い", 21, 24),
                ("ます", 24, 30),
            ]
        );
    }

    #[test]
    fn compound_nouns_split_into_words() {
        // IPADIC lists 関西国際空港 and 日本経済新聞社 whole; decompose mode splits them.
        assert_eq!(
            words("関西国際空港"),
            vec![("関西", 0, 6), ("国際", 6, 12), ("空港", 12, 18)]
        );
        assert_eq!(
            surfaces("日本経済新聞社の記者"),
            vec!["日本", "経済", "新聞", "社", "の", "記者"]
        );
        assert_eq!(surfaces("自然言語処理"), vec!["自然", "言語", "処理"]);
    }

    #[test]
    fn known_katakana_words_ending_an_unknown_run_are_read() {
        // lindera reads an unknown katakana run whole; the known words that end it are
        // words of their own, the head left one unknown word.
        assert_eq!(
            surfaces("レイヤーマスクの適用"),
            ["レイヤー", "マスク", "の", "適用"]
        );
        assert_eq!(surfaces("ダイアログボックス"), ["ダイアログ", "ボックス"]);
        assert_eq!(
            surfaces("ヤッツィーサイコロゲーム"),
            ["ヤッツィー", "サイコロ", "ゲーム"]
        );
        let mut out = Vec::new();
        ja().words("レイヤーマスク", &mut out);
        assert_eq!(
            out.iter().map(|w| w.unknown).collect::<Vec<_>>(),
            [true, false]
        );
        // A head or a tail of two characters would be a fragment: whole.
        assert_eq!(surfaces("ランタイム"), ["ランタイム"]);
        // No known word ends the run: whole.
        assert_eq!(
            surfaces("ゾルゲヤッツィーグルーヴ"),
            ["ゾルゲヤッツィーグルーヴ"]
        );
    }

    #[test]
    fn kana_only() {
        assert_eq!(
            surfaces("すもももももももものうち"),
            vec!["すもも", "も", "もも", "も", "もも", "の", "うち"]
        );
        assert_eq!(surfaces("コンピュータ"), vec!["コンピュータ"]);
    }

    #[test]
    fn latin_product_name_stays_whole() {
        assert_eq!(
            words("iPhoneを買った"),
            vec![
                ("iPhone", 0, 6),
                ("を", 6, 9),
                ("買っ", 9, 15),
                ("た", 15, 18)
            ]
        );
    }

    #[test]
    fn whitespace_is_omitted_and_offsets_are_absolute() {
        let text = "  今日は 晴れ\n\t明日　雨 ";
        let mut ranges = Vec::new();
        ja().segment(text, &mut ranges);
        assert_valid(text, &ranges);
        let got: Vec<&str> = ranges.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(got, vec!["今日", "は", "晴れ", "明日", "雨"]);
    }

    #[test]
    fn long_text_without_delimiters_is_fully_covered() {
        // lindera cuts sentences longer than 32 KiB without a delimiter; the
        // ranges must still be absolute, ordered and cover every char.
        let text = "東京都に住んでいます".repeat(2000);
        let mut ranges = Vec::new();
        ja().segment(&text, &mut ranges);
        assert_valid(&text, &ranges);
        assert_eq!(ranges.last().map(|r| r.1), Some(text.len()));
        assert_eq!(
            ranges.iter().map(|&(s, e)| e - s).sum::<usize>(),
            text.len()
        );
    }

    #[test]
    fn eth_is_a_letter_not_whitespace() {
        // IPADIC's char.def puts U+00D0 in its SPACE class; it must not be lost.
        let text = "Ð東京\r\nÐ";
        let mut ranges = Vec::new();
        ja().segment(text, &mut ranges);
        assert_valid(text, &ranges);
        let got: Vec<&str> = ranges.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(got.first(), Some(&"Ð"));
        assert_eq!(got.last(), Some(&"Ð"));
        assert!(got.contains(&"東京"), "{got:?}");
    }

    #[test]
    fn empty_and_blank_inputs_give_nothing_and_clear_out() {
        let mut ranges = vec![(0, 1)];
        ja().segment("", &mut ranges);
        assert!(ranges.is_empty());
        ranges.push((0, 1));
        ja().segment(" \n\u{3000}", &mut ranges);
        assert!(ranges.is_empty());
    }

    #[test]
    fn parts_of_speech_and_base_forms() {
        let text = "空港を改装された";
        let mut out = Vec::new();
        ja().words(text, &mut out);
        let got: Vec<(&str, bool, Option<&str>)> = out
            .iter()
            .map(|w| (&text[w.start..w.end], w.function, w.base))
            .collect();
        assert_eq!(
            got,
            [
                ("空港", false, None),
                ("を", true, None),
                ("改装", false, None),
                ("さ", true, Some("する")),
                ("れ", true, Some("れる")),
                ("た", true, None),
            ]
        );
        ja().words("増加した", &mut out);
        assert_eq!(out[1].base, Some("する"));
        ja().words("書かれていた", &mut out);
        assert_eq!(out[0].base, Some("書く"));
        assert!(!out[0].function);
    }

    #[test]
    fn function_word_rule() {
        assert!(is_function_word("助詞", "格助詞", "の"));
        assert!(is_function_word("助動詞", "*", "ます"));
        assert!(is_function_word("動詞", "自立", "する"));
        assert!(is_function_word("動詞", "非自立", "いる"));
        assert!(is_function_word("名詞", "非自立", "こと"));
        assert!(is_function_word("名詞", "接尾", "的"));
        assert!(is_function_word("名詞", "接尾", "化"));
        assert!(!is_function_word("名詞", "接尾", "塗り"));
        assert!(!is_function_word("動詞", "自立", "書く"));
        assert!(!is_function_word("名詞", "サ変接続", "改装"));
        assert!(!is_function_word("名詞", "一般", "*"));
    }

    proptest! {
        #[test]
        fn ranges_are_valid_for_any_text(text in any::<String>()) {
            let mut ranges = Vec::new();
            ja().segment(&text, &mut ranges);
            assert_valid(&text, &ranges);
        }

        #[test]
        fn ranges_are_valid_for_japanese_like_text(
            text in "[ぁ-んァ-ン一-龥a-zA-Z0-9 、。！？\n\t\u{3000}ー・]{0,80}"
        ) {
            let mut ranges = Vec::new();
            ja().segment(&text, &mut ranges);
            assert_valid(&text, &ranges);
            // Every non-whitespace char is covered by some word.
            let covered: usize = ranges.iter().map(|&(s, e)| text[s..e].chars().filter(|c| !c.is_whitespace()).count()).sum();
            prop_assert_eq!(covered, text.chars().filter(|c| !c.is_whitespace()).count());
        }

        #[test]
        fn katakana_runs_cut_at_known_tails_stay_covered(
            text in "(マスク|ボックス|ゲーム|サイコロ|ション|[ァ-ヺー]{1,5}|の|。){1,8}"
        ) {
            let mut ranges = Vec::new();
            ja().segment(&text, &mut ranges);
            assert_valid(&text, &ranges);
            let covered: usize = ranges.iter().map(|&(s, e)| text[s..e].chars().count()).sum();
            prop_assert_eq!(covered, text.chars().count());
        }
    }
}
