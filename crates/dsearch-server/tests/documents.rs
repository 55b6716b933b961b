//! `GET /documents/{id}`: a document from the index, by id; never a path.

use dsearch_server::wire::DocumentResponse;

use crate::util::{enc, TestServer};

#[test]
fn a_document_by_id_with_its_metadata() {
    let s = TestServer::start();
    let d: DocumentResponse = s.get_json("/documents/vi-mo", 200);
    assert_eq!(d.id, "vi-mo");
    assert_eq!(d.title, "Khai thác khoáng sản bền vững");
    assert!(d.body.starts_with("Việt Nam"));
    assert_eq!(d.lang, "vi");
    assert_eq!(d.url.as_deref(), Some("https://example.org/vi/mo"));
    assert_eq!(d.path.as_deref(), Some("docs/news.jsonl"));
    assert_eq!(d.fields["source"], "vov");
    assert_eq!(d.fields["date"], "2024-03-05");
    assert_eq!(d.fields["pages"], 3.0);
    let ja: DocumentResponse = s.get_json(&format!("/documents/{}", enc("ja-kix")), 200);
    assert_eq!(ja.lang, "ja");
}

#[test]
fn an_unknown_id_is_404() {
    let s = TestServer::start();
    let e = s.get("/documents/nothing-here").error(404);
    assert!(e.contains("nothing-here"), "{e}");
}

#[test]
fn ids_that_look_like_paths_are_refused() {
    let s = TestServer::start();
    // A file's documents have its path as id: they are not served by id.
    for id in [
        "..",
        "%2E%2E",
        "docs%2Fnews.jsonl",
        "..%2F..%2Fetc%2Fpasswd",
        "a%5Cb",
        "a%00b",
    ] {
        let e = s.get(&format!("/documents/{id}")).error(400);
        assert!(e.starts_with("invalid id"), "{id}: {e}");
    }
    // Bytes that are not UTF-8 once decoded.
    let e = s.get("/documents/%FF").error(400);
    assert!(e.starts_with("invalid id"), "{e}");
    // A slash in the path is another route, which does not exist.
    s.get("/documents/docs/news.jsonl").error(404);
}
