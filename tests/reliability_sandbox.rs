//! Where dsearch reads and writes: it writes only inside its index directory, reads
//! only under the paths it is given (and its index), and does not follow symbolic
//! links that leave those paths unless `--follow` is given.
//!
//! The write check compares a snapshot of everything outside the index directory
//! before and after. When `strace` is installed, the system calls themselves are also
//! checked: every file opened for writing (or created, renamed, removed) is in the
//! index directory, and every file opened under the test's directory resolves to a
//! given path or the index.

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::reliability::{count, index_ok, listed, snapshot, write_corpus};
use crate::util::{run, Env};

/// `docs/` to index; `outside/` beside it, reachable from `docs/` only through
/// symbolic links (relative and absolute, to a file and to a directory).
fn layout() -> Env {
    let env = Env::new();
    write_corpus(&env, "docs", 0..20);
    env.write("outside/secret.txt", "Bí mật\ncommonword zqsecret");
    env.write("outside/sub/deeper.txt", "Sâu hơn\ncommonword zqdeeper");
    let docs = env.path().join("docs");
    symlink("../outside/secret.txt", docs.join("rel-link.txt")).expect("symlink");
    symlink(
        env.path().join("outside/secret.txt"),
        docs.join("abs-link.txt"),
    )
    .expect("symlink");
    symlink("../outside", docs.join("dir-link")).expect("symlink");
    symlink("d00/f00000.txt", docs.join("inner-link.txt")).expect("symlink");
    env.mkdir("home");
    env
}

#[test]
fn symlinks_are_not_followed_without_follow() {
    let env = layout();
    let s = index_ok(&env, &["docs"]);
    assert_eq!((s.added, s.skipped, s.documents), (20, 0, 20), "{s:?}");
    assert_eq!(count(&env, "zqsecret"), 0);
    assert_eq!(count(&env, "zqdeeper"), 0);
    assert!(listed(&env).iter().all(|p| p.starts_with("docs/d")));
}

#[test]
fn follow_follows_symlinks() {
    let env = layout();
    let s = index_ok(&env, &["--follow", "docs"]);
    // 20 files, the inner link, two links to the secret, the linked directory's two.
    assert_eq!((s.added, s.documents), (25, 25), "{s:?}");
    assert_eq!(count(&env, "zqsecret"), 3);
    assert_eq!(count(&env, "zqdeeper"), 1);
    // Without --follow the next run drops what only links led to.
    let s = index_ok(&env, &["docs"]);
    assert_eq!((s.removed, s.documents), (5, 20), "{s:?}");
    assert_eq!(count(&env, "zqsecret"), 0);
}

/// A path given on the command line is read even when it is a symbolic link: naming it
/// is asking for it.
#[test]
fn a_named_symlink_is_read() {
    let env = layout();
    let s = index_ok(&env, &["docs/rel-link.txt"]);
    assert_eq!(s.added, 1, "{s:?}");
    assert_eq!(count(&env, "zqsecret"), 1);
    let s = index_ok(&env, &["docs/dir-link"]);
    assert_eq!(s.added, 2, "{s:?}");
    assert_eq!(count(&env, "zqdeeper"), 1);
    // A broken link named on the command line is a warning, not a silent no-op, and a
    // run of only it indexed nothing: exit 2.
    symlink("nowhere.txt", env.path().join("docs/broken.txt")).expect("symlink");
    let out = env.dsearch(["index", "docs/broken.txt"]);
    out.assert_code(2);
    assert_eq!(out.summary().skipped, 1);
    assert!(
        out.stderr.starts_with("dsearch: warning: ")
            && out
                .stderr
                .contains("broken.txt: broken symbolic link, skipped"),
        "{}",
        out.stderr
    );
}

#[test]
fn writes_stay_inside_the_index_directory() {
    let env = layout();
    let home = env.path().join("home");
    let with_home = |args: &[&str]| {
        let mut cmd = env.command_in("", args);
        cmd.env("HOME", &home).env_remove("XDG_DATA_HOME");
        run(cmd)
    };
    let index = env.path().join(".dsearch");
    let before = snapshot(env.path(), &[index.as_path()]);
    with_home(&["index", "docs"]).assert_code(0);
    with_home(&["index", "--follow", "docs"]).assert_code(0);
    with_home(&["query", "commonword"]).assert_code(0);
    with_home(&["query", "--json", "--explain", "zqsecret"]).assert_code(0);
    with_home(&["index", "--rebuild"]).assert_code(0);
    with_home(&["analyze", "khoáng sản"]).assert_code(0);
    assert_eq!(before, snapshot(env.path(), &[index.as_path()]));

    // An index elsewhere: the current directory gets no `.dsearch`.
    fs::remove_dir_all(&index).expect("rm index");
    let elsewhere = env.path().join("outside/idx");
    let before = snapshot(env.path(), &[elsewhere.as_path()]);
    let idx = elsewhere.to_string_lossy().into_owned();
    with_home(&["--index", &idx, "index", "docs"]).assert_code(0);
    with_home(&["--index", &idx, "query", "commonword"]).assert_code(0);
    let after = snapshot(env.path(), &[elsewhere.as_path()]);
    // `outside/` itself changed (idx was created in it); nothing else did.
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(p, v)| before.get(*p) != Some(v))
        .map(|(p, _)| p)
        .chain(before.keys().filter(|p| !after.contains_key(*p)))
        .collect();
    assert_eq!(changed, [&env.path().join("outside")]);
    assert!(!index.exists());
}

fn strace_works() -> bool {
    Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=none", "true"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// One file-related system call from strace's output: its name, the paths it names
/// (made absolute), and its flags.
#[derive(Debug)]
struct Call {
    name: String,
    paths: Vec<PathBuf>,
    line: String,
}

/// Runs `dsearch ARGS` under `strace -ff -e trace=%file` in the environment (one log per
/// thread, so no call is split across lines).
fn traced(env: &Env, args: &[&str]) -> Vec<Call> {
    let logs = env.path().join("home/strace");
    fs::create_dir_all(&logs).expect("mkdir");
    let mut cmd = Command::new("strace");
    cmd.args(["-ff", "-qq", "-s", "4096", "-e", "trace=%file", "-o"])
        .arg(logs.join("log"))
        .arg(env!("CARGO_BIN_EXE_dsearch"))
        .args(args)
        .current_dir(env.path())
        .env_remove("DSEARCH_INDEX")
        .env("HOME", env.path().join("home"))
        .env_remove("XDG_DATA_HOME");
    let out = cmd.output().expect("strace");
    assert!(out.status.success(), "{out:?}");
    let mut calls = Vec::new();
    for entry in fs::read_dir(&logs).expect("strace logs") {
        let text = fs::read_to_string(entry.expect("log").path()).expect("strace log");
        for line in text.lines() {
            let name: String = line.chars().take_while(|c| *c != '(').collect();
            if name.is_empty() || name.contains(' ') {
                continue;
            }
            let paths = quoted(line)
                .into_iter()
                .filter(|p| !p.is_empty())
                .map(|p| env.path().join(p))
                .collect();
            calls.push(Call {
                name,
                paths,
                line: line.to_string(),
            });
        }
    }
    fs::remove_dir_all(&logs).expect("rm logs");
    assert!(
        calls.iter().any(|c| c.name.starts_with("open")),
        "strace logged no open"
    );
    calls
}

/// The double-quoted strings of a strace line (no escapes expected in our paths).
fn quoted(line: &str) -> Vec<String> {
    line.split('"')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect()
}

fn writes(call: &Call) -> bool {
    const WRITING: [&str; 16] = [
        "creat",
        "mkdir",
        "mkdirat",
        "rename",
        "renameat",
        "renameat2",
        "unlink",
        "unlinkat",
        "rmdir",
        "link",
        "linkat",
        "symlink",
        "symlinkat",
        "truncate",
        "chmod",
        "fchmodat",
    ];
    WRITING.contains(&call.name.as_str())
        || (call.name.starts_with("open")
            && ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC"]
                .iter()
                .any(|f| call.line.contains(f)))
}

/// Checks a trace: writes only under `index`; files opened under the environment
/// resolve (after symlinks) to `allowed` or `index`. Returns the resolved files read.
#[track_caller]
fn check_trace(env: &Env, calls: &[Call], index: &Path, allowed: &[&str]) -> BTreeSet<PathBuf> {
    let root = env.path().canonicalize().expect("canonical root");
    let given_index = index;
    let index = index.canonicalize().expect("canonical index");
    let allowed: Vec<PathBuf> = allowed
        .iter()
        .map(|a| env.path().join(a).canonicalize().expect("canonical"))
        .collect();
    let mut read = BTreeSet::new();
    for call in calls {
        if writes(call) {
            for p in &call.paths {
                // The file may be gone (renamed or removed): resolve its directory.
                let dir = p.parent().and_then(|d| d.canonicalize().ok());
                assert!(
                    p.starts_with(given_index)
                        || dir.is_some_and(|d| d.starts_with(&index))
                        || p.starts_with("/dev/"),
                    "writes outside the index: {}",
                    call.line
                );
            }
        } else if call.name.starts_with("open") && !call.line.contains("= -1") {
            for p in &call.paths {
                let Ok(real) = p.canonicalize() else { continue };
                if real.starts_with(&root) && real != root {
                    assert!(
                        real.starts_with(&index) || allowed.iter().any(|a| real.starts_with(a)),
                        "reads outside the given paths: {} ({})",
                        call.line,
                        real.display()
                    );
                    read.insert(real);
                }
            }
        }
    }
    read
}

#[test]
fn system_calls_stay_inside_the_given_paths_and_the_index() {
    if !strace_works() {
        eprintln!("strace is not available here: only the snapshot test checks writes");
        return;
    }
    let env = layout();
    let index = env.path().join(".dsearch");
    let root = env.path().canonicalize().expect("canonical");
    let secret = root.join("outside/secret.txt");

    let calls = traced(&env, &["index", "docs"]);
    assert!(
        calls.iter().any(writes),
        "the trace shows the index being written"
    );
    let read = check_trace(&env, &calls, &index, &["docs"]);
    assert!(read.contains(&root.join("docs/d00/f00000.txt")));
    assert!(!read.contains(&secret));
    for args in [
        &["index", "docs/d00"][..],
        &["query", "commonword"][..],
        &["index", "--rebuild"][..],
    ] {
        let calls = traced(&env, args);
        check_trace(&env, &calls, &index, &["docs"]);
    }
    // Only `docs/d00` is given: `docs/d01` is not read.
    let calls = traced(&env, &["index", "docs/d00"]);
    let read = check_trace(&env, &calls, &index, &["docs/d00"]);
    assert!(read.iter().all(|p| !p.starts_with(root.join("docs/d01"))));

    // The check sees reads through links: with --follow the secret is read.
    let calls = traced(&env, &["index", "--follow", "docs"]);
    let read = check_trace(&env, &calls, &index, &["docs", "outside"]);
    assert!(
        read.contains(&secret),
        "the trace shows reads through links"
    );
}
