//! Snippets: fragments of the stored original text around the matches, with a budget
//! in characters (not bytes), preferring sentence boundaries (`。！？.!?`), joined with
//! `…`, and highlights that cover exactly the matched words as written in the original,
//! also for folded (`khoang` → `khoáng`) and cross-script (`绿色` → `綠色`) matches.
//!
//! The highlights are found in [`highlight`]; this module chooses the fragments around
//! them and renders them.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::analysis;
use crate::analysis::script::{is_han, is_hangul, is_kana};

mod bonds;
pub mod highlight;
mod neighbours;
mod sequences;

pub use highlight::highlights;

/// Snippet shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnippetOptions {
    /// Budget in characters for the whole snippet (ellipses not counted).
    pub chars: usize,
    /// Most fragments to show.
    pub fragments: usize,
}

impl Default for SnippetOptions {
    fn default() -> SnippetOptions {
        SnippetOptions {
            chars: 200,
            fragments: 2,
        }
    }
}

/// A snippet: text and the byte ranges of its highlighted words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The snippet text: fragments of the original, whitespace collapsed, joined by `…`.
    pub text: String,
    /// Byte ranges `[start, end)` into `text`, one per highlighted word, in order.
    pub highlights: Vec<(usize, usize)>,
}

const ELLIPSIS: &str = "…";

/// True when `chars[i]` ends a sentence: CJK full stops always; `.` `!` `?` `;` unless
/// a letter or digit of an alphabet follows (`1.250`, `v1.2`, `example.com`; CJK text
/// after `!` starts a sentence); a line break when a blank line follows (a paragraph),
/// not a line of hard-wrapped text.
fn is_sentence_end(chars: &[char], i: usize) -> bool {
    match chars[i] {
        '。' | '！' | '？' | '；' => true,
        '.' | '!' | '?' | ';' => chars
            .get(i + 1)
            .is_none_or(|&c| !c.is_alphanumeric() || is_han(c) || is_kana(c) || is_hangul(c)),
        '\n' => chars[i + 1..]
            .iter()
            .find(|c| !matches!(c, ' ' | '\t' | '\r'))
            .is_none_or(|&c| c == '\n'),
        _ => false,
    }
}

fn is_soft_break(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '，' | '、' | ',' | '：' | ':' | '）' | '(' | ')' | '（' | '“' | '”' | '"'
        )
}

/// Windows tried around the matches of one word when choosing a fragment: its first
/// matches, where a document usually says most.
const MAX_ANCHORS_PER_WORD: u8 = 8;

/// Builds the snippet of `text` around `hl` (byte ranges from [`highlights`]).
pub fn snippet(text: &str, hl: &[(usize, usize)], opts: SnippetOptions) -> Snippet {
    // No window reaches further than its budget past the last highlight: the rest of a
    // long text is not read (the cut stays beyond every window, so a window that ends
    // before the text does still says so).
    let reach = hl
        .last()
        .map_or(0, |h| h.1)
        .saturating_add(opts.chars.max(16).saturating_mul(4))
        .saturating_add(4);
    let text = if reach < text.len() {
        &text[..ceil_char_boundary(text, reach)]
    } else {
        text
    };
    // One pass, allocated once: a char is at least one byte.
    let mut starts: Vec<usize> = Vec::with_capacity(text.len());
    let mut chars: Vec<char> = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        starts.push(i);
        chars.push(c);
    }
    let n = chars.len();
    let to_char = |b: usize| starts.partition_point(|&s| s < b);
    let hl_chars: Vec<(usize, usize)> = hl.iter().map(|&(s, e)| (to_char(s), to_char(e))).collect();
    let fragments = opts.fragments.max(1);
    let per = (opts.chars / fragments).max(16);

    let mut windows: Vec<(usize, usize)> = Vec::new();
    if n <= opts.chars.max(16) {
        windows.push((0, n));
    } else if hl_chars.is_empty() {
        windows.push(window_at(&chars, 0, per, &[]));
    } else {
        // Each highlight's word, as a small number: the same word highlighted twice
        // counts once.
        let mut ids: FxHashMap<String, usize> = FxHashMap::default();
        let mut form = String::new();
        let keys: Vec<usize> = hl
            .iter()
            .map(|&(s, e)| {
                form.clear();
                analysis::latin::push_exact(&text[s..e], &mut form);
                if let Some(&id) = ids.get(form.as_str()) {
                    return id;
                }
                let id = ids.len();
                ids.insert(form.clone(), id);
                id
            })
            .collect();
        // Greedy: the window with the most distinct matched words first; a further
        // window only when it shows a word the others do not. Highlights are sorted and
        // do not overlap, so those inside a window are a range of them.
        let inside = |w: (usize, usize)| {
            let lo = hl_chars.partition_point(|h| h.0 < w.0);
            let hi = hl_chars.partition_point(|h| h.1 <= w.1).max(lo);
            lo..hi
        };
        let mut shown = vec![false; ids.len()];
        let mut stamp = vec![0usize; ids.len()];
        let mut round = 0;
        let mut anchors = Vec::new();
        for _ in 0..fragments {
            // (score, window, anchor highlight)
            type Candidate = ((usize, usize), (usize, usize), usize);
            let mut best: Option<Candidate> = None;
            // Anchored on the first match of each word not shown yet, and on the next
            // few matches: a window further on may hold more of the words.
            let mut tried = vec![0u8; ids.len()];
            for (j, &(hs, _)) in hl_chars.iter().enumerate() {
                let key = keys[j];
                if shown[key] || tried[key] >= MAX_ANCHORS_PER_WORD {
                    continue;
                }
                tried[key] += 1;
                let w = window_at(&chars, hs, per, &hl_chars);
                if windows.iter().any(|&(a, b)| w.0 < b && a < w.1) {
                    continue;
                }
                round += 1;
                let range = inside(w);
                let count = range.len();
                let mut new = 0;
                for &k in &keys[range] {
                    if !shown[k] && stamp[k] != round {
                        stamp[k] = round;
                        new += 1;
                    }
                }
                let score = (new, count);
                if best.is_none_or(|(s, _, _)| score > s) {
                    best = Some((score, w, j));
                }
            }
            let Some((_, w, j)) = best else { break };
            for &k in &keys[inside(w)] {
                shown[k] = true;
            }
            windows.push(w);
            anchors.push(j);
        }
        // One fragment says it all: give it the whole budget.
        if anchors.len() == 1 {
            windows[0] = window_at(
                &chars,
                hl_chars[anchors[0]].0,
                opts.chars.max(16),
                &hl_chars,
            );
        }
        windows.sort_unstable();
    }
    render(&chars, &windows, &hl_chars)
}

/// The first char boundary of `text` at or after `i` (at most its length).
fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i.min(text.len())
}

/// A window of about `per` chars around the highlight starting at char `at`, snapped to
/// sentence starts and ends where they are near, never cutting a highlight.
fn window_at(chars: &[char], at: usize, per: usize, hl: &[(usize, usize)]) -> (usize, usize) {
    let n = chars.len();
    // Start: the sentence start before `at` if it is near, else a soft break, else a cut.
    let reach = per / 3;
    let lo = at.saturating_sub(reach);
    let mut s = (lo..at)
        .rev()
        .find(|&i| is_sentence_end(chars, i))
        .map(|i| i + 1)
        .unwrap_or_else(|| {
            let cut = at.saturating_sub(per / 5);
            (cut.saturating_sub(8)..=cut)
                .rev()
                .find(|&i| i == 0 || is_soft_break(chars[i - 1]))
                .unwrap_or(cut)
        });
    if at < reach && (0..at).all(|i| !is_sentence_end(chars, i)) {
        s = 0;
    }
    while s < at && chars[s].is_whitespace() {
        s += 1;
    }
    let mut e = (s + per).min(n);
    // Never cut a highlight that starts inside (highlights are sorted, apart).
    let before = hl.partition_point(|h| h.0 < e);
    if let Some(&(_, he)) = before.checked_sub(1).map(|i| &hl[i]) {
        if he > e {
            e = he.min(n);
        }
    }
    // End: a sentence end in the last third, after the match at `at`.
    if e < n {
        let i = hl.partition_point(|h| h.0 < at);
        let first_end = hl.get(i).filter(|h| h.0 == at).map_or(at + 1, |h| h.1);
        let floor = first_end.max(e.saturating_sub(per / 3));
        if let Some(i) = (floor..e).rev().find(|&i| is_sentence_end(chars, i)) {
            e = i + 1;
        } else if let Some(i) = (floor.max(e.saturating_sub(10))..e)
            .rev()
            .find(|&i| is_soft_break(chars[i]))
        {
            e = i + 1;
        }
    }
    (s, e.max(s))
}

fn render(chars: &[char], windows: &[(usize, usize)], hl: &[(usize, usize)]) -> Snippet {
    let n = chars.len();
    let mut out = Snippet::default();
    for (wi, &(s, e)) in windows.iter().enumerate() {
        if s >= e {
            continue;
        }
        let mut piece = String::new();
        let mut map = Vec::with_capacity(e - s + 1);
        let mut last_space = true;
        for &c in &chars[s..e] {
            map.push(piece.len());
            if c.is_whitespace() {
                if !last_space {
                    piece.push(' ');
                }
                last_space = true;
            } else {
                piece.push(c);
                last_space = false;
            }
        }
        map.push(piece.len());
        let trimmed_end = piece.trim_end().len();
        let lead = if wi > 0 || s > 0 {
            if out.text.is_empty() {
                format!("{ELLIPSIS} ")
            } else {
                format!(" {ELLIPSIS} ")
            }
        } else {
            String::new()
        };
        if wi > 0 && out.text.ends_with(ELLIPSIS) {
            out.text.push(' ');
        } else {
            out.text.push_str(&lead);
        }
        let base = out.text.len();
        out.text.push_str(&piece[..trimmed_end]);
        for &(hs, he) in hl {
            if hs >= s && he <= e && hs < he {
                let a = base + map[hs - s];
                let b = base + map[he - s].min(trimmed_end);
                if a < b {
                    out.highlights.push((a, b));
                }
            }
        }
        if e < n && !is_sentence_end(chars, e - 1) {
            out.text.push_str(&format!(" {ELLIPSIS}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Highlight;

    fn hl(exact: &[&str], folded: &[&str], cjk: &[&[&str]]) -> Highlight {
        super::highlight::tests::hl(exact, folded, cjk, &[])
    }

    /// Checks the snippet's highlighted slices and its character budget.
    fn check(text: &str, h: &Highlight, opts: SnippetOptions, expected: &[&str]) -> Snippet {
        let ranges = highlights(text, h);
        let s = snippet(text, &ranges, opts);
        let got: Vec<&str> = s.highlights.iter().map(|&(a, b)| &s.text[a..b]).collect();
        assert_eq!(got, expected, "highlights of snippet {:?}", s.text);
        let body_chars = s.text.chars().filter(|&c| c != '…').count();
        assert!(
            body_chars <= opts.chars + 2 * opts.fragments + 40,
            "snippet too long: {}",
            s.text
        );
        s
    }

    #[test]
    fn folded_query_highlights_original() {
        let text = "Hợp tác khoáng sản xanh và đổi mới.";
        check(
            text,
            &hl(&["khoang", "san"], &["khoang", "san"], &[]),
            SnippetOptions::default(),
            &["khoáng", "sản"],
        );
    }

    #[test]
    fn simplified_query_highlights_traditional() {
        let text = "各方同意加強綠色礦產合作。";
        check(
            text,
            &hl(&[], &[], &[&["绿色", "色矿", "矿产"]]),
            SnippetOptions::default(),
            &["綠色礦產"],
        );
    }

    #[test]
    fn budget_counts_characters_and_prefers_sentences() {
        let filler = "这是一个很长的句子用来填充文本。".repeat(30);
        let text = format!("{filler}中国发展绿色矿产资源。{filler}");
        let s = check(
            &text,
            &hl(&[], &[], &[&["绿色", "色矿", "矿产"]]),
            SnippetOptions {
                chars: 60,
                fragments: 1,
            },
            &["绿色矿产"],
        );
        assert!(
            s.text.starts_with("… 中国发展"),
            "starts at the sentence: {}",
            s.text
        );
        assert!(s.text.chars().count() < 80, "{}", s.text);
    }

    #[test]
    fn numbers_and_wrapped_lines_are_not_sentence_ends() {
        let filler = "Thị trường xăng dầu trong nước biến động mạnh trong tuần qua. ".repeat(3);
        let text = format!("{filler}Giá xăng giảm 1.250 đồng mỗi lít từ chiều nay.");
        let s = check(
            &text,
            &hl(&["đồng"], &[], &[]),
            SnippetOptions {
                chars: 60,
                fragments: 1,
            },
            &["đồng"],
        );
        assert!(s.text.contains("1.250 đồng"), "{}", s.text);
        let text = format!(
            "{filler}\nNgân hàng Nhà nước quyết định giảm lãi suất\nđiều hành thêm 0,5 điểm\nphần trăm kể từ ngày mai.\n\nĐoạn sau."
        );
        let s = check(
            &text,
            &hl(&["lãi", "suất"], &["lai", "suat"], &[]),
            SnippetOptions {
                chars: 80,
                fragments: 1,
            },
            &["lãi", "suất"],
        );
        assert!(s.text.contains("giảm lãi suất điều hành"), "{}", s.text);
        assert!(
            !s.text.contains("Đoạn sau"),
            "a blank line ends it: {}",
            s.text
        );
        // `!` before CJK text ends a sentence.
        let filler = "これは長い説明が続きます".repeat(4);
        let text = format!("{filler}!次は空港の改装について説明します。");
        let s = check(
            &text,
            &hl(&[], &[], &[&["空港"]]),
            SnippetOptions {
                chars: 60,
                fragments: 1,
            },
            &["空港"],
        );
        assert!(s.text.starts_with("… 次は空港"), "{}", s.text);
    }

    #[test]
    fn far_matches_make_two_fragments() {
        let filler = "Lorem ipsum dolor sit amet. ".repeat(40);
        let text = format!("Alpha starts here. {filler} Omega ends here.");
        let s = check(
            &text,
            &hl(&["alpha", "omega"], &["alpha", "omega"], &[]),
            SnippetOptions {
                chars: 80,
                fragments: 2,
            },
            &["Alpha", "Omega"],
        );
        assert!(s.text.contains(" … "), "{}", s.text);
    }
}
