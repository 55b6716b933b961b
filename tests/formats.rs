//! Input formats: titles of .txt, .md and .html files, HTML text that is not body text
//! (script, style, nav), and JSON Lines documents (id, title, lang, url, bad lines).

use crate::util::{file_name, Env};

/// Indexes `docs/` and returns the single hit of `query`.
#[track_caller]
fn only_hit(env: &Env, query: &str) -> dsearch::wire::JsonHit {
    let (mut hits, out) = env.query_json(&[query]);
    out.assert_code(0);
    assert_eq!(hits.len(), 1, "{query}: {hits:?}");
    hits.remove(0)
}

#[test]
fn txt_title_is_the_first_non_empty_line() {
    let env = Env::new();
    env.write("docs/a.txt", "\n\n   Tiêu đề văn bản  \nThân bài quokka.\n");
    env.dsearch(["index", "docs"]).assert_code(0);
    let hit = only_hit(&env, "quokka");
    assert_eq!(hit.title, "Tiêu đề văn bản");
    assert_eq!(
        hit.id.as_deref(),
        Some("docs/a.txt"),
        "a whole file's document has the file (relative to the index root) as its id"
    );
    assert_eq!(hit.url, None);
}

#[test]
fn markdown_title_is_the_first_heading() {
    let env = Env::new();
    env.write(
        "docs/atx.md",
        "Một dòng mở đầu.\n\n## Khoáng sản xanh ##\n\nNội dung quokka.\n",
    );
    env.write(
        "docs/setext.md",
        "Lời nói đầu\n\n綠色礦產\n========\n\nNội dung wombat.\n",
    );
    env.write(
        "docs/plain.markdown",
        "\nKhông có tiêu đề\nnội dung numbat\n",
    );
    env.dsearch(["index", "docs"]).assert_code(0);
    assert_eq!(only_hit(&env, "quokka").title, "Khoáng sản xanh");
    assert_eq!(only_hit(&env, "wombat").title, "綠色礦產");
    assert_eq!(only_hit(&env, "numbat").title, "Không có tiêu đề");
}

#[test]
fn html_title_from_title_element_else_first_h1() {
    let env = Env::new();
    env.write(
        "docs/titled.html",
        "<!doctype html><html><head><title>  Trang   khoáng sản </title></head>\
         <body><h1>Không phải tiêu đề</h1><p>Đoạn quokka.</p></body></html>",
    );
    env.write(
        "docs/h1.htm",
        "<html><body><h1>绿色<i>矿产</i></h1><p>Đoạn wombat.</p></body></html>",
    );
    let out = env.dsearch(["index", "docs"]);
    out.assert_code(0);
    assert_eq!(out.summary().added, 2);
    assert_eq!(only_hit(&env, "quokka").title, "Trang khoáng sản");
    assert_eq!(only_hit(&env, "wombat").title, "绿色矿产");
}

#[test]
fn html_script_style_and_nav_text_is_not_searchable() {
    let env = Env::new();
    env.write(
        "docs/page.html",
        "<html><head><title>Trang</title>\
         <style>.zyxstyle { color: red }</style>\
         <script>var zyxheadscript = 1;</script></head>\
         <body><nav>zyxnav menu</nav>\
         <p>Nội dung <b>quokka</b> hiển thị.</p>\
         <script>zyxbodyscript();</script><noscript>zyxnoscript</noscript></body></html>",
    );
    env.dsearch(["index", "docs"]).assert_code(0);
    let hit = only_hit(&env, "quokka");
    assert!(
        !hit.snippet.contains("zyx"),
        "snippet shows hidden text: {:?}",
        hit.snippet
    );
    for hidden in [
        "zyxstyle",
        "zyxheadscript",
        "zyxnav",
        "zyxbodyscript",
        "zyxnoscript",
    ] {
        let out = env.dsearch(["query", hidden]);
        out.assert_code(1);
        assert_eq!(out.stdout, "", "{hidden} found");
    }
}

const JSONL: &str = concat!(
    r#"{"id":"vi-1","title":"Khoáng sản","text":"Hợp tác khoáng sản quokka.","lang":"vi","url":"https://example.org/vi-1"}"#,
    "\n",
    r#"{"id":"ja-1","title":"Override","text":"plain latin words quokka","lang":"ja"}"#,
    "\n",
    "\n",
    "this line is not json\n",
    r#"{"id":7,"title":"Số","body":"numeric id quokka"}"#,
    "\n",
);

#[test]
fn jsonl_documents_carry_id_title_lang_and_url() {
    let env = Env::new();
    env.write("docs/items.jsonl", JSONL);
    let out = env.dsearch(["index", "docs"]);
    out.assert_code(0);
    let s = out.summary();
    assert_eq!((s.added, s.documents), (1, 3), "{}", out.stdout);

    let (hits, out) = env.query_json(&["quokka"]);
    out.assert_code(0);
    assert_eq!(hits.len(), 3, "{hits:?}");
    let by_id = |id: &str| {
        hits.iter()
            .find(|h| h.id.as_deref() == Some(id))
            .unwrap_or_else(|| panic!("no hit with id {id}: {hits:?}"))
    };
    let vi = by_id("vi-1");
    assert_eq!(vi.title, "Khoáng sản");
    assert_eq!(vi.lang, "vi");
    assert_eq!(vi.url.as_deref(), Some("https://example.org/vi-1"));
    assert_eq!(file_name(vi), "items.jsonl");

    let ja = by_id("ja-1");
    assert_eq!(ja.lang, "ja", "the line's lang overrides detection");
    assert_eq!(ja.title, "Override");
    assert_eq!(ja.url, None);

    let num = by_id("7");
    assert_eq!(num.title, "Số");
    assert!(
        num.snippet.contains("numeric id"),
        "body is the text: {:?}",
        num.snippet
    );

    // The override is what `--lang` and `lang:` filter on.
    let (hits, _) = env.query_json(&["--lang", "ja", "quokka"]);
    let ids: Vec<_> = hits.iter().map(|h| h.id.as_deref()).collect();
    assert_eq!(ids, [Some("ja-1")]);
}

#[test]
fn jsonl_bad_line_is_reported_by_number_and_the_rest_indexed() {
    let env = Env::new();
    env.write("docs/items.jsonl", JSONL);
    let out = env.dsearch(["index", "docs"]);
    out.assert_code(0);
    let warnings: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(warnings.len(), 1, "one warning: {}", out.stderr);
    assert!(
        warnings[0].starts_with("dsearch: warning: ") && warnings[0].contains("items.jsonl"),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[0].contains("line 4:"),
        "the bad line is line 4: {}",
        warnings[0]
    );
    assert_eq!(out.summary().documents, 3);
}

#[test]
fn jsonl_title_is_searchable_and_lines_without_text_are_reported() {
    let env = Env::new();
    env.write(
        "docs/t.jsonl",
        "{\"id\":\"only-title\",\"title\":\"Tiêu đề zyxtitleonly\"}\n{\"id\":\"empty\"}\n",
    );
    let out = env.dsearch(["index", "docs"]);
    out.assert_code(0);
    assert!(out.stderr.contains("line 2:"), "{}", out.stderr);
    assert_eq!(out.summary().documents, 1);
    let hit = only_hit(&env, "zyxtitleonly");
    assert_eq!(hit.id.as_deref(), Some("only-title"));
}
