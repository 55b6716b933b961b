//! Vietnamese words of several syllables in a query: Latin words side by side pair into
//! one unit where the index holds the pair; typed without diacritics, a function word
//! that pairs so is read as the syllable it stands for (`to chuc`: `tổ chức`).

use super::unit::{push_unit, Alt, Unit};
use crate::analysis::latin::{self, FunctionWord};
use crate::analysis::vietnamese;
use crate::query::cut::cut;
use crate::query::words::{QueryWord, Vocabulary};

/// Makes units of `words` (content words of plain clauses, in query order) and empties
/// it. Latin words side by side (only white space between them) pair into one unit when the index holds the pair (the
/// folded syllables joined by a space, which Vietnamese documents index): a Vietnamese
/// word is mostly two syllables, and `quản lý` is one word where `quản` and `lý` apart
/// are two common ones. The pairs are cut like a Han run ([`cut`]): fewest pieces, then
/// most frequent. A pair unit is held when its syllables stand side by side.
pub(super) fn pair_syllables(
    words: &mut Vec<QueryWord>,
    vocabulary: Vocabulary<'_>,
    units: &mut Vec<Unit>,
) {
    let words = std::mem::take(words);
    let mut i = 0;
    while i < words.len() {
        // A stretch of Latin words at consecutive positions.
        let mut j = i + 1;
        while j < words.len()
            && !words[i].is_cjk()
            && !words[j].is_cjk()
            && words[j].position == words[j - 1].position + 1
            && !words[j].apart
        {
            j += 1;
        }
        let stretch = &words[i..j];
        let pieces = if stretch.len() > 1 {
            pair_cut(stretch, vocabulary)
        } else {
            vec![(0, stretch.len())]
        };
        for (a, b) in pieces {
            if b - a == 1 {
                push_unit(units, Unit::word(stretch[a].clone()));
            } else {
                let words = stretch[a..b].to_vec();
                let label = words
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                let mut unit = Unit::new(
                    label,
                    vec![Alt {
                        words,
                        phrase: true,
                        title_only: false,
                    }],
                );
                unit.syllables = true;
                push_unit(units, unit);
            }
        }
        i = j;
    }
}

/// Cuts a stretch of Latin words into single words and pairs of syllables: the fewest
/// pieces whose pairs the index holds (see [`cut`]), so a query typed as a phrase is
/// matched as one wherever its syllables can pair; among those, the one whose pairs are
/// most frequent. A syllable left alone weighs nothing: one is always more frequent than
/// a pair, and weighing it cut `khoang san xanh` as `khoang` + `san xanh` (`khoảng`,
/// "about", is in most documents). On the Vietnamese judged queries this changed 8 cuts
/// of 383, 7 of them to the words a reader sees (`Dùng` + `tham số`, `Cách` + `tiếp
/// cận`, `miền` + `địa phương`; not `Khởi tạo` → `Khởi` + `tạo gói`), and R@10 and
/// MRR@10 not at all.
///
/// Pairs as frequent (the two halves of a word of three syllables, which the index
/// holds only together) tie; [`cut`] then keeps the later pair: `hệ` + `điều hành`,
/// `phi` + `lợi nhuận`. Keeping the earlier one instead (forward matching) cut `hệ điều`
/// + `hành` and `sự thích` + `ứng`, and lost 0.3 points of R@10 and 0.2 of MRR@10.
fn pair_cut(stretch: &[QueryWord], vocabulary: Vocabulary<'_>) -> Vec<(usize, usize)> {
    let syllable = |w: &QueryWord| vietnamese::is_syllable(&w.plain());
    cut(stretch.len(), 2, &|a, b| match b - a {
        2 if syllable(&stretch[a]) && syllable(&stretch[a + 1]) => (vocabulary.bigrams)(&format!(
            "{} {}",
            stretch[a].folded[0],
            stretch[a + 1].folded[0]
        )),
        _ => 0,
    })
}

/// Reads as content words the function words of a query typed without diacritics that
/// pair with a neighbour into a pair the index holds: `to`, `the`, `cho`, `trong` are
/// English or Vietnamese function words, but also `tổ`, `thế`, `chợ`, `trọng` without
/// their marks, and `to chuc the gioi` means `tổ chức thế giới`. Documents pair content
/// syllables only, so a held pair (`to chuc`, `trong tam`) comes from pages where the
/// syllable is a content word. A query that has diacritics says which word it means: it
/// is left as it is. `words`: the words of the plain clauses, in query order.
pub(super) fn unfold_function_syllables(words: &mut [&mut QueryWord], vocabulary: Vocabulary<'_>) {
    let typed_plain = |w: &QueryWord| !w.typed_with_marks();
    if !words.iter().all(|w| typed_plain(w)) {
        return;
    }
    let syllable = |w: &QueryWord| !w.is_cjk() && vietnamese::is_syllable(&w.plain());
    let pairs = |a: &QueryWord, b: &QueryWord| {
        b.position == a.position + 1
            && !b.apart
            && syllable(a)
            && syllable(b)
            && (vocabulary.bigrams)(&format!("{} {}", a.folded[0], b.folded[0])) > 0
    };
    let content: Vec<bool> = (0..words.len())
        .map(|i| {
            words[i].function
                && ((i > 0 && pairs(words[i - 1], words[i]))
                    || words.get(i + 1).is_some_and(|next| pairs(words[i], next)))
        })
        .collect();
    for (w, c) in words.iter_mut().zip(content) {
        if c {
            w.function = false;
        }
    }
}

/// Reads as Vietnamese syllables, content words, the words of a query spelled like
/// English function words (`an`, `in`, `so`, `to`, `than`) next to a word that only
/// Vietnamese writes: one with a mark, one spelled as only Vietnamese spells
/// (`an ninh`), or a Vietnamese function word (`công an`, `máy in`, `so sánh`,
/// `trước khi in`). There they are words of their own, and documents pair
/// them with a marked syllable (`an toàn`); elsewhere (`The Foundation Documents`) they
/// stay English. `words`: the words of the plain clauses, in query order.
pub(super) fn read_english_lookalikes(words: &mut [&mut QueryWord]) {
    let latin = |w: &QueryWord| !w.is_cjk() && !w.exact.is_empty() && !w.folded.is_empty();
    // As documents pair them; in a query, a Vietnamese function word too.
    let vietnamese = |w: &QueryWord| {
        latin(w)
            && (vietnamese::written_only_in_vietnamese(&w.exact[0], &w.plain())
                || latin::function_word(&w.exact[0]) == Some(FunctionWord::Vietnamese))
    };
    let side_by_side = |a: &QueryWord, b: &QueryWord| b.position == a.position + 1 && !b.apart;
    let content: Vec<bool> = (0..words.len())
        .map(|i| {
            let w = &*words[i];
            w.function
                && latin(w)
                && latin::VIETNAMESE_LOOKALIKES.contains(&w.exact[0].as_str())
                && ((i > 0 && side_by_side(words[i - 1], w) && vietnamese(words[i - 1]))
                    || words
                        .get(i + 1)
                        .is_some_and(|next| side_by_side(w, next) && vietnamese(next)))
        })
        .collect();
    for (w, c) in words.iter_mut().zip(content) {
        if c {
            w.function = false;
        }
    }
}
