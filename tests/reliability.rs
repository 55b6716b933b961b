//! Shared helpers of the reliability tests (`reliability_*.rs`): a generated corpus in
//! which every file holds one unique token, reading tantivy's commit stamp, listing what
//! the index holds, and running `dsearch index` as a child process that can be killed,
//! stopped and continued.
//!
//! Every file of a generated corpus holds `commonword`, so `dsearch query commonword`
//! lists every document, and one token of its own ([`token`]), so a query for it finds
//! that file and no other.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{assert_no_panic, hit_path, Env, Output, Summary};

/// The environment variable that makes `dsearch index` commit every N bytes of input.
pub const COMMIT_EVERY: &str = "DSEARCH_COMMIT_EVERY_BYTES";

/// The word every generated file holds.
pub const COMMON: &str = "commonword";

/// A token made of `prefix` and letters only (`zq` + `a`, `b`, …, `aa`, … + `q`), so
/// the analyser keeps it as one word. The `q` at its end, which ends no English suffix,
/// keeps the stemmer off it: no two tokens share a folded form (`zqas` would be `zqa`).
pub fn token(prefix: &str, mut i: usize) -> String {
    let mut letters = Vec::new();
    i += 1;
    while i > 0 {
        i -= 1;
        letters.push(b'a' + (i % 26) as u8);
        i /= 26;
    }
    letters.reverse();
    format!("{prefix}{}q", String::from_utf8(letters).expect("ASCII"))
}

/// The relative path of generated file `i` under `dir`.
pub fn corpus_file(dir: &str, i: usize) -> String {
    format!("{dir}/d{:02}/f{i:05}.txt", i / 100)
}

/// The text of a generated file: a title, [`COMMON`], `unique`, and about a kilobyte of
/// Vietnamese words chosen by a fixed pseudo-random sequence.
pub fn corpus_text(i: usize, unique: &str) -> String {
    const WORDS: [&str; 16] = [
        "khoáng", "sản", "xanh", "hợp", "tác", "phát", "triển", "kinh", "tế", "việt", "nam",
        "trung", "quốc", "đầu", "tư", "công",
    ];
    let mut rng = Rng::new(i as u64 + 1);
    let mut s = format!("Tài liệu số {i}\n{COMMON} {unique}");
    for _ in 0..150 {
        s.push(' ');
        s.push_str(WORDS[rng.below(WORDS.len())]);
    }
    s.push('\n');
    s
}

/// Writes generated files `range` under `dir` (relative to the environment); returns
/// their relative paths.
pub fn write_corpus(env: &Env, dir: &str, range: std::ops::Range<usize>) -> Vec<String> {
    range
        .map(|i| {
            let rel = corpus_file(dir, i);
            env.write(&rel, corpus_text(i, &token("zq", i)));
            rel
        })
        .collect()
}

/// A small deterministic pseudo-random generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

/// The opstamp of the last commit recorded in `index_dir/meta.json`; `None` while there
/// is no `meta.json`. tantivy replaces `meta.json` atomically, so it is never half
/// written.
pub fn opstamp(index_dir: &Path) -> Option<u64> {
    let bytes = fs::read(index_dir.join("meta.json")).ok()?;
    let meta: serde_json::Value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("meta.json does not parse ({e}): {bytes:?}"));
    Some(meta["opstamp"].as_u64().expect("meta.json has an opstamp"))
}

/// The payload of the last commit in `index_dir/meta.json` (dsearch marks a commit of
/// a run that has not finished with one); `None` while there is no `meta.json` or the
/// commit has none.
pub fn payload(index_dir: &Path) -> Option<String> {
    meta_json(index_dir)?["payload"]
        .as_str()
        .map(str::to_string)
}

/// The segment ids of the last commit in `index_dir/meta.json`; `None` while there is no
/// `meta.json`.
pub fn segments(index_dir: &Path) -> Option<BTreeSet<String>> {
    let meta = meta_json(index_dir)?;
    Some(
        meta["segments"]
            .as_array()?
            .iter()
            .filter_map(|s| s["segment_id"].as_str().map(str::to_string))
            .collect(),
    )
}

/// `index_dir/meta.json`, parsed; `None` while there is none (or it does not parse).
fn meta_json(index_dir: &Path) -> Option<serde_json::Value> {
    let bytes = fs::read(index_dir.join("meta.json")).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The index directory of an environment (`.dsearch` in it).
pub fn index_dir(env: &Env) -> PathBuf {
    env.path().join(".dsearch")
}

/// The paths of the documents holding `word`, as `dsearch query --json` prints them
/// (relative to the environment). The query must answer (exit 0 or 1) without a word
/// on stderr but, after a run of `dsearch index` that was stopped, the warning that it
/// did not finish.
#[track_caller]
pub fn paths_of(env: &Env, word: &str) -> Vec<String> {
    let out = env.dsearch(["query", "--json", "--limit", "100000", word]);
    assert!(
        matches!(out.code, Some(0 | 1)),
        "query {word:?} must answer: {out:?}"
    );
    assert!(
        out.stderr.is_empty() || out.stderr == unfinished_line(),
        "query {word:?} wrote to stderr: {}",
        out.stderr
    );
    let paths: Vec<String> = out
        .hits()
        .into_iter()
        .map(|h| hit_path(&h).to_string())
        .collect();
    assert_eq!(out.code == Some(0), !paths.is_empty(), "exit code vs hits");
    paths
}

/// What `dsearch` prints on stderr when the last `dsearch index` run has not finished.
pub fn unfinished_line() -> String {
    format!(
        "dsearch: warning: {}\n",
        dsearch::search::UNFINISHED_WARNING
    )
}

/// The documents the index holds, by [`COMMON`]; asserts that no path appears twice.
#[track_caller]
pub fn listed(env: &Env) -> BTreeSet<String> {
    let paths = paths_of(env, COMMON);
    let set: BTreeSet<String> = paths.iter().cloned().collect();
    assert_eq!(
        set.len(),
        paths.len(),
        "a document is listed twice: {:?}",
        duplicates(&paths)
    );
    set
}

fn duplicates(paths: &[String]) -> Vec<&String> {
    let mut seen = BTreeMap::new();
    for p in paths {
        *seen.entry(p).or_insert(0) += 1;
    }
    seen.into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(p, _)| p)
        .collect()
}

/// How many documents hold `word` (each listed once).
#[track_caller]
pub fn count(env: &Env, word: &str) -> usize {
    paths_of(env, word).len()
}

/// `dsearch index ARGS`, which must succeed; its summary.
#[track_caller]
pub fn index_ok(env: &Env, args: &[&str]) -> Summary {
    let mut all = vec!["index"];
    all.extend_from_slice(args);
    let out = env.dsearch(&all);
    out.assert_code(0);
    out.summary()
}

/// A `dsearch` child process. Dropping it continues (if stopped), kills and reaps it,
/// so a failing test leaves no process behind.
pub struct Running {
    child: Option<Child>,
}

impl Running {
    /// Starts `dsearch ARGS` in the environment with extra environment variables; its
    /// output is captured.
    pub fn start(env: &Env, vars: &[(&str, &str)], args: &[&str]) -> Running {
        let mut cmd = env.command_in("", args);
        for (k, v) in vars {
            cmd.env(k, v);
        }
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        Running {
            child: Some(cmd.spawn().expect("start dsearch")),
        }
    }

    fn child(&mut self) -> &mut Child {
        self.child.as_mut().expect("not finished")
    }

    /// The process id.
    pub fn id(&mut self) -> u32 {
        self.child().id()
    }

    /// True while the process runs (or is stopped).
    pub fn running(&mut self) -> bool {
        self.child().try_wait().expect("try_wait").is_none()
    }

    /// SIGKILL, then reap; whatever the process was doing.
    pub fn kill(mut self) {
        let mut child = self.child.take().expect("not finished");
        let _ = child.kill();
        let status = child.wait().expect("wait");
        // Killed, or it had finished already: both are fine.
        let _ = status;
    }

    /// Sends a signal by name (`STOP`, `CONT`) with the shell's `kill`.
    pub fn signal(&mut self, name: &str) {
        let pid = self.id();
        let status = Command::new("sh")
            .args(["-c", &format!("kill -{name} {pid}")])
            .status()
            .expect("run sh");
        assert!(status.success(), "kill -{name} {pid}");
    }

    /// Waits for the end and returns the output (no panic allowed).
    pub fn finish(mut self) -> Output {
        let child = self.child.take().expect("not finished");
        let out = child.wait_with_output().expect("wait");
        let output = Output {
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            code: out.status.code(),
        };
        assert_no_panic(&output.stderr);
        output
    }

    /// Polls until `done()` holds or the process has exited; true when `done()` held.
    /// The 2-minute limit only stops a broken test from hanging.
    pub fn wait_for(&mut self, mut done: impl FnMut() -> bool) -> bool {
        let start = Instant::now();
        loop {
            if done() {
                return true;
            }
            if !self.running() {
                return done();
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "waited two minutes"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("sh")
                .args(["-c", &format!("kill -CONT {}", child.id())])
                .status();
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Every file and directory under `root` except those under `skip`, with what a write
/// would change (size, modification time, permissions, symlink target).
pub fn snapshot(root: &Path, skip: &[&Path]) -> BTreeMap<PathBuf, String> {
    use std::os::unix::fs::MetadataExt;
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("read_dir") {
            let path = entry.expect("entry").path();
            if skip.contains(&path.as_path()) {
                continue;
            }
            let md = fs::symlink_metadata(&path).expect("metadata");
            let link = fs::read_link(&path).ok();
            out.insert(
                path.clone(),
                format!(
                    "{} {} {}.{} {:o} {:?}",
                    md.len(),
                    md.file_type().is_dir(),
                    md.mtime(),
                    md.mtime_nsec(),
                    md.mode(),
                    link
                ),
            );
            if md.is_dir() {
                stack.push(path);
            }
        }
    }
    out
}
