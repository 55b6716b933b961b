//! Cutting a CJK run of a query into words of the index: the fewest pieces that are
//! terms of the words fields ([`cut`]), for Han runs ([`segment_by_vocabulary`]), for
//! words of a Japanese query that IPADIC does not know (`split_unknown`), and for words
//! it knows that no document can match (`split_absent`); and lone Han characters of a
//! cut joined where the index holds their bigram (`join_unknown_chars`).
//!
//! The index's words came from jieba and lindera at indexing time, so a cut by the
//! index's vocabulary agrees with the documents' without loading jieba for a query.

use super::words::Vocabulary;
use crate::analysis::normalize::traditional;
use crate::analysis::{chinese, script};

/// Longest word, in chars, looked up when cutting a Han run.
pub(super) const MAX_QUERY_WORD_CHARS: usize = 8;

/// Cuts a run of `n` items into the fewest pieces of at most `max` items that are words
/// of the index, a single item always qualifying; among cuts with as few pieces, the one
/// whose words are most frequent (sum of the logarithms of their document frequencies).
/// `known(i, j)` gives the document frequency of items `i..j` as one word, 0 when it is
/// none.
pub fn cut(n: usize, max: usize, known: &dyn Fn(usize, usize) -> u64) -> Vec<(usize, usize)> {
    // best[j] = (pieces, -weight, start of the last piece) for the first j items.
    let mut best: Vec<Option<(usize, f64, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0.0, 0));
    for i in 0..n {
        let Some((pieces, weight, _)) = best[i] else {
            continue;
        };
        let end = n.min(i + max);
        for (j, slot) in best.iter_mut().enumerate().take(end + 1).skip(i + 1) {
            let df = known(i, j);
            if j > i + 1 && df == 0 {
                continue;
            }
            let cand = (pieces + 1, weight - (df as f64 + 1.0).ln(), i);
            if slot.is_none_or(|(p, w, _)| (cand.0, cand.1) < (p, w)) {
                *slot = Some(cand);
            }
        }
    }
    let mut out = Vec::new();
    let mut j = n;
    while j > 0 {
        let i = best[j].map_or(j - 1, |b| b.2);
        out.push((i, j));
        j = i;
    }
    out.reverse();
    out
}

/// Cuts a Han run into the fewest pieces that are words of the index (see [`cut`]),
/// pieces of at most eight chars. `known(piece)` gives a piece's document frequency, 0
/// when it is no word of the index.
///
/// A Chinese particle ([`chinese::PARTICLES`]: `的`, `了`, `吗`, …) weighs as the most
/// frequent word there is. The index leaves one-char function words to the bigrams, so
/// as a word a particle has no frequency; read as 0, a cut glued it to its neighbour
/// wherever that made a word, `项目的` as `项` + `目的`, `删除了` as `删` + `除了`, and
/// then missed `项目` and `删除`. Other one-char function words keep their 0: they also
/// begin and end common words, and at the maximum `下方向` was cut `下方` + `向` and
/// `还原点` `还` + `原点`. Kanji-only Japanese queries take this cut too.
pub fn segment_by_vocabulary(
    text: &str,
    known: &dyn Fn(&str) -> u64,
    out: &mut Vec<(usize, usize)>,
) {
    let mut bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    bounds.push(text.len());
    let pieces = cut(bounds.len() - 1, MAX_QUERY_WORD_CHARS, &|i, j| {
        let piece = &text[bounds[i]..bounds[j]];
        if j == i + 1 && chinese::is_particle(piece) {
            u64::from(u32::MAX)
        } else {
            known(piece)
        }
    });
    out.extend(pieces.into_iter().map(|(i, j)| (bounds[i], bounds[j])));
}

/// Joins the single characters of a Han run's cut that are no word of the index (and
/// no function word) into one piece where the index holds their bigrams: `序言`, which
/// no document holds as a word, is then found where the two characters stand side by
/// side (inside a longer word), not wherever `序` and `言` start some bigram apart.
pub(super) fn join_unknown_chars(
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

/// The document frequency of a CJK word of the words fields, read in simplified
/// characters (Chinese documents) or as written (Japanese documents).
pub(super) fn word_df(vocabulary: Vocabulary<'_>, simplified: &str, written: &str) -> u64 {
    let df = (vocabulary.words)(simplified);
    if written == simplified {
        df
    } else {
        df.max((vocabulary.words)(written))
    }
}

/// [`word_df`] of a piece of a Japanese query as written, read in simplified
/// characters too.
fn written_df(vocabulary: Vocabulary<'_>, written: &str) -> u64 {
    let simplified: String = written.chars().map(traditional::to_simplified).collect();
    word_df(vocabulary, &simplified, written)
}

/// Shortest word, in chars, that [`split_unknown`] cuts.
const MIN_SPLIT_CHARS: usize = 4;
/// Shortest piece, in chars, that [`split_unknown`] cuts out, a word of the index or
/// what is left between them: two katakana are mostly a fragment of another word
/// (`ランタイム`, which IPADIC does not know, is not `ラン` + `タイム`).
const MIN_PIECE_CHARS: usize = 3;

/// The pieces of a word of a Japanese query that IPADIC does not know, `text[start..end]`.
/// lindera groups unknown characters by class, so such a word is mostly a run of
/// katakana, kept whole where no word IPADIC knows ends it (`ゾルゲヤッツィーグルーヴ`;
/// see [`crate::analysis::japanese::JapaneseSegmenter::words`]). When no document holds
/// it either, it is cut like a Han run ([`cut`]) into the words of the index it holds
/// (`ヤッツィー`, `グルーヴ`), the rest between them staying one piece (`ゾルゲ`, found
/// through bigrams), every piece of three characters or more. Otherwise the word stays
/// whole; so does a word whose fewest-pieces cut leaves a shorter piece, even where
/// another cut would not (the cut prefers the longest words of the index).
pub(super) fn split_unknown(
    text: &str,
    start: usize,
    end: usize,
    vocabulary: Vocabulary<'_>,
) -> Vec<(usize, usize)> {
    let word = &text[start..end];
    let df = |s: &str| written_df(vocabulary, s);
    let mut bounds: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
    if bounds.len() < MIN_SPLIT_CHARS || df(word) > 0 {
        return vec![(start, end)];
    }
    bounds.push(word.len());
    let known = |i: usize, j: usize| {
        if j - i < MIN_PIECE_CHARS {
            0
        } else {
            df(&word[bounds[i]..bounds[j]])
        }
    };
    // (start, end, a word of the index), unknown neighbours merged.
    let mut pieces: Vec<(usize, usize, bool)> = Vec::new();
    for (i, j) in cut(bounds.len() - 1, MAX_QUERY_WORD_CHARS, &known) {
        let is_word = known(i, j) > 0;
        match pieces.last_mut() {
            Some(last) if !last.2 && !is_word => last.1 = bounds[j],
            _ => pieces.push((bounds[i], bounds[j], is_word)),
        }
    }
    let chars = |p: &(usize, usize, bool)| word[p.0..p.1].chars().count();
    if !pieces.iter().any(|p| p.2) || pieces.iter().any(|p| chars(p) < MIN_PIECE_CHARS) {
        return vec![(start, end)];
    }
    pieces
        .into_iter()
        .map(|(a, b, _)| (start + a, start + b))
        .collect()
}

/// The pieces of a content word of a Japanese query that IPADIC knows but that no
/// document holds, `text[start..end]`: not as a word, not in its base form `base`, and
/// some bigram of it is in no document either, so nothing can match it (`線引き`, where
/// the pages say `直線を引く`). It is cut like a Han run ([`cut`]) into the words of the
/// index it holds (`線`, `引き`); characters that are no word of the index stay together
/// as one piece, found through bigrams, and a kana left alone joins the piece before it,
/// or after it at the start (`取り` + `扱` + `い`: `取り`, `扱い`). The word stays whole
/// when something can match it, when it is written in hiragana only (its pieces would
/// be fragments: `あおむけ` is no `あお` + `むけ`), or when no piece of two characters or
/// more holding a kanji or a katakana is a word of the index. The caller checks what
/// IPADIC makes of each piece alone (see [`super::words`]).
pub(super) fn split_absent(
    text: &str,
    start: usize,
    end: usize,
    base: Option<&str>,
    vocabulary: Vocabulary<'_>,
) -> Vec<(usize, usize)> {
    let word = &text[start..end];
    let whole = vec![(start, end)];
    let simplified: Vec<char> = word.chars().map(traditional::to_simplified).collect();
    let hiragana = |c: char| matches!(c, '\u{3041}'..='\u{309F}');
    let df = |s: &str| written_df(vocabulary, s);
    if simplified.len() < 2
        || df(word) > 0
        || (vocabulary.folded)(base.unwrap_or(word)) > 0
        || simplified
            .windows(2)
            .all(|p| (vocabulary.bigrams)(&p.iter().collect::<String>()) > 0)
    {
        return whole;
    }
    let mut bounds: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
    bounds.push(word.len());
    let known = |i: usize, j: usize| df(&word[bounds[i]..bounds[j]]);
    // (start, end, a word of the index): a piece of two chars or more the index holds,
    // or a kanji it holds alone; neighbours that are not merged.
    let mut pieces: Vec<(usize, usize, bool)> = Vec::new();
    for (i, j) in cut(bounds.len() - 1, MAX_QUERY_WORD_CHARS, &known) {
        let piece = &word[bounds[i]..bounds[j]];
        let is_word = known(i, j) > 0 && (j - i > 1 || piece.chars().all(script::is_han));
        match pieces.last_mut() {
            Some(last) if !last.2 && !is_word => last.1 = bounds[j],
            _ => pieces.push((bounds[i], bounds[j], is_word)),
        }
    }
    // A kana alone is a fragment (the ending of `引き`), not a word to look for.
    let mut k = 0;
    while k < pieces.len() && pieces.len() > 1 {
        let (a, b, is_word) = pieces[k];
        let lone_kana =
            !is_word && word[a..b].chars().count() == 1 && !word[a..b].chars().all(script::is_han);
        if !lone_kana {
            k += 1;
        } else if k > 0 {
            pieces[k - 1] = (pieces[k - 1].0, b, false);
            pieces.remove(k);
        } else {
            pieces[1] = (a, pieces[1].1, false);
            pieces.remove(0);
        }
    }
    // Kanji alone are matched through any bigram that starts with them, loosely: a cut
    // into them only (`解体`: `解`, `体`) found other pages on the judged sets. Hiragana
    // pieces are mostly endings and particles.
    let long_word = |p: &(usize, usize, bool)| {
        let piece = &word[p.0..p.1];
        p.2 && piece.chars().nth(1).is_some() && !piece.chars().all(hiragana)
    };
    if pieces.len() < 2 || !pieces.iter().any(long_word) {
        return whole;
    }
    pieces
        .into_iter()
        .map(|(a, b, _)| (start + a, start + b))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, words: &[(&str, u64)]) -> Vec<String> {
        let vocab = |w: &str| words.iter().find(|(x, _)| *x == w).map_or(0, |p| p.1);
        let mut out = Vec::new();
        segment_by_vocabulary(text, &vocab, &mut out);
        out.iter().map(|&(a, b)| text[a..b].to_string()).collect()
    }

    #[test]
    fn vocabulary_segmentation_prefers_few_long_words() {
        assert_eq!(
            cut(
                "绿色矿产资源",
                &[("绿色", 1), ("矿产", 1), ("矿产资源", 1), ("资源", 1)]
            ),
            ["绿色", "矿产资源"]
        );
        assert_eq!(
            cut("中亚峰会", &[("中亚", 1), ("峰会", 1)]),
            ["中亚", "峰会"]
        );
        assert_eq!(cut("未知词", &[]), ["未", "知", "词"]);
        assert_eq!(cut("", &[]), Vec::<String>::new());
    }

    #[test]
    fn equal_cuts_prefer_frequent_words() {
        let v = [("研究", 50), ("研究生", 5), ("生命", 40), ("命", 3)];
        assert_eq!(cut("研究生命", &v), ["研究", "生命"]);
    }

    #[test]
    fn particles_stand_alone() {
        // The index holds `的` and `了` as no words (bigrams only); `目的`, `端的` and
        // `除了` are words.
        let v = [
            ("项", 40),
            ("项目", 30),
            ("目的", 80),
            ("后", 90),
            ("后端", 20),
            ("端的", 2),
            ("删", 5),
            ("删除", 50),
            ("除了", 300),
        ];
        assert_eq!(cut("项目的", &v), ["项目", "的"]);
        assert_eq!(cut("后端的", &v), ["后端", "的"]);
        assert_eq!(cut("删除了", &v), ["删除", "了"]);
        // A word that holds one is still one piece: fewest pieces come first.
        assert_eq!(cut("目的", &v), ["目的"]);
    }

    #[test]
    fn other_function_chars_keep_their_words() {
        // `向` and `还` are function words too, but they begin and end words.
        let v = [
            ("下", 900),
            ("下方", 40),
            ("方向", 300),
            ("还原", 60),
            ("原点", 30),
            ("点", 500),
        ];
        assert_eq!(cut("下方向", &v), ["下", "方向"]);
        assert_eq!(cut("还原点", &v), ["还原", "点"]);
    }
}
