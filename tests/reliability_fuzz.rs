//! Fuzzing, in process: random text built from the pieces that break text software
//! (combining marks, zero-width and bidi controls, control characters, surrogate-free
//! astral characters, CJK Extension B, half-width kana, emoji sequences, quotes and
//! query operators, any code point at all) goes through the analyser, the query parser,
//! search with snippets, the extractors and the snippet builder. Nothing may panic and
//! every offset must be on a char boundary, in order, inside its text.
//!
//! The default run is part of `cargo test` and takes a few seconds. Longer runs:
//!
//! ```sh
//! DSEARCH_FUZZ_CASES=200000 DSEARCH_FUZZ_SEED=$RANDOM \
//!     cargo test --release -p dsearch-cli --test tests reliability_fuzz
//! ```
//!
//! `DSEARCH_FUZZ_CASES` is the analyser's case count (default 10,000; the parser runs
//! twice as many, the extractors, decoder and snippets half, search a tenth);
//! `DSEARCH_FUZZ_SEED` picks the sequence (default fixed, so CI is repeatable). A failure
//! prints the seed, the case and the input; the same seed and count reproduce it.

use std::panic::{catch_unwind, AssertUnwindSafe};

use dsearch::analysis::{self, Analysis, Representation};
use dsearch::extract::{self, Format};
use dsearch::query::{self, Highlight};
use dsearch::{snippet, ErrorKind, Index, SearchOptions, SnippetOptions, UpdateOptions};

use crate::reliability::Rng;
use crate::util::Env;

/// The analyser target's case count; the others are fractions of it.
fn cases() -> usize {
    match std::env::var("DSEARCH_FUZZ_CASES") {
        Ok(v) => v.trim().parse().expect("DSEARCH_FUZZ_CASES is a number"),
        Err(_) => 10_000,
    }
}

fn seed() -> u64 {
    match std::env::var("DSEARCH_FUZZ_SEED") {
        Ok(v) => v.trim().parse().expect("DSEARCH_FUZZ_SEED is a number"),
        Err(_) => 0x5EED_D5EA_2C40,
    }
}

/// Runs `check` on `n` generated inputs; a panic is reported with what reproduces it.
fn fuzz<T: std::fmt::Debug>(
    target: &str,
    n: usize,
    mut generate: impl FnMut(&mut Rng) -> T,
    mut check: impl FnMut(&T),
) {
    let mut rng = Rng::new(seed() ^ fnv(target));
    for case in 0..n {
        let input = generate(&mut rng);
        if let Err(e) = catch_unwind(AssertUnwindSafe(|| check(&input))) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!(
                "fuzz target {target}: case {case} (DSEARCH_FUZZ_SEED={}) failed: {msg}\ninput: {input:?}",
                seed()
            );
        }
    }
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

/// Pieces of hostile text, by kind.
const PIECES: &[&[&str]] = &[
    // Whitespace of every kind
    &[
        " ", "  ", "\t", "\n", "\r\n", "\u{3000}", "\u{A0}", "\u{2028}", "\u{85}",
    ],
    // Vietnamese, precomposed and decomposed, both tone placements, lone marks
    &[
        "khoáng", "sản", "xanh", "Việt", "đ", "Đ", "hoà", "hòa", "thuỷ", "a\u{301}",
    ],
    &[
        "e\u{302}\u{301}",
        "\u{300}",
        "\u{323}",
        "\u{309}",
        "o\u{31B}\u{303}",
        "\u{301}\u{301}",
    ],
    // Chinese, simplified and traditional, pinyin glosses
    &[
        "礦產",
        "矿产",
        "綠色",
        "发展",
        "中",
        "國",
        "聯(lián)合",
        "(lián)",
        "（",
        "）",
        "、",
        "。",
    ],
    // Japanese: kana, half-width kana, prolonged sound mark, kanji, iteration marks
    &[
        "の",
        "は",
        "カタカナ",
        "ｶﾞｷﾞ",
        "ﾊﾟ",
        "ー",
        "関西国際空港",
        "々",
        "ゝ",
    ],
    // Other scripts
    &["한국어", "مرحبا", "שלום", "Привет", "ﷺ", "ǅ", "ß", "İ", "ﬁ"],
    // Astral: CJK Extension B, emoji sequences, skin tones, flags, tags
    &[
        "𠀀",
        "𪜀",
        "𩸽",
        "😀",
        "👩\u{200D}👩\u{200D}👧",
        "❤\u{FE0F}",
        "👍\u{1F3FD}",
        "🇻🇳",
    ],
    &["🏴\u{E0067}\u{E0062}\u{E007F}"],
    // Invisible and control characters, bidi controls, noncharacters, private use
    &[
        "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{AD}", "\u{200E}",
    ],
    &[
        "\u{200F}", "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{61C}", "\u{0}", "\u{7}",
    ],
    &[
        "\u{1B}[31m",
        "\u{7F}",
        "\u{80}",
        "\u{9F}",
        "\u{FFFD}",
        "\u{FFFF}",
        "\u{E000}",
    ],
    &["\u{10FFFF}"],
    // Full-width forms
    &["ｋｈｏａｎｇ", "１２３", "＃", "！"],
    // Query syntax
    &[
        "\"", "“", "”", "「", "」", "『", "』", "'", "-", "--", "OR", "title:", "lang:",
    ],
    &[
        "lang:ZH", "title:\"", "-\"", "(", ")", "[", "]", "*", "?", ".*", "\\", "|", "^", "$",
    ],
    &["+", "{2,}"],
    // Markup
    &[
        "<",
        ">",
        "</p>",
        "<script>",
        "&amp;",
        "&#0;",
        "&#x110000;",
        "<!--",
        "{",
        "}",
        ":",
        ",",
    ],
    // Words and numbers
    &[
        "a", "Z", "x1", "3.14", "1,000", "don't", "e-mail", "C++", "U.S.A.", "_",
    ],
];

/// One piece of [`PIECES`].
fn piece(rng: &mut Rng) -> &'static str {
    let kind = PIECES[rng.below(PIECES.len())];
    kind[rng.below(kind.len())]
}

/// A random string: pieces and arbitrary code points, usually short, sometimes long.
fn text(rng: &mut Rng, max_pieces: usize) -> String {
    let n = if rng.one_in(20) {
        rng.below(max_pieces * 10 + 1)
    } else {
        rng.below(max_pieces + 1)
    };
    let mut s = String::new();
    for _ in 0..n {
        match rng.below(10) {
            0 => s.push(any_char(rng)),
            1 => {
                // A run of one piece: long words, long CJK runs, mark stacks.
                let p = piece(rng);
                for _ in 0..rng.below(30) {
                    s.push_str(p);
                }
            }
            _ => s.push_str(piece(rng)),
        }
    }
    s
}

/// Any Unicode scalar value, weighted towards the BMP.
fn any_char(rng: &mut Rng) -> char {
    loop {
        let limit = if rng.one_in(4) { 0x11_0000 } else { 0x1_0000 };
        if let Some(c) = char::from_u32(rng.below(limit) as u32) {
            return c;
        }
    }
}

const LANGS: &[&str] = &["vi", "zh", "ja", "en", "und", "ko", "xx", ""];

/// Offsets on char boundaries of `text`, non-empty, in order; positions strictly
/// increasing per representation; no whitespace inside a token.
fn check_analysis(text: &str, a: &Analysis) {
    for r in Representation::ALL {
        let mut last: Option<analysis::Token> = None;
        for t in a.tokens(r) {
            assert!(t.from < t.to && t.to <= text.len(), "{} {t:?}", r.name());
            assert!(
                text.is_char_boundary(t.from) && text.is_char_boundary(t.to),
                "{} {t:?} not on char boundaries",
                r.name()
            );
            assert!(!t.text.is_empty(), "{} empty term {t:?}", r.name());
            // The one exception: a pair of Vietnamese syllables, joined by a space.
            let pair = r == Representation::Bigrams
                && t.text.split(' ').count() == 2
                && t.text
                    .split(' ')
                    .all(|s| !s.is_empty() && s.chars().all(char::is_alphabetic));
            assert!(
                pair || !t.text.chars().any(char::is_whitespace),
                "{} term with whitespace {t:?}",
                r.name()
            );
            if let Some(p) = last {
                assert!(
                    t.position > p.position,
                    "{} positions {p:?} {t:?}",
                    r.name()
                );
                assert!(t.from >= p.from, "{} offsets go back {p:?} {t:?}", r.name());
            }
            last = Some(t);
        }
    }
}

/// Highlight ranges are inside `text`, on char boundaries, non-empty and in order.
fn check_ranges(text: &str, ranges: &[(usize, usize)]) {
    let mut end = 0;
    for &(a, b) in ranges {
        assert!(a < b && b <= text.len(), "range {a}..{b} of {}", text.len());
        assert!(a >= end, "ranges overlap: {ranges:?}");
        assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
        end = b;
    }
}

#[test]
fn fuzz_analyser() {
    fuzz(
        "analyser",
        cases(),
        |rng| (text(rng, 40), LANGS[rng.below(LANGS.len())]),
        |(text, lang)| {
            check_analysis(text, &analysis::analyze(text, lang));
            check_analysis(text, &analysis::analyze_without_dictionaries(text));
            let _ = analysis::detect::detect(text);
        },
    );
}

#[test]
fn fuzz_query_parser() {
    fuzz(
        "parser",
        cases() * 2,
        |rng| text(rng, 30),
        |q| {
            // Every `name:value` a filter, and none (no document has its field: a lone
            // one is read as words).
            for parsed in [query::parse(q), query::parse_with(q, |_| false)] {
                for group in &parsed.groups {
                    assert!(!group.is_empty(), "empty group: {parsed:?}");
                }
                for c in parsed.groups.iter().flatten().chain(&parsed.excluded) {
                    // `""` is an empty phrase (it searches for nothing); words are never empty.
                    assert!(c.phrase || !c.text.is_empty(), "empty word: {parsed:?}");
                    if !c.phrase {
                        assert!(
                            !c.text.chars().any(char::is_whitespace),
                            "word with whitespace: {c:?}"
                        );
                    }
                }
                for l in &parsed.langs {
                    assert!(
                        !l.is_empty() && !l.chars().any(char::is_whitespace),
                        "{l:?}"
                    );
                    assert_eq!(l, &l.to_ascii_lowercase());
                }
            }
        },
    );
}

/// Random queries against a small index of random and real documents: every search
/// answers (an empty query is the only error), and every snippet's highlights are in it.
#[test]
fn fuzz_search() {
    let env = Env::new();
    let mut rng = Rng::new(seed());
    let real = [
        "Khoáng sản xanh\nHợp tác khoáng sản xanh giữa Việt Nam và Trung Quốc.",
        "綠色礦產\n中國與越南的綠色礦產合作發展。聯(lián)合聲明",
        "関西国際空港\n関西国際空港は大阪にあります。カタカナとﾊﾝｶｸ",
        "Emoji 😀\n👩\u{200D}👩\u{200D}👧 𠀀𠀁 汉字𠀀 مرحبا שלום",
    ];
    for (i, t) in real.iter().enumerate() {
        env.write(&format!("docs/real{i}.txt"), t);
    }
    for i in 0..40 {
        let body = text(&mut rng, 200).replace('\0', " ");
        env.write(&format!("docs/random{i}.txt"), body);
    }
    let index = Index::open_or_create(env.path().join(".dsearch")).expect("create");
    index
        .update(
            &[env.path().join("docs")],
            &UpdateOptions::default(),
            &mut |_| {},
        )
        .expect("index");
    fuzz(
        "search",
        cases() / 10,
        |rng| {
            let q = text(rng, 12);
            let options = SearchOptions::default()
                .limit(rng.below(5) + 1)
                .offset(rng.below(3))
                .snippet(SnippetOptions {
                    chars: rng.below(300),
                    fragments: rng.below(4),
                })
                .explain(rng.one_in(4));
            (q, options)
        },
        |(q, options)| match index.search(q, options) {
            Ok(results) => {
                for hit in &results.hits {
                    check_ranges(&hit.snippet.text, &hit.snippet.highlights);
                }
            }
            Err(e) => assert!(
                matches!(e.kind(), ErrorKind::EmptyQuery) && q.trim().is_empty(),
                "search failed: {e}"
            ),
        },
    );
}

/// The extractors take any text; JSON Lines also get lines that are almost JSON.
#[test]
fn fuzz_extractors() {
    fuzz(
        "extract",
        cases() / 2,
        |rng| {
            let mut t = text(rng, 60);
            if rng.one_in(2) {
                let field = ["id", "title", "text", "body", "lang", "url", "x"][rng.below(7)];
                let value = serde_json::to_string(&text(rng, 8)).expect("json");
                let value = match rng.below(4) {
                    0 => value.chars().take(value.chars().count() / 2).collect(),
                    1 => rng.next_u64().to_string(),
                    2 => "null".to_string(),
                    _ => value,
                };
                t = format!(
                    "{{\"{field}\": {value}, \"text\": \"{}\"}}\n{t}",
                    rng.below(9)
                );
            }
            t
        },
        |t| {
            for format in [
                Format::Text,
                Format::Markdown,
                Format::Html,
                Format::JsonLines,
            ] {
                let mut warnings = Vec::new();
                for d in extract::extract(format, t, &mut warnings) {
                    check_analysis(&d.body, &analysis::analyze(&d.body, "und"));
                }
            }
            let (decoded, _) = extract::decode(t.as_bytes());
            let _ = extract::looks_binary(decoded.as_bytes());
        },
    );
}

/// Invalid UTF-8 of every kind decodes to a string without panicking, as a JSONL line
/// and as a whole file (whose encoding may be declared or guessed).
#[test]
fn fuzz_decoding_bytes() {
    fuzz(
        "decode",
        cases() / 2,
        |rng| {
            let mut bytes = text(rng, 20).into_bytes();
            for _ in 0..rng.below(8) {
                let at = rng.below(bytes.len() + 1);
                bytes.insert(at, rng.next_u64() as u8);
            }
            if rng.one_in(3) {
                let cut = rng.below(bytes.len() + 1);
                bytes.truncate(cut);
            }
            bytes
        },
        |bytes| {
            let (text, lossy) = extract::decode(bytes);
            assert_eq!(
                lossy,
                std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).is_err()
            );
            check_analysis(&text, &analysis::analyze(&text, "vi"));
            // A whole file in every format: a BOM, a declared charset or a guess.
            for format in [Format::Text, Format::Html] {
                let mut html = b"<meta charset=\"shift_jis\">".to_vec();
                html.extend_from_slice(bytes);
                let input = if format == Format::Html {
                    html
                } else {
                    bytes.to_vec()
                };
                let (text, warning) = extract::encoding::decode_file(input.clone(), format);
                if std::str::from_utf8(&input).is_ok() {
                    assert_eq!(warning, None);
                }
                check_analysis(&text, &analysis::analyze(&text, "und"));
            }
        },
    );
}

/// Snippets of any text around any highlight set stay inside the text's characters.
#[test]
fn fuzz_snippets() {
    fuzz(
        "snippet",
        cases() / 2,
        |rng| {
            let t = text(rng, 80);
            let words: Vec<String> = (0..rng.below(4)).map(|_| text(rng, 2)).collect();
            let options = SnippetOptions {
                chars: rng.below(400),
                fragments: rng.below(5),
            };
            (t, words, options)
        },
        |(t, words, options)| {
            let mut h = Highlight::default();
            for w in words {
                let a = analysis::analyze_without_dictionaries(w);
                h.exact.extend(a.words.iter().map(|t| t.text.to_string()));
                h.folded.extend(a.folded.iter().map(|t| t.text.to_string()));
                if a.bigrams.len() > 1 {
                    h.cjk
                        .insert(a.bigrams.iter().map(|t| t.text.to_string()).collect());
                }
                h.cjk_chars.extend(w.chars().take(1));
            }
            let ranges = snippet::highlights(t, &h);
            check_ranges(t, &ranges);
            let s = snippet::snippet(t, &ranges, *options);
            check_ranges(&s.text, &s.highlights);
        },
    );
}
