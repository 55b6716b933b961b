//! Bad text and odd queries, one test each: invisible and control characters, NFD
//! text, emoji and CJK extension B, right-to-left scripts, queries of punctuation,
//! operators alone or ten thousand characters. Each ends with a clear message, the
//! right exit code, no panic and an intact index (the helpers of
//! [`crate::reliability_input`]).

use crate::reliability::{count, index_ok};
use crate::reliability_input::{assert_intact, assert_stable, index_warnings, with_sentinels};
use crate::util::hit_path;

/// Zero-width characters inside words vanish, a zero-width space separates words,
/// control characters are spaces, and none of them reaches a snippet's highlights.
#[test]
fn zero_width_and_control_characters() {
    let (env, sentinels) = with_sentinels();
    env.write(
        "docs/invisible.txt",
        "Vô hình\nngh\u{200D}iên c\u{00AD}ứu\u{2060} mi\u{FEFF}ền zqzero\u{200B}width \
         zq\u{7}bell zq\u{1b}[31mescape \u{1}\u{2}\u{7f} zqcontrol\u{0b}\u{0c}tail\r\n",
    );
    let (_, warnings) = index_warnings(&env, &[]);
    assert_eq!(warnings, Vec::<String>::new());
    for word in [
        "nghiên cứu miền",
        "\"nghiên cứu miền\"",
        "zqzero",
        "width",
        "zqcontrol",
        "tail",
        "bell",
    ] {
        let (hits, out) = env.query_json(&[word]);
        out.assert_code(0);
        assert_eq!(hits.len(), 1, "{word}");
        crate::util::highlighted(&hits[0]);
    }
    // The same invisible characters in a query change nothing.
    assert_eq!(count(&env, "ngh\u{200D}iên\u{FEFF}"), 1);
    assert_intact(&env, &sentinels);
    assert_stable(&env);
}

/// NFD text (decomposed diacritics) is found by NFC queries and the other way round.
#[test]
fn nfd_text_matches_nfc_queries() {
    use unicode_normalization_free::nfd;
    let (env, sentinels) = with_sentinels();
    env.write(
        "docs/nfd.txt",
        nfd("Tiếng Việt\nNghiên cứu thủy điện ở miền Bắc zqnfd"),
    );
    env.write("docs/nfc.txt", "Tiếng Việt\nQuy hoạch điện lực zqnfc");
    let (_, warnings) = index_warnings(&env, &[]);
    assert_eq!(warnings, Vec::<String>::new());
    for (query, file) in [
        ("nghiên cứu", "docs/nfd.txt"),
        ("\"thủy điện\"", "docs/nfd.txt"),
        ("miền bắc", "docs/nfd.txt"),
        ("quy hoạch", "docs/nfc.txt"),
    ] {
        for q in [query.to_string(), nfd(query)] {
            let (hits, out) = env.query_json(&[q.as_str()]);
            out.assert_code(0);
            let paths: Vec<&str> = hits.iter().map(hit_path).collect();
            assert_eq!(paths, [file], "{q:?}");
            let marked = crate::util::highlighted(&hits[0]).join(" ");
            assert!(!marked.is_empty(), "{q:?}: nothing highlighted");
        }
    }
    assert_eq!(count(&env, &nfd("tiếng việt")), 2);
    assert_intact(&env, &sentinels);
    assert_stable(&env);
}

/// A tiny NFD decomposition of the Vietnamese letters the tests use (independent of
/// the library's normalisation).
mod unicode_normalization_free {
    pub fn nfd(s: &str) -> String {
        const TABLE: &[(char, &str)] = &[
            ('ế', "e\u{302}\u{301}"),
            ('ệ', "e\u{323}\u{302}"),
            ('ê', "e\u{302}"),
            ('ề', "e\u{302}\u{300}"),
            ('ứ', "u\u{31b}\u{301}"),
            ('ủ', "u\u{309}"),
            ('ở', "o\u{31b}\u{309}"),
            ('ắ', "a\u{306}\u{301}"),
            ('ạ', "a\u{323}"),
        ];
        s.chars()
            .map(|c| {
                TABLE
                    .iter()
                    .find(|(k, _)| *k == c)
                    .map_or(c.to_string(), |(_, v)| v.to_string())
            })
            .collect()
    }
}

#[test]
fn emoji_and_cjk_extension_b() {
    let (env, sentinels) = with_sentinels();
    env.write(
        "docs/emoji.txt",
        "Biểu tượng 😀\n😀 🎉 👩‍👩‍👧 🇻🇳 ❤️ zqemoji 𠀀𠀁𠀂 𪜀𪜁 汉字𠀀 𩸽は魚\n",
    );
    let (_, warnings) = index_warnings(&env, &[]);
    assert!(
        warnings.iter().all(|w| w.contains("Japanese dictionary")),
        "{warnings:?}"
    );
    for word in ["zqemoji", "𠀀𠀁", "𠀀", "𪜀𪜁", "汉字𠀀"] {
        let (hits, out) = env.query_json(&[word]);
        out.assert_code(0);
        assert_eq!(hits.len(), 1, "{word}");
        let marked = crate::util::highlighted(&hits[0]);
        assert!(!marked.is_empty(), "{word}: nothing highlighted");
    }
    // Emoji are not words: a query of emoji only finds nothing, quietly.
    for q in ["😀", "👩‍👩‍👧", "🇻🇳"] {
        let out = env.dsearch(["query", q]);
        out.assert_code(1);
        assert_eq!(out.stderr, "", "{q}");
    }
    assert_intact(&env, &sentinels);
    assert_stable(&env);
}

#[test]
fn right_to_left_text() {
    let (env, sentinels) = with_sentinels();
    env.write(
        "docs/rtl.txt",
        "نص\nمرحبا بالعالم zqarabic שלום עולם zqhebrew ١٢٣ السلام عليكم\n",
    );
    let (_, warnings) = index_warnings(&env, &[]);
    assert_eq!(warnings, Vec::<String>::new());
    for word in [
        "مرحبا",
        "بالعالم",
        "שלום",
        "\"שלום עולם\"",
        "zqarabic",
        "السلام عليكم",
    ] {
        let (hits, out) = env.query_json(&[word]);
        out.assert_code(0);
        assert_eq!(hits.len(), 1, "{word}");
        assert!(!crate::util::highlighted(&hits[0]).is_empty(), "{word}");
    }
    assert_intact(&env, &sentinels);
}

/// Odd queries: a usage error (exit 2) for an empty one, otherwise an answer (0 or 1)
/// without a word on stderr; the literal reading of `-`, `OR`, quotes and regex
/// metacharacters.
#[test]
fn odd_queries_answer_cleanly() {
    let (env, _) = with_sentinels();
    env.write(
        "docs/odd.txt",
        "Lạ\nzqodd a-b OR c.d x|y (z) [w] 1+1 a*b ^caret$",
    );
    index_ok(&env, &["docs"]);
    for q in ["", " ", "\t\n", "\u{3000}"] {
        let out = env.dsearch(["query", q]);
        out.assert_code(2);
        assert_eq!(
            out.stderr, "dsearch: error: the query is empty (usage: dsearch query QUERY)\n",
            "{q:?}"
        );
    }
    // Nothing to search for: no hits, quietly.
    let no_hits = [
        "!!!",
        "...",
        "，。！？",
        "---",
        "\"",
        "\"\"",
        "\"\"\"",
        "“",
        "「",
        "」",
        "-",
        "- -",
        "-\"",
        ".*",
        ".+",
        "^$",
        "(",
        ")",
        "|",
        "\\",
        "$",
        "?",
        "*",
        "+",
        "[",
        "]",
        "{",
        "}",
    ];
    for q in no_hits {
        let out = env.dsearch(["query", q]);
        assert_eq!(out.code, Some(1), "{q:?}: {out:?}");
        assert_eq!(
            (out.stdout.as_str(), out.stderr.as_str()),
            ("", ""),
            "{q:?}"
        );
    }
    // A language no document is in: no hits, and a warning saying which there are.
    let out = env.dsearch(["query", "lang:xx"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .starts_with("dsearch: warning: no document is in language `xx` (the index holds: ")
            && out.stderr.lines().count() == 1,
        "{}",
        out.stderr
    );
    // Unbalanced quotes are dropped; a lone `-` or `OR` is a word (the file has `OR`),
    // an `OR` at either end of the query is ignored;
    // metacharacters are punctuation, never a regex: `c.d` and `b.a` are the words c, d
    // and b, a (all in the file), `c.e` holds one of its two words.
    for q in [
        "\"zqodd",
        "zqodd\"",
        "\"zqodd lạ",
        "「zqodd",
        "zqodd -",
        "zqodd OR",
        "OR zqodd",
        "OR",
        "OR OR",
        "zqodd -zzzz",
        "c.d",
        "b.a",
        "^caret$",
    ] {
        let (hits, out) = env.query_json(&[q]);
        out.assert_code(0);
        assert_eq!(hits.len(), 1, "{q:?}");
        assert!(hit_path(&hits[0]).ends_with("odd.txt"), "{q:?}");
    }
    let (hits, out) = env.query_json(&["c.e"]);
    out.assert_code(0);
    assert_eq!(
        (hits.len(), hits[0].matched_words, hits[0].query_words),
        (1, 1, 2),
        "{hits:?}"
    );
    for q in ["zqod.", "zqo.*", "zq.dd"] {
        let out = env.dsearch(["query", q]);
        assert_eq!((out.code, out.stderr.as_str()), (Some(1), ""), "{q:?}");
    }
}

/// Queries of 10,000 characters answer: one long word, a CJK run, a quoted phrase,
/// punctuation, thousands of short words. A query is read up to 64 words (32 content
/// units): past that, one warning line says how many were left out.
#[test]
fn ten_thousand_character_queries_answer() {
    let (env, _) = with_sentinels();
    let long_word = "zq".repeat(5000);
    let cjk: String = "礦產資源綠色發展".chars().cycle().take(10_000).collect();
    let quoted = format!("\"{}\"", "khoáng sản ".repeat(1000));
    let quoted = quoted.chars().take(10_000).collect::<String>();
    let punctuation = "!?.,;:".repeat(1667);
    let short_words: String = (0..2000).map(|i| format!("w{i} ")).collect();
    // Each is read up to its 2,000th character, and says so; those with more words than
    // are searched say that too.
    for q in [&long_word, &cjk, &quoted, &punctuation, &short_words] {
        assert!(q.chars().count() >= 9_999);
        let out = env.dsearch(["query", "--json", q.as_str()]);
        assert!(matches!(out.code, Some(0 | 1)), "{out:?}");
        let lines: Vec<&str> = out.stderr.lines().collect();
        assert_eq!(
            lines[0],
            "dsearch: warning: the query is too long: only its first 2000 characters are read"
        );
        assert!(
            lines.len() <= 2
                && lines
                    .iter()
                    .all(|l| l.starts_with("dsearch: warning: the query is too long: ")),
            "{}",
            out.stderr
        );
        out.hits();
    }
}
