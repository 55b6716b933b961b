//! `dsearch.Index`: an open index, searched from any number of threads, written through
//! one [`dsearch::Writer`] taken on the first change and released at `commit()`.
//!
//! **Invariant:** the GIL is never held while waiting for the writer's mutex or running
//! library code: every lock is taken inside `Python::detach`, so a thread that indexes
//! never blocks one that searches, and two threads never wait for each other's GIL.

use std::ffi::CString;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use dsearch::{SearchOptions, SnippetOptions, SortBy, UpdateOptions, Writer, WriterOptions};
use pyo3::exceptions::{PyTypeError, PyUserWarning};
use pyo3::prelude::*;
use pyo3::types::{PyMapping, PyString, PyType};

use crate::analysis::dictionaries;
use crate::counts;
use crate::documents::{self, StoredDocument};
use crate::errors::IntoPyResult;
use crate::hits::SearchResults;
use crate::report::{Stats, UpdateReport};

/// The writer an `Index` holds between its first change and `commit()`.
struct Pending {
    writer: Writer,
    /// Operations since the writer was taken.
    changes: usize,
}

/// An open dsearch index.
///
/// `Index(path, *, create=True, wait=False, threads=0, memory_mb=256)` opens the index
/// in the directory `path` (by convention `.dsearch` in the folder it indexes), creating
/// it when `create` is true and it holds none (else `NoIndex`). `wait`: a change waits
/// for another writer to finish instead of raising `IndexBusy`; `threads`: threads that
/// prepare documents (0: one per core); `memory_mb`: the index writer's budget.
///
/// Changes (`add`, `upsert`, `delete`) take the writer lock and are searchable after
/// `commit()`, which releases the lock; searches see the last commit.
#[pyclass(module = "dsearch", frozen)]
pub struct Index {
    inner: dsearch::Index,
    writer: Mutex<Option<Pending>>,
    options: WriterOptions,
}

impl Index {
    fn lock(&self) -> MutexGuard<'_, Option<Pending>> {
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the writer, taking it first when none is held; without the GIL.
    fn write<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut Pending) -> dsearch::Result<T> + Send,
    ) -> PyResult<T> {
        py.detach(|| {
            let mut guard = self.lock();
            let pending = match guard.as_mut() {
                Some(p) => p,
                None => guard.insert(Pending {
                    writer: self.inner.writer(&self.options)?,
                    changes: 0,
                }),
            };
            f(pending)
        })
        .py()
    }

    /// Adds (or, with `replace`, upserts) one document or an iterable of them.
    fn put(&self, py: Python<'_>, documents: &Bound<'_, PyAny>, replace: bool) -> PyResult<usize> {
        let docs = if documents.cast::<PyMapping>().is_ok() {
            vec![documents::from_py(documents)?]
        } else {
            let mut docs = Vec::new();
            for d in documents.try_iter()? {
                docs.push(documents::from_py(&d?)?);
            }
            docs
        };
        let n = docs.len();
        self.write(py, move |p| {
            for doc in docs {
                if replace {
                    p.writer.upsert(doc)?;
                } else {
                    p.writer.add(doc)?;
                }
                p.changes += 1;
            }
            Ok(n)
        })
    }

    /// Commits and releases the writer, if one is held; returns the writer's warnings.
    /// Without the GIL; `only_changes`: drop a writer that holds no change uncommitted.
    fn finish(
        &self,
        guard: &mut Option<Pending>,
        only_changes: bool,
    ) -> dsearch::Result<Vec<String>> {
        let Some(mut p) = guard.take() else {
            return Ok(Vec::new());
        };
        if only_changes && p.changes == 0 {
            return Ok(Vec::new());
        }
        p.writer.commit()?;
        Ok(p.writer.take_warnings())
    }
}

/// Issues each line as a Python `UserWarning`.
fn warn(py: Python<'_>, lines: Vec<String>) -> PyResult<()> {
    let category = py.get_type::<PyUserWarning>();
    for line in lines {
        let message = CString::new(line.replace('\0', " "))?;
        PyErr::warn(py, &category, &message, 2)?;
    }
    Ok(())
}

/// One path or a sequence of them (`str` or `os.PathLike`).
fn paths(obj: &Bound<'_, PyAny>) -> PyResult<Vec<PathBuf>> {
    if obj.is_instance_of::<PyString>() || obj.hasattr("__fspath__")? {
        return Ok(vec![obj.extract()?]);
    }
    let mut out = Vec::new();
    for p in obj.try_iter()? {
        out.push(p?.extract()?);
    }
    Ok(out)
}

/// One id or a sequence of them (see [`documents::id`]).
fn ids(obj: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if documents::is_id(obj) {
        return Ok(vec![documents::id(obj)?]);
    }
    let iter = obj.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "ids: a str, an int or a sequence of them, not a {}",
            obj.get_type()
                .name()
                .map_or_else(|_| "?".to_string(), |n| n.to_string())
        ))
    })?;
    let mut out = Vec::new();
    for id in iter {
        out.push(documents::id(&id?)?);
    }
    Ok(out)
}

/// One string or a sequence of them.
fn strings(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<String>> {
    if obj.is_instance_of::<PyString>() {
        return Ok(vec![obj.extract()?]);
    }
    let iter = obj
        .try_iter()
        .map_err(|_| PyTypeError::new_err(format!("{what}: a str or a sequence of str")))?;
    let mut out = Vec::new();
    for s in iter {
        out.push(s?.extract()?);
    }
    Ok(out)
}

#[pymethods]
impl Index {
    #[new]
    #[pyo3(signature = (path, *, create = true, wait = false, threads = 0, memory_mb = 256))]
    fn new(
        py: Python<'_>,
        path: PathBuf,
        create: bool,
        wait: bool,
        #[pyo3(from_py_with = counts::threads)] threads: usize,
        #[pyo3(from_py_with = counts::memory_bytes)] memory_mb: usize,
    ) -> PyResult<Index> {
        let inner = py
            .detach(|| match create {
                true => dsearch::Index::open_or_create(&path),
                false => dsearch::Index::open(&path),
            })
            .py()?
            .with_dictionaries(dictionaries().clone());
        Ok(Index {
            inner,
            writer: Mutex::new(None),
            options: WriterOptions::default()
                .threads(threads)
                // Read in bytes (`counts::memory_bytes`).
                .memory_bytes(memory_mb)
                .wait(wait),
        })
    }

    /// The index directory (absolute).
    #[getter]
    fn path(&self) -> String {
        self.inner.dir().to_string_lossy().into_owned()
    }

    /// The index root, the directory's parent: files are recorded relative to it.
    #[getter]
    fn root(&self) -> String {
        self.inner.root().to_string_lossy().into_owned()
    }

    /// Changes (adds, upserts, deletes) not committed yet.
    #[getter]
    fn pending(&self, py: Python<'_>) -> usize {
        py.detach(|| self.lock().as_ref().map_or(0, |p| p.changes))
    }

    /// True while this object holds the index's writer lock (from the first change to
    /// `commit()` or `rollback()`).
    #[getter]
    fn writing(&self, py: Python<'_>) -> bool {
        py.detach(|| self.lock().is_some())
    }

    /// Indexes files and directories as `dsearch index` does: adds new files,
    /// re-indexes changed ones, removes the documents of files gone from under `paths`,
    /// and commits (changes this object holds are committed first). `paths`: one path
    /// or a sequence of them. Formats: `.txt`, `.md`, `.html`, `.jsonl`. Paths that do
    /// not exist are listed in `UpdateReport.missing`; the others are indexed.
    /// `max_file_size`: bytes, an `int` or a `str` as `--max-file-size` takes it
    /// (`"50M"`, `"4G"`).
    #[pyo3(signature = (paths, *, threads = None, memory_mb = None, max_file_size = 50 << 20, follow_links = false, wait = None))]
    #[allow(clippy::too_many_arguments)]
    fn update(
        &self,
        py: Python<'_>,
        paths: &Bound<'_, PyAny>,
        #[pyo3(from_py_with = counts::threads_or_none)] threads: Option<usize>,
        #[pyo3(from_py_with = counts::memory_bytes_or_none)] memory_mb: Option<usize>,
        #[pyo3(from_py_with = counts::max_file_size)] max_file_size: u64,
        follow_links: bool,
        wait: Option<bool>,
    ) -> PyResult<UpdateReport> {
        let paths = self::paths(paths)?;
        // `memory_mb` is read in bytes (`counts::memory_bytes_or_none`).
        let options = UpdateOptions::default()
            .threads(threads.unwrap_or(self.options.threads))
            .memory_bytes(memory_mb.unwrap_or(self.options.memory_bytes))
            .max_file_size(max_file_size)
            .follow_links(follow_links)
            .wait(wait.unwrap_or(self.options.wait));
        let (warnings, report) = py
            .detach(|| {
                // The writer lock is the update's: changes made before are committed
                // first, and other threads' changes wait for the update to end.
                let mut guard = self.lock();
                let warnings = self.finish(&mut guard, true)?;
                let report = self.inner.update(&paths, &options, &mut |_| {})?;
                Ok((warnings, report))
            })
            .py()?;
        warn(py, warnings)?;
        Ok(report.into())
    }

    /// Adds documents: a dict shaped like a JSONL line (`id`, `title`, `text` or
    /// `body` but not both, `lang`, `url`, other keys metadata), or an iterable of
    /// them; returns how many. Every document is checked before any is added.
    /// Searchable after `commit()`; a document with the id of another one is added
    /// beside it (see `upsert`).
    fn add(&self, py: Python<'_>, documents: &Bound<'_, PyAny>) -> PyResult<usize> {
        self.put(py, documents, false)
    }

    /// Adds documents, each in place of every document with its id; returns how many.
    fn upsert(&self, py: Python<'_>, documents: &Bound<'_, PyAny>) -> PyResult<usize> {
        self.put(py, documents, true)
    }

    /// Deletes every document with this id (or with any of these ids); ids are `str`
    /// or `int`, as `add` takes them.
    fn delete(&self, py: Python<'_>, ids: &Bound<'_, PyAny>) -> PyResult<()> {
        let ids = self::ids(ids)?;
        self.write(py, move |p| {
            for id in &ids {
                p.writer.delete(id)?;
                p.changes += 1;
            }
            Ok(())
        })
    }

    /// Makes every change searchable, atomically, and releases the writer lock.
    fn commit(&self, py: Python<'_>) -> PyResult<()> {
        let warnings = py
            .detach(|| {
                let mut guard = self.lock();
                self.finish(&mut guard, false)
            })
            .py()?;
        warn(py, warnings)
    }

    /// Discards every uncommitted change and releases the writer lock.
    fn rollback(&self, py: Python<'_>) {
        py.detach(|| drop(self.lock().take()));
    }

    /// Searches the last commit; returns the hits, best first.
    ///
    /// The query syntax is the `dsearch query` one: words (pages holding all of them
    /// first, then those holding one fewer, and so on: `Hit.matched_words` of
    /// `Hit.query_words`, `Hit.missing`; typed without diacritics they also match words
    /// with them), `"phrases"`, `-exclusion`, `a OR b`,
    /// `title:word`, `lang:ja`, metadata filters (`source:vov`, `date:2024-03`,
    /// `pages:10..20`). `lang`: a language code or a sequence of them, to keep only
    /// documents in those languages. `sort`: a metadata field to order by within each
    /// tier of words held (`"date"`, or `"-date"` for newest first). `snippets`: build
    /// snippets and highlights (`snippet_chars` characters in at most `fragments`
    /// fragments). `explain`: fill `Hit.explanation`.
    #[pyo3(signature = (query, limit = 10, offset = 0, lang = None, sort = None, snippets = true, *, snippet_chars = 200, fragments = 2, explain = false))]
    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        py: Python<'_>,
        query: String,
        #[pyo3(from_py_with = counts::limit)] limit: usize,
        #[pyo3(from_py_with = counts::offset)] offset: usize,
        lang: Option<&Bound<'_, PyAny>>,
        sort: Option<String>,
        snippets: bool,
        #[pyo3(from_py_with = counts::snippet_chars)] snippet_chars: usize,
        #[pyo3(from_py_with = counts::fragments)] fragments: usize,
        explain: bool,
    ) -> PyResult<SearchResults> {
        let sort = sort.as_deref().map(SortBy::parse).transpose().py()?;
        let mut options = SearchOptions::default()
            .limit(limit)
            .offset(offset)
            .snippets(snippets)
            .snippet(SnippetOptions {
                chars: snippet_chars.max(16),
                fragments: fragments.max(1),
            })
            .explain(explain)
            .sort(sort);
        if let Some(lang) = lang {
            for l in strings(lang, "lang")? {
                options = options.lang(crate::analysis::language(&l)?);
            }
        }
        let results = py.detach(|| self.inner.search(&query, &options)).py()?;
        SearchResults::new(py, results)
    }

    /// The document with this id (a `str`, or an `int` as `add` takes it), or `None`
    /// (the first one when several share it).
    fn get(&self, py: Python<'_>, id: &Bound<'_, PyAny>) -> PyResult<Option<StoredDocument>> {
        let id = documents::id(id)?;
        match py.detach(|| self.inner.document(&id)).py()? {
            Some(d) => Ok(Some(StoredDocument::new(py, d)?)),
            None => Ok(None),
        }
    }

    /// Counts of the last commit: documents, documents per language, segments.
    fn stats(&self, py: Python<'_>) -> PyResult<Stats> {
        Ok(py.detach(|| self.inner.stats()).py()?.into())
    }

    /// The paths indexed so far by `update`, absolute.
    fn indexed_paths(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        let paths = py.detach(|| self.inner.indexed_paths()).py()?;
        Ok(paths
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect())
    }

    /// The number of searchable documents (of the last commit).
    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        let n = py.detach(|| self.inner.num_docs()).py()?;
        Ok(n as usize)
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// Commits when the block ends normally, rolls back when it raises.
    fn __exit__(
        &self,
        py: Python<'_>,
        exc_type: Option<&Bound<'_, PyType>>,
        _exc: Option<&Bound<'_, PyAny>>,
        _tb: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<bool> {
        match exc_type {
            None => self.commit(py)?,
            Some(_) => self.rollback(py),
        }
        Ok(false)
    }

    fn __repr__(&self) -> String {
        format!("Index({:?})", self.inner.dir().to_string_lossy())
    }
}
