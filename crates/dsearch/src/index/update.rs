//! Incremental indexing: walk the given paths, re-analyse only files whose size, mtime
//! or content changed, drop files that disappeared, commit once (or every
//! [`UpdateOptions::commit_every_bytes`] of input on long runs).
//!
//! Workers read, extract and analyse files in parallel and send finished tantivy
//! documents to the calling thread, which alone talks to the `IndexWriter`. Before a
//! file's new documents are added its old ones are deleted, always, so an interrupted
//! run can never leave duplicates behind.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant, UNIX_EPOCH};

use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::schema::{Fields, KIND_DOC, KIND_FILE};
use super::{absolute, meta, tokenizer, Index, INDEX_DIR};
use crate::analysis::{detect, Representation};
use crate::error::{Error, ErrorKind, Result};
use crate::extract::{self, Extracted, Format};

/// Options of [`Index::update`].
#[derive(Debug, Clone)]
pub struct UpdateOptions {
    /// Analysis threads; 0 means one per core.
    pub threads: usize,
    /// Memory budget of the index writer, in bytes.
    pub memory_bytes: usize,
    /// Files larger than this are skipped with a warning.
    pub max_file_size: u64,
    /// Follow symbolic links (off: links are skipped).
    pub follow_links: bool,
    /// Wait for another writer to finish instead of failing with "index is busy".
    pub wait: bool,
    /// Commit after this many bytes of input, so a long run keeps its progress.
    pub commit_every_bytes: u64,
    /// Drop every document first and index everything again (in the same commit).
    pub rebuild: bool,
}

impl Default for UpdateOptions {
    fn default() -> UpdateOptions {
        UpdateOptions {
            threads: 0,
            memory_bytes: 256 << 20,
            max_file_size: 50 << 20,
            follow_links: false,
            wait: false,
            commit_every_bytes: 256 << 20,
            rebuild: false,
        }
    }
}

/// Progress of an update, reported to the caller's callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The walk is over: `files` files need analysis.
    Walked {
        /// Files to analyse.
        files: usize,
    },
    /// `done` of `files` files are analysed.
    Analysed {
        /// Files analysed so far.
        done: usize,
        /// Files to analyse.
        files: usize,
    },
}

/// What an update did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UpdateReport {
    /// Files indexed for the first time.
    pub added: usize,
    /// Files re-indexed because they changed.
    pub updated: usize,
    /// Files whose documents were removed because they disappeared.
    pub removed: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Files that could not be indexed (each has a warning).
    pub skipped: usize,
    /// Searchable documents in the index after the update.
    pub documents: u64,
    /// Wall time of the update, in seconds.
    pub seconds: f64,
    /// One line per problem, each naming its file.
    pub warnings: Vec<String>,
    /// Paths given that do not exist (the others were indexed).
    pub missing: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy)]
struct Record {
    size: u64,
    mtime: u64,
    hash: u64,
}

struct Job {
    path: PathBuf,
    key: String,
    size: u64,
    mtime: u64,
    old: Option<Record>,
}

enum Outcome {
    Indexed {
        /// Documents with the bytes of text they hand to analysis.
        docs: Vec<(TantivyDocument, usize)>,
        record: TantivyDocument,
        bytes: u64,
        warnings: Vec<String>,
    },
    Touched {
        record: TantivyDocument,
    },
    Failed {
        warning: String,
    },
}

impl Index {
    /// Indexes `paths` (files or directories, walked recursively): adds new files,
    /// re-analyses changed ones, removes the documents of files under `paths` that are
    /// gone, and commits. Missing paths are reported in [`UpdateReport::missing`]; the
    /// others are still indexed.
    pub fn update(
        &self,
        paths: &[PathBuf],
        options: &UpdateOptions,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<UpdateReport> {
        let started = Instant::now();
        let threads = if options.threads == 0 {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        } else {
            options.threads
        };
        let mut writer = self.writer(threads, options)?;
        let mut report = UpdateReport::default();
        let records = if options.rebuild {
            writer.delete_all_documents()?;
            HashMap::new()
        } else {
            self.records()?
        };

        // Walk.
        let mut roots = Vec::new();
        let mut jobs = Vec::new();
        let mut seen = HashSet::new();
        for p in paths {
            let abs = absolute(p);
            if std::fs::symlink_metadata(&abs).is_err() {
                report.missing.push(p.clone());
                continue;
            }
            roots.push(self.key_of(&abs));
            self.walk(
                &abs,
                options,
                &mut |path, md| {
                    let key = self.key_of(path);
                    if !seen.insert(key.clone()) {
                        return;
                    }
                    let mtime = md
                        .modified()
                        .ok()
                        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                        .map(|d| d.as_nanos() as u64)
                        .unwrap_or(0);
                    let old = records.get(&key).copied();
                    if let Some(r) = old {
                        if r.size == md.len() && r.mtime == mtime {
                            report.unchanged += 1;
                            return;
                        }
                    }
                    jobs.push(Job {
                        path: path.to_path_buf(),
                        key,
                        size: md.len(),
                        mtime,
                        old,
                    });
                },
                &mut report.warnings,
            );
        }

        // Remember the paths for `--rebuild` before the first commit, so a run killed
        // after a commit can still be rebuilt.
        let mut m = meta::read(self.dir())?.unwrap_or(meta::Meta {
            schema_version: super::SCHEMA_VERSION,
            paths: Vec::new(),
        });
        if roots.iter().any(|r| !m.paths.contains(r)) {
            for r in &roots {
                if !m.paths.contains(r) {
                    m.paths.push(r.clone());
                }
            }
            meta::write(self.dir(), &m)?;
        }

        // Files under the walked roots that are gone.
        for key in records.keys() {
            if !seen.contains(key) && roots.iter().any(|r| is_under(key, r)) {
                self.delete_file(&writer, key);
                report.removed += 1;
            }
        }

        // Analyse in parallel; apply and commit here.
        progress(Progress::Walked { files: jobs.len() });
        let total = jobs.len();
        let next = AtomicUsize::new(0);
        let (tx, rx) = mpsc::sync_channel::<(usize, Outcome)>(threads * 4);
        let mut dictionary_warned = false;
        let mut since_commit = 0u64;
        let mut apply_error: Option<Error> = None;
        std::thread::scope(|scope| {
            for _ in 0..threads.min(total.max(1)) {
                let tx = tx.clone();
                let (jobs, next) = (&jobs, &next);
                scope.spawn(move || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let outcome = self.process(job, options);
                    if tx.send((i, outcome)).is_err() {
                        break;
                    }
                });
            }
            drop(tx);
            for (done, (i, outcome)) in rx.into_iter().enumerate() {
                let job = &jobs[i];
                let done = done + 1;
                match outcome {
                    Outcome::Indexed {
                        docs,
                        record,
                        bytes,
                        warnings,
                    } => {
                        self.delete_file(&writer, &job.key);
                        for (d, text_bytes) in docs {
                            self.wait_for_analysis(options);
                            self.pending.add(text_bytes);
                            if let Err(e) = writer.add_document(d) {
                                apply_error.get_or_insert(e.into());
                            }
                        }
                        if let Err(e) = writer.add_document(record) {
                            apply_error.get_or_insert(e.into());
                        }
                        for w in warnings {
                            if w.starts_with(JAPANESE_WARNING) {
                                if dictionary_warned {
                                    continue;
                                }
                                dictionary_warned = true;
                            }
                            report.warnings.push(w);
                        }
                        if job.old.is_some() {
                            report.updated += 1;
                        } else {
                            report.added += 1;
                        }
                        since_commit += bytes;
                    }
                    Outcome::Touched { record } => {
                        writer.delete_term(Term::from_field_text(self.fields.record, &job.key));
                        if let Err(e) = writer.add_document(record) {
                            apply_error.get_or_insert(e.into());
                        }
                        report.unchanged += 1;
                    }
                    Outcome::Failed { warning } => {
                        if job.old.is_some() {
                            self.delete_file(&writer, &job.key);
                        }
                        report.warnings.push(warning);
                        report.skipped += 1;
                    }
                }
                if since_commit >= options.commit_every_bytes && apply_error.is_none() {
                    since_commit = 0;
                    if let Err(e) = writer.commit() {
                        apply_error.get_or_insert(e.into());
                    }
                }
                progress(Progress::Analysed { done, files: total });
            }
        });
        if let Some(e) = apply_error {
            return Err(e);
        }
        writer.commit()?;
        writer.wait_merging_threads().ok();
        // After a run that (re)indexed most files, one segment; small updates leave
        // merging to tantivy's merge policy.
        let indexed = report.added + report.updated;
        if indexed > 0 && indexed * 2 >= indexed + report.unchanged {
            if let Err(e) = self.compact(threads, options) {
                report
                    .warnings
                    .push(format!("{}: merging segments: {e}", self.dir().display()));
            }
        }

        report.documents = self.num_docs()?;
        report.seconds = started.elapsed().as_secs_f64();
        Ok(report)
    }

    /// Recreates the index in `dir` from every path indexed so far plus `paths`, also
    /// when it was written by another schema version or its files are damaged. Until the
    /// rebuild's first commit the old index stays readable (except across a schema
    /// change or damage, where it is unreadable anyway and its files are removed first,
    /// keeping `dsearch.json` and its paths). A rebuild killed after a commit leaves part
    /// of the documents; the next `dsearch index` or `--rebuild` completes them.
    pub fn rebuild(
        dir: &Path,
        paths: &[PathBuf],
        options: &UpdateOptions,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<UpdateReport> {
        let dir = absolute(dir);
        let root = dir.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut all: Vec<PathBuf> = meta::read(&dir)
            .ok()
            .flatten()
            .map(|m| m.paths.iter().map(|k| root.join(k)).collect())
            .unwrap_or_default();
        for p in paths {
            let abs = absolute(p);
            if !all.contains(&abs) {
                all.push(abs);
            }
        }
        let options = UpdateOptions {
            rebuild: true,
            ..options.clone()
        };
        let index = match Index::open(&dir) {
            Ok(index) => index,
            Err(e) if unreadable(&e) => {
                // Another schema version, or damaged: remove the index files but keep
                // `dsearch.json`, which holds the paths until the new index records
                // them, so a rebuild killed here is simply run again.
                clear_index_dir(&dir)?;
                Index::open_or_create(&dir)?
            }
            Err(e) if matches!(e.kind(), ErrorKind::NoIndex) => Index::open_or_create(&dir)?,
            Err(e) => return Err(e),
        };
        index.update(&all, &options, progress)
    }

    /// Takes the writer lock (waiting for it when asked).
    fn writer(&self, threads: usize, options: &UpdateOptions) -> Result<IndexWriter> {
        // Analysis runs in tantivy's indexing threads: one per core.
        let index_threads = threads.clamp(1, 8);
        let budget = options.memory_bytes.max((index_threads * 20) << 20);
        loop {
            match self.index.writer_with_num_threads(index_threads, budget) {
                Ok(w) => return Ok(w),
                Err(tantivy::TantivyError::LockFailure(..)) if options.wait => {
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(tantivy::TantivyError::LockFailure(..)) => {
                    return Err(Error::new(ErrorKind::Busy(self.dir().to_path_buf())))
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Merges the segments into one when there are more than [`MAX_SEGMENTS`]: every
    /// segment repeats the term dictionary, so a freshly built index of many segments
    /// is up to a fifth larger (the benchmark corpus: 320 MB in 8 segments, 271 MB in
    /// one) and slower to query.
    /// Best effort, after the commit: the update has landed whatever happens here.
    fn compact(&self, threads: usize, options: &UpdateOptions) -> Result<()> {
        let ids = self.index.searchable_segment_ids()?;
        if ids.len() <= MAX_SEGMENTS {
            return Ok(());
        }
        let options = UpdateOptions {
            wait: false,
            ..options.clone()
        };
        let mut writer = match self.writer(threads, &options) {
            Ok(w) => w,
            // Another writer took the lock in between: it will merge.
            Err(e) if matches!(e.kind(), ErrorKind::Busy(_)) => return Ok(()),
            Err(e) => return Err(e),
        };
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        let ids = self.index.searchable_segment_ids()?;
        writer.merge(&ids).wait()?;
        writer.wait_merging_threads()?;
        Ok(())
    }

    /// Backpressure: waits while the text handed to the writer and not yet analysed
    /// exceeds an eighth of the memory budget (tantivy queues up to 10,000 documents
    /// whatever their size). Gives up waiting after ten seconds without progress.
    fn wait_for_analysis(&self, options: &UpdateOptions) {
        let limit = (options.memory_bytes / 8).max(4 << 20);
        let mut last = self.pending.get();
        let mut still = Instant::now();
        while last > limit && still.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(1));
            let now = self.pending.get();
            if now < last {
                still = Instant::now();
            }
            last = now;
        }
    }

    fn delete_file(&self, writer: &IndexWriter, key: &str) {
        writer.delete_term(Term::from_field_text(self.fields.file, key));
        writer.delete_term(Term::from_field_text(self.fields.record, key));
    }

    /// The file records of the last commit.
    fn records(&self) -> Result<HashMap<String, Record>> {
        let searcher = self.reader()?.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.kind, KIND_FILE),
            IndexRecordOption::Basic,
        );
        let mut out = HashMap::new();
        for addr in searcher.search(&q, &DocSetCollector)? {
            let d: TantivyDocument = searcher.doc(addr)?;
            let f = &self.fields;
            let key = d
                .get_first(f.record)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            let get = |field| d.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
            out.insert(
                key,
                Record {
                    size: get(f.size),
                    mtime: get(f.mtime),
                    hash: get(f.hash),
                },
            );
        }
        Ok(out)
    }

    /// Calls `found` for every indexable file under `path`.
    fn walk(
        &self,
        path: &Path,
        options: &UpdateOptions,
        found: &mut dyn FnMut(&Path, &std::fs::Metadata),
        warnings: &mut Vec<String>,
    ) {
        let walker = walkdir::WalkDir::new(path)
            .follow_links(options.follow_links)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || !(e.file_name().to_string_lossy().starts_with('.') || e.path() == self.dir())
            });
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let p = e
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    let msg = e
                        .io_error()
                        .map(|io| io.to_string())
                        .unwrap_or_else(|| e.to_string());
                    let msg = if e.loop_ancestor().is_some() {
                        "symbolic link loop, skipped".to_string()
                    } else {
                        msg
                    };
                    warnings.push(format!("{p}: {msg}"));
                    continue;
                }
            };
            let ft = entry.file_type();
            // A symbolic link named on the command line is read: naming it asks for it.
            let named_link = ft.is_symlink() && entry.depth() == 0;
            if ft.is_dir() || (ft.is_symlink() && !named_link) || Format::of(entry.path()).is_none()
            {
                continue;
            }
            if entry
                .path()
                .components()
                .any(|c| c.as_os_str() == INDEX_DIR)
            {
                continue;
            }
            let md = if named_link {
                std::fs::metadata(entry.path())
            } else {
                entry.metadata().map_err(std::io::Error::from)
            };
            match md {
                Ok(md) if md.is_file() => found(entry.path(), &md),
                Ok(_) => {}
                Err(e) => warnings.push(format!("{}: {e}", entry.path().display())),
            }
        }
    }

    /// Reads, extracts and analyses one file.
    fn process(&self, job: &Job, options: &UpdateOptions) -> Outcome {
        let shown = job.path.display();
        if job.size > options.max_file_size {
            return Outcome::Failed {
                warning: format!(
                    "{shown}: larger than --max-file-size ({} > {} bytes), skipped",
                    job.size, options.max_file_size
                ),
            };
        }
        let bytes = match std::fs::read(&job.path) {
            Ok(b) => b,
            Err(e) => {
                return Outcome::Failed {
                    warning: format!("{shown}: {e}, skipped"),
                }
            }
        };
        let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
        let record = self.record_doc(&job.key, bytes.len() as u64, job.mtime, hash);
        if job.old.is_some_and(|r| r.hash == hash) {
            return Outcome::Touched { record };
        }
        if extract::looks_binary(&bytes) {
            return Outcome::Failed {
                warning: format!("{shown}: binary file (NUL bytes), skipped"),
            };
        }
        let mut warnings = Vec::new();
        let (text, lossy) = extract::decode(&bytes);
        if lossy {
            warnings.push(format!("{shown}: invalid UTF-8, decoded lossily"));
        }
        let format = Format::of(&job.path).expect("walk keeps known formats");
        let mut extract_warnings = Vec::new();
        let docs = extract::extract(format, &text, &mut extract_warnings);
        warnings.extend(
            extract_warnings
                .into_iter()
                .map(|w| format!("{shown}: {}", w.message)),
        );
        let mut out = Vec::with_capacity(docs.len());
        for d in docs {
            let text_bytes = d.body.len() + d.title.len();
            let (doc, missing_dict) = build_doc(&self.fields, &self.dictionaries, &job.key, d);
            if missing_dict {
                warnings.push(format!(
                    "{JAPANESE_WARNING} ({shown} and maybe others); Japanese is indexed as bigrams only (run scripts/ipadic.sh)"
                ));
            }
            out.push((doc, text_bytes));
        }
        Outcome::Indexed {
            docs: out,
            record,
            bytes: bytes.len() as u64,
            warnings,
        }
    }

    fn record_doc(&self, key: &str, size: u64, mtime: u64, hash: u64) -> TantivyDocument {
        let f = &self.fields;
        let mut d = TantivyDocument::new();
        d.add_text(f.kind, KIND_FILE);
        d.add_text(f.record, key);
        d.add_u64(f.size, size);
        d.add_u64(f.mtime, mtime);
        d.add_u64(f.hash, hash);
        d
    }
}

/// True when `e`, from [`Index::open`], means the index must be recreated: another
/// schema version, or files tantivy or dsearch cannot read.
fn unreadable(e: &Error) -> bool {
    match e.kind() {
        ErrorKind::SchemaVersion { .. } => true,
        ErrorKind::Tantivy(tantivy::TantivyError::DataCorruption(_)) => true,
        ErrorKind::Tantivy(tantivy::TantivyError::SchemaError(_)) => true,
        ErrorKind::Tantivy(tantivy::TantivyError::IncompatibleIndex(_)) => true,
        ErrorKind::Io { path, source } => {
            source.kind() == std::io::ErrorKind::InvalidData
                && path.file_name() == Some(std::ffi::OsStr::new(meta::FILE_NAME))
        }
        _ => false,
    }
}

/// Removes the index files from the index directory `dir`: tantivy's files and
/// temporary files. `dsearch.json` stays, and so does anything dsearch did not write
/// (`--index` may name a directory that holds other files).
fn clear_index_dir(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !is_index_file(&name) || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

/// True for the names of the files tantivy and dsearch write in an index directory,
/// except `dsearch.json`.
fn is_index_file(name: &str) -> bool {
    const SEGMENT_EXTENSIONS: [&str; 7] =
        ["idx", "pos", "term", "store", "fast", "fieldnorm", "del"];
    // The lock files stay: another process may hold them.
    if matches!(name, "meta.json" | ".managed.json")
        || name.starts_with(".tmp")
        || name.starts_with("dsearch.json.tmp")
    {
        return true;
    }
    // `<32 hex digits>.<extension>`, or `<32 hex digits>.<opstamp>.del`.
    match name.split_once('.') {
        Some((id, rest)) => {
            id.len() == 32
                && id.bytes().all(|b| b.is_ascii_hexdigit())
                && SEGMENT_EXTENSIONS
                    .iter()
                    .any(|ext| rest == *ext || rest.rsplit('.').next() == Some(ext))
        }
        None => false,
    }
}

/// Most segments left after an update before they are merged into one.
const MAX_SEGMENTS: usize = 4;

const JAPANESE_WARNING: &str = "no Japanese dictionary found";

/// True when `key` is `root` or lies below it.
fn is_under(key: &str, root: &str) -> bool {
    key == root
        || key
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with(std::path::MAIN_SEPARATOR))
        || root.is_empty()
}

/// The language of an extracted document: the source's, else detected.
pub fn language_of(d: &Extracted) -> String {
    match &d.lang {
        Some(l) => l.clone(),
        None if !d.body.trim().is_empty() => detect::detect(&d.body).to_string(),
        None => detect::detect(&d.title).to_string(),
    }
}

/// Builds the tantivy document of one extracted document; the flag is true when
/// Japanese text met no dictionary. Analysis happens later, in tantivy's indexing
/// threads, through the tokenizers of [`super::tokenizer`].
fn build_doc(
    f: &Fields,
    dicts: &crate::analysis::Dictionaries,
    key: &str,
    d: Extracted,
) -> (TantivyDocument, bool) {
    let lang = language_of(&d);
    let mut doc = TantivyDocument::new();
    doc.add_text(f.kind, KIND_DOC);
    doc.add_text(f.file, key);
    if let Some(id) = &d.id {
        doc.add_text(f.doc_id, id);
    }
    if let Some(url) = &d.url {
        doc.add_text(f.url, url);
    }
    doc.add_text(f.lang, &lang);
    let body = tokenizer::value(&lang, &d.body);
    let title = tokenizer::value(&lang, &d.title);
    for r in Representation::ALL {
        doc.add_text(f.body(r), &body);
        doc.add_text(f.title(r), &title);
    }
    let japanese = |t: &str| t.chars().any(crate::analysis::script::is_kana);
    // Asked only for Japanese text: asking loads the dictionary.
    let missing =
        (lang == "ja" || japanese(&d.body) || japanese(&d.title)) && dicts.japanese().is_none();
    doc.add_text(f.title, d.title);
    doc.add_text(f.body, d.body);
    (doc, missing)
}
