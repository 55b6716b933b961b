"""Errors from Python: each library error kind is its own exception class carrying the
library's one-line message."""

from __future__ import annotations

import json
import re

import pytest

import dsearch

from test_write import NEWS


def test_exception_classes():
    assert issubclass(dsearch.IndexBusy, dsearch.Error)
    assert issubclass(dsearch.InvalidArgument, dsearch.Error)
    assert issubclass(dsearch.InvalidArgument, ValueError)
    assert issubclass(dsearch.EmptyQuery, dsearch.InvalidArgument)
    assert issubclass(dsearch.MissingPath, FileNotFoundError)
    assert issubclass(dsearch.IoError, OSError)
    assert dsearch.IndexBusy.__module__ == "dsearch"


def test_busy_index(index_dir):
    first = dsearch.Index(index_dir)
    second = dsearch.Index(index_dir)
    first.add(NEWS)
    with pytest.raises(dsearch.IndexBusy) as e:
        second.add(NEWS)
    assert str(e.value) == f"index is busy: another dsearch is writing to {index_dir}"
    assert e.value.path == str(index_dir)
    # Files too: `update` needs the same lock.
    with pytest.raises(dsearch.IndexBusy):
        second.update([index_dir.parent])
    # Searching is never blocked by a writer.
    assert len(second.search("khoang san")) == 0
    first.commit()
    second.add(NEWS)
    second.commit()
    assert len(first.search("khoang san")) == 2


def test_invalid_metadata_filter(corpus_index):
    with pytest.raises(dsearch.InvalidArgument) as e:
        corpus_index.search("空港 date:2024-13-45")
    message = str(e.value)
    assert message.startswith('invalid date "2024-13-45" in the filter `date:2024-13-45`')
    assert "\n" not in message
    # It is a ValueError too.
    with pytest.raises(ValueError):
        corpus_index.search("date:2024-13-45")


def test_invalid_sort(corpus_index):
    with pytest.raises(dsearch.InvalidArgument, match="invalid sort"):
        corpus_index.search("空港", sort="no way")


def test_empty_query(corpus_index):
    with pytest.raises(dsearch.EmptyQuery, match="the query is empty"):
        corpus_index.search("   ")


def test_missing_index_directory(tmp_path):
    with pytest.raises(dsearch.NoIndex, match="no index found"):
        dsearch.Index(tmp_path / "nowhere" / ".dsearch", create=False)
    assert not (tmp_path / "nowhere").exists()
    # With create (the default) it is made.
    index = dsearch.Index(tmp_path / "nowhere" / ".dsearch")
    assert len(index) == 0 and (tmp_path / "nowhere" / ".dsearch").is_dir()


def test_index_directory_that_cannot_be_created(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(dsearch.IoError) as e:
        dsearch.Index(tmp_path / "file" / ".dsearch")
    assert e.value.path == str(tmp_path / "file" / ".dsearch")
    assert isinstance(e.value, OSError)


def test_schema_version(index_dir):
    dsearch.Index(index_dir)
    meta = index_dir / "dsearch.json"
    recorded = json.loads(meta.read_text())
    assert recorded["schema_version"] == dsearch.SCHEMA_VERSION
    meta.write_text(json.dumps(dict(recorded, schema_version=1)))
    with pytest.raises(dsearch.SchemaVersionError, match="--rebuild") as e:
        dsearch.Index(index_dir)
    assert e.value.path == str(index_dir)


def test_negative_counts_are_invalid_arguments_naming_them(corpus_index, index_dir):
    for name in ("limit", "offset", "snippet_chars", "fragments"):
        for bad in (-1, -(2**70)):
            with pytest.raises(dsearch.InvalidArgument, match=f"^`{name}` must be 0 or more, not -"):
                corpus_index.search("khoáng sản", **{name: bad})
    with pytest.raises(ValueError, match="`limit`"):
        corpus_index.search("khoáng sản", -1)
    with pytest.raises(dsearch.InvalidArgument, match="^`limit` is too large"):
        corpus_index.search("khoáng sản", limit=2**70)
    with pytest.raises(TypeError):
        corpus_index.search("khoáng sản", limit=2.5)
    for name in ("threads", "memory_mb"):
        with pytest.raises(dsearch.InvalidArgument, match=rf"^`{name}` must be 0 or more, not -1\b"):
            dsearch.Index(index_dir, **{name: -1})
    index = dsearch.Index(index_dir)
    for name in ("threads", "memory_mb", "max_file_size"):
        with pytest.raises(dsearch.InvalidArgument, match=rf"^`{name}` must be 0 or more, not -1\b"):
            index.update([index_dir.parent], **{name: -1})
    # None keeps the index's own.
    assert index.update([index_dir.parent], threads=None, memory_mb=None).added == 0


def test_a_bool_is_no_count(corpus_index, index_dir):
    for name in ("limit", "offset", "snippet_chars", "fragments"):
        with pytest.raises(dsearch.InvalidArgument, match=rf"^`{name}` must be an int, not True\b"):
            corpus_index.search("khoáng sản", **{name: True})
    index = dsearch.Index(index_dir)
    for name in ("threads", "memory_mb", "max_file_size"):
        with pytest.raises(dsearch.InvalidArgument, match=rf"^`{name}` must be an int, not False\b"):
            index.update([index_dir.parent], **{name: False})


def test_a_size_that_is_no_size_is_an_invalid_argument_naming_max_file_size(index_dir):
    index = dsearch.Index(index_dir)
    for bad in ("50MB", "", "1.5M", "-1K", "1T", "17179869184G"):
        with pytest.raises(
            dsearch.InvalidArgument,
            match=rf'^`max_file_size`: invalid size "{re.escape(bad)}" \(examples: 1000, 64K, 50M, 1G\)',
        ):
            index.update([index_dir.parent], max_file_size=bad)


def test_megabytes_whose_bytes_overflow_are_refused_not_wrapped_round(index_dir):
    index = dsearch.Index(index_dir)
    for huge in (2**44, 2**50, 2**63):
        with pytest.raises(dsearch.InvalidArgument, match=rf"^`memory_mb` is too large: {huge}\b"):
            dsearch.Index(index_dir, memory_mb=huge)
        with pytest.raises(dsearch.InvalidArgument, match=rf"^`memory_mb` is too large: {huge}\b"):
            index.update([index_dir.parent], memory_mb=huge)
    # The largest that fits is a budget (the library caps what tantivy is given).
    dsearch.Index(index_dir, memory_mb=2**44 - 1)
