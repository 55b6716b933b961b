"""`dsearch.analyze` and `dsearch.detect`: languages, tokens, offsets in code points and
bytes."""

from __future__ import annotations

import dsearch


def check(text, lang=None):
    """Analyses `text` and checks every token's offsets against the text."""
    a = dsearch.analyze(text, lang=lang)
    raw = text.encode()
    for t in a:
        assert t.field in ("words", "folded", "bigrams")
        assert text[t.start : t.end] == raw[t.start_byte : t.end_byte].decode(), t
    return a


def test_detected_language():
    assert check("Hợp tác khoáng sản xanh").lang == "vi"
    assert check("中国-中亚峰会五月西安举行").lang == "zh"
    assert check("東京都に住んでいます。").lang == "ja"
    assert check("The quick brown fox jumps over the lazy dog.").lang == "en"
    assert dsearch.detect("Hợp tác khoáng sản xanh") == "vi"
    assert dsearch.detect("12345") == "und"


def test_vietnamese_words_and_folded_forms():
    a = check("Hợp tác khoáng sản xanh")
    assert a.words == ["hợp", "tác", "khoáng", "sản", "xanh"]
    assert a.folded == ["hop", "tac", "khoang", "san", "xanh"]
    khoang = next(t for t in a if t.field == "words" and t.text == "khoáng")
    assert (khoang.start, khoang.end, khoang.start_byte, khoang.end_byte) == (8, 14, 11, 18)
    assert khoang.position == 2


def test_japanese_compound_is_cut():
    a = check("関西国際空港", lang="ja")
    assert a.lang == "ja"
    assert not a.japanese_dictionary_missing, "run scripts/ipadic.sh to install the dictionary"
    assert a.words == ["関西", "国際", "空港"]
    assert [(t.start, t.end) for t in a if t.field == "words"] == [(0, 2), (2, 4), (4, 6)]


def test_traditional_kanji_alone_reads_as_chinese():
    a = check("關西國際空港")
    assert a.lang == "zh"
    assert a.words == ["关西", "国际", "空港"]
    # The bigrams between the words; a bigram a two-character word already stands for
    # (关西, 国际, 空港) is left to the word.
    assert a.bigrams == ["西国", "际空", "港"]


def test_offsets_past_astral_characters():
    # An emoji is one code point but four bytes: the two offsets differ.
    a = check("🎉 khoáng sản")
    t = next(t for t in a if t.text == "khoáng")
    assert (t.start, t.start_byte) == (2, 5)


def test_analysis_is_a_sequence():
    a = dsearch.analyze("Hợp tác")
    # Vietnamese syllable pairs are indexed with the bigrams.
    assert [(t.field, t.text) for t in a] == [
        ("words", "hợp"),
        ("words", "tác"),
        ("folded", "hop"),
        ("folded", "tac"),
        ("bigrams", "hop tac"),
    ]
    assert len(a) == len(a.tokens) == 5
    assert a[0].text == "hợp" and a[-1].field == "bigrams"
    assert [t.text for t in a[2:4]] == ["hop", "tac"]
    assert "Analysis(lang=" in repr(a) and "Token(" in repr(a[0])
