//! Crash safety: `dsearch index` killed with SIGKILL at several points of a long run
//! (before the index exists, between commits, during an update with deletions, during
//! `--rebuild`) leaves an index that answers from its last commit, and the next run
//! ends with exactly the right documents: none twice, none lost, no deletion undone.
//!
//! Where the kill lands depends on timing; what is asserted does not: after every kill
//! the state is the last commit, whatever it was, and the next run finishes the job.
//! `DSEARCH_COMMIT_EVERY_BYTES` makes the killed runs commit every few dozen files.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::reliability::{
    corpus_file, corpus_text, count, index_dir, index_ok, listed, opstamp, payload, token,
    unfinished_line, write_corpus, Running, COMMIT_EVERY, COMMON,
};
use crate::util::{hit_path, Env};

/// Files of the long run.
const N: usize = 2000;
/// About 30 files per commit in the killed runs.
const SMALL_COMMITS: &str = "32768";

/// When to kill a run.
#[derive(Debug, Clone, Copy)]
enum KillAt {
    /// As soon as it is started.
    Start,
    /// After this many milliseconds.
    After(u64),
    /// Once this many commits of this run are in `meta.json`.
    Commits(u64),
}

/// Starts `dsearch index ARGS` with small commits and kills it at `at`.
fn index_and_kill(env: &Env, args: &[&str], at: KillAt) {
    let dir = index_dir(env);
    let before = opstamp(&dir);
    let mut all = vec!["index"];
    all.extend_from_slice(args);
    let mut run = Running::start(env, &[(COMMIT_EVERY, SMALL_COMMITS)], &all);
    match at {
        KillAt::Start => {}
        KillAt::After(ms) => std::thread::sleep(Duration::from_millis(ms)),
        KillAt::Commits(n) => {
            // Each commit bumps the opstamp by at least one.
            run.wait_for(|| match (opstamp(&dir), before) {
                (Some(now), Some(b)) => now >= b + n,
                (Some(now), None) => now >= n,
                (None, _) => false,
            });
        }
    }
    run.kill();
}

/// What a killed run may leave: `dsearch query` answers (or, if no commit ever
/// happened, says there is no index), every listed document is a corpus file, none is
/// listed twice. Returns the listed documents.
#[track_caller]
fn assert_answers(env: &Env, corpus: &BTreeSet<String>) -> BTreeSet<String> {
    if opstamp(&index_dir(env)).is_none() {
        // Killed before tantivy's meta.json existed: there is no index yet.
        let out = env.dsearch(["query", "commonword"]);
        out.assert_code(2);
        assert_eq!(
            out.stderr, "dsearch: no index found (run `dsearch index`)\n",
            "killed before the first commit"
        );
        return BTreeSet::new();
    }
    let docs = listed(env);
    let stray: Vec<&String> = docs.difference(corpus).collect();
    assert!(stray.is_empty(), "documents of no corpus file: {stray:?}");
    docs
}

/// Whether a search says the last `dsearch index` run has not finished.
#[track_caller]
fn says_unfinished(env: &Env) -> bool {
    let out = env.dsearch(["query", "-n", "0", COMMON]);
    out.assert_code(0);
    out.stderr.contains(&unfinished_line())
}

/// Unique tokens of a sample of files each find exactly their file.
#[track_caller]
fn assert_unique_tokens(env: &Env, files: impl Iterator<Item = (String, String)>) {
    for (tok, path) in files {
        let (hits, out) = env.query_json(&[tok.as_str()]);
        out.assert_code(0);
        let paths: Vec<&str> = hits.iter().map(hit_path).collect();
        assert_eq!(paths, [path.as_str()], "token {tok}");
    }
}

#[test]
fn first_run_killed_at_several_points_then_finished() {
    let env = Env::new();
    let corpus: BTreeSet<String> = write_corpus(&env, "docs", 0..N).into_iter().collect();
    let points = [
        KillAt::Start,
        KillAt::After(1),
        KillAt::Commits(1),
        KillAt::After(100),
        KillAt::Commits(3),
        KillAt::After(300),
    ];
    let mut last = BTreeSet::new();
    for at in points {
        index_and_kill(&env, &["docs"], at);
        let now = assert_answers(&env, &corpus);
        eprintln!("killed at {at:?}: {} documents", now.len());
        // Only additions: a later commit never holds fewer documents.
        assert!(
            now.is_superset(&last),
            "after {at:?}: documents were lost: {:?}",
            last.difference(&now).take(5).collect::<Vec<_>>()
        );
        if let KillAt::Commits(_) = at {
            assert!(!now.is_empty(), "after {at:?}: a commit was seen");
            // A commit of the run, which did not get to its end: searches say so.
            if now.len() < N {
                assert!(says_unfinished(&env), "after {at:?}");
            }
        }
        last = now;
    }
    // The next run adds exactly what the last commit lacks.
    let s = index_ok(&env, &["docs"]);
    assert_eq!(
        (
            s.added,
            s.unchanged,
            s.updated,
            s.removed,
            s.skipped,
            s.documents
        ),
        (
            (N - last.len()) as u64,
            last.len() as u64,
            0,
            0,
            0,
            N as u64
        ),
        "the run after the kills"
    );
    assert_eq!(listed(&env), corpus);
    assert!(!says_unfinished(&env), "the run after the kills finished");
    assert_unique_tokens(
        &env,
        (0..N)
            .step_by(97)
            .map(|i| (token("zq", i), corpus_file("docs", i))),
    );
    // And it is all done: one more run changes nothing.
    let s = index_ok(&env, &["docs"]);
    assert_eq!((s.unchanged, s.documents), (N as u64, N as u64));
}

/// The second run of the corpus, with files deleted, changed and added, is killed
/// before and after its first commit; deletions are never undone and a changed file
/// has its old text or its new text, never both or neither.
#[test]
fn update_killed_keeps_deletions_and_never_duplicates() {
    let env = Env::new();
    let mut corpus: BTreeSet<String> = write_corpus(&env, "docs", 0..N).into_iter().collect();
    index_ok(&env, &["docs"]);

    let deleted: Vec<usize> = (0..N).step_by(10).collect();
    let changed: Vec<usize> = (5..N).step_by(10).collect();
    let added = N..N + 200;
    for &i in &deleted {
        let rel = corpus_file("docs", i);
        std::fs::remove_file(env.path().join(&rel)).expect("delete");
        corpus.remove(&rel);
    }
    for &i in &changed {
        env.write(&corpus_file("docs", i), corpus_text(i, &token("zr", i)));
    }
    corpus.extend(write_corpus(&env, "docs", added.clone()));
    let expected = N - deleted.len() + added.len();

    // Killed at once: the last commit is the first run's, or one of this run's.
    index_and_kill(&env, &["docs"], KillAt::Start);
    let docs = listed(&env);
    let gone = deleted
        .iter()
        .filter(|&&i| !docs.contains(&corpus_file("docs", i)))
        .count();
    assert!(
        gone == 0 || gone == deleted.len(),
        "deletions are committed together (by the first commit of the run): {gone} of {}",
        deleted.len()
    );
    assert_answers_changed(&env, &changed);

    // Killed after a commit of this run: every deletion is in it.
    index_and_kill(&env, &["docs"], KillAt::Commits(1));
    let docs = listed(&env);
    for &i in &deleted {
        assert!(
            !docs.contains(&corpus_file("docs", i)),
            "deleted file {i} is back"
        );
    }
    assert_answers_changed(&env, &changed);

    // The next run finishes the job; nothing is left to remove.
    let s = index_ok(&env, &["docs"]);
    assert_eq!(
        (s.removed, s.skipped, s.documents),
        (0, 0, expected as u64),
        "{s:?}"
    );
    assert_eq!(listed(&env), corpus);
    for &i in changed.iter().step_by(20) {
        assert_eq!(count(&env, &token("zq", i)), 0, "old text of {i}");
        assert_unique_tokens(&env, [(token("zr", i), corpus_file("docs", i))].into_iter());
    }
    for &i in deleted.iter().step_by(20) {
        assert_eq!(count(&env, &token("zq", i)), 0, "deleted {i}");
    }
    assert_unique_tokens(
        &env,
        added
            .step_by(23)
            .map(|i| (token("zq", i), corpus_file("docs", i))),
    );
}

/// A changed file is found by its old token or by its new one, never both or neither.
#[track_caller]
fn assert_answers_changed(env: &Env, changed: &[usize]) {
    for &i in changed.iter().step_by(25) {
        let old = count(env, &token("zq", i));
        let new = count(env, &token("zr", i));
        assert_eq!(old + new, 1, "changed file {i}: old {old}, new {new}");
    }
}

#[test]
fn rebuild_killed_then_finished_by_index_or_rebuild() {
    let env = Env::new();
    let corpus: BTreeSet<String> = write_corpus(&env, "docs", 0..N).into_iter().collect();
    index_ok(&env, &["docs"]);

    assert!(!says_unfinished(&env));

    // Killed after its first commit: whatever is listed is a corpus file, once, and
    // searches say the index is unfinished (a rebuild starts from nothing).
    index_and_kill(&env, &["--rebuild"], KillAt::Commits(1));
    if assert_answers(&env, &corpus).len() < N {
        assert!(says_unfinished(&env));
    }
    // A plain run finishes the job.
    let s = index_ok(&env, &["docs"]);
    assert_eq!((s.removed, s.documents), (0, N as u64), "{s:?}");
    assert_eq!(listed(&env), corpus);
    assert!(!says_unfinished(&env));

    // Killed again, later, then finished by another rebuild (the paths are recorded).
    index_and_kill(&env, &["--rebuild"], KillAt::Commits(4));
    assert_answers(&env, &corpus);
    let s = index_ok(&env, &["--rebuild"]);
    assert_eq!((s.added, s.documents), (N as u64, N as u64), "{s:?}");
    assert_eq!(listed(&env), corpus);
}

/// A first run stopped before it commits any document leaves an index that says it is
/// unfinished (its first commit, before any document, says so), not an empty index
/// that looks complete.
#[test]
fn first_run_stopped_before_any_document_says_unfinished() {
    let env = Env::new();
    write_corpus(&env, "docs", 0..N);
    let dir = index_dir(&env);
    // One commit of documents, at the end, which is finished: a commit marked
    // unfinished is the one before any document.
    let mut run = Running::start(&env, &[(COMMIT_EVERY, "1000000000")], &["index", "docs"]);
    assert!(
        run.wait_for(|| payload(&dir).is_some()),
        "a commit marked unfinished"
    );
    run.signal("STOP");
    // No document is committed yet (exit 1: no hit), and the run has not finished.
    let out = env.dsearch(["query", COMMON]);
    out.assert_code(1);
    assert_eq!(out.stderr, unfinished_line(), "the stopped run");
    run.kill();
    let s = index_ok(&env, &["docs"]);
    assert_eq!((s.added, s.documents), (N as u64, N as u64));
    assert!(!says_unfinished(&env), "the run after it finished");
}

/// `--rebuild` is recorded before the first commit: a first run killed after a commit
/// can be rebuilt without naming its paths again.
#[test]
fn paths_are_recorded_before_the_first_commit() {
    let env = Env::new();
    let corpus: BTreeSet<String> = write_corpus(&env, "docs", 0..N).into_iter().collect();
    index_and_kill(&env, &["docs"], KillAt::Commits(1));
    assert!(!assert_answers(&env, &corpus).is_empty());
    let s = index_ok(&env, &["--rebuild"]);
    assert_eq!(s.documents, N as u64, "{s:?}");
    assert_eq!(listed(&env), corpus);
}
