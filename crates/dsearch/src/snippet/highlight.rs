//! The highlights of a snippet: the byte ranges of a stored text that match the query's
//! words as the index matches them. A non-CJK word matches by its exact or folded form
//! ([`crate::analysis::latin`]); a CJK word by its characters in simplified form, side
//! by side within one CJK run, which is what a phrase of its bigrams matches.
//!
//! This is [`crate::analysis::analyze_without_dictionaries`] cut down to what a
//! highlight needs, so building a snippet never loads jieba or lindera: it builds no
//! tokens, skips the runs of a script the query has no word in, and finds a CJK word by
//! a substring search of the run in simplified characters instead of comparing every
//! bigram. The tests check it against that analysis on arbitrary text.

use std::collections::HashSet;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::analysis::normalize::{self, diacritics, traditional, LatinTable};
use crate::analysis::{latin, script};
use crate::query::Highlight;

/// Text searched at once; a long document is read chunk by chunk until every query
/// word has been found.
const CHUNK_BYTES: usize = 32 * 1024;

/// The first chunk: where most documents say what they are about (their title, their
/// lead), and where a hit most often holds every query word. A snippet shows about 200
/// characters; reading a whole page of 2–5 KB for it was most of its cost (the
/// snippet of 37 in 2,000 hits of the judged queries changed, to another fragment
/// with the same words).
const FIRST_CHUNK_BYTES: usize = 1024;

/// Byte ranges of `text` that match the highlight terms, sorted, overlaps merged.
/// The text is searched in chunks (the first about 1 KB long, the others 32 KB, cut
/// where no word is) and the search stops at the end of the first chunk by which every
/// query word has matched.
pub fn highlights(text: &str, h: &Highlight) -> Vec<(usize, usize)> {
    let mut search = Search {
        h,
        firsts: h
            .folded
            .iter()
            .cloned()
            .chain(h.exact.iter().map(|e| diacritics::fold(e).into_owned()))
            .filter_map(|f| f.chars().next())
            .collect(),
        needles: h.cjk.iter().map(|seq| joined(seq)).collect(),
        out: Vec::new(),
        found_folded: HashSet::new(),
        exact_needed: h
            .exact
            .iter()
            .filter(|e| !h.folded.contains(&latin::loose_form(e)))
            .cloned()
            .collect(),
        found_exact: HashSet::new(),
        found_cjk: vec![false; h.cjk.len()],
        found_chars: HashSet::new(),
        exact: String::new(),
        folded: String::new(),
        simplified: String::new(),
        starts: Vec::new(),
    };
    let mut start = 0;
    while start < text.len() {
        let size = match start {
            0 => FIRST_CHUNK_BYTES,
            _ => CHUNK_BYTES,
        };
        let end = chunk_end(text, start, size);
        search.chunk(&text[start..end], start);
        if search.all_found() {
            break;
        }
        start = end;
    }
    let mut out = search.out;
    super::sequences::keep(text, &h.sequences, &h.alone, &mut out);
    super::bonds::mark(text, &h.bonds, &mut out);
    out.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(out.len());
    for (s, e) in out {
        match merged.last_mut() {
            // Touching ranges merge too: `綠色礦產` is one highlight, not two words.
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// The characters a chain of bigrams covers (`绿色`, `色矿`, `矿产` → `绿色矿产`).
fn joined(seq: &[String]) -> String {
    let mut out = String::new();
    for (i, gram) in seq.iter().enumerate() {
        if i == 0 {
            out.push_str(gram);
        } else if let Some(c) = gram.chars().next_back() {
            out.push(c);
        }
    }
    out
}

/// The end of the chunk starting at `start`: about `size` bytes on, where no word can
/// be cut in two (each chunk finds its words alone): after a newline, else after white
/// space, else after CJK clause punctuation (`。`, `、`, `，`, …: Chinese and Japanese
/// put no spaces between words), in the second half of the chunk; else after the
/// first such break past it (a long run of Han characters), at most [`CHUNK_BYTES`]
/// further; else on a char boundary.
fn chunk_end(text: &str, start: usize, size: usize) -> usize {
    if text.len() - start <= size {
        return text.len();
    }
    let mut limit = start + size;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &text[start..limit];
    let half = window.len() / 2;
    let after = |(i, c): (usize, char)| i + c.len_utf8();
    let last = |is: fn(char) -> bool| {
        window
            .char_indices()
            .rev()
            .take_while(|&(i, _)| i >= half)
            .find(|&(_, c)| is(c))
            .map(after)
    };
    if let Some(i) = last(|c| c == '\n')
        .or_else(|| last(char::is_whitespace))
        .or_else(|| last(is_clause_break))
    {
        return start + i;
    }
    text[limit..]
        .char_indices()
        .take_while(|&(i, _)| i < CHUNK_BYTES)
        .find(|&(_, c)| c.is_whitespace() || is_clause_break(c))
        .map_or(limit, |found| limit + after(found))
}

/// CJK punctuation that ends a clause or closes a bracket: no word goes on past it,
/// and no normaliser reads across it (an opening bracket may start a pinyin gloss).
fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '。' | '、'
            | '，'
            | '！'
            | '？'
            | '；'
            | '：'
            | '．'
            | '」'
            | '』'
            | '）'
            | '】'
            | '〉'
            | '》'
            | '…'
            | '—'
    )
}

/// The first char of a word's folded form, when its first char alone decides it: an
/// ASCII char, or a Latin letter whose exact and folded form is one char. Lower case
/// and folding map char by char there, and moving a tone mark (which folding drops)
/// changes no letter, so a word whose key is no query word's first char matches none.
fn first_folded(word: &str) -> Option<char> {
    static TABLE: OnceLock<LatinTable> = OnceLock::new();
    let c = word.chars().next()?;
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    TABLE
        .get_or_init(|| {
            LatinTable::build(|c, out| {
                let mut exact = String::new();
                latin::push_exact(c.encode_utf8(&mut [0; 4]), &mut exact);
                diacritics::push_folded(&exact, out);
            })
        })
        .get(c)
}

/// One search: what it looks for, what it found, and scratch buffers.
struct Search<'h> {
    h: &'h Highlight,
    /// The first chars of the folded forms of the query's non-CJK words: a word whose
    /// [`first_folded`] is not among them is skipped without making its forms.
    firsts: Vec<char>,
    /// Per chain of bigrams of `h.cjk`: the characters it covers.
    needles: Vec<String>,
    out: Vec<(usize, usize)>,
    found_folded: HashSet<String>,
    /// Exact forms no folded form stands for (words typed with diacritics, which
    /// match as typed only), and those found.
    exact_needed: HashSet<String>,
    found_exact: HashSet<String>,
    found_cjk: Vec<bool>,
    found_chars: HashSet<char>,
    exact: String,
    folded: String,
    simplified: String,
    starts: Vec<(usize, usize)>,
}

impl Search<'_> {
    /// True when every query word has matched somewhere.
    fn all_found(&self) -> bool {
        self.found_folded.len() >= self.h.folded.len()
            && self.found_exact.len() >= self.exact_needed.len()
            && self.found_cjk.iter().all(|&f| f)
            && self.found_chars.len() >= self.h.cjk_chars.len()
    }

    /// Searches `text`, which starts at byte `base` of the whole text.
    fn chunk(&mut self, text: &str, base: usize) {
        let h = self.h;
        let latin_terms = !h.exact.is_empty() || !h.folded.is_empty();
        let cjk_terms = !h.cjk.is_empty() || !h.cjk_chars.is_empty() || !h.stems.is_empty();
        let norm = normalize::normalize(text);
        let ntext: &str = &norm.text;
        let mut hint = 0;
        for run in script::runs(ntext) {
            let rtext = &ntext[run.start..run.end];
            let mut push = |hint: &mut usize, from: usize, to: usize| {
                let (a, b) = norm.map.range_near(hint, run.start + from, run.start + to);
                self.out.push((base + a, base + b));
            };
            if !run.cjk {
                if !latin_terms {
                    continue;
                }
                let (exact, folded) = (&mut self.exact, &mut self.folded);
                let found = &mut self.found_folded;
                let (needed, found_exact) = (&self.exact_needed, &mut self.found_exact);
                let firsts = &self.firsts;
                // Whether each word as written matches: a text repeats its words, and
                // their forms cost more to make than to look up.
                let mut seen: FxHashMap<&str, bool> =
                    FxHashMap::with_capacity_and_hasher(rtext.len() / 16, Default::default());
                latin::word_ranges(rtext, |from, to| {
                    let w = &rtext[from..to];
                    if w.len() > latin::MAX_WORD_BYTES
                        || first_folded(w).is_some_and(|k| !firsts.contains(&k))
                    {
                        return;
                    }
                    if let Some(&matched) = seen.get(w) {
                        if matched {
                            push(&mut hint, from, to);
                        }
                        return;
                    }
                    exact.clear();
                    latin::push_exact(w, exact);
                    folded.clear();
                    latin::push_loose(exact, folded);
                    let by_fold = h.folded.contains(folded.as_str());
                    let matched = !exact.is_empty()
                        && !folded.is_empty()
                        && (by_fold || h.exact.contains(exact.as_str()));
                    seen.insert(w, matched);
                    if matched {
                        push(&mut hint, from, to);
                        if by_fold && !found.contains(folded.as_str()) {
                            found.insert(folded.clone());
                        }
                        if needed.contains(exact.as_str()) {
                            found_exact.insert(exact.clone());
                        }
                    }
                });
                continue;
            }
            if !cjk_terms {
                continue;
            }
            // The run in simplified characters, one char per char; its byte offsets are
            // the run's unless a char changed its length (a few, `㗲` → `𠵾`): then
            // `starts` pairs each char's offsets, (simplified, written).
            let simplified = &mut self.simplified;
            simplified.clear();
            let starts = &mut self.starts;
            starts.clear();
            let mut same_offsets = true;
            for (i, c) in rtext.char_indices() {
                let s = traditional::to_simplified(c);
                same_offsets &= s.len_utf8() == c.len_utf8();
                starts.push((simplified.len(), i));
                simplified.push(s);
            }
            starts.push((simplified.len(), rtext.len()));
            let written = |at: usize| -> usize {
                if same_offsets {
                    return at;
                }
                starts[starts.partition_point(|p| p.0 < at)].1
            };
            for (needle, found) in self.needles.iter().zip(&mut self.found_cjk) {
                if needle.is_empty() {
                    *found = true;
                    continue;
                }
                // Overlapping matches too (`哈哈` twice in `哈哈哈`), as bigrams match.
                let step = needle.chars().next().map_or(1, char::len_utf8);
                let mut from = 0;
                while let Some(i) = simplified[from..].find(needle.as_str()) {
                    let at = from + i;
                    push(&mut hint, written(at), written(at + needle.len()));
                    *found = true;
                    from = at + step;
                }
            }
            // Stems of inflected words, as written: not after a kanji (`以降は` is no
            // `降る`), before hiragana (`降った`, `降ります`).
            for stem in &h.stems {
                let step = stem.chars().next().map_or(1, char::len_utf8);
                let mut from = 0;
                while let Some(i) = rtext[from..].find(stem.as_str()) {
                    let (at, end) = (from + i, from + i + stem.len());
                    let after_kanji = rtext[..at].chars().next_back().is_some_and(script::is_han);
                    let before_hiragana = rtext[end..]
                        .chars()
                        .next()
                        .is_some_and(|c| ('\u{3041}'..='\u{309F}').contains(&c));
                    if !after_kanji && before_hiragana {
                        push(&mut hint, at, end);
                    }
                    from = at + step;
                }
            }
            if !h.cjk_chars.is_empty() {
                for (i, c) in simplified.char_indices() {
                    if h.cjk_chars.contains(&c) {
                        push(&mut hint, written(i), written(i + c.len_utf8()));
                        self.found_chars.insert(c);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::analysis;

    /// A highlight set of these words (CJK ones as chains of bigrams).
    pub(in crate::snippet) fn hl(
        exact: &[&str],
        folded: &[&str],
        cjk: &[&[&str]],
        chars: &[char],
    ) -> Highlight {
        Highlight {
            exact: exact.iter().map(|s| s.to_string()).collect(),
            folded: folded.iter().map(|s| s.to_string()).collect(),
            cjk: cjk
                .iter()
                .map(|s| s.iter().map(|t| t.to_string()).collect())
                .collect(),
            cjk_chars: chars.iter().copied().collect(),
            ..Highlight::default()
        }
    }

    #[test]
    fn stems_of_inflected_words_highlight_where_they_inflect() {
        let mut h = hl(&[], &[], &[], &[]);
        h.stems.insert("降".into());
        h.stems.insert("上が".into());
        let text = "大雨が降った。以降は水位が上がりました。降水量。";
        let got: Vec<&str> = highlights(text, &h)
            .iter()
            .map(|&(a, b)| &text[a..b])
            .collect();
        assert_eq!(got, ["降", "上が"], "not 以降, not 降水");
    }

    #[test]
    fn long_texts_are_searched_in_chunks() {
        let filler = "lorem ipsum dolor sit amet\n".repeat(4000); // about 108 KB
        let text = format!("{filler}Khoáng sản xanh ở cuối.\n{filler}");
        let ranges = highlights(&text, &hl(&["khoang"], &["khoang"], &[], &[]));
        assert_eq!(ranges.len(), 1);
        let (a, b) = ranges[0];
        assert_eq!(&text[a..b], "Khoáng");
        // Found early: later chunks are not read; the first is short.
        let text = format!("Khoáng sản.\n{filler}Khoáng sản.");
        let ranges = highlights(&text, &hl(&["khoang"], &["khoang"], &[], &[]));
        assert_eq!(ranges, [(0, "Khoáng".len())]);
        let text = format!("Khoáng sản.\n{}\nKhoáng sản.", &filler[..2000]);
        let ranges = highlights(&text, &hl(&["khoang"], &["khoang"], &[], &[]));
        assert_eq!(ranges, [(0, "Khoáng".len())]);
        // A word not found in it is looked for further: both words, both mentions of
        // the one found first that are in the chunk that finds the other.
        let text = format!("Khoáng sản.\n{}\nKhoáng sản xanh.", &filler[..2000]);
        let h = hl(&["khoang", "xanh"], &["khoang", "xanh"], &[], &[]);
        let ranges = highlights(&text, &h);
        let got: Vec<&str> = ranges.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(got, ["Khoáng", "Khoáng", "xanh"], "{ranges:?}");
        // A word that matches only as typed (no folded form) is looked for as far.
        let text = format!("{filler}Khoáng sản xanh ở cuối.\n{filler}");
        let ranges = highlights(&text, &hl(&["khoáng"], &[], &[], &[]));
        assert_eq!(ranges.len(), 1);
        let (a, b) = ranges[0];
        assert_eq!(&text[a..b], "Khoáng");
    }

    #[test]
    fn chunks_never_cut_a_cjk_word() {
        // No space in Chinese: the first chunk ends after clause punctuation, or, in a
        // run of Han characters longer than it, after the first one past it.
        for filler in ["的".repeat(340), "我们的合作，".repeat(60)] {
            let text = format!("{filler}矿产合作。绿色。");
            let h = hl(&[], &[], &[&["矿产"], &["绿色"]], &[]);
            let ranges = highlights(&text, &h);
            let got: Vec<&str> = ranges.iter().map(|&(a, b)| &text[a..b]).collect();
            assert_eq!(got, ["矿产", "绿色"], "{ranges:?}");
        }
        let text = "矿产合作。".repeat(400);
        let end = chunk_end(&text, 0, FIRST_CHUNK_BYTES);
        assert!(
            text[..end].ends_with('。') && end <= FIRST_CHUNK_BYTES,
            "{end}"
        );
    }

    #[test]
    fn cjk_words_match_in_simplified_characters_within_one_run() {
        let text = "綠色礦產合作，绿色 矿产，哈哈哈";
        let ranges = highlights(text, &hl(&[], &[], &[&["绿色", "色矿", "矿产"]], &[]));
        let got: Vec<&str> = ranges.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(
            got,
            ["綠色礦產"],
            "a space between the words is another run"
        );
        // Overlapping matches merge: the whole run is highlighted.
        let ranges = highlights(text, &hl(&[], &[], &[&["哈哈"]], &[]));
        assert_eq!(ranges.len(), 1);
        assert_eq!(&text[ranges[0].0..ranges[0].1], "哈哈哈");
        // One character: every occurrence, traditional or not.
        let ranges = highlights(text, &hl(&[], &[], &[], &['产']));
        let got: Vec<&str> = ranges.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(got, ["產", "产"]);
    }

    #[test]
    fn a_script_without_query_words_is_not_searched_but_its_words_still_map() {
        // Half-width kana are normalised (an edit) before the Vietnamese word.
        let text = "ﾃｽﾄ khoáng sản";
        let ranges = highlights(text, &hl(&["khoáng"], &[], &[], &[]));
        assert_eq!(ranges.len(), 1);
        assert_eq!(&text[ranges[0].0..ranges[0].1], "khoáng");
    }

    /// The highlights as the analysis finds them: the tokens whose exact or folded form
    /// is a query word, and the chains of bigram tokens at consecutive positions.
    fn by_analysis(text: &str, h: &Highlight) -> Vec<(usize, usize)> {
        let a = analysis::analyze_without_dictionaries(text);
        let mut out = Vec::new();
        for (w, f) in a.words.iter().zip(&a.folded) {
            if h.exact.contains(w.text) || h.folded.contains(f.text) {
                out.push((w.from, w.to));
            }
        }
        let b: Vec<_> = a.bigrams.iter().collect();
        for seq in &h.cjk {
            for i in 0..b.len() {
                let ok = i + seq.len() <= b.len()
                    && seq.iter().enumerate().all(|(k, t)| {
                        b[i + k].text == *t && b[i + k].position == b[i].position + k as u32
                    });
                if ok {
                    out.push((b[i].from, b[i + seq.len() - 1].to));
                }
            }
        }
        out.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (s, e) in out {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
    }

    /// Text from pieces that exercise every path: Vietnamese in NFC and NFD, upper case,
    /// traditional and simplified Han, kana (half-width too), full-width Latin, marks.
    fn text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "khoáng",
            "KHOÁNG",
            "khoa\u{301}ng",
            "sản",
            "san",
            "hoà",
            "hòa",
            "đồng",
            "Đồng",
            "綠色",
            "绿色",
            "礦產",
            "矿产",
            "合作",
            "色",
            "ﾃｽﾄ",
            "テスト",
            "の",
            "ＡＢＣ",
            // Traditional chars whose simplified form is longer in UTF-8 (3 → 4 bytes).
            "㗲",
            "\u{20d7e}",
            "㗲色",
            "abc",
            "\u{301}",
            " ",
            "  ",
            "，",
            "。",
            "\n",
            "-",
            "ß",
            "İ",
            "Ưu",
            "ưu",
            "😀",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    /// Query words drawn from the same pieces, as the plan gives them.
    fn query() -> impl Strategy<Value = Highlight> {
        let latin = prop::sample::subsequence(
            vec![
                "khoáng", "khoang", "sản", "san", "hòa", "hoa", "đồng", "dong", "abc", "ss", "i",
                "ưu", "uu",
            ],
            0..4,
        );
        let cjk = prop::sample::subsequence(
            vec![
                vec!["绿色"],
                vec!["绿色", "色矿", "矿产"],
                vec!["矿产"],
                vec!["合作"],
                vec!["テス", "スト"],
                vec!["色合"],
                vec!["\u{20d7e}色"],
            ],
            0..3,
        );
        (latin.clone(), latin, cjk).prop_map(|(exact, folded, cjk)| {
            let cjk: Vec<&[&str]> = cjk.iter().map(|v| v.as_slice()).collect();
            hl(&exact, &folded, &cjk, &[])
        })
    }

    proptest! {
        /// One-character words: every char of a CJK run that is one of them, which the
        /// analysis holds as the first char of a bigram (or the run's last unigram).
        #[test]
        fn single_characters_are_the_analysis_bigram_starts(
            text in text(),
            chars in prop::sample::subsequence(vec!['色', '产', '\u{20d7e}', 'テ', 'の'], 0..3),
        ) {
            let h = hl(&[], &[], &[], &chars);
            let a = analysis::analyze_without_dictionaries(&text);
            let mut want: Vec<usize> = a
                .bigrams
                .iter()
                .filter(|t| t.text.chars().next().is_some_and(|c| chars.contains(&c)))
                .map(|t| t.from)
                .collect();
            want.sort_unstable();
            want.dedup();
            let got = highlights(&text, &h);
            // Adjacent chars merge into one range: compare the starts they cover.
            let covered = |at: usize| got.iter().any(|&(a, b)| a <= at && at < b);
            prop_assert!(want.iter().all(|&at| covered(at)), "{:?} {:?}", want, got);
            prop_assert_eq!(got.is_empty(), want.is_empty());
            for &(a, b) in &got {
                prop_assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
            }
        }
    }

    proptest! {
        #[test]
        fn highlights_are_the_analysis_matches(text in text(), h in query()) {
            prop_assert_eq!(highlights(&text, &h), by_analysis(&text, &h));
        }
    }
}
