//! Writes: only with a write token, only with `Authorization: Bearer TOKEN`, committed
//! before the answer, upserts by id, one writer at a time (another process's writer
//! makes the server answer 503).

use dsearch::{Index, WriterOptions};
use dsearch_server::wire::{DeleteResponse, DocumentResponse, SearchResponse, WriteResponse};

use crate::util::{enc, TestServer};

const TOKEN: &str = "s3cret-token";
const AUTH: (&str, &str) = ("Authorization", "Bearer s3cret-token");

fn writer() -> TestServer {
    TestServer::with(|o| o.write_token(Some(TOKEN.into())))
}

fn post(s: &TestServer, body: &str) -> WriteResponse {
    s.request("POST", "/documents", &[AUTH], Some(body.as_bytes()))
        .expect(200)
        .json()
}

fn ids(r: &SearchResponse) -> Vec<&str> {
    r.hits.iter().filter_map(|h| h.id.as_deref()).collect()
}

#[test]
fn writes_are_off_without_a_token() {
    let s = TestServer::start();
    let body = br#"{"id":"x","text":"y"}"#;
    let r = s.request("POST", "/documents", &[AUTH], Some(body));
    assert_eq!(r.header("allow"), Some(""));
    let e = r.error(405);
    assert_eq!(
        e,
        "writes are disabled: start dsearch serve with --write-token"
    );
    let r = s.request("DELETE", "/documents/vi-mo", &[AUTH], None);
    assert_eq!(r.header("allow"), Some("GET, HEAD"));
    r.error(405);
    s.get_json::<DocumentResponse>("/documents/vi-mo", 200);
}

#[test]
fn a_missing_or_wrong_token_is_401() {
    let s = writer();
    let body = br#"{"id":"x","text":"y"}"#;
    let r = s.request("POST", "/documents", &[], Some(body));
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    assert_eq!(
        r.error(401),
        "writes need the header `Authorization: Bearer TOKEN`"
    );
    for auth in [
        "Bearer wrong",
        "Bearer s3cret-toke",
        "Basic czNjcmV0LXRva2Vu",
        "s3cret-token",
    ] {
        let r = s.request("POST", "/documents", &[("Authorization", auth)], Some(body));
        assert_eq!(r.status, 401, "{auth}: {r:?}");
    }
    s.request(
        "DELETE",
        "/documents/vi-mo",
        &[("Authorization", "Bearer nope")],
        None,
    )
    .error(401);
    // Nothing was written or deleted.
    s.get("/documents/x").error(404);
    s.get_json::<DocumentResponse>("/documents/vi-mo", 200);
}

#[test]
fn a_post_is_searchable_when_it_answers_and_upserts_by_id() {
    let s = writer();
    let r = post(
        &s,
        r#"{"id":"n1","title":"Cảng hàng không quốc tế","text":"Sân bay mới zzairport mở cửa đón khách quốc tế.","url":"https://example.org/n1","source":"vnexpress","date":"2024-06-01"}"#,
    );
    assert_eq!(r.upserted, ["n1"]);
    let found: SearchResponse = s.get_json("/search?q=zzairport", 200);
    assert_eq!(ids(&found), ["n1"]);
    assert_eq!(found.hits[0].fields["source"], "vnexpress");
    let d: DocumentResponse = s.get_json("/documents/n1", 200);
    assert_eq!((d.lang.as_str(), d.path.as_deref()), ("vi", None));
    // An array, one of which replaces n1.
    let r = post(
        &s,
        r#"[{"id":"n1","title":"Sân bay (sửa)","body":"Sân bay mới zzairport đã sửa."},
            {"id":"n2","title":"新機場","text":"新機場正式啟用。","lang":"zh","extra":{"nested":true}}]"#,
    );
    assert_eq!(r.upserted, ["n1", "n2"]);
    assert_eq!(r.warnings.len(), 1, "{r:?}");
    assert!(
        r.warnings[0].starts_with("document 2: field `extra`"),
        "{r:?}"
    );
    let found: SearchResponse = s.get_json("/search?q=zzairport", 200);
    assert_eq!(ids(&found), ["n1"], "one document per id");
    assert_eq!(found.hits[0].title, "Sân bay (sửa)");
    let zh: SearchResponse = s.get_json(&format!("/search?q={}", enc("新机场")), 200);
    assert_eq!(
        ids(&zh)[0],
        "n2",
        "simplified finds the traditional document just written"
    );
}

#[test]
fn a_delete_is_gone_when_it_answers() {
    let s = writer();
    post(
        &s,
        r#"{"id":"m-del","title":"Khai thác","text":"Khai thác mỏ zzquarry."}"#,
    );
    let r: DeleteResponse = s
        .request("DELETE", "/documents/m-del", &[AUTH], None)
        .expect(200)
        .json();
    assert_eq!(r.deleted, "m-del");
    s.get("/documents/m-del").error(404);
    let found: SearchResponse = s.get_json("/search?q=zzquarry", 200);
    assert!(ids(&found).is_empty(), "{found:?}");
    let e = s
        .request("DELETE", "/documents/m-del", &[AUTH], None)
        .error(404);
    assert!(e.contains("m-del"));
    // A document read from a file is the file's: change the file instead.
    let e = s
        .request("DELETE", "/documents/vi-mo", &[AUTH], None)
        .error(400);
    assert!(e.contains("change the file"), "{e}");
    s.get_json::<DocumentResponse>("/documents/vi-mo", 200);
    let body = r#"{"id":"vi-mo","text":"thay thế"}"#;
    let e = s
        .request("POST", "/documents", &[AUTH], Some(body.as_bytes()))
        .error(400);
    assert!(e.contains("change the file"), "{e}");
    s.request("DELETE", "/documents/..", &[AUTH], None)
        .error(400);
}

#[test]
fn bad_documents_are_400_and_write_nothing() {
    let s = writer();
    let bad = |body: &str| {
        s.request("POST", "/documents", &[AUTH], Some(body.as_bytes()))
            .error(400)
    };
    assert!(bad("{not json").starts_with("the body is not valid JSON"));
    assert_eq!(bad("[]"), "the array holds no documents");
    assert_eq!(
        bad(r#""text""#),
        "the body must be a JSON object or an array of them"
    );
    assert_eq!(
        bad(r#"[{"id":"ok","text":"x"},{"text":"no id"}]"#),
        "document 2: needs an `id` (a string or a number)"
    );
    assert!(bad(r#"{"id":"a/b","text":"x"}"#).starts_with("document 1: invalid id"));
    assert_eq!(
        bad(r#"{"id":"e"}"#),
        "document 1: no `text`, `body` or `title`"
    );
    s.get("/documents/ok").error(404);
}

#[test]
fn a_document_with_both_text_and_body_is_400() {
    let s = writer();
    let body = r#"[{"id":"ok","text":"x"},{"id":"tb","text":"văn bản","body":"nội dung"}]"#;
    let e = s
        .request("POST", "/documents", &[AUTH], Some(body.as_bytes()))
        .error(400);
    assert_eq!(
        e,
        "document 2: holds both `text` and `body` (give one of them)"
    );
    s.get("/documents/ok").error(404);
    s.get("/documents/tb").error(404);
    // A null one is as good as absent.
    post(&s, r#"{"id":"tb","text":"văn bản","body":null}"#);
    let d: DocumentResponse = s.get_json("/documents/tb", 200);
    assert_eq!(d.body, "văn bản");
}

#[test]
fn a_body_may_start_with_a_byte_order_mark() {
    let s = writer();
    let mut body = b"\xEF\xBB\xBF".to_vec();
    body.extend_from_slice(r#"{"id":"bom","text":"Tin có dấu thứ tự byte zzbom."}"#.as_bytes());
    let r: WriteResponse = s
        .request("POST", "/documents", &[AUTH], Some(&body))
        .expect(200)
        .json();
    assert_eq!(r.upserted, ["bom"]);
    let d: DocumentResponse = s.get_json("/documents/bom", 200);
    assert_eq!(d.body, "Tin có dấu thứ tự byte zzbom.");
    // One mark only: a second one is not JSON.
    let mut twice = b"\xEF\xBB\xBF\xEF\xBB\xBF".to_vec();
    twice.extend_from_slice(br#"{"id":"bom2","text":"x"}"#);
    let e = s
        .request("POST", "/documents", &[AUTH], Some(&twice))
        .error(400);
    assert!(e.starts_with("the body is not valid JSON"), "{e}");
}

#[test]
fn another_writer_makes_writes_503() {
    let s = writer();
    // Another process's writer: a second Index on the same directory holds the lock.
    let other = Index::open(s.index_dir()).unwrap();
    let held = other.writer(&WriterOptions::default()).unwrap();
    let r = s.request(
        "POST",
        "/documents",
        &[AUTH],
        Some(br#"{"id":"b1","text":"x"}"#),
    );
    assert_eq!(r.header("retry-after"), Some("1"));
    let e = r.error(503);
    assert!(e.starts_with("the index is busy"), "{e}");
    s.request("DELETE", "/documents/vi-mo", &[AUTH], None)
        .error(503);
    // Searches answer all along.
    s.get_json::<SearchResponse>("/search?q=xanh", 200);
    drop(held);
    post(&s, r#"{"id":"b1","text":"x"}"#);
}

#[test]
fn concurrent_writes_take_turns() {
    let s = writer();
    std::thread::scope(|scope| {
        for t in 0..4 {
            let s = &s;
            scope.spawn(move || {
                for i in 0..3 {
                    let body =
                        format!(r#"{{"id":"c{t}-{i}","text":"luồng {t} lượt {i} zzconcurrent"}}"#);
                    post(s, &body);
                }
            });
        }
    });
    let r: SearchResponse = s.get_json("/search?q=zzconcurrent&limit=50", 200);
    assert_eq!(r.hits.len(), 12, "{r:?}");
}

/// A write has no time limit: once it runs it is applied, so it answers what happened
/// (a 503 after its commit would tell the client it failed, and a retry would repeat
/// it), while a read over the limit is a 503.
#[test]
fn writes_answer_what_happened_whatever_the_time_limit() {
    let s = TestServer::with(|o| {
        o.write_token(Some(TOKEN.into()))
            .timeout(std::time::Duration::ZERO)
    });
    let w = post(&s, r#"{"id":"t1","text":"quokka chậm"}"#);
    assert_eq!(w.upserted, ["t1"]);
    s.get("/search?q=quokka").error(503);
    s.request("DELETE", "/documents/t1", &[AUTH], None)
        .expect(200);
}
