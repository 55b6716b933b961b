//! Concurrent use: while one `dsearch index` writes, a second one on the same index
//! says "index is busy" on one line and exits 2, or waits with `--wait`; `dsearch
//! query` answers all along, from the last commit, and sees the new documents after it.
//!
//! To hold the writer at a known point the first `dsearch index` is stopped (SIGSTOP)
//! after its first commit and continued (SIGCONT) later: a stopped process keeps its
//! lock, so what the others see does not depend on timing.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::reliability::{
    index_dir, index_ok, listed, opstamp, write_corpus, Running, COMMIT_EVERY,
};
use crate::util::Env;

const N: usize = 1500;

/// Starts `dsearch index docs` with small commits and stops it after its first commit.
fn start_and_stop_after_first_commit(env: &Env) -> Running {
    let dir = index_dir(env);
    let mut run = Running::start(env, &[(COMMIT_EVERY, "32768")], &["index", "docs"]);
    let committed = run.wait_for(|| opstamp(&dir).is_some_and(|o| o > 0));
    assert!(committed, "the first run commits");
    run.signal("STOP");
    assert!(run.running(), "the run outlived its first commit");
    run
}

fn busy_line(env: &Env) -> String {
    format!(
        "dsearch: index is busy: another dsearch is writing to {}\n",
        index_dir(env).display()
    )
}

#[test]
fn second_writer_is_busy_and_queries_answer_from_the_last_commit() {
    let env = Env::new();
    let corpus: BTreeSet<String> = write_corpus(&env, "docs", 0..N).into_iter().collect();
    write_corpus(&env, "more", N..N + 3);
    let mut first = start_and_stop_after_first_commit(&env);

    // The second writer gives up at once, on one line, and changes nothing.
    let before = listed(&env);
    assert!(!before.is_empty() && before.len() < N, "{}", before.len());
    for args in [&["index", "more"][..], &["index", "--rebuild"][..]] {
        let out = env.dsearch(args);
        out.assert_code(2);
        assert_eq!(out.stdout, "", "{args:?}");
        assert_eq!(out.stderr, busy_line(&env), "{args:?}");
    }
    // Queries answer from the last commit, again and again.
    for _ in 0..3 {
        assert_eq!(listed(&env), before);
    }

    first.signal("CONT");
    let out = first.finish();
    out.assert_code(0);
    assert_eq!(out.summary().documents, N as u64);
    // After the commit, queries see every document.
    assert_eq!(listed(&env), corpus);
}

#[test]
fn wait_waits_for_the_writer_then_indexes() {
    let env = Env::new();
    let mut corpus: BTreeSet<String> = write_corpus(&env, "docs", 0..N).into_iter().collect();
    corpus.extend(write_corpus(&env, "more", N..N + 3));
    let mut first = start_and_stop_after_first_commit(&env);

    let mut second = Running::start(&env, &[], &["index", "--wait", "more"]);
    // It cannot get the lock while the first is stopped: it is still waiting after a
    // few of its 200 ms retries.
    for _ in 0..4 {
        std::thread::sleep(Duration::from_millis(150));
        assert!(second.running(), "--wait returned while the index was busy");
    }

    first.signal("CONT");
    let out = first.finish();
    out.assert_code(0);
    assert_eq!(out.summary().documents, N as u64, "the first ends first");
    let out = second.finish();
    out.assert_code(0);
    assert_eq!(out.stderr, "");
    let s = out.summary();
    assert_eq!((s.added, s.documents), (3, N as u64 + 3), "{s:?}");
    assert_eq!(listed(&env), corpus);
}

/// Queries run back to back while a long `dsearch index` commits: every one answers,
/// lists no document twice, and never lists fewer documents than the one before.
#[test]
fn queries_answer_while_indexing() {
    let env = Env::new();
    let corpus: BTreeSet<String> = write_corpus(&env, "docs", 0..N).into_iter().collect();
    let mut run = Running::start(&env, &[(COMMIT_EVERY, "16384")], &["index", "docs"]);
    let mut last = BTreeSet::new();
    let mut queries = 0;
    while run.running() {
        if opstamp(&index_dir(&env)).is_none() {
            std::thread::sleep(Duration::from_millis(1));
            continue;
        }
        let now = listed(&env);
        assert!(now.is_superset(&last), "a query lost documents");
        assert!(now.is_subset(&corpus));
        last = now;
        queries += 1;
    }
    eprintln!("{queries} queries during the run");
    let out = run.finish();
    out.assert_code(0);
    assert_eq!(listed(&env), corpus);
}

/// Two first runs started together on a new index: one creates it, the other waits
/// (or creates it at the same moment); both succeed and nothing is indexed twice.
#[test]
fn two_runs_creating_the_same_index_both_succeed() {
    for round in 0..20 {
        let env = Env::new();
        let mut corpus: BTreeSet<String> = write_corpus(&env, "docs", 0..50).into_iter().collect();
        corpus.extend(write_corpus(&env, "more", 50..100));
        let a = Running::start(&env, &[], &["index", "--wait", "docs"]);
        let b = Running::start(&env, &[], &["index", "--wait", "more"]);
        for (name, out) in [("docs", a.finish()), ("more", b.finish())] {
            assert_eq!(out.code, Some(0), "round {round}, {name}: {out:?}");
            assert_eq!(out.summary().added, 50, "round {round}, {name}");
        }
        assert_eq!(listed(&env), corpus, "round {round}");
        let s = index_ok(&env, &["docs", "more"]);
        assert_eq!((s.unchanged, s.documents), (100, 100), "round {round}");
    }
}
