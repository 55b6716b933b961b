"""Threads: searches run at once from several Python threads, with correct results,
because the library runs without the GIL."""

from __future__ import annotations

import sys
import threading
import time

import pytest

import dsearch

QUERIES = {
    "khoang san xanh": "000_d0177257eb7f929e.txt",
    "绿色矿产": "002_18e216d91c84a398.txt",
    "関西国際空港": "ja1",
}


def first(results):
    h = results[0]
    return h.path.rsplit("/", 1)[-1] if h.path else h.id


@pytest.fixture
def no_gil_switching():
    """Python switches threads holding the GIL only every 100 s here: two calls can
    overlap in time only when they release the GIL themselves."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(100)
    yield
    sys.setswitchinterval(before)


def run_in_threads(n, work):
    """Runs `work(i)` in `n` threads started together; returns their results."""
    barrier = threading.Barrier(n)
    results = [None] * n
    errors = []

    def body(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except BaseException as e:  # reported to the test below
            errors.append(e)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    return results


def overlapping(a, b):
    """How many calls of `a` overlap in time with a call of `b` ((start, end) pairs)."""
    return sum(1 for s, e in a if any(s < e2 and s2 < e for s2, e2 in b))


def test_two_threads_search_at_once(corpus_index, no_gil_switching):
    queries = list(QUERIES.items())

    def searches(i):
        spans = []
        for k in range(60):
            query, expected = queries[(i + k) % len(queries)]
            start = time.perf_counter()
            results = corpus_index.search(query)
            spans.append((start, time.perf_counter()))
            assert first(results) == expected, (query, first(results))
        return spans

    a, b = run_in_threads(2, searches)
    # With the GIL held during a search, one thread would run all its searches before
    # the other started any; released, their searches interleave and overlap.
    assert overlapping(a, b) > 0, "searches never ran at the same time"


def test_search_while_another_thread_indexes(corpus_index, index_dir, no_gil_switching):
    writer = dsearch.Index(index_dir)
    docs = [
        {"id": f"d{i}", "title": f"Tin {i}", "text": "Hợp tác khoáng sản xanh. " * 200}
        for i in range(300)
    ]

    def work(i):
        start = time.perf_counter()
        if i == 0:
            writer.add(docs)
            writer.commit()
            return [(start, time.perf_counter())]
        spans = []
        while not spans or spans[-1][1] < start + 0.05:
            s = time.perf_counter()
            assert first(corpus_index.search("绿色矿产")) == "002_18e216d91c84a398.txt"
            spans.append((s, time.perf_counter()))
        return spans

    indexing, searching = run_in_threads(2, work)
    assert overlapping(searching, indexing) > 0
    assert len(writer) == 300


def test_analyze_releases_the_gil(no_gil_switching):
    text = "Hợp tác khoáng sản xanh giữa Việt Nam và Trung Á. " * 20000

    def work(i):
        spans = []
        for _ in range(3):
            s = time.perf_counter()
            dsearch.analyze(text)
            spans.append((s, time.perf_counter()))
        return spans

    a, b = run_in_threads(2, work)
    assert overlapping(a, b) > 0
