//! Metadata through the command line: JSONL keys and HTML `<meta>` become fields in
//! `--json` and in the human output; `name:value` filters; `--sort`; errors.

use crate::util::Env;

fn env() -> Env {
    let env = Env::new();
    env.write(
        "docs/news.jsonl",
        concat!(
            r#"{"id":"a1","title":"Khoáng sản xanh","text":"Hợp tác khoáng sản xanh.","source":"vov","date":"2024-03-05","pages":3,"tags":["kinh tế","khoáng sản"]}"#,
            "\n",
            r#"{"id":"a2","title":"Khoáng sản","text":"Khoáng sản xanh và đổi mới.","source":"VnExpress","date":"2024-07-01"}"#,
            "\n",
            r#"{"id":"a3","title":"绿色矿产","text":"拓展绿色矿产合作。","source":"vov","date":"2023-12-31"}"#,
            "\n"
        ),
    );
    env.write(
        "docs/page.html",
        "<html><head><title>Tin</title><meta name=\"author\" content=\"Nguyễn Văn A\">\
         <meta property=\"article:published_time\" content=\"2024-05-01T08:00:00+07:00\"></head>\
         <body><p>khoáng sản xanh ở miền núi</p></body></html>",
    );
    env.dsearch(["index", "docs"]).assert_code(0);
    env
}

fn ids(env: &Env, args: &[&str]) -> Vec<String> {
    let (hits, out) = env.query_json(args);
    assert!(matches!(out.code, Some(0 | 1)), "{out:?}");
    hits.into_iter().map(|h| h.id.unwrap_or_default()).collect()
}

#[test]
fn jsonl_keys_and_html_meta_are_fields_in_json() {
    let env = env();
    let (hits, out) = env.query_json(&["source:vov khoang san"]);
    out.assert_code(0);
    assert_eq!(hits.len(), 1);
    let f = &hits[0].fields;
    assert_eq!(f["source"], "vov");
    assert_eq!(f["date"], "2024-03-05");
    assert_eq!(f["pages"].to_string(), "3", "a whole number, not 3.0");
    assert_eq!(f["tags"], serde_json::json!(["kinh tế", "khoáng sản"]));
    let (hits, _) = env.query_json(&["author:\"nguyễn văn a\""]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].fields["author"], "Nguyễn Văn A");
    assert_eq!(hits[0].fields["date"], "2024-05-01T08:00:00+07:00");
    // The human output shows them on one line.
    let out = env.dsearch(["query", "--color", "never", "source:vnexpress"]);
    out.assert_code(0);
    assert!(
        out.stdout.contains("date: 2024-07-01 · source: VnExpress"),
        "{}",
        out.stdout
    );
}

#[test]
fn each_filter() {
    let env = env();
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(sorted(ids(&env, &["source:vov"])), ["a1", "a3"]);
    assert_eq!(ids(&env, &["source:VNEXPRESS"]), ["a2"]);
    assert_eq!(
        ids(&env, &["khoang san -source:vov"]),
        ["a2", "docs/page.html"]
    );
    assert_eq!(ids(&env, &["tags:khoáng sản"]), Vec::<String>::new());
    assert_eq!(ids(&env, &["tags:\"khoáng sản\""]), ["a1"]);
    assert_eq!(ids(&env, &["pages:3"]), ["a1"]);
    assert_eq!(ids(&env, &["pages:..2"]), Vec::<String>::new());
    assert_eq!(ids(&env, &["date:2024-03-05"]), ["a1"]);
    assert_eq!(ids(&env, &["date:2023"]), ["a3"]);
    assert_eq!(
        sorted(ids(&env, &["date:2024-01-01..2024-06-30"])),
        ["a1", "docs/page.html"]
    );
    assert_eq!(
        sorted(ids(&env, &["date:2024-05.."])),
        ["a2", "docs/page.html"]
    );
    assert_eq!(ids(&env, &["date:..2023-12-31"]), ["a3"]);
}

#[test]
fn both_sort_orders() {
    let env = env();
    let oldest = ids(&env, &["--sort", "date", "khoang san xanh"]);
    assert_eq!(oldest, ["a1", "docs/page.html", "a2"]);
    let newest = ids(&env, &["--sort", "-date", "khoang san xanh"]);
    assert_eq!(newest, ["a2", "docs/page.html", "a1"]);
    let out = env.dsearch(["query", "--sort", "", "x"]);
    assert_eq!(out.code, Some(2), "{out:?}");
}

#[test]
fn a_filter_on_a_missing_field_is_read_as_words_and_says_why() {
    let env = env();
    // `C:\Windows`, `apt:install`: a colon after a word no document has as a field is
    // text, not a filter that finds nothing.
    let (hits, out) = env.query_json(&["khoang san publisher:abc"]);
    out.assert_code(0);
    assert_eq!(hits.len(), 3, "the pages with khoang san: {hits:?}");
    assert!(
        hits.iter().all(|h| h.missing == ["publisher", "abc"]),
        "{hits:?}"
    );
    assert_eq!(
        out.stderr,
        "dsearch: warning: no document has the field `publisher`: `publisher:abc` is read as words\n"
    );
    // Negated, it stays a filter: it leaves nothing out.
    let (hits, out) = env.query_json(&["khoang san -publisher:abc"]);
    out.assert_code(0);
    assert_eq!(hits.len(), 3, "{hits:?}");
    assert_eq!(
        out.stderr,
        "dsearch: warning: no document has the field `publisher`\n"
    );
}

#[test]
fn a_missing_field_in_an_or_group_of_filters_says_which_filters_can_still_match() {
    let env = env();
    let (hits, out) = env.query_json(&["source:vov OR publisher:abc"]);
    out.assert_code(0);
    let mut ids: Vec<String> = hits.into_iter().filter_map(|h| h.id).collect();
    ids.sort();
    assert_eq!(ids, ["a1", "a3"]);
    assert_eq!(
        out.stderr,
        "dsearch: warning: no document has the field `publisher`: of `source:vov OR publisher:abc`, only `source:vov` can match\n"
    );
}

#[test]
fn an_or_between_a_language_and_a_metadata_filter_is_ignored_and_says_so() {
    let env = env();
    assert_eq!(
        ids(&env, &["lang:zh OR source:vnexpress"]),
        Vec::<String>::new()
    );
    let out = env.dsearch(["query", "lang:vi OR source:vov"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        out.stderr,
        "dsearch: warning: `OR` between `lang:vi` and `source:vov` was ignored: a `lang:` filter and a metadata filter both apply (`OR` joins filters of one kind)\n"
    );
}

#[test]
fn a_malformed_date_is_a_one_line_error() {
    let env = env();
    for q in [
        "date:2024-13-45",
        "khoang date:2024-02-30..",
        "date:2024-01..2024-99",
    ] {
        let out = env.dsearch(["query", q]);
        assert_eq!(out.code, Some(2), "{q}: {out:?}");
        assert_eq!(out.stdout, "");
        assert_eq!(out.stderr.lines().count(), 1, "{q}: {}", out.stderr);
        assert!(
            out.stderr.starts_with("dsearch: invalid date"),
            "{q}: {}",
            out.stderr
        );
    }
}
