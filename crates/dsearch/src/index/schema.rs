//! The tantivy schema: stored originals, three analysed representations for body and
//! title, and one record per indexed file for incremental updates.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use crate::analysis::Representation;

/// The schema version this build writes. Bump on any change to fields or analysis.
pub const SCHEMA_VERSION: u32 = 1;

/// `kind` of a searchable document.
pub const KIND_DOC: &str = "doc";
/// `kind` of a file record.
pub const KIND_FILE: &str = "file";

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `doc` or `file`.
    pub kind: Field,
    /// File key (path relative to the index root, or absolute) of a document.
    pub file: Field,
    /// File key of a file record (separate from `file` so a record can be replaced alone).
    pub record: Field,
    /// JSONL document id.
    pub doc_id: Field,
    /// JSONL url.
    pub url: Field,
    /// Original title.
    pub title: Field,
    /// Original body.
    pub body: Field,
    /// ISO 639-1 language.
    pub lang: Field,
    /// Body representations: words, folded, bigrams.
    pub body_repr: [Field; 3],
    /// Title representations: words, folded, bigrams.
    pub title_repr: [Field; 3],
    /// File record: size in bytes.
    pub size: Field,
    /// File record: modification time, nanoseconds since the epoch.
    pub mtime: Field,
    /// File record: xxh3 hash of the content.
    pub hash: Field,
}

impl Fields {
    /// The body field of representation `r`.
    pub fn body(&self, r: Representation) -> Field {
        self.body_repr[r as usize]
    }

    /// The title field of representation `r`.
    pub fn title(&self, r: Representation) -> Field {
        self.title_repr[r as usize]
    }
}

/// Builds the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Analysed fields get their tokens from dsearch's analysis through the tokenizers
    // of [`super::tokenizer`]. Exact words need no positions (phrases are checked on
    // the folded and bigram representations), which saves a third of the positions.
    let analysed = |r: Representation| {
        let record = if r == Representation::Words {
            IndexRecordOption::WithFreqs
        } else {
            IndexRecordOption::WithFreqsAndPositions
        };
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(super::tokenizer::name(r))
                .set_index_option(record),
        )
    };
    let kind = b.add_text_field("kind", STRING);
    let file = b.add_text_field("file", STRING | STORED);
    let record = b.add_text_field("record", STRING | STORED);
    let doc_id = b.add_text_field("id", STORED);
    let url = b.add_text_field("url", STORED);
    let title = b.add_text_field("title", STORED);
    let body = b.add_text_field("body", STORED);
    let lang = b.add_text_field("lang", STRING | STORED);
    let mut body_repr = Vec::new();
    let mut title_repr = Vec::new();
    for r in Representation::ALL {
        body_repr.push(b.add_text_field(&format!("body_{}", r.name()), analysed(r)));
        title_repr.push(b.add_text_field(&format!("title_{}", r.name()), analysed(r)));
    }
    let size = b.add_u64_field("size", STORED);
    let mtime = b.add_u64_field("mtime", STORED);
    let hash = b.add_u64_field("hash", STORED | FAST);
    let fields = Fields {
        kind,
        file,
        record,
        doc_id,
        url,
        title,
        body,
        lang,
        body_repr: [body_repr[0], body_repr[1], body_repr[2]],
        title_repr: [title_repr[0], title_repr[1], title_repr[2]],
        size,
        mtime,
        hash,
    };
    (b.build(), fields)
}
