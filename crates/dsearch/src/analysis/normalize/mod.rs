//! Text normalisation before segmentation, with a map back to the original offsets.
//!
//! [`normalize`] runs, character cluster by character cluster, the normalisers that
//! change the text itself: Unicode NFC ([`nfc`]), width folding ([`width`]), removal of
//! invisible and control characters ([`invisible`]) and of pinyin glosses glued after
//! Chinese characters ([`pinyin`]). Every change is recorded in an [`OffsetMap`], so a
//! token found in the normalised text maps back to a byte range of the original text that
//! starts and ends on char boundaries.
//!
//! Per-token normalisers that keep the token's offsets ([`diacritics`] folding,
//! [`traditional`] to simplified Chinese) are applied later by the analysers.

pub mod diacritics;
pub mod invisible;
pub mod nfc;
pub mod pinyin;
pub mod stem;
pub mod traditional;
pub mod width;

use std::borrow::Cow;

/// A per-char table over the Latin letters: Latin-1 Supplement to Latin Extended B
/// (U+0080 to U+024F) and Latin Extended Additional (U+1E00 to U+1EFF), where every
/// precomposed Vietnamese letter lives. It holds the result of a per-char rule where
/// that result is one char; elsewhere the caller applies the rule itself.
pub(crate) struct LatinTable([char; LatinTable::SLOTS]);

impl LatinTable {
    const SLOTS: usize = 0x2D0;

    /// Applies `rule` (which appends the mapping of a char) to every Latin letter.
    pub(crate) fn build(rule: impl Fn(char, &mut String)) -> LatinTable {
        let mut t = ['\0'; LatinTable::SLOTS];
        let mut s = String::new();
        for c in (0x80..=0x24F)
            .chain(0x1E00..=0x1EFF)
            .filter_map(char::from_u32)
        {
            s.clear();
            rule(c, &mut s);
            let mut it = s.chars();
            if let (Some(i), Some(m), None) = (LatinTable::slot(c), it.next(), it.next()) {
                t[i] = m;
            }
        }
        LatinTable(t)
    }

    /// The mapping of `c`, when it is in the table and is one char.
    #[inline]
    pub(crate) fn get(&self, c: char) -> Option<char> {
        LatinTable::slot(c)
            .map(|i| self.0[i])
            .filter(|&m| m != '\0')
    }

    fn slot(c: char) -> Option<usize> {
        match c as usize {
            i @ 0x80..=0x24F => Some(i - 0x80),
            i @ 0x1E00..=0x1EFF => Some(i - 0x1E00 + 0x1D0),
            _ => None,
        }
    }
}

/// Text after normalisation, with the map back to the original.
#[derive(Debug, Clone)]
pub struct Normalized<'a> {
    /// The normalised text: the original itself when no normaliser changed it.
    pub text: Cow<'a, str>,
    /// Maps byte offsets of `text` to byte offsets of the original.
    pub map: OffsetMap,
}

/// One changed stretch: `norm` bytes of the normalised text replace `orig` bytes of the
/// original. Either side may be empty (an insertion or a removal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edit {
    norm_start: usize,
    norm_end: usize,
    orig_start: usize,
    orig_end: usize,
}

/// Maps byte offsets of normalised text back to the original text.
///
/// Only changed stretches are recorded; between them the two texts are byte-identical.
/// A token that starts or ends inside a changed stretch is widened to the whole stretch,
/// so mapped ranges always lie on char boundaries of the original.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    edits: Vec<Edit>,
}

impl OffsetMap {
    /// True when the normalised text equals the original.
    pub fn is_identity(&self) -> bool {
        self.edits.is_empty()
    }

    /// The original offset where a token starting at normalised offset `n` starts.
    pub fn start(&self, n: usize) -> usize {
        self.start_near(&mut 0, n)
    }

    /// The original offset where a token ending at normalised offset `n` ends.
    pub fn end(&self, n: usize) -> usize {
        self.end_near(&mut 0, n)
    }

    /// Maps a normalised byte range to the original byte range.
    pub fn range(&self, from: usize, to: usize) -> (usize, usize) {
        self.range_near(&mut 0, from, to)
    }

    /// [`OffsetMap::range`] for tokens met in text order: `hint` remembers where the last
    /// lookup ended, so the next one walks a step or two instead of searching (a CJK
    /// text changed by width folding has an edit at every punctuation mark).
    pub fn range_near(&self, hint: &mut usize, from: usize, to: usize) -> (usize, usize) {
        let start = self.start_near(hint, from);
        (start, self.end_near(hint, to).max(start))
    }

    /// The number of edits whose normalised start is before `n` (`or_at`: or at `n`),
    /// walking from `hint`.
    fn locate(&self, hint: &mut usize, n: usize, or_at: bool) -> usize {
        let before = |e: &Edit| e.norm_start < n || (or_at && e.norm_start == n);
        let mut i = (*hint).min(self.edits.len());
        if i > 0 && !before(&self.edits[i - 1]) {
            // Far behind: search; near: walk back.
            if i > 8 && !before(&self.edits[i - 8]) {
                i = self.edits.partition_point(before);
            } else {
                while i > 0 && !before(&self.edits[i - 1]) {
                    i -= 1;
                }
            }
        }
        let mut steps = 0;
        while i < self.edits.len() && before(&self.edits[i]) {
            i += 1;
            steps += 1;
            if steps == 8 {
                i = self.edits.partition_point(before);
                break;
            }
        }
        *hint = i;
        i
    }

    fn start_near(&self, hint: &mut usize, n: usize) -> usize {
        let idx = self.locate(hint, n, true);
        if idx == 0 {
            return n;
        }
        let e = &self.edits[idx - 1];
        if n < e.norm_end {
            e.orig_start
        } else {
            n - e.norm_end + e.orig_end
        }
    }

    fn end_near(&self, hint: &mut usize, n: usize) -> usize {
        let idx = self.locate(hint, n, false);
        if idx == 0 {
            return n;
        }
        let e = &self.edits[idx - 1];
        if n <= e.norm_end {
            e.orig_end
        } else {
            n - e.norm_end + e.orig_end
        }
    }
}

/// Builds normalised text and its offset map. Until the first change the output is
/// the original's prefix `orig[..kept]` and nothing is copied.
struct Builder<'a> {
    orig: &'a str,
    kept: usize,
    out: String,
    edits: Vec<Edit>,
}

impl<'a> Builder<'a> {
    fn keep(&mut self, from: usize, to: usize) {
        if self.edits.is_empty() {
            self.kept = to;
        } else {
            self.out.push_str(&self.orig[from..to]);
        }
    }

    fn replace(&mut self, from: usize, to: usize, with: &str) {
        if &self.orig[from..to] == with {
            self.keep(from, to);
            return;
        }
        if self.edits.is_empty() {
            debug_assert_eq!(self.kept, from, "the text is consumed in order");
            self.out.reserve(self.orig.len() + with.len());
            self.out.push_str(&self.orig[..self.kept]);
        }
        let norm_start = self.out.len();
        self.out.push_str(with);
        self.edits.push(Edit {
            norm_start,
            norm_end: self.out.len(),
            orig_start: from,
            orig_end: to,
        });
    }

    fn last_char(&self) -> Option<char> {
        if self.edits.is_empty() {
            self.orig[..self.kept].chars().next_back()
        } else {
            self.out.chars().next_back()
        }
    }

    fn finish(self) -> Normalized<'a> {
        if self.edits.is_empty() {
            debug_assert_eq!(self.kept, self.orig.len());
            Normalized {
                text: Cow::Borrowed(self.orig),
                map: OffsetMap::default(),
            }
        } else {
            Normalized {
                text: Cow::Owned(self.out),
                map: OffsetMap { edits: self.edits },
            }
        }
    }
}

/// Normalises `text`: NFC, width folding, invisible characters and pinyin glosses.
pub fn normalize(text: &str) -> Normalized<'_> {
    // Fast path: printable ASCII (plus tab and newlines) needs no change at all.
    if text
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t' || b == b'\r')
    {
        return Normalized {
            text: Cow::Borrowed(text),
            map: OffsetMap::default(),
        };
    }
    let mut b = Builder {
        orig: text,
        kept: 0,
        out: String::new(),
        edits: Vec::new(),
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut buf = String::new();
    while i < text.len() {
        // ASCII run fast path.
        if bytes[i] < 0x80 && bytes[i] != b'(' {
            let start = i;
            while i < text.len() && bytes[i] < 0x80 && bytes[i] != b'(' {
                if bytes[i] < 0x20 && !matches!(bytes[i], b'\n' | b'\t' | b'\r') || bytes[i] == 0x7f
                {
                    break;
                }
                i += 1;
            }
            // The last ASCII letter takes the combining marks that follow it (NFD text).
            if i < text.len()
                && bytes[i] >= 0x80
                && text[i..]
                    .chars()
                    .next()
                    .is_some_and(|n| n as u32 >= 0x300 && nfc::is_mark(n))
            {
                i -= 1;
            }
            if i > start {
                b.keep(start, i);
                continue;
            }
        }
        // Non-ASCII run fast path: chars that no normaliser changes and that no
        // combining mark follows (precomposed Vietnamese, Han, kana) are kept as they are.
        if bytes[i] >= 0x80 {
            let start = i;
            let mut chars = text[i..].char_indices().peekable();
            while let Some((off, c)) = chars.next() {
                let next_is_mark = chars
                    .peek()
                    .is_some_and(|&(_, n)| n as u32 >= 0x300 && nfc::is_mark(n));
                if c.is_ascii() || next_is_mark || !is_stable(c) {
                    i = start + off;
                    break;
                }
                i = start + off + c.len_utf8();
            }
            if i > start {
                b.keep(start, i);
                continue;
            }
        }
        let c = text[i..].chars().next().expect("i is on a char boundary");
        // Pinyin glosses such as `聯(lián)合`: dropped when they follow a Han character.
        if matches!(c, '(' | '（') && b.last_char().is_some_and(crate::analysis::script::is_han) {
            if let Some(len) = pinyin::gloss_len(&text[i..]) {
                b.replace(i, i + len, "");
                i += len;
                continue;
            }
        }
        let end = width::cluster_end(text, i, c).max(nfc::cluster_end(text, i + c.len_utf8()));
        let cluster = &text[i..end];
        buf.clear();
        normalize_cluster(cluster, &mut buf);
        b.replace(i, end, &buf);
        i = end;
    }
    b.finish()
}

/// True for a non-ASCII char that every normaliser leaves as it is.
fn is_stable(c: char) -> bool {
    match c as u32 {
        // Latin letters, every precomposed Vietnamese letter among them, kana, CJK
        // ideographs and Hangul syllables: NFC, no control, no width variant (the test
        // `letters_of_stable_blocks_are_stable` checks every one).
        0xC0..=0x24F
        | 0x1E00..=0x1EFF
        | 0x3041..=0x3096
        | 0x309D..=0x30FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7A3 => true,
        0xAD | 0x61C | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060 | 0x2066..=0x2069 => false,
        0x3000 | 0xFE00..=0xFE0F | 0xFEFF | 0xFF00..=0xFFEF => false,
        0x0300..=0x036F => false,
        0xF900..=0xFAFF | 0x2F800..=0x2FA1F => false,
        _ => !nfc::is_mark(c) && !c.is_control() && nfc::is_nfc_char(c),
    }
}

/// Normalises one cluster (a base character and the marks that belong to it).
fn normalize_cluster(cluster: &str, out: &mut String) {
    let mut chars = cluster.chars();
    let first = chars.next().expect("clusters are not empty");
    if chars.next().is_none() {
        if let Some(r) = invisible::replacement(first) {
            out.push_str(r);
            return;
        }
        if let Some(w) = width::fold_char(first) {
            out.push(w);
            return;
        }
        nfc::push_nfc(cluster, out);
        return;
    }
    let mut tmp = String::with_capacity(cluster.len());
    width::fold_str(cluster, &mut tmp);
    let mut cleaned = String::with_capacity(tmp.len());
    for c in tmp.chars() {
        match invisible::replacement(c) {
            Some(r) => cleaned.push_str(r),
            None => cleaned.push(c),
        }
    }
    nfc::push_nfc(&cleaned, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Checks normalisation of `input` gives `expected`, and that every char of the
    /// normalised text maps back into `input` on char boundaries.
    fn check(input: &str, expected: &str) {
        let n = normalize(input);
        assert_eq!(n.text, expected, "normalised text of {input:?}");
        check_map(input, &n);
    }

    fn check_map(input: &str, n: &Normalized) {
        let mut last_end = 0;
        for (i, c) in n.text.char_indices() {
            let (from, to) = n.map.range(i, i + c.len_utf8());
            assert!(
                from <= to && to <= input.len(),
                "range {from}..{to} of {input:?}"
            );
            assert!(input.is_char_boundary(from) && input.is_char_boundary(to));
            assert!(to >= last_end || from < last_end, "ranges go backwards");
            last_end = to;
        }
        let (from, to) = n.map.range(0, n.text.len());
        assert!(input.is_char_boundary(from) && input.is_char_boundary(to));
    }

    #[test]
    fn letters_of_stable_blocks_are_stable() {
        let blocks = [
            0xC0..=0x24F,
            0x1E00..=0x1EFF,
            0x3041..=0x3096,
            0x309D..=0x30FF,
            0x3400..=0x4DBF,
            0x4E00..=0x9FFF,
            0xAC00..=0xD7A3,
        ];
        for c in blocks.into_iter().flatten().filter_map(char::from_u32) {
            assert!(is_stable(c));
            assert!(
                !nfc::is_mark(c) && !c.is_control() && nfc::is_nfc_char(c),
                "U+{:04X} is not stable",
                c as u32
            );
            assert!(invisible::replacement(c).is_none() && width::fold_char(c).is_none());
            let mut out = String::new();
            normalize_cluster(c.encode_utf8(&mut [0; 4]), &mut out);
            assert_eq!(out, c.to_string());
        }
    }

    #[test]
    fn unchanged_text_is_borrowed() {
        let n = normalize("Khoáng sản xanh, 綠色礦產");
        assert!(matches!(n.text, Cow::Borrowed(_)) && n.map.is_identity());
        let n = normalize("Vie\u{0302}\u{0323}t Nam");
        assert!(matches!(n.text, Cow::Owned(_)));
    }

    #[test]
    fn ascii_is_untouched() {
        let n = normalize("Hello, world");
        assert!(n.map.is_identity());
        assert_eq!(n.text, "Hello, world");
    }

    #[test]
    fn nfd_vietnamese_becomes_nfc() {
        let nfd = "Vie\u{0302}\u{0323}t Nam";
        check(nfd, "Việt Nam");
        let n = normalize(nfd);
        // "Việt" maps back to the whole decomposed word.
        assert_eq!(
            n.map.range(0, "Việt".len()),
            (0, "Vie\u{0302}\u{0323}t".len())
        );
    }

    #[test]
    fn full_width_becomes_half_width() {
        check("ＡＢＣ１２３　ｘ", "ABC123 x");
        check("ｶﾞｲﾄﾞ", "ガイド");
    }

    #[test]
    fn pinyin_glosses_are_dropped() {
        let input = "聯(lián)合聲明";
        check(input, "聯合聲明");
        let n = normalize(input);
        // The word 聯合 maps back to 聯(lián)合 as written.
        assert_eq!(n.map.range(0, "聯合".len()), (0, "聯(lián)合".len()));
        check("建設(shè)性", "建設性");
        // Not a gloss: no tone mark, or not after Han.
        check("中國(China)", "中國(China)");
        check("abc(lián)", "abc(lián)");
    }

    #[test]
    fn invisible_characters() {
        check("khoáng\u{200B}sản", "khoáng sản");
        check("a\u{00AD}b\u{FEFF}c", "abc");
        check("a\u{0007}b", "a b");
        check("\u{200F}שלום\u{200F} \u{202E}evil\u{202C}", "שלום evil");
    }

    proptest! {
        #[test]
        fn lookups_near_a_hint_agree_with_searches(
            s in "[ａ-ｚ，。a-z中文\u{0301}]{0,60}",
            probes in proptest::collection::vec((0usize..200, 0usize..200), 0..40),
        ) {
            let n = normalize(&s);
            let len = n.text.len();
            let mut hint = 0;
            for (a, b) in probes {
                let (a, b) = (a % (len + 1), b % (len + 1));
                let (from, to) = (a.min(b), a.max(b));
                prop_assert_eq!(n.map.range_near(&mut hint, from, to), n.map.range(from, to));
            }
        }

        #[test]
        fn map_is_valid_on_arbitrary_text(s in "\\PC{0,40}") {
            let n = normalize(&s);
            check_map(&s, &n);
        }

        #[test]
        fn map_is_valid_on_any_chars(s in any::<String>()) {
            let n = normalize(&s);
            check_map(&s, &n);
        }
    }
}
