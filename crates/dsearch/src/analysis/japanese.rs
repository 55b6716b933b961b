//! Japanese word segmentation with lindera and an offline IPADIC dictionary.
//!
//! This module builds the dictionary from mecab-ipadic source, finds and loads
//! it (memory-mapped), and splits Japanese text into words.
//!
//! The compiled dictionary is not shipped with the binary: `scripts/ipadic.sh`
//! builds it from Debian's `mecab-ipadic` package through [`build_ipadic`].
//! [`segmenter`] looks for it in [`dictionary_candidates`] and returns `None`
//! when there is none, so the caller can fall back to character bigrams.

use std::borrow::Cow;
use std::cell::RefCell;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use lindera::dictionary::{load_fs_dictionary_with_options, DictionaryBuilder, Lattice, Metadata};
use lindera::mode::{Mode, Penalty};
use lindera::segmenter::Segmenter;

use crate::error::{Error, ErrorKind};

/// Environment variable naming the compiled dictionary directory; it is the first candidate.
pub const DICTIONARY_ENV: &str = "DSEARCH_IPADIC";

/// The name of the compiled dictionary directory, next to the executable or under the data directory.
const DICTIONARY_DIR: &str = "ipadic";

/// lindera's build metadata for IPADIC, as shipped in the `lindera-ipadic` 6.2.0 crate
/// (schema, `flexible_csv`, `normalize_details`, UTF-8 source encoding).
const IPADIC_METADATA: &str = include_str!("../../data/ipadic-metadata.json");

/// Source files the build needs besides the lexicon `*.csv` files.
const REQUIRED_SOURCE_FILES: [&str; 3] = ["char.def", "unk.def", "matrix.def"];

/// Builds a lindera IPADIC dictionary from the UTF-8 mecab-ipadic source directory `src` into `out`.
///
/// `src` must hold `char.def`, `unk.def`, `matrix.def` and the lexicon `*.csv`
/// files converted to UTF-8 (Debian's package ships them in EUC-JP; convert
/// with `iconv -f EUC-JP -t UTF-8`). `out` is created if needed and existing
/// dictionary files in it are overwritten. The result is loaded once before
/// returning, so success means the dictionary is usable.
pub fn build_ipadic(src: &Path, out: &Path) -> Result<(), Error> {
    check_source(src)?;
    let metadata: Metadata = serde_json::from_str(IPADIC_METADATA).map_err(|err| {
        dictionary_error(format!("bundled IPADIC metadata does not parse: {err}"))
    })?;
    fs::create_dir_all(out).map_err(|err| Error::io(out, err))?;
    DictionaryBuilder::new(metadata)
        .build_dictionary(src, out)
        .map_err(|err| {
            dictionary_error(format!(
                "building IPADIC from {} into {} failed: {err}",
                src.display(),
                out.display()
            ))
        })?;
    JapaneseSegmenter::load(out).map(|_| ())
}

/// Checks that `src` looks like a UTF-8 mecab-ipadic source directory that lindera's builder can read.
fn check_source(src: &Path) -> Result<(), Error> {
    if !src.is_dir() {
        return Err(Error::new(ErrorKind::MissingPath(src.to_path_buf())));
    }
    // lindera finds the lexicon with the glob pattern "<src>/*.csv", so the
    // directory must be valid UTF-8 and free of glob metacharacters.
    let Some(text) = src.to_str() else {
        return Err(dictionary_error(format!(
            "source directory {} is not valid UTF-8",
            src.display()
        )));
    };
    if text.contains(['*', '?', '[', ']']) {
        return Err(dictionary_error(format!(
            "source directory {text} contains a glob character (*, ?, [ or ])"
        )));
    }
    for name in REQUIRED_SOURCE_FILES {
        let path = src.join(name);
        let bytes = fs::read(&path).map_err(|err| Error::io(&path, err))?;
        if std::str::from_utf8(&bytes).is_err() {
            return Err(dictionary_error(format!(
                "{} is not UTF-8 (convert the mecab-ipadic source with iconv -f EUC-JP -t UTF-8)",
                path.display()
            )));
        }
    }
    let entries = fs::read_dir(src).map_err(|err| Error::io(src, err))?;
    let has_csv = entries
        .filter_map(Result::ok)
        .any(|entry| entry.path().extension().is_some_and(|ext| ext == "csv"));
    if !has_csv {
        return Err(dictionary_error(format!(
            "source directory {text} has no lexicon *.csv files"
        )));
    }
    Ok(())
}

fn dictionary_error(message: String) -> Error {
    Error::new(ErrorKind::Dictionary(message))
}

/// Where the compiled dictionary is looked for, in order.
///
/// 1. `$DSEARCH_IPADIC`, when set and not empty;
/// 2. `ipadic` in the directory of the current executable, then in that
///    directory's parent (so both `target/release/dsearch` and a test binary in
///    `target/release/deps/` find `target/release/ipadic`);
/// 3. `${XDG_DATA_HOME:-$HOME/.local/share}/dsearch/ipadic`.
///
/// The paths are not checked here; [`segmenter`] uses the first that loads.
pub fn dictionary_candidates() -> Vec<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(dir) = env::var_os(DICTIONARY_ENV).filter(|dir| !dir.is_empty()) {
        candidates.push(PathBuf::from(dir));
    }
    if let Some(exe_dir) = env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
    {
        candidates.push(exe_dir.join(DICTIONARY_DIR));
        if let Some(parent) = exe_dir.parent() {
            candidates.push(parent.join(DICTIONARY_DIR));
        }
    }
    if let Some(data_home) = data_home() {
        candidates.push(data_home.join("dsearch").join(DICTIONARY_DIR));
    }
    let mut unique: Vec<PathBuf> = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        if !unique.contains(&candidate) {
            unique.push(candidate);
        }
    }
    unique
}

/// `$XDG_DATA_HOME` when set and not empty, else `$HOME/.local/share`.
fn data_home() -> Option<PathBuf> {
    if let Some(dir) = env::var_os("XDG_DATA_HOME").filter(|dir| !dir.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .map(|home| PathBuf::from(home).join(".local").join("share"))
}

static SEGMENTER: OnceLock<Option<JapaneseSegmenter>> = OnceLock::new();

/// True once a Japanese dictionary has been loaded in this process.
pub fn is_loaded() -> bool {
    matches!(SEGMENTER.get(), Some(Some(_)))
}

/// The process-wide segmenter, loaded lazily (mmap) on first call; None when no dictionary is found (caller falls back to bigrams and warns once).
///
/// The first candidate of [`dictionary_candidates`] that holds a loadable
/// dictionary is used. The outcome, found or not, is decided once per process.
pub fn segmenter() -> Option<&'static JapaneseSegmenter> {
    SEGMENTER
        .get_or_init(|| {
            dictionary_candidates()
                .iter()
                .filter(|dir| dir.join("metadata.json").is_file())
                .find_map(|dir| JapaneseSegmenter::load(dir).ok())
        })
        .as_ref()
}

thread_local! {
    /// The Viterbi lattice, reused across calls on a thread to avoid reallocating it per text.
    static LATTICE: RefCell<Lattice> = RefCell::new(Lattice::default());
}

/// Splits Japanese text into words with a lindera IPADIC dictionary.
///
/// It runs lindera's decompose ("search") mode with the default penalties:
/// `MeCab`'s normal segmentation, except that long compound nouns the
/// dictionary lists whole are split into their parts (`関西国際空港` gives
/// `関西` `国際` `空港`, `株式会社` gives `株式` `会社`), so a query for a part
/// finds the compound.
pub struct JapaneseSegmenter {
    inner: Segmenter,
    path: PathBuf,
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
        Ok(JapaneseSegmenter {
            // Whitespace is dropped by `segment` itself: lindera's own filter drops
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

    /// Word byte ranges of `text`, in order, non-overlapping, on char boundaries, each within text; whitespace-only pieces omitted.
    ///
    /// `out` is cleared first. Ranges are `(start, end)` byte offsets into
    /// `text`, never empty, and never contain whitespace (a word lindera
    /// returns with whitespace in it is split there).
    pub fn segment(&self, text: &str, out: &mut Vec<(usize, usize)>) {
        out.clear();
        if text.trim().is_empty() {
            return;
        }
        let done = LATTICE
            .try_with(|cell| match cell.try_borrow_mut() {
                Ok(mut lattice) => {
                    self.segment_with(text, &mut lattice, out);
                    true
                }
                Err(_) => false,
            })
            .unwrap_or(false);
        if !done {
            // Thread-local storage is being torn down, or a re-entrant call.
            self.segment_with(text, &mut Lattice::default(), out);
        }
    }

    fn segment_with(&self, text: &str, lattice: &mut Lattice, out: &mut Vec<(usize, usize)>) {
        let Ok(tokens) = self
            .inner
            .segment_with_lattice(Cow::Borrowed(text), lattice)
        else {
            // lindera 6.2 never fails here; degrade to whitespace-separated pieces.
            push_trimmed(text, 0, text.len(), 0, out);
            return;
        };
        let mut covered = 0;
        for token in &tokens {
            if push_trimmed(text, token.byte_start, token.byte_end, covered, out) {
                covered = token.byte_end;
            }
        }
    }
}

/// Pushes the whitespace-free pieces of `text[start..end]` when that range is
/// valid and starts at or after `covered`; returns whether the range was valid.
fn push_trimmed(
    text: &str,
    start: usize,
    end: usize,
    covered: usize,
    out: &mut Vec<(usize, usize)>,
) -> bool {
    if start < covered || start >= end {
        return false;
    }
    let Some(piece) = text.get(start..end) else {
        return false;
    };
    let mut word_start = None;
    for (i, c) in piece.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = word_start.take() {
                out.push((start + s, start + i));
            }
        } else if word_start.is_none() {
            word_start = Some(i);
        }
    }
    if let Some(s) = word_start {
        out.push((start + s, end));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ja() -> &'static JapaneseSegmenter {
        segmenter().expect("IPADIC dictionary not found: run scripts/ipadic.sh")
    }

    /// The words and byte ranges of `text`.
    fn words(text: &str) -> Vec<(&str, usize, usize)> {
        let mut ranges = Vec::new();
        ja().segment(text, &mut ranges);
        ranges.iter().map(|&(s, e)| (&text[s..e], s, e)).collect()
    }

    fn surfaces(text: &str) -> Vec<&str> {
        words(text).into_iter().map(|(w, _, _)| w).collect()
    }

    fn assert_valid(text: &str, ranges: &[(usize, usize)]) {
        let mut prev_end = 0;
        for &(s, e) in ranges {
            assert!(
                s >= prev_end,
                "overlap or disorder at {s}..{e} in {text:?}: {ranges:?}"
            );
            assert!(s < e && e <= text.len(), "bad range {s}..{e} in {text:?}");
            assert!(
                text.is_char_boundary(s) && text.is_char_boundary(e),
                "not on char boundary: {s}..{e} in {text:?}"
            );
            assert!(
                !text[s..e].trim().is_empty(),
                "whitespace-only range {s}..{e} in {text:?}"
            );
            assert_eq!(
                text[s..e].trim(),
                &text[s..e],
                "untrimmed range {s}..{e} in {text:?}"
            );
            prev_end = e;
        }
    }

    #[test]
    fn tokyo_sentence_exact() {
        assert_eq!(
            words("東京都に住んでいます"),
            vec![
                ("東京", 0, 6),
                ("都", 6, 9),
                ("に", 9, 12),
                ("住ん", 12, 18),
                ("で", 18, 21),
                ("い", 21, 24),
                ("ます", 24, 30),
            ]
        );
    }

    #[test]
    fn compound_nouns_split_into_words() {
        // IPADIC lists 関西国際空港 and 日本経済新聞社 whole; decompose mode splits them.
        assert_eq!(
            words("関西国際空港"),
            vec![("関西", 0, 6), ("国際", 6, 12), ("空港", 12, 18)]
        );
        assert_eq!(
            surfaces("日本経済新聞社の記者"),
            vec!["日本", "経済", "新聞", "社", "の", "記者"]
        );
        assert_eq!(surfaces("自然言語処理"), vec!["自然", "言語", "処理"]);
    }

    #[test]
    fn kana_only() {
        assert_eq!(
            surfaces("すもももももももものうち"),
            vec!["すもも", "も", "もも", "も", "もも", "の", "うち"]
        );
        assert_eq!(surfaces("コンピュータ"), vec!["コンピュータ"]);
    }

    #[test]
    fn latin_product_name_stays_whole() {
        assert_eq!(
            words("iPhoneを買った"),
            vec![
                ("iPhone", 0, 6),
                ("を", 6, 9),
                ("買っ", 9, 15),
                ("た", 15, 18)
            ]
        );
    }

    #[test]
    fn whitespace_is_omitted_and_offsets_are_absolute() {
        let text = "  今日は 晴れ\n\t明日　雨 ";
        let mut ranges = Vec::new();
        ja().segment(text, &mut ranges);
        assert_valid(text, &ranges);
        let got: Vec<&str> = ranges.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(got, vec!["今日", "は", "晴れ", "明日", "雨"]);
    }

    #[test]
    fn long_text_without_delimiters_is_fully_covered() {
        // lindera cuts sentences longer than 32 KiB without a delimiter; the
        // ranges must still be absolute, ordered and cover every char.
        let text = "東京都に住んでいます".repeat(2000);
        let mut ranges = Vec::new();
        ja().segment(&text, &mut ranges);
        assert_valid(&text, &ranges);
        assert_eq!(ranges.last().map(|r| r.1), Some(text.len()));
        assert_eq!(
            ranges.iter().map(|&(s, e)| e - s).sum::<usize>(),
            text.len()
        );
    }

    #[test]
    fn eth_is_a_letter_not_whitespace() {
        // IPADIC's char.def puts U+00D0 in its SPACE class; it must not be lost.
        let text = "Ð東京\r\nÐ";
        let mut ranges = Vec::new();
        ja().segment(text, &mut ranges);
        assert_valid(text, &ranges);
        let got: Vec<&str> = ranges.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(got.first(), Some(&"Ð"));
        assert_eq!(got.last(), Some(&"Ð"));
        assert!(got.contains(&"東京"), "{got:?}");
    }

    #[test]
    fn empty_and_blank_inputs_give_nothing_and_clear_out() {
        let mut ranges = vec![(0, 1)];
        ja().segment("", &mut ranges);
        assert!(ranges.is_empty());
        ranges.push((0, 1));
        ja().segment(" \n\u{3000}", &mut ranges);
        assert!(ranges.is_empty());
    }

    #[test]
    fn candidates_follow_the_documented_order() {
        let candidates = dictionary_candidates();
        let exe_dir = env::current_exe().unwrap().parent().unwrap().to_path_buf();
        let next_to_exe = candidates.iter().position(|c| *c == exe_dir.join("ipadic"));
        let above_exe = candidates.iter().position(|c| {
            Some(c.as_path()) == exe_dir.parent().map(|p| p.join("ipadic")).as_deref()
        });
        assert!(
            next_to_exe.is_some() && next_to_exe < above_exe,
            "{candidates:?}"
        );
        if let Some(dir) = env::var_os(DICTIONARY_ENV).filter(|d| !d.is_empty()) {
            assert_eq!(candidates[0], PathBuf::from(dir));
        }
        let data = data_home().unwrap().join("dsearch").join("ipadic");
        assert_eq!(
            candidates.iter().position(|c| *c == data),
            Some(candidates.len() - 1)
        );
    }

    #[test]
    fn load_rejects_a_directory_without_a_dictionary() {
        let dir = tempfile::tempdir().unwrap();
        assert!(JapaneseSegmenter::load(dir.path()).is_err());
        assert!(JapaneseSegmenter::load(&dir.path().join("missing")).is_err());
    }

    #[test]
    fn build_rejects_bad_sources() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        // Missing directory.
        assert!(build_ipadic(&dir.path().join("missing"), &out).is_err());
        // EUC-JP char.def ("# 文字" in EUC-JP) is refused with a hint.
        for name in REQUIRED_SOURCE_FILES {
            fs::write(dir.path().join(name), b"# \xca\xb8\xbb\xfa\n").unwrap();
        }
        fs::write(dir.path().join("a.csv"), b"x\n").unwrap();
        let err = build_ipadic(dir.path(), &out).unwrap_err().to_string();
        assert!(err.contains("iconv"), "{err}");
        assert!(!out.exists());
    }

    proptest! {
        #[test]
        fn ranges_are_valid_for_any_text(text in any::<String>()) {
            let mut ranges = Vec::new();
            ja().segment(&text, &mut ranges);
            assert_valid(&text, &ranges);
        }

        #[test]
        fn ranges_are_valid_for_japanese_like_text(
            text in "[ぁ-んァ-ン一-龥a-zA-Z0-9 、。！？\n\t\u{3000}ー・]{0,80}"
        ) {
            let mut ranges = Vec::new();
            ja().segment(&text, &mut ranges);
            assert_valid(&text, &ranges);
            // Every non-whitespace char is covered by some word.
            let covered: usize = ranges.iter().map(|&(s, e)| text[s..e].chars().filter(|c| !c.is_whitespace()).count()).sum();
            prop_assert_eq!(covered, text.chars().filter(|c| !c.is_whitespace()).count());
        }
    }
}
