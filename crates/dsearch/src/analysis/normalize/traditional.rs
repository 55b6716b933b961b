//! Traditional→simplified Chinese character fold, so that 國/国, 發/发, … index and match as one term.
//!
//! The mapping is OpenCC's `TSCharacters.txt` (Apache-2.0), vendored unchanged in
//! `crates/dsearch/data/opencc/` (see the README there) and embedded with `include_str!`.
//! It is parsed once, at first use, into a dense lookup table covering the BMP range
//! that holds keys (CJK Ext. A + the URO block) plus a small sorted list for the
//! supplementary-plane keys, so a lookup is a bounds check and one array read.
//!
//! How the table is read:
//! * Lines that are empty or start with `#` are comments.
//! * A line is `key<TAB>candidate[ candidate…]`; the fold takes the **first** candidate.
//! * A line whose key or first candidate is not exactly one `char` is ignored (there are
//!   none in the vendored version, but the fold must stay 1:1 to preserve offsets).
//! * A line whose first candidate is the key itself (OpenCC's "keep as is" default, e.g.
//!   `瞭 → 瞭 了`, or the rare `@tofu-risk` forms that OpenCC only emits from its separate
//!   `TSCharactersExt` table) is a no-op.
//! * Chains are resolved at load time so the fold is idempotent: OpenCC has
//!   `薴→苧` and `苧→苎`, so `薴` folds straight to `苎`.
//!
//! This is a character fold, not a converter: phrase-level choices (OpenCC's
//! `TSPhrases`) are deliberately out of scope, because one char must map to one char.

use std::sync::OnceLock;

/// OpenCC's traditional→simplified character table, verbatim.
pub(crate) const TS_CHARACTERS: &str = include_str!("../../../data/opencc/TSCharacters.txt");

/// The parsed fold.
struct Table {
    /// First code point covered by `bmp`.
    bmp_lo: u32,
    /// `bmp[cp - bmp_lo]` is the simplified form of `cp`, or `'\0'` when it has none.
    bmp: Box<[char]>,
    /// Supplementary-plane mappings, sorted by key.
    rest: Box<[(char, char)]>,
    /// Bit `cp` set: `cp` (in the BMP) is the simplified form of another char and has
    /// none of its own (`国`, of `國`).
    simplified: Box<[u64]>,
}

static TABLE: OnceLock<Table> = OnceLock::new();

#[inline]
fn table() -> &'static Table {
    TABLE.get_or_init(|| Table::build(TS_CHARACTERS))
}

impl Table {
    /// Parses an OpenCC character table (see the module docs for the rules).
    fn build(text: &str) -> Table {
        let mut pairs: Vec<(char, char)> = Vec::with_capacity(4096);
        for (key, values) in opencc_entries(text) {
            let Some(key) = single_char(key) else {
                continue;
            };
            let Some(first) = values.split([' ', '\t']).next().and_then(single_char) else {
                continue;
            };
            if first != key {
                pairs.push((key, first));
            }
        }
        // Sort by key; on a duplicate key the first line in the file wins.
        pairs.sort_by_key(|&(k, _)| k);
        pairs.dedup_by_key(|&mut (k, _)| k);

        // Resolve chains (a→b, b→c ⇒ a→c) so that the fold is idempotent.
        let lookup = |c: char| -> Option<char> {
            pairs
                .binary_search_by_key(&c, |&(k, _)| k)
                .ok()
                .map(|i| pairs[i].1)
        };
        let resolved: Vec<(char, char)> = pairs
            .iter()
            .map(|&(k, v)| (k, resolve_chain(k, v, &lookup)))
            .filter(|&(k, v)| k != v)
            .collect();

        // Dense window over the BMP keys; everything else goes to `rest`.
        let in_bmp = |c: char| (c as u32) <= 0xFFFF;
        let bmp_lo = resolved
            .iter()
            .map(|&(k, _)| k as u32)
            .filter(|&k| k <= 0xFFFF)
            .min();
        let bmp_hi = resolved
            .iter()
            .map(|&(k, _)| k as u32)
            .filter(|&k| k <= 0xFFFF)
            .max();
        let (bmp_lo, bmp) = match (bmp_lo, bmp_hi) {
            (Some(lo), Some(hi)) => {
                let mut bmp = vec!['\0'; (hi - lo + 1) as usize].into_boxed_slice();
                for &(k, v) in resolved.iter().filter(|&&(k, _)| in_bmp(k)) {
                    bmp[(k as u32 - lo) as usize] = v;
                }
                (lo, bmp)
            }
            _ => (0, Box::default()),
        };
        let rest: Box<[(char, char)]> = resolved
            .iter()
            .copied()
            .filter(|&(k, _)| !in_bmp(k))
            .collect();
        let mut simplified = vec![0u64; 0x10000 / 64].into_boxed_slice();
        for &(_, v) in resolved.iter().filter(|&&(_, v)| in_bmp(v)) {
            let cp = v as usize;
            simplified[cp / 64] |= 1 << (cp % 64);
        }
        for &(k, _) in resolved.iter().filter(|&&(k, _)| in_bmp(k)) {
            let cp = k as usize;
            simplified[cp / 64] &= !(1 << (cp % 64));
        }
        Table {
            bmp_lo,
            bmp,
            rest,
            simplified,
        }
    }

    #[inline]
    fn get(&self, c: char) -> char {
        let cp = c as u32;
        if let Some(&v) = self.bmp.get(cp.wrapping_sub(self.bmp_lo) as usize) {
            return if v == '\0' { c } else { v };
        }
        if cp > 0xFFFF {
            if let Ok(i) = self.rest.binary_search_by_key(&c, |&(k, _)| k) {
                return self.rest[i].1;
            }
        }
        c
    }

    /// Number of chars that have a simplified form different from themselves.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.bmp.iter().filter(|&&v| v != '\0').count() + self.rest.len()
    }
}

/// The entries of an OpenCC table, `key<TAB>candidates`, as (key, candidates): lines
/// that are empty, start with `#` or have no tab are skipped.
pub(crate) fn opencc_entries(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines()
        .map(|line| line.trim_end_matches('\r'))
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once('\t'))
}

/// `s` if it is exactly one char.
fn single_char(s: &str) -> Option<char> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Follows `key→value→…` until a char with no mapping. On a cycle (none in OpenCC's table)
/// every member folds to the smallest char of the cycle, which keeps the fold idempotent.
fn resolve_chain(key: char, value: char, lookup: &impl Fn(char) -> Option<char>) -> char {
    // Fast path: almost every value is already final (no allocation).
    match lookup(value) {
        Some(next) if next != value => {}
        _ => return value,
    }
    let mut seen = vec![key];
    let mut cur = value;
    loop {
        if let Some(pos) = seen.iter().position(|&s| s == cur) {
            return seen[pos..].iter().copied().min().unwrap_or(cur);
        }
        match lookup(cur) {
            Some(next) if next != cur => {
                seen.push(cur);
                cur = next;
            }
            _ => return cur,
        }
    }
}

/// The simplified form of `c`, or `c` itself when it has none. One char in, one char out, so offsets are preserved.
#[inline]
pub fn to_simplified(c: char) -> char {
    // Every key of the table is a Han ideograph at or above U+3400 (checked by a test);
    // this skips ASCII, Latin/Vietnamese, kana, punctuation … without touching the table.
    if (c as u32) < FIRST_POSSIBLE_KEY {
        return c;
    }
    table().get(c)
}

/// Whether `c` has a simplified form different from itself (i.e. `to_simplified(c) != c`).
#[inline]
pub fn is_traditional_only(c: char) -> bool {
    to_simplified(c) != c
}

/// Whether `c` is the simplified form of another char and has no other form itself
/// (`国`, `发`, `们`): a char that simplified text holds and traditional text does not.
/// Chars that both scripts write (`后`, also a traditional char, is the simplified form
/// of `後`) count too: OpenCC's table does not tell them apart. Only chars of the BMP
/// are known (a few simplified forms outside it, of rare chars, are not).
#[inline]
pub fn is_simplified_only(c: char) -> bool {
    let cp = c as usize;
    cp >= FIRST_POSSIBLE_KEY as usize
        && cp < 0x10000
        && table().simplified[cp / 64] & (1 << (cp % 64)) != 0
}

/// Nothing below CJK Unified Ideographs Extension A (U+3400) has a simplified form.
const FIRST_POSSIBLE_KEY: u32 = 0x3400;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::time::Instant;

    const PAIRS: &[(char, char)] = &[
        ('這', '这'),
        ('個', '个'),
        ('開', '开'),
        ('關', '关'),
        ('電', '电'),
        ('與', '与'),
        ('還', '还'),
        ('過', '过'),
        ('機', '机'),
        ('國', '国'),
        ('發', '发'),
        ('展', '展'),
        ('綠', '绿'),
        ('礦', '矿'),
        ('產', '产'),
        ('聯', '联'),
        ('設', '设'),
        ('係', '系'),
        ('現', '现'),
        ('構', '构'),
        ('會', '会'),
        ('晤', '晤'),
        ('聲', '声'),
        ('華', '华'),
        ('歐', '欧'),
        ('億', '亿'),
        ('體', '体'),
        ('學', '学'),
        ('讀', '读'),
        ('書', '书'),
    ];

    #[test]
    fn known_pairs() {
        for &(t, s) in PAIRS {
            assert_eq!(to_simplified(t), s, "{t} should fold to {s}");
            assert_eq!(
                to_simplified(s),
                s,
                "{s} is simplified and must map to itself"
            );
            assert_eq!(is_traditional_only(t), t != s, "{t}");
            assert!(!is_traditional_only(s), "{s}");
            assert!(!is_simplified_only(t), "{t}");
            assert_eq!(is_simplified_only(s), t != s, "{s}");
        }
    }

    #[test]
    fn simplified_only_chars_are_forms_of_others_and_have_none() {
        // Forms of nothing else, or chars outside the Han blocks.
        for c in "中工具人山大abc é。あア한😀\u{0}".chars() {
            assert!(!is_simplified_only(c), "{c:?}");
        }
        // Every char of the BMP the fold gives for another is simplified-only.
        for (c, s) in ('\u{3400}'..='\u{9FFF}').map(|c| (c, to_simplified(c))) {
            if s != c && (s as u32) < 0x10000 {
                assert!(is_simplified_only(s), "{s} (of {c})");
                assert!(!is_simplified_only(c), "{c}");
            }
        }
    }

    #[test]
    fn sentence_maps_char_by_char() {
        let input = "中國發展綠色礦產資源";
        let out: String = input.chars().map(to_simplified).collect();
        assert_eq!(out, "中国发展绿色矿产资源");
        assert_eq!(out.chars().count(), input.chars().count());
    }

    #[test]
    fn simplified_and_non_han_map_to_themselves() {
        for c in "中国发展绿色矿产资源这个开关电与还过机学读书abcXYZ0123 .,;!?éđươngĐẠIあいうアイウ한국어，。「」\u{0}\u{10FFFF}😀".chars() {
            assert_eq!(to_simplified(c), c, "{c:?}");
            assert!(!is_traditional_only(c), "{c:?}");
        }
    }

    #[test]
    fn table_is_complete() {
        let t = table();
        assert!(t.len() > 2500, "only {} entries", t.len());
        // The vendored OpenCC 1.4.2 table has 3222 effective mappings.
        assert!(
            t.len() >= 3000,
            "only {} entries: is the vendored table truncated?",
            t.len()
        );
    }

    #[test]
    fn every_key_is_at_or_above_the_fast_path_bound() {
        let t = table();
        assert!(t.bmp_lo >= FIRST_POSSIBLE_KEY || t.bmp.is_empty());
        assert!(t.rest.iter().all(|&(k, _)| k as u32 >= FIRST_POSSIBLE_KEY));
        // And the bound is real: the first BMP key is exactly Ext. A territory.
        assert!((0x3400..0xA000).contains(&t.bmp_lo), "{:#x}", t.bmp_lo);
    }

    #[test]
    fn first_candidate_wins() {
        // `乾 → 干 乾`, `鍊 → 炼 链 𫔀`, `畫 → 画 划`, `瀋 → 沈 渖` in OpenCC.
        assert_eq!(to_simplified('乾'), '干');
        assert_eq!(to_simplified('鍊'), '炼');
        assert_eq!(to_simplified('畫'), '画');
        assert_eq!(to_simplified('瀋'), '沈');
        // `瞭 → 瞭 了`: the first candidate is the key itself, so no fold.
        assert_eq!(to_simplified('瞭'), '瞭');
        assert!(!is_traditional_only('瞭'));
        // A supplementary-plane key (`𡞵 → 㛟`).
        assert_eq!(to_simplified('𡞵'), '㛟');
    }

    #[test]
    fn chains_are_resolved() {
        // OpenCC: 薴→苧 and 苧→苎.
        assert_eq!(to_simplified('苧'), '苎');
        assert_eq!(to_simplified('薴'), '苎');
    }

    #[test]
    fn idempotent_on_every_char() {
        // Exhaustive over all of Unicode (1.1M scalar values: cheap).
        for cp in 0..=0x10FFFFu32 {
            if let Some(c) = char::from_u32(cp) {
                let s = to_simplified(c);
                assert_eq!(to_simplified(s), s, "{c} → {s} → {}", to_simplified(s));
                assert_eq!(is_traditional_only(c), s != c);
            }
        }
    }

    #[test]
    fn idempotent_on_the_raw_table_entries() {
        for line in TS_CHARACTERS
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let (k, vs) = line
                .split_once('\t')
                .expect("OpenCC line is key<TAB>values");
            for c in k.chars().chain(vs.chars().filter(|c| !c.is_whitespace())) {
                let s = to_simplified(c);
                assert_eq!(to_simplified(s), s, "{line}");
            }
        }
    }

    #[test]
    fn parser_rules() {
        let t = Table::build(
            "# comment\n\
             \n\
             甲\t乙 丙\n\
             乙\t丁\n\
             戊\t戊 己\n\
             庚辛\t壬\n\
             癸\t子丑\n\
             寅\t\n\
             no tab here\n\
             卯\t辰\r\n\
             巳\t午\n\
             午\t巳\n\
             𠀀\t未\n",
        );
        assert_eq!(t.get('甲'), '丁', "first candidate, then chain 乙→丁");
        assert_eq!(t.get('乙'), '丁');
        assert_eq!(t.get('戊'), '戊', "identity first candidate is a no-op");
        assert_eq!(t.get('庚'), '庚', "multi-char key ignored");
        assert_eq!(t.get('癸'), '癸', "multi-char value ignored");
        assert_eq!(t.get('寅'), '寅', "empty value ignored");
        assert_eq!(t.get('卯'), '辰', "CRLF tolerated");
        // A cycle folds to its smallest member, so the fold stays idempotent.
        let m = t.get('巳');
        assert_eq!(m, t.get('午'));
        assert_eq!(t.get(m), m);
        assert_eq!(t.get('𠀀'), '未', "supplementary-plane key");
        assert_eq!(t.get('a'), 'a');
        // 甲, 乙, 卯, 𠀀, and one member of the 巳/午 cycle (the other becomes a no-op).
        assert_eq!(t.len(), 5);
    }

    #[test]
    fn parse_is_fast() {
        // Report-only guard against accidental quadratic parsing; the real cost (release)
        // is a few hundred microseconds at most. Generous because debug builds are slow.
        let start = Instant::now();
        let t = Table::build(TS_CHARACTERS);
        let took = start.elapsed();
        assert!(t.len() > 2500);
        assert!(took.as_millis() < 200, "parsing the table took {took:?}");
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(c in any::<char>()) {
            let s = to_simplified(c);
            prop_assert_eq!(to_simplified(s), s);
            prop_assert_eq!(is_traditional_only(c), s != c);
            if (c as u32) < FIRST_POSSIBLE_KEY {
                prop_assert_eq!(s, c);
            }
        }

        #[test]
        fn string_fold_preserves_char_count(s in "\\PC{0,64}") {
            let folded: String = s.chars().map(to_simplified).collect();
            prop_assert_eq!(folded.chars().count(), s.chars().count());
        }
    }
}
