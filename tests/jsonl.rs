//! JSONL files of any size: `--max-file-size` limits one record, not the file; records
//! carry metadata; a run where every file was skipped is an error.

use crate::util::Env;

/// `n` JSONL lines of about 100 bytes each, the `i`th holding the word `rec<i>`.
fn lines(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "{{\"id\":\"r{i}\",\"title\":\"Bản ghi {i}\",\"text\":\"khoáng sản xanh rec{i} hợp tác\",\"source\":\"s{}\"}}\n",
                i % 3
            )
        })
        .collect()
}

#[test]
fn a_jsonl_file_larger_than_the_limit_is_indexed_whole() {
    let env = Env::new();
    let text = lines(2_000);
    assert!(text.len() > 150_000);
    env.write("docs/big.jsonl", &text);
    let out = env.dsearch(["index", "--max-file-size", "10K", "docs"]);
    out.assert_code(0);
    assert_eq!(out.stderr, "", "no warning: every record is under 10K");
    out.assert_changes((1, 0, 0, 0, 2_000));
    for i in [0, 999, 1_999] {
        let (hits, q) = env.query_json(&[&format!("rec{i}")]);
        q.assert_code(0);
        assert_eq!(hits[0].id.as_deref(), Some(format!("r{i}").as_str()));
    }
}

#[test]
fn a_record_over_the_limit_is_skipped_with_its_file_and_line() {
    let env = Env::new();
    let mut text = lines(3);
    text.push_str(&format!(
        "{{\"id\":\"huge\",\"text\":\"{}\"}}\n",
        "xanh ".repeat(1_000)
    ));
    text.push_str(&lines(1));
    env.write("docs/mixed.jsonl", &text);
    let out = env.dsearch(["index", "--max-file-size", "1K", "docs"]);
    out.assert_code(0);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("docs/mixed.jsonl: line 4: larger than --max-file-size")
            && out.stderr.contains("skipped"),
        "{}",
        out.stderr
    );
    out.assert_changes((1, 0, 0, 0, 4));
}

#[test]
fn a_run_where_every_file_was_skipped_exits_2() {
    let env = Env::new();
    env.write("docs/a.txt", "x".repeat(3_000));
    env.write("docs/b.bin.txt", b"\0binary\0".repeat(10));
    let out = env.dsearch(["index", "--max-file-size", "1K", "docs"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    let last = out.stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("dsearch: nothing was indexed"),
        "one line says why: {}",
        out.stderr
    );
    // One file indexed is enough to succeed.
    env.write("docs/c.txt", "ok");
    env.dsearch(["index", "--max-file-size", "1K", "docs"])
        .assert_code(0);
}
