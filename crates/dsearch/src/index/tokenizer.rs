//! The bridge from dsearch's analysis to tantivy's indexer.
//!
//! Documents are analysed by the writer's own threads, in parallel per document
//! ([`super::pipeline`]); the analysis waits in a [`Registry`] and each analysed field
//! of the tantivy document holds only a key to it (`\u{1}` + `b` or `t` for body or
//! title + the key). tantivy's indexing threads then run one tokenizer per
//! representation, which streams the analysis's tokens through one reused `Token`: the
//! text is analysed once, and never copied into six field values.
//!
//! tantivy indexes the fields of a document one after the other on one thread, so the
//! six lookups of a document cost one registry access; the entry leaves the registry when
//! its sixth field is done.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::analysis::{Analysis, Representation};
use crate::index::schema::META_TOKENIZER;

/// Marks a field value that is a registry key.
const KEY_MARK: char = '\u{1}';

/// The tokenizer name of a representation, as the schema names it.
pub fn name(r: Representation) -> &'static str {
    match r {
        Representation::Words => "dsearch_words",
        Representation::Folded => "dsearch_folded",
        Representation::Bigrams => "dsearch_bigrams",
    }
}

/// The analyses of one document's body and title.
#[derive(Debug, Default)]
pub(crate) struct DocAnalysis {
    pub body: Analysis,
    pub title: Analysis,
    /// Bytes of memory it holds (for backpressure).
    pub bytes: usize,
    /// Fields still to read it (six: three representations of body and title).
    uses: AtomicU8,
}

impl DocAnalysis {
    pub fn new(body: Analysis, title: Analysis, bytes: usize) -> DocAnalysis {
        DocAnalysis {
            body,
            title,
            bytes,
            uses: AtomicU8::new(6),
        }
    }
}

/// Analyses waiting for tantivy's indexing threads, by key.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    map: Mutex<HashMap<u64, Arc<DocAnalysis>>>,
    next: AtomicU64,
    /// Bytes of analyses handed to tantivy and not tokenized yet.
    pending: AtomicUsize,
}

impl Registry {
    /// Registers an analysis; returns the field values of body and title.
    pub fn register(&self, a: DocAnalysis) -> (String, String) {
        let key = self.next.fetch_add(1, Ordering::Relaxed);
        self.map
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, Arc::new(a));
        (format!("{KEY_MARK}b{key}"), format!("{KEY_MARK}t{key}"))
    }

    /// Counts `bytes` of text about to be handed to tantivy (before it is, so the
    /// tokenizers never count down below zero).
    pub fn handed(&self, bytes: usize) {
        self.pending.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Bytes of text handed to tantivy and not yet tokenized.
    pub fn pending(&self) -> usize {
        self.pending.load(Ordering::Relaxed)
    }

    /// The analysis of `key`, leaving the registry with its last use.
    fn take(&self, key: u64) -> Option<Arc<DocAnalysis>> {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        let a = map.get(&key)?.clone();
        if a.uses.fetch_sub(1, Ordering::Relaxed) <= 1 {
            map.remove(&key);
            self.pending.fetch_sub(a.bytes, Ordering::Relaxed);
        }
        Some(a)
    }

    /// Removes what is left (a writer dropped before tantivy read everything); called
    /// by the next writer, once it holds the lock.
    pub fn clear(&self) {
        self.map.lock().unwrap_or_else(|e| e.into_inner()).clear();
        self.pending.store(0, Ordering::Relaxed);
    }
}

thread_local! {
    /// The analysis of the document this indexing thread is on: (key, analysis).
    static CURRENT: RefCell<Option<(u64, Arc<DocAnalysis>)>> = const { RefCell::new(None) };
}

/// The analysis a field value points at.
fn lookup(registry: &Registry, key: u64) -> Option<Arc<DocAnalysis>> {
    CURRENT.with(|c| {
        let mut c = c.borrow_mut();
        if let Some((k, a)) = c.as_ref() {
            if *k == key {
                let a = a.clone();
                if a.uses.fetch_sub(1, Ordering::Relaxed) <= 1 {
                    *c = None;
                    let mut map = registry.map.lock().unwrap_or_else(|e| e.into_inner());
                    map.remove(&key);
                    registry.pending.fetch_sub(a.bytes, Ordering::Relaxed);
                }
                return Some(a);
            }
        }
        let a = registry.take(key)?;
        *c = Some((key, a.clone()));
        Some(a)
    })
}

/// Registers dsearch's tokenizers on a tantivy index: one per representation, and the
/// metadata tokenizer (the whole value, lower-cased) for indexing and fast fields.
pub(crate) fn register(index: &tantivy::Index, registry: &Arc<Registry>) {
    for r in Representation::ALL {
        index.tokenizers().register(
            name(r),
            ReprTokenizer {
                repr: r,
                registry: registry.clone(),
            },
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

/// A tantivy tokenizer that yields one representation of a registered analysis.
#[derive(Clone)]
pub(crate) struct ReprTokenizer {
    repr: Representation,
    registry: Arc<Registry>,
}

impl Tokenizer for ReprTokenizer {
    type TokenStream<'a> = ReprStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ReprStream {
        let parsed = text.strip_prefix(KEY_MARK).and_then(|rest| {
            let title = rest.starts_with('t');
            let key = rest.get(1..)?.parse::<u64>().ok()?;
            Some((title, key))
        });
        let analysis = parsed.and_then(|(title, key)| Some((title, lookup(&self.registry, key)?)));
        ReprStream {
            analysis,
            repr: self.repr,
            next: 0,
            token: Token::default(),
        }
    }
}

/// The token stream of one representation of one analysed text.
pub(crate) struct ReprStream {
    /// (title, analysis); `None` yields nothing.
    analysis: Option<(bool, Arc<DocAnalysis>)>,
    repr: Representation,
    next: usize,
    token: Token,
}

impl TokenStream for ReprStream {
    fn advance(&mut self) -> bool {
        let Some((title, a)) = &self.analysis else {
            return false;
        };
        let analysis = if *title { &a.title } else { &a.body };
        let Some(t) = analysis.tokens(self.repr).get(self.next) else {
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
    use crate::analysis::analyze;

    fn terms(t: &mut ReprTokenizer, value: &str) -> Vec<(String, usize)> {
        let mut s = t.token_stream(value);
        let mut out = Vec::new();
        while s.advance() {
            out.push((s.token().text.clone(), s.token().position));
        }
        out
    }

    #[test]
    fn streams_registered_analyses_and_forgets_them() {
        let registry = Arc::new(Registry::default());
        let body = analyze("中國發展", "zh");
        let title = analyze("綠色", "zh");
        let (b, t) = registry.register(DocAnalysis::new(body, title, 18));
        registry.handed(18);
        assert_eq!(registry.pending(), 18);
        let tok = |repr| ReprTokenizer {
            repr,
            registry: registry.clone(),
        };
        let words = terms(&mut tok(Representation::Words), &b);
        assert_eq!(words, [("中国".to_string(), 0), ("发展".to_string(), 1)]);
        assert_eq!(terms(&mut tok(Representation::Words), &t).len(), 1);
        for r in [Representation::Folded, Representation::Bigrams] {
            terms(&mut tok(r), &b);
            terms(&mut tok(r), &t);
        }
        assert_eq!(registry.pending(), 0, "gone after its sixth field");
        assert!(registry.map.lock().unwrap().is_empty());
        // Unknown keys and plain text give no tokens.
        assert!(terms(&mut tok(Representation::Words), &b).is_empty());
        assert!(terms(&mut tok(Representation::Words), "plain").is_empty());
    }
}
