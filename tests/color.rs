//! Colour: `--color always` wraps highlights in ANSI escapes, `never` and piped output
//! have none, `auto` colours a terminal unless `NO_COLOR` is set.

use crate::util::{highlighted, strip_ansi, Env};

fn indexed() -> Env {
    let env = Env::with_corpus();
    env.index_corpus();
    env
}

#[test]
fn color_always_wraps_every_highlight() {
    let env = indexed();
    let (hits, _) = env.query_json(&["--limit", "2", "khoáng sản xanh"]);
    let plain = env.dsearch([
        "query",
        "--color",
        "never",
        "--limit",
        "2",
        "khoáng sản xanh",
    ]);
    let out = env.dsearch([
        "query",
        "--color",
        "always",
        "--limit",
        "2",
        "khoáng sản xanh",
    ]);
    out.assert_code(0);
    assert!(out.stdout.contains("\x1b["), "no escapes: {:?}", out.stdout);
    assert_eq!(
        strip_ansi(&out.stdout),
        plain.stdout,
        "colour only adds escapes"
    );
    for h in &hits {
        for word in highlighted(h) {
            let painted = out.stdout.match_indices(word).any(|(i, _)| {
                out.stdout[..i].ends_with('m')
                    && out.stdout[i + word.len()..].starts_with("\x1b[0m")
            });
            assert!(
                painted,
                "{word:?} is not wrapped in escapes: {:?}",
                out.stdout
            );
        }
    }
    // Each snippet line has as many painted words as the hit has highlights.
    let snippets: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(snippets.len(), hits.len());
    for (line, h) in snippets.iter().zip(&hits) {
        assert_eq!(
            line.matches("\x1b[0m").count(),
            h.highlights.len(),
            "{line:?}"
        );
    }
}

#[test]
fn color_never_and_piped_output_have_no_escapes() {
    let env = indexed();
    for args in [
        &["query", "--color", "never", "khoáng sản xanh"][..],
        &["query", "khoáng sản xanh"][..],
        &["query", "--color", "auto", "khoáng sản xanh"][..],
    ] {
        let out = env.dsearch(args);
        out.assert_code(0);
        assert!(!out.stdout.is_empty());
        assert!(!out.stdout.contains('\x1b'), "{args:?}: {:?}", out.stdout);
    }
}

#[test]
fn json_output_has_no_escapes_even_with_color_always() {
    let env = indexed();
    let out = env.dsearch(["query", "--json", "--color", "always", "khoáng sản xanh"]);
    out.assert_code(0);
    assert!(!out.stdout.contains('\x1b'));
    assert!(!out.hits().is_empty());
}

#[cfg(target_os = "linux")]
mod terminal {
    //! `--color auto` on a real terminal (a pseudo-terminal opened through libc, which
    //! std already links).

    use std::ffi::{c_char, c_int, CStr};
    use std::fs::File;
    use std::io::Read;
    use std::os::fd::FromRawFd;
    use std::process::Stdio;

    use super::indexed;
    use crate::util::{assert_no_panic, Env};

    extern "C" {
        fn posix_openpt(flags: c_int) -> c_int;
        fn grantpt(fd: c_int) -> c_int;
        fn unlockpt(fd: c_int) -> c_int;
        fn ptsname_r(fd: c_int, buf: *mut c_char, len: usize) -> c_int;
    }

    const O_RDWR: c_int = 0o2;
    const O_NOCTTY: c_int = 0o400;

    /// Opens a pseudo-terminal: (master, slave).
    fn openpty() -> (File, File) {
        // SAFETY: plain libc calls on a descriptor we own; the name buffer is large
        // enough and NUL-terminated by ptsname_r on success.
        unsafe {
            let fd = posix_openpt(O_RDWR | O_NOCTTY);
            assert!(fd >= 0, "posix_openpt: {}", std::io::Error::last_os_error());
            let master = File::from_raw_fd(fd);
            assert_eq!(
                grantpt(fd),
                0,
                "grantpt: {}",
                std::io::Error::last_os_error()
            );
            assert_eq!(
                unlockpt(fd),
                0,
                "unlockpt: {}",
                std::io::Error::last_os_error()
            );
            let mut buf = [0 as c_char; 256];
            assert_eq!(ptsname_r(fd, buf.as_mut_ptr(), buf.len()), 0, "ptsname_r");
            let name = CStr::from_ptr(buf.as_ptr())
                .to_str()
                .expect("pty name")
                .to_string();
            let slave = File::options()
                .read(true)
                .write(true)
                .open(&name)
                .expect("open pty slave");
            (master, slave)
        }
    }

    /// Runs `dsearch` with stdout on a terminal; returns what it printed there.
    fn on_terminal(env: &Env, vars: &[(&str, &str)], args: &[&str]) -> String {
        let (mut master, slave) = openpty();
        let mut cmd = env.command_in("", args);
        cmd.stdout(Stdio::from(slave)).stderr(Stdio::piped());
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("spawn dsearch");
        drop(cmd); // closes our copy of the slave, so reads end when dsearch exits
        let mut out = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            match master.read(&mut buf) {
                Ok(0) | Err(_) => break, // EIO once the slave side is closed
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
        let status = child.wait_with_output().expect("wait for dsearch");
        assert_no_panic(&String::from_utf8_lossy(&status.stderr));
        assert_eq!(status.status.code(), Some(0));
        String::from_utf8(out).expect("UTF-8 on the terminal")
    }

    #[test]
    fn color_auto_colours_a_terminal() {
        let env = indexed();
        let out = on_terminal(&env, &[], &["query", "khoáng sản xanh"]);
        assert!(out.contains("khoáng"), "{out:?}");
        assert!(out.contains("\x1b["), "auto on a terminal colours: {out:?}");
    }

    #[test]
    fn no_color_turns_auto_off_on_a_terminal() {
        let env = indexed();
        let out = on_terminal(
            &env,
            &[("NO_COLOR", "1")],
            &["query", "--color", "auto", "khoáng sản xanh"],
        );
        assert!(out.contains("khoáng"), "{out:?}");
        assert!(
            !out.contains('\x1b'),
            "NO_COLOR=1 must turn colour off: {out:?}"
        );
    }

    #[test]
    fn color_never_on_a_terminal_has_no_escapes() {
        let env = indexed();
        let out = on_terminal(&env, &[], &["query", "--color", "never", "khoáng sản xanh"]);
        assert!(out.contains("khoáng"), "{out:?}");
        assert!(!out.contains('\x1b'), "{out:?}");
    }
}
