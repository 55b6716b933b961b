//! What a hit's snippet marks: the forms of the query's words, and the stems of the
//! Japanese verbs and adjectives among them.

use std::collections::BTreeSet;

use crate::analysis::script;
use crate::query::words::{bigram_chain, Grams, QueryWord};

/// What to highlight in a hit's snippet.
#[derive(Debug, Clone, Default)]
pub struct Highlight {
    /// Exact word forms.
    pub exact: BTreeSet<String>,
    /// Folded word forms.
    pub folded: BTreeSet<String>,
    /// Bigram sequences of CJK words (two or more characters).
    pub cjk: BTreeSet<Vec<String>>,
    /// Single CJK characters (simplified).
    pub cjk_chars: BTreeSet<char>,
    /// Stems of Japanese verbs and adjectives, as written (`降` of `降る`, `上が` of
    /// `上がる`): the index finds `降った` by its base form, which the text does not
    /// hold, so the stem is highlighted where no kanji comes before it and hiragana
    /// follow (see [`inflection_stem`]).
    pub stems: BTreeSet<String>,
    /// Function words marked where they stand beside their query word, as the ranking
    /// pairs them ([`super::Plan::bonds`]): `do` right after `tự` for `tự do`.
    pub bonds: BTreeSet<BondForms>,
    /// The Latin words of phrases and of Vietnamese words of several syllables (`cơ
    /// thể`, `"hàng hóa"`): each is marked only where the others stand beside it in
    /// order, as the ranking holds them, not in `Có thể` nor in `Hàng. Hóa đơn`.
    pub sequences: BTreeSet<Vec<SequenceWord>>,
    /// The folded forms of the Latin words marked wherever they stand (those of no
    /// sequence, or of a sequence and typed alone too).
    pub alone: BTreeSet<String>,
}

/// A word of a [`Highlight::sequences`] sequence: the forms it matches as written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SequenceWord {
    /// Exact forms (lower case, diacritics kept).
    pub exact: Vec<String>,
    /// Folded forms.
    pub folded: Vec<String>,
    /// Typed with diacritics: only an exact form matches (`cơ` is not `có`).
    pub exact_only: bool,
}

impl SequenceWord {
    /// True when a word written with these forms is this word.
    pub fn matches(&self, exact: &str, folded: &str) -> bool {
        if self.exact_only {
            self.exact.iter().any(|e| e == exact)
        } else {
            self.folded.iter().any(|f| f == folded)
        }
    }
}

/// The forms that mark a function word beside its query word.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BondForms {
    /// The function word: its exact form when `exact_only`, else its folded form.
    pub word: String,
    /// Only the exact form counts (typed with diacritics that documents have).
    pub exact_only: bool,
    /// The folded form of the query word it stands beside.
    pub neighbour: String,
    /// True when the function word comes right before the query word.
    pub before: bool,
}

impl Highlight {
    /// Marks the function word of `bond` beside its unit's word.
    pub(super) fn add_bond(&mut self, plan: &super::Plan, bond: &super::Bond) {
        let w = &plan.optional[bond.optional];
        let words = &plan.units[bond.unit].alts[0].words;
        let neighbour = if bond.before {
            &words[0]
        } else {
            &words[words.len() - 1]
        };
        let (Some(word), Some(near)) = (
            if bond.exact_only {
                w.exact.first()
            } else {
                w.folded.first()
            },
            neighbour.folded.first(),
        ) else {
            return;
        };
        self.bonds.insert(BondForms {
            word: word.clone(),
            exact_only: bond.exact_only,
            neighbour: near.clone(),
            before: bond.before,
        });
    }

    /// Marks the words of one alternative of a unit: a phrase or a word of several
    /// syllables of Latin words is a sequence.
    pub(super) fn add_alt(&mut self, words: &[&QueryWord], phrase: bool) {
        let latin = |w: &&&QueryWord| !w.is_cjk() && matches!(w.grams, Grams::None);
        let sequence = phrase && words.len() > 1 && words.iter().all(|w| latin(&w));
        if sequence {
            self.sequences.insert(
                words
                    .iter()
                    .map(|w| SequenceWord {
                        exact: w.exact.clone(),
                        folded: w.folded.clone(),
                        exact_only: w.exact_only,
                    })
                    .collect(),
            );
        } else {
            for w in words.iter().filter(latin) {
                self.alone.extend(w.folded.iter().cloned());
            }
        }
        for w in words {
            self.add(w);
        }
    }

    fn add(&mut self, w: &QueryWord) {
        match &w.grams {
            Grams::None => {
                self.exact.extend(w.exact.iter().cloned());
                // A word typed with diacritics means that word (`khoáng` is not
                // `khoảng`): as the ranking, its folded form highlights nothing.
                if !w.exact_only {
                    self.folded.extend(w.folded.iter().cloned());
                }
            }
            Grams::All(g) => {
                self.cjk.insert(g.clone());
            }
            Grams::Prefix(c) => {
                self.cjk_chars.insert(*c);
            }
        }
        // A katakana word's other spelling (`サーバ` of `サーバー`) is marked as its
        // characters side by side.
        for b in w.base.iter().filter(|b| b.chars().all(script::is_katakana)) {
            let chain = bigram_chain(b);
            if !chain.is_empty() {
                self.cjk.insert(chain);
            }
        }
        // Japanese words carry their base form in `folded`.
        if w.is_cjk() {
            self.stems
                .extend(w.folded.iter().filter_map(|b| inflection_stem(b)));
        }
    }
}

/// The stem of a Japanese verb or adjective in its base form, the part its inflections
/// keep: the form without its last kana when that is a dictionary-form ending (`う く ぐ
/// す つ ぬ ぶ む る`, or `い`) and a kanji comes before it (`降る` → `降`, `上がる` →
/// `上が`, `美しい` → `美し`). `None` for other words (`空港`, `ゲーム`, `いる`).
pub fn inflection_stem(base: &str) -> Option<String> {
    let last = base.chars().next_back()?;
    let stem = &base[..base.len() - last.len_utf8()];
    let ending = matches!(
        last,
        'う' | 'く' | 'ぐ' | 'す' | 'つ' | 'ぬ' | 'ぶ' | 'む' | 'る' | 'い'
    );
    (ending && stem.chars().any(crate::analysis::script::is_han)).then(|| stem.to_string())
}
