//! Bad input, one test each: every one ends with a clear message (a warning naming the
//! file, or none when there is nothing to say), the right exit code, no panic, and an
//! intact index: the documents indexed before are all still found, once, and a second
//! run changes nothing.

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::{symlink, MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use dsearch::{Index, Progress, UpdateOptions};

use crate::reliability::{
    count, index_dir, index_ok, listed, token, write_corpus, Rng, COMMIT_EVERY, COMMON,
};
use crate::util::{hit_path, run, Env, Output};

/// Files indexed before the bad input arrives.
const SENTINELS: usize = 5;

/// An environment whose `docs/ok/` holds indexed sentinel files.
pub(crate) fn with_sentinels() -> (Env, BTreeSet<String>) {
    let env = Env::new();
    let docs: BTreeSet<String> = write_corpus(&env, "docs/ok", 0..SENTINELS)
        .into_iter()
        .collect();
    let s = index_ok(&env, &["docs"]);
    assert_eq!(s.documents, SENTINELS as u64);
    (env, docs)
}

/// The sentinels are each found once, by their own token and by the common word.
#[track_caller]
pub(crate) fn assert_intact(env: &Env, sentinels: &BTreeSet<String>) {
    let all = listed(env);
    assert!(all.is_superset(sentinels), "sentinels lost: {all:?}");
    for i in 0..SENTINELS {
        assert_eq!(count(env, &token("zq", i)), 1, "sentinel {i}");
    }
}

/// `dsearch index docs`, exit 0, and the warnings (each one line, naming a file).
#[track_caller]
pub(crate) fn index_warnings(env: &Env, args: &[&str]) -> (Output, Vec<String>) {
    let mut all = vec!["index"];
    all.extend_from_slice(args);
    all.push("docs");
    let out = env.dsearch(&all);
    out.assert_code(0);
    let warnings: Vec<String> = out.stderr.lines().map(str::to_string).collect();
    for w in &warnings {
        assert!(w.starts_with("dsearch: warning: "), "not a warning: {w:?}");
    }
    (out, warnings)
}

/// A second `dsearch index docs` re-reads nothing that was indexed.
#[track_caller]
pub(crate) fn assert_stable(env: &Env) {
    let out = env.dsearch(["index", "docs"]);
    out.assert_code(0);
    let s = out.summary();
    assert_eq!((s.added, s.updated, s.removed), (0, 0, 0), "{s:?}");
}

#[test]
fn binary_files_are_skipped_with_a_warning() {
    let (env, sentinels) = with_sentinels();
    let mut rng = Rng::new(7);
    let noise: Vec<u8> = (0..20_000).map(|_| rng.next_u64() as u8).collect();
    env.write("docs/noise.txt", &noise);
    env.write("docs/elf.md", b"\x7fELF\x02\x01\x01\0\0\0\0\0zqelf");
    env.write("docs/png.html", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR zqpng");
    let (out, warnings) = index_warnings(&env, &[]);
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    for name in ["noise.txt", "elf.md", "png.html"] {
        assert!(
            warnings
                .iter()
                .any(|w| w.contains(name) && w.ends_with("binary file (NUL bytes), skipped")),
            "{name}: {warnings:?}"
        );
    }
    assert_eq!(out.summary().skipped, 3);
    assert_eq!(count(&env, "zqelf") + count(&env, "zqpng"), 0);
    assert_intact(&env, &sentinels);
}

#[test]
fn invalid_utf8_is_decoded_with_a_warning() {
    let (env, sentinels) = with_sentinels();
    // Latin-1, a lone continuation byte, an overlong '/', a truncated sequence at the end:
    // not UTF-8, so its encoding is guessed (see extract::encoding).
    env.write(
        "docs/bad.txt",
        b"Ti\xeau \x80 \xc0\xaf\nzqlossy caf\xe9 \xe1\xbb",
    );
    let (out, warnings) = index_warnings(&env, &[]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let prefix = format!(
        "dsearch: warning: {}: not UTF-8, decoded as ",
        env.path().join("docs/bad.txt").display()
    );
    assert!(
        warnings[0].starts_with(&prefix) && warnings[0].ends_with(" (guessed)"),
        "{warnings:?}"
    );
    assert_eq!(out.summary().added, 1);
    assert_eq!(count(&env, "zqlossy"), 1);
    assert_intact(&env, &sentinels);
}

/// The default `--max-file-size` is 50 MB: a (sparse) file one byte over it is skipped
/// with a warning and never read; a file that grows over the limit loses its documents.
#[test]
fn files_over_the_size_limit_are_skipped_with_a_warning() {
    let (env, sentinels) = with_sentinels();
    let big = env.path().join("docs/big.txt");
    let f = fs::File::create(&big).expect("create");
    f.set_len((50 << 20) + 1).expect("set_len");
    drop(f);
    let (out, warnings) = index_warnings(&env, &[]);
    assert_eq!(
        warnings,
        [format!(
            "dsearch: warning: {}: larger than --max-file-size (52428801 > 52428800 bytes), skipped",
            big.display()
        )]
    );
    assert_eq!(out.summary().skipped, 1);

    // Indexed while small, then over a lower limit: its documents go, with a warning.
    fs::remove_file(&big).expect("rm");
    env.write("docs/grows.txt", "Lớn dần\nzqgrows");
    index_ok(&env, &["docs"]);
    assert_eq!(count(&env, "zqgrows"), 1);
    env.write(
        "docs/grows.txt",
        format!("Lớn dần\nzqgrows {}", "x ".repeat(1000)),
    );
    let (out, warnings) = index_warnings(&env, &["--max-file-size", "1K"]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("grows.txt") && warnings[0].contains("--max-file-size"));
    assert_eq!(out.summary().skipped, 1);
    assert_eq!(count(&env, "zqgrows"), 0);
    assert_intact(&env, &sentinels);
}

/// One 10 MB line of words without a line break, and 10 MB without a space.
#[test]
fn ten_megabyte_lines_are_indexed() {
    let (env, sentinels) = with_sentinels();
    let words = ["khoáng", "sản", "xanh", "hợp", "tác", "lorem", "ipsum"];
    let mut rng = Rng::new(3);
    let mut line = String::from("zqfirst ");
    while line.len() < 10 << 20 {
        line.push_str(words[rng.below(words.len())]);
        line.push(' ');
    }
    line.push_str("zqlast");
    env.write("docs/long.txt", &line);
    env.write("docs/nospace.txt", "x".repeat(10 << 20) + " zqnospace");
    let (out, warnings) = index_warnings(&env, &[]);
    assert_eq!(warnings, Vec::<String>::new());
    assert_eq!(out.summary().added, 2);
    for word in ["zqfirst", "zqlast", "zqnospace"] {
        let (hits, q) = env.query_json(&[word]);
        q.assert_code(0);
        assert_eq!(hits.len(), 1, "{word}");
        assert!(
            hits[0].snippet.contains(word),
            "{word}: {:?}",
            hits[0].snippet
        );
        assert!(hits[0].snippet.len() < 2000, "a snippet, not the line");
    }
    assert_intact(&env, &sentinels);
    assert_stable(&env);
}

#[test]
fn deep_directory_trees_are_walked() {
    let (env, sentinels) = with_sentinels();
    let mut rel = String::from("docs/deep");
    for _ in 0..1000 {
        rel.push_str("/d");
    }
    let mut path = env.path().to_path_buf();
    for part in rel.split('/') {
        path.push(part);
        if !path.exists() {
            fs::create_dir(&path).expect("mkdir");
        }
    }
    env.write(&format!("{rel}/bottom.txt"), "Đáy\nzqbottom");
    let (out, warnings) = index_warnings(&env, &[]);
    assert_eq!(warnings, Vec::<String>::new());
    assert_eq!(out.summary().added, 1);
    let (hits, _) = env.query_json(&["zqbottom"]);
    assert_eq!(hits.len(), 1);
    assert!(
        hit_path(&hits[0]).ends_with("/d/d/bottom.txt"),
        "{}",
        hit_path(&hits[0])
    );
    assert_intact(&env, &sentinels);
    assert_stable(&env);
}

/// Loops through a directory, two links to each other, a link to itself: skipped
/// silently without `--follow`, one warning each with it.
#[test]
fn symlink_loops_end_with_warnings() {
    let (env, sentinels) = with_sentinels();
    let docs = env.path().join("docs");
    symlink(".", docs.join("loop")).expect("symlink");
    symlink("..", docs.join("ok/up")).expect("symlink");
    symlink("b.txt", docs.join("a.txt")).expect("symlink");
    symlink("a.txt", docs.join("b.txt")).expect("symlink");
    symlink("self.txt", docs.join("self.txt")).expect("symlink");
    let (_, warnings) = index_warnings(&env, &[]);
    assert_eq!(warnings, Vec::<String>::new());
    assert_intact(&env, &sentinels);

    let (_, warnings) = index_warnings(&env, &["--follow"]);
    let expect = |name: &str, what: &str| {
        assert!(
            warnings
                .iter()
                .any(|w| w.contains(name) && w.contains(what)),
            "{name}: {warnings:?}"
        );
    };
    expect("docs/loop", "symbolic link loop, skipped");
    expect("docs/ok/up", "symbolic link loop, skipped");
    for name in ["a.txt", "b.txt", "self.txt"] {
        expect(name, "symbolic links");
    }
    assert_eq!(warnings.len(), 5, "{warnings:?}");
    assert_intact(&env, &sentinels);
    assert_eq!(
        listed(&env),
        sentinels,
        "nothing indexed twice through the loops"
    );
}

/// Runs dsearch in `env` as a user whom permissions bind: as root (who reads and writes
/// everything) as `nobody`, from a copy of the binary inside the test directory (the
/// build directory may be out of `nobody`'s reach, as under `mktemp -d`), which is made
/// open to all; otherwise as the user running the tests.
fn bound_by_permissions(env: &Env) -> impl Fn(&[&str]) -> Output + '_ {
    let as_root = fs::metadata(env.path()).expect("md").uid() == 0;
    let program = if as_root {
        fs::set_permissions(env.path(), fs::Permissions::from_mode(0o777)).expect("chmod");
        let bin = env.path().join("bin");
        fs::create_dir(&bin).expect("mkdir");
        let copy = bin.join("dsearch");
        fs::copy(env!("CARGO_BIN_EXE_dsearch"), &copy).expect("copy dsearch");
        fs::set_permissions(&copy, fs::Permissions::from_mode(0o755)).expect("chmod");
        copy
    } else {
        PathBuf::from(env!("CARGO_BIN_EXE_dsearch"))
    };
    move |args: &[&str]| {
        let mut cmd = env.command_of(&program, "", args);
        if as_root {
            cmd.uid(65534).gid(65534);
        }
        run(cmd)
    }
}

/// Unreadable files and directories are warnings.
#[test]
fn permission_denied_is_a_warning() {
    let env = Env::new();
    let dsearch = bound_by_permissions(&env);
    let sentinels: BTreeSet<String> = write_corpus(&env, "docs/ok", 0..SENTINELS)
        .into_iter()
        .collect();
    env.write("docs/secret.txt", "Bí mật\nzqsecret");
    env.write("docs/locked/inside.txt", "Khóa\nzqinside");
    env.write("docs/later.txt", "Sau\nzqlater");
    let out = dsearch(&["index", "docs"]);
    out.assert_code(0);
    assert_eq!(out.summary().documents, SENTINELS as u64 + 3);

    let chmod = |rel: &str, mode| {
        fs::set_permissions(env.path().join(rel), fs::Permissions::from_mode(mode)).expect("chmod");
    };
    chmod("docs/secret.txt", 0o000);
    chmod("docs/locked", 0o000);
    env.write("docs/new-secret.txt", "Mới\nzqnewsecret");
    chmod("docs/new-secret.txt", 0o000);
    let out = dsearch(&["index", "docs"]);
    // Restore before asserting, so the directory can be removed either way.
    chmod("docs/locked", 0o755);
    chmod("docs/secret.txt", 0o644);
    out.assert_code(0);
    let warnings: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    let locked = env.path().join("docs/locked");
    assert_eq!(
        warnings[0],
        format!(
            "dsearch: warning: {}: Permission denied (os error 13)",
            locked.display()
        )
    );
    assert_eq!(
        warnings[1],
        format!(
            "dsearch: warning: {}: Permission denied (os error 13), skipped",
            env.path().join("docs/new-secret.txt").display()
        )
    );
    // secret.txt did not change, so it was not read and keeps its documents; what is
    // under the unreadable directory can no longer be seen and is dropped. The
    // directory and new-secret.txt count as skipped, a warning each.
    let s = out.summary();
    assert_eq!((s.skipped, s.removed), (2, 1), "{s:?}");
    let find = |word: &str| {
        let out = dsearch(&["query", "--json", word]);
        assert!(matches!(out.code, Some(0 | 1)), "{out:?}");
        out.hits().len()
    };
    assert_eq!(find("zqsecret"), 1);
    assert_eq!(find("zqinside"), 0);
    assert_eq!(find("zqlater"), 1);
    assert_eq!(find("zqnewsecret"), 0);
    for i in 0..SENTINELS {
        assert_eq!(find(&token("zq", i)), 1, "sentinel {i}");
    }
    let _ = sentinels;
}

/// An index its user may read but not write (a server run as another user than the one
/// that indexes): it is searched, and indexing into it fails at once with the
/// directory and the reason, leaving it as it was.
#[test]
fn an_index_that_cannot_be_written_is_read_and_refused_for_writing() {
    let (env, sentinels) = with_sentinels();
    let index = index_dir(&env);
    // The files stay readable by all; the directory is no one's to write but its owner's.
    fs::set_permissions(&index, fs::Permissions::from_mode(0o555)).expect("chmod");
    let dsearch = bound_by_permissions(&env);
    let out = dsearch(&["--index", ".dsearch", "query", "--json", &token("zq", 0)]);
    out.assert_code(0);
    assert_eq!(out.hits().len(), 1, "{out:?}");
    env.write("docs/ok/new.txt", "Mới\nzqnewdocument");
    let out = dsearch(&["--index", ".dsearch", "index", "docs"]);
    fs::set_permissions(&index, fs::Permissions::from_mode(0o755)).expect("chmod");
    out.assert_code(2);
    assert_eq!(
        out.stderr,
        format!(
            "dsearch: {}: Permission denied (os error 13)\n",
            index.display()
        )
    );
    assert_eq!(count(&env, "zqnewdocument"), 0);
    assert_eq!(sentinels.len(), SENTINELS);
    for i in 0..SENTINELS {
        assert_eq!(count(&env, &token("zq", i)), 1, "sentinel {i}");
    }
}

/// Files deleted, rewritten and emptied between the walk and their reading (held there
/// by the progress callback): the vanished ones are warnings, the others are read as
/// they are then, and the next run settles everything.
#[test]
fn files_that_change_or_vanish_during_the_walk() {
    let (env, sentinels) = with_sentinels();
    let docs = env.path().join("docs");
    for name in ["gone", "rewritten", "emptied", "binary", "renamed"] {
        env.write(&format!("docs/{name}.txt"), format!("{name}\nzq{name}old"));
    }
    index_ok(&env, &["docs"]);
    // Changed since: all five are re-read by the next run.
    for name in ["gone", "rewritten", "emptied", "binary", "renamed"] {
        env.write(
            &format!("docs/{name}.txt"),
            format!("{name}\nzq{name}mid zqmid"),
        );
    }
    let index = Index::open(env.path().join(".dsearch")).expect("open");
    let options = UpdateOptions::default().threads(2);
    let report = index
        .update(std::slice::from_ref(&docs), &options, &mut |p| {
            if let Progress::Walked { .. } = p {
                fs::remove_file(docs.join("gone.txt")).expect("rm");
                fs::write(docs.join("rewritten.txt"), "rewritten\nzqrewrittennew").expect("w");
                fs::write(docs.join("emptied.txt"), "").expect("w");
                fs::write(docs.join("binary.txt"), b"\0\0\0").expect("w");
                fs::rename(docs.join("renamed.txt"), docs.join("renamed-to.txt")).expect("mv");
            }
        })
        .expect("update");
    let mut warnings = report.warnings.clone();
    warnings.sort();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(warnings[0].contains("binary.txt") && warnings[0].contains("binary"));
    assert!(warnings[1].contains("gone.txt") && warnings[1].contains("No such file"));
    assert!(warnings[2].contains("renamed.txt") && warnings[2].contains("No such file"));
    assert_eq!((report.updated, report.skipped), (2, 3), "{report:?}");
    drop(index);
    // Nothing of the middle versions is left, nor of the files that failed.
    assert_eq!(count(&env, "zqmid"), 0);
    for name in ["gone", "binary", "renamed"] {
        assert_eq!(count(&env, &format!("zq{name}old")), 0, "{name}");
    }
    assert_eq!(count(&env, "zqrewrittennew"), 1);

    // The next run picks up the renamed file; the rewritten one was read after its
    // change, so it is left as it is (only its record is refreshed).
    let s = index_ok(&env, &["docs"]);
    assert_eq!((s.added, s.updated, s.removed), (1, 0, 0), "{s:?}");
    assert_eq!(count(&env, "zqrenamedmid"), 1);
    assert_eq!(count(&env, "zqrewrittennew"), 1);
    assert_intact(&env, &sentinels);
    assert_stable(&env);
}

/// Files created, rewritten, renamed and deleted by another thread while `dsearch
/// index` runs: every run ends with exit 0; once the churn stops, one more run leaves
/// the index exactly matching the files.
#[test]
fn files_churning_during_indexing_settle_on_the_next_run() {
    let (env, sentinels) = with_sentinels();
    write_corpus(&env, "docs/churn", 100..400);
    let stop = Arc::new(AtomicBool::new(false));
    let churn = {
        let stop = Arc::clone(&stop);
        let dir = env.path().join("docs/churn");
        std::thread::spawn(move || {
            let mut rng = Rng::new(11);
            let mut generation = 0;
            while !stop.load(Ordering::Relaxed) {
                generation += 1;
                let i = 100 + rng.below(300);
                let path = crate::reliability::corpus_file(dir.to_str().expect("utf-8"), i);
                match rng.below(4) {
                    0 => {
                        let _ = fs::remove_file(&path);
                    }
                    1 => {
                        let _ = fs::rename(&path, format!("{path}.moved.txt"));
                    }
                    _ => {
                        let text =
                            crate::reliability::corpus_text(i, &token("zs", generation * 1000 + i));
                        let _ = fs::write(&path, text);
                    }
                }
            }
        })
    };
    for _ in 0..4 {
        let out = env.dsearch_env(&[(COMMIT_EVERY, "16384")], ["index", "docs"]);
        out.assert_code(0);
        for w in out.stderr.lines() {
            assert!(
                w.starts_with("dsearch: warning: ") && w.contains("No such file"),
                "{w}"
            );
        }
    }
    stop.store(true, Ordering::Relaxed);
    churn.join().expect("churn thread");

    index_ok(&env, &["docs"]);
    let on_disk = files_with(&env.path().join("docs"), COMMON);
    assert_eq!(listed(&env), on_disk.keys().cloned().collect());
    for (path, tok) in on_disk.iter().step_by(7) {
        let (hits, _) = env.query_json(&[tok.as_str()]);
        let paths: Vec<&str> = hits.iter().map(hit_path).collect();
        assert_eq!(paths, [path.as_str()], "{tok}");
    }
    assert_intact(&env, &sentinels);
    assert_stable(&env);
}

/// Every `.txt` file under `dir` holding `word`, relative to `dir`'s parent, with the
/// token that follows `word`.
fn files_with(dir: &Path, word: &str) -> std::collections::BTreeMap<String, String> {
    let base = dir.parent().expect("parent");
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read_dir") {
            let p = entry.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let text = fs::read_to_string(&p).expect("read");
            if let Some(rest) = text.split_once(&format!("{word} ")).map(|(_, r)| r) {
                let tok = rest.split_whitespace().next().expect("a token").to_string();
                let rel = p.strip_prefix(base).expect("under base");
                out.insert(rel.to_string_lossy().into_owned(), tok);
            }
        }
    }
    out
}

#[test]
fn jsonl_with_broken_lines_keeps_the_good_ones() {
    let (env, sentinels) = with_sentinels();
    env.write(
        "docs/mixed.jsonl",
        concat!(
            "{\"id\":\"a\",\"title\":\"Một\",\"text\":\"zqjsonone\"}\n",
            "{\"id\":\"b\",\"text\":\"unterminated\n",
            "not json at all\n",
            "[1, 2, 3]\n",
            "\n",
            "{\"id\":\"c\"}\n",
            "{\"id\":\"d\",\"text\":42}\n",
            "{\"id\":\"e\",\"text\":\"zqjsontwo\",\"lang\":\"\"}\n",
            "{\"id\":\"f\",\"text\":\"zqjsonthree\"",
        ),
    );
    let (out, warnings) = index_warnings(&env, &[]);
    let lines: Vec<&str> = warnings
        .iter()
        .map(|w| {
            w.split_once("mixed.jsonl: ")
                .map(|(_, r)| r)
                .unwrap_or_else(|| panic!("names the file: {w}"))
        })
        .map(|r| r.split_once(':').expect("line N:").0)
        .collect();
    assert_eq!(
        lines,
        ["line 2", "line 3", "line 4", "line 6", "line 7", "line 9"]
    );
    assert_eq!(out.summary().documents, SENTINELS as u64 + 2);
    assert_eq!(count(&env, "zqjsonone"), 1);
    assert_eq!(count(&env, "zqjsontwo"), 1);
    assert_intact(&env, &sentinels);
    assert_stable(&env);
}

#[test]
fn broken_html_is_read_like_a_browser_would() {
    let (env, sentinels) = with_sentinels();
    env.write(
        "docs/broken.html",
        "<html><head><title>Hỏng</title><body><p>zqhtmlone <b>đậm <i>nghiêng</b></i>\
         <div><<<>>> </span></p></p><table><td>zqhtmltwo<tr><li>&amp; &bogus; &#xFFFFFF; &#0; \
         <script>var zqscript = '</div>';</script><style>p { zqstyle: 1 }</style>\
         <p>zqhtmlthree <!-- zqcomment",
    );
    env.write("docs/tags.htm", "<<<<>>>><a href=\"x\"<p>zqtags</a");
    env.write("docs/nothing.html", "<html><body></body>");
    let (out, warnings) = index_warnings(&env, &[]);
    assert_eq!(warnings, Vec::<String>::new());
    assert_eq!(out.summary().added, 3);
    for word in ["zqhtmlone", "zqhtmltwo", "zqhtmlthree"] {
        assert_eq!(count(&env, word), 1, "{word}");
    }
    for word in ["zqscript", "zqstyle", "zqcomment"] {
        assert_eq!(count(&env, word), 0, "{word} is not visible text");
    }
    assert_intact(&env, &sentinels);
    assert_stable(&env);
}

#[test]
fn empty_files_are_indexed_quietly() {
    let (env, sentinels) = with_sentinels();
    for (name, text) in [
        ("empty.txt", &b""[..]),
        ("empty.md", b""),
        ("empty.html", b""),
        ("empty.jsonl", b""),
        ("bom.txt", b"\xef\xbb\xbf"),
        ("blank.md", b"\n \t\n\r\n"),
        ("blank.jsonl", b"\n\n  \n"),
    ] {
        env.write(&format!("docs/{name}"), text);
    }
    let (out, warnings) = index_warnings(&env, &[]);
    assert_eq!(warnings, Vec::<String>::new());
    let s = out.summary();
    assert_eq!((s.added, s.skipped), (7, 0), "{s:?}");
    assert_intact(&env, &sentinels);
    assert_stable(&env);
}
