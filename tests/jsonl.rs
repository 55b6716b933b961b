//! JSONL files of any size: `--max-file-size` limits one record, not the file; records
//! carry metadata; an id given twice in a file keeps the later record; a run where
//! every file was skipped is an error.

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
    // A record after it, with an id of its own.
    text.push_str(lines(4).lines().last().expect("a line"));
    text.push('\n');
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

#[test]
fn an_id_given_twice_in_a_jsonl_file_keeps_the_later_record_and_names_both_lines() {
    let env = Env::new();
    // Line 101 repeats the id of line 4 (`r3`), in another batch of lines.
    let mut text = lines(100);
    text.push_str("{\"id\":\"r3\",\"title\":\"Bản mới\",\"text\":\"phiên bản sửa đổi\"}\n");
    env.write("docs/a.jsonl", &text);
    let out = env.dsearch(["index", "docs"]);
    out.assert_code(0);
    assert_eq!(
        warnings(&out.stderr),
        ["a.jsonl: line 101: id \"r3\" is also on line 4, which this record replaces"]
    );
    out.assert_changes((1, 0, 0, 0, 100));
    let (hits, q) = env.query_json(&["sửa đổi"]);
    q.assert_code(0);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(
        (hits[0].id.as_deref(), hits[0].title.as_str()),
        (Some("r3"), "Bản mới")
    );
    let (hits, _) = env.query_json(&["rec3"]);
    assert!(
        hits.iter().all(|h| h.id.as_deref() != Some("r3")),
        "the earlier record is gone: {hits:?}"
    );

    // A re-run reads the changed file whole and decides again: the latest line wins.
    text.push_str("{\"id\":\"r3\",\"title\":\"Bản cuối\",\"text\":\"phiên bản cuối cùng\"}\n");
    env.write("docs/a.jsonl", &text);
    let out = env.dsearch(["index", "docs"]);
    out.assert_code(0);
    assert_eq!(
        warnings(&out.stderr),
        [
            "a.jsonl: line 101: id \"r3\" is also on line 4, which this record replaces",
            "a.jsonl: line 102: id \"r3\" is also on line 101, which this record replaces",
        ]
    );
    out.assert_changes((0, 1, 0, 0, 100));
    let (hits, _) = env.query_json(&["cuối cùng"]);
    let titles: Vec<&str> = hits.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(titles, ["Bản cuối"]);
    let (hits, _) = env.query_json(&["sửa đổi"]);
    assert!(hits.is_empty(), "line 101 was replaced too: {hits:?}");
}

/// The warnings of a run, each from the file's name in `docs/` on.
fn warnings(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .map(|line| {
            assert!(line.starts_with("dsearch: warning: "), "{line}");
            line.rsplit_once("docs/").map_or(line, |(_, rest)| rest)
        })
        .collect()
}
