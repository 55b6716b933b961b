//! From a parsed query to a plan: the units a document is ranked by, the units it must
//! hold, the words that only add score, and what to highlight. No index type appears
//! here; [`crate::search`] runs the plan.
//!
//! - Every content word of an unquoted clause is a **unit** of its own: documents are
//!   ranked first by how many units they hold ("k of n words").
//! - A group of clauses joined by `OR` is one unit, held when any clause is (every
//!   content word of the clause, or its phrase).
//! - A quoted phrase and a `title:` clause are **required** units: every hit holds them.
//! - Function words are **optional**: they add score and never exclude a document. A
//!   query made only of function words requires them. A Latin-script one typed beside
//!   a single content word counts in proximity ([`Plan::bonds`]).
//!
//! One file per job: `build` reads the clauses into units, `bonds` says which function
//! words count in proximity, `syllables` pairs Vietnamese syllables into words, `unit`
//! says what a unit is, `limits` bounds a query's cost, `highlight` says what a
//! snippet marks, `warnings` what the search tells the caller about the query.

mod bonds;
mod build;
mod highlight;
mod limits;
mod syllables;
mod unit;
mod warnings;

#[cfg(test)]
mod tests;

pub use bonds::Bond;
pub use highlight::{inflection_stem, BondForms, Highlight, SequenceWord};
pub use limits::{analysed_part, MAX_QUERY_CHARS, MAX_UNITS, MAX_WORDS};
pub use unit::{Alt, Unit};

use super::filter::FilterSpec;
use super::words::QueryWord;

/// A query ready to run.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Content units: documents are ranked by how many of them they hold.
    pub units: Vec<Unit>,
    /// Units every hit must hold: quoted phrases and `title:` clauses.
    pub required: Vec<Unit>,
    /// Function words: they add score only.
    pub optional: Vec<QueryWord>,
    /// Units no hit may hold.
    pub excluded: Vec<Unit>,
    /// `lang:` filters (any of them).
    pub langs: Vec<String>,
    /// `-lang:` filters (none of them).
    pub not_langs: Vec<String>,
    /// The languages the caller keeps to ([`Plan::keep_to_langs`]), any of them; a hit
    /// is also in one of `langs`, when the query names some.
    pub only_langs: Vec<String>,
    /// Metadata filters: every group, any filter of a group (see
    /// [`ParsedQuery::filters`](crate::query::ParsedQuery::filters)).
    pub filters: Vec<Vec<FilterSpec>>,
    /// What to highlight.
    pub highlight: Highlight,
    /// Words of the query left out: past [`MAX_WORDS`], or in content units past
    /// [`MAX_UNITS`].
    pub dropped: usize,
    /// What the query says that the plan does not do (see
    /// [`ParsedQuery::warnings`](crate::query::ParsedQuery::warnings)).
    pub ignored: Vec<String>,
}

impl Plan {
    /// True when the plan has nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
            && self.required.is_empty()
            && self.langs.is_empty()
            && self.only_langs.is_empty()
            && self.filters.iter().flatten().all(|f| f.negated)
    }
}
