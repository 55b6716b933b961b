//! The bridge from dsearch's analysis to tantivy's indexer: one tokenizer per
//! representation, so analysis runs inside tantivy's indexing threads and tokens reach
//! the postings through one reused `Token`, with no copy of the token list.
//!
//! A field value is `LANG \0 TEXT`: the language decides how Han runs are read (see
//! the routing table in [`crate::analysis`]). The three fields of one text (words,
//! folded, bigrams) are tokenized one after the other on the same thread, so the
//! analysis is computed once and kept in a small per-thread cache.
//!
//! Backpressure: [`Pending`] counts the bytes of text handed to the writer and not yet
//! analysed, so the caller can keep the indexing queue within the memory budget.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::analysis::{self, Analysis, Dictionaries, Representation};
use crate::index::schema::META_TOKENIZER;

/// Separates the language from the text in a field value.
pub const SEPARATOR: char = '\0';

/// The tokenizer name of a representation, as the schema names it.
pub fn name(r: Representation) -> &'static str {
    match r {
        Representation::Words => "dsearch_words",
        Representation::Folded => "dsearch_folded",
        Representation::Bigrams => "dsearch_bigrams",
    }
}

/// The field value for `text` in language `lang`.
pub fn value(lang: &str, text: &str) -> String {
    let mut v = String::with_capacity(lang.len() + 1 + text.len());
    v.push_str(lang);
    v.push(SEPARATOR);
    v.push_str(text);
    v
}

/// Bytes of text given to the writer and not analysed yet.
#[derive(Debug, Clone, Default)]
pub struct Pending(Arc<AtomicUsize>);

impl Pending {
    /// Counts `bytes` more text waiting for analysis.
    pub fn add(&self, bytes: usize) {
        self.0.fetch_add(bytes, Ordering::Relaxed);
    }

    /// The bytes waiting.
    pub fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }

    fn done(&self, bytes: usize) {
        let _ = self
            .0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
                Some(v.saturating_sub(bytes))
            });
    }
}

/// Registers dsearch's tokenizers on a tantivy index: one per representation, and the
/// metadata tokenizer (the whole value, lower-cased) for indexing and fast fields.
pub(crate) fn register(index: &tantivy::Index, pending: &Pending, dicts: &Dictionaries) {
    for r in Representation::ALL {
        index.tokenizers().register(
            name(r),
            ReprTokenizer::new(r, pending.clone(), dicts.clone()),
        );
    }
    let meta = || {
        tantivy::tokenizer::TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
            .filter(tantivy::tokenizer::LowerCaser)
            .build()
    };
    index.tokenizers().register(META_TOKENIZER, meta());
    index
        .fast_field_tokenizer()
        .register(META_TOKENIZER, meta());
}

/// A tantivy tokenizer that yields one representation of dsearch's analysis.
#[derive(Clone)]
pub struct ReprTokenizer {
    repr: Representation,
    pending: Pending,
    dicts: Dictionaries,
}

impl ReprTokenizer {
    /// The tokenizer of `repr`; the words tokenizer reports analysed bytes to `pending`.
    pub fn new(repr: Representation, pending: Pending, dicts: Dictionaries) -> ReprTokenizer {
        ReprTokenizer {
            repr,
            pending,
            dicts,
        }
    }
}

/// Analyses recently made on this thread: (value, analysis). Two entries: the body and
/// the title of the document being indexed.
type Cache = Vec<(String, Rc<Analysis>)>;

thread_local! {
    static CACHE: RefCell<Cache> = const { RefCell::new(Vec::new()) };
}

fn analysis_of(value: &str, dicts: &Dictionaries) -> Rc<Analysis> {
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if let Some((_, a)) = c.iter().find(|(v, _)| v == value) {
            return a.clone();
        }
        let (lang, text) = value.split_once(SEPARATOR).unwrap_or(("und", value));
        let a = Rc::new(analysis::analyze_with_dictionaries(text, lang, dicts));
        if c.len() >= 2 {
            c.remove(0);
        }
        c.push((value.to_string(), a.clone()));
        a
    })
}

impl Tokenizer for ReprTokenizer {
    type TokenStream<'a> = ReprStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ReprStream {
        let analysis = analysis_of(text, &self.dicts);
        if self.repr == Representation::Words {
            let body = text.split_once(SEPARATOR).map_or(text, |(_, t)| t);
            self.pending.done(body.len());
        }
        ReprStream {
            analysis,
            repr: self.repr,
            next: 0,
            token: Token::default(),
        }
    }
}

/// The token stream of one representation of one analysed text.
pub struct ReprStream {
    analysis: Rc<Analysis>,
    repr: Representation,
    next: usize,
    token: Token,
}

impl TokenStream for ReprStream {
    fn advance(&mut self) -> bool {
        let tokens = self.analysis.tokens(self.repr);
        let Some(t) = tokens.get(self.next) else {
            return false;
        };
        self.next += 1;
        self.token.text.clear();
        self.token.text.push_str(t.text);
        self.token.offset_from = t.from;
        self.token.offset_to = t.to;
        self.token.position = t.position as usize;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_the_analysis_of_one_representation() {
        let pending = Pending::default();
        pending.add("中國發展".len());
        let dicts = Dictionaries::default_ref();
        let mut words = ReprTokenizer::new(Representation::Words, pending.clone(), dicts.clone());
        let mut bigrams =
            ReprTokenizer::new(Representation::Bigrams, pending.clone(), dicts.clone());
        let v = value("zh", "中國發展");
        let mut got = Vec::new();
        let mut s = words.token_stream(&v);
        while s.advance() {
            got.push((s.token().text.clone(), s.token().position));
        }
        assert_eq!(got, [("中国".to_string(), 0), ("发展".to_string(), 1)]);
        assert_eq!(pending.get(), 0);
        let mut s = bigrams.token_stream(&v);
        let mut n = 0;
        while s.advance() {
            n += 1;
        }
        assert_eq!(n, 4);
    }
}
