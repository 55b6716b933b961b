//! Turning files into documents: one module per input format, chosen by extension.
//!
//! **Invariant:** extraction never fails on bad content: broken HTML, invalid UTF-8 and
//! bad JSONL lines give documents plus [`Warning`]s; only I/O errors are errors.

pub mod encoding;
pub mod html;
pub mod jsonl;
pub mod markdown;
pub mod txt;

use std::path::Path;

use crate::document::Fields;

/// A document extracted from a file, before analysis.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extracted {
    /// The JSONL document's `id`; `None` for whole-file formats.
    pub id: Option<String>,
    /// The title.
    pub title: String,
    /// The body text.
    pub body: String,
    /// A language given by the source (JSONL `lang`), overriding detection.
    pub lang: Option<String>,
    /// A URL given by the source (JSONL `url`).
    pub url: Option<String>,
    /// Metadata: JSONL keys besides the above, an HTML page's `<meta>` author and date.
    pub fields: Fields,
    /// Problems with this document that did not stop it from being indexed.
    pub warnings: Vec<Warning>,
}

/// A problem met while extracting that did not stop the file from being indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// One line, without the file name (the caller adds it).
    pub message: String,
}

/// The input formats dsearch reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`: title is the first non-empty line.
    Text,
    /// `.md`, `.markdown`: title is the first heading.
    Markdown,
    /// `.html`, `.htm`: title from `<title>` or the first `<h1>`.
    Html,
    /// `.jsonl`: one document per line.
    JsonLines,
}

impl Format {
    /// The format of `path`, from its extension; `None` for files dsearch skips.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "jsonl" => Some(Format::JsonLines),
            _ => None,
        }
    }
}

/// Decodes bytes as UTF-8, lossily (a JSONL line; whole files go through
/// [`encoding::decode_file`]); the flag tells whether bytes were replaced.
pub fn decode(bytes: &[u8]) -> (String, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), false),
        Err(_) => (String::from_utf8_lossy(bytes).into_owned(), true),
    }
}

/// True when `bytes` look binary: a NUL byte in the first 8 KiB, unless they start
/// with a UTF-16 byte order mark (UTF-16 text is full of NUL bytes).
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if has_utf16_bom(head) {
        return !utf16_text(head);
    }
    head.contains(&0)
}

/// True when `head`, which starts with a UTF-16 byte order mark, reads as text: no
/// NUL, no control characters but whitespace, no unpaired surrogate (UTF-32 with its
/// byte order mark, or binary data that happens to start with one, does not).
fn utf16_text(head: &[u8]) -> bool {
    let Some((enc, bom)) = encoding_rs::Encoding::for_bom(head) else {
        return false;
    };
    // Whole code units, and not the last one (it may be half a surrogate pair).
    let body = &head[bom..];
    let body = &body[..(body.len() / 2).saturating_sub(1) * 2];
    let (text, errors) = enc.decode_without_bom_handling(body);
    !errors
        && !text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
}

/// True when `bytes` start with a UTF-16 byte order mark (little or big endian).
pub fn has_utf16_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}

/// Extracts the documents of a file's text.
pub fn extract(format: Format, text: &str, warnings: &mut Vec<Warning>) -> Vec<Extracted> {
    match format {
        Format::Text => vec![txt::extract(text)],
        Format::Markdown => vec![markdown::extract(text)],
        Format::Html => vec![html::extract(text)],
        Format::JsonLines => jsonl::extract(text, warnings),
    }
}
