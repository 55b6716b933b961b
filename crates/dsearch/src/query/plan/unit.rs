//! What a unit of the plan is: alternatives, each of words that must all match; and how
//! a unit joins the others once (`xanh xanh` is one unit).

use crate::query::words::QueryWord;

/// One alternative of a unit: words that must all match (side by side, in order, for a
/// phrase).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alt {
    /// The words, with their query positions.
    pub words: Vec<QueryWord>,
    /// True for a quoted phrase.
    pub phrase: bool,
    /// True when it must match in the title.
    pub title_only: bool,
}

/// A unit of the query: one word, a phrase, or alternatives joined by `OR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The unit as typed, for "missing" lists and explanations.
    pub label: String,
    /// Alternatives: the unit matches when any does.
    pub alts: Vec<Alt>,
    /// Query positions of the first word of each later occurrence of the same unit
    /// (`選択 楕円選択`: `選択` again at 2). For a unit of one word or one phrase,
    /// proximity pairs every occurrence with the words beside it (`楕円` → `選択` too),
    /// so such a word typed twice counts once in the tiers but at each place in the
    /// pairs; other units (`OR` groups, `title:`) take no part in proximity.
    pub repeats: Vec<u32>,
    /// True for a Vietnamese word of several syllables read from plain words (`quản
    /// lý`, not a quoted phrase): held where its syllables stand side by side. When the
    /// page is not full, documents that hold its syllables only apart come last.
    pub syllables: bool,
}

impl Unit {
    /// The single word of a one-word unit.
    pub fn single_word(&self) -> Option<&QueryWord> {
        match self.alts.as_slice() {
            [alt] if alt.words.len() == 1 && !alt.title_only => alt.words.first(),
            _ => None,
        }
    }

    /// True for a unit of one word or one phrase, anywhere (not `title:`): it has
    /// positions, and takes part in proximity.
    pub fn anchored(&self) -> bool {
        matches!(self.alts.as_slice(), [a] if !a.title_only && (a.phrase || a.words.len() == 1))
    }

    pub(super) fn new(label: String, alts: Vec<Alt>) -> Unit {
        Unit {
            label,
            alts,
            repeats: Vec::new(),
            syllables: false,
        }
    }

    pub(super) fn word(w: QueryWord) -> Unit {
        Unit::new(
            w.text.clone(),
            vec![Alt {
                words: vec![w],
                phrase: false,
                title_only: false,
            }],
        )
    }

    /// The terms that identify the unit, to drop a repeated word.
    fn identity(&self) -> Vec<(Vec<String>, Vec<String>, bool, bool)> {
        self.alts
            .iter()
            .map(|a| {
                (
                    a.words.iter().flat_map(|w| w.exact.clone()).collect(),
                    a.words.iter().flat_map(|w| w.folded.clone()).collect(),
                    a.phrase,
                    a.title_only,
                )
            })
            .collect()
    }
}

/// Adds a unit unless the same one is there already (`xanh xanh`); then the position
/// of this occurrence joins the first one's [`Unit::repeats`].
pub(super) fn push_unit(units: &mut Vec<Unit>, unit: Unit) {
    let id = unit.identity();
    match units.iter_mut().find(|u| u.identity() == id) {
        Some(first) => {
            if let Some(w) = unit.alts.first().and_then(|a| a.words.first()) {
                first.repeats.push(w.position);
            }
        }
        None => units.push(unit),
    }
}
