//! Japanese: words from lindera with an IPADIC dictionary, each with its part of speech
//! (function word or not) and its dictionary base form.
//!
//! Segmentation runs lindera's decompose ("search") mode: `MeCab`'s normal
//! segmentation, except that long compound nouns the dictionary lists whole are split
//! into their parts (`関西国際空港` gives `関西` `国際` `空港`), so a query for a part finds
//! the compound. A katakana run it does not know is cut into the known common nouns
//! inside it (`katakana.rs`: `レイヤーマスク` gives `レイヤー` `マスク`). Where the
//! dictionary is and how it is built is [`dictionary`]'s job.

pub mod dictionary;
mod entries;
mod katakana;

pub use dictionary::{build_ipadic, is_loaded, standard_locations};
pub use katakana::without_long_vowel_mark;

use std::borrow::Cow;
use std::cell::RefCell;
use std::path::{Path, PathBuf};

use lindera::dictionary::{load_fs_dictionary_with_options, Lattice};
use lindera::mode::{Mode, Penalty};
use lindera::segmenter::Segmenter;

use crate::error::{Error, ErrorKind};
use dictionary::dictionary_error;
use entries::{Entry, EntryCache};

/// One word of a Japanese text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'d> {
    /// Byte offset of the word in the text.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// True for a function word (see [`is_function_word`]).
    pub function: bool,
    /// The dictionary base form, when it differs from the word as written (`され` →
    /// `する`, `増加し` → … `する`); `None` for uninflected and unknown words.
    pub base: Option<&'d str>,
    /// True when the dictionary does not know the word: lindera grouped it by character
    /// class (a run of katakana, `ヤッツィーサイコロゲーム`).
    pub unknown: bool,
}

/// Verbs that mostly carry grammar, not meaning: `改装する`, `印刷できる`, `している`.
const LIGHT_VERBS: [&str; 10] = [
    "する",
    "ある",
    "いる",
    "なる",
    "おる",
    "できる",
    "れる",
    "られる",
    "せる",
    "させる",
];

/// The rule for Japanese function words, from IPADIC's part of speech (`pos`, its first
/// subcategory `sub`) and the base form: particles (助詞), auxiliaries (助動詞), symbols,
/// conjunctions, adnominals (この, その), interjections, fillers and prefixes (お, ご);
/// non-independent verbs, adjectives and nouns (ている, てほしい, こと); pronouns;
/// one-character suffixes (的, 化, 性, 用, 者, 版, 市: bound to the word before them,
/// `対話的` is `対話` made an adjective); and the light verbs (する, ある, いる, なる, おる,
/// できる, れる, られる, せる, させる). Everything else (nouns, longer suffixes such as
/// 塗り or アンペア, independent verbs and adjectives, adverbs, unknown words) is content.
pub fn is_function_word(pos: &str, sub: &str, base: &str) -> bool {
    match pos {
        "助詞" | "助動詞" | "記号" | "接続詞" | "連体詞" | "感動詞" | "フィラー" | "接頭詞" => {
            true
        }
        "動詞" => sub == "非自立" || LIGHT_VERBS.contains(&base),
        "形容詞" => sub == "非自立",
        "名詞" => {
            sub == "非自立" || sub == "代名詞" || (sub == "接尾" && base.chars().nth(1).is_none())
        }
        _ => false,
    }
}

/// Texts longer than this (in bytes) leave no lattice behind for the next text: its
/// size follows the longest text the thread has seen, and each thread that prepares
/// documents keeps its own (`dsearch index --threads 32` of a third of the benchmark
/// file: 634 MB peak RSS when every lattice stayed, 612 MB).
const LATTICE_KEEP_BYTES: usize = 16 << 10;

thread_local! {
    /// The Viterbi lattice, reused across calls on a thread to avoid reallocating it per
    /// text.
    static LATTICE: RefCell<Lattice> = RefCell::new(Lattice::default());
}

/// Splits Japanese text into words with a lindera IPADIC dictionary (decompose mode,
/// default penalties).
pub struct JapaneseSegmenter {
    inner: Segmenter,
    path: PathBuf,
    entries: EntryCache,
}

impl std::fmt::Debug for JapaneseSegmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JapaneseSegmenter")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl JapaneseSegmenter {
    /// Loads the compiled dictionary in directory `dir`, memory-mapping its large files.
    pub fn load(dir: &Path) -> Result<JapaneseSegmenter, Error> {
        if !dir.is_dir() {
            return Err(Error::new(ErrorKind::MissingPath(dir.to_path_buf())));
        }
        let dictionary = load_fs_dictionary_with_options(dir, true).map_err(|err| {
            dictionary_error(format!(
                "cannot load the IPADIC dictionary at {}: {err}",
                dir.display()
            ))
        })?;
        let entries = EntryCache::new(dictionary.prefix_dictionary.words_idx_data.len() / 4);
        Ok(JapaneseSegmenter {
            entries,
            // Whitespace is dropped by `words` itself: lindera's own filter drops
            // IPADIC's SPACE class, which lists U+00D0 (Ð) by a typo for U+000D.
            inner: Segmenter::new(Mode::Decompose(Penalty::default()), dictionary, None)
                .keep_whitespace(true),
            path: dir.to_path_buf(),
        })
    }

    /// The directory the dictionary was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Word byte ranges of `text`, in order, non-overlapping, on char boundaries, each
    /// within text; whitespace-only pieces omitted. `out` is cleared first.
    pub fn segment(&self, text: &str, out: &mut Vec<(usize, usize)>) {
        let mut words = Vec::new();
        self.words(text, &mut words);
        out.clear();
        out.extend(words.iter().map(|w| (w.start, w.end)));
    }

    /// The words of `text`, in order, non-overlapping, on char boundaries, never empty
    /// and never containing whitespace (a word lindera returns with whitespace in it is
    /// split there, and its pieces keep no base form). A run of katakana the dictionary
    /// does not know is cut into the known common nouns inside it (`レイヤーマスク`,
    /// `システムアーカイバ`).
    /// `out` is cleared first.
    pub fn words<'s>(&'s self, text: &str, out: &mut Vec<Word<'s>>) {
        out.clear();
        if text.trim().is_empty() {
            return;
        }
        let done = LATTICE
            .try_with(|cell| match cell.try_borrow_mut() {
                Ok(mut lattice) => {
                    self.words_with(text, &mut lattice, out);
                    if text.len() > LATTICE_KEEP_BYTES {
                        *lattice = Lattice::default();
                    }
                    true
                }
                Err(_) => false,
            })
            .unwrap_or(false);
        if !done {
            // Thread-local storage is being torn down, or a re-entrant call.
            self.words_with(text, &mut Lattice::default(), out);
        }
    }

    fn words_with<'s>(&'s self, text: &str, lattice: &mut Lattice, out: &mut Vec<Word<'s>>) {
        let Ok(tokens) = self
            .inner
            .segment_with_lattice(Cow::Borrowed(text), lattice)
        else {
            // lindera 6.2 never fails here; degrade to whitespace-separated pieces.
            push_trimmed(text, 0, text.len(), 0, Info::UNKNOWN, out);
            return;
        };
        let mut covered = 0;
        let mut cover = Vec::new();
        for token in &tokens {
            let info = self.info(token.word_id, token.surface.as_ref());
            let (start, end) = (token.byte_start, token.byte_end);
            if info.unknown && start >= covered {
                if let Some(w) = text.get(start..end) {
                    if self.known_pieces(w, &mut cover) {
                        let known = Info {
                            unknown: false,
                            ..Info::UNKNOWN
                        };
                        for &(s, e, is_known) in &cover {
                            let piece_info = if is_known { known } else { info };
                            push_trimmed(text, start + s, start + e, start + s, piece_info, out);
                        }
                        covered = end;
                        continue;
                    }
                }
            }
            if push_trimmed(text, start, end, covered, info, out) {
                covered = end;
            }
        }
    }

    /// Cuts a run of katakana the dictionary does not know, `word`, into the common nouns
    /// it knows inside it ([`katakana::cut`]). lindera reads such a run whole, so a
    /// query for `マスク` would find `レイヤーマスク` through bigrams only.
    fn known_pieces(&self, word: &str, cover: &mut Vec<(usize, usize, bool)>) -> bool {
        let dict = &self.inner.dictionary.prefix_dictionary;
        let known_at = |rest: &str, ends: &mut Vec<usize>| {
            ends.extend(
                dict.prefix(rest)
                    .filter(|(_, entry)| self.common_noun(entry.word_id()))
                    .map(|(end, _)| end),
            )
        };
        katakana::cut(word, known_at, cover)
    }

    /// Whether `word` is one character that IPADIC rates likelier as a suffix (名詞 接尾
    /// 一般) than as a noun (名詞 一般): its suffix entry costs less. `用`, `製` and `系`
    /// are; `版`, `色` and `風` are nouns first. Typed alone after a Latin word
    /// (`GNOME 用`), such a kanji is that suffix, bound to the word before it.
    pub fn is_suffix_char(&self, word: &str) -> bool {
        let mut chars = word.chars();
        if chars.next().is_none() || chars.next().is_some() {
            return false;
        }
        let dict = &self.inner.dictionary;
        let (mut suffix, mut noun) = (i16::MAX, i16::MAX);
        for entry in dict.prefix_dictionary.find_surface_iter(word) {
            let mut fields = dict.word_details_iter(entry.word_id().id() as usize);
            match (fields.next(), fields.next(), fields.next()) {
                (Some("名詞"), Some("接尾"), Some("一般")) => {
                    suffix = suffix.min(entry.word_cost())
                }
                (Some("名詞"), Some("一般"), _) => noun = noun.min(entry.word_cost()),
                _ => {}
            }
        }
        suffix < noun
    }

    /// Whether a dictionary entry is a common noun (名詞 一般 or サ変接続): a word a
    /// compound ends with. Names and stems (`ション`, a name; `イヤー`) mostly end a
    /// longer loanword instead (`ナビゲーション`).
    fn common_noun(&self, id: lindera::dictionary::WordId) -> bool {
        let mut fields = self.inner.dictionary.word_details_iter(id.id() as usize);
        fields.next() == Some("名詞") && matches!(fields.next(), Some("一般" | "サ変接続"))
    }

    /// Part of speech and base form of a token: read from the dictionary's own bytes,
    /// once per entry for the system dictionary ([`entries`]).
    fn info<'s>(&'s self, id: lindera::dictionary::WordId, surface: &str) -> Info<'s> {
        let dict = &self.inner.dictionary;
        if id.is_unknown() {
            let (function, _) = read_entry(dict.unknown_word_details_iter(id.id() as usize));
            // Unknown-word entries have no base form (`*`).
            return Info {
                function,
                base: None,
                unknown: true,
            };
        }
        if !id.is_system() {
            return Info::UNKNOWN;
        }
        let words: &'s [u8] = &dict.prefix_dictionary.words_data;
        let entry = self.entries.get(id.id() as usize, || {
            let (function, base) = read_entry(dict.word_details_iter(id.id() as usize));
            Entry {
                function,
                base: base.and_then(|b| range_in(words, b)),
            }
        });
        let base = entry
            .base
            .and_then(|(at, len)| words.get(at..at + len))
            .and_then(|b| std::str::from_utf8(b).ok());
        Info {
            function: entry.function,
            base: base.filter(|&b| b != surface),
            unknown: false,
        }
    }
}

/// Whether an entry is a function word, and its base form (`None` for `*`), from its
/// IPADIC details: pos, sub 1, sub 2, sub 3, conjugation type and form, base form.
fn read_entry<'d>(mut fields: impl Iterator<Item = &'d str>) -> (bool, Option<&'d str>) {
    let pos = fields.next().unwrap_or("");
    let sub = fields.next().unwrap_or("");
    let base = fields.nth(4).unwrap_or("*");
    (
        is_function_word(pos, sub, base),
        (base != "*" && !base.is_empty()).then_some(base),
    )
}

/// The byte range of `part` within `whole`, when `part` is a slice of it.
fn range_in(whole: &[u8], part: &str) -> Option<(usize, usize)> {
    let at = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (at + part.len() <= whole.len()).then_some((at, part.len()))
}

/// What [`JapaneseSegmenter::info`] knows of one token.
#[derive(Clone, Copy)]
struct Info<'d> {
    function: bool,
    base: Option<&'d str>,
    unknown: bool,
}

impl Info<'_> {
    const UNKNOWN: Info<'static> = Info {
        function: false,
        base: None,
        unknown: true,
    };
}

/// Pushes the whitespace-free pieces of `text[start..end]` when that range is valid and
/// starts at or after `covered`; returns whether the range was valid. A token split by
/// whitespace keeps its part of speech but not its base form.
fn push_trimmed<'d>(
    text: &str,
    start: usize,
    end: usize,
    covered: usize,
    info: Info<'d>,
    out: &mut Vec<Word<'d>>,
) -> bool {
    if start < covered || start >= end {
        return false;
    }
    let Some(piece) = text.get(start..end) else {
        return false;
    };
    let first = out.len();
    let mut word_start = None;
    let mut push = |s: usize, e: usize| {
        out.push(Word {
            start: start + s,
            end: start + e,
            function: info.function,
            base: info.base,
            unknown: info.unknown,
        })
    };
    for (i, c) in piece.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = word_start.take() {
                push(s, i);
            }
        } else if word_start.is_none() {
            word_start = Some(i);
        }
    }
    if let Some(s) = word_start {
        push(s, piece.len());
    }
    if out.len() - first > 1 {
        for w in &mut out[first..] {
            w.base = None;
        }
    }
    true
}

#[cfg(test)]
mod tests;
