//! The library from several threads at once: searches that start after a commit
//! returned see it, whichever thread notices the commit first.

use std::sync::Barrier;

use dsearch::{Document, Index, SearchOptions, WriterOptions};

/// Threads that search at once after each commit.
const THREADS: usize = 4;

/// Commits, each followed by searches from every thread at once.
const ROUNDS: usize = 40;

#[test]
fn every_search_started_after_a_commit_sees_it() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let index = Index::open_or_create(tmp.path().join(".dsearch")).expect("index");
    let mut writer = index.writer(&WriterOptions::default()).expect("writer");
    let options = SearchOptions::default().limit(1000);
    // A first search makes the reader, so later ones must notice each commit.
    assert_eq!(
        index
            .search("khoáng sản", &options)
            .expect("search")
            .hits
            .len(),
        0
    );
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
                        let results = index.search("khoáng sản", &options).expect("search");
                        results.hits.len()
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
