//! The writer's threads: a pool that prepares documents in parallel, one document at a
//! time per thread (so one big JSONL file uses every core), and an applier that hands
//! operations to tantivy in the order they were submitted.
//!
//! ```text
//! submit(seq, op) ─ bounded queue ─ pool (parse a JSONL line, extract, detect,
//!                                         analyse) ─ applier (reorders by seq;
//!                                         delete, add, commit) ─ tantivy
//! ```
//!
//! Order matters: an upsert deletes its id before its document is added, and a file's
//! old documents are deleted before its new ones are added; tantivy orders deletes and
//! additions by the moment they are handed to it, so the applier hands them over in
//! submission order, whatever order the pool finishes them in.
//!
//! **Memory:** the queue holds at most a few operations per thread, and the applier
//! waits while the analyses handed to tantivy and not yet tokenized hold more than an
//! eighth of the memory budget, so memory stays flat whatever the input size.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use tantivy::{IndexWriter, TantivyDocument, Term};

use super::duplicates::{same_id_in_file, FileIds, Seen, MAX_IDS};
use super::prepare::{prepare, Source};
use super::schema::{Fields, KIND_FILE};
use super::tokenizer::Registry;
use crate::analysis::Dictionaries;
use crate::error::{Engine, Error, ErrorKind, Result};
use crate::extract::{self, jsonl, Format};

/// Text waiting for extraction: a whole file or one JSONL line.
#[derive(Debug)]
pub(crate) struct RawText {
    pub format: Format,
    pub text: String,
    /// The file key (relative to the index root).
    pub file: String,
    /// The file as shown in warnings.
    pub shown: String,
    /// The JSONL line number (1-based); 0 for a whole file.
    pub line: usize,
}

/// One operation on the index.
pub(crate) enum Op {
    /// Prepare and add a document; with `replace`, delete its id first.
    Add { source: Source, replace: bool },
    /// Extract, prepare and add the documents of files or JSONL lines (batched: one
    /// queue operation per few hundred lines).
    AddRaw(Vec<RawText>),
    /// Delete every document with this id.
    DeleteId(String),
    /// Delete a file's documents and its record.
    DeleteFile(String),
    /// Delete every document and record (a rebuild).
    DeleteAll,
    /// Delete the documents of every file and every record (a rebuild of an index that
    /// holds documents added from memory, which stay).
    DeleteFiles,
    /// Add a file record, in place of the file's old one.
    Record { key: String, doc: TantivyDocument },
    /// Commit, and say how it went.
    Commit {
        reply: mpsc::Sender<Result<()>>,
        mark: CommitMark,
    },
}

/// Whether a commit says the index is unfinished ([`super::UNFINISHED`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CommitMark {
    /// A commit in the middle of a run of [`super::Index::update`].
    Unfinished,
    /// The last commit of such a run.
    Finished,
    /// Any other commit (documents from memory): as the commit before it said, so an
    /// update left unfinished stays so until one ends.
    Keep,
}

/// What the pool hands the applier.
enum Ready {
    Add {
        docs: Vec<Prepared>,
        delete_id: Option<String>,
    },
    Other(Op),
}

/// A document ready for tantivy.
struct Prepared {
    doc: TantivyDocument,
    /// The bytes of its analyses ([`Registry::handed`]).
    bytes: usize,
    /// The id a JSONL record gave, for the applier to find ids its file repeats.
    given: Option<GivenId>,
}

/// The id a JSONL record gave, where.
struct GivenId {
    id: String,
    /// The file key.
    file: String,
    /// The file as shown in warnings.
    shown: String,
    line: usize,
}

/// State the threads share with the handle.
pub(crate) struct Shared {
    pub fields: Fields,
    pub dicts: Dictionaries,
    pub registry: Arc<Registry>,
    /// Warnings, each naming its file (and line).
    pub warnings: Mutex<Vec<String>>,
    /// The first error tantivy reported since the last commit.
    pub error: Mutex<Option<Error>>,
    /// The "no Japanese dictionary" warning was given.
    japanese_warned: AtomicBool,
    /// Bytes of analyses tantivy may hold untokenized before the applier waits.
    pending_limit: usize,
    /// The writer's memory budget: the most one merge may read ([`super::merge`]).
    memory: usize,
    /// The index directory.
    dir: PathBuf,
}

impl Shared {
    pub fn new(
        fields: Fields,
        dicts: Dictionaries,
        registry: Arc<Registry>,
        memory: usize,
        dir: PathBuf,
    ) -> Shared {
        Shared {
            fields,
            dicts,
            registry,
            warnings: Mutex::new(Vec::new()),
            error: Mutex::new(None),
            japanese_warned: AtomicBool::new(false),
            pending_limit: (memory / 8).max(4 << 20),
            memory,
            dir,
        }
    }

    fn warn(&self, w: String) {
        self.warnings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(w);
    }

    fn fail(&self, e: Error) {
        let mut slot = self.error.lock().unwrap_or_else(|e| e.into_inner());
        slot.get_or_insert(e);
    }
}

/// Prepared batches waiting for the applier, whatever the number of threads: while
/// tantivy is busy, each preparing thread already holds the batch it finished, so a
/// queue as long as the pool only held more documents in memory (`dsearch index
/// --threads 32` of a third of the benchmark file: 612 MB peak RSS with a queue of 32,
/// 600 MB with 2).
const READY_QUEUE: usize = 2;

/// The running threads.
pub(crate) struct Pipeline {
    input: Option<SyncSender<(u64, Op)>>,
    seq: u64,
    threads: Vec<JoinHandle<()>>,
    pub shared: Arc<Shared>,
}

impl Pipeline {
    /// Starts `threads` preparing threads and the applier that owns `writer`.
    pub fn start(writer: IndexWriter, shared: Arc<Shared>, threads: usize) -> Pipeline {
        let threads_n = threads.max(1);
        let (input, queue) = mpsc::sync_channel::<(u64, Op)>(threads_n);
        let queue = Arc::new(Mutex::new(queue));
        let (ready_tx, ready_rx) = mpsc::sync_channel::<(u64, Ready)>(READY_QUEUE);
        let mut handles = Vec::with_capacity(threads_n + 1);
        for i in 0..threads_n {
            let (queue, ready_tx, mine) = (queue.clone(), ready_tx.clone(), shared.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("dsearch-prepare-{i}"))
                .spawn(move || prepare_loop(&queue, &ready_tx, &mine));
            match spawned {
                Ok(h) => handles.push(h),
                Err(e) => shared.fail(Error::engine_io(e)),
            }
        }
        drop(ready_tx);
        let applier_shared = shared.clone();
        match std::thread::Builder::new()
            .name("dsearch-apply".into())
            .spawn(move || apply_loop(writer, ready_rx, &applier_shared))
        {
            Ok(h) => handles.push(h),
            Err(e) => shared.fail(Error::engine_io(e)),
        }
        Pipeline {
            input: Some(input),
            seq: 0,
            threads: handles,
            shared,
        }
    }

    /// Queues an operation (waits while the queue is full).
    pub fn submit(&mut self, op: Op) -> Result<()> {
        let seq = self.seq;
        self.seq += 1;
        let sent = self.input.as_ref().map(|tx| tx.send((seq, op)).is_ok());
        match sent {
            Some(true) => Ok(()),
            _ => Err(self.take_error().unwrap_or_else(|| {
                Error::new(ErrorKind::Engine(
                    "the index writer's threads stopped".into(),
                ))
            })),
        }
    }

    /// Commits everything submitted so far, marked as `mark` says.
    pub fn commit(&mut self, mark: CommitMark) -> Result<()> {
        let (reply, rx) = mpsc::channel();
        self.submit(Op::Commit { reply, mark })?;
        rx.recv().unwrap_or_else(|_| {
            Err(self.take_error().unwrap_or_else(|| {
                Error::new(ErrorKind::Engine(
                    "the index writer stopped before committing".into(),
                ))
            }))
        })
    }

    /// The first error since the last commit, if any.
    pub fn take_error(&self) -> Option<Error> {
        self.shared
            .error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }
}

impl Drop for Pipeline {
    /// Stops the threads; what was not committed is dropped. What its analyses left in
    /// the registry is cleared by the next writer: here, after tantivy's writer released
    /// the lock, it could clear the analyses of a writer another thread took meanwhile.
    fn drop(&mut self) {
        self.input.take();
        for h in self.threads.drain(..) {
            let _ = h.join();
        }
    }
}

fn prepare_loop(
    queue: &Mutex<Receiver<(u64, Op)>>,
    ready: &SyncSender<(u64, Ready)>,
    shared: &Shared,
) {
    loop {
        let next = queue.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok((seq, op)) = next else { return };
        let out = match op {
            Op::Add { source, replace } => {
                let delete_id = replace.then(|| source.id.clone());
                Ready::Add {
                    docs: vec![one(shared, source, "")],
                    delete_id,
                }
            }
            Op::AddRaw(batch) => Ready::Add {
                docs: batch
                    .into_iter()
                    .flat_map(|raw| extract_raw(shared, raw))
                    .collect(),
                delete_id: None,
            },
            other => Ready::Other(other),
        };
        if ready.send((seq, out)).is_err() {
            return;
        }
    }
}

fn one(shared: &Shared, source: Source, shown: &str) -> Prepared {
    let p = prepare(&shared.fields, &shared.dicts, &shared.registry, source);
    if p.japanese_missing && !shared.japanese_warned.swap(true, Ordering::Relaxed) {
        let at = if shown.is_empty() {
            String::new()
        } else {
            format!(" ({shown} and maybe others)")
        };
        shared.warn(format!(
            "{JAPANESE_WARNING}{at}; Japanese is indexed as bigrams only (run scripts/ipadic.sh)"
        ));
    }
    Prepared {
        doc: p.doc,
        bytes: p.bytes,
        given: None,
    }
}

/// The warning given once when Japanese text meets no dictionary.
pub(crate) const JAPANESE_WARNING: &str = "no Japanese dictionary found";

/// The documents of a file or a JSONL line; problems become warnings.
fn extract_raw(shared: &Shared, raw: RawText) -> Vec<Prepared> {
    let shown = &raw.shown;
    let mut extracted = Vec::new();
    let mut warnings = Vec::new();
    if raw.format == Format::JsonLines && raw.line > 0 {
        match jsonl::parse_line(&raw.text, raw.line) {
            Ok(Some(d)) => extracted.push(d),
            Ok(None) => {}
            Err(w) => warnings.push(w),
        }
    } else {
        extracted = extract::extract(raw.format, &raw.text, &mut warnings);
    }
    let mut out = Vec::with_capacity(extracted.len());
    for mut d in extracted {
        warnings.append(&mut d.warnings);
        let given = d.id.take().filter(|_| raw.line > 0);
        let id = given.clone().unwrap_or_else(|| match raw.line {
            0 => raw.file.clone(),
            n => format!("{}#{n}", raw.file),
        });
        let source = Source {
            id,
            title: d.title,
            body: d.body,
            lang: d.lang,
            url: d.url,
            fields: d.fields,
            file: Some(raw.file.clone()),
        };
        let mut prepared = one(shared, source, shown);
        prepared.given = given.map(|id| GivenId {
            id,
            file: raw.file.clone(),
            shown: shown.clone(),
            line: raw.line,
        });
        out.push(prepared);
    }
    for w in warnings {
        shared.warn(format!("{shown}: {}", w.message));
    }
    out
}

fn apply_loop(mut writer: IndexWriter, ready: Receiver<(u64, Ready)>, shared: &Shared) {
    let f = shared.fields;
    let mut waiting: BTreeMap<u64, Ready> = BTreeMap::new();
    let mut next = 0u64;
    // The ids of the JSONL file being added: its documents come in line order, between
    // the `DeleteFile` that starts it and the `Record` (or `DeleteFile`) that ends it.
    let mut file_ids = FileIds::default();
    for (seq, r) in ready {
        waiting.insert(seq, r);
        while let Some(r) = waiting.remove(&next) {
            next += 1;
            match r {
                Ready::Add { docs, delete_id } => {
                    if let Some(id) = delete_id {
                        writer.delete_term(Term::from_field_text(f.doc_id, &id));
                    }
                    for Prepared { doc, bytes, given } in docs {
                        if let Some(g) = given {
                            replace_repeated_id(&writer, shared, &mut file_ids, g);
                        }
                        wait_for_tokenizers(shared);
                        shared.registry.handed(bytes);
                        if let Err(e) = writer.add_document(doc) {
                            shared.fail(Error::engine(e));
                        }
                    }
                }
                Ready::Other(Op::DeleteId(id)) => {
                    writer.delete_term(Term::from_field_text(f.doc_id, &id));
                }
                Ready::Other(Op::DeleteFile(key)) => {
                    file_ids.clear();
                    writer.delete_term(Term::from_field_text(f.file, &key));
                    writer.delete_term(Term::from_field_text(f.record, &key));
                }
                Ready::Other(Op::DeleteAll) => {
                    file_ids.clear();
                    if let Err(e) = writer.delete_all_documents() {
                        shared.fail(Error::engine(e));
                    }
                }
                Ready::Other(Op::DeleteFiles) => {
                    file_ids.clear();
                    writer.delete_term(Term::from_field_text(f.kind, KIND_FILE));
                    let deleted = super::update::from_files(&f)
                        .and_then(|q| writer.delete_query(Box::new(q)).engine());
                    if let Err(e) = deleted {
                        shared.fail(e);
                    }
                }
                Ready::Other(Op::Record { key, doc }) => {
                    file_ids.clear();
                    writer.delete_term(Term::from_field_text(f.record, &key));
                    if let Err(e) = writer.add_document(doc) {
                        shared.fail(Error::engine(e));
                    }
                }
                Ready::Other(Op::Commit { reply, mark }) => {
                    let earlier = shared
                        .error
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .take();
                    let result = match earlier {
                        Some(e) => {
                            // Do not commit a batch with a failed addition in it.
                            let _ = writer.rollback();
                            Err(e)
                        }
                        None => {
                            let unfinished = match mark {
                                CommitMark::Unfinished => Ok(true),
                                CommitMark::Finished => Ok(false),
                                CommitMark::Keep => writer
                                    .index()
                                    .load_metas()
                                    .map(|m| super::is_unfinished(&m)),
                            };
                            unfinished
                                .and_then(|unfinished| {
                                    let mut commit = writer.prepare_commit()?;
                                    if unfinished {
                                        commit.set_payload(super::UNFINISHED);
                                    }
                                    commit.commit().map(|_| ())
                                })
                                .map_err(Error::engine)
                        }
                    };
                    let committed = result.is_ok();
                    let _ = reply.send(result);
                    // Indexing waits while segments merge, so the two never add up.
                    if committed {
                        if let Err(e) = super::merge::consolidate(
                            &mut writer,
                            &shared.dir,
                            shared.memory as u64,
                        ) {
                            shared.warn(format!(
                                "merging segments failed (the index is intact): {e}"
                            ));
                        }
                    }
                }
                Ready::Other(Op::Add { .. } | Op::AddRaw(_)) => {}
            }
        }
    }
    let _ = writer.wait_merging_threads();
}

/// A JSONL record whose id an earlier record of its file gave: the earlier one is
/// deleted (tantivy deletes what was added before the delete), so the later one
/// stands alone, as an upsert would leave it, and a warning names both lines.
fn replace_repeated_id(writer: &IndexWriter, shared: &Shared, file_ids: &mut FileIds, g: GivenId) {
    let earlier = match file_ids.see(&g.file, &g.id, g.line) {
        Seen::New => return,
        Seen::Repeat(earlier) => earlier,
        Seen::Full => {
            shared.warn(format!(
                "{}: line {}: more than {MAX_IDS} ids in one file; a repeat of an id \
                 first given from here on is kept beside it, not in its place",
                g.shown, g.line
            ));
            return;
        }
    };
    shared.warn(format!(
        "{}: line {}: id {:?} is also on line {earlier}, which this record replaces",
        g.shown, g.line, g.id
    ));
    let query = same_id_in_file(&shared.fields, &g.file, &g.id);
    if let Err(e) = writer.delete_query(Box::new(query)) {
        shared.fail(Error::engine(e));
    }
}

/// Waits while tantivy holds more untokenized text than the budget allows. tantivy
/// queues up to 10,000 documents whatever their size; this keeps memory flat.
fn wait_for_tokenizers(shared: &Shared) {
    let mut waited = 0;
    while shared.registry.pending() > shared.pending_limit && waited < 30_000 {
        std::thread::sleep(Duration::from_millis(1));
        waited += 1;
    }
}
