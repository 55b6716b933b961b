//! The function words of a query that count in proximity: one typed beside a single
//! content word (`do` of `tự do`, `theo` of `theo dõi`).

use super::Plan;

/// A function word of the query typed right beside a content unit. It counts in
/// proximity as a pair of the unit's (see [`crate::search::rank`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bond {
    /// The function word: an index into [`Plan::optional`].
    pub optional: usize,
    /// The unit: an index into [`Plan::units`].
    pub unit: usize,
    /// True when the word comes right before the unit's first word, false when right
    /// after its last.
    pub before: bool,
}

impl Plan {
    /// The function words that count in proximity: each one typed beside exactly one
    /// content word, of an anchored unit ([`super::Unit::anchored`]), with white space
    /// between them. Vietnamese writes many words with a function syllable (`tự do`,
    /// `theo dõi`, `thiết bị`) that documents never pair, so such a query is otherwise
    /// its content syllable alone. One between two content words joins them (`vị trí
    /// của ảnh`), which pair already. A one-char CJK function word (`の`, `的`) has no
    /// positions: it is left out.
    pub fn bonds(&self) -> Vec<Bond> {
        let mut out = Vec::new();
        for (optional, w) in self.optional.iter().enumerate() {
            if !w.indexed_as_word() {
                continue;
            }
            let mut neighbours = self.units.iter().enumerate().flat_map(|(i, u)| {
                u.alts
                    .iter()
                    .flat_map(|a| &a.words)
                    .filter(|x| x.position + 1 == w.position || w.position + 1 == x.position)
                    .map(move |x| (i, x))
            });
            let (Some((unit, x)), None) = (neighbours.next(), neighbours.next()) else {
                continue;
            };
            let u = &self.units[unit];
            if !u.anchored() {
                continue;
            }
            let words = &u.alts[0].words;
            let before = w.position + 1 == words[0].position;
            let after = words[words.len() - 1].position + 1 == w.position;
            // Nothing but white space between them.
            let joined = if before { !x.apart } else { !w.apart };
            if (before || after) && joined {
                out.push(Bond {
                    optional,
                    unit,
                    before,
                });
            }
        }
        out
    }
}
