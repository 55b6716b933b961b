//! `dsearch analyze --json`: the language, tokens with byte offsets into the text, and
//! which dictionaries were loaded (none for Vietnamese).

use dsearch::wire::JsonAnalysis;

use crate::util::{fold, Env};

/// `dsearch analyze --json ARGS… TEXT`: must succeed, and every token must name a
/// known field and cover a non-empty range of TEXT on char boundaries.
#[track_caller]
fn analyze(options: &[&str], text: &str) -> JsonAnalysis {
    let out = Env::new().dsearch(["analyze", "--json"].iter().chain(options).chain([&text]));
    out.assert_code(0);
    let a = out.analysis();
    for t in &a.tokens {
        assert!(
            ["words", "folded", "bigrams"].contains(&t.field.as_str()),
            "{text:?}: {t:?}"
        );
        assert!(
            t.from < t.to
                && t.to <= text.len()
                && text.is_char_boundary(t.from)
                && text.is_char_boundary(t.to),
            "{text:?}: {t:?}"
        );
    }
    a
}

/// The terms of one field, in order.
fn terms<'a>(a: &'a JsonAnalysis, field: &str) -> Vec<&'a str> {
    a.tokens
        .iter()
        .filter(|t| t.field == field)
        .map(|t| t.text.as_str())
        .collect()
}

#[test]
fn vietnamese_text_loads_no_dictionary() {
    let text = "Hợp tác Khoáng sản xanh và đổi mới";
    let a = analyze(&[], text);
    assert_eq!(a.lang, "vi");
    assert!(!a.loaded.jieba, "jieba loaded for Vietnamese");
    assert!(!a.loaded.lindera, "lindera loaded for Vietnamese");
    // No CJK bigrams: the bigrams of Vietnamese text are pairs of adjacent syllables.
    assert_eq!(
        terms(&a, "bigrams"),
        ["hop tac", "tac khoang", "khoang san", "san xanh", "doi moi"],
        "{:?}",
        a.tokens
    );

    assert_eq!(
        terms(&a, "folded"),
        ["hop", "tac", "khoang", "san", "xanh", "va", "doi", "moi"]
    );
    for t in &a.tokens {
        let original = &text[t.from..t.to];
        assert_eq!(fold(original), fold(&t.text), "{t:?} covers {original:?}");
        if t.field == "folded" {
            assert_eq!(fold(original), t.text, "{t:?}");
        }
    }
    let words = terms(&a, "words");
    assert!(
        words.contains(&"khoáng"),
        "exact words keep diacritics, lower case: {words:?}"
    );
}

#[test]
fn words_given_as_separate_arguments_are_joined() {
    let env = Env::new();
    let a = env
        .dsearch(["analyze", "--json", "khoáng", "sản"])
        .analysis();
    let joined = "khoáng sản";
    let t: Vec<(&str, &str)> = a
        .tokens
        .iter()
        .filter(|t| t.field == "words")
        .map(|t| (t.text.as_str(), &joined[t.from..t.to]))
        .collect();
    assert_eq!(t, [("khoáng", "khoáng"), ("sản", "sản")]);
}

#[test]
fn chinese_text_loads_jieba() {
    let text = "中国发展绿色矿产资源";
    let a = analyze(&[], text);
    assert_eq!(a.lang, "zh");
    assert!(a.loaded.jieba);
    assert!(!a.loaded.lindera, "no Japanese dictionary for Chinese");
    // 矿产资源 is one word: its bigrams 矿产, 产资, 资源 are bigrams; 绿色 is a word, so
    // its bigram is left to the words field; 色矿 crosses two words.
    let bigrams = terms(&a, "bigrams");
    for b in ["色矿", "矿产", "产资", "资源"] {
        assert!(bigrams.contains(&b), "{b} in {bigrams:?}");
    }
    assert!(!bigrams.contains(&"绿色"), "{bigrams:?}");
    for t in &a.tokens {
        if t.field != "folded" {
            assert_eq!(
                &text[t.from..t.to],
                t.text,
                "simplified text is its own form: {t:?}"
            );
        }
    }
    let words = terms(&a, "words");
    assert!(words.contains(&"绿色"), "{words:?}");
}

/// Depends on the traditional → simplified folding table.
#[test]
fn traditional_text_is_folded_to_simplified_with_original_offsets() {
    let text = "綠色礦產";
    let a = analyze(&["--lang", "zh"], text);
    let tokens = |field: &str| -> Vec<(String, String)> {
        a.tokens
            .iter()
            .filter(|t| t.field == field)
            .map(|t| (t.text.clone(), text[t.from..t.to].to_string()))
            .collect()
    };
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        tokens("words"),
        pairs(&[("绿色", "綠色"), ("矿产", "礦產")])
    );
    assert_eq!(tokens("bigrams"), pairs(&[("色矿", "色礦"), ("产", "產")]));
}

#[test]
fn pinyin_glosses_are_not_tokens() {
    let text = "聯(lián)合聲明";
    let a = analyze(&["--lang", "zh"], text);
    assert!(
        a.tokens
            .iter()
            .all(|t| !t.text.contains("lián") && !t.text.contains("lian")),
        "{:?}",
        a.tokens
    );
}

#[test]
fn lang_option_overrides_detection() {
    let a = analyze(&["--lang", "VI"], "hello world");
    assert_eq!(a.lang, "vi");
    assert!(!a.loaded.jieba && !a.loaded.lindera);
}

#[test]
fn human_output_lists_tokens() {
    let env = Env::new();
    let out = env.dsearch(["analyze", "Khoáng sản"]);
    out.assert_code(0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "lang: vi");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("folded") && l.contains("khoang")),
        "{}",
        out.stdout
    );
}

#[test]
fn odd_texts_give_valid_offsets() {
    for text in [
        "\u{200b}",
        "a\u{0301}b",
        "ｋｈｏáｎｇ",
        "東京都に住んでいます",
        "😀綠😀色",
        "(lián)",
        "中(",
        "\u{FEFF}xin chào",
        "-",
    ] {
        analyze(&[], text);
    }
}
