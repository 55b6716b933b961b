//! Exit codes and bad input: no hits (1), no index, empty queries and missing paths
//! (2), binary and invalid UTF-8 files, odd queries and options; nothing ever panics.

use std::path::Path;

use crate::util::{file_name, Env};

#[test]
fn no_hits_exits_1_quietly() {
    let env = Env::with_corpus();
    env.index_corpus();
    let out = env.dsearch(["query", "zyxqwvnothing"]);
    out.assert_code(1);
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr, "");
}

#[test]
fn no_index_exits_2_with_a_hint() {
    let env = Env::with_corpus();
    let above = env.path().ancestors().find(|d| d.join(".dsearch").exists());
    assert_eq!(
        above, None::<&Path>,
        "an index above the temp dir spoils this test"
    );
    let out = env.dsearch(["query", "khoáng"]);
    out.assert_code(2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("no index found (run `dsearch index`)"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "one line: {}", out.stderr);
}

#[test]
fn missing_index_dir_given_by_option_exits_2() {
    let env = Env::with_corpus();
    let out = env.dsearch(["--index", "nowhere", "query", "khoáng"]);
    out.assert_code(2);
    assert_eq!(
        out.stderr,
        "dsearch: no index found in nowhere (run `dsearch --index nowhere index PATH...`)\n"
    );
    // A folder that holds none is named too.
    env.mkdir("empty");
    let out = env.dsearch(["--index", "empty", "serve", "--bind", "127.0.0.1:0"]);
    out.assert_code(2);
    assert!(
        out.stderr.contains("no index found in empty"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_index_option_naming_a_file_says_it_is_no_directory() {
    let env = Env::with_corpus();
    let file = env.write("notes.txt", "Ghi chú\nkhoáng sản");
    for args in [
        &["--index", "notes.txt", "query", "khoáng"][..],
        &["--index", "notes.txt", "index", "corpus"][..],
        &["--index", "notes.txt", "serve"][..],
    ] {
        let out = env.dsearch(args.iter().copied());
        out.assert_code(2);
        assert_eq!(
            out.stderr,
            format!(
                "dsearch: {}: not a directory: an index is a directory (`.dsearch`)\n",
                file.display()
            ),
            "{args:?}"
        );
    }
    // The file is left as it was.
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "Ghi chú\nkhoáng sản"
    );
}

#[test]
fn empty_query_exits_2() {
    let env = Env::with_corpus();
    env.index_corpus();
    for q in ["", "   ", "\t"] {
        let out = env.dsearch(["query", q]);
        out.assert_code(2);
        assert_eq!(out.stdout, "", "{q:?}");
        assert!(out.stderr.starts_with("dsearch: "), "{q:?}: {}", out.stderr);
    }
    let out = env.dsearch(["query"]);
    out.assert_code(2);
}

#[test]
fn an_argument_not_in_utf8_is_named_in_one_line() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let env = Env::with_corpus();
    env.index_corpus();
    // A query typed in a legacy encoding (`khoáng` in Windows-1258 bytes), an option
    // value likewise.
    let bad = OsStr::from_bytes(b"kho\xe1ng");
    for (args, at) in [
        (vec![OsStr::new("query"), bad], 2),
        (
            vec![
                OsStr::new("query"),
                OsStr::new("--lang"),
                bad,
                OsStr::new("x"),
            ],
            3,
        ),
    ] {
        let out = env.dsearch(args);
        out.assert_code(2);
        assert_eq!(out.stdout, "");
        assert_eq!(
            out.stderr,
            format!("dsearch: argument {at} (\"kho\\xE1ng\") is not UTF-8 text: queries and option values must be (convert it, e.g. with iconv)\n")
        );
    }
}

#[test]
fn missing_path_exits_2_and_the_other_paths_are_indexed() {
    let env = Env::with_corpus();
    let out = env.dsearch(["index", "nope", "corpus", "also/missing.txt"]);
    out.assert_code(2);
    let s = out.summary();
    assert_eq!((s.added, s.documents), (5, 5), "{}", out.stdout);
    let errors: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(
        errors,
        [
            "dsearch: nope: no such file or directory",
            "dsearch: also/missing.txt: no such file or directory"
        ]
    );
    let (hits, q) = env.query_json(&["khoáng sản xanh"]);
    q.assert_code(0);
    assert!(hits.len() >= 2);
}

#[test]
fn only_missing_paths_create_no_index() {
    let env = Env::new();
    let out = env.dsearch(["index", "nope"]);
    out.assert_code(2);
    assert_eq!(out.stderr, "dsearch: nope: no such file or directory\n");
    assert!(
        !env.path().join(".dsearch").exists(),
        "an empty index would be found by every later query"
    );
    env.dsearch(["query", "x"]).assert_code(2);
}

#[cfg(unix)]
#[test]
fn files_named_that_cannot_be_read_are_skipped_and_a_run_of_only_them_exits_2() {
    let env = Env::new();
    env.write("notes.pdf", "quokka");
    std::os::unix::fs::symlink("nowhere.txt", env.path().join("dangling.txt")).expect("link");
    let out = env.dsearch(["index", "notes.pdf", "dangling.txt"]);
    out.assert_code(2);
    let s = out.summary();
    assert_eq!((s.added, s.skipped), (0, 2), "{}", out.stdout);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", out.stderr);
    assert!(
        lines[0].contains("notes.pdf: not a format dsearch reads"),
        "{}",
        lines[0]
    );
    assert!(lines[1].contains("dangling.txt"), "{}", lines[1]);
    assert!(lines[2].contains("nothing was indexed"), "{}", lines[2]);
    assert!(
        !env.path().join(".dsearch").exists(),
        "an empty index would hide one further up"
    );
    // In a folder, files of other formats are passed over without a word.
    env.write("docs/a.txt", "quokka");
    env.write("docs/b.pdf", "quokka");
    let out = env.dsearch(["index", "docs"]);
    out.assert_code(0);
    assert_eq!(out.stderr, "");
}

#[test]
fn binary_file_is_skipped_with_a_warning() {
    let env = Env::new();
    env.write("docs/good.txt", "Tốt\nquokka tốt");
    env.write("docs/blob.txt", b"quokka\0\x01\x02binary zyxbinary\0");
    let out = env.dsearch(["index", "docs"]);
    out.assert_code(0);
    let s = out.summary();
    assert_eq!(
        (s.added, s.skipped, s.documents),
        (1, 1, 1),
        "{}",
        out.stdout
    );
    let warnings: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(warnings.len(), 1, "{}", out.stderr);
    assert!(
        warnings[0].starts_with("dsearch: warning: ") && warnings[0].contains("blob.txt"),
        "{}",
        warnings[0]
    );
    env.dsearch(["query", "zyxbinary"]).assert_code(1);
    let (hits, _) = env.query_json(&["quokka"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(file_name(&hits[0]), "good.txt");
}

#[test]
fn files_not_in_utf8_are_decoded_and_say_how() {
    let env = Env::new();
    // Latin-1, a Chinese page in GBK that declares it, UTF-16 with a byte order mark,
    // and UTF-8 with one bad byte.
    env.write("docs/latin1.txt", b"Ti\xeau\nquokka caf\xe9 zyxlatin\n");
    let mut page = b"<html><head><meta charset=\"gbk\"><title>".to_vec();
    page.extend(encoding_rs::GBK.encode("中国峰会").0.iter());
    page.extend(b"</title></head><body>zyxgbk ".iter());
    page.extend(encoding_rs::GBK.encode("绿色矿产合作").0.iter());
    page.extend(b"</body></html>".iter());
    env.write("docs/gbk.html", page);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "Tiêu đề\nzyxutf16 空港を改装する"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    env.write("docs/utf16.txt", utf16);
    env.write(
        "docs/damaged.txt",
        [
            &b"Ti\xc3\xaau \xff\n"[..],
            "zyxdamaged khoáng sản xanh và đổi mới".as_bytes(),
        ]
        .concat(),
    );
    let out = env.dsearch(["index", "docs"]);
    out.assert_code(0);
    let s = out.summary();
    assert_eq!(
        (s.added, s.skipped, s.documents),
        (4, 0, 4),
        "{}",
        out.stdout
    );
    let mut warnings: Vec<&str> = out.stderr.lines().collect();
    warnings.sort();
    assert_eq!(warnings.len(), 2, "{}", out.stderr);
    assert!(
        warnings[0].starts_with("dsearch: warning: ")
            && warnings[0].contains("damaged.txt: invalid UTF-8, decoded lossily"),
        "{}",
        warnings[0]
    );
    assert!(
        // A short text: chardetng may take it for windows-1250, where é is é too.
        warnings[1].contains("latin1.txt: not UTF-8, decoded as windows-125")
            && warnings[1].ends_with("(guessed)"),
        "{}",
        warnings[1]
    );
    let snippet = |q: &str| {
        let (hits, out) = env.query_json(&[q]);
        out.assert_code(0);
        assert_eq!(hits.len(), 1, "{q}");
        hits[0].snippet.clone()
    };
    assert!(snippet("zyxlatin").contains("café"));
    assert!(snippet("绿色矿产").contains("绿色矿产合作"));
    assert!(snippet("改装する").contains("空港を改装する"));
    assert!(snippet("zyxdamaged").contains("khoáng sản"));
    let (hits, _) = env.query_json(&["峰会"]);
    assert_eq!(hits[0].title, "中国峰会", "the title is decoded too");
}

#[test]
fn empty_and_blank_files_do_not_break_indexing() {
    let env = Env::new();
    env.write("docs/empty.txt", "");
    env.write("docs/blank.md", "\n\n   \n");
    env.write("docs/empty.html", "");
    env.write("docs/empty.jsonl", "");
    env.write("docs/ok.txt", "OK\nquokka");
    let out = env.dsearch(["index", "docs"]);
    out.assert_code(0);
    env.dsearch(["query", "quokka"]).assert_code(0);
}

#[test]
fn odd_queries_never_fail_badly() {
    let env = Env::with_corpus();
    env.index_corpus();
    let queries = [
        "\"",
        "\"khoáng sản",
        "-",
        "--",
        "-khoáng",
        "OR",
        "a OR",
        "OR OR OR",
        "lang:",
        "lang:xx khoáng",
        "title:",
        "title:\"\"",
        "*",
        "khoáng*",
        "(",
        ")(",
        "[",
        "\\",
        "“綠色礦產”",
        "「綠色」",
        "礦",
        "中",
        "ー",
        "\u{200b}",
        "\u{0301}",
        "a\u{0301}",
        "😀",
        "\u{FFFD}",
        "ｋｈｏａｎｇ",
        "khoáng-sản",
        "(lián)",
        "聯(lián)合",
        "AND NOT",
        "khoáng sản xanh khoáng sản xanh khoáng sản xanh khoáng sản xanh khoáng sản xanh",
    ];
    for q in queries {
        for extra in [
            &[][..],
            &["--json"][..],
            &["--explain", "--color", "always"][..],
        ] {
            let mut args = vec!["query"];
            args.extend_from_slice(extra);
            args.push(q);
            let out = env.dsearch(&args);
            assert!(matches!(out.code, Some(0..=2)), "{args:?}: {out:?}");
            if extra.contains(&"--json") && out.code == Some(0) {
                out.hits();
            }
        }
    }
}

/// Runs `query --json CASE... khoáng sản xanh` for each case: no crash, a valid exit.
#[track_caller]
fn query_cases(env: &Env, cases: &[&[&str]]) {
    for case in cases {
        let mut args = vec!["query", "--json"];
        args.extend_from_slice(case);
        args.push("khoáng sản xanh");
        let out = env.dsearch(&args);
        assert!(matches!(out.code, Some(0..=2)), "{args:?}: {out:?}");
        if out.code == Some(0) {
            out.hits();
        }
    }
}

#[test]
fn extreme_snippet_options_do_not_panic() {
    let env = Env::with_corpus();
    env.index_corpus();
    query_cases(
        &env,
        &[
            &["--limit", "0"],
            &["--snippet-chars", "16"],
            &["--snippet-chars", "10000"],
            &["--fragments", "1"],
            &["--fragments", "20"],
            &["--snippet-chars", "16", "--fragments", "20"],
            &["--lang", ""],
        ],
    );
    // Values that cannot shape a snippet are bad arguments, named.
    for (flag, value) in [
        ("--snippet-chars", "0"),
        ("--snippet-chars", "100000"),
        ("--fragments", "0"),
    ] {
        let out = env.dsearch(["query", flag, value, "khoáng"]);
        out.assert_code(2);
        assert!(out.stderr.contains(flag), "{flag} {value}: {}", out.stderr);
    }
}

#[test]
fn huge_limit_and_offset_do_not_crash() {
    let env = Env::with_corpus();
    env.index_corpus();
    query_cases(
        &env,
        &[
            &["--limit", "1000000000"],
            &["--offset", "4000000000"],
            &["--limit", "18446744073709551615"],
            &["--offset", "18446744073709551615"],
            &[
                "--offset",
                "18446744073709551615",
                "--limit",
                "18446744073709551615",
            ],
        ],
    );
    // A huge limit is just "all of them".
    let (all, out) = env.query_json(&["--limit", "18446744073709551615", "khoáng sản xanh"]);
    out.assert_code(0);
    let (some, _) = env.query_json(&["--limit", "100", "khoáng sản xanh"]);
    assert_eq!(all.len(), some.len());
}

#[test]
fn bad_option_values_exit_2() {
    let env = Env::with_corpus();
    env.index_corpus();
    for args in [
        &["query", "--limit", "many", "khoáng"][..],
        &["query", "--color", "sometimes", "khoáng"][..],
        &["index", "--max-file-size", "lots", "corpus"][..],
        // 100,000 threads failed to start and aborted the process.
        &["index", "--threads", "100000", "corpus"][..],
        // tantivy refused it with a message that did not name the option.
        &["index", "--memory", "999999999", "corpus"][..],
        &["frobnicate"][..],
    ] {
        let out = env.dsearch(args);
        out.assert_code(2);
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn files_over_the_size_limit_are_skipped_with_a_warning() {
    let env = Env::new();
    env.write("docs/small.txt", "Nhỏ\nquokka");
    env.write("docs/big.txt", format!("Lớn\nquokka {}", "x".repeat(4096)));
    let out = env.dsearch(["index", "--max-file-size", "1K", "docs"]);
    out.assert_code(0);
    let s = out.summary();
    assert_eq!((s.added, s.skipped), (1, 1), "{}", out.stdout);
    assert!(out.stderr.contains("big.txt"), "{}", out.stderr);
}

#[test]
fn an_unquoted_exclusion_is_said_as_such() {
    let env = Env::with_corpus();
    env.index_corpus();
    let out = env.dsearch(["query", "Trung", "-ASEAN"]);
    out.assert_code(2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.starts_with(
            "dsearch: `-ASEAN` reads as an option: to leave a word out, quote the whole query"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    // Quoted, or after `--`, it is an exclusion.
    env.dsearch(["query", "Trung -ASEAN"]).assert_code(0);
    env.dsearch(["query", "Trung", "--", "-ASEAN"])
        .assert_code(0);
    // A mistyped long option keeps clap's message.
    let out = env.dsearch(["query", "Trung", "--limt", "3"]);
    out.assert_code(2);
    assert!(out.stderr.contains("--limt"), "{}", out.stderr);
    assert!(!out.stderr.contains("leave a word out"), "{}", out.stderr);
}
