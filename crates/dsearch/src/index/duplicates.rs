//! Ids a JSONL file gives twice: within one file an id names one document, so a later
//! record with the id of an earlier one replaces it, as an upsert would, and a warning
//! names the file and both lines. The applier asks [`FileIds::see`] about each record
//! with an id, in line order, and deletes the earlier record when it answers a line.

use std::collections::HashMap;

use tantivy::query::{BooleanQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::schema::Fields;

/// The ids seen so far in the JSONL file being added, with the line that gave each
/// last.
///
/// **Memory:** one entry per record with an id, while its file is read, dropped at its
/// end: a 64-bit hash of the id (xxh3) and a line number, 16 bytes and a control byte,
/// in a table 44 % to 87 % full, so 20 to 39 bytes a record whatever the ids' length
/// (285 MB for a file of ten million records). The ids themselves would cost their
/// bytes, a `String` and an allocation more each: two to three times as much. Two ids
/// with one hash (about three chances in a million for a file of ten million ids) give
/// a warning in error and nothing worse: the delete that replaces an earlier record
/// matches the file and the exact id, and no earlier record of the file has this one.
#[derive(Default)]
pub(crate) struct FileIds {
    /// The file key the table is about.
    file: Option<String>,
    lines: HashMap<u64, usize>,
}

impl FileIds {
    /// Notes that line `line` of `file` gives `id`; the line that gave it before, if
    /// any. A file other than the last one starts a new table.
    pub fn see(&mut self, file: &str, id: &str, line: usize) -> Option<usize> {
        if self.file.as_deref() != Some(file) {
            self.clear();
            self.file = Some(file.to_string());
        }
        self.lines
            .insert(xxhash_rust::xxh3::xxh3_64(id.as_bytes()), line)
    }

    /// Forgets the file (its end), freeing the table.
    pub fn clear(&mut self) {
        self.file = None;
        self.lines = HashMap::new();
    }
}

/// The documents of the file `file` with the id `id`: what a repeated id replaces.
pub(crate) fn same_id_in_file(f: &Fields, file: &str, id: &str) -> BooleanQuery {
    let term = |field, text| -> Box<dyn tantivy::query::Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::Basic,
        ))
    };
    BooleanQuery::intersection(vec![term(f.file, file), term(f.doc_id, id)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_id_answers_the_line_that_gave_it_last() {
        let mut ids = FileIds::default();
        assert_eq!(ids.see("a.jsonl", "n1", 1), None);
        assert_eq!(ids.see("a.jsonl", "n2", 2), None);
        assert_eq!(ids.see("a.jsonl", "n1", 3), Some(1));
        assert_eq!(ids.see("a.jsonl", "n1", 7), Some(3));
        // Another file, or the same one read again, starts over.
        assert_eq!(ids.see("b.jsonl", "n1", 1), None);
        assert_eq!(ids.see("b.jsonl", "n2", 2), None);
        ids.clear();
        assert_eq!(ids.see("b.jsonl", "n1", 1), None);
        assert_eq!(ids.lines.len(), 1);
    }
}
