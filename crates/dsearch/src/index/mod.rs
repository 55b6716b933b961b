//! The on-disk index: where it lives, opening and creating it, and its schema.
//!
//! An index is a directory (by default `.dsearch/` in the directory where `dsearch
//! index` runs) holding a tantivy index and `dsearch.json`. The directory's parent is the
//! index *root*: files under it are recorded by their path relative to the root, so a
//! project folder can move without re-indexing.
//!
//! **Invariant:** every change is made through one tantivy commit, which records the
//! documents and the file records together; a process killed at any point leaves the
//! last commit readable and the next update finishes the job.

mod directory;
mod duplicates;
mod files;
mod merge;
pub mod meta;
mod pipeline;
mod prepare;
mod rebuild;
pub mod schema;
mod stored;
mod tokenizer;
pub mod update;
mod walk;
pub mod writer;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use directory::IndexDirectory;
use tantivy::directory::{Directory, Lock};
use tantivy::{IndexReader, ReloadPolicy};

use crate::analysis::Dictionaries;
use crate::error::{Engine, Error, ErrorKind, Result};
pub(crate) use schema::Fields;
pub use schema::SCHEMA_VERSION;
pub use stored::{Stats, StoredDocument};

/// The name of the index directory.
pub const INDEX_DIR: &str = ".dsearch";

/// The payload of a commit in the middle of a run of [`Index::update`] (tantivy keeps a
/// commit's payload in `meta.json`, and merges keep it): the run's last commit has
/// none, and other commits (documents from memory) keep what the commit before them
/// had, so an index whose last commit has this one was left by a run that is still
/// going or was stopped ([`Index::unfinished`]).
pub(crate) const UNFINISHED: &str = "dsearch: unfinished update";

/// The lock file that makes creating an index one process at a time.
const CREATE_LOCK: &str = "dsearch-create.lock";

/// An open dsearch index.
pub struct Index {
    dir: PathBuf,
    root: PathBuf,
    pub(crate) index: tantivy::Index,
    pub(crate) fields: Fields,
    pub(crate) registry: std::sync::Arc<tokenizer::Registry>,
    pub(crate) dictionaries: Dictionaries,
    reader: std::sync::OnceLock<IndexReader>,
    /// Held while the reader is made or looks for a new commit.
    reader_lock: std::sync::Mutex<()>,
    /// [`meta_signature`] when the reader last looked.
    reader_seen: AtomicU64,
    /// When the reader last read tantivy's metadata, in milliseconds since `opened`.
    reader_checked: AtomicU64,
    /// [`Index::view`]: the searcher of the commit the reader holds and its mark.
    view: std::sync::RwLock<Option<(tantivy::Searcher, bool)>>,
    opened: std::time::Instant,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("dir", &self.dir).finish()
    }
}

impl Index {
    /// Finds the index for `start`: `start/.dsearch`, then each parent's, as git finds
    /// `.git`.
    pub fn find(start: &Path) -> Result<PathBuf> {
        let start = absolute(start);
        for dir in start.ancestors() {
            let candidate = dir.join(INDEX_DIR);
            if candidate.join(meta::FILE_NAME).is_file() || candidate.join("meta.json").is_file() {
                return Ok(candidate);
            }
        }
        Err(Error::new(ErrorKind::NoIndex))
    }

    /// Opens the index in `dir`, creating it when `dir` holds none.
    pub fn open_or_create(dir: impl AsRef<Path>) -> Result<Index> {
        let dir = absolute(dir.as_ref());
        a_directory(&dir)?;
        if dir.join("meta.json").is_file() {
            return Index::open(&dir);
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let mmap = IndexDirectory::open(&dir)
            .map_err(|e| Error::io(&dir, std::io::Error::other(e.to_string())))?;
        // Two processes creating the same index: the second waits for the first, then
        // opens what it made (tantivy's `create` would write an empty index over it).
        let _creating = mmap
            .acquire_lock(&Lock {
                filepath: PathBuf::from(CREATE_LOCK),
                is_blocking: true,
            })
            .map_err(|e| Error::io(&dir.join(CREATE_LOCK), std::io::Error::other(e.to_string())))?;
        if dir.join("meta.json").is_file() {
            return Index::open(&dir);
        }
        // `dsearch.json` first: a process killed before tantivy's `meta.json` exists
        // leaves no index (the next run creates it), never a tantivy index without a
        // schema version. Paths recorded by an interrupted `--rebuild` are kept.
        let paths = meta::read(&dir)
            .ok()
            .flatten()
            .map(|m| m.paths)
            .unwrap_or_default();
        meta::write(
            &dir,
            &meta::Meta {
                schema_version: SCHEMA_VERSION,
                paths,
            },
        )?;
        let (schema, fields) = schema::build();
        let index = tantivy::Index::create(mmap, schema, settings()).engine()?;
        Ok(Index::new(dir, index, fields))
    }

    /// Opens the existing index in `dir`.
    pub fn open(dir: impl AsRef<Path>) -> Result<Index> {
        let dir = absolute(dir.as_ref());
        a_directory(&dir)?;
        if !dir.join("meta.json").is_file() {
            return Err(Error::new(ErrorKind::NoIndex));
        }
        let found = meta::read(&dir)?.map(|m| m.schema_version).unwrap_or(0);
        if found != SCHEMA_VERSION {
            return Err(Error::new(ErrorKind::SchemaVersion {
                path: dir,
                found,
                expected: SCHEMA_VERSION,
            }));
        }
        let index = tantivy::Index::open(IndexDirectory::open(&dir).engine()?).engine()?;
        let (schema, fields) = schema::build();
        if index.schema() != schema {
            return Err(Error::new(ErrorKind::SchemaVersion {
                path: dir,
                found,
                expected: SCHEMA_VERSION,
            }));
        }
        let index = Index::new(dir, index, fields);
        // Open every segment and the term dictionary, postings and positions of every
        // indexed field now: a damaged file is refused here, once, not by each search
        // (a server would start and then fail every request). A search opens them all
        // anyway, and the segment readers keep them.
        let searcher = index.reader()?.searcher();
        let schema = index.index.schema();
        for segment in searcher.segment_readers() {
            for (field, entry) in schema.fields() {
                if entry.is_indexed() {
                    segment.inverted_index(field).engine()?;
                }
            }
        }
        Ok(index)
    }

    /// Opens the index in `dir` for reading whatever schema version `dsearch.json`
    /// records, when its tantivy fields are this build's, or the first of them (a later
    /// version added fields at the end; what the fields hold may have changed). A
    /// rebuild reads the documents added from memory of an older index through it.
    pub(crate) fn open_same_fields(dir: &Path) -> Result<Index> {
        let index = tantivy::Index::open(IndexDirectory::open(dir).engine()?).engine()?;
        let (schema, fields) = schema::build();
        if !schema::holds_fields_of(&schema, &index.schema()) {
            return Err(Error::new(ErrorKind::SchemaVersion {
                path: dir.to_path_buf(),
                found: 0,
                expected: SCHEMA_VERSION,
            }));
        }
        Ok(Index::new(dir.to_path_buf(), index, fields))
    }

    fn new(dir: PathBuf, index: tantivy::Index, fields: Fields) -> Index {
        let root = dir
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| dir.clone());
        let registry = std::sync::Arc::new(tokenizer::Registry::default());
        let dictionaries = Dictionaries::default_ref().clone();
        tokenizer::register(&index, &registry);
        Index {
            dir,
            root,
            index,
            fields,
            registry,
            dictionaries,
            reader: std::sync::OnceLock::new(),
            reader_lock: std::sync::Mutex::new(()),
            reader_seen: AtomicU64::new(0),
            reader_checked: AtomicU64::new(0),
            view: std::sync::RwLock::new(None),
            opened: std::time::Instant::now(),
        }
    }

    /// Uses these dictionaries to analyse documents written and queries searched from
    /// now on (default: [`Dictionaries::default`], the standard locations). Documents
    /// already indexed keep the analysis they got.
    pub fn with_dictionaries(mut self, dictionaries: Dictionaries) -> Index {
        self.dictionaries = dictionaries;
        self
    }

    /// The index directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The root: stored paths are relative to it.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The paths indexed so far (as given to [`Index::update`], made absolute).
    pub fn indexed_paths(&self) -> Result<Vec<PathBuf>> {
        let m = meta::read(&self.dir)?.unwrap_or(meta::Meta {
            schema_version: SCHEMA_VERSION,
            paths: Vec::new(),
        });
        Ok(m.paths.iter().map(|k| self.path_of(k)).collect())
    }

    /// The number of searchable documents in the last commit.
    pub fn num_docs(&self) -> Result<u64> {
        let searcher = self.reader()?.searcher();
        let q = tantivy::query::TermQuery::new(
            tantivy::Term::from_field_text(self.fields.kind, schema::KIND_DOC),
            tantivy::schema::IndexRecordOption::Basic,
        );
        Ok(searcher.search(&q, &tantivy::collector::Count).engine()? as u64)
    }

    /// The reader, reloaded only when a commit happened since it last looked and holds
    /// other segments or deletes ([`fingerprint`]; not the opstamp, which a commit that
    /// deletes everything keeps): a reload reopens every segment and drops tantivy's
    /// cache of decompressed store blocks.
    ///
    /// A commit replaces tantivy's `meta.json` (a new file renamed over the old one), so
    /// its inode, size and modification time tell whether to look: one `stat` per
    /// search instead of reading and parsing it. Where a file system keeps coarse
    /// times and reuses inodes at once, two commits could look alike: the metadata is
    /// read anyway when the last read is over a second old.
    ///
    /// Threads that notice a commit at once look one at a time ([`Index::reader_lock`]),
    /// and the signature is stored only once the reader holds what it saw: a search
    /// that starts after a commit returned sees it, whichever thread looked first.
    pub(crate) fn reader(&self) -> Result<&IndexReader> {
        let seen = meta_signature(&self.dir);
        let now = self.opened.elapsed().as_millis() as u64;
        let fresh = || {
            seen.is_some_and(|s| self.reader_seen.load(Ordering::Acquire) == s)
                && now.saturating_sub(self.reader_checked.load(Ordering::Acquire)) < 1000
        };
        if let Some(r) = self.reader.get() {
            if fresh() {
                return Ok(r);
            }
        }
        let _looking = self.reader_lock.lock().unwrap_or_else(|e| e.into_inner());
        let r = match self.reader.get() {
            // Another thread may have looked while this one waited.
            Some(r) if fresh() => return Ok(r),
            Some(r) => r,
            None => {
                let r = self
                    .index
                    .reader_builder()
                    .reload_policy(ReloadPolicy::Manual)
                    .try_into()
                    .engine()?;
                self.reader.get_or_init(|| r)
            }
        };
        // Reload until the reader holds the commit whose metadata was read (a commit
        // between the two is read again), so the searcher and its mark go together.
        // Commits that keep coming between the two could make that a long wait: after
        // a few tries the searcher goes with the mark of the last metadata read.
        let mut searcher = r.searcher();
        let mut tries = 0;
        let view = loop {
            let metas = self.index.load_metas().engine()?;
            let stamp = fingerprint(metas.segments.iter().map(|s| (s.id(), s.delete_opstamp())));
            let mut holds = held(&searcher);
            if holds != stamp {
                r.reload().engine()?;
                searcher = r.searcher();
                holds = held(&searcher);
            }
            tries += 1;
            if holds == stamp || tries == 8 {
                break (searcher, is_unfinished(&metas));
            }
        };
        *self.view.write().unwrap_or_else(|e| e.into_inner()) = Some(view);
        // `seen` was read before the metadata, so the reader holds that commit or a
        // later one.
        self.reader_seen.store(seen.unwrap_or(0), Ordering::Release);
        self.reader_checked.store(now, Ordering::Release);
        Ok(r)
    }

    /// A searcher of the commit the reader holds, and whether that commit is
    /// [`UNFINISHED`]: taken together, so a reload by another thread in between cannot
    /// pair one commit's documents with another's mark.
    pub(crate) fn view(&self) -> Result<(tantivy::Searcher, bool)> {
        let r = self.reader()?;
        let view = self.view.read().unwrap_or_else(|e| e.into_inner());
        // Set by every look at the metadata, the first one included.
        Ok(view.clone().unwrap_or_else(|| (r.searcher(), false)))
    }

    /// True when a run of [`Index::update`] (`dsearch index`) has committed and not
    /// finished: it is still going, or it was stopped (killed, Ctrl-C, an error). The
    /// index answers from its last commit, which may lack documents (or, in a rebuild,
    /// most of them) until the run ends or another update runs to its end; documents
    /// added from memory meanwhile do not change that.
    pub fn unfinished(&self) -> Result<bool> {
        Ok(self.view()?.1)
    }

    /// The key a file is recorded under: relative to the root when under it.
    pub(crate) fn key_of(&self, path: &Path) -> String {
        let abs = absolute(path);
        match abs.strip_prefix(&self.root) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.to_string_lossy().into_owned(),
            _ => abs.to_string_lossy().into_owned(),
        }
    }

    /// The key a path given to index is recorded under, for `--rebuild`: `.` for the
    /// root itself (`dsearch index` with no path), so an index copied or moved with its
    /// folder rebuilds from where it is, not from where it was made.
    pub(crate) fn recorded_key(&self, abs: &Path) -> String {
        if abs == self.root {
            ".".to_string()
        } else {
            self.key_of(abs)
        }
    }

    /// The absolute path of a recorded key.
    pub fn path_of(&self, key: &str) -> PathBuf {
        let p = Path::new(key);
        if key == "." {
            self.root.clone()
        } else if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.root.join(p)
        }
    }
}

/// Fails when `dir` exists and is no directory (`--index notes.txt`): said as such,
/// not as "no index found", nor as the error of creating a directory over it.
fn a_directory(dir: &Path) -> Result<()> {
    match std::fs::metadata(dir) {
        Ok(md) if !md.is_dir() => Err(Error::io(
            dir,
            std::io::Error::other("not a directory: an index is a directory (`.dsearch`)"),
        )),
        _ => Ok(()),
    }
}

/// Index settings: the document store is compressed with zstd (CJK text compresses
/// about twice as well as with lz4) in 16 KiB blocks (a hit decompresses one block).
fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::Zstd(tantivy::store::ZstdCompressor {
            compression_level: Some(3),
        }),
        docstore_blocksize: 16 * 1024,
        ..tantivy::IndexSettings::default()
    }
}

/// A number that changes whenever tantivy's `meta.json` in `dir` is replaced: a hash of
/// its inode, size and modification time (`None` when it cannot be read).
fn meta_signature(dir: &Path) -> Option<u64> {
    let md = std::fs::metadata(dir.join("meta.json")).ok()?;
    let mtime = md
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos() as u64;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&md);
    #[cfg(not(unix))]
    let inode = 0u64;
    Some(xxhash_rust::xxh3::xxh3_64(
        &[mtime, md.len(), inode].map(u64::to_le_bytes).concat(),
    ))
}

/// What a reader of these segments holds: their ids and deletes, in any order. Not
/// the opstamp: a commit that deletes every document (a rebuild that finds no file)
/// keeps it, and a merge changes the segments under the same one.
fn fingerprint(segments: impl Iterator<Item = (tantivy::index::SegmentId, Option<u64>)>) -> u64 {
    let mut ids: Vec<(String, u64)> = segments
        .map(|(id, del)| (id.uuid_string(), del.unwrap_or(u64::MAX)))
        .collect();
    ids.sort();
    let mut bytes = Vec::with_capacity(ids.len() * 40);
    for (id, del) in ids {
        bytes.extend_from_slice(id.as_bytes());
        bytes.extend_from_slice(&del.to_le_bytes());
    }
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

/// [`fingerprint`] of the segments a searcher holds.
fn held(searcher: &tantivy::Searcher) -> u64 {
    fingerprint(
        searcher
            .segment_readers()
            .iter()
            .map(|s| (s.segment_id(), s.delete_opstamp())),
    )
}

/// Whether a commit's metadata is that of a run that had not finished ([`UNFINISHED`]).
fn is_unfinished(metas: &tantivy::IndexMeta) -> bool {
    metas.payload.as_deref() == Some(UNFINISHED)
}

/// `path` made absolute against the current directory, with `.` and `..` resolved
/// lexically (symlinks are kept as named).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
