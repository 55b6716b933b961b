//! The words of queries against a vocabulary given by hand.

use super::*;

fn words(text: &str, vocab: &[&str]) -> Vec<QueryWord> {
    let v = |w: &str| u64::from(vocab.contains(&w));
    let vocabulary = Vocabulary {
        words: &v,
        folded: &v,
        bigrams: &v,
    };
    let mut pos = 0;
    query_words(
        text,
        vocabulary,
        Dictionaries::default_ref(),
        reads_as_japanese(text),
        true,
        &mut pos,
    )
}

#[test]
fn chinese_sentence_without_spaces() {
    let w = words("中国与中亚的峰会", &["中国", "中亚", "峰会"]);
    let got: Vec<(&str, bool, u32)> = w
        .iter()
        .map(|w| (w.text.as_str(), w.function, w.position))
        .collect();
    assert_eq!(
        got,
        [
            ("中国", false, 0),
            ("与", true, 1),
            ("中亚", false, 2),
            ("的", true, 3),
            ("峰会", false, 4)
        ]
    );
    assert_eq!(w[4].grams, Grams::All(vec!["峰会".into()]));
}

#[test]
fn traditional_query_reads_simplified_and_written_forms() {
    let w = words("綠色礦產", &["绿色", "矿产"]);
    assert_eq!(w.len(), 2);
    assert_eq!(w[0].exact, ["绿色", "綠色"]);
    assert_eq!(w[1].grams, Grams::All(vec!["矿产".into()]));
}

#[test]
fn vietnamese_words_fold_and_flag_function_words() {
    let w = words("khoáng sản của Việt Nam", &[]);
    let got: Vec<(&str, &str, bool)> = w
        .iter()
        .map(|w| (w.exact[0].as_str(), w.folded[0].as_str(), w.function))
        .collect();
    assert_eq!(
        got,
        [
            ("khoáng", "khoang", false),
            ("sản", "san", false),
            ("của", "cua", true),
            ("việt", "viet", false),
            ("nam", "nam", false)
        ]
    );
}

#[test]
fn japanese_words_carry_base_forms() {
    let w = words("空港を改装する", &[]);
    let got: Vec<(&str, bool)> = w.iter().map(|w| (w.text.as_str(), w.function)).collect();
    assert_eq!(
        got,
        [
            ("空港", false),
            ("を", true),
            ("改装", false),
            ("する", true)
        ]
    );
    let w = words("改装された", &[]);
    assert_eq!(w[1].text, "さ");
    assert_eq!(w[1].base, ["する"]);
    assert_eq!(w[1].folded, ["する"]);
}

#[test]
fn lone_kanji_in_japanese_get_junctions_and_kana_and_chinese_do_not() {
    let w = words("再インストール", &[]);
    assert_eq!(w[0].text, "再");
    assert_eq!(w[0].junctions, ["再イ"]);
    assert!(
        w[1].junctions.is_empty(),
        "a longer word scores by its own terms"
    );
    let w = words("空港を改装する", &[]);
    assert!(w.iter().all(|w| w.junctions.is_empty()), "を is kana");
    let w = words("中国与中亚的峰会", &["中国", "中亚", "峰会"]);
    assert!(w.iter().all(|w| w.junctions.is_empty()), "Chinese: none");
}

#[test]
fn a_kanji_run_beside_kana_is_cut_as_japanese() {
    let texts = |w: &[QueryWord]| -> Vec<(String, bool)> {
        w.iter().map(|w| (w.text.clone(), w.function)).collect()
    };
    // Kana elsewhere in the clause: lindera cuts the kanji run (`最` is a prefix).
    let w = words("最下層 レイヤー", &[]);
    assert_eq!(
        texts(&w),
        [
            ("最".to_string(), true),
            ("下層".to_string(), false),
            ("レイヤー".to_string(), false)
        ]
    );
    // No kana: the run is Chinese, cut with the index's vocabulary.
    let w = words("最下層", &["最下层"]);
    assert_eq!(texts(&w), [("最下層".to_string(), false)]);
}

#[test]
fn an_unknown_katakana_run_is_cut_into_the_words_the_index_holds() {
    let texts = |w: &[QueryWord]| -> Vec<String> { w.iter().map(|w| w.text.clone()).collect() };
    // No part of `ゾルゲヤッツィーグルーヴ` is a word of IPADIC, so the segmenter keeps
    // it whole (a run that ends with one, `ヤッツィーサイコロ`, it cuts itself).
    let w = words("ゾルゲヤッツィーグルーヴ", &["ヤッツィー", "グルーヴ"]);
    assert_eq!(texts(&w), ["ゾルゲ", "ヤッツィー", "グルーヴ"]);
    assert_eq!(w.iter().map(|w| w.position).collect::<Vec<_>>(), [0, 1, 2]);
    // A document holds the whole word: it stays whole.
    let w = words(
        "ゾルゲヤッツィーグルーヴ",
        &["ゾルゲヤッツィーグルーヴ", "ヤッツィー"],
    );
    assert_eq!(texts(&w), ["ゾルゲヤッツィーグルーヴ"]);
    // A piece of two characters would be a fragment: whole.
    let w = words("ランタイム", &["タイム", "ラン"]);
    assert_eq!(texts(&w), ["ランタイム"]);
    // No word of the index inside: whole.
    let w = words("ゾルゲヤッツィーグルーヴ", &[]);
    assert_eq!(texts(&w), ["ゾルゲヤッツィーグルーヴ"]);
}

#[test]
fn a_known_word_no_document_can_match_is_cut_into_the_words_the_index_holds() {
    let texts = |w: &[QueryWord]| -> Vec<String> { w.iter().map(|w| w.text.clone()).collect() };
    let w = words("線引き", &["線", "引き"]);
    assert_eq!(texts(&w), ["線", "引き"]);
    assert_eq!(w.iter().map(|w| w.position).collect::<Vec<_>>(), [0, 1]);
    assert!(w.iter().all(|w| !w.function));
    // A kana left alone joins the piece before it.
    let w = words("取り扱い", &["取り", "扱"]);
    assert_eq!(texts(&w), ["取り", "扱い"]);
    // A document holds the word, or every bigram of it: whole.
    assert_eq!(
        texts(&words("線引き", &["線引き", "線", "引き"])),
        ["線引き"]
    );
    assert_eq!(texts(&words("線引き", &["线引", "引き", "線"])), ["線引き"]);
    // A piece IPADIC reads alone as a function word (ほど): whole.
    assert_eq!(texts(&words("ほど近い", &["ほど", "近い"])), ["ほど近い"]);
    // Hiragana only: its pieces would be fragments.
    assert_eq!(
        texts(&words("かまびすしい", &["かま", "びす", "しい"])),
        ["かまびすしい"]
    );
    // No piece is a word of the index, or only kanji alone are: whole.
    assert_eq!(texts(&words("線引き", &[])), ["線引き"]);
    assert_eq!(texts(&words("解体する", &["解", "体"])), ["解体", "する"]);
}

#[test]
fn lone_chars_no_document_holds_as_words_join_where_their_bigram_is_held() {
    let run = |text: &str, words: &[&str], bigrams: &[&str]| -> Vec<String> {
        let w = |x: &str| u64::from(words.contains(&x));
        let b = |x: &str| u64::from(bigrams.contains(&x));
        let vocabulary = Vocabulary {
            words: &w,
            folded: &w,
            bigrams: &b,
        };
        let dicts = Dictionaries::default_ref();
        let got = query_words(text, vocabulary, dicts, false, true, &mut 0);
        got.iter().map(|w| w.text.clone()).collect()
    };
    // 块链 is no word of the index, but documents hold it inside 区块链.
    assert_eq!(run("块链技术", &["技术"], &["块链"]), ["块链", "技术"]);
    // Without the bigram, or when a char is a word of its own: apart.
    assert_eq!(run("块链技术", &["技术"], &[]), ["块", "链", "技术"]);
    assert_eq!(
        run("块链技术", &["技术", "链"], &["块链"]),
        ["块", "链", "技术"]
    );
    // A function word is never joined.
    assert_eq!(run("块的", &[], &["块的"]), ["块", "的"]);
}

#[test]
fn kana_or_a_kanji_only_japanese_writes_makes_a_clause_japanese() {
    for japanese in [
        "ファイルを開く",
        "ｶﾅ",
        "拡張",
        "選択範囲",
        "IPv6 用 Perl 拡張",
    ] {
        assert!(reads_as_japanese(japanese), "{japanese}");
    }
    // Chinese in either script, kanji Chinese writes too, and Latin text.
    for other in ["扩展", "擴展", "研究概念", "画像", "khoáng sản", ""] {
        assert!(!reads_as_japanese(other), "{other}");
    }
}
