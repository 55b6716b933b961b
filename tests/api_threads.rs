//! The library from several threads at once, and readers of a changing index: a
//! search that starts after a commit returned sees it, whichever thread notices it
//! first, whatever the commit did; writers taken in turn keep every document's words;
//! the unfinished mark goes with the commit searched.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Barrier;

use dsearch::{Document, ErrorKind, Index, SearchOptions, UpdateOptions, WriterOptions};

/// Threads that search at once after each commit.
const THREADS: usize = 4;

/// Commits, each followed by searches from every thread at once.
const ROUNDS: usize = 40;

/// How many documents `query` finds (up to 10,000).
fn hits(index: &Index, query: &str) -> usize {
    let options = SearchOptions::default().limit(10_000);
    index.search(query, &options).expect("search").hits.len()
}

#[test]
fn every_search_started_after_a_commit_sees_it() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let index = Index::open_or_create(tmp.path().join(".dsearch")).expect("index");
    let mut writer = index.writer(&WriterOptions::default()).expect("writer");
    // A first search makes the reader, so later ones must notice each commit.
    assert_eq!(hits(&index, "khoáng sản"), 0);
    let barrier = Barrier::new(THREADS);
    for round in 1..=ROUNDS {
        writer
            .add(Document::new(
                format!("d{round}"),
                format!("Tin {round}"),
                "Hợp tác khoáng sản xanh giữa hai nước.",
            ))
            .expect("add");
        writer.commit().expect("commit");
        let seen: Vec<usize> = std::thread::scope(|s| {
            let threads: Vec<_> = (0..THREADS)
                .map(|_| {
                    s.spawn(|| {
                        barrier.wait();
                        hits(&index, "khoáng sản")
                    })
                })
                .collect();
            threads
                .into_iter()
                .map(|t| t.join().expect("thread"))
                .collect()
        });
        assert_eq!(seen, vec![round; THREADS], "after commit {round}");
    }
}

/// A writer dropped by one thread must not touch the analyses of the writer another
/// thread took right after it (they were cleared once the first one's tantivy writer
/// had released the lock: documents were indexed without their words).
#[test]
fn writers_taken_in_turn_by_two_threads_index_every_document() {
    const PER_THREAD: usize = 150;
    let tmp = tempfile::tempdir().expect("temp dir");
    let index = Index::open_or_create(tmp.path().join(".dsearch")).expect("index");
    std::thread::scope(|s| {
        for t in 0..2 {
            let index = &index;
            s.spawn(move || {
                for i in 0..PER_THREAD {
                    let mut w = loop {
                        match index.writer(&WriterOptions::default().threads(1)) {
                            Ok(w) => break w,
                            Err(e) if matches!(e.kind(), ErrorKind::Busy(_)) => {
                                std::thread::yield_now();
                            }
                            Err(e) => panic!("{e}"),
                        }
                    };
                    w.add(Document::new(
                        format!("t{t}-{i}"),
                        format!("Tin {i}"),
                        "Hợp tác khoáng sản xanh giữa hai nước.",
                    ))
                    .expect("add");
                    w.commit().expect("commit");
                }
            });
        }
    });
    let n = index.num_docs().expect("num_docs");
    assert_eq!(n, 2 * PER_THREAD as u64);
    let found = hits(&index, "khoáng sản") as u64;
    assert_eq!(found, n, "documents indexed without their words");
}

/// A folder with one file, and where its index goes.
fn one_file() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(&docs).expect("mkdir");
    std::fs::write(docs.join("a.txt"), "Hợp tác khoáng sản xanh giữa hai nước.").expect("write");
    let dir = tmp.path().join(".dsearch");
    (tmp, docs, dir)
}

/// A rebuild that finds no file deletes every document in a commit that keeps tantivy's
/// opstamp: the index that ran it sees that commit.
#[test]
fn an_index_sees_its_own_rebuild_that_deletes_everything() {
    let (_tmp, docs, dir) = one_file();
    let index = Index::open_or_create(&dir).expect("index");
    let update = |o: &UpdateOptions| index.update(std::slice::from_ref(&docs), o, &mut |_| {});
    update(&UpdateOptions::default()).expect("update");
    assert_eq!(hits(&index, "khoáng sản"), 1);
    std::fs::remove_file(docs.join("a.txt")).expect("rm");
    let report = update(&UpdateOptions::default().rebuild(true)).expect("rebuild");
    assert_eq!(report.documents, 0, "the rebuild's report");
    assert_eq!(index.num_docs().expect("num_docs"), 0);
    assert_eq!(hits(&index, "khoáng sản"), 0);
}

/// The same, seen from another `Index` open on the directory (as a server's is).
#[test]
fn another_index_sees_a_rebuild_that_deletes_everything() {
    let (_tmp, docs, dir) = one_file();
    Index::open_or_create(&dir)
        .expect("index")
        .update(
            std::slice::from_ref(&docs),
            &UpdateOptions::default(),
            &mut |_| {},
        )
        .expect("update");
    let server = Index::open(&dir).expect("open");
    assert_eq!(hits(&server, "khoáng sản"), 1);
    std::fs::remove_file(docs.join("a.txt")).expect("rm");
    Index::rebuild(&dir, &[], &UpdateOptions::default(), &mut |_| {}).expect("rebuild");
    assert_eq!(server.stats().expect("stats").documents, 0, "stats");
    assert_eq!(hits(&server, "khoáng sản"), 0);
}

/// While `Index::update` commits file by file (each commit marked unfinished) and then
/// finishes, other threads search and read stats: a result without the unfinished mark
/// comes from a finished commit (the empty index or the last one, with every file).
#[test]
fn the_unfinished_mark_goes_with_the_commit_searched() {
    const FILES: usize = 2;
    let bad = AtomicUsize::new(0);
    for round in 0..100 {
        let tmp = tempfile::tempdir().expect("temp dir");
        let docs = tmp.path().join("docs");
        std::fs::create_dir_all(&docs).expect("mkdir");
        for i in 0..FILES {
            let text = format!("Tin {i}. Hợp tác khoáng sản xanh giữa hai nước.");
            std::fs::write(docs.join(format!("f{i}.txt")), text).expect("write");
        }
        let index = Index::open_or_create(tmp.path().join(".dsearch")).expect("index");
        let options = SearchOptions::default().limit(100).snippets(false);
        index.search("khoáng sản", &options).expect("search");
        let done = AtomicBool::new(false);
        std::thread::scope(|s| {
            for t in 0..3 {
                let (index, done, bad, options) = (&index, &done, &bad, &options);
                s.spawn(move || {
                    let mut after = 0;
                    while after < 20 {
                        if done.load(Ordering::Acquire) {
                            after += 1;
                        }
                        let (n, unfinished) = if t == 0 {
                            let st = index.stats().expect("stats");
                            (st.documents as usize, st.unfinished)
                        } else {
                            let r = index.search("khoáng sản", options).expect("search");
                            let mark = dsearch::search::UNFINISHED_WARNING;
                            (r.hits.len(), r.warnings.iter().any(|w| w == mark))
                        };
                        if !unfinished && n != 0 && n != FILES {
                            bad.fetch_add(1, Ordering::Relaxed);
                            eprintln!("round {round}, thread {t}: {n} documents, no mark");
                        }
                    }
                });
            }
            let options = UpdateOptions::default().threads(1).commit_every_bytes(1);
            index
                .update(std::slice::from_ref(&docs), &options, &mut |_| {})
                .expect("update");
            done.store(true, Ordering::Release);
        });
        assert_eq!(index.num_docs().expect("num_docs") as usize, FILES);
    }
    assert_eq!(
        bad.load(Ordering::Relaxed),
        0,
        "results without their commit's mark"
    );
}
