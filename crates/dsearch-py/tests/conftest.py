"""Fixtures of the Python package's tests: the repository's corpus (5 news articles in
Vietnamese and Chinese), an index of it shared by the read-only tests, and a fresh
index directory per test that writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import dsearch

CORPUS = Path(__file__).resolve().parents[3] / "corpus"

# A Japanese document of our own (the corpus has none).
JAPANESE = {
    "id": "ja1",
    "title": "関西国際空港の新しいターミナル",
    "text": "関西国際空港は大阪湾の人工島にあります。新しいターミナルが改装されました。"
    "東京から飛行機で来た旅行者が増えています。",
    "source": "nhk",
    "date": "2024-03-05",
}


@pytest.fixture(scope="session", autouse=True)
def installed_package():
    """The tests run against the installed wheel, never the source tree."""
    assert "site-packages" in dsearch.__file__, dsearch.__file__
    assert CORPUS.is_dir(), CORPUS


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory):
    """An index of a copy of the corpus, plus the Japanese document; for tests that
    only search."""
    root = tmp_path_factory.mktemp("archive")
    shutil.copytree(CORPUS, root / "corpus")
    index = dsearch.Index(root / ".dsearch")
    report = index.update([root / "corpus"])
    assert report.added == 5, report
    index.add(JAPANESE)
    index.commit()
    return index


@pytest.fixture
def index_dir(tmp_path) -> Path:
    """A fresh index directory (not created yet)."""
    return tmp_path / ".dsearch"
