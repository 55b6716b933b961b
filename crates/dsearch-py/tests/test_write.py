"""Writing from Python: documents from dicts, add/upsert/delete/commit/rollback, the
writer lock's life, file indexing, documents and counts read back."""

from __future__ import annotations

import datetime
import warnings

import pytest

import dsearch

from conftest import CORPUS, JAPANESE

NEWS = {
    "id": "n1",
    "title": "Khoáng sản xanh",
    "text": "Hợp tác khoáng sản xanh giữa Việt Nam và Trung Á.",
    "url": "https://example.org/n1",
    "source": "vov",
}


def ids(index, query):
    return [h.id for h in index.search(query)]


def test_add_delete_commit(index_dir):
    index = dsearch.Index(index_dir)
    assert index.add([NEWS, JAPANESE]) == 2
    assert index.pending == 2 and index.writing
    # Searches see the last commit only.
    assert ids(index, "khoang san") == []
    assert len(index) == 0
    index.commit()
    assert not index.writing and index.pending == 0
    assert ids(index, "khoang san") == ["n1"]
    assert len(index) == 2
    index.delete("n1")
    assert ids(index, "khoang san") == ["n1"], "not committed yet"
    index.commit()
    assert ids(index, "khoang san") == []
    assert len(index) == 1


def test_one_document_or_an_iterable(index_dir):
    index = dsearch.Index(index_dir)
    assert index.add(NEWS) == 1
    assert index.add(dict(NEWS, id=f"n{i}") for i in range(2, 5)) == 3
    index.commit()
    assert sorted(ids(index, "khoang san")) == ["n1", "n2", "n3", "n4"]
    index.delete(["n2", "n3"])
    index.commit()
    assert sorted(ids(index, "khoang san")) == ["n1", "n4"]


def test_add_keeps_duplicates_upsert_replaces(index_dir):
    index = dsearch.Index(index_dir)
    index.add(NEWS)
    index.add(dict(NEWS, title="Bản khác"))
    index.commit()
    assert ids(index, "khoang san") == ["n1", "n1"]
    index.upsert(dict(NEWS, title="Bản mới", text="Hợp tác năng lượng."))
    index.commit()
    assert ids(index, "khoang san") == []
    assert [h.title for h in index.search("nang luong")] == ["Bản mới"]


def test_rollback_discards(index_dir):
    index = dsearch.Index(index_dir)
    index.add(NEWS)
    index.rollback()
    assert not index.writing
    index.commit()
    assert len(index) == 0


def test_context_manager_commits_or_rolls_back(index_dir):
    with dsearch.Index(index_dir) as index:
        index.add(NEWS)
    assert ids(index, "khoang san") == ["n1"]
    with pytest.raises(RuntimeError):
        with dsearch.Index(index_dir) as other:
            other.delete("n1")
            raise RuntimeError("boom")
    assert not other.writing
    assert ids(dsearch.Index(index_dir), "khoang san") == ["n1"]


def test_documents_like_jsonl_lines(index_dir):
    index = dsearch.Index(index_dir)
    index.add(
        {
            "id": 7,
            "body": "Tin ngắn về hợp tác khoáng sản.",
            "lang": "VI",
            "date": datetime.date(2024, 3, 5),
            "updated": datetime.datetime(2024, 3, 5, 10, 30, tzinfo=datetime.timezone.utc),
            "local": datetime.datetime(2024, 3, 5, 10, 30, 15, 250000),
            "given": "2024-03-05T10:30:00+07:00",
            "pages": 3,
            "ratio": 0.5,
            "draft": False,
            "tags": ["a", "b", 2],
            "none": None,
        }
    )
    index.commit()
    doc = index.get("7")
    assert doc is not None
    assert (doc.id, doc.title, doc.text, doc.lang, doc.url, doc.path) == (
        "7",
        "",
        "Tin ngắn về hợp tác khoáng sản.",
        "vi",
        None,
        None,
    )
    plus7 = datetime.timezone(datetime.timedelta(hours=7))
    assert doc.fields == {
        "date": datetime.date(2024, 3, 5),
        "updated": datetime.datetime(2024, 3, 5, 10, 30, tzinfo=datetime.timezone.utc),
        "local": datetime.datetime(2024, 3, 5, 10, 30, 15, 250000),
        "given": datetime.datetime(2024, 3, 5, 10, 30, tzinfo=plus7),
        "pages": 3.0,
        "ratio": 0.5,
        "draft": "false",
        "tags": ["a", "b", 2.0],
    }
    # Dates and numbers filter as they do from JSONL.
    assert ids(index, "khoang san date:2024-03-05") == ["7"]
    assert ids(index, "khoang san pages:1..5") == ["7"]
    assert ids(index, "khoang san tags:b") == ["7"]
    # What `get` returns goes back in as it came.
    again = dsearch.Index(index_dir)
    again.upsert(doc.to_dict())
    again.commit()
    assert again.get("7").fields == doc.fields


def test_sort_by_a_date(index_dir):
    index = dsearch.Index(index_dir)
    index.add(dict(NEWS, id=f"d{m}", date=f"2024-0{m}-01") for m in (3, 1, 2))
    index.commit()
    assert ids(index, "khoang san") and ids(index, "khoang san")[0].startswith("d")
    assert [h.id for h in index.search("khoang san", sort="date")] == ["d1", "d2", "d3"]
    assert [h.id for h in index.search("khoang san", sort="-date")] == ["d3", "d2", "d1"]


def test_bad_documents_raise_before_anything_is_added(index_dir):
    index = dsearch.Index(index_dir)
    with pytest.raises(TypeError, match="`extra`"):
        index.add([NEWS, dict(NEWS, id="n2", extra={"nested": 1})])
    with pytest.raises(TypeError, match="`title` must be a str"):
        index.add(dict(NEWS, title=3))
    with pytest.raises(TypeError, match="a document is a dict"):
        index.add("not a document")
    with pytest.raises(dsearch.InvalidArgument, match="no `text`, `body` or `title`"):
        index.add({"id": "x"})
    with pytest.raises(dsearch.InvalidArgument, match="needs an id"):
        index.add({"title": "no id"})
    with pytest.raises(
        dsearch.InvalidArgument,
        match=r'^document "n2": holds both `text` and `body` \(give one of them\)',
    ):
        index.upsert([NEWS, dict(NEWS, id="n2", body="Nội dung khác.")])
    index.commit()
    assert len(index) == 0
    # A `None` one is absent, as for metadata.
    index.add([dict(NEWS, body=None), dict(NEWS, id="n3", text=None, body="Nội dung khác.")])
    index.commit()
    assert index.get("n3").text == "Nội dung khác." and len(index) == 2


def test_update_indexes_files_as_the_command_does(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for f in sorted(CORPUS.iterdir())[:2]:
        (docs / f.name).write_bytes(f.read_bytes())
    index = dsearch.Index(tmp_path / ".dsearch")
    report = index.update(docs)
    assert (report.added, report.updated, report.removed, report.unchanged) == (2, 0, 0, 0)
    assert report.documents == 2 and report.missing == [] and report.warnings == []
    assert str(report).startswith("added 2, updated 0, removed 0, unchanged 0, skipped 0 in ")
    assert index.indexed_paths() == [str(docs)]
    (docs / "new.md").write_text("# Khoáng sản\n\nHợp tác khoáng sản xanh.\n")
    next(docs.glob("000_*")).unlink()
    report = index.update([str(docs), tmp_path / "gone"])
    assert (report.added, report.removed, report.unchanged) == (1, 1, 1)
    assert report.missing == [str(tmp_path / "gone")]
    assert [h.path for h in index.search("khoang san xanh")] == [
        str(docs / "new.md"),
        str(next(docs.glob("001_*"))),
    ]


def test_max_file_size_is_bytes_or_a_size_as_the_command_takes_it(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "small.txt").write_text("Khoáng sản\n" + "xanh " * 100, encoding="utf-8")
    big = "Khoáng sản\n" + "xanh " * 400
    (docs / "big.txt").write_text(big, encoding="utf-8")
    index = dsearch.Index(tmp_path / ".dsearch")
    report = index.update(docs, max_file_size="1K")
    assert (report.added, report.skipped, report.documents) == (1, 1, 1)
    assert len(report.warnings) == 1, report.warnings
    assert report.warnings[0].endswith(
        f"big.txt: larger than --max-file-size ({len(big.encode())} > 1024 bytes), skipped"
    )
    report = index.update(docs, max_file_size=" 4k ")
    assert (report.added, report.skipped, report.documents) == (1, 0, 2)


def test_update_commits_the_changes_held_first(index_dir, tmp_path):
    index = dsearch.Index(index_dir)
    index.add(NEWS)
    (tmp_path / "a.txt").write_text("Khoáng sản\nHợp tác khoáng sản xanh.\n")
    index.update([tmp_path / "a.txt"])
    assert not index.writing
    assert sorted(h.id for h in index.search("khoang san")) == ["a.txt", "n1"]


def test_get_and_stats(corpus_index):
    doc = corpus_index.get("ja1")
    assert doc.title == JAPANESE["title"] and doc.text == JAPANESE["text"]
    assert doc.lang == "ja" and doc.fields["source"] == "nhk"
    assert corpus_index.get("nope") is None
    stats = corpus_index.stats()
    assert stats.documents == 6 == len(corpus_index)
    assert stats.languages == {"ja": 1, "vi": 3, "zh": 2}
    assert stats.segments >= 1 and stats.last_commit > 0
    # No run of `dsearch index` was stopped half-way.
    assert stats.unfinished is False


def test_writer_warnings_become_python_warnings(index_dir, monkeypatch):
    # Nothing to warn about here: commit issues no warning.
    index = dsearch.Index(index_dir)
    index.add(NEWS)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        index.commit()


def test_whole_numbers_read_back_as_ints_and_big_ids_exactly(index_dir):
    index = dsearch.Index(index_dir)
    index.add(
        {"id": "x", "title": "Số", "text": "khoáng sản", "year": 1975, "ratio": 2.5,
         "doc_no": 20240312000123457}
    )
    index.commit()
    doc = index.get("x")
    assert doc.fields["year"] == 1975 and isinstance(doc.fields["year"], int)
    assert doc.fields["ratio"] == 2.5
    assert doc.fields["doc_no"] == "20240312000123457"
    assert [h.id for h in index.search("doc_no:20240312000123457")] == ["x"]
    assert [h.id for h in index.search("doc_no:20240312000123456")] == []


def test_nan_and_infinite_numbers_are_refused(index_dir):
    index = dsearch.Index(index_dir)
    for bad in (float("nan"), float("inf"), float("-inf")):
        with pytest.raises(dsearch.InvalidArgument, match="pages"):
            index.add({"id": "n", "text": "x", "pages": bad})
    with pytest.raises(dsearch.InvalidArgument, match="invalid language"):
        index.search("x", lang="xx")


def test_int_ids_are_taken_wherever_an_id_is(index_dir):
    index = dsearch.Index(index_dir)
    index.add([dict(NEWS, id=5), dict(NEWS, id=6), dict(NEWS, id="7"), dict(NEWS, id=-8)])
    index.commit()
    assert index.get(5).id == "5" == index.get("5").id
    assert index.get(-8).id == "-8"
    assert index.get(9) is None
    index.delete(5)
    index.delete([6, "7"])
    index.commit()
    assert index.get(5) is None and index.get(6) is None and index.get("7") is None
    assert ids(index, "khoang san") == ["-8"]
    # As for `add`: `bool` is an `int` in Python but no id, nor is a float.
    for bad in (True, 5.0, None):
        with pytest.raises(TypeError, match="`id` must be a str or an int"):
            index.get(bad)
        with pytest.raises(TypeError, match="`id` must be a str or an int"):
            index.delete([bad])
    with pytest.raises(TypeError, match="`id` must be a str or an int"):
        index.add(dict(NEWS, id=True))
