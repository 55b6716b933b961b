//! `dsearch index`: the summary line and incremental re-indexing (added, updated,
//! removed, unchanged), what the walk skips.

use std::fs;
use std::time::{Duration, SystemTime};

use crate::util::{file_name, hit_path, Env, VI_003, ZH_004};

/// Sets the modification time of `path` `secs` seconds into the future.
fn set_mtime_ahead(path: &std::path::Path, secs: u64) {
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(SystemTime::now() + Duration::from_secs(secs))
        .unwrap();
}

#[test]
fn first_index_adds_every_corpus_file() {
    let env = Env::with_corpus();
    let out = env.dsearch(["index", "corpus"]);
    out.assert_code(0);
    assert!(
        out.stdout
            .starts_with("added 5, updated 0, removed 0, unchanged 0, skipped 0 in "),
        "{}",
        out.stdout
    );
    assert!(out.stdout.ends_with(" s (5 documents)\n"), "{}", out.stdout);
    assert_eq!(out.stderr, "", "no warnings for the corpus");
    assert!(
        env.path().join(".dsearch").is_dir(),
        "the index lives in .dsearch of the cwd"
    );
}

#[test]
fn index_without_paths_indexes_the_current_directory() {
    let env = Env::with_corpus();
    let out = env.dsearch(["index"]);
    out.assert_code(0);
    let s = out.summary();
    assert_eq!((s.added, s.documents), (5, 5), "{}", out.stdout);
}

#[test]
fn second_index_reports_everything_unchanged() {
    let env = Env::with_corpus();
    env.index_corpus();
    let out = env.dsearch(["index", "corpus"]);
    out.assert_code(0);
    assert!(
        out.stdout
            .starts_with("added 0, updated 0, removed 0, unchanged 5, skipped 0 in "),
        "{}",
        out.stdout
    );
    assert_eq!(out.summary().documents, 5);
}

#[test]
fn changed_file_is_updated_and_its_new_text_found() {
    let env = Env::with_corpus();
    env.index_corpus();
    let path = env.path().join("corpus").join(VI_003);
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("\nTừ mới zyxwvutsrq được thêm vào.\n");
    fs::write(&path, text).unwrap();

    let out = env.dsearch(["index", "corpus"]);
    out.assert_code(0);
    out.assert_changes((0, 1, 0, 4, 5));
    let (hits, out) = env.query_json(&["zyxwvutsrq"]);
    out.assert_code(0);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(file_name(&hits[0]), VI_003);
}

#[test]
fn same_size_new_content_is_updated() {
    let env = Env::with_corpus();
    env.write("notes/a.txt", "Ghi chú\nquokka một");
    env.dsearch(["index", "notes"]).assert_code(0);
    let path = env.write("notes/a.txt", "Ghi chú\nwombat một");
    // A different mtime, whatever the file system's clock resolution.
    set_mtime_ahead(&path, 10);

    let s = env.dsearch(["index", "notes"]).summary();
    assert_eq!((s.updated, s.unchanged, s.documents), (1, 0, 1), "{s:?}");
    env.dsearch(["query", "wombat"]).assert_code(0);
    env.dsearch(["query", "quokka"]).assert_code(1);
}

#[test]
fn touched_file_is_not_updated() {
    let env = Env::with_corpus();
    env.index_corpus();
    let path = env.path().join("corpus").join(VI_003);
    set_mtime_ahead(&path, 60);

    let out = env.dsearch(["index", "corpus"]);
    out.assert_code(0);
    out.assert_changes((0, 0, 0, 5, 5));
    // And the touch is remembered: the next run is also quiet.
    let s = env.dsearch(["index", "corpus"]).summary();
    assert_eq!((s.updated, s.unchanged), (0, 5), "{s:?}");
}

#[test]
fn deleted_file_is_removed_and_no_longer_found() {
    let env = Env::with_corpus();
    env.index_corpus();
    let (before, _) = env.query_json(&["--limit", "100", "中国"]);
    assert!(
        before.iter().any(|h| file_name(h) == ZH_004),
        "004 should match 中国 before deletion: {before:?}"
    );
    fs::remove_file(env.path().join("corpus").join(ZH_004)).unwrap();

    let out = env.dsearch(["index", "corpus"]);
    out.assert_code(0);
    out.assert_changes((0, 0, 1, 4, 4));
    for q in ["中国", "西安", "秦刚"] {
        let (hits, _) = env.query_json(&["--limit", "100", q]);
        assert!(
            hits.iter().all(|h| file_name(h) != ZH_004),
            "deleted 004 still found by {q}: {hits:?}"
        );
    }
}

#[test]
fn deleted_file_is_removed_when_the_root_itself_was_indexed() {
    // `dsearch index` with no path indexes the current directory, the index's root.
    let env = Env::with_corpus();
    let s = env.dsearch(["index"]).summary();
    assert_eq!((s.added, s.documents), (5, 5), "{s:?}");
    fs::remove_file(env.path().join("corpus").join(ZH_004)).unwrap();

    let out = env.dsearch(["index"]);
    out.assert_code(0);
    out.assert_changes((0, 0, 1, 4, 4));
    let (hits, _) = env.query_json(&["--limit", "100", "西安"]);
    assert!(
        hits.iter().all(|h| file_name(h) != ZH_004),
        "deleted 004 still found: {hits:?}"
    );
}

#[test]
fn a_path_that_is_gone_loses_its_documents_and_is_no_longer_rebuilt_from() {
    let env = Env::new();
    env.write("a/1.txt", "A\nvăn bản quokka");
    env.write("b/1.txt", "B\ntài liệu wombat");
    env.write("b/2.txt", "B2\ntài liệu wombat hai");
    env.write("c.txt", "C\nnumbat");
    env.dsearch(["index", "a", "b", "c.txt"]).assert_code(0);
    fs::remove_dir_all(env.path().join("b")).unwrap();
    fs::remove_file(env.path().join("c.txt")).unwrap();

    // Named again, the folder and the file that are gone take their documents along.
    let out = env.dsearch(["index", "a", "b", "c.txt"]);
    out.assert_code(0);
    out.assert_changes((0, 0, 3, 1, 1));
    assert!(
        out.stderr
            .contains("b: no such file or directory; the documents of its 2 files are removed")
            && out.stderr.contains(
                "c.txt: no such file or directory; the documents of its 1 file are removed"
            ),
        "{}",
        out.stderr
    );
    env.dsearch(["query", "wombat"]).assert_code(1);
    env.dsearch(["query", "numbat"]).assert_code(1);
    // A path the index never held is still an error.
    let out = env.dsearch(["index", "never"]);
    out.assert_code(2);
    assert!(
        out.stderr.contains("never: no such file or directory"),
        "{}",
        out.stderr
    );
    // They are no longer recorded: a rebuild reads what is there.
    let out = env.dsearch(["index", "--rebuild"]);
    out.assert_code(0);
    out.assert_changes((1, 0, 0, 0, 1));
}

#[test]
fn a_rebuild_forgets_a_recorded_path_that_is_gone() {
    let env = Env::new();
    env.write("a/1.txt", "A\nquokka");
    env.write("b/1.txt", "B\nwombat");
    env.dsearch(["index", "a", "b"]).assert_code(0);
    fs::remove_dir_all(env.path().join("b")).unwrap();
    let out = env.dsearch(["index", "--rebuild"]);
    out.assert_code(0);
    out.assert_changes((1, 0, 0, 0, 1));
    assert!(
        out.stderr
            .contains("b: no such file or directory; the index no longer rebuilds from it"),
        "{}",
        out.stderr
    );
    // Said once: the next rebuild is quiet.
    let out = env.dsearch(["index", "--rebuild"]);
    out.assert_code(0);
    assert_eq!(out.stderr, "", "{}", out.stderr);
    env.dsearch(["query", "wombat"]).assert_code(1);
}

#[test]
fn indexing_the_root_keeps_files_from_outside_it() {
    let env = Env::new();
    env.write("site/a.txt", "Trang\nkhoáng sản");
    env.write("other/b.txt", "Khác\nquokka");
    let s = env.dsearch_in("site", ["index", ".", "../other"]).summary();
    assert_eq!((s.added, s.documents), (2, 2), "{s:?}");
    let s = env.dsearch_in("site", ["index"]).summary();
    assert_eq!((s.removed, s.unchanged, s.documents), (0, 1, 2), "{s:?}");
}

#[test]
fn new_file_is_added() {
    let env = Env::with_corpus();
    env.index_corpus();
    env.write(
        "corpus/005_new.txt",
        "Bài mới\nHợp tác năng lượng zyxnewword.",
    );
    let out = env.dsearch(["index", "corpus"]);
    out.assert_code(0);
    out.assert_changes((1, 0, 0, 5, 6));
    let (hits, _) = env.query_json(&["zyxnewword"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(file_name(&hits[0]), "005_new.txt");
}

#[test]
fn indexing_another_path_keeps_the_first() {
    let env = Env::with_corpus();
    env.index_corpus();
    env.write("other/x.txt", "Khác\nquokka");
    let s = env.dsearch(["index", "other"]).summary();
    assert_eq!((s.added, s.removed, s.documents), (1, 0, 6), "{s:?}");
    let (hits, _) = env.query_json(&["khoáng", "sản", "xanh"]);
    assert!(
        hits.len() >= 2,
        "corpus documents must survive indexing another path: {hits:?}"
    );
}

#[test]
fn a_folder_without_a_file_dsearch_reads_exits_2_and_leaves_no_index() {
    let env = Env::new();
    env.write("pdf/a.pdf", "%PDF-1.4");
    env.write("pdf/b.docx", "PK");
    let out = env.dsearch(["index", "pdf"]);
    out.assert_code(2);
    assert!(
        out.stderr
            .contains("nothing to index: no .txt, .md, .html or .jsonl file under the given paths"),
        "{}",
        out.stderr
    );
    assert!(!env.path().join(".dsearch").exists());
    // Beside a folder that has one, it is no error.
    env.write("notes/a.txt", "A\nquokka");
    env.dsearch(["index", "pdf", "notes"]).assert_code(0);
}

#[test]
fn hidden_files_and_directories_are_skipped() {
    let env = Env::new();
    env.write("docs/visible.txt", "Hiện\nquokka visible");
    env.write("docs/.hidden.txt", "Ẩn\nquokka hidden file");
    env.write("docs/.secret/inner.txt", "Ẩn\nquokka hidden dir");
    let out = env.dsearch(["index", "docs"]);
    out.assert_code(0);
    let s = out.summary();
    assert_eq!((s.added, s.documents), (1, 1), "{}", out.stdout);
    let (hits, _) = env.query_json(&["quokka"]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(file_name(&hits[0]), "visible.txt");
}

/// Names from an old archive (GBK, Shift_JIS, Latin-1) are not UTF-8. Read as text,
/// two of them would be one path and one file would be lost: each is skipped, named.
#[cfg(unix)]
#[test]
fn files_whose_names_are_not_utf8_are_skipped_with_a_warning() {
    use std::os::unix::ffi::OsStrExt;
    let env = Env::new();
    env.write("docs/ok.txt", "A\nquokka utf8");
    let docs = env.path().join("docs");
    // 绿色.txt and 红色.txt in GBK: lossy decoding makes both `��ɫ.txt`.
    for (name, text) in [
        (&b"\xc2\xcc\xc9\xab.txt"[..], "B\nquokka green"),
        (&b"\xba\xec\xc9\xab.txt"[..], "C\nquokka red"),
    ] {
        std::fs::write(docs.join(std::ffi::OsStr::from_bytes(name)), text).unwrap();
    }
    let out = env.dsearch(["index", "docs"]);
    out.assert_code(0);
    let s = out.summary();
    assert_eq!(
        (s.added, s.skipped, s.documents),
        (1, 2, 1),
        "{}",
        out.stdout
    );
    let warned: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("not valid UTF-8 (rename it to index it), skipped"))
        .collect();
    assert_eq!(warned.len(), 2, "{}", out.stderr);
}

#[test]
fn unknown_extensions_are_not_indexed() {
    let env = Env::new();
    env.write("docs/a.txt", "A\nquokka");
    env.write("docs/b.rs", "// quokka");
    env.write("docs/c", "quokka");
    let s = env.dsearch(["index", "docs"]).summary();
    assert_eq!((s.added, s.skipped, s.documents), (1, 0, 1), "{s:?}");
}

#[test]
fn a_folder_indexed_in_place_and_copied_rebuilds_from_its_copy() {
    let env = Env::new();
    env.write("a/notes.txt", "Ghi chú\nquokka");
    env.dsearch_in("a", ["index"]).assert_code(0);
    let meta = fs::read_to_string(env.path().join("a/.dsearch/dsearch.json")).unwrap();
    let meta: serde_json::Value = serde_json::from_str(&meta).unwrap();
    assert_eq!(meta["paths"], serde_json::json!(["."]), "{meta}");
    // An index made before recorded the root's absolute path: `.` replaces it.
    let meta_path = env.path().join("a/.dsearch/dsearch.json");
    let mut old: serde_json::Value = meta.clone();
    old["paths"] = serde_json::json!([env.path().join("a").to_string_lossy()]);
    fs::write(&meta_path, old.to_string()).unwrap();
    env.dsearch_in("a", ["index"]).assert_code(0);
    let meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&meta_path).unwrap()).unwrap();
    assert_eq!(meta["paths"], serde_json::json!(["."]), "{meta}");
    copy_tree(&env.path().join("a"), &env.path().join("b"));
    env.write("b/more.txt", "Thêm\nquokka");
    let out = env.dsearch_in("b", ["index", "--rebuild"]);
    out.assert_code(0);
    out.assert_changes((2, 0, 0, 0, 2));
    let out = env.dsearch_in("b", ["query", "--json", "quokka"]);
    let mut paths: Vec<String> = out.hits().iter().map(|h| hit_path(h).to_string()).collect();
    paths.sort();
    assert_eq!(paths, ["more.txt", "notes.txt"], "not a/notes.txt too");
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &to.join(e.file_name()));
        } else {
            fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn rebuild_reindexes_every_path_indexed_before() {
    let env = Env::with_corpus();
    env.index_corpus();
    env.write("other/x.txt", "Khác\nquokka");
    env.dsearch(["index", "other"]).assert_code(0);
    let out = env.dsearch(["index", "--rebuild"]);
    out.assert_code(0);
    out.assert_changes((6, 0, 0, 0, 6));
    env.dsearch(["query", "quokka"]).assert_code(0);
    let (hits, _) = env.query_json(&["khoáng sản xanh"]);
    assert!(hits.len() >= 2);
    // And afterwards the index is up to date.
    env.dsearch(["index", "corpus", "other"])
        .assert_changes((0, 0, 0, 6, 6));
}

/// A path that holds the index's folder (`dsearch index ..` from the folder that holds
/// `.dsearch`): the files under the index root are recorded by relative keys, and a
/// deleted one must lose its documents like any other.
#[test]
fn a_deleted_file_is_removed_when_a_path_above_the_index_root_was_indexed() {
    let env = Env::new();
    env.write("site/a.txt", "Trang\nquokka");
    env.write("other/b.txt", "Khác\nwombat");
    let s = env.dsearch_in("site", ["index", ".."]).summary();
    assert_eq!((s.added, s.documents), (2, 2), "{s:?}");
    fs::remove_file(env.path().join("site/a.txt")).unwrap();

    let out = env.dsearch_in("site", ["index", ".."]);
    out.assert_code(0);
    out.assert_changes((0, 0, 1, 1, 1));
    env.dsearch_in("site", ["query", "quokka"]).assert_code(1);
}

/// The same folder given by its path and by a path through a symbolic link to the
/// index root (`cd ~/link-to-project; dsearch index "$PWD/docs"`): one file, one
/// document.
#[cfg(unix)]
#[test]
fn a_path_through_a_symbolic_link_to_the_root_names_the_same_files() {
    let env = Env::new();
    env.write("docs/a.txt", "Trang\nquokka");
    let elsewhere = tempfile::tempdir().unwrap();
    let alias = elsewhere.path().join("alias");
    std::os::unix::fs::symlink(env.path(), &alias).unwrap();
    env.dsearch(["index", "docs"]).assert_code(0);

    let out = env.dsearch(["index", alias.join("docs").to_str().unwrap()]);
    out.assert_code(0);
    out.assert_changes((0, 0, 0, 1, 1));
    // And the index named through the link, the folder by its real path.
    let index = alias.join(".dsearch");
    let out = env.dsearch(["--index", index.to_str().unwrap(), "index", "docs"]);
    out.assert_code(0);
    out.assert_changes((0, 0, 0, 1, 1));
    let (hits, _) = env.query_json(&["quokka"]);
    assert_eq!(hits.len(), 1, "{hits:?}");
}

/// A folder whose name is not UTF-8 has no file dsearch reads; indexing it must not
/// touch the folder its name reads as (`\xff` reads as `�`, and a folder may be named
/// `�`).
#[cfg(unix)]
#[test]
fn a_folder_whose_name_is_not_utf8_leaves_the_folder_it_reads_as() {
    use std::os::unix::ffi::OsStrExt;
    let env = Env::new();
    env.write("\u{fffd}/a.txt", "Trang\nquokka");
    let raw = std::ffi::OsStr::from_bytes(b"\xff");
    fs::create_dir(env.path().join(raw)).unwrap();
    fs::write(env.path().join(raw).join("b.txt"), "Khác\nwombat").unwrap();
    env.dsearch(["index", "\u{fffd}"]).assert_code(0);

    let out = env.dsearch([std::ffi::OsStr::new("index"), raw]);
    assert_eq!(out.summary().removed, 0, "{}", out.stdout);
    env.dsearch(["query", "quokka"]).assert_code(0);
    // And nothing is recorded for it: a rebuild does not call it gone.
    let out = env.dsearch(["index", "--rebuild"]);
    assert!(
        !out.stderr.contains("no such file or directory"),
        "{}",
        out.stderr
    );
}
