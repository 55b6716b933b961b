//! Documents from a request body: one JSON object or an array of them, each read
//! exactly as a line of a `.jsonl` file is ([`dsearch::extract::jsonl::parse_line`]:
//! `id`, `title`, `text` or `body`, optional `lang` and `url`, every other key
//! metadata; both `text` and `body` is an error, not a silent choice), then made a
//! [`dsearch::Document`]. A body may start with a UTF-8 byte order mark. And what an
//! id may be.

use dsearch::extract::jsonl;
use dsearch::Document;
use serde_json::Value;

use crate::error::ApiError;

/// The longest id, in bytes.
const MAX_ID_BYTES: usize = 512;

/// The documents of a body, and warnings about them (metadata that was ignored).
#[derive(Debug)]
pub(crate) struct Batch {
    pub(crate) docs: Vec<Document>,
    pub(crate) warnings: Vec<String>,
}

/// The UTF-8 byte order mark, which some clients write before JSON.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads a body; a document that is not usable fails the whole batch with 400, naming
/// it by its number (1-based), so nothing is written half.
pub(crate) fn documents(body: &[u8]) -> Result<Batch, ApiError> {
    let body = body.strip_prefix(BOM).unwrap_or(body);
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("the body is not valid JSON: {e}")))?;
    let items = match value {
        Value::Array(items) => items,
        object @ Value::Object(_) => vec![object],
        _ => {
            return Err(ApiError::bad_request(
                "the body must be a JSON object or an array of them",
            ))
        }
    };
    if items.is_empty() {
        return Err(ApiError::bad_request("the array holds no documents"));
    }
    let mut batch = Batch {
        docs: Vec::with_capacity(items.len()),
        warnings: Vec::new(),
    };
    // Each document's number by id: a batch that gives an id twice keeps the later
    // document (each upsert replaces the one before), and says so, as `dsearch index`
    // does for a JSONL file.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        // The JSONL reader's messages start with the line number; here it is the
        // document's number.
        let reword = |message: &str| {
            let message = message
                .strip_prefix(&format!("line {n}: "))
                .unwrap_or(message);
            format!("document {n}: {message}")
        };
        if !item.is_object() {
            return Err(ApiError::bad_request(reword("not a JSON object")));
        }
        let e = match jsonl::parse_line(&item.to_string(), n) {
            Ok(Some(e)) => e,
            Ok(None) => return Err(ApiError::bad_request(reword("empty"))),
            Err(w) => {
                let message = w.message.trim_end_matches(", skipped");
                return Err(ApiError::bad_request(reword(message)));
            }
        };
        let Some(id) = e.id else {
            // An empty id, or one that is no text or number, is said as such.
            let why = jsonl::id(item.get("id"))
                .err()
                .unwrap_or("needs an `id` (a string or a number)");
            return Err(ApiError::bad_request(reword(why)));
        };
        check_id(&id).map_err(|e| ApiError::bad_request(reword(&e.message)))?;
        if let Some(earlier) = seen.insert(id.clone(), n) {
            batch.warnings.push(reword(&format!(
                "the id {id:?} of document {earlier} again: this later one is kept"
            )));
        }
        let mut doc = Document::new(id, e.title, e.body);
        if let Some(lang) = e.lang {
            doc = doc.lang(lang);
        }
        if let Some(url) = e.url {
            doc = doc.url(url);
        }
        for (name, value) in e.fields {
            doc = doc.field(name, value);
        }
        batch
            .warnings
            .extend(e.warnings.iter().map(|w| reword(&w.message)));
        batch.docs.push(doc);
    }
    Ok(batch)
}

/// Checks the id of a document a client writes: not empty, at most 512 bytes, no
/// control characters, and neither `/`, `\` nor `..`, so that an id never reads as a
/// path.
pub(crate) fn check_id(id: &str) -> Result<(), ApiError> {
    let why = if id.trim().is_empty() {
        "it is empty"
    } else if id.len() > MAX_ID_BYTES {
        "it is longer than 512 bytes"
    } else if id.contains(['/', '\\']) || id.contains("..") {
        "it holds `/`, `\\` or `..`"
    } else if id.chars().any(char::is_control) {
        "it holds a control character"
    } else {
        return Ok(());
    };
    refuse(id, why)
}

/// Checks an id a client looks up (`GET` or `DELETE /documents/{id}`). A lookup
/// never reads a path, and the index may hold ids a client could not write: a file's
/// documents have its path as id (`docs/notes..v2.txt`, a path of any length), and a
/// program may give any id. So only an empty id, one longer than the library allows
/// ([`dsearch::document::MAX_ID_BYTES`]), a control character and a `..` path segment
/// (`../etc/passwd`, which no stored id holds: paths are stored resolved) are refused.
pub(crate) fn check_lookup_id(id: &str) -> Result<(), ApiError> {
    let why = if id.trim().is_empty() {
        "it is empty"
    } else if id.len() > dsearch::document::MAX_ID_BYTES {
        "it is longer than the longest id (65,530 bytes)"
    } else if id.split(['/', '\\']).any(|segment| segment == "..") {
        "it holds a `..` path segment"
    } else if id.chars().any(char::is_control) {
        "it holds a control character"
    } else {
        return Ok(());
    };
    refuse(id, why)
}

fn refuse(id: &str, why: &str) -> Result<(), ApiError> {
    let shown: String = id.chars().take(64).collect();
    Err(ApiError::bad_request(format!(
        "invalid id {shown:?}: {why}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_and_arrays_become_documents() {
        let one = documents(br#"{"id":"n1","title":"T","text":"x","lang":"VI","url":"http://e","source":"vov","date":"2024-03-05"}"#).unwrap();
        assert_eq!(one.docs.len(), 1);
        let d = &one.docs[0];
        assert_eq!((d.id.as_str(), d.body.as_str()), ("n1", "x"));
        assert_eq!(d.lang.as_deref(), Some("vi"));
        assert_eq!(d.url.as_deref(), Some("http://e"));
        assert_eq!(d.fields.len(), 2);
        let many =
            documents(br#"[{"id":1,"body":"a"},{"id":"b","text":"b","extra":{"x":1}}]"#).unwrap();
        assert_eq!(many.docs.len(), 2);
        assert_eq!(many.docs[0].id, "1");
        assert_eq!(many.warnings.len(), 1, "{:?}", many.warnings);
        assert!(many.warnings[0].starts_with("document 2: field `extra`"));
        // An id given twice: both are upserted in order (the later replaces the
        // earlier), and the batch says so.
        let twice =
            documents(br#"[{"id":"d1","text":"a"},{"id":"d2","text":"b"},{"id":"d1","text":"c"}]"#)
                .unwrap();
        assert_eq!(twice.docs.len(), 3);
        assert_eq!(
            twice.warnings,
            ["document 3: the id \"d1\" of document 1 again: this later one is kept"]
        );
    }

    #[test]
    fn bad_bodies_name_the_document() {
        let err = |body: &str| documents(body.as_bytes()).unwrap_err().message;
        assert!(err("nope").starts_with("the body is not valid JSON"));
        assert_eq!(err("[]"), "the array holds no documents");
        assert_eq!(
            err("3"),
            "the body must be a JSON object or an array of them"
        );
        assert_eq!(
            err(r#"[{"id":"a","text":"x"},4]"#),
            "document 2: not a JSON object"
        );
        assert_eq!(
            err(r#"{"title":"t"}"#),
            "document 1: needs an `id` (a string or a number)"
        );
        assert_eq!(
            err(r#"{"id":"a"}"#),
            "document 1: no `text`, `body` or `title`"
        );
        assert!(err(r#"{"id":"../etc","text":"x"}"#).contains("`..`"));
        assert_eq!(err(r#"{"id":"","text":"x"}"#), "document 1: `id` is empty");
        assert_eq!(
            err(r#"{"id":true,"text":"x"}"#),
            "document 1: `id` is not text or a number"
        );
    }

    #[test]
    fn ids_never_read_as_paths() {
        for ok in ["n1", "a.b", "tài-liệu_1", "文档#3"] {
            assert!(check_id(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            " ",
            "a/b",
            "..",
            "a..b",
            "a\\b",
            "a\nb",
            &"x".repeat(513),
        ] {
            assert!(check_id(bad).is_err(), "{bad}");
        }
        // A lookup: any id the index may hold, a file's path of any length among them.
        let long_path = format!("docs/{}/a.txt", "d/".repeat(300));
        for ok in [
            "news/2024/a",
            "docs/notes..v2.txt",
            "v1..2",
            "a\\b",
            &long_path,
        ] {
            assert!(check_lookup_id(ok).is_ok(), "{ok}");
        }
        let too_long = "x".repeat(dsearch::document::MAX_ID_BYTES + 1);
        for bad in [
            "",
            "..",
            "a/../b",
            "../etc/passwd",
            "a\\..\\b",
            "a\nb",
            &too_long,
        ] {
            assert!(check_lookup_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn both_text_and_body_is_an_error() {
        let err = |body: &str| documents(body.as_bytes()).unwrap_err().message;
        assert_eq!(
            err(r#"{"id":"a","text":"x","body":"y"}"#),
            "document 1: holds both `text` and `body` (give one of them)"
        );
        assert_eq!(
            err(r#"[{"id":"a","text":"x"},{"id":"b","text":"","body":""}]"#),
            "document 2: holds both `text` and `body` (give one of them)"
        );
        let d = documents(br#"{"id":"a","text":null,"body":"y"}"#).unwrap();
        assert_eq!(d.docs[0].body, "y");
    }

    #[test]
    fn one_byte_order_mark_is_skipped() {
        let d = documents(b"\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"x\"}").unwrap();
        assert_eq!(d.docs[0].body, "x");
        assert!(documents(b"\xEF\xBB\xBF\xEF\xBB\xBF{}").is_err());
    }
}
