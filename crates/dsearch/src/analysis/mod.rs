//! Language-aware analysis: text in, tokens of three representations out, every token
//! carrying byte offsets into the original text.
//!
//! # Pipeline
//! 1. [`normalize::normalize`]: NFC, width folding, invisible characters, pinyin glosses;
//!    keeps an [`normalize::OffsetMap`] back to the original.
//! 2. [`script::runs`]: the normalised text is cut into CJK runs (Han and kana) and other
//!    runs.
//! 3. Each run goes to the analyser the routing table names, which emits tokens into:
//!    - [`Representation::Words`]: exact words (lower case, NFC, one Vietnamese tone
//!      placement; CJK words folded to simplified for Chinese, single-character
//!      function words left out, as the bigrams hold them);
//!    - [`Representation::Folded`]: non-CJK words without diacritics (`đ` → `d`), an
//!      English plural by its singular ([`normalize::stem`]: `tables` as `table`), and
//!      the base form of an inflected Japanese word at the word's own position;
//!    - [`Representation::Bigrams`]: CJK bigrams over simplified characters, for recall
//!      (a bigram that a two-character word with the same text already stands for is
//!      left to the word); in Vietnamese documents also the folded pairs of adjacent
//!      syllables (`khoang san`), which tell Vietnamese words apart.
//!
//! # Routing table
//! Script first; the document's language matters only for Han runs.
//!
//! | run                               | document language | words from                 | folded | bigrams |
//! |-----------------------------------|-------------------|----------------------------|--------|---------|
//! | non-CJK (Latin, Cyrillic, Hangul…) | any               | [`latin`] (UAX #29 words)  | yes    | no      |
//! | Han and kana, contains kana       | any               | [`japanese`] (lindera)     | no     | yes     |
//! | Han only                          | `ja`              | [`japanese`] (lindera)     | no     | yes     |
//! | Han only                          | anything else     | [`chinese`] (jieba, on simplified text) | no | yes |
//!
//! Fallbacks: without the Japanese dictionary, Japanese runs get bigrams only
//! ([`Analysis::japanese_dictionary_missing`] tells the caller to warn). Queries are
//! analysed under every reading that applies (see [`crate::query`]), never detected.
//!
//! **Invariant:** analysis never fails on bad text: any string gives tokens whose
//! offsets are on char boundaries of the original, in order, and positions that make
//! phrase queries exact (no two tokens of one representation overlap in position).

pub mod bigram;
pub mod chinese;
pub mod detect;
pub mod dictionaries;
pub mod han_script;
pub mod japanese;
pub mod latin;
pub mod normalize;
pub mod script;
pub mod tokens;
pub mod vietnamese;

pub use dictionaries::Dictionaries;
pub use tokens::{Token, Tokens};

use latin::FunctionWord;
use normalize::{diacritics, stem, traditional, Normalized};
use rustc_hash::FxHashMap;
use script::Run;

/// The indexed representations of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Representation {
    /// Exact words.
    Words,
    /// Words without diacritics.
    Folded,
    /// CJK bigrams.
    Bigrams,
}

impl Representation {
    /// All representations, in index order.
    pub const ALL: [Representation; 3] = [
        Representation::Words,
        Representation::Folded,
        Representation::Bigrams,
    ];

    /// The representation's name, as `dsearch analyze` prints it.
    pub fn name(self) -> &'static str {
        match self {
            Representation::Words => "words",
            Representation::Folded => "folded",
            Representation::Bigrams => "bigrams",
        }
    }
}

/// The tokens of one text in every representation.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Exact words.
    pub words: Tokens,
    /// Folded non-CJK words.
    pub folded: Tokens,
    /// CJK bigrams.
    pub bigrams: Tokens,
    /// True when Japanese text was met and no Japanese dictionary was found.
    pub japanese_dictionary_missing: bool,
}

impl Analysis {
    /// Bytes of memory the tokens hold.
    pub fn memory(&self) -> usize {
        self.words.memory() + self.folded.memory() + self.bigrams.memory()
    }

    /// The tokens of one representation.
    pub fn tokens(&self, r: Representation) -> &Tokens {
        match r {
            Representation::Words => &self.words,
            Representation::Folded => &self.folded,
            Representation::Bigrams => &self.bigrams,
        }
    }
}

/// True for CJK words worth a term of their own in the words fields: every word of two
/// characters or more (at most [`latin::MAX_WORD_BYTES`]), and single characters that
/// are content words. A single-character function word (の, 的) is left to the bigrams:
/// as a word it would only add the longest posting lists of the index.
pub(crate) fn is_word(w: &str, function: impl FnOnce() -> bool) -> bool {
    let mut chars = w.chars();
    match (chars.next(), chars.next()) {
        (None, _) => false,
        (Some(_), None) => !function(),
        (Some(_), Some(_)) => w.len() <= latin::MAX_WORD_BYTES,
    }
}

/// How a Han run is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HanReading {
    /// jieba over simplified characters.
    Chinese,
    /// lindera with IPADIC.
    Japanese,
}

impl HanReading {
    /// The routing table's rule for a CJK run in a document of language `lang`.
    pub fn route(lang: &str, run_has_kana: bool) -> HanReading {
        if run_has_kana || lang == "ja" {
            HanReading::Japanese
        } else {
            HanReading::Chinese
        }
    }
}

/// Analyses `text`, a document or a field of one, whose language is `lang` (ISO 639-1),
/// with the dictionaries of [`Dictionaries::default_ref`].
pub fn analyze(text: &str, lang: &str) -> Analysis {
    analyze_with_dictionaries(text, lang, Dictionaries::default_ref())
}

/// Analyses `text` like [`analyze`], with the given dictionaries.
pub fn analyze_with_dictionaries(text: &str, lang: &str, dicts: &Dictionaries) -> Analysis {
    run(text, lang, Some(dicts))
}

/// Analyses `text` without CJK words: non-CJK words and CJK bigrams only, so no
/// dictionary is ever loaded. Snippet highlighting uses it.
pub fn analyze_without_dictionaries(text: &str) -> Analysis {
    run(text, "und", None)
}

fn run(text: &str, lang: &str, dicts: Option<&Dictionaries>) -> Analysis {
    let norm = normalize::normalize(text);
    let runs = script::runs(&norm.text);
    // Room for the usual token density, so the buffers are not copied as they grow:
    // about one word per 6 bytes of non-CJK text, one word per two CJK chars (3 bytes
    // each) and one bigram (6 bytes) per CJK char.
    let cjk: usize = runs.iter().filter(|r| r.cjk).map(|r| r.end - r.start).sum();
    let other = norm.text.len() - cjk;
    let out = Analysis {
        words: Tokens::with_capacity(other / 6 + cjk / 6 + 4, other + cjk),
        folded: Tokens::with_capacity(other / 6 + 4, other),
        bigrams: Tokens::with_capacity(cjk / 3 + 4, cjk * 2),
        japanese_dictionary_missing: false,
    };
    let mut a = Analyzer {
        norm: &norm,
        out,
        pos: 0,
        bpos: 0,
        ranges: Vec::new(),
        dicts,
        syllable_pairs: lang == "vi",
        hint: 0,
        covered: Vec::new(),
    };
    for run in runs {
        if run.cjk {
            a.cjk_run(run, HanReading::route(lang, run.has_kana));
        } else {
            a.other_run(run);
        }
    }
    a.out
}

struct Analyzer<'a> {
    norm: &'a Normalized<'a>,
    out: Analysis,
    pos: u32,
    bpos: u32,
    ranges: Vec<(usize, usize)>,
    /// `None`: no CJK words, bigrams only.
    dicts: Option<&'a Dictionaries>,
    /// Index the folded pairs of adjacent syllables (Vietnamese documents).
    syllable_pairs: bool,
    /// Where the last offset lookup ended (see [`normalize::OffsetMap::range_near`]).
    hint: usize,
    /// Per char of a CJK run: a two-char word starts there (buffer reused across runs).
    covered: Vec<bool>,
}

/// Appends a token whose range `nfrom..nto` is in the normalised text.
fn push(
    norm: &Normalized,
    hint: &mut usize,
    tokens: &mut Tokens,
    text: &str,
    nfrom: usize,
    nto: usize,
    pos: u32,
) {
    let (from, to) = norm.map.range_near(hint, nfrom, nto);
    tokens.push(text, from, to, pos);
}

/// How a word of a Vietnamese document pairs with its neighbours (syllable pairs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pairing {
    /// No syllable, or a Vietnamese function word.
    Never,
    /// A content syllable.
    Always,
    /// A syllable spelled like an English function word (`an`, `in`, `so`, `to`): it
    /// pairs with a syllable that carries a mark (`an toàn`, `máy in`, `so sánh`) or is
    /// otherwise spelled as only Vietnamese spells one (`an ninh`,
    /// [`vietnamese::spelled_only_in_vietnamese`]), and not in an English passage (`in
    /// the`, `to be`).
    WithMarked,
}

impl Pairing {
    /// True when a word pairing so (`marked`: it carries a mark) pairs with the word
    /// before it, which pairs as `prev`.
    fn pairs_with(self, marked: bool, prev: Pairing, prev_marked: bool) -> bool {
        let ok = |p: Pairing, other_marked: bool| match p {
            Pairing::Never => false,
            Pairing::Always => true,
            Pairing::WithMarked => other_marked,
        };
        ok(self, prev_marked) && ok(prev, marked)
    }
}

impl Analyzer<'_> {
    fn other_run(&mut self, run: Run) {
        let norm = self.norm;
        let text = &norm.text[run.start..run.end];
        let (words, folded) = (&mut self.out.words, &mut self.out.folded);
        let (bigrams, bpos) = (&mut self.out.bigrams, &mut self.bpos);
        let pos = &mut self.pos;
        let hint = &mut self.hint;
        let pairs = self.syllable_pairs;
        // The previous word: where it ends in `text`, how it pairs, and whether it
        // carries a mark.
        let mut prev: Option<(usize, Pairing, bool)> = None;
        // Where the previous word of the run ended, whatever it was.
        let mut prev_end: Option<usize> = None;
        let mut pair = String::new();
        // A text says its words again and again: each distinct word's forms are made
        // once (lower case, tone placement, folding and the syllable check were a third
        // of Vietnamese analysis). `seen` maps a word as written to where its exact and
        // then its folded form lie in `arena` (start, exact end, folded end) and how it
        // pairs.
        let mut seen: FxHashMap<&str, (usize, usize, usize, Pairing, bool)> = FxHashMap::default();
        let mut arena = String::new();
        let mut scratch = String::new();
        latin::word_ranges(text, |from, to| {
            let w = &text[from..to];
            if w.len() > latin::MAX_WORD_BYTES {
                prev = None;
                return;
            }
            let (start, exact_end, folded_end, pairing, marked) = match seen.get(w) {
                Some(&forms) => forms,
                None => {
                    scratch.clear();
                    latin::push_exact(w, &mut scratch);
                    let start = arena.len();
                    arena.push_str(&scratch);
                    let exact_end = arena.len();
                    diacritics::push_folded(&scratch, &mut arena);
                    let folded_end = arena.len();
                    let (exact, folded) = (&arena[start..exact_end], &arena[exact_end..folded_end]);
                    let pairing = if !pairs || !vietnamese::is_syllable(folded) {
                        Pairing::Never
                    } else {
                        match latin::function_word(exact) {
                            None => Pairing::Always,
                            Some(FunctionWord::English)
                                if latin::VIETNAMESE_LOOKALIKES.contains(&exact) =>
                            {
                                Pairing::WithMarked
                            }
                            Some(_) => Pairing::Never,
                        }
                    };
                    let marked = pairing != Pairing::Never
                        && vietnamese::written_only_in_vietnamese(exact, folded);
                    // The folded term of an English plural is its singular.
                    stem::to_singular(&mut arena, exact_end);
                    let folded_end = arena.len();
                    let forms = (start, exact_end, folded_end, pairing, marked);
                    seen.insert(w, forms);
                    forms
                }
            };
            // A "word" of combining marks alone folds to nothing: not a term.
            if exact_end == start || folded_end == exact_end {
                prev = None;
                return;
            }
            words.buffer().push_str(&arena[start..exact_end]);
            folded.buffer().push_str(&arena[exact_end..folded_end]);
            // Clause punctuation before the word leaves a gap in positions, so a phrase,
            // a pair of syllables or "side by side" never spans it (`bán hàng. Hóa đơn`
            // holds no `hàng hóa`).
            if prev_end.is_some_and(|e| latin::breaks_phrase(&text[e..from])) {
                *pos += 1;
            }
            let (ofrom, oto) = norm.map.range_near(hint, run.start + from, run.start + to);
            words.commit(ofrom, oto, *pos);
            folded.commit(ofrom, oto, *pos);
            *pos += 1;
            // Two content syllables side by side (only spaces between them): their
            // folded pair, which queries use to tell Vietnamese words apart.
            if let Some((prev_end, prev_pairing, prev_marked)) = prev {
                if pairing.pairs_with(marked, prev_pairing, prev_marked)
                    && text[prev_end..from].chars().all(char::is_whitespace)
                {
                    let n = folded.len();
                    if let (Some(a), Some(b)) = (folded.get(n - 2), folded.get(n - 1)) {
                        pair.clear();
                        pair.push_str(a.text);
                        pair.push(' ');
                        pair.push_str(b.text);
                        bigrams.push(&pair, a.from, b.to, *bpos);
                        *bpos += 1;
                    }
                }
            }
            prev = Some((to, pairing, marked));
            prev_end = Some(to);
        });
    }

    fn cjk_run(&mut self, run: Run, reading: HanReading) {
        let norm = self.norm;
        let text = &norm.text[run.start..run.end];
        // Simplified form of the run, one char per char: (folded byte, norm start, norm end).
        let mut folded = String::with_capacity(text.len());
        let mut chars: Vec<(usize, usize, usize)> = Vec::with_capacity(text.len() / 3 + 1);
        for (i, c) in text.char_indices() {
            chars.push((folded.len(), run.start + i, run.start + i + c.len_utf8()));
            folded.push(traditional::to_simplified(c));
        }
        let n = chars.len();
        let fold_end = |k: usize| if k < n { chars[k].0 } else { folded.len() };
        // Chars that start a two-char word whose term is the same as their bigram: the
        // words field holds it there, so the bigram is not indexed again (queries look
        // a bigram up in both fields).
        let mut covered = std::mem::take(&mut self.covered);
        covered.clear();
        covered.resize(n, false);

        match (self.dicts, reading) {
            (None, _) => {}
            (Some(dicts), HanReading::Japanese) => match dicts.japanese() {
                Some(seg) => {
                    let mut words = Vec::new();
                    seg.words(text, &mut words);
                    for w in &words {
                        let (nfrom, nto) = (run.start + w.start, run.start + w.end);
                        if is_word(&text[w.start..w.end], || w.function) {
                            let ca = chars.partition_point(|c| c.1 < nfrom);
                            if ca + 2 <= n
                                && chars[ca + 1].2 == nto
                                && text[w.start..w.end] == folded[chars[ca].0..fold_end(ca + 2)]
                            {
                                covered[ca] = true;
                            }
                            push(
                                norm,
                                &mut self.hint,
                                &mut self.out.words,
                                &text[w.start..w.end],
                                nfrom,
                                nto,
                                self.pos,
                            );
                        }
                        // The base form of an inflected word, at the same position:
                        // `改装する` finds `改装され`.
                        if let Some(base) = w.base.filter(|b| b.len() <= latin::MAX_WORD_BYTES) {
                            push(
                                norm,
                                &mut self.hint,
                                &mut self.out.folded,
                                base,
                                nfrom,
                                nto,
                                self.pos,
                            );
                        }
                        self.pos += 1;
                    }
                }
                None => self.out.japanese_dictionary_missing = true,
            },
            (Some(_), HanReading::Chinese) => {
                let mut ranges = std::mem::take(&mut self.ranges);
                ranges.clear();
                chinese::segment(&folded, &mut ranges);
                for &(a, b) in &ranges {
                    let ca = chars.partition_point(|c| c.0 < a);
                    let cb = chars.partition_point(|c| c.0 < b);
                    if ca >= cb {
                        continue;
                    }
                    let w = &folded[a..b];
                    if is_word(w, || chinese::is_function_word(w)) {
                        if cb - ca == 2 {
                            covered[ca] = true;
                        }
                        push(
                            norm,
                            &mut self.hint,
                            &mut self.out.words,
                            w,
                            chars[ca].1,
                            chars[cb - 1].2,
                            self.pos,
                        );
                    }
                    self.pos += 1;
                }
                self.ranges = ranges;
            }
        }

        let base = self.bpos;
        let bigrams = &mut self.out.bigrams;
        let hint = &mut self.hint;
        bigram::bigrams(n, |i, len| {
            if len == 2 && covered[i] {
                return;
            }
            let text = &folded[chars[i].0..fold_end(i + len)];
            push(
                norm,
                hint,
                bigrams,
                text,
                chars[i].1,
                chars[i + len - 1].2,
                base + i as u32,
            );
        });
        self.bpos = base + n as u32 + 1;
        self.covered = covered;
    }
}

#[cfg(test)]
mod tests;
