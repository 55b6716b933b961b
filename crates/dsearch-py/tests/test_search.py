"""Searching from Python: each language of the corpus, offsets, options, results."""

from __future__ import annotations

import datetime

import pytest

import dsearch


def names(results):
    """The file names (or ids) of the hits, in order."""
    return [h.path.rsplit("/", 1)[-1] if h.path else h.id for h in results]


def complete(results):
    """The names of the hits that hold every content word of the query."""
    return [n for n, h in zip(names(results), results) if not h.missing]


def highlighted(hit):
    """The highlighted words of a hit, cut from its snippet with Python indices."""
    return [hit.snippet[s:e] for s, e in hit.highlights]


def test_vietnamese_with_diacritics(corpus_index):
    results = corpus_index.search("khoáng sản xanh")
    assert names(results)[:2] == ["000_d0177257eb7f929e.txt", "001_dba647f94a9a5ebf.txt"]
    hit = results[0]
    assert hit.lang == "vi"
    assert hit.matched_words == hit.query_words == results.query_words
    assert "khoáng sản xanh" in hit.snippet
    assert highlighted(hit) == ["khoáng", "sản", "xanh"]


def test_vietnamese_without_diacritics_finds_the_same(corpus_index):
    plain = corpus_index.search("khoang san xanh")
    marked = corpus_index.search("khoáng sản xanh")
    assert names(plain)[:2] == names(marked)[:2]
    assert highlighted(plain[0]) == ["khoáng", "sản", "xanh"]


def test_simplified_finds_traditional(corpus_index):
    results = corpus_index.search("绿色矿产")
    assert names(results)[0] == "002_18e216d91c84a398.txt"
    hit = results[0]
    assert hit.lang == "zh"
    # Highlights are the words as written in the document: traditional.
    assert "綠色礦產" in highlighted(hit)


def test_traditional_finds_simplified(corpus_index):
    results = corpus_index.search("外長會晤")
    assert "004_9c654a8de418b264.txt" in names(results)
    hit = results[names(results).index("004_9c654a8de418b264.txt")]
    assert any(w in ("外长会晤", "外长", "会晤") for w in highlighted(hit)), highlighted(hit)


def test_japanese_sentence(corpus_index):
    results = corpus_index.search("関西国際空港")
    # Only the Japanese document holds every word; others follow with some of them.
    assert complete(results) == names(results)[:1] == ["ja1"]
    hit = results[0]
    assert hit.lang == "ja"
    assert hit.title == "関西国際空港の新しいターミナル"
    assert "".join(highlighted(hit)).startswith("関西国際空港")
    # An inflected verb finds another inflection through its base form.
    assert complete(corpus_index.search("改装する")) == ["ja1"]
    # A sentence: its content words, each in any inflection.
    results = corpus_index.search("飛行機で来ました")
    assert complete(results) == names(results)[:1] == ["ja1"]


def test_language_filter(corpus_index):
    assert {h.lang for h in corpus_index.search("Trung Quốc", limit=20)} == {"vi"}
    assert names(corpus_index.search("空港", lang="zh")) == []
    assert names(corpus_index.search("空港", lang=["ja", "zh"])) == ["ja1"]
    assert names(corpus_index.search("lang:ja 空港")) == ["ja1"]
    assert names(corpus_index.search("空港", lang="Japanese")) == ["ja1"]
    with pytest.raises(ValueError, match="invalid language"):
        corpus_index.search("空港", lang="xx")
    assert dsearch.analyze("Khoáng sản xanh", lang="Vietnamese").lang == "vi"
    with pytest.raises(ValueError, match="invalid language"):
        dsearch.analyze("x", lang="not-a-lang")


def test_highlights_in_code_points_and_bytes(corpus_index):
    hit = corpus_index.search("khoang san xanh")[0]
    snippet_bytes = hit.snippet.encode()
    assert len(hit.highlights) == len(hit.highlights_bytes)
    for (s, e), (bs, be) in zip(hit.highlights, hit.highlights_bytes):
        assert hit.snippet[s:e] == snippet_bytes[bs:be].decode()
        assert (s, e) != (bs, be) or hit.snippet.isascii()


def test_hit_attributes(corpus_index):
    hit = corpus_index.search("khoang san xanh")[0]
    assert hit.path.endswith("corpus/000_d0177257eb7f929e.txt")
    assert hit.id is not None and hit.url is None
    assert isinstance(hit.score, float) and hit.score > 0
    assert hit.missing == []
    assert hit.fields == {}
    assert hit.explanation is None
    assert "Hit(path=" in repr(hit)
    assert (hit.matched_words, hit.query_words) == (2, 2)
    assert repr(hit).endswith(', words="2 of 2")')


def test_results_are_a_sequence(corpus_index):
    results = corpus_index.search("Trung Quốc", limit=3)
    assert len(results) == 3 and bool(results)
    assert results.total >= 3
    assert [h.title for h in results[:2]] == [results[0].title, results[1].title]
    assert results[-1].title == list(results)[2].title
    assert isinstance(results.hits, list)
    with pytest.raises(IndexError):
        results[3]
    empty = corpus_index.search("xyzzyplugh")
    assert len(empty) == 0 and not empty and empty.total == 0


def test_limit_and_offset(corpus_index):
    all_hits = names(corpus_index.search("Trung Quốc", limit=10))
    assert names(corpus_index.search("Trung Quốc", limit=2, offset=1)) == all_hits[1:3]


def test_missing_words(corpus_index):
    results = corpus_index.search("khoáng sản xyzzyplugh")
    assert results, "documents with most of the words are shown"
    assert results[0].missing == ["xyzzyplugh"]
    assert results[0].matched_words < results[0].query_words


def test_words_with_other_diacritics(corpus_index):
    # `khoáng` typed; one news text only has `khoảng` (a gap), which is not the word.
    results = corpus_index.search("khoáng sản xanh")
    other = [h for h in results if h.other_forms]
    assert other, [(h.id, h.missing) for h in results]
    assert other[0].other_forms == ["khoáng"]
    assert "khoáng" in other[0].missing and other[0].matched_words == 0
    # Typed without diacritics, `khoang` is held by `khoảng` too: nothing is "other".
    assert all(not h.other_forms for h in corpus_index.search("khoang san xanh"))


def test_syllables_held_apart(index_dir):
    # `lưu tệp` is one word where a page says it; a page with `lưu` and `tệp` apart
    # comes last and says why: its syllables are there, apart.
    index = dsearch.Index(index_dir)
    index.add([
        {"id": "pair", "title": "Lưu", "text": "Bấm nút để lưu tệp vào thư mục."},
        {"id": "apart", "title": "Tệp", "text": "Tệp được lưu lại sau khi đóng cửa sổ."},
    ])
    index.commit()
    results = index.search("lưu tệp")
    assert names(results) == ["pair", "apart"]
    assert results[0].apart == [] and results[0].matched_words == 1
    assert results[1].apart == ["lưu tệp"] and results[1].missing == ["lưu tệp"]
    assert results[1].matched_words == 0


def test_without_snippets(corpus_index):
    hit = corpus_index.search("khoang san xanh", snippets=False)[0]
    assert hit.snippet == "" and hit.highlights == [] and hit.highlights_bytes == []


def test_snippet_shape(corpus_index):
    hit = corpus_index.search("Trung Quốc", snippet_chars=40, fragments=1)[0]
    # The budget counts characters of the text, not the ellipses around it.
    assert hit.snippet.count("…") <= 2
    assert len(hit.snippet.strip("… ")) <= 40


def test_explain(corpus_index):
    hit = corpus_index.search("khoang san xanh", explain=True)[0]
    assert isinstance(hit.explanation, dict)
    assert hit.explanation["words"] == hit.query_words
    matches = hit.explanation["matches"]
    assert len(matches) == hit.query_words
    assert all(m["matched"] in ("exact", "loose", "bigrams") for m in matches), matches


def test_metadata_filters_and_fields(corpus_index):
    results = corpus_index.search("空港 source:nhk")
    assert names(results) == ["ja1"]
    assert results[0].fields == {"source": "nhk", "date": datetime.date(2024, 3, 5)}
    assert names(corpus_index.search("空港 date:2024-03")) == ["ja1"]
    assert names(corpus_index.search("空港 date:2025..")) == []


def test_warning_for_an_unknown_field(corpus_index):
    # A filter on a field no document has is read as words, and a warning says so.
    results = corpus_index.search("空港 nosuchfield:x")
    assert results.warnings == [
        "no document has the field `nosuchfield`: `nosuchfield:x` is read as words"
    ]
    assert "ja1" in names(results)
    assert all(h.missing == ["nosuchfield", "x"] for h in results)
    # Negated, it stays a filter, which leaves nothing out.
    results = corpus_index.search("空港 -nosuchfield:x")
    assert results.warnings == ["no document has the field `nosuchfield`"]
    assert "ja1" in names(results)
