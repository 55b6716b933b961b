//! `GET /documents/{id}`: a document from the index, by id (which may hold `/`), never
//! read from a path.

use dsearch::{Document, Index, WriterOptions};
use dsearch_server::wire::{DeleteResponse, DocumentResponse};

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
fn ids_with_a_dot_dot_segment_or_a_control_character_are_refused() {
    let s = TestServer::start();
    for id in [
        "..",
        "%2E%2E",
        "..%2F..%2Fetc%2Fpasswd",
        "../../etc/passwd",
        "a%5C..%5Cb",
        "a%00b",
    ] {
        let e = s.get(&format!("/documents/{id}")).error(400);
        assert!(e.starts_with("invalid id"), "{id}: {e}");
    }
    // `..` inside a name is no path segment: a file may be called so.
    for id in ["notes..v2.txt", "docs/v1..2", "a%5Cb"] {
        let e = s.get(&format!("/documents/{id}")).error(404);
        assert!(e.starts_with("no document has the id"), "{id}: {e}");
    }
    // Bytes that are not UTF-8 once decoded.
    let e = s.get("/documents/%FF").error(400);
    assert!(e.starts_with("invalid id"), "{e}");
}

#[test]
fn ids_with_a_slash_are_reachable_as_they_are_or_percent_encoded() {
    let s = TestServer::with(|o| o.write_token(Some("t0ken".into())));
    // A file's document has its path as id.
    let file = "docs/000_d0177257eb7f929e.txt";
    for path in [file.to_string(), file.replace('/', "%2F")] {
        let d: DocumentResponse = s.get_json(&format!("/documents/{path}"), 200);
        assert_eq!(d.id, file, "{path}");
        assert_eq!(d.path.as_deref(), Some(file), "{path}");
    }
    s.get("/documents/docs/nothing-here.txt").error(404);
    // Documents added by a program may have any id.
    let other = Index::open(s.index_dir()).unwrap();
    let mut w = other.writer(&WriterOptions::default()).unwrap();
    for id in ["news/2024/a", "news/2024/b"] {
        w.add(Document::new(id, "Tin", "Bài có mã chứa dấu gạch chéo."))
            .unwrap();
    }
    w.commit().unwrap();
    drop(w);
    let auth = [("Authorization", "Bearer t0ken")];
    for (id, path) in [
        ("news/2024/a", "news/2024/a"),
        ("news/2024/b", "news%2F2024%2Fb"),
    ] {
        let d: DocumentResponse = s.get_json(&format!("/documents/{path}"), 200);
        assert_eq!(d.id, id);
        assert_eq!(d.path, None);
        let r: DeleteResponse = s
            .request("DELETE", &format!("/documents/{path}"), &auth, None)
            .expect(200)
            .json();
        assert_eq!(r.deleted, id);
        s.get(&format!("/documents/{path}")).error(404);
        s.request("DELETE", &format!("/documents/{path}"), &auth, None)
            .error(404);
    }
    // A file's document is still the file's.
    let e = s
        .request("DELETE", &format!("/documents/{file}"), &auth, None)
        .error(400);
    assert!(e.contains("change the file"), "{e}");
}
