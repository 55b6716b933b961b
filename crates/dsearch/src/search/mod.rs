//! Searching: the query is parsed and planned ([`crate::query`]), its tiers are run and
//! every candidate is ranked by the rules of [`rank`], and the top documents become
//! [`Hit`]s with snippets and, on request, explanations.

mod clauses;
mod eval;
mod exec;
mod options;
pub mod rank;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use tantivy::{TantivyDocument, Term};

use crate::analysis::Representation;
use crate::document::Fields;
use crate::error::{Engine, Error, ErrorKind, Result};
use crate::index::{Index, StoredDocument};
use crate::query::{self, ParsedQuery, Plan};
use crate::snippet::{self, Snippet};

pub use options::{SearchOptions, SortBy};
pub use rank::RankKey;

/// The bytes of text on a page of hits from which its snippets are made on every core.
/// A snippet costs up to some tens of nanoseconds a byte of its text; handing work to
/// other threads and waking them costs tens of microseconds. On 2 cores, pages of about
/// 40 KB broke even and pages of 100 KB took a third less time on both cores; on the
/// benchmark's query set (mostly shorter pages), one thread was faster (BENCHMARKS.md).
/// The threshold sits below that break-even point, as more cores share the work
/// further.
const PARALLEL_SNIPPET_BYTES: usize = 32 << 10;

/// The most hits whose stored texts a search holds at once: a page of thousands of
/// long documents is read in parts of this many.
const HITS_AT_ONCE: usize = 32;

/// What a search says when the index's last commit is that of a run of `dsearch index`
/// that has not finished ([`Index::unfinished`]).
pub const UNFINISHED_WARNING: &str = "the last `dsearch index` run has not finished (it is still running, or it was stopped): documents may be missing until it ends or is run again";

/// One result.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Hit {
    /// The file's absolute path, for a document read from a file.
    pub path: Option<PathBuf>,
    /// The document's id.
    pub id: Option<String>,
    /// The document's url.
    pub url: Option<String>,
    /// The title.
    pub title: String,
    /// ISO 639-1 language.
    pub lang: String,
    /// Relevance: higher is better; hits of one query are ordered by it (a sort by a
    /// field aside). See [`RankKey::score`].
    pub score: f64,
    /// How many of the query's content words the document holds.
    pub matched_words: usize,
    /// How many content words the query has.
    pub query_words: usize,
    /// The content words the document does not hold, as typed.
    pub missing: Vec<String>,
    /// Those of [`Hit::missing`] that the document holds with other diacritics than
    /// typed (`khoáng` typed, `khoảng` written): found, but not counted as held.
    pub other_forms: Vec<String>,
    /// Those of [`Hit::missing`] whose syllables the document holds apart (`lưu` …
    /// `tệp` for the word `lưu tệp`): a hit of the last tier ("0 of n words").
    pub apart: Vec<String>,
    /// Metadata.
    pub fields: Fields,
    /// Snippet with highlights.
    pub snippet: Snippet,
    /// Why the document ranks where it does (with [`SearchOptions::explain`]).
    pub explanation: Option<Explanation>,
}

/// How a hit holds one content word of the query.
#[derive(Debug, Clone, Serialize)]
pub struct WordMatch {
    /// The word (or phrase, or `OR` group) as typed.
    pub word: String,
    /// `exact`, `loose` (without diacritics, another inflection of a Japanese word, the
    /// other number of an English one, or a Chinese word in the other script than typed),
    /// `bigrams` (inside a longer word, or a run no dictionary cut), `apart` (not held:
    /// the syllables of a Vietnamese word of several, apart; see [`Hit::apart`]) or
    /// `none`.
    pub matched: &'static str,
    /// True when the title holds it (a word held: rule 5 counts these).
    pub title: bool,
}

/// Why a hit ranks where it does: its value under each ranking rule, and how it holds
/// each content word.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// Rule 1: content words held.
    pub words: u32,
    /// Rule 3: proximity cost (lower is better; 1 per pair side by side).
    pub proximity: u32,
    /// Rule 4: pairs side by side in their exact forms.
    pub exact_pairs: u32,
    /// Rule 4: sum of match levels of the words held (exact 3, base or folded 2,
    /// bigrams 1).
    pub exactness: u32,
    /// Rule 5: content words held in the title.
    pub title: u32,
    /// Rule 6: BM25.
    pub bm25: f32,
    /// How each content word matched.
    pub matches: Vec<WordMatch>,
}

impl Explanation {
    fn new(k: RankKey, labels: &[String], matches: &[exec::UnitMatch]) -> Explanation {
        let level = |m: &exec::UnitMatch| match m.level {
            3 => "exact",
            2 => "loose",
            1 => "bigrams",
            _ if m.apart => "apart",
            _ => "none",
        };
        Explanation {
            words: k.words,
            proximity: k.proximity,
            exact_pairs: k.exact_pairs,
            exactness: k.exactness,
            title: k.title,
            bm25: k.bm25,
            matches: labels
                .iter()
                .zip(matches)
                .map(|(word, m)| WordMatch {
                    word: word.clone(),
                    matched: level(m),
                    title: m.title,
                })
                .collect(),
        }
    }
}

/// The results of a search.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct SearchResults {
    /// Hits, best first, after `offset`.
    pub hits: Vec<Hit>,
    /// Documents that matched in the last tier searched: with every content word when
    /// those fill the page, else with as many as the page needed (with a limit of 0,
    /// the first tier that holds any).
    pub total: usize,
    /// Content words of the query ("n" of "k of n words").
    pub query_words: usize,
    /// Things the caller may want to know, one line each: a filter on a field no
    /// document has, a sort by one, a language no document is in, a query too long to
    /// search whole.
    pub warnings: Vec<String>,
}

impl Index {
    /// Searches the index. See [`crate::query`] for the syntax and [`rank`] for the
    /// order of the hits.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        if query.trim().is_empty() {
            return Err(Error::new(ErrorKind::EmptyQuery));
        }
        let (read, cut) = query::plan::analysed_part(query);
        let (searcher, unfinished) = self.view()?;
        let known = |field: &str| {
            let name = format!("{}.{field}", crate::index::schema::name::META);
            searcher.segment_readers().iter().any(|s| {
                s.fast_fields()
                    .dynamic_column_handles(&name)
                    .is_ok_and(|h| !h.is_empty())
            })
        };
        let parsed = query::parse_with(read, known);
        let f = &self.fields;
        let cache: RefCell<HashMap<(Representation, String), u64>> = RefCell::new(HashMap::new());
        let df = |r: Representation, w: &str| -> u64 {
            let key = (r, w.to_string());
            if let Some(&df) = cache.borrow().get(&key) {
                return df;
            }
            let df = [f.body(r), f.title(r)]
                .into_iter()
                .map(|field| {
                    searcher
                        .doc_freq(&Term::from_field_text(field, w))
                        .unwrap_or(0)
                })
                .sum();
            cache.borrow_mut().insert(key, df);
            df
        };
        let words = |w: &str| df(Representation::Words, w);
        let folded = |w: &str| df(Representation::Folded, w);
        let bigrams = |w: &str| df(Representation::Bigrams, w);
        let vocabulary = query::Vocabulary {
            words: &words,
            folded: &folded,
            bigrams: &bigrams,
        };
        // The plan of a query, kept to the caller's languages (the query as typed, and
        // below, perhaps, its phrases apart).
        let planned = |q: &ParsedQuery| -> Result<Plan> {
            let mut p = Plan::build(q, vocabulary, &self.dictionaries)?;
            p.keep_to_langs(&options.langs);
            Ok(p)
        };
        let mut plan = planned(&parsed)?;
        let mut warnings = Vec::new();
        // The mark of the commit searched.
        if unfinished {
            warnings.push(UNFINISHED_WARNING.to_string());
        }
        if cut {
            warnings.push(format!(
                "the query is too long: only its first {} characters are read",
                query::plan::MAX_QUERY_CHARS
            ));
        }
        warnings.extend(too_long(plan.dropped));
        warnings.extend(plan.warnings(known));
        let mut langs: Vec<&String> = plan.langs.iter().chain(&plan.only_langs).collect();
        langs.sort();
        langs.dedup();
        let mut held: Option<Vec<String>> = None;
        for l in langs {
            if searcher
                .doc_freq(&Term::from_field_text(f.lang, l))
                .unwrap_or(0)
                == 0
            {
                // The languages there are, once; a warning never fails the search.
                let held = held.get_or_insert_with(|| {
                    self.stats()
                        .map(|s| s.languages.into_keys().collect())
                        .unwrap_or_default()
                });
                warnings.push(match held.is_empty() {
                    true => format!("no document is in language `{l}`"),
                    false => format!(
                        "no document is in language `{l}` (the index holds: {})",
                        held.join(", ")
                    ),
                });
            }
        }
        if let Some(s) = &options.sort {
            if !known(&s.field) {
                warnings.push(match s.field.as_str() {
                    "title" | "text" | "body" | "lang" | "id" | "url" | "path" => format!(
                        "`{}` is no metadata field: a sort orders by metadata (`date`, or a key of the documents' JSONL or front matter)",
                        s.field
                    ),
                    _ => format!("no document has the field `{}` to sort by", s.field),
                });
            }
        }
        if plan.is_empty() {
            let only_exclusions = !plan.excluded.is_empty()
                || !plan.not_langs.is_empty()
                || plan.filters.iter().flatten().any(|f| f.negated);
            if only_exclusions {
                warnings.push(
                    "the query only leaves things out (`-word`, `-name:value`): add a word or a filter to search for".to_string(),
                );
            }
            return Ok(SearchResults {
                warnings,
                ..SearchResults::default()
            });
        }
        // `limit` 0 only counts (the first tier with a match); an `offset` past the hits
        // finds none, but `total` still says how many there are.
        let available = searcher.num_docs() as usize;
        let want = options.limit.saturating_add(options.offset).min(available);
        let run = |plan: &Plan| -> Result<exec::Outcome> {
            let mut compiled = exec::Compiled::new(&searcher, f, plan)?;
            compiled.sort_by(options.sort.as_ref());
            compiled.run(want)
        };
        let mut outcome = run(&plan)?;
        // Nothing found, and the query has quoted phrases that no document holds (with
        // its filters): the query again with their words, when that finds something,
        // and a warning (see `query::relax`).
        if outcome.total == 0 {
            let held = |q: &ParsedQuery| -> Result<bool> {
                let p = planned(q)?;
                Ok(!p.is_empty() && exec::Compiled::new(&searcher, f, &p)?.run(0)?.total > 0)
            };
            if let Some((apart, phrases)) = parsed.phrases_apart(held)? {
                let relaxed = planned(&apart)?;
                let found = run(&relaxed)?;
                if found.total > 0 {
                    let (phrase, its) = match phrases.len() {
                        1 => ("phrase", "its"),
                        _ => ("phrases", "their"),
                    };
                    warnings.push(format!(
                        "nothing matches the {phrase} {}: showing documents with {its} words instead",
                        phrases.join(", ")
                    ));
                    // Split into words, a phrase may leave words out that it did not.
                    if let Some(before) = too_long(plan.dropped) {
                        warnings.retain(|w| *w != before);
                    }
                    warnings.extend(too_long(relaxed.dropped));
                    for w in relaxed.warnings(known) {
                        if !warnings.contains(&w) {
                            warnings.push(w);
                        }
                    }
                    outcome = found;
                    plan = relaxed;
                }
            }
        }
        let n = plan.units.len();
        let labels: Vec<String> = plan.units.iter().map(|u| u.label.clone()).collect();
        // Reading a hit's stored fields is cheap; building its snippet re-analyses its
        // text. The snippets of a page are made on every core only when its texts are
        // long enough to pay for handing work to other threads
        // ([`PARALLEL_SNIPPET_BYTES`]): on a page of short texts that hand-off costs more
        // than it saves.
        let page = outcome.top.get(options.offset..).unwrap_or_default();
        let page = &page[..page.len().min(options.limit)];
        let hit = |(r, stored): (&exec::Ranked, StoredDocument)| -> Hit {
            let snippet = if options.snippets {
                let ranges = snippet::highlights(&stored.body, &plan.highlight);
                snippet::snippet(&stored.body, &ranges, options.snippet)
            } else {
                Snippet::default()
            };
            // The units not held; those among them that still matched exact or loose
            // (level 2 or more) were found only without the diacritics typed, and
            // those of the last tier only as syllables apart.
            let mut missing = Vec::new();
            let mut other_forms = Vec::new();
            let mut apart = Vec::new();
            for ((u, &held), m) in plan.units.iter().zip(&r.held).zip(&r.matches) {
                if !held {
                    missing.push(u.label.clone());
                    if m.level >= 2 {
                        other_forms.push(u.label.clone());
                    } else if m.apart {
                        apart.push(u.label.clone());
                    }
                }
            }
            Hit {
                path: stored.path,
                id: Some(stored.id),
                url: stored.url,
                title: stored.title,
                lang: stored.lang,
                score: r.key.score(outcome.units, outcome.pairs),
                matched_words: r.key.words as usize,
                query_words: n,
                missing,
                other_forms,
                apart,
                fields: stored.fields,
                snippet,
                explanation: options
                    .explain
                    .then(|| Explanation::new(r.key, &labels, &r.matches)),
            }
        };
        // A long page is read [`HITS_AT_ONCE`] hits at a time, so it never holds more
        // texts than that.
        let mut hits: Vec<Hit> = Vec::with_capacity(page.len());
        for part in page.chunks(HITS_AT_ONCE) {
            let mut docs = Vec::with_capacity(part.len());
            for r in part {
                let doc: TantivyDocument = searcher.doc(r.address).engine()?;
                docs.push((r, self.stored(&doc)));
            }
            let text_bytes: usize = docs.iter().map(|(_, d)| d.body.len()).sum();
            if options.snippets && text_bytes >= PARALLEL_SNIPPET_BYTES {
                hits.par_extend(docs.into_par_iter().map(hit));
            } else {
                hits.extend(docs.into_iter().map(hit));
            }
        }
        Ok(SearchResults {
            hits,
            total: outcome.total,
            query_words: n,
            warnings,
        })
    }
}

/// The warning of a query with `dropped` words left out, if any.
fn too_long(dropped: usize) -> Option<String> {
    let (n, are) = match dropped {
        0 => return None,
        1 => ("1 of its words".to_string(), "is"),
        n => (format!("{n} of its words"), "are"),
    };
    Some(format!(
        "the query is too long: {n} {are} left out (at most {} content words and {} words in all are searched)",
        query::plan::MAX_UNITS,
        query::plan::MAX_WORDS
    ))
}

#[cfg(test)]
mod tests {
    use super::exec::tier_steps;

    #[test]
    fn tiers_are_short_for_long_queries() {
        assert_eq!(tier_steps(0), [0]);
        assert_eq!(tier_steps(1), [1]);
        assert_eq!(tier_steps(3), [3, 2, 1]);
        assert_eq!(tier_steps(7), [7, 6, 5, 3, 1]);
        assert_eq!(tier_steps(1000), [1000, 999, 750, 500, 250, 1]);
    }
}
