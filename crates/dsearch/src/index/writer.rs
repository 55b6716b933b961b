//! Writing from a program: [`Writer`], the one writer of an index, takes documents from
//! memory ([`Writer::add`], [`Writer::upsert`], [`Writer::delete`]) and makes them
//! searchable with [`Writer::commit`]. File indexing ([`Index::update`]) goes through the
//! same writer.

use std::sync::Arc;
use std::time::Duration;

use super::pipeline::{CommitMark, Op, Pipeline, Shared};
use super::prepare::Source;
use super::Index;
use crate::analysis::detect::language_code;
use crate::document::{Document, MAX_ID_BYTES};
use crate::error::{Engine, Error, ErrorKind, Result};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

/// Options of [`Index::writer`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WriterOptions {
    /// Threads that prepare (extract, detect, analyse) documents; 0: one per core; at
    /// most [`MAX_THREADS`].
    pub threads: usize,
    /// Memory budget of the index writer, in bytes (tantivy's indexing memory; see
    /// README for what else a run holds); tantivy takes at most 4 GiB per indexing
    /// thread of it.
    pub memory_bytes: usize,
    /// Wait for another writer to finish instead of failing with
    /// [`ErrorKind::Busy`].
    pub wait: bool,
}

impl Default for WriterOptions {
    fn default() -> WriterOptions {
        WriterOptions {
            threads: 0,
            memory_bytes: 256 << 20,
            wait: false,
        }
    }
}

/// Most preparing threads a writer starts, whatever [`WriterOptions::threads`] asks
/// (100,000 threads failed to start and aborted the process).
pub const MAX_THREADS: usize = 256;

/// The least memory a tantivy indexing thread gets beyond the first two (see
/// [`indexing_threads`]).
const MIN_BYTES_PER_INDEXING_THREAD: usize = 64 << 20;

/// tantivy's indexing threads (which turn tokens into postings, while the `threads`
/// preparing threads analyse) for a memory budget of `memory` bytes: as many as the
/// preparing threads, at most 8 (tantivy's limit), and beyond two only as many as get
/// [`MIN_BYTES_PER_INDEXING_THREAD`] each.
///
/// The budget is shared among them, and each one's share bounds the size of the
/// segments it writes. With one per preparing thread up to 8, `--threads 16` split
/// 256 MB into 32 MB shares, whose segments were small enough for tantivy to merge
/// them in the background, on one thread, while indexing went on: a third of the
/// benchmark's 1× file took 25.5–26.4 s at a peak RSS of 612 MB, against 15.7–16.4 s
/// and 558–573 MB with four threads of 64 MB (2 cores, runs interleaved; `--threads
/// 2`, unchanged, 13.8–15.4 s). Two indexing threads stay whatever the budget:
/// postings take about 60% of the indexing time, so one thread would leave the other
/// cores waiting on it.
pub(crate) fn indexing_threads(threads: usize, memory: usize) -> usize {
    (memory / MIN_BYTES_PER_INDEXING_THREAD)
        .clamp(threads.min(2), 8)
        .min(threads)
        .max(1)
}

/// tantivy's limit on the memory budget of one indexing thread (just under 4 GiB): a
/// larger share of [`WriterOptions::memory_bytes`] is capped to it.
const MAX_BYTES_PER_THREAD: usize = 4_293_967_295 - (1 << 20);

impl WriterOptions {
    /// Sets [`WriterOptions::threads`].
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = n;
        self
    }

    /// Sets [`WriterOptions::memory_bytes`].
    pub fn memory_bytes(mut self, n: usize) -> Self {
        self.memory_bytes = n;
        self
    }

    /// Sets [`WriterOptions::wait`].
    pub fn wait(mut self, wait: bool) -> Self {
        self.wait = wait;
        self
    }

    /// The number of preparing threads: [`WriterOptions::threads`], or one per core; at
    /// most [`MAX_THREADS`].
    pub(crate) fn thread_count(&self) -> usize {
        match self.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
        .min(MAX_THREADS)
    }
}

/// The writer of an index: one at a time per index (a second one gets
/// [`ErrorKind::Busy`]). Changes become searchable, all together, at
/// [`Writer::commit`]; dropping a writer without committing discards them.
///
/// ```
/// use dsearch::{Document, Index, SearchOptions, WriterOptions};
/// # let tmp = tempfile::tempdir()?;
/// let index = Index::open_or_create(tmp.path().join(".dsearch"))?;
/// let mut writer = index.writer(&WriterOptions::default())?;
/// writer.add(Document::new("n1", "Khoáng sản xanh", "Hợp tác khoáng sản xanh.").field("source", "vov"))?;
/// writer.add(Document::new("n2", "綠色礦產", "拓展綠色礦產合作。"))?;
/// writer.delete("n2")?;
/// writer.commit()?;
/// let results = index.search("khoang san source:vov", &SearchOptions::default())?;
/// assert_eq!(results.hits[0].id.as_deref(), Some("n1"));
/// assert_eq!(index.num_docs()?, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Writer {
    pipeline: Pipeline,
    /// The index, for a reader of its last commit.
    index: tantivy::Index,
    /// A reader of the last commit, to tell documents read from files by their id: made
    /// by the first upsert or delete after a commit (one writer at a time, so no other
    /// commit happens meanwhile) and dropped by [`Writer::commit`]. A reader keeps the
    /// files of its segments mapped, and the pages a merge reads through them stayed
    /// resident: `dsearch index` of the 4× benchmark file peaked at 869 MB instead of
    /// 575 MB while a reader was reloaded at every commit.
    reader: Option<tantivy::IndexReader>,
    fields: super::schema::Fields,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").finish_non_exhaustive()
    }
}

impl Index {
    /// Takes the writer lock and starts the writer's threads.
    pub fn writer(&self, options: &WriterOptions) -> Result<Writer> {
        self.writer_with(options, self.dictionaries.clone())
    }

    pub(crate) fn writer_with(
        &self,
        options: &WriterOptions,
        dictionaries: crate::analysis::Dictionaries,
    ) -> Result<Writer> {
        let threads = options.thread_count();
        let index_threads = indexing_threads(threads, options.memory_bytes);
        let budget = options.memory_bytes.max((index_threads * 16) << 20);
        let writer = loop {
            // One merge thread: merges run one at a time (see [`super::merge`]).
            let tantivy_options = tantivy::indexer::IndexWriterOptions::builder()
                .num_worker_threads(index_threads)
                .memory_budget_per_thread((budget / index_threads).min(MAX_BYTES_PER_THREAD))
                .num_merge_threads(1)
                .build();
            match self
                .index
                .writer_with_options::<tantivy::TantivyDocument>(tantivy_options)
            {
                Ok(w) => break w,
                // The lock file cannot be written (an index of another user, a
                // read-only mount): say so with the directory, not as a busy index.
                Err(tantivy::TantivyError::LockFailure(
                    tantivy::directory::error::LockError::IoError(e),
                    _,
                )) => {
                    return Err(Error::io(
                        self.dir(),
                        std::io::Error::new(e.kind(), e.to_string()),
                    ))
                }
                Err(tantivy::TantivyError::LockFailure(..)) if options.wait => {
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(tantivy::TantivyError::LockFailure(..)) => {
                    return Err(Error::new(ErrorKind::Busy(self.dir().to_path_buf())))
                }
                Err(e) => return Err(Error::engine(e)),
            }
        };
        // The one writer of this index: what an earlier writer's analyses left (a writer
        // dropped before tantivy read everything) is nobody's now.
        self.registry.clear();
        writer.set_merge_policy(Box::new(super::merge::SmallSegments {
            dir: self.dir().to_path_buf(),
            small: super::merge::small_bytes(budget as u64),
        }));
        let shared = Arc::new(Shared::new(
            self.fields,
            dictionaries,
            self.registry.clone(),
            budget,
            self.dir().to_path_buf(),
        ));
        Ok(Writer {
            pipeline: Pipeline::start(writer, shared, threads),
            index: self.index.clone(),
            reader: None,
            fields: self.fields,
        })
    }
}

impl Writer {
    /// Adds a document (another one with the same id stays: see [`Writer::upsert`]).
    /// The id of a document read from a file is refused, as by [`Writer::upsert`]: a
    /// document added with it could not be deleted.
    pub fn add(&mut self, doc: Document) -> Result<()> {
        self.check_id(&doc.id)?;
        self.add_document(doc, false)
    }

    /// Adds a document in place of every document with its id. The id of a document
    /// read from a file is refused ([`ErrorKind::InvalidArgument`]): the file says what
    /// it holds, and the next `dsearch index` would not see the change.
    pub fn upsert(&mut self, doc: Document) -> Result<()> {
        self.check_id(&doc.id)?;
        self.add_document(doc, true)
    }

    /// Deletes every document with this id; the id of a document read from a file is
    /// refused, as by [`Writer::upsert`].
    pub fn delete(&mut self, id: &str) -> Result<()> {
        self.check_id(id)?;
        self.pipeline.submit(Op::DeleteId(id.to_string()))
    }

    /// Fails when the id is longer than [`MAX_ID_BYTES`] or the last commit holds a
    /// document read from a file with this id.
    fn check_id(&mut self, id: &str) -> Result<()> {
        if id.len() > MAX_ID_BYTES {
            return Err(Error::new(ErrorKind::InvalidArgument(format!(
                "the id is {} bytes long: at most {MAX_ID_BYTES} are allowed",
                id.len()
            ))));
        }
        let reader = match &self.reader {
            Some(reader) => reader,
            None => self.reader.insert(
                self.index
                    .reader_builder()
                    .reload_policy(tantivy::ReloadPolicy::Manual)
                    .try_into()
                    .engine()?,
            ),
        };
        let searcher = reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.doc_id, id),
            IndexRecordOption::Basic,
        );
        for (_, addr) in searcher.search(&q, &TopDocs::with_limit(16)).engine()? {
            let doc: TantivyDocument = searcher.doc(addr).engine()?;
            if let Some(file) = doc.get_first(self.fields.file).and_then(|v| v.as_str()) {
                return Err(Error::new(ErrorKind::InvalidArgument(format!(
                    "document {id:?} was read from the file {file}: change the file and index it again"
                ))));
            }
        }
        Ok(())
    }

    /// Makes every change since the last commit searchable, atomically: a crash before
    /// the commit returns leaves the index as it was at the previous one.
    pub fn commit(&mut self) -> Result<()> {
        self.commit_as(CommitMark::Keep)
    }

    /// A commit in the middle of a run of [`Index::update`]: the index says it is
    /// unfinished ([`Index::unfinished`]) until the run's last commit
    /// ([`Writer::commit_finished`]); other commits keep the mark.
    pub(crate) fn commit_unfinished(&mut self) -> Result<()> {
        self.commit_as(CommitMark::Unfinished)
    }

    /// The last commit of a run of [`Index::update`].
    pub(crate) fn commit_finished(&mut self) -> Result<()> {
        self.commit_as(CommitMark::Finished)
    }

    fn commit_as(&mut self, mark: CommitMark) -> Result<()> {
        self.pipeline.commit(mark)?;
        // What this commit wrote (a file's documents among them) is what the next
        // upsert or delete checks ids against, through a new reader.
        self.reader = None;
        Ok(())
    }

    /// The warnings given since the last call (bad JSONL lines, unsupported metadata,
    /// a missing Japanese dictionary), each naming its file or document.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(
            &mut *self
                .pipeline
                .shared
                .warnings
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        )
    }

    /// Stops the writer's threads, waiting for the merges they run after the last
    /// commit, and returns the warnings given since the last
    /// [`Writer::take_warnings`] (a failed merge's among them).
    pub(crate) fn finish(self) -> Vec<String> {
        let shared = self.pipeline.shared.clone();
        drop(self);
        let mut warnings = shared.warnings.lock().unwrap_or_else(|e| e.into_inner());
        std::mem::take(&mut *warnings)
    }

    pub(crate) fn submit(&mut self, op: Op) -> Result<()> {
        self.pipeline.submit(op)
    }

    fn add_document(&mut self, doc: Document, replace: bool) -> Result<()> {
        if doc.id.trim().is_empty() {
            return Err(Error::new(ErrorKind::InvalidArgument(
                "a document needs an id".into(),
            )));
        }
        let lang = match doc.lang.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(l) => Some(language_code(l).map(str::to_string).ok_or_else(|| {
                Error::new(ErrorKind::InvalidArgument(format!(
                    "document {:?}: language {l:?} names no language (an ISO 639 code such as vi, zh, ja, or a name)",
                    doc.id
                )))
            })?),
        };
        let source = Source {
            id: doc.id,
            title: doc.title,
            body: doc.body,
            lang,
            url: doc.url,
            fields: doc.fields,
            file: None,
        };
        self.pipeline.submit(Op::Add { source, replace })
    }
}

#[cfg(test)]
mod tests {
    use super::indexing_threads;

    #[test]
    fn indexing_threads_get_a_share_of_the_budget_large_enough() {
        const MB: usize = 1 << 20;
        // One core, two cores: one indexing thread per preparing thread.
        assert_eq!(indexing_threads(1, 256 * MB), 1);
        assert_eq!(indexing_threads(2, 256 * MB), 2);
        // Many cores: 64 MB each at least, so 4 with the default budget, not 8.
        assert_eq!(indexing_threads(16, 256 * MB), 4);
        assert_eq!(indexing_threads(16, 1024 * MB), 8);
        assert_eq!(indexing_threads(16, 4096 * MB), 8);
        // A small budget still keeps two threads (when there are two).
        assert_eq!(indexing_threads(16, 64 * MB), 2);
        assert_eq!(indexing_threads(1, 16 * MB), 1);
        assert_eq!(indexing_threads(3, 200 * MB), 3);
    }
}
