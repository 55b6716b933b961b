//! Versioned schema: an index written with another schema version (or whose files are
//! damaged) gets a clear one-line message and exit 2 from every command, and is left
//! as it was; `dsearch index --rebuild` recreates it from the recorded paths, also
//! after being killed half-way.

use std::collections::BTreeSet;
use std::fs;

use crate::reliability::{
    index_dir, index_ok, listed, segments, snapshot, unfinished_line, write_corpus, Running,
    COMMIT_EVERY,
};
use crate::util::Env;

const N: usize = 300;

/// An indexed corpus of `N` files in `docs/`.
fn indexed() -> (Env, BTreeSet<String>) {
    let env = Env::new();
    let corpus: BTreeSet<String> = write_corpus(&env, "docs", 0..N).into_iter().collect();
    let s = index_ok(&env, &["docs"]);
    assert_eq!(s.documents, N as u64);
    (env, corpus)
}

fn set_schema_version(env: &Env, version: u32) {
    let path = index_dir(env).join("dsearch.json");
    let mut meta: serde_json::Value =
        serde_json::from_slice(&fs::read(&path).expect("read dsearch.json")).expect("json");
    meta["schema_version"] = version.into();
    fs::write(&path, serde_json::to_vec(&meta).expect("json")).expect("write dsearch.json");
}

fn recorded(env: &Env) -> serde_json::Value {
    let bytes = fs::read(index_dir(env).join("dsearch.json")).expect("read dsearch.json");
    serde_json::from_slice(&bytes).expect("dsearch.json parses")
}

/// Every command but `--rebuild` refuses the index with `message` on one line, exit 2,
/// and leaves it untouched.
#[track_caller]
fn assert_refused(env: &Env, message: &str) {
    let dir = index_dir(env);
    let before = snapshot(&dir, &[]);
    for args in [
        &["query", "commonword"][..],
        &["query", "--json", "khoáng"][..],
        &["index", "docs"][..],
        &["index"][..],
    ] {
        let out = env.dsearch(args);
        out.assert_code(2);
        assert_eq!(out.stdout, "", "{args:?}");
        assert_eq!(out.stderr.lines().count(), 1, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.starts_with("dsearch: ") && out.stderr.contains(message),
            "{args:?}: {:?} lacks {message:?}",
            out.stderr
        );
    }
    // Lock files may be created; nothing else changes.
    let after: Vec<_> = snapshot(&dir, &[])
        .into_iter()
        .filter(|(p, _)| !p.to_string_lossy().ends_with(".lock"))
        .collect();
    let before: Vec<_> = before
        .into_iter()
        .filter(|(p, _)| !p.to_string_lossy().ends_with(".lock"))
        .collect();
    assert_eq!(before, after, "the refused index was changed");
}

/// `dsearch index --rebuild` (no paths) recreates the index from the recorded paths.
#[track_caller]
fn assert_rebuilt(env: &Env, corpus: &BTreeSet<String>) {
    let s = index_ok(env, &["--rebuild"]);
    assert_eq!((s.added, s.documents), (N as u64, N as u64), "{s:?}");
    assert_eq!(&listed(env), corpus);
    let meta = recorded(env);
    assert_eq!(meta["schema_version"], dsearch::index::SCHEMA_VERSION);
    assert_eq!(meta["paths"], serde_json::json!(["docs"]));
    let s = index_ok(env, &["docs"]);
    assert_eq!(s.unchanged, N as u64, "{s:?}");
}

#[test]
fn newer_schema_version_is_refused_then_rebuilt() {
    let (env, corpus) = indexed();
    set_schema_version(&env, 999);
    let message = format!(
        "index {} has schema version 999, this dsearch reads version {} (run `dsearch index --rebuild`)",
        index_dir(&env).display(),
        dsearch::index::SCHEMA_VERSION
    );
    assert_refused(&env, &message);
    assert_rebuilt(&env, &corpus);
}

#[test]
fn older_schema_version_is_refused_then_rebuilt() {
    let (env, corpus) = indexed();
    set_schema_version(&env, 0);
    assert_refused(
        &env,
        &format!(
            "has schema version 0, this dsearch reads version {}",
            dsearch::index::SCHEMA_VERSION
        ),
    );
    assert_rebuilt(&env, &corpus);
}

/// An index from before `dsearch.json` existed: version 0, and no recorded paths, so
/// `--rebuild` needs them.
#[test]
fn index_without_dsearch_json_needs_its_paths_to_rebuild() {
    let (env, corpus) = indexed();
    fs::remove_file(index_dir(&env).join("dsearch.json")).expect("rm dsearch.json");
    assert_refused(&env, "has schema version 0");
    let out = env.dsearch(["index", "--rebuild"]);
    out.assert_code(2);
    assert_eq!(
        out.stderr,
        "dsearch: nothing to rebuild: .dsearch records no indexed paths (give them: dsearch index --rebuild PATH...)\n"
    );
    let s = index_ok(&env, &["--rebuild", "docs"]);
    assert_eq!(s.documents, N as u64);
    assert_eq!(listed(&env), corpus);
}

/// tantivy's schema in `meta.json` differs from this dsearch's (a field is missing).
#[test]
fn changed_tantivy_schema_is_refused_then_rebuilt() {
    let (env, corpus) = indexed();
    let path = index_dir(&env).join("meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_slice(&fs::read(&path).expect("read")).expect("json");
    meta["schema"]
        .as_array_mut()
        .expect("schema is an array")
        .pop();
    fs::write(&path, serde_json::to_vec(&meta).expect("json")).expect("write");
    assert_refused(&env, "(run `dsearch index --rebuild`)");
    assert_rebuilt(&env, &corpus);
}

/// Damaged files: a garbled `meta.json` or `dsearch.json` is reported on one line
/// naming the file; `--rebuild` recreates the index (with the paths, when the garbled
/// file was the one recording them), and leaves files it did not write alone.
#[test]
fn damaged_index_files_are_reported_then_rebuilt() {
    let (env, corpus) = indexed();
    let dir = index_dir(&env);
    fs::write(dir.join("notes.txt"), "not dsearch's").expect("write");
    fs::write(dir.join("meta.json"), "garbage").expect("write");
    assert_refused(&env, "meta.json");
    assert_rebuilt(&env, &corpus);
    assert_eq!(
        fs::read_to_string(dir.join("notes.txt")).expect("kept"),
        "not dsearch's"
    );

    fs::write(dir.join("dsearch.json"), "{\"schema_version\": \"x\"}").expect("write");
    assert_refused(&env, "dsearch.json");
    // Said once, not once per link of the error chain.
    let out = env.dsearch(["query", "commonword"]);
    assert_eq!(
        out.stderr,
        format!(
            "dsearch: the index is damaged or unreadable (run `dsearch index --rebuild`): {}: invalid type: string \"x\", expected u32 at line 1 column 22\n",
            dir.join("dsearch.json").display()
        )
    );
    let out = env.dsearch(["index", "--rebuild"]);
    out.assert_code(2);
    assert!(out.stderr.contains("nothing to rebuild"), "{}", out.stderr);
    let s = index_ok(&env, &["--rebuild", "docs"]);
    assert_eq!(s.documents, N as u64);
    assert_eq!(listed(&env), corpus);

    // A segment file cut short (its footer does not check, or the positions a field
    // needs are gone, or it is left empty, too short for its footer): refused when the
    // index is opened, with the way out, not by each search.
    for (ext, keep) in [("term", 2), ("pos", 0), ("idx", 0)] {
        let file = fs::read_dir(&dir)
            .expect("index dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|x| x == ext))
            .expect("a segment file");
        let bytes = fs::read(&file).expect("read");
        let len = bytes.len().checked_div(keep).unwrap_or(0);
        fs::write(&file, &bytes[..len]).expect("truncate");
        assert_refused(
            &env,
            "damaged or unreadable (run `dsearch index --rebuild`)",
        );
        assert_rebuilt(&env, &corpus);
    }
}

/// A rebuild across a schema change killed at several points: the next `--rebuild`
/// still knows the paths and finishes.
#[test]
fn schema_rebuild_killed_then_run_again() {
    let (env, corpus) = indexed();
    let dir = index_dir(&env);
    for at_commit in [false, true] {
        set_schema_version(&env, 999);
        let mut run = Running::start(&env, &[(COMMIT_EVERY, "8192")], &["index", "--rebuild"]);
        if at_commit {
            // A commit of the new index: segments, none of them the old index's.
            let old = segments(&dir).expect("an index");
            run.wait_for(|| segments(&dir).is_some_and(|s| !s.is_empty() && s.is_disjoint(&old)));
        }
        run.kill();
        // Whatever state the kill left, the recorded paths survive it.
        let meta = recorded(&env);
        assert_eq!(meta["paths"], serde_json::json!(["docs"]), "{meta}");
        let out = env.dsearch(["query", "--json", "commonword"]);
        assert!(matches!(out.code, Some(0..=2)), "{out:?}");
        // Refused (no index, or the old one: one line), or answered from a commit of
        // the rebuild, which says it did not finish.
        let unfinished = unfinished_line();
        match out.code {
            Some(2) => assert_eq!(out.stderr.lines().count(), 1, "{out:?}"),
            _ if at_commit => assert_eq!(out.stderr, unfinished),
            _ => assert!(out.stderr.is_empty() || out.stderr == unfinished, "{out:?}"),
        }
        assert_rebuilt(&env, &corpus);
    }
}
