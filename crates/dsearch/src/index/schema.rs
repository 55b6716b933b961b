//! The tantivy schema: stored originals, three analysed representations for body and
//! title, the Chinese script, metadata, and one record per indexed file for incremental
//! updates. Every field
//! name is defined here, once ([`name`]).

use tantivy::schema::{
    Field, IndexRecordOption, JsonObjectOptions, Schema, TextFieldIndexing, TextOptions, FAST,
    STORED,
};

use crate::analysis::Representation;

/// The schema version this build writes. Bump on any change to fields or analysis.
pub const SCHEMA_VERSION: u32 = 11;

/// `kind` of a searchable document.
pub const KIND_DOC: &str = "doc";
/// `kind` of a file record.
pub const KIND_FILE: &str = "file";

/// The tokenizer of metadata values: the whole value, lower-cased.
pub const META_TOKENIZER: &str = "dsearch_meta";

/// The field names.
pub mod name {
    /// `doc` or `file`.
    pub const KIND: &str = "kind";
    /// File key of a document read from a file.
    pub const FILE: &str = "file";
    /// File key of a file record.
    pub const RECORD: &str = "record";
    /// Document id.
    pub const ID: &str = "id";
    /// URL.
    pub const URL: &str = "url";
    /// Original title.
    pub const TITLE: &str = "title";
    /// Original body.
    pub const BODY: &str = "body";
    /// ISO 639-1 language.
    pub const LANG: &str = "lang";
    /// Metadata, indexed and fast (filters and sorting).
    pub const META: &str = "meta";
    /// Metadata as given, stored (returned with hits).
    pub const META_STORED: &str = "meta_stored";
    /// The Chinese script of a document's text (fast, see
    /// [`crate::analysis::han_script`]); absent when it has none.
    pub const HAN_SCRIPT: &str = "han_script";
    /// Where a document stands among hits that tie under every ranking rule (fast): a
    /// hash of its id, so the order of ties depends on the documents only, not on how
    /// they were indexed.
    pub const TIE: &str = "tie";
    /// File record: size in bytes.
    pub const SIZE: &str = "size";
    /// File record: modification time, nanoseconds since the epoch.
    pub const MTIME: &str = "mtime";
    /// File record: xxh3 hash of the content.
    pub const HASH: &str = "hash";

    /// The analysed body field of a representation.
    pub fn body(r: crate::analysis::Representation) -> &'static str {
        use crate::analysis::Representation::*;
        match r {
            Words => "body_words",
            Folded => "body_folded",
            Bigrams => "body_bigrams",
        }
    }

    /// The analysed title field of a representation.
    pub fn title(r: crate::analysis::Representation) -> &'static str {
        use crate::analysis::Representation::*;
        match r {
            Words => "title_words",
            Folded => "title_folded",
            Bigrams => "title_bigrams",
        }
    }
}

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub kind: Field,
    pub file: Field,
    pub record: Field,
    pub doc_id: Field,
    pub url: Field,
    pub title: Field,
    pub body: Field,
    pub lang: Field,
    pub meta: Field,
    pub meta_stored: Field,
    pub han_script: Field,
    pub tie: Field,
    /// Body representations: words, folded, bigrams.
    pub body_repr: [Field; 3],
    /// Title representations: words, folded, bigrams.
    pub title_repr: [Field; 3],
    pub size: Field,
    pub mtime: Field,
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

    /// The body or title field of representation `r`.
    pub fn analysed(&self, r: Representation, title: bool) -> Field {
        if title {
            self.title(r)
        } else {
            self.body(r)
        }
    }
}

/// Builds the schema and its field handles.
pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Analysed fields get their tokens from dsearch's analysis through the tokenizers
    // of [`super::tokenizer`]. Words (exact forms) and folded forms keep positions:
    // proximity and exactness of adjacency are read from them. Bigrams only find
    // documents (a word inside a longer word, a run no dictionary knows): no positions,
    // which would cost a position per CJK character, and no frequencies.
    let analysed = |r: Representation| {
        let record = if r == Representation::Bigrams {
            IndexRecordOption::Basic
        } else {
            IndexRecordOption::WithFreqsAndPositions
        };
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(super::tokenizer::name(r))
                .set_index_option(record),
        )
    };
    // Keys: one untokenized term, no length normalisation (a byte per document each).
    let key = || {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        )
    };
    let kind = b.add_text_field(name::KIND, key());
    let file = b.add_text_field(name::FILE, key() | STORED);
    let record = b.add_text_field(name::RECORD, key() | STORED);
    let doc_id = b.add_text_field(name::ID, key() | STORED);
    let url = b.add_text_field(name::URL, STORED);
    let title = b.add_text_field(name::TITLE, STORED);
    let body = b.add_text_field(name::BODY, STORED);
    let lang = b.add_text_field(name::LANG, key() | STORED);
    let meta = b.add_json_field(
        name::META,
        JsonObjectOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(META_TOKENIZER)
                    .set_index_option(IndexRecordOption::Basic)
                    .set_fieldnorms(false),
            )
            .set_fast(Some(META_TOKENIZER)),
    );
    let meta_stored = b.add_text_field(name::META_STORED, STORED);
    let mut body_repr = Vec::new();
    let mut title_repr = Vec::new();
    for r in Representation::ALL {
        body_repr.push(b.add_text_field(name::body(r), analysed(r)));
        title_repr.push(b.add_text_field(name::title(r), analysed(r)));
    }
    let size = b.add_u64_field(name::SIZE, STORED);
    let mtime = b.add_u64_field(name::MTIME, STORED);
    let hash = b.add_u64_field(name::HASH, STORED | FAST);
    // Fields added by a later schema version come last: the fields before them keep
    // their ids, so a rebuild still reads the documents added from memory of an index
    // written before ([`super::Index::open_same_fields`]).
    let han_script = b.add_u64_field(name::HAN_SCRIPT, FAST);
    let tie = b.add_u64_field(name::TIE, FAST);
    let fields = Fields {
        kind,
        file,
        record,
        doc_id,
        url,
        title,
        body,
        lang,
        meta,
        meta_stored,
        han_script,
        tie,
        body_repr: [body_repr[0], body_repr[1], body_repr[2]],
        title_repr: [title_repr[0], title_repr[1], title_repr[2]],
        size,
        mtime,
        hash,
    };
    (b.build(), fields)
}

/// Whether `new` starts with every field of `old`, in order and alike: an index of
/// schema `old` can be read with the field handles of `new` (it lacks only the fields
/// `new` added at the end).
pub(crate) fn holds_fields_of(new: &Schema, old: &Schema) -> bool {
    let new: Vec<_> = new.fields().map(|(_, e)| e).collect();
    let old: Vec<_> = old.fields().map(|(_, e)| e).collect();
    old.len() <= new.len() && new.iter().zip(&old).all(|(n, o)| n == o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_schema_with_fewer_fields_at_the_end_is_held() {
        let (schema, _) = build();
        assert!(holds_fields_of(&schema, &schema));
        // This build's fields but the last: what the previous version wrote.
        let mut fewer = Schema::builder();
        let entries: Vec<_> = schema.fields().map(|(_, e)| e.clone()).collect();
        for e in &entries[..entries.len() - 1] {
            fewer.add_field(e.clone());
        }
        let fewer = fewer.build();
        assert!(holds_fields_of(&schema, &fewer));
        assert!(!holds_fields_of(&fewer, &schema));
        // A field changed in the middle: ids no longer mean the same.
        let mut changed = Schema::builder();
        for (i, e) in entries.iter().enumerate() {
            if i == 1 {
                changed.add_u64_field("other", STORED);
            } else {
                changed.add_field(e.clone());
            }
        }
        assert!(!holds_fields_of(&schema, &changed.build()));
    }
}
