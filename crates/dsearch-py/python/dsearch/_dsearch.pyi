"""Types of the Rust extension `dsearch._dsearch`, re-exported by `dsearch`."""

from __future__ import annotations

import datetime
import os
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence, Union, final, overload

__all__ = [
    "Index",
    "Hit",
    "SearchResults",
    "Document",
    "UpdateReport",
    "Stats",
    "Analysis",
    "Token",
    "analyze",
    "detect",
    "__version__",
    "SCHEMA_VERSION",
]

__version__: str
SCHEMA_VERSION: int

_StrPath = Union[str, os.PathLike[str]]
_Scalar = Union[str, int, float, datetime.date, datetime.datetime]
# A metadata value as it comes out: text, number, date or date-time, or a list of them.
_FieldValue = Union[_Scalar, list[_Scalar]]

@final
class Index:
    """An open dsearch index.

    `Index(path, *, create=True, wait=False, threads=0, memory_mb=256)` opens the
    index in the directory `path` (by convention `.dsearch` in the folder it indexes),
    creating it when `create` is true and it holds none (else `NoIndex`). `wait`: a
    change waits for another writer to finish instead of raising `IndexBusy`;
    `threads`: threads that prepare documents (0: one per core); `memory_mb`: the index
    writer's budget.

    Changes (`add`, `upsert`, `delete`) take the writer lock and are searchable after
    `commit()`, which releases the lock; searches see the last commit. As a context
    manager, the index commits when the block ends and rolls back when it raises.
    """

    def __new__(
        cls,
        path: _StrPath,
        *,
        create: bool = True,
        wait: bool = False,
        threads: int = 0,
        memory_mb: int = 256,
    ) -> Index: ...
    @property
    def path(self) -> str:
        """The index directory (absolute)."""
    @property
    def root(self) -> str:
        """The index root, the directory's parent: files are recorded relative to it."""
    @property
    def pending(self) -> int:
        """Changes (adds, upserts, deletes) not committed yet."""
    @property
    def writing(self) -> bool:
        """True while this object holds the index's writer lock (from the first change
        to `commit()` or `rollback()`)."""
    def update(
        self,
        paths: Union[_StrPath, Iterable[_StrPath]],
        *,
        threads: Optional[int] = None,
        memory_mb: Optional[int] = None,
        max_file_size: Union[int, str] = 50 << 20,
        follow_links: bool = False,
        wait: Optional[bool] = None,
    ) -> UpdateReport:
        """Indexes files and directories as `dsearch index` does: adds new files,
        re-indexes changed ones, removes the documents of files gone from under
        `paths`, and commits (changes this object holds are committed first). `paths`:
        one path or a sequence of them. Formats: `.txt`, `.md`, `.html`, `.jsonl`.
        Paths that do not exist are listed in `UpdateReport.missing`; the others are
        indexed. `max_file_size`: bytes, an `int` or a `str` as `--max-file-size`
        takes it (`"50M"`, `"4G"`)."""
    def add(self, documents: Union[Mapping[str, Any], Iterable[Mapping[str, Any]]]) -> int:
        """Adds documents: a dict shaped like a JSONL line (`id`, `title`, `text` or
        `body` but not both, `lang`, `url`, other keys metadata), or an iterable of
        them; returns how many. Every document is checked before any is added.
        Searchable after `commit()`; a document with the id of another one is added
        beside it (see `upsert`)."""
    def upsert(self, documents: Union[Mapping[str, Any], Iterable[Mapping[str, Any]]]) -> int:
        """Adds documents, each in place of every document with its id; returns how
        many."""
    def delete(self, ids: Union[str, int, Iterable[Union[str, int]]]) -> None:
        """Deletes every document with this id (or with any of these ids); ids are
        `str` or `int`, as `add` takes them."""
    def commit(self) -> None:
        """Makes every change searchable, atomically, and releases the writer lock.
        The writer's warnings (such as a missing Japanese dictionary) are issued as
        `UserWarning`s."""
    def rollback(self) -> None:
        """Discards every uncommitted change and releases the writer lock."""
    def search(
        self,
        query: str,
        limit: int = 10,
        offset: int = 0,
        lang: Union[str, Sequence[str], None] = None,
        sort: Optional[str] = None,
        snippets: bool = True,
        *,
        snippet_chars: int = 200,
        fragments: int = 2,
        explain: bool = False,
    ) -> SearchResults:
        """Searches the last commit; returns the hits, best first.

        The query syntax is the `dsearch query` one: words (all required; without
        diacritics they also match words with them), `"phrases"`, `-exclusion`,
        `a OR b`, `title:word`, `lang:ja`, metadata filters (`source:vov`,
        `date:2024-03`, `pages:10..20`). `lang`: a language code or a sequence of them,
        to keep only documents in those languages. `sort`: a metadata field to order by
        within each tier of words held (`"date"`, or `"-date"` for newest first).
        `snippets`: build snippets and highlights (`snippet_chars` characters in at
        most `fragments` fragments). `explain`: fill `Hit.explanation`."""
    def get(self, id: Union[str, int]) -> Optional[Document]:
        """The document with this id (a `str`, or an `int` as `add` takes it), or
        `None` (the first one when several share it)."""
    def stats(self) -> Stats:
        """Counts of the last commit: documents, documents per language, segments."""
    def indexed_paths(self) -> list[str]:
        """The paths indexed so far by `update`, absolute."""
    def __len__(self) -> int:
        """The number of searchable documents (of the last commit)."""
    def __enter__(self) -> Index: ...
    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        """Commits when the block ends normally, rolls back when it raises."""

@final
class Hit:
    """One search result."""

    @property
    def id(self) -> Optional[str]:
        """The document's id (for a file's document: its path, relative to the index
        root when under it, with `#N` for line N of a JSONL file without ids)."""
    @property
    def path(self) -> Optional[str]:
        """The file's absolute path, or `None` for a document added from memory."""
    @property
    def url(self) -> Optional[str]:
        """The document's URL, or `None`."""
    @property
    def title(self) -> str:
        """The title."""
    @property
    def lang(self) -> str:
        """ISO 639-1 language code (`und` when unknown)."""
    @property
    def score(self) -> float:
        """Relevance: higher is better; only comparable within one query."""
    @property
    def matched_words(self) -> int:
        """How many of the query's content words the document holds."""
    @property
    def query_words(self) -> int:
        """How many content words the query has."""
    @property
    def missing(self) -> list[str]:
        """The content words the document lacks, as typed."""
    @property
    def other_forms(self) -> list[str]:
        """Those of `missing` that the document holds with other diacritics than typed
        (`khoáng` typed, `khoảng` written)."""
    @property
    def apart(self) -> list[str]:
        """Those of `missing` whose syllables the document holds apart (`lưu` … `tệp`
        for the word `lưu tệp`): hits of the last tier, "0 of n words"."""
    @property
    def snippet(self) -> str:
        """Fragments of the text around the matches, joined by `…` (empty without
        snippets)."""
    @property
    def highlights(self) -> list[tuple[int, int]]:
        """`(start, end)` of each highlighted word in `snippet`, as Python string
        indices (code points): `snippet[start:end]` is the word."""
    @property
    def highlights_bytes(self) -> list[tuple[int, int]]:
        """The same ranges as byte offsets into `snippet` encoded as UTF-8."""
    @property
    def fields(self) -> dict[str, _FieldValue]:
        """Metadata: `str`, `float`, `datetime.date`/`datetime.datetime`, or lists of
        them."""
    @property
    def explanation(self) -> Optional[dict[str, Any]]:
        """With `explain=True`: how the hit ranks, else `None`."""

@final
class SearchResults:
    """The hits of a search, best first: a read-only sequence (`len`, indexing, slicing,
    iteration) with the counts of the search."""

    @property
    def hits(self) -> list[Hit]:
        """The hits, as a list."""
    @property
    def total(self) -> int:
        """Documents that matched in the last tier searched: with every content word
        when those fill the page, else with as many as the page needed."""
    @property
    def query_words(self) -> int:
        """Content words of the query ("n" of "k of n words")."""
    @property
    def warnings(self) -> list[str]:
        """One line each: a filter or sort on a field no document has."""
    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, index: int, /) -> Hit: ...
    @overload
    def __getitem__(self, index: slice, /) -> list[Hit]: ...
    def __iter__(self) -> Iterator[Hit]: ...

@final
class Document:
    """A document as the index stores it (`Index.get`)."""

    @property
    def id(self) -> str:
        """The id (for a file's document: its path, relative to the index root when
        under it, with `#N` for line N of a JSONL file without ids)."""
    @property
    def path(self) -> Optional[str]:
        """The file it was read from (absolute), or `None` for a document added from
        memory."""
    @property
    def title(self) -> str:
        """The title."""
    @property
    def text(self) -> str:
        """The body text, as given."""
    @property
    def lang(self) -> str:
        """ISO 639-1 language code."""
    @property
    def url(self) -> Optional[str]:
        """The URL, or `None`."""
    @property
    def fields(self) -> dict[str, _FieldValue]:
        """Metadata (see `Hit.fields`)."""
    def to_dict(self) -> dict[str, Any]:
        """The document as a dict shaped like a JSONL line (`id`, `title`, `text`,
        `lang`, `url` when set, then the metadata), which `Index.add` takes back."""

@final
class UpdateReport:
    """What `Index.update` did; `str(report)` is the line `dsearch index` ends with."""

    @property
    def added(self) -> int:
        """Files indexed for the first time."""
    @property
    def updated(self) -> int:
        """Files re-indexed because they changed."""
    @property
    def removed(self) -> int:
        """Files whose documents were removed because they disappeared."""
    @property
    def unchanged(self) -> int:
        """Files left as they were."""
    @property
    def skipped(self) -> int:
        """Files that could not be indexed (each has a warning)."""
    @property
    def documents(self) -> int:
        """Searchable documents in the index after the update."""
    @property
    def seconds(self) -> float:
        """Wall time of the update, in seconds."""
    @property
    def warnings(self) -> list[str]:
        """One line per problem, each naming its file (and line)."""
    @property
    def missing(self) -> list[str]:
        """Paths given that do not exist (the others were indexed)."""

@final
class Stats:
    """Counts of an index, from its last commit."""

    @property
    def documents(self) -> int:
        """Searchable documents."""
    @property
    def languages(self) -> dict[str, int]:
        """Documents per language (ISO 639-1 code to count)."""
    @property
    def segments(self) -> int:
        """Segments of the last commit."""
    @property
    def last_commit(self) -> Optional[int]:
        """When the last commit happened, in seconds since the epoch, or `None`."""
    @property
    def unfinished(self) -> bool:
        """True when the last commit was made by a run of `dsearch index` that has not
        finished (still running, or stopped): documents may be missing."""

@final
class Token:
    """One token of an analysis."""

    @property
    def field(self) -> str:
        """The representation: `words` (exact words), `folded` (without diacritics, English
        plurals in the singular; for Japanese, dictionary base forms) or `bigrams` (CJK
        character pairs, Vietnamese syllable pairs)."""
    @property
    def text(self) -> str:
        """The indexed term."""
    @property
    def start(self) -> int:
        """Where the token starts in the analysed text, as a Python string index."""
    @property
    def end(self) -> int:
        """Where it ends (exclusive), as a Python string index: `text[start:end]`."""
    @property
    def start_byte(self) -> int:
        """Where it starts, as a byte offset into the text encoded as UTF-8."""
    @property
    def end_byte(self) -> int:
        """Where it ends (exclusive), as a byte offset."""
    @property
    def position(self) -> int:
        """The position, for phrase matching."""

@final
class Analysis:
    """The analysis of a text: its language and its tokens, a read-only sequence of
    `Token`s (every `words` token, then `folded`, then `bigrams`)."""

    @property
    def lang(self) -> str:
        """The ISO 639-1 language the text was analysed as (given, or detected)."""
    @property
    def tokens(self) -> list[Token]:
        """Every token, as a list."""
    @property
    def japanese_dictionary_missing(self) -> bool:
        """True when the text holds Japanese and no Japanese dictionary was found."""
    @property
    def words(self) -> list[str]:
        """The terms of the `words` tokens."""
    @property
    def folded(self) -> list[str]:
        """The terms of the `folded` tokens."""
    @property
    def bigrams(self) -> list[str]:
        """The terms of the `bigrams` tokens."""
    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, index: int, /) -> Token: ...
    @overload
    def __getitem__(self, index: slice, /) -> list[Token]: ...
    def __iter__(self) -> Iterator[Token]: ...

def analyze(text: str, lang: Optional[str] = None) -> Analysis:
    """Analyses `text` as dsearch indexes it: its language (`lang`, or detected when
    `None`) and every token of every representation, with offsets into `text`."""

def detect(text: str) -> str:
    """The ISO 639-1 code of the language of `text`, as dsearch detects it for a
    document (`und` when it has no letters)."""
