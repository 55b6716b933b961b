//! Shared helpers: a fresh temporary directory per test (optionally holding a copy of
//! the corpus), running the `dsearch` binary in it, and decoding its output.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use dsearch::wire::{JsonAnalysis, JsonHit};
use tempfile::TempDir;

/// The corpus files, by their number.
pub const VI_000: &str = "000_d0177257eb7f929e.txt";
pub const VI_001: &str = "001_dba647f94a9a5ebf.txt";
pub const ZH_002: &str = "002_18e216d91c84a398.txt";
pub const VI_003: &str = "003_dfe8999da49fa911.txt";
pub const ZH_004: &str = "004_9c654a8de418b264.txt";

/// The corpus shipped with the repository.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

/// What one run of `dsearch` printed and how it exited.
#[derive(Debug)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    /// The exit code; `None` when killed by a signal.
    pub code: Option<i32>,
}

impl Output {
    /// Asserts the exit code, showing both streams when it differs.
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Output {
        assert_eq!(
            self.code,
            Some(code),
            "exit code\n--- stdout:\n{}\n--- stderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Decodes stdout as JSON Lines of hits.
    #[track_caller]
    pub fn hits(&self) -> Vec<JsonHit> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JsonHit ({e}): {l}")))
            .collect()
    }

    /// Decodes stdout as one analysis.
    #[track_caller]
    pub fn analysis(&self) -> JsonAnalysis {
        serde_json::from_str(self.stdout.trim_end())
            .unwrap_or_else(|e| panic!("not a JsonAnalysis ({e}): {}", self.stdout))
    }

    /// The summary line of `dsearch index`.
    #[track_caller]
    pub fn summary(&self) -> Summary {
        Summary::parse(&self.stdout)
    }

    /// Asserts the summary line's counts: (added, updated, removed, unchanged, documents).
    #[track_caller]
    pub fn assert_changes(&self, expected: (u64, u64, u64, u64, u64)) {
        let s = self.summary();
        assert_eq!(
            (s.added, s.updated, s.removed, s.unchanged, s.documents),
            expected,
            "(added, updated, removed, unchanged, documents)\n--- stdout:\n{}",
            self.stdout
        );
    }
}

/// The counts of the summary line `added A, updated U, removed R, unchanged N,
/// skipped S in X.XX s (D documents)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub added: u64,
    pub updated: u64,
    pub removed: u64,
    pub unchanged: u64,
    pub skipped: u64,
    pub documents: u64,
}

impl Summary {
    #[track_caller]
    pub fn parse(stdout: &str) -> Summary {
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 1, "one summary line expected: {stdout:?}");
        let line = lines[0];
        let count = |name: &str| -> u64 {
            let at = line
                .find(&format!(" {name}"))
                .or_else(|| line.starts_with(name).then_some(0))
                .unwrap_or_else(|| panic!("no {name:?} in summary {line:?}"));
            let rest = &line[at..];
            let rest = rest.trim_start().strip_prefix(name).expect("found above");
            let digits: String = rest
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits
                .parse()
                .unwrap_or_else(|_| panic!("no number after {name:?} in {line:?}"))
        };
        let documents = line
            .rsplit_once('(')
            .and_then(|(_, r)| r.strip_suffix(" documents)"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no document count in summary {line:?}"));
        Summary {
            added: count("added"),
            updated: count("updated"),
            removed: count("removed"),
            unchanged: count("unchanged"),
            skipped: count("skipped"),
            documents,
        }
    }
}

/// A fresh temporary directory in which `dsearch` runs.
pub struct Env {
    dir: TempDir,
}

impl Env {
    /// An empty directory.
    pub fn new() -> Env {
        Env {
            dir: tempfile::Builder::new()
                .prefix("dsearch-test-")
                .tempdir()
                .expect("temporary directory"),
        }
    }

    /// A directory holding a copy of the corpus in `corpus/`.
    pub fn with_corpus() -> Env {
        let env = Env::new();
        let dst = env.path().join("corpus");
        fs::create_dir(&dst).expect("mkdir corpus");
        let mut copied = 0;
        for entry in fs::read_dir(corpus_dir()).expect("the corpus exists") {
            let entry = entry.expect("corpus entry");
            if entry.file_type().expect("file type").is_file() {
                fs::copy(entry.path(), dst.join(entry.file_name())).expect("copy corpus file");
                copied += 1;
            }
        }
        assert_eq!(copied, 5, "the corpus should hold five files");
        env
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating its parent directories), relative to the directory.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path().join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).expect("mkdir -p");
        }
        fs::write(&p, contents).expect("write file");
        p
    }

    /// Creates a directory, relative to the directory.
    pub fn mkdir(&self, rel: &str) -> PathBuf {
        let p = self.path().join(rel);
        fs::create_dir_all(&p).expect("mkdir -p");
        p
    }

    /// The `dsearch` command, run in `cwd` (relative to the directory), with
    /// `DSEARCH_INDEX` and `NO_COLOR` removed from its environment.
    pub fn command_in<I, S>(&self, cwd: &str, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command_of(Path::new(env!("CARGO_BIN_EXE_dsearch")), cwd, args)
    }

    /// Like [`Env::command_in`], with another copy of the `dsearch` binary.
    pub fn command_of<I, S>(&self, program: &Path, cwd: &str, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .current_dir(self.path().join(cwd))
            .env_remove("DSEARCH_INDEX")
            .env_remove("NO_COLOR")
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs `dsearch` in the directory.
    #[track_caller]
    pub fn dsearch<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        run(self.command_in("", args))
    }

    /// Runs `dsearch` in a subdirectory.
    #[track_caller]
    pub fn dsearch_in<I, S>(&self, cwd: &str, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        run(self.command_in(cwd, args))
    }

    /// Runs `dsearch` in the directory with extra environment variables.
    #[track_caller]
    pub fn dsearch_env<I, S>(&self, vars: &[(&str, &str)], args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.command_in("", args);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        run(cmd)
    }

    /// `dsearch index corpus`, which must succeed and add the five files.
    #[track_caller]
    pub fn index_corpus(&self) -> Output {
        let out = self.dsearch(["index", "corpus"]);
        out.assert_code(0);
        let s = out.summary();
        assert_eq!((s.added, s.documents), (5, 5), "{}", out.stdout);
        out
    }

    /// `dsearch query --json ARGS...`, decoded.
    #[track_caller]
    pub fn query_json(&self, args: &[&str]) -> (Vec<JsonHit>, Output) {
        let mut all = vec!["query", "--json"];
        all.extend_from_slice(args);
        let out = self.dsearch(all);
        let hits = out.hits();
        (hits, out)
    }
}

/// Runs a command to completion; no run may panic.
#[track_caller]
pub fn run(mut cmd: Command) -> Output {
    let args: Vec<String> = cmd
        .get_args()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let out = cmd.output().expect("run dsearch");
    let output = Output {
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code(),
    };
    assert!(
        !output.stderr.contains("panicked"),
        "dsearch {args:?} panicked:\n{}",
        output.stderr
    );
    assert!(
        output.code.is_some(),
        "dsearch {args:?} was killed ({}):\n{}",
        out.status,
        output.stderr
    );
    output
}

/// Fails when `stderr` shows a panic.
#[track_caller]
pub fn assert_no_panic(stderr: &str) {
    assert!(!stderr.contains("panicked"), "dsearch panicked:\n{stderr}");
}

/// A hit's path (empty for a document added from memory, which has none).
pub fn hit_path(hit: &JsonHit) -> &str {
    hit.path.as_deref().unwrap_or_default()
}

/// The file name of a hit's path.
pub fn file_name(hit: &JsonHit) -> &str {
    Path::new(hit_path(hit))
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
}

/// The highlighted slices of a hit's snippet, checking on the way that every range is
/// in order, non-empty, on char boundaries, and agrees with `highlights_chars`.
#[track_caller]
pub fn highlighted(hit: &JsonHit) -> Vec<&str> {
    let s = &hit.snippet;
    assert_eq!(
        hit.highlights.len(),
        hit.highlights_chars.len(),
        "highlights and highlights_chars differ in length: {hit:?}"
    );
    let mut out = Vec::new();
    let mut prev_end = 0;
    for (&[a, b], &[ca, cb]) in hit.highlights.iter().zip(&hit.highlights_chars) {
        assert!(a < b && b <= s.len(), "bad range {a}..{b} in {s:?}");
        assert!(
            a >= prev_end,
            "ranges overlap or are out of order: {:?}",
            hit.highlights
        );
        assert!(
            s.is_char_boundary(a) && s.is_char_boundary(b),
            "range {a}..{b} not on char boundaries of {s:?}"
        );
        assert_eq!(
            s[..a].chars().count(),
            ca,
            "highlights_chars start of {a}..{b} in {s:?}"
        );
        assert_eq!(
            s[..b].chars().count(),
            cb,
            "highlights_chars end of {a}..{b} in {s:?}"
        );
        prev_end = b;
        out.push(&s[a..b]);
    }
    out
}

/// Lower case without Vietnamese diacritics (`đ` → `d`), written independently of
/// the library's folding.
pub fn fold(s: &str) -> String {
    const GROUPS: &[(&str, char)] = &[
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ìíỉĩị", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ỳýỷỹỵ", 'y'),
        ("đ", 'd'),
    ];
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            GROUPS
                .iter()
                .find(|(set, _)| set.contains(c))
                .map_or(c, |&(_, base)| base)
        })
        .collect()
}

/// Removes ANSI escape sequences (`ESC [ ... letter`).
pub fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            chars.next();
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
