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
/// **Memory:** one entry per distinct id, while its file is read, dropped at its end:
/// a 64-bit hash of the id (xxh3) and a line number, 16 bytes and a control byte. The
/// table keeps at most [`MAX_IDS`] ids, which fill a table of 2^20 slots to the 7/8
/// hashbrown allows (18 MB, whatever the ids' length), so memory stays flat whatever
/// the file's size; past them, an id first seen is not kept (and a repeat of it is not
/// found), which [`Seen::Full`] says once. The ids themselves would cost their bytes,
/// a `String` and an allocation more each. Two ids with one hash (about one chance in
/// ten million for a file of a million ids) give a warning in error and nothing
/// worse: the delete that replaces an earlier record matches the file and the exact
/// id, and no earlier record of the file has this one.
#[derive(Default)]
pub(crate) struct FileIds {
    /// The file key the table is about.
    file: Option<String>,
    lines: HashMap<u64, usize>,
    /// The table is full and [`Seen::Full`] was answered.
    full: bool,
}

/// The most ids of one file whose repeats are found.
pub(crate) const MAX_IDS: usize = (1 << 20) / 8 * 7;

/// What [`FileIds::see`] knows of an id.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Seen {
    /// First seen (or not kept: the table is full).
    New,
    /// Given before by this line.
    Repeat(usize),
    /// First seen, and the table is full: from here on, new ids are not kept.
    Full,
}

impl FileIds {
    /// Notes that line `line` of `file` gives `id`: whether a line gave it before. A
    /// file other than the last one starts a new table.
    pub fn see(&mut self, file: &str, id: &str, line: usize) -> Seen {
        if self.file.as_deref() != Some(file) {
            self.clear();
            self.file = Some(file.to_string());
        }
        let hash = xxhash_rust::xxh3::xxh3_64(id.as_bytes());
        if let Some(last) = self.lines.get_mut(&hash) {
            return Seen::Repeat(std::mem::replace(last, line));
        }
        if self.lines.len() < MAX_IDS {
            self.lines.insert(hash, line);
            return Seen::New;
        }
        match std::mem::replace(&mut self.full, true) {
            false => Seen::Full,
            true => Seen::New,
        }
    }

    /// Forgets the file (its end), freeing the table.
    pub fn clear(&mut self) {
        self.file = None;
        self.lines = HashMap::new();
        self.full = false;
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
        assert_eq!(ids.see("a.jsonl", "n1", 1), Seen::New);
        assert_eq!(ids.see("a.jsonl", "n2", 2), Seen::New);
        assert_eq!(ids.see("a.jsonl", "n1", 3), Seen::Repeat(1));
        assert_eq!(ids.see("a.jsonl", "n1", 7), Seen::Repeat(3));
        // Another file, or the same one read again, starts over.
        assert_eq!(ids.see("b.jsonl", "n1", 1), Seen::New);
        assert_eq!(ids.see("b.jsonl", "n2", 2), Seen::New);
        ids.clear();
        assert_eq!(ids.see("b.jsonl", "n1", 1), Seen::New);
        assert_eq!(ids.lines.len(), 1);
    }

    #[test]
    fn the_table_keeps_at_most_max_ids_and_says_so_once() {
        let mut ids = FileIds::default();
        for line in 0..MAX_IDS {
            assert_eq!(ids.see("a.jsonl", &format!("n{line}"), line), Seen::New);
        }
        let slots = ids.lines.capacity();
        assert_eq!(ids.see("a.jsonl", "one more", MAX_IDS), Seen::Full);
        assert_eq!(ids.see("a.jsonl", "and another", MAX_IDS + 1), Seen::New);
        // Ids kept still answer; those past the limit are not kept.
        assert_eq!(ids.see("a.jsonl", "n5", MAX_IDS + 2), Seen::Repeat(5));
        assert_eq!(ids.see("a.jsonl", "one more", MAX_IDS + 3), Seen::New);
        assert_eq!((ids.lines.len(), ids.lines.capacity()), (MAX_IDS, slots));
        // A new file starts an empty table, and may say so again.
        assert_eq!(ids.see("b.jsonl", "n1", 1), Seen::New);
        assert!(!ids.full);
    }
}
