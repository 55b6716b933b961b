//! Vietnamese: one tone-mark placement for the exact form (`hoà` = `hòa`,
//! `thuỷ` = `thủy`, `khoẻ` = `khỏe`). Folding (`đ` to `d`, marks off) lives in
//! [`crate::analysis::normalize::diacritics`]; NFC runs before both.
//!
//! The canonical placement is the "old style" most Vietnamese news sites print: in an
//! open syllable with two vowels (`oa`, `oe`, `uy`, `ai`, `ua`, ...) the tone sits on the
//! first vowel (`hòa`, `khỏe`, `thủy`); a vowel with a hat, breve or horn
//! (`â ă ê ô ơ ư`) takes it (`ơ` in `ươ`); in a closed syllable or a three-vowel nucleus
//! it sits on the last or the middle vowel (`hoàng`, `người`, `ngoài`). `qu` and `gi`
//! count as consonants.

use std::borrow::Cow;
use unicode_normalization::char::{compose, decompose_canonical};

/// The five Vietnamese tone marks as combining characters.
const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];

/// Splits an NFC char into (base with its hat/breve/horn, tone mark).
fn split_tone(c: char) -> (char, Option<char>) {
    if c.is_ascii() {
        return (c, None);
    }
    let mut parts = ['\0'; 4];
    let mut n = 0;
    decompose_canonical(c, |d| {
        if n < parts.len() {
            parts[n] = d;
            n += 1;
        }
    });
    if n == 0 {
        return (c, None);
    }
    let mut tone = None;
    let mut b = parts[0];
    for &m in &parts[1..n] {
        if TONES.contains(&m) && tone.is_none() {
            tone = Some(m);
        } else {
            b = compose(b, m).unwrap_or(b);
        }
    }
    (b, tone)
}

/// Words up to this many chars are placed without a heap allocation.
const STACK_CHARS: usize = 16;

/// True for chars that can be a vowel of a Vietnamese syllable: ASCII vowels and
/// every non-ASCII Latin letter (a cheap over-approximation for the fast path).
fn maybe_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'A' | 'E' | 'I' | 'O' | 'U' | 'Y'
    ) || matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF)
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă'
            | 'â'
            | 'e'
            | 'ê'
            | 'i'
            | 'o'
            | 'ô'
            | 'ơ'
            | 'u'
            | 'ư'
            | 'y'
            | 'A'
            | 'Ă'
            | 'Â'
            | 'E'
            | 'Ê'
            | 'I'
            | 'O'
            | 'Ô'
            | 'Ơ'
            | 'U'
            | 'Ư'
            | 'Y'
    )
}

fn has_modifier(c: char) -> bool {
    matches!(
        c,
        'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư' | 'Ă' | 'Â' | 'Ê' | 'Ô' | 'Ơ' | 'Ư'
    )
}

/// Vietnamese function words, in their exact form (lower case, canonical tone
/// placement): the possessive and plural markers (của, các, những), conjunctions (và,
/// hoặc, hay, nhưng, mà, thì, nên, vì, do, rằng), prepositions (cho, với, trong, từ,
/// về, theo, ở, tại, bởi, để), the copula and auxiliaries (là, có, được, bị, đã, sẽ,
/// đang, cũng), the numeral classifier một and question words (gì, nào). Typed without
/// diacritics (`cua`) a word is never a function word: `cua` may be `cửa` or `cua`.
pub const FUNCTION_WORDS: &[&str] = &[
    "của", "các", "những", "và", "hoặc", "hay", "nhưng", "mà", "thì", "nên", "vì", "do", "rằng",
    "cho", "với", "trong", "từ", "về", "theo", "ở", "tại", "bởi", "để", "là", "có", "được", "bị",
    "đã", "sẽ", "đang", "cũng", "như", "một", "này", "đó", "gì", "nào", "rất", "khi", "lại",
];

/// Consonant clusters that start a Vietnamese syllable (folded, lower case).
const INITIALS: [&str; 27] = [
    "", "b", "c", "ch", "d", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh",
    "p", "ph", "q", "qu", "r", "s", "t", "th", "tr", "v",
];
/// ... and that end one.
const FINALS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// True when `folded` (lower case, without diacritics) has the shape of one Vietnamese
/// syllable: an initial consonant cluster, one run of vowels, a final consonant
/// cluster (`khoang`, `nguyen`, `quy`; not `debian`, `gnu` or `linux`). Syllable pairs
/// are only made of syllables.
pub fn is_syllable(folded: &str) -> bool {
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    if folded.len() > 7 || !folded.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    let Some(start) = folded.find(vowel) else {
        return false;
    };
    let end = folded[start..]
        .find(|c: char| !vowel(c))
        .map_or(folded.len(), |i| start + i);
    let (initial, nucleus, last) = (&folded[..start], &folded[start..end], &folded[end..]);
    // `x` starts a syllable too (`xanh`); `gi` and `qu` borrow a vowel.
    (INITIALS.contains(&initial) || initial == "x")
        && !nucleus.is_empty()
        && nucleus.len() <= 3
        && FINALS.contains(&last)
}

/// True when `folded` is a syllable spelled as only Vietnamese spells one, marks aside:
/// it starts with `kh`, `ng`, `nh`, `gh` or `gi` and a vowel, or ends with `nh` (`ninh`,
/// `khang`, `nghe`, `giang`), which no English word does. With a mark, any syllable is
/// (see [`crate::analysis::latin::FunctionWord::English`]).
pub fn spelled_only_in_vietnamese(folded: &str) -> bool {
    is_syllable(folded) && vietnamese_spelling(folded)
}

/// The spelling test of [`spelled_only_in_vietnamese`], for a syllable already known.
fn vietnamese_spelling(folded: &str) -> bool {
    let gi_vowel = folded
        .strip_prefix("gi")
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| matches!(c, 'a' | 'e' | 'o' | 'u'));
    ["kh", "ng", "nh", "gh"]
        .iter()
        .any(|p| folded.starts_with(p))
        || gi_vowel
        || folded.ends_with("nh")
}

/// True when a word, by its exact and folded forms, is a syllable only Vietnamese
/// writes: it carries a mark (`toàn`, `máy`) or is [`spelled_only_in_vietnamese`]
/// (`ninh`). A syllable spelled like an English function word pairs, in documents, and
/// is a content word, in queries, only next to such a one
/// ([`crate::analysis::latin::VIETNAMESE_LOOKALIKES`]).
pub fn written_only_in_vietnamese(exact: &str, folded: &str) -> bool {
    is_syllable(folded) && (exact != folded || vietnamese_spelling(folded))
}

/// True when `word` (an exact form) is one of [`FUNCTION_WORDS`].
pub fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.contains(&word)
}

/// The word with its tone mark on the canonical vowel. Words that are not one
/// Vietnamese-looking syllable with exactly one tone mark are returned unchanged.
pub fn canonical_tone(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    // Fast path: a tone can only move inside a run of two or more vowels that holds a
    // non-ASCII letter.
    let mut run = 0;
    let mut run_has_non_ascii = false;
    let mut movable = false;
    for c in word.chars() {
        if maybe_vowel(c) {
            run += 1;
            run_has_non_ascii |= !c.is_ascii();
            if run >= 2 && run_has_non_ascii {
                movable = true;
                break;
            }
        } else {
            run = 0;
            run_has_non_ascii = false;
        }
    }
    if !movable {
        return Cow::Borrowed(word);
    }
    // The bases on the stack: a syllable has at most seven letters (`nghiêng`); longer
    // words (loanwords, run-together text) spill to the heap and follow the same rule.
    let mut buf = ['\0'; STACK_CHARS];
    let mut spill: Vec<char> = Vec::new();
    let mut n = 0;
    let mut tone: Option<(usize, char)> = None;
    for c in word.chars() {
        let (b, t) = split_tone(c);
        if let Some(t) = t {
            if tone.is_some() {
                return Cow::Borrowed(word);
            }
            tone = Some((n, t));
        }
        if n < STACK_CHARS {
            buf[n] = b;
        } else {
            if spill.is_empty() {
                spill.extend_from_slice(&buf);
            }
            spill.push(b);
        }
        n += 1;
    }
    let bases: &[char] = if n <= STACK_CHARS { &buf[..n] } else { &spill };
    let Some((at, mark)) = tone else {
        return Cow::Borrowed(word);
    };
    if !is_vowel(bases[at]) {
        return Cow::Borrowed(word);
    }
    // The vowel nucleus around the toned vowel.
    let mut start = at;
    while start > 0 && is_vowel(bases[start - 1]) {
        start -= 1;
    }
    let mut end = at + 1;
    while end < bases.len() && is_vowel(bases[end]) {
        end += 1;
    }
    // `qu` and `gi` onsets: the u / i belongs to the consonant.
    if end - start > 1 && start > 0 {
        let prev = bases[start - 1].to_ascii_lowercase();
        let first = bases[start].to_ascii_lowercase();
        if (prev == 'q' && first == 'u') || (prev == 'g' && first == 'i') {
            start += 1;
        }
    }
    let len = end - start;
    if len <= 1 {
        return Cow::Borrowed(word);
    }
    let closed = end < bases.len();
    let target = if let Some(i) = (start..end).rev().find(|&i| has_modifier(bases[i])) {
        i
    } else if closed {
        end - 1
    } else if len >= 3 {
        start + 1
    } else {
        start
    };
    if target == at {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len() + 2);
    for (i, &b) in bases.iter().enumerate() {
        if i == target {
            match compose(b, mark) {
                Some(toned) => out.push(toned),
                None => {
                    out.push(b);
                    out.push(mark);
                }
            }
        } else {
            out.push(b);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::{canonical_tone, is_syllable, spelled_only_in_vietnamese};

    #[test]
    fn syllable_shapes() {
        for s in [
            "khoang", "san", "xanh", "nguyen", "quy", "gia", "a", "uong", "nghieng", "oan",
        ] {
            assert!(is_syllable(s), "{s}");
        }
        for s in [
            "debian",
            "gnu",
            "linux",
            "debootstrap",
            "tftp",
            "3g",
            "aeiou",
        ] {
            assert!(!is_syllable(s), "{s}");
        }
    }

    #[test]
    fn both_placements_meet() {
        for (a, b) in [
            ("hoà", "hòa"),
            ("thuỷ", "thủy"),
            ("khoẻ", "khỏe"),
            ("hoá", "hóa"),
            ("tuỳ", "tùy"),
            ("loà", "lòa"),
        ] {
            assert_eq!(canonical_tone(a), canonical_tone(b), "{a} vs {b}");
            assert_eq!(
                canonical_tone(a),
                b,
                "{a} places the tone on the first vowel"
            );
        }
    }

    #[test]
    fn fixed_placements_stay() {
        for w in [
            "hoàng",
            "người",
            "ngoài",
            "quả",
            "già",
            "gì",
            "việt",
            "mười",
            "khuyến",
            "thuở",
            "của",
            "mái",
            "nghĩa",
            "tiếng",
            "đường",
            "quốc",
            "khoáng",
            "sản",
            "xanh",
            "café",
        ] {
            assert_eq!(canonical_tone(w), w, "{w} must not move");
        }
    }

    #[test]
    fn long_words_follow_the_same_rule() {
        let long = format!("{}hoà", "x".repeat(20));
        assert_eq!(canonical_tone(&long), format!("{}hòa", "x".repeat(20)));
    }

    #[test]
    fn wrong_placements_are_fixed() {
        assert_eq!(canonical_tone("hoàng"), "hoàng");
        assert_eq!(canonical_tone("hòang"), "hoàng");
        assert_eq!(canonical_tone("ngùoi"), "nguòi");
        assert_eq!(canonical_tone("Hoà"), "Hòa");
    }

    #[test]
    fn some_spellings_are_only_vietnamese() {
        for w in [
            "ninh", "khang", "nghe", "nhanh", "ghe", "thanh", "ngoai", "giang", "gio",
        ] {
            assert!(spelled_only_in_vietnamese(w), "{w}");
        }
        for w in [
            "an", "to", "the", "long", "much", "go", "run", "king", "khaki", "gin", "git",
        ] {
            assert!(!spelled_only_in_vietnamese(w), "{w}");
        }
    }
}
