//! `dsearch query ... | head -1`: a reader that goes away early ends dsearch quietly.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::util::{assert_no_panic, Env};

#[test]
fn closed_stdout_ends_quietly_with_status_zero() {
    let env = Env::new();
    let filler = "Hợp tác phát triển bền vững giữa các quốc gia trong khu vực. ".repeat(8);
    for i in 0..300 {
        env.write(
            &format!("many/doc{i:03}.txt"),
            format!("Tài liệu số {i}\n{filler}Khoáng sản xanh lần {i}. {filler}"),
        );
    }
    let out = env.dsearch(["index", "many"]);
    out.assert_code(0);
    assert_eq!(out.summary().documents, 300);

    let args = [
        "query",
        "--limit",
        "1000",
        "--snippet-chars",
        "1000",
        "--fragments",
        "1",
        "khoáng sản xanh",
    ];
    // The whole output must be more than a pipe buffer holds, or nothing is tested.
    let full = env.dsearch(args);
    full.assert_code(0);
    assert!(
        full.stdout.len() > 128 * 1024,
        "output too small to fill a pipe: {} bytes",
        full.stdout.len()
    );

    let mut child = env
        .command_in("", args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn dsearch");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.contains("doc"), "first line names a file: {first:?}");
    drop(stdout);
    let out = child.wait_with_output().expect("wait for dsearch");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_no_panic(&stderr);
    assert_eq!(stderr, "", "nothing on stderr when the reader goes away");
    assert_eq!(out.status.code(), Some(0), "exit status with a closed pipe");
}
