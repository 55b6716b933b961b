//! Tests of the Japanese segmenter: words, offsets, parts of speech, base forms and the
//! cut of unknown katakana runs; property tests on arbitrary and Japanese-like text.

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
fn known_katakana_words_inside_an_unknown_run_are_read() {
    // lindera reads an unknown katakana run whole; the known words inside it are
    // words of their own, each rest left one unknown word.
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
    // A known word that starts the run, before an unknown rest.
    assert_eq!(surfaces("システムアーカイバ"), ["システム", "アーカイバ"]);
    assert_eq!(surfaces("フォントレンダラ"), ["フォント", "レンダラ"]);
    assert_eq!(surfaces("マルチスレッド"), ["マルチ", "スレッド"]);
    ja().words("システムアーカイバ", &mut out);
    assert_eq!(
        out.iter().map(|w| w.unknown).collect::<Vec<_>>(),
        [false, true]
    );
    // No piece starts with a long-vowel mark: `レイヤ` + `ーマスク` covers as many
    // known characters, and is no reading.
    assert_eq!(surfaces("レイヤーマスク"), ["レイヤー", "マスク"]);
    // A head or a tail of two characters would be a fragment: whole.
    assert_eq!(surfaces("ランタイム"), ["ランタイム"]);
    // A tail that IPADIC knows only as a name or a stem (ション, a name) is no word.
    assert_eq!(surfaces("ナビゲーション"), ["ナビゲーション"]);
    // No known word of three characters or more in the run: whole.
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
    fn katakana_runs_cut_at_known_words_stay_covered(
        text in "(マスク|ボックス|ゲーム|サイコロ|システム|フォント|ション|[ァ-ヺー]{1,5}|の|。){1,8}"
    ) {
        let mut ranges = Vec::new();
        ja().segment(&text, &mut ranges);
        assert_valid(&text, &ranges);
        let covered: usize = ranges.iter().map(|&(s, e)| text[s..e].chars().count()).sum();
        prop_assert_eq!(covered, text.chars().count());
    }
}
