//! The plan of queries against a vocabulary given by hand.

use super::*;
use crate::analysis::Dictionaries;
use crate::query::parse;
use crate::query::words::Vocabulary;

fn plan(q: &str, vocab: &[&str]) -> Plan {
    let v = |w: &str| u64::from(vocab.contains(&w));
    let vocabulary = Vocabulary {
        words: &v,
        folded: &v,
        bigrams: &v,
    };
    Plan::build(&parse(q), vocabulary, Dictionaries::default_ref()).unwrap()
}

#[test]
fn syllables_pair_as_the_index_pairs_them() {
    let df = |w: &str| match w {
        "lap" | "chu" => 500,
        "mat" => 120,
        "khau" => 100,
        "mat khau" => 90,
        "lap mat" => 8,
        "khau chu" => 5,
        _ => 0,
    };
    let vocabulary = Vocabulary {
        words: &df,
        folded: &df,
        bigrams: &df,
    };
    let p = Plan::build(
        &parse("Lập mật khẩu chủ"),
        vocabulary,
        Dictionaries::default_ref(),
    )
    .unwrap();
    // The fewest pieces the index holds: a phrase typed is matched as a phrase.
    assert_eq!(labels(&p.units), ["Lập mật", "khẩu chủ"]);
    let p = Plan::build(
        &parse("Lập mật khẩu"),
        vocabulary,
        Dictionaries::default_ref(),
    )
    .unwrap();
    assert_eq!(
        labels(&p.units),
        ["Lập", "mật khẩu"],
        "the more frequent pair"
    );
    // Punctuation between syllables parts them, as in documents: a keyword list;
    // so does an exclusion or a filter typed between them.
    for q in [
        "mật; khẩu",
        "mật;khẩu",
        "mật ;khẩu",
        "mật/khẩu",
        "mật, khẩu",
        "mật -x khẩu",
        "mật source:y khẩu",
    ] {
        let p = Plan::build(&parse(q), vocabulary, Dictionaries::default_ref()).unwrap();
        assert_eq!(labels(&p.units), ["mật", "khẩu"], "{q}");
    }
    let p = Plan::build(
        &parse("lập mật  khẩu"),
        vocabulary,
        Dictionaries::default_ref(),
    )
    .unwrap();
    assert_eq!(labels(&p.units), ["lập", "mật khẩu"], "white space only");
}

#[test]
fn a_syllable_left_alone_weighs_nothing_in_the_pair_cut() {
    // The syllable left alone weighs nothing: `khoảng` (about) makes `khoang` far more
    // frequent than `khoáng`, and weighing it cut `khoang` + `san xanh`.
    let df = |w: &str| match w {
        "khoang" => 900,
        "san" | "xanh" => 300,
        "khoang san" => 40,
        "san xanh" => 30,
        _ => 0,
    };
    assert_eq!(cut_with("khoang san xanh", &df), ["khoang san", "xanh"]);
    assert_eq!(cut_with("khoáng sản xanh", &df), ["khoáng sản", "xanh"]);
    // As frequent (a word of three syllables the index holds only whole), the later
    // pair: `hệ` + `điều hành`.
    let df = |w: &str| match w {
        "he" | "dieu" | "hanh" => 300,
        "he dieu" | "dieu hanh" => 20,
        _ => 0,
    };
    assert_eq!(cut_with("hệ điều hành", &df), ["hệ", "điều hành"]);
}

/// The labels of the units of `q` against the document frequencies `df` gives.
fn cut_with(q: &str, df: &dyn Fn(&str) -> u64) -> Vec<String> {
    let vocabulary = Vocabulary {
        words: df,
        folded: df,
        bigrams: df,
    };
    let p = Plan::build(&parse(q), vocabulary, Dictionaries::default_ref()).unwrap();
    labels(&p.units).into_iter().map(String::from).collect()
}

fn labels(units: &[Unit]) -> Vec<&str> {
    units.iter().map(|u| u.label.as_str()).collect()
}

#[test]
fn content_words_are_units_and_function_words_optional() {
    let p = plan("中国与中亚的峰会", &["中国", "中亚", "峰会"]);
    assert_eq!(labels(&p.units), ["中国", "中亚", "峰会"]);
    let optional: Vec<&str> = p.optional.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(optional, ["与", "的"]);
}

#[test]
fn english_lookalikes_next_to_vietnamese_are_syllables() {
    // `an`, `in`, `so` are English function words and Vietnamese syllables: next to a
    // marked word or a Vietnamese function word they are content words.
    let p = plan("công an", &["cong an"]);
    assert_eq!(labels(&p.units), ["công an"]);
    let p = plan("xem trước khi in", &[]);
    assert_eq!(labels(&p.units), ["xem", "trước", "in"]);
    assert_eq!(labels_of(&p.optional), ["khi"]);
    let p = plan("so sánh", &[]);
    assert_eq!(labels(&p.units), ["so", "sánh"]);
    // In an English passage, or parted by punctuation, they stay English.
    let p = plan("The Foundation Documents (những tài liệu)", &[]);
    assert_eq!(labels_of(&p.optional), ["The", "những"]);
    let p = plan("in, máy", &[]);
    assert_eq!(labels(&p.units), ["máy"]);
    // Only the lookalikes Vietnamese types (not `the`), and only next to a syllable.
    let p = plan("review the Đà Lạt", &[]);
    assert_eq!(labels_of(&p.optional), ["the"]);
    let p = plan("made in Zürich", &[]);
    assert_eq!(labels_of(&p.optional), ["in"]);
    // Typed without any mark, they are syllables where the index holds their pair.
    let p = plan("cong an", &["cong an"]);
    assert_eq!(labels(&p.units), ["cong an"]);
    // Next to a syllable spelled as only Vietnamese spells one, too.
    let p = plan("an ninh", &["an ninh"]);
    assert_eq!(labels(&p.units), ["an ninh"]);
    let p = plan("an ninh", &[]);
    assert_eq!(labels(&p.units), ["an", "ninh"]);
    let p = plan("to be", &[]);
    assert_eq!(
        labels(&p.units),
        ["to", "be"],
        "a query of function words requires them"
    );
    let p = plan("to be quokka", &[]);
    assert_eq!(labels(&p.units), ["quokka"]);
}

#[test]
fn a_query_of_function_words_requires_them() {
    let p = plan("của các", &[]);
    assert_eq!(labels(&p.units), ["của", "các"]);
    assert!(p.optional.is_empty());
}

#[test]
fn phrases_and_titles_are_required_or_groups_one_unit() {
    let p = plan(
        "\"Tập Cận Bình\" title:峰會 峰会 OR 会晤 xanh xanh",
        &["峰会", "会晤"],
    );
    assert_eq!(labels(&p.required), ["\"Tập Cận Bình\"", "title:峰會"]);
    assert_eq!(labels(&p.units), ["峰会 OR 会晤", "xanh"]);
    assert_eq!(p.units[0].alts.len(), 2);
    assert!(p.required[0].alts[0].phrase);
}

#[test]
fn exclusions_and_highlights() {
    let p = plan("khoáng sản -đầu", &[]);
    assert_eq!(labels(&p.excluded), ["đầu"]);
    assert!(p.highlight.folded.contains("khoang"));
    assert!(!p.highlight.folded.contains("dau"));
    // No document holds `đầu` here, yet only that form is excluded, not `dau`.
    assert!(p.excluded[0].alts[0].words[0].exact_only);
    assert!(!plan("khoáng -dau", &[]).excluded[0].alts[0].words[0].exact_only);
    // A word typed with diacritics that the index holds highlights only as typed.
    let p = plan("khoáng", &["khoáng"]);
    assert!(p.highlight.exact.contains("khoáng"));
    assert!(p.highlight.folded.is_empty());
}

#[test]
fn kana_in_one_clause_make_the_kanji_words_of_the_others_japanese() {
    // lindera cuts 最下層 as the prefix 最 (a function word) and 下層.
    let p = plan("最下層 レイヤー", &["下層", "レイヤー"]);
    assert_eq!(labels(&p.units), ["下層", "レイヤー"]);
    assert_eq!(labels_of(&p.optional), ["最"]);
    // Without kana the same words are Chinese, cut by the index's vocabulary.
    let p = plan("最下層 图层", &["最下层", "图层"]);
    assert_eq!(labels(&p.units), ["最下層", "图层"]);
    assert!(p.optional.is_empty());
}

#[test]
fn a_filter_on_a_field_no_document_has_is_said_as_far_as_it_is_true() {
    let p = plan("source:vov OR x:1 OR y:\"a b\" z:2 OR z:3 -w:4 OR", &[]);
    let known = |f: &str| f == "source";
    assert_eq!(
        p.warnings(known),
        [
            "`OR` at the end of the query joins nothing: it was ignored",
            "no document has the field `x`: of `source:vov OR x:1 OR y:\"a b\"`, only `source:vov` can match",
            "no document has the field `y`: of `source:vov OR x:1 OR y:\"a b\"`, only `source:vov` can match",
            "no document has the field `z`",
            "no document has the field `w`",
        ]
    );
    assert!(p.warnings(|_| true).len() == 1);
}

#[test]
fn inflection_stems() {
    for (base, stem) in [
        ("降る", Some("降")),
        ("上がる", Some("上が")),
        ("呼びかける", Some("呼びかけ")),
        ("美しい", Some("美し")),
        ("空港", None),
        ("ゲーム", None),
        ("いる", None),
        ("", None),
    ] {
        assert_eq!(inflection_stem(base).as_deref(), stem, "{base}");
    }
}

fn labels_of(words: &[QueryWord]) -> Vec<&str> {
    words.iter().map(|w| w.text.as_str()).collect()
}

#[test]
fn a_word_typed_again_is_one_unit_that_remembers_where() {
    let p = plan("選択 楕円選択", &["選択", "楕円"]);
    let labels: Vec<&str> = p.units.iter().map(|u| u.label.as_str()).collect();
    assert_eq!(labels, ["選択", "楕円"]);
    assert_eq!(p.units[0].repeats, [2]);
    assert!(p.units[1].repeats.is_empty());
}

#[test]
fn an_excluded_word_no_document_holds_stays_whole() {
    // Cut into 線 and 引き it would leave out every page holding both apart.
    let vocab = ["線", "引き", "直線"];
    let p = plan("直線 -線引き", &vocab);
    assert_eq!(labels_of(&p.excluded[0].alts[0].words), ["線引き"]);
    let p = plan("線引き", &vocab);
    let labels: Vec<&str> = p.units.iter().map(|u| u.label.as_str()).collect();
    assert_eq!(labels, ["線", "引き"]);
}

#[test]
fn function_words_typed_without_diacritics_pair_as_the_index_pairs_them() {
    let vocab = [
        "to", "chuc", "the", "gioi", "tool", "cho", "tre", "em", "thuoc", "to chuc", "the gioi",
        "cho tre", "tre em",
    ];
    // `to` and `the` are English function words; here they are `tổ` and `thế`.
    let p = plan("to chuc the gioi", &vocab);
    assert_eq!(labels(&p.units), ["to chuc", "the gioi"]);
    assert!(p.optional.is_empty(), "{:?}", p.optional);
    // No pair the index holds: a function word stays one.
    let p = plan("the tool", &vocab);
    assert_eq!(labels(&p.units), ["tool"]);
    assert_eq!(p.optional.len(), 1);
    // Typed with diacritics, the query says which word it means: `cho` is `cho`.
    let p = plan("thuốc cho trẻ em", &vocab);
    assert_eq!(labels(&p.units), ["thuốc", "trẻ em"]);
    assert_eq!(p.optional.len(), 1);
}

#[test]
fn a_kanji_alone_after_a_latin_word_is_its_suffix() {
    let vocab = ["gnome", "用", "フォント", "フィルター", "変形", "風"];
    // `GNOME 用` is `GNOME用`: for GNOME; 用 is optional.
    let p = plan("GNOME 用 フォント", &vocab);
    assert_eq!(labels(&p.units), ["GNOME", "フォント"]);
    assert_eq!(labels_of(&p.optional), ["用"]);
    // Between two Japanese words a space parts keywords: 風 is a word (the filter).
    let p = plan("フィルター 変形 風", &vocab);
    assert_eq!(labels(&p.units), ["フィルター", "変形", "風"]);
    // So it is after punctuation, in an OR group, and without kana (Chinese).
    assert_eq!(
        labels(&plan("GNOME; 用 フォント", &vocab).units),
        ["GNOME", "用", "フォント"]
    );
    assert_eq!(
        labels(&plan("GNOME 用 OR 版 フォント", &vocab).units),
        ["GNOME", "用 OR 版", "フォント"]
    );
    assert_eq!(labels(&plan("GNOME 用", &vocab).units), ["GNOME", "用"]);
    // A kanji only Japanese writes makes a query without kana Japanese (拡, not 扩 or
    // 擴): `用` is the suffix again.
    let vocab = ["ipv6", "用", "perl", "拡張", "扩展", "擴展"];
    let p = plan("IPv6 用 Perl 拡張", &vocab);
    assert_eq!(labels(&p.units), ["IPv6", "Perl", "拡張"]);
    assert_eq!(labels_of(&p.optional), ["用"]);
    for chinese in ["IPv6 用 Perl 扩展", "IPv6 用 Perl 擴展"] {
        assert_eq!(
            labels(&plan(chinese, &vocab).units),
            ["IPv6", "用", "Perl", chinese.rsplit(' ').next().unwrap()]
        );
    }
    // A kanji IPADIC rates likelier as a noun stays a word (炎, flame; 版, edition).
    assert_eq!(
        labels(&plan("GIMP 炎 フィルター", &vocab).units),
        ["GIMP", "炎", "フィルター"]
    );
    assert_eq!(
        labels(&plan("GTK 版 フィルター", &vocab).units),
        ["GTK", "版", "フィルター"]
    );
}

#[test]
fn a_function_word_beside_one_content_word_counts_in_proximity() {
    let bonds = |q: &str| {
        let p = plan(q, &["tu", "do", "theo", "doi", "vi tri", "anh", "cua"]);
        p.bonds()
            .iter()
            .map(|b| {
                let w = &p.optional[b.optional];
                (w.text.clone(), p.units[b.unit].label.clone(), b.before)
            })
            .collect::<Vec<_>>()
    };
    let bond = |w: &str, u: &str, before| (w.to_string(), u.to_string(), before);
    assert_eq!(bonds("tự do"), [bond("do", "tự", false)]);
    assert_eq!(bonds("theo dõi"), [bond("theo", "dõi", true)]);
    // Between two content words: they pair already.
    assert_eq!(bonds("vị trí của ảnh"), []);
    // Two function words side by side: the one beside the content word.
    assert_eq!(bonds("ảnh của một"), [bond("của", "ảnh", false)]);
    // Punctuation between them, or an OR group, makes no bond.
    assert_eq!(bonds("tự; do"), []);
    assert_eq!(bonds("do ảnh OR tự"), []);
    // Every place a content word is typed counts: here `theo` is between two.
    assert_eq!(bonds("tự ảnh theo tự"), []);
    // English function words too; CJK ones never (a particle says nothing of a word).
    assert_eq!(bonds("the manual"), [bond("the", "manual", true)]);
    assert_eq!(bonds("空港を"), []);
}

#[test]
fn a_japanese_query_without_the_dictionary_says_so() {
    let none = Dictionaries::with_ipadic(Vec::<std::path::PathBuf>::new());
    let v = |_: &str| 0;
    let vocabulary = Vocabulary {
        words: &v,
        folded: &v,
        bigrams: &v,
    };
    let warned = |q: &str| {
        Plan::build(&parse(q), vocabulary, &none)
            .unwrap()
            .warnings(|_| true)
            .iter()
            .any(|w| w.starts_with("no Japanese dictionary found"))
    };
    assert!(warned("空港を改装する"));
    assert!(warned("ファイル"));
    // Chinese and Vietnamese need no Japanese dictionary.
    assert!(!warned("绿色矿产"));
    assert!(!warned("khoáng sản"));
}
