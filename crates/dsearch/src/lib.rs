//! dsearch: full-text search for mixed Vietnamese, Chinese (simplified and traditional)
//! and Japanese text, on tantivy.
//!
//! The library does all the work: walking and extracting files ([`extract`]), detecting
//! languages and analysing text ([`analysis`]), keeping the index up to date
//! ([`Index::update`]), parsing queries ([`query`]), ranking and snippets
//! ([`Index::search`], [`snippet`]). It never prints; every failure is an [`Error`].
//!
//! ```
//! use dsearch::{Index, SearchOptions, UpdateOptions};
//! # let tmp = tempfile::tempdir()?;
//! # std::fs::write(tmp.path().join("a.txt"), "Khoáng sản xanh\nHợp tác khoáng sản xanh.")?;
//! # let (index_dir, docs) = (tmp.path().join(".dsearch"), tmp.path().to_path_buf());
//! let index = Index::open_or_create(&index_dir)?;
//! let report = index.update(&[docs], &UpdateOptions::default(), &mut |_| {})?;
//! assert_eq!(report.added, 1);
//! let results = index.search("khoang san xanh", &SearchOptions::default())?;
//! for hit in &results.hits {
//!     println!("{} [{}] {}", hit.title, hit.lang, hit.snippet.text);
//! }
//! assert_eq!(results.hits[0].title, "Khoáng sản xanh");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

pub mod analysis;
pub mod document;
pub mod error;
pub mod extract;
pub mod index;
pub mod query;
pub mod search;
pub mod size;
pub mod snippet;
mod truncate;
pub mod wire;

pub use analysis::Dictionaries;
pub use document::{Date, Document, FieldValue, Fields};
pub use error::{Error, ErrorKind, Result};
pub use index::update::{Progress, UpdateOptions, UpdateReport};
pub use index::writer::{Writer, WriterOptions};
pub use index::Index;
pub use index::{Stats, StoredDocument};
pub use search::{Explanation, Hit, SearchOptions, SearchResults, SortBy};
pub use snippet::{Snippet, SnippetOptions};

/// A server shares one [`Index`] between threads, and a writer moves to a thread of its
/// own: both must stay so.
#[allow(dead_code)]
fn assert_thread_safety() {
    fn shared<T: Send + Sync>() {}
    fn sent<T: Send>() {}
    shared::<Index>();
    sent::<Writer>();
}
