//! Queries: the syntax ([`parser`]), the words of each clause with every term that can
//! match them ([`words`]; CJK runs cut into the index's words by [`cut`]), and the plan that [`crate::search`] runs ([`plan`]).
//!
//! The query language: words, `"quoted phrases"` (also `“…”`; `「…」` is punctuation), `-word` and
//! `-"phrase"` exclusions, `OR` between clauses, `title:` and `lang:` prefixes. A
//! quoted phrase that nothing matches is searched as its words ([`ParsedQuery::phrases_apart`]). A query
//! is never detected as one language: each clause is read under every reading its
//! scripts allow (see [`words`]). Content words rank documents in tiers (see
//! [`crate::search`] for the ranking rules); function words only add score.

pub mod cut;
pub mod filter;
pub mod parser;
pub mod plan;
mod relax;
pub mod words;

pub use cut::segment_by_vocabulary;
pub use filter::FilterSpec;
pub use parser::{parse, parse_with, Clause, FieldFilter, ParsedQuery};
pub use plan::{Alt, Bond, BondForms, Highlight, Plan, SequenceWord, Unit};
pub use words::{query_words, reads_as_japanese, Grams, QueryWord, Vocabulary};
