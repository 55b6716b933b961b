//! `dsearch query`: ranking of the corpus articles, folded and cross-script matching,
//! highlights, `--limit`/`--offset`, language filters and the human output.

use dsearch::wire::JsonHit;

use crate::util::{
    file_name, fold, highlighted, hit_path, Env, VI_000, VI_001, VI_003, ZH_002, ZH_004,
};

/// The file names of `hits`, sorted.
fn sorted_names(hits: &[JsonHit]) -> Vec<&str> {
    let mut names: Vec<&str> = hits.iter().map(file_name).collect();
    names.sort_unstable();
    names
}

fn sorted_top_two(hits: &[JsonHit]) -> Vec<&str> {
    sorted_names(&hits[..hits.len().min(2)])
}

/// Every highlight of every hit covers one whole word that folds to a query word.
#[track_caller]
fn assert_highlights_are_query_words(hits: &[JsonHit], words: &[&str]) {
    for hit in hits {
        let slices = highlighted(hit);
        assert!(
            !slices.is_empty(),
            "no highlight in {}: {:?}",
            hit_path(hit),
            hit.snippet
        );
        for (&[a, b], text) in hit.highlights.iter().zip(&slices) {
            assert!(
                words.contains(&fold(text).as_str()),
                "highlight {text:?} of {} is not one of {words:?}; snippet {:?}",
                hit_path(hit),
                hit.snippet
            );
            let before = hit.snippet[..a].chars().next_back();
            let after = hit.snippet[b..].chars().next();
            assert!(
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric),
                "highlight {text:?} is not a whole word in {:?}",
                hit.snippet
            );
        }
    }
}

#[test]
fn vietnamese_query_with_diacritics_ranks_both_articles_first() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (hits, out) = env.query_json(&["khoáng sản xanh"]);
    out.assert_code(0);
    assert!(hits.len() >= 2, "{hits:?}");
    assert_eq!(sorted_top_two(&hits), [VI_000, VI_001]);
    assert!(hits[..2].iter().all(|h| h.lang == "vi"));
    assert_highlights_are_query_words(&hits[..2], &["khoang", "san", "xanh"]);
    for h in &hits[..2] {
        let exact: Vec<&str> = highlighted(h);
        assert!(
            exact.contains(&"khoáng") && exact.contains(&"sản"),
            "the words are highlighted as written: {exact:?}"
        );
    }
}

#[test]
fn vietnamese_query_without_diacritics_ranks_both_articles_first() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (hits, out) = env.query_json(&["khoang san xanh"]);
    out.assert_code(0);
    assert!(hits.len() >= 2, "{hits:?}");
    assert_eq!(sorted_top_two(&hits), [VI_000, VI_001]);
    assert_highlights_are_query_words(&hits[..2], &["khoang", "san", "xanh"]);
    // The folded query highlights the original spelling.
    for h in &hits[..2] {
        let slices = highlighted(h);
        assert!(slices.contains(&"khoáng"), "{slices:?}");
    }
}

#[test]
fn words_given_as_separate_arguments_are_joined() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (joined, _) = env.query_json(&["khoáng sản xanh"]);
    let (separate, out) = env.query_json(&["khoáng", "sản", "xanh"]);
    out.assert_code(0);
    let paths = |h: &[JsonHit]| {
        h.iter()
            .map(|h| hit_path(h).to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(paths(&joined), paths(&separate));
}

#[test]
fn traditional_query_finds_traditional_article() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (hits, out) = env.query_json(&["綠色礦產"]);
    out.assert_code(0);
    assert_eq!(file_name(&hits[0]), ZH_002, "{hits:?}");
    assert_eq!(hits[0].lang, "zh");
    let slices = highlighted(&hits[0]);
    assert!(
        slices.contains(&"綠色礦產"),
        "{slices:?} in {:?}",
        hits[0].snippet
    );
}

/// Depends on the traditional → simplified folding table.
#[test]
fn simplified_query_finds_and_highlights_traditional_text() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (hits, out) = env.query_json(&["绿色矿产"]);
    out.assert_code(0);
    assert!(!hits.is_empty());
    assert_eq!(file_name(&hits[0]), ZH_002, "{hits:?}");
    let slices = highlighted(&hits[0]);
    assert!(!slices.is_empty(), "no highlight in {:?}", hits[0].snippet);
    // Each word is highlighted where it stands, side by side as one highlight.
    assert!(
        slices
            .iter()
            .all(|s| ["綠色礦產", "綠色", "礦產"].contains(s))
            && slices.contains(&"綠色礦產"),
        "highlights {slices:?} in {:?}",
        hits[0].snippet
    );
}

/// Depends on the traditional → simplified folding table, and on the pinyin gloss in
/// `聯(lián)合聲明` not splitting the word.
#[test]
fn simplified_query_finds_traditional_text_with_pinyin_glosses() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (hits, out) = env.query_json(&["联合声明"]);
    out.assert_code(0);
    assert_eq!(file_name(&hits[0]), ZH_002, "{hits:?}");
}

#[test]
fn pinyin_glossed_traditional_word_is_found_as_written_without_gloss() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (hits, out) = env.query_json(&["聯合聲明"]);
    out.assert_code(0);
    assert_eq!(file_name(&hits[0]), ZH_002, "{hits:?}");
}

#[test]
fn limit_caps_the_hits() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (all, _) = env.query_json(&["Trung Quốc"]);
    assert!(all.len() >= 3, "Trung Quốc is in 000, 001 and 003: {all:?}");
    let (one, out) = env.query_json(&["--limit", "1", "Trung Quốc"]);
    out.assert_code(0);
    assert_eq!(one.len(), 1);
    assert_eq!(hit_path(&one[0]), hit_path(&all[0]));
    let (two, _) = env.query_json(&["-n", "2", "Trung Quốc"]);
    assert_eq!(two.len(), 2);
}

#[test]
fn offset_skips_hits() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (all, _) = env.query_json(&["Trung Quốc"]);
    assert!(all.len() >= 3, "{all:?}");
    let (second, out) = env.query_json(&["--offset", "1", "--limit", "1", "Trung Quốc"]);
    out.assert_code(0);
    assert_eq!(second.len(), 1);
    assert_eq!(hit_path(&second[0]), hit_path(&all[1]));
    let (rest, _) = env.query_json(&["--offset", "1", "Trung Quốc"]);
    let paths = |h: &[JsonHit]| {
        h.iter()
            .map(|h| hit_path(h).to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(paths(&rest), paths(&all[1..]));
    // Past the end: no hits.
    let out = env.dsearch(["query", "--offset", "100", "Trung Quốc"]);
    out.assert_code(1);
    assert_eq!(out.stdout, "");
    // `-n 0` shows nothing and says by its exit code whether something matches.
    let out = env.dsearch(["query", "-n", "0", "Trung Quốc"]);
    out.assert_code(0);
    assert_eq!(out.stdout, "");
    env.dsearch(["query", "-n", "0", "Trung Quốc quokkazz"])
        .assert_code(0);
    env.dsearch(["query", "-n", "0", "quokkazz"]).assert_code(1);
}

/// Two documents sharing a word, one Vietnamese and one Chinese.
fn mixed_languages() -> Env {
    let env = Env::new();
    env.write(
        "docs/vi.txt",
        "Tài liệu tiếng Việt\nHợp tác khoáng sản với đối tác quokka.",
    );
    env.write(
        "docs/zh.txt",
        "中文文件\n中国与中亚国家加强绿色矿产合作 quokka 共同发展。",
    );
    env.dsearch(["index", "docs"]).assert_code(0);
    let (hits, _) = env.query_json(&["quokka"]);
    let mut langs: Vec<&str> = hits.iter().map(|h| h.lang.as_str()).collect();
    langs.sort_unstable();
    assert_eq!(langs, ["vi", "zh"], "{hits:?}");
    env
}

#[test]
fn lang_option_filters_hits() {
    let env = mixed_languages();
    let (hits, out) = env.query_json(&["--lang", "vi", "quokka"]);
    out.assert_code(0);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(
        (file_name(&hits[0]), hits[0].lang.as_str()),
        ("vi.txt", "vi")
    );
    let (hits, _) = env.query_json(&["--lang", "ZH", "quokka"]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].lang, "zh");
    env.dsearch(["query", "--lang", "ja", "quokka"])
        .assert_code(1);
    // A name or a tag is its code; what names no language is a bad argument.
    let (hits, _) = env.query_json(&["--lang", "Vietnamese", "quokka"]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    let (hits, _) = env.query_json(&["--lang", "zh-Hant", "quokka"]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    let out = env.dsearch(["query", "--lang", "xx", "quokka"]);
    out.assert_code(2);
    assert!(out.stderr.contains("'xx'"), "{}", out.stderr);
}

#[test]
fn lang_prefix_in_query_filters_hits() {
    let env = mixed_languages();
    let (hits, out) = env.query_json(&["quokka lang:zh"]);
    out.assert_code(0);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(
        (file_name(&hits[0]), hits[0].lang.as_str()),
        ("zh.txt", "zh")
    );
    let (hits, _) = env.query_json(&["lang:vi", "quokka"]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].lang, "vi");
    // `--lang` narrows what the query's `lang:` allows, never widens it.
    let (hits, _) = env.query_json(&["--lang", "zh", "quokka lang:vi OR lang:zh"]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].lang, "zh");
    let (hits, out) = env.query_json(&["--lang", "zh", "quokka lang:vi"]);
    out.assert_code(1);
    assert!(hits.is_empty(), "{hits:?}");
}

#[test]
fn lang_filter_on_corpus() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (hits, out) = env.query_json(&["--lang", "zh", "--limit", "100", "中国"]);
    out.assert_code(0);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.lang == "zh"), "{hits:?}");
    assert!(hits.iter().any(|h| file_name(h) == ZH_004), "{hits:?}");
    let (hits, _) = env.query_json(&["--lang", "vi", "--limit", "100", "Trung Quốc"]);
    assert_eq!(sorted_names(&hits), [VI_000, VI_001, VI_003]);
}

#[test]
fn human_output_shows_path_lang_score_title_and_snippet() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (hits, _) = env.query_json(&["--limit", "1", "khoáng sản xanh"]);
    let out = env.dsearch(["query", "--limit", "1", "khoáng sản xanh"]);
    out.assert_code(0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        4,
        "path line, words line, title line, snippet line: {}",
        out.stdout
    );
    let fields: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(fields.len(), 3, "{}", lines[0]);
    assert_eq!(fields[0], hit_path(&hits[0]));
    assert!(
        fields[0].starts_with("corpus/"),
        "relative to the cwd: {}",
        fields[0]
    );
    assert_eq!(fields[1], "vi");
    let score: f64 = fields[2].parse().expect("a score");
    assert!(
        (score - hits[0].score).abs() < 0.01,
        "{score} vs {}",
        hits[0].score
    );
    // Rule 1, said of every hit, also of one that holds every word.
    assert_eq!(
        (hits[0].matched_words, hits[0].query_words),
        (2, 2),
        "{hits:?}"
    );
    assert_eq!(lines[1], "2 of 2 words", "khoáng sản is one word");
    assert_eq!(lines[2], hits[0].title);
    assert_eq!(lines[3].trim_start(), hits[0].snippet);
    assert!(!out.stdout.contains('\x1b'), "no colour when piped");
}

#[test]
fn human_output_neither_escapes_nor_reorders_the_terminal() {
    let env = Env::new();
    env.write(
        "docs/a.txt",
        "Tiêu đề \u{202E}ngược\u{202C} \u{2067}cô lập\u{2069}\nquokka \u{1b}[31mđỏ \u{202E}lật",
    );
    env.dsearch(["index", "docs"]).assert_code(0);
    let out = env.dsearch(["query", "--color", "never", "quokka"]);
    out.assert_code(0);
    for c in ['\x1b', '\u{202E}', '\u{202C}', '\u{2067}', '\u{2069}'] {
        assert!(!out.stdout.contains(c), "{c:?} in {:?}", out.stdout);
    }
    assert!(out.stdout.contains("Tiêu đề"), "{}", out.stdout);
}

#[test]
fn human_output_shows_jsonl_ids() {
    let env = Env::new();
    env.write(
        "docs/items.jsonl",
        "{\"id\":\"doc-42\",\"title\":\"T\",\"text\":\"quokka\"}\n{\"title\":\"U\",\"text\":\"wombat\"}\n",
    );
    env.dsearch(["index", "docs"]).assert_code(0);
    let out = env.dsearch(["query", "quokka"]);
    out.assert_code(0);
    let first = out.stdout.lines().next().unwrap();
    assert!(first.starts_with("docs/items.jsonl#doc-42 "), "{first}");
    // A line without an id has the file and its line as id: the file is shown once.
    let out = env.dsearch(["query", "wombat"]);
    out.assert_code(0);
    let first = out.stdout.lines().next().unwrap();
    assert!(first.starts_with("docs/items.jsonl#2 "), "{first}");
}

#[test]
fn options_after_the_query_words_are_options() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (before, _) = env.query_json(&["--limit", "1", "khoáng sản xanh"]);
    let out = env.dsearch(["query", "khoáng sản xanh", "--json", "--limit", "1"]);
    out.assert_code(0);
    let hits = out.hits();
    assert_eq!(hits.len(), 1, "{}", out.stdout);
    assert_eq!(hit_path(&hits[0]), hit_path(&before[0]));
}

#[test]
fn exclusion_removes_documents() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (hits, _) = env.query_json(&["--limit", "100", "Trung Quốc"]);
    assert!(hits.iter().any(|h| file_name(h) == VI_003));
    let (hits, out) = env.query_json(&["--limit", "100", "Trung Quốc -ASEAN"]);
    out.assert_code(0);
    assert!(!hits.is_empty());
    assert!(
        hits.iter().all(|h| file_name(h) != VI_003),
        "003 is about ASEAN: {hits:?}"
    );
}

#[test]
fn snippets_respect_the_character_budget() {
    let env = Env::with_corpus();
    env.index_corpus();
    for q in ["khoáng sản xanh", "中国"] {
        let (hits, _) = env.query_json(&["--snippet-chars", "60", "--fragments", "1", q]);
        assert!(!hits.is_empty());
        for h in &hits {
            let n = h.snippet.chars().filter(|&c| c != '…').count();
            assert!(
                n <= 60 + 20,
                "{} chars for a budget of 60: {:?}",
                n,
                h.snippet
            );
            highlighted(h);
        }
    }
}

#[test]
fn query_is_case_insensitive() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (lower, _) = env.query_json(&["khoáng sản xanh"]);
    let (upper, out) = env.query_json(&["KHOÁNG SẢN XANH"]);
    out.assert_code(0);
    assert_eq!(sorted_top_two(&upper), [VI_000, VI_001]);
    assert_eq!(upper.len(), lower.len());
    assert_highlights_are_query_words(&upper[..2], &["khoang", "san", "xanh"]);
}

#[test]
fn quoted_phrase_requires_the_words_in_order() {
    let env = Env::with_corpus();
    env.index_corpus();
    // Other articles hold some of the words, or all of them apart; a phrase some
    // document holds is required of every hit.
    let (apart, _) = env.query_json(&["--limit", "100", "khoáng sản xanh"]);
    assert!(apart.len() > 2, "{apart:?}");
    let (hits, out) = env.query_json(&["--limit", "100", "\"khoáng sản xanh\""]);
    out.assert_code(0);
    assert_eq!(sorted_top_two(&hits), [VI_000, VI_001]);
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert_eq!(out.stderr, "");
}

#[test]
fn a_phrase_nothing_matches_is_searched_as_its_words_and_says_so() {
    let env = Env::with_corpus();
    env.index_corpus();
    // No article holds the words in this order: the query runs again with them apart,
    // in tiers, and says so, as a pasted title whose quotes are part of its text
    // would otherwise find nothing.
    let (hits, out) = env.query_json(&["--limit", "100", "\"xanh sản khoáng\""]);
    out.assert_code(0);
    assert_eq!(
        out.stderr.trim_end(),
        "dsearch: warning: nothing matches the phrase \"xanh sản khoáng\": showing documents with its words instead"
    );
    let (plain, _) = env.query_json(&["--limit", "100", "xanh sản khoáng"]);
    let ids =
        |h: &[JsonHit]| -> Vec<String> { h.iter().map(|h| file_name(h).to_string()).collect() };
    assert_eq!(ids(&hits), ids(&plain));
    // A phrase some document holds stays required beside one that none holds.
    let (both, out) =
        env.query_json(&["--limit", "100", "\"khoáng sản xanh\" \"xanh sản khoáng\""]);
    out.assert_code(0);
    assert_eq!(
        out.stderr.trim_end(),
        "dsearch: warning: nothing matches the phrase \"xanh sản khoáng\": showing documents with its words instead"
    );
    assert_eq!(sorted_names(&both), [VI_000, VI_001]);
    // Within the query's filters: no Chinese document holds the phrase nor its words,
    // so nothing is shown and nothing is said about showing its words.
    let out = env.dsearch(["query", "--json", "\"khoáng sản xanh\" lang:zh"]);
    out.assert_code(1);
    assert_eq!(out.stderr, "");
    // Split into words, a long quoted sentence may have more than a query searches:
    // the warning says how many are left out.
    let words: Vec<String> = (0..40).map(|i| format!("zqword{i}")).collect();
    let long = format!("\"khoáng {}\"", words.join(" "));
    let out = env.dsearch(["query", "--json", long.as_str()]);
    out.assert_code(0);
    assert!(
        out.stderr.contains("nothing matches the phrase")
            && out
                .stderr
                .contains("the query is too long: 9 of its words are left out"),
        "{}",
        out.stderr
    );
}

#[test]
fn title_prefix_matches_titles_only() {
    let env = Env::with_corpus();
    env.index_corpus();
    // 003 has Trung Quốc in its body but not in its title (its first line).
    let (hits, out) = env.query_json(&["--limit", "100", "title:\"Trung Quốc\""]);
    out.assert_code(0);
    assert_eq!(sorted_names(&hits), [VI_000, VI_001]);
}

#[test]
fn or_matches_either_side() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (hits, out) = env.query_json(&["zyxnothing OR ASEAN"]);
    out.assert_code(0);
    let names: Vec<&str> = hits.iter().map(file_name).collect();
    assert_eq!(names, [VI_003]);
}

/// `khoang san xanh` is `khoáng sản` + `xanh`: the common `khoảng` (about) does not make
/// `khoang` a word of its own and `san xanh` the pair.
#[test]
fn a_frequent_lone_syllable_does_not_decide_the_pairs() {
    let env = Env::new();
    env.write("docs/a.txt", "Hợp tác khoáng sản xanh.\n");
    env.write("docs/b.txt", "Khai thác khoáng sản quý hiếm.\n");
    env.write("docs/c.txt", "Khoảng cách rất xa.\n");
    env.dsearch(["index", "docs"]).assert_code(0);
    let (hits, out) = env.query_json(&["khoang san xanh"]);
    out.assert_code(0);
    let names: Vec<&str> = hits.iter().map(file_name).collect();
    assert_eq!(names, ["a.txt", "b.txt"], "{hits:?}");
    assert_eq!(hits[1].missing, ["xanh"]);
}
