//! `dsearch query --json`: every line decodes into `dsearch::wire::JsonHit`, fields hold
//! what they promise, `--explain` adds an explanation.

use crate::util::{file_name, highlighted, hit_path, Env};

#[test]
fn every_line_is_a_hit_with_consistent_fields() {
    let env = Env::with_corpus();
    env.index_corpus();
    // With a required phrase too: its exactness counts in `score` as in the order.
    for q in [
        "khoáng sản xanh",
        "Trung Quốc",
        "中国",
        "綠色礦產",
        "\"Trung Quốc\" khoáng sản",
    ] {
        let (hits, out) = env.query_json(&["--limit", "100", q]);
        out.assert_code(0);
        assert!(!hits.is_empty(), "{q}");
        assert_eq!(out.stdout.lines().count(), hits.len());
        for w in hits.windows(2) {
            assert!(
                w[0].score >= w[1].score,
                "{q}: hits not best first: {hits:?}"
            );
        }
        for h in &hits {
            assert!(hit_path(h).starts_with("corpus/"), "{}", hit_path(h));
            assert_eq!(
                h.id.as_deref(),
                Some(hit_path(h)),
                "a txt file's id is its path (the test runs at the index root)"
            );
            assert_eq!(h.url, None);
            assert!(!h.title.is_empty());
            assert!(
                h.lang.len() == 2 && h.lang.chars().all(|c| c.is_ascii_lowercase()),
                "ISO 639-1: {}",
                h.lang
            );
            assert!(h.score > 0.0 && h.score.is_finite());
            assert!(!h.snippet.is_empty());
            highlighted(h);
            assert!(h.explanation.is_none(), "no explanation without --explain");
        }
    }
}

#[test]
fn corpus_languages_are_detected() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (hits, _) = env.query_json(&["--limit", "100", "Trung Quốc"]);
    assert!(hits.iter().all(|h| h.lang == "vi"), "{hits:?}");
    let (hits, _) = env.query_json(&["--limit", "100", "外长"]);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.lang == "zh"), "{hits:?}");
}

#[test]
fn explain_adds_an_explanation() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (hits, out) = env.query_json(&["--explain", "khoáng sản xanh"]);
    out.assert_code(0);
    assert!(!hits.is_empty());
    for h in &hits {
        let e = h
            .explanation
            .as_ref()
            .expect("an explanation with --explain");
        let matches = e["matches"].as_array().expect("how each word matched");
        assert_eq!(matches.len(), h.query_words, "{e}");
        let words: Vec<&str> = matches.iter().filter_map(|m| m["word"].as_str()).collect();
        assert!(words.iter().any(|w| w.contains("khoáng")), "{e}");
        for m in matches {
            let how = m["matched"].as_str().unwrap_or_default();
            assert!(["exact", "loose", "bigrams", "none"].contains(&how), "{e}");
        }
        assert_eq!(e["words"].as_u64(), Some(h.matched_words as u64), "{e}");
        assert!(e["bm25"].as_f64().is_some_and(|b| b > 0.0), "{e}");
    }
}

/// A word held only with other diacritics (`lúa` typed, `lửa` in the title) is named,
/// but rules 3 to 5 leave it out: no exactness, no title, in the explanation too.
#[test]
fn explain_leaves_words_held_with_other_diacritics_out_of_the_rules() {
    let env = Env::new();
    env.write(
        "docs/fire.txt",
        "Mùa lửa rừng\nNgười trồng rau mang nông sản ra chợ mỗi sáng.\n",
    );
    env.write(
        "docs/rice.txt",
        "Giá nông sản\nThương lái thu mua lúa sớm hơn mọi năm.\n",
    );
    env.dsearch(["index", "docs"]).assert_code(0);
    let (hits, out) = env.query_json(&["--explain", "lúa chợ"]);
    out.assert_code(0);
    let fire = hits
        .iter()
        .find(|h| hit_path(h).ends_with("fire.txt"))
        .unwrap_or_else(|| panic!("fire.txt holds chợ: {hits:?}"));
    assert_eq!(fire.missing, ["lúa"]);
    assert_eq!(fire.other_forms, ["lúa"]);
    let e = fire.explanation.as_ref().expect("an explanation");
    assert_eq!(e["words"].as_u64(), Some(1), "{e}");
    assert_eq!(e["exactness"].as_u64(), Some(3), "chợ only: {e}");
    assert_eq!(e["title"].as_u64(), Some(0), "{e}");
    let lua = &e["matches"][0];
    assert_eq!(lua["word"], "lúa", "{e}");
    assert_eq!(lua["matched"], "loose", "{e}");
    assert_eq!(lua["title"], false, "{e}");
}

#[test]
fn explain_in_human_output_lists_matched_terms() {
    let env = Env::with_corpus();
    env.index_corpus();
    let out = env.dsearch(["query", "--explain", "--limit", "1", "khoáng sản xanh"]);
    out.assert_code(0);
    assert!(out.stdout.contains("  rank: words "), "{}", out.stdout);
    assert!(out.stdout.contains(": exact"), "{}", out.stdout);
}

#[test]
fn no_hits_prints_nothing() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (hits, out) = env.query_json(&["zyxnothingmatches"]);
    out.assert_code(1);
    assert!(hits.is_empty());
    assert_eq!(out.stdout, "");
}

/// A word typed with diacritics that a document holds only with others (`khoáng`
/// typed, `khoảng` written) is missing, and said to be found in another form.
#[test]
fn words_held_with_other_diacritics_are_named() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (hits, out) = env.query_json(&["--limit", "10", "khoáng sản xanh"]);
    out.assert_code(0);
    // The two articles that say `khoáng sản xanh` come first, then the one that says
    // `khoảng` (a gap) and neither `khoáng` nor `sản xanh`.
    assert!(hits.len() >= 3, "{hits:?}");
    assert!(hits[..2].iter().all(|h| h.missing.is_empty()), "{hits:?}");
    let other = hits
        .iter()
        .find(|h| h.other_forms == ["khoáng"])
        .unwrap_or_else(|| panic!("a hit with khoảng: {hits:?}"));
    assert_eq!(other.missing, ["khoáng", "sản xanh"]);
    assert_eq!(other.matched_words, 0);
    // Typed without diacritics, `khoang` is held by `khoảng` too: nothing is "other".
    let (loose, _) = env.query_json(&["--limit", "10", "khoang san xanh"]);
    assert!(loose.iter().all(|h| h.other_forms.is_empty()), "{loose:?}");
    let human = env.dsearch(["query", "--color", "never", "khoáng sản xanh"]);
    human.assert_code(0);
    assert!(
        human
            .stdout
            .contains("0 of 2 words (missing: sản xanh; with other diacritics: khoáng)"),
        "{}",
        human.stdout
    );
}

/// A page that holds the syllables of a word of several only apart (`lưu` … `tệp` for
/// `lưu tệp`) comes last, and says so rather than calling the word missing.
#[test]
fn syllables_held_apart_are_named() {
    let env = Env::new();
    env.write("docs/pair.txt", "Lưu\nBấm nút để lưu tệp vào thư mục.\n");
    env.write(
        "docs/apart.txt",
        "Tệp\nTệp được lưu lại sau khi đóng cửa sổ.\n",
    );
    env.dsearch(["index", "docs"]).assert_code(0);
    let (hits, out) = env.query_json(&["--explain", "lưu tệp"]);
    out.assert_code(0);
    let names: Vec<&str> = hits.iter().map(file_name).collect();
    assert_eq!(names, ["pair.txt", "apart.txt"]);
    assert!(hits[0].apart.is_empty(), "{hits:?}");
    assert_eq!((hits[1].matched_words, hits[1].query_words), (0, 1));
    assert_eq!(hits[1].missing, ["lưu tệp"]);
    assert_eq!(hits[1].apart, ["lưu tệp"]);
    let e = hits[1].explanation.as_ref().expect("an explanation");
    assert_eq!(e["matches"][0]["matched"], "apart", "{e}");
    let human = env.dsearch(["query", "--color", "never", "lưu tệp"]);
    human.assert_code(0);
    assert!(
        human
            .stdout
            .contains("0 of 1 words (syllables apart: lưu tệp)"),
        "{}",
        human.stdout
    );
    assert!(!human.stdout.contains("missing"), "{}", human.stdout);
}
