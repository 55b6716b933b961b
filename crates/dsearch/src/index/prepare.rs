//! One document made ready for tantivy, on a writer thread: its language (given or
//! detected), the analysis of its body and title (registered for the tokenizers, see
//! [`super::tokenizer`]), its stored fields and its metadata.

use tantivy::schema::OwnedValue;
use tantivy::TantivyDocument;

use super::schema::{Fields, KIND_DOC};
use super::tokenizer::{DocAnalysis, Registry};
use crate::analysis::{self, detect, han_script, Dictionaries, Representation};
use crate::document::{FieldValue, Fields as Metadata};

/// A document to prepare, whatever it came from.
#[derive(Debug, Default)]
pub(crate) struct Source {
    pub id: String,
    pub title: String,
    pub body: String,
    pub lang: Option<String>,
    pub url: Option<String>,
    pub fields: Metadata,
    /// The file key of a document read from a file.
    pub file: Option<String>,
}

/// A prepared document.
pub(crate) struct Prepared {
    pub doc: TantivyDocument,
    /// Bytes of memory its analysis holds until tantivy has read it.
    pub bytes: usize,
    /// Japanese text met no dictionary (it is indexed as bigrams only).
    pub japanese_missing: bool,
}

/// The language of a document: the source's, else detected from the body (the title
/// when the body is empty).
pub(crate) fn language(lang: Option<&str>, title: &str, body: &str) -> String {
    match lang {
        Some(l) => l.to_string(),
        None if !body.trim().is_empty() => detect::detect(body).to_string(),
        None => detect::detect(title).to_string(),
    }
}

/// The place of a document among hits that tie under every ranking rule, lower first:
/// the high 32 bits of the xxh3 hash of its id. Arbitrary, but the same whenever the
/// same documents are indexed, in whatever order and on however many threads.
pub(crate) fn tie_order(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes()) >> 32
}

/// Analyses `s` and builds its tantivy document; the analysis goes to `registry`.
pub(crate) fn prepare(
    f: &Fields,
    dicts: &Dictionaries,
    registry: &Registry,
    s: Source,
) -> Prepared {
    let lang = language(s.lang.as_deref(), &s.title, &s.body);
    let body = analysis::analyze_with_dictionaries(&s.body, &lang, dicts);
    let title = analysis::analyze_with_dictionaries(&s.title, &lang, dicts);
    let japanese_missing = body.japanese_dictionary_missing || title.japanese_dictionary_missing;
    let bytes = body.memory() + title.memory();
    let (body_key, title_key) = registry.register(DocAnalysis::new(body, title, bytes));
    let mut doc = TantivyDocument::new();
    doc.add_text(f.kind, KIND_DOC);
    if let Some(file) = &s.file {
        doc.add_text(f.file, file);
    }
    doc.add_text(f.doc_id, &s.id);
    if let Some(url) = &s.url {
        doc.add_text(f.url, url);
    }
    doc.add_text(f.lang, &lang);
    // Japanese writes kanji in forms of its own; the script is a Chinese document's.
    if lang != "ja" {
        if let Some(script) = han_script::of_document(&s.body, &s.title) {
            doc.add_u64(f.han_script, script.code());
        }
    }
    doc.add_u64(f.tie, tie_order(&s.id));
    for r in Representation::ALL {
        doc.add_text(f.body(r), &body_key);
        doc.add_text(f.title(r), &title_key);
    }
    if !s.fields.is_empty() {
        doc.add_field_value(f.meta, &metadata_value(&s.fields));
        let stored: serde_json::Map<String, serde_json::Value> = s
            .fields
            .iter()
            .map(|(k, v)| (k.clone(), v.to_json()))
            .collect();
        doc.add_text(f.meta_stored, serde_json::Value::Object(stored).to_string());
    }
    doc.add_text(f.title, s.title);
    doc.add_text(f.body, s.body);
    Prepared {
        doc,
        bytes,
        japanese_missing,
    }
}

/// The indexed form of metadata: text as is (the field's tokenizer lower-cases it
/// whole), numbers as f64, dates as tantivy dates of the time as written (offset not
/// applied, see [`crate::Date::local_timestamp`]); lists as arrays.
fn metadata_value(fields: &Metadata) -> OwnedValue {
    fn one(v: &FieldValue) -> OwnedValue {
        match v {
            FieldValue::Text(s) => OwnedValue::Str(s.clone()),
            FieldValue::Number(n) => OwnedValue::F64(*n),
            FieldValue::Date(d) => {
                OwnedValue::Date(tantivy::DateTime::from_timestamp_secs(d.local_timestamp()))
            }
            FieldValue::List(items) => OwnedValue::Array(items.iter().map(one).collect()),
        }
    }
    OwnedValue::Object(fields.iter().map(|(k, v)| (k.clone(), one(v))).collect())
}
