//! `dsearch serve` as a process: it finds the index as `dsearch query` does, prints
//! where it listens, sees what a separate `dsearch index` commits without a restart,
//! warns when it listens beyond loopback, and refuses to start without an index
//! (one line, exit 2). The API itself is tested in `crates/dsearch-server/tests`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

use dsearch::wire::JsonHit;

use crate::util::{Env, VI_000};

/// A `dsearch serve` process, killed when dropped.
struct Serving {
    child: Child,
    /// `127.0.0.1:PORT`.
    addr: String,
    /// What it printed on stderr before listening.
    stderr: String,
}

impl Serving {
    /// Starts `dsearch ARGS` in `cwd` and waits for its "serving … on http://ADDR/" line.
    fn start(env: &Env, cwd: &str, args: &[&str]) -> Serving {
        let child = env
            .command_in(cwd, args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dsearch serve");
        // Killed by `drop` if this fails half-way.
        let mut serving = Serving {
            child,
            addr: String::new(),
            stderr: String::new(),
        };
        let mut lines = BufReader::new(serving.child.stderr.take().expect("stderr"));
        loop {
            let mut line = String::new();
            let n = lines.read_line(&mut line).expect("read stderr");
            assert!(
                n > 0,
                "dsearch serve ended before listening: {}",
                serving.stderr
            );
            serving.stderr.push_str(&line);
            if let Some(rest) = line.split("http://").nth(1) {
                serving.addr = rest.split('/').next().expect("address").to_string();
                return serving;
            }
        }
    }

    /// `GET path`: the status and the body.
    fn get(&self, path: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).expect("read the answer");
        let status = out[9..12].parse().expect("status");
        let body = out
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// The hits of `GET /search?q=…` (the query in ASCII or percent-encoded).
    fn hits(&self, q: &str) -> Vec<JsonHit> {
        let (status, body) = self.get(&format!("/search?q={q}"));
        assert_eq!(status, 200, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        serde_json::from_value(v["hits"].clone()).expect("hits")
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_finds_the_index_and_sees_new_commits_without_a_restart() {
    let env = Env::with_corpus();
    env.index_corpus();
    env.mkdir("corpus/sub");
    // Found by walking up from a subdirectory, as `dsearch query` finds it.
    let server = Serving::start(&env, "corpus/sub", &["serve", "--bind", "127.0.0.1:0"]);
    assert!(
        server.stderr.starts_with("dsearch: serving "),
        "{}",
        server.stderr
    );
    assert!(!server.stderr.contains("warning"), "{}", server.stderr);
    let hits = server.hits("khoang+san+xanh");
    assert!(!hits.is_empty());
    // Paths are relative to the index root, wherever the server was started.
    assert!(
        hits.iter()
            .any(|h| h.path.as_deref() == Some(&format!("corpus/{VI_000}")[..])),
        "{hits:?}"
    );
    assert!(server.hits("zzservernew").is_empty());
    env.write(
        "corpus/new.txt",
        "Tin mới\nzzservernew vừa được thêm vào.\n",
    );
    env.dsearch(["index", "corpus"]).assert_code(0);
    let hits = server.hits("zzservernew");
    assert_eq!(
        hits.len(),
        1,
        "the server sees the commit of `dsearch index`"
    );
    assert_eq!(hits[0].path.as_deref(), Some("corpus/new.txt"));
}

#[test]
fn serve_without_an_index_fails_on_one_line() {
    let env = Env::new();
    let out = env.dsearch(["serve", "--bind", "127.0.0.1:0"]);
    out.assert_code(2);
    assert_eq!(
        out.stderr,
        "dsearch: no index found (run `dsearch index`)\n"
    );
}

#[test]
fn serve_refuses_an_empty_token_and_an_address_in_use() {
    let env = Env::with_corpus();
    env.index_corpus();
    let out = env.dsearch_env(
        &[("DSEARCH_WRITE_TOKEN", " ")],
        ["serve", "--bind", "127.0.0.1:0"],
    );
    out.assert_code(2);
    assert_eq!(out.stderr, "dsearch: the write token is empty\n");
    let server = Serving::start(&env, "", &["serve", "--bind", "127.0.0.1:0"]);
    let out = env.dsearch(["serve", "--bind", &server.addr]);
    out.assert_code(2);
    assert!(
        out.stderr
            .starts_with(&format!("dsearch: cannot listen on {}: ", server.addr)),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
}

#[test]
fn serve_warns_when_listening_beyond_loopback() {
    let env = Env::with_corpus();
    env.index_corpus();
    let server = Serving::start(&env, "", &["serve", "--bind", "0.0.0.0:0"]);
    assert!(
        server
            .stderr
            .starts_with("dsearch: warning: listening on 0.0.0.0:0, not a loopback address"),
        "{}",
        server.stderr
    );
}

/// Sends SIGTERM to the server and waits (10 s at most) for its exit code.
fn terminate(server: &mut Serving) -> Option<i32> {
    let pid = server.child.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    let start = std::time::Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().expect("try_wait") {
            return status.code();
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "still running after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn serve_stopped_as_soon_as_it_says_where_it_listens_exits_0() {
    // The signal handlers are in place before the address is printed: a SIGTERM
    // right after it stops the server instead of killing it (code None).
    let env = Env::with_corpus();
    env.index_corpus();
    for _ in 0..20 {
        let mut server = Serving::start(&env, "", &["serve", "--bind", "127.0.0.1:0"]);
        assert_eq!(terminate(&mut server), Some(0));
    }
}

#[test]
fn serve_stops_on_sigterm_with_exit_0() {
    let env = Env::with_corpus();
    env.index_corpus();
    let mut server = Serving::start(&env, "", &["serve", "--bind", "127.0.0.1:0"]);
    // An idle keep-alive connection does not hold the shutdown.
    let mut idle = TcpStream::connect(&server.addr).expect("connect");
    write!(idle, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let (status, _) = server.get("/health");
    assert_eq!(status, 200);
    assert_eq!(terminate(&mut server), Some(0));
}
