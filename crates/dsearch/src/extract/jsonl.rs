//! JSON Lines: one document per line with `id`, `title`, `text` or `body`, optional
//! `lang` and `url`. A bad line is reported with its number and skipped.

use serde::Deserialize;

use super::{Extracted, Warning};

#[derive(Deserialize)]
struct Line {
    id: Option<serde_json::Value>,
    title: Option<String>,
    text: Option<String>,
    body: Option<String>,
    lang: Option<String>,
    url: Option<String>,
}

/// Extracts the documents of a `.jsonl` file.
pub fn extract(text: &str, warnings: &mut Vec<Warning>) -> Vec<Extracted> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let n = i + 1;
        let parsed: Line = match serde_json::from_str(line) {
            Ok(l) => l,
            Err(e) => {
                warnings.push(Warning {
                    message: format!("line {n}: invalid JSON ({e}), skipped"),
                });
                continue;
            }
        };
        let id = match parsed.id {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(x)) => x.to_string(),
            Some(_) | None => n.to_string(),
        };
        let body = parsed.text.or(parsed.body).unwrap_or_default();
        let title = parsed.title.unwrap_or_default();
        if body.is_empty() && title.is_empty() {
            warnings.push(Warning {
                message: format!("line {n}: no `text`, `body` or `title`, skipped"),
            });
            continue;
        }
        let lang = parsed
            .lang
            .map(|l| l.trim().to_ascii_lowercase())
            .filter(|l| !l.is_empty());
        out.push(Extracted {
            id: Some(id),
            title,
            body,
            lang,
            url: parsed.url,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_bad_lines() {
        let text = "{\"id\":\"a\",\"title\":\"T\",\"text\":\"x\",\"lang\":\"VI\"}\n\nnot json\n{\"id\":7,\"body\":\"y\",\"url\":\"http://e\"}\n{\"id\":\"e\"}\n";
        let mut w = Vec::new();
        let docs = extract(text, &mut w);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id.as_deref(), Some("a"));
        assert_eq!(docs[0].lang.as_deref(), Some("vi"));
        assert_eq!(docs[1].id.as_deref(), Some("7"));
        assert_eq!(docs[1].body, "y");
        assert_eq!(docs[1].url.as_deref(), Some("http://e"));
        assert_eq!(w.len(), 2);
        assert!(w[0].message.starts_with("line 3:"), "{}", w[0].message);
        assert!(w[1].message.starts_with("line 5:"), "{}", w[1].message);
    }
}
