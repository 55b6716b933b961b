//! The words of a query clause, each with every term of the index that can match it.
//!
//! A query is too short to detect its language, so its text is read the way documents
//! of any language would be, per script run:
//! - a non-CJK run gives one word per word of [`crate::analysis::latin`]: exact form and folded
//!   form (diacritics off);
//! - a CJK run that holds kana is Japanese: lindera's words, each with its base form and
//!   part of speech; so is a Han-only run of a query that holds kana elsewhere
//!   (`最下層 レイヤー`: a space or a Latin word set it apart);
//! - another Han-only run is cut into the fewest pieces that are words of the index
//!   ([`super::cut`]), reading each piece in simplified characters (Chinese
//!   documents) and as written (Japanese documents). The index's words came from jieba and
//!   lindera, so the cut agrees with the documents' without loading jieba for a query;
//! - every CJK word also matches through its bigrams, so a word inside a longer word of a
//!   document (`简单` in `安装简单`) or a run no dictionary knows is still found.
//!
//! Function words are flagged: [`latin::is_function_word`], [`chinese::is_function_word`],
//! [`crate::analysis::japanese::is_function_word`].

use super::cut::{segment_by_vocabulary, split_absent, split_unknown, word_df};
use crate::analysis::normalize::{self, diacritics, traditional};
use crate::analysis::{chinese, latin, script, Dictionaries};

/// What the index knows of words: document frequencies (0: not in the index).
#[derive(Clone, Copy)]
pub struct Vocabulary<'a> {
    /// Of a term of the words fields.
    pub words: &'a dyn Fn(&str) -> u64,
    /// Of a term of the folded fields.
    pub folded: &'a dyn Fn(&str) -> u64,
    /// Of a term of the bigrams fields: two CJK characters in simplified form, or a
    /// pair of syllables (folded, joined by a space), which Vietnamese documents index
    /// there.
    pub bigrams: &'a dyn Fn(&str) -> u64,
}

/// How a word matches through the CJK bigrams field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grams {
    /// Not a CJK word.
    None,
    /// Every bigram of the word must be in the document.
    All(Vec<String>),
    /// One character: any bigram that starts with it.
    Prefix(char),
}

/// One word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// The word as typed.
    pub text: String,
    /// Position in the query (words of one query share one counter).
    pub position: u32,
    /// True for a function word: it adds score but never excludes a document.
    pub function: bool,
    /// Terms of the words fields that match it exactly.
    pub exact: Vec<String>,
    /// Terms of the folded fields: the folded form of a Latin word, the base form of a
    /// Japanese word (documents index the base form of inflected words there).
    pub folded: Vec<String>,
    /// Terms of the words fields that match its base form (`され` matches `する`).
    pub base: Vec<String>,
    /// Matching through bigrams.
    pub grams: Grams,
    /// For a kanji that stands alone in a Japanese query: the bigrams it forms with its
    /// neighbours (`再` in `再インストール`: `再イ`; set by `add_junctions`). They do not
    /// decide whether a document holds the word (any bigram that starts with it does),
    /// but they score it when it is no term of the index (an affix is not): a document
    /// that holds `再インストール` ranks above one that holds only `インストール`.
    pub junctions: Vec<String>,
    /// True when only the exact form counts as holding the word: a word typed with
    /// diacritics that the index holds in that form (`bạn` is not `bán`); a word typed
    /// without them, or with diacritics no document has (a typo), matches folded.
    pub exact_only: bool,
    /// True when something other than white space stands between this word and the
    /// word before it: punctuation (`mật; khẩu`, as keyword lists are typed) or a CJK
    /// run (for the first word of a clause: before it in the clause; the plan adds what
    /// ends the clause before). Latin words that are apart never pair into one
    /// Vietnamese word, as documents pair only syllables with white space between them.
    pub apart: bool,
}

impl QueryWord {
    /// True for a word of CJK characters.
    pub fn is_cjk(&self) -> bool {
        self.grams != Grams::None
    }
}

/// True when `text` holds kana (after normalisation: half-width kana count): a query
/// that does is Japanese, kanji-only words included (see [`query_words`]).
pub fn holds_kana(text: &str) -> bool {
    script::runs(&normalize::normalize(text).text)
        .iter()
        .any(|r| r.has_kana)
}

/// The words of `text`, a query clause, with positions starting at `*position` (which
/// is advanced past them). `japanese`: the query holds kana in some clause
/// ([`holds_kana`]), so the kanji-only runs of this one are Japanese too. `cut_absent`:
/// a Japanese word no document holds is cut into the index's words (`split_absent`);
/// not in an exclusion, where the pieces would leave out pages that hold them apart.
pub fn query_words(
    text: &str,
    vocabulary: Vocabulary<'_>,
    dicts: &Dictionaries,
    japanese: bool,
    cut_absent: bool,
    position: &mut u32,
) -> Vec<QueryWord> {
    let norm = normalize::normalize(text);
    let ntext: &str = &norm.text;
    let original = |from: usize, to: usize| {
        let (a, b) = norm.map.range(from, to);
        text[a..b].to_string()
    };
    let mut out = Vec::new();
    let runs = script::runs(ntext);
    // Kana anywhere in the query make it Japanese: a kanji run set apart by a space or
    // a Latin word (`最下層 レイヤー`) is then cut by lindera too, not read as Chinese.
    let japanese_clause = japanese || runs.iter().any(|r| r.has_kana);
    // Where the last Latin word ended in `ntext` (the clause's start before the first;
    // None after a CJK run).
    let mut last_end: Option<usize> = Some(0);
    for run in runs {
        let rtext = &ntext[run.start..run.end];
        if !run.cjk {
            latin::word_ranges(rtext, |from, to| {
                let w = &rtext[from..to];
                if w.len() > latin::MAX_WORD_BYTES {
                    return;
                }
                let exact = latin::exact_form(w);
                let mut folded = String::new();
                diacritics::push_folded(&exact, &mut folded);
                if exact.is_empty() || folded.is_empty() {
                    return;
                }
                let exact_only = exact != folded && (vocabulary.words)(&exact) > 0;
                let apart = last_end.is_none_or(|end| {
                    !ntext[end..run.start + from]
                        .chars()
                        .all(char::is_whitespace)
                });
                // Clause punctuation after a word of the clause leaves a gap in
                // positions, as documents leave one (`"bán; hàng"` is what it says).
                if last_end.is_some_and(|end| {
                    end > 0 && latin::breaks_phrase(&ntext[end..run.start + from])
                }) {
                    *position += 1;
                }
                last_end = Some(run.start + to);
                out.push(QueryWord {
                    text: original(run.start + from, run.start + to),
                    position: *position,
                    function: latin::is_function_word(&exact),
                    exact: vec![exact],
                    folded: vec![folded],
                    base: Vec::new(),
                    grams: Grams::None,
                    junctions: Vec::new(),
                    exact_only,
                    apart,
                });
                *position += 1;
            });
            continue;
        }
        last_end = None;
        // The run's Japanese segmenter (the `japanese` argument is about the query).
        let segmenter = if run.has_kana || japanese_clause {
            dicts.japanese()
        } else {
            None
        };
        let run_first = out.len();
        match segmenter {
            Some(seg) => {
                let mut words = Vec::new();
                let mut piece_words = Vec::new();
                seg.words(rtext, &mut words);
                for w in &words {
                    let whole = vec![(w.start, w.end)];
                    let pieces = if w.function {
                        whole
                    } else if w.unknown {
                        split_unknown(rtext, w.start, w.end, vocabulary)
                    } else if !cut_absent {
                        whole
                    } else {
                        // Kept only when IPADIC reads no piece alone as a function word:
                        // `べき乗` is no `べき` + `乗`, `のりしろ` no `のり` + `しろ` (する).
                        let pieces = split_absent(rtext, w.start, w.end, w.base, vocabulary);
                        let content = |&(a, b): &(usize, usize)| {
                            seg.words(&rtext[a..b], &mut piece_words);
                            piece_words.iter().all(|p| !p.function)
                        };
                        match pieces.len() > 1 && pieces.iter().all(content) {
                            true => pieces,
                            false => whole,
                        }
                    };
                    let split = pieces.len() > 1;
                    for (a, b) in pieces {
                        let surface = &rtext[a..b];
                        let mut word = cjk_word(surface, original(run.start + a, run.start + b));
                        word.position = *position;
                        word.function = w.function;
                        // A piece of a word cut apart has the base form IPADIC gives it
                        // alone (`引き`: `引く`).
                        let w_base = if split {
                            seg.words(surface, &mut piece_words);
                            match piece_words.as_slice() {
                                [only] => only.base,
                                _ => None,
                            }
                        } else {
                            w.base
                        };
                        let base = w_base.unwrap_or(surface);
                        word.folded = vec![base.to_string()];
                        if let Some(b) = w_base {
                            word.base = vec![b.to_string()];
                        }
                        out.push(word);
                        *position += 1;
                    }
                }
            }
            None if run.has_kana => {
                // No Japanese dictionary: the run is one word, found through bigrams.
                let mut word = cjk_word(rtext, original(run.start, run.end));
                word.position = *position;
                out.push(word);
                *position += 1;
            }
            None => {
                // Simplified and written forms, char by char (the map is 1:1 in chars,
                // not always in bytes): `at[k]` = (simplified byte, written byte) of char k.
                let mut simplified = String::with_capacity(rtext.len());
                let mut at: Vec<(usize, usize)> = Vec::with_capacity(rtext.len() / 3 + 1);
                for (i, c) in rtext.char_indices() {
                    at.push((simplified.len(), i));
                    simplified.push(traditional::to_simplified(c));
                }
                at.push((simplified.len(), rtext.len()));
                let written_at = |s: usize| at[at.partition_point(|p| p.0 < s)].1;
                let known = |piece: &str| -> u64 {
                    let from = piece.as_ptr() as usize - simplified.as_ptr() as usize;
                    let written = &rtext[written_at(from)..written_at(from + piece.len())];
                    word_df(vocabulary, piece, written)
                };
                let mut pieces = Vec::new();
                segment_by_vocabulary(&simplified, &known, &mut pieces);
                let pieces = join_unknown_chars(&simplified, pieces, &known, vocabulary);
                for (a, b) in pieces {
                    let (wa, wb) = (written_at(a), written_at(b));
                    let mut word =
                        cjk_word(&rtext[wa..wb], original(run.start + wa, run.start + wb));
                    word.position = *position;
                    word.function = chinese::is_function_word(&simplified[a..b]);
                    out.push(word);
                    *position += 1;
                }
            }
        }
        if segmenter.is_some() {
            add_junctions(&mut out[run_first..]);
        }
    }
    out
}

/// Joins the single characters of a Han run's cut that are no word of the index (and
/// no function word) into one piece where the index holds their bigrams: `序言`, which
/// no document holds as a word, is then found where the two characters stand side by
/// side (inside a longer word), not wherever `序` and `言` start some bigram apart.
fn join_unknown_chars(
    simplified: &str,
    pieces: Vec<(usize, usize)>,
    known: &dyn Fn(&str) -> u64,
    vocabulary: Vocabulary<'_>,
) -> Vec<(usize, usize)> {
    let lone = |&(a, b): &(usize, usize)| {
        let piece = &simplified[a..b];
        piece.chars().nth(1).is_none() && known(piece) == 0 && !chinese::is_function_word(piece)
    };
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(pieces.len());
    // Whether the last piece of `out` is a lone char or lone chars joined.
    let mut last_lone = false;
    for p in pieces {
        let is_lone = lone(&p);
        if let Some(last) = out.last_mut() {
            if is_lone && last_lone && last.1 == p.0 {
                let prev = simplified[..p.0].chars().next_back();
                let pair: String = prev
                    .into_iter()
                    .chain(simplified[p.0..p.1].chars())
                    .collect();
                if (vocabulary.bigrams)(&pair) > 0 {
                    last.1 = p.1;
                    continue;
                }
            }
        }
        out.push(p);
        last_lone = is_lone;
    }
    out
}

/// A CJK word: exact in simplified characters and as written, bigrams over simplified
/// characters.
fn cjk_word(written: &str, text: String) -> QueryWord {
    let simplified: String = written.chars().map(traditional::to_simplified).collect();
    let chars: Vec<char> = simplified.chars().collect();
    let grams = match chars.as_slice() {
        [] => Grams::None,
        [c] => Grams::Prefix(*c),
        _ => Grams::All(
            chars
                .windows(2)
                .map(|p| p.iter().collect::<String>())
                .collect(),
        ),
    };
    let mut exact = vec![simplified.clone()];
    if written != simplified {
        exact.push(written.to_string());
    }
    QueryWord {
        text,
        position: 0,
        function: false,
        exact,
        folded: Vec::new(),
        base: Vec::new(),
        grams,
        junctions: Vec::new(),
        exact_only: false,
        apart: true,
    }
}

/// Sets the [`QueryWord::junctions`] of the one-kanji words of `run`, the words of one
/// Japanese run in order (each starts where the previous one ends). A kanji that the
/// cut leaves alone in Japanese is mostly an affix bound to its neighbour (`再` in
/// `再インストール`, `的` in `対話的`, `間` in `プロセス間`), so a document holding the
/// pair is the better match. Kana left alone are particles (`の`, `を`), which pair with
/// anything, and Chinese one-character words are function words too (`的`, `和`): on
/// the judged sets (`scripts/relevance.sh`) their junctions lowered zh MRR@10 by
/// 0.2–0.5 and did not help ja, while the kanji's raised ja R@10 81.1 → 81.3.
fn add_junctions(run: &mut [QueryWord]) {
    let last = |w: &QueryWord| w.exact[0].chars().next_back();
    let first = |w: &QueryWord| w.exact[0].chars().next();
    for i in 0..run.len() {
        let Grams::Prefix(c) = run[i].grams else {
            continue;
        };
        if !script::is_han(c) {
            continue;
        }
        let mut junctions = Vec::new();
        if let Some(p) = i.checked_sub(1).and_then(|p| last(&run[p])) {
            junctions.push([p, c].iter().collect());
        }
        if let Some(n) = run.get(i + 1).and_then(first) {
            junctions.push([c, n].iter().collect());
        }
        run[i].junctions = junctions;
    }
}

#[cfg(test)]
mod tests {
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
            holds_kana(text),
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
        let w = words("ヤッツィーサイコロゲーム", &["サイコロ", "ゲーム"]);
        assert_eq!(texts(&w), ["ヤッツィー", "サイコロ", "ゲーム"]);
        assert_eq!(w.iter().map(|w| w.position).collect::<Vec<_>>(), [0, 1, 2]);
        // A document holds the whole word: it stays whole.
        let w = words(
            "ヤッツィーサイコロゲーム",
            &["ヤッツィーサイコロゲーム", "サイコロ"],
        );
        assert_eq!(texts(&w), ["ヤッツィーサイコロゲーム"]);
        // A piece of two characters would be a fragment: whole.
        let w = words("ランタイム", &["タイム", "ラン"]);
        assert_eq!(texts(&w), ["ランタイム"]);
        // No word of the index inside: whole.
        let w = words("ヤッツィーサイコロゲーム", &[]);
        assert_eq!(texts(&w), ["ヤッツィーサイコロゲーム"]);
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
}
