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
    /// True when only the word's exact form counts: typed with diacritics that
    /// documents have ([`crate::query::QueryWord::exact_only`]): `có` of `có thể` is not
    /// `cơ` of `cơ thể`.
    pub exact_only: bool,
}

impl Plan {
    /// The function words that count in proximity: each Latin-script one (Vietnamese
    /// or English) typed beside exactly one content word, of an anchored unit
    /// ([`super::Unit::anchored`]), with white space only between them. Vietnamese
    /// writes many words with a function syllable (`tự do`, `theo dõi`, `thiết bị`)
    /// that documents never pair, so such a query is otherwise its content syllable
    /// alone. One between two content words joins them (`vị trí của ảnh`), which pair
    /// already; every place a unit is typed counts (`tự ảnh theo tự`). CJK function
    /// words are left out: a particle says nothing of a compound (`の`, `的`).
    pub fn bonds(&self) -> Vec<Bond> {
        // Every place a content word is typed: (unit, its query position, whether
        // something other than white space comes before it, first place of its unit).
        let mut places = Vec::new();
        for (i, u) in self.units.iter().enumerate() {
            for a in &u.alts {
                for x in &a.words {
                    places.push((i, x.position, x.apart, true));
                }
            }
            let span = u.alts[0].words.len() as u32;
            for &r in &u.repeats {
                for p in r..r + span {
                    places.push((i, p, true, false));
                }
            }
        }
        let mut out = Vec::new();
        for (optional, w) in self.optional.iter().enumerate() {
            if w.is_cjk() {
                continue;
            }
            let mut neighbours = places
                .iter()
                .filter(|p| p.1 + 1 == w.position || w.position + 1 == p.1);
            let (Some(&(unit, at, apart, first)), None) = (neighbours.next(), neighbours.next())
            else {
                continue;
            };
            let u = &self.units[unit];
            if !first || !u.anchored() {
                continue;
            }
            let words = &u.alts[0].words;
            let before = w.position + 1 == words[0].position;
            let after = words[words.len() - 1].position + 1 == w.position;
            // Nothing but white space between them.
            let joined = if at > w.position { !apart } else { !w.apart };
            if (before || after) && joined {
                out.push(Bond {
                    optional,
                    unit,
                    before,
                    exact_only: w.exact_only,
                });
            }
        }
        out
    }
}
