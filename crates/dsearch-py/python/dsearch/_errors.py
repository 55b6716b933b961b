"""The exceptions of dsearch: one class per kind of library error.

Every exception's message is the library's one line (the same text the `dsearch`
command prints after ``dsearch:``). Exceptions about a path carry it as ``path``.
"""

from __future__ import annotations

from typing import Optional

__all__ = [
    "Error",
    "NoIndex",
    "IndexBusy",
    "SchemaVersionError",
    "MissingPath",
    "IoError",
    "EmptyQuery",
    "InvalidArgument",
    "DictionaryError",
    "IndexDamaged",
    "EngineError",
]


class Error(Exception):
    """Base class of every dsearch error."""

    path: Optional[str] = None
    """The file or directory concerned, when the error names one."""


class NoIndex(Error):
    """No index exists at the path given (``Index(path, create=False)``)."""


class IndexBusy(Error):
    """Another writer (a process, or another ``Index`` object) holds the index's
    writer lock. ``path`` is the index directory."""


class SchemaVersionError(Error):
    """The index was written by another schema version of dsearch; ``dsearch index
    --rebuild`` recreates it. ``path`` is the index directory."""


class MissingPath(Error, FileNotFoundError):
    """A path given does not exist."""


class IoError(Error, OSError):
    """An I/O error on a file or directory (``path``), such as an index directory that
    cannot be created."""


class InvalidArgument(Error, ValueError):
    """An invalid argument: a malformed metadata filter (``date:2024-13-45``), sort
    field or date, a document without an id or text, or a negative count
    (``limit=-1``)."""


class EmptyQuery(InvalidArgument):
    """The query has nothing to search for."""


class DictionaryError(Error):
    """The Japanese dictionary could not be built or loaded."""


class IndexDamaged(Error):
    """The index files are damaged or unreadable; ``dsearch index --rebuild``
    recreates them."""


class EngineError(Error):
    """The search engine failed otherwise."""


# Shown as `dsearch.IndexBusy`, where the package exports them.
for _name in __all__:
    globals()[_name].__module__ = "dsearch"
del _name
