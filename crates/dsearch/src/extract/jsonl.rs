//! JSON Lines: one document per line with `id`, `title`, `text` or `body` (not both),
//! optional `lang` and `url`; every other key is metadata (text, numbers, ISO 8601
//! dates, or lists of them). A bad line is reported with its number and skipped. Files
//! are read line by line ([`parse_line`]), so a JSONL file of any size is indexed in
//! flat memory.

use serde_json::{Map, Value};

use super::{Extracted, Warning};
use crate::analysis::detect::language_code;
use crate::document::FieldValue;

/// The keys a line's document is made of; all others are metadata.
const KEYS: [&str; 6] = ["id", "title", "text", "body", "lang", "url"];

/// The id a record gives: text or a number (`"id": 7` is `7`), `None` when it gives
/// none (absent or null). An empty one, or another value, would name no document that
/// can be fetched: the error says which (a file's line then takes its own id, `#LINE`,
/// with a warning; the server refuses it).
pub fn id(value: Option<&Value>) -> Result<Option<String>, &'static str> {
    match value {
        Some(Value::String(s)) if s.len() > crate::document::MAX_ID_BYTES => {
            Err("`id` is longer than 65,530 bytes")
        }
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.clone())),
        Some(Value::Number(x)) => Ok(Some(x.to_string())),
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(_)) => Err("`id` is empty"),
        Some(_) => Err("`id` is not text or a number"),
    }
}

/// The document of line number `n` (1-based), `Ok(None)` for a blank line.
pub fn parse_line(line: &str, n: usize) -> Result<Option<Extracted>, Warning> {
    let line = line.trim();
    if line.is_empty() {
        return Ok(None);
    }
    let warn = |message: String| Warning { message };
    let object: Map<String, Value> = match serde_json::from_str(line) {
        Ok(Value::Object(o)) => o,
        Ok(_) => return Err(warn(format!("line {n}: not a JSON object, skipped"))),
        Err(e) => return Err(warn(format!("line {n}: invalid JSON ({e}), skipped"))),
    };
    // Keeping one of them would hide the writer's mistake. A null one is absent, as
    // for metadata.
    let given = |key: &str| object.get(key).is_some_and(|v| !v.is_null());
    if given("text") && given("body") {
        return Err(warn(format!(
            "line {n}: holds both `text` and `body` (give one of them), skipped"
        )));
    }
    // A value that is not text (a number, an object, a list, true) is ignored with a
    // warning, not silently: `"text": 42` is mostly a writer's mistake.
    let text = |key: &str| match object.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    let not_text: Vec<&str> = ["title", "text", "body", "lang", "url"]
        .into_iter()
        .filter(|&k| {
            object
                .get(k)
                .is_some_and(|v| !(v.is_string() || v.is_null()))
        })
        .collect();
    let (id, id_warning) = match id(object.get("id")) {
        Ok(id) => (id, None),
        Err(why) => (
            None,
            Some(format!("line {n}: {why}, the line's id is used")),
        ),
    };
    let body = text("text").or_else(|| text("body")).unwrap_or_default();
    let title = text("title").unwrap_or_default();
    if body.is_empty() && title.is_empty() {
        return Err(warn(match not_text.as_slice() {
            [] => format!("line {n}: no `text`, `body` or `title`, skipped"),
            [key] => format!(
                "line {n}: no `text`, `body` or `title` that is text (`{key}` is not), skipped"
            ),
            keys => format!(
                "line {n}: no `text`, `body` or `title` that is text (`{}` are not), skipped",
                keys.join("` and `")
            ),
        }));
    }
    let mut doc = Extracted {
        id,
        title,
        body,
        url: text("url"),
        ..Extracted::default()
    };
    if let Some(message) = id_warning {
        doc.warnings.push(Warning { message });
    }
    for key in not_text {
        doc.warnings.push(Warning {
            message: format!("line {n}: `{key}` is not text (a string), ignored"),
        });
    }
    if let Some(l) = text("lang").filter(|l| !l.trim().is_empty()) {
        match language_code(&l) {
            Some(code) => doc.lang = Some(code.to_string()),
            None => doc.warnings.push(Warning {
                message: format!(
                    "line {n}: `lang` {l:?} names no language (an ISO 639 code such as vi, zh, ja, or a name), detected from the text instead"
                ),
            }),
        }
    }
    for (key, value) in object {
        if KEYS.contains(&key.as_str()) {
            continue;
        }
        match FieldValue::from_json(&value) {
            Some(v) => {
                doc.fields.insert(key, v);
            }
            None if value.is_null() => {}
            None => doc.warnings.push(Warning {
                message: format!(
                    "line {n}: field `{key}` is not text, a number, a date or a list of them, ignored"
                ),
            }),
        }
    }
    Ok(Some(doc))
}

/// Extracts the documents of a whole `.jsonl` text (tests and small files; indexing
/// streams lines through [`parse_line`]).
pub fn extract(text: &str, warnings: &mut Vec<Warning>) -> Vec<Extracted> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        match parse_line(line, i + 1) {
            Ok(Some(mut d)) => {
                warnings.append(&mut d.warnings);
                out.push(d);
            }
            Ok(None) => {}
            Err(w) => warnings.push(w),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_bad_lines() {
        let text = "{\"id\":\"a\",\"title\":\"T\",\"text\":\"x\",\"lang\":\"VI\"}\n\nnot json\n{\"id\":7,\"body\":\"y\",\"url\":\"http://e\"}\n{\"id\":\"e\"}\n[1]\n";
        let mut w = Vec::new();
        let docs = extract(text, &mut w);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id.as_deref(), Some("a"));
        assert_eq!(docs[0].lang.as_deref(), Some("vi"));
        assert_eq!(docs[1].id.as_deref(), Some("7"));
        assert_eq!(docs[1].body, "y");
        assert_eq!(docs[1].url.as_deref(), Some("http://e"));
        let lines: Vec<&str> = w.iter().map(|w| &w.message[..7]).collect();
        assert_eq!(lines, ["line 3:", "line 5:", "line 6:"]);
    }

    #[test]
    fn a_line_with_both_text_and_body_is_refused() {
        for line in [
            r#"{"id":"a","text":"x","body":"y"}"#,
            r#"{"id":"a","text":"","body":""}"#,
            r#"{"id":"a","title":"t","text":"x","body":3}"#,
        ] {
            let w = parse_line(line, 9).expect_err(line);
            assert_eq!(
                w.message,
                "line 9: holds both `text` and `body` (give one of them), skipped"
            );
        }
        for (line, body) in [
            (r#"{"id":"a","text":null,"body":"y"}"#, "y"),
            (r#"{"id":"a","text":"x","body":null}"#, "x"),
        ] {
            assert_eq!(parse_line(line, 1).unwrap().unwrap().body, body, "{line}");
        }
    }

    #[test]
    fn values_that_are_not_text_are_said_to_be_ignored() {
        for (line, key) in [
            (r#"{"id":"a","title":"T","text":12345}"#, "text"),
            (r#"{"id":"a","title":"T","text":{"x":1}}"#, "text"),
            (r#"{"id":"a","title":["T"],"body":"x"}"#, "title"),
            (r#"{"id":"a","text":"x","url":7}"#, "url"),
        ] {
            let d = parse_line(line, 2).unwrap().unwrap();
            let messages: Vec<&str> = d.warnings.iter().map(|w| w.message.as_str()).collect();
            assert_eq!(
                messages,
                [format!("line 2: `{key}` is not text (a string), ignored")],
                "{line}"
            );
        }
        let w = parse_line(r#"{"id":"a","text":[1,2],"title":true}"#, 3).expect_err("skipped");
        assert_eq!(
            w.message,
            "line 3: no `text`, `body` or `title` that is text (`title` and `text` are not), skipped"
        );
        let w = parse_line(r#"{"id":"a","body":{}}"#, 4).expect_err("skipped");
        assert_eq!(
            w.message,
            "line 4: no `text`, `body` or `title` that is text (`body` is not), skipped"
        );
    }

    #[test]
    fn languages_are_read_as_codes_or_detected() {
        for (lang, code) in [
            ("Vietnamese", Some("vi")),
            ("zh-Hant", Some("zh")),
            ("xx", None),
        ] {
            let line = format!(r#"{{"id":"a","text":"x","lang":"{lang}"}}"#);
            let d = parse_line(&line, 4).unwrap().unwrap();
            assert_eq!(d.lang.as_deref(), code, "{lang}");
            assert_eq!(d.warnings.len(), usize::from(code.is_none()), "{lang}");
        }
        let d = parse_line(r#"{"id":"a","text":"x","lang":"xx"}"#, 4)
            .unwrap()
            .unwrap();
        assert!(
            d.warnings[0].message.starts_with("line 4: `lang` \"xx\""),
            "{:?}",
            d.warnings
        );
    }

    #[test]
    fn other_keys_are_metadata() {
        let line = r#"{"id":"n1","text":"x","source":"vov","date":"2024-03-05","pages":3,"tags":["a","b"],"extra":{"x":1},"none":null}"#;
        let d = parse_line(line, 1).unwrap().unwrap();
        assert_eq!(d.fields["source"], FieldValue::Text("vov".into()));
        assert!(matches!(d.fields["date"], FieldValue::Date(_)));
        assert_eq!(d.fields["pages"], FieldValue::Number(3.0));
        assert_eq!(d.fields["tags"].values().len(), 2);
        assert!(!d.fields.contains_key("extra") && !d.fields.contains_key("none"));
        assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
        assert!(d.warnings[0].message.contains("`extra`"));
    }

    #[test]
    fn an_empty_or_odd_id_gives_way_to_the_line_s() {
        for (line, said) in [
            (
                r#"{"id":"","text":"x"}"#,
                "line 3: `id` is empty, the line's id is used",
            ),
            (
                r#"{"id":"  ","text":"x"}"#,
                "line 3: `id` is empty, the line's id is used",
            ),
            (
                r#"{"id":true,"text":"x"}"#,
                "line 3: `id` is not text or a number, the line's id is used",
            ),
            (
                r#"{"id":["a"],"text":"x"}"#,
                "line 3: `id` is not text or a number, the line's id is used",
            ),
        ] {
            let d = parse_line(line, 3).unwrap().unwrap();
            assert_eq!(d.id, None, "{line}");
            let warnings: Vec<&str> = d.warnings.iter().map(|w| w.message.as_str()).collect();
            assert_eq!(warnings, [said], "{line}");
        }
        let d = parse_line(r#"{"id":null,"text":"x"}"#, 3).unwrap().unwrap();
        assert!(d.id.is_none() && d.warnings.is_empty());
    }
}
