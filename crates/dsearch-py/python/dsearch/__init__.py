"""dsearch: full-text search for mixed Vietnamese, Chinese (simplified and traditional)
and Japanese text.

    import dsearch
    index = dsearch.Index("archive/.dsearch")          # open or create
    report = index.update(["archive"])                  # files, as `dsearch index`
    index.add([{"id": "n1", "title": "…", "text": "…", "source": "vov"}])
    index.delete("n1"); index.commit()
    for hit in index.search("khoang san xanh", limit=10, lang=None):
        print(hit.id, hit.path, hit.title, hit.lang, hit.score, hit.snippet, hit.highlights, hit.fields)
    dsearch.analyze("關西國際空港", lang=None)         # tokens with offsets

Writing. An index has one writer at a time. ``add``, ``upsert`` and ``delete`` take the
writer lock on their first call and buffer the changes; ``commit()`` makes them
searchable, all together, and releases the lock (``rollback()`` discards them and
releases it). Searches never see uncommitted changes. While an ``Index`` holds the lock,
another writer (another ``Index`` object on the same directory, or ``dsearch index``)
gets ``IndexBusy`` (or waits, with ``wait=True``). ``update()`` first commits the changes
this object holds, then indexes the files and commits. Used as a context manager, an
``Index`` commits when the block ends and rolls back when it raises. Changes still
uncommitted when the object is garbage-collected are discarded.

Documents. ``add`` takes dicts shaped like the lines of a ``.jsonl`` file: ``id`` (str, or
an int), ``title``, ``text`` (or ``body``), ``lang`` (ISO 639-1; detected when absent),
``url``; every other key is metadata: ``str`` (an ISO 8601 date in a string is a date),
``int``/``float``, ``bool`` (stored as ``"true"``/``"false"``), ``datetime.date``,
``datetime.datetime`` or a list of those; ``None`` values are left out. Other types
raise ``TypeError``.

Metadata out (``Hit.fields``, ``Document.fields``): text as ``str``, whole numbers as
``int`` and others as ``float`` (an integer beyond 2**53, which a float cannot hold,
goes in and comes out as ``str``; NaN and infinities are refused), dates as ``datetime.date`` (a calendar date) or ``datetime.datetime`` (a
date-time, timezone-aware when it was given with ``Z`` or an offset), lists as lists.

Offsets. ``Hit.highlights`` and ``Token.start``/``Token.end`` are Python string indices
(code points): ``hit.snippet[start:end]`` is the highlighted word.
``Hit.highlights_bytes`` and ``Token.start_byte``/``Token.end_byte`` are the library's
UTF-8 byte offsets.

Threads. Searching, indexing and analysis release the GIL: any number of threads may
search one ``Index`` at once, also while another thread indexes.

The Japanese dictionary is looked for in ``$DSEARCH_IPADIC``, then in the standard
locations (``~/.local/share/dsearch/ipadic``), as the ``dsearch`` command does.
"""

from ._dsearch import (
    SCHEMA_VERSION,
    Analysis,
    Document,
    Hit,
    Index,
    SearchResults,
    Stats,
    Token,
    UpdateReport,
    __version__,
    analyze,
    detect,
)
from ._errors import (
    DictionaryError,
    EmptyQuery,
    EngineError,
    Error,
    IndexBusy,
    IndexDamaged,
    InvalidArgument,
    IoError,
    MissingPath,
    NoIndex,
    SchemaVersionError,
)

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "Document",
    "Hit",
    "Index",
    "SearchResults",
    "Stats",
    "Token",
    "UpdateReport",
    "__version__",
    "analyze",
    "detect",
    "DictionaryError",
    "EmptyQuery",
    "EngineError",
    "Error",
    "IndexBusy",
    "IndexDamaged",
    "InvalidArgument",
    "IoError",
    "MissingPath",
    "NoIndex",
    "SchemaVersionError",
]
