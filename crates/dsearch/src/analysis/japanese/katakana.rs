//! The cut of a katakana run IPADIC does not know into the known words inside it.
//!
//! lindera reads an unknown katakana run whole: IPADIC's unknown-word rule makes the
//! whole run one candidate, and one unknown word costs less than a known word and an
//! unknown one side by side. So `システムアーカイバ` would be one word, and a query for
//! `システム` would find it through bigrams only, without a position. [`cut`] reads the
//! known words back.
//!
//! [`without_long_vowel_mark`] gives a katakana word's other spelling, for queries.

use crate::analysis::script;

/// The fewest characters of a piece, known or not: two katakana are mostly a fragment
/// of another word (`ランタイム` is no `ラン` + `タイム`).
pub(super) const MIN_PIECE_CHARS: usize = 3;

/// The longest run that is cut; a longer one (no word is that long) stays whole, so a
/// cut never costs more than a few thousand steps.
pub(super) const MAX_CUT_CHARS: usize = 64;

/// Katakana no word starts with: the long-vowel mark, `ン`, `ッ` and the small kana.
const NEVER_FIRST: [char; 14] = [
    'ー', 'ン', 'ッ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ヮ', 'ヵ', 'ヶ',
];

/// The best cut of the run from one character to its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Best {
    /// Characters covered by known words.
    known: usize,
    /// Pieces.
    pieces: usize,
    /// The character the first piece ends at.
    next: usize,
    /// Whether the first piece is a known word.
    first_known: bool,
}

impl Best {
    /// More characters known, then fewer pieces.
    fn beats(&self, other: &Best) -> bool {
        (self.known, std::cmp::Reverse(self.pieces))
            > (other.known, std::cmp::Reverse(other.pieces))
    }
}

/// Cuts `word`, a run of katakana, into pieces of [`MIN_PIECE_CHARS`] characters or more,
/// none starting with a character in [`NEVER_FIRST`], each a known word or a rest that
/// is not: the pieces that cover the most characters with known words, then the fewest
/// (`レイヤーマスク`: `レイヤー` + `マスク`; `システムアーカイバ`: `システム` + `アーカイバ`).
/// `known_at(rest, ends)` pushes to `ends` the byte length of every known word that
/// starts `rest`. Returns false, and leaves `cover` as it is, when `word` is not all
/// katakana, is shorter than two pieces or longer than [`MAX_CUT_CHARS`], or admits no
/// cut into two pieces or more with a known one (`アアマスクアア`: the rests would have
/// two characters); otherwise `cover` receives the pieces: byte ranges in `word`, each
/// with whether it is known.
pub(super) fn cut(
    word: &str,
    mut known_at: impl FnMut(&str, &mut Vec<usize>),
    cover: &mut Vec<(usize, usize, bool)>,
) -> bool {
    if !word.chars().all(crate::analysis::script::is_katakana) {
        return false;
    }
    let bounds: Vec<usize> = word
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(word.len()))
        .collect();
    let n = bounds.len() - 1;
    if !(2 * MIN_PIECE_CHARS..=MAX_CUT_CHARS).contains(&n) {
        return false;
    }
    let may_start = |i: usize| i == n || !word[bounds[i]..].starts_with(NEVER_FIRST);
    // known[i]: the characters where known words that start at character i end.
    let mut known: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
    let mut ends = Vec::new();
    for i in (0..=n - MIN_PIECE_CHARS).filter(|&i| may_start(i)) {
        ends.clear();
        known_at(&word[bounds[i]..], &mut ends);
        for &len in &ends {
            if let Ok(j) = bounds.binary_search(&(bounds[i] + len)) {
                if j - i >= MIN_PIECE_CHARS && may_start(j) && !known[i].contains(&j) {
                    known[i].push(j);
                }
            }
        }
    }
    if known.iter().all(Vec::is_empty) {
        return false;
    }
    // best[i]: the best cut from character i to the end; an unknown piece ends where a
    // known word starts or at the end, and is never followed by another (two unknown
    // pieces side by side are one).
    let end = Best {
        known: 0,
        pieces: 0,
        next: n,
        first_known: true,
    };
    let mut best: Vec<Option<Best>> = vec![None; n + 1];
    best[n] = Some(end);
    for i in (0..n).rev().filter(|&i| may_start(i)) {
        let mut pick: Option<Best> = None;
        let mut consider = |candidate: Best| {
            if pick.is_none_or(|p| candidate.beats(&p)) {
                pick = Some(candidate);
            }
        };
        for &j in &known[i] {
            if let Some(after) = best[j] {
                consider(Best {
                    known: after.known + (j - i),
                    pieces: after.pieces + 1,
                    next: j,
                    first_known: true,
                });
            }
        }
        for j in i + MIN_PIECE_CHARS..=n {
            match best[j] {
                Some(after) if after.first_known && (j == n || !known[j].is_empty()) => {
                    consider(Best {
                        known: after.known,
                        pieces: after.pieces + 1,
                        next: j,
                        first_known: false,
                    })
                }
                _ => {}
            }
        }
        best[i] = pick;
    }
    match best[0] {
        Some(b) if b.known > 0 && b.pieces > 1 => {}
        _ => return false,
    }
    cover.clear();
    let mut i = 0;
    while let Some(b) = best[i].filter(|_| i < n) {
        cover.push((bounds[i], bounds[b.next], b.first_known));
        i = b.next;
    }
    true
}

/// A katakana word without its final long-vowel mark (`サーバー` → `サーバ`,
/// `コンピューター` → `コンピュータ`): technical writing drops the mark that newer style
/// keeps (JIS Z 8301; Microsoft's style since 2008), so one page says `サーバ` and
/// another `サーバー`. As kuromoji's stemmer, only words of four characters or more, the
/// mark included (`コピー` keeps its). The other way needs nothing: `サーバ` is inside
/// `サーバー`, whose bigrams hold it. `None` when there is nothing to drop.
pub fn without_long_vowel_mark(word: &str) -> Option<&str> {
    let short = word.strip_suffix('ー')?;
    (word.chars().count() >= 4 && !short.ends_with('ー') && word.chars().all(script::is_katakana))
        .then_some(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces of `word` with the given known words.
    fn pieces<'w>(word: &'w str, dictionary: &[&str]) -> Vec<(&'w str, bool)> {
        let mut cover = Vec::new();
        let known_at = |rest: &str, ends: &mut Vec<usize>| {
            ends.extend(
                dictionary
                    .iter()
                    .filter(|d| rest.starts_with(**d))
                    .map(|d| d.len()),
            )
        };
        if !cut(word, known_at, &mut cover) {
            return vec![(word, false)];
        }
        cover.iter().map(|&(s, e, k)| (&word[s..e], k)).collect()
    }

    #[test]
    fn the_most_known_characters_then_the_fewest_pieces() {
        let dict = [
            "システム",
            "カイバ",
            "レイヤ",
            "マスク",
            "ブック",
            "マーク",
            "ブックマーク",
        ];
        // システム (4 known) beats カイバ (3 known).
        assert_eq!(
            pieces("システムアーカイバ", &dict),
            [("システム", true), ("アーカイバ", false)]
        );
        // Both cuts cover 6 known characters: the one in fewer pieces.
        assert_eq!(
            pieces("ブックマークレット", &dict),
            [("ブックマーク", true), ("レット", false)]
        );
        // `ーマスク` cannot be a piece.
        assert_eq!(
            pieces("レイヤーマスク", &dict),
            [("レイヤー", false), ("マスク", true)]
        );
    }

    #[test]
    fn runs_without_a_known_word_or_too_short_or_long_stay_whole() {
        let dict = ["マスク", "ラン", "タイム"];
        assert_eq!(pieces("ゾルゲグルーヴ", &dict), [("ゾルゲグルーヴ", false)]);
        // Pieces of two characters are fragments: `ラン` + `タイム` is no cut, and in a
        // longer run `ランタイム` is an unknown rest before `マスク`.
        assert_eq!(pieces("ランタイム", &dict), [("ランタイム", false)]);
        assert_eq!(
            pieces("ランタイムマスク", &dict),
            [("ランタイム", false), ("マスク", true)]
        );
        assert_eq!(pieces("アアマスクアア", &dict), [("アアマスクアア", false)]);
        let long = format!("{}マスク", "ア".repeat(MAX_CUT_CHARS));
        assert_eq!(pieces(&long, &dict), [(long.as_str(), false)]);
        // Not katakana.
        assert_eq!(pieces("マスクabc", &dict), [("マスクabc", false)]);
    }

    #[test]
    fn pieces_cover_the_run_in_order() {
        let dict = ["マスク", "ボックス", "ゲーム"];
        for word in [
            "アアアマスクボックスイイイゲーム",
            "マスクアアアアボックス",
            "ゲームゲームゲーム",
        ] {
            let mut cover = Vec::new();
            let known_at = |rest: &str, ends: &mut Vec<usize>| {
                ends.extend(
                    dict.iter()
                        .filter(|d| rest.starts_with(**d))
                        .map(|d| d.len()),
                )
            };
            assert!(cut(word, known_at, &mut cover), "{word}");
            let mut at = 0;
            for &(s, e, _) in &cover {
                assert_eq!(s, at, "{word}");
                assert!(word[s..e].chars().count() >= MIN_PIECE_CHARS, "{word}");
                at = e;
            }
            assert_eq!(at, word.len(), "{word}");
        }
    }

    #[test]
    fn the_long_vowel_mark_drops_from_words_of_four_characters_or_more() {
        assert_eq!(without_long_vowel_mark("サーバー"), Some("サーバ"));
        assert_eq!(
            without_long_vowel_mark("コンピューター"),
            Some("コンピュータ")
        );
        assert_eq!(without_long_vowel_mark("コピー"), None, "three characters");
        assert_eq!(without_long_vowel_mark("サーバ"), None);
        assert_eq!(without_long_vowel_mark("ユーザーー"), None);
        assert_eq!(without_long_vowel_mark("すきー"), None, "katakana only");
    }
}
